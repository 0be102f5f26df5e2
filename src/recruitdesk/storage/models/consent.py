"""What the consent rules keep of people erased on their request: a keyed hash only."""

from sqlalchemy import (
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from recruitdesk.storage.models.base import (
    Base,
)


class Suppression(Base):
    """Someone erased on their request whom sourcing must never add again: a keyed hash
    of one of their identifiers (a login or an e-mail address) and which key made it;
    nothing else of them."""

    __tablename__ = "suppressions"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    key_id: Mapped[str] = mapped_column(String(16))

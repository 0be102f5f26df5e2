"""Sourcing's background runs and the GitHub answers they keep for conditional
requests."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from recruitdesk.storage.models.base import Base


class GitHubCacheEntry(Base):
    """GitHub's last answer to one URL and its ``ETag``: asked again with
    ``If-None-Match``, an unchanged answer is a ``304`` that costs nothing against the
    rate limit, and the body comes from here."""

    __tablename__ = "github_cache"

    url: Mapped[str] = mapped_column(String(500), primary_key=True)
    etag: Mapped[str] = mapped_column(String(200))
    body: Mapped[Any] = mapped_column(JSON)
    stored_at: Mapped[datetime]


class SourcingRun(Base):
    """One sourcing (a repository's contributors or a user search) and how far it got:
    the listing page reached, the people listed, the profiles read. A run stopped by a
    quit or a cancel starts again from there; a finished one is dropped."""

    __tablename__ = "sourcing_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    target: Mapped[str] = mapped_column(String(300))
    limit: Mapped[int] = mapped_column(Integer)
    position_id: Mapped[int | None] = mapped_column(ForeignKey("positions.id", ondelete="SET NULL"))
    state: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

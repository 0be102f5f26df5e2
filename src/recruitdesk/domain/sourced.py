"""A person found on GitHub by sourcing, as plain values every layer can hold: their
public profile and how they were found."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Profile:
    """What a person published on their GitHub profile."""

    login: str
    name: str | None
    location: str | None
    company: str | None
    blog: str | None
    bio: str | None
    #: Only the address shown on the profile; ``None`` when they show none.
    email: str | None
    hireable: bool | None
    followers: int
    public_repos: int
    created_at: datetime | None

    def account_age_days(self, now: datetime) -> int | None:
        return None if self.created_at is None else max(0, (now - self.created_at).days)

    def to_json(self, now: datetime) -> dict[str, Any]:
        return {
            "login": self.login,
            "name": self.name,
            "location": self.location,
            "company": self.company,
            "blog": self.blog,
            "bio": self.bio,
            "email": self.email,
            "hireable": self.hireable,
            "followers": self.followers,
            "public_repos": self.public_repos,
            "created_at": self.created_at.isoformat() if self.created_at else None,
            "account_age_days": self.account_age_days(now),
        }


@dataclass(frozen=True, slots=True)
class Found:
    """One person found, and how (``"contributor to fastapi/fastapi, 123 commits"``)."""

    profile: Profile
    source: str

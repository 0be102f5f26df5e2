"""What a candidate did in other people's projects, as the analysis result keeps it
(the ``contributions`` of docs/architecture.md, "The analysis"): merged pull requests
with their projects and how each description is written, reviews given, packages
maintained. Plain values; read back from a record, old analyses have none."""

from dataclasses import dataclass, field
from typing import Any

from recruitdesk.domain.contributions import Project, PullRequest
from recruitdesk.domain.open_source import ContributionFigures


@dataclass(frozen=True, slots=True)
class Package:
    """A package one of the candidate's repositories publishes, with its releases on
    PyPI (``None``: PyPI not asked or not reachable)."""

    name: str
    repo: str
    releases: int | None = None
    latest: str | None = None
    #: PyPI's ETag of the project's answer (record only).
    etag: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "repo": self.repo,
            "releases": self.releases,
            "latest": self.latest,
        }

    def to_record(self) -> dict[str, Any]:
        return {**self.to_json(), "etag": self.etag}

    @classmethod
    def from_record(cls, item: dict[str, Any]) -> "Package":
        releases = item.get("releases")
        return cls(
            name=str(item["name"]),
            repo=str(item.get("repo", "")),
            releases=None if releases is None else int(releases),
            latest=item.get("latest"),
            etag=item.get("etag"),
        )


@dataclass(frozen=True, slots=True)
class Contributions:
    """Merged pull requests (``merged_total`` is GitHub's count; ``pulls`` the most
    recent read), their projects by pull requests merged, reviews given, packages.
    ``notes`` say what could not be read; ``etags`` (record only) make the next
    reading conditional."""

    merged_total: int = 0
    pulls: tuple[PullRequest, ...] = ()
    projects: tuple[Project, ...] = ()
    reviews_total: int = 0
    reviewed: tuple[tuple[str, int], ...] = ()  # (repo, pull requests reviewed)
    packages: tuple[Package, ...] = ()
    notes: tuple[str, ...] = ()
    etags: dict[str, str] = field(default_factory=dict)

    def figures(self) -> ContributionFigures:
        """What :func:`recruitdesk.domain.open_source.open_source_score` reads."""
        return ContributionFigures(
            merged_total=self.merged_total,
            projects=self.projects,
            writings=[pull.writing for pull in self.pulls],
            reviews_total=self.reviews_total,
            reviewed_projects=len(self.reviewed),
            packages=[(p.name, p.releases or 0) for p in self.packages if p.releases],
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "merged_total": self.merged_total,
            "pulls": [pull.to_json() for pull in self.pulls],
            "projects": [project.to_json() for project in self.projects],
            "reviews_total": self.reviews_total,
            "reviewed": [{"repo": repo, "pulls": n} for repo, n in self.reviewed],
            "packages": [package.to_json() for package in self.packages],
            "notes": list(self.notes),
        }

    def to_record(self) -> dict[str, Any]:
        return {
            **self.to_json(),
            "packages": [package.to_record() for package in self.packages],
            "etags": dict(self.etags),
        }

    @classmethod
    def from_record(cls, record: dict[str, Any] | None) -> "Contributions | None":
        if not record:
            return None
        return cls(
            merged_total=int(record.get("merged_total", 0)),
            pulls=tuple(PullRequest.from_record(item) for item in record.get("pulls", ())),
            projects=tuple(Project.from_record(item) for item in record.get("projects", ())),
            reviews_total=int(record.get("reviews_total", 0)),
            reviewed=tuple(
                (str(item["repo"]), int(item.get("pulls", 0)))
                for item in record.get("reviewed", ())
            ),
            packages=tuple(Package.from_record(item) for item in record.get("packages", ())),
            notes=tuple(str(note) for note in record.get("notes", ())),
            etags={str(k): str(v) for k, v in dict(record.get("etags") or {}).items()},
        )

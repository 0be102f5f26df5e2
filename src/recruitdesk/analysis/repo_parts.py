"""The parts of one repository's analysis result (:class:`recruitdesk.analysis.result.RepoResult`):
its commits and authorship, skill evidence, tooling, file classes and the files left out.
Each serialises to its piece of the JSON of docs/architecture.md, "The analysis"."""

from dataclasses import asdict, dataclass
from typing import Any, Literal


@dataclass(frozen=True, slots=True)
class CommitStats:
    count: int = 0
    by_user: int = 0
    conventional_ratio: float = 0.0
    mean_subject_len: float = 0.0
    vague_ratio: float = 0.0
    #: Share of the user's changes of some size whose message has a body.
    body_ratio: float = 0.0
    #: The user's commits large enough to deserve a body.
    nontrivial: int = 0
    #: Calendar days (UTC) with a commit by the user, and days from their first to last.
    active_days: int = 0
    span_days: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> "CommitStats":
        return cls(
            count=int(record.get("count", 0)),
            by_user=int(record.get("by_user", 0)),
            conventional_ratio=float(record.get("conventional_ratio", 0.0)),
            mean_subject_len=float(record.get("mean_subject_len", 0.0)),
            vague_ratio=float(record.get("vague_ratio", 0.0)),
            body_ratio=float(record.get("body_ratio", 0.0)),
            nontrivial=int(record.get("nontrivial", 0)),
            active_days=int(record.get("active_days", 0)),
            span_days=float(record.get("span_days", 0.0)),
        )


@dataclass(frozen=True, slots=True)
class AuthorShare:
    """One main author of a repository: their commits and, when blamed, the share of
    today's lines they wrote."""

    name: str
    commits: int
    commits_share: float
    lines_share: float | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Authorship:
    """Whose code a repository's figures are. ``candidate`` holds who the analysis is
    about (the ``--author`` names or addresses, or the GitHub login); empty, it covers
    everyone's code. ``share`` is the candidate's share of today's lines
    (``basis`` "lines", from git blame) or of the commits ("commits", on GitHub).
    Blame is bounded in time: ``files_blamed`` of ``files_total`` Python files were
    read, ``sampled`` when not all of them."""

    candidate: tuple[str, ...] = ()
    share: float | None = None
    basis: Literal["lines", "commits"] = "lines"
    main_authors: tuple[AuthorShare, ...] = ()
    files_blamed: int = 0
    files_total: int = 0
    sampled: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "candidate": list(self.candidate),
            "share": self.share,
            "basis": self.basis,
            "main_authors": [author.to_json() for author in self.main_authors],
            "files_blamed": self.files_blamed,
            "files_total": self.files_total,
            "sampled": self.sampled,
        }

    @classmethod
    def from_record(cls, record: dict[str, Any] | None) -> "Authorship | None":
        if not record:
            return None
        return cls(
            candidate=tuple(record.get("candidate", ())),
            share=None if record.get("share") is None else float(record["share"]),
            basis="commits" if record.get("basis") == "commits" else "lines",
            main_authors=tuple(
                AuthorShare(
                    name=str(item["name"]),
                    commits=int(item["commits"]),
                    commits_share=float(item["commits_share"]),
                    lines_share=None
                    if item.get("lines_share") is None
                    else float(item["lines_share"]),
                )
                for item in record.get("main_authors", ())
            ),
            files_blamed=int(record.get("files_blamed", 0)),
            files_total=int(record.get("files_total", 0)),
            sampled=bool(record.get("sampled", False)),
        )


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why one skill was seen: the repository, the file and the reason."""

    repo: str
    path: str
    why: str

    def to_json(self) -> dict[str, str]:
        return {"repo": self.repo, "path": self.path, "why": self.why}


@dataclass(frozen=True, slots=True)
class RepoEvidence:
    """A skill seen in one repository (kept with the repository so a reused result
    still proves its skills)."""

    skill: str
    path: str
    why: str


#: Tooling kinds of checkers (linters, type checkers, formatters): each also counts as
#: "linters" and as ``tool:NAME`` in :attr:`RepoResult.tooling_kinds`.
CHECKER_KINDS = ("linters", "type_checkers", "formatters")


@dataclass(frozen=True, slots=True)
class ToolingFound:
    """One piece of tooling (a CI service, a linter, a lock file) and the file that
    shows it."""

    kind: str
    name: str
    path: str

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "name": self.name, "path": self.path}

    @classmethod
    def from_record(cls, item: Any) -> "ToolingFound":
        if isinstance(item, str):  # a record from before tooling named its files
            if item.startswith("tool:"):
                return cls("linters", item.removeprefix("tool:"), "")
            return cls(item, "", "")
        return cls(str(item["kind"]), str(item["name"]), str(item["path"]))


@dataclass(frozen=True, slots=True)
class ClassFigures:
    """How many Python files, and physical lines, one class of files holds
    (:mod:`.file_classes`: code, tests, examples, docs, vendored, generated)."""

    name: str
    files: int = 0
    lines: int = 0


@dataclass(frozen=True, slots=True)
class SkippedFile:
    """A Python file of the candidate's that was not measured, and why."""

    path: str
    why: str


@dataclass(frozen=True, slots=True)
class ExcludedFiles:
    """A folder or file left out of the candidate's figures (vendored or generated)."""

    path: str
    file_class: str
    why: str
    files: int

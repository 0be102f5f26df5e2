"""The analysis result: dataclasses that serialise to the JSON of docs/architecture.md,
"The analysis".

:meth:`AnalysisResult.to_json` gives exactly the fields of "The analysis result".
:meth:`AnalysisResult.to_record` adds what a later re-analysis needs to reuse a
repository without fetching it again (its ETag, skill evidence, skipped files);
storage keeps that superset, and :meth:`RepoResult.from_record` reads it back.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from recruitdesk.analysis.contribution_parts import Contributions
from recruitdesk.analysis.repo_parts import (
    CHECKER_KINDS,
    Authorship,
    ClassFigures,
    CommitStats,
    Evidence,
    ExcludedFiles,
    RepoEvidence,
    SkippedFile,
    ToolingFound,
)

#: 2: a score that cannot be judged is absent from ``scores``; ``score_evidence`` says what
#: each rests on; repositories carry their file classes, tests, blocks, tooling with its
#: files and authorship (docs/architecture.md, "The analysis").
SCHEMA_VERSION = 2

Source = Literal["github", "path"]


@dataclass(frozen=True, slots=True)
class RepoResult:
    name: str
    url: str | None = None
    fork: bool = False
    stars: int = 0
    pushed_at: str | None = None
    files: int = 0
    sloc: int = 0
    cc_mean: float = 0.0
    cc_max: int = 0
    mi_mean: float = 0.0
    functions: int = 0
    typed_functions_ratio: float = 0.0
    docstring_ratio: float = 0.0
    test_files: int = 0
    has_tests: bool = False
    has_ci: bool = False
    has_readme: bool = False
    frameworks: tuple[str, ...] = ()
    python_features: tuple[str, ...] = ()
    py2_files: int = 0
    parse_errors: int = 0
    commits: CommitStats = field(default_factory=CommitStats)
    #: Each class's files and lines; ``sloc`` to ``python_features`` cover code only.
    file_classes: tuple[ClassFigures, ...] = ()
    #: Share of the Python lines that are someone else's code.
    vendored_share: float = 0.0
    test_cases: int = 0
    assertions: int = 0
    test_frameworks: tuple[str, ...] = ()
    #: Functions, methods and classes measured (radon's blocks), those more complex than
    #: 10 and than 20, and the public definitions docstrings are counted over.
    blocks: int = 0
    complex_blocks: int = 0
    very_complex_blocks: int = 0
    public_definitions: int = 0
    #: Code modules typed through a ``.pyi`` stub beside them.
    stub_typed_modules: int = 0
    skipped: tuple[SkippedFile, ...] = ()
    excluded: tuple[ExcludedFiles, ...] = ()
    tooling: tuple[ToolingFound, ...] = ()
    authorship: Authorship | None = None
    #: The distribution its packaging declares (``pyproject.toml``, ``setup.cfg``...).
    package: str | None = None
    # Kept for re-analysis and scoring; not part of the JSON.
    etag: str | None = None
    skipped_files: int = 0
    evidence: tuple[RepoEvidence, ...] = ()
    has_history: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "url": self.url,
            "fork": self.fork,
            "stars": self.stars,
            "pushed_at": self.pushed_at,
            "files": self.files,
            "sloc": self.sloc,
            "cc_mean": self.cc_mean,
            "cc_max": self.cc_max,
            "mi_mean": self.mi_mean,
            "functions": self.functions,
            "typed_functions_ratio": self.typed_functions_ratio,
            "docstring_ratio": self.docstring_ratio,
            "test_files": self.test_files,
            "has_tests": self.has_tests,
            "has_ci": self.has_ci,
            "has_readme": self.has_readme,
            "frameworks": list(self.frameworks),
            "python_features": list(self.python_features),
            "py2_files": self.py2_files,
            "parse_errors": self.parse_errors,
            "commits": self.commits.to_json(),
            "file_classes": {
                item.name: {"files": item.files, "lines": item.lines} for item in self.file_classes
            },
            "vendored_share": self.vendored_share,
            "test_cases": self.test_cases,
            "assertions": self.assertions,
            "test_frameworks": list(self.test_frameworks),
            "blocks": self.blocks,
            "complex_blocks": self.complex_blocks,
            "very_complex_blocks": self.very_complex_blocks,
            "public_definitions": self.public_definitions,
            "stub_typed_modules": self.stub_typed_modules,
            "skipped": [{"path": item.path, "why": item.why} for item in self.skipped],
            "excluded": [
                {"path": item.path, "class": item.file_class, "why": item.why, "files": item.files}
                for item in self.excluded
            ],
            "tooling": [item.to_json() for item in self.tooling],
            "authorship": None if self.authorship is None else self.authorship.to_json(),
            "package": self.package,
        }

    @property
    def tooling_kinds(self) -> tuple[str, ...]:
        """The kinds of tooling found, as scoring reads them: ``ci``, ``linters``, ...,
        and ``tool:NAME`` for each checker."""
        kinds = {item.kind for item in self.tooling}
        checkers = [item for item in self.tooling if item.kind in CHECKER_KINDS]
        # pre-commit runs checkers, it is none; an old record's kinds name no tool.
        kinds.update(f"tool:{c.name}" for c in checkers if c.name not in ("", "pre-commit"))
        if checkers:
            kinds.add("linters")
        return tuple(sorted(kinds))

    def to_record(self) -> dict[str, Any]:
        record = self.to_json()
        record.update(
            etag=self.etag,
            skipped_files=self.skipped_files,
            evidence=[
                {"skill": item.skill, "path": item.path, "why": item.why} for item in self.evidence
            ],
            has_history=self.has_history,
        )
        return record

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> "RepoResult":
        """Read back :meth:`to_record` (or the JSON subset of it)."""
        commits = record.get("commits") or {}
        return cls(
            name=str(record["name"]),
            url=record.get("url"),
            fork=bool(record.get("fork", False)),
            stars=int(record.get("stars", 0)),
            pushed_at=record.get("pushed_at"),
            files=int(record.get("files", 0)),
            sloc=int(record.get("sloc", 0)),
            cc_mean=float(record.get("cc_mean", 0.0)),
            cc_max=int(record.get("cc_max", 0)),
            mi_mean=float(record.get("mi_mean", 0.0)),
            functions=int(record.get("functions", 0)),
            typed_functions_ratio=float(record.get("typed_functions_ratio", 0.0)),
            docstring_ratio=float(record.get("docstring_ratio", 0.0)),
            test_files=int(record.get("test_files", 0)),
            has_tests=bool(record.get("has_tests", False)),
            has_ci=bool(record.get("has_ci", False)),
            has_readme=bool(record.get("has_readme", False)),
            frameworks=tuple(record.get("frameworks", ())),
            python_features=tuple(record.get("python_features", ())),
            py2_files=int(record.get("py2_files", 0)),
            parse_errors=int(record.get("parse_errors", 0)),
            commits=CommitStats.from_record(commits),
            authorship=Authorship.from_record(record.get("authorship")),
            file_classes=tuple(
                ClassFigures(str(name), int(item.get("files", 0)), int(item.get("lines", 0)))
                for name, item in (record.get("file_classes") or {}).items()
            ),
            vendored_share=float(record.get("vendored_share", 0.0)),
            test_cases=int(record.get("test_cases", 0)),
            assertions=int(record.get("assertions", 0)),
            blocks=int(record.get("blocks", 0)),
            complex_blocks=int(record.get("complex_blocks", 0)),
            very_complex_blocks=int(record.get("very_complex_blocks", 0)),
            public_definitions=int(record.get("public_definitions", 0)),
            stub_typed_modules=int(record.get("stub_typed_modules", 0)),
            skipped=tuple(
                SkippedFile(str(item["path"]), str(item["why"]))
                for item in record.get("skipped", ())
            ),
            excluded=tuple(
                ExcludedFiles(
                    str(item["path"]), str(item["class"]), str(item["why"]), int(item["files"])
                )
                for item in record.get("excluded", ())
            ),
            etag=record.get("etag"),
            tooling=tuple(ToolingFound.from_record(item) for item in record.get("tooling", ())),
            test_frameworks=tuple(record.get("test_frameworks", ())),
            skipped_files=int(record.get("skipped_files", 0)),
            evidence=tuple(
                RepoEvidence(str(item["skill"]), str(item["path"]), str(item["why"]))
                for item in record.get("evidence", ())
            ),
            has_history=bool(record.get("has_history", False)),
            package=record.get("package"),
        )


@dataclass(frozen=True, slots=True)
class Skill:
    name: str
    confidence: float
    evidence: tuple[Evidence, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "confidence": self.confidence,
            "evidence": [item.to_json() for item in self.evidence],
        }


@dataclass(frozen=True, slots=True)
class RedFlag:
    code: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


@dataclass(frozen=True, slots=True)
class AnalysisResult:
    source: Source
    login: str | None
    path: str | None
    analyzed_at: datetime
    api_requests: int
    repos: tuple[RepoResult, ...]
    scores: dict[str, float]
    skills: tuple[Skill, ...]
    red_flags: tuple[RedFlag, ...]
    track: str | None
    explanations: dict[str, list[str]]
    #: The ETag of the first page of the user's repository listing (GitHub only).
    listing_etag: str | None = None
    #: Score name -> ``{"amount", "unit"}``: the evidence each score rests on.
    score_evidence: dict[str, dict[str, object]] = field(default_factory=dict)
    #: Work in other people's projects (GitHub only; ``None``: not looked for).
    contributions: Contributions | None = None

    def to_json(self) -> dict[str, Any]:
        """Exactly the JSON of docs/architecture.md, "The analysis"."""
        return {
            "schema": SCHEMA_VERSION,
            "source": self.source,
            "login": self.login,
            "path": self.path,
            "analyzed_at": self.analyzed_at.isoformat(),
            "api_requests": self.api_requests,
            "repos": [repo.to_json() for repo in self.repos],
            "scores": dict(self.scores),
            "skills": [skill.to_json() for skill in self.skills],
            "red_flags": [flag.to_json() for flag in self.red_flags],
            "track": self.track,
            "explanations": {name: list(lines) for name, lines in self.explanations.items()},
            "score_evidence": {name: dict(item) for name, item in self.score_evidence.items()},
            "contributions": None if self.contributions is None else self.contributions.to_json(),
        }

    def to_record(self) -> dict[str, Any]:
        """The JSON plus what re-analysis needs (see the module's docstring)."""
        record = self.to_json()
        record["repos"] = [repo.to_record() for repo in self.repos]
        record["listing_etag"] = self.listing_etag
        if self.contributions is not None:
            record["contributions"] = self.contributions.to_record()
        return record

"""What scoring reads of one repository: the figures of the analysis result's repository
entry, as plain values (:mod:`recruitdesk.analysis.engine` makes them)."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RepoFigures:
    """What scoring needs of one repository (the analysis result's repo entry)."""

    name: str
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
    python_features: tuple[str, ...] = ()
    py2_files: int = 0
    parse_errors: int = 0
    has_history: bool = False
    commit_count: int = 0
    commits_by_user: int = 0
    conventional_ratio: float = 0.0
    mean_subject_len: float = 0.0
    vague_ratio: float = 0.0
    body_ratio: float = 0.0
    nontrivial_commits: int = 0
    active_days: int = 0
    span_days: float = 0.0
    #: Whether the commit figures are everyone's (no author was named).
    commits_of_everyone: bool = False
    #: The candidate's share of the repository (lines or commits); it weighs that much.
    authored_share: float = 1.0
    tooling: tuple[str, ...] = ()
    skipped_files: int = 0
    test_cases: int = 0
    assertions: int = 0
    test_frameworks: tuple[str, ...] = ()
    #: Radon's blocks (functions, methods, classes), and those more complex than 10 and
    #: than 20.
    blocks: int = 0
    complex_blocks: int = 0
    very_complex_blocks: int = 0
    public_definitions: int = 0
    stub_typed_modules: int = 0

    @property
    def weight(self) -> float:
        """How much the repository counts among the candidate's: its lines of code times
        the candidate's share of them (at least one)."""
        return max(1.0, self.sloc * self.authored_share)

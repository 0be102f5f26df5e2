"""What a write changed, as a small value (DESIGN.md convention 4, after Anki's
``OpChanges``).

Every storage operation that changes data returns a :class:`Changes`; the GUI sends it
on one app-wide signal, and each view refreshes only what it shows.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Changes:
    """The ids of the rows a write touched, by kind."""

    candidates: frozenset[int] = field(default_factory=frozenset)
    positions: frozenset[int] = field(default_factory=frozenset)
    applications: frozenset[int] = field(default_factory=frozenset)
    analyses: frozenset[int] = field(default_factory=frozenset)
    jobs: frozenset[int] = field(default_factory=frozenset)
    #: Set when so much changed (an import, the demo) that every view should reload.
    everything: bool = False

    def __or__(self, other: "Changes") -> "Changes":
        return Changes(
            candidates=self.candidates | other.candidates,
            positions=self.positions | other.positions,
            applications=self.applications | other.applications,
            analyses=self.analyses | other.analyses,
            jobs=self.jobs | other.jobs,
            everything=self.everything or other.everything,
        )

    def __bool__(self) -> bool:
        return self.everything or bool(
            self.candidates or self.positions or self.applications or self.analyses or self.jobs
        )

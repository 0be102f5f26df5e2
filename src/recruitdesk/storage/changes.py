"""What a write changed, as a small value (docs/architecture.md, "The change signal";
after Anki's ``OpChanges``).

Every storage operation that changes data returns a :class:`Changes`; the GUI sends it
on one app-wide signal, and each view refreshes only what it shows. A change carries its
*initiator* (the view or operation that made it, any object): a view that sees itself
there has already shown the change and skips the reload (``changes.initiator is self``).
"""

from dataclasses import dataclass, field, replace


@dataclass(frozen=True, slots=True)
class Changes:
    """The ids of the rows a write touched, by kind."""

    candidates: frozenset[int] = field(default_factory=frozenset)
    positions: frozenset[int] = field(default_factory=frozenset)
    applications: frozenset[int] = field(default_factory=frozenset)
    analyses: frozenset[int] = field(default_factory=frozenset)
    jobs: frozenset[int] = field(default_factory=frozenset)
    clients: frozenset[int] = field(default_factory=frozenset)
    #: Set when so much changed (an import, the demo) that every view should reload.
    everything: bool = False
    #: Who made the change; compared by identity, never stored or sent between threads.
    initiator: object | None = field(default=None, compare=False, repr=False)

    def made_by(self, initiator: object | None) -> "Changes":
        """The same change, marked as made by ``initiator``."""
        return replace(self, initiator=initiator)

    def __or__(self, other: "Changes") -> "Changes":
        return Changes(
            candidates=self.candidates | other.candidates,
            positions=self.positions | other.positions,
            applications=self.applications | other.applications,
            analyses=self.analyses | other.analyses,
            jobs=self.jobs | other.jobs,
            clients=self.clients | other.clients,
            everything=self.everything or other.everything,
            initiator=self.initiator if self.initiator is other.initiator else None,
        )

    def __bool__(self) -> bool:
        return self.everything or bool(
            self.candidates
            or self.positions
            or self.applications
            or self.analyses
            or self.jobs
            or self.clients
        )

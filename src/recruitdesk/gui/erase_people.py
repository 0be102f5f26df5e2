"""Erasing candidates from the app: the question, and the erasure in the background.

An erasure reaches every table, the search index and the app's own backups, which can
take seconds, so it runs through :class:`~recruitdesk.gui.operations.Operations`. When
the person asked to be erased (the default answer), a keyed hash of their login and
e-mail is kept so sourcing never adds them again (``storage/suppression.py``), and
nothing else of them."""

from collections.abc import Callable, Sequence
from enum import Enum

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QCheckBox, QMessageBox, QWidget

from recruitdesk.gui.operations import Operations
from recruitdesk.progress import Progress
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.erasure import erase_candidates
from recruitdesk.storage.suppression import erase_on_request
from recruitdesk.tokens import suppression_key


class EraseChoice(Enum):
    #: They asked: erase, and keep them off later sourcing.
    ON_REQUEST = "on_request"
    #: Erase only (a duplicate, a test record, lapsed retention).
    ONLY = "only"


def ask_erase(parent: QWidget, who: str) -> EraseChoice | None:
    """Ask before erasing ``who``; ``None`` when the user cancels."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Delete candidates",
        f"Delete {who} everywhere: their cards, history, notes, scorecards, analyses and "
        "messages, also in the backups the app made? This cannot be undone.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    asked = QCheckBox("They asked to be erased: never add them again when sourcing")
    asked.setChecked(True)
    box.setCheckBox(asked)
    if box.exec() != QMessageBox.StandardButton.Yes:
        return None
    return EraseChoice.ON_REQUEST if asked.isChecked() else EraseChoice.ONLY


def erase_in_background(
    operations: Operations,
    owner: QObject,
    database: Database,
    candidate_ids: Sequence[int],
    choice: EraseChoice,
    on_done: Callable[[], None],
) -> int:
    """Erase the candidates off the GUI thread; a refusal (no keyring for the hashes)
    reaches the status bar in one sentence and erases nothing."""
    wanted = list(candidate_ids)

    def work(_progress: Progress) -> Changes:
        if choice is EraseChoice.ON_REQUEST:
            key = suppression_key(create=True)
            if key is not None:
                return erase_on_request(database, wanted, key)
        return erase_candidates(database, wanted)

    return operations.write(owner, work, lambda _changes: on_done(), title="Deleting candidates")

"""The Kanban board: models, drag and drop, refused moves, reasons, undo, filter, keys."""

from gui_helpers import Sample, drag, names, settled
from PySide6.QtCore import QMimeData, QModelIndex, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QListView
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select, text

from recruitdesk.domain.pipeline import Stage
from recruitdesk.gui.board.card_model import (
    CARD_MIME_TYPE,
    ApplicationIdRole,
    CardRole,
    decode_ids,
    encode_ids,
)
from recruitdesk.gui.board.kanban_board import KanbanBoard
from recruitdesk.gui.board.reason_dialog import ReasonDialog
from recruitdesk.storage.board.cards import Card, read_cards
from recruitdesk.storage.candidates import update_candidate
from recruitdesk.storage.erasure import erase_candidate
from recruitdesk.storage.models.pipeline import Application, StageChange


def stage_in_db(sample: Sample, name: str) -> str:
    return read_cards(sample.database, [sample.cards[name]])[0].stage


def history_rows(sample: Sample) -> int:
    with sample.database.read() as session:
        return session.scalar(select(func.count()).select_from(StageChange)) or 0


def test_every_column_model_passes_the_model_tester(
    kanban: KanbanBoard, qtmodeltester: ModelTester
) -> None:
    for model in kanban.models.values():
        qtmodeltester.check(model)
    assert kanban.objectName() == "kanbanBoard"
    for stage in Stage:
        assert kanban.findChild(type(kanban.views[stage]), f"stageColumn:{stage.value}")


def test_columns_show_cards_in_rank_order_with_counts(kanban: KanbanBoard) -> None:
    assert names(kanban, Stage.SOURCED) == ["Ana Example", "Bo Example", "Cy Example"]
    assert names(kanban, Stage.SCREENING) == ["Dee Example", "Eli Example"]
    model = kanban.models[Stage.SOURCED]
    card = model.data(model.index(0), CardRole)
    assert isinstance(card, Card)
    assert card.full_name == "Ana Example"
    assert kanban.views[Stage.SOURCED].parentWidget().header.count.text() == "3"  # type: ignore[attr-defined]
    assert kanban.card_count() == 6


def test_the_mime_data_carries_application_ids(kanban: KanbanBoard, sample: Sample) -> None:
    data = drag(kanban, Stage.SOURCED, [0, 2])
    assert data.formats() == [CARD_MIME_TYPE]
    assert decode_ids(data) == (sample.position_id, [sample.cards["Ana"], sample.cards["Cy"]])
    assert kanban.models[Stage.SOURCED].supportedDragActions() == Qt.DropAction.CopyAction
    assert decode_ids(QMimeData()) is None


def test_a_drop_saves_the_move_before_the_board_shows_it(
    kanban: KanbanBoard, sample: Sample
) -> None:
    before = history_rows(sample)
    target = kanban.models[Stage.SCREENING]
    dropped = target.dropMimeData(
        drag(kanban, Stage.SOURCED, [0, 1]), Qt.DropAction.CopyAction, 1, 0, QModelIndex()
    )
    assert dropped
    assert stage_in_db(sample, "Ana") == "screening"
    assert history_rows(sample) == before + 2
    assert names(kanban, Stage.SCREENING) == [
        "Dee Example",
        "Ana Example",
        "Bo Example",
        "Eli Example",
    ]
    assert names(kanban, Stage.SOURCED) == ["Cy Example"]
    assert kanban.models[Stage.SCREENING].total == 4
    assert kanban.undo_stack.count() == 1
    assert kanban.undo_stack.undoText() == "Move 2 cards to Screening"


def test_a_drop_within_a_column_reorders_it(kanban: KanbanBoard, sample: Sample) -> None:
    model = kanban.models[Stage.SOURCED]
    assert model.dropMimeData(
        drag(kanban, Stage.SOURCED, [2]), Qt.DropAction.MoveAction, 0, 0, QModelIndex()
    )
    assert names(kanban, Stage.SOURCED) == ["Cy Example", "Ana Example", "Bo Example"]
    assert stage_in_db(sample, "Cy") == "sourced"


def test_a_refused_move_leaves_the_card_and_says_why(kanban: KanbanBoard, sample: Sample) -> None:
    before = history_rows(sample)
    hired = kanban.models[Stage.HIRED]
    assert not hired.dropMimeData(
        drag(kanban, Stage.SCREENING, [0]), Qt.DropAction.CopyAction, 0, 0, QModelIndex()
    )
    assert stage_in_db(sample, "Dee") == "screening"
    assert history_rows(sample) == before
    assert names(kanban, Stage.SCREENING) == ["Dee Example", "Eli Example"]
    assert kanban.banner.isVisible()
    assert "offer stage" in kanban.banner.text()
    assert kanban.undo_stack.count() == 0


def test_a_drop_from_another_position_is_not_accepted(kanban: KanbanBoard) -> None:
    foreign = encode_ids(999, [1])
    model = kanban.models[Stage.SCREENING]
    assert not model.canDropMimeData(foreign, Qt.DropAction.CopyAction, 0, 0, QModelIndex())
    assert not model.dropMimeData(foreign, Qt.DropAction.CopyAction, 0, 0, QModelIndex())


def _answer_reason(qtbot: QtBot, choice: int, details: str, accept: bool = True) -> list[str]:
    seen: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ReasonDialog)
        seen.append(dialog.windowTitle())
        dialog.reasons.setCurrentIndex(choice)
        dialog.details.setText(details)
        if accept:
            dialog.accept()
        else:
            dialog.reject()

    QTimer.singleShot(0, answer)
    return seen


def test_rejecting_asks_for_a_reason_and_stores_it(
    qtbot: QtBot, kanban: KanbanBoard, sample: Sample
) -> None:
    seen = _answer_reason(qtbot, 2, "asks 30% over the band")
    rejected = kanban.models[Stage.REJECTED]
    assert rejected.dropMimeData(
        drag(kanban, Stage.SCREENING, [1]), Qt.DropAction.CopyAction, -1, -1, QModelIndex()
    )
    assert seen == ["Mark as rejected"]
    with sample.database.read() as session:
        row = session.get(Application, sample.cards["Eli"])
        assert row is not None
        assert row.stage == "rejected"
        assert row.rejection_reason == "Salary expectations above budget: asks 30% over the band"
    assert names(kanban, Stage.REJECTED) == ["Eli Example"]


def test_cancelling_the_reason_cancels_the_move(
    qtbot: QtBot, kanban: KanbanBoard, sample: Sample
) -> None:
    _answer_reason(qtbot, 0, "", accept=False)
    withdrawn = kanban.models[Stage.WITHDRAWN]
    assert not withdrawn.dropMimeData(
        drag(kanban, Stage.SOURCED, [0]), Qt.DropAction.CopyAction, 0, 0, QModelIndex()
    )
    assert stage_in_db(sample, "Ana") == "sourced"
    assert "no reason" in kanban.banner.text()


def test_undo_and_redo_reach_the_database_both_ways(kanban: KanbanBoard, sample: Sample) -> None:
    kanban.models[Stage.TECHNICAL].dropMimeData(
        drag(kanban, Stage.SCREENING, [0]), Qt.DropAction.CopyAction, 0, 0, QModelIndex()
    )
    assert stage_in_db(sample, "Dee") == "technical"
    kanban.undo_stack.undo()
    assert stage_in_db(sample, "Dee") == "screening"
    assert names(kanban, Stage.SCREENING) == ["Dee Example", "Eli Example"]
    assert names(kanban, Stage.TECHNICAL) == []
    kanban.undo_stack.redo()
    assert stage_in_db(sample, "Dee") == "technical"
    assert names(kanban, Stage.TECHNICAL) == ["Dee Example"]
    assert kanban.models[Stage.SCREENING].total == 1


def test_the_filter_narrows_by_name_skill_or_tag(qtbot: QtBot, kanban: KanbanBoard) -> None:
    kanban.set_filter("bo")
    settled(qtbot, kanban)
    assert names(kanban, Stage.SOURCED) == ["Bo Example"]
    assert kanban.card_count() == 1
    kanban.set_filter("eli-skill")
    settled(qtbot, kanban)
    assert names(kanban, Stage.SCREENING) == ["Eli Example"]
    assert names(kanban, Stage.SOURCED) == []
    kanban.set_filter("fay-tag")
    settled(qtbot, kanban)
    assert names(kanban, Stage.OFFER) == ["Fay Example"]
    kanban.set_filter("")
    settled(qtbot, kanban)
    assert kanban.card_count() == 6


def test_ctrl_arrows_move_the_selected_cards_one_stage(
    qtbot: QtBot, kanban: KanbanBoard, sample: Sample
) -> None:
    view = kanban.views[Stage.SOURCED]
    model = kanban.models[Stage.SOURCED]
    view.setFocus()
    selection = view.selectionModel()
    selection.select(model.index(0), selection.SelectionFlag.Select)
    selection.select(model.index(2), selection.SelectionFlag.Select)
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert stage_in_db(sample, "Ana") == "contacted"
    assert stage_in_db(sample, "Cy") == "contacted"
    target = kanban.views[Stage.CONTACTED]
    assert sorted(target.selected_ids()) == sorted([sample.cards["Ana"], sample.cards["Cy"]])
    qtbot.keyClick(target, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert stage_in_db(sample, "Ana") == "sourced"
    qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert "no stage to the left" in kanban.banner.text()


def test_enter_opens_the_candidate(qtbot: QtBot, kanban: KanbanBoard, sample: Sample) -> None:
    view = kanban.views[Stage.OFFER]
    view.setFocus()
    view.setCurrentIndex(kanban.models[Stage.OFFER].index(0))
    with qtbot.waitSignal(kanban.candidate_opened) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert blocker.args == [sample.candidates["Fay"], sample.cards["Fay"]]


def drop_on_view(view: QListView, point: QPointF, data: QMimeData) -> bool:
    """Drag enter, move and drop events on the view's viewport, as the platform's drag
    would send them; whether the drop was accepted."""
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    action = Qt.DropAction.CopyAction
    # Enter and move events take whole pixels (a QPoint) on every binding version.
    pixel = point.toPoint()
    enter = QDragEnterEvent(pixel, action, data, buttons, modifiers)
    QApplication.sendEvent(view.viewport(), enter)
    if not enter.isAccepted():
        return False
    QApplication.sendEvent(view.viewport(), QDragMoveEvent(pixel, action, data, buttons, modifiers))
    drop = QDropEvent(point, action, data, buttons, modifiers)
    QApplication.sendEvent(view.viewport(), drop)
    return drop.isAccepted()


def test_a_drop_on_the_view_lands_before_the_card_under_it(
    kanban: KanbanBoard, sample: Sample
) -> None:
    view = kanban.views[Stage.SCREENING]
    rect = view.visualRect(kanban.models[Stage.SCREENING].index(1))
    assert rect.height() > 20
    point = QPointF(rect.center().x(), rect.top() + 4)  # the top edge of Eli's card
    assert drop_on_view(view, point, drag(kanban, Stage.SOURCED, [1]))
    assert stage_in_db(sample, "Bo") == "screening"
    assert names(kanban, Stage.SCREENING) == ["Dee Example", "Bo Example", "Eli Example"]
    model = kanban.models[Stage.SCREENING]
    assert model.data(model.index(1), ApplicationIdRole) == sample.cards["Bo"]


def test_a_drop_below_the_last_card_goes_to_the_end(kanban: KanbanBoard, sample: Sample) -> None:
    view = kanban.views[Stage.OFFER]
    point = QPointF(40, view.viewport().height() - 10)  # empty space under Fay's card
    assert drop_on_view(view, point, drag(kanban, Stage.SCREENING, [0, 1]))
    assert names(kanban, Stage.OFFER) == ["Fay Example", "Dee Example", "Eli Example"]
    assert kanban.views[Stage.OFFER].parentWidget().header.count.text() == "3"  # type: ignore[attr-defined]


def test_the_view_refuses_a_foreign_drag(kanban: KanbanBoard) -> None:
    data = QMimeData()
    data.setText("Ana Example")
    view = kanban.views[Stage.SCREENING]
    assert not drop_on_view(view, QPointF(30, 30), data)
    assert names(kanban, Stage.SCREENING) == ["Dee Example", "Eli Example"]


def test_dragging_a_card_with_the_mouse_keeps_it_in_its_column(
    qtbot: QtBot, kanban: KanbanBoard, sample: Sample
) -> None:
    """The offscreen platform ends a drag at once, so the mouse can only start one: the
    view enters its dragging state, and as the drag ends as a copy the source keeps
    its rows (only the change signal moves cards)."""
    view = kanban.views[Stage.SOURCED]
    start = view.visualRect(kanban.models[Stage.SOURCED].index(0)).center()
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view.viewport(), start + QPoint(4, 4))
    assert view.state() == QAbstractItemView.State.DraggingState
    qtbot.mouseMove(view.viewport(), start + QPoint(40, 40))
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=start + QPoint(40, 40))
    assert view.state() == QAbstractItemView.State.NoState
    assert names(kanban, Stage.SOURCED) == ["Ana Example", "Bo Example", "Cy Example"]
    assert stage_in_db(sample, "Ana") == "sourced"


def test_a_move_the_database_cannot_save_leaves_the_board_as_it_was(
    kanban: KanbanBoard, sample: Sample
) -> None:
    with sample.database.write() as session:
        session.execute(
            text(
                "CREATE TRIGGER no_history BEFORE INSERT ON stage_changes "
                "BEGIN SELECT RAISE(ABORT, 'disk is full'); END"
            )
        )
    assert not kanban.models[Stage.FINAL].dropMimeData(
        drag(kanban, Stage.SCREENING, [0]), Qt.DropAction.CopyAction, 0, 0, QModelIndex()
    )
    assert stage_in_db(sample, "Dee") == "screening"
    assert names(kanban, Stage.SCREENING) == ["Dee Example", "Eli Example"]
    assert names(kanban, Stage.FINAL) == []
    assert "could not be saved: disk is full" in kanban.banner.text()
    assert kanban.undo_stack.count() == 0


def test_a_card_deleted_elsewhere_reloads_the_board(
    qtbot: QtBot, kanban: KanbanBoard, sample: Sample
) -> None:
    data = drag(kanban, Stage.SOURCED, [1])
    erase_candidate(sample.database, sample.candidates["Bo"])  # another window, say
    assert not kanban.models[Stage.CONTACTED].dropMimeData(
        data, Qt.DropAction.CopyAction, 0, 0, QModelIndex()
    )
    assert "deleted meanwhile" in kanban.banner.text()
    settled(qtbot, kanban)
    assert names(kanban, Stage.SOURCED) == ["Ana Example", "Cy Example"]


def test_a_renamed_candidate_is_repainted_from_the_change_signal(
    qtbot: QtBot, kanban: KanbanBoard, sample: Sample
) -> None:
    changes = update_candidate(sample.database, sample.candidates["Eli"], {"full_name": "Eli Z"})
    kanban.hub.publish(changes)
    settled(qtbot, kanban)
    assert names(kanban, Stage.SCREENING) == ["Dee Example", "Eli Z"]
    erased = erase_candidate(sample.database, sample.candidates["Dee"])
    kanban.hub.publish(erased)
    settled(qtbot, kanban)
    assert names(kanban, Stage.SCREENING) == ["Eli Z"]
    assert kanban.models[Stage.SCREENING].total == 1

"""The Kanban board: a column per stage (:mod:`.columns`) over a lazily filled card
model (:mod:`.card_model`), cards painted by a delegate (:mod:`.card_delegate`), moves
saved before the board shows them and undoable (:mod:`.move_command`), all held by
:class:`~recruitdesk.gui.board.kanban_board.KanbanBoard`."""

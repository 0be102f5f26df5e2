"""The Kanban board's storage: reading its columns (:mod:`.cards`), moving cards and
their undo (:mod:`.moves`, ranks in :mod:`.ranks`), putting candidates on a board
(:mod:`.new_cards`)."""

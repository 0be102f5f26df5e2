from recruitdesk.storage.changes import Changes


def test_changes_combine_and_know_when_they_are_empty() -> None:
    assert not Changes()
    moved = Changes(applications=frozenset({3}))
    edited = Changes(candidates=frozenset({7}), applications=frozenset({4}))
    both = moved | edited
    assert both.applications == {3, 4}
    assert both.candidates == {7}
    assert both
    assert (Changes() | Changes(everything=True)).everything

"""A bundle's records and its plan are kept on disk while it is merged, so memory stays
bounded whatever its size (issue 18, item 9): only the first problems are kept, with a
count of all, and the private file is gone once the merge is over."""

import tempfile
from pathlib import Path

import pytest
from tests.transfer.samples import person, snapshot, write_bundle

from recruitdesk.storage.database import Database
from recruitdesk.transfer.bundle_merge import import_bundle
from recruitdesk.transfer.bundle_stage import Stage
from recruitdesk.transfer.import_staging import KEPT_PROBLEMS
from recruitdesk.transfer.results import InvalidImportError


def uid(number: int) -> str:
    return f"00000000-0000-4000-8000-{number:012d}"


def bad_bundle(path: Path, people: int, bad: int) -> Path:
    """``people`` candidates, the last ``bad`` of them without a name, and a note of a
    person who is neither in the bundle nor here."""
    records = [
        person(uid(n), "" if n > people - bad else f"Person {n}", f"p{n}@example.com")
        for n in range(1, people + 1)
    ]
    stray = {
        "uid": uid(99_999),
        "candidate_uid": uid(88_888),
        "body": "stray",
        "created_at": "2026-11-01T00:00:00+00:00",
        "updated_at": "2026-11-01T00:00:00+00:00",
    }
    return write_bundle(path, {"candidates.json": records, "notes.json": [stray]})


def test_the_first_problems_are_quoted_with_a_count_of_all(
    database: Database, tmp_path: Path
) -> None:
    path = bad_bundle(tmp_path / "bad.zip", people=60, bad=KEPT_PROBLEMS + 10)
    before = snapshot(database)
    with pytest.raises(InvalidImportError) as refused:
        import_bundle(database, path)
    assert snapshot(database) == before
    problems = refused.value.problems
    assert len(problems) == KEPT_PROBLEMS
    assert refused.value.more == 11  # ten more names, and the stray note
    lines = [problem.line for problem in problems]
    assert lines == sorted(lines)  # the earliest, in the order of the members
    assert {problem.member for problem in problems} == {"candidates.json"}
    assert f"{KEPT_PROBLEMS + 11} records are invalid" in str(refused.value)


def test_skipped_records_are_counted_beyond_those_quoted(
    database: Database, tmp_path: Path
) -> None:
    path = bad_bundle(tmp_path / "bad.zip", people=60, bad=KEPT_PROBLEMS + 10)
    report = import_bundle(database, path, skip_invalid=True)
    assert report.created == 30
    assert len(report.skipped) == KEPT_PROBLEMS
    assert report.more_skipped == 11
    assert "31 invalid skipped" in report.summary()


def test_the_private_file_is_removed(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "temporary"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    path = bad_bundle(tmp_path / "good.zip", people=5, bad=0)
    with pytest.raises(InvalidImportError):  # the stray note
        import_bundle(database, path)
    report = import_bundle(database, path, skip_invalid=True)
    assert report.created == 5
    assert list(folder.iterdir()) == []


def test_staged_lists_and_maps_give_back_what_they_were_given() -> None:
    stage = Stage()
    items = stage.list({"n": n, "when": (n, "x")} for n in range(2_500))
    assert len(items) == 2_500
    assert [item["n"] for item in items] == list(range(2_500))
    assert [len(batch) for batch in items.batches(1_000)] == [1_000, 1_000, 500]
    keys = stage.map()
    keys["a"] = 1
    keys.update([("b", None), (3, {"x": [1]})])
    assert keys.get("a") == 1
    assert "b" in keys
    assert keys[3] == {"x": [1]}
    assert keys.get("missing", 7) == 7
    assert "missing" not in keys
    assert len(keys) == 3
    groups = stage.groups()
    for n in range(5):
        groups.add(f"k{n % 2}", n)
    assert groups.of(["k1", "k0"]) == [0, 1, 2, 3, 4]
    assert groups.of(["k1"]) == [1, 3]
    stage.close()

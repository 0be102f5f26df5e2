"""Files written whole or not at all: the old file stays when a write fails, and no
temporary file stays behind either way."""

from pathlib import Path
from typing import IO

import pytest

from recruitdesk.atomic_files import atomic_path, atomic_write, atomic_write_bytes


def test_a_write_replaces_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "export.csv"
    target.write_text("the old export\n", encoding="utf-8")
    atomic_write_bytes(target, b"the new export\n")
    assert target.read_bytes() == b"the new export\n"
    assert [path.name for path in tmp_path.iterdir()] == ["export.csv"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "export.csv"
    target.write_text("the old export\n", encoding="utf-8")

    def fail(handle: IO[bytes]) -> None:
        handle.write(b"half of the new")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left on device"):
        atomic_write(target, fail)
    assert target.read_text(encoding="utf-8") == "the old export\n"
    assert [path.name for path in tmp_path.iterdir()] == ["export.csv"]


def test_a_path_for_a_library_that_writes_by_name(tmp_path: Path) -> None:
    target = tmp_path / "copy.bin"
    with atomic_path(target) as temporary:
        assert temporary.parent == tmp_path
        assert not target.exists()
        temporary.write_bytes(b"written by name")
    assert target.read_bytes() == b"written by name"
    assert [path.name for path in tmp_path.iterdir()] == ["copy.bin"]


def test_a_folder_or_a_missing_folder_is_refused_with_a_reason(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError, match="it is a folder"):
        atomic_write_bytes(tmp_path, b"x")
    with pytest.raises(FileNotFoundError, match=r"the folder .*nowhere does not exist"):
        atomic_write_bytes(tmp_path / "nowhere" / "x.bin", b"x")
    assert list(tmp_path.iterdir()) == []

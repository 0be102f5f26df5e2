"""Typing kept in ``.pyi`` stubs counts: a library that types its API in stubs beside
untyped code (as attrs does) is typed, and the explanation says how."""

from pathlib import Path

from recruitdesk.analysis.engine import analyze_path

UNTYPED = """def parse(text, strict=False):
    return text.split()


def join(parts):
    return " ".join(parts)
"""
STUB = """def parse(text: str, strict: bool = ...) -> list[str]: ...
def join(parts: list[str]) -> str: ...
"""


def _repo(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_a_module_typed_by_its_stub_is_typed(tmp_path: Path) -> None:
    """Expert judgement: lib/words.py annotates nothing, but lib/words.pyi types both
    of its functions for every caller and type checker: the module is typed. Its
    sibling lib/other.py, with no stub, is not."""
    root = _repo(
        tmp_path / "typed-by-stubs",
        {
            "lib/__init__.py": "",
            "lib/words.py": UNTYPED,
            "lib/words.pyi": STUB,
            "lib/other.py": UNTYPED.replace("parse", "split"),
        },
    )
    result = analyze_path(root, workers=1)
    repo = result.repos[0]
    assert repo.functions == 4
    assert repo.typed_functions_ratio == 0.5
    assert repo.stub_typed_modules == 1
    assert "1 module is typed through .pyi stubs." in result.explanations["typing"]


def test_without_stubs_nothing_changes(tmp_path: Path) -> None:
    root = _repo(tmp_path / "plain", {"lib/__init__.py": "", "lib/words.py": UNTYPED})
    repo = analyze_path(root, workers=1).repos[0]
    assert (repo.typed_functions_ratio, repo.stub_typed_modules) == (0.0, 0)

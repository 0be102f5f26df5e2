"""Generated git histories for the authorship and hygiene tests: real ``git`` with
chosen authors, addresses, dates and messages."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.analysis.github_server import BASE_EPOCH, Author, git, git_env

DAY = 86_400


@dataclass(frozen=True, slots=True)
class Step:
    """One commit: who, when (seconds after the base epoch), the message, the files."""

    author: Author
    at: int
    message: str
    files: Mapping[str, str]


def build(path: Path, steps: Sequence[Step], mailmap: str | None = None) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    if mailmap is not None:
        (path / ".mailmap").write_text(mailmap, encoding="utf-8")
    for step in steps:
        for name, content in step.files.items():
            target = path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
        env = git_env(step.author, BASE_EPOCH + step.at)
        git(path, "add", "-A", env=env)
        git(path, "commit", "-q", "--allow-empty", "-m", step.message, env=env)
    return path


def module(name: str, functions: int) -> str:
    """A Python module of ``functions`` small functions (four non-blank lines each)."""
    return "".join(
        f"def {name}_{index}(value: int) -> int:\n"
        f'    """Step {index}."""\n'
        f"    doubled = value * 2\n"
        f"    return doubled + {index}\n\n"
        for index in range(functions)
    )

"""CI and tooling found with the file that shows them (issue 12, items 3 and 9)."""

from pathlib import Path

from tests.analysis.sdists import analysed

from recruitdesk.analysis.engine import analyze_path
from recruitdesk.analysis.repo_parts import ToolingFound
from recruitdesk.analysis.result import RepoResult

PACKAGE = {"shop/__init__.py": "def total(items):\n    return sum(items)\n"}


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in {**PACKAGE, **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _repo(root: Path) -> RepoResult:
    (repo,) = analyze_path(root, workers=1).repos
    return repo


def _found(repo: RepoResult) -> set[tuple[str, str, str]]:
    return {(item.kind, item.name, item.path) for item in repo.tooling}


def test_travis_ci_is_ci(tmp_path: Path) -> None:
    repo = _repo(_write(tmp_path / "r", {".travis.yml": "language: python\nscript: pytest\n"}))
    assert repo.has_ci
    assert ("ci", "Travis CI", ".travis.yml") in _found(repo)


def test_azure_pipelines_in_a_subfolder_are_ci(tmp_path: Path) -> None:
    repo = _repo(
        _write(
            tmp_path / "r",
            {
                ".azure-pipelines/ci.yml": "steps:\n- script: python -m pytest\n",
                "ci/azure/posix.yml": "jobs:\n- job: test\n",
            },
        )
    )
    assert repo.has_ci
    assert ("ci", "Azure Pipelines", ".azure-pipelines/ci.yml") in _found(repo)


def test_a_lint_env_of_tox_configures_its_linters(tmp_path: Path) -> None:
    tox = (
        "[tox]\nenvlist = py312, lint\n\n[testenv]\ndeps = pytest\ncommands = pytest {posargs}\n\n"
        "[testenv:lint]\nskip_install = true\ndeps =\n    flake8\n    mypy\n"
        "commands =\n    flake8 shop\n    python -m mypy --strict shop\n"
    )
    repo = _repo(_write(tmp_path / "r", {"tox.ini": tox}))
    assert {
        ("ci", "tox", "tox.ini"),
        ("linters", "flake8", "tox.ini"),
        ("type_checkers", "mypy", "tox.ini"),
    } <= _found(repo)
    assert repo.has_ci
    assert {"linters", "tool:flake8", "tool:mypy"} <= set(repo.tooling_kinds)


def test_a_tox_file_that_runs_no_tests_is_not_ci(tmp_path: Path) -> None:
    tox = "[testenv:docs]\ncommands = sphinx-build docs build\n"
    assert not _repo(_write(tmp_path / "r", {"tox.ini": tox})).has_ci


def test_lint_configs_below_the_root_and_pre_commit_hooks_count(tmp_path: Path) -> None:
    repo = _repo(
        _write(
            tmp_path / "r",
            {
                "backend/pyproject.toml": "[tool.ruff]\nline-length = 99\n",
                "backend/setup.cfg": "[flake8]\nmax-line-length = 99\n[mypy-shop.*]\nstrict = 1\n",
                "services/api/.pylintrc": "[MASTER]\n",
                ".pre-commit-config.yaml": (
                    "repos:\n- repo: https://github.com/psf/black\n  rev: 24.1.0\n  hooks:\n"
                    "  - id: black\n- repo: https://github.com/pycqa/isort\n  rev: 5.13.2\n"
                    "  hooks:\n      - id: isort\n"
                ),
            },
        )
    )
    assert {
        ("linters", "ruff", "backend/pyproject.toml"),
        ("linters", "flake8", "backend/setup.cfg"),
        ("type_checkers", "mypy", "backend/setup.cfg"),
        ("linters", "pylint", "services/api/.pylintrc"),
        ("linters", "pre-commit", ".pre-commit-config.yaml"),
        ("formatters", "black", ".pre-commit-config.yaml"),
        ("formatters", "isort", ".pre-commit-config.yaml"),
    } <= _found(repo)
    assert not repo.has_ci


def test_ci_commands_show_their_checkers(tmp_path: Path) -> None:
    workflow = (
        "on: push\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n      - name: Types\n        run: |\n"
        "          pip install mypy\n          mypy --strict shop && uv run ruff check .\n"
    )
    found = _found(_repo(_write(tmp_path / "r", {".github/workflows/ci.yml": workflow})))
    assert {
        ("ci", "GitHub Actions", ".github/workflows/ci.yml"),
        ("type_checkers", "mypy", ".github/workflows/ci.yml"),
        ("linters", "ruff", ".github/workflows/ci.yml"),
    } <= found
    assert not any(item[1] == "pip" for item in found)


def test_test_data_and_vendored_copies_are_not_the_projects_tooling(tmp_path: Path) -> None:
    repo = _repo(
        _write(
            tmp_path / "r",
            {
                "tests/fixtures/sample/tox.ini": "[testenv]\ncommands = pytest\n[flake8]\n",
                "vendor/lib/.travis.yml": "script: pytest\n",
                "third_party/x/.flake8": "[flake8]\n",
            },
        )
    )
    assert repo.tooling == ()
    assert not repo.has_ci


def test_flasks_sdist_runs_its_tests_and_type_checks_through_tox() -> None:
    """Expert's expectation, written first: Flask 3.0.3's sdist carries tox.ini, whose
    default env runs pytest and whose envs run pre-commit and mypy, and a pyproject.toml
    configuring ruff, mypy and pyright. So its tests run in an automated way (tox), and
    it is linted and type-checked."""
    (repo,) = analysed("flask", "3.0.3").repos
    assert repo.has_ci
    found = _found(repo)
    assert ("ci", "tox", "tox.ini") in found
    assert {("linters", "ruff"), ("type_checkers", "mypy"), ("type_checkers", "pyright")} <= {
        (kind, name) for kind, name, _path in found
    }


def test_the_json_names_each_tool_with_its_file_and_old_records_still_read(
    tmp_path: Path,
) -> None:
    root = _write(tmp_path / "r", {".travis.yml": "script: pytest\n", "mypy.ini": "[mypy]\n"})
    data = analyze_path(root, workers=1).to_json()
    (entry,) = data["repos"]
    assert {"kind": "ci", "name": "Travis CI", "path": ".travis.yml"} in entry["tooling"]
    assert {"kind": "type_checkers", "name": "mypy", "path": "mypy.ini"} in entry["tooling"]
    repo = RepoResult.from_record(entry)
    assert ToolingFound("ci", "Travis CI", ".travis.yml") in repo.tooling
    old = RepoResult.from_record({"name": "old", "tooling": ["ci", "linters", "tool:mypy"]})
    assert old.tooling_kinds == ("ci", "linters", "tool:mypy")

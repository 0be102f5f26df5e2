"""Each file's class (issue 12, items 1-3): code figures judge the candidate's code
only, tests are judged as tests, someone else's code is left out and reported.

The expert judgement of each case is written in its docstring before the figures.
"""

import shutil
from pathlib import Path

from tests.analysis.github_server import Commit, make_git_repo
from tests.analysis.sdists import analysed, unpacked_once

from recruitdesk.analysis.engine import analyze_path
from recruitdesk.analysis.metrics import measure_file
from recruitdesk.analysis.result import AnalysisResult, RepoResult

LEDGER = '''"""A small ledger."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    """One line of the ledger."""

    account: str
    cents: int


def balance(entries: list[Entry], account: str) -> int:
    """The balance of one account."""
    return sum(entry.cents for entry in entries if entry.account == account)


def accounts(entries: list[Entry]) -> set[str]:
    """Every account named."""
    return {entry.account for entry in entries}


def largest(entries: list[Entry]) -> Entry | None:
    """The largest entry, if any."""
    return max(entries, key=lambda entry: entry.cents, default=None)


def describe(entry: Entry) -> str:
    """One line about an entry."""
    if entry.cents < 0:
        return f"{entry.account} pays {-entry.cents}"
    return f"{entry.account} receives {entry.cents}"
'''

SMOKE = """import subprocess
import sys

# Run the tool once and print what it says.
commands = [
    [sys.executable, "-m", "ledger", "--help"],
    [sys.executable, "-m", "ledger", "balance", "cash"],
]
for command in commands:
    result = subprocess.run(command, capture_output=True, text=True)
    print(result.stdout)
    print(result.stderr)
print("done")
"""

LEDGER_TESTS = """import pytest

from ledger.core import Entry, accounts, balance, describe, largest

ENTRIES = [Entry("cash", 100), Entry("bank", -40), Entry("cash", 5)]


def test_balance_sums_one_account() -> None:
    assert balance(ENTRIES, "cash") == 105
    assert balance(ENTRIES, "bank") == -40


def test_accounts_are_named_once() -> None:
    assert accounts(ENTRIES) == {"cash", "bank"}


def test_largest_and_none() -> None:
    assert largest(ENTRIES) == Entry("cash", 100)
    assert largest([]) is None


@pytest.mark.parametrize(("cents", "word"), [(5, "receives"), (-5, "pays")])
def test_describe(cents: int, word: str) -> None:
    assert word in describe(Entry("cash", cents))
"""

LEDGER_UNITTESTS = """import unittest

from ledger.core import Entry, balance


class BalanceTestCase(unittest.TestCase):
    def test_sums(self) -> None:
        self.assertEqual(balance([Entry("cash", 3)], "cash"), 3)

    def test_unknown_account(self) -> None:
        self.assertEqual(balance([], "cash"), 0)
"""


def _ledger_repo(path: Path, tests: dict[str, str]) -> Path:
    return make_git_repo(
        path,
        [
            Commit(
                "feat: the ledger",
                {"ledger/__init__.py": '"""Ledger."""\n', "ledger/core.py": LEDGER, **tests},
            )
        ],
    )


def _repo(path: Path) -> RepoResult:
    return analyze_path(path, workers=1).repos[0]


def _classes(repo: RepoResult) -> dict[str, tuple[int, int]]:
    return {item.name: (item.files, item.lines) for item in repo.file_classes}


def test_a_fully_annotated_package_is_fully_typed_however_many_tests_it_has() -> None:
    """Expert judgement, before any figure: itsdangerous's and httpx's packages annotate
    every function (both ship ``py.typed`` and run mypy strictly), and both carry many
    pytest tests that annotate few of theirs. The candidate's code is the package: its
    typed ratio is near 1.0 and the typing score near 100, whatever the tests hold. The
    tests are judged as tests: hundreds of cases for httpx, dozens for itsdangerous,
    each with assertions, run by pytest."""
    for name, version in (("itsdangerous", "2.2.0"), ("httpx", "0.28.1")):
        result = analysed(name, version)
        repo = result.repos[0]
        classes = _classes(repo)
        assert repo.typed_functions_ratio >= 0.95, name
        assert result.scores["typing"] >= 95, name
        assert classes["code"][0] >= 8, (name, classes)
        assert classes["tests"][0] >= 6, (name, classes)
        assert repo.test_frameworks == ("pytest",)
        assert repo.test_cases >= 30, name
        assert repo.assertions > repo.test_cases, name
        assert result.scores["testing"] >= 90, name
        assert (repo.vendored_share, repo.excluded) == (0.0, ()), name


def test_a_smoke_script_in_tests_is_not_a_test_suite(tmp_path: Path) -> None:
    """Expert judgement: a 20-line script that runs the tool through subprocess and
    prints what it says checks nothing; the package's four functions are untested.
    Testing should be near 0 on the figures and no tests reported (four functions are
    little evidence, so the score itself stays below the middle, not at 0). The same
    package with four pytest tests and six assertions is well tested for its size."""
    smoke = analyze_path(_ledger_repo(tmp_path / "smoke", {"tests/smoke.py": SMOKE}), workers=1)
    repo = smoke.repos[0]
    assert (repo.test_files, repo.test_cases, repo.assertions) == (1, 0, 0)
    assert not repo.has_tests
    assert smoke.scores["testing"] < 40
    assert "0 test cases and 0 assertions" in smoke.explanations["testing"][1]
    assert [flag.code for flag in smoke.red_flags].count("no_tests") == 1

    tested = analyze_path(
        _ledger_repo(tmp_path / "tested", {"tests/test_core.py": LEDGER_TESTS}), workers=1
    )
    repo = tested.repos[0]
    assert (repo.test_cases, repo.assertions, repo.test_frameworks) == (4, 6, ("pytest",))
    assert tested.scores["testing"] > 60 > smoke.scores["testing"] + 20
    # Tests never dilute the code's figures: the four functions are the package's.
    assert (repo.functions, repo.typed_functions_ratio) == (4, 1.0)


def test_unittest_cases_and_their_assertions_are_counted(tmp_path: Path) -> None:
    """Expert judgement: two TestCase methods with one assertEqual each, run by
    unittest: a small but real suite for four functions."""
    repo = _repo(_ledger_repo(tmp_path / "unit", {"tests/test_balance.py": LEDGER_UNITTESTS}))
    assert (repo.test_cases, repo.assertions, repo.test_frameworks) == (2, 2, ("unittest",))
    assert repo.has_tests


def _copy_tree(source: Path, target: Path) -> None:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))


def test_vendored_copies_are_left_out_of_the_candidates_figures(tmp_path: Path) -> None:
    """Expert judgement: the candidate wrote ``ledger/`` (four typed functions) and its
    test. Everything else was copied: six as ``ledger/_compat/six.py``, docopt renamed
    ``ledger/cli_parser.py`` (its MIT header names Vladimir Keleshev), itsdangerous
    installed by ``pip install -t lib``, and Flask dropped in ``vendor/``. Nearly all the
    Python lines are someone else's; the code figures are those of ``ledger/`` alone,
    and each copy is reported with why."""
    six = unpacked_once("six", "1.16.0") / "six.py"
    docopt = unpacked_once("docopt", "0.6.2") / "docopt.py"
    itsdangerous = unpacked_once("itsdangerous", "2.2.0") / "src" / "itsdangerous"
    flask = unpacked_once("flask", "3.0.3") / "src" / "flask"
    repo_path = _ledger_repo(tmp_path / "ledger", {"tests/test_core.py": LEDGER_TESTS})
    (repo_path / "ledger" / "_compat").mkdir()
    shutil.copy(six, repo_path / "ledger" / "_compat" / "six.py")
    shutil.copy(docopt, repo_path / "ledger" / "cli_parser.py")
    _copy_tree(itsdangerous, repo_path / "lib" / "itsdangerous")
    (repo_path / "lib" / "itsdangerous-2.2.0.dist-info").mkdir()
    (repo_path / "lib" / "itsdangerous-2.2.0.dist-info" / "METADATA").write_text("Name: x\n")
    _copy_tree(flask, repo_path / "vendor" / "flask")

    repo = _repo(repo_path)
    own = measure_file("ledger/core.py", LEDGER.encode())
    init = measure_file("ledger/__init__.py", b'"""Ledger."""\n')
    assert repo.sloc == own.sloc + init.sloc
    assert (repo.functions, repo.typed_functions_ratio) == (4, 1.0)
    assert repo.vendored_share >= 0.9
    excluded = {item.path: item.why for item in repo.excluded}
    assert set(excluded) == {"ledger/_compat/six.py", "ledger/cli_parser.py", "lib/", "vendor/"}
    assert "six" in excluded["ledger/_compat/six.py"]
    assert "Keleshev" in excluded["ledger/cli_parser.py"]
    assert "pip" in excluded["lib/"]
    assert {item.file_class for item in repo.excluded} == {"vendored"}
    classes = _classes(repo)
    assert (classes["code"][0], classes["tests"][0]) == (2, 1)
    assert classes["vendored"][0] > 20


def test_a_project_is_never_a_copy_of_itself() -> None:
    """Expert judgement: six's and docopt's own repositories hold their own six.py and
    docopt.py (whose headers name their authors), Flask's its flask package: none is
    vendored."""
    for name, version in (("six", "1.16.0"), ("docopt", "0.6.2"), ("flask", "3.0.3")):
        (repo,) = analysed(name, version).repos
        assert (repo.vendored_share, repo.excluded) == (0.0, ()), name
        assert _classes(repo)["code"][1] > 500, name
        assert repo.skipped == (), name


def test_generated_code_is_left_out_and_reported(tmp_path: Path) -> None:
    """Expert judgement: a Django migration and a protocol buffers module were written
    by tools; only ``ledger/`` is the candidate's."""
    migration = "# Generated by Django 4.2 on 2024-01-01 10:00\n\n" + "\n".join(
        f"def step_{number}(apps, schema_editor):\n    return {number}\n" for number in range(30)
    )
    repo = _repo(
        _ledger_repo(
            tmp_path / "gen",
            {"app/migrations/0001_initial.py": migration, "app/user_pb2.py": "X = 1\n" * 50},
        )
    )
    assert (repo.functions, repo.typed_functions_ratio) == (4, 1.0)
    generated = {item.path: item.why for item in repo.excluded if item.file_class == "generated"}
    assert set(generated) == {"app/migrations/0001_initial.py", "app/user_pb2.py"}
    assert "Generated by Django" in generated["app/migrations/0001_initial.py"]
    assert _classes(repo)["generated"][0] == 2


def test_docs_and_examples_are_classed_and_the_json_carries_every_class(tmp_path: Path) -> None:
    """Examples and a Sphinx ``conf.py`` are the candidate's, but not the package the
    figures judge; the JSON names every class with its files and lines."""
    result = analyze_path(
        _ledger_repo(
            tmp_path / "docs",
            {
                "docs/conf.py": "project = 'ledger'\n",
                "examples/demo.py": "def main():\n    print('hi')\n",
            },
        ),
        workers=1,
    )
    entry = result.to_json()["repos"][0]
    assert entry["file_classes"] == {
        "code": {"files": 2, "lines": LEDGER.count("\n") + 1},
        "tests": {"files": 0, "lines": 0},
        "examples": {"files": 1, "lines": 2},
        "docs": {"files": 1, "lines": 1},
        "vendored": {"files": 0, "lines": 0},
        "generated": {"files": 0, "lines": 0},
    }
    assert entry["functions"] == 4
    assert (entry["test_cases"], entry["assertions"], entry["test_frameworks"]) == (0, 0, [])


def test_a_stored_result_round_trips_and_an_old_one_still_loads(tmp_path: Path) -> None:
    result: AnalysisResult = analyze_path(
        _ledger_repo(tmp_path / "rt", {"tests/test_core.py": LEDGER_TESTS, "x_pb2.py": "X = 1\n"}),
        workers=1,
    )
    (repo,) = result.repos
    assert RepoResult.from_record(repo.to_record()) == repo
    old = {"name": "old", "files": 3, "sloc": 30, "test_files": 1, "has_tests": True}
    loaded = RepoResult.from_record(old)
    assert (loaded.file_classes, loaded.test_cases, loaded.skipped, loaded.excluded) == (
        (),
        0,
        (),
        (),
    )

"""Whose work a checkout is: ``--author`` across addresses and ``.mailmap``, shares of
today's lines from git blame, everyone's code named as such (issue 12, defect 9)."""

import json
from pathlib import Path

import pytest
from tests.analysis.github_server import Author
from tests.analysis.histories import DAY, Step, build, module

from recruitdesk.analysis.authorship import local_history
from recruitdesk.analysis.engine import analyze_path
from recruitdesk.analysis.errors import AnalysisError
from recruitdesk.analysis.history import git_log
from recruitdesk.cli import main

ADA_HOME = Author("ada", "ada@home.example")
ADA_WORK = Author("Ada Lovelace", "ada@work.example")
ADA_ALIAS = Author("Ada Lovelace", "lovelace@uni.example")
BOB = Author("Bob Builder", "bob@example.com")
MAILMAP = "Ada Lovelace <ada@work.example> ada <ada@home.example>\n"


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ada commits under three identities (one joined by .mailmap only, one by her
    name only), 3 + 2 modules of 10 functions; Bob has the most commits under one
    address (4) but writes one module of 5 functions. Made once: the tests only read
    its history."""
    steps = [
        Step(ADA_HOME, 0, "Add the parser of order files", {"parse.py": module("parse", 10)}),
        Step(BOB, DAY, "Add the command-line entry point", {"cli.py": module("cli", 5)}),
        Step(BOB, 2 * DAY, "Document the options of the command line", {"README.md": "x\n"}),
        Step(BOB, 3 * DAY, "Explain the installation", {"README.md": "x\ny\n"}),
        Step(BOB, 4 * DAY, "Link the changelog from the README", {"README.md": "x\ny\nz\n"}),
        Step(ADA_WORK, 5 * DAY, "Add totals of parsed orders", {"total.py": module("total", 10)}),
        Step(ADA_ALIAS, 6 * DAY, "Add a report of totals", {"report.py": module("report", 10)}),
        # Re-indenting Bob's lines is no authorship: blame runs with -w.
        Step(
            ADA_WORK,
            7 * DAY,
            "Reformat the command-line module",
            {"cli.py": module("cli", 5).replace("    ", "  ")},
        ),
    ]
    return build(tmp_path_factory.mktemp("repos") / "shared", steps, MAILMAP)


def test_an_author_counts_across_all_addresses_and_the_mailmap(shared: Path) -> None:
    for who in (["ada@work.example"], ["Ada Lovelace"], ["ADA@HOME.EXAMPLE"]):
        repo = analyze_path(shared, authors=who).repos[0]
        assert (repo.commits.count, repo.commits.by_user) == (8, 4), who
        assert repo.authorship is not None
        assert repo.authorship.candidate == tuple(who)
        # 30 of her functions' 4 lines against Bob's 5 functions, whitespace ignored.
        assert repo.authorship.share == pytest.approx(120 / 140, abs=0.01)
        assert repo.authorship.basis == "lines"
        assert not repo.authorship.sampled
    bob = analyze_path(shared, authors=["bob@example.com"]).repos[0]
    assert bob.commits.by_user == 4
    assert bob.authorship is not None
    assert bob.authorship.share == pytest.approx(20 / 140, abs=0.01)


def test_without_an_author_the_result_covers_everyone_and_names_the_main_authors(
    shared: Path,
) -> None:
    result = analyze_path(shared)
    repo = result.repos[0]
    assert repo.commits.by_user == repo.commits.count == 8  # nobody is silently chosen
    assert repo.authorship is not None
    assert repo.authorship.candidate == ()
    assert repo.authorship.share is None
    ada, bob = repo.authorship.main_authors
    assert (ada.name, ada.commits, ada.lines_share) == ("Ada Lovelace", 4, pytest.approx(0.857))
    assert (bob.name, bob.commits, bob.lines_share) == ("Bob Builder", 4, pytest.approx(0.143))
    overall = " ".join(result.explanations["overall"])
    assert "cover everyone's code" in overall
    assert "Ada Lovelace (86% of the lines, 4 commits)" in overall
    assert "everyone's but bots'" in result.explanations["commit_hygiene"][0]


def test_a_tie_goes_to_nobody(tmp_path: Path) -> None:
    """Two authors with two commits each: the old engine took the newest commit's
    author as the candidate and judged only their subjects."""
    steps = [
        Step(ADA_WORK, 0, "Add the parser of order files", {"a.py": module("a", 3)}),
        Step(ADA_WORK, DAY, "Handle empty order files", {"a.py": module("a", 4)}),
        Step(BOB, 2 * DAY, "wip", {"b.py": module("b", 3)}),
        Step(BOB, 3 * DAY, "stuff", {"b.py": module("b", 4)}),
    ]
    repo = analyze_path(build(tmp_path / "tie", steps)).repos[0]
    assert (repo.commits.count, repo.commits.by_user) == (4, 4)
    assert repo.commits.vague_ratio == 0.5
    assert repo.authorship is not None
    assert [a.name for a in repo.authorship.main_authors] == ["Ada Lovelace", "Bob Builder"]


def test_an_author_with_no_commit_is_one_sentence_naming_the_authors(
    shared: Path, isolated_folders: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["analyze", "--path", str(shared), "--author", "carol@example.com"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1] == (
        f"recruitdesk: No commit in {shared} is by carol@example.com; its authors are "
        "Ada Lovelace, Bob Builder."
    )


def test_the_command_takes_repeated_authors_and_prints_the_share(
    shared: Path, isolated_folders: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["analyze", "--path", str(shared), "--author", "bob@example.com"]
    assert main([*args, "--author", "ada@home.example", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    (entry,) = data["repos"]
    assert entry["authorship"]["candidate"] == ["bob@example.com", "ada@home.example"]
    assert entry["authorship"]["share"] == 1.0
    assert entry["commits"]["by_user"] == 8
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "shared is mostly written by others: the candidate wrote 14% of today's lines" in out
    with pytest.raises(SystemExit) as caught:
        main(["analyze", "someone", "--author", "x"])
    assert caught.value.code == 2


def test_an_archive_cannot_name_an_author(shared: Path, tmp_path: Path) -> None:
    from tests.analysis.github_server import git_tarball

    archive = tmp_path / "shared.tar.gz"
    archive.write_bytes(git_tarball(shared, "shared"))
    with pytest.raises(AnalysisError, match="no git history"):
        analyze_path(archive, authors=["bob@example.com"])


def test_blame_is_bounded_and_says_when_it_sampled(shared: Path) -> None:
    commits = git_log(shared)
    assert commits is not None
    _stats, authorship = local_history(shared, commits, ["bob@example.com"], budget=0)
    assert authorship.sampled
    assert (authorship.files_blamed, authorship.files_total) == (0, 4)
    assert authorship.share is None  # nothing blamed, nothing claimed


def test_bots_are_nobodys_history(tmp_path: Path) -> None:
    bot = Author("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")
    actions = Author("github-actions", "github-actions@github.com")
    steps = [
        Step(ADA_WORK, 0, "Add the parser of order files", {"a.py": module("a", 3)}),
        Step(bot, DAY, "Bump pytest from 7 to 8", {"requirements.txt": "pytest==8\n"}),
        Step(actions, 2 * DAY, "Update release notes", {"NOTES.md": "x\n"}),
        Step(actions, 3 * DAY, "Update release notes", {"NOTES.md": "y\n"}),
    ]
    repo = analyze_path(build(tmp_path / "bots", steps)).repos[0]
    assert (repo.commits.count, repo.commits.by_user) == (4, 1)
    assert repo.commits.vague_ratio == 0.0  # the bots' repeated subjects are not judged
    assert repo.authorship is not None
    assert [a.name for a in repo.authorship.main_authors] == ["Ada Lovelace"]

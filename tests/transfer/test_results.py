"""How an import's outcome reads: one of a thing is not "1 candidates"."""

from recruitdesk.transfer.results import ImportReport, InvalidImportError, Problem


def test_one_candidate_added_reads_in_the_singular() -> None:
    report = ImportReport("a.csv", "csv", created=1, updated=2)
    assert report.summary() == "a.csv: 1 candidate added, 2 updated, 0 unchanged."


def test_one_invalid_row_and_one_valid_read_in_the_singular() -> None:
    error = InvalidImportError("a.csv", [Problem(3, "no name")], valid=1)
    assert str(error) == (
        "a.csv: 1 row is invalid, nothing was imported "
        "(--skip-invalid imports the 1 valid row): line 3: no name."
    )


def test_large_counts_have_thousands_separators() -> None:
    error = InvalidImportError("a.csv", [Problem(3, "no name")], valid=12_000, total=2_500)
    assert str(error).startswith("a.csv: 2,500 rows are invalid, nothing was imported")
    assert "imports the 12,000 valid rows" in str(error)

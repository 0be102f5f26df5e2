"""The shipped catalogue is checked whole when it is read."""

import copy
from typing import Any

import pytest

from recruitdesk.analysis.catalogue import CATALOGUE_FILE, parse_catalogue
from recruitdesk.resources import load_json


def _shipped() -> dict[str, Any]:
    data = load_json(CATALOGUE_FILE)
    assert isinstance(data, dict)
    return copy.deepcopy(data)


def test_the_shipped_catalogue_is_valid() -> None:
    catalogue = parse_catalogue(_shipped())
    assert catalogue.tooling.files
    assert catalogue.tooling.checkers
    assert "pytest" in catalogue.tooling.test_runners


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["skills"].append({"name": "Copy", "imports": ["flask"], "weight": 0}),
            "import flask",
        ),
        (
            lambda d: d["skills"].append(
                {"name": "Other", "requirements": ["Scikit_Learn"], "weight": 0}
            ),
            "requirement scikit-learn",
        ),
        (lambda d: d["skills"][0].update(track="frontend"), "unknown track"),
        (lambda d: d["skills"][0].update(weight=7), "weight must be"),
        (lambda d: d["skills"][0].update(imports="fastapi"), "imports must be"),
        (lambda d: d["skills"].append({"imports": ["x"]}), "without a name"),
        (lambda d: d["skills"].append(d["skills"][0]), "listed twice"),
        (lambda d: d["tooling"]["files"].append({"kind": "ci", "name": "X"}), "globs"),
        (lambda d: d["tooling"]["checker_files"].update({"x.cfg": "nolint"}), "checker_files"),
    ],
)
def test_a_malformed_catalogue_is_refused_naming_the_entry(change: Any, message: str) -> None:
    data = _shipped()
    change(data)
    with pytest.raises(ValueError, match=message):
        parse_catalogue(data)

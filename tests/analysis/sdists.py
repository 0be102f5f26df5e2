"""Real code nobody here wrote: source distributions from PyPI, fetched once and cached.

An sdist carries a project's package, its tests, its packaging and often its CI files, so
the analysis can be held against what an expert sees in it. Each is pinned by version and
checked against the SHA-256 that PyPI's simple index publishes. Where PyPI cannot be
reached the tests that need one are skipped, except under ``RECRUITDESK_REQUIRE_SDISTS=1``
(set by ``.ci/run``), where they fail.

Several tests read the analysis of one sdist (Flask's in four files): :func:`analysed`
runs it once per process.
"""

import hashlib
import json
import os
import tarfile
import urllib.request
import zipfile
from pathlib import Path

import pytest
from tests import templates

from recruitdesk.analysis.engine import analyze_path
from recruitdesk.analysis.result import AnalysisResult

INDEX = "https://pypi.org/simple"
_ACCEPT = "application/vnd.pypi.simple.v1+json"
_TIMEOUT = 60


def cache_dir() -> Path:
    folder = os.environ.get("RECRUITDESK_SDIST_CACHE")
    path = Path(folder) if folder else Path.home() / ".cache" / "recruitdesk-test-sdists"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _sdist_entry(name: str, version: str) -> tuple[str, str, str]:
    """(file name, url, sha256) of ``name==version``'s source distribution."""
    request = urllib.request.Request(f"{INDEX}/{name}/", headers={"Accept": _ACCEPT})  # noqa: S310
    # The URLs are https constants of this module, never user input.
    with urllib.request.urlopen(request, timeout=_TIMEOUT) as response:  # noqa: S310
        files = json.load(response)["files"]
    wanted = _file_names(name, version)
    for entry in files:
        if entry["filename"] in wanted:
            return entry["filename"], entry["url"], entry["hashes"]["sha256"]
    raise LookupError(f"PyPI has no sdist of {name} {version}")


def _file_names(name: str, version: str) -> set[str]:
    stems = {name, name.lower(), name.replace("-", "_"), name.lower().replace("-", "_")}
    return {f"{stem}-{version}{ext}" for stem in stems for ext in (".tar.gz", ".zip")}


def download(name: str, version: str) -> Path:
    """The cached archive of ``name==version``'s sdist, fetched on first use."""
    for cached in cache_dir().glob("*"):
        if cached.is_file() and cached.name in _file_names(name, version):
            return cached
    filename, url, sha256 = _sdist_entry(name, version)
    with urllib.request.urlopen(url, timeout=_TIMEOUT) as response:  # noqa: S310
        data = response.read()
    if hashlib.sha256(data).hexdigest() != sha256:
        raise ValueError(f"{filename}: the download does not match PyPI's SHA-256")
    target = cache_dir() / filename
    partial = target.with_name(target.name + ".partial")
    partial.write_bytes(data)
    partial.replace(target)
    return target


def sdist(name: str, version: str) -> Path:
    """The archive, or a skip (a failure under ``RECRUITDESK_REQUIRE_SDISTS=1``)."""
    try:
        return download(name, version)
    except OSError as error:
        if os.environ.get("RECRUITDESK_REQUIRE_SDISTS") == "1":
            raise
        pytest.skip(f"PyPI cannot be reached for the sdists ({error})")


def unpacked(name: str, version: str, into: Path) -> Path:
    """The sdist unpacked under ``into``: its top folder."""
    archive = sdist(name, version)
    if archive.name.endswith(".zip"):
        with zipfile.ZipFile(archive) as opened:
            # Pinned by SHA-256 above; zipfile itself strips absolute and ".." parts.
            opened.extractall(into)  # noqa: S202
    else:
        with tarfile.open(archive) as opened:
            # Pinned by SHA-256 above; Python before 3.11.4 (Debian 12's) has no filters.
            if hasattr(tarfile, "data_filter"):
                opened.extractall(into, filter="data")
            else:
                opened.extractall(into)  # noqa: S202
    (top,) = [child for child in into.iterdir() if child.is_dir()]
    return top


_analysed: dict[tuple[str, str], AnalysisResult] = {}


def analysed(name: str, version: str) -> AnalysisResult:
    """``analyze_path`` of the unpacked sdist with one worker, run once per process for
    the tests that only read it (a frozen result; about a second for Flask's)."""
    key = (name, version)
    if key not in _analysed:
        _analysed[key] = analyze_path(unpacked_once(name, version), workers=1)
    return _analysed[key]


def unpacked_once(name: str, version: str) -> Path:
    """The sdist unpacked once per process, for tests that only read or copy its files."""
    into = templates.made_once(
        f"sdist-{name}-{version}", lambda path: unpacked(name, version, path)
    )
    (top,) = [child for child in into.iterdir() if child.is_dir()]
    return top

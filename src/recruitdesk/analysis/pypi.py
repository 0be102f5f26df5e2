"""Packages the candidate maintains: their own repositories that declare a
distribution, confirmed and counted on PyPI's JSON API (``GET {pypi}/{name}/json``).

Optional: without a PyPI address nothing is asked, and an unreachable PyPI leaves a
note, never a failed analysis (PyPI is not GitHub: no job waits for it). Each answer's
ETag is kept with the package, so an unchanged project is a ``304`` next time. A
project counts as the candidate's only when its own links name the repository
(``…/LOGIN/REPO``): a name alone may be someone else's project on PyPI.
"""

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from typing import Any

from recruitdesk import __version__
from recruitdesk.analysis.contribution_parts import Package
from recruitdesk.analysis.result import RepoResult

#: Packages looked up at most per candidate (the most starred repositories first).
MAX_PACKAGES = 5
#: Bytes of one answer read at most (a project with thousands of releases is a few MB).
MAX_ANSWER_BYTES = 8_000_000
TIMEOUT_SECONDS = 5
_NAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,98}[A-Za-z0-9])?$")


def _links(info: dict[str, Any]) -> list[str]:
    urls = [str(info.get("home_page") or ""), str(info.get("project_url") or "")]
    project_urls = info.get("project_urls")
    if isinstance(project_urls, dict):
        urls += [str(url) for url in project_urls.values()]
    return urls


def _names_repo(info: dict[str, Any], login: str, repo: str) -> bool:
    wanted = f"/{login}/{repo}".lower()
    return any(
        urllib.parse.urlsplit(url).path.lower().rstrip("/").removesuffix(".git") == wanted
        or urllib.parse.urlsplit(url).path.lower().startswith(wanted + "/")
        for url in _links(info)
    )


def _fetch(url: str, etag: str | None) -> tuple[int, dict[str, Any] | None, str | None]:
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked by the caller)
        url, headers={"User-Agent": f"recruitdesk/{__version__}", "Accept": "application/json"}
    )
    if etag:
        request.add_header("If-None-Match", etag)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            body = response.read(MAX_ANSWER_BYTES + 1)
            new_etag = response.headers.get("ETag")
    except urllib.error.HTTPError as error:
        error.close()
        return error.code, None, etag
    if len(body) > MAX_ANSWER_BYTES:
        return 413, None, None
    data = json.loads(body)
    return 200, data if isinstance(data, dict) else None, new_etag


def _package(name: str, repo: str, data: dict[str, Any], etag: str | None) -> Package | None:
    info = data.get("info")
    releases = data.get("releases")
    if not isinstance(info, dict) or not isinstance(releases, dict):
        return None
    published = [
        version
        for version, files in releases.items()
        if isinstance(files, list)
        and any(not f.get("yanked") for f in files if isinstance(f, dict))
    ]
    latest = info.get("version")
    return Package(
        name=str(info.get("name") or name),
        repo=repo,
        releases=len(published),
        latest=str(latest) if isinstance(latest, str) else None,
        etag=etag,
    )


def published_packages(
    login: str,
    repos: Sequence[RepoResult],
    pypi_url: str | None,
    previous: Sequence[Package] = (),
) -> tuple[tuple[Package, ...], list[str]]:
    """The packages the candidate's repositories publish on PyPI, and notes on what
    could not be read."""
    candidates = sorted(
        (repo for repo in repos if repo.package and not repo.fork and _NAME.match(repo.package)),
        key=lambda repo: -repo.stars,
    )[:MAX_PACKAGES]
    if not candidates or not pypi_url:
        return (), []
    if urllib.parse.urlsplit(pypi_url).scheme not in ("http", "https"):
        return (), [f"{pypi_url!r} is not an http(s) address, so PyPI was not asked."]
    known = {package.repo: package for package in previous}
    found: list[Package] = []
    for repo in candidates:
        name = str(repo.package)
        old = known.get(repo.name)
        try:
            status, data, etag = _fetch(
                f"{pypi_url.rstrip('/')}/{urllib.parse.quote(name)}/json",
                old.etag if old is not None and old.name.lower() == name.lower() else None,
            )
        except (OSError, ValueError) as error:  # refused, timed out, not JSON
            return tuple(found), [
                f"PyPI could not be read ({type(error).__name__}); "
                "packages' releases were not counted."
            ]
        if status == 304 and old is not None:
            found.append(old)
        elif status == 200 and data is not None:
            info = data.get("info")
            if isinstance(info, dict) and _names_repo(info, login, repo.name):
                package = _package(name, repo.name, data, etag)
                if package is not None and package.releases:
                    found.append(package)
    return tuple(found), []

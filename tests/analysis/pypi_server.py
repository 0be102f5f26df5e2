"""PyPI's JSON API on 127.0.0.1 for tests: ``GET /pypi/{name}/json`` in PyPI's shape
(``info`` with ``project_urls``, ``releases`` by version with their files, yanked or
not), an ``ETag`` answered with ``304``, ``404`` for an unknown project."""

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.analysis.github_server import serve_in_thread


def project_json(
    name: str, repo_url: str, versions: list[str], yanked: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """A project as PyPI's JSON API gives it (the fields the analysis reads and a few
    around them)."""

    def files(version: str) -> list[dict[str, Any]]:
        filename = f"{name}-{version}.tar.gz"
        return [
            {
                "filename": filename,
                "packagetype": "sdist",
                "python_version": "source",
                "size": 12_345,
                "upload_time_iso_8601": "2025-03-01T10:00:00.000000Z",
                "url": f"https://files.example.org/{filename}",
                "yanked": version in yanked,
                "yanked_reason": "broken" if version in yanked else None,
                "digests": {"sha256": hashlib.sha256(filename.encode()).hexdigest()},
            }
        ]

    return {
        "info": {
            "name": name,
            "version": versions[-1],
            "summary": f"{name}, a library",
            "home_page": "",
            "project_url": f"https://pypi.example.org/project/{name}/",
            "project_urls": {"Source": repo_url, "Documentation": f"https://{name}.example.org"},
            "requires_python": ">=3.10",
            "yanked": False,
        },
        "last_serial": 1,
        "releases": {version: files(version) for version in versions},
        "urls": files(versions[-1]),
        "vulnerabilities": [],
    }


class PyPIServer:
    def __init__(self) -> None:
        self.projects: dict[str, dict[str, Any]] = {}
        self.seen: list[tuple[str, int]] = []
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/pypi"


class _Handler(BaseHTTPRequestHandler):
    pypi: PyPIServer
    protocol_version = "HTTP/1.1"
    # Headers and body are two writes: with Nagle's algorithm the body would wait for
    # the client's delayed ACK (tests/analysis/github_server.py).
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        parts = self.path.strip("/").split("/")
        project = None
        if len(parts) == 3 and parts[0] == "pypi" and parts[2] == "json":
            project = self.pypi.projects.get(parts[1].lower())
        if project is None:
            self._answer(404, b'{"message": "Not Found"}', {})
            return
        body = json.dumps(project).encode()
        etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        if self.headers.get("If-None-Match") == etag:
            self._answer(304, b"", {"ETag": etag})
            return
        self._answer(200, body, {"ETag": etag, "Content-Type": "application/json"})

    def _answer(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.pypi.seen.append((self.path, status))
        self.send_response(status)
        for name, value in {**headers, "Content-Length": str(len(body))}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def pypi_server() -> Iterator[PyPIServer]:
    pypi = PyPIServer()
    handler = type("Handler", (_Handler,), {"pypi": pypi})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = serve_in_thread(server)
    pypi._server = server
    try:
        yield pypi
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)

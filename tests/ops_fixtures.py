"""Fixtures shared by the operations tests: an output folder built from the seeds, a PostgreSQL server, ports."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SEEDS, run_cli

POSTGRES_ENV = "NEWSFACTS_TEST_POSTGRES_URL"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout: float, process: subprocess.Popen | None = None) -> None:
    """Wait until something accepts connections on 127.0.0.1:port (fail early if `process` exits)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process exited with status {process.returncode} before listening on {port}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


def stop(process: subprocess.Popen) -> None:
    """Stop a process this test started: terminate, then kill if it lingers."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def venv_bin(name: str) -> str:
    """The path of a console script installed beside this Python."""
    return str(Path(sys.executable).parent / name)


@pytest.fixture(scope="session")
def seeds_output(tmp_path_factory, prefect_env) -> Path:
    """An output folder written by one `newsfacts run` on the shipped seeds; tests copy it before changing it."""
    out = tmp_path_factory.mktemp("seeds_output") / "data"
    result = run_cli(["run", "--input", str(SEEDS), "--output", str(out), "--no-progress"], prefect_env)
    assert result.returncode == 0, result.stderr
    return out


def copy_output(src: Path, dest: Path) -> Path:
    """A copy of an output folder, so a test may add runs to it."""
    shutil.copytree(src, dest)
    return dest


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The URL of a PostgreSQL server for the tests (.ci/run starts one and sets it)."""
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f"no PostgreSQL server configured: set {POSTGRES_ENV} (start one with `.ci/postgres start DIR`)")
    return url


class LocalSite:
    """An HTTP server on 127.0.0.1 serving the routes a test gives it, and logging every request it gets.

    A route is a path and a list of responses (status, headers, body, delay in seconds); the last one repeats."""

    def __init__(self):
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        site = self
        self.routes: dict[str, list[tuple[int, dict, bytes, float]]] = {}
        self.log: list[tuple[float, str, str]] = []   # (time, path, user agent)
        self._lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 - the http.server interface
                with site._lock:
                    site.log.append((time.monotonic(), self.path, self.headers.get("User-Agent", "")))
                    answers = site.routes.get(self.path.split("?")[0])
                    answer = (answers.pop(0) if len(answers) > 1 else answers[0]) if answers else None
                status, headers, body, delay = answer or (404, {"Content-Type": "text/plain"}, b"not found", 0.0)
                if delay:
                    time.sleep(delay)
                self.send_response(status)
                headers = dict(headers)
                chunked = headers.pop("X-Chunked", None)
                for key, value in headers.items():
                    self.send_header(key, value)
                if chunked:
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    try:
                        for i in range(0, len(body), 65536):
                            part = body[i:i + 65536]
                            self.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
                        self.wfile.write(b"0\r\n\r\n")
                    except OSError:
                        pass
                    return
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except OSError:
                    pass

            def log_message(self, *args):  # keep the test output clean
                pass

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address):  # a client that hangs up early is expected here
                pass

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def add(self, path: str, body: bytes | str, content_type: str = "text/html; charset=utf-8", status: int = 200,
            delay: float = 0.0, **headers) -> str:
        """Serve `body` at `path` (appending to the answers already there); the full URL."""
        data = body.encode() if isinstance(body, str) else body
        extra = {k.replace("_", "-").title(): v for k, v in headers.items()}
        self.routes.setdefault(path, []).append((status, {"Content-Type": content_type, **extra}, data, delay))
        return self.base + path

    def paths(self) -> list[str]:
        return [path for _, path, _ in self.log]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site():
    """A fresh local HTTP server for one test."""
    s = LocalSite()
    yield s
    s.close()

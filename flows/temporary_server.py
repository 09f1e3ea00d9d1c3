"""Prefect's temporary local server for one run, started first so that it comes up while the run imports.

With no PREFECT_API_URL, Prefect starts a temporary server itself when the flow first calls its API: it imports
the server's application in this process (3 to 4 s), then waits while the server's own process imports it again
and opens its database (5 to 7 s more). Started here instead, before the run imports Prefect's flow engine, Great
Expectations and the transforms, the server's process does its share on the other core in the meantime, and this
process never imports the server. The command and settings are those of Prefect's own
(prefect.server.api.server.SubprocessASGIServer, Prefect 3).
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_PORT_IN_USE = 3  # uvicorn's exit status when it cannot bind its port
# The server is on this machine: asked directly, never through a proxy that the environment names.
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class ServerError(RuntimeError):
    """The temporary server did not come up."""


class TemporaryServer:
    """A Prefect server process on a free port of 127.0.0.1, stopped with `stop()`."""

    def __init__(self) -> None:
        self.port = 0
        self._process: subprocess.Popen | None = None
        self._launch()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def _launch(self) -> None:
        import prefect
        from prefect.settings import get_current_settings

        self.port = _free_port()
        environment = {**os.environ, **get_current_settings().to_environment_variables(exclude_unset=True),
                       "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
        self._process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--app-dir", str(Path(prefect.__file__).parent.parent),
             "--factory", "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(self.port),
             "--log-level", "error", "--lifespan", "on"],
            env=environment, stdin=subprocess.DEVNULL)

    def wait_until_ready(self, timeout: float) -> None:
        """Return once the server answers its health check; ServerError if it has not within `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self._process.poll()
            if status == _PORT_IN_USE:  # taken since it was found free: another port
                self._launch()
            elif status is not None:
                raise ServerError(f"Prefect's temporary server exited with status {status}")
            try:
                with _DIRECT.open(f"{self.api_url}/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        raise ServerError(f"Prefect's temporary server did not answer within {timeout:.0f} s")

    @contextmanager
    def serving(self, timeout: float) -> Iterator[str]:
        """Once the server is up, Prefect's API is this server's (PREFECT_API_URL) within the block."""
        from prefect.settings import PREFECT_API_URL, temporary_settings

        self.wait_until_ready(timeout)
        with temporary_settings({PREFECT_API_URL: self.api_url}):
            yield self.api_url

    def stop(self) -> None:
        if self._process is None or self._process.poll() is not None:
            return
        _send_what_prefect_holds()
        self._process.terminate()
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()


def start_if_needed() -> TemporaryServer | None:
    """A temporary server, started now, when Prefect would start one: no PREFECT_API_URL is set (in the
    environment or the Prefect profile) and temporary servers are allowed. Otherwise None, and Prefect does as
    it is told."""
    from prefect.settings import PREFECT_API_URL, PREFECT_SERVER_EPHEMERAL_ENABLED

    if PREFECT_API_URL.value() or not PREFECT_SERVER_EPHEMERAL_ENABLED.value():
        return None
    return TemporaryServer()


def _send_what_prefect_holds() -> None:
    """Send the logs and events Prefect still holds to the server before it stops: at exit, its workers would retry
    a server that is gone for a minute and more."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        worker.drain_all(timeout=5)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

"""Runs the server inside another process on a background thread (demos, tests, offline trials).

Without a database URL the server keeps its data in a temporary SQLite file that
disappears with :meth:`EmbeddedServer.stop`, and seals personal fields with a throw-away key.
"""

from __future__ import annotations

import secrets
import socket
import tempfile
import threading
import time
from pathlib import Path

import uvicorn

from sync.server.app import build_context, create_app
from sync.server.enrollment import issue_enrollment_code
from sync.server.settings import ServerSettings


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


class EmbeddedServer:
    """The server on ``host:port`` in a daemon thread. ``start`` returns once it accepts connections.

    ``database_url`` None means a temporary SQLite file; ``development`` serves the development
    adapters' endpoints (recorded SMS, payment confirmation, enrollment codes); ``tls`` (a PEM
    certificate chain and its key) serves HTTPS."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int | None = None,
        *,
        database_url: str | None = None,
        development: bool = True,
        settings: ServerSettings | None = None,
        tls: tuple[Path, Path] | None = None,
    ) -> None:
        self.host = host
        self.port = port if port is not None else free_port(host)
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        if settings is None:
            if database_url is None:
                self._folder = tempfile.TemporaryDirectory(prefix="kiosk-server-")
                database_url = f"sqlite:///{Path(self._folder.name) / 'server.sqlite3'}"
            settings = ServerSettings(
                database_url=database_url, data_key=secrets.token_bytes(32), development=development
            )
        self.settings = settings
        self.context = build_context(settings)
        self.app = create_app(settings, context=self.context)
        self.scheme = "https" if tls is not None else "http"
        config = uvicorn.Config(
            self.app,
            host=self.host,
            port=self.port,
            log_level="warning",
            lifespan="off",
            ssl_certfile=str(tls[0]) if tls is not None else None,
            ssl_keyfile=str(tls[1]) if tls is not None else None,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="embedded-server", daemon=True)

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"

    def start(self, timeout_s: float = 10.0) -> None:
        self._thread.start()
        deadline = time.monotonic() + timeout_s
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError(f"embedded server did not start on {self.url}")
            time.sleep(0.02)

    def issue_enrollment_code(self, office_code: str, profile: str | None = "vn") -> str:
        """A one-time code for ``office_code`` (the office is created with ``profile`` if new)."""
        with self.context.sessions.begin() as session:
            return issue_enrollment_code(
                session,
                office_code=office_code,
                profile=profile,
                ttl_s=self.settings.enrollment_code_ttl_s,
                now=self.settings.clock(),
            )

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=5)
        self.context.engine.dispose()
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None

"""A throw-away PostgreSQL cluster for tests and benchmarks (Debian ``postgresql`` binaries).

``initdb`` into a temporary folder, ``postgres`` on a free loopback port with its socket in
that folder, stopped and deleted at the end. As root, the server runs as the ``postgres``
user (``runuser``), which owns the folder. Nothing relies on a system service. A missing
installation is an error, never a skip: the project's set-up installs PostgreSQL.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import psycopg

PG_ROOTS = (Path("/usr/lib/postgresql"),)


class PostgresUnavailable(RuntimeError):
    """PostgreSQL is not installed or did not start."""


def find_bin_dir() -> Path:
    """The newest ``/usr/lib/postgresql/<version>/bin``, else the folder of ``pg_ctl`` on PATH."""
    candidates: list[tuple[int, Path]] = []
    for root in PG_ROOTS:
        if root.is_dir():
            for version in root.iterdir():
                if (version / "bin" / "initdb").exists() and version.name.split(".")[0].isdigit():
                    candidates.append((int(version.name.split(".")[0]), version / "bin"))
    if candidates:
        return max(candidates)[1]
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl and (Path(pg_ctl).parent / "initdb").exists():
        return Path(pg_ctl).parent
    raise PostgresUnavailable(
        "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): run scripts/setup.sh."
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class PostgresCluster:
    """One cluster; :meth:`create_database` hands out fresh, empty databases on it."""

    def __init__(self, *, fsync: bool = False) -> None:
        self.bin_dir = find_bin_dir()
        self.fsync = fsync
        self.port = _free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="kiosk-pg-"))
        self.data_dir = self.folder / "data"
        self.log_file = self.folder / "postgres.log"
        self._as_root = os.geteuid() == 0
        self.user = "postgres" if self._as_root else pwd.getpwuid(os.geteuid()).pw_name
        self._started = False

    def _run(self, *command: str) -> subprocess.CompletedProcess[str]:
        prefix = ["runuser", "-u", "postgres", "--"] if self._as_root else []
        return subprocess.run(
            [*prefix, *command], capture_output=True, text=True, timeout=120, check=False, cwd=self.folder
        )

    def start(self) -> PostgresCluster:
        if self._as_root:
            record = pwd.getpwnam("postgres")
            os.chown(self.folder, record.pw_uid, record.pw_gid)
        initdb = self._run(
            str(self.bin_dir / "initdb"),
            "-D",
            str(self.data_dir),
            "-U",
            self.user,
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        if initdb.returncode != 0:
            raise PostgresUnavailable(f"initdb failed: {initdb.stderr.strip()[-500:]}")
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c max_connections=200 "
            f"-c fsync={'on' if self.fsync else 'off'} -c shared_buffers=64MB"
        )
        started = self._run(
            str(self.bin_dir / "pg_ctl"),
            "-D",
            str(self.data_dir),
            "-l",
            str(self.log_file),
            "-o",
            options,
            "-w",
            "start",
        )
        if started.returncode != 0:
            log = self.log_file.read_text(errors="replace")[-800:] if self.log_file.exists() else ""
            raise PostgresUnavailable(f"PostgreSQL did not start: {started.stderr.strip()} {log}")
        self._started = True
        return self

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def create_database(self, prefix: str = "kiosk") -> str:
        """A new empty database; returns its SQLAlchemy URL."""
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user={self.user} dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        if self._started:
            self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", "immediate", "-w", "stop")
            self._started = False
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> PostgresCluster:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

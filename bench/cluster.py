"""A PostgreSQL server of the load benchmark's own: created, started, measured and removed by it.

``initdb`` into a temporary folder and ``pg_ctl start`` on a free loopback port (no other
address is listened on), fsync on as in production, with room for a few hundred connections
(every server worker keeps its own pool). As root the server runs as the ``postgres`` user,
which owns the folder. Nothing relies on a system service; everything is gone after ``stop``.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg

from bench.server_ingest import free_port


def postgres_bin_dir() -> Path:
    """The ``bin`` folder of the newest installed PostgreSQL (Debian layout), else of ``pg_ctl`` on PATH."""
    versions = sorted(
        (int(folder.name), folder / "bin")
        for folder in Path("/usr/lib/postgresql").glob("*")
        if folder.name.isdigit() and (folder / "bin" / "initdb").exists()
    )
    if versions:
        return versions[-1][1]
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl is None:
        raise RuntimeError("PostgreSQL is not installed (no initdb / pg_ctl): run scripts/setup.sh.")
    return Path(pg_ctl).parent


class BenchPostgres:
    """One throw-away server; :meth:`new_database` gives the URL of a fresh, empty database."""

    def __init__(self) -> None:
        self.bin_dir = postgres_bin_dir()
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="kiosk-bench-load-pg-"))
        self.data_dir = self.folder / "data"
        self.as_root = os.geteuid() == 0
        self.user = "postgres" if self.as_root else pwd.getpwuid(os.geteuid()).pw_name
        self.running = False

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_root else []
        done = subprocess.run(
            [*prefix, *command], cwd=self.folder, capture_output=True, text=True, timeout=120, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"{Path(command[0]).name} failed: {done.stderr.strip()[-400:]}")

    def start(self) -> BenchPostgres:
        if self.as_root:
            owner = pwd.getpwnam("postgres")
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
        self._run(
            str(self.bin_dir / "initdb"), "-D", str(self.data_dir), "-U", self.user,
            "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync",
        )  # fmt: skip
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c max_connections=300 "
            "-c fsync=on -c shared_buffers=128MB"
        )
        log_file = str(self.folder / "postgres.log")
        self._run(
            str(self.bin_dir / "pg_ctl"),
            "-D",
            str(self.data_dir),
            "-l",
            log_file,
            "-o",
            options,
            "-w",
            "start",
        )
        self.running = True
        return self

    def new_database(self, name: str) -> str:
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user={self.user} dbname=postgres", autocommit=True
        ) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{name}"

    def pids(self) -> list[int]:
        """The postmaster and its children (backends, writer, WAL writer...), for CPU accounting."""
        pid_file = self.data_dir / "postmaster.pid"
        if not pid_file.exists():
            return []
        postmaster = int(pid_file.read_text().split()[0])
        children = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == postmaster:
                    children.append(int(entry.name))
        return [postmaster, *children]

    def stop(self) -> None:
        if self.running:
            self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w", "stop")
            self.running = False
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> BenchPostgres:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

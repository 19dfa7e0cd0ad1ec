"""A damaged kiosk database: one sentence naming the file and what to do, never a traceback.

Each test makes the damage itself on a real database: the file cut short (a copy that stopped
half way), a page header overwritten (a flipped byte on a failing card), and a row holding a
state no version of the kiosk writes (edited by hand). The commands end with status 1, not the
configuration status 2; files holding personal data are created owner-only whatever the umask.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
import subprocess
import sys
import tarfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from kiosk.errors import DamagedDatabaseError
from kiosk.logs import configure_logging
from kiosk.storage import audit_chain
from kiosk.storage.audit_chain import ChainEntry
from kiosk.storage.database import open_database, session_factory
from sync.keystore import KeyStore
from sync.outbox import OutboxItem, OutboxState
from sync.worker import SyncSettings, SyncWorker

KIOSK = [sys.executable, "-m", "ui.launcher"]
DATABASE = "kiosk.sqlite3"


def make_database(home: Path) -> Path:
    """A kiosk database with enough rows to span many pages, closed (its WAL checkpointed)."""
    home.mkdir(parents=True, exist_ok=True)
    path = home / DATABASE
    engine = open_database(path)
    with session_factory(engine).begin() as session:
        for _ in range(200):
            audit_chain.append(session, [ChainEntry(datetime.now(UTC), "test", "note", detail="x" * 400)])
            session.add(
                OutboxItem(
                    idempotency_key=str(uuid.uuid4()),
                    kind="queue_ticket",
                    schema_version=1,
                    created_at=datetime.now(UTC),
                    state=OutboxState.PENDING,
                    attempts=0,
                    payload="{}",
                )
            )
    engine.dispose()
    assert not (home / f"{DATABASE}-wal").exists()
    return path


def truncate(path: Path) -> None:
    with path.open("r+b") as stream:
        stream.truncate(path.stat().st_size // 2)


def flip_page_header(path: Path) -> None:
    """Overwrites the b-tree page type of the database's second page with a byte no page has."""
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    assert data[page_size] in (0x02, 0x05, 0x0A, 0x0D)  # a b-tree page: interior or leaf, index or table
    data[page_size] ^= 0xFF
    path.write_bytes(bytes(data))


def unknown_state(path: Path) -> None:
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("UPDATE outbox SET state = 'misplaced' WHERE id = 7")
    connection.close()


DAMAGE: dict[str, Callable[[Path], None]] = {
    "truncated": truncate,
    "flipped": flip_page_header,
    "unknown_value": unknown_state,
}


@pytest.fixture(params=sorted(DAMAGE))
def damaged_home(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    home = tmp_path / "home"
    DAMAGE[request.param](make_database(home))
    (home / "kiosk.toml").write_text('[devices]\nprinter = "dummy:"\n', encoding="utf-8")
    return home


def test_opening_a_damaged_database_names_the_file_and_what_to_do(damaged_home: Path) -> None:
    path = damaged_home / DATABASE
    with pytest.raises(DamagedDatabaseError) as raised:
        open_database(path)
    message = str(raised.value)
    assert raised.value.exit_status == 1
    assert f"The kiosk database {path} is damaged" in message
    assert "restore it from the technician's backup" in message and "move it aside" in message
    assert "\n" not in message


@pytest.mark.parametrize("command", [["doctor"], ["run"]])
def test_doctor_and_run_stop_with_one_sentence_and_status_1(damaged_home: Path, command: list[str]) -> None:
    env = dict(os.environ, KIOSK_HOME=str(damaged_home), QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [*KIOSK, *command, "--simulate"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    # The offscreen Qt platform's own notices are not the kiosk's output.
    lines = [
        line for line in result.stderr.strip().splitlines() if "This plugin does not support" not in line
    ]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"The kiosk database {damaged_home / DATABASE} is damaged (")


def test_a_sound_database_opens(tmp_path: Path) -> None:
    open_database(make_database(tmp_path / "home")).dispose()


# --- the sync worker on a persistent fault ----------------------------------------------------------


def test_the_sync_worker_backs_off_on_a_persistent_error(tmp_path: Path) -> None:
    """GIVEN a database SQLite cannot read WHEN the worker runs for a second and a half THEN its
    cycles fail at exponentially spaced times: a handful of log records, one traceback."""
    home = tmp_path / "home"
    home.mkdir()
    broken = home / DATABASE
    broken.write_bytes(b"this is not a database" * 100)
    records: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Collect(level=logging.WARNING)
    logger = logging.getLogger("sync.worker")
    logger.addHandler(handler)
    worker = SyncWorker(
        home=home,
        sessions=sessionmaker(bind=create_engine(f"sqlite:///{broken}")),
        keystore=KeyStore.open(home),
        identity=lambda: None,
        today=lambda: date(2026, 11, 23),
        settings=SyncSettings(poll_s=0.02, backoff_base_s=0.05, backoff_cap_s=0.4, heartbeat_s=3600.0),
    )
    try:
        worker.start()
        for _ in range(20):  # kicks (new data) do not cut a backoff short
            worker.kick()
            time.sleep(0.075)
    finally:
        worker.stop()
        logger.removeHandler(handler)
    # Backoff 0.05, 0.1, 0.2, 0.4, 0.4... halved at worst by the jitter: at most 11 cycles in 1.5 s;
    # without it the worker retries every poll (about 30 times, or 20 with each kick).
    assert 3 <= len(records) <= 11, len(records)
    assert records[0].exc_info is not None
    assert all(record.exc_info is None for record in records[1:])
    assert all(record.getMessage().count("\n") == 0 for record in records[1:])


# --- owner-only files -------------------------------------------------------------------------------


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A umask that would leave new files world-readable: nothing may rely on it."""
    previous = os.umask(0)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_database_and_its_wal_and_shm_are_owner_only(tmp_path: Path, open_umask: None) -> None:
    path = tmp_path / "home" / DATABASE
    engine = open_database(path)
    try:
        with session_factory(engine).begin() as session:
            audit_chain.append(session, [ChainEntry(datetime.now(UTC), "test", "note")])
        with engine.connect():  # an open connection keeps the -wal and -shm files
            for name in (DATABASE, f"{DATABASE}-wal", f"{DATABASE}-shm"):
                assert mode(path.parent / name) == 0o600, name
    finally:
        engine.dispose()


def test_logs_are_owner_only(tmp_path: Path, open_umask: None) -> None:
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    try:
        path = configure_logging(tmp_path)
        logging.getLogger("kiosk.test").info("a line")
        assert mode(path) == 0o600
    finally:
        for handler in root.handlers:
            if handler not in saved[0]:
                handler.close()
        root.handlers, root.level = saved[0], saved[1]


def run_kiosk(home: Path, *args: str, umask: int = 0) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, KIOSK_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [*KIOSK, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=lambda: os.umask(umask),
    )


def test_exports_are_owner_only(tmp_path: Path) -> None:
    home = tmp_path / "home"
    make_database(home)
    (home / "kiosk.toml").write_text('[devices]\nprinter = "dummy:"\n', encoding="utf-8")
    passphrase = tmp_path / "passphrase"
    passphrase.write_text("a long enough passphrase\n", encoding="utf-8")
    outbox = run_kiosk(
        home, "outbox", "export", str(tmp_path / "outbox.export"), "--passphrase-file", str(passphrase)
    )
    assert outbox.returncode == 0, outbox.stderr
    assert mode(tmp_path / "outbox.export") == 0o600
    logs = run_kiosk(home, "technician", "export-logs", str(tmp_path / "logs.tar.gz"))
    assert logs.returncode == 0, logs.stderr
    assert mode(tmp_path / "logs.tar.gz") == 0o600
    with tarfile.open(tmp_path / "logs.tar.gz") as archive:
        assert "manifest.json" in archive.getnames()
    assert mode(home / "logs" / "kiosk.log") == 0o600

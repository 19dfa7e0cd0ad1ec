"""The audit log is an append-only hash chain: a day of simulated sessions verifies, and each
kind of tampering with the SQLite file is named by ``kiosk audit verify``."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from kiosk.storage import audit_chain
from kiosk.storage.audit_chain import GENESIS, ChainEntry, chain_head, verify
from kiosk.storage.database import migrate, open_database, open_engine, session_factory
from kiosk.storage.models import AuditEventRecord

KIOSK = [sys.executable, "-m", "ui.launcher"]
DATABASE = "kiosk.sqlite3"


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, KIOSK_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return subprocess.run([*KIOSK, *args], env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def day_of_sessions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A kiosk home after 30 simulated citizens (each ticket audited)."""
    home = tmp_path_factory.mktemp("day") / "home"
    result = run(home, "simulate", "sessions", "--count", "30", "--seed", "7")
    assert result.returncode == 0, result.stderr
    return home


@pytest.fixture
def home(day_of_sessions: Path, tmp_path: Path) -> Path:
    """A copy of the day's kiosk home that a test may tamper with."""
    copy = tmp_path / "home"
    copy.mkdir()
    source = sqlite3.connect(day_of_sessions / DATABASE)
    target = sqlite3.connect(copy / DATABASE)
    source.backup(target)
    source.close()
    target.close()
    return copy


def tamper(home: Path, *statements: str) -> None:
    """What someone with the file could do: drop the append-only triggers, then edit rows."""
    connection = sqlite3.connect(home / DATABASE)
    connection.execute("DROP TRIGGER audit_event_no_update")
    connection.execute("DROP TRIGGER audit_event_no_delete")
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()


def verify_json(home: Path) -> tuple[int, dict[str, object]]:
    result = run(home, "audit", "verify", "--json")
    return result.returncode, json.loads(result.stdout)


def test_a_day_of_sessions_verifies(day_of_sessions: Path) -> None:
    """GIVEN 30 simulated citizens WHEN the chain is verified THEN it passes with an entry per ticket
    and the head is the last entry's hash; the plain output says so in one sentence"""
    status, report = verify_json(day_of_sessions)
    assert status == 0
    assert report["ok"] is True and report["entries"] == 30
    connection = sqlite3.connect(day_of_sessions / DATABASE)
    last, actions = connection.execute(
        "SELECT (SELECT entry_hash FROM audit_event ORDER BY id DESC LIMIT 1),"
        " (SELECT COUNT(*) FROM audit_event WHERE action = 'queue.ticket_issued')"
    ).fetchone()
    details = [json.loads(row[0]) for row in connection.execute("SELECT detail FROM audit_event")]
    connection.close()
    assert report["head"] == last and actions == 30
    assert all(set(detail) == {"category", "number"} for detail in details)  # nothing personal
    plain = run(day_of_sessions, "audit", "verify")
    assert plain.returncode == 0 and "intact" in plain.stdout


def test_an_altered_entry_is_named(home: Path) -> None:
    tamper(home, """UPDATE audit_event SET detail = '{"category":"A","number":99}' WHERE id = 12""")
    status, report = verify_json(home)
    assert status == 1
    assert report == {"ok": False, "entries": 30, "first_bad": {"id": 12, "problem": "altered"}}
    plain = run(home, "audit", "verify")
    assert plain.returncode == 1 and "entry 12" in plain.stderr and "altered" in plain.stderr


def test_an_altered_hash_is_named(home: Path) -> None:
    tamper(home, f"UPDATE audit_event SET entry_hash = '{'ab' * 32}' WHERE id = 5")
    status, report = verify_json(home)
    assert status == 1 and report["first_bad"] == {"id": 5, "problem": "altered"}


def test_a_removed_entry_is_named(home: Path) -> None:
    tamper(home, "DELETE FROM audit_event WHERE id = 9")
    status, report = verify_json(home)
    assert status == 1
    assert report == {"ok": False, "entries": 29, "first_bad": {"id": 9, "problem": "removed"}}
    plain = run(home, "audit", "verify")
    assert plain.returncode == 1 and "entry 9" in plain.stderr and "removed" in plain.stderr


def test_the_first_entry_removed_is_named(home: Path) -> None:
    tamper(home, "DELETE FROM audit_event WHERE id = 1")
    assert verify_json(home) == (
        1,
        {"ok": False, "entries": 29, "first_bad": {"id": 1, "problem": "removed"}},
    )


def test_reordered_entries_are_named(home: Path) -> None:
    """GIVEN entries 20 and 21 swapped (ids exchanged) WHEN verified THEN the entry now at 20 is
    named as reordered"""
    tamper(
        home,
        "UPDATE audit_event SET id = -1 WHERE id = 20",
        "UPDATE audit_event SET id = 20 WHERE id = 21",
        "UPDATE audit_event SET id = 21 WHERE id = -1",
    )
    status, report = verify_json(home)
    assert status == 1
    assert report == {"ok": False, "entries": 30, "first_bad": {"id": 20, "problem": "reordered"}}


def test_a_truncated_log_verifies_locally_but_its_head_goes_back(home: Path, day_of_sessions: Path) -> None:
    """GIVEN the last five entries cut off WHEN verified THEN the rest still chains (only a head
    kept elsewhere, the server's, shows the cut) and the head has fewer entries than before"""
    _, before = verify_json(day_of_sessions)
    tamper(home, "DELETE FROM audit_event WHERE id > 25")
    status, report = verify_json(home)
    assert status == 0 and report["entries"] == 25 and report["head"] != before["head"]


def test_the_log_is_append_only(tmp_path: Path) -> None:
    """GIVEN a chained entry WHEN the kiosk's own database connection updates or deletes it
    THEN SQLite refuses both"""
    engine = open_database(tmp_path / DATABASE)
    sessions = session_factory(engine)
    try:
        with sessions.begin() as session:
            audit_chain.append(session, [ChainEntry(datetime.now(UTC), "technician", "pin.succeeded")])
        for statement in ("UPDATE audit_event SET actor = 'x'", "DELETE FROM audit_event"):
            with pytest.raises(DatabaseError, match="append-only"), sessions.begin() as session:
                session.execute(text(statement))
    finally:
        engine.dispose()


def test_entries_chain_across_transactions(tmp_path: Path) -> None:
    """GIVEN entries appended in two commits WHEN verified THEN the chain holds from the genesis
    value and the head counts every entry"""
    engine = open_database(tmp_path / DATABASE)
    sessions = session_factory(engine)
    start = datetime(2026, 3, 1, 8, tzinfo=UTC)
    try:
        with sessions() as session:
            assert chain_head(session).head == GENESIS
        for n in range(2):
            with sessions.begin() as session:
                audit_chain.append(
                    session,
                    [ChainEntry(start + timedelta(minutes=n * 2 + i), "officer1", "step") for i in range(2)],
                )
        with sessions() as session:
            verdict = verify(session)
            head = chain_head(session)
            hashes = list(session.scalars(select(AuditEventRecord.entry_hash).order_by(AuditEventRecord.id)))
        assert verdict.ok and verdict.entries == 4 == head.count
        assert head.head == verdict.head == hashes[-1] and len(set(hashes)) == 4
    finally:
        engine.dispose()


def test_the_migration_chains_existing_entries(tmp_path: Path) -> None:
    """GIVEN a database at revision 0005 holding audit entries WHEN it is upgraded in place
    THEN every row gets its chained hash, the chain verifies, and the rows are append-only"""
    engine = open_engine(tmp_path / DATABASE)
    try:
        migrate(engine, "0005")
        with engine.begin() as connection:
            for i in range(3):
                connection.exec_driver_sql(
                    "INSERT INTO audit_event (at, actor, action, transaction_id, detail) VALUES (?, ?, ?, ?, ?)",
                    (
                        f"2026-03-01 08:0{i}:00.000000",
                        "technician",
                        "pin.failed",
                        None,
                        '{"n":1}' if i else None,
                    ),
                )
        migrate(engine)
        with session_factory(engine)() as session:
            verdict = verify(session)
            rows = list(session.scalars(select(AuditEventRecord).order_by(AuditEventRecord.id)))
        assert verdict.ok and verdict.entries == 3
        previous = GENESIS
        for row in rows:
            canonical = audit_chain.canonical_bytes(
                row.at, row.actor, row.action, row.transaction_id, row.detail
            )
            assert row.entry_hash == audit_chain.chain_hash(previous, canonical)
            previous = row.entry_hash
        with pytest.raises(DatabaseError, match="append-only"), engine.begin() as connection:
            connection.exec_driver_sql("DELETE FROM audit_event")
    finally:
        engine.dispose()

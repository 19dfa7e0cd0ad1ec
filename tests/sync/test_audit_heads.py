"""The server keeps each kiosk's audit-chain head from its heartbeats and flags a kiosk whose
new head does not extend the old one (truncated or rewritten log), on both databases."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import httpx

from kiosk.app import build_kiosk
from kiosk.clock import FixedClock
from sync.protocol import AuditHead, Heartbeat
from sync.server.embedded import EmbeddedServer
from sync.server.stats import collect_stats
from tests.conftest import kiosk_config
from tests.sync.conftest import OFFICE
from tests.sync.signed_client import KioskIdentity
from tests.sync.test_client import enroll_kiosk


def digest(n: int, salt: str = "") -> str:
    return hashlib.sha256(f"{salt}{n}".encode()).hexdigest()


def beat(kiosk: KioskIdentity, head: AuditHead | None) -> None:
    heartbeat = Heartbeat(
        office_code=OFFICE,
        software_version="1.0",
        sent_at=datetime.now(UTC),
        backlog=0,
        dead_letters=0,
        audit_head=head,
    )
    answer = kiosk.request("POST", "/v1/heartbeat", heartbeat)
    assert answer.status_code == 200, answer.text


def kiosk_stats(server: EmbeddedServer) -> dict[str, object]:
    with server.context.sessions() as session:
        (row,) = collect_stats(session)["kiosks"]
    assert isinstance(row, dict)
    return row


def dashboard(server: EmbeddedServer) -> str:
    return httpx.get(f"{server.url}/dashboard").text


def test_a_growing_chain_is_ok_and_a_truncated_one_is_flagged(
    kiosk: KioskIdentity, server: EmbeddedServer
) -> None:
    """GIVEN heartbeats whose heads grow (3 then 5 entries; one without a head in between)
    WHEN a head with 4 entries follows (the end cut off)
    THEN the kiosk is ``ok`` until then, ``audit_rewritten`` after, in stats and on the dashboard,
    and stays flagged when its chain grows again"""
    beat(kiosk, None)
    assert kiosk_stats(server)["audit_state"] is None
    beat(kiosk, AuditHead(count=3, head=digest(3)))
    beat(kiosk, None)
    beat(kiosk, AuditHead(count=5, head=digest(5)))
    beat(kiosk, AuditHead(count=5, head=digest(5)))
    row = kiosk_stats(server)
    assert row["audit_state"] == "ok" and row["audit_entries"] == 5
    assert "audit_rewritten" not in dashboard(server)
    beat(kiosk, AuditHead(count=4, head=digest(4)))
    row = kiosk_stats(server)
    assert row["audit_state"] == "audit_rewritten" and row["audit_entries"] == 4
    assert "audit_rewritten" in dashboard(server)
    beat(kiosk, AuditHead(count=9, head=digest(9)))
    assert kiosk_stats(server)["audit_state"] == "audit_rewritten"


def test_the_same_count_with_another_hash_is_flagged(kiosk: KioskIdentity, server: EmbeddedServer) -> None:
    """GIVEN a head of 7 entries WHEN the next head has 7 entries and another hash (the log
    rewritten and re-chained) THEN the kiosk is ``audit_rewritten``"""
    beat(kiosk, AuditHead(count=7, head=digest(7)))
    assert kiosk_stats(server)["audit_state"] == "ok"
    beat(kiosk, AuditHead(count=7, head=digest(7, "rewritten")))
    assert kiosk_stats(server)["audit_state"] == "audit_rewritten"


def test_a_kiosk_sends_its_head_and_a_truncated_log_is_flagged(
    server: EmbeddedServer, tmp_path: Path, clock: FixedClock
) -> None:
    """GIVEN an enrolled kiosk that issued three tickets (three audit entries) and synced
    WHEN its last audit entry is cut off in the SQLite file and it syncs again
    THEN the server had its head (3 entries, ``ok``) and then flags it ``audit_rewritten``"""
    home = tmp_path / "kiosk"
    enroll_kiosk(server, home, office=OFFICE)
    clock.set(datetime.now(UTC))
    kiosk = build_kiosk(kiosk_config(), home=home, clock=clock, start_embedded_server=False)
    try:
        assert kiosk.sync is not None
        for code in ("A", "B", "A"):
            kiosk.queue.issue_ticket(code, "vi")
        kiosk.sync.run_cycle(force=True)
        before = kiosk_stats(server)
        connection = sqlite3.connect(home / "kiosk.sqlite3")
        connection.execute("DROP TRIGGER audit_event_no_delete")
        connection.execute("DELETE FROM audit_event WHERE id = 3")
        connection.commit()
        connection.close()
        kiosk.sync.run_cycle(force=True)
        after = kiosk_stats(server)
    finally:
        kiosk.close()
    assert (before["audit_state"], before["audit_entries"]) == ("ok", 3)
    assert (after["audit_state"], after["audit_entries"]) == ("audit_rewritten", 2)

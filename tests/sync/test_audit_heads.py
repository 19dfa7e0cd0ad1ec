"""The server keeps each kiosk's audit-chain head from its heartbeats and flags a kiosk whose
new head does not extend the old one (truncated or rewritten log), on both databases."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import httpx

from sync.protocol import AuditHead, Heartbeat
from sync.server.embedded import EmbeddedServer
from sync.server.stats import collect_stats
from tests.sync.conftest import OFFICE
from tests.sync.signed_client import KioskIdentity


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

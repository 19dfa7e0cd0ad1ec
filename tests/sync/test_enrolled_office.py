"""The enrollment decides the office: a kiosk records everything for the office and kiosk id it
was enrolled as, whatever kiosk.toml says, and issues fallback numbers from its own block."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from kiosk.app import build_kiosk
from kiosk.cli.doctor import check_outbox
from kiosk.cli.sync_commands import status_report
from kiosk.clock import FixedClock
from kiosk.storage.models import QueueTicketRecord
from sync.outbox import OutboxState
from sync.server.embedded import EmbeddedServer
from sync.server.stats import collect_stats
from tests.conftest import kiosk_config
from tests.sync.conftest import OFFICE, OTHER_OFFICE
from tests.sync.test_client import enroll_kiosk, outbox_rows, server_transactions


def test_a_kiosk_enrolled_for_office_b_records_for_b_and_is_accepted(
    server: EmbeddedServer, tmp_path: Path, clock: FixedClock
) -> None:
    """GIVEN kiosk.toml saying office A and an enrollment code for office B WHEN the kiosk issues
    tickets and syncs THEN every ticket, row and payload carries office B and the enrolled kiosk
    id, the server acknowledges them all (no dead letter), and the technician is told of the
    difference by `kiosk doctor` and `kiosk sync status`."""
    home = tmp_path / "kiosk"
    identity = enroll_kiosk(server, home, office=OTHER_OFFICE)
    clock.set(datetime.now(UTC))
    config = kiosk_config(office={"code": OFFICE, "kiosk_id": "kiosk-01"})
    kiosk = build_kiosk(config, home=home, clock=clock, start_embedded_server=False)
    try:
        assert kiosk.office_identity.office_code == OTHER_OFFICE
        assert kiosk.office_identity.kiosk_id == identity.kiosk_id
        assert kiosk.sync is not None
        kiosk.sync.run_cycle(force=True)
        tickets = [kiosk.queue.issue_ticket(code, "vi") for code in ("A", "B", "A")]
        report = kiosk.sync.run_cycle(force=True)
        rows = outbox_rows(kiosk.sessions)
        with kiosk.sessions() as session:
            records = session.query(QueueTicketRecord).all()
        doctor = check_outbox(kiosk)
        status = status_report(
            home, kiosk.sessions, office_code=config.office.code, today=tickets[0].service_date
        )
    finally:
        kiosk.close()
    assert (report.acknowledged, report.dead) == (3, 0)
    assert all(row.state is OutboxState.ACKNOWLEDGED for row in rows)
    assert {(record.office_code, record.kiosk_id) for record in records} == {
        (OTHER_OFFICE, identity.kiosk_id)
    }
    payloads = [json.loads(payload) for _, payload in server_transactions(server).values()]
    assert len(payloads) == 3
    assert {(payload["office_code"], payload["kiosk_id"]) for payload in payloads} == {
        (OTHER_OFFICE, identity.kiosk_id)
    }
    assert f"kiosk.toml says office {OFFICE}" in doctor.detail and OTHER_OFFICE in doctor.detail
    assert status["office_matches"] is False and OTHER_OFFICE in status["office_mismatch"]


def test_three_offline_kiosks_of_an_office_never_issue_the_same_fallback_number(
    server: EmbeddedServer, tmp_path: Path, clock: FixedClock
) -> None:
    """GIVEN three kiosks of one office enrolled with default settings, offline with no lease
    WHEN each issues tickets of one category for the same day, then all sync THEN their numbers
    come from three disjoint blocks the server gave, no number repeats, the dashboard names them
    distinctly, and the server counts no ticket_number_conflicts."""
    clock.set(datetime.now(UTC))
    labels: list[str] = []
    for name in ("one", "two", "three"):
        home = tmp_path / name
        identity = enroll_kiosk(server, home, via="http://127.0.0.1:9")  # offline: nothing listens there
        kiosk = build_kiosk(kiosk_config(), home=home, clock=clock, start_embedded_server=False)
        try:
            assert kiosk.sync is not None
            kiosk.sync.run_cycle(force=True)
            labels += [kiosk.queue.issue_ticket("A", "vi").label for _ in range(4)]
        finally:
            kiosk.close()
        replace(identity, server_url=server.url).save(home)  # back online
        kiosk = build_kiosk(kiosk_config(), home=home, clock=clock, start_embedded_server=False)
        try:
            assert kiosk.sync is not None
            assert kiosk.sync.run_cycle(force=True).acknowledged == 4
        finally:
            kiosk.close()
    assert labels == [f"A{number}" for number in (*range(901, 905), *range(912, 916), *range(923, 927))]
    with server.context.sessions() as session:
        stats = collect_stats(session)
    assert sorted(kiosk["label"] for kiosk in stats["kiosks"]) == [
        "kiosk-test",
        "kiosk-test-2",
        "kiosk-test-3",
    ]
    assert stats["totals"]["acknowledged"] == 12 and stats["ticket_number_conflicts"] == 0

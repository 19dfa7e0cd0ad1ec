"""Exactly-once delivery of 10,000 transactions through a line that misbehaves in every way.

The kiosk's sync worker runs on its own thread against the real server (SQLite and
PostgreSQL), through :class:`~tests.sync.fault_proxy.FaultProxy`: connections dropped
before and after the server applied a batch, delays, 500s before and after, truncated and
duplicated answers, and throttling. Backoff is short (milliseconds) so the test is not
sleepy; what is tested is that whatever happens on the line, the server ends with each
transaction exactly once and the kiosk knows it.
"""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from sync.outbox import OutboxItem, OutboxState, backlog
from sync.server.embedded import EmbeddedServer
from sync.server.models import IngestedTransaction
from tests.sync.fault_proxy import FAULTS, FaultPlan, FaultProxy
from tests.sync.test_client import (
    enqueue_tickets,
    enroll_kiosk,
    kiosk_storage,
    make_worker,
    server_transactions,
)

TRANSACTIONS = 10_000

EVERY_FAULT = FaultPlan(
    drop_request=0.05,
    drop_response=0.06,
    delay=0.05,
    error_500=0.04,
    error_500_after=0.05,
    truncate=0.06,
    duplicate=0.06,
    throttle=0.03,
    delay_s=0.02,
    retry_after_s=0,
)


def wait_until_drained(sessions: sessionmaker[Session], timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with sessions() as session:
            if backlog(session).unsent == 0:
                return
        time.sleep(0.1)
    raise AssertionError("the outbox was not drained in time")


def test_ten_thousand_transactions_arrive_exactly_once_through_a_faulty_line(
    server: EmbeddedServer, tmp_path: Path
) -> None:
    """GIVEN 10,000 committed transactions (one in ten with personal fields) and a line that
    drops, delays, fails, truncates and duplicates exchanges
    WHEN the kiosk's worker drains the outbox
    THEN every fault happened, the server holds each transaction exactly once with the kiosk's
    payload, every kiosk row is acknowledged with the server's receipt, none is dead, and the
    personal fields are gone from the kiosk."""
    home = tmp_path / "kiosk"
    engine, sessions, keystore = kiosk_storage(home)
    proxy = FaultProxy("127.0.0.1", server.port, EVERY_FAULT, seed=20261123).start()
    try:
        identity = enroll_kiosk(server, home, via=proxy.url)
        keys = enqueue_tickets(
            sessions, keystore, TRANSACTIONS, kiosk_id=identity.kiosk_id, personal_every=10
        )
        worker = make_worker(home, sessions, keystore, batch_size=100, timeout_s=20.0)
        worker.start()
        try:
            wait_until_drained(sessions, timeout_s=600)
        finally:
            worker.stop()
    finally:
        proxy.stop()

    missing = [fault for fault in FAULTS if proxy.counts[fault] == 0]
    assert not missing, f"faults that never happened: {missing} ({dict(proxy.counts)})"
    assert proxy.connections > 1  # dropped connections were replaced by new ones
    assert worker.totals["duplicates"] > 0  # batches applied but unheard were answered as replays
    assert worker.totals["sent"] > TRANSACTIONS  # ...so some transactions went more than once

    stored = server_transactions(server)
    assert len(stored) == TRANSACTIONS
    assert set(stored) == set(keys)
    with server.context.sessions() as session:
        distinct = session.scalar(select(func.count(func.distinct(IngestedTransaction.idempotency_key))))
        with_personal = session.scalar(
            select(func.count()).where(IngestedTransaction.personal_sealed.is_not(None))
        )
    assert distinct == TRANSACTIONS
    assert with_personal == TRANSACTIONS // 10

    with sessions() as session:
        rows = session.execute(
            select(OutboxItem.idempotency_key, OutboxItem.state, OutboxItem.ack_id, OutboxItem.personal)
        ).all()
        assert backlog(session).dead == 0
    assert len(rows) == TRANSACTIONS
    for key, state, ack_id, personal in rows:
        assert state is OutboxState.ACKNOWLEDGED
        assert ack_id == str(stored[key][0])
        assert personal is None
    engine.dispose()

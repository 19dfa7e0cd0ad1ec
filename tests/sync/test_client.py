"""The kiosk's sync client and worker against the real central server over loopback HTTP.

Tests marked with the ``server`` fixture run twice: on the server's SQLite and on a real
PostgreSQL (``tests/sync/conftest.py``). The kiosk side is real too: its SQLite database with
the migrations, its key store, and the worker's own thread where a test needs it.

The helpers at the top are shared with the exactly-once and kill -9 tests.
"""

from __future__ import annotations

import json
import stat
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.app import Kiosk, build_kiosk
from kiosk.clock import FixedClock
from kiosk.storage.database import migrate, open_engine, session_factory
from sync.client.http import ServerRefused, SyncClient, enroll_device
from sync.client.identity import DEVICE_KEY_FILE, IDENTITY_FILE, SYNC_DIR_NAME, DeviceIdentity
from sync.keystore import KEYS_DIR_NAME, KeyStore
from sync.outbox import OutboxItem, OutboxState, claim_batch, enqueue, list_items, retry_dead, to_transaction
from sync.protocol import QueueTicketV1, ReferenceName, hash_officer_password
from sync.reference import OFFICERS_FILE, REFERENCE_DIR_NAME, ReferenceCache, verify_officer
from sync.server.embedded import EmbeddedServer
from sync.server.models import IngestedTransaction
from sync.worker import ConnectionState, SyncSettings, SyncWorker
from tests.conftest import kiosk_config
from tests.sync.conftest import OFFICE
from tests.sync.fault_proxy import FaultPlan, FaultProxy

TODAY = date(2026, 11, 23)


# --- helpers shared by the sync tests -------------------------------------------------------------


def kiosk_storage(home: Path) -> tuple[Engine, sessionmaker[Session], KeyStore]:
    """A kiosk's database (migrated) and key store in ``home``, without devices."""
    engine = open_engine(home / "kiosk.sqlite3")
    migrate(engine)
    return engine, session_factory(engine), KeyStore.open(home)


def enroll_kiosk(
    server: EmbeddedServer, home: Path, *, office: str = OFFICE, via: str | None = None
) -> DeviceIdentity:
    """Enrolls a new kiosk with ``server`` (saved in ``home``); its requests go to ``via`` if given."""
    code = server.issue_enrollment_code(office, "vn")
    # As `kiosk sync enroll` does: the device's previous enrollment hands its records over.
    identity = enroll_device(server.url, code, label="kiosk-test", previous=DeviceIdentity.load(home))
    if via is not None:
        identity = replace(identity, server_url=via)
    identity.save(home)
    return identity


def fast_settings(**changes: Any) -> SyncSettings:
    """Settings for tests: no long waits anywhere."""
    values: dict[str, Any] = {
        "batch_size": 200,
        "poll_s": 0.02,
        "backoff_base_s": 0.005,
        "backoff_cap_s": 0.05,
        "probe_cap_s": 0.05,
        "heartbeat_s": 3600.0,
        "timeout_s": 10.0,
    }
    values.update(changes)
    return SyncSettings(**values)


def make_worker(
    home: Path,
    sessions: sessionmaker[Session],
    keystore: KeyStore,
    *,
    identity: DeviceIdentity | None = None,
    series: tuple[str, ...] = (),
    today: date = TODAY,
    **settings: Any,
) -> SyncWorker:
    def current() -> DeviceIdentity | None:
        return identity if identity is not None else DeviceIdentity.load(home)

    return SyncWorker(
        home=home,
        sessions=sessions,
        keystore=keystore,
        identity=current,
        today=lambda: today,
        settings=fast_settings(**settings),
        ticket_series=series,
        software_version="test",
    )


class CensusForm(QueueTicketV1):
    """A kind the server does not know (as from a kiosk one release ahead of its server)."""

    KIND = "census_form"


def ticket_payload(
    number: int,
    *,
    kiosk_id: str,
    office: str = OFFICE,
    category: str = "A",
    day: date = TODAY,
    kind: type[QueueTicketV1] = QueueTicketV1,
) -> QueueTicketV1:
    return kind(
        office_code=office,
        kiosk_id=kiosk_id,
        category=category,
        service_date=day,
        number=number,
        issued_at=datetime(2026, 11, 23, 2, 0, tzinfo=UTC),
        language="vi",
    )


def enqueue_tickets(
    sessions: sessionmaker[Session],
    keystore: KeyStore,
    count: int,
    *,
    kiosk_id: str,
    personal_every: int = 0,
    kind: type[QueueTicketV1] = QueueTicketV1,
    start: int = 0,
) -> list[str]:
    """Commits ``count`` ticket transactions (in commits of 1,000); returns their keys in order."""
    keys: list[str] = []
    for chunk in range(0, count, 1000):
        with sessions.begin() as session:
            for index in range(start + chunk, start + min(count, chunk + 1000)):
                key = str(uuid.uuid4())
                personal = (
                    {"id_number": f"0010{index:08d}", "name": f"Nguyễn Văn {index}"}
                    if personal_every and index % personal_every == 0
                    else None
                )
                enqueue(
                    session,
                    payload=ticket_payload(
                        index % 999 + 1,
                        kiosk_id=kiosk_id,
                        category="ABCDEFGHJK"[(index // 999) % 10],
                        kind=kind,
                    ),
                    idempotency_key=key,
                    personal=personal,
                    keystore=keystore if personal else None,
                )
                keys.append(key)
    return keys


def server_transactions(server: EmbeddedServer) -> dict[str, tuple[int, str]]:
    """Every transaction the server stored: key → (row id, payload JSON)."""
    with server.context.sessions() as session:
        rows = session.execute(
            select(IngestedTransaction.idempotency_key, IngestedTransaction.id, IngestedTransaction.payload)
        )
        return {key: (row_id, payload) for key, row_id, payload in rows}


def outbox_rows(sessions: sessionmaker[Session]) -> list[OutboxItem]:
    with sessions() as session:
        return list(list_items(session))


@pytest.fixture
def storage(tmp_path: Path) -> Iterator[tuple[Path, sessionmaker[Session], KeyStore]]:
    home = tmp_path / "kiosk"
    engine, sessions, keystore = kiosk_storage(home)
    yield home, sessions, keystore
    engine.dispose()


@pytest.fixture
def sqlite_server() -> Iterator[EmbeddedServer]:
    """The server on its own SQLite (for tests where the database makes no difference)."""
    running = EmbeddedServer()
    running.start()
    yield running
    running.stop()


# --- enrollment and upload --------------------------------------------------------------------


def test_enrollment_keeps_the_device_key_private_and_out_of_the_database(
    sqlite_server: EmbeddedServer, storage: tuple[Path, sessionmaker[Session], KeyStore]
) -> None:
    """GIVEN a one-time code WHEN the kiosk enrolls THEN its Ed25519 key is a 0600 file under
    KIOSK_HOME/keys, the identity reloads to the same key, and a used code is refused."""
    home, _, _ = storage
    code = sqlite_server.issue_enrollment_code(OFFICE, "vn")
    identity = enroll_device(sqlite_server.url, code, label="kiosk-01")
    identity.save(home)
    key_file = home / KEYS_DIR_NAME / DEVICE_KEY_FILE
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(key_file.read_bytes()) == 32
    loaded = DeviceIdentity.load(home)
    assert loaded is not None
    assert (loaded.kiosk_id, loaded.office_code, loaded.public_key) == (
        identity.kiosk_id,
        OFFICE,
        identity.public_key,
    )
    assert key_file.read_bytes() not in (home / "kiosk.sqlite3").read_bytes()
    with pytest.raises(ServerRefused) as refused:
        enroll_device(sqlite_server.url, code)
    assert refused.value.code.value == "bad_enrollment_code"


def test_tickets_reach_the_server_once_with_leased_numbers(
    server: EmbeddedServer, tmp_path: Path, clock: FixedClock
) -> None:
    """GIVEN an enrolled kiosk WHEN it syncs, issues tickets and syncs again
    THEN its tickets carry numbers from the server's lease and each transaction is on the
    server once, with the server's row id as the kiosk's acknowledgment."""
    home = tmp_path / "kiosk"
    enroll_kiosk(server, home)
    clock.set(datetime.now(UTC))
    kiosk = build_kiosk(kiosk_config(), home=home, clock=clock, start_embedded_server=False)
    try:
        assert kiosk.sync is not None
        first = kiosk.sync.run_cycle(force=True)
        assert first.error is None and first.leases_granted >= 2
        tickets = [kiosk.queue.issue_ticket(code, "vi") for code in ("A", "A", "B", "A")]
        report = kiosk.sync.run_cycle(force=True)
        assert (report.sent, report.acknowledged, report.dead) == (4, 4, 0)
        assert kiosk.sync.status.state is ConnectionState.ONLINE
        rows = outbox_rows(kiosk.sessions)
    finally:
        kiosk.close()
    stored = server_transactions(server)
    assert set(stored) == {ticket.transaction_id for ticket in tickets}
    for row in rows:
        assert row.state is OutboxState.ACKNOWLEDGED
        assert row.ack_id == str(stored[row.idempotency_key][0])
        payload = json.loads(row.payload)
        assert payload["numbering"] == "lease" and payload["lease_id"] is not None
        assert json.loads(stored[row.idempotency_key][1]) == payload
    assert [ticket.label for ticket in tickets] == ["A001", "A002", "B001", "A003"]


def test_a_lease_answer_that_never_arrived_is_not_lost(
    server: EmbeddedServer, tmp_path: Path, clock: FixedClock
) -> None:
    """GIVEN a kiosk that asked for a lease of category A numbers and never got the answer
    (the server had granted 1-50, the kiosk died or the line dropped before it stored it)
    WHEN it keeps its leases at the next sync THEN the server hands it the same range again,
    so its first ticket is A001, not A051."""
    from zoneinfo import ZoneInfo

    from sync.protocol import NumberSeries

    home = tmp_path / "kiosk"
    identity = enroll_kiosk(server, home)
    now = datetime.now(UTC)
    clock.set(now)
    today = now.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    with SyncClient(identity) as client:
        lost = client.lease_numbers(OFFICE, NumberSeries.TICKET_NUMBERS, "A", today, 50)
    assert (lost.first, lost.last) == (1, 50)
    kiosk = build_kiosk(kiosk_config(), home=home, clock=clock, start_embedded_server=False)
    try:
        assert kiosk.sync is not None
        assert kiosk.sync.run_cycle(force=True).error is None
        label = kiosk.queue.issue_ticket("A", "vi").label
        payload = json.loads(outbox_rows(kiosk.sessions)[0].payload)
    finally:
        kiosk.close()
    assert label == "A001"
    assert payload["numbering"] == "lease" and payload["lease_id"] == lost.lease_id


def test_a_crash_between_sending_and_settling_is_answered_as_a_duplicate(
    server: EmbeddedServer, storage: tuple[Path, sessionmaker[Session], KeyStore]
) -> None:
    """GIVEN rows the server applied but the kiosk never settled (it died in between, rows left
    in flight) WHEN a new sync starts THEN they are recovered, sent again, answered 'duplicate'
    with the first acknowledgment, and the server still holds each once."""
    home, sessions, keystore = storage
    identity = enroll_kiosk(server, home)
    keys = enqueue_tickets(sessions, keystore, 30, kiosk_id=identity.kiosk_id, personal_every=3)
    with sessions.begin() as session:
        claimed = claim_batch(session, now=datetime.now(UTC), limit=20)
        batch = [to_transaction(item, keystore) for item in claimed]
    with SyncClient(identity) as client:
        first_answer = client.ingest(OFFICE, batch)
    first_acks = {result.idempotency_key: result.ack_id for result in first_answer.results}

    worker = make_worker(home, sessions, keystore)
    report = worker.run_cycle()
    assert report.recovered == 20
    assert (report.duplicates, report.acknowledged) == (20, 10)
    stored = server_transactions(server)
    assert sorted(stored) == sorted(keys)
    for row in outbox_rows(sessions):
        assert row.state is OutboxState.ACKNOWLEDGED and row.attempts == (
            2 if row.idempotency_key in first_acks else 1
        )
        if row.idempotency_key in first_acks:
            assert row.ack_id == first_acks[row.idempotency_key]
        assert row.personal is None  # purged at acknowledgment (retention 0)


def test_a_refused_transaction_is_a_dead_letter_and_the_queue_moves_on(
    server: EmbeddedServer, storage: tuple[Path, sessionmaker[Session], KeyStore]
) -> None:
    """GIVEN a transaction of a kind the server does not know between good ones WHEN the kiosk
    syncs THEN that one is dead with the server's reason, the others are acknowledged, and a
    technician's retry sends it again (and it is refused again, still kept)."""
    home, sessions, keystore = storage
    identity = enroll_kiosk(server, home)
    before = enqueue_tickets(sessions, keystore, 3, kiosk_id=identity.kiosk_id)
    odd = enqueue_tickets(sessions, keystore, 1, kiosk_id=identity.kiosk_id, kind=CensusForm)
    after = enqueue_tickets(sessions, keystore, 3, kiosk_id=identity.kiosk_id)
    worker = make_worker(home, sessions, keystore)
    report = worker.run_cycle()
    assert (report.acknowledged, report.dead) == (6, 1)
    rows = {row.idempotency_key: row for row in outbox_rows(sessions)}
    dead = rows[odd[0]]
    assert dead.state is OutboxState.DEAD
    assert dead.last_error is not None and "census_form" in dead.last_error
    assert all(rows[key].state is OutboxState.ACKNOWLEDGED for key in before + after)
    assert set(server_transactions(server)) == set(before + after)

    with sessions.begin() as session:
        retry_dead(session, dead.id)
    again = worker.run_cycle()
    assert again.sent == 1 and again.dead == 1
    with sessions() as session:
        row = session.get(OutboxItem, dead.id)
        assert row is not None and row.state is OutboxState.DEAD and row.attempts == 2


def test_a_revoked_kiosk_needs_enrollment_and_keeps_its_data(
    server: EmbeddedServer, storage: tuple[Path, sessionmaker[Session], KeyStore]
) -> None:
    """GIVEN a kiosk whose key the office revoked WHEN it syncs THEN it reports that it needs
    enrolling, nothing is dead or lost; once enrolled again everything is sent."""
    from sync.server.enrollment import revoke_kiosk

    home, sessions, keystore = storage
    identity = enroll_kiosk(server, home)
    keys = enqueue_tickets(sessions, keystore, 5, kiosk_id=identity.kiosk_id)
    with server.context.sessions.begin() as session:
        revoke_kiosk(session, identity.kiosk_id, now=datetime.now(UTC))
    worker = make_worker(home, sessions, keystore)
    report = worker.run_cycle()
    assert worker.status.state is ConnectionState.NEEDS_ENROLLMENT
    assert report.error is not None and "revoked" in report.error
    assert [row.state for row in outbox_rows(sessions)] == [OutboxState.PENDING] * 5
    assert not worker.run_cycle().sent  # not retried while the enrollment is the refused one

    enroll_kiosk(server, home)
    report = worker.run_cycle()
    assert report.acknowledged == 5 and worker.status.online
    assert set(server_transactions(server)) == set(keys)


def test_a_kiosk_with_a_wrong_clock_corrects_it_from_the_server(
    sqlite_server: EmbeddedServer, storage: tuple[Path, sessionmaker[Session], KeyStore]
) -> None:
    """GIVEN a kiosk clock two hours fast WHEN it syncs THEN the server's 'expired' answer gives
    its time, the client corrects its offset once and the upload succeeds."""
    home, sessions, keystore = storage
    identity = enroll_kiosk(sqlite_server, home)
    enqueue_tickets(sessions, keystore, 3, kiosk_id=identity.kiosk_id)
    client = SyncClient(identity, clock=lambda: datetime.now(UTC) + timedelta(hours=2))
    with sessions.begin() as session:
        batch = [
            to_transaction(item, keystore) for item in claim_batch(session, now=datetime.now(UTC), limit=10)
        ]
    answer = client.ingest(OFFICE, batch)
    client.close()
    assert all(result.settled for result in answer.results)
    assert abs(client.clock_offset + timedelta(hours=2)) < timedelta(seconds=5)


def test_a_throttling_server_is_retried_no_sooner_than_it_asked(
    sqlite_server: EmbeddedServer, storage: tuple[Path, sessionmaker[Session], KeyStore]
) -> None:
    """GIVEN a server (or its balancer) answering 429 with Retry-After: 120 WHEN the kiosk
    uploads THEN the rows go back to pending, due no sooner than 120 s from now, the kiosk
    reports working offline, and nothing is dead."""
    home, sessions, keystore = storage
    plan = FaultPlan(throttle=1.0, retry_after_s=120, paths=("/v1/ingest",))
    with FaultProxy("127.0.0.1", sqlite_server.port, plan) as proxy:
        identity = enroll_kiosk(sqlite_server, home, via=proxy.url)
        enqueue_tickets(sessions, keystore, 4, kiosk_id=identity.kiosk_id)
        worker = make_worker(home, sessions, keystore)
        started = datetime.now(UTC)
        report = worker.run_cycle()
    assert proxy.counts["throttle"] == 1
    assert report.error is not None and "429" in report.error
    assert worker.status.state is ConnectionState.OFFLINE
    for row in outbox_rows(sessions):
        assert row.state is OutboxState.PENDING
        assert row.next_attempt_at is not None and row.next_attempt_at >= started + timedelta(seconds=119)
    assert worker.run_cycle().skipped == "waiting before trying the server again"


def test_uploads_share_one_kept_alive_connection_and_are_compressed(
    sqlite_server: EmbeddedServer, storage: tuple[Path, sessionmaker[Session], KeyStore]
) -> None:
    """GIVEN 1,000 transactions and batches of 100 WHEN the kiosk drains them through a plain
    proxy THEN every request used one TCP connection and the bytes sent are a fraction of the
    JSON (gzip)."""
    home, sessions, keystore = storage
    with FaultProxy("127.0.0.1", sqlite_server.port, FaultPlan()) as proxy:
        identity = enroll_kiosk(sqlite_server, home, via=proxy.url)
        enqueue_tickets(sessions, keystore, 1000, kiosk_id=identity.kiosk_id)
        worker = make_worker(home, sessions, keystore, identity=identity, batch_size=100)
        report = worker.run_cycle()
        client = worker._client  # the worker's own client: its byte count
        assert client is not None
        with sessions() as session:
            raw = sum(len(to_transaction(item, keystore).model_dump_json()) for item in list_items(session))
    assert report.batches == 10 and report.acknowledged == 1000
    assert proxy.connections == 1
    assert proxy.counts["exchanges"] >= 11
    assert client.bytes_sent < raw / 4


# --- reference data and leases ------------------------------------------------------------------


def test_officer_credentials_are_cached_and_verified_offline(
    server: EmbeddedServer, storage: tuple[Path, sessionmaker[Session], KeyStore]
) -> None:
    """GIVEN an officer added at the office WHEN the kiosk syncs THEN officers.json (0600) holds
    the scrypt hash, never the password, and verify_officer accepts the right password only,
    with the server stopped; an unchanged document is not downloaded again (ETag)."""
    from sync.server.models import Office
    from sync.server.reference import add_officer

    home, sessions, keystore = storage
    enroll_kiosk(server, home)
    with server.context.sessions.begin() as session:
        office = session.get(Office, OFFICE)
        assert office is not None
        add_officer(
            session,
            office,
            officer_id="somsak.k",
            name="Somsak Kittisak",
            role="registrar",
            password_hash=hash_officer_password("correct horse 42"),
            now=datetime.now(UTC),
        )
    worker = make_worker(home, sessions, keystore)
    first = worker.run_cycle(force=True)
    assert ReferenceName.OFFICER_CREDENTIALS.value in first.references_updated
    again = worker.run_cycle(force=True)
    assert again.references_updated == [] and again.error is None
    server.stop()  # offline from here on

    path = home / REFERENCE_DIR_NAME / OFFICERS_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert b"correct horse" not in path.read_bytes()
    (record,) = json.loads(path.read_text(encoding="utf-8"))
    assert record["username"] == "somsak.k" and record["office"] == OFFICE
    assert record["password_hash"].startswith("scrypt$")
    officer = verify_officer(home, "Somsak.K", "correct horse 42")
    assert officer is not None and officer.name == "Somsak Kittisak" and officer.role == "registrar"
    assert verify_officer(home, "somsak.k", "wrong horse 42") is None
    assert verify_officer(home, "nobody", "correct horse 42") is None


def test_dossier_status_changes_are_pulled_as_increments(
    sqlite_server: EmbeddedServer, storage: tuple[Path, sessionmaker[Session], KeyStore]
) -> None:
    """GIVEN two status changes WHEN the kiosk pulls, a third is recorded and it pulls again
    THEN the cache holds all three in order (the second pull asked only for what was new)."""
    from sync.server.reference import record_dossier_status

    home, sessions, keystore = storage
    enroll_kiosk(sqlite_server, home)

    def record(code: str, status: str) -> None:
        with sqlite_server.context.sessions.begin() as session:
            record_dossier_status(
                session, office_code=OFFICE, dossier_code=code, status=status, note="", now=datetime.now(UTC)
            )

    record("H10.1-0001", "received")
    record("H10.1-0001", "in_review")
    worker = make_worker(home, sessions, keystore)
    worker.run_cycle(force=True)
    record("H10.1-0002", "received")
    report = worker.run_cycle(force=True)
    assert ReferenceName.DOSSIER_STATUS.value in report.references_updated
    data = ReferenceCache(home).data(ReferenceName.DOSSIER_STATUS)
    assert [(change["dossier_code"], change["status"]) for change in data["changes"]] == [
        ("H10.1-0001", "received"),
        ("H10.1-0001", "in_review"),
        ("H10.1-0002", "received"),
    ]
    assert data["since"] == 2


def test_two_kiosks_of_an_office_never_issue_the_same_number(
    server: EmbeddedServer, tmp_path: Path, clock: FixedClock
) -> None:
    """GIVEN two kiosks of one office with leases WHEN both issue tickets of one category, one of
    them offline THEN no number is issued twice and every one came from a lease."""
    clock.set(datetime.now(UTC))
    kiosks: list[Kiosk] = []
    for name in ("one", "two"):
        home = tmp_path / name
        enroll_kiosk(server, home)
        config = kiosk_config(sync={"lease_block": 10, "lease_low_water": 3, "lease_days_ahead": 0})
        kiosks.append(build_kiosk(config, home=home, clock=clock, start_embedded_server=False))
    try:
        labels: list[str] = []
        for round_index in range(12):
            for kiosk in kiosks:
                assert kiosk.sync is not None
                if round_index % 4 == 0:
                    kiosk.sync.run_cycle(force=True)  # tops its lease up
                labels.append(kiosk.queue.issue_ticket("A", "vi").label)
        for kiosk in kiosks:
            assert kiosk.sync is not None
            kiosk.sync.run_cycle(force=True)
        payloads = [json.loads(payload) for _, payload in server_transactions(server).values()]
    finally:
        for kiosk in kiosks:
            kiosk.close()
    assert len(labels) == 24 and len(set(labels)) == 24
    assert all(payload["numbering"] == "lease" for payload in payloads)
    assert sorted(payload["number"] for payload in payloads) == sorted(int(label[1:]) for label in labels)


def test_offline_with_no_lease_uses_the_fallback_block(
    tmp_path: Path, clock: FixedClock, sqlite_server: EmbeddedServer
) -> None:
    """GIVEN an enrolled kiosk whose server cannot be reached and that holds no lease WHEN
    citizens take tickets THEN they get numbers from the kiosk's fallback block, marked so, and
    the numbers follow each other."""
    home = tmp_path / "kiosk"
    identity = enroll_kiosk(sqlite_server, home, via="http://127.0.0.1:9")  # nothing listens there
    # The block is the one the enrollment gave (here made small, to reach its end).
    replace(identity, fallback_ticket_numbers="801-803").save(home)
    config = kiosk_config()
    kiosk = build_kiosk(config, home=home, clock=clock, start_embedded_server=False)
    try:
        assert kiosk.sync is not None
        kiosk.sync.run_cycle(force=True)
        assert kiosk.sync.status.state is ConnectionState.OFFLINE
        labels = [kiosk.queue.issue_ticket("A", "vi").label for _ in range(3)]
        from kiosk.services.queue import QueueFull

        with pytest.raises(QueueFull):
            kiosk.queue.issue_ticket("A", "vi")
        payloads = [json.loads(row.payload) for row in outbox_rows(kiosk.sessions)]
    finally:
        kiosk.close()
    assert labels == ["A801", "A802", "A803"]
    assert {payload["numbering"] for payload in payloads} == {"fallback"}


# --- personal data --------------------------------------------------------------------------------


def forget_log_handler(path: Path) -> None:
    import logging

    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "baseFilename", None) == str(path):
            root.removeHandler(handler)
            handler.close()


def test_no_personal_field_in_clear_in_the_database_wal_or_logs(
    server: EmbeddedServer, tmp_path: Path, clock: FixedClock, request: pytest.FixtureRequest
) -> None:
    """GIVEN a citizen identified by card (name and ID number) who takes a ticket, and a
    transaction with personal fields, on a kiosk that logs to KIOSK_HOME/logs
    WHEN everything is synced (and purged on acknowledgment)
    THEN neither the ID number nor the name appears in the database file, its WAL or the logs,
    and the server holds the personal fields (sealed by its own key)."""
    from demo.cards import sample_document
    from kiosk.flows.engine import Choose, Next, run_pending_work
    from kiosk.flows.session import CardRead, CitizenIdentity
    from kiosk.logs import configure_logging

    id_number, name = "001089012345", "Nguyễn Thị Minh Khai"
    home = tmp_path / "kiosk"
    identity = enroll_kiosk(server, home)
    log_file = configure_logging(home)
    request.addfinalizer(lambda: forget_log_handler(log_file))
    clock.set(datetime.now(UTC))
    kiosk = build_kiosk(kiosk_config(), home=home, clock=clock, start_embedded_server=False)
    try:
        assert kiosk.sync is not None
        kiosk.sync.run_cycle(force=True)
        session = kiosk.new_session()
        session.submit(CardRead(CitizenIdentity(sample_document("cccd", id_number, name))))
        session.submit(Choose("vi"))
        session.submit(Choose("queue_ticket"))
        session.submit(Choose("A"))
        assert run_pending_work(session.active_flow)
        session.submit(Next())
        with kiosk.sessions.begin() as db:
            enqueue(
                db,
                payload=ticket_payload(500, kiosk_id=identity.kiosk_id),
                idempotency_key=str(uuid.uuid4()),
                personal={"id_number": id_number, "name": name},
                keystore=kiosk.keystore,
            )
        report = kiosk.sync.run_cycle(force=True)
        assert report.acknowledged == 2 and report.error is None
        rows = outbox_rows(kiosk.sessions)
    finally:
        kiosk.close()
    assert all(row.state is OutboxState.ACKNOWLEDGED and row.personal is None for row in rows)
    files = [*home.glob("kiosk.sqlite3*"), *(home / "logs").glob("*")]
    assert any(path.name.endswith("-wal") for path in files) or (home / "kiosk.sqlite3").exists()
    assert any(path.parent.name == "logs" and path.stat().st_size > 0 for path in files)
    for path in files:
        raw = path.read_bytes()
        assert id_number.encode() not in raw, path.name
        assert name.encode() not in raw and name.encode("utf-16-le") not in raw, path.name
    with server.context.sessions() as db:
        sealed = db.scalars(
            select(IngestedTransaction.personal_sealed).where(
                IngestedTransaction.personal_sealed.is_not(None)
            )
        ).all()
    assert len(sealed) == 1 and id_number.encode() not in sealed[0]


def test_personal_fields_stay_for_the_retention_then_go(
    sqlite_server: EmbeddedServer, storage: tuple[Path, sessionmaker[Session], KeyStore]
) -> None:
    """GIVEN a retention of 2 hours WHEN a row with personal fields is acknowledged THEN its
    sealed fields stay; once 2 hours have passed the next cycle removes them."""
    home, sessions, keystore = storage
    identity = enroll_kiosk(sqlite_server, home)
    enqueue_tickets(sessions, keystore, 2, kiosk_id=identity.kiosk_id, personal_every=1)
    now = [datetime.now(UTC)]
    worker = make_worker(home, sessions, keystore, personal_retention=timedelta(hours=2))
    worker._clock = lambda: now[0]
    assert worker.run_cycle().acknowledged == 2
    assert all(row.personal is not None for row in outbox_rows(sessions))
    now[0] += timedelta(hours=2, seconds=1)
    assert worker.run_cycle().purged == 2
    assert all(row.personal is None for row in outbox_rows(sessions))


# --- the worker's thread --------------------------------------------------------------------------


def test_the_worker_thread_drains_after_a_kick_and_reports_status(
    sqlite_server: EmbeddedServer, storage: tuple[Path, sessionmaker[Session], KeyStore]
) -> None:
    """GIVEN a running worker WHEN rows are committed and it is kicked THEN its own thread sends
    them, and listeners hear 'online' with the backlog going to zero."""
    import threading

    home, sessions, keystore = storage
    identity = enroll_kiosk(sqlite_server, home)
    worker = make_worker(home, sessions, keystore, poll_s=5.0)
    heard: list[tuple[str, int, str]] = []
    drained = threading.Event()

    def listen(status: Any) -> None:
        heard.append((status.state.value, status.unsent, threading.current_thread().name))
        if status.online and status.unsent == 0 and len(heard) > 1:
            drained.set()

    worker.subscribe(listen)
    worker.start()
    try:
        assert worker.running
        enqueue_tickets(sessions, keystore, 25, kiosk_id=identity.kiosk_id)
        worker.kick()
        assert drained.wait(20), heard
    finally:
        worker.stop()
    assert not worker.running
    assert any(thread == "sync-worker" for _, _, thread in heard)
    assert all(row.state is OutboxState.ACKNOWLEDGED for row in outbox_rows(sessions))
    saved = json.loads((home / SYNC_DIR_NAME / "state.json").read_text())
    assert saved["state"] == "online" and saved["unsent"] == 0
    assert (home / SYNC_DIR_NAME / IDENTITY_FILE).exists()


def test_places_of_coming_appointment_slots_are_held_for_offline_booking(
    sqlite_server: EmbeddedServer, storage: tuple[Path, sessionmaker[Session], KeyStore]
) -> None:
    """GIVEN a kiosk set to hold 2 places per coming slot WHEN it has pulled the office's
    appointment slots and synced again THEN it holds 2 places of each slot of the next four days,
    and books exactly those 2 of a slot offline."""
    from zoneinfo import ZoneInfo

    from sync.leases import places_left, take_slot_place

    home, sessions, keystore = storage
    enroll_kiosk(sqlite_server, home)
    today = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    worker = make_worker(home, sessions, keystore, today=today, slot_places=2, lease_days_ahead=3)
    worker.run_cycle(force=True)  # pulls the slots
    report = worker.run_cycle(force=True)  # holds places of them
    slots = ReferenceCache(home).data(ReferenceName.APPOINTMENT_SLOTS)
    coming = [
        slot["slot_id"] for slot in slots if slot["slot_id"][:10] <= (today + timedelta(days=3)).isoformat()
    ]
    assert report.leases_granted == len(coming) and coming
    with sessions.begin() as session:
        assert all(places_left(session, slot_id) == 2 for slot_id in coming)
        assert take_slot_place(session, coming[0]) and take_slot_place(session, coming[0])
        assert not take_slot_place(session, coming[0])
    assert worker.run_cycle(force=True).leases_granted == 0  # held already: not asked again

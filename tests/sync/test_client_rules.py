"""The sync client's rules without a server: outbox states, backoff, answers, exports, numbers.

Parsers of outside bytes (Retry-After, error bodies, export files) get hypothesis.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session, sessionmaker

from kiosk.domain.numbering import DrawnNumber, FallbackBlock
from kiosk.services.numbering import LeasedNumbers, LocalNumbers
from sync.client.http import (
    NeedsEnrollment,
    ServerRefused,
    ServerUnreachable,
    SyncClient,
    UpgradeNeeded,
    parse_retry_after,
)
from sync.client.identity import DeviceIdentity, IdentityError
from sync.export import ExportError, read_export, write_export
from sync.keystore import KeyStore
from sync.leases import store_lease
from sync.outbox import (
    OutboxError,
    OutboxItem,
    OutboxState,
    backlog,
    backoff_delay,
    claim_batch,
    enqueue,
    list_items,
    mark_dead,
    purge_personal,
    recover_in_flight,
    release_for_retry,
    retry_dead,
    to_transaction,
)
from sync.protocol import ErrorBody, ErrorCode, NumberLease, NumberSeries
from sync.signing import generate_private_key
from tests.sync.test_client import kiosk_storage, ticket_payload

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


@pytest.fixture
def outbox(tmp_path: Path) -> Iterator[tuple[sessionmaker[Session], KeyStore]]:
    engine, sessions, keystore = kiosk_storage(tmp_path)
    yield sessions, keystore
    engine.dispose()


def add_rows(sessions: sessionmaker[Session], count: int, keystore: KeyStore | None = None) -> list[str]:
    keys = []
    with sessions.begin() as session:
        for number in range(1, count + 1):
            key = str(uuid.uuid4())
            personal = {"name": f"Trần Thị {number}"} if keystore is not None else None
            enqueue(
                session,
                payload=ticket_payload(number, kiosk_id="kiosk-test"),
                idempotency_key=key,
                created_at=NOW,
                personal=personal,
                keystore=keystore,
            )
            keys.append(key)
    return keys


# --- the outbox's states ----------------------------------------------------------------------


def test_claims_take_due_rows_in_id_order_and_count_attempts(
    outbox: tuple[sessionmaker[Session], KeyStore],
) -> None:
    """GIVEN five pending rows, the second backing off until later WHEN batches of two are
    claimed THEN the due rows come in id order, each in flight with one attempt, and the
    backing-off row only once its time has come."""
    sessions, _ = outbox
    keys = add_rows(sessions, 5)
    with sessions.begin() as session:
        (second,) = [item for item in list_items(session) if item.idempotency_key == keys[1]]
        release_for_retry([second], error="line down", not_before=NOW + timedelta(minutes=1))
    with sessions.begin() as session:
        first = claim_batch(session, now=NOW, limit=2)
    with sessions.begin() as session:
        rest = claim_batch(session, now=NOW, limit=10)
    with sessions.begin() as session:
        later = claim_batch(session, now=NOW + timedelta(minutes=1), limit=10)
    assert [item.idempotency_key for item in first] == [keys[0], keys[2]]
    assert [item.idempotency_key for item in rest] == [keys[3], keys[4]]
    assert [item.idempotency_key for item in later] == [keys[1]]
    assert all(item.state is OutboxState.IN_FLIGHT and item.attempts == 1 for item in first + rest + later)


def test_rows_left_in_flight_are_recovered_and_dead_ones_retried_only_when_dead(
    outbox: tuple[sessionmaker[Session], KeyStore],
) -> None:
    """GIVEN rows in flight (a sender died) and a dead row WHEN recovered and retried THEN the
    in-flight rows are pending again, the dead one is pending, and retrying a row that is not
    dead (or does not exist) is refused with a sentence."""
    sessions, _ = outbox
    add_rows(sessions, 3)
    with sessions.begin() as session:
        claimed = claim_batch(session, now=NOW, limit=3)
        mark_dead(claimed[2], "The server does not know this kind.")
    with sessions.begin() as session:
        assert recover_in_flight(session) == 2
        assert recover_in_flight(session) == 0
    with sessions.begin() as session:
        assert retry_dead(session, claimed[2].id).state is OutboxState.PENDING
    with sessions.begin() as session, pytest.raises(OutboxError, match="not dead"):
        retry_dead(session, claimed[0].id)
    with sessions.begin() as session, pytest.raises(OutboxError, match="no outbox item"):
        retry_dead(session, 999)
    with sessions() as session:
        summary = backlog(session)
    assert (summary.pending, summary.in_flight, summary.dead) == (3, 0, 0)


def test_purge_drops_only_old_acknowledged_personal_fields(
    outbox: tuple[sessionmaker[Session], KeyStore],
) -> None:
    """GIVEN rows with personal fields, one acknowledged 3 h ago, one 1 h ago, one pending
    WHEN purged with a 2 h retention THEN only the first loses its sealed fields."""
    sessions, keystore = outbox
    add_rows(sessions, 3, keystore)
    with sessions.begin() as session:
        rows = list(list_items(session))
        for row, hours in ((rows[0], 3), (rows[1], 1)):
            row.state = OutboxState.ACKNOWLEDGED
            row.acknowledged_at = NOW - timedelta(hours=hours)
    with sessions.begin() as session:
        assert purge_personal(session, now=NOW, retention=timedelta(hours=2)) == 1
    with sessions() as session:
        assert [row.personal is None for row in list_items(session)] == [True, False, False]
        assert to_transaction(list(list_items(session))[1], keystore).personal == {"name": "Trần Thị 2"}


@given(attempts=st.integers(min_value=0, max_value=200), draw=st.floats(min_value=0, max_value=0.999))
def test_backoff_doubles_up_to_its_cap_with_jitter(attempts: int, draw: float) -> None:
    """GIVEN any attempt count WHEN the delay is drawn THEN it lies in [half, all] of the capped
    exponential delay."""

    class Fixed(random.Random):
        def random(self) -> float:
            return draw

    nominal = min(300.0, 2.0 * 2 ** max(0, attempts - 1))
    delay = backoff_delay(attempts, base_s=2.0, cap_s=300.0, rng=Fixed())
    assert nominal / 2 <= delay <= nominal


# --- answers from the server ------------------------------------------------------------------------


@given(st.integers(min_value=0, max_value=10**15))
def test_retry_after_seconds(seconds: int) -> None:
    """GIVEN Retry-After as delta-seconds WHEN parsed THEN the seconds, capped at an hour."""
    assert parse_retry_after(str(seconds)) == min(float(seconds), 3600.0)


def test_retry_after_http_date_and_garbage() -> None:
    """GIVEN Retry-After as an HTTP date, a past date, or nonsense WHEN parsed THEN the seconds
    until then, zero, or None."""
    now = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    assert parse_retry_after(format_datetime(now + timedelta(seconds=90), usegmt=True), now=now) == 90.0
    assert parse_retry_after(format_datetime(now - timedelta(days=1), usegmt=True), now=now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


@given(st.text(max_size=80))
def test_retry_after_never_raises(value: str) -> None:
    """GIVEN any header text WHEN parsed THEN None or a delay within 0..3600 s, never an error."""
    result = parse_retry_after(value)
    assert result is None or 0.0 <= result <= 3600.0


def client() -> SyncClient:
    identity = DeviceIdentity(
        kiosk_id="k-1",
        office_code="X",
        profile="vn",
        server_url="http://127.0.0.1:9",
        private_key=generate_private_key(),
        enrolled_at=NOW,
    )
    return SyncClient(identity)


def error(status: int, code: ErrorCode, headers: dict[str, str] | None = None) -> httpx.Response:
    body = ErrorBody(code=code, message=f"{code.value} happened").model_dump_json()
    return httpx.Response(status, content=body.encode(), headers=headers)


@pytest.mark.parametrize(
    ("status", "code", "expected"),
    [
        (500, ErrorCode.UNAVAILABLE, ServerUnreachable),
        (503, ErrorCode.UNAVAILABLE, ServerUnreachable),
        (429, ErrorCode.INVALID_REQUEST, ServerUnreachable),
        (404, ErrorCode.NOT_FOUND, ServerUnreachable),
        (401, ErrorCode.UNKNOWN_KIOSK, NeedsEnrollment),
        (401, ErrorCode.REVOKED_KIOSK, NeedsEnrollment),
        (401, ErrorCode.BAD_SIGNATURE, NeedsEnrollment),
        (403, ErrorCode.OTHER_OFFICE, NeedsEnrollment),
        (401, ErrorCode.EXPIRED, ServerUnreachable),
        (426, ErrorCode.UNSUPPORTED_VERSION, UpgradeNeeded),
        (400, ErrorCode.INVALID_REQUEST, ServerRefused),
        (409, ErrorCode.CONFLICT, ServerRefused),
        (413, ErrorCode.TOO_LARGE, ServerRefused),
    ],
)
def test_failures_are_classified_as_the_issue_says(status: int, code: ErrorCode, expected: type) -> None:
    """GIVEN an error answer WHEN classified THEN network/5xx/429 retry, 401 re-authenticates,
    426 asks for an upgrade, and other 4xx are refusals (dead letters)."""
    assert isinstance(client().classify(error(status, code)), expected)


def test_retry_after_is_carried_and_a_foreign_4xx_is_not_a_refusal() -> None:
    """GIVEN a 429 with Retry-After, and a 400 page that is not the server's error body WHEN
    classified THEN the first retries after the given seconds and the second is retried too
    (never a dead letter on a proxy's word)."""
    throttled = client().classify(error(429, ErrorCode.INVALID_REQUEST, {"Retry-After": "42"}))
    assert isinstance(throttled, ServerUnreachable) and throttled.retry_after == 42.0
    assert isinstance(
        client().classify(httpx.Response(400, content=b"<html>bad gateway</html>")), ServerUnreachable
    )


@settings(max_examples=200)
@given(status=st.integers(min_value=400, max_value=599), body=st.binary(max_size=200))
def test_any_error_answer_is_classified_without_raising(status: int, body: bytes) -> None:
    """GIVEN any status and body bytes WHEN classified THEN one of the four failure kinds."""
    result = client().classify(httpx.Response(status, content=body))
    assert isinstance(result, ServerUnreachable | NeedsEnrollment | UpgradeNeeded | ServerRefused)


# --- identity files ---------------------------------------------------------------------------------


def test_a_damaged_or_mismatched_identity_is_reported_not_used(tmp_path: Path) -> None:
    """GIVEN a saved identity WHEN its key file is replaced by another key or cut short THEN
    loading it raises IdentityError asking for a new enrollment."""
    identity = DeviceIdentity("k-1", "X", "vn", "http://127.0.0.1:9", generate_private_key(), NOW)
    identity.save(tmp_path)
    assert DeviceIdentity.load(tmp_path) is not None
    other = DeviceIdentity("k-1", "X", "vn", "http://127.0.0.1:9", generate_private_key(), NOW)
    key_file = tmp_path / "keys" / "device-ed25519.key"
    from sync.signing import private_key_bytes

    key_file.write_bytes(private_key_bytes(other.private_key))
    with pytest.raises(IdentityError, match="enroll it again"):
        DeviceIdentity.load(tmp_path)
    key_file.write_bytes(b"short")
    with pytest.raises(IdentityError):
        DeviceIdentity.load(tmp_path)


# --- the export file -------------------------------------------------------------------------------


def sample_export(outbox: tuple[sessionmaker[Session], KeyStore], signing: bool = True) -> tuple[bytes, str]:
    sessions, keystore = outbox
    add_rows(sessions, 4, keystore)
    with sessions() as session:
        transactions = [to_transaction(item, keystore) for item in list_items(session)]
    key = generate_private_key()
    data = write_export(
        transactions,
        "long enough pass",
        kiosk_id="k-1",
        office_code="X",
        signing_key=key if signing else None,
    )
    from sync.signing import public_key_b64

    return data, public_key_b64(key)


def test_an_export_opens_with_its_passphrase_and_nothing_else(
    outbox: tuple[sessionmaker[Session], KeyStore],
) -> None:
    """GIVEN an export of four transactions with personal fields WHEN read back THEN the right
    passphrase and kiosk key give them all, in order; the file holds no name in clear; a wrong
    passphrase, another kiosk's key, or one changed byte are refused."""
    data, public_key = sample_export(outbox)
    assert "Trần Thị".encode() not in data
    bundle = read_export(data, "long enough pass", public_key=public_key)
    assert [item.personal for item in bundle.transactions] == [{"name": f"Trần Thị {n}"} for n in range(1, 5)]
    assert [item.device_sequence for item in bundle.transactions] == [1, 2, 3, 4]
    with pytest.raises(ExportError, match="passphrase"):
        read_export(data, "wrong passphrase!", public_key=public_key)
    from sync.signing import public_key_b64

    with pytest.raises(ExportError, match="another kiosk"):
        read_export(data, "long enough pass", public_key=public_key_b64(generate_private_key()))
    changed = bytearray(data)
    changed[len(changed) // 2] ^= 0x01
    with pytest.raises(ExportError):
        read_export(bytes(changed), "long enough pass")
    with pytest.raises(ValueError):
        write_export([], "short", kiosk_id="k", office_code="X", signing_key=None)


def test_an_unsigned_export_cannot_pass_for_a_kiosk(outbox: tuple[sessionmaker[Session], KeyStore]) -> None:
    """GIVEN an export from a kiosk never enrolled (unsigned) WHEN read with a kiosk key THEN it
    is refused; without one it opens."""
    data, public_key = sample_export(outbox, signing=False)
    assert len(read_export(data, "long enough pass").transactions) == 4
    with pytest.raises(ExportError, match="not signed"):
        read_export(data, "long enough pass", public_key=public_key)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_are_never_an_export(blob: bytes) -> None:
    """GIVEN any bytes, with or without the export's magic line WHEN read THEN only ExportError."""
    for data in (blob, b"KIOSK-OUTBOX-EXPORT/1\n" + blob):
        with pytest.raises(ExportError):
            read_export(data, "long enough pass")


# --- numbers ---------------------------------------------------------------------------------------


def test_leased_numbers_skip_used_ones_then_fall_back(outbox: tuple[sessionmaker[Session], KeyStore]) -> None:
    """GIVEN a lease 1..5 where 2 and 3 were already used on this kiosk WHEN numbers are drawn
    THEN 1, 4, 5 come from the lease, then the fallback block, then nothing."""
    sessions, _ = outbox
    day = date(2026, 11, 23)
    with sessions.begin() as session:
        store_lease(
            session,
            NumberLease(
                lease_id=7,
                kiosk_id="k-1",
                office_code="X",
                kind=NumberSeries.TICKET_NUMBERS,
                series="A",
                service_date=day,
                first=1,
                last=5,
                granted_at=NOW,
            ),
        )
    drawer = LeasedNumbers(NumberSeries.TICKET_NUMBERS, FallbackBlock(901, 902))
    used = {2, 3}
    drawn: list[DrawnNumber | None] = []
    for _ in range(6):
        with sessions.begin() as session:
            number = drawer.draw(session, "A", day, used)
        drawn.append(number)
        if number is not None:
            used.add(number.number)
    assert [(n.number, n.source, n.lease_id) if n else None for n in drawn] == [
        (1, "lease", 7),
        (4, "lease", 7),
        (5, "lease", 7),
        (901, "fallback", None),
        (902, "fallback", None),
        None,
    ]
    with sessions() as session:
        assert LocalNumbers(1, 999).draw(session, "A", day, {1, 2, 7}) == DrawnNumber(8, "local")


@given(st.text(max_size=12))
def test_fallback_blocks_parse_or_refuse(text: str) -> None:
    """GIVEN any text WHEN parsed as a fallback block THEN a valid block or ValueError."""
    try:
        block = FallbackBlock.parse(text)
    except ValueError:
        return
    assert 1 <= block.first <= block.last


def test_list_items_by_state(outbox: tuple[sessionmaker[Session], KeyStore]) -> None:
    """GIVEN three rows, the second dead WHEN listed by state THEN only the rows in those states,
    oldest first, up to the limit."""
    sessions, _ = outbox
    add_rows(sessions, 3)
    with sessions.begin() as session:
        mark_dead(session.get_one(OutboxItem, 2), "refused")
    with sessions() as session:
        assert [item.id for item in list_items(session, states=[OutboxState.DEAD])] == [2]
        assert [item.id for item in list_items(session, states=[OutboxState.PENDING], limit=1)] == [1]

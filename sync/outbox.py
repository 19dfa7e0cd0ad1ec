"""The transactional outbox: one row per citizen transaction, written in the same commit.

The caller owns the transaction: :func:`enqueue` only adds a row to the caller's
session, so the domain change and its outbox row commit (or vanish) together.
Rows are uploaded in ``id`` order; the idempotency key lets the server apply
each at most once.

Personal and biometric fields never go into ``payload``: they are passed as ``personal``
and stored sealed with the kiosk's :class:`~sync.keystore.KeyStore` (AES-GCM, the row's
idempotency key bound as context), so the database file and its WAL hold only ciphertext.

The life of a row (every change is one short write transaction; the sync worker holds the
kiosk's sync lock, :mod:`sync.worker`, while it moves rows)::

    pending --claim_batch--> in_flight --settle: acknowledged/duplicate--> acknowledged
       ^                        |      --settle: rejected-----------------> dead
       |                        +--release_for_retry (network, 5xx, 429: backoff)--+
       +---------- recover_in_flight (a crash left it in flight) / retry_dead -----+

A row is claimed (committed as ``in_flight``, ``attempts`` + 1) *before* it is sent, so
a ``kill -9`` between sending and settling leaves it in flight; the next holder of the
sync lock puts it back to pending and sends it again, and the server answers the same
acknowledgment for the same idempotency key. Nothing is sent twice *as a new
transaction*, and nothing committed is ever skipped.
"""

from __future__ import annotations

import enum
import json
import random
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol, cast

from sqlalchemy import (
    Enum,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from sync.keystore import KeyStore
from sync.kiosk_schema import KioskBase
from sync.sqltypes import UtcDateTime

if TYPE_CHECKING:
    from sync.protocol import Transaction, TransactionPayload


class OutboxState(enum.StrEnum):
    PENDING = "pending"
    IN_FLIGHT = "in_flight"
    ACKNOWLEDGED = "acknowledged"
    DEAD = "dead"


class OutboxItem(KioskBase):
    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    idempotency_key: Mapped[str] = mapped_column(String(36), unique=True, nullable=False)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    schema_version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    state: Mapped[OutboxState] = mapped_column(
        Enum(OutboxState, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e]),
        nullable=False,
        default=OutboxState.PENDING,
        index=True,
    )
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    payload: Mapped[str] = mapped_column(Text, nullable=False)
    # Sealed JSON object of the personal / biometric fields (None when the row has none,
    # or once they were purged after the server's acknowledgment).
    personal: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    # The server's receipt for the row (the same on every replay), once acknowledged.
    ack_id: Mapped[str | None] = mapped_column(String(64), nullable=True)


class OutboxRow(Protocol):
    """What sending needs of a row: an :class:`OutboxItem`, or a :class:`ClaimedRow`."""

    @property
    def id(self) -> int: ...
    @property
    def idempotency_key(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def schema_version(self) -> int: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def payload(self) -> str: ...
    @property
    def personal(self) -> bytes | None: ...
    @property
    def attempts(self) -> int: ...


@dataclass(frozen=True)
class ClaimedRow:
    """A row as claimed for sending (plain data, no ORM state)."""

    id: int
    idempotency_key: str
    kind: str
    schema_version: int
    created_at: datetime
    payload: str
    personal: bytes | None
    attempts: int


def new_idempotency_key() -> str:
    """A globally unique transaction id (UUID4)."""
    return str(uuid.uuid4())


def enqueue(
    session: Session,
    *,
    payload: TransactionPayload,
    idempotency_key: str,
    created_at: datetime | None = None,
    personal: Mapping[str, Any] | None = None,
    keystore: KeyStore | None = None,
) -> str:
    """Writes an outbox row in ``session``'s open transaction (the caller commits); returns its
    idempotency key.

    ``payload`` is the kind's wire model (``sync.protocol``): the row's kind and schema version
    are the model's, and its fields were checked when it was built, so a wrong field fails in
    the kiosk, not at the server. It holds no personal data in clear. Personal and biometric
    fields (names, ID numbers, phone numbers, templates as base64...) go in ``personal``, which
    is sealed with ``keystore`` (required when ``personal`` is given).

    The row is inserted at once with a Core ``INSERT`` (the session flushes its pending objects
    first, so a domain row added before comes first): the ORM's unit of work would cost more
    than the durable commit itself on a fast disk, and nothing needs the row as an object.
    A duplicate key raises ``IntegrityError`` here, inside the caller's transaction.
    """
    sealed: bytes | None = None
    if personal:
        if keystore is None:
            raise ValueError("personal fields need the kiosk's key store")
        sealed = keystore.seal_json(dict(personal), context=personal_context(idempotency_key))
    session.execute(
        _INSERT,
        [
            {
                "idempotency_key": idempotency_key,
                "kind": payload.KIND,
                "schema_version": payload.SCHEMA_VERSION,
                "created_at": created_at or datetime.now(UTC),
                "state": OutboxState.PENDING,
                "attempts": 0,
                "payload": payload_json(payload),
                "personal": sealed,
            }
        ],
    )
    return idempotency_key


def payload_json(payload: TransactionPayload) -> str:
    """The payload as the outbox stores and sends it: compact JSON, keys sorted, dates and
    times in ISO 8601 as ``isoformat()`` writes them (``+00:00``, not pydantic's ``Z``: the
    form every kiosk has always sent)."""
    return json.dumps(payload.model_dump(), sort_keys=True, separators=(",", ":"), default=_iso_value)


def _iso_value(value: object) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not a JSON value")


_INSERT = insert(cast(Table, OutboxItem.__table__))


def personal_context(idempotency_key: str) -> str:
    """The associated data binding a row's sealed personal fields to that row."""
    return f"outbox.personal:{idempotency_key}"


def open_personal(item: OutboxRow, keystore: KeyStore) -> dict[str, Any]:
    """The row's personal fields in clear ({} when it has none or they were purged).

    Raises :class:`~sync.keystore.SealError` when the sealed bytes do not open.
    """
    if item.personal is None:
        return {}
    value = keystore.unseal_json(item.personal, context=personal_context(item.idempotency_key))
    if not isinstance(value, dict):
        raise ValueError("sealed personal fields must be a JSON object")
    return value


def to_transaction(item: OutboxRow, keystore: KeyStore) -> Transaction:
    """The wire form of an outbox row, personal fields opened from their seal.

    Raises ``SealError`` / ``ValueError`` (pydantic's ``ValidationError`` included) when the row
    cannot be sent as it is."""
    from sync.protocol import Transaction  # the wire models load only where rows are sent

    personal = open_personal(item, keystore)
    return Transaction(
        idempotency_key=item.idempotency_key,
        kind=item.kind,
        schema_version=item.schema_version,
        created_at=item.created_at,
        device_sequence=item.id,
        payload=json.loads(item.payload),
        personal=personal or None,
    )


def list_items(
    session: Session, *, limit: int | None = None, states: Iterable[OutboxState] | None = None
) -> Sequence[OutboxItem]:
    """Outbox rows in upload order (oldest first), optionally only those in ``states``."""
    query = select(OutboxItem).order_by(OutboxItem.id)
    if states is not None:
        query = query.where(OutboxItem.state.in_(list(states)))
    if limit is not None:
        query = query.limit(limit)
    return session.scalars(query).all()


def describe_item(item: OutboxItem) -> dict[str, Any]:
    """The technician's view of a row: no payload, so no personal data."""
    return {
        "id": item.id,
        "kind": item.kind,
        "idempotency_key": item.idempotency_key,
        "state": item.state.value,
        "created_at": item.created_at.isoformat(),
        "attempts": item.attempts,
        "last_error": item.last_error,
        "next_attempt_at": item.next_attempt_at.isoformat() if item.next_attempt_at else None,
        "acknowledged_at": item.acknowledged_at.isoformat() if item.acknowledged_at else None,
        "ack_id": item.ack_id,
        "has_personal_data": item.personal is not None,
    }


# --- the state machine ------------------------------------------------------------------------

DEFAULT_BACKOFF_BASE_S = 2.0
DEFAULT_BACKOFF_CAP_S = 300.0
RETRY_AFTER_CAP_S = 3600.0
LAST_ERROR_MAX_CHARS = 500


class OutboxError(Exception):
    """A technician's request on the outbox cannot be done (unknown row, wrong state)."""


def backoff_delay(
    attempts: int,
    *,
    base_s: float = DEFAULT_BACKOFF_BASE_S,
    cap_s: float = DEFAULT_BACKOFF_CAP_S,
    rng: random.Random | None = None,
) -> float:
    """Seconds to wait after the ``attempts``-th failed attempt: exponential, capped, jittered.

    "Equal jitter": half the exponential delay is kept and the other half drawn at random, so
    kiosks of an office that lost the line together do not all come back in the same second,
    and no kiosk retries sooner than half the nominal delay.
    """
    nominal = min(cap_s, base_s * 2.0 ** max(0, attempts - 1))
    draw = (rng or random).random()
    return nominal / 2 + draw * nominal / 2


def recover_in_flight(session: Session) -> int:
    """Puts rows a crashed sender left in flight back to pending; returns how many.

    Only call this while holding the sync lock: then no other sender can have rows in flight.
    """
    stuck = session.scalar(
        select(func.count()).select_from(OutboxItem).where(OutboxItem.state == OutboxState.IN_FLIGHT)
    )
    if not stuck:
        return 0
    session.execute(
        update(OutboxItem)
        .where(OutboxItem.state == OutboxState.IN_FLIGHT)
        .values(state=OutboxState.PENDING, next_attempt_at=None)
    )
    return int(stuck)


def _claim_ids(session: Session, *, now: datetime, limit: int) -> list[int]:
    due = (
        select(OutboxItem.id)
        .where(
            OutboxItem.state == OutboxState.PENDING,
            (OutboxItem.next_attempt_at.is_(None)) | (OutboxItem.next_attempt_at <= now),
        )
        .order_by(OutboxItem.id)
        .limit(limit)
    )
    ids = list(session.scalars(due))
    if ids:
        session.execute(
            update(OutboxItem)
            .where(OutboxItem.id.in_(ids))
            .values(state=OutboxState.IN_FLIGHT, attempts=OutboxItem.attempts + 1)
            .execution_options(synchronize_session=False)
        )
    return ids


def claim_batch(session: Session, *, now: datetime, limit: int) -> list[OutboxItem]:
    """The oldest due pending rows (at most ``limit``, in id order), now in flight.

    A row is due when it has no next attempt time or that time has come. Each claimed row's
    ``attempts`` goes up by one. The caller commits before sending anything.
    """
    ids = _claim_ids(session, now=now, limit=limit)
    if not ids:
        return []
    return list(
        session.scalars(
            select(OutboxItem)
            .where(OutboxItem.id.in_(ids))
            .order_by(OutboxItem.id)
            .execution_options(populate_existing=True)
        )
    )


def claim_rows(session: Session, *, now: datetime, limit: int) -> list[ClaimedRow]:
    """:func:`claim_batch` for the sender: the same rows as plain data (no ORM objects, which
    cost more than the rest of the upload for large batches)."""
    ids = _claim_ids(session, now=now, limit=limit)
    if not ids:
        return []
    columns = (
        OutboxItem.id,
        OutboxItem.idempotency_key,
        OutboxItem.kind,
        OutboxItem.schema_version,
        OutboxItem.created_at,
        OutboxItem.payload,
        OutboxItem.personal,
        OutboxItem.attempts,
    )
    rows = session.execute(select(*columns).where(OutboxItem.id.in_(ids)).order_by(OutboxItem.id))
    return [ClaimedRow(*row) for row in rows]


def mark_acknowledged(item: OutboxItem, *, ack_id: str | None, at: datetime, purge_personal: bool) -> None:
    """The server holds the row: it is never sent again. With ``purge_personal`` its sealed
    personal fields are dropped in the same commit (a retention of zero)."""
    item.state = OutboxState.ACKNOWLEDGED
    item.acknowledged_at = at
    item.ack_id = ack_id
    item.next_attempt_at = None
    item.last_error = None
    if purge_personal:
        item.personal = None


def mark_dead(item: OutboxItem, reason: str) -> None:
    """The server refused the row for good: kept, with the server's reason, for a technician."""
    item.state = OutboxState.DEAD
    item.next_attempt_at = None
    item.last_error = _clip(reason)


def release_for_retry(items: Iterable[OutboxItem], *, error: str, not_before: datetime | None) -> None:
    """Sending failed in a way worth retrying: the rows go back to pending, due at ``not_before``
    (``None``: at once). They keep their order: the next claim takes them first again."""
    for item in items:
        item.state = OutboxState.PENDING
        item.next_attempt_at = not_before
        item.last_error = _clip(error)


@dataclass(frozen=True)
class Settlement:
    """The server's word on one row in flight: acknowledged (``reason`` None) or refused."""

    item_id: int
    ack_id: str | None = None
    reason: str | None = None


def apply_settlements(
    session: Session, settlements: Sequence[Settlement], *, at: datetime, purge_personal: bool
) -> None:
    """:func:`mark_acknowledged` / :func:`mark_dead` for a whole batch: two ``executemany``."""
    acknowledged = [
        {"row_id": item.item_id, "receipt": item.ack_id, "settled_at": at}
        for item in settlements
        if item.reason is None
    ]
    dead = [
        {"row_id": item.item_id, "reason": _clip(item.reason)}
        for item in settlements
        if item.reason is not None
    ]
    connection = session.connection()
    if acknowledged:
        connection.execute(_ACKNOWLEDGE_PURGING if purge_personal else _ACKNOWLEDGE, acknowledged)
    if dead:
        connection.execute(_BURY, dead)


_TABLE = cast(Table, OutboxItem.__table__)
_ACKNOWLEDGE = (
    update(_TABLE)
    .where(_TABLE.c.id == bindparam("row_id"))
    .values(
        state=OutboxState.ACKNOWLEDGED,
        acknowledged_at=bindparam("settled_at"),
        ack_id=bindparam("receipt"),
        next_attempt_at=None,
        last_error=None,
    )
)
_ACKNOWLEDGE_PURGING = _ACKNOWLEDGE.values(personal=None)
_BURY = (
    update(_TABLE)
    .where(_TABLE.c.id == bindparam("row_id"))
    .values(state=OutboxState.DEAD, next_attempt_at=None, last_error=bindparam("reason"))
)


def release_ids_for_retry(
    session: Session, item_ids: Sequence[int], *, error: str, not_before: datetime | None
) -> None:
    """:func:`release_for_retry` by row id, in one statement."""
    session.execute(
        update(OutboxItem)
        .where(OutboxItem.id.in_(list(item_ids)))
        .values(state=OutboxState.PENDING, next_attempt_at=not_before, last_error=_clip(error))
        .execution_options(synchronize_session=False)
    )


def retry_dead(session: Session, item_id: int) -> OutboxItem:
    """A technician sends a dead row again (e.g. after the server was upgraded to know its kind).

    Raises :class:`OutboxError` when there is no such row or it is not dead.
    """
    item = session.get(OutboxItem, item_id)
    if item is None:
        raise OutboxError(f"There is no outbox item {item_id}.")
    if item.state is not OutboxState.DEAD:
        raise OutboxError(
            f"Outbox item {item_id} is {item.state.value}, not dead: only dead items are retried."
        )
    item.state = OutboxState.PENDING
    item.next_attempt_at = None
    return item


def purge_personal(session: Session, *, now: datetime, retention: timedelta) -> int:
    """Drops the sealed personal fields of rows acknowledged at least ``retention`` ago.

    Sets ``PRAGMA secure_delete`` on this connection first, so SQLite overwrites the freed
    bytes instead of leaving the old ciphertext in free pages. Returns the rows purged.
    """
    cutoff = now - retention
    condition = (
        OutboxItem.state == OutboxState.ACKNOWLEDGED,
        OutboxItem.personal.is_not(None),
        OutboxItem.acknowledged_at <= cutoff,
    )
    count = session.scalar(select(func.count()).select_from(OutboxItem).where(*condition))
    if not count:
        return 0
    if session.get_bind().dialect.name == "sqlite":
        session.connection().exec_driver_sql("PRAGMA secure_delete=ON")
    session.execute(
        update(OutboxItem)
        .where(*condition)
        .values(personal=None)
        .execution_options(synchronize_session=False)
    )
    return int(count)


def prune_acknowledged(session: Session, *, before: datetime) -> int:
    """Deletes acknowledged rows acknowledged before ``before`` (they hold no personal data by
    then, and the server keeps the transaction); returns how many."""
    condition = (OutboxItem.state == OutboxState.ACKNOWLEDGED, OutboxItem.acknowledged_at < before)
    count = session.scalar(select(func.count()).select_from(OutboxItem).where(*condition))
    if not count:
        return 0
    session.execute(delete(OutboxItem).where(*condition).execution_options(synchronize_session=False))
    return int(count)


@dataclass(frozen=True)
class Backlog:
    """What a technician (and the heartbeat) sees of the outbox."""

    pending: int
    in_flight: int
    acknowledged: int
    dead: int
    oldest_pending_at: datetime | None
    next_attempt_at: datetime | None
    last_error: str | None

    @property
    def unsent(self) -> int:
        """Rows the server does not hold yet (dead ones excluded: they wait for a technician)."""
        return self.pending + self.in_flight

    def as_dict(self) -> dict[str, Any]:
        return {
            "pending": self.pending,
            "in_flight": self.in_flight,
            "acknowledged": self.acknowledged,
            "dead": self.dead,
            "unsent": self.unsent,
            "oldest_pending_at": self.oldest_pending_at.isoformat() if self.oldest_pending_at else None,
            "next_attempt_at": self.next_attempt_at.isoformat() if self.next_attempt_at else None,
            "last_error": self.last_error,
        }


def backlog(session: Session) -> Backlog:
    counts: dict[OutboxState, int] = {}
    for state, count in session.execute(select(OutboxItem.state, func.count()).group_by(OutboxItem.state)):
        counts[state] = int(count)
    unsent = OutboxItem.state.in_([OutboxState.PENDING, OutboxState.IN_FLIGHT])
    oldest = session.scalar(select(OutboxItem.created_at).where(unsent).order_by(OutboxItem.id).limit(1))
    next_attempt = session.scalar(
        select(OutboxItem.next_attempt_at)
        .where(OutboxItem.state == OutboxState.PENDING, OutboxItem.next_attempt_at.is_not(None))
        .order_by(OutboxItem.next_attempt_at)
        .limit(1)
    )
    last_error = session.scalar(
        select(OutboxItem.last_error)
        .where(unsent | (OutboxItem.state == OutboxState.DEAD), OutboxItem.last_error.is_not(None))
        .order_by(OutboxItem.id.desc())
        .limit(1)
    )
    return Backlog(
        pending=counts.get(OutboxState.PENDING, 0),
        in_flight=counts.get(OutboxState.IN_FLIGHT, 0),
        acknowledged=counts.get(OutboxState.ACKNOWLEDGED, 0),
        dead=counts.get(OutboxState.DEAD, 0),
        oldest_pending_at=oldest,
        next_attempt_at=next_attempt,
        last_error=last_error,
    )


def _clip(text: str) -> str:
    return text if len(text) <= LAST_ERROR_MAX_CHARS else text[: LAST_ERROR_MAX_CHARS - 1] + "…"

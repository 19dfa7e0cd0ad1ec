"""The transactional outbox: one row per citizen transaction, written in the same commit.

The caller owns the transaction: :func:`enqueue` only adds a row to the caller's
session, so the domain change and its outbox row commit (or vanish) together.
Rows are uploaded in ``id`` order; the idempotency key lets the server apply
each at most once.

Personal and biometric fields never go into ``payload``: they are passed as ``personal``
and stored sealed with the kiosk's :class:`~sync.keystore.KeyStore` (AES-GCM, the row's
idempotency key bound as context), so the database file and its WAL hold only ciphertext.
"""

from __future__ import annotations

import enum
import json
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Enum, Integer, LargeBinary, String, Text, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from sync.keystore import KeyStore
from sync.sqltypes import UtcDateTime


class OutboxBase(DeclarativeBase):
    """Metadata of the outbox table; it lives in the kiosk's database beside the domain tables."""


class OutboxState(enum.StrEnum):
    PENDING = "pending"
    IN_FLIGHT = "in_flight"
    ACKNOWLEDGED = "acknowledged"
    DEAD = "dead"


class OutboxItem(OutboxBase):
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


def new_idempotency_key() -> str:
    """A globally unique transaction id (UUID4)."""
    return str(uuid.uuid4())


def enqueue(
    session: Session,
    *,
    kind: str,
    payload: Mapping[str, Any],
    idempotency_key: str,
    created_at: datetime | None = None,
    schema_version: int = 1,
    personal: Mapping[str, Any] | None = None,
    keystore: KeyStore | None = None,
) -> OutboxItem:
    """Adds an outbox row to ``session``'s open transaction; the caller commits.

    ``payload`` must be JSON-serialisable and hold no personal data in clear. Personal and
    biometric fields (names, ID numbers, phone numbers, templates as base64...) go in
    ``personal``, which is sealed with ``keystore`` (required when ``personal`` is given).
    """
    sealed: bytes | None = None
    if personal:
        if keystore is None:
            raise ValueError("personal fields need the kiosk's key store")
        sealed = keystore.seal_json(dict(personal), context=personal_context(idempotency_key))
    item = OutboxItem(
        idempotency_key=idempotency_key,
        kind=kind,
        schema_version=schema_version,
        created_at=created_at or datetime.now(UTC),
        state=OutboxState.PENDING,
        attempts=0,
        payload=json.dumps(dict(payload), sort_keys=True, separators=(",", ":")),
        personal=sealed,
    )
    session.add(item)
    return item


def personal_context(idempotency_key: str) -> str:
    """The associated data binding a row's sealed personal fields to that row."""
    return f"outbox.personal:{idempotency_key}"


def open_personal(item: OutboxItem, keystore: KeyStore) -> dict[str, Any]:
    """The row's personal fields in clear ({} when it has none or they were purged).

    Raises :class:`~sync.keystore.SealError` when the sealed bytes do not open.
    """
    if item.personal is None:
        return {}
    value = keystore.unseal_json(item.personal, context=personal_context(item.idempotency_key))
    if not isinstance(value, dict):
        raise ValueError("sealed personal fields must be a JSON object")
    return value


def list_items(session: Session, *, limit: int | None = None) -> Sequence[OutboxItem]:
    """Outbox rows in upload order (oldest first)."""
    query = select(OutboxItem).order_by(OutboxItem.id)
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
        "has_personal_data": item.personal is not None,
    }

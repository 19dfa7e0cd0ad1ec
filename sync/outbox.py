"""The transactional outbox: one row per citizen transaction, written in the same commit.

The caller owns the transaction: :func:`enqueue` only adds a row to the caller's
session, so the domain change and its outbox row commit (or vanish) together.
Rows are uploaded in ``id`` order; the idempotency key lets the server apply
each at most once.
"""

from __future__ import annotations

import enum
import json
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Enum, Integer, String, Text, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

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
) -> OutboxItem:
    """Adds an outbox row to ``session``'s open transaction; the caller commits.

    ``payload`` must be JSON-serialisable and hold no personal data in clear:
    personal fields are the encrypted-payload work of the sync layer.
    """
    item = OutboxItem(
        idempotency_key=idempotency_key,
        kind=kind,
        schema_version=schema_version,
        created_at=created_at or datetime.now(UTC),
        state=OutboxState.PENDING,
        attempts=0,
        payload=json.dumps(dict(payload), sort_keys=True, separators=(",", ":")),
    )
    session.add(item)
    return item


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
    }

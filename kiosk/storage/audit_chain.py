"""The audit trail as a hash chain: appending entries and checking the chain.

Each ``audit_event`` row stores ``entry_hash = SHA-256(previous entry_hash || canonical bytes)``,
where the canonical bytes are the entry's fields (``at``, ``actor``, ``action``,
``transaction_id``, ``detail``) as JSON with sorted keys and no spaces, and the first entry
chains from :data:`GENESIS`. Changing, removing or reordering a stored entry therefore breaks
the chain at that entry; truncating the end or rewriting the whole chain is only visible
against a head kept elsewhere (the server keeps the last head each heartbeat carried).

The table is append-only (SQLite triggers refuse ``UPDATE`` and ``DELETE``, migration 0006),
and :func:`append` is the one way entries are written: it reads the last hash inside the
caller's write transaction (``BEGIN IMMEDIATE``, ``kiosk.storage.database``), so two writers
never chain from the same entry.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.storage.models import AuditEventRecord

GENESIS = "0" * 64
"""The hash the first entry chains from."""

Problem = Literal["altered", "removed", "reordered"]


@dataclass(frozen=True)
class ChainEntry:
    """The fields of one entry as stored (``detail`` already the compact JSON text, nothing personal)."""

    at: datetime
    actor: str
    action: str
    transaction_id: str | None = None
    detail: str | None = None


def canonical_bytes(
    at: datetime, actor: str, action: str, transaction_id: str | None, detail: str | None
) -> bytes:
    """The bytes an entry's hash commits to. A stored format: never change it."""
    fields = {
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": actor,
        "action": action,
        "transaction_id": transaction_id,
        "detail": detail,
    }
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def chain_hash(previous: str, canonical: bytes) -> str:
    """``SHA-256(previous || canonical)`` in hex; ``previous`` is a hex hash."""
    return hashlib.sha256(bytes.fromhex(previous) + canonical).hexdigest()


def _record_hash(previous: str, record: AuditEventRecord) -> str:
    canonical = canonical_bytes(record.at, record.actor, record.action, record.transaction_id, record.detail)
    return chain_hash(previous, canonical)


def append(session: Session, entries: Sequence[ChainEntry]) -> None:
    """Adds ``entries`` to the caller's open write transaction, each chained from the one
    before (the first from the database's last entry); the caller commits. The rows are
    flushed here so that their ids follow the chain's order."""
    if not entries:
        return
    last = session.scalar(select(AuditEventRecord.entry_hash).order_by(AuditEventRecord.id.desc()).limit(1))
    previous = last if last is not None else GENESIS
    for entry in entries:
        at = entry.at.astimezone(UTC)
        previous = chain_hash(
            previous, canonical_bytes(at, entry.actor, entry.action, entry.transaction_id, entry.detail)
        )
        session.add(
            AuditEventRecord(
                at=at,
                actor=entry.actor,
                action=entry.action,
                transaction_id=entry.transaction_id,
                detail=entry.detail,
                entry_hash=previous,
            )
        )
        session.flush()  # one INSERT at a time: the row ids are the chain's order


@dataclass(frozen=True)
class ChainHead:
    """How many entries the chain holds and the last one's hash (:data:`GENESIS` when empty)."""

    count: int
    head: str


def chain_head(session: Session) -> ChainHead:
    """The head as it is now (what the heartbeat sends)."""
    count = int(session.scalar(select(func.count()).select_from(AuditEventRecord)) or 0)
    last = session.scalar(select(AuditEventRecord.entry_hash).order_by(AuditEventRecord.id.desc()).limit(1))
    return ChainHead(count, last if last is not None else GENESIS)


@dataclass(frozen=True)
class ChainVerdict:
    """What :func:`verify` found. ``first_bad`` is the id of the first entry that does not
    follow from the one before it (for ``removed``, the first missing id) and ``problem`` says
    how; both ``None`` when the chain holds. ``head`` is the last hash that held."""

    entries: int
    head: str
    first_bad: int | None = None
    problem: Problem | None = None

    @property
    def ok(self) -> bool:
        return self.first_bad is None


def verify(session: Session) -> ChainVerdict:
    """Walks the chain in id order and stops at the first entry that does not follow.

    The entry is named ``reordered`` when it does follow from another stored entry (or from
    the genesis value), ``removed`` when ids are missing before it (the entries between were
    deleted: nothing deletes audit rows, and SQLite gives a new row the next id), and
    ``altered`` otherwise (its fields or its stored hash were changed).
    """
    records = list(session.scalars(select(AuditEventRecord).order_by(AuditEventRecord.id)))
    stored = {record.entry_hash for record in records} | {GENESIS}
    previous = GENESIS
    previous_id = 0
    for record in records:
        if _record_hash(previous, record) != record.entry_hash:
            if any(_record_hash(other, record) == record.entry_hash for other in stored - {previous}):
                problem: Problem = "reordered"
            elif record.id != previous_id + 1:
                problem = "removed"
            else:
                problem = "altered"
            first_bad = previous_id + 1 if problem == "removed" else record.id
            return ChainVerdict(len(records), previous, first_bad, problem)
        previous, previous_id = record.entry_hash, record.id
    return ChainVerdict(len(records), previous)

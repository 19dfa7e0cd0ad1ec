"""Idempotent ingest: each transaction is applied at most once, each item of a batch on its own.

A batch is one database transaction, but items do not depend on each other: a bad item
is answered ``rejected`` with its reason while the others are applied. Every item is one
row, inserted with ``ON CONFLICT (idempotency_key) DO NOTHING``, so two workers racing on
the same key (a retry that overtakes the original request) still store it once; the loser
reads the winner's row and answers with the same acknowledgment.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, JsonValue, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from sync.personal_envelope import EnvelopeError
from sync.protocol import (
    MAX_BATCH_ITEMS,
    PROTOCOL_VERSION,
    TRANSACTION_SCHEMAS,
    ErrorCode,
    IdempotencyKey,
    IngestResult,
    IngestStatus,
    OfficeCode,
    QueueTicketV1,
    Transaction,
    TransactionPayload,
    read_payload,
    transaction_digest,
)
from sync.server.database import insert_for
from sync.server.enrollment import kiosk_ids_of_device
from sync.server.errors import ApiError
from sync.server.models import IngestedTransaction, Kiosk, RejectedTransaction, TicketNumber
from sync.server.sealing import PersonalDataSealer

log = logging.getLogger(__name__)


class _Envelope(BaseModel):
    """The batch with its items still unparsed, so one malformed item cannot sink the others."""

    model_config = ConfigDict(extra="forbid")
    protocol_version: int
    office_code: OfficeCode
    transactions: list[dict[str, JsonValue]] = Field(min_length=1)


class _KeyOnly(BaseModel):
    idempotency_key: IdempotencyKey


def describe_validation_error(error: ValidationError, *, prefix: str = "") -> str:
    """The first problems of ``error`` as one readable sentence (field path: what is wrong)."""
    parts = []
    for problem in error.errors()[:3]:
        location = ".".join(str(part) for part in (*([prefix] if prefix else []), *problem["loc"]))
        parts.append(f"{location}: {problem['msg']}" if location else str(problem["msg"]))
    more = len(error.errors()) - 3
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "") + "."


@dataclass(frozen=True)
class ParsedBatch:
    office_code: str
    items: list[Transaction | IngestResult]
    """In batch order: a parsed transaction, or the rejection of an item that did not parse."""


def parse_batch(body: bytes) -> ParsedBatch:
    """Reads an ingest body. Raises ``ApiError`` when the batch as a whole is unusable
    (not JSON, wrong envelope, too many items, an item whose key cannot be read). An item whose
    personal fields came in clear instead of sealed is rejected on its own."""
    try:
        document = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(ErrorCode.INVALID_REQUEST, "The request body is not JSON.") from exc
    except RecursionError as exc:  # the decoder recurses once per level of nesting
        raise ApiError(
            ErrorCode.INVALID_REQUEST, "The request body is nested too deeply.", status=400
        ) from exc
    items_sent = document.get("transactions") if isinstance(document, dict) else None
    if isinstance(items_sent, list) and len(items_sent) > MAX_BATCH_ITEMS:
        raise ApiError(
            ErrorCode.TOO_LARGE,
            f"A batch holds at most {MAX_BATCH_ITEMS} transactions: send smaller batches.",
        )
    if isinstance(document, dict) and document.get("protocol_version", PROTOCOL_VERSION) != PROTOCOL_VERSION:
        raise ApiError(
            ErrorCode.UNSUPPORTED_VERSION,
            f"This server speaks protocol version {PROTOCOL_VERSION}, not {document.get('protocol_version')}.",
        )
    try:
        envelope = _Envelope.model_validate(document)
    except ValidationError as exc:
        raise ApiError(
            ErrorCode.INVALID_REQUEST, "The batch is malformed: " + describe_validation_error(exc)
        ) from exc
    items: list[Transaction | IngestResult] = []
    for index, raw in enumerate(envelope.transactions):
        try:
            transaction = Transaction.model_validate(raw)
        except ValidationError as exc:
            try:
                key = _KeyOnly.model_validate({"idempotency_key": raw.get("idempotency_key")}).idempotency_key
            except ValidationError:
                raise ApiError(
                    ErrorCode.INVALID_REQUEST,
                    f"Transaction {index} of the batch has no valid idempotency key: "
                    + describe_validation_error(exc),
                ) from exc
            reason = "The transaction is malformed: " + describe_validation_error(exc)
            items.append(IngestResult(idempotency_key=key, status=IngestStatus.REJECTED, reason=reason))
            continue
        if transaction.personal_in_clear:
            # Over HTTP personal fields come sealed to the server's data key, never in clear.
            items.append(_rejected(transaction.idempotency_key, Refusal(_PERSONAL_IN_CLEAR)))
        else:
            items.append(transaction)
    return ParsedBatch(office_code=envelope.office_code, items=items)


@dataclass(frozen=True)
class Refusal:
    """Why the server cannot apply a transaction (permanent): a sentence, and a stable code
    when the kiosk or a technician may branch on it."""

    reason: str
    code: ErrorCode | None = None


def check_content(transaction: Transaction, kiosk: Kiosk, device_ids: Collection[str]) -> Refusal | None:
    """Why the server cannot apply this transaction, or None when it can.

    The payload is read strictly (an unknown field is ``unknown_field``), and what it claims
    is checked against who signed it: its ``kiosk_id`` must be the signing kiosk, or an
    enrollment this device replaced (``device_ids``, :func:`kiosk_ids_of_device`; else
    ``kiosk_mismatch``), its ``office_code`` the kiosk's office (``other_office``)."""
    versions = TRANSACTION_SCHEMAS.get(transaction.kind)
    if versions is None:
        return Refusal(
            f"The server does not know transactions of kind '{transaction.kind}' (it may need an upgrade)."
        )
    if transaction.schema_version not in versions:
        known = ", ".join(str(version) for version in sorted(versions))
        return Refusal(
            f"The server does not know schema version {transaction.schema_version} of '{transaction.kind}' "
            f"(it knows {known})."
        )
    try:
        payload = read_payload(transaction.kind, transaction.schema_version, transaction.payload)
    except ValidationError as exc:
        unknown = any(problem["type"] == "extra_forbidden" for problem in exc.errors())
        return Refusal(
            f"The '{transaction.kind}' payload is invalid: "
            + describe_validation_error(exc, prefix="payload"),
            ErrorCode.UNKNOWN_FIELD if unknown else ErrorCode.INVALID_REQUEST,
        )
    claimed_kiosk = getattr(payload, "kiosk_id", None)
    if claimed_kiosk is not None and claimed_kiosk not in device_ids:
        return Refusal(
            f"The transaction names kiosk {claimed_kiosk}, but kiosk {kiosk.id} signed it.",
            ErrorCode.KIOSK_MISMATCH,
        )
    office = getattr(payload, "office_code", None)
    if office is not None and office != kiosk.office_code:
        return Refusal(
            f"The transaction belongs to office {office}, but this kiosk is enrolled for office {kiosk.office_code}.",
            ErrorCode.OTHER_OFFICE,
        )
    return None


def _ack(key: str, row_id: int, received_at: datetime, *, duplicate: bool) -> IngestResult:
    status = IngestStatus.DUPLICATE if duplicate else IngestStatus.ACKNOWLEDGED
    return IngestResult(idempotency_key=key, status=status, ack_id=str(row_id), received_at=received_at)


_PERSONAL_IN_CLEAR = (
    "The personal fields came in clear; a kiosk seals them to the server's data key "
    "(upgrade the kiosk's software)."
)
_KEY_REUSED = "This idempotency key was already used for a different transaction; it is not applied again."


def ingest_batch(
    session: Session,
    kiosk: Kiosk,
    batch: ParsedBatch,
    *,
    sealer: PersonalDataSealer,
    now: datetime,
) -> list[IngestResult]:
    """Applies the batch in ``session`` (the caller commits) and returns one result per item.

    Sealed personal fields are opened first (an envelope that does not open rejects its item),
    so contents are compared in clear: a resend sealed afresh, or the same transaction carried
    in an export, is a duplicate. Raises ``ApiError(OTHER_OFFICE)`` when the batch is for
    another office than the kiosk's."""
    if batch.office_code != kiosk.office_code:
        raise ApiError(
            ErrorCode.OTHER_OFFICE,
            f"This kiosk is enrolled for office {kiosk.office_code} and cannot send data for office "
            f"{batch.office_code}.",
        )
    batch = ParsedBatch(office_code=batch.office_code, items=[_opened(item, sealer) for item in batch.items])
    transactions = [item for item in batch.items if isinstance(item, Transaction)]
    device_ids = kiosk_ids_of_device(session, kiosk)
    digests = {id(item): transaction_digest(item) for item in transactions}

    # Most items are new: insert them straight away (ON CONFLICT DO NOTHING) and only read back
    # the keys that turned out to be stored already, or that failed the content checks (a
    # replay of a transaction applied before must still get its acknowledgment).
    results: list[IngestResult | None] = [None] * len(batch.items)
    first_in_batch: dict[str, int] = {}
    refusals: dict[int, Refusal] = {}
    for index, item in enumerate(batch.items):
        if isinstance(item, IngestResult):
            results[index] = item
        elif item.idempotency_key not in first_in_batch:
            refusal = check_content(item, kiosk, device_ids)
            if refusal is None:
                first_in_batch[item.idempotency_key] = index
            else:
                refusals[index] = refusal
    firsts = [
        item
        for index, item in enumerate(batch.items)
        if isinstance(item, Transaction) and first_in_batch.get(item.idempotency_key) == index
    ]
    inserted = _insert(session, kiosk, firsts, digests=digests, sealer=sealer, now=now)
    unknown = {item.idempotency_key for item in transactions} - inserted.keys()
    stored = _stored(session, unknown)  # applied before (or by a racing worker just now)

    for index, item in enumerate(batch.items):
        if isinstance(item, IngestResult):
            continue
        key = item.idempotency_key
        if key in stored:
            row_id, received_at, digest = stored[key]
            duplicate = True
        elif index in refusals or key not in inserted:
            results[index] = _rejected(key, refusals.get(index, Refusal(_KEY_REUSED)))
            continue
        else:
            row_id, received_at, digest = inserted[key]
            duplicate = first_in_batch[key] != index
        if digest == digests[id(item)]:
            results[index] = _ack(key, row_id, received_at, duplicate=duplicate)
        else:
            results[index] = _rejected(key, Refusal(_KEY_REUSED))

    final = [result for result in results if result is not None]
    assert len(final) == len(batch.items)
    rejected = [
        {
            "idempotency_key": result.idempotency_key,
            "kiosk_id": kiosk.id,
            "office_code": kiosk.office_code,
            "kind": _kind_of(batch.items[index]),
            "reason": result.reason or "",
            "received_at": now,
        }
        for index, result in enumerate(final)
        if result.status is IngestStatus.REJECTED
    ]
    if rejected:
        session.execute(insert_for(session, RejectedTransaction), rejected)
    _record_ticket_numbers(session, kiosk, [item for item in firsts if item.idempotency_key in inserted], now)
    return final


def _opened(item: Transaction | IngestResult, sealer: PersonalDataSealer) -> Transaction | IngestResult:
    """The transaction with its sealed personal fields opened (contents are compared, and
    sealed at rest, in the clear form), or its rejection when the envelope does not open."""
    if not isinstance(item, Transaction) or not isinstance(item.personal, str):
        return item
    try:
        fields = sealer.open_envelope(item.personal, bound_to=item.idempotency_key)
    except EnvelopeError as exc:
        return _rejected(item.idempotency_key, Refusal(str(exc)))
    return item.model_copy(update={"personal": fields})


def _sealed_at_rest(item: Transaction, sealer: PersonalDataSealer) -> bytes | None:
    if not item.personal:
        return None
    if isinstance(item.personal, str):
        raise AssertionError("an envelope is opened (_opened) before its transaction is stored")
    return sealer.seal(dict(item.personal), bound_to=item.idempotency_key)


def _record_ticket_numbers(session: Session, kiosk: Kiosk, applied: list[Transaction], now: datetime) -> None:
    """Keeps the number of each queue ticket applied now, and logs a number the office's day
    already had (counted by ``kiosk-server stats``: ``ticket_number_conflicts``). The ticket
    stays applied: the citizen holds it already; the count tells the office to look."""
    rows: list[dict[str, Any]] = []
    for item in applied:
        if item.kind != QueueTicketV1.KIND:
            continue
        ticket = _as_ticket(item)
        if ticket is None:
            continue
        rows.append(
            {
                "idempotency_key": item.idempotency_key,
                "office_code": kiosk.office_code,
                "service_date": ticket.service_date,
                "category": ticket.category,
                "number": ticket.number,
                "kiosk_id": kiosk.id,
                "received_at": now,
            }
        )
    if not rows:
        return
    seen = {(row["service_date"], row["category"], row["number"]) for row in rows}
    earlier = session.execute(
        select(TicketNumber.service_date, TicketNumber.category, TicketNumber.number).where(
            TicketNumber.office_code == kiosk.office_code,
            TicketNumber.service_date.in_(sorted({day for day, _, _ in seen})),
            TicketNumber.number.in_(sorted({number for _, _, number in seen})),
        )
    ).all()
    repeated = {tuple(row) for row in earlier} & seen
    repeated_in_batch = len(rows) - len(seen)
    if repeated or repeated_in_batch:
        log.warning(
            "ticket numbers issued twice in office %s: %s",
            kiosk.office_code,
            ", ".join(f"{category}{number} on {day}" for day, category, number in sorted(repeated))
            or "within one batch",
        )
    session.execute(
        insert_for(session, TicketNumber).on_conflict_do_nothing(index_elements=["idempotency_key"]), rows
    )


def _as_ticket(item: Transaction) -> QueueTicketV1 | None:
    payload: TransactionPayload = read_payload(item.kind, item.schema_version, item.payload)
    return payload if isinstance(payload, QueueTicketV1) else None


def _kind_of(item: Transaction | IngestResult) -> str:
    return item.kind if isinstance(item, Transaction) else "?"


def _rejected(key: str, refusal: Refusal) -> IngestResult:
    return IngestResult(
        idempotency_key=key, status=IngestStatus.REJECTED, reason=refusal.reason, code=refusal.code
    )


def _stored(session: Session, keys: set[str]) -> dict[str, tuple[int, datetime, str]]:
    if not keys:
        return {}
    rows = session.execute(
        select(
            IngestedTransaction.idempotency_key,
            IngestedTransaction.id,
            IngestedTransaction.received_at,
            IngestedTransaction.digest,
        ).where(IngestedTransaction.idempotency_key.in_(sorted(keys)))
    )
    return {key: (row_id, received_at, digest) for key, row_id, received_at, digest in rows}


def _insert(
    session: Session,
    kiosk: Kiosk,
    transactions: list[Transaction],
    *,
    digests: dict[int, str],
    sealer: PersonalDataSealer,
    now: datetime,
) -> dict[str, tuple[int, datetime, str]]:
    if not transactions:
        return {}
    rows: list[dict[str, Any]] = [
        {
            "idempotency_key": item.idempotency_key,
            "kiosk_id": kiosk.id,
            "office_code": kiosk.office_code,
            "kind": item.kind,
            "schema_version": item.schema_version,
            "created_at": item.created_at,
            "device_sequence": item.device_sequence,
            "received_at": now,
            "digest": digests[id(item)],
            "payload": json.dumps(item.payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False),
            "personal_sealed": _sealed_at_rest(item, sealer),
        }
        for item in transactions
    ]
    # One cached statement run over every row (executemany; "insertmanyvalues" batches it into
    # multi-row INSERTs), rather than a multi-VALUES statement compiled afresh for each batch.
    table = IngestedTransaction.__table__
    statement = (
        insert_for(session, table)
        .on_conflict_do_nothing(index_elements=["idempotency_key"])
        .returning(table.c.idempotency_key, table.c.id, table.c.digest)
    )
    return {key: (row_id, now, digest) for key, row_id, digest in session.execute(statement, rows)}

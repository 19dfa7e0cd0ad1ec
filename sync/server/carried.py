"""An outbox export carried by hand, applied at the office (``kiosk-server import FILE``).

The file (:mod:`sync.export`) names the kiosk that wrote it. It is accepted only when that kiosk
is enrolled here and not revoked, and when the file is signed by the very key the kiosk enrolled
with; then it is opened with the technician's passphrase and its transactions go through the
same ingest as the HTTP path, in batches of at most ``MAX_BATCH_ITEMS``. Idempotency keys make
the import safe to repeat and safe against the kiosk sending the same transactions later over
the line: each is applied once, the other arrivals are answered ``duplicate``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from sync.export import ExportError, read_export, read_header
from sync.protocol import MAX_BATCH_ITEMS, IngestResult, IngestStatus, Transaction
from sync.server.ingest import ParsedBatch, ingest_batch
from sync.server.models import Kiosk
from sync.server.sealing import PersonalDataSealer


class ImportRefused(Exception):
    """The file cannot be applied: one plain sentence says why; nothing was applied."""


@dataclass(frozen=True)
class ImportReport:
    kiosk_id: str
    office_code: str
    exported_at: datetime
    counts: dict[str, int]
    """Per ingest status (acknowledged: applied now; duplicate: applied before; rejected)."""
    refusals: list[dict[str, str]] = field(default_factory=list)
    """Idempotency key and reason of each rejected transaction."""


def import_export(
    session: Session, data: bytes, passphrase: str, *, sealer: PersonalDataSealer, now: datetime
) -> ImportReport:
    """Applies an export in ``session`` (the caller commits). Raises :class:`ImportRefused`."""
    try:
        header, _ = read_header(data)
    except ExportError as exc:
        raise ImportRefused(str(exc)) from exc
    kiosk_id = str(header.get("kiosk_id") or "")
    if not kiosk_id:
        raise ImportRefused(
            "The export was written by a kiosk that was not enrolled, so it cannot be checked."
        )
    kiosk = session.get(Kiosk, kiosk_id)
    if kiosk is None:
        raise ImportRefused(
            f"The export comes from kiosk {kiosk_id}, which is not enrolled with this server."
        )
    if kiosk.revoked_at is not None:
        raise ImportRefused(f"Kiosk {kiosk_id} is revoked; its export is not applied.")
    try:
        bundle = read_export(data, passphrase, public_key=kiosk.public_key)
    except ExportError as exc:
        raise ImportRefused(str(exc)) from exc
    results: list[IngestResult] = []
    for start in range(0, len(bundle.transactions), MAX_BATCH_ITEMS):
        chunk: list[Transaction | IngestResult] = list(bundle.transactions[start : start + MAX_BATCH_ITEMS])
        batch = ParsedBatch(office_code=bundle.office_code, items=chunk)
        results.extend(ingest_batch(session, kiosk, batch, sealer=sealer, now=now))
    counts = Counter(result.status.value for result in results)
    return ImportReport(
        kiosk_id=kiosk.id,
        office_code=kiosk.office_code,
        exported_at=bundle.created_at,
        counts={status.value: counts.get(status.value, 0) for status in IngestStatus},
        refusals=[
            {"idempotency_key": result.idempotency_key, "reason": result.reason or ""}
            for result in results
            if result.status is IngestStatus.REJECTED
        ],
    )

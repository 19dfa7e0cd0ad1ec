"""Noticing a kiosk whose audit log was truncated or rewritten, from the heads its heartbeats carry.

A kiosk's audit log is a hash chain (``kiosk.storage.audit_chain``) that only grows, so each
head must extend the one before: more entries, or the same count with the same hash. A head
with fewer entries (the end was cut off), or the same count with another hash (entries were
rewritten and re-chained), marks the kiosk ``audit_rewritten`` for good; the new head is kept,
so that later heartbeats are compared with it.
"""

from __future__ import annotations

from datetime import datetime

from sync.protocol import AuditHead
from sync.server.models import Kiosk

AUDIT_OK = "ok"
AUDIT_REWRITTEN = "audit_rewritten"


def record_audit_head(kiosk: Kiosk, head: AuditHead | None, now: datetime) -> None:
    """Compares ``head`` with the last one ``kiosk`` sent and stores it (``None``: nothing sent,
    nothing changes). A longer chain whose earlier entries changed cannot be told apart from
    one that grew: the kiosk's own ``kiosk audit verify`` finds those."""
    if head is None:
        return
    previous_count, previous_head = kiosk.audit_count, kiosk.audit_head
    if previous_count is not None and (
        head.count < previous_count or (head.count == previous_count and head.head != previous_head)
    ):
        kiosk.audit_rewritten_at = now
    kiosk.audit_count = head.count
    kiosk.audit_head = head.head


def audit_state(kiosk: Kiosk) -> str | None:
    """``audit_rewritten``, ``ok``, or ``None`` when the kiosk never sent a head."""
    if kiosk.audit_rewritten_at is not None:
        return AUDIT_REWRITTEN
    return AUDIT_OK if kiosk.audit_count is not None else None

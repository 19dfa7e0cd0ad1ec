"""Counts for technicians: per kiosk, per kind and state (``kiosk-server stats``, the dashboard)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sync.server.audit_heads import audit_state
from sync.server.models import IngestedTransaction, Kiosk, RejectedTransaction, TicketNumber


def ticket_number_conflicts(session: Session) -> int:
    """Queue tickets whose number an earlier ticket of the same office, day and category had
    already: for each number received ``n`` times, ``n - 1``."""
    repeats = (
        select((func.count() - 1).label("extra"))
        .select_from(TicketNumber)
        .group_by(
            TicketNumber.office_code, TicketNumber.service_date, TicketNumber.category, TicketNumber.number
        )
        .having(func.count() > 1)
        .subquery()
    )
    return int(session.scalar(select(func.coalesce(func.sum(repeats.c.extra), 0))) or 0)


def collect_stats(session: Session) -> dict[str, Any]:
    """``{"kiosks": [...], "transactions": [{"kiosk_id", "kind", "state", "count"}], "totals": {...},
    "ticket_number_conflicts": N}``; ``state`` is ``acknowledged`` (applied) or ``rejected``
    (refused, a dead letter on the kiosk); ``ticket_number_conflicts`` counts queue tickets
    whose number was issued before in the same office, day and category; a kiosk's
    ``audit_state`` is ``audit_rewritten`` once a heartbeat's audit head did not extend the one
    before (``sync.server.audit_heads``), ``ok``, or ``None`` before any head."""
    counts: list[dict[str, Any]] = []
    for state, table in (("acknowledged", IngestedTransaction), ("rejected", RejectedTransaction)):
        rows = session.execute(
            select(table.kiosk_id, table.kind, func.count()).group_by(table.kiosk_id, table.kind)
        ).all()
        counts.extend(
            {"kiosk_id": kiosk_id, "kind": kind, "state": state, "count": int(count)}
            for kiosk_id, kind, count in rows
        )
    counts.sort(key=lambda row: (row["kiosk_id"], row["kind"], row["state"]))
    kiosks = [
        {
            "kiosk_id": kiosk.id,
            "office_code": kiosk.office_code,
            "label": kiosk.label,
            "software_version": kiosk.software_version,
            "enrolled_at": kiosk.enrolled_at.isoformat(),
            "last_seen_at": kiosk.last_seen_at.isoformat() if kiosk.last_seen_at else None,
            "backlog": kiosk.backlog,
            "dead_letters": kiosk.dead_letters,
            "revoked": kiosk.revoked_at is not None,
            "audit_state": audit_state(kiosk),
            "audit_entries": kiosk.audit_count,
            "fallback_ticket_numbers": (
                f"{kiosk.fallback_first}-{kiosk.fallback_last}" if kiosk.fallback_first is not None else None
            ),
        }
        for kiosk in session.scalars(select(Kiosk).order_by(Kiosk.office_code, Kiosk.id))
    ]
    totals = {
        "kiosks": len(kiosks),
        "acknowledged": sum(row["count"] for row in counts if row["state"] == "acknowledged"),
        "rejected": sum(row["count"] for row in counts if row["state"] == "rejected"),
    }
    return {
        "kiosks": kiosks,
        "transactions": counts,
        "totals": totals,
        "ticket_number_conflicts": ticket_number_conflicts(session),
    }

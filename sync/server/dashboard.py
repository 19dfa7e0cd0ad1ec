"""The technicians' dashboard: one server-rendered HTML page, no script.

Kiosks by office with when they were last seen, their outbox backlog and dead letters (as
their last heartbeat reported them), what the server refused from them, and each device's
health. It shows no personal data. Every value is escaped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from html import escape

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sync.server.audit_heads import AUDIT_REWRITTEN, audit_state
from sync.server.models import IngestedTransaction, Kiosk, RejectedTransaction
from sync.server.operators import LOCKOUT
from sync.server.stats import ticket_number_conflicts

ONLINE_WITHIN = timedelta(minutes=5)
STATUS_LABELS = {"online": "Online", "late": "Late", "never": "Never seen", "revoked": "Revoked"}


@dataclass(frozen=True)
class DeviceView:
    name: str
    status: str
    detail: str


@dataclass(frozen=True)
class KioskRow:
    kiosk_id: str
    label: str
    office_code: str
    software_version: str
    status: str
    last_seen_at: datetime | None
    backlog: int | None
    dead_letters: int | None
    received: int
    refused: int
    last_error: str | None
    devices: tuple[DeviceView, ...]
    audit_state: str | None = None
    """``audit_rewritten`` when the kiosk's audit log was truncated or rewritten."""


@dataclass(frozen=True)
class DashboardData:
    generated_at: datetime
    rows: tuple[KioskRow, ...]
    received_total: int
    refused_total: int
    ticket_number_conflicts: int = 0
    """Queue tickets whose number the office's day had already (``kiosk-server stats``)."""


def _devices(text: str | None) -> tuple[DeviceView, ...]:
    if not text:
        return ()
    try:
        data = json.loads(text)
    except ValueError:
        return ()
    return tuple(
        DeviceView(
            name=str(name), status=str(value.get("status", "?")), detail=str(value.get("detail") or "")
        )
        for name, value in sorted(data.items())
        if isinstance(value, dict)
    )


def collect(session: Session, *, now: datetime) -> DashboardData:
    received: dict[str, int] = {
        kiosk_id: int(count)
        for kiosk_id, count in session.execute(
            select(IngestedTransaction.kiosk_id, func.count()).group_by(IngestedTransaction.kiosk_id)
        )
    }
    refused: dict[str, int] = {
        kiosk_id: int(count)
        for kiosk_id, count in session.execute(
            select(RejectedTransaction.kiosk_id, func.count()).group_by(RejectedTransaction.kiosk_id)
        )
    }
    rows = []
    for kiosk in session.scalars(select(Kiosk).order_by(Kiosk.office_code, Kiosk.label, Kiosk.id)):
        if kiosk.revoked_at is not None:
            status = "revoked"
        elif kiosk.last_seen_at is None:
            status = "never"
        else:
            status = "online" if now - kiosk.last_seen_at <= ONLINE_WITHIN else "late"
        rows.append(
            KioskRow(
                kiosk_id=kiosk.id,
                label=kiosk.label,
                office_code=kiosk.office_code,
                software_version=kiosk.software_version,
                status=status,
                last_seen_at=kiosk.last_seen_at,
                backlog=kiosk.backlog,
                dead_letters=kiosk.dead_letters,
                received=received.get(kiosk.id, 0),
                refused=refused.get(kiosk.id, 0),
                last_error=kiosk.last_error,
                devices=_devices(kiosk.devices),
                audit_state=audit_state(kiosk),
            )
        )
    return DashboardData(
        generated_at=now,
        rows=tuple(rows),
        received_total=sum(received.values()),
        refused_total=sum(refused.values()),
        ticket_number_conflicts=ticket_number_conflicts(session),
    )


def _ago(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "never"
    seconds = int((now - moment).total_seconds())
    if seconds < 60:
        return f"{max(seconds, 0)} s ago"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 86400:
        return f"{seconds // 3600} h ago"
    return f"{seconds // 86400} d ago"


def _number(value: int | None) -> str:
    return "–" if value is None else f"{value:,}"


_STYLE = """
body { font-family: "Noto Sans", "DejaVu Sans", sans-serif; margin: 24px; color: #1d2733; background: #f4f6f8; }
h1 { font-size: 22px; margin: 0 0 4px; }
p.meta { color: #5b6773; margin: 0 0 16px; }
.totals { display: flex; gap: 12px; margin-bottom: 16px; }
.total { background: #fff; border: 1px solid #d5dbe1; border-radius: 6px; padding: 10px 16px; }
.total b { display: block; font-size: 22px; }
table { border-collapse: collapse; width: 100%; background: #fff; border: 1px solid #d5dbe1; }
th, td { text-align: left; padding: 8px 10px; border-bottom: 1px solid #e3e7eb; font-size: 14px; vertical-align: top; }
th { background: #e9edf1; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.status { font-weight: 600; border-radius: 4px; padding: 2px 8px; }
.status-online { background: #d8f3dc; color: #1b5e20; }
.status-late { background: #fff3cd; color: #7a5200; }
.status-never, .status-revoked { background: #eceff1; color: #455a64; }
.device { display: inline-block; margin: 0 4px 4px 0; padding: 1px 6px; border-radius: 4px; font-size: 12px; }
.device-ok { background: #d8f3dc; } .device-degraded { background: #fff3cd; }
.device-failed { background: #f8d7da; } .device-absent { background: #eceff1; }
.warn { color: #b71c1c; font-weight: 600; }
.error { color: #7a2e2e; font-size: 12px; }
"""


SIGN_IN_PAGE = (
    "<!DOCTYPE html>"
    '<html lang="en"><head><meta charset="utf-8"><title>Sign in – district kiosk server</title>'
    f"<style>{_STYLE}</style></head><body>"
    '<h1>Sign in</h1><p id="sign-in">The dashboard is for operators of the kiosk server. Sign in with '
    "your operator name and password; an administrator creates them with "
    "<code>kiosk-server operator --name NAME</code>.</p></body></html>"
)


LOCKED_PAGE = (
    "<!DOCTYPE html>"
    '<html lang="en"><head><meta charset="utf-8"><title>Sign-in locked – district kiosk server</title>'
    f"<style>{_STYLE}</style></head><body>"
    '<h1>Sign-in locked</h1><p id="locked">Too many sign-ins failed for this operator name, so it is '
    f"locked for {LOCKOUT.seconds // 60} minutes; try again later, or ask an administrator to set a new password with "
    "<code>kiosk-server operator --name NAME</code>.</p></body></html>"
)


def render(data: DashboardData) -> str:
    """The whole page, escaped; refreshes itself every 30 s."""
    now = data.generated_at
    rows = []
    for row in data.rows:
        devices = "".join(
            f'<span class="device device-{escape(device.status)}" title="{escape(device.detail)}">'
            f"{escape(device.name)}: {escape(device.status)}</span>"
            for device in row.devices
        )
        dead = _number(row.dead_letters)
        dead_cell = f'<span class="warn">{dead}</span>' if row.dead_letters else dead
        error = f'<div class="error">{escape(row.last_error)}</div>' if row.last_error else ""
        if row.audit_state == AUDIT_REWRITTEN:
            error += '<div class="error" data-field="audit">Audit log truncated or rewritten (audit_rewritten)</div>'
        rows.append(
            f'<tr class="kiosk" data-kiosk-id="{escape(row.kiosk_id)}" data-office="{escape(row.office_code)}">'
            f"<td>{escape(row.label or row.kiosk_id)}<br><small>{escape(row.kiosk_id)}</small></td>"
            f"<td>{escape(row.office_code)}</td>"
            f'<td><span class="status status-{row.status}">{STATUS_LABELS[row.status]}</span></td>'
            f'<td data-field="last-seen">{escape(_ago(row.last_seen_at, now))}</td>'
            f'<td class="num" data-field="backlog">{_number(row.backlog)}</td>'
            f'<td class="num" data-field="dead-letters">{dead_cell}</td>'
            f'<td class="num" data-field="received">{row.received:,}</td>'
            f'<td class="num" data-field="refused">{row.refused:,}</td>'
            f'<td data-field="devices">{devices or "–"}{error}</td>'
            f"<td>{escape(row.software_version)}</td>"
            "</tr>"
        )
    body = "".join(rows) or '<tr><td colspan="10">No kiosk is enrolled yet.</td></tr>'
    online = sum(1 for row in data.rows if row.status == "online")
    conflicts_class = ' class="warn"' if data.ticket_number_conflicts else ""
    return (
        "<!DOCTYPE html>"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="refresh" content="30">'
        "<title>Kiosks – district kiosk server</title>"
        f"<style>{_STYLE}</style></head><body>"
        "<h1>Kiosks</h1>"
        f'<p class="meta">As of {escape(now.strftime("%Y-%m-%d %H:%M:%S UTC"))}; refreshes every 30 seconds.</p>'
        '<div class="totals">'
        f'<div class="total" id="total-kiosks"><b>{len(data.rows)}</b>kiosks</div>'
        f'<div class="total" id="total-online"><b>{online}</b>online</div>'
        f'<div class="total" id="total-received"><b>{data.received_total:,}</b>transactions received</div>'
        f'<div class="total" id="total-refused"><b>{data.refused_total:,}</b>refused</div>'
        f'<div class="total" id="total-ticket-number-conflicts"><b{conflicts_class}>'
        f"{data.ticket_number_conflicts:,}</b>ticket numbers issued twice</div>"
        "</div>"
        '<table id="kiosks"><thead><tr>'
        "<th>Kiosk</th><th>Office</th><th>Status</th><th>Last seen</th><th>Backlog</th>"
        "<th>Dead letters</th><th>Received</th><th>Refused</th><th>Devices</th><th>Version</th>"
        f"</tr></thead><tbody>{body}</tbody></table>"
        "</body></html>"
    )

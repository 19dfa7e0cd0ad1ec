"""``kiosk doctor``: a self-test of storage, devices and the server link, each ok or failing with a reason."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

import httpx
from sqlalchemy import text

from drivers.camera.base import wait_for_frame
from drivers.card.none import NoCardReader
from drivers.card.pcsc import PcscCardReader
from drivers.printer.base import PrinterError
from kiosk.app import Kiosk
from kiosk.storage.database import current_revision, head_revision
from sync.client.identity import DeviceIdentity
from sync.outbox import backlog

Status = Literal["ok", "failing"]


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    detail: str


def check_database(kiosk: Kiosk) -> Check:
    try:
        with kiosk.engine.connect() as connection:
            integrity = connection.exec_driver_sql("PRAGMA integrity_check").scalar()
            journal = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
            synchronous = connection.execute(text("PRAGMA synchronous")).scalar()
        revision = current_revision(kiosk.engine)
    except Exception as exc:
        return Check("database", "failing", f"cannot be opened: {type(exc).__name__}")
    problems = []
    if integrity != "ok":
        problems.append(f"integrity check says {integrity}")
    if journal != "wal":
        problems.append(f"journal mode is {journal}, not wal")
    if synchronous != 2:
        problems.append("synchronous is not FULL")
    if revision != head_revision():
        problems.append(f"schema at {revision}, expected {head_revision()}")
    if problems:
        return Check("database", "failing", "; ".join(problems))
    return Check("database", "ok", f"schema {revision}, WAL, synchronous=FULL, integrity ok")


def check_printer(kiosk: Kiosk) -> Check:
    printer = kiosk.printing.printer
    backlog = kiosk.printing.backlog()
    waiting = f"; slips waiting: {backlog.get('pending', 0)}, uncertain: {backlog.get('uncertain', 0)}"
    try:
        kiosk.printer_worker.call(printer.check, timeout_s=30)
    except PrinterError as exc:
        return Check("printer", "failing", f"{exc}{waiting}")
    return Check(
        "printer", "ok", f"{getattr(printer, 'uri', 'printer')} ({printer.paper_width_px} dots wide){waiting}"
    )


def check_card_reader(kiosk: Kiosk) -> Check:
    reader = kiosk.card_reader
    failing = isinstance(reader, NoCardReader) or (
        isinstance(reader, PcscCardReader) and not reader.readers()
    )
    status: Status = "failing" if failing else "ok"
    return Check("card_reader", status, reader.describe())


def check_server(kiosk: Kiosk) -> Check:
    from kiosk.app import server_ca_file
    from sync.client.http import PlainHttpRefused, check_server_url, tls_trust, unreachable

    url = kiosk.server_url.rstrip("/") + "/v1/health"
    try:
        check_server_url(kiosk.server_url, allow_plain_http=kiosk.config.server.allow_plain_http)
    except PlainHttpRefused as exc:
        return Check("server", "failing", exc.message)
    try:
        response = httpx.get(
            url,
            timeout=kiosk.config.server.timeout_s,
            verify=tls_trust(server_ca_file(kiosk.config, kiosk.home)),
        )
    except httpx.HTTPError as exc:
        return Check("server", "failing", unreachable(kiosk.server_url, exc))
    if response.status_code != 200:
        return Check("server", "failing", f"{kiosk.server_url} answered HTTP {response.status_code}")
    return Check("server", "ok", f"{kiosk.server_url} version {response.json().get('version', '?')}")


def check_outbox(kiosk: Kiosk) -> Check:
    """The store-and-forward backlog: failing when a transaction is dead (a technician must
    look at it: ``kiosk outbox list`` / ``retry``); pending ones are normal while offline."""
    with kiosk.sessions() as session:
        counts = backlog(session)
    detail = f"{counts.unsent} waiting to be sent, {counts.dead} refused by the server"
    if counts.oldest_pending_at is not None:
        detail += f", oldest waiting since {counts.oldest_pending_at.isoformat(timespec='minutes')}"
    enrolled = DeviceIdentity.load(kiosk.home) is not None
    detail += "; kiosk enrolled" if enrolled else "; kiosk not enrolled with a server (kiosk sync enroll)"
    mismatch = kiosk.office_identity.office_mismatch()
    if mismatch is not None:  # told, not failing: the kiosk records for the enrolled office
        detail += "; " + mismatch
    return Check("outbox", "failing" if counts.dead else "ok", detail)


def check_fingerprint(kiosk: Kiosk) -> Check:
    service = kiosk.fingerprint
    if not service.configured:
        return Check("fingerprint", "ok", "no fingerprint module configured")
    try:
        info = service.info()
    except Exception as exc:  # any driver failure is the check's answer, never a crash
        return Check("fingerprint", "failing", f"{service.describe()}: {type(exc).__name__}: {exc}")
    return Check(
        "fingerprint",
        "ok",
        f"{service.describe()}: {info.template_count}/{info.capacity} templates, "
        f"security level {info.security_level}, {info.baud} baud",
    )


def check_camera(kiosk: Kiosk) -> Check:
    camera = kiosk.camera
    if camera is None:
        return Check("camera", "ok", "no camera configured")
    try:
        camera.start()
        frame = wait_for_frame(camera, timeout_s=5.0)
    except Exception as exc:  # no device, or it gave no picture
        return Check("camera", "failing", f"{camera.describe()}: {exc}")
    finally:
        camera.stop()
    return Check("camera", "ok", f"{camera.describe()}: {frame.width}x{frame.height}")


def run_checks(kiosk: Kiosk) -> list[Check]:
    return [
        check_database(kiosk),
        check_printer(kiosk),
        check_card_reader(kiosk),
        check_server(kiosk),
        check_outbox(kiosk),
        check_fingerprint(kiosk),
        check_camera(kiosk),
    ]


def report(checks: list[Check]) -> dict[str, object]:
    return {
        "ok": all(check.status == "ok" for check in checks),
        "checks": [asdict(check) for check in checks],
    }

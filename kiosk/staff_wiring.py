"""Wires the staff desk (technician mode, the officer's counter) to one kiosk's devices and services.

Part of the composition root beside :func:`kiosk.app.build_kiosk`: the only place where the
staff flows meet the fingerprint module, the printer, the card readers, the camera and the
sync worker. The flows themselves (:mod:`kiosk.flows.technician`,
:mod:`kiosk.flows.assisted_enrollment`) receive these as the callables of their
``TechnicianServices`` / ``EnrollmentServices`` and never construct a device or a service.

``report_progress`` receives the fingerprint capture's progress events on the fingerprint
worker thread; the caller hands them back to the desk's own thread (the window: a queued
signal).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from drivers.fingerprint.errors import FingerprintError
from kiosk.app import Kiosk, software_version
from kiosk.flows.assisted_enrollment import AssistedEnrollmentFlow, EnrollmentContext, EnrollmentServices
from kiosk.flows.engine import Event
from kiosk.flows.fingerprint_capture import CaptureContext, FingerprintCaptureFlow, Purpose
from kiosk.flows.staff import StaffDesk
from kiosk.flows.technician import (
    RETRY_REFUSED,
    SYNC_NOW,
    CameraReport,
    FingerprintReport,
    PrinterReport,
    ReadersReport,
    SettingsReport,
    SyncAction,
    SyncReport,
    TechnicianContext,
    TechnicianFlow,
    TechnicianServices,
)
from kiosk.paths import CONFIG_FILE_NAME
from kiosk.profiles import Language
from kiosk.services.staff import SignedInOfficer, hash_secret


def describe_settings(kiosk: Kiosk) -> SettingsReport:
    """The settings page's rows: what a technician checks first on a kiosk that misbehaves."""
    config = kiosk.config
    devices = config.devices
    session = config.session
    rows = (
        ("office", f"{kiosk.office_identity.office_code} {config.office.name}".strip()),
        ("kiosk_id", kiosk.office_identity.kiosk_id),
        ("profile", config.profile),
        ("languages", ", ".join(kiosk.languages)),
        ("mode", config.mode),
        ("idle", f"{session.idle_timeout_s} / {session.warning_s}"),
        ("simulate", "yes" if devices.simulate else "no"),
        ("printer", f"{devices.printer} ({devices.paper_width_mm} mm, {devices.print_mode})"),
        ("card_reader", devices.card_reader or devices.card_backend),
        ("fingerprint", devices.fingerprint_port or "-"),
        ("camera", f"{devices.camera} ({devices.camera_width}x{devices.camera_height})"),
        ("server", kiosk.server_url),
        ("version", software_version()),
    )
    return SettingsReport(rows=rows, config_file=str(kiosk.home / CONFIG_FILE_NAME))


class TechnicianSyncLink:
    """The sync page's jobs (worker threads): what the page shows, "sync now", "send refused again"."""

    def __init__(self, kiosk: Kiosk) -> None:
        self.kiosk = kiosk

    def report(self) -> SyncReport:
        from sync.outbox import backlog

        with self.kiosk.sessions() as session:
            counts = backlog(session)
        worker = self.kiosk.sync
        if worker is None:
            state, server, office = "off", "", ""
            status = None
        else:
            status = worker.status
            identity = worker.identity()
            state = status.state.value
            server = identity.server_url if identity is not None else ""
            office = identity.office_code if identity is not None else ""
        return SyncReport(
            state=state,
            server=server,
            office=office,
            unsent=counts.pending + counts.in_flight,
            dead=counts.dead,
            oldest_unsent_at=counts.oldest_pending_at,
            last_success_at=status.last_success_at if status is not None else None,
            last_error=(status.last_error if status is not None else None) or counts.last_error,
        )

    def sync_now(self) -> SyncAction:
        worker = self.kiosk.sync
        if worker is None:
            return SyncAction(SYNC_NOW, error="sync is turned off on this kiosk")
        report = worker.run_cycle(force=True, lock_timeout_s=30.0)
        error = report.error or report.skipped
        return SyncAction(
            SYNC_NOW, sent=report.sent, acknowledged=report.acknowledged, dead=report.dead, error=error
        )

    def retry_refused(self) -> SyncAction:
        from sync.outbox import OutboxItem, OutboxState, list_items, retry_dead

        with self.kiosk.sessions.begin() as session:
            dead: list[OutboxItem] = list(list_items(session, states=[OutboxState.DEAD]))
            for item in dead:
                retry_dead(session, item.id)
        if self.kiosk.sync is not None:
            self.kiosk.sync.kick()
        return SyncAction(RETRY_REFUSED, retried=len(dead))


def build_desk(
    kiosk: Kiosk, report_progress: Callable[[Event], None], *, language: Language | None = None
) -> StaffDesk:
    """A desk wired to ``kiosk``'s fingerprint module, printer, card reader and staff services."""
    staff = kiosk.staff
    if staff is None:
        raise RuntimeError("this kiosk was built without its staff services")
    fingerprint = kiosk.fingerprint

    def new_capture(purpose: Purpose) -> FingerprintCaptureFlow:
        if purpose == "enrollment":
            return FingerprintCaptureFlow(
                CaptureContext(purpose=purpose),
                lambda cancel, progress: fingerprint.capture_template(cancel=cancel, on_progress=progress),
                report_progress,
            )
        return FingerprintCaptureFlow(
            CaptureContext(purpose=purpose, max_attempts=3),
            lambda cancel, progress: fingerprint.test_capture(cancel=cancel, on_progress=progress),
            report_progress,
        )

    def new_enrollment(language: Language, officer: SignedInOfficer | None) -> AssistedEnrollmentFlow:
        services = EnrollmentServices(
            sign_in=staff.officers.sign_in,
            audit_entry=staff.audit.entry,
            new_capture=lambda: new_capture("enrollment"),
            issue_activation=staff.activation.issue,
            activation_public_key=staff.activation.public_key,
            hash_passcode=hash_secret,
            save=staff.enrollments.save,
            id_card=kiosk.profile.id_card,
            current_year=kiosk.clock.now().astimezone(kiosk.profile.zone()).year,
        )
        return AssistedEnrollmentFlow(EnrollmentContext(language=language, officer=officer), services)

    def fingerprint_report() -> FingerprintReport:
        where = fingerprint.describe()
        try:
            return FingerprintReport(where, fingerprint.info(), None)
        except FingerprintError as exc:
            return FingerprintReport(where, None, exc.reason)

    def readers_report() -> ReadersReport:
        from drivers.card.pcsc import list_readers

        return ReadersReport(tuple(list_readers()), kiosk.card_reader.describe())

    def printer_report() -> PrinterReport:
        return PrinterReport(kiosk.config.devices.printer, kiosk.printing.backlog())

    def test_print() -> str:
        from kiosk.slips import printer_test_page

        blocks = printer_test_page(kiosk.profile, kiosk.languages[0], kiosk.printing.printer.paper_width_px)
        outcome = kiosk.printer_worker.call(
            lambda: kiosk.printing.print_slip(blocks, name=f"test-{uuid.uuid4()}", kind="test_page")
        )
        return "printed" if outcome.printed else (outcome.problem or "not_printed")

    def camera_report() -> CameraReport:
        from drivers.camera.base import wait_for_frame
        from drivers.camera.errors import CameraError

        camera = kiosk.camera
        if camera is None:
            return CameraReport("", None, "no_camera")
        if camera.running:  # a capture has it: its latest frame tells as much as a fresh start
            latest = camera.latest()
            if latest is None:
                return CameraReport(camera.describe(), None, "camera_timed_out")
            return CameraReport(camera.describe(), (latest.width, latest.height), None)
        try:
            camera.start()
            frame = wait_for_frame(camera, timeout_s=5.0, skip=1)
        except CameraError as exc:
            return CameraReport(camera.describe(), None, exc.reason)
        finally:
            camera.stop()
        return CameraReport(camera.describe(), (frame.width, frame.height), None)

    sync_link = TechnicianSyncLink(kiosk)

    def settings_report() -> SettingsReport:
        return describe_settings(kiosk)

    def new_technician(language: Language) -> TechnicianFlow:
        services = TechnicianServices(
            check_pin=staff.technician.check,
            pin_set_up=staff.technician.enabled,
            audit=lambda entry: staff.audit.post([entry]),
            audit_entry=staff.audit.entry,
            fingerprint_report=fingerprint_report,
            new_test_capture=lambda: new_capture("device_test"),
            readers_report=readers_report,
            printer_report=printer_report,
            test_print=test_print,
            camera_report=camera_report,
            sync_report=sync_link.report,
            sync_now=sync_link.sync_now,
            retry_refused=sync_link.retry_refused,
            settings_report=settings_report,
        )
        return TechnicianFlow(TechnicianContext(language=language), services)

    return StaffDesk(
        new_technician=new_technician,
        new_enrollment=new_enrollment,
        post_audit=staff.audit.post,
        counter_mode=kiosk.config.mode == "counter",
        language=language or kiosk.languages[0],
    )

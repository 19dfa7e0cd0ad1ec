"""Technician mode (SPEC 6): reached by a hidden gesture and a PIN, locked after wrong tries.

The device-test pages each show what the kiosk knows of one device and offer its test:

* fingerprint module: where it is, capacity, security level, templates stored, and a test
  capture on the shared capture screen (quality = the match score of the two captures);
* card readers: the PC/SC reader list and the kiosk's reader state;
* printer: where slips go, the print queue, and a test print through the printing service;
* camera: its source, a live check (one picture, its size), and a test photo of a card on the
  kiosk's photo-capture screens (the photo itself is dropped at once: only whether it was
  taken, and its edges' sharpness, are kept);
* sync link: whether the kiosk is enrolled and with which server, the connection, the outbox
  (waiting, refused by the server, oldest waiting); "sync now" runs a sync cycle at once and
  "send refused again" puts every refused transaction back in the queue (SPEC 6: "see and drive
  the outbox");
* settings: what this kiosk is configured with (office, profile, languages, timeouts, devices,
  server), read only: settings are changed in ``kiosk.toml`` and take effect at a restart.

The menu offers the officer's counter (assisted enrollment) as well: a technician opens it to
try a counter kiosk; the officer still signs in with their own credentials.

Adding a page: a ``TechnicianStep`` for the page (and
one for its check job, if it has one), its code in :data:`DEVICE_PAGES`, its rules in
``table`` (``MENU`` → its first step; ``Back`` → ``MENU``), its job in ``work``, and its
screen in ``ui.screens.technician``. The menu lists exactly the pages of ``DEVICE_PAGES``
whose steps exist, so no button ever leads nowhere.

Every technician action is written to the audit log as ``technician``: the PIN checks (by
:class:`~kiosk.services.staff.TechnicianAccess`), each page opened, each test and its result.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any

from drivers.fingerprint.base import ModuleInfo
from kiosk.flows.engine import (
    Back,
    Cancel,
    CardRemoved,
    Choose,
    EnterText,
    Event,
    Flow,
    Next,
    Outcome,
    Rule,
    Timeout,
    WorkDone,
    WorkFailed,
)
from kiosk.flows.fingerprint_capture import FingerprintCaptureFlow
from kiosk.profiles import Language
from kiosk.services.staff import TECHNICIAN_ACTOR, AuditEntry, DetailValue, SecretVerdict


class TechnicianStep(Enum):
    PIN = "pin"
    CHECKING_PIN = "checking_pin"
    LOCKED = "locked"
    MENU = "menu"
    FINGERPRINT_CHECK = "fingerprint_check"
    FINGERPRINT = "fingerprint"
    FINGERPRINT_TEST = "fingerprint_test"
    READERS_CHECK = "readers_check"
    READERS = "readers"
    PRINTER_CHECK = "printer_check"
    PRINTER = "printer"
    TEST_PRINT = "test_print"
    CAMERA_CHECK = "camera_check"
    CAMERA = "camera"
    CAMERA_TEST = "camera_test"
    SYNC_CHECK = "sync_check"
    SYNC = "sync"
    SYNCING = "syncing"
    RETRYING = "retrying"
    SETTINGS = "settings"
    DONE = "done"
    ABORTED = "aborted"


FINGERPRINT_PAGE = "fingerprint"
READERS_PAGE = "card_readers"
PRINTER_PAGE = "printer"
CAMERA_PAGE = "camera"
SYNC_PAGE = "sync"
SETTINGS_PAGE = "settings"
ASSISTED_ENROLLMENT = "assisted_enrollment"
TEST_CAPTURE = "test_capture"
TEST_PRINT = "test_print"
TEST_PHOTO = "test_photo"
SYNC_NOW = "sync_now"
RETRY_REFUSED = "retry_refused"

DEVICE_PAGES: tuple[str, ...] = (
    FINGERPRINT_PAGE,
    READERS_PAGE,
    PRINTER_PAGE,
    CAMERA_PAGE,
    SYNC_PAGE,
    SETTINGS_PAGE,
)
"""The pages the menu offers, in order."""


class PinProblem(Enum):
    WRONG = "wrong"
    LOCKED = "locked"
    NOT_SET_UP = "not_set_up"


@dataclass(frozen=True)
class CaptureEnded(Event):
    """The test capture of FINGERPRINT_TEST reached its end."""

    outcome: Outcome


@dataclass(frozen=True)
class CameraTestEnded(Event):
    """The test photo of CAMERA_TEST ended: ``taken`` with the card's sharpness (how many pixels
    its edges take to rise: 1-2 is sharp), or not, with ``problem``. The photo itself never
    reaches the flow."""

    taken: bool
    sharpness: float | None = None
    problem: str | None = None


@dataclass(frozen=True)
class FingerprintReport:
    """What the fingerprint page shows (``info`` is ``None`` when the module did not answer)."""

    where: str
    info: ModuleInfo | None
    problem: str | None


@dataclass(frozen=True)
class ReadersReport:
    readers: tuple[str, ...]
    kiosk_reader: str


@dataclass(frozen=True)
class PrinterReport:
    where: str
    backlog: Mapping[str, int]
    last_test: str | None = None
    """``printed``, or the printer's problem key, after a test print."""


@dataclass(frozen=True)
class CameraReport:
    """What the camera page shows: the source, and one picture's size or the problem's key
    (``no_camera`` configured, or the camera's error reason)."""

    where: str
    size: tuple[int, int] | None
    problem: str | None


@dataclass(frozen=True)
class SyncReport:
    """What the sync page shows. ``state`` is the worker's connection state (``off`` when the
    kiosk has no sync at all); ``server`` is empty when the kiosk is not enrolled."""

    state: str
    server: str
    office: str
    unsent: int
    dead: int
    oldest_unsent_at: datetime | None
    last_success_at: datetime | None
    last_error: str | None


@dataclass(frozen=True)
class SettingsReport:
    """The kiosk's settings as the settings page lists them: (stable key, value) pairs, and the
    configuration file they come from."""

    rows: tuple[tuple[str, str], ...]
    config_file: str


@dataclass(frozen=True)
class SyncAction:
    """The end of "sync now" (``sent`` / ``acknowledged`` / ``dead``, or ``error``) or of "send
    refused again" (``retried``)."""

    kind: str
    sent: int = 0
    acknowledged: int = 0
    dead: int = 0
    retried: int = 0
    error: str | None = None


@dataclass(frozen=True)
class TechnicianServices:
    check_pin: Callable[[str], SecretVerdict]
    """Blocking (scrypt, database); ``accepted=False, attempts_left=0, locked_until=None`` on a
    kiosk without a PIN set up is told apart by ``pin_set_up``."""
    pin_set_up: bool
    audit: Callable[[AuditEntry], object]
    """Posts an entry to the audit log (written on the audit writer thread)."""
    audit_entry: Callable[..., AuditEntry]
    fingerprint_report: Callable[[], FingerprintReport]
    new_test_capture: Callable[[], FingerprintCaptureFlow]
    readers_report: Callable[[], ReadersReport]
    printer_report: Callable[[], PrinterReport]
    test_print: Callable[[], str]
    """Blocking: prints the test slip; ``printed`` or the printer's problem key."""
    camera_report: Callable[[], CameraReport]
    """Blocking (up to about 5 s): opens the camera, waits for one picture, closes it."""
    sync_report: Callable[[], SyncReport]
    sync_now: Callable[[], SyncAction]
    """Blocking: one sync cycle, backoff ignored (waits for a cycle already running)."""
    retry_refused: Callable[[], SyncAction]
    """Puts every dead outbox row back to pending (one commit)."""
    settings_report: Callable[[], SettingsReport]
    """Not blocking: the configuration in memory."""


@dataclass
class TechnicianContext:
    language: Language
    pin_problem: PinProblem | None = None
    attempts_left: int = 0
    locked_until: datetime | None = None
    fingerprint: FingerprintReport | None = None
    capture: FingerprintCaptureFlow | None = field(default=None, repr=False)
    last_capture: dict[str, Any] | None = None
    """The last test capture: ``score``, ``template_count`` or ``problem``."""
    readers: ReadersReport | None = None
    printer: PrinterReport | None = None
    camera: CameraReport | None = None
    last_photo_test: CameraTestEnded | None = None
    sync: SyncReport | None = None
    last_sync_action: SyncAction | None = None
    settings: SettingsReport | None = None
    page_problem: str | None = None
    next_mode: str | None = None
    """``assisted_enrollment`` when the technician opened the officer's counter."""


class TechnicianFlow(Flow[TechnicianStep, TechnicianContext]):
    name = "technician"
    start = TechnicianStep.PIN
    done = TechnicianStep.DONE
    aborted = TechnicianStep.ABORTED
    quiet_steps = frozenset({TechnicianStep.FINGERPRINT_TEST, TechnicianStep.CAMERA_TEST})

    def __init__(self, context: TechnicianContext, services: TechnicianServices) -> None:
        self._services = services
        self._pin: str | None = None
        self._left = False
        self._sync_kind = SYNC_NOW
        super().__init__(context)

    def table(self) -> Mapping[TechnicianStep, Mapping[type[Event], Rule[TechnicianStep]]]:
        t = TechnicianStep
        leave = Rule(t.ABORTED)
        back_to_menu = Rule(t.MENU)
        return {
            t.PIN: {
                EnterText: Rule(t.CHECKING_PIN, self._pin_typed, alternatives=(t.PIN,)),
                Back: Rule(t.ABORTED),
                CardRemoved: Rule(t.PIN),
            },
            t.CHECKING_PIN: {
                WorkDone: Rule(t.MENU, self._pin_checked, alternatives=(t.PIN, t.LOCKED)),
                WorkFailed: Rule(t.PIN, self._pin_failed),
                CardRemoved: Rule(t.CHECKING_PIN),
            },
            t.LOCKED: {Back: Rule(t.ABORTED), Next: Rule(t.ABORTED), CardRemoved: Rule(t.LOCKED)},
            t.MENU: {
                Choose: Rule(
                    t.FINGERPRINT_CHECK,
                    self._open_page,
                    alternatives=(
                        t.READERS_CHECK,
                        t.PRINTER_CHECK,
                        t.CAMERA_CHECK,
                        t.SYNC_CHECK,
                        t.SETTINGS,
                        t.DONE,
                        t.MENU,
                    ),
                ),
                Back: leave,
                Cancel: leave,
                Timeout: leave,
                CardRemoved: Rule(t.MENU),
            },
            t.FINGERPRINT_CHECK: {
                WorkDone: Rule(t.FINGERPRINT, self._fingerprint_checked),
                WorkFailed: Rule(t.FINGERPRINT, self._page_failed),
                CardRemoved: Rule(t.FINGERPRINT_CHECK),
            },
            t.FINGERPRINT: {
                Choose: Rule(t.FINGERPRINT_TEST, self._start_test, alternatives=(t.FINGERPRINT,)),
                Next: Rule(t.FINGERPRINT_CHECK),
                Back: back_to_menu,
                CardRemoved: Rule(t.FINGERPRINT),
            },
            t.FINGERPRINT_TEST: {
                CaptureEnded: Rule(t.FINGERPRINT_CHECK, self._test_ended, alternatives=(t.ABORTED,)),
            },
            t.READERS_CHECK: {
                WorkDone: Rule(t.READERS, self._readers_checked),
                WorkFailed: Rule(t.READERS, self._page_failed),
                CardRemoved: Rule(t.READERS_CHECK),
            },
            t.READERS: {Next: Rule(t.READERS_CHECK), Back: back_to_menu, CardRemoved: Rule(t.READERS)},
            t.PRINTER_CHECK: {
                WorkDone: Rule(t.PRINTER, self._printer_checked),
                WorkFailed: Rule(t.PRINTER, self._page_failed),
                CardRemoved: Rule(t.PRINTER_CHECK),
            },
            t.PRINTER: {
                Choose: Rule(t.TEST_PRINT, self._ask_test_print, alternatives=(t.PRINTER,)),
                Next: Rule(t.PRINTER_CHECK),
                Back: back_to_menu,
                CardRemoved: Rule(t.PRINTER),
            },
            t.TEST_PRINT: {  # then the page is checked again: the queue has changed
                WorkDone: Rule(t.PRINTER_CHECK, self._test_printed),
                WorkFailed: Rule(t.PRINTER_CHECK, self._test_print_failed),
                CardRemoved: Rule(t.TEST_PRINT),
            },
            t.CAMERA_CHECK: {
                WorkDone: Rule(t.CAMERA, self._camera_checked),
                WorkFailed: Rule(t.CAMERA, self._page_failed),
                CardRemoved: Rule(t.CAMERA_CHECK),
            },
            t.CAMERA: {
                Choose: Rule(t.CAMERA_TEST, self._ask_test_photo, alternatives=(t.CAMERA,)),
                Next: Rule(t.CAMERA_CHECK),
                Back: back_to_menu,
                CardRemoved: Rule(t.CAMERA),
            },
            t.SYNC_CHECK: {
                WorkDone: Rule(t.SYNC, self._sync_checked),
                WorkFailed: Rule(t.SYNC, self._page_failed),
                CardRemoved: Rule(t.SYNC_CHECK),
            },
            t.SYNC: {
                Choose: Rule(t.SYNCING, self._sync_chosen, alternatives=(t.RETRYING, t.SYNC)),
                Next: Rule(t.SYNC_CHECK),
                Back: back_to_menu,
                CardRemoved: Rule(t.SYNC),
            },
            t.SYNCING: {  # then the page is checked again: the outbox has changed
                WorkDone: Rule(t.SYNC_CHECK, self._sync_action_done),
                WorkFailed: Rule(t.SYNC_CHECK, self._sync_action_failed),
                CardRemoved: Rule(t.SYNCING),
            },
            t.RETRYING: {
                WorkDone: Rule(t.SYNC_CHECK, self._sync_action_done),
                WorkFailed: Rule(t.SYNC_CHECK, self._sync_action_failed),
                CardRemoved: Rule(t.RETRYING),
            },
            t.SETTINGS: {
                Next: Rule(t.SETTINGS, self._read_settings),
                Back: back_to_menu,
                CardRemoved: Rule(t.SETTINGS),
            },
            t.CAMERA_TEST: {  # the window's photo capture has the screen until it ends
                CameraTestEnded: Rule(t.CAMERA, self._photo_test_ended),
                Back: Rule(t.CAMERA),
                Timeout: leave,
                CardRemoved: Rule(t.CAMERA_TEST),
            },
        }

    def work(self) -> Mapping[TechnicianStep, Callable[[], object]]:
        s = self._services
        pin = self._pin
        return {
            TechnicianStep.CHECKING_PIN: lambda: s.check_pin(pin or ""),
            TechnicianStep.FINGERPRINT_CHECK: s.fingerprint_report,
            TechnicianStep.READERS_CHECK: s.readers_report,
            TechnicianStep.PRINTER_CHECK: s.printer_report,
            TechnicianStep.TEST_PRINT: s.test_print,
            TechnicianStep.CAMERA_CHECK: s.camera_report,
            TechnicianStep.SYNC_CHECK: s.sync_report,
            TechnicianStep.SYNCING: s.sync_now,
            TechnicianStep.RETRYING: s.retry_refused,
        }

    @property
    def pages(self) -> tuple[str, ...]:
        """The device pages the menu shows (those with a step in this flow)."""
        return DEVICE_PAGES

    # --- audit ------------------------------------------------------------------------------
    def _audit(self, action: str, **detail: DetailValue) -> None:
        self._services.audit(self._services.audit_entry(TECHNICIAN_ACTOR, action, detail=detail or None))

    # --- PIN --------------------------------------------------------------------------------
    def _pin_typed(self, event: Event) -> TechnicianStep:
        assert isinstance(event, EnterText)
        if not self._services.pin_set_up:
            self.context.pin_problem = PinProblem.NOT_SET_UP
            return TechnicianStep.PIN
        if not event.text:
            self.context.pin_problem = PinProblem.WRONG
            return TechnicianStep.PIN
        self._pin = event.text
        return TechnicianStep.CHECKING_PIN

    def _pin_checked(self, event: Event) -> TechnicianStep:
        assert isinstance(event, WorkDone) and isinstance(event.result, SecretVerdict)
        self._pin = None
        verdict = event.result
        context = self.context
        if verdict.accepted:
            context.pin_problem = None
            return TechnicianStep.MENU
        context.attempts_left = verdict.attempts_left
        context.locked_until = verdict.locked_until
        if verdict.locked_until is not None:
            context.pin_problem = PinProblem.LOCKED
            return TechnicianStep.LOCKED
        context.pin_problem = PinProblem.WRONG
        return TechnicianStep.PIN

    def _pin_failed(self, _event: Event) -> None:
        self._pin = None
        self.context.pin_problem = PinProblem.WRONG

    # --- menu -------------------------------------------------------------------------------
    def _open_page(self, event: Event) -> TechnicianStep:
        assert isinstance(event, Choose)
        pages = {
            FINGERPRINT_PAGE: TechnicianStep.FINGERPRINT_CHECK,
            READERS_PAGE: TechnicianStep.READERS_CHECK,
            PRINTER_PAGE: TechnicianStep.PRINTER_CHECK,
            CAMERA_PAGE: TechnicianStep.CAMERA_CHECK,
            SYNC_PAGE: TechnicianStep.SYNC_CHECK,
            SETTINGS_PAGE: TechnicianStep.SETTINGS,
        }
        if event.value == ASSISTED_ENROLLMENT:
            self._audit("technician.opened", page=ASSISTED_ENROLLMENT)
            self.context.next_mode = ASSISTED_ENROLLMENT
            return TechnicianStep.DONE
        target = pages.get(event.value)
        if target is None:
            return TechnicianStep.MENU
        self.context.page_problem = None
        self._audit("technician.opened", page=event.value)
        if target == TechnicianStep.SETTINGS:
            self._read_settings(event)
        return target

    def _page_failed(self, event: Event) -> None:
        assert isinstance(event, WorkFailed)
        self.context.page_problem = event.reason
        self._audit("technician.check_failed", step=self.step.value, problem=event.reason)

    # --- fingerprint ------------------------------------------------------------------------
    def _fingerprint_checked(self, event: Event) -> None:
        assert isinstance(event, WorkDone) and isinstance(event.result, FingerprintReport)
        self.context.fingerprint = event.result

    def _start_test(self, event: Event) -> TechnicianStep:
        assert isinstance(event, Choose)
        if event.value != TEST_CAPTURE:
            return TechnicianStep.FINGERPRINT
        self.context.last_capture = None
        self.context.capture = self._services.new_test_capture()
        self._audit("technician.fingerprint_test_started")
        return TechnicianStep.FINGERPRINT_TEST

    def _test_ended(self, event: Event) -> TechnicianStep:
        assert isinstance(event, CaptureEnded)
        capture = self.context.capture
        assert capture is not None
        self.context.capture = None
        result = capture.context.result
        ended_by = event.outcome.ended_by
        if ended_by == "done" and result is not None:
            report: dict[str, Any] = {"score": result.score, "template_count": result.template_count}
            self._audit("technician.fingerprint_test", **report)
        else:
            problem = capture.context.failure_reason or ended_by or "stopped"
            report = {"problem": problem, "failed_attempts": capture.context.failed_attempts}
            self._audit("technician.fingerprint_test", **report)
        capture.context.wipe()
        self.context.last_capture = report
        if ended_by == "timeout":
            return TechnicianStep.ABORTED
        return TechnicianStep.FINGERPRINT_CHECK

    # --- card readers and printer ---------------------------------------------------------
    def _readers_checked(self, event: Event) -> None:
        assert isinstance(event, WorkDone) and isinstance(event.result, ReadersReport)
        self.context.readers = event.result
        self._audit("technician.readers_listed", count=len(event.result.readers))

    def _printer_checked(self, event: Event) -> None:
        assert isinstance(event, WorkDone) and isinstance(event.result, PrinterReport)
        last = self.context.printer.last_test if self.context.printer is not None else None
        self.context.printer = PrinterReport(event.result.where, event.result.backlog, last)

    def _ask_test_print(self, event: Event) -> TechnicianStep:
        assert isinstance(event, Choose)
        return TechnicianStep.TEST_PRINT if event.value == TEST_PRINT else TechnicianStep.PRINTER

    def _test_printed(self, event: Event) -> None:
        assert isinstance(event, WorkDone) and isinstance(event.result, str)
        self._note_test_print(event.result)

    def _test_print_failed(self, event: Event) -> None:
        assert isinstance(event, WorkFailed)
        self._note_test_print(event.reason)

    def _note_test_print(self, result: str) -> None:
        self._audit("technician.test_print", result=result)
        printer = self.context.printer
        self.context.printer = PrinterReport(
            printer.where if printer else "", printer.backlog if printer else {}, result
        )

    # --- camera ---------------------------------------------------------------------------
    def _camera_checked(self, event: Event) -> None:
        assert isinstance(event, WorkDone) and isinstance(event.result, CameraReport)
        self.context.camera = event.result
        self._audit("technician.camera_checked", problem=event.result.problem or "none")

    def _ask_test_photo(self, event: Event) -> TechnicianStep:
        assert isinstance(event, Choose)
        if event.value != TEST_PHOTO:
            return TechnicianStep.CAMERA
        self.context.last_photo_test = None
        self._audit("technician.camera_test_started")
        return TechnicianStep.CAMERA_TEST

    def _photo_test_ended(self, event: Event) -> None:
        assert isinstance(event, CameraTestEnded)
        self.context.last_photo_test = event
        if event.taken:
            self._audit("technician.camera_test", taken=True, sharpness=round(event.sharpness or 0.0, 1))
        else:
            self._audit("technician.camera_test", taken=False, problem=event.problem or "stopped")

    # --- settings -------------------------------------------------------------------------
    def _read_settings(self, _event: Event) -> None:
        self.context.settings = self._services.settings_report()

    # --- sync link ------------------------------------------------------------------------
    def _sync_checked(self, event: Event) -> None:
        assert isinstance(event, WorkDone) and isinstance(event.result, SyncReport)
        self.context.sync = event.result

    def _sync_chosen(self, event: Event) -> TechnicianStep:
        assert isinstance(event, Choose)
        report = self.context.sync
        if event.value == SYNC_NOW and report is not None and report.server:
            self.context.last_sync_action = None
            self._sync_kind = SYNC_NOW
            return TechnicianStep.SYNCING
        if event.value == RETRY_REFUSED and report is not None and report.dead:
            self.context.last_sync_action = None
            self._sync_kind = RETRY_REFUSED
            return TechnicianStep.RETRYING
        return TechnicianStep.SYNC  # nothing to do: not enrolled, or nothing refused

    def _sync_action_done(self, event: Event) -> None:
        assert isinstance(event, WorkDone) and isinstance(event.result, SyncAction)
        action = event.result
        self.context.last_sync_action = action
        if action.kind == SYNC_NOW:
            self._audit(
                "technician.sync_now",
                sent=action.sent,
                acknowledged=action.acknowledged,
                dead=action.dead,
                error=action.error,
            )
        else:
            self._audit("technician.retry_refused", retried=action.retried)

    def _sync_action_failed(self, event: Event) -> None:
        assert isinstance(event, WorkFailed)
        kind = self._sync_kind
        self.context.last_sync_action = SyncAction(kind, error=event.reason)
        self._audit("technician.sync_failed", tried=kind, problem=event.reason)

    # --- engine hooks -----------------------------------------------------------------------
    def submit(self, event: Event) -> bool:
        """Forwards events to the test capture while in FINGERPRINT_TEST."""
        capture = self.context.capture
        if (
            self.step == TechnicianStep.FINGERPRINT_TEST
            and capture is not None
            and not isinstance(event, CaptureEnded)
        ):
            accepted = capture.submit(event)
            if capture.finished:
                super().submit(CaptureEnded(capture.outcome))
                if self._aborted():  # ended by what ended the capture
                    self.outcome.ended_by = capture.outcome.ended_by
            self._audit_leaving()
            return accepted
        accepted = super().submit(event)
        self._audit_leaving()
        return accepted

    def _aborted(self) -> bool:
        return self.step == TechnicianStep.ABORTED

    def _audit_leaving(self) -> None:
        if self.finished and not self._left:
            self._left = True
            if TechnicianStep.MENU.name in self.outcome.history:  # signed in, then left
                self._audit("technician.left", by=self.outcome.ended_by)

    @property
    def active_flow(self) -> Flow[Any, Any]:
        if self.step == TechnicianStep.FINGERPRINT_TEST and self.context.capture is not None:
            return self.context.capture
        return self

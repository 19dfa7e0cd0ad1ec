"""The staff side of the kiosk window: technician mode and the officer's counter.

:class:`StaffPanel` belongs to a kiosk window (:class:`StaffHost`: what it needs of it). It keeps the Qt-free
:class:`~kiosk.flows.staff.StaffDesk`, registers the staff screens in the window's stack,
runs the staff flows' jobs on a worker pool, and hands the fingerprint module's progress
(reported on the module's worker thread) to the GUI thread as a queued signal. While a staff
flow is open the window feeds every event (touches, timers, the card reader) here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, Signal

from kiosk.flows.engine import Event, Flow
from kiosk.flows.fingerprint_capture import CaptureProgress
from kiosk.flows.staff import StaffDesk
from ui.jobs import JobRunner
from ui.screens.base import OfficeTime, Screen
from ui.screens.enrollment import (
    ActivationScreen,
    CheckPhotoScreen,
    FingerprintFailedScreen,
    FinishedScreen,
    IdNumberScreen,
    InsertCardScreen,
    PasscodeScreen,
    SaveFailedScreen,
    SignInScreen,
)
from ui.screens.fingerprint import FingerprintCaptureScreen
from ui.screens.staff import HiddenGesture, StaffBusyScreen, StaffScreen, StaffState
from ui.screens.technician import (
    CameraPage,
    FingerprintPage,
    LockedScreen,
    PinScreen,
    PrinterPage,
    ReadersPage,
    SettingsPage,
    SyncPage,
    TechnicianMenuScreen,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStackedWidget

    from kiosk.flows.session import CitizenSession
    from ui.idle import IdleWatcher
    from ui.screens.capture import PhotoCaptureHost

log = logging.getLogger(__name__)

NewDesk = Callable[[Callable[[Event], None]], StaffDesk]
"""Builds the staff desk, given where the fingerprint capture's progress goes (any thread)."""


class StaffHost(Protocol):
    """What the staff panel needs of the window it lives in (the kiosk window)."""

    @property
    def screens(self) -> dict[str, Screen]: ...
    @property
    def stack(self) -> QStackedWidget: ...
    @property
    def photo_capture(self) -> PhotoCaptureHost: ...
    @property
    def idle(self) -> IdleWatcher: ...
    @property
    def session(self) -> CitizenSession: ...

    def submit(self, event: Event) -> None:
        """The window's one way into the flows (the staff panel's screens send here)."""

    def start_new_session(self, why: str) -> None:
        """Back to the citizens' attract screen (a staff flow ended)."""

    def present(self, key: str, screen: Screen, *, keyboard_language: str) -> None:
        """Makes ``screen`` (named ``key``) the one shown, the keyboard (in ``keyboard_language``)
        shown with it when it types, no idle warning over it and the idle watch armed."""


class _ProgressRelay(QObject):
    """Lives on the GUI thread; ``reported`` emitted from the fingerprint worker arrives queued."""

    reported = Signal(object)


def staff_screens() -> dict[str, StaffScreen]:
    """Every staff screen by ``<flow name>.<step>``; one capture screen serves every capture step."""
    capture = FingerprintCaptureScreen()
    return {
        "capture.capturing": capture,
        "capture.retry": capture,
        "capture.limit_reached": capture,
        "capture.captured": capture,
        "enrollment.sign_in": SignInScreen(),
        "enrollment.signing_in": StaffBusyScreen("sign_in"),
        "enrollment.insert_card": InsertCardScreen(),
        "enrollment.check_photo": CheckPhotoScreen(),
        "enrollment.id_number": IdNumberScreen(),
        "enrollment.fingerprint_failed": FingerprintFailedScreen(),
        "enrollment.activation": ActivationScreen(),
        "enrollment.passcode": PasscodeScreen("set"),
        "enrollment.passcode_confirm": PasscodeScreen("confirm"),
        "enrollment.consent": PasscodeScreen("consent"),
        "enrollment.saving": StaffBusyScreen("saving"),
        "enrollment.save_failed": SaveFailedScreen(),
        "enrollment.finished": FinishedScreen(),
        "technician.pin": PinScreen(),
        "technician.checking_pin": StaffBusyScreen("pin"),
        "technician.locked": LockedScreen(),
        "technician.menu": TechnicianMenuScreen(),
        "technician.fingerprint_check": StaffBusyScreen("device"),
        "technician.fingerprint": FingerprintPage(),
        "technician.readers_check": StaffBusyScreen("device"),
        "technician.readers": ReadersPage(),
        "technician.printer_check": StaffBusyScreen("device"),
        "technician.printer": PrinterPage(),
        "technician.test_print": StaffBusyScreen("printing"),
        "technician.camera_check": StaffBusyScreen("device"),
        "technician.camera": CameraPage(),
        "technician.camera_test": StaffBusyScreen("photo"),
        "technician.sync_check": StaffBusyScreen("device"),
        "technician.sync": SyncPage(),
        "technician.syncing": StaffBusyScreen("syncing"),
        "technician.retrying": StaffBusyScreen("device"),
        "technician.settings": SettingsPage(),
    }


class StaffPanel(QObject):
    """Technician mode and the officer's counter inside one kiosk window (GUI thread)."""

    def __init__(
        self, window: StaffHost, new_desk: NewDesk, time: OfficeTime, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.window = window
        self.time = time
        self.relay = _ProgressRelay()
        self.relay.reported.connect(self.submit)
        self.desk: StaffDesk = new_desk(self.relay.reported.emit)
        self.jobs = JobRunner()
        self.jobs.job_finished.connect(self._job_finished)
        self.screens = staff_screens()
        added: set[int] = set()
        for key, screen in self.screens.items():
            window.screens[key] = screen
            if id(screen) not in added:
                added.add(id(screen))
                window.stack.addWidget(screen)
                screen.submitted.connect(window.submit)
        self.gesture = HiddenGesture(self)
        self.gesture.triggered.connect(self.open_technician)
        self.gesture.fell_through.connect(self._corner_tap)
        window.screens["attract"].installEventFilter(self.gesture)
        self.screens["enrollment.sign_in"].installEventFilter(self.gesture)
        self._shown_flow: object | None = None
        self._photo_test_waiting = False
        window.photo_capture.finished.connect(self._photo_test_taken)

    @property
    def active(self) -> bool:
        return self.desk.active

    # --- entries ------------------------------------------------------------------------
    def open_technician(self) -> None:
        """The hidden gesture: the PIN screen (from the attract screen or the counter's sign-in)."""
        if self.active and self.desk.active_flow.name != "enrollment":
            return
        if self.active and self.desk.active_flow.step.value != "sign_in":
            return  # never over an officer's enrollment in progress
        self.desk.language = self.window.session.context.language
        self.desk.open_technician()
        self.show()

    def open_counter(self) -> None:
        """A counter kiosk's home: the officer's sign-in."""
        self.desk.language = self.window.session.context.language
        self.desk.go_home()
        if self.active:
            self.show()

    def _corner_tap(self) -> None:
        if not self.active and self.window.session.step.value == "attract":
            from kiosk.flows.engine import Next

            self.window.submit(Next())

    # --- events -------------------------------------------------------------------------
    def submit(self, event: Event) -> None:
        if not self.active:
            return
        if isinstance(event, CaptureProgress):
            self.window.idle.restart()  # the person is at the scanner, not idle
        self.desk.submit(event)
        if not self.active:
            self._clear_screens()
            self.window.start_new_session("staff")
            return
        self.show()

    def show(self) -> None:
        flow = self.desk.flow
        if flow is not self._shown_flow:
            self._clear_screens()  # a new enrollment: nothing of the previous citizen remains
            self._shown_flow = flow
        active = self.desk.active_flow
        key = f"{active.name}.{active.step.value}"
        screen = self.screens[key]
        screen.show_staff(StaffState(self.time, active))
        # Officer usernames and passwords are Latin whatever the kiosk's language.
        keyboard_language = "en" if key == "enrollment.sign_in" else self.desk.language
        self.window.present(key, screen, keyboard_language=keyboard_language)
        if key == "technician.camera_test":
            self._start_photo_test()
        self._start_pending_work(active)

    # --- the camera page's test photo ----------------------------------------------------
    def _start_photo_test(self) -> None:
        """The window's photo capture takes a card photo for the camera page's test."""
        if self._photo_test_waiting:
            return
        from kiosk.flows.photo_capture import PhotoPurpose
        from kiosk.flows.technician import CameraTestEnded

        host = self.window.photo_capture
        if host.active or not host.devices.available():
            self.submit(CameraTestEnded(taken=False, problem="no_camera"))
            return
        self._photo_test_waiting = True
        host.request(PhotoPurpose.CARD_FRONT, self.desk.language)

    def _photo_test_taken(self, context: object) -> None:
        if not self._photo_test_waiting:
            return  # a citizen's photo, not the test
        self._photo_test_waiting = False
        from drivers.vision.capture import DocumentPhoto
        from kiosk.flows.technician import CameraTestEnded

        photo = getattr(context, "photo", None)
        if isinstance(photo, DocumentPhoto):
            event = CameraTestEnded(taken=True, sharpness=photo.edge_width_px)
        else:
            event = CameraTestEnded(taken=False, problem="stopped")
        wipe = getattr(context, "wipe", None)
        if callable(wipe):
            wipe()  # the picture is not kept: only whether it was taken
        self.submit(event)

    def _clear_screens(self) -> None:
        for screen in set(self.screens.values()):
            screen.clear()

    # --- jobs ---------------------------------------------------------------------------
    def _start_pending_work(self, flow: Flow[Any, Any]) -> None:
        job = flow.pending_work()
        if job is not None:
            self.jobs.start((id(flow), flow.step), job)

    def _job_finished(self, token: object, event: Event) -> None:
        if not self.active:
            return
        flow = self.desk.active_flow
        if token != (id(flow), flow.step):
            log.info("late staff job result ignored (%s)", type(event).__name__)
            return
        self.submit(event)

    def busy(self) -> bool:
        return self.jobs.busy()

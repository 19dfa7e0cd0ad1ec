"""The kiosk window: shows the active flow's step as a screen and feeds the citizen's events back.

Everything here runs on the GUI thread. Blocking work (database, printer) goes to the
``JobRunner``; card-reader callbacks arrive as queued signals.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any, assert_never

from PySide6.QtCore import QLocale, QObject, QTimer, QTranslator, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QApplication, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from drivers.card.base import CardEvent
from kiosk.app import Kiosk
from kiosk.domain.calendar import format_datetime
from kiosk.flows.card_events import CardUnreadable, ChipProgress, ReadingCard, card_update
from kiosk.flows.engine import CardRemoved, Event, Flow, Timeout
from kiosk.flows.queue_ticket import QueueStep
from kiosk.flows.session import CardRead, ChipPresented, CitizenSession, SessionStep
from ui.connectivity import install_connectivity
from ui.idle import IdleWatcher
from ui.jobs import JobRunner
from ui.keyboard import OnScreenKeyboard
from ui.screens.attract import AttractScreen
from ui.screens.base import Screen, ScreenState
from ui.screens.capture import PhotoCaptureHost, capture_screens
from ui.screens.citizen import GoodbyeScreen, IdentifyScreen, LanguageScreen, MenuScreen
from ui.screens.mrz_entry import CardBackScanner, ChipReadingScreen, MrzEntryScreen
from ui.screens.overlay import CardReadingNotice, TimeoutWarning
from ui.screens.own_data import OwnDataScreen
from ui.screens.queue import BusyScreen, ProblemScreen, QueueCategoryScreen, TicketScreen
from ui.staff_desk import StaffPanel
from ui.style import stylesheet
from ui.widgets import Header
from ui.wiring import desk_factory, office, photo_devices

log = logging.getLogger(__name__)

KEYBOARD_SHARE = 0.33  # of the window's height, when a screen asks for the keyboard
# The keyboard's QML (about 20 MiB resident) loads once a citizen has left the attract screen,
# this long after the next screen is painted: seconds before the identify step needs it,
# and never for a kiosk at rest.
KEYBOARD_PRELOAD_MS = 300


@dataclass(frozen=True)
class JobToken:
    """Which flow and step a running job belongs to; a result for a step since left is dropped."""

    flow: Flow[Any, Any]
    step: Enum


class CardEvents(QObject):
    """Carries reader callbacks (reader thread) to the GUI thread as queued signals."""

    card_inserted = Signal(object)  # the session's CardRead
    card_removed = Signal()
    card_reading = Signal()
    card_read_failed = Signal(str)
    card_needs_access = Signal()
    chip_progress = Signal(float)

    def on_card_event(self, event: CardEvent) -> None:
        """Emits what the one mapper (``kiosk.flows.card_events``) makes of ``event``."""
        match card_update(event):
            case CardRead() as read:
                self.card_inserted.emit(read)
            case ChipPresented():
                self.card_needs_access.emit()
            case CardRemoved():
                self.card_removed.emit()
            case ReadingCard():
                self.card_reading.emit()
            case ChipProgress(fraction=fraction):
                self.chip_progress.emit(fraction)
            case CardUnreadable(reason=reason):
                self.card_read_failed.emit(reason)
            case None:
                pass
            case unknown:
                assert_never(unknown)


class KioskWindow(QWidget):
    screen_changed = Signal(str)
    session_ended = Signal(str)

    def __init__(self, kiosk: Kiosk) -> None:
        super().__init__()
        self.kiosk = kiosk
        self.setWindowTitle(kiosk.office_name(kiosk.languages[0]))
        self.translator = QTranslator(self)
        self._translator_installed = False
        self.high_contrast = kiosk.config.display.high_contrast
        self.large_text = kiosk.config.display.large_text
        self.demo_keys: dict[int, Callable[[], None]] = {}  # a demo's keys (demo.keys); none on a kiosk
        self.jobs = JobRunner()
        self.jobs.job_finished.connect(self._job_finished)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.header = Header()
        self.header.large_text_toggled.connect(self.toggle_large_text)
        self.header.contrast_toggled.connect(self.toggle_contrast)
        layout.addWidget(self.header)
        self.connectivity = install_connectivity(self.header, kiosk.sync)  # starts the sync worker
        self.stack = QStackedWidget()
        # Pages fit the window; they never grow it (the kiosk screen size is fixed).
        self.stack.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        layout.addWidget(self.stack, 1)
        self._layout = layout
        self._keyboard: OnScreenKeyboard | None = None
        # What the screens may see of the kiosk (ui.wiring): never the kiosk itself.
        self.office = office(kiosk)
        devices = photo_devices(kiosk)

        self.screens: dict[str, Screen] = {
            "attract": AttractScreen(),
            "language": LanguageScreen(),
            "identify": IdentifyScreen(),
            "menu": MenuScreen(),
            "goodbye": GoodbyeScreen(),
            "queue.choose_category": QueueCategoryScreen(),
            "queue.issuing": BusyScreen(),
            "queue.ticket": TicketScreen(),
            "queue.failed": ProblemScreen(),
            "own_data.show": OwnDataScreen(),
            "document_access": MrzEntryScreen(can_scan=devices.offered),
            "chip_wait": ChipReadingScreen(),
            "chip_reading": ChipReadingScreen(),
            **capture_screens(devices),  # photo steps of flows (card photos, selfies)
        }
        for screen in self.screens.values():
            self.stack.addWidget(screen)
            screen.submitted.connect(self.submit)

        self._build_timers()

        self.card_events = CardEvents()
        self.card_events.card_inserted.connect(self._card_inserted)
        self.card_events.card_removed.connect(self._card_removed)
        self.card_events.card_reading.connect(self._card_reading)
        self.card_events.card_read_failed.connect(self._card_read_failed)
        self.card_events.card_needs_access.connect(self._card_needs_access)
        self.card_events.chip_progress.connect(self._chip_progress)
        self.card_notice = CardReadingNotice(self)
        kiosk.card_reader.subscribe(self.card_events.on_card_event)
        kiosk.card_reader.start()

        self.session: CitizenSession = kiosk.new_session()
        self.current_screen = ""
        # A photo on request (flows without photo steps of their own, the technician's camera
        # test; F8-F10 in the demo).
        self.photo_capture = PhotoCaptureHost(devices, self, cover=self.stack)
        self.session_ended.connect(lambda _why: self.photo_capture.cancel())
        # Technician mode (hidden gesture) and the officer's counter; their screens join the stack.
        self.staff = StaffPanel(self, desk_factory(kiosk), self.office.time, parent=self)
        # The chip ID form's "show the back of the card to the camera" (the MRZ read off the photo).
        self.card_back = CardBackScanner.attach(self)
        self.apply_style()
        self.set_language(self.session.context.language)
        self.show_step()
        if kiosk.config.mode == "counter":
            self.staff.open_counter()

    def _build_timers(self) -> None:
        kiosk = self.kiosk
        self.warning = TimeoutWarning(self)
        self.warning.more_time.connect(self._more_time)
        self.warning.finish.connect(self._finish_from_warning)
        self.idle = IdleWatcher(kiosk.config.session.idle_timeout_s, kiosk.config.session.warning_s)
        self.idle.setParent(self)  # dies with the window: a closed window's timeout never fires
        self.idle.warning_due.connect(self._show_warning)
        self.idle.timed_out.connect(lambda: self.submit(Timeout()))
        self.countdown = QTimer(self)
        self.countdown.setInterval(1000)
        self.countdown.timeout.connect(self._tick_warning)
        self.goodbye_timer = QTimer(self)
        self.goodbye_timer.setSingleShot(True)
        self.goodbye_timer.setInterval(kiosk.config.session.goodbye_s * 1000)
        self.goodbye_timer.timeout.connect(lambda: self.submit(Timeout()))
        self.clock_timer = QTimer(self)
        self.clock_timer.setInterval(15_000)
        self.clock_timer.timeout.connect(self._update_clock)
        self.clock_timer.start()

    # --- on-screen keyboard ---------------------------------------------------------------
    @property
    def keyboard(self) -> OnScreenKeyboard:
        """The keyboard, created when first needed: loading its QML costs a few hundred ms and
        about 20 MiB, which the attract screen does without (``show_step`` preloads it as soon
        as a citizen leaves the attract screen)."""
        if self._keyboard is None:
            self._keyboard = OnScreenKeyboard(self.kiosk.resources)
            self._keyboard.setFixedHeight(int(self.height() * KEYBOARD_SHARE))
            self._keyboard.set_language(self.session.context.language)
            self._keyboard.setVisible(False)
            self._layout.addWidget(self._keyboard)
        return self._keyboard

    def _preload_keyboard(self) -> None:
        if self._keyboard is None:
            screen = self.screens.get(self.current_screen)
            self.keyboard.setVisible(screen is not None and screen.uses_keyboard)

    # --- session lifecycle --------------------------------------------------------------
    def start_new_session(self, why: str) -> None:
        """Wipes every screen and starts over at the attract screen in the default language."""
        for screen in self.screens.values():
            screen.clear()
        self.warning.hide()
        self.countdown.stop()
        self.goodbye_timer.stop()
        self.high_contrast = self.kiosk.config.display.high_contrast
        self.large_text = self.kiosk.config.display.large_text
        self.apply_style()
        self.session = self.kiosk.new_session()
        self.set_language(self.session.context.language)
        self.session_ended.emit(why)
        self.show_step()
        if self.kiosk.config.mode == "counter" and not self.staff.active:
            self.staff.open_counter()

    def submit(self, event: Event) -> None:
        """The one way into the flows from the screens, timers and the card reader."""
        if self.staff.active:  # technician mode or the officer's counter has the screen
            self.staff.submit(event)
            return
        language_before = self.session.context.language
        self.session.submit(event)
        if self.session.finished:
            self.start_new_session(self.session.outcome.ended_by or "ended")
            return
        if self.session.context.language != language_before:
            self.set_language(self.session.context.language)
        self.show_step()

    # --- rendering ----------------------------------------------------------------------
    def screen_key(self) -> str:
        flow = self.session.active_flow
        if flow is self.session:
            return self.session.step.value
        prefix = {"queue_ticket": "queue", "own_data": "own_data"}.get(flow.name, flow.name)
        return f"{prefix}.{flow.step.value}"

    def show_step(self) -> None:
        if self.staff.active:
            self.staff.show()
            return
        key = self.screen_key()
        screen = self.screens[key]
        screen.show_state(ScreenState(self.office, self.session))
        self.stack.setCurrentWidget(screen)
        if screen.uses_keyboard:
            self.keyboard.setVisible(True)
        elif self._keyboard is not None:
            self._keyboard.setVisible(False)
        elif key != "attract":  # a citizen has started: the keyboard is needed from identify on
            QTimer.singleShot(KEYBOARD_PRELOAD_MS, self._preload_keyboard)
        self._update_clock()
        self.header.office.setText(self.kiosk.office_name(self.session.context.language))
        step = self.session.step
        if step in (SessionStep.ATTRACT,):
            self.idle.disarm()
        elif not self.idle.armed:
            self.idle.arm()
        if step == SessionStep.GOODBYE:
            self.idle.disarm()
            self.goodbye_timer.start()
        if key != self.current_screen:
            self.current_screen = key
            self.screen_changed.emit(key)
        self._start_pending_work(self.session.active_flow)

    def present(self, key: str, screen: Screen, *, keyboard_language: str) -> None:
        """Shows a staff screen (the staff panel renders it): the keyboard in ``keyboard_language``
        when it types, no idle warning over it, the idle watch armed."""
        self.stack.setCurrentWidget(screen)
        if screen.uses_keyboard:
            self.keyboard.set_language(keyboard_language)
            self.keyboard.setVisible(True)
        elif self._keyboard is not None:  # built lazily (see ``keyboard``)
            self._keyboard.setVisible(False)
        self.warning.hide()
        if not self.idle.armed:
            self.idle.arm()
        if key != self.current_screen:
            self.current_screen = key
            self.screen_changed.emit(key)

    def _start_pending_work(self, flow: Flow[Any, Any]) -> None:
        job = flow.pending_work()
        if job is not None:
            self.jobs.start(JobToken(flow, flow.step), job)

    def _job_finished(self, token: object, event: Event) -> None:
        if not isinstance(token, JobToken):
            return
        if token.flow is not self.session.active_flow or token.flow.step != token.step:
            log.info("late job result ignored (%s)", type(event).__name__)
            return
        self.submit(event)

    # --- language and looks -------------------------------------------------------------
    def set_language(self, language: str) -> None:
        app = QApplication.instance()
        if self._translator_installed and app is not None:
            app.removeTranslator(self.translator)
            self._translator_installed = False
        path = self.kiosk.resources / "translations" / f"kiosk_{language}.qm"
        if self.translator.load(str(path)) and app is not None:
            app.installTranslator(self.translator)
            self._translator_installed = True
        QLocale.setDefault(QLocale({"vi": "vi_VN", "th": "th_TH"}.get(language, "en_US")))
        if self._keyboard is not None:
            self._keyboard.set_language(language)
        self.header.large_text.setToolTip(self.tr("Bigger text"))
        self.header.contrast.setToolTip(self.tr("High contrast"))

    def apply_style(self) -> None:
        """Styles the window for the current display modes. Setting a style sheet re-polishes
        every widget of every screen (tens of milliseconds), so an unchanged sheet is not set
        again: the return to the attract screen restyles only after a citizen changed a mode."""
        sheet = stylesheet(high_contrast=self.high_contrast, large_text=self.large_text)
        if sheet != self.styleSheet():
            self.setStyleSheet(sheet)

    def toggle_large_text(self) -> None:
        self.large_text = not self.large_text
        self.apply_style()

    def toggle_contrast(self) -> None:
        self.high_contrast = not self.high_contrast
        self.apply_style()

    def _update_clock(self) -> None:
        now = self.kiosk.clock.now().astimezone(self.kiosk.profile.zone())
        self.header.clock.setText(format_datetime(now, self.kiosk.profile.calendar))

    # --- idle ---------------------------------------------------------------------------
    def _show_warning(self) -> None:
        self.warning.show_seconds(self.idle.warning_s)
        self.countdown.start()

    def _tick_warning(self) -> None:
        seconds = (self.idle.remaining_ms() + 999) // 1000
        if self.warning.isVisible():
            self.warning.show_seconds(seconds)

    def _more_time(self) -> None:
        self.warning.hide()
        self.countdown.stop()
        self.idle.restart()

    def _finish_from_warning(self) -> None:
        self.warning.hide()
        self.countdown.stop()
        self.submit(Timeout())

    # --- card reader --------------------------------------------------------------------
    def _card_inserted(self, read: CardRead) -> None:
        self.idle.restart()
        self.card_notice.hide()
        self.submit(read)

    def _card_needs_access(self) -> None:
        """A chip ID is on the reader: its form (the profile reads chip IDs) or a plain refusal."""
        self.idle.restart()
        self.card_notice.hide()
        if not self.session.reads_chip_ids:
            self.card_notice.show_failure("unsupported_card")
            return
        self.submit(ChipPresented())

    def _chip_progress(self, fraction: float) -> None:
        self.idle.restart()
        screen = self.screens["chip_reading"]
        if isinstance(screen, ChipReadingScreen):
            screen.set_progress(fraction)

    def _card_reading(self) -> None:
        self.idle.restart()
        self.card_notice.show_reading()

    def _card_read_failed(self, reason: str) -> None:
        self.card_notice.show_failure(reason)

    def _card_removed(self) -> None:
        self.card_notice.hide()
        if self.staff.active or self.session.step != SessionStep.ATTRACT:
            self.submit(CardRemoved())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """The demo's keys (``demo_keys``: F6 / F7 put a demo card on a simulated reader and take
        it away; F8-F10 photograph with the simulated camera); other keys as usual."""
        action = self.demo_keys.get(event.key())
        if action is not None:
            action()
            return
        if self.photo_capture.handle_demo_key(event.key(), self.session.context.language):
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self._keyboard is not None:
            self._keyboard.setFixedHeight(int(self.height() * KEYBOARD_SHARE))
        if self.warning.isVisible():
            self.warning.setGeometry(self.rect())

    def showing(self) -> str:
        return self.current_screen

    def is_busy(self) -> bool:
        return self.jobs.busy() or self.staff.busy() or self.session.active_flow.step == QueueStep.ISSUING

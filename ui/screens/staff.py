"""What the staff screens share: the state they render, a busy page, and the hidden gesture.

Staff screens (the officer's counter, technician mode, the fingerprint capture they both use)
render a staff flow's step from a :class:`StaffState` instead of the citizen session; like
every screen they only collect input and send events.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLineEdit, QProgressBar, QWidget

from ui.screens.base import OfficeTime, Screen, ScreenState
from ui.widgets import label

if TYPE_CHECKING:
    from kiosk.flows.engine import Flow


@dataclass(frozen=True)
class StaffState:
    """What a staff screen may read: the office's time and the flow whose step it shows."""

    time: OfficeTime
    flow: Flow[Any, Any]

    @property
    def context(self) -> Any:
        return self.flow.context

    def local_time(self, instant: datetime) -> str:
        """``instant`` as the office shows times (its zone and calendar)."""
        return self.time.local_time(instant)


class StaffScreen(Screen):
    """Base of the staff screens: rendered by :meth:`show_staff`."""

    def show_state(self, state: ScreenState) -> None:  # staff screens never show the citizen session
        del state

    def show_staff(self, state: StaffState) -> None:
        raise NotImplementedError


def secret_field(*, digits: bool, max_length: int = 64) -> QLineEdit:
    """A password-style field: never echoed, never predicted, never remembered by the input method."""
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    hints = Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhNoPredictiveText
    if digits:
        hints |= Qt.InputMethodHint.ImhDigitsOnly
    field.setInputMethodHints(hints)
    field.setMaxLength(max_length)
    return field


class StaffBusyScreen(StaffScreen):
    """A check or a commit in progress: a moving bar and what is happening."""

    def __init__(self, what: str) -> None:
        super().__init__()
        self._what = what
        self.body.addStretch(1)
        self.title = label("title", center=True)
        self.hint = label("subtitle", center=True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        for widget in (self.title, self.progress, self.hint):
            self.body.addWidget(widget)
        self.body.addStretch(1)

    def show_staff(self, state: StaffState) -> None:
        texts = {
            "sign_in": self.tr("Checking the sign-in…"),
            "pin": self.tr("Checking the PIN…"),
            "saving": self.tr("Saving the enrollment…"),
            "device": self.tr("Asking the device…"),
            "printing": self.tr("Printing the test page…"),
            "photo": self.tr("Taking the test photo…"),
            "syncing": self.tr("Sending to the server…"),
        }
        self.title.setText(texts.get(self._what, self.tr("Please wait…")))
        self.hint.setText(self.tr("Please wait a moment."))


class HiddenGesture(QObject):
    """Five quick taps in the top-left corner of a screen open technician mode.

    Taps in the corner are held back from the screen; a lone tap there is passed on as
    ``fell_through`` after a moment, so a citizen touching the corner still starts."""

    triggered = Signal()
    fell_through = Signal()

    TAPS = 5
    WINDOW_S = 3.0
    CORNER_PX = 140
    LONE_TAP_MS = 1200

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._taps: list[float] = []
        self._lone = QTimer(self)
        self._lone.setSingleShot(True)
        self._lone.setInterval(self.LONE_TAP_MS)
        self._lone.timeout.connect(self._pass_on)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() != QEvent.Type.MouseButtonPress or not isinstance(watched, QWidget):
            return False
        assert isinstance(event, QMouseEvent)
        point = event.position().toPoint()
        if point.x() > self.CORNER_PX or point.y() > self.CORNER_PX:
            self._taps.clear()
            return False
        now = time.monotonic()
        self._taps = [tap for tap in self._taps if now - tap <= self.WINDOW_S] + [now]
        if len(self._taps) >= self.TAPS:
            self._taps.clear()
            self._lone.stop()
            self.triggered.emit()
        else:
            self._lone.start()
        return True

    def _pass_on(self) -> None:
        self._taps.clear()
        self.fell_through.emit()

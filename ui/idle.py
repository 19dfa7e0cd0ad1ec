"""Idle handling: any touch, click or key press restarts the countdown; warn, then time out."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

ACTIVITY_EVENTS = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.KeyPress,
    QEvent.Type.InputMethod,
}


class IdleWatcher(QObject):
    """Emits ``warning_due`` at ``timeout - warning`` and ``timed_out`` at ``timeout`` seconds idle."""

    warning_due = Signal()
    timed_out = Signal()
    activity = Signal()

    def __init__(self, timeout_s: int, warning_s: int) -> None:
        super().__init__()
        self._warning = QTimer(self)
        self._warning.setSingleShot(True)
        self._warning.setInterval((timeout_s - warning_s) * 1000)
        self._warning.timeout.connect(self.warning_due)
        self._timeout = QTimer(self)
        self._timeout.setSingleShot(True)
        self._timeout.setInterval(timeout_s * 1000)
        self._timeout.timeout.connect(self.timed_out)
        self._armed = False
        self.warning_s = warning_s
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def arm(self) -> None:
        self._armed = True
        self.restart()

    def disarm(self) -> None:
        self._armed = False
        self._warning.stop()
        self._timeout.stop()

    @property
    def armed(self) -> bool:
        return self._armed

    def restart(self) -> None:
        if self._armed:
            self._warning.start()
            self._timeout.start()

    def remaining_ms(self) -> int:
        return self._timeout.remainingTime() if self._timeout.isActive() else 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if self._armed and event.type() in ACTIVITY_EVENTS:
            self.restart()
            self.activity.emit()
        return False

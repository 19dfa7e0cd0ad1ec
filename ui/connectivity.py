"""The connectivity indicator in the header: "Online" or "Working offline — nothing is lost".

The sync worker reports its status on its own thread; :class:`SyncStatusRelay` turns each
report into a queued signal, so the label only ever changes on the GUI thread. The citizen
sees two plain states: a kiosk that cannot reach the server keeps working and keeps every
transaction, and says so. Enrollment problems (for technicians) read as "working offline"
here; ``kiosk sync status`` tells a technician the rest. A kiosk with no server to talk to
(not enrolled) shows nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QLabel, QWidget

from sync.worker import ConnectionState, SyncStatus, SyncWorker

ONLINE_DOT = "#3ddc84"
OFFLINE_DOT = "#ffb020"
HIDDEN_STATES = (ConnectionState.UNKNOWN, ConnectionState.NOT_ENROLLED)
MAX_WIDTH_PX = 420


class SyncStatusRelay(QObject):
    """Carries status reports from the sync worker's thread to the GUI thread (queued)."""

    status_changed = Signal(object)

    def report(self, status: SyncStatus) -> None:
        self.status_changed.emit(status)


class ConnectivityIndicator(QLabel):
    """A dot and two or three words; hidden until the kiosk knows whether it is online."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("headerText")
        # Two short lines rather than a wider header: the window's width is the screen's.
        self.setStyleSheet("font-size: 20px;")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.status: SyncStatus | None = None
        self.relay: SyncStatusRelay | None = None
        self.setVisible(False)

    @property
    def online(self) -> bool:
        return self.status is not None and self.status.online

    def show_status(self, status: SyncStatus) -> None:
        self.status = status
        self._render()

    def words(self) -> str:
        """What the citizen reads (empty when hidden)."""
        if self.status is None or self.status.state in HIDDEN_STATES:
            return ""
        if self.status.online:
            return self.tr("Online")
        return self.tr("Working offline — nothing is lost")

    def _render(self) -> None:
        words = self.words()
        self.setVisible(bool(words))
        if words:
            dot = ONLINE_DOT if self.online else OFFLINE_DOT
            self.setText(f'<span style="color:{dot}">●</span>&nbsp;{words}')
            self.setAccessibleName(words)
            # One line when it fits in MAX_WIDTH_PX, else two balanced lines: never a wider header.
            self.ensurePolished()
            needed = self.fontMetrics().horizontalAdvance(f"● {words}") + 12
            self.setFixedWidth(needed if needed <= MAX_WIDTH_PX else min(MAX_WIDTH_PX, needed // 2 + 48))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self._render()
        super().changeEvent(event)


def install_connectivity(header: QWidget, worker: SyncWorker | None) -> ConnectivityIndicator:
    """Puts the indicator in the header (before the clock), feeds it from the kiosk's sync
    ``worker`` through queued signals and starts the worker (its thread, never this one).
    ``None``: sync is turned off; the indicator stays hidden."""
    indicator = ConnectivityIndicator(header)
    layout = header.layout()
    if isinstance(layout, QBoxLayout):
        layout.insertWidget(max(0, layout.count() - 4), indicator)
        layout.insertSpacing(max(0, layout.count() - 4), 16)
    if worker is None:
        return indicator
    relay = SyncStatusRelay(indicator)
    relay.status_changed.connect(indicator.show_status, Qt.ConnectionType.QueuedConnection)
    worker.subscribe(relay.report)
    indicator.destroyed.connect(lambda *_: worker.unsubscribe(relay.report))
    indicator.relay = relay
    worker.start()
    return indicator

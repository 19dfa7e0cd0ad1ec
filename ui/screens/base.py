"""The screen contract: ``show_state`` renders, ``submitted`` carries the citizen's event, ``clear`` wipes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.domain.calendar import format_date
from kiosk.flows.engine import Back, Cancel, Event
from ui.widgets import button

if TYPE_CHECKING:  # the screens load before the core (first frame); they only read these
    from kiosk.app import Kiosk
    from kiosk.flows.session import CitizenSession


def fill(text: str, *values: object) -> str:
    """Qt-style ``%1``, ``%2`` placeholders, so translators can reorder them."""
    for index, value in enumerate(values, start=1):
        text = text.replace(f"%{index}", str(value))
    return text


@dataclass(frozen=True)
class ScreenState:
    """What a screen may read to render itself."""

    kiosk: Kiosk
    session: CitizenSession

    def today_text(self) -> str:
        now = self.kiosk.clock.now().astimezone(self.kiosk.profile.zone())
        return format_date(now.date(), self.kiosk.profile.calendar)


class Screen(QWidget):
    """Base of every screen. Subclasses build widgets once and set all text in ``show_state``."""

    submitted = Signal(object)
    uses_keyboard = False

    def __init__(self) -> None:
        super().__init__()
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(48, 32, 48, 24)
        self.body.setSpacing(20)

    def send(self, event: Event) -> None:
        self.submitted.emit(event)

    def show_state(self, state: ScreenState) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        """Forgets anything personal this screen shows (end of session)."""


class Footer(QWidget):
    """Back and End, at the same place on every screen."""

    def __init__(self, screen: Screen, *, back: bool = True, end: bool = True) -> None:
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(24)
        self.back = button(kind="secondary")
        self.end = button(kind="secondary")
        self.back.clicked.connect(lambda: screen.send(Back()))
        self.end.clicked.connect(lambda: screen.send(Cancel()))
        self.back.setVisible(back)
        self.end.setVisible(end)
        layout.addWidget(self.back)
        layout.addWidget(self.end)

    def retranslate(self) -> None:
        self.back.setText(self.tr("◀  Back"))
        self.end.setText(self.tr("End  ✕"))

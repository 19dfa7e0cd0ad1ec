"""The screen contract: ``show_state`` renders, ``submitted`` carries the citizen's event, ``clear`` wipes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Literal, NamedTuple

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.domain.calendar import Calendar, format_date, format_datetime
from ui.widgets import button

if TYPE_CHECKING:  # the screens load before the core (first frame); they only read these
    from kiosk.clock import Clock
    from kiosk.domain.languages import Language
    from kiosk.flows.engine import Event
    from kiosk.flows.session import CitizenSession
    from kiosk.i18n import Catalog
    from kiosk.profiles import QueueCategory


def fill(text: str, *values: object) -> str:
    """Qt-style ``%1``, ``%2`` placeholders, so translators can reorder them."""
    for index, value in enumerate(values, start=1):
        text = text.replace(f"%{index}", str(value))
    return text


# The three records below are named tuples rather than frozen dataclasses: the attract screen's
# first frame imports this module, and dataclasses (with the module) cost about 3 ms there.


class OfficeTime(NamedTuple):
    """How the office tells the time: its clock, its time zone and its calendar (Buddhist era
    in Thailand). What a screen needs to show a date or a time, and nothing else."""

    clock: Clock
    zone: tzinfo
    calendar: Calendar

    def now(self) -> datetime:
        """The clock's instant in the office's time zone."""
        return self.clock.now().astimezone(self.zone)

    def local_time(self, instant: datetime) -> str:
        """``instant`` as the office shows times (its zone and calendar)."""
        return format_datetime(instant.astimezone(self.zone), self.calendar)

    def today_text(self) -> str:
        return format_date(self.now().date(), self.calendar)


class Office(NamedTuple):
    """What a citizen screen may know of the office it serves: its name, the other languages'
    texts, the kind of ID card it reads, its queue categories and its time. No devices, no
    database: a screen only renders and collects input."""

    name: Callable[[Language], str]
    """The office's name in a language."""
    catalog: Catalog
    """Texts in a language other than the window's (the attract and language screens)."""
    id_card: Literal["cccd", "th_id"]
    queue_category: Callable[[str], QueueCategory]
    """A queue category by its code; ``KeyError`` for an unknown code."""
    time: OfficeTime


class ScreenState(NamedTuple):
    """What a screen may read to render itself: the office and the citizen's session."""

    office: Office
    session: CitizenSession

    def today_text(self) -> str:
        return self.office.time.today_text()


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
        # Imported here: the first frame (the attract screen, no footer) comes before the flows.
        from kiosk.flows.engine import Back, Cancel

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

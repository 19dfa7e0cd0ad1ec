"""The card-reader interface: insert and removal events, and what a read gives."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class CardHolder:
    """The identity fields a kiosk session needs from a card. Personal data: never logged."""

    id_number: str
    full_name: str
    card: object | None = field(default=None, repr=False, compare=False)
    """The whole card as read (e.g. ``ThaiIdCard`` with the photo), for services that show it."""

    def __repr__(self) -> str:
        return "CardHolder(<personal data>)"


@dataclass(frozen=True)
class CardReading:
    """A card went in and is being read (the screen shows progress)."""

    reader: str


@dataclass(frozen=True)
class CardInserted:
    reader: str
    holder: CardHolder


@dataclass(frozen=True)
class CardReadFailed:
    """A card went in but could not be read; ``reason`` is a stable key (``drivers.card.errors``)."""

    reader: str
    reason: str


@dataclass(frozen=True)
class CardRemovedFromReader:
    reader: str


@dataclass(frozen=True)
class ReadersChanged:
    """A reader was plugged in or unplugged; ``readers`` are the ones present now."""

    readers: tuple[str, ...]


CardEvent = CardReading | CardInserted | CardReadFailed | CardRemovedFromReader | ReadersChanged
CardListener = Callable[[CardEvent], None]


class CardReader(Protocol):
    """A reader that reports cards. Listeners are called on the reader's own thread;
    a Qt layer must hand them to the GUI thread as queued signals."""

    def subscribe(self, listener: CardListener) -> None: ...

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def describe(self) -> str:
        """Name and state for technicians (no personal data)."""
        ...

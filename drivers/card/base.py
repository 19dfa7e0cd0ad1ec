"""The card-reader interface: insert and removal events, and what a read gives."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class CardHolder:
    """The identity fields a kiosk session needs from a card. Personal data: never logged."""

    id_number: str
    full_name: str


@dataclass(frozen=True)
class CardInserted:
    reader: str
    holder: CardHolder


@dataclass(frozen=True)
class CardRemovedFromReader:
    reader: str


CardEvent = CardInserted | CardRemovedFromReader
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

"""The one mapping from a card reader's events to what the kiosk does with them.

A reader reports :data:`~drivers.card.base.CardEvent`\\ s on its own thread. :func:`card_update`
turns each into at most one thing: a session event (:class:`~kiosk.flows.session.CardRead`,
:class:`~kiosk.flows.session.ChipPresented`, :class:`~kiosk.flows.engine.CardRemoved`), or a
notice the window shows over the current screen (:class:`ReadingCard`, :class:`ChipProgress`,
:class:`CardUnreadable`). The window's queued signals and the headless drivers (tests, the
command line) both go through it, so both see the same thing. Qt-free.

A chip document's read after its access data is the session's job: the job delivers its result
and its failure, so ``CardInserted`` / ``CardReadFailed`` with ``after_access`` map to nothing
here (only the read's progress does).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import assert_never

from drivers.card.base import (
    CardEvent,
    CardInserted,
    CardNeedsAccess,
    CardReadFailed,
    CardReading,
    CardRemovedFromReader,
    ReadersChanged,
)
from kiosk.flows.engine import CardRemoved
from kiosk.flows.session import CardRead, ChipPresented, CitizenIdentity


@dataclass(frozen=True)
class ReadingCard:
    """A card went in and is being read: the window says so."""


@dataclass(frozen=True)
class ChipProgress:
    """How far (0..1) the chip document's read has got: the chip-reading screen's bar."""

    fraction: float


@dataclass(frozen=True)
class CardUnreadable:
    """A card went in but could not be read; ``reason`` is the stable key the notice words."""

    reason: str


SessionCardEvent = CardRead | ChipPresented | CardRemoved
CardNotice = ReadingCard | ChipProgress | CardUnreadable
CardUpdate = SessionCardEvent | CardNotice


def card_update(event: CardEvent) -> CardUpdate | None:
    """What ``event`` means to the kiosk; ``None``: nothing (reader hot-plug, a chip read's
    result, which its job delivers)."""
    match event:
        case CardInserted(after_access=False, holder=holder):
            return CardRead(CitizenIdentity.from_holder(holder))
        case CardInserted():
            return None
        case CardNeedsAccess():
            return ChipPresented()
        case CardRemovedFromReader():
            return CardRemoved()
        case CardReading(fraction=fraction):
            return ReadingCard() if fraction is None else ChipProgress(fraction)
        case CardReadFailed(after_access=False, reason=reason):
            return CardUnreadable(reason)
        case CardReadFailed() | ReadersChanged():
            return None
        case _:
            assert_never(event)


def session_event_for(event: CardEvent) -> SessionCardEvent | None:
    """The session event for a card reader's event (headless drivers: tests, simulations), or
    ``None`` when the event is only a notice or nothing for the session."""
    update = card_update(event)
    if isinstance(update, CardRead | ChipPresented | CardRemoved):
        return update
    return None

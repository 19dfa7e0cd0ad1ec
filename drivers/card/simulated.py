"""The in-process card slot: a technician or a test puts a virtual card in by hand.

It stands in for a PC/SC reader in ``--simulate`` mode, so demos and tests need no pcscd - and
still run the real reader: :class:`SimulatedCardReader` is the kiosk's one
:class:`~drivers.card.reader.SmartCardReader` over an :class:`InProcessSlot`, which answers
APDUs from the same virtual cards the vpcd simulator serves (``drivers.card.thai_id_sim.
ThaiIdCardSim``, ``drivers.card.icao.sim.CccdCardSim``). So a Thai ID card is read APDU by
APDU as on a real reader, and a chip document is recognised, then read - BAC or PACE, secure
messaging, every data group, passive authentication - when ``read_document`` brings its access
data.
"""

from __future__ import annotations

import threading
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Self

from drivers.card.errors import CardError, CardRemoved, NoCard
from drivers.card.reader import SlotEvents, SmartCardReader
from drivers.card.vpcd import RemovableCard

if TYPE_CHECKING:
    from drivers.card.vpcd import VirtualCard

READER_NAME = "Simulated reader 0"


def _left_by_itself(card: VirtualCard) -> bool:
    """Whether a card that can leave the reader by itself (fault injection) has left."""
    return isinstance(card, RemovableCard) and card.removed


class InProcessConnection:
    """The card in an :class:`InProcessSlot`, connected: every APDU goes to the virtual card. The
    card counts as pulled out once the slot no longer holds it or it says it left."""

    def __init__(self, slot: InProcessSlot, card: VirtualCard) -> None:
        self._slot = slot
        self._card: VirtualCard | None = card

    def _live(self) -> VirtualCard:
        card = self._card
        if card is None:
            raise CardError("the card connection is closed")
        if not self._slot.holds(card) or _left_by_itself(card):
            raise CardRemoved()
        return card

    def atr(self) -> bytes:
        return self._live().atr()

    def transmit(self, apdu: bytes) -> bytes:
        card = self._live()
        answer = card.apdu(apdu)
        if _left_by_itself(card):
            # The card left during this command, as a vpcd card closes its connection: the
            # slot reports the removal, as pcscd would.
            self._slot.card_left(card)
            raise CardRemoved()
        return answer

    def close(self) -> None:
        self._card = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class InProcessSlot:
    """One reader slot, :data:`READER_NAME`, holding at most one virtual card."""

    name = READER_NAME

    def __init__(self) -> None:
        self._card: VirtualCard | None = None
        self._events: SlotEvents | None = None
        self._lock = threading.Lock()

    def watch(self, events: SlotEvents) -> None:
        self._events = events

    def unwatch(self) -> None:
        self._events = None

    def wanted(self, reader: str) -> bool:
        return reader == READER_NAME

    def readers(self) -> list[str]:
        return [READER_NAME]

    def connect(self, reader: str) -> InProcessConnection:
        """The card, reset first, as a PC/SC reader powers a card up afresh for each connection."""
        with self._lock:
            card = self._card if reader == READER_NAME else None
        if card is None or _left_by_itself(card):
            raise NoCard()
        card.reset()
        return InProcessConnection(self, card)

    @property
    def card(self) -> VirtualCard | None:
        with self._lock:
            return self._card

    def holds(self, card: VirtualCard) -> bool:
        with self._lock:
            return self._card is card

    def put(self, card: VirtualCard) -> None:
        """The card goes in, powered up (a card already there is replaced)."""
        card.power_on()
        with self._lock:
            self._card = card

    def take(self) -> VirtualCard | None:
        """Takes the card out (``None``: there was none)."""
        with self._lock:
            card, self._card = self._card, None
        return card

    def card_left(self, card: VirtualCard) -> None:
        """``card`` left by itself: the slot is empty and the reader hears it."""
        with self._lock:
            if self._card is not card:
                return
            self._card = None
        events = self._events
        if events is not None:
            events.card_removed(READER_NAME)


class SimulatedCardReader(SmartCardReader):
    """The kiosk's card reader over an :class:`InProcessSlot`. ``trust_store``: the CSCA folder
    chip documents are verified against (``None``: not checked).

    :meth:`insert` and :meth:`remove` return once listeners have heard what the reader made of
    it (a real reader's monitor would tell them a moment later), so call them from a thread of
    your own, never from a listener (which runs on the reader's worker); a card put in or taken
    out before :meth:`start` or after :meth:`stop` is not reported."""

    def __init__(self, *, trust_store: Path | None = None) -> None:
        self._slot = InProcessSlot()
        super().__init__(self._slot, trust_store=trust_store)

    @property
    def card_present(self) -> bool:
        return self._slot.card is not None

    def insert(self, card: VirtualCard) -> None:
        """A card goes in: a Thai ID card is read at once (listeners hear ``CardReading`` then
        ``CardInserted``), a chip document is recognised (``CardNeedsAccess``)."""
        self._slot.put(card)
        if self.watching:
            self.card_inserted(READER_NAME, card.atr()).result()

    def insert_chip(self, chip: VirtualCard) -> None:
        """A chip document goes in: the same as :meth:`insert` (the reader recognises it)."""
        self.insert(chip)

    def remove(self) -> None:
        if self._slot.take() is not None and self.watching:
            self.card_removed(READER_NAME).result()

    def describe(self) -> str:
        if self.document_waiting:
            state = "chip document present"
        elif self.card_present:
            state = "card present"
        else:
            state = "no card"
        return f"{READER_NAME} ({state})"

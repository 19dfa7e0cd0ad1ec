"""An in-process simulated reader: a technician or a test inserts and removes a card by hand.

It stands in for a PC/SC reader in ``--simulate`` mode, so demos and tests need no pcscd. A card
whose data is already known (a Thai ID card read from a fixture) goes in with :meth:`insert`;
a chip document goes in as a virtual chip with :meth:`insert_chip` (e.g. the virtual CCCD
``drivers.card.icao.sim.CccdCardSim``): like a real reader, this one then reports
``CardNeedsAccess`` and reads the chip - BAC or PACE, secure messaging, every data group,
passive authentication, through the same code as the PC/SC reader - only when
:meth:`read_document` brings the access data.

Events are delivered on a thread of the simulator's own, like a real reader monitor would; chip
reads run on the reader's one worker thread.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from drivers.card.base import (
    CardEvent,
    CardHolder,
    CardInserted,
    CardListener,
    CardNeedsAccess,
    CardReadFailed,
    CardRemovedFromReader,
    DocumentProgress,
)
from drivers.card.errors import CardRemoved, NoCard

if TYPE_CHECKING:
    from drivers.card.icao.mrz import MrzInformation
    from drivers.card.icao.pace import Can
    from drivers.card.icao.sod import TrustStore
    from drivers.card.vpcd import VirtualCard

READER_NAME = "Simulated reader 0"


class _ChipTransport:
    """The virtual chip as an ``ApduTransport``; the card counts as pulled out once the reader no
    longer holds it or the chip says it left (fault injection)."""

    def __init__(self, owner: SimulatedCardReader, chip: VirtualCard) -> None:
        self._owner = owner
        self._chip = chip

    def atr(self) -> bytes:
        return self._chip.atr()

    def transmit(self, apdu: bytes) -> bytes:
        if not self._owner.holds(self._chip) or getattr(self._chip, "removed", False):
            raise CardRemoved()
        answer = self._chip.apdu(apdu)
        if getattr(self._chip, "removed", False):
            raise CardRemoved()
        return answer


class SimulatedCardReader:
    """``trust_store``: the CSCA folder chip documents are verified against (``None``: not checked)."""

    def __init__(self, *, trust_store: Path | None = None) -> None:
        self._listeners: list[CardListener] = []
        self._holder: CardHolder | None = None
        self._chip: VirtualCard | None = None
        self._running = False
        self._lock = threading.Lock()
        self._trust_store_path = trust_store
        self._trust_store: TrustStore | None = None
        self._trust_store_loaded = False
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="card-reader")

    def subscribe(self, listener: CardListener) -> None:
        self._listeners.append(listener)

    def start(self) -> None:
        self._running = True

    def stop(self) -> None:
        self._running = False
        self._executor.shutdown(wait=True, cancel_futures=True)

    @property
    def card_present(self) -> bool:
        return self._holder is not None or self._chip is not None

    def holds(self, chip: object) -> bool:
        """Whether ``chip`` is still in the reader."""
        with self._lock:
            return self._chip is chip

    def describe(self) -> str:
        if self._chip is not None:
            state = "chip document present"
        elif self._holder is not None:
            state = "card present"
        else:
            state = "no card"
        return f"{READER_NAME} ({state})"

    def _deliver(self, event: CardEvent) -> None:
        if not self._running:
            return
        thread = threading.Thread(target=self._notify, args=(event,), name="card-reader", daemon=True)
        thread.start()
        thread.join()

    def _notify(self, event: CardEvent) -> None:
        if not self._running:
            return
        for listener in list(self._listeners):
            listener(event)

    def insert(self, holder: CardHolder) -> None:
        """A card whose data is known goes in: listeners hear ``CardInserted`` at once."""
        with self._lock:
            self._holder = holder
            self._chip = None
        self._deliver(CardInserted(READER_NAME, holder))

    def insert_chip(self, chip: VirtualCard) -> None:
        """A chip document goes in (powered up): listeners hear ``CardNeedsAccess``."""
        chip.power_on()
        with self._lock:
            self._holder = None
            self._chip = chip
        self._deliver(CardNeedsAccess(READER_NAME, "icao"))

    def remove(self) -> None:
        with self._lock:
            if self._holder is None and self._chip is None:
                return
            self._holder = None
            self._chip = None
        self._deliver(CardRemovedFromReader(READER_NAME))

    def read_document(
        self, access: MrzInformation | Can, progress: DocumentProgress | None = None
    ) -> Future[CardHolder]:
        """See :class:`drivers.card.base.DocumentReader`; the chip is reset first, as a PC/SC
        reader powers a card up afresh for each connection."""
        return self._executor.submit(self._read_document, access, progress)

    def _read_document(self, access: MrzInformation | Can, progress: DocumentProgress | None) -> CardHolder:
        from drivers.card.emrtd import load_trust_store, read_document_holder

        with self._lock:
            chip = self._chip
        if chip is None:
            error = NoCard("no chip document is waiting in the reader")
            self._notify(CardReadFailed(READER_NAME, error.reason, after_access=True))
            raise error
        if not self._trust_store_loaded:
            self._trust_store = load_trust_store(self._trust_store_path)
            self._trust_store_loaded = True
        chip.reset()
        try:
            return read_document_holder(
                _ChipTransport(self, chip),
                access,
                reader=READER_NAME,
                trust_store=self._trust_store,
                notify=self._notify,
                progress=progress,
            )
        except CardRemoved:
            # The chip left by itself (fault injection): the reader notices, as pcscd would.
            if getattr(chip, "removed", False) and self.holds(chip):
                with self._lock:
                    self._chip = None
                self._notify(CardRemovedFromReader(READER_NAME))
            raise

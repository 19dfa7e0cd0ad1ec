"""The kiosk's one card reader: it watches card slots, reads a Thai ID card at once, and reads a
chip document (the Vietnamese CCCD) once the citizen has given its access data.

Where the cards come from is a :class:`CardSlots`: PC/SC readers through pyscard
(:class:`drivers.card.pcsc.PcscSlots`), or an in-process slot a technician or a test puts a
virtual card into (:class:`drivers.card.simulated.InProcessSlot`: the same virtual cards the vpcd
simulator serves). Everything above the slots - recognising the card, the APDUs, the events - is
this one class, so the demo and the tests run the code a real reader runs.

The slots report insertions and removals (on their own thread); every read runs on this reader's
one worker thread, so a slow card never holds up the monitor. Listeners get, for a Thai ID card,
``CardReading`` → ``CardInserted`` (or ``CardReadFailed``) → ``CardRemovedFromReader``; for an
ICAO 9303 chip (recognised by its contactless ATR or because it selects the eMRTD application),
``CardNeedsAccess`` → (``read_document``) ``CardReading(fraction)``... → ``CardInserted`` or
``CardReadFailed`` → ``CardRemovedFromReader``.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, Self

from drivers.card.base import (
    CardEvent,
    CardHolder,
    CardInserted,
    CardListener,
    CardNeedsAccess,
    CardReadFailed,
    CardReading,
    CardRemovedFromReader,
    DocumentProgress,
    ReadersChanged,
)
from drivers.card.errors import CardError, NoCard, UnsupportedCard
from drivers.card.thai_id import get_response_p2_for_atr

if TYPE_CHECKING:
    from drivers.card.icao.mrz import MrzInformation
    from drivers.card.icao.pace import Can
    from drivers.card.icao.sod import TrustStore

log = logging.getLogger(__name__)


class ConnectedCard(Protocol):
    """A card connected for one read: an ``ApduTransport`` that is closed after use (a ``with``
    block). Connecting powers the card up afresh, so each read starts from a clean card."""

    def atr(self) -> bytes: ...

    def transmit(self, apdu: bytes) -> bytes: ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...


class SlotEvents(Protocol):
    """What card slots report to the reader watching them (from any thread)."""

    def card_inserted(self, reader: str, atr: bytes) -> Future[None]: ...

    def card_removed(self, reader: str) -> Future[None]: ...

    def readers_changed(self, *, added: list[str], removed: list[str]) -> None: ...


class CardSlots(Protocol):
    """Where cards come from: the readers' slots, and a connection to the card in one of them."""

    @property
    def name(self) -> str:
        """The slots' name in events that concern no particular reader (the configured filter)."""
        ...

    def watch(self, events: SlotEvents) -> None:
        """Starts reporting insertions, removals and readers coming and going to ``events``.
        Slots that cannot watch (no PC/SC service) log it and report nothing."""
        ...

    def unwatch(self) -> None: ...

    def wanted(self, reader: str) -> bool:
        """Whether ``reader`` is one of these slots (the configured filter)."""
        ...

    def readers(self) -> list[str]: ...

    def connect(self, reader: str) -> ConnectedCard:
        """Connects to the card in ``reader`` (blocking; raises the typed ``CardError``)."""
        ...


class SmartCardReader:
    """Reads the Thai ID cards and chip documents that ``slots`` report. ``trust_store``: the
    folder of CSCA certificates passive authentication checks chip documents against (``None``:
    not configured, the verdict is ``not_checked``)."""

    def __init__(self, slots: CardSlots, *, trust_store: Path | None = None) -> None:
        self._slots = slots
        self._trust_store_path = trust_store
        self._trust_store: TrustStore | None = None
        self._trust_store_loaded = False
        self._document_reader: str | None = None
        self._listeners: list[CardListener] = []
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="card-reader")
        self._last_atr: str | None = None
        self._watching = False
        self._lock = threading.Lock()

    def subscribe(self, listener: CardListener) -> None:
        self._listeners.append(listener)

    def _notify(self, event: CardEvent) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:
                log.exception("card listener failed on %s", type(event).__name__)

    def start(self) -> None:
        self._watching = True
        self._slots.watch(self)

    def stop(self) -> None:
        self._watching = False
        self._slots.unwatch()
        self._executor.shutdown(wait=True, cancel_futures=True)

    @property
    def watching(self) -> bool:
        """Started and not stopped: the slots' events are being read."""
        return self._watching

    # --- what the slots report (any thread) ----------------------------------------------
    def card_inserted(self, reader: str, atr: bytes) -> Future[None]:
        """A card went into ``reader``: it is read (or recognised) on the worker thread; the
        future ends when listeners have heard the outcome."""
        return self._executor.submit(self._read, reader, atr)

    def card_removed(self, reader: str) -> Future[None]:
        return self._executor.submit(self._removed, reader)

    def readers_changed(self, *, added: list[str], removed: list[str]) -> None:
        """Hot-plug: a reader plugged in or out is reported (technicians, and the doctor's view)."""
        if not any(self._slots.wanted(name) for name in (*added, *removed)):
            return
        log.info("readers changed: %d added, %d removed", len(added), len(removed))
        self._executor.submit(self._notify, ReadersChanged(tuple(self.readers())))

    # --- the worker thread ---------------------------------------------------------------
    def _removed(self, reader: str) -> None:
        """A card left ``reader``; a chip document waiting there is gone with it."""
        with self._lock:
            if self._document_reader == reader:
                self._document_reader = None
        self._notify(CardRemovedFromReader(reader))

    def _read(self, reader: str, atr_bytes: bytes) -> None:
        """A card went in. A Thai ID card is read at once; a chip document is only recognised
        (it needs the citizen's access data first)."""
        from drivers.card.emrtd import is_contactless_atr, selects_emrtd
        from drivers.card.thai_id import read_thai_id

        with self._lock:
            self._last_atr = atr_bytes.hex(" ").upper()
            self._document_reader = None
        thai_atr = get_response_p2_for_atr(atr_bytes) is not None
        try:
            with self._slots.connect(reader) as transport:
                # A contactless card is tried as a chip document first; the others as a Thai ID
                # card first (its path stays exactly as it was), then as a chip document.
                if not thai_atr and is_contactless_atr(atr_bytes) and selects_emrtd(transport):
                    self._document_found(reader)
                    return
                self._notify(CardReading(reader))
                try:
                    card = read_thai_id(transport)
                except UnsupportedCard:
                    if thai_atr or not selects_emrtd(transport):
                        raise
                    self._document_found(reader)
                    return
        except CardError as exc:
            log.info("card read failed: %s", exc.reason)
            self._notify(CardReadFailed(reader, exc.reason))
            return
        self._notify(CardInserted(reader, CardHolder(card, photo=card.photo)))

    def _document_found(self, reader: str) -> None:
        log.info("chip document in the reader: waiting for its access data")
        with self._lock:
            self._document_reader = reader
        self._notify(CardNeedsAccess(reader, "icao"))

    def read_document(
        self, access: MrzInformation | Can, progress: DocumentProgress | None = None
    ) -> Future[CardHolder]:
        """See :class:`drivers.card.base.DocumentReader`. The card is connected afresh (powered
        up again), so the read starts from a clean chip whatever happened before."""
        return self._executor.submit(self._read_document, access, progress)

    def _read_document(self, access: MrzInformation | Can, progress: DocumentProgress | None) -> CardHolder:
        from drivers.card.emrtd import load_trust_store, read_document_holder

        with self._lock:
            reader = self._document_reader
        if reader is None:
            error = NoCard("no chip document is waiting in the reader")
            self._notify(CardReadFailed(self._slots.name, error.reason, after_access=True))
            raise error
        if not self._trust_store_loaded:
            self._trust_store = load_trust_store(self._trust_store_path)
            self._trust_store_loaded = True
        try:
            transport = self._slots.connect(reader)
        except CardError as exc:
            self._notify(CardReadFailed(reader, exc.reason, after_access=True))
            raise
        with transport:
            return read_document_holder(
                transport,
                access,
                reader=reader,
                trust_store=self._trust_store,
                notify=self._notify,
                progress=progress,
            )

    # --- for technicians -----------------------------------------------------------------
    @property
    def document_waiting(self) -> bool:
        """A chip document is in a reader, waiting for its access data."""
        with self._lock:
            return self._document_reader is not None

    def readers(self) -> list[str]:
        return [name for name in self._slots.readers() if self._slots.wanted(name)]

    def describe(self) -> str:
        """Readers and the last card's ATR, for technicians (no personal data)."""
        names = self.readers()
        readers = ", ".join(names) if names else "no PC/SC reader found (is pcscd running?)"
        with self._lock:
            atr = self._last_atr
        return f"{readers}; last card ATR: {atr or 'none yet'}"

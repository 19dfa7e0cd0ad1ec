"""PC/SC card readers through pyscard: insert / removal monitoring, the Thai ID card read, and
chip documents (the Vietnamese CCCD) read once the citizen has given their access data.

pyscard's monitor calls back on its own thread; every read runs on this reader's one worker
thread, so a slow card never holds up the monitor. Listeners get, for a Thai ID card,
``CardReading`` → ``CardInserted`` (or ``CardReadFailed``) → ``CardRemovedFromReader``; for an
ICAO 9303 chip (recognised by its contactless ATR or because it selects the eMRTD application),
``CardNeedsAccess`` → (``read_document``) ``CardReading(fraction)``... → ``CardInserted`` or
``CardReadFailed`` → ``CardRemovedFromReader``. Nothing touches PC/SC at import time.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
from drivers.card.thai_id import ThaiIdCard, get_response_p2_for_atr

if TYPE_CHECKING:
    from drivers.card.icao.mrz import MrzInformation
    from drivers.card.icao.pace import Can
    from drivers.card.icao.sod import TrustStore

log = logging.getLogger(__name__)


def list_readers() -> list[str]:
    """Reader names pcscd knows; empty when pcscd is not running."""
    try:
        from smartcard.System import readers

        return [str(reader) for reader in readers()]
    except Exception:  # pcscd down or no PC/SC library: no readers
        return []


def greeting_name(card: ThaiIdCard) -> str:
    """First, middle and last name without the title (the screens add their own polite form)."""
    for name in (card.name_th, card.name_en):
        parts = [part for part in (name.first, name.middle, name.last) if part]
        if parts:
            return " ".join(parts)
    return ""


class PcscCardReader:
    """Watches readers whose name contains ``reader_filter`` (all when empty) for Thai ID cards
    and chip documents. ``trust_store``: the folder of CSCA certificates passive authentication
    checks chip documents against (``None``: not configured, the verdict is ``not_checked``)."""

    def __init__(self, reader_filter: str = "", *, trust_store: Path | None = None) -> None:
        self._filter = reader_filter
        self._trust_store_path = trust_store
        self._trust_store: TrustStore | None = None
        self._trust_store_loaded = False
        self._document_reader: str | None = None
        self._listeners: list[CardListener] = []
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="card-reader")
        self._monitor: Any = None
        self._observer: Any = None
        self._reader_monitor: Any = None
        self._reader_observer: Any = None
        self._last_atr: str | None = None
        self._lock = threading.Lock()

    def subscribe(self, listener: CardListener) -> None:
        self._listeners.append(listener)

    def _notify(self, event: CardEvent) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:
                log.exception("card listener failed on %s", type(event).__name__)

    def _wanted(self, reader: str) -> bool:
        return not self._filter or self._filter in reader

    def start(self) -> None:
        from smartcard.CardMonitoring import CardMonitor, CardObserver

        owner = self

        class Observer(CardObserver):  # type: ignore[misc]
            def update(self, observable: Any, handlers: Any) -> None:
                added, removed = handlers
                for card in removed:
                    reader = str(card.reader)
                    if owner._wanted(reader):
                        owner._executor.submit(owner._removed, reader)
                for card in added:
                    reader = str(card.reader)
                    if owner._wanted(reader):
                        atr = bytes(card.atr).hex(" ").upper()
                        owner._executor.submit(owner._read, reader, atr)

        try:
            self._monitor = CardMonitor()
            self._observer = Observer()
            self._monitor.addObserver(self._observer)
        except Exception as exc:  # pcscd not running: the kiosk works with typed ID numbers
            log.warning("card monitoring unavailable: %s", type(exc).__name__)
            self._monitor = None
        self._watch_readers()

    def _watch_readers(self) -> None:
        """Hot-plug: a reader plugged in or out is reported (technicians, and the doctor's view)."""
        from smartcard.ReaderMonitoring import ReaderMonitor, ReaderObserver

        owner = self

        class Observer(ReaderObserver):  # type: ignore[misc]
            def update(self, observable: Any, handlers: Any) -> None:
                owner.readers_changed(
                    added=[str(r) for r in handlers[0]], removed=[str(r) for r in handlers[1]]
                )

        try:
            self._reader_monitor = ReaderMonitor()
            self._reader_observer = Observer()
            self._reader_monitor.addObserver(self._reader_observer)
        except Exception as exc:
            log.warning("reader monitoring unavailable: %s", type(exc).__name__)
            self._reader_monitor = None

    def readers_changed(self, *, added: list[str], removed: list[str]) -> None:
        """Called on pyscard's monitor thread when readers come or go."""
        if not any(self._wanted(name) for name in (*added, *removed)):
            return
        log.info("readers changed: %d added, %d removed", len(added), len(removed))
        self._executor.submit(self._notify, ReadersChanged(tuple(self.readers())))

    def _removed(self, reader: str) -> None:
        """Worker thread: a card left ``reader``; a chip document waiting there is gone with it."""
        with self._lock:
            if self._document_reader == reader:
                self._document_reader = None
        self._notify(CardRemovedFromReader(reader))

    def _read(self, reader: str, atr: str) -> None:
        """Worker thread: a card went in. A Thai ID card is read at once; a chip document is only
        recognised (it needs the citizen's access data first)."""
        from drivers.card.emrtd import is_contactless_atr, selects_emrtd
        from drivers.card.pcsc_transport import PcscTransport
        from drivers.card.thai_id import read_thai_id

        with self._lock:
            self._last_atr = atr
            self._document_reader = None
        atr_bytes = bytes.fromhex(atr.replace(" ", ""))
        thai_atr = get_response_p2_for_atr(atr_bytes) is not None
        try:
            with PcscTransport.open(reader) as transport:
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
        holder = CardHolder(card.id_number, greeting_name(card), card, photo=card.photo)
        self._notify(CardInserted(reader, holder))

    def _document_found(self, reader: str) -> None:
        log.info("chip document in the reader: waiting for its access data")
        with self._lock:
            self._document_reader = reader
        self._notify(CardNeedsAccess(reader, "icao"))

    def read_document(
        self, access: MrzInformation | Can, progress: DocumentProgress | None = None
    ) -> Future[CardHolder]:
        """See :class:`drivers.card.base.DocumentReader`. The card is connected afresh (exclusive,
        powered up again), so the read starts from a clean chip whatever happened before."""
        return self._executor.submit(self._read_document, access, progress)

    def _read_document(self, access: MrzInformation | Can, progress: DocumentProgress | None) -> CardHolder:
        from drivers.card.emrtd import load_trust_store, read_document_holder
        from drivers.card.pcsc_transport import PcscTransport

        with self._lock:
            reader = self._document_reader
        if reader is None:
            error = NoCard("no chip document is waiting in the reader")
            self._notify(CardReadFailed(self._filter or "", error.reason, after_access=True))
            raise error
        if not self._trust_store_loaded:
            self._trust_store = load_trust_store(self._trust_store_path)
            self._trust_store_loaded = True
        try:
            transport = PcscTransport.open(reader)
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

    def stop(self) -> None:
        if self._reader_monitor is not None and self._reader_observer is not None:
            try:
                self._reader_monitor.deleteObserver(self._reader_observer)
            except Exception:
                log.warning("reader monitor did not stop cleanly")
        self._reader_monitor = None
        if self._monitor is not None and self._observer is not None:
            try:
                self._monitor.deleteObserver(self._observer)
            except Exception:
                log.warning("card monitor did not stop cleanly")
        self._monitor = None
        self._executor.shutdown(wait=True, cancel_futures=True)

    def describe(self) -> str:
        """Readers and the last card's ATR, for technicians (no personal data)."""
        names = [name for name in list_readers() if self._wanted(name)]
        readers = ", ".join(names) if names else "no PC/SC reader found (is pcscd running?)"
        with self._lock:
            atr = self._last_atr
        return f"{readers}; last card ATR: {atr or 'none yet'}"

    def readers(self) -> list[str]:
        return [name for name in list_readers() if self._wanted(name)]

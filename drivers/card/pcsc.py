"""PC/SC card readers through pyscard: the slots :class:`~drivers.card.reader.SmartCardReader`
reads from on a real kiosk.

pyscard's monitors call back on their own thread with cards and readers coming and going;
:class:`PcscSlots` hands them to the reader, and connects to a card with
:class:`~drivers.card.pcsc_transport.PcscTransport`. Nothing touches PC/SC at import time.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from drivers.card.reader import ConnectedCard, SlotEvents, SmartCardReader

log = logging.getLogger(__name__)


def list_readers() -> list[str]:
    """Reader names pcscd knows; empty when pcscd is not running."""
    try:
        from smartcard.System import readers

        return [str(reader) for reader in readers()]
    except Exception:  # pcscd down or no PC/SC library: no readers
        return []


class PcscSlots:
    """The PC/SC readers whose name contains ``reader_filter`` (all when empty)."""

    def __init__(self, reader_filter: str = "") -> None:
        self._filter = reader_filter
        self._monitor: Any = None
        self._observer: Any = None
        self._reader_monitor: Any = None
        self._reader_observer: Any = None

    @property
    def name(self) -> str:
        return self._filter

    def wanted(self, reader: str) -> bool:
        return not self._filter or self._filter in reader

    def readers(self) -> list[str]:
        return list_readers()

    def connect(self, reader: str) -> ConnectedCard:
        from drivers.card.pcsc_transport import PcscTransport

        return PcscTransport.open(reader)

    def watch(self, events: SlotEvents) -> None:
        from smartcard.CardMonitoring import CardMonitor, CardObserver

        slots = self

        class Observer(CardObserver):  # type: ignore[misc]
            def update(self, observable: Any, handlers: Any) -> None:
                added, removed = handlers
                for card in removed:
                    reader = str(card.reader)
                    if slots.wanted(reader):
                        events.card_removed(reader)
                for card in added:
                    reader = str(card.reader)
                    if slots.wanted(reader):
                        events.card_inserted(reader, bytes(card.atr))

        try:
            self._monitor = CardMonitor()
            self._observer = Observer()
            self._monitor.addObserver(self._observer)
        except Exception as exc:  # pcscd not running: the kiosk works with typed ID numbers
            log.warning("card monitoring unavailable: %s", type(exc).__name__)
            self._monitor = None
        self._watch_readers(events)

    def _watch_readers(self, events: SlotEvents) -> None:
        from smartcard.ReaderMonitoring import ReaderMonitor, ReaderObserver

        class Observer(ReaderObserver):  # type: ignore[misc]
            def update(self, observable: Any, handlers: Any) -> None:
                events.readers_changed(
                    added=[str(r) for r in handlers[0]], removed=[str(r) for r in handlers[1]]
                )

        try:
            self._reader_monitor = ReaderMonitor()
            self._reader_observer = Observer()
            self._reader_monitor.addObserver(self._reader_observer)
        except Exception as exc:
            log.warning("reader monitoring unavailable: %s", type(exc).__name__)
            self._reader_monitor = None

    def unwatch(self) -> None:
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


class PcscCardReader(SmartCardReader):
    """The card reader over the PC/SC readers whose name contains ``reader_filter`` (all when
    empty). ``trust_store``: see :class:`~drivers.card.reader.SmartCardReader`."""

    def __init__(self, reader_filter: str = "", *, trust_store: Path | None = None) -> None:
        super().__init__(PcscSlots(reader_filter), trust_store=trust_store)

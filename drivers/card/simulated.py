"""An in-process simulated reader: a technician or a test inserts and removes a card by hand.

It stands in for a reader in ``--simulate`` mode until the PC/SC layer exists. Events are
delivered on a thread of the simulator's own, like a real reader monitor would.
"""

from __future__ import annotations

import threading

from drivers.card.base import CardEvent, CardHolder, CardInserted, CardListener, CardRemovedFromReader

READER_NAME = "Simulated reader 0"


class SimulatedCardReader:
    def __init__(self) -> None:
        self._listeners: list[CardListener] = []
        self._holder: CardHolder | None = None
        self._running = False
        self._lock = threading.Lock()

    def subscribe(self, listener: CardListener) -> None:
        self._listeners.append(listener)

    def start(self) -> None:
        self._running = True

    def stop(self) -> None:
        self._running = False

    @property
    def card_present(self) -> bool:
        return self._holder is not None

    def describe(self) -> str:
        state = "card present" if self._holder is not None else "no card"
        return f"{READER_NAME} ({state})"

    def _deliver(self, event: CardEvent) -> None:
        if not self._running:
            return
        thread = threading.Thread(target=self._notify, args=(event,), name="card-reader", daemon=True)
        thread.start()
        thread.join()

    def _notify(self, event: CardEvent) -> None:
        for listener in list(self._listeners):
            listener(event)

    def insert(self, holder: CardHolder) -> None:
        with self._lock:
            self._holder = holder
        self._deliver(CardInserted(READER_NAME, holder))

    def remove(self) -> None:
        with self._lock:
            if self._holder is None:
                return
            self._holder = None
        self._deliver(CardRemovedFromReader(READER_NAME))

"""Blocking work off the GUI thread: a flow's job runs on a pool thread, its result comes back queued."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from kiosk.flows.engine import Event, outcome_of


class _Relay(QObject):
    finished = Signal(object, object)  # token, Event


class _Job(QRunnable):
    def __init__(self, token: object, job: Callable[[], object], relay: _Relay) -> None:
        super().__init__()
        self._token = token
        self._job = job
        self._relay = relay

    def run(self) -> None:
        self._relay.finished.emit(self._token, outcome_of(self._job))


class JobRunner(QObject):
    """Runs one job at a time per token. ``job_finished(token, event)`` arrives on the GUI thread."""

    job_finished = Signal(object, object)

    def __init__(self) -> None:
        super().__init__()
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(2)
        self._relay = _Relay()
        self._relay.finished.connect(self._deliver)
        self._running: set[Hashable] = set()
        self.worker_threads: set[int] = set()

    def start(self, token: Hashable, job: Callable[[], object]) -> bool:
        """Starts ``job`` unless one for an equal ``token`` is already running; returns whether it started.

        This is what keeps a double tap or a repeated render from issuing two tickets.
        """
        if token in self._running:
            return False
        self._running.add(token)

        def tracked() -> object:
            self.worker_threads.add(threading.get_ident())
            return job()

        self._pool.start(_Job(token, tracked, self._relay))
        return True

    def _deliver(self, token: Hashable, event: Event) -> None:
        self._running.discard(token)
        self.job_finished.emit(token, event)

    def busy(self) -> bool:
        return bool(self._running)

    def wait(self, timeout_ms: int = 10_000) -> bool:
        return self._pool.waitForDone(timeout_ms)

"""The fingerprint module as a kiosk service: every serial exchange on one worker thread.

``FingerprintService`` owns the module's one worker thread (DESIGN "Devices"): the GUI thread
and the flows never touch the serial port; they submit jobs and get a ``Future`` (or block
on :meth:`FingerprintService.call` from a job runner's thread). The scanner is opened on the
worker thread when first needed and opened again after the port failed (an adapter pulled
out and put back).

Captures for the product go through :meth:`capture_template` (assisted enrollment: two
captures checked against each other by the module, merged, and the template brought to the
host) and :meth:`test_capture` (technicians: the same, keeping nothing). The module's library
is only a scratch pad: the page used is deleted at once, so no citizen's template stays on
the module. Templates leave this service only as the ``bytes`` of a :class:`CapturedFinger`
whose ``repr`` hides them; nothing here logs them.

In ``--simulate`` the kiosk starts a :class:`~drivers.fingerprint.simulator.VirtualFingerprintModule`
on a pty and a :class:`ScriptedFinger` that puts a finger on it when asked to, like a person.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from drivers.fingerprint.base import (
    DEFAULT_CAPTURE_TIMEOUT_S,
    LIFT_FINGER,
    PLACE_FINGER,
    FingerprintScanner,
    ModuleInfo,
    ProgressCallback,
    VerifyResult,
)
from drivers.fingerprint.errors import FingerprintError, ModuleNotResponding, PortUnavailable

if TYPE_CHECKING:
    from drivers.fingerprint.simulator import Quality, VirtualFingerprintModule

log = logging.getLogger(__name__)

T = TypeVar("T")
ScannerFactory = Callable[[], FingerprintScanner]

_REOPEN_AFTER = (PortUnavailable, ModuleNotResponding)
"""Failures after which the port is closed and opened afresh for the next job."""


class NoFingerprintModule(PortUnavailable):
    """No module is configured on this kiosk (``devices.fingerprint_port`` is empty)."""

    reason = "no_fingerprint_module"
    default_message = "no fingerprint module is configured"


@dataclass(frozen=True)
class CapturedFinger:
    """A finger captured twice, the captures matched against each other by the module.

    ``score`` is the module's match score of the captures; ``template`` the merged template
    (biometric data, empty for a device test); ``template_count`` the templates on the module
    afterwards (0 unless something else stores templates there)."""

    score: int
    template: bytes = field(repr=False)
    template_count: int

    def __repr__(self) -> str:
        return f"CapturedFinger(score={self.score}, template=<{len(self.template)} bytes>, template_count={self.template_count})"


class FingerprintService:
    """The fingerprint module behind one worker thread. Thread: any (jobs run on the worker)."""

    def __init__(
        self,
        open_scanner: ScannerFactory | None,
        *,
        capture_timeout_s: float = DEFAULT_CAPTURE_TIMEOUT_S,
        finger: ProgressCallback | None = None,
        description: str = "",
    ) -> None:
        """``open_scanner`` opens the module (``None``: no module configured). ``finger`` is told
        every progress key before the caller's callback (the simulated citizen's hand)."""
        self._open_scanner = open_scanner
        self.capture_timeout_s = capture_timeout_s
        """Seconds each placing (or lifting) of the finger is waited for."""
        self._finger = finger
        self._description = description
        self._scanner: FingerprintScanner | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fingerprint")
        self._closed = False
        self._lock = threading.Lock()
        self._waiting: set[threading.Event] = set()
        self.worker_threads: set[int] = set()
        """Threads the module's jobs ran on (tests check it is one, never the caller's)."""

    @property
    def configured(self) -> bool:
        return self._open_scanner is not None

    def describe(self) -> str:
        """Where the module is, for technicians (a port name, no data)."""
        return self._description or ("not configured" if self._open_scanner is None else "")

    # -- the worker thread -------------------------------------------------------------------

    def submit(self, job: Callable[[FingerprintScanner], T]) -> Future[T]:
        """Runs ``job(scanner)`` on the worker thread, opening the scanner first if needed."""
        return self._executor.submit(self._run, job)

    def call(self, job: Callable[[FingerprintScanner], T]) -> T:
        """Runs ``job`` on the worker thread and waits for it (never from the GUI thread)."""
        return self.submit(job).result()

    def _run(self, job: Callable[[FingerprintScanner], T]) -> T:
        self.worker_threads.add(threading.get_ident())
        scanner = self._scanner_now()
        try:
            return job(scanner)
        except _REOPEN_AFTER:
            self._drop_scanner()
            raise

    def _scanner_now(self) -> FingerprintScanner:
        if self._scanner is None:
            if self._open_scanner is None:
                raise NoFingerprintModule()
            self._scanner = self._open_scanner()
            log.info("fingerprint module opened")
        return self._scanner

    def _drop_scanner(self) -> None:
        scanner, self._scanner = self._scanner, None
        if scanner is not None:
            scanner.close()
            log.warning("fingerprint module closed after a port failure; it is opened again when next used")

    # -- jobs ------------------------------------------------------------------------------

    def info(self) -> ModuleInfo:
        """Blocking: capacity, security level, template count (technicians)."""
        return self.call(lambda scanner: scanner.info())

    def capture_template(
        self, *, cancel: threading.Event | None = None, on_progress: ProgressCallback | None = None
    ) -> CapturedFinger:
        """Blocking: two captures, matched against each other and merged by the module; the
        template is brought to the host and its scratch page deleted.

        Raises the driver's typed errors: ``TooMessy`` / ``TooFewFeatures`` / ``ImageFailed``
        (a capture was not good enough), ``MergeFailed`` (the captures do not match),
        ``CaptureTimedOut``, ``CaptureCancelled``, and the technician's errors."""
        with self._cancellable(cancel) as stop:
            return self.call(lambda scanner: self._enroll(scanner, stop, on_progress, keep=True))

    def test_capture(
        self, *, cancel: threading.Event | None = None, on_progress: ProgressCallback | None = None
    ) -> CapturedFinger:
        """Blocking: :meth:`capture_template` for a technician's test; nothing is kept."""
        with self._cancellable(cancel) as stop:
            return self.call(lambda scanner: self._enroll(scanner, stop, on_progress, keep=False))

    def verify_template(
        self,
        template: bytes,
        *,
        cancel: threading.Event | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> VerifyResult:
        """Blocking: one capture compared 1:1 with ``template`` (e.g. from the server), which is
        put on a scratch page for the comparison and deleted afterwards."""

        def job(scanner: FingerprintScanner) -> VerifyResult:
            page = _free_page(scanner)
            scanner.upload_template(template, page)
            try:
                return scanner.verify(
                    page,
                    timeout_s=self.capture_timeout_s,
                    cancel=stop,
                    on_progress=self._progress(on_progress),
                )
            finally:
                _delete_quietly(scanner, page)

        with self._cancellable(cancel) as stop:
            return self.call(job)

    @contextlib.contextmanager
    def _cancellable(self, cancel: threading.Event | None) -> Iterator[threading.Event]:
        """``cancel`` (or a new event) registered so that :meth:`close` stops a waiting capture."""
        event = cancel if cancel is not None else threading.Event()
        with self._lock:
            if self._closed:
                event.set()
            self._waiting.add(event)
        try:
            yield event
        finally:
            with self._lock:
                self._waiting.discard(event)

    def _enroll(
        self,
        scanner: FingerprintScanner,
        cancel: threading.Event | None,
        on_progress: ProgressCallback | None,
        *,
        keep: bool,
    ) -> CapturedFinger:
        enrolled = scanner.enroll(
            2, timeout_s=self.capture_timeout_s, cancel=cancel, on_progress=self._progress(on_progress)
        )
        try:
            template = scanner.download_template(enrolled.page) if keep else b""
        finally:
            _delete_quietly(scanner, enrolled.page)
        return CapturedFinger(
            score=enrolled.score, template=template, template_count=scanner.template_count()
        )

    def _progress(self, on_progress: ProgressCallback | None) -> ProgressCallback:
        finger = self._finger

        def report(key: str) -> None:
            if finger is not None:
                finger(key)
            if on_progress is not None:
                on_progress(key)

        return report

    def close(self) -> None:
        """Stops the worker (after the running job) and releases the port; safe to call twice."""
        if self._closed:
            return
        with self._lock:
            self._closed = True
            for event in self._waiting:  # a capture waiting for a finger stops now, not at its timeout
                event.set()
        self._executor.submit(self._drop_scanner)
        self._executor.shutdown(wait=True, cancel_futures=True)


def _free_page(scanner: FingerprintScanner) -> int:
    """The first unused page of the library (``BadPage`` when full)."""
    from drivers.fingerprint.errors import BadPage

    capacity = scanner.info().capacity
    index_pages = (capacity + 255) // 256
    for index_page in range(index_pages):
        used = set(scanner.index_table(index_page))
        for page in range(index_page * 256, min(capacity, (index_page + 1) * 256)):
            if page not in used:
                return page
    raise BadPage("the template library is full")


def _delete_quietly(scanner: FingerprintScanner, page: int) -> None:
    """Deletes a scratch page; a failure is logged (page number only) and not raised over the
    job's own outcome: the next capture's scratch page is another one, and the technician's
    test shows the count."""
    try:
        scanner.delete(page)
    except FingerprintError as exc:
        log.warning("scratch page %d could not be deleted (%s)", page, exc.reason)


class ScriptedFinger:
    """A simulated citizen at a :class:`VirtualFingerprintModule`: when the scanner asks for a
    finger the next scripted finger is put on the sensor (after ``delay_s``, so a screen shows
    "place your finger" for a moment); when it asks to lift, the finger is lifted.

    The script is a queue of ``(identity, quality)``; when it runs out, ``default`` is used.
    A new request for a finger first lifts whatever lies on the sensor (a person lifts a
    smudged finger before trying again). Thread: called on the fingerprint worker thread;
    :meth:`queue` may be called from any thread."""

    def __init__(
        self,
        module: VirtualFingerprintModule,
        *,
        default: tuple[str, Quality] | None = ("demo-citizen", "good"),
        delay_s: float = 0.0,
    ) -> None:
        self._module = module
        self.default = default
        """The finger placed when the script is empty (``None``: no finger comes)."""
        self.delay_s = delay_s
        """Seconds between the request for a finger and the finger on the sensor."""
        self._script: deque[tuple[str, Quality]] = deque()
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self.placed: list[tuple[str, str]] = []
        """Every finger put on the sensor, in order (tests)."""
        self.requests = 0
        """Requests for a finger handled so far: a script placing fingers by hand waits for the
        request first, or the request's lift would take its finger away again."""

    def queue(self, fingers: Iterable[tuple[str, Quality]]) -> None:
        """Adds fingers to the script, to be placed one per request in this order."""
        with self._lock:
            self._script.extend(fingers)

    def clear(self) -> None:
        with self._lock:
            self._script.clear()

    def __call__(self, key: str) -> None:
        if key == LIFT_FINGER:
            self._cancel_timer()
            self._module.lift()
        elif key == PLACE_FINGER:
            self._cancel_timer()
            self._module.lift()
            with self._lock:
                finger = self._script.popleft() if self._script else self.default
                self.requests += 1
            if finger is None:
                return
            if self.delay_s > 0:
                timer = threading.Timer(self.delay_s, self._place, args=finger)
                timer.daemon = True
                self._timer = timer
                timer.start()
            else:
                self._place(*finger)

    def _place(self, identity: str, quality: Quality) -> None:
        self.placed.append((identity, quality))
        self._module.place(identity, quality)

    def _cancel_timer(self) -> None:
        timer, self._timer = self._timer, None
        if timer is not None:
            timer.cancel()

"""The fingerprint-scanner interface: captures, 1:1 and 1:N matching, the template library.

A scanner is a ZFM / R30x / AS608-style module: it takes an image, turns it into a character
file in one of two character buffers (1 and 2), compares or merges the buffers, and keeps
templates in a library of numbered pages. Templates are biometric data: they only ever leave
the driver as the ``bytes`` of ``download_template``; no result, error, repr or log line holds
them.

Failures are :class:`drivers.fingerprint.errors.FingerprintError` subclasses with a stable
``reason`` key. Every method blocks on the serial line. Thread: the fingerprint worker thread
only (progress callbacks run on it too; a Qt layer hands them on as queued signals).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

ProgressCallback = Callable[[str], None]
"""Called with a progress key the screen turns into an instruction for the citizen."""

PLACE_FINGER = "place_finger"
"""Progress: waiting for a finger on the sensor."""
LIFT_FINGER = "lift_finger"
"""Progress: waiting for the finger to leave the sensor (between enrollment captures)."""

DEFAULT_CAPTURE_TIMEOUT_S = 15.0
"""How long ``enroll`` and ``verify`` wait for each placing (or lifting) of the finger."""


@dataclass(frozen=True)
class ModuleInfo:
    """What the module says of itself (ReadSysPara and TemplateNum)."""

    template_count: int
    """Templates stored in the library now."""
    capacity: int
    """Pages in the template library (0 .. capacity - 1)."""
    security_level: int
    """Matching threshold level, 1 (lenient) to 5 (strict)."""
    baud: int
    """The module's configured serial speed."""
    packet_size: int
    """Payload bytes per data packet (32, 64, 128 or 256)."""
    address: int
    """The module's 32-bit address."""


@dataclass(frozen=True)
class EnrollResult:
    """A finger stored in the library: its page and how well the captures matched each other."""

    page: int
    score: int


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of a verification: ``page`` is the page compared (1:1) or found (1:N;
    ``None`` when nothing matched); ``score`` is 0 when not matched."""

    matched: bool
    page: int | None
    score: int


@dataclass(frozen=True)
class SearchResult:
    """A library search hit: the matching page and the match score."""

    page: int
    score: int


class FingerprintScanner(Protocol):
    """A fingerprint module. Thread: the fingerprint worker thread only (all methods block)."""

    def info(self) -> ModuleInfo:
        """Capacity, security level, packet size, baud, address and the stored template count."""
        ...

    def capture(
        self,
        buffer: int,
        *,
        timeout_s: float,
        cancel: threading.Event | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> None:
        """Waits for a finger (``on_progress("place_finger")``), takes its image and turns it into
        a character file in ``buffer`` (1 or 2).

        Raises ``CaptureCancelled`` when ``cancel`` is set, ``CaptureTimedOut`` when no finger
        comes within ``timeout_s``, and ``ImageFailed`` / ``TooMessy`` / ``TooFewFeatures`` when
        the image is not good enough (the citizen places the finger again)."""
        ...

    def match(self) -> int:
        """The match score of character buffers 1 and 2; raises ``NoMatch`` when they differ."""
        ...

    def enroll(
        self,
        captures: int = 2,
        *,
        page: int | None = None,
        timeout_s: float = DEFAULT_CAPTURE_TIMEOUT_S,
        cancel: threading.Event | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> EnrollResult:
        """Captures the finger ``captures`` times (the finger is lifted in between), checks the
        captures match each other (``MergeFailed`` otherwise), merges them into a template and
        stores it in ``page`` (the first free page when ``None``). ``timeout_s`` is per placing."""
        ...

    def verify(
        self,
        page: int | None = None,
        *,
        timeout_s: float = DEFAULT_CAPTURE_TIMEOUT_S,
        cancel: threading.Event | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> VerifyResult:
        """Captures the finger and compares it with the template in ``page`` (1:1), or searches
        the whole library (1:N) when ``page`` is ``None``. Not matching is a result, not an
        error; a bad capture raises as in :meth:`capture`."""
        ...

    def search(self, buffer: int = 1, *, start_page: int = 0, count: int | None = None) -> SearchResult:
        """Searches ``count`` pages from ``start_page`` (the rest of the library when ``None``)
        for the character file in ``buffer``; raises ``NotFound`` when nothing matches."""
        ...

    def download_template(self, page: int) -> bytes:
        """The template stored in ``page``, module to host. Biometric data: encrypt at rest."""
        ...

    def upload_template(self, template: bytes, page: int) -> None:
        """Stores ``template`` (from :meth:`download_template`) in ``page``, host to module."""
        ...

    def delete(self, page: int, count: int = 1) -> None:
        """Deletes ``count`` templates from ``page`` on."""
        ...

    def empty(self) -> None:
        """Deletes every template in the library."""
        ...

    def template_count(self) -> int:
        """How many templates the library holds."""
        ...

    def index_table(self, index_page: int = 0) -> list[int]:
        """The used pages among the 256 pages ``index_page`` covers (page numbers, ascending)."""
        ...

    def led(self, on: bool) -> None:
        """Turns the sensor's light on or off where the module supports it (``ModuleError``
        where it does not)."""
        ...

    def close(self) -> None:
        """Releases the serial port; safe to call twice."""
        ...

"""The receipt-printer interface and its typed errors."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

from drivers.printer.layout import Block, SlipRenderer

if TYPE_CHECKING:
    from PIL import Image  # imported where a slip is drawn, not at start-up


class PrinterError(Exception):
    """Base of printer failures; ``reason`` is a stable key the kiosk maps to a citizen message."""

    reason = "printer_error"


class PrinterURIError(PrinterError):
    """The printer URI (the printer setting) names no printer this driver can reach: a configuration
    error, raised when the printer is built, never at a job."""

    reason = "printer_uri"


class PrinterOffline(PrinterError):
    reason = "printer_offline"


class PaperOut(PrinterError):
    reason = "paper_out"


class PrintInterrupted(PrinterError):
    """The line broke while a job's bytes were being sent: part of it may be on paper."""

    reason = "print_interrupted"


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer says of itself; ``paper`` is ``unknown`` where the transport cannot read back."""

    online: bool
    paper: Literal["ok", "near_end", "out", "unknown"]


class ReceiptPrinter(Protocol):
    """A thermal printer. Thread: call from the printer's worker thread only (blocking I/O)."""

    @property
    def paper_width_px(self) -> int:
        """Printable dots across the paper (576 for 80 mm, 384 for 58 mm)."""
        ...

    def print_image(self, image: Image.Image) -> int:
        """Prints a rendered slip followed by a cut; returns the number of bytes sent."""
        ...

    def compose(self, blocks: Sequence[Block], renderer: SlipRenderer) -> bytes:
        """The printer's command bytes for a slip, in the printer's mode (pure; no I/O)."""
        ...

    def send(self, data: bytes) -> int:
        """Sends one job. ``PaperOut`` / ``PrinterOffline``: nothing was sent (try again later).
        ``PrintInterrupted``: part of it may have been printed (never resend on its own)."""
        ...

    def status(self) -> PrinterStatus:
        """Asks the printer for its state (DLE EOT) where the transport reads back."""
        ...

    def check(self) -> None:
        """Raises a :class:`PrinterError` if the printer cannot print now."""
        ...

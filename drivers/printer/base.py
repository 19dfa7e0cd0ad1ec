"""The receipt-printer interface and its typed errors."""

from __future__ import annotations

from typing import Protocol

from PIL import Image


class PrinterError(Exception):
    """Base of printer failures; ``reason`` is a stable key the kiosk maps to a citizen message."""

    reason = "printer_error"


class PrinterOffline(PrinterError):
    reason = "printer_offline"


class PaperOut(PrinterError):
    reason = "paper_out"


class ReceiptPrinter(Protocol):
    """A thermal printer. Thread: call from the printer's worker thread only (blocking I/O)."""

    @property
    def paper_width_px(self) -> int:
        """Printable dots across the paper (576 for 80 mm, 384 for 58 mm)."""
        ...

    def print_image(self, image: Image.Image) -> int:
        """Prints a rendered slip followed by a cut; returns the number of bytes sent."""
        ...

    def check(self) -> None:
        """Raises a :class:`PrinterError` if the printer cannot print now."""
        ...

"""Printing slips: render, keep a preview PNG, send to the printer; a paper problem never loses the ticket."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from drivers.printer.base import PrinterError, ReceiptPrinter
from drivers.printer.layout import Block, SlipFonts, SlipRenderer

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PrintOutcome:
    printed: bool
    problem: str | None
    preview: Path | None
    bytes_sent: int


class SlipPrinting:
    """Thread: the printer's worker (blocking I/O). Previews go to ``preview_dir`` as PNG."""

    def __init__(self, printer: ReceiptPrinter, fonts: SlipFonts, preview_dir: Path) -> None:
        self._printer = printer
        self._renderer = SlipRenderer(fonts, printer.paper_width_px)
        self._preview_dir = preview_dir

    @property
    def printer(self) -> ReceiptPrinter:
        return self._printer

    def print_slip(self, blocks: list[Block], *, name: str) -> PrintOutcome:
        image = self._renderer.render(blocks)
        self._preview_dir.mkdir(parents=True, exist_ok=True)
        preview = self._preview_dir / f"{name}.png"
        image.save(preview)
        try:
            sent = self._printer.print_image(image)
        except PrinterError as exc:
            log.warning("slip %s not printed: %s", name, exc.reason)
            return PrintOutcome(printed=False, problem=exc.reason, preview=preview, bytes_sent=0)
        return PrintOutcome(printed=True, problem=None, preview=preview, bytes_sent=sent)

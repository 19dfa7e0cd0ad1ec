"""ESC/POS printers: commands built by python-escpos, sent over the transport the URI names.

The URI is read once, when the printer is built, into a :class:`PrinterTransport` (see
:mod:`drivers.printer.transports` for the schemes); this class talks only to that interface.
Each job opens its own line, never at import or on attribute access.

Where the transport reads back (TCP, serial) the printer is asked for its state (DLE EOT 1
and 4) on the job's own line before any byte of the job is sent, so a printer without
paper never receives half a slip.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from drivers.printer.base import PaperOut, PrinterError, PrinterOffline, PrinterStatus
from drivers.printer.compose import PrinterProfile, compose_job, new_dummy, raster_bands
from drivers.printer.layout import Block, SlipRenderer
from drivers.printer.transports import (
    UNKNOWN_STATUS,
    DummyTransport,
    PrinterTransport,
    parse_status,
    transport_for_uri,
)

if TYPE_CHECKING:
    from PIL import Image  # imported where a slip is drawn, not at start-up

__all__ = ["PAPER_WIDTH_PX", "EscposPrinter", "escpos_job", "parse_status"]

PAPER_WIDTH_PX = {80: 576, 58: 384}


def escpos_job(image: Image.Image, cache_dir: Path | None = None) -> bytes:
    """The ESC/POS bytes of one image: initialise, raster image (GS v 0), feed and cut."""
    dummy = new_dummy(cache_dir, image.width)
    dummy.hw("INIT")
    dummy._raw(raster_bands(image))
    dummy.cut(mode="PART", feed=True)
    data: bytes = dummy.output
    return data


class EscposPrinter:
    """A thermal printer reached through ``uri``. Thread: the printer's worker thread.

    Raises :class:`PrinterError` at construction for an unsupported paper width, and
    :class:`~drivers.printer.base.PrinterURIError` for a URI that names no usable printer.
    """

    def __init__(
        self, uri: str, *, paper_width_mm: int, home: Path, profile: PrinterProfile | None = None
    ) -> None:
        self.profile = profile or PrinterProfile()
        if paper_width_mm not in PAPER_WIDTH_PX:
            raise PrinterError(f"Paper width {paper_width_mm} mm is not supported (58 or 80).")
        self._uri = uri
        self._home = home
        self._width_px = PAPER_WIDTH_PX[paper_width_mm]
        self._transport = transport_for_uri(uri, home=home)

    @property
    def uri(self) -> str:
        return self._uri

    @property
    def paper_width_px(self) -> int:
        return self._width_px

    @property
    def transport(self) -> PrinterTransport:
        return self._transport

    @property
    def sent(self) -> list[bytes]:
        """The jobs a ``dummy:`` printer kept, oldest first; empty for every other transport."""
        return self._transport.sent if isinstance(self._transport, DummyTransport) else []

    # --- status -------------------------------------------------------------------------
    @staticmethod
    def _refuse_unless_ready(status: PrinterStatus) -> None:
        # Paper first: printers also report themselves offline when they stop at paper end.
        if status.paper == "out":
            raise PaperOut("The printer is out of paper.")
        if not status.online:
            raise PrinterOffline("The printer is offline (cover open or error).")

    def status(self) -> PrinterStatus:
        if not self._transport.reads_back:
            return UNKNOWN_STATUS
        with self._transport.open() as line:
            return line.ask_status()

    def check(self) -> None:
        self._transport.check()
        self._refuse_unless_ready(self.status())

    # --- jobs ---------------------------------------------------------------------------
    def compose(self, blocks: Sequence[Block], renderer: SlipRenderer) -> bytes:
        if renderer.width_px > self._width_px:
            raise PrinterError(f"Slip is {renderer.width_px} px wide; the paper takes {self._width_px}.")
        return compose_job(blocks, renderer, self.profile, cache_dir=self._home / "cache")

    def print_image(self, image: Image.Image) -> int:
        """Prints one ready image (test pages, technicians' tools)."""
        if image.width > self._width_px:
            raise PrinterError(f"Slip is {image.width} px wide; the paper takes {self._width_px}.")
        return self.send(escpos_job(image, self._home / "cache"))

    def send(self, data: bytes) -> int:
        # The state is asked on the job's own line: a printer that answers "no paper" gets no byte of it.
        with self._transport.open() as line:
            self._refuse_unless_ready(line.ask_status())
            line.send(data)
        return len(data)

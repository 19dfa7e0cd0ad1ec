"""ESC/POS printers: commands built by python-escpos, sent over the transport the URI names.

Supported here: ``file://PATH`` (a device node such as ``/dev/usb/lp0``, or a spool file;
relative paths are under the kiosk's home), ``tcp://HOST:PORT`` (network printers, port 9100)
and ``dummy:`` (kept in memory, for tests and previews). Opened per job, never at import.

Over TCP the printer is asked for its state (DLE EOT 1 and 4) on the job's own connection
before any byte of the job is sent, so a printer without paper never receives half a slip.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from PIL import Image

from drivers.printer.base import PaperOut, PrinterError, PrinterOffline, PrinterStatus, PrintInterrupted
from drivers.printer.compose import PrinterProfile, compose_job, new_dummy
from drivers.printer.layout import Block, SlipRenderer

PAPER_WIDTH_PX = {80: 576, 58: 384}
DLE_EOT_PRINTER = b"\x10\x04\x01"  # transmit printer status
DLE_EOT_PAPER = b"\x10\x04\x04"  # transmit roll paper sensor status
STATUS_TIMEOUT_S = 2.0
OFFLINE_BIT = 0x08  # printer status: bit 3 set = offline
PAPER_END_BITS = 0x60  # paper sensor: bits 5 and 6 set = roll paper end
PAPER_NEAR_END_BITS = 0x0C  # paper sensor: bits 2 and 3 set = roll paper near end


def escpos_job(image: Image.Image, cache_dir: Path | None = None) -> bytes:
    """The ESC/POS bytes of one image: initialise, raster image (GS v 0), feed and cut."""
    dummy = new_dummy(cache_dir, image.width)
    dummy.hw("INIT")
    dummy.image(image, impl="bitImageRaster", center=False)
    dummy.cut(mode="PART", feed=True)
    data: bytes = dummy.output
    return data


def parse_status(printer_byte: int | None, paper_byte: int | None) -> PrinterStatus:
    """Reads the DLE EOT 1 and DLE EOT 4 answers (``None``: the printer did not answer)."""
    online = printer_byte is None or not printer_byte & OFFLINE_BIT
    if paper_byte is None:
        return PrinterStatus(online=online, paper="unknown")
    if paper_byte & PAPER_END_BITS == PAPER_END_BITS:
        return PrinterStatus(online=online, paper="out")
    if paper_byte & PAPER_NEAR_END_BITS == PAPER_NEAR_END_BITS:
        return PrinterStatus(online=online, paper="near_end")
    return PrinterStatus(online=online, paper="ok")


def _read_byte(connection: socket.socket) -> int | None:
    try:
        answer = connection.recv(1)
    except TimeoutError:
        return None
    return answer[0] if answer else None


class EscposPrinter:
    """A thermal printer reached through ``uri``. Thread: the printer's worker thread."""

    def __init__(
        self, uri: str, *, paper_width_mm: int, home: Path, profile: PrinterProfile | None = None
    ) -> None:
        self.profile = profile or PrinterProfile()
        if paper_width_mm not in PAPER_WIDTH_PX:
            raise PrinterError(f"Paper width {paper_width_mm} mm is not supported (58 or 80).")
        self._uri = uri
        self._home = home
        self._width_px = PAPER_WIDTH_PX[paper_width_mm]
        parts = urlsplit(uri)
        if parts.scheme not in {"file", "tcp", "dummy"}:
            raise PrinterError(f"Printer URI '{uri}' is not supported here (file://, tcp:// or dummy:).")
        self._scheme = parts.scheme
        self.sent: list[bytes] = []

    @property
    def uri(self) -> str:
        return self._uri

    @property
    def paper_width_px(self) -> int:
        return self._width_px

    def _file_path(self) -> Path:
        parts = urlsplit(self._uri)
        raw = (parts.netloc + parts.path) if parts.netloc else parts.path
        path = Path(raw)
        return path if path.is_absolute() else self._home / path

    def _address(self) -> tuple[str, int]:
        parts = urlsplit(self._uri)
        if not parts.hostname:
            raise PrinterError(f"Printer URI '{self._uri}' names no host.")
        return parts.hostname, parts.port or 9100

    def _connect(self) -> socket.socket:
        try:
            connection = socket.create_connection(self._address(), timeout=10)
        except OSError as exc:
            raise PrinterOffline(f"Printer at {self._uri} does not answer: {exc}.") from exc
        return connection

    def _query(self, connection: socket.socket) -> PrinterStatus:
        try:
            connection.settimeout(STATUS_TIMEOUT_S)
            connection.sendall(DLE_EOT_PRINTER)
            printer_byte = _read_byte(connection)
            paper_byte = None
            if printer_byte is not None:  # a printer that ignores status queries is not asked twice
                connection.sendall(DLE_EOT_PAPER)
                paper_byte = _read_byte(connection)
            connection.settimeout(10)
        except OSError as exc:
            raise PrinterOffline(f"Printer at {self._uri} dropped the line: {exc}.") from exc
        return parse_status(printer_byte, paper_byte)

    @staticmethod
    def _refuse_unless_ready(status: PrinterStatus) -> None:
        if not status.online:
            raise PrinterOffline("The printer is offline (cover open or error).")
        if status.paper == "out":
            raise PaperOut("The printer is out of paper.")

    def status(self) -> PrinterStatus:
        if self._scheme != "tcp":
            return PrinterStatus(online=True, paper="unknown")
        with self._connect() as connection:
            return self._query(connection)

    def check(self) -> None:
        if self._scheme == "file":
            path = self._file_path()
            if path.is_relative_to(self._home):
                path.parent.mkdir(parents=True, exist_ok=True)  # a spool file of the kiosk's own
            target = path if path.exists() else path.parent
            if not target.exists() or not os.access(target, os.W_OK):
                raise PrinterOffline(f"Printer path {path} is not writable.")
        elif self._scheme == "tcp":
            self._refuse_unless_ready(self.status())

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
        if self._scheme == "tcp":
            with self._connect() as connection:
                self._refuse_unless_ready(self._query(connection))
                try:
                    connection.sendall(data)
                except OSError as exc:
                    raise PrintInterrupted(f"The line to {self._uri} broke mid-job: {exc}.") from exc
            return len(data)
        if self._scheme == "file":
            path = self._file_path()
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                device = path.open("ab")
            except OSError as exc:
                raise PrinterOffline(f"Printer path {path} cannot be opened: {exc}.") from exc
            try:
                with device:
                    device.write(data)
                    device.flush()
                    os.fsync(device.fileno())
            except OSError as exc:
                raise PrintInterrupted(f"Writing to {path} failed: {exc}.") from exc
            return len(data)
        self.sent.append(data)
        return len(data)

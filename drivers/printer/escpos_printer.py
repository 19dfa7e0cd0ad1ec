"""ESC/POS printers: commands built by python-escpos, sent over the transport the URI names.

``tcp://HOST:PORT`` (network printers, port 9100), ``serial:///dev/ttyUSB0?baudrate=19200``
(pyserial), ``usb://VID:PID`` (python-escpos's USB backend, pyusb), ``cups://QUEUE`` (the CUPS
``lp`` command, raw), ``file://PATH`` (a device node such as ``/dev/usb/lp0``, or a spool file;
relative paths are under the kiosk's home) and ``dummy:`` (kept in memory, for tests and
previews). Opened per job, never at import or on attribute access.

Where the transport reads back (TCP, serial) the printer is asked for its state (DLE EOT 1
and 4) on the job's own connection before any byte of the job is sent, so a printer without
paper never receives half a slip.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from PIL import Image

from drivers.printer.base import PaperOut, PrinterError, PrinterOffline, PrinterStatus, PrintInterrupted
from drivers.printer.compose import PrinterProfile, compose_job, new_dummy, raster_bands
from drivers.printer.layout import Block, SlipRenderer

if TYPE_CHECKING:
    import serial

PAPER_WIDTH_PX = {80: 576, 58: 384}
SERIAL_BAUDRATES = (2400, 4800, 9600, 19200, 38400, 57600, 115200)
SERIAL_WRITE_TIMEOUT_S = 60.0  # a 50 KB raster slip takes about 26 s at 19200 baud
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
    dummy._raw(raster_bands(image))
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
    """One status byte; ``None`` if the printer stays silent (some never answer)."""
    try:
        answer = connection.recv(1)
    except TimeoutError:
        return None
    if not answer:
        raise PrinterOffline("The printer closed the connection.")
    return answer[0]


class EscposPrinter:
    """A thermal printer reached through ``uri``. Thread: the printer's worker thread."""

    SCHEMES = ("tcp", "serial", "usb", "cups", "file", "dummy")

    def __init__(
        self, uri: str, *, paper_width_mm: int, home: Path, profile: PrinterProfile | None = None
    ) -> None:
        self.profile = profile or PrinterProfile()
        if paper_width_mm not in PAPER_WIDTH_PX:
            raise PrinterError(f"Paper width {paper_width_mm} mm is not supported (58 or 80).")
        self._uri = uri
        self._home = home
        self._width_px = PAPER_WIDTH_PX[paper_width_mm]
        self._parts = urlsplit(uri)
        if self._parts.scheme not in self.SCHEMES:
            raise PrinterError(
                f"Printer URI '{uri}' is not supported (tcp://, serial://, usb://, cups://, file:// or dummy:)."
            )
        self._scheme = self._parts.scheme
        if self._scheme == "usb":
            self._usb_ids()  # a malformed VID:PID is a configuration error, said at once
        if self._scheme == "serial":
            self._baudrate()
        self.sent: list[bytes] = []

    @property
    def uri(self) -> str:
        return self._uri

    @property
    def paper_width_px(self) -> int:
        return self._width_px

    # --- addresses ----------------------------------------------------------------------
    def _file_path(self) -> Path:
        raw = (self._parts.netloc + self._parts.path) if self._parts.netloc else self._parts.path
        path = Path(raw)
        return path if path.is_absolute() else self._home / path

    def _address(self) -> tuple[str, int]:
        if not self._parts.hostname:
            raise PrinterError(f"Printer URI '{self._uri}' names no host.")
        return self._parts.hostname, self._parts.port or 9100

    def _baudrate(self) -> int:
        value = parse_qs(self._parts.query).get("baudrate", ["19200"])[0]
        if not value.isdigit() or int(value) not in SERIAL_BAUDRATES:
            raise PrinterError(f"Printer URI '{self._uri}': baudrate {value} is not a serial speed.")
        return int(value)

    def _usb_ids(self) -> tuple[int, int]:
        try:
            vendor, product = self._parts.netloc.split(":")
            return int(vendor, 16), int(product, 16)
        except ValueError as exc:
            raise PrinterError(f"Printer URI '{self._uri}' needs usb://VID:PID in hexadecimal.") from exc

    # --- status -------------------------------------------------------------------------
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
        except PrinterOffline:
            raise
        except OSError as exc:
            raise PrinterOffline(f"Printer at {self._uri} dropped the line: {exc}.") from exc
        return parse_status(printer_byte, paper_byte)

    def _open_serial(self) -> serial.Serial:
        import serial

        try:
            return serial.Serial(
                self._parts.path,
                self._baudrate(),
                timeout=STATUS_TIMEOUT_S,
                write_timeout=SERIAL_WRITE_TIMEOUT_S,
            )
        except (serial.SerialException, OSError, ValueError) as exc:
            raise PrinterOffline(f"Serial printer {self._parts.path} cannot be opened: {exc}.") from exc

    @staticmethod
    def _query_serial(port: serial.Serial) -> PrinterStatus:
        import serial

        try:
            port.reset_input_buffer()
            port.write(DLE_EOT_PRINTER)
            answer = port.read(1)
            printer_byte = answer[0] if answer else None
            paper_byte = None
            if printer_byte is not None:
                port.write(DLE_EOT_PAPER)
                answer = port.read(1)
                paper_byte = answer[0] if answer else None
        except (serial.SerialException, OSError) as exc:
            raise PrinterOffline(f"Serial printer stopped answering: {exc}.") from exc
        return parse_status(printer_byte, paper_byte)

    @staticmethod
    def _refuse_unless_ready(status: PrinterStatus) -> None:
        # Paper first: printers also report themselves offline when they stop at paper end.
        if status.paper == "out":
            raise PaperOut("The printer is out of paper.")
        if not status.online:
            raise PrinterOffline("The printer is offline (cover open or error).")

    def status(self) -> PrinterStatus:
        if self._scheme == "tcp":
            with self._connect() as connection:
                return self._query(connection)
        if self._scheme == "serial":
            with self._open_serial() as port:
                return self._query_serial(port)
        return PrinterStatus(online=True, paper="unknown")

    def check(self) -> None:
        if self._scheme == "file":
            path = self._file_path()
            if path.is_relative_to(self._home):
                path.parent.mkdir(parents=True, exist_ok=True)  # a spool file of the kiosk's own
            target = path if path.exists() else path.parent
            if not target.exists() or not os.access(target, os.W_OK):
                raise PrinterOffline(f"Printer path {path} is not writable.")
        elif self._scheme == "cups":
            if shutil.which("lp") is None:
                raise PrinterOffline("CUPS printing needs the lp command (Debian package cups-client).")
        elif self._scheme == "usb":
            self._usb_printer().close()
        else:
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
        sender = {
            "tcp": self._send_tcp,
            "serial": self._send_serial,
            "usb": self._send_usb,
            "cups": self._send_cups,
            "file": self._send_file,
        }.get(self._scheme)
        if sender is None:
            self.sent.append(data)
            return len(data)
        sender(data)
        return len(data)

    def _send_tcp(self, data: bytes) -> None:
        with self._connect() as connection:
            self._refuse_unless_ready(self._query(connection))
            try:
                connection.sendall(data)
            except OSError as exc:
                raise PrintInterrupted(f"The line to {self._uri} broke mid-job: {exc}.") from exc

    def _send_serial(self, data: bytes) -> None:
        import serial

        with self._open_serial() as port:
            self._refuse_unless_ready(self._query_serial(port))
            try:
                port.write(data)
                port.flush()
            except (serial.SerialException, OSError) as exc:
                raise PrintInterrupted(f"The serial line broke mid-job: {exc}.") from exc

    def _usb_printer(self) -> Any:
        self._usb_ids()
        from escpos.exceptions import USBNotFoundError
        from escpos.printer import Usb

        vendor, product = self._usb_ids()
        printer = Usb(vendor, product)
        try:
            printer.open(raise_not_found=True)
        except (USBNotFoundError, OSError, ValueError) as exc:
            raise PrinterOffline(f"USB printer {vendor:04x}:{product:04x} is not connected ({exc}).") from exc
        except Exception as exc:  # pyusb backend errors (no libusb, no permission) vary by system
            raise PrinterOffline(f"USB printer {vendor:04x}:{product:04x} cannot be opened ({exc}).") from exc
        return printer

    def _send_usb(self, data: bytes) -> None:
        printer = self._usb_printer()
        try:
            printer._raw(data)
        except Exception as exc:  # pyusb raises its own USBError family
            raise PrintInterrupted(f"The USB printer stopped mid-job: {exc}.") from exc
        finally:
            printer.close()

    def _send_cups(self, data: bytes) -> None:
        queue = self._parts.netloc or self._parts.path.lstrip("/")
        if shutil.which("lp") is None:
            raise PrinterOffline("CUPS printing needs the lp command (Debian package cups-client).")
        try:
            result = subprocess.run(
                ["lp", "-d", queue, "-o", "raw", "-s", "-"],
                input=data,
                capture_output=True,
                timeout=30,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PrinterOffline(f"CUPS did not take the job for {queue}: {exc}.") from exc
        if result.returncode != 0:
            reason = result.stderr.decode("utf-8", "replace").strip().splitlines()
            raise PrinterOffline(
                f"CUPS refused the job for {queue}: {reason[0] if reason else result.returncode}."
            )

    def _send_file(self, data: bytes) -> None:
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

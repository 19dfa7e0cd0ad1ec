"""How a job's bytes reach the printer: one class per transport, chosen once from the printer URI.

``tcp://HOST:PORT`` (network printers, port 9100 by default), ``serial:///dev/ttyUSB0?baudrate=19200``
(pyserial), ``usb://VID:PID`` (python-escpos's USB backend, pyusb), ``cups://QUEUE`` (the CUPS
``lp`` command, raw), ``file://PATH`` (a device node such as ``/dev/usb/lp0``, or a spool file;
relative paths are under the kiosk's home) and ``dummy:`` (kept in memory, for tests and
previews). :func:`transport_for_uri` reads the URI once; a URI that cannot name a printer is a
:class:`PrinterURIError` at that moment, not at the first job.

A transport opens one :class:`PrinterLine` per job and never at construction. Where the line
reads back (TCP, serial) :meth:`PrinterLine.ask_status` asks the printer for its state (DLE EOT 1
and 4) on that same line, so the answer is about the connection the job then goes down.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from abc import ABC, abstractmethod
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import SplitResult, parse_qs, urlsplit

from drivers.printer.base import PrinterOffline, PrinterStatus, PrinterURIError, PrintInterrupted

if TYPE_CHECKING:
    import serial

SERIAL_BAUDRATES = (2400, 4800, 9600, 19200, 38400, 57600, 115200)
SERIAL_WRITE_TIMEOUT_S = 60.0  # a 50 KB raster slip takes about 26 s at 19200 baud
DLE_EOT_PRINTER = b"\x10\x04\x01"  # transmit printer status
DLE_EOT_PAPER = b"\x10\x04\x04"  # transmit roll paper sensor status
STATUS_TIMEOUT_S = 2.0
CONNECT_TIMEOUT_S = 10.0
CUPS_TIMEOUT_S = 30.0
OFFLINE_BIT = 0x08  # printer status: bit 3 set = offline
PAPER_END_BITS = 0x60  # paper sensor: bits 5 and 6 set = roll paper end
PAPER_NEAR_END_BITS = 0x0C  # paper sensor: bits 2 and 3 set = roll paper near end
UNKNOWN_STATUS = PrinterStatus(online=True, paper="unknown")
LP_MISSING = "CUPS printing needs the lp command (Debian package cups-client)."


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


# --- the interface -------------------------------------------------------------------------
class PrinterLine(ABC):
    """One job's connection to the printer; a context manager that closes it.

    Thread: the printer's worker thread; a line is used by one job and then closed.
    """

    def ask_status(self) -> PrinterStatus:
        """The printer's state, asked on this line. Transports that cannot read back say
        ``paper="unknown"`` and online. Raises :class:`PrinterOffline` if the line drops."""
        return UNKNOWN_STATUS

    @abstractmethod
    def send(self, data: bytes) -> None:
        """Sends the whole job. :class:`PrintInterrupted`: the line broke after part of it may
        have gone out. :class:`PrinterOffline`: the printer took none of it."""

    def close(self) -> None:
        """Releases the line (socket, port, device). Called once, by ``with`` or by hand."""
        return None  # lines that hold nothing open (CUPS, dummy) have nothing to release

    def __enter__(self) -> PrinterLine:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


class PrinterTransport(ABC):
    """A way to reach one printer, named by its URI. Holds no open connection between jobs."""

    scheme: ClassVar[str]
    reads_back: ClassVar[bool] = False
    """True where the printer can answer status queries on the line (TCP, serial). Elsewhere
    the printer class does not open a line just to ask: opening a USB device or a spool file
    would be a side effect that learns nothing."""

    def __init__(self, uri: str) -> None:
        self.uri = uri

    @classmethod
    @abstractmethod
    def from_uri(cls, uri: str, parts: SplitResult, home: Path) -> PrinterTransport:
        """The transport ``uri`` names (``parts`` is its ``urlsplit``; relative paths are under
        ``home``). Raises :class:`PrinterURIError` for a URI this transport cannot use."""

    @abstractmethod
    def open(self) -> PrinterLine:
        """Opens the line for one job. Raises :class:`PrinterOffline` if the printer cannot be reached."""

    def check(self) -> None:
        """Raises :class:`PrinterOffline` if the printer cannot be reached now, sending nothing.
        Transports that read back check nothing here: the status question does it."""
        return None


# --- TCP -----------------------------------------------------------------------------------
def _read_byte(connection: socket.socket) -> int | None:
    """One status byte; ``None`` if the printer stays silent (some never answer)."""
    try:
        answer = connection.recv(1)
    except TimeoutError:
        return None
    if not answer:
        raise PrinterOffline("The printer closed the connection.")
    return answer[0]


class _SocketLine(PrinterLine):
    def __init__(self, connection: socket.socket, uri: str) -> None:
        self._connection = connection
        self._uri = uri

    def ask_status(self) -> PrinterStatus:
        connection = self._connection
        try:
            connection.settimeout(STATUS_TIMEOUT_S)
            connection.sendall(DLE_EOT_PRINTER)
            printer_byte = _read_byte(connection)
            paper_byte = None
            if printer_byte is not None:  # a printer that ignores status queries is not asked twice
                connection.sendall(DLE_EOT_PAPER)
                paper_byte = _read_byte(connection)
            connection.settimeout(CONNECT_TIMEOUT_S)
        except PrinterOffline:
            raise
        except OSError as exc:
            raise PrinterOffline(f"Printer at {self._uri} dropped the line: {exc}.") from exc
        return parse_status(printer_byte, paper_byte)

    def send(self, data: bytes) -> None:
        try:
            self._connection.sendall(data)
        except OSError as exc:
            raise PrintInterrupted(f"The line to {self._uri} broke mid-job: {exc}.") from exc

    def close(self) -> None:
        self._connection.close()


class TcpTransport(PrinterTransport):
    """A network printer's raw port (``tcp://HOST:PORT``, 9100 when no port is given)."""

    scheme = "tcp"
    reads_back = True

    def __init__(self, uri: str, host: str, port: int) -> None:
        super().__init__(uri)
        self.host = host
        self.port = port

    @classmethod
    def from_uri(cls, uri: str, parts: SplitResult, home: Path) -> TcpTransport:
        if not parts.hostname:
            raise PrinterURIError(f"Printer URI '{uri}' names no host.")
        try:
            port = parts.port
        except ValueError as exc:
            raise PrinterURIError(f"Printer URI '{uri}' has a port that is not 0 to 65535.") from exc
        return cls(uri, parts.hostname, port or 9100)

    def open(self) -> PrinterLine:
        try:
            connection = socket.create_connection((self.host, self.port), timeout=CONNECT_TIMEOUT_S)
        except OSError as exc:
            raise PrinterOffline(f"Printer at {self.uri} does not answer: {exc}.") from exc
        return _SocketLine(connection, self.uri)


# --- serial --------------------------------------------------------------------------------
class _SerialLine(PrinterLine):
    def __init__(self, port: serial.Serial) -> None:
        self._port = port

    def ask_status(self) -> PrinterStatus:
        import serial

        port = self._port
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

    def send(self, data: bytes) -> None:
        import serial

        try:
            self._port.write(data)
            self._port.flush()
        except (serial.SerialException, OSError) as exc:
            raise PrintInterrupted(f"The serial line broke mid-job: {exc}.") from exc

    def close(self) -> None:
        self._port.close()


class SerialTransport(PrinterTransport):
    """A printer on a serial port (``serial:///dev/ttyUSB0?baudrate=19200``; 19200 by default)."""

    scheme = "serial"
    reads_back = True

    def __init__(self, uri: str, device: str, baudrate: int) -> None:
        super().__init__(uri)
        self.device = device
        self.baudrate = baudrate

    @classmethod
    def from_uri(cls, uri: str, parts: SplitResult, home: Path) -> SerialTransport:
        if not parts.path:
            raise PrinterURIError(f"Printer URI '{uri}' names no serial device (serial:///dev/ttyUSB0).")
        try:
            options = parse_qs(parts.query, keep_blank_values=True, strict_parsing=bool(parts.query))
        except ValueError as exc:
            raise PrinterURIError(f"Printer URI '{uri}' has malformed options (?baudrate=N).") from exc
        unknown = sorted(set(options) - {"baudrate"})
        if unknown:
            raise PrinterURIError(
                f"Printer URI '{uri}': option {unknown[0]} is not known (a serial printer takes baudrate)."
            )
        if len(options.get("baudrate", [])) > 1:
            raise PrinterURIError(f"Printer URI '{uri}' gives the baudrate more than once.")
        value = options.get("baudrate", ["19200"])[0]
        if not value.isdigit() or int(value) not in SERIAL_BAUDRATES:
            raise PrinterURIError(f"Printer URI '{uri}': baudrate {value} is not a serial speed.")
        return cls(uri, parts.path, int(value))

    def open(self) -> PrinterLine:
        import serial  # pyserial loads only when a serial printer prints

        try:
            port = serial.Serial(
                self.device, self.baudrate, timeout=STATUS_TIMEOUT_S, write_timeout=SERIAL_WRITE_TIMEOUT_S
            )
        except (serial.SerialException, OSError, ValueError) as exc:
            raise PrinterOffline(f"Serial printer {self.device} cannot be opened: {exc}.") from exc
        return _SerialLine(port)


# --- USB -----------------------------------------------------------------------------------
class _UsbLine(PrinterLine):
    def __init__(self, printer: Any) -> None:
        self._printer = printer  # python-escpos's Usb printer: untyped

    def send(self, data: bytes) -> None:
        try:
            self._printer._raw(data)
        except Exception as exc:  # pyusb raises its own USBError family
            raise PrintInterrupted(f"The USB printer stopped mid-job: {exc}.") from exc

    def close(self) -> None:
        self._printer.close()


class UsbTransport(PrinterTransport):
    """A USB printer found by vendor and product id (``usb://04b8:0202``, hexadecimal)."""

    scheme = "usb"

    def __init__(self, uri: str, vendor: int, product: int) -> None:
        super().__init__(uri)
        self.vendor = vendor
        self.product = product

    @classmethod
    def from_uri(cls, uri: str, parts: SplitResult, home: Path) -> UsbTransport:
        try:
            vendor, product = parts.netloc.split(":")
            return cls(uri, int(vendor, 16), int(product, 16))
        except ValueError as exc:
            raise PrinterURIError(f"Printer URI '{uri}' needs usb://VID:PID in hexadecimal.") from exc

    def open(self) -> PrinterLine:
        from escpos.exceptions import USBNotFoundError
        from escpos.printer import Usb

        name = f"{self.vendor:04x}:{self.product:04x}"
        printer = Usb(self.vendor, self.product)
        try:
            printer.open(raise_not_found=True)
        except (USBNotFoundError, OSError, ValueError) as exc:
            raise PrinterOffline(f"USB printer {name} is not connected ({exc}).") from exc
        except Exception as exc:  # pyusb backend errors (no libusb, no permission) vary by system
            raise PrinterOffline(f"USB printer {name} cannot be opened ({exc}).") from exc
        return _UsbLine(printer)

    def check(self) -> None:
        self.open().close()


# --- CUPS ----------------------------------------------------------------------------------
class _CupsLine(PrinterLine):
    def __init__(self, queue: str) -> None:
        self._queue = queue

    def send(self, data: bytes) -> None:
        # lp spools the whole job or refuses it: a refusal means nothing was printed (offline, not interrupted).
        try:
            result = subprocess.run(
                ["lp", "-d", self._queue, "-o", "raw", "-s", "-"],
                input=data,
                capture_output=True,
                timeout=CUPS_TIMEOUT_S,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PrinterOffline(f"CUPS did not take the job for {self._queue}: {exc}.") from exc
        if result.returncode != 0:
            reason = result.stderr.decode("utf-8", "replace").strip().splitlines()
            raise PrinterOffline(
                f"CUPS refused the job for {self._queue}: {reason[0] if reason else result.returncode}."
            )


class CupsTransport(PrinterTransport):
    """A CUPS queue, sent raw through ``lp`` (``cups://QUEUE``)."""

    scheme = "cups"

    def __init__(self, uri: str, queue: str) -> None:
        super().__init__(uri)
        self.queue = queue

    @classmethod
    def from_uri(cls, uri: str, parts: SplitResult, home: Path) -> CupsTransport:
        queue = parts.netloc or parts.path.lstrip("/")
        if not queue:
            raise PrinterURIError(f"Printer URI '{uri}' names no CUPS queue (cups://QUEUE).")
        return cls(uri, queue)

    def open(self) -> PrinterLine:
        self.check()
        return _CupsLine(self.queue)

    def check(self) -> None:
        if shutil.which("lp") is None:
            raise PrinterOffline(LP_MISSING)


# --- file ----------------------------------------------------------------------------------
class _FileLine(PrinterLine):
    def __init__(self, device: Any, path: Path) -> None:
        self._device = device
        self._path = path

    def send(self, data: bytes) -> None:
        try:
            self._device.write(data)
            self._device.flush()
            os.fsync(self._device.fileno())
        except OSError as exc:
            raise PrintInterrupted(f"Writing to {self._path} failed: {exc}.") from exc

    def close(self) -> None:
        try:
            self._device.close()
        except (
            OSError
        ) as exc:  # the buffered bytes were flushed in send; a failed close means they may not be whole
            raise PrintInterrupted(f"Writing to {self._path} failed: {exc}.") from exc


class FileTransport(PrinterTransport):
    """A device node or a spool file, appended to (``file://PATH``; relative under the kiosk's home)."""

    scheme = "file"

    def __init__(self, uri: str, path: Path, home: Path) -> None:
        super().__init__(uri)
        self.path = path
        self._home = home

    @classmethod
    def from_uri(cls, uri: str, parts: SplitResult, home: Path) -> FileTransport:
        path = Path((parts.netloc + parts.path) if parts.netloc else parts.path)
        if not str(path).strip("/."):
            raise PrinterURIError(f"Printer URI '{uri}' names no file (file://PATH).")
        return cls(uri, path if path.is_absolute() else home / path, home)

    def open(self) -> PrinterLine:
        """Opens the file for appending. Only a spool file under the kiosk's home gets its folder
        created: a path elsewhere whose folder is missing is a mistake (a typo, an unmounted
        stick) to report, not a folder to create."""
        if not self.path.is_relative_to(self._home) and not self.path.parent.is_dir():
            raise PrinterOffline(
                f"Printer path {self.path} cannot be opened: {self.path.parent} does not exist."
            )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            device = self.path.open("ab")
        except OSError as exc:
            raise PrinterOffline(f"Printer path {self.path} cannot be opened: {exc}.") from exc
        return _FileLine(device, self.path)

    def check(self) -> None:
        path = self.path
        if path.is_relative_to(self._home):
            path.parent.mkdir(parents=True, exist_ok=True)  # a spool file of the kiosk's own
        target = path if path.exists() else path.parent
        if not target.exists() or not os.access(target, os.W_OK):
            raise PrinterOffline(f"Printer path {path} is not writable.")


# --- dummy ---------------------------------------------------------------------------------
class _DummyLine(PrinterLine):
    def __init__(self, sent: list[bytes]) -> None:
        self._sent = sent

    def send(self, data: bytes) -> None:
        self._sent.append(data)


class DummyTransport(PrinterTransport):
    """No printer: every job is kept in :attr:`sent`, oldest first (``dummy:``; tests, previews)."""

    scheme = "dummy"

    def __init__(self, uri: str) -> None:
        super().__init__(uri)
        self.sent: list[bytes] = []

    @classmethod
    def from_uri(cls, uri: str, parts: SplitResult, home: Path) -> DummyTransport:
        return cls(uri)

    def open(self) -> PrinterLine:
        return _DummyLine(self.sent)


# --- the choice ----------------------------------------------------------------------------
TRANSPORTS: dict[str, type[PrinterTransport]] = {
    transport.scheme: transport
    for transport in (
        TcpTransport,
        SerialTransport,
        UsbTransport,
        CupsTransport,
        FileTransport,
        DummyTransport,
    )
}


def transport_for_uri(uri: str, *, home: Path) -> PrinterTransport:
    """The transport the printer URI names, read once. Opens nothing.

    Raises :class:`PrinterURIError` (one plain sentence naming the printer URI) for an unknown
    scheme or a URI its transport cannot use (no host, bad port, baudrate or VID:PID).
    """
    try:
        parts = urlsplit(uri)
    except ValueError as exc:  # e.g. an unclosed [IPv6 bracket
        raise PrinterURIError(f"Printer URI '{uri}' is malformed ({exc}).") from exc
    transport = TRANSPORTS.get(parts.scheme)
    if transport is None:
        raise PrinterURIError(
            f"Printer URI '{uri}' is not supported (tcp://, serial://, usb://, cups://, file:// or dummy:)."
        )
    return transport.from_uri(uri, parts, home)

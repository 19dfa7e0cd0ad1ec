"""Printer transports: each scheme's class chosen once from the URI, a serial printer on a real
pseudo-terminal, USB and CUPS errors."""

from __future__ import annotations

import os
import threading
import tty
from pathlib import Path

import pytest

from drivers.printer.base import PaperOut, PrinterError, PrinterOffline, PrinterURIError
from drivers.printer.escpos_printer import EscposPrinter
from drivers.printer.transports import (
    CupsTransport,
    DummyTransport,
    FileTransport,
    SerialTransport,
    TcpTransport,
    UsbTransport,
    transport_for_uri,
)

JOB = b"\x1b@hello\n\x1dV\x01"


class SerialPrinterOnPty:
    """The printer's end of a pseudo-terminal: answers DLE EOT like a real one, keeps what it prints."""

    def __init__(self, paper_byte: int = 0x12) -> None:
        self.master, slave = os.openpty()
        tty.setraw(slave)
        self.path = os.ttyname(slave)
        self._slave = slave
        self.paper_byte = paper_byte
        self.received = bytearray()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        pending = b""
        while not self._stop.is_set():
            try:
                chunk = os.read(self.master, 4096)
            except OSError:
                return
            pending += chunk
            while b"\x10\x04" in pending and len(pending) >= pending.index(b"\x10\x04") + 3:
                at = pending.index(b"\x10\x04")
                self.received += pending[:at]
                query = pending[at + 2]
                os.write(self.master, bytes([0x16 if query == 1 else self.paper_byte]))
                pending = pending[at + 3 :]
            if b"\x10" not in pending:
                self.received += pending
                pending = b""

    def close(self) -> None:
        self._stop.set()
        os.close(self._slave)
        os.close(self.master)


@pytest.fixture
def pty_printer() -> SerialPrinterOnPty:
    printer = SerialPrinterOnPty()
    yield printer  # type: ignore[misc]
    printer.close()


def test_serial_printer_is_asked_then_printed_on(pty_printer: SerialPrinterOnPty, tmp_path: Path) -> None:
    """GIVEN a serial printer with paper WHEN a job is sent THEN it was asked for its state and got the job."""
    printer = EscposPrinter(f"serial://{pty_printer.path}?baudrate=19200", paper_width_mm=58, home=tmp_path)
    assert printer.status().paper == "ok"
    assert printer.send(JOB) == len(JOB)
    deadline = threading.Event()
    for _ in range(100):
        if bytes(pty_printer.received).endswith(JOB):
            break
        deadline.wait(0.02)
    assert bytes(pty_printer.received).endswith(JOB)


def test_serial_printer_out_of_paper_gets_nothing(pty_printer: SerialPrinterOnPty, tmp_path: Path) -> None:
    pty_printer.paper_byte = 0x72
    printer = EscposPrinter(f"serial://{pty_printer.path}", paper_width_mm=80, home=tmp_path)
    with pytest.raises(PaperOut):
        printer.send(JOB)
    assert b"hello" not in pty_printer.received


def test_missing_serial_port_and_bad_speed(tmp_path: Path) -> None:
    with pytest.raises(PrinterOffline):
        EscposPrinter("serial:///dev/ttyNOPE0", paper_width_mm=80, home=tmp_path).send(JOB)
    with pytest.raises(PrinterError, match="baudrate"):
        EscposPrinter("serial:///dev/ttyS0?baudrate=12345", paper_width_mm=80, home=tmp_path)


def test_usb_printer_not_connected_is_offline(tmp_path: Path) -> None:
    """GIVEN no USB printer on this machine WHEN printing to one THEN a typed offline error, no traceback."""
    printer = EscposPrinter("usb://04b8:0202", paper_width_mm=80, home=tmp_path)
    with pytest.raises(PrinterOffline):
        printer.send(JOB)
    with pytest.raises(PrinterError, match="VID:PID"):
        EscposPrinter("usb://epson", paper_width_mm=80, home=tmp_path)


def test_cups_without_that_queue_is_offline(tmp_path: Path) -> None:
    """GIVEN no CUPS queue of that name WHEN printing to it THEN CUPS's refusal becomes a typed error."""
    printer = EscposPrinter("cups://no-such-kiosk-printer", paper_width_mm=80, home=tmp_path)
    with pytest.raises(PrinterOffline, match="CUPS"):
        printer.send(JOB)


@pytest.mark.parametrize(
    ("uri", "transport"),
    [
        ("tcp://192.0.2.10:9100", TcpTransport),
        ("serial:///dev/ttyUSB0?baudrate=9600", SerialTransport),
        ("usb://04b8:0202", UsbTransport),
        ("cups://kiosk-slips", CupsTransport),
        ("file://spool/printer.bin", FileTransport),
        ("dummy:", DummyTransport),
    ],
)
def test_each_scheme_is_read_once_into_its_transport(uri: str, transport: type, tmp_path: Path) -> None:
    """GIVEN a printer URI WHEN the printer is built THEN its transport is the scheme's class, and nothing was opened."""
    chosen = transport_for_uri(uri, home=tmp_path)
    assert type(chosen) is transport and chosen.uri == uri
    assert type(EscposPrinter(uri, paper_width_mm=80, home=tmp_path).transport) is transport
    assert not (tmp_path / "spool").exists()


def test_what_each_uri_names(tmp_path: Path) -> None:
    tcp = transport_for_uri("tcp://printer.local", home=tmp_path)
    assert isinstance(tcp, TcpTransport) and (tcp.host, tcp.port) == ("printer.local", 9100)
    serial = transport_for_uri("serial:///dev/ttyS1", home=tmp_path)
    assert isinstance(serial, SerialTransport) and (serial.device, serial.baudrate) == ("/dev/ttyS1", 19200)
    usb = transport_for_uri("usb://04B8:0e15", home=tmp_path)
    assert isinstance(usb, UsbTransport) and (usb.vendor, usb.product) == (0x04B8, 0x0E15)
    cups = transport_for_uri("cups:///kiosk-slips", home=tmp_path)
    assert isinstance(cups, CupsTransport) and cups.queue == "kiosk-slips"
    spool = transport_for_uri("file://spool/printer.bin", home=tmp_path)
    assert isinstance(spool, FileTransport) and spool.path == tmp_path / "spool" / "printer.bin"
    device = transport_for_uri("file:///dev/usb/lp0", home=tmp_path)
    assert isinstance(device, FileTransport) and device.path == Path("/dev/usb/lp0")


@pytest.mark.parametrize("uri", ["lpt://1", "http://printer.local/", "/dev/usb/lp0", ""])
def test_an_unknown_scheme_is_refused_in_one_sentence(uri: str, tmp_path: Path) -> None:
    """GIVEN a printer URI of no known scheme THEN a typed error whose one sentence names the printer URI."""
    with pytest.raises(PrinterURIError) as refused:
        transport_for_uri(uri, home=tmp_path)
    assert str(refused.value) == (
        f"Printer URI '{uri}' is not supported (tcp://, serial://, usb://, cups://, file:// or dummy:)."
    )
    with pytest.raises(PrinterURIError, match="not supported"):
        EscposPrinter(uri, paper_width_mm=80, home=tmp_path)


def test_a_tcp_uri_without_host_or_with_a_bad_port_is_refused_when_built(tmp_path: Path) -> None:
    with pytest.raises(PrinterURIError, match="names no host"):
        EscposPrinter("tcp://:9100", paper_width_mm=80, home=tmp_path)
    with pytest.raises(PrinterURIError, match="port"):
        EscposPrinter("tcp://printer.local:99999", paper_width_mm=80, home=tmp_path)


def test_dummy_printer_keeps_each_job(tmp_path: Path) -> None:
    printer = EscposPrinter("dummy:", paper_width_mm=58, home=tmp_path)
    printer.check()
    assert printer.status().paper == "unknown"
    assert printer.send(JOB) == len(JOB) and printer.sent == [JOB]

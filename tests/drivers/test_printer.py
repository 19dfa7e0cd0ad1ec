"""ESC/POS printing over the file and TCP transports, and the errors when it cannot print."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest
from PIL import Image

from drivers.printer.base import PrinterError, PrinterOffline
from drivers.printer.escpos_printer import EscposPrinter, escpos_job

GS_V_0 = b"\x1dv0"  # raster bit image
CUT = b"\x1dV"  # paper cut


def slip(width: int = 576) -> Image.Image:
    image = Image.new("1", (width, 40), 1)
    image.paste(0, (10, 10, 100, 30))
    return image


def test_job_is_raster_then_cut() -> None:
    """GIVEN a slip image WHEN it becomes a job THEN the printer gets raster bands cut to their ink,
    a cut at the end, and the paper shows the image dot for dot."""
    from drivers.printer.escpos_decoder import decode_job

    image = slip()
    data = escpos_job(image)
    assert data.startswith(b"\x1b@")  # initialise
    assert GS_V_0 in data and data.rindex(CUT) > data.index(GS_V_0)
    width_bytes = int.from_bytes(data[data.index(GS_V_0) + 4 : data.index(GS_V_0) + 6], "little")
    assert width_bytes == 100 // 8 + 1 - 10 // 8  # only the inked columns are sent
    paper = decode_job(data).image.convert("L").crop((0, 0, image.width, image.height))
    assert paper.tobytes() == image.convert("L").tobytes()


def test_file_printer_appends_jobs(tmp_path: Path) -> None:
    printer = EscposPrinter("file://spool/printer.bin", paper_width_mm=80, home=tmp_path)
    printer.check()
    sent = printer.print_image(slip()) + printer.print_image(slip())
    assert (tmp_path / "spool" / "printer.bin").stat().st_size == sent


def test_tcp_printer_receives_the_bytes() -> None:
    """GIVEN a network printer that does not answer status queries WHEN a slip prints
    THEN it was asked once (DLE EOT 1), then sent the whole job."""
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    received = bytearray()

    def accept() -> None:
        connection, _ = listener.accept()
        with connection:
            while chunk := connection.recv(65536):
                received.extend(chunk)

    thread = threading.Thread(target=accept)
    thread.start()
    printer = EscposPrinter(f"tcp://127.0.0.1:{port}", paper_width_mm=58, home=Path("."))
    sent = printer.print_image(slip(384))
    thread.join(timeout=10)
    listener.close()
    assert bytes(received[:3]) == b"\x10\x04\x01"
    assert len(received) == 3 + sent and GS_V_0 in received


def test_unreachable_printer_is_offline() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    printer = EscposPrinter(f"tcp://127.0.0.1:{port}", paper_width_mm=80, home=Path("."))
    with pytest.raises(PrinterOffline):
        printer.check()
    with pytest.raises(PrinterOffline):
        printer.print_image(slip())


def test_bad_uri_and_width_are_refused(tmp_path: Path) -> None:
    with pytest.raises(PrinterError, match="not supported"):
        EscposPrinter("lpt://1", paper_width_mm=80, home=tmp_path)
    with pytest.raises(PrinterError, match="58 or 80"):
        EscposPrinter("dummy:", paper_width_mm=76, home=tmp_path)
    printer = EscposPrinter("dummy:", paper_width_mm=58, home=tmp_path)
    with pytest.raises(PrinterError, match="wide"):
        printer.print_image(slip(576))

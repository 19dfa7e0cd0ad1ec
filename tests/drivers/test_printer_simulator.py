"""The simulated network printer: real sockets on 127.0.0.1, the kiosk's own printer driver as client."""

from __future__ import annotations

import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from drivers.printer.base import PrinterError, PrinterOffline
from drivers.printer.escpos_printer import EscposPrinter, escpos_job
from drivers.printer.simulator import STATUS_BYTES, PrinterState, SimulatedPrinter

REPO = Path(__file__).resolve().parents[2]


def slip(width: int = 576, height: int = 120) -> Image.Image:
    image = Image.new("1", (width, height), 1)
    image.paste(0, (10, 10, 200, 60))
    image.paste(0, (width - 40, height - 20, width - 8, height - 4))
    return image


@pytest.fixture
def simulator(tmp_path: Path) -> Iterator[SimulatedPrinter]:
    with SimulatedPrinter(tmp_path / "out") as printer:
        yield printer


def kiosk_printer(simulator: SimulatedPrinter, home: Path, paper_width_mm: int = 80) -> EscposPrinter:
    return EscposPrinter(simulator.uri, paper_width_mm=paper_width_mm, home=home)


def ask(port: int, *queries: int) -> bytes:
    """Sends DLE EOT n for each query on one raw connection; returns the answers."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(b"".join(b"\x10\x04" + bytes([n]) for n in queries))
        answer = b""
        while len(answer) < len(queries):
            chunk = connection.recv(16)
            if not chunk:
                break
            answer += chunk
    return answer


def test_kiosk_slip_becomes_a_png(simulator: SimulatedPrinter, tmp_path: Path) -> None:
    """GIVEN a running simulated printer
    WHEN the kiosk's EscposPrinter prints a slip to its tcp:// URI
    THEN job-0001.png appears, paper-wide, showing the slip dot for dot, and the job was cut."""
    assert simulator.uri == f"tcp://127.0.0.1:{simulator.port}"
    image = slip()
    kiosk_printer(simulator, tmp_path).print_image(image)
    assert simulator.wait_for_jobs(1, timeout=10)
    (path,) = simulator.job_files
    assert path.name == "job-0001.png" and path.exists()
    with Image.open(path) as png:
        assert png.width == 576 and png.height >= image.height
        printed = np.asarray(png.convert("L")) < 128
    expected = np.asarray(image.convert("L")) < 128
    assert (printed[: image.height] == expected).all()
    assert simulator.jobs[0].cut


def test_jobs_are_numbered_and_empty_connections_write_nothing(
    simulator: SimulatedPrinter, tmp_path: Path
) -> None:
    """GIVEN a simulated printer
    WHEN the kiosk checks it (status only), a client connects and leaves without a byte, then two
    58 mm slips are printed
    THEN exactly job-0001.png and job-0002.png are written."""
    printer = kiosk_printer(simulator, tmp_path)
    printer.check()
    socket.create_connection(("127.0.0.1", simulator.port), timeout=5).close()
    printer.print_image(slip())
    printer.print_image(slip(height=60))
    assert simulator.wait_for_jobs(2, timeout=10)
    assert [path.name for path in simulator.job_files] == ["job-0001.png", "job-0002.png"]
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == ["job-0001.png", "job-0002.png"]
    assert simulator.refused == 0 and simulator.errors == []


def test_numbering_continues_after_existing_files(tmp_path: Path) -> None:
    """GIVEN an output folder that already holds job-0007.png
    WHEN the simulator prints a job
    THEN it is written as job-0008.png."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "job-0007.png").write_bytes(b"")
    with SimulatedPrinter(out) as simulator:
        kiosk_printer(simulator, tmp_path).print_image(slip())
        assert simulator.wait_for_jobs(1, timeout=10)
        assert simulator.job_files[0].name == "job-0008.png"


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("online", (0x16, 0x12, 0x12, 0x12)),
        ("near_end", (0x16, 0x12, 0x12, 0x1E)),
        ("paper_out", (0x1E, 0x32, 0x12, 0x72)),
    ],
)
def test_status_queries_get_the_documented_bytes(
    simulator: SimulatedPrinter, state: PrinterState, expected: tuple[int, ...]
) -> None:
    """GIVEN the simulator in a state
    WHEN DLE EOT 1, 2, 3 and 4 are sent over a raw socket
    THEN each gets its documented status byte at once."""
    simulator.state = state
    assert ask(simulator.port, 1, 2, 3, 4) == bytes(expected)
    assert tuple(STATUS_BYTES[state][n] for n in (1, 2, 3, 4)) == expected


def test_status_query_split_across_packets_is_answered(simulator: SimulatedPrinter) -> None:
    """GIVEN a client that sends DLE, then EOT 4 in a second packet, then a job on the same connection
    WHEN the simulator reads them
    THEN it answers the query once complete and still prints the job."""
    with socket.create_connection(("127.0.0.1", simulator.port), timeout=5) as connection:
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        connection.sendall(b"\x10")
        time.sleep(0.05)
        connection.sendall(b"\x04\x04")
        assert connection.recv(1) == b"\x12"
        connection.sendall(escpos_job(slip()))
    assert simulator.wait_for_jobs(1, timeout=10)
    assert simulator.jobs[0].status_queries == [4]


def test_paper_out_prints_nothing(simulator: SimulatedPrinter, tmp_path: Path) -> None:
    """GIVEN the simulator out of paper
    WHEN the kiosk's driver prints (it asks DLE EOT first), and a raw client sends a job regardless
    THEN the driver raises a PrinterError, the raw job is counted as refused, and no file is written."""
    simulator.state = "paper_out"
    with pytest.raises(PrinterError):
        kiosk_printer(simulator, tmp_path).print_image(slip())
    with socket.create_connection(("127.0.0.1", simulator.port), timeout=5) as connection:
        connection.sendall(escpos_job(slip()))
    assert simulator.wait_for_refused(1, timeout=10)
    assert simulator.refused == 1 and simulator.job_files == []


def test_offline_refuses_connections(simulator: SimulatedPrinter, tmp_path: Path) -> None:
    """GIVEN the simulator switched offline
    WHEN the kiosk checks or prints, or anything connects
    THEN the connection is refused (PrinterOffline for the kiosk); back online, printing works again
    on the same port."""
    printer = kiosk_printer(simulator, tmp_path)
    port = simulator.port
    simulator.state = "offline"
    with pytest.raises(PrinterOffline):
        printer.print_image(slip())
    with pytest.raises(PrinterOffline):
        printer.check()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=5)
    simulator.state = "online"
    assert simulator.port == port
    printer.print_image(slip())
    assert simulator.wait_for_jobs(1, timeout=10)
    assert simulator.job_files[0].name == "job-0001.png"


def test_malformed_stream_is_recorded_not_printed(simulator: SimulatedPrinter) -> None:
    """GIVEN a client sending a raster header that promises more data than it sends
    WHEN it closes the connection
    THEN the simulator records an error and writes no file."""
    header = b"\x1b@\x1dv0\x00" + (72).to_bytes(2, "little") + (100).to_bytes(2, "little")
    with socket.create_connection(("127.0.0.1", simulator.port), timeout=5) as connection:
        connection.sendall(header + b"\xff" * 720)
    with simulator.changed:
        assert simulator.changed.wait_for(lambda: len(simulator.errors) == 1, timeout=10)
    assert "not printed" in simulator.errors[0] and simulator.job_files == []


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM ends a Windows process without handlers")
def test_command_line_serves_until_sigterm(tmp_path: Path) -> None:
    """GIVEN `python -m drivers.printer.simulator --port 0 --out DIR --paper-width 384`
    WHEN a 58 mm slip is printed to the port it announces, then SIGTERM is sent
    THEN it announced itself, printed one line for the job (path and size), and exited with 0."""
    out = tmp_path / "jobs"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "drivers.printer.simulator",
            "--port",
            "0",
            "--out",
            str(out),
            "--paper-width",
            "384",
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None
    stdout = process.stdout

    def read_lines() -> None:
        for line in stdout:
            lines.put(line)

    threading.Thread(target=read_lines, daemon=True).start()
    try:
        first = lines.get(timeout=15)
        match = re.fullmatch(r"listening on tcp://127\.0\.0\.1:(\d+), jobs to (.+)\n", first)
        assert match and Path(match.group(2)) == out
        printer = EscposPrinter(f"tcp://127.0.0.1:{match.group(1)}", paper_width_mm=58, home=tmp_path)
        printer.print_image(slip(384, 50))
        job_line = lines.get(timeout=10)
        assert str(out / "job-0001.png") in job_line and "384x" in job_line
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()

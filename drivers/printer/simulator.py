"""A simulated ESC/POS network printer (raw TCP, like port 9100) that writes each job as a PNG.

One TCP connection is one job: the job ends when the client closes its side. Every
``DLE EOT n`` in the stream is answered at once, on the same connection, with the status byte
of the printer's current :attr:`SimulatedPrinter.state` (see :data:`STATUS_BYTES`). The stream is
decoded with :func:`drivers.printer.escpos_decoder.decode_job`; a job that puts something on
paper is written as ``job-0001.png``, ``job-0002.png``, ... (numbering continues after the
highest ``job-NNNN.png`` already in the folder). Connections that print nothing (a connection
check, status requests only) write no file.

States:

* ``"online"`` / ``"near_end"``: jobs print (``near_end`` only changes the paper sensor status).
* ``"paper_out"``: connections are accepted and status requests answered, but print data is not
  printed: it counts in :attr:`SimulatedPrinter.refused` (a real printer stops at paper end).
* ``"offline"``: the port is held but not listening, so connecting fails at once with "connection
  refused", as with a printer that is switched off or rebooting. (Accepting and then closing at
  once would not be seen by a client that only sends: its ``sendall`` completes into the kernel's
  buffers before the close arrives.) A connection accepted just before going offline is refused.

Status requests are answered at command boundaries only: a real Epson printer also reacts to
bytes ``10 04 n`` inside image data (unless disabled with ``GS ( D``), the simulator does not.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import selectors
import signal
import socket
import struct
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any, Final, Literal, get_args

from drivers.printer.escpos_decoder import (
    DLE,
    DecodedJob,
    EscposError,
    EscposTruncated,
    decode_job,
    next_command,
)

PrinterState = Literal["online", "near_end", "paper_out", "offline"]
STATES: Final[tuple[str, ...]] = get_args(PrinterState)

# Answers to DLE EOT n, per Epson ESC/POS "Transmit real-time status" (TM-T20/TM-T88 class).
# Every answer has bit 1 and bit 4 set and bits 0 and 7 clear (0x12 is the "all normal" byte).
#   n = 1 printer status:   bit 2 (0x04) drawer kick-out connector pin 3 is HIGH;
#                           bit 3 (0x08) offline; bit 5 waiting for online recovery; bit 6 FEED pressed.
#                           The simulator reports pin 3 HIGH, so online is 0x16 and offline 0x1E.
#                           A printer stopped by paper end is offline too (0x1E).
#   n = 2 offline cause:    bit 2 (0x04) cover open; bit 3 (0x08) paper fed by the FEED button;
#                           bit 5 (0x20) printing stopped by paper end; bit 6 (0x40) error occurred.
#                           Normal 0x12, paper out 0x32; "offline" reports the cover open (0x16).
#   n = 3 error cause:      bit 3 (0x08) autocutter error; bit 5 (0x20) unrecoverable error;
#                           bit 6 (0x40) auto-recoverable error. Always 0x12 here.
#   n = 4 roll paper sensor: bits 2-3 (0x0C) paper near end; bits 5-6 (0x60) paper end.
#                           Paper present 0x12, near end 0x1E, paper out 0x72.
# Other n (including 7 and 8 of newer models) get no answer.
STATUS_BYTES: Final[Mapping[str, Mapping[int, int]]] = {
    "online": {1: 0x16, 2: 0x12, 3: 0x12, 4: 0x12},
    "near_end": {1: 0x16, 2: 0x12, 3: 0x12, 4: 0x1E},
    "paper_out": {1: 0x1E, 2: 0x32, 3: 0x12, 4: 0x72},
    "offline": {1: 0x1E, 2: 0x16, 3: 0x12, 4: 0x12},
}

_JOB_FILE: Final = re.compile(r"job-(\d+)\.png")
_STATE_TIMEOUT_S: Final = 5.0

JobCallback = Callable[[DecodedJob, Path], None]
LogCallback = Callable[[str], None]


def status_byte(state: str, n: int) -> int | None:
    """The byte a printer in ``state`` answers to ``DLE EOT n``; None when it answers nothing."""
    return STATUS_BYTES[state].get(n)


def default_fonts_dir() -> Path | None:
    """The product's ``resources/fonts`` (source tree or PyInstaller bundle), if it is there."""
    bundle_root = getattr(sys, "_MEIPASS", None)
    root = Path(bundle_root) if bundle_root is not None else Path(__file__).resolve().parents[2]
    fonts = root / "resources" / "fonts"
    return fonts if fonts.is_dir() else None


class _StatusScanner:
    """Finds ``DLE EOT n`` at command boundaries in a growing buffer; each byte is examined once."""

    def __init__(self) -> None:
        self._pos = 0
        self._raw = False  # after a malformed command, fall back to looking for the bytes 10 04 n

    def feed(self, buffer: bytearray) -> list[int]:
        found: list[int] = []
        while self._pos < len(buffer):
            if self._raw:
                at = buffer.find(b"\x10\x04", self._pos)
                if at < 0:
                    self._pos = max(self._pos, len(buffer) - 1)
                    break
                if at + 2 >= len(buffer):
                    self._pos = at
                    break
                found.append(buffer[at + 2])
                self._pos = at + 3
                continue
            if buffer[self._pos] == DLE and self._pos + 1 == len(buffer):
                break  # perhaps the start of DLE EOT: wait for the next byte
            try:
                command = next_command(buffer, self._pos)
            except EscposTruncated:
                break  # wait for the rest of the command
            except EscposError:
                self._raw = True
                continue
            if command.name == "DLE EOT":
                found.append(command.args[0])
            self._pos = command.end
        return found


class SimulatedPrinter:
    """A network receipt printer on ``host:port`` (port 0 picks a free one; see :attr:`port`).

    Thread-safety: every public member may be called from any thread. Jobs are decoded and
    written on the connection's own thread; :attr:`changed` (a Condition) is notified after each
    job, refusal, decoding error and state change; :meth:`wait_for_jobs` waits on it.
    ``on_job(job, path)`` is called after each file is written, ``log(message)`` for refused jobs
    and streams that could not be decoded; both on the connection's thread.
    """

    def __init__(
        self,
        out_dir: Path,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        paper_width_px: int = 576,
        fonts_dir: Path | None = None,
        state: PrinterState = "online",
        on_job: JobCallback | None = None,
        log: LogCallback | None = None,
        idle_timeout_s: float = 30.0,
    ) -> None:
        if state not in STATES:
            raise ValueError(f"Printer state {state!r} is not one of {', '.join(STATES)}.")
        self._out_dir = out_dir
        self._host = host
        self._port = port
        self._paper_width_px = paper_width_px
        self._fonts_dir = fonts_dir
        self._on_job = on_job
        self._log = log
        self._idle_timeout_s = idle_timeout_s
        self.changed = threading.Condition()
        self._state: PrinterState = state
        self._applied: PrinterState | None = None
        self._jobs: list[DecodedJob] = []
        self._job_files: list[Path] = []
        self._refused = 0
        self._errors: list[str] = []
        self._next_number = 1
        self._socket: socket.socket | None = None
        self._listening = False
        self._waker: tuple[socket.socket, socket.socket] | None = None
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._connections: set[socket.socket] = set()
        self._workers: set[threading.Thread] = set()

    # -- public state ------------------------------------------------------------------------

    @property
    def port(self) -> int:
        """The TCP port (the one the system chose when constructed with port 0, once started)."""
        return self._port

    @property
    def uri(self) -> str:
        """``tcp://HOST:PORT``, the printer URI the kiosk's ``EscposPrinter`` takes."""
        host = f"[{self._host}]" if ":" in self._host else self._host
        return f"tcp://{host}:{self._port}"

    @property
    def paper_width_px(self) -> int:
        return self._paper_width_px

    @property
    def jobs(self) -> list[DecodedJob]:
        """Printed jobs, oldest first (a copy)."""
        with self.changed:
            return list(self._jobs)

    @property
    def job_files(self) -> list[Path]:
        """The PNG written for each job in :attr:`jobs` (a copy)."""
        with self.changed:
            return list(self._job_files)

    @property
    def refused(self) -> int:
        """Jobs with print data received while the state was ``paper_out`` or ``offline``."""
        with self.changed:
            return self._refused

    @property
    def errors(self) -> list[str]:
        """Why each stream that could not be decoded was rejected (a copy)."""
        with self.changed:
            return list(self._errors)

    @property
    def state(self) -> PrinterState:
        with self.changed:
            return self._state

    @state.setter
    def state(self, value: PrinterState) -> None:
        """Changes the state; once running, returns when the socket reflects it (``offline``)."""
        if value not in STATES:
            raise ValueError(f"Printer state {value!r} is not one of {', '.join(STATES)}.")
        with self.changed:
            self._state = value
            running = self._thread is not None
            self.changed.notify_all()
        if running:
            self._wake()
            with self.changed:
                self.changed.wait_for(lambda: self._applied == value or self._stopping, _STATE_TIMEOUT_S)

    def wait_for_jobs(self, count: int, timeout: float = 10.0) -> bool:
        """Waits until at least ``count`` jobs were printed; False if ``timeout`` seconds passed first."""
        with self.changed:
            return self.changed.wait_for(lambda: len(self._jobs) >= count, timeout)

    def wait_for_refused(self, count: int, timeout: float = 10.0) -> bool:
        """Waits until at least ``count`` jobs were refused; False on timeout."""
        with self.changed:
            return self.changed.wait_for(lambda: self._refused >= count, timeout)

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        """Binds the port and serves on a daemon thread; returns once connections are accepted
        (or, when ``offline``, refused). Raises ``OSError`` if the port cannot be bound."""
        if self._thread is not None:
            raise RuntimeError("The simulated printer is already running.")
        self._out_dir.mkdir(parents=True, exist_ok=True)
        numbers = [int(m.group(1)) for p in self._out_dir.iterdir() if (m := _JOB_FILE.fullmatch(p.name))]
        self._next_number = max(numbers, default=0) + 1
        self._stopping = False
        self._bind(listen=self._state != "offline")
        self._applied = self._state
        self._waker = socket.socketpair()
        self._waker[0].setblocking(False)
        self._thread = threading.Thread(target=self._serve, name="printer-simulator", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stops serving, drops open connections (their data is discarded) and frees the port."""
        with self.changed:
            if self._thread is None:
                return
            self._stopping = True
            thread, connections = self._thread, list(self._connections)
            self.changed.notify_all()
        self._wake()
        thread.join(_STATE_TIMEOUT_S)
        for connection in connections:
            with contextlib.suppress(OSError):  # already closed by its worker
                connection.shutdown(socket.SHUT_RDWR)
        for worker in list(self._workers):
            worker.join(_STATE_TIMEOUT_S)
        self._close_socket()
        if self._waker is not None:
            for end in self._waker:
                end.close()
            self._waker = None
        self._thread = None

    def __enter__(self) -> SimulatedPrinter:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # -- sockets -----------------------------------------------------------------------------

    def _bind(self, *, listen: bool) -> None:
        """Binds the port; listening or not (a bound socket that does not listen refuses connections
        but keeps the port)."""
        family = socket.AF_INET6 if ":" in self._host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            if os.name == "posix":  # rebinding after going offline; on Windows it would share the port
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self._host, self._port))
            if listen:
                sock.listen(16)
            sock.setblocking(False)
        except OSError:
            sock.close()
            raise
        self._socket, self._listening = sock, listen
        self._port = sock.getsockname()[1]

    def _close_socket(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket, self._listening = None, False

    def _wake(self) -> None:
        if self._waker is not None:
            with contextlib.suppress(OSError):  # stopped meanwhile
                self._waker[1].send(b"\0")

    def _reconcile(self, selector: selectors.BaseSelector, wanted: PrinterState) -> None:
        """Makes the socket match ``wanted``: listening unless offline."""
        listen = wanted != "offline"
        if self._socket is None or self._listening != listen:
            if self._socket is not None and self._listening:
                selector.unregister(self._socket)
            self._close_socket()
            try:
                self._bind(listen=listen)
            except OSError as exc:
                self._record_error(f"cannot bind {self._host}:{self._port} again: {exc}")
            else:
                if listen and self._socket is not None:
                    selector.register(self._socket, selectors.EVENT_READ)
        with self.changed:
            self._applied = wanted
            self.changed.notify_all()

    def _serve(self) -> None:
        assert self._waker is not None
        with selectors.DefaultSelector() as selector:
            selector.register(self._waker[0], selectors.EVENT_READ)
            if self._socket is not None and self._listening:
                selector.register(self._socket, selectors.EVENT_READ)
            while True:
                with self.changed:
                    if self._stopping:
                        return
                    wanted = self._state
                if wanted != self._applied or (wanted != "offline") != self._listening:
                    self._reconcile(selector, wanted)
                for key, _ in selector.select(timeout=1.0):
                    if key.fileobj is self._waker[0]:
                        with contextlib.suppress(OSError):  # nothing left to drain
                            self._waker[0].recv(4096)
                    else:
                        self._accept()

    def _accept(self) -> None:
        if self._socket is None:
            return
        try:
            connection, _ = self._socket.accept()
        except OSError:
            return  # the client gave up, or the socket was just replaced
        connection.settimeout(self._idle_timeout_s)
        with self.changed:
            refuse = self._state == "offline" or self._stopping
            if refuse:
                self._refused += 1
                self.changed.notify_all()
            else:
                self._connections.add(connection)
        if refuse:
            # Reset rather than close, so the client's next send fails.
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            connection.close()
            return
        self._workers = {worker for worker in self._workers if worker.is_alive()}
        worker = threading.Thread(
            target=self._serve_connection, args=(connection,), name="printer-simulator-job", daemon=True
        )
        self._workers.add(worker)
        worker.start()

    def _serve_connection(self, connection: socket.socket) -> None:
        received = bytearray()
        scanner = _StatusScanner()
        try:
            while chunk := connection.recv(65536):
                received += chunk
                answers = [status_byte(self.state, n) for n in scanner.feed(received)]
                reply = bytes(answer for answer in answers if answer is not None)
                if reply:
                    connection.sendall(reply)
        except OSError:
            pass  # an idle timeout or a reset ends the job with what arrived, as on a real printer
        finally:
            with self.changed:
                self._connections.discard(connection)
                stopping = self._stopping
            connection.close()
        if not stopping and received:
            self._finish(bytes(received))

    # -- jobs --------------------------------------------------------------------------------

    def _record_error(self, message: str) -> None:
        with self.changed:
            self._errors.append(message)
            self.changed.notify_all()
        if self._log is not None:
            self._log(message)

    def _finish(self, data: bytes) -> None:
        try:
            job = decode_job(data, paper_width_px=self._paper_width_px, fonts_dir=self._fonts_dir)
        except EscposError as exc:
            self._record_error(f"job of {len(data)} bytes not printed: {exc}")
            return
        if job.is_empty:
            return
        with self.changed:
            state = self._state
            if state in ("paper_out", "offline"):
                self._refused += 1
                self.changed.notify_all()
                path = None
            else:
                path = self._out_dir / f"job-{self._next_number:04d}.png"
                self._next_number += 1
                job.image.save(path)
                self._jobs.append(job)
                self._job_files.append(path)
                self.changed.notify_all()
        if path is None:
            if self._log is not None:
                self._log(f"job of {len(data)} bytes refused: printer is {state}")
        elif self._on_job is not None:
            self._on_job(job, path)


def main(argv: Sequence[str] | None = None) -> int:
    """``kiosk simulate printer``: serves until SIGINT or SIGTERM; one stdout line per job written."""
    parser = argparse.ArgumentParser(
        prog="kiosk simulate printer",
        description="A simulated ESC/POS network printer that writes each job as a PNG.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=9100, help="TCP port; 0 picks a free one (default 9100)")
    parser.add_argument("--out", type=Path, required=True, help="folder for job-0001.png, ...")
    parser.add_argument("--paper-width", type=int, choices=(576, 384), default=576, help="dots across")
    parser.add_argument("--state", choices=STATES, default="online", help="printer state (default online)")
    parser.add_argument("--fonts", type=Path, default=None, help="font folder (default: the bundled fonts)")
    args = parser.parse_args(argv)

    def on_job(job: DecodedJob, path: Path) -> None:
        print(f"{path} ({job.image.width}x{job.image.height} px)", flush=True)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    printer = SimulatedPrinter(
        args.out,
        host=args.host,
        port=args.port,
        paper_width_px=args.paper_width,
        fonts_dir=args.fonts or default_fonts_dir(),
        state=args.state,
        on_job=on_job,
        log=log,
    )
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous: dict[signal.Signals, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGINT, signal.SIGTERM):
            previous[signum] = signal.signal(signum, on_signal)
    try:
        try:
            printer.start()
        except OSError as exc:
            print(f"cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
            return 1
        print(f"listening on {printer.uri}, jobs to {args.out}", flush=True)
        while not stop.wait(0.5):
            pass
        return 0
    finally:
        printer.stop()
        for signum, handler in previous.items():
            signal.signal(signum, handler)


if __name__ == "__main__":
    sys.exit(main())

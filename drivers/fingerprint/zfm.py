"""ZFM / R30x / AS608 fingerprint modules over a serial port (pyserial).

The host sends a command packet (PID 01); the module answers with one acknowledgement (PID 07)
whose first payload byte is the confirmation code. Template transfers follow the
acknowledgement with data packets (PID 02, the last one PID 08) of the module's data packet
size. The framing is :mod:`drivers.fingerprint.protocol`'s; this module adds the exchange.

Retry policy:

- before each request the driver's receive buffers and the port's input buffer are cleared
  (a late answer to an earlier request, already on the line, is not taken for this one's;
  the protocol has no sequence numbers, so one arriving later still could be), then the command is
  written and the answer read through a :class:`~drivers.fingerprint.protocol.PacketReader`,
  which skips garbage and frames with a bad checksum by re-synchronising on the next header;
- a request is retried once when its answer does not come cleanly: nothing within
  ``timeout_s``, or a frame that was rejected (bad checksum, cut short) and no valid answer
  after it once the line has been quiet for ``QUIET_S``, or an acknowledgement too short for
  its instruction. Only idempotent instructions are retried: ``Store``, ``DeleteChar``,
  ``Empty`` and ``DownChar`` are written once and report ``ModuleNotResponding`` (the first
  one may have been carried out);
- a template download (``LoadChar``, ``UpChar``, data packets) whose data does not arrive
  cleanly (a rejected frame, a short packet, no end packet, not ``template_size`` bytes in all)
  is repeated once as a whole;
- a non-zero confirmation code raises its typed error
  (:func:`drivers.fingerprint.errors.error_for`); those are never retried here.

Nothing touches a port at import time. Logs name instructions and confirmation codes only,
never template bytes. Thread: the fingerprint worker thread only.
"""

from __future__ import annotations

import logging
import os
import struct
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Protocol

from drivers.fingerprint.base import (
    DEFAULT_CAPTURE_TIMEOUT_S,
    LIFT_FINGER,
    PLACE_FINGER,
    EnrollResult,
    FingerprintScanner,
    ModuleInfo,
    ProgressCallback,
    SearchResult,
    VerifyResult,
)
from drivers.fingerprint.errors import (
    BadPage,
    CaptureCancelled,
    CaptureTimedOut,
    FingerprintError,
    ImageFailed,
    MergeFailed,
    ModuleError,
    ModuleNotResponding,
    NoFinger,
    NoMatch,
    NotFound,
    PortUnavailable,
    error_for,
)
from drivers.fingerprint.protocol import (
    CHAR_BUFFERS,
    DEFAULT_ADDRESS,
    DEFAULT_PASSWORD,
    INDEX_PAGE_PAGES,
    PACKET_SIZES,
    PID_COMMAND,
    TEMPLATE_SIZE,
    Confirmation,
    Instruction,
    Packet,
    PacketReader,
    SystemParameters,
    build_data_packets,
    build_packet,
    index_table_pages,
)

log = logging.getLogger(__name__)

DEFAULT_BAUD = 57600
DEFAULT_TIMEOUT_S = 2.0
POLL_INTERVAL_S = 0.1
"""Pause between two GenImg while waiting for a finger to be placed or lifted."""
READ_POLL_S = 0.02
"""The port's read timeout: how long one read waits for a first byte."""
QUIET_S = 0.1
"""Silence after which a rejected frame is taken as the (corrupted) answer: retry at once."""

NOT_IDEMPOTENT = frozenset(
    {Instruction.STORE, Instruction.DELETE_CHAR, Instruction.EMPTY, Instruction.DOWN_CHAR}
)
"""Instructions never written twice for one request."""

RESULT_SIZES: dict[Instruction, int] = {
    Instruction.MATCH: 2,
    Instruction.SEARCH: 4,
    Instruction.READ_SYS_PARA: SystemParameters.SIZE,
    Instruction.TEMPLATE_NUM: 2,
    Instruction.READ_INDEX_TABLE: 32,
}
"""Bytes after the confirmation code of a successful acknowledgement (other instructions: 0)."""

AURA_ON = bytes([3, 0, 2, 0])
"""AuraLedConfig: steady on, blue (R503 ring light)."""
AURA_OFF = bytes([4, 0, 2, 0])


class SerialLink(Protocol):
    """What the driver needs of a serial port (``serial.Serial`` has it; tests pass fakes).
    ``read`` returns at most ``size`` bytes, waiting briefly (the port's timeout) for the first."""

    @property
    def in_waiting(self) -> int: ...

    def read(self, size: int = 1, /) -> bytes: ...

    def write(self, data: bytes, /) -> int | None: ...

    def reset_input_buffer(self) -> None: ...

    def close(self) -> None: ...


class _Unclean(Exception):
    """An answer that did not come cleanly (internal: turned into a retry or ModuleNotResponding)."""


class ZfmScanner:
    """A ZFM-family module on a serial link. Implements ``FingerprintScanner``.

    Use :meth:`open` (a port name) or :meth:`attach` (an open link); both verify the password
    and read the system parameters. ``bytes_sent`` / ``bytes_received`` count the bytes on the
    wire, for benchmarks. Thread: the fingerprint worker thread only (every method blocks).
    """

    def __init__(
        self,
        link: SerialLink,
        *,
        address: int = DEFAULT_ADDRESS,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        poll_interval_s: float = POLL_INTERVAL_S,
        template_size: int | None = TEMPLATE_SIZE,
    ) -> None:
        """Wraps ``link`` without any I/O (the handshake is :meth:`attach`'s). ``template_size``
        is what UpChar / DownChar move on this model (``None``: do not check)."""
        if not 0 <= address <= 0xFFFFFFFF:
            raise ValueError("the module address is 32-bit")
        self._link: SerialLink | None = link
        self._address = address
        self._timeout_s = timeout_s
        self._poll_interval_s = poll_interval_s
        self._template_size = template_size
        self._reader = PacketReader()
        self._backlog: list[Packet] = []
        self._bad_at_request = 0
        self._bytes_sent = 0
        self._bytes_received = 0
        self._params: SystemParameters | None = None
        self._led_instruction: Instruction | None = None
        self._led_unsupported = False

    # -- opening and closing -------------------------------------------------------------

    @classmethod
    def open(
        cls,
        port: str,
        *,
        baud: int = DEFAULT_BAUD,
        password: int = DEFAULT_PASSWORD,
        address: int = DEFAULT_ADDRESS,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        template_size: int | None = TEMPLATE_SIZE,
    ) -> ZfmScanner:
        """Opens ``port`` (``PortUnavailable``), verifies ``password`` (``WrongPassword``) and
        reads the module's packet size and capacity. Thread: the fingerprint worker thread."""
        import serial

        try:
            link = serial.Serial(
                port=port,
                baudrate=baud,
                timeout=READ_POLL_S,
                write_timeout=timeout_s,
                exclusive=True if os.name == "posix" else None,
            )
        except (OSError, ValueError) as exc:
            raise PortUnavailable(f"cannot open the serial port {port!r}: {exc}") from exc
        return cls.attach(
            link, password=password, address=address, timeout_s=timeout_s, template_size=template_size
        )

    @classmethod
    def attach(
        cls,
        link: SerialLink,
        *,
        password: int = DEFAULT_PASSWORD,
        address: int = DEFAULT_ADDRESS,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        poll_interval_s: float = POLL_INTERVAL_S,
        template_size: int | None = TEMPLATE_SIZE,
    ) -> ZfmScanner:
        """A scanner on an already open ``link``: VfyPwd, then ReadSysPara. Closes the link when
        the handshake fails."""
        scanner = cls(
            link,
            address=address,
            timeout_s=timeout_s,
            poll_interval_s=poll_interval_s,
            template_size=template_size,
        )
        try:
            scanner._handshake(password)
        except BaseException:
            scanner.close()
            raise
        return scanner

    def _handshake(self, password: int) -> None:
        if not 0 <= password <= 0xFFFFFFFF:
            raise ValueError("the module password is 32-bit")
        self._request(Instruction.VFY_PWD, struct.pack(">I", password))
        params = self._read_parameters()
        log.info(
            "fingerprint module ready: capacity %d, packet size %d, security level %d",
            params.library_size,
            params.packet_size,
            params.security_level,
        )

    def close(self) -> None:
        """Releases the serial port; safe to call twice."""
        link, self._link = self._link, None
        if link is not None:
            try:
                link.close()
            except OSError as exc:
                log.warning("closing the fingerprint port failed: %s", type(exc).__name__)

    def __enter__(self) -> ZfmScanner:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # -- counters --------------------------------------------------------------------------

    @property
    def bytes_sent(self) -> int:
        """Bytes written to the module since the scanner was created."""
        return self._bytes_sent

    @property
    def bytes_received(self) -> int:
        """Bytes read from the module since the scanner was created."""
        return self._bytes_received

    # -- information and the library -------------------------------------------------------

    def info(self) -> ModuleInfo:
        params = self._read_parameters()
        return ModuleInfo(
            template_count=self.template_count(),
            capacity=params.library_size,
            security_level=params.security_level,
            baud=params.baud,
            packet_size=params.packet_size,
            address=params.device_address,
        )

    def template_count(self) -> int:
        (count,) = struct.unpack(">H", self._request(Instruction.TEMPLATE_NUM)[:2])
        return int(count)

    def index_table(self, index_page: int = 0) -> list[int]:
        if index_page < 0 or index_page * INDEX_PAGE_PAGES >= self._capacity():
            raise BadPage(f"index page {index_page} is outside the library")
        bitmap = self._request(Instruction.READ_INDEX_TABLE, bytes([index_page]))
        return index_table_pages(bitmap, index_page)

    def delete(self, page: int, count: int = 1) -> None:
        if count < 1:
            raise ValueError("count must be at least 1")
        self._check_page(page)
        self._check_page(page + count - 1)
        self._request(Instruction.DELETE_CHAR, struct.pack(">HH", page, count))

    def empty(self) -> None:
        self._request(Instruction.EMPTY)

    # -- captures and matching -----------------------------------------------------------

    def capture(
        self,
        buffer: int,
        *,
        timeout_s: float,
        cancel: threading.Event | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> None:
        self._check_buffer(buffer)
        self._wait_for_finger(timeout_s=timeout_s, cancel=cancel, on_progress=on_progress)
        self._request(Instruction.IMG2TZ, bytes([buffer]))

    def match(self) -> int:
        (score,) = struct.unpack(">H", self._request(Instruction.MATCH)[:2])
        return int(score)

    def search(self, buffer: int = 1, *, start_page: int = 0, count: int | None = None) -> SearchResult:
        self._check_buffer(buffer)
        self._check_page(start_page)
        capacity = self._capacity()
        if count is None:
            count = capacity - start_page
        if count < 1 or start_page + count > capacity:
            raise BadPage(f"search of {count} pages from page {start_page} is outside the library")
        answer = self._request(Instruction.SEARCH, struct.pack(">BHH", buffer, start_page, count))
        page, score = struct.unpack(">HH", answer[:4])
        return SearchResult(page=int(page), score=int(score))

    def enroll(
        self,
        captures: int = 2,
        *,
        page: int | None = None,
        timeout_s: float = DEFAULT_CAPTURE_TIMEOUT_S,
        cancel: threading.Event | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> EnrollResult:
        """The first capture goes to buffer 1, each further one (after the finger was lifted) to
        buffer 2 and is matched against buffer 1: a capture that does not match raises
        ``MergeFailed`` (the citizen starts again). Buffers 1 and 2 are then merged (RegModel)
        and stored. ``score`` is the lowest of the match scores."""
        if captures < 2:
            raise ValueError("an enrollment needs at least two captures")
        if page is None:
            page = self._first_free_page()
        else:
            self._check_page(page)
        self.capture(1, timeout_s=timeout_s, cancel=cancel, on_progress=on_progress)
        scores: list[int] = []
        for _ in range(captures - 1):
            self._wait_for_lift(timeout_s=timeout_s, cancel=cancel, on_progress=on_progress)
            self.capture(2, timeout_s=timeout_s, cancel=cancel, on_progress=on_progress)
            try:
                scores.append(self.match())
            except NoMatch as exc:
                raise MergeFailed("the enrollment captures do not match each other", code=exc.code) from exc
        self._request(Instruction.REG_MODEL)
        self._request(Instruction.STORE, struct.pack(">BH", 1, page))
        log.info("fingerprint enrolled in page %d", page)
        return EnrollResult(page=page, score=min(scores))

    def verify(
        self,
        page: int | None = None,
        *,
        timeout_s: float = DEFAULT_CAPTURE_TIMEOUT_S,
        cancel: threading.Event | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> VerifyResult:
        """1:1 (``page`` given): the page is loaded into buffer 2 first (an empty or invalid page
        fails before the citizen is asked for a finger), the capture goes to buffer 1, then Match.
        1:N (``page`` is ``None``): the capture goes to buffer 1, then Search of the library."""
        if page is not None:
            self._check_page(page)
            self._request(Instruction.LOAD_CHAR, struct.pack(">BH", 2, page))
            self.capture(1, timeout_s=timeout_s, cancel=cancel, on_progress=on_progress)
            try:
                score = self.match()
            except NoMatch:
                return VerifyResult(matched=False, page=page, score=0)
            return VerifyResult(matched=True, page=page, score=score)
        self.capture(1, timeout_s=timeout_s, cancel=cancel, on_progress=on_progress)
        try:
            hit = self.search(1)
        except NotFound:
            return VerifyResult(matched=False, page=None, score=0)
        return VerifyResult(matched=True, page=hit.page, score=hit.score)

    # -- template transfers ----------------------------------------------------------------

    def download_template(self, page: int) -> bytes:
        """LoadChar into buffer 1, then UpChar; the data packets are collected until PID 08.
        Repeated once as a whole when the data does not arrive cleanly."""
        self._check_page(page)
        for attempt in (1, 2):
            self._request(Instruction.LOAD_CHAR, struct.pack(">BH", 1, page))
            try:
                self._request(Instruction.UP_CHAR, bytes([1]), retry=False)
                return self._receive_data()
            except (_Unclean, ModuleNotResponding):
                log.warning("template download from page %d not clean (attempt %d)", page, attempt)
                self._drain()
        raise ModuleNotResponding("the template did not arrive cleanly")

    def upload_template(self, template: bytes, page: int) -> None:
        """DownChar into buffer 1, the data packets (PID 02, the last 08) of the module's packet
        size, then Store. Neither DownChar nor Store is ever written twice."""
        if not template:
            raise ValueError("empty template")
        if self._template_size is not None and len(template) != self._template_size:
            raise ValueError(f"a template is {self._template_size} bytes, not {len(template)}")
        self._check_page(page)
        packet_size = self._packet_size()
        self._request(Instruction.DOWN_CHAR, bytes([1]))
        for packet in build_data_packets(template, packet_size, self._address):
            self._write(packet)
        self._request(Instruction.STORE, struct.pack(">BH", 1, page))

    # -- the light -----------------------------------------------------------------------

    def led(self, on: bool) -> None:
        """LedOn / LedOff (0x50 / 0x51), or the R503's AuraLedConfig where those are unknown to
        the module; ``ModuleError`` when neither is supported."""
        if self._led_unsupported:
            raise ModuleError(Confirmation.PACKET_ERROR, "the fingerprint module has no switchable light")
        if self._led_instruction is not None:
            self._led_request(self._led_instruction, on)
            return
        for instruction in (Instruction.LED_ON, Instruction.AURA_LED_CONFIG):
            try:
                self._led_request(instruction, on)
            except ModuleError as exc:
                if exc.code != Confirmation.PACKET_ERROR:
                    raise
                continue
            self._led_instruction = instruction
            return
        self._led_unsupported = True
        raise ModuleError(Confirmation.PACKET_ERROR, "the fingerprint module has no switchable light")

    def _led_request(self, instruction: Instruction, on: bool) -> None:
        if instruction == Instruction.AURA_LED_CONFIG:
            self._request(instruction, AURA_ON if on else AURA_OFF)
        else:
            self._request(Instruction.LED_ON if on else Instruction.LED_OFF)

    # -- helpers: finger ---------------------------------------------------------------

    def _wait_for_finger(
        self,
        *,
        timeout_s: float,
        cancel: threading.Event | None,
        on_progress: ProgressCallback | None,
    ) -> None:
        """GenImg until it takes an image (``NoFinger`` means: not yet)."""
        deadline = time.monotonic() + timeout_s
        if on_progress is not None:
            on_progress(PLACE_FINGER)
        while True:
            if cancel is not None and cancel.is_set():
                raise CaptureCancelled()
            try:
                self._request(Instruction.GEN_IMG)
                return
            except NoFinger:
                pass
            self._pause(deadline, cancel, CaptureTimedOut())

    def _wait_for_lift(
        self,
        *,
        timeout_s: float,
        cancel: threading.Event | None,
        on_progress: ProgressCallback | None,
    ) -> None:
        """GenImg until it reports no finger (a failed image: part of the finger is still there)."""
        deadline = time.monotonic() + timeout_s
        if on_progress is not None:
            on_progress(LIFT_FINGER)
        while True:
            if cancel is not None and cancel.is_set():
                raise CaptureCancelled()
            try:
                self._request(Instruction.GEN_IMG)
            except NoFinger:
                return
            except ImageFailed:
                pass
            self._pause(deadline, cancel, CaptureTimedOut("the finger was not lifted in time"))

    def _pause(self, deadline: float, cancel: threading.Event | None, timed_out: FingerprintError) -> None:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise timed_out
        delay = min(self._poll_interval_s, remaining)
        if cancel is None:
            time.sleep(delay)
        elif cancel.wait(delay):
            raise CaptureCancelled()

    # -- helpers: library ------------------------------------------------------------------

    def _read_parameters(self) -> SystemParameters:
        answer = self._request(Instruction.READ_SYS_PARA)
        params = SystemParameters.from_bytes(answer[: SystemParameters.SIZE])
        if params.packet_size_code not in PACKET_SIZES or params.library_size == 0:
            raise ModuleError(None, "the fingerprint module's system parameters make no sense")
        self._params = params
        return params

    def _capacity(self) -> int:
        params = self._params if self._params is not None else self._read_parameters()
        return params.library_size

    def _packet_size(self) -> int:
        params = self._params if self._params is not None else self._read_parameters()
        return params.packet_size

    def _check_page(self, page: int) -> None:
        capacity = self._capacity()
        if not 0 <= page < capacity:
            raise BadPage(f"page {page} is outside the library of {capacity} pages")

    @staticmethod
    def _check_buffer(buffer: int) -> None:
        if buffer not in CHAR_BUFFERS:
            raise ValueError(f"character buffer {buffer} is not 1 or 2")

    def _first_free_page(self) -> int:
        """The lowest unused page (ReadIndexTable; TemplateNum on modules without it)."""
        capacity = self._capacity()
        try:
            for index_page in range((capacity + INDEX_PAGE_PAGES - 1) // INDEX_PAGE_PAGES):
                used = set(self.index_table(index_page))
                first = index_page * INDEX_PAGE_PAGES
                for page in range(first, min(capacity, first + INDEX_PAGE_PAGES)):
                    if page not in used:
                        return page
        except ModuleError as exc:
            if exc.code != Confirmation.PACKET_ERROR:
                raise
            count = self.template_count()  # pages are then assumed to be filled from 0 on
            if count < capacity:
                return count
        raise BadPage("the template library is full")

    # -- helpers: the exchange -----------------------------------------------------------

    def _request(self, instruction: Instruction, params: bytes = b"", *, retry: bool = True) -> bytes:
        """Writes one command and returns the acknowledgement's results (after the code).
        Retried once when the answer does not come cleanly (idempotent instructions only)."""
        attempts = 2 if retry and instruction not in NOT_IDEMPOTENT else 1
        packet = build_packet(PID_COMMAND, bytes([instruction]) + params, self._address)
        for attempt in range(1, attempts + 1):
            self._clear_input()
            self._write(packet)
            try:
                ack = self._receive_ack()
            except _Unclean as exc:
                log.warning("%s: %s (attempt %d of %d)", instruction.name, exc, attempt, attempts)
                continue
            code = ack.payload[0]
            error = error_for(code)
            if error is not None:
                log.debug("%s: confirmation 0x%02X", instruction.name, code)
                raise error
            results = ack.payload[1:]
            expected = RESULT_SIZES.get(instruction, 0)
            if len(results) < expected:
                log.warning(
                    "%s: acknowledgement of %d bytes (attempt %d of %d)",
                    instruction.name,
                    len(ack.payload),
                    attempt,
                    attempts,
                )
                continue
            return results
        raise ModuleNotResponding(f"no clean answer to {instruction.name}")

    def _receive_ack(self) -> Packet:
        return self._receive(lambda packet: packet.is_ack, "no acknowledgement")

    def _receive_data(self) -> bytes:
        """The data packets of a transfer, until the end packet (PID 08)."""
        packet_size = self._packet_size()
        data = bytearray()
        while True:
            packet = self._receive(lambda packet: packet.is_data or packet.is_ack, "data stopped")
            if packet.is_ack:
                raise _Unclean("an acknowledgement inside the data")
            if len(packet.payload) > packet_size or (
                not packet.is_end and len(packet.payload) != packet_size
            ):
                raise _Unclean(f"a data packet of {len(packet.payload)} bytes")
            data += packet.payload
            if packet.is_end:
                break
        if self._reader.bad_packets != self._bad_at_request:
            raise _Unclean("a data packet was corrupted")
        if self._template_size is not None and len(data) != self._template_size:
            raise _Unclean(f"{len(data)} bytes of data")
        return bytes(data)

    def _receive(self, wanted: Callable[[Packet], bool], missing: str) -> Packet:
        """The next packet from the module that ``wanted`` accepts (packets for other addresses
        are skipped). Raises ``_Unclean`` at the timeout, or as soon as the line is quiet after
        a rejected frame."""
        reader = self._reader
        now = time.monotonic()
        deadline = now + self._timeout_s
        last_byte = now
        while True:
            while self._backlog:
                packet = self._backlog.pop(0)
                if packet.address == self._address and wanted(packet):
                    return packet
            data = self._read_some()
            now = time.monotonic()
            if data:
                last_byte = now
                self._backlog += reader.feed(data)
                if self._backlog or now < deadline:
                    continue
            quiet = now - last_byte >= QUIET_S
            if (quiet or now >= deadline) and reader.pending:
                self._backlog += reader.flush()  # what is buffered will not be completed
                if self._backlog:
                    continue
            if now >= deadline:
                raise _Unclean(f"{missing} within {self._timeout_s:g} s")
            if quiet and reader.bad_packets != self._bad_at_request:
                raise _Unclean(f"{missing}: a corrupted frame ({reader.last_error})")

    def _drain(self) -> None:
        """Reads until the line is quiet (the rest of an abandoned transfer), then forgets it."""
        deadline = time.monotonic() + self._timeout_s
        last_byte = time.monotonic()
        while True:
            now = time.monotonic()
            if now - last_byte >= QUIET_S or now >= deadline:
                break
            if self._read_some():
                last_byte = time.monotonic()
        self._clear_input()

    # -- helpers: the port -----------------------------------------------------------------

    def _port(self) -> SerialLink:
        if self._link is None:
            raise PortUnavailable("the fingerprint module's port is closed")
        return self._link

    def _clear_input(self) -> None:
        """Forgets everything received so far; rejected frames are counted from here on."""
        self._backlog.clear()
        self._reader.reset()
        self._bad_at_request = self._reader.bad_packets
        try:
            self._port().reset_input_buffer()
        except OSError as exc:
            raise PortUnavailable(f"the serial port failed: {type(exc).__name__}") from exc

    def _write(self, data: bytes) -> None:
        try:
            self._port().write(data)
        except OSError as exc:
            raise PortUnavailable(f"writing to the serial port failed: {type(exc).__name__}") from exc
        self._bytes_sent += len(data)

    def _read_some(self) -> bytes:
        port = self._port()
        try:
            waiting = port.in_waiting
            data = port.read(waiting if waiting > 0 else 1)
        except OSError as exc:
            raise PortUnavailable(f"reading from the serial port failed: {type(exc).__name__}") from exc
        self._bytes_received += len(data)
        return data


if TYPE_CHECKING:

    def _implements_the_interface(scanner: ZfmScanner) -> FingerprintScanner:
        return scanner

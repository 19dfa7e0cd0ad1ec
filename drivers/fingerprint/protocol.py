"""The serial packet protocol of ZhianTec ZFM / R30x / AS608 fingerprint modules (pure, no I/O).

Every packet, in both directions::

    EF 01 | address (4, BE) | PID (1) | LEN (2, BE) | payload (LEN - 2) | SUM (2, BE)

``LEN`` counts the payload and the checksum; ``SUM = (PID + LENhi + LENlo + sum(payload)) & 0xFFFF``
(the header and the address are not summed). PIDs: ``01`` command (host to module, payload =
instruction code + parameters), ``07`` acknowledgement (module to host, payload = confirmation
code + results), ``02`` data and ``08`` end of data (bulk transfers in either direction, of the
module's data packet size; the last packet of a transfer is ``08``).

Multi-byte numbers in payloads are big-endian. Vectors (from DEVICES.md)::

    VfyPwd(0)   EF01 FFFFFFFF 01 0007 13 00000000 001B
    its ack     EF01 FFFFFFFF 07 0003 00 000A
    GenImg      EF01 FFFFFFFF 01 0003 01 0005

:class:`PacketReader` turns a byte stream into packets, re-synchronising on the next header after
garbage, bad checksums and lost bytes.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from enum import IntEnum
from typing import ClassVar, Final

HEADER: Final = b"\xef\x01"
"""Start code of every packet."""
DEFAULT_ADDRESS: Final = 0xFFFFFFFF
"""The factory module address (and the broadcast address hosts use)."""
DEFAULT_PASSWORD: Final = 0x00000000
"""The factory handshake password (a module with password 0 needs no VfyPwd)."""

PID_COMMAND: Final = 0x01
PID_DATA: Final = 0x02
PID_ACK: Final = 0x07
PID_END_DATA: Final = 0x08
PIDS: Final = frozenset({PID_COMMAND, PID_DATA, PID_ACK, PID_END_DATA})

PREFIX_SIZE: Final = 9
"""Bytes before the payload: header (2), address (4), PID (1), LEN (2)."""
CHECKSUM_SIZE: Final = 2
MAX_PAYLOAD: Final = 256
"""Largest payload: a data packet of the largest packet size (256 bytes)."""
MIN_PAYLOAD: Final = 1
"""Every packet carries at least an instruction code, a confirmation code or one data byte."""

PACKET_SIZES: Final[dict[int, int]] = {0: 32, 1: 64, 2: 128, 3: 256}
"""Data packet size code (ReadSysPara, WriteReg register 6) to payload bytes per data packet."""
BAUD_UNIT: Final = 9600
"""The baud rate is ``BAUD_UNIT * N`` (ReadSysPara, WriteReg register 4), N from 1 to 12."""

TEMPLATE_SIZE: Final = 512
"""Bytes of a character buffer / library template moved by UpChar and DownChar."""
IMAGE_WIDTH: Final = 256
IMAGE_HEIGHT: Final = 288
IMAGE_SIZE: Final = IMAGE_WIDTH * IMAGE_HEIGHT // 2
"""Bytes moved by UpImage: 256 x 288 pixels, 4 bits per pixel, the high nibble is the left pixel
(36864 bytes)."""
INDEX_PAGE_PAGES: Final = 256
"""Library pages covered by one ReadIndexTable page (32 bytes, bit ``p % 8`` of byte ``p // 8``)."""
CHAR_BUFFERS: Final = (1, 2)


class Instruction(IntEnum):
    """Instruction codes (first payload byte of a command packet). Parameters, big-endian:"""

    GEN_IMG = 0x01
    """Take an image of the finger into the image buffer. Ack: code."""
    IMG2TZ = 0x02
    """(buffer) Turn the image into a character file in char buffer 1 or 2. Ack: code."""
    MATCH = 0x03
    """Compare char buffers 1 and 2. Ack: code, score (2)."""
    SEARCH = 0x04
    """(buffer, start page (2), page count (2)) Search the library. Ack: code, page (2), score (2)."""
    REG_MODEL = 0x05
    """Merge char buffers 1 and 2 into a template (left in both buffers). Ack: code."""
    STORE = 0x06
    """(buffer, page (2)) Store a char buffer in the library. Ack: code."""
    LOAD_CHAR = 0x07
    """(buffer, page (2)) Load a library page into a char buffer. Ack: code."""
    UP_CHAR = 0x08
    """(buffer) Send a char buffer to the host. Ack: code; then data packets (if code 0)."""
    DOWN_CHAR = 0x09
    """(buffer) Receive a char buffer from the host. Ack: code; then the host sends data packets."""
    UP_IMAGE = 0x0A
    """Send the image buffer to the host. Ack: code; then data packets (if code 0)."""
    DELETE_CHAR = 0x0C
    """(page (2), count (2)) Delete templates. Ack: code."""
    EMPTY = 0x0D
    """Delete every template. Ack: code."""
    WRITE_REG = 0x0E
    """(register, value) Set a system parameter: 4 baud N, 5 security level, 6 packet size code."""
    READ_SYS_PARA = 0x0F
    """Ack: code, 16 bytes of system parameters (:class:`SystemParameters`)."""
    VFY_PWD = 0x13
    """(password (4)) Handshake password. Ack: code."""
    GET_RANDOM_CODE = 0x14
    """Ack: code, a 32-bit random number."""
    TEMPLATE_NUM = 0x1D
    """Ack: code, number of stored templates (2)."""
    READ_INDEX_TABLE = 0x1F
    """(index page 0..3) Ack: code, 32-byte bitmap of the used pages among 256 pages."""
    AURA_LED_CONFIG = 0x35
    """(control, speed, colour index, count) The R503 ring light. Control: 1 breathing,
    2 flashing, 3 on, 4 off, 5 gradually on, 6 gradually off. Colour: 1 red, 2 blue, 3 purple
    (R503); 4 green, 5 yellow, 6 cyan, 7 white on later modules. Ack: code."""
    LED_ON = 0x50
    """Backlight on, on modules that have a switchable light. Ack: code."""
    LED_OFF = 0x51
    """Backlight off. Ack: code."""


class Confirmation(IntEnum):
    """Confirmation codes (first payload byte of an acknowledgement)."""

    OK = 0x00
    PACKET_ERROR = 0x01
    """Error receiving the command packet (bad checksum, bad parameters, unknown instruction)."""
    NO_FINGER = 0x02
    IMAGE_FAIL = 0x03
    """The image could not be taken."""
    TOO_MESSY = 0x06
    """No character file: the image is too disorderly (wet, dirty, smudged finger)."""
    TOO_FEW_FEATURES = 0x07
    """No character file: too few feature points (too little of the finger on the glass)."""
    NO_MATCH = 0x08
    NOT_FOUND = 0x09
    MERGE_FAIL = 0x0A
    """RegModel: the char buffers do not belong to the same finger."""
    PAGE_OUT_OF_RANGE = 0x0B
    READ_TEMPLATE_ERROR = 0x0C
    """LoadChar: the page is empty or its template is invalid."""
    UPLOAD_FEATURE_FAIL = 0x0D
    """UpChar: the char buffer cannot be sent."""
    CANNOT_RECEIVE_DATA = 0x0E
    """The module cannot receive the following data packets."""
    UPLOAD_IMAGE_FAIL = 0x0F
    DELETE_FAIL = 0x10
    CLEAR_LIBRARY_FAIL = 0x11
    WRONG_PASSWORD = 0x13
    NO_VALID_IMAGE = 0x15
    """Img2Tz: no valid image in the image buffer."""
    FLASH_WRITE_ERROR = 0x18
    INVALID_REGISTER = 0x1A
    BAD_REGISTER_VALUE = 0x1B
    """WriteReg: the register exists but the value is not allowed."""
    PASSWORD_NOT_VERIFIED = 0x21
    """The module has a password and VfyPwd has not succeeded yet."""


class FrameError(Exception):
    """A malformed packet. ``reason``: ``"bad_header"``, ``"bad_pid"``, ``"bad_length"``,
    ``"bad_checksum"`` or ``"truncated"``."""

    def __init__(self, reason: str, message: str | None = None) -> None:
        self.reason = reason
        super().__init__(message if message is not None else reason.replace("_", " "))


def checksum(pid: int, payload: bytes) -> int:
    """``(PID + LENhi + LENlo + sum(payload)) & 0xFFFF`` with ``LEN = len(payload) + 2``."""
    length = len(payload) + CHECKSUM_SIZE
    return (pid + (length >> 8) + (length & 0xFF) + sum(payload)) & 0xFFFF


def build_packet(pid: int, payload: bytes, address: int = DEFAULT_ADDRESS) -> bytes:
    """One packet on the wire. Raises ``ValueError`` for an unknown PID, an address that is not
    32-bit or a payload outside ``MIN_PAYLOAD .. MAX_PAYLOAD`` bytes."""
    if pid not in PIDS:
        raise ValueError(f"unknown packet identifier 0x{pid:02X}")
    if not 0 <= address <= 0xFFFFFFFF:
        raise ValueError(f"address {address!r} is not 32-bit")
    if not MIN_PAYLOAD <= len(payload) <= MAX_PAYLOAD:
        raise ValueError(f"payload of {len(payload)} bytes (allowed {MIN_PAYLOAD}..{MAX_PAYLOAD})")
    payload = bytes(payload)
    length = len(payload) + CHECKSUM_SIZE
    return (
        HEADER
        + struct.pack(">IBH", address, pid, length)
        + payload
        + struct.pack(">H", checksum(pid, payload))
    )


def build_command(instruction: int, params: bytes = b"", address: int = DEFAULT_ADDRESS) -> bytes:
    """A command packet: instruction code followed by its parameters."""
    return build_packet(PID_COMMAND, bytes([instruction]) + params, address)


def build_ack(code: int, data: bytes = b"", address: int = DEFAULT_ADDRESS) -> bytes:
    """An acknowledgement packet: confirmation code followed by its results."""
    return build_packet(PID_ACK, bytes([code]) + data, address)


def build_data_packets(data: bytes, packet_size: int, address: int = DEFAULT_ADDRESS) -> list[bytes]:
    """``data`` split into data packets of ``packet_size`` payload bytes, the last one with PID
    ``08`` (end of data). Raises ``ValueError`` for empty data or a size not in
    :data:`PACKET_SIZES`."""
    if packet_size not in PACKET_SIZES.values():
        raise ValueError(f"packet size {packet_size} is not one of {sorted(PACKET_SIZES.values())}")
    if not data:
        raise ValueError("no data to send")
    chunks = [data[i : i + packet_size] for i in range(0, len(data), packet_size)]
    return [
        build_packet(PID_END_DATA if i == len(chunks) - 1 else PID_DATA, chunk, address)
        for i, chunk in enumerate(chunks)
    ]


@dataclass(frozen=True)
class Packet:
    """A received (or to be sent) packet."""

    address: int
    pid: int
    payload: bytes

    def to_bytes(self) -> bytes:
        """The packet on the wire."""
        return build_packet(self.pid, self.payload, self.address)

    @property
    def is_ack(self) -> bool:
        return self.pid == PID_ACK

    @property
    def is_data(self) -> bool:
        """A data packet, including the end-of-data packet."""
        return self.pid in (PID_DATA, PID_END_DATA)

    @property
    def is_end(self) -> bool:
        return self.pid == PID_END_DATA

    @property
    def code(self) -> int:
        """First payload byte: the confirmation code of an ack, the instruction of a command."""
        return self.payload[0]

    @property
    def data(self) -> bytes:
        """The payload after the code (results of an ack, parameters of a command)."""
        return self.payload[1:]


def _check_prefix(prefix: bytes) -> tuple[int, int, int]:
    """(address, pid, payload length) of the first ``PREFIX_SIZE`` bytes; raises FrameError."""
    if prefix[:2] != HEADER:
        raise FrameError("bad_header", f"packet starts with {prefix[:2].hex()}, not ef01")
    address, pid, length = struct.unpack(">IBH", prefix[2:PREFIX_SIZE])
    if pid not in PIDS:
        raise FrameError("bad_pid", f"unknown packet identifier 0x{pid:02X}")
    if not MIN_PAYLOAD + CHECKSUM_SIZE <= length <= MAX_PAYLOAD + CHECKSUM_SIZE:
        raise FrameError("bad_length", f"packet length {length}")
    return address, pid, length - CHECKSUM_SIZE


def parse_packet(data: bytes) -> Packet:
    """Exactly one packet; raises :class:`FrameError` when ``data`` is anything else."""
    if len(data) < PREFIX_SIZE:
        raise FrameError("truncated", f"{len(data)} bytes is shorter than a packet")
    address, pid, payload_size = _check_prefix(data[:PREFIX_SIZE])
    total = PREFIX_SIZE + payload_size + CHECKSUM_SIZE
    if len(data) != total:
        raise FrameError(
            "truncated" if len(data) < total else "bad_length", f"{len(data)} bytes, expected {total}"
        )
    payload = bytes(data[PREFIX_SIZE : PREFIX_SIZE + payload_size])
    (received,) = struct.unpack(">H", data[-CHECKSUM_SIZE:])
    expected = checksum(pid, payload)
    if received != expected:
        raise FrameError("bad_checksum", f"checksum {received:04X}, expected {expected:04X}")
    return Packet(address, pid, payload)


class PacketReader:
    """Incremental packet decoder for a byte stream.

    :meth:`feed` buffers bytes and returns the packets completed so far. Bytes before a header
    are dropped; a frame with a bad PID, length or checksum is dropped one byte at a time so
    that a header inside it is found again (re-synchronisation); a partial packet is kept until
    its bytes arrive. The result does not depend on how the stream is cut into chunks.

    A frame cut short (lost bytes) whose length field claims more bytes than will come waits
    for them: the next packet's bytes complete it, its checksum fails, and the reader
    re-synchronises on the next packet. When the line goes quiet instead (a read timeout),
    :meth:`flush` gives up on what is buffered.

    Counters: ``dropped_bytes`` (bytes discarded), ``bad_packets`` (frames that began with a
    header but were rejected), ``checksum_errors`` (those rejected for their checksum only);
    ``last_error`` is the most recent rejection.
    """

    def __init__(self) -> None:
        self._buffer = bytearray()
        self.dropped_bytes = 0
        self.bad_packets = 0
        self.checksum_errors = 0
        self.last_error: FrameError | None = None

    @property
    def pending(self) -> int:
        """Bytes buffered, waiting for the rest of a packet."""
        return len(self._buffer)

    def feed(self, data: bytes) -> list[Packet]:
        """Adds ``data``; returns the packets it completes, in order. Never raises."""
        self._buffer += data
        return self._parse()

    def flush(self) -> list[Packet]:
        """The stream ended (or paused): gives up on incomplete frames, returning any packets
        that follow them in the buffer. Afterwards nothing is pending."""
        packets: list[Packet] = []
        while True:
            packets += self._parse()
            if not self._buffer:
                return packets
            if self._buffer.startswith(HEADER):
                self._reject(FrameError("truncated", f"stream ended {len(self._buffer)} bytes into a packet"))
            else:  # a lone 0xEF kept in case 0x01 followed
                self._drop(len(self._buffer))

    def reset(self) -> None:
        """Discards buffered bytes (counted as dropped)."""
        self._drop(len(self._buffer))

    def _drop(self, count: int) -> None:
        del self._buffer[:count]
        self.dropped_bytes += count

    def _reject(self, error: FrameError) -> None:
        self.bad_packets += 1
        if error.reason == "bad_checksum":
            self.checksum_errors += 1
        self.last_error = error
        self._drop(1)  # the header's first byte: look for the next header from the next byte

    def _parse(self) -> list[Packet]:
        packets: list[Packet] = []
        buffer = self._buffer
        while buffer:
            start = buffer.find(HEADER)
            if start < 0:
                # Keep a trailing 0xEF: it may be the first half of a header.
                self._drop(len(buffer) - 1 if buffer[-1] == HEADER[0] else len(buffer))
                break
            if start:
                self._drop(start)
            if len(buffer) < PREFIX_SIZE:
                break
            try:
                _, _, payload_size = _check_prefix(bytes(buffer[:PREFIX_SIZE]))
            except FrameError as error:
                self._reject(error)
                continue
            total = PREFIX_SIZE + payload_size + CHECKSUM_SIZE
            if len(buffer) < total:
                break
            try:
                packet = parse_packet(bytes(buffer[:total]))
            except FrameError as error:
                self._reject(error)
                continue
            del buffer[:total]
            packets.append(packet)
        return packets


@dataclass(frozen=True)
class SystemParameters:
    """The 16 bytes of a ReadSysPara answer (all big-endian)."""

    status_register: int
    """Bit 0 busy, bit 1 finger matched, bit 2 password verified, bit 3 valid image in buffer."""
    system_id: int
    library_size: int
    """Template library capacity in pages."""
    security_level: int
    """1 (lenient) to 5 (strict)."""
    device_address: int
    packet_size_code: int
    """0 = 32, 1 = 64, 2 = 128, 3 = 256 bytes per data packet."""
    baud_multiplier: int
    """N: the baud rate is 9600 * N."""

    SIZE: ClassVar[int] = 16

    @property
    def packet_size(self) -> int:
        """Payload bytes per data packet (``ValueError`` for an unknown code)."""
        try:
            return PACKET_SIZES[self.packet_size_code]
        except KeyError:
            raise ValueError(f"unknown packet size code {self.packet_size_code}") from None

    @property
    def baud(self) -> int:
        return BAUD_UNIT * self.baud_multiplier

    def to_bytes(self) -> bytes:
        return struct.pack(
            ">HHHHIHH",
            self.status_register,
            self.system_id,
            self.library_size,
            self.security_level,
            self.device_address,
            self.packet_size_code,
            self.baud_multiplier,
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> SystemParameters:
        """Parses the 16 bytes after the confirmation code (``ValueError`` for another length)."""
        if len(data) != cls.SIZE:
            raise ValueError(f"system parameters are {cls.SIZE} bytes, got {len(data)}")
        return cls(*struct.unpack(">HHHHIHH", data))


def index_table_pages(bitmap: bytes, index_page: int = 0) -> list[int]:
    """The used library pages a ReadIndexTable bitmap of ``index_page`` shows, ascending."""
    base = index_page * INDEX_PAGE_PAGES
    return [base + i * 8 + bit for i, byte in enumerate(bitmap) for bit in range(8) if byte >> bit & 1]

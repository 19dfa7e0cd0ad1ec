"""A virtual ZFM / R30x / AS608 fingerprint module on a real pseudo-terminal.

:class:`VirtualFingerprintModule` opens a pty (``os.openpty()``, slave in raw mode) and serves
the module's side of :mod:`drivers.fingerprint.protocol` on a daemon thread: the host opens
:attr:`~VirtualFingerprintModule.port_path` (``/dev/pts/N``) with pyserial at any baud and talks
to it like to a module on a USB-serial adapter. ``python -m drivers.fingerprint.simulator``
prints that path on one line and serves until SIGINT / SIGTERM.

The finger is scripted: :meth:`~VirtualFingerprintModule.place` and
:meth:`~VirtualFingerprintModule.lift`. Each successful GenImg is a new *capture*, numbered by
the module; its features come from the identity (the finger's ridges) and the capture number
(how it was placed this time), so two captures of one finger match with a high score without
being byte-identical, and different fingers score near zero.

Template format (512 bytes, the size real modules move with UpChar / DownChar): two 256-byte
records, A then B, as a real template is two merged character files. Each record::

    0..3     magic b"VFPC"
    4        kind: 1 = one capture (Img2Tz), 2 = merged template (RegModel)
    5        0
    6..7     capture number (big-endian; the first capture's for a merged template)
    8..247   240 feature bytes
    248..253 0
    254..255 (sum of bytes 0..253) & 0xFFFF, big-endian

A char buffer filled by Img2Tz holds the capture in record A and zeros in record B; RegModel
puts the merged template (record A: the byte-wise mean of both captures' features; record B:
the capture of buffer 2) in both buffers. Matching looks at record A only: the score is the
share of feature bytes within ±12 of each other, mapped so chance agreement (about 10 %) is 0
and full agreement is :data:`MAX_SCORE` (300). Same finger: about 200-240; different fingers:
0-25. A record with a bad magic or checksum is invalid (score 0; LoadChar answers 0x0C).

Confirmation codes the simulator gives (a real module may differ where noted):

* ``0x01`` a command with a bad checksum (its header and length were fine), an unknown
  instruction, missing parameters, a char buffer other than 1 or 2, an AuraLedConfig control
  outside 1..6, Store of a char buffer that was never filled (a real module stores whatever
  the buffer holds).
* ``0x02`` GenImg without a finger; ``0x03`` GenImg of an ``"unreadable"`` finger.
* ``0x06`` / ``0x07`` Img2Tz of a ``"smudged"`` / ``"partial"`` capture; ``0x15`` Img2Tz with
  no valid image (no GenImg yet, or the last one failed).
* ``0x08`` Match below the threshold (the ack still carries the score); ``0x09`` Search below
  the threshold; ``0x0A`` RegModel of buffers below the threshold or empty.
* ``0x0B`` a page (or ReadIndexTable index page) beyond the library; ``0x0C`` LoadChar of an
  empty page or an invalid template; ``0x0D`` UpChar of a never-filled char buffer; ``0x0F``
  UpImage with no valid image.
* ``0x0E`` a command packet arriving while DownChar's data packets are expected: the transfer
  is abandoned and that command is answered ``0x0E`` without being executed.
* ``0x10`` DeletChar with count 0 or beyond the library, ``0x11`` Empty, ``0x18`` Store: when
  the library file cannot be written (the library in memory is left unchanged).
* ``0x13`` VfyPwd with the wrong password; ``0x21`` any other command while the module has a
  non-zero password that has not been verified.
* ``0x1A`` WriteReg of a register other than 4 (baud N), 5 (security level), 6 (packet size
  code); ``0x1B`` a value outside 1..12, 1..5, 0..3.

No answer at all: packets for another address, data packets nobody asked for, acks, and the
end of a DownChar transfer (real modules do not acknowledge the data; a transfer that is not
512 bytes is discarded and counted in ``rejected_transfers``).

Fault injection (constructor keywords, also settable attributes while serving): every
``corrupt_checksum_every``-th packet the module sends has a wrong checksum; every
``drop_bytes_every``-th loses two bytes from its middle (both count every packet sent, data
packets included); ``delay_s`` is waited before each answer (once per answer, not per data
packet); :meth:`~VirtualFingerprintModule.fail_next` answers the next commands of an
instruction with a given confirmation code without executing them.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import math
import os
import random
import select
import signal
import struct
import sys
import threading
import time
import tty
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType, TracebackType
from typing import Final, Literal, get_args

from drivers.fingerprint.protocol import (
    BAUD_UNIT,
    CHAR_BUFFERS,
    DEFAULT_ADDRESS,
    DEFAULT_PASSWORD,
    IMAGE_HEIGHT,
    IMAGE_WIDTH,
    INDEX_PAGE_PAGES,
    PACKET_SIZES,
    PID_COMMAND,
    PID_DATA,
    PID_END_DATA,
    TEMPLATE_SIZE,
    Confirmation,
    Instruction,
    Packet,
    PacketReader,
    SystemParameters,
    build_ack,
    build_data_packets,
)

log = logging.getLogger(__name__)

Quality = Literal["good", "smudged", "partial", "unreadable"]
"""How the finger lies on the glass: ``"smudged"`` → Img2Tz 0x06, ``"partial"`` → Img2Tz 0x07,
``"unreadable"`` → GenImg 0x03."""
QUALITIES: Final[tuple[str, ...]] = get_args(Quality)

DEFAULT_CAPACITY: Final = 300
DEFAULT_BAUD: Final = 57600
DEFAULT_SECURITY_LEVEL: Final = 3
DEFAULT_PACKET_SIZE: Final = 128
SYSTEM_ID: Final = 0x0009
MAX_SCORE: Final = 300
MATCH_THRESHOLDS: Final[dict[int, int]] = {1: 40, 2: 45, 3: 50, 4: 55, 5: 60}
"""Lowest score that matches, per security level."""
INDEX_PAGES: Final = 4
"""ReadIndexTable index pages 0..3 (1024 library pages)."""

RECORD_SIZE: Final = TEMPLATE_SIZE // 2
RECORD_MAGIC: Final = b"VFPC"
KIND_CAPTURE: Final = 1
KIND_MERGED: Final = 2
FEATURE_COUNT: Final = 240
_FEATURES_AT: Final = 8
_TOLERANCE: Final = 12
_CHANCE: Final = 0.1
_NOISE_SHARE: Final = 0.12
_NOISE: Final = 4

LIBRARY_FORMAT: Final = "virtual-fingerprint-library"

_STATUS_PASS: Final = 0x02
_STATUS_PASSWORD_VERIFIED: Final = 0x04
_STATUS_IMAGE_VALID: Final = 0x08


# ---------------------------------------------------------------------------------------------
# Features, templates and scores (pure functions)


def capture_features(identity: str, capture: int) -> bytes:
    """The 240 feature bytes of capture number ``capture`` of the finger ``identity``: the
    finger's own features with about 12 % replaced at random and the rest moved by up to ±4."""
    base = random.Random(f"finger:{identity}").randbytes(FEATURE_COUNT)
    rng = random.Random(f"capture:{identity}:{capture}")
    out = bytearray(FEATURE_COUNT)
    for i, value in enumerate(base):
        if rng.random() < _NOISE_SHARE:
            out[i] = rng.randrange(256)
        else:
            out[i] = min(255, max(0, value + rng.randint(-_NOISE, _NOISE)))
    return bytes(out)


def make_record(kind: int, capture: int, features: bytes) -> bytes:
    """One 256-byte record of the template format (see the module docstring)."""
    if len(features) != FEATURE_COUNT:
        raise ValueError(f"{len(features)} feature bytes, expected {FEATURE_COUNT}")
    body = (
        RECORD_MAGIC
        + bytes([kind, 0])
        + struct.pack(">H", capture & 0xFFFF)
        + features
        + bytes(RECORD_SIZE - _FEATURES_AT - FEATURE_COUNT - 2)
    )
    return body + struct.pack(">H", sum(body) & 0xFFFF)


def capture_template(identity: str, capture: int) -> bytes:
    """The 512-byte char buffer Img2Tz makes of a capture: its record, then zeros."""
    return make_record(KIND_CAPTURE, capture, capture_features(identity, capture)) + bytes(RECORD_SIZE)


def record_features(template: bytes) -> bytes | None:
    """The feature bytes of record A, ``None`` when the template is not valid."""
    if len(template) != TEMPLATE_SIZE:
        return None
    record = template[:RECORD_SIZE]
    if record[:4] != RECORD_MAGIC or record[4] not in (KIND_CAPTURE, KIND_MERGED):
        return None
    if struct.unpack(">H", record[-2:])[0] != sum(record[:-2]) & 0xFFFF:
        return None
    return record[_FEATURES_AT : _FEATURES_AT + FEATURE_COUNT]


def score(first: bytes, second: bytes) -> int:
    """Match score of two templates, 0 .. :data:`MAX_SCORE` (0 when either is invalid)."""
    a, b = record_features(first), record_features(second)
    if a is None or b is None:
        return 0
    close = sum(1 for x, y in zip(a, b, strict=True) if abs(x - y) <= _TOLERANCE) / FEATURE_COUNT
    return min(MAX_SCORE, round(MAX_SCORE * max(0.0, close - _CHANCE) / (1 - _CHANCE)))


def merge_templates(first: bytes, second: bytes) -> bytes:
    """RegModel's template of two valid char buffers (``ValueError`` when one is invalid)."""
    a, b = record_features(first), record_features(second)
    if a is None or b is None:
        raise ValueError("cannot merge an invalid char buffer")
    mean = bytes((x + y + 1) // 2 for x, y in zip(a, b, strict=True))
    (capture,) = struct.unpack(">H", first[6:8])
    return make_record(KIND_MERGED, capture, mean) + second[:RECORD_SIZE]


def enrolled_template(identity: str, captures: tuple[int, int] = (0, 1)) -> bytes:
    """The template an enrollment of ``identity`` with these two capture numbers stores."""
    return merge_templates(capture_template(identity, captures[0]), capture_template(identity, captures[1]))


def finger_image(identity: str, capture: int, quality: Quality = "good") -> bytes:
    """UpImage's 36864 bytes: a 256 x 288 synthetic ridge pattern, 4 bits per pixel (high
    nibble = left pixel; 15 = white background). ``"partial"`` covers the top third only,
    ``"smudged"`` has low contrast and noise."""
    shape = random.Random(f"finger:{identity}:image")
    pose = random.Random(f"capture:{identity}:{capture}:image")
    cx = IMAGE_WIDTH / 2 + shape.uniform(-20, 20) + pose.uniform(-6, 6)
    cy = IMAGE_HEIGHT / 2 + shape.uniform(-20, 20) + pose.uniform(-6, 6)
    period = shape.uniform(7.0, 10.0)
    swirl = shape.choice((-2, -1, 1, 2))  # whole turns: no seam where atan2 wraps
    stretch = shape.uniform(1.1, 1.5)
    contrast, noise = (3.0, 4) if quality == "smudged" else (7.0, 0)
    bottom = IMAGE_HEIGHT // 3 if quality == "partial" else IMAGE_HEIGHT
    rx, ry = IMAGE_WIDTH * 0.42, IMAGE_HEIGHT * 0.45
    pixels = bytearray(b"\x0f" * (IMAGE_WIDTH * IMAGE_HEIGHT))
    for y in range(bottom):
        dy = y - cy
        row = y * IMAGE_WIDTH
        for x in range(IMAGE_WIDTH):
            dx = x - cx
            if (dx / rx) ** 2 + (dy / ry) ** 2 > 1:
                continue
            phase = math.hypot(dx, dy * stretch) / period * 2 * math.pi + swirl * math.atan2(dy, dx)
            value = 8 + contrast * math.sin(phase) + (pose.randint(-noise, noise) if noise else 0)
            pixels[row + x] = min(15, max(0, int(value)))
    return bytes(pixels[i] << 4 | pixels[i + 1] for i in range(0, len(pixels), 2))


# ---------------------------------------------------------------------------------------------
# The module


@dataclass(frozen=True)
class AuraState:
    """The last AuraLedConfig: control (1 breathing, 2 flashing, 3 on, 4 off, 5 gradually on,
    6 gradually off), speed, colour index, count."""

    control: int
    speed: int
    colour: int
    count: int


@dataclass(frozen=True)
class _Finger:
    identity: str
    quality: Quality


@dataclass(frozen=True)
class _Image:
    identity: str
    capture: int
    quality: Quality


@dataclass
class _Download:
    buffer: int
    data: bytearray


class VirtualFingerprintModule:
    """A ZFM / R30x / AS608-style module served on a pseudo-terminal (see the module docstring).

    The pty and the serving thread start in the constructor; :meth:`close` (or leaving the
    ``with`` block) stops them. :meth:`place`, :meth:`lift`, :meth:`fail_next`,
    :meth:`enroll` and the fault attributes may be used from any thread while serving.
    """

    def __init__(
        self,
        *,
        password: int = DEFAULT_PASSWORD,
        address: int = DEFAULT_ADDRESS,
        capacity: int = DEFAULT_CAPACITY,
        baud: int = DEFAULT_BAUD,
        security_level: int = DEFAULT_SECURITY_LEVEL,
        packet_size: int = DEFAULT_PACKET_SIZE,
        library_path: str | os.PathLike[str] | None = None,
        corrupt_checksum_every: int | None = None,
        drop_bytes_every: int | None = None,
        delay_s: float = 0.0,
    ) -> None:
        if baud % BAUD_UNIT or not 1 <= baud // BAUD_UNIT <= 12:
            raise ValueError(f"baud {baud} is not 9600 * N with N in 1..12")
        if packet_size not in PACKET_SIZES.values():
            raise ValueError(f"packet size {packet_size} is not one of {sorted(PACKET_SIZES.values())}")
        if not 1 <= capacity <= INDEX_PAGES * INDEX_PAGE_PAGES:
            raise ValueError(f"capacity {capacity} is not 1..{INDEX_PAGES * INDEX_PAGE_PAGES}")
        if security_level not in MATCH_THRESHOLDS:
            raise ValueError(f"security level {security_level} is not 1..5")
        self.password = password
        self.address = address
        self.capacity = capacity
        self.baud = baud
        self.security_level = security_level
        self.packet_size = packet_size
        self.library_path: Path | None = Path(library_path) if library_path is not None else None
        self.corrupt_checksum_every = corrupt_checksum_every
        self.drop_bytes_every = drop_bytes_every
        self.delay_s = delay_s

        self.led_on = False
        self.aura: AuraState | None = None
        self.password_verified = False
        self.rejected_transfers = 0
        self.packets_sent = 0
        self.history: deque[tuple[int, int]] = deque(maxlen=1000)
        """(instruction, confirmation code) of the commands answered, oldest first."""

        self._lock = threading.RLock()
        self._library: dict[int, bytes] = {}
        self._buffers: dict[int, bytes | None] = dict.fromkeys(CHAR_BUFFERS)
        self._finger: _Finger | None = None
        self._image: _Image | None = None
        self._captures = 0
        self._matched = False
        self._download: _Download | None = None
        self._forced: dict[int, deque[int]] = {}
        self._reader = PacketReader()
        self._random = random.Random(0x5EED)  # GetRandomCode: repeatable runs
        if self.library_path is not None and self.library_path.exists():
            self._library = self._load_library(self.library_path)

        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)
        os.set_blocking(self._master, False)
        self.port_path: str = os.ttyname(self._slave)
        self._wake_r, self._wake_w = os.pipe()
        self._stop = threading.Event()
        self._closed = False
        self._thread = threading.Thread(target=self._serve, name="virtual-fingerprint", daemon=True)
        self._thread.start()

    # -- scripting --------------------------------------------------------------------------

    def place(self, identity: str, quality: Quality = "good") -> None:
        """Puts the finger ``identity`` on the sensor (replacing any finger there)."""
        if quality not in QUALITIES:
            raise ValueError(f"quality {quality!r} is not one of {QUALITIES}")
        with self._lock:
            self._finger = _Finger(identity, quality)

    def lift(self) -> None:
        """Takes the finger off the sensor."""
        with self._lock:
            self._finger = None

    @property
    def finger(self) -> str | None:
        """The identity on the sensor, ``None`` when no finger is placed."""
        with self._lock:
            return self._finger.identity if self._finger else None

    def fail_next(self, instruction: Instruction, code: Confirmation, times: int = 1) -> None:
        """The next ``times`` commands ``instruction`` are answered ``code`` without running."""
        with self._lock:
            self._forced.setdefault(int(instruction), deque()).extend([int(code)] * times)

    def enroll(self, identity: str, page: int) -> None:
        """Stores a template of ``identity`` in ``page`` directly (no protocol), as an
        enrollment would; uses two new capture numbers."""
        if not 0 <= page < self.capacity:
            raise ValueError(f"page {page} is outside 0..{self.capacity - 1}")
        with self._lock:
            first, second = self._captures + 1, self._captures + 2
            self._captures = second
            library = dict(self._library)
            library[page] = enrolled_template(identity, (first, second))
            if not self._commit(library):
                raise OSError(f"cannot write the library file {self.library_path}")

    @property
    def pages(self) -> list[int]:
        """The library pages that hold a template, ascending."""
        with self._lock:
            return sorted(self._library)

    def template(self, page: int) -> bytes | None:
        """The template in ``page`` (``None`` when empty)."""
        with self._lock:
            return self._library.get(page)

    def char_buffer(self, buffer: int) -> bytes | None:
        """The content of char buffer 1 or 2 (``None`` when never filled)."""
        with self._lock:
            return self._buffers[buffer]

    @property
    def reader(self) -> PacketReader:
        """The reader of the host's bytes (its counters show what the module dropped)."""
        return self._reader

    # -- lifecycle --------------------------------------------------------------------------

    def close(self) -> None:
        """Stops serving and closes the pty; safe to call twice."""
        if self._closed:
            return
        self._closed = True
        self._stop.set()
        with contextlib.suppress(OSError):
            os.write(self._wake_w, b"x")
        self._thread.join(timeout=5)
        for fd in (self._master, self._slave, self._wake_r, self._wake_w):
            with contextlib.suppress(OSError):
                os.close(fd)

    def __enter__(self) -> VirtualFingerprintModule:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"VirtualFingerprintModule(port_path={self.port_path!r}, templates={len(self._library)})"

    # -- serving ----------------------------------------------------------------------------

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                ready, _, _ = select.select([self._master, self._wake_r], [], [], 0.5)
            except (OSError, ValueError):
                return
            if self._wake_r in ready or self._stop.is_set():
                return
            if self._master not in ready:
                continue
            try:
                data = os.read(self._master, 4096)
            except BlockingIOError:
                continue
            except OSError:  # EIO: nobody has the slave open (cannot happen while we hold it)
                time.sleep(0.05)
                continue
            try:
                self._receive(data)
            except Exception:
                log.exception("virtual fingerprint module failed on a packet")

    def _receive(self, data: bytes) -> None:
        checksum_errors = self._reader.checksum_errors
        packets = self._reader.feed(data)
        # A frame whose header and length were fine but whose checksum was not: answer 0x01.
        # (The reader re-synchronises; frames are answered in the order they were recognised.)
        for _ in range(self._reader.checksum_errors - checksum_errors):
            self._answer([self._ack(Confirmation.PACKET_ERROR)])
        for packet in packets:
            if packet.address != self.address:
                continue
            with self._lock:
                answer = self._handle(packet)
            if answer:
                self._answer(answer)

    def _answer(self, packets: list[bytes]) -> None:
        if self.delay_s > 0:
            time.sleep(self.delay_s)
        for packet in packets:
            self._send(self._fault(packet))

    def _fault(self, packet: bytes) -> bytes:
        self.packets_sent += 1
        n = self.packets_sent
        corrupt, drop = self.corrupt_checksum_every, self.drop_bytes_every
        if corrupt and n % corrupt == 0:
            packet = packet[:-1] + bytes([packet[-1] ^ 0xFF])
        if drop and n % drop == 0:
            middle = len(packet) // 2
            packet = packet[:middle] + packet[middle + 2 :]
        return packet

    def _send(self, data: bytes) -> None:
        view = memoryview(data)
        while view and not self._stop.is_set():
            try:
                written = os.write(self._master, view)
            except BlockingIOError:
                select.select([], [self._master], [], 0.2)
                continue
            except OSError:
                return
            view = view[written:]

    def _ack(self, code: int, data: bytes = b"") -> bytes:
        return build_ack(code, data, self.address)

    # -- the instruction set (called with the lock held) -------------------------------------

    def _handle(self, packet: Packet) -> list[bytes]:
        if packet.pid in (PID_DATA, PID_END_DATA):
            self._receive_data(packet)
            return []
        if packet.pid != PID_COMMAND:
            return []
        instruction = packet.code
        if self._download is not None:
            self._download = None
            return self._log(instruction, [self._ack(Confirmation.CANNOT_RECEIVE_DATA)])
        forced = self._forced.get(instruction)
        if forced:
            return self._log(instruction, [self._ack(forced.popleft())])
        if self.password != 0 and not self.password_verified and instruction != Instruction.VFY_PWD:
            return self._log(instruction, [self._ack(Confirmation.PASSWORD_NOT_VERIFIED)])
        handler = _HANDLERS.get(instruction)
        if handler is None:
            return self._log(instruction, [self._ack(Confirmation.PACKET_ERROR)])
        name, size = handler
        params = packet.data
        if len(params) < size:
            return self._log(instruction, [self._ack(Confirmation.PACKET_ERROR)])
        answer: list[bytes] = getattr(self, name)(params)
        return self._log(instruction, answer)

    def _log(self, instruction: int, answer: list[bytes]) -> list[bytes]:
        self.history.append((instruction, answer[0][9]))
        return answer

    def _receive_data(self, packet: Packet) -> None:
        download = self._download
        if download is None:
            return
        download.data += packet.payload
        if packet.pid == PID_END_DATA or len(download.data) > TEMPLATE_SIZE:
            self._download = None
            if packet.pid == PID_END_DATA and len(download.data) == TEMPLATE_SIZE:
                self._buffers[download.buffer] = bytes(download.data)
            else:
                self.rejected_transfers += 1

    def _threshold(self) -> int:
        return MATCH_THRESHOLDS[self.security_level]

    def _do_gen_img(self, params: bytes) -> list[bytes]:
        finger = self._finger
        if finger is None:
            return [self._ack(Confirmation.NO_FINGER)]
        if finger.quality == "unreadable":
            self._image = None
            return [self._ack(Confirmation.IMAGE_FAIL)]
        self._captures += 1
        self._image = _Image(finger.identity, self._captures, finger.quality)
        return [self._ack(Confirmation.OK)]

    def _do_img2tz(self, params: bytes) -> list[bytes]:
        buffer = params[0]
        if buffer not in CHAR_BUFFERS:
            return [self._ack(Confirmation.PACKET_ERROR)]
        image = self._image
        if image is None:
            return [self._ack(Confirmation.NO_VALID_IMAGE)]
        if image.quality == "smudged":
            return [self._ack(Confirmation.TOO_MESSY)]
        if image.quality == "partial":
            return [self._ack(Confirmation.TOO_FEW_FEATURES)]
        self._buffers[buffer] = capture_template(image.identity, image.capture)
        return [self._ack(Confirmation.OK)]

    def _buffer_score(self) -> int:
        first, second = self._buffers[1], self._buffers[2]
        return score(first, second) if first is not None and second is not None else 0

    def _do_match(self, params: bytes) -> list[bytes]:
        value = self._buffer_score()
        self._matched = value >= self._threshold()
        code = Confirmation.OK if self._matched else Confirmation.NO_MATCH
        return [self._ack(code, struct.pack(">H", value))]

    def _do_search(self, params: bytes) -> list[bytes]:
        buffer, start, count = struct.unpack(">BHH", params[:5])
        if buffer not in CHAR_BUFFERS:
            return [self._ack(Confirmation.PACKET_ERROR)]
        if start >= self.capacity:
            return [self._ack(Confirmation.PAGE_OUT_OF_RANGE, bytes(4))]
        probe = self._buffers[buffer]
        best_page, best_score = 0, 0
        if probe is not None:
            for page in range(start, min(self.capacity, start + count)):
                template = self._library.get(page)
                if template is not None and (value := score(probe, template)) > best_score:
                    best_page, best_score = page, value
        self._matched = best_score >= self._threshold()
        if not self._matched:
            return [self._ack(Confirmation.NOT_FOUND, bytes(4))]
        return [self._ack(Confirmation.OK, struct.pack(">HH", best_page, best_score))]

    def _do_reg_model(self, params: bytes) -> list[bytes]:
        first, second = self._buffers[1], self._buffers[2]
        if first is None or second is None or self._buffer_score() < self._threshold():
            return [self._ack(Confirmation.MERGE_FAIL)]
        merged = merge_templates(first, second)
        self._buffers[1] = self._buffers[2] = merged
        return [self._ack(Confirmation.OK)]

    def _do_store(self, params: bytes) -> list[bytes]:
        buffer, page = struct.unpack(">BH", params[:3])
        if buffer not in CHAR_BUFFERS:
            return [self._ack(Confirmation.PACKET_ERROR)]
        if page >= self.capacity:
            return [self._ack(Confirmation.PAGE_OUT_OF_RANGE)]
        content = self._buffers[buffer]
        if content is None:
            return [self._ack(Confirmation.PACKET_ERROR)]
        library = dict(self._library)
        library[page] = content
        if not self._commit(library):
            return [self._ack(Confirmation.FLASH_WRITE_ERROR)]
        return [self._ack(Confirmation.OK)]

    def _do_load_char(self, params: bytes) -> list[bytes]:
        buffer, page = struct.unpack(">BH", params[:3])
        if buffer not in CHAR_BUFFERS:
            return [self._ack(Confirmation.PACKET_ERROR)]
        if page >= self.capacity:
            return [self._ack(Confirmation.PAGE_OUT_OF_RANGE)]
        template = self._library.get(page)
        if template is None or record_features(template) is None:
            return [self._ack(Confirmation.READ_TEMPLATE_ERROR)]
        self._buffers[buffer] = template
        return [self._ack(Confirmation.OK)]

    def _do_up_char(self, params: bytes) -> list[bytes]:
        buffer = params[0]
        if buffer not in CHAR_BUFFERS:
            return [self._ack(Confirmation.PACKET_ERROR)]
        content = self._buffers[buffer]
        if content is None:
            return [self._ack(Confirmation.UPLOAD_FEATURE_FAIL)]
        return [self._ack(Confirmation.OK), *build_data_packets(content, self.packet_size, self.address)]

    def _do_down_char(self, params: bytes) -> list[bytes]:
        buffer = params[0]
        if buffer not in CHAR_BUFFERS:
            return [self._ack(Confirmation.PACKET_ERROR)]
        self._download = _Download(buffer, bytearray())
        return [self._ack(Confirmation.OK)]

    def _do_up_image(self, params: bytes) -> list[bytes]:
        image = self._image
        if image is None:
            return [self._ack(Confirmation.UPLOAD_IMAGE_FAIL)]
        pixels = finger_image(image.identity, image.capture, image.quality)
        return [self._ack(Confirmation.OK), *build_data_packets(pixels, self.packet_size, self.address)]

    def _do_delete_char(self, params: bytes) -> list[bytes]:
        page, count = struct.unpack(">HH", params[:4])
        if page >= self.capacity:
            return [self._ack(Confirmation.PAGE_OUT_OF_RANGE)]
        if count == 0 or page + count > self.capacity:
            return [self._ack(Confirmation.DELETE_FAIL)]
        library = {p: t for p, t in self._library.items() if not page <= p < page + count}
        if not self._commit(library):
            return [self._ack(Confirmation.DELETE_FAIL)]
        return [self._ack(Confirmation.OK)]

    def _do_empty(self, params: bytes) -> list[bytes]:
        if not self._commit({}):
            return [self._ack(Confirmation.CLEAR_LIBRARY_FAIL)]
        return [self._ack(Confirmation.OK)]

    def _do_write_reg(self, params: bytes) -> list[bytes]:
        register, value = params[0], params[1]
        if register == 4:
            if not 1 <= value <= 12:
                return [self._ack(Confirmation.BAD_REGISTER_VALUE)]
            self.baud = BAUD_UNIT * value
        elif register == 5:
            if value not in MATCH_THRESHOLDS:
                return [self._ack(Confirmation.BAD_REGISTER_VALUE)]
            self.security_level = value
        elif register == 6:
            if value not in PACKET_SIZES:
                return [self._ack(Confirmation.BAD_REGISTER_VALUE)]
            self.packet_size = PACKET_SIZES[value]
        else:
            return [self._ack(Confirmation.INVALID_REGISTER)]
        return [self._ack(Confirmation.OK)]

    def system_parameters(self) -> SystemParameters:
        """What ReadSysPara reports now."""
        with self._lock:
            status = (
                (_STATUS_PASS if self._matched else 0)
                | (_STATUS_PASSWORD_VERIFIED if self.password_verified else 0)
                | (_STATUS_IMAGE_VALID if self._image is not None else 0)
            )
            size_code = next(code for code, size in PACKET_SIZES.items() if size == self.packet_size)
            return SystemParameters(
                status_register=status,
                system_id=SYSTEM_ID,
                library_size=self.capacity,
                security_level=self.security_level,
                device_address=self.address,
                packet_size_code=size_code,
                baud_multiplier=self.baud // BAUD_UNIT,
            )

    def _do_read_sys_para(self, params: bytes) -> list[bytes]:
        return [self._ack(Confirmation.OK, self.system_parameters().to_bytes())]

    def _do_vfy_pwd(self, params: bytes) -> list[bytes]:
        (password,) = struct.unpack(">I", params[:4])
        self.password_verified = password == self.password
        return [self._ack(Confirmation.OK if self.password_verified else Confirmation.WRONG_PASSWORD)]

    def _do_get_random_code(self, params: bytes) -> list[bytes]:
        return [self._ack(Confirmation.OK, self._random.randbytes(4))]

    def _do_template_num(self, params: bytes) -> list[bytes]:
        return [self._ack(Confirmation.OK, struct.pack(">H", len(self._library)))]

    def _do_read_index_table(self, params: bytes) -> list[bytes]:
        index_page = params[0]
        if index_page >= INDEX_PAGES:
            return [self._ack(Confirmation.PAGE_OUT_OF_RANGE)]
        bitmap = bytearray(INDEX_PAGE_PAGES // 8)
        base = index_page * INDEX_PAGE_PAGES
        for page in self._library:
            if base <= page < base + INDEX_PAGE_PAGES:
                bitmap[(page - base) // 8] |= 1 << (page % 8)
        return [self._ack(Confirmation.OK, bytes(bitmap))]

    def _do_aura_led_config(self, params: bytes) -> list[bytes]:
        control, speed, colour, count = params[:4]
        if not 1 <= control <= 6:
            return [self._ack(Confirmation.PACKET_ERROR)]
        self.aura = AuraState(control, speed, colour, count)
        self.led_on = control not in (4, 6)
        return [self._ack(Confirmation.OK)]

    def _do_led_on(self, params: bytes) -> list[bytes]:
        self.led_on = True
        return [self._ack(Confirmation.OK)]

    def _do_led_off(self, params: bytes) -> list[bytes]:
        self.led_on = False
        return [self._ack(Confirmation.OK)]

    # -- the library file -------------------------------------------------------------------

    def _commit(self, library: dict[int, bytes]) -> bool:
        """Replaces the library, writing the file first; ``False`` (nothing changed) when the
        file cannot be written."""
        if self.library_path is not None:
            try:
                self._save_library(self.library_path, library)
            except OSError as error:
                log.warning("cannot write the fingerprint library %s: %s", self.library_path, error)
                return False
        self._library = library
        return True

    def _save_library(self, path: Path, library: dict[int, bytes]) -> None:
        document = {
            "format": LIBRARY_FORMAT,
            "version": 1,
            "capacity": self.capacity,
            "templates": {str(page): library[page].hex() for page in sorted(library)},
        }
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
        os.replace(temporary, path)

    def _load_library(self, path: Path) -> dict[int, bytes]:
        document = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(document, dict) or document.get("format") != LIBRARY_FORMAT:
            raise ValueError(f"{path} is not a virtual fingerprint library")
        library: dict[int, bytes] = {}
        for key, value in document.get("templates", {}).items():
            page, template = int(key), bytes.fromhex(value)
            if not 0 <= page < self.capacity or len(template) != TEMPLATE_SIZE:
                raise ValueError(f"{path}: bad template entry for page {key}")
            library[page] = template
        return library


_HANDLERS: Final[dict[int, tuple[str, int]]] = {
    Instruction.GEN_IMG: ("_do_gen_img", 0),
    Instruction.IMG2TZ: ("_do_img2tz", 1),
    Instruction.MATCH: ("_do_match", 0),
    Instruction.SEARCH: ("_do_search", 5),
    Instruction.REG_MODEL: ("_do_reg_model", 0),
    Instruction.STORE: ("_do_store", 3),
    Instruction.LOAD_CHAR: ("_do_load_char", 3),
    Instruction.UP_CHAR: ("_do_up_char", 1),
    Instruction.DOWN_CHAR: ("_do_down_char", 1),
    Instruction.UP_IMAGE: ("_do_up_image", 0),
    Instruction.DELETE_CHAR: ("_do_delete_char", 4),
    Instruction.EMPTY: ("_do_empty", 0),
    Instruction.WRITE_REG: ("_do_write_reg", 2),
    Instruction.READ_SYS_PARA: ("_do_read_sys_para", 0),
    Instruction.VFY_PWD: ("_do_vfy_pwd", 4),
    Instruction.GET_RANDOM_CODE: ("_do_get_random_code", 0),
    Instruction.TEMPLATE_NUM: ("_do_template_num", 0),
    Instruction.READ_INDEX_TABLE: ("_do_read_index_table", 1),
    Instruction.AURA_LED_CONFIG: ("_do_aura_led_config", 4),
    Instruction.LED_ON: ("_do_led_on", 0),
    Instruction.LED_OFF: ("_do_led_off", 0),
}
"""Instruction → (method, minimum parameter bytes)."""


# ---------------------------------------------------------------------------------------------
# Command line


def main(argv: Sequence[str] | None = None) -> int:
    """Starts a module, prints its pty path on one line and serves until SIGINT / SIGTERM."""
    parser = argparse.ArgumentParser(
        prog="python -m drivers.fingerprint.simulator",
        description="A virtual ZFM / R30x / AS608 fingerprint module on a pseudo-terminal.",
    )
    parser.add_argument("--identity", help="a finger already on the sensor")
    parser.add_argument("--quality", choices=QUALITIES, default="good", help="how that finger lies")
    parser.add_argument("--password", type=lambda text: int(text, 0), default=DEFAULT_PASSWORD)
    parser.add_argument("--address", type=lambda text: int(text, 0), default=DEFAULT_ADDRESS)
    parser.add_argument("--capacity", type=int, default=DEFAULT_CAPACITY)
    parser.add_argument("--baud", type=int, default=DEFAULT_BAUD)
    parser.add_argument("--library", type=Path, help="JSON file that keeps the template library")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds before each answer")
    args = parser.parse_args(argv)

    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        with VirtualFingerprintModule(
            password=args.password,
            address=args.address,
            capacity=args.capacity,
            baud=args.baud,
            library_path=args.library,
            delay_s=args.delay,
        ) as module:
            if args.identity:
                module.place(args.identity, args.quality)
            sys.stdout.write(module.port_path + "\n")
            sys.stdout.flush()
            while not stop.wait(0.5):
                pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0


if __name__ == "__main__":
    sys.exit(main())

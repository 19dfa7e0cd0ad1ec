"""The ZFM fingerprint driver: error mapping, the packet exchange against an in-test fake module
(no pty), captures, enrollment, verification and template transfers; at the end the same driver
against the virtual module on a real pty (skipped where there is none)."""

from __future__ import annotations

import hashlib
import logging
import os
import struct
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from drivers.fingerprint import errors
from drivers.fingerprint.base import EnrollResult, ModuleInfo, SearchResult, VerifyResult
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
    TooFewFeatures,
    TooMessy,
    WrongPassword,
    error_for,
)
from drivers.fingerprint.protocol import (
    PID_ACK,
    PID_COMMAND,
    PID_DATA,
    PID_END_DATA,
    Confirmation,
    Instruction,
    PacketReader,
    SystemParameters,
    build_packet,
)
from drivers.fingerprint.zfm import ZfmScanner

ROOT = Path(__file__).resolve().parents[2]
ADDRESS = 0xFFFFFFFF
# DEVICES.md writes VfyPwd(0) as EF01FFFFFFFF01000713000000001B: 15 bytes, one 00 short. LEN 0007
# is instruction + 4-byte password + 2-byte checksum, and SUM = 01 + 00 + 07 + 13 = 001B, so the
# packet on the wire is 16 bytes (protocol.py's docstring has it right).
VFY_PWD_0 = bytes.fromhex("EF01FFFFFFFF01 0007 13 00000000 001B".replace(" ", ""))
VFY_PWD_ACK = bytes.fromhex("EF01FFFFFFFF07000300000A")
GEN_IMG = bytes.fromhex("EF01FFFFFFFF010003010005")

Fault = Callable[[bytes], bytes] | None


def char_file(identity: str) -> bytes:
    """The fake's 512-byte character file of a finger (stands in for real features)."""
    return hashlib.sha256(identity.encode()).digest() * 16


def corrupt_checksum(packet: bytes) -> bytes:
    return packet[:-1] + bytes([packet[-1] ^ 0xFF])


def drop_middle(packet: bytes) -> bytes:
    middle = len(packet) // 2
    return packet[:middle] + packet[middle + 2 :]


def silence(packet: bytes) -> bytes:
    return b""


class FakeModule:
    """A module behind a fake serial port: answers each command packet as soon as it is
    written. ``fingers`` is what successive GenImg see (the last one stays); ``faults`` are
    applied to the packets the module sends, one per packet, in order."""

    def __init__(
        self,
        *,
        password: int = 0,
        capacity: int = 200,
        packet_size: int = 128,
        library: dict[int, bytes] | None = None,
    ) -> None:
        self.password = password
        self.capacity = capacity
        self.packet_size = packet_size
        self.library: dict[int, bytes] = dict(library or {})
        self.buffers: dict[int, bytes | None] = {1: None, 2: None}
        self.fingers: deque[str | None] = deque([None])
        self.faults: deque[Fault] = deque()
        self.silent: set[int] = set()
        self.unsupported: set[int] = set()
        self.forced: dict[int, int] = {}
        self.commands: list[tuple[int, bytes]] = []
        self.data_received: list[tuple[int, bytes]] = []
        self.written = bytearray()
        self.out = bytearray()
        self.sent_total = 0
        self.flushed = 0
        self.closed = False
        self.aura: bytes | None = None
        self.led_on = False
        self._reader = PacketReader()
        self._download: bytearray | None = None
        self._image: str | None = None

    # -- the serial port ------------------------------------------------------------------

    @property
    def in_waiting(self) -> int:
        return len(self.out)

    def read(self, size: int = 1, /) -> bytes:
        if not self.out:
            time.sleep(0.001)  # a real port waits for its read timeout
            return b""
        data = bytes(self.out[:size])
        del self.out[:size]
        return data

    def write(self, data: bytes, /) -> int:
        if self.closed:
            raise OSError("closed")
        self.written += data
        for packet in self._reader.feed(data):
            if packet.pid == PID_COMMAND:
                self._answer(packet.code, packet.data)
            else:
                self.data_received.append((packet.pid, packet.payload))
                self._receive_data(packet.pid, packet.payload)
        return len(data)

    def reset_input_buffer(self) -> None:
        self.flushed += len(self.out)
        self.out.clear()

    def close(self) -> None:
        self.closed = True

    # -- the module -----------------------------------------------------------------------

    @property
    def instructions(self) -> list[int]:
        return [instruction for instruction, _ in self.commands]

    def _send(self, pid: int, payload: bytes) -> None:
        packet = build_packet(pid, payload, ADDRESS)
        fault = self.faults.popleft() if self.faults else None
        if fault is not None:
            packet = fault(packet)
        self.out += packet
        self.sent_total += len(packet)

    def _ack(self, code: int, data: bytes = b"") -> None:
        self._send(PID_ACK, bytes([code]) + data)

    def _receive_data(self, pid: int, payload: bytes) -> None:
        if self._download is None:
            return
        self._download += payload
        if pid == PID_END_DATA:
            self.buffers[1] = bytes(self._download)
            self._download = None

    def _answer(self, instruction: int, params: bytes) -> None:
        self.commands.append((instruction, params))
        if instruction in self.silent:
            return
        if instruction in self.forced:
            self._ack(self.forced.pop(instruction))
            return
        if instruction in self.unsupported:
            self._ack(Confirmation.PACKET_ERROR)
            return
        handler = getattr(self, f"_do_{Instruction(instruction).name.lower()}")
        handler(params)

    def _do_vfy_pwd(self, params: bytes) -> None:
        (password,) = struct.unpack(">I", params)
        self._ack(Confirmation.OK if password == self.password else Confirmation.WRONG_PASSWORD)

    def _do_read_sys_para(self, params: bytes) -> None:
        size_code = {32: 0, 64: 1, 128: 2, 256: 3}[self.packet_size]
        parameters = SystemParameters(0, 9, self.capacity, 3, ADDRESS, size_code, 6)
        self._ack(Confirmation.OK, parameters.to_bytes())

    def _do_template_num(self, params: bytes) -> None:
        self._ack(Confirmation.OK, struct.pack(">H", len(self.library)))

    def _do_read_index_table(self, params: bytes) -> None:
        bitmap = bytearray(32)
        base = params[0] * 256
        for page in self.library:
            if base <= page < base + 256:
                bitmap[(page - base) // 8] |= 1 << (page % 8)
        self._ack(Confirmation.OK, bytes(bitmap))

    def _do_gen_img(self, params: bytes) -> None:
        finger = self.fingers.popleft() if len(self.fingers) > 1 else self.fingers[0]
        self._image = finger
        self._ack(Confirmation.NO_FINGER if finger is None else Confirmation.OK)

    def _do_img2tz(self, params: bytes) -> None:
        if self._image is None:
            self._ack(Confirmation.NO_VALID_IMAGE)
            return
        self.buffers[params[0]] = char_file(self._image)
        self._ack(Confirmation.OK)

    def _do_match(self, params: bytes) -> None:
        if self.buffers[1] is not None and self.buffers[1] == self.buffers[2]:
            self._ack(Confirmation.OK, struct.pack(">H", 180))
        else:
            self._ack(Confirmation.NO_MATCH, struct.pack(">H", 7))

    def _do_search(self, params: bytes) -> None:
        buffer, start, count = struct.unpack(">BHH", params)
        for page in range(start, start + count):
            if self.library.get(page) == self.buffers[buffer]:
                self._ack(Confirmation.OK, struct.pack(">HH", page, 150))
                return
        self._ack(Confirmation.NOT_FOUND, bytes(4))

    def _do_reg_model(self, params: bytes) -> None:
        if self.buffers[1] is None or self.buffers[1] != self.buffers[2]:
            self._ack(Confirmation.MERGE_FAIL)
            return
        self._ack(Confirmation.OK)

    def _do_store(self, params: bytes) -> None:
        buffer, page = struct.unpack(">BH", params)
        content = self.buffers[buffer]
        assert content is not None
        self.library[page] = content
        self._ack(Confirmation.OK)

    def _do_load_char(self, params: bytes) -> None:
        buffer, page = struct.unpack(">BH", params)
        if page not in self.library:
            self._ack(Confirmation.READ_TEMPLATE_ERROR)
            return
        self.buffers[buffer] = self.library[page]
        self._ack(Confirmation.OK)

    def _do_up_char(self, params: bytes) -> None:
        content = self.buffers[params[0]]
        if content is None:
            self._ack(Confirmation.UPLOAD_FEATURE_FAIL)
            return
        self._ack(Confirmation.OK)
        chunks = [content[i : i + self.packet_size] for i in range(0, len(content), self.packet_size)]
        for i, chunk in enumerate(chunks):
            self._send(PID_END_DATA if i == len(chunks) - 1 else PID_DATA, chunk)

    def _do_down_char(self, params: bytes) -> None:
        self._download = bytearray()
        self._ack(Confirmation.OK)

    def _do_delete_char(self, params: bytes) -> None:
        page, count = struct.unpack(">HH", params)
        for p in range(page, page + count):
            self.library.pop(p, None)
        self._ack(Confirmation.OK)

    def _do_empty(self, params: bytes) -> None:
        self.library.clear()
        self._ack(Confirmation.OK)

    def _do_led_on(self, params: bytes) -> None:
        self.led_on = True
        self._ack(Confirmation.OK)

    def _do_led_off(self, params: bytes) -> None:
        self.led_on = False
        self._ack(Confirmation.OK)

    def _do_aura_led_config(self, params: bytes) -> None:
        self.aura = params
        self._ack(Confirmation.OK)


@pytest.fixture
def fake() -> FakeModule:
    return FakeModule()


def attach(fake: FakeModule, *, timeout_s: float = 0.5, password: int = 0) -> ZfmScanner:
    scanner = ZfmScanner.attach(fake, password=password, timeout_s=timeout_s, poll_interval_s=0.005)
    fake.commands.clear()
    return scanner


# -- errors -----------------------------------------------------------------------------------

EXPECTED_ERRORS: dict[int, tuple[type[FingerprintError], str]] = {
    0x02: (NoFinger, "no_finger"),
    0x03: (ImageFailed, "image_failed"),
    0x06: (TooMessy, "too_messy"),
    0x07: (TooFewFeatures, "too_few_features"),
    0x08: (NoMatch, "no_match"),
    0x09: (NotFound, "not_found"),
    0x0A: (MergeFailed, "merge_failed"),
    0x0B: (BadPage, "bad_page"),
    0x13: (WrongPassword, "wrong_password"),
    0x15: (ImageFailed, "image_failed"),
}


@pytest.mark.parametrize("code", range(256))
def test_every_confirmation_code_maps_to_its_error(code: int) -> None:
    error = error_for(code)
    if code == 0:
        assert error is None
        return
    assert isinstance(error, FingerprintError)
    assert error.code == code
    expected_class, reason = EXPECTED_ERRORS.get(code, (ModuleError, "module_error"))
    assert type(error) is expected_class
    assert error.reason == reason
    assert str(error)  # a plain message for logs and technicians
    if expected_class is ModuleError:
        assert f"0x{code:02X}" in str(error)


def test_every_named_confirmation_is_covered() -> None:
    for confirmation in Confirmation:
        error = error_for(confirmation)
        assert (error is None) == (confirmation == Confirmation.OK)


def test_host_side_errors_have_stable_reasons() -> None:
    assert ModuleNotResponding().reason == "module_not_responding"
    assert PortUnavailable().reason == "port_unavailable"
    assert CaptureCancelled().reason == "capture_cancelled"
    assert CaptureTimedOut().reason == "capture_timed_out"
    assert ModuleError(None).code is None
    reasons = {
        cls.reason for cls in vars(errors).values() if isinstance(cls, type) and issubclass(cls, Exception)
    }
    assert len(reasons) == 15  # base + 14 distinct keys


# -- handshake and requests ---------------------------------------------------------------------


def test_handshake_vectors_byte_for_byte(fake: FakeModule) -> None:
    assert build_packet(PID_ACK, b"\x00", ADDRESS) == VFY_PWD_ACK  # what the fake answers
    scanner = ZfmScanner.attach(fake)
    assert fake.written.startswith(VFY_PWD_0)
    assert fake.written[len(VFY_PWD_0) :] == build_packet(PID_COMMAND, bytes([Instruction.READ_SYS_PARA]))
    assert scanner.bytes_sent == len(fake.written)
    assert scanner.bytes_received == fake.sent_total - fake.flushed - len(fake.out)
    assert scanner.info() == ModuleInfo(
        template_count=0, capacity=200, security_level=3, baud=57600, packet_size=128, address=ADDRESS
    )


def test_gen_img_vector(fake: FakeModule) -> None:
    scanner = attach(fake)
    fake.fingers = deque(["alice"])
    start = len(fake.written)
    scanner.capture(1, timeout_s=1)
    assert fake.written[start : start + len(GEN_IMG)] == GEN_IMG


def test_wrong_password_closes_the_link() -> None:
    fake = FakeModule(password=0x1234)
    with pytest.raises(WrongPassword) as caught:
        ZfmScanner.attach(fake, password=0)
    assert caught.value.reason == "wrong_password"
    assert fake.closed


def test_password_is_sent_big_endian() -> None:
    fake = FakeModule(password=0x01020304)
    ZfmScanner.attach(fake, password=0x01020304)
    assert fake.commands[0] == (Instruction.VFY_PWD, bytes([1, 2, 3, 4]))


def test_garbage_before_the_answer_is_skipped_without_a_retry(fake: FakeModule) -> None:
    scanner = attach(fake)
    fake.faults = deque([lambda packet: b"\x00\x13\xef\x55noise" + packet])
    assert scanner.template_count() == 0
    assert fake.instructions == [Instruction.TEMPLATE_NUM]


def test_garbage_with_a_false_header_is_resolved_when_the_line_goes_quiet(fake: FakeModule) -> None:
    scanner = attach(fake, timeout_s=2)
    # A false header whose length field swallows the real answer: the reader gives up on it
    # once the line is quiet and finds the real answer inside.
    fake.faults = deque([lambda packet: b"\xef\x01\xff\xff\xff\xff\x07\x00\x40" + packet])
    started = time.monotonic()
    assert scanner.template_count() == 0
    assert time.monotonic() - started < 1
    assert fake.instructions == [Instruction.TEMPLATE_NUM]


def test_garbled_answer_is_asked_for_again(fake: FakeModule) -> None:
    scanner = attach(fake, timeout_s=2)
    fake.library[5] = char_file("x")
    fake.faults = deque([lambda packet: b"\x42\x42" + drop_middle(packet)])
    started = time.monotonic()
    assert scanner.template_count() == 1
    assert time.monotonic() - started < 1  # retried once the line was quiet, not at the timeout
    assert fake.instructions == [Instruction.TEMPLATE_NUM, Instruction.TEMPLATE_NUM]


def test_bad_checksum_answer_is_asked_for_again(fake: FakeModule) -> None:
    scanner = attach(fake, timeout_s=2)
    fake.faults = deque([corrupt_checksum])
    started = time.monotonic()
    assert scanner.template_count() == 0
    assert time.monotonic() - started < 1
    assert fake.instructions == [Instruction.TEMPLATE_NUM, Instruction.TEMPLATE_NUM]


def test_two_bad_answers_mean_the_module_is_not_responding(fake: FakeModule) -> None:
    scanner = attach(fake, timeout_s=2)
    fake.faults = deque([corrupt_checksum, corrupt_checksum])
    with pytest.raises(ModuleNotResponding):
        scanner.template_count()
    assert fake.instructions == [Instruction.TEMPLATE_NUM, Instruction.TEMPLATE_NUM]


def test_timeout_is_retried_once_then_module_not_responding(fake: FakeModule) -> None:
    scanner = attach(fake, timeout_s=0.1)
    fake.silent = {Instruction.TEMPLATE_NUM}
    started = time.monotonic()
    with pytest.raises(ModuleNotResponding) as caught:
        scanner.template_count()
    assert 0.2 <= time.monotonic() - started < 1
    assert caught.value.reason == "module_not_responding"
    assert fake.instructions == [Instruction.TEMPLATE_NUM, Instruction.TEMPLATE_NUM]


def test_timeout_before_the_first_answer_fails_the_open() -> None:
    fake = FakeModule()
    fake.silent = {Instruction.VFY_PWD}
    with pytest.raises(ModuleNotResponding):
        ZfmScanner.attach(fake, timeout_s=0.05)
    assert fake.closed


@pytest.mark.parametrize(
    ("call", "instruction"),
    [
        (lambda s: s.delete(3), Instruction.DELETE_CHAR),
        (lambda s: s.empty(), Instruction.EMPTY),
        (lambda s: s.upload_template(char_file("a"), 4), Instruction.STORE),
    ],
    ids=["delete", "empty", "store"],
)
def test_writes_are_never_sent_twice(
    fake: FakeModule, call: Callable[[ZfmScanner], None], instruction: Instruction
) -> None:
    scanner = attach(fake, timeout_s=0.1)
    fake.silent = {instruction}
    with pytest.raises(ModuleNotResponding):
        call(scanner)
    assert fake.instructions.count(instruction) == 1


def test_corrupted_answer_to_store_is_not_retried(fake: FakeModule) -> None:
    scanner = attach(fake, timeout_s=2)
    fake.faults = deque([None, corrupt_checksum])  # DownChar's ack fine, Store's corrupted
    with pytest.raises(ModuleNotResponding):
        scanner.upload_template(char_file("a"), 4)
    assert fake.instructions == [Instruction.DOWN_CHAR, Instruction.STORE]


def test_answers_for_another_address_are_ignored(fake: FakeModule) -> None:
    scanner = attach(fake, timeout_s=0.1)
    fake.faults = deque([lambda packet: build_packet(PID_ACK, b"\x00\x00\x09", 0x12345678)])
    assert scanner.template_count() == 0  # the stray answer times out, the retry is clean
    assert fake.instructions == [Instruction.TEMPLATE_NUM, Instruction.TEMPLATE_NUM]


def test_confirmation_codes_raise_without_a_retry(fake: FakeModule) -> None:
    scanner = attach(fake)
    fake.forced = {Instruction.TEMPLATE_NUM: Confirmation.FLASH_WRITE_ERROR}
    with pytest.raises(ModuleError) as caught:
        scanner.template_count()
    assert caught.value.code == 0x18
    assert fake.instructions == [Instruction.TEMPLATE_NUM]


def test_short_acknowledgement_is_retried(fake: FakeModule) -> None:
    scanner = attach(fake)
    fake.faults = deque([lambda packet: build_packet(PID_ACK, b"\x00")])  # TemplateNum without the count
    assert scanner.template_count() == 0
    assert fake.instructions == [Instruction.TEMPLATE_NUM, Instruction.TEMPLATE_NUM]


def test_port_that_cannot_be_opened() -> None:
    with pytest.raises(PortUnavailable) as caught:
        ZfmScanner.open("/dev/no-such-fingerprint-port")
    assert caught.value.reason == "port_unavailable"


def test_closed_scanner_reports_port_unavailable(fake: FakeModule) -> None:
    scanner = attach(fake)
    scanner.close()
    scanner.close()
    assert fake.closed
    with pytest.raises(PortUnavailable):
        scanner.template_count()


def test_importing_the_driver_opens_nothing() -> None:
    code = "import sys, drivers.fingerprint.zfm; print('serial' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


# -- captures ---------------------------------------------------------------------------------


def test_capture_polls_until_a_finger_is_placed(fake: FakeModule) -> None:
    scanner = attach(fake)
    fake.fingers = deque([None, None, None, "alice"])
    progress: list[str] = []
    scanner.capture(2, timeout_s=2, on_progress=progress.append)
    assert progress == ["place_finger"]
    assert fake.instructions == [Instruction.GEN_IMG] * 4 + [Instruction.IMG2TZ]
    assert fake.commands[-1] == (Instruction.IMG2TZ, b"\x02")
    assert fake.buffers[2] == char_file("alice")


def test_capture_times_out(fake: FakeModule) -> None:
    scanner = attach(fake)
    started = time.monotonic()
    with pytest.raises(CaptureTimedOut) as caught:
        scanner.capture(1, timeout_s=0.15)
    assert 0.15 <= time.monotonic() - started < 1
    assert caught.value.reason == "capture_timed_out"
    assert Instruction.IMG2TZ not in fake.instructions


def test_capture_cancelled_while_waiting(fake: FakeModule) -> None:
    scanner = ZfmScanner.attach(fake, poll_interval_s=0.1)
    cancel = threading.Event()
    timer = threading.Timer(0.15, cancel.set)
    timer.start()
    started = time.monotonic()
    with pytest.raises(CaptureCancelled) as caught:
        scanner.capture(1, timeout_s=5, cancel=cancel)
    timer.cancel()
    assert time.monotonic() - started < 1
    assert caught.value.reason == "capture_cancelled"


def test_capture_cancelled_before_it_starts(fake: FakeModule) -> None:
    scanner = attach(fake)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(CaptureCancelled):
        scanner.capture(1, timeout_s=5, cancel=cancel)
    assert fake.instructions == []


@pytest.mark.parametrize(
    ("code", "error"),
    [(Confirmation.TOO_MESSY, TooMessy), (Confirmation.TOO_FEW_FEATURES, TooFewFeatures)],
)
def test_capture_quality_errors(fake: FakeModule, code: Confirmation, error: type[FingerprintError]) -> None:
    scanner = attach(fake)
    fake.fingers = deque(["alice"])
    fake.forced = {Instruction.IMG2TZ: code}
    with pytest.raises(error):
        scanner.capture(1, timeout_s=1)


def test_capture_rejects_a_buffer_that_does_not_exist(fake: FakeModule) -> None:
    scanner = attach(fake)
    with pytest.raises(ValueError):
        scanner.capture(3, timeout_s=1)


# -- enroll and verify ------------------------------------------------------------------------


def test_enroll_happy_path(fake: FakeModule) -> None:
    fake.library = {0: char_file("x"), 1: char_file("y")}
    scanner = attach(fake)
    fake.fingers = deque([None, "alice", "alice", None, "alice"])
    progress: list[str] = []
    result = scanner.enroll(on_progress=progress.append, timeout_s=2)
    assert result == EnrollResult(page=2, score=180)
    assert progress == ["place_finger", "lift_finger", "place_finger"]
    assert fake.instructions == [
        Instruction.READ_INDEX_TABLE,
        Instruction.GEN_IMG,
        Instruction.GEN_IMG,
        Instruction.IMG2TZ,
        Instruction.GEN_IMG,
        Instruction.GEN_IMG,
        Instruction.GEN_IMG,
        Instruction.IMG2TZ,
        Instruction.MATCH,
        Instruction.REG_MODEL,
        Instruction.STORE,
    ]
    assert fake.commands[-1] == (Instruction.STORE, b"\x01\x00\x02")
    assert fake.library[2] == char_file("alice")
    assert "alice" not in repr(result)


def test_enroll_with_three_captures(fake: FakeModule) -> None:
    scanner = attach(fake)
    fake.fingers = deque(["alice", None, "alice", None, "alice"])
    progress: list[str] = []
    assert scanner.enroll(3, on_progress=progress.append, timeout_s=2) == EnrollResult(page=0, score=180)
    assert progress == ["place_finger", "lift_finger", "place_finger", "lift_finger", "place_finger"]
    assert fake.instructions.count(Instruction.MATCH) == 2


def test_enroll_captures_that_differ(fake: FakeModule) -> None:
    scanner = attach(fake)
    fake.fingers = deque(["alice", None, "bob"])
    with pytest.raises(MergeFailed) as caught:
        scanner.enroll(timeout_s=2)
    assert caught.value.reason == "merge_failed"
    assert "alice" not in str(caught.value)
    assert Instruction.STORE not in fake.instructions
    assert fake.library == {}


def test_enroll_waits_for_the_finger_to_be_lifted(fake: FakeModule) -> None:
    scanner = attach(fake)
    fake.fingers = deque(["alice"])  # never lifted
    with pytest.raises(CaptureTimedOut):
        scanner.enroll(timeout_s=0.1)
    assert Instruction.IMG2TZ in fake.instructions
    assert Instruction.STORE not in fake.instructions


def test_enroll_into_a_given_page(fake: FakeModule) -> None:
    scanner = attach(fake)
    fake.fingers = deque(["alice", None, "alice"])
    assert scanner.enroll(page=42, timeout_s=2).page == 42
    assert Instruction.READ_INDEX_TABLE not in fake.instructions


def test_enroll_without_read_index_table_uses_the_template_count(fake: FakeModule) -> None:
    fake.library = {0: char_file("x"), 1: char_file("y"), 2: char_file("z")}
    fake.unsupported = {Instruction.READ_INDEX_TABLE}
    scanner = attach(fake)
    fake.fingers = deque(["alice", None, "alice"])
    assert scanner.enroll(timeout_s=2).page == 3
    assert fake.instructions[:2] == [Instruction.READ_INDEX_TABLE, Instruction.TEMPLATE_NUM]


def test_enroll_into_a_full_library(fake: FakeModule) -> None:
    fake.capacity = 3
    fake.library = {0: char_file("x"), 1: char_file("y"), 2: char_file("z")}
    scanner = attach(fake)
    with pytest.raises(BadPage):
        scanner.enroll(timeout_s=1)
    assert Instruction.GEN_IMG not in fake.instructions


def test_pages_outside_the_library_are_refused_before_any_io(fake: FakeModule) -> None:
    scanner = attach(fake)
    for call in (
        lambda: scanner.verify(200),
        lambda: scanner.download_template(-1),
        lambda: scanner.delete(199, 2),
        lambda: scanner.upload_template(char_file("a"), 500),
    ):
        with pytest.raises(BadPage):
            call()
    with pytest.raises(ValueError):
        scanner.upload_template(b"short", 1)  # a module would store what its buffer held before
    assert fake.instructions == []


def test_verify_one_to_one(fake: FakeModule) -> None:
    fake.library = {7: char_file("alice")}
    scanner = attach(fake)
    fake.fingers = deque(["alice"])
    assert scanner.verify(7, timeout_s=1) == VerifyResult(matched=True, page=7, score=180)
    assert fake.instructions == [
        Instruction.LOAD_CHAR,
        Instruction.GEN_IMG,
        Instruction.IMG2TZ,
        Instruction.MATCH,
    ]
    assert fake.commands[0] == (Instruction.LOAD_CHAR, b"\x02\x00\x07")
    fake.fingers = deque(["bob"])
    assert scanner.verify(7, timeout_s=1) == VerifyResult(matched=False, page=7, score=0)


def test_verify_one_to_many(fake: FakeModule) -> None:
    fake.library = {3: char_file("bob"), 9: char_file("alice")}
    scanner = attach(fake)
    fake.fingers = deque(["alice"])
    assert scanner.verify(timeout_s=1) == VerifyResult(matched=True, page=9, score=150)
    assert fake.commands[-1] == (Instruction.SEARCH, struct.pack(">BHH", 1, 0, 200))
    fake.fingers = deque(["carol"])
    assert scanner.verify(timeout_s=1) == VerifyResult(matched=False, page=None, score=0)


def test_match_and_search(fake: FakeModule) -> None:
    fake.library = {4: char_file("alice")}
    scanner = attach(fake)
    fake.buffers = {1: char_file("alice"), 2: char_file("alice")}
    assert scanner.match() == 180
    assert scanner.search(2, start_page=1, count=10) == SearchResult(page=4, score=150)
    fake.buffers[2] = char_file("bob")
    with pytest.raises(NoMatch):
        scanner.match()
    with pytest.raises(NotFound):
        scanner.search(2)


# -- library and transfers ------------------------------------------------------------------


def test_library_management(fake: FakeModule) -> None:
    fake.library = {0: char_file("a"), 9: char_file("b"), 130: char_file("c")}
    scanner = attach(fake)
    assert scanner.template_count() == 3
    assert scanner.index_table() == [0, 9, 130]
    scanner.delete(9)
    assert fake.commands[-1] == (Instruction.DELETE_CHAR, b"\x00\x09\x00\x01")
    assert scanner.index_table(0) == [0, 130]
    scanner.empty()
    assert scanner.template_count() == 0


@pytest.mark.parametrize("packet_size", [32, 64, 128, 256])
def test_template_round_trip(packet_size: int) -> None:
    fake = FakeModule(packet_size=packet_size)
    scanner = attach(fake)
    template = char_file("alice")
    scanner.upload_template(template, 12)
    pids = [pid for pid, _ in fake.data_received]
    assert pids == [PID_DATA] * (512 // packet_size - 1) + [PID_END_DATA]
    assert all(len(payload) == packet_size for _, payload in fake.data_received)
    assert fake.library[12] == template
    assert scanner.download_template(12) == template
    assert fake.instructions[-2:] == [Instruction.LOAD_CHAR, Instruction.UP_CHAR]
    assert scanner.bytes_sent == len(fake.written)
    assert scanner.bytes_received == fake.sent_total - fake.flushed - len(fake.out)


@pytest.mark.parametrize("fault", [corrupt_checksum, drop_middle, silence], ids=["checksum", "drop", "lost"])
def test_download_with_a_damaged_data_packet_is_repeated(fake: FakeModule, fault: Fault) -> None:
    fake.library = {12: char_file("alice")}
    scanner = attach(fake, timeout_s=0.3)
    # LoadChar ack, UpChar ack, data 1, data 2 (damaged), data 3, end.
    fake.faults = deque([None, None, None, fault])
    assert scanner.download_template(12) == char_file("alice")
    assert fake.instructions == [Instruction.LOAD_CHAR, Instruction.UP_CHAR] * 2


def test_download_that_never_arrives_cleanly(fake: FakeModule) -> None:
    fake.library = {12: char_file("alice")}
    scanner = attach(fake, timeout_s=0.3)
    fake.faults = deque([None, None, None, corrupt_checksum, None, None, None, None, corrupt_checksum])
    with pytest.raises(ModuleNotResponding):
        scanner.download_template(12)
    assert fake.instructions == [Instruction.LOAD_CHAR, Instruction.UP_CHAR] * 2


def test_template_bytes_stay_out_of_logs_and_errors(
    fake: FakeModule, caplog: pytest.LogCaptureFixture
) -> None:
    template = char_file("alice")
    fake.library = {12: template}
    scanner = attach(fake, timeout_s=0.3)
    caplog.set_level(logging.DEBUG)
    fake.faults = deque([None, None, None, corrupt_checksum, None, None, None, None, corrupt_checksum])
    with pytest.raises(ModuleNotResponding) as caught:
        scanner.download_template(12)
    scanner.upload_template(template, 13)
    text = caplog.text + str(caught.value) + repr(caught.value)
    for needle in (template.hex(), template[:16].hex(), repr(template[:16])[2:-1]):
        assert needle not in text


def test_led_falls_back_to_the_aura_light(fake: FakeModule) -> None:
    scanner = attach(fake)
    scanner.led(True)
    assert fake.led_on
    scanner.led(False)
    assert not fake.led_on

    other = FakeModule()
    other.unsupported = {Instruction.LED_ON, Instruction.LED_OFF}
    scanner = attach(other)
    scanner.led(True)
    assert other.aura == bytes([3, 0, 2, 0])
    scanner.led(False)
    assert other.aura == bytes([4, 0, 2, 0])
    assert other.instructions == [
        Instruction.LED_ON,
        Instruction.AURA_LED_CONFIG,
        Instruction.AURA_LED_CONFIG,
    ]


def test_led_unsupported(fake: FakeModule) -> None:
    fake.unsupported = {Instruction.LED_ON, Instruction.LED_OFF, Instruction.AURA_LED_CONFIG}
    scanner = attach(fake)
    for _ in range(2):
        with pytest.raises(ModuleError):
            scanner.led(True)
    assert fake.instructions == [Instruction.LED_ON, Instruction.AURA_LED_CONFIG]  # asked once


# -- against the virtual module on a real pty ------------------------------------------------

pty_only = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")


@pytest.fixture
def virtual_module() -> Iterator[object]:
    simulator = pytest.importorskip("drivers.fingerprint.simulator")
    with simulator.VirtualFingerprintModule() as module:
        yield module


@pty_only
def test_enroll_and_verify_on_the_virtual_module(virtual_module: object) -> None:
    from drivers.fingerprint.simulator import VirtualFingerprintModule

    module = virtual_module
    assert isinstance(module, VirtualFingerprintModule)
    finger = {"identity": "alice"}

    def drive(step: str) -> None:  # the citizen, following the screen
        if step == "place_finger":
            module.place(finger["identity"])
        elif step == "lift_finger":
            module.lift()

    with ZfmScanner.open(module.port_path, timeout_s=2.0) as scanner:
        info = scanner.info()
        assert (info.capacity, info.packet_size, info.template_count) == (300, 128, 0)

        enrolled = scanner.enroll(on_progress=drive, timeout_s=5)
        assert enrolled.page == 0
        assert enrolled.score > 100
        assert module.pages == [0]
        module.lift()

        alice = scanner.verify(on_progress=drive, timeout_s=5)
        assert alice.matched
        assert alice.page == 0
        module.lift()
        assert scanner.verify(0, on_progress=drive, timeout_s=5).matched
        module.lift()

        finger["identity"] = "bob"
        bob = scanner.verify(on_progress=drive, timeout_s=5)
        assert bob == VerifyResult(matched=False, page=None, score=0)
        module.lift()
        assert not scanner.verify(0, on_progress=drive, timeout_s=5).matched

        template = scanner.download_template(0)
        assert len(template) == 512
        scanner.upload_template(template, 7)
        assert module.template(7) == template
        assert scanner.index_table() == [0, 7]
        assert scanner.bytes_sent > 0
        assert scanner.bytes_received > scanner.bytes_sent


@pty_only
def test_virtual_module_with_corrupted_answers(virtual_module: object) -> None:
    from drivers.fingerprint.simulator import VirtualFingerprintModule

    module = virtual_module
    assert isinstance(module, VirtualFingerprintModule)
    module.enroll("alice", 5)
    with ZfmScanner.open(module.port_path, timeout_s=1.0) as scanner:
        module.corrupt_checksum_every = 2  # every other packet the module sends
        module.packets_sent = 1  # so the next answer is the corrupted one
        assert scanner.template_count() == 1
        assert scanner.index_table() == [5]
        module.corrupt_checksum_every = None
        module.place("alice")
        assert scanner.verify(5, timeout_s=2).matched


@pty_only
def test_a_port_in_use_is_unavailable(virtual_module: object) -> None:
    from drivers.fingerprint.simulator import VirtualFingerprintModule

    module = virtual_module
    assert isinstance(module, VirtualFingerprintModule)
    with ZfmScanner.open(module.port_path) as scanner:
        with pytest.raises(PortUnavailable):
            ZfmScanner.open(module.port_path)  # the first one holds an exclusive lock
        assert scanner.template_count() == 0

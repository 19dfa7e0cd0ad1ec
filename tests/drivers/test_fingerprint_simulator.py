"""The fingerprint packet protocol and the virtual module on a real pty, pyserial on the host side."""

from __future__ import annotations

import json
import re
import signal
import struct
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import serial
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.fingerprint.protocol import (
    DEFAULT_ADDRESS,
    IMAGE_SIZE,
    PID_ACK,
    PID_COMMAND,
    PID_DATA,
    PID_END_DATA,
    PIDS,
    TEMPLATE_SIZE,
    Confirmation,
    FrameError,
    Instruction,
    Packet,
    PacketReader,
    SystemParameters,
    build_ack,
    build_command,
    build_data_packets,
    build_packet,
    checksum,
    index_table_pages,
    parse_packet,
)
from drivers.fingerprint.simulator import (
    MAX_SCORE,
    AuraState,
    VirtualFingerprintModule,
    capture_features,
    capture_template,
    enrolled_template,
    finger_image,
    record_features,
    score,
)

REPO = Path(__file__).resolve().parents[2]

# DEVICES.md writes the VfyPwd command as EF01FFFFFFFF01000713000000001B: 15 bytes, one short of
# what its own LEN (0007 = instruction 13 + 4 password bytes + 2 checksum bytes) declares. The
# packet on the wire has the four password bytes 00000000:
VFY_PWD_0 = bytes.fromhex("EF01FFFFFFFF0100071300000000001B")
VFY_PWD_ACK = bytes.fromhex("EF01FFFFFFFF07000300000A")
GEN_IMG = bytes.fromhex("EF01FFFFFFFF010003010005")


# ---------------------------------------------------------------------------------------------
# Host side


class Host:
    """The host end of the pty: pyserial and a PacketReader."""

    def __init__(self, module: VirtualFingerprintModule) -> None:
        self.serial = serial.Serial(module.port_path, 57600, timeout=1)
        self.reader = PacketReader()
        self.received: list[Packet] = []

    def close(self) -> None:
        self.serial.close()

    def send(self, instruction: int, params: bytes = b"", address: int = DEFAULT_ADDRESS) -> None:
        self.serial.write(build_command(instruction, params, address))

    def receive(self, timeout_s: float = 2.0) -> Packet:
        deadline = time.monotonic() + timeout_s
        while not self.received:
            if time.monotonic() > deadline:
                raise TimeoutError("no packet from the module")
            self.received += self.reader.feed(self.serial.read(self.serial.in_waiting or 1))
        return self.received.pop(0)

    def quiet(self, seconds: float = 0.2) -> list[Packet]:
        """Whatever packets complete within ``seconds`` (expected: none)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.serial.in_waiting:
                self.received += self.reader.feed(self.serial.read(self.serial.in_waiting))
            else:
                time.sleep(0.01)
        packets, self.received = self.received, []
        return packets

    def command(self, instruction: int, params: bytes = b"") -> Packet:
        self.send(instruction, params)
        packet = self.receive()
        assert packet.pid == PID_ACK
        return packet

    def ok(self, instruction: int, params: bytes = b"") -> bytes:
        ack = self.command(instruction, params)
        assert ack.code == Confirmation.OK, f"{Instruction(instruction).name}: 0x{ack.code:02X}"
        return ack.data

    def data(self) -> tuple[bytes, list[Packet]]:
        packets = [self.receive()]
        while not packets[-1].is_end:
            assert packets[-1].pid == PID_DATA
            packets.append(self.receive())
        return b"".join(p.payload for p in packets), packets

    def capture(self, buffer: int) -> None:
        self.ok(Instruction.GEN_IMG)
        self.ok(Instruction.IMG2TZ, bytes([buffer]))

    def up_char(self, buffer: int) -> bytes:
        self.ok(Instruction.UP_CHAR, bytes([buffer]))
        return self.data()[0]

    def down_char(self, buffer: int, template: bytes, packet_size: int = 128) -> None:
        self.ok(Instruction.DOWN_CHAR, bytes([buffer]))
        for packet in build_data_packets(template, packet_size):
            self.serial.write(packet)


@pytest.fixture
def module() -> Iterator[VirtualFingerprintModule]:
    with VirtualFingerprintModule() as virtual:
        yield virtual


@pytest.fixture
def host(module: VirtualFingerprintModule) -> Iterator[Host]:
    connection = Host(module)
    yield connection
    connection.close()


def search_all(host: Host) -> Packet:
    return host.command(Instruction.SEARCH, struct.pack(">BHH", 1, 0, 300))


# ---------------------------------------------------------------------------------------------
# Packets


def test_devices_md_vectors_are_built_byte_for_byte() -> None:
    """GIVEN the packets DEVICES.md lists
    WHEN they are built with build_packet / build_command / build_ack
    THEN the bytes are identical (VfyPwd with its four password bytes, see VFY_PWD_0)."""
    assert build_packet(PID_COMMAND, bytes([0x13, 0, 0, 0, 0])) == VFY_PWD_0
    assert build_command(Instruction.VFY_PWD, bytes(4)) == VFY_PWD_0
    assert build_ack(Confirmation.OK) == VFY_PWD_ACK
    assert build_command(Instruction.GEN_IMG) == GEN_IMG
    assert checksum(PID_COMMAND, bytes([0x13, 0, 0, 0, 0])) == 0x1B
    # The 15-byte string of DEVICES.md is not a whole packet.
    with pytest.raises(FrameError) as error:
        parse_packet(bytes.fromhex("EF01FFFFFFFF01000713000000001B"))
    assert error.value.reason == "truncated"


def test_parse_packet_rejects_each_defect_with_a_reason() -> None:
    """GIVEN a good packet and copies with one defect each
    WHEN parsed
    THEN the good one gives its fields, each defect raises FrameError with its own reason."""
    good = build_ack(Confirmation.OK, b"\x01\x2c", address=0x12345678)
    assert parse_packet(good) == Packet(0x12345678, PID_ACK, b"\x00\x01\x2c")
    assert parse_packet(good).code == 0 and parse_packet(good).data == b"\x01\x2c"
    cases = {
        "bad_header": b"\xef\x02" + good[2:],
        "bad_pid": good[:6] + b"\x05" + good[7:],
        "bad_length": good[:7] + b"\x01\x03" + good[9:],
        "bad_checksum": good[:-1] + bytes([good[-1] ^ 1]),
        "truncated": good[:-1],
    }
    for reason, data in cases.items():
        with pytest.raises(FrameError) as error:
            parse_packet(data)
        assert error.value.reason == reason


def test_build_packet_refuses_what_cannot_go_on_the_wire() -> None:
    """GIVEN an unknown PID, an empty or oversized payload, an address beyond 32 bits
    WHEN build_packet is asked for them
    THEN it raises ValueError."""
    for pid, payload, address in [(0x03, b"\x00", DEFAULT_ADDRESS), (PID_DATA, b"", DEFAULT_ADDRESS)]:
        with pytest.raises(ValueError):
            build_packet(pid, payload, address)
    with pytest.raises(ValueError):
        build_packet(PID_DATA, bytes(257))
    with pytest.raises(ValueError):
        build_packet(PID_DATA, b"\x00", 1 << 32)
    with pytest.raises(ValueError):
        build_data_packets(bytes(10), 100)


def test_data_packets_split_at_the_packet_size_and_end_with_pid_08() -> None:
    """GIVEN 512 bytes
    WHEN split for each packet size
    THEN every packet but the last is PID 02 and full, the last is PID 08, and the bytes join back."""
    data = bytes(range(256)) * 2
    for size in (32, 64, 128, 256):
        packets = [parse_packet(p) for p in build_data_packets(data, size)]
        assert len(packets) == 512 // size
        assert [p.pid for p in packets] == [PID_DATA] * (len(packets) - 1) + [PID_END_DATA]
        assert b"".join(p.payload for p in packets) == data


def test_system_parameters_round_trip() -> None:
    """GIVEN system parameters
    WHEN packed to the 16 ReadSysPara bytes and parsed back
    THEN they are equal, and packet size and baud are derived from their codes."""
    params = SystemParameters(0x0004, 9, 300, 3, DEFAULT_ADDRESS, 2, 6)
    raw = params.to_bytes()
    assert len(raw) == 16
    assert SystemParameters.from_bytes(raw) == params
    assert (params.packet_size, params.baud) == (128, 57600)
    assert index_table_pages(b"\x01\x02" + bytes(30), 1) == [256, 265]


def test_reader_resynchronises_after_garbage_and_a_bad_checksum() -> None:
    """GIVEN garbage, a packet with a bad checksum and two good packets, fed a byte at a time
    WHEN read
    THEN the two good packets come out, the bad frame counts once, and every byte is accounted for."""
    first, second = build_ack(0), build_command(Instruction.TEMPLATE_NUM)
    bad = build_ack(8)[:-1] + b"\x00"
    stream = b"\x00\xef\x55" + first + bad + b"\xef" + second
    reader = PacketReader()
    packets = [p for byte in stream for p in reader.feed(bytes([byte]))]
    assert [p.to_bytes() for p in packets] == [first, second]
    assert reader.bad_packets == 1 and reader.checksum_errors == 1
    assert reader.last_error is not None and reader.last_error.reason == "bad_checksum"
    assert reader.dropped_bytes == 3 + len(bad) + 1
    assert reader.pending == 0


def test_reader_keeps_a_partial_packet_and_flush_gives_up_on_it() -> None:
    """GIVEN a packet cut short by lost bytes followed by a good packet and then silence
    WHEN fed, then flushed
    THEN the good packet comes out (once its bytes complete the broken frame's checksum fails)."""
    cut = build_ack(0, bytes(40))[:20]
    good = build_ack(0)
    reader = PacketReader()
    assert reader.feed(cut + good) == []  # the cut frame claims 43 payload bytes: still waiting
    assert reader.pending == len(cut + good)
    assert [p.to_bytes() for p in reader.flush()] == [good]
    assert reader.pending == 0
    assert reader.bad_packets == 1 and reader.last_error is not None
    assert reader.last_error.reason == "truncated"


def chunked(data: bytes, sizes: list[int]) -> list[bytes]:
    chunks, at = [], 0
    for size in sizes:
        chunks.append(data[at : at + size])
        at += size
    chunks.append(data[at:])
    return chunks


packets_strategy = st.builds(
    build_packet,
    st.sampled_from(sorted(PIDS)),
    st.binary(min_size=1, max_size=256),
    st.one_of(st.just(DEFAULT_ADDRESS), st.integers(0, 0xFFFFFFFF)),
)
garbage_strategy = st.one_of(
    st.binary(max_size=40),
    st.sampled_from([b"", b"\xef", b"\xef\x01", b"\xef\x01\xff\xff\xff\xff", b"\xef\xef\x01"]),
    packets_strategy.map(lambda p: p[: len(p) // 2]),  # cut short
    packets_strategy.map(lambda p: p[:-1] + bytes([p[-1] ^ 0x5A])),  # bad checksum
    packets_strategy.map(lambda p: p[:7] + b"\xff\xff" + p[9:]),  # bad length
)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000), st.lists(st.integers(0, 64), max_size=80))
def test_any_byte_stream_in_any_chunking_never_raises(data: bytes, sizes: list[int]) -> None:
    """GIVEN any bytes cut into any chunks
    WHEN fed to a PacketReader
    THEN it never raises, gives what it gives for the whole stream at once, and packet bytes +
    dropped bytes + pending bytes = bytes fed."""
    reader = PacketReader()
    packets = [p for chunk in chunked(data, sizes) for p in reader.feed(chunk)]
    whole = PacketReader()
    assert packets == whole.feed(data)
    assert (reader.dropped_bytes, reader.bad_packets, reader.pending) == (
        whole.dropped_bytes,
        whole.bad_packets,
        whole.pending,
    )
    consumed = sum(len(p.to_bytes()) for p in packets)
    assert consumed + reader.dropped_bytes + reader.pending == len(data)
    packets += reader.flush()
    assert reader.pending == 0


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(garbage_strategy, packets_strategy), max_size=12),
    garbage_strategy,
    st.lists(st.integers(1, 300), max_size=40),
)
def test_valid_packets_in_random_garbage_are_all_recovered(
    pairs: list[tuple[bytes, bytes]], tail: bytes, sizes: list[int]
) -> None:
    """GIVEN valid packets, each after random garbage (noise, stray headers, cut, corrupted and
    over-long frames), cut into random chunks
    WHEN fed to a PacketReader and flushed at the end of the stream
    THEN every valid packet is recovered, in order."""
    stream = b"".join(garbage + packet for garbage, packet in pairs) + tail
    reader = PacketReader()
    out = [p.to_bytes() for chunk in chunked(stream, sizes) for p in reader.feed(chunk)]
    out += [p.to_bytes() for p in reader.flush()]
    remaining = iter(out)
    for _, packet in pairs:
        assert any(got == packet for got in remaining), "a valid packet was lost"


# ---------------------------------------------------------------------------------------------
# Features, templates, images


def test_captures_of_one_finger_are_similar_but_not_identical() -> None:
    """GIVEN two captures of each of 50 fingers
    WHEN compared
    THEN the captures differ byte-wise, the same finger scores above 100, different fingers below 30."""
    for n in range(50):
        first, second = capture_template(f"finger-{n}", 1), capture_template(f"finger-{n}", 2)
        assert first != second
        assert capture_features(f"finger-{n}", 1) == capture_features(f"finger-{n}", 1)  # deterministic
        assert 100 < score(first, second) <= MAX_SCORE
        assert score(first, capture_template(f"other-{n}", 2)) < 30
    merged = enrolled_template("alice")
    assert record_features(merged) is not None
    assert score(merged, capture_template("alice", 7)) > 100
    assert score(merged, bytes(TEMPLATE_SIZE)) == 0


def test_finger_images_are_4_bit_256_by_288() -> None:
    """GIVEN a good and a partial capture
    WHEN rendered
    THEN each is 36864 bytes; the partial one is blank (0xFF) below its top third."""
    good = finger_image("alice", 1)
    partial = finger_image("alice", 1, "partial")
    assert len(good) == len(partial) == IMAGE_SIZE
    assert len(set(good)) > 10
    assert set(partial[len(partial) // 2 :]) == {0xFF}


# ---------------------------------------------------------------------------------------------
# The module over a pty


def test_devices_md_vectors_over_the_wire(module: VirtualFingerprintModule, host: Host) -> None:
    """GIVEN a module with the factory password and no finger
    WHEN the host writes the raw VfyPwd and GenImg packets
    THEN the answers are the raw acks: 00 for the password, 02 (no finger) for GenImg."""
    host.serial.write(VFY_PWD_0)
    assert host.serial.read(12) == VFY_PWD_ACK
    host.serial.write(GEN_IMG)
    assert host.serial.read(12) == bytes.fromhex("EF01FFFFFFFF07000302000C")


def test_every_instruction_is_served(module: VirtualFingerprintModule, host: Host) -> None:
    """GIVEN a module with a finger on it
    WHEN the host runs every instruction of the protocol once, in a sensible order
    THEN each one is answered 00 (ok) with its results."""
    module.place("alice")
    host.ok(Instruction.VFY_PWD, bytes(4))
    assert SystemParameters.from_bytes(host.ok(Instruction.READ_SYS_PARA)).library_size == 300
    host.ok(Instruction.WRITE_REG, bytes([5, 4]))
    host.ok(Instruction.GEN_IMG)
    host.ok(Instruction.UP_IMAGE)
    assert len(host.data()[0]) == IMAGE_SIZE
    host.ok(Instruction.IMG2TZ, b"\x01")
    host.capture(2)
    assert struct.unpack(">H", host.ok(Instruction.MATCH))[0] > 100
    host.ok(Instruction.REG_MODEL)
    host.ok(Instruction.STORE, struct.pack(">BH", 1, 3))
    assert host.ok(Instruction.TEMPLATE_NUM) == b"\x00\x01"
    assert index_table_pages(host.ok(Instruction.READ_INDEX_TABLE, b"\x00")) == [3]
    assert struct.unpack(">H", search_all(host).data[:2])[0] == 3
    host.ok(Instruction.LOAD_CHAR, struct.pack(">BH", 2, 3))
    template = host.up_char(2)
    host.down_char(1, template)
    host.ok(Instruction.DELETE_CHAR, struct.pack(">HH", 3, 1))
    host.ok(Instruction.EMPTY)
    host.ok(Instruction.AURA_LED_CONFIG, bytes([1, 0x80, 2, 0]))
    host.ok(Instruction.LED_ON)
    host.ok(Instruction.LED_OFF)
    assert len(host.ok(Instruction.GET_RANDOM_CODE)) == 4
    assert module.char_buffer(1) == template
    assert {instruction for instruction, code in module.history if code == 0} == set(Instruction)


def broken_library(module: VirtualFingerprintModule, tmp_path: Path) -> None:
    """Points the module's library file at a path that cannot be written (even as root)."""
    (tmp_path / "not-a-directory").write_text("x")
    module.library_path = tmp_path / "not-a-directory" / "library.json"


def filled_buffers(module: VirtualFingerprintModule, host: Host, first: str, second: str) -> None:
    module.place(first)
    host.capture(1)
    module.place(second)
    host.capture(2)


Scenario = Callable[[VirtualFingerprintModule, Host, Path], Packet]


def reach_image_fail(m: VirtualFingerprintModule, h: Host, p: Path) -> Packet:
    m.place("alice", "unreadable")
    return h.command(Instruction.GEN_IMG)


def reach_too_messy(m: VirtualFingerprintModule, h: Host, p: Path) -> Packet:
    m.place("alice", "smudged")
    h.ok(Instruction.GEN_IMG)
    return h.command(Instruction.IMG2TZ, b"\x01")


def reach_too_few_features(m: VirtualFingerprintModule, h: Host, p: Path) -> Packet:
    m.place("alice", "partial")
    h.ok(Instruction.GEN_IMG)
    return h.command(Instruction.IMG2TZ, b"\x01")


def reach_no_match(m: VirtualFingerprintModule, h: Host, p: Path) -> Packet:
    filled_buffers(m, h, "alice", "bob")
    return h.command(Instruction.MATCH)


def reach_not_found(m: VirtualFingerprintModule, h: Host, p: Path) -> Packet:
    m.enroll("alice", 0)
    m.place("bob")
    h.capture(1)
    return search_all(h)


def reach_merge_fail(m: VirtualFingerprintModule, h: Host, p: Path) -> Packet:
    filled_buffers(m, h, "alice", "bob")
    return h.command(Instruction.REG_MODEL)


def reach_cannot_receive_data(m: VirtualFingerprintModule, h: Host, p: Path) -> Packet:
    h.ok(Instruction.DOWN_CHAR, b"\x01")
    return h.command(Instruction.TEMPLATE_NUM)  # a command where data packets were expected


def reach_clear_library_fail(m: VirtualFingerprintModule, h: Host, p: Path) -> Packet:
    broken_library(m, p)
    return h.command(Instruction.EMPTY)


def reach_flash_write_error(m: VirtualFingerprintModule, h: Host, p: Path) -> Packet:
    m.place("alice")
    h.capture(1)
    broken_library(m, p)
    return h.command(Instruction.STORE, struct.pack(">BH", 1, 0))


def reach_password_not_verified(m: VirtualFingerprintModule, h: Host, p: Path) -> Packet:
    m.password = 7
    return h.command(Instruction.TEMPLATE_NUM)


REACH: dict[Confirmation, Scenario] = {
    Confirmation.OK: lambda m, h, p: h.command(Instruction.VFY_PWD, bytes(4)),
    Confirmation.PACKET_ERROR: lambda m, h, p: h.command(0x7E),  # no such instruction
    Confirmation.NO_FINGER: lambda m, h, p: h.command(Instruction.GEN_IMG),
    Confirmation.IMAGE_FAIL: reach_image_fail,
    Confirmation.TOO_MESSY: reach_too_messy,
    Confirmation.TOO_FEW_FEATURES: reach_too_few_features,
    Confirmation.NO_MATCH: reach_no_match,
    Confirmation.NOT_FOUND: reach_not_found,
    Confirmation.MERGE_FAIL: reach_merge_fail,
    Confirmation.PAGE_OUT_OF_RANGE: lambda m, h, p: h.command(
        Instruction.LOAD_CHAR, struct.pack(">BH", 1, 300)
    ),
    Confirmation.READ_TEMPLATE_ERROR: lambda m, h, p: h.command(
        Instruction.LOAD_CHAR, struct.pack(">BH", 1, 5)
    ),
    Confirmation.UPLOAD_FEATURE_FAIL: lambda m, h, p: h.command(Instruction.UP_CHAR, b"\x01"),
    Confirmation.CANNOT_RECEIVE_DATA: reach_cannot_receive_data,
    Confirmation.UPLOAD_IMAGE_FAIL: lambda m, h, p: h.command(Instruction.UP_IMAGE),
    Confirmation.DELETE_FAIL: lambda m, h, p: h.command(Instruction.DELETE_CHAR, struct.pack(">HH", 0, 0)),
    Confirmation.CLEAR_LIBRARY_FAIL: reach_clear_library_fail,
    Confirmation.WRONG_PASSWORD: lambda m, h, p: h.command(Instruction.VFY_PWD, struct.pack(">I", 1234)),
    Confirmation.NO_VALID_IMAGE: lambda m, h, p: h.command(Instruction.IMG2TZ, b"\x01"),
    Confirmation.FLASH_WRITE_ERROR: reach_flash_write_error,
    Confirmation.INVALID_REGISTER: lambda m, h, p: h.command(Instruction.WRITE_REG, bytes([9, 1])),
    Confirmation.BAD_REGISTER_VALUE: lambda m, h, p: h.command(Instruction.WRITE_REG, bytes([5, 9])),
    Confirmation.PASSWORD_NOT_VERIFIED: reach_password_not_verified,
}


def test_every_confirmation_code_has_a_scenario() -> None:
    """GIVEN the Confirmation enum
    WHEN compared with the scenarios below
    THEN every code has one."""
    assert set(REACH) == set(Confirmation)


@pytest.mark.parametrize("code", list(Confirmation), ids=lambda c: f"{c.value:02X}-{c.name}")
def test_every_confirmation_code_is_reachable(
    code: Confirmation, module: VirtualFingerprintModule, host: Host, tmp_path: Path
) -> None:
    """GIVEN a fresh module
    WHEN the host plays the scenario that should lead to ``code``
    THEN the module answers exactly that confirmation code."""
    ack = REACH[code](module, host, tmp_path)
    assert ack.code == code


def test_enrollment_then_search(module: VirtualFingerprintModule, host: Host) -> None:
    """GIVEN alice enrolled the way a host does it (GenImg, Img2Tz 1, lift, place, GenImg,
    Img2Tz 2, RegModel, Store page 0)
    WHEN alice's finger is captured again and searched, then bob's
    THEN alice is found on page 0 with a high score; bob is 0x09 not found."""
    module.place("alice")
    host.capture(1)
    module.lift()
    assert host.command(Instruction.GEN_IMG).code == Confirmation.NO_FINGER
    module.place("alice")
    host.capture(2)
    assert module.char_buffer(1) != module.char_buffer(2)
    host.ok(Instruction.REG_MODEL)
    host.ok(Instruction.STORE, struct.pack(">BH", 1, 0))
    assert module.pages == [0]

    host.capture(1)
    page, found_score = struct.unpack(">HH", host.ok(Instruction.SEARCH, struct.pack(">BHH", 1, 0, 300)))
    assert page == 0 and found_score > 100

    module.place("bob")
    host.capture(1)
    ack = search_all(host)
    assert ack.code == Confirmation.NOT_FOUND


def test_search_picks_the_best_page_within_its_range(module: VirtualFingerprintModule, host: Host) -> None:
    """GIVEN alice on page 4, bob on page 7 and carol on page 250
    WHEN bob is searched over the whole library, then only over pages 0..5
    THEN page 7 is found, then nothing."""
    for identity, page in [("alice", 4), ("bob", 7), ("carol", 250)]:
        module.enroll(identity, page)
    module.place("bob")
    host.capture(2)
    found = host.ok(Instruction.SEARCH, struct.pack(">BHH", 2, 0, 300))
    assert struct.unpack(">H", found[:2])[0] == 7
    assert host.command(Instruction.SEARCH, struct.pack(">BHH", 2, 0, 6)).code == Confirmation.NOT_FOUND


def test_match_scores_same_and_different_fingers(module: VirtualFingerprintModule, host: Host) -> None:
    """GIVEN two captures of alice, then alice and bob, in char buffers 1 and 2
    WHEN matched
    THEN alice/alice is ok with a score above 100; alice/bob is 0x08 with a score below 30."""
    filled_buffers(module, host, "alice", "alice")
    (same,) = struct.unpack(">H", host.ok(Instruction.MATCH))
    assert same > 100
    filled_buffers(module, host, "alice", "bob")
    ack = host.command(Instruction.MATCH)
    assert ack.code == Confirmation.NO_MATCH
    assert struct.unpack(">H", ack.data)[0] < 30


def test_up_char_sends_data_packets_of_the_packet_size(module: VirtualFingerprintModule, host: Host) -> None:
    """GIVEN a char buffer holding a capture
    WHEN UpChar runs at the default packet size (128) and after WriteReg sets 256 and 32
    THEN 512 bytes come in 4, 2 and 16 data packets, each transfer ending with PID 08."""
    module.place("alice")
    host.capture(1)
    for size_code, count in [(None, 4), (3, 2), (0, 16)]:
        if size_code is not None:
            host.ok(Instruction.WRITE_REG, bytes([6, size_code]))
        host.ok(Instruction.UP_CHAR, b"\x01")
        data, packets = host.data()
        assert data == module.char_buffer(1)
        assert [p.pid for p in packets] == [PID_DATA] * (count - 1) + [PID_END_DATA]


def test_down_char_round_trips_a_template(module: VirtualFingerprintModule, host: Host) -> None:
    """GIVEN alice enrolled on page 0, her template read out with LoadChar + UpChar
    WHEN the library is emptied and the template is sent back with DownChar and stored on page 7
    THEN page 7 holds the same bytes, UpChar gives them back, and alice is found on page 7."""
    module.enroll("alice", 0)
    host.ok(Instruction.LOAD_CHAR, struct.pack(">BH", 1, 0))
    template = host.up_char(1)
    assert len(template) == TEMPLATE_SIZE
    host.ok(Instruction.EMPTY)
    assert host.ok(Instruction.TEMPLATE_NUM) == b"\x00\x00"

    host.down_char(2, template)
    host.ok(Instruction.STORE, struct.pack(">BH", 2, 7))
    assert module.template(7) == template
    host.ok(Instruction.LOAD_CHAR, struct.pack(">BH", 1, 7))
    assert host.up_char(1) == template
    module.place("alice")
    host.capture(1)
    assert struct.unpack(">H", search_all(host).data[:2])[0] == 7


def test_down_char_of_the_wrong_size_is_discarded(module: VirtualFingerprintModule, host: Host) -> None:
    """GIVEN DownChar into buffer 1
    WHEN the host sends 500 bytes instead of 512
    THEN nothing is acknowledged, the buffer stays empty and the transfer counts as rejected."""
    host.down_char(1, bytes(500))
    assert host.quiet(0.2) == []
    assert module.char_buffer(1) is None
    assert module.rejected_transfers == 1
    assert host.ok(Instruction.TEMPLATE_NUM) == b"\x00\x00"


def test_up_image_sends_the_whole_image(module: VirtualFingerprintModule, host: Host) -> None:
    """GIVEN a good capture of alice
    WHEN UpImage runs
    THEN 36864 bytes (256 x 288 x 4 bits) arrive in 288 data packets of 128, the last PID 08."""
    module.place("alice")
    host.ok(Instruction.GEN_IMG)
    host.ok(Instruction.UP_IMAGE)
    data, packets = host.data()
    assert len(data) == IMAGE_SIZE and len(packets) == 288
    assert packets[-1].pid == PID_END_DATA
    assert data == finger_image("alice", 1)


def test_read_sys_para_reports_the_configuration(tmp_path: Path) -> None:
    """GIVEN a module at 115200 baud with password 7, address 0x0A0B0C0D, 1000 pages, level 5
    WHEN the host verifies the password and reads the system parameters
    THEN every field is reported (status: password verified), answers carry the address."""
    with VirtualFingerprintModule(
        baud=115200, password=7, address=0x0A0B0C0D, capacity=1000, security_level=5, packet_size=64
    ) as module:
        host = Host(module)
        try:
            host.send(Instruction.VFY_PWD, struct.pack(">I", 7), address=0x0A0B0C0D)
            assert host.receive().code == Confirmation.OK
            host.send(Instruction.READ_SYS_PARA, address=0x0A0B0C0D)
            ack = host.receive()
            assert ack.address == 0x0A0B0C0D
            params = SystemParameters.from_bytes(ack.data)
            assert params == SystemParameters(0x0004, 0x0009, 1000, 5, 0x0A0B0C0D, 1, 12)
            assert (params.baud, params.packet_size) == (115200, 64)
            # A packet for the broadcast address is not this module's: no answer.
            host.send(Instruction.TEMPLATE_NUM)
            assert host.quiet(0.2) == []
        finally:
            host.close()


def test_index_table_delete_and_empty(module: VirtualFingerprintModule, host: Host) -> None:
    """GIVEN templates on pages 0, 9, 255, 256 and 299
    WHEN the index tables are read, pages 9..255 deleted, then the library emptied
    THEN the bitmaps show exactly the used pages at each step; index page 4 is 0x0B."""
    for page in (0, 9, 255, 256, 299):
        module.enroll(f"finger-{page}", page)
    assert host.ok(Instruction.TEMPLATE_NUM) == b"\x00\x05"
    assert index_table_pages(host.ok(Instruction.READ_INDEX_TABLE, b"\x00"), 0) == [0, 9, 255]
    assert index_table_pages(host.ok(Instruction.READ_INDEX_TABLE, b"\x01"), 1) == [256, 299]
    assert host.command(Instruction.READ_INDEX_TABLE, b"\x04").code == Confirmation.PAGE_OUT_OF_RANGE
    host.ok(Instruction.DELETE_CHAR, struct.pack(">HH", 9, 247))
    assert module.pages == [0, 256, 299]
    assert host.command(Instruction.DELETE_CHAR, struct.pack(">HH", 299, 2)).code == Confirmation.DELETE_FAIL
    host.ok(Instruction.EMPTY)
    assert host.ok(Instruction.READ_INDEX_TABLE, b"\x00") == bytes(32)


def test_library_persists_in_the_json_file(tmp_path: Path) -> None:
    """GIVEN a module keeping its library in a JSON file, with a template stored over the wire
    WHEN a new module starts on the same file
    THEN it holds the same template; a failed write leaves the library unchanged."""
    path = tmp_path / "library.json"
    with VirtualFingerprintModule(library_path=path) as module:
        host = Host(module)
        module.place("alice")
        host.capture(1)
        host.ok(Instruction.STORE, struct.pack(">BH", 1, 12))
        stored = module.template(12)
        host.close()
    document = json.loads(path.read_text())
    assert document["format"] == "virtual-fingerprint-library" and list(document["templates"]) == ["12"]
    with VirtualFingerprintModule(library_path=path) as module:
        host = Host(module)
        assert host.ok(Instruction.TEMPLATE_NUM) == b"\x00\x01"
        assert module.template(12) == stored
        broken_library(module, tmp_path)
        assert (
            host.command(Instruction.DELETE_CHAR, struct.pack(">HH", 12, 1)).code == Confirmation.DELETE_FAIL
        )
        assert module.pages == [12]
        host.close()


def test_password_protects_the_module(module: VirtualFingerprintModule, host: Host) -> None:
    """GIVEN a module whose password is 0x1234
    WHEN the host sends commands before, with a wrong and with the right password
    THEN commands are refused (0x21), the wrong password is 0x13, after the right one they run."""
    module.password = 0x1234
    assert host.command(Instruction.TEMPLATE_NUM).code == Confirmation.PASSWORD_NOT_VERIFIED
    assert host.command(Instruction.VFY_PWD, struct.pack(">I", 0)).code == Confirmation.WRONG_PASSWORD
    host.ok(Instruction.VFY_PWD, struct.pack(">I", 0x1234))
    assert host.ok(Instruction.TEMPLATE_NUM) == b"\x00\x00"


def test_a_command_with_a_bad_checksum_is_answered_01(module: VirtualFingerprintModule, host: Host) -> None:
    """GIVEN a command packet whose checksum is wrong, and a command cut short by a parameter
    WHEN sent
    THEN both are answered 0x01 and the next good command is served normally."""
    bad = build_command(Instruction.TEMPLATE_NUM)[:-1] + b"\x00"
    host.serial.write(bad)
    assert host.receive().code == Confirmation.PACKET_ERROR
    assert module.reader.checksum_errors == 1
    assert host.command(Instruction.STORE, b"\x01").code == Confirmation.PACKET_ERROR
    assert host.ok(Instruction.TEMPLATE_NUM) == b"\x00\x00"


def test_leds(module: VirtualFingerprintModule, host: Host) -> None:
    """GIVEN the module's light
    WHEN the host configures the aura ring (on, then off), switches the backlight, and sends a bad control
    THEN the state follows and control 9 is 0x01."""
    host.ok(Instruction.AURA_LED_CONFIG, bytes([3, 0, 1, 0]))
    assert module.led_on and module.aura == AuraState(3, 0, 1, 0)
    host.ok(Instruction.AURA_LED_CONFIG, bytes([4, 0, 1, 0]))
    assert not module.led_on
    host.ok(Instruction.LED_ON)
    assert module.led_on
    assert host.command(Instruction.AURA_LED_CONFIG, bytes([9, 0, 1, 0])).code == Confirmation.PACKET_ERROR


def test_fail_next_forces_a_confirmation(module: VirtualFingerprintModule, host: Host) -> None:
    """GIVEN fail_next(Empty, flash write error, times=2)
    WHEN Empty is sent three times
    THEN the first two answers are 0x18 and the third is ok."""
    module.fail_next(Instruction.EMPTY, Confirmation.FLASH_WRITE_ERROR, times=2)
    codes = [host.command(Instruction.EMPTY).code for _ in range(3)]
    assert codes == [0x18, 0x18, 0x00]


# ---------------------------------------------------------------------------------------------
# Faults


def test_corrupted_checksum_is_detected_and_the_next_answer_is_fine(
    module: VirtualFingerprintModule, host: Host
) -> None:
    """GIVEN a module that corrupts the checksum of every 2nd packet it sends
    WHEN the host sends three commands
    THEN answers 1 and 3 arrive; answer 2 is dropped by the PacketReader as a bad checksum."""
    module.corrupt_checksum_every = 2
    assert host.ok(Instruction.TEMPLATE_NUM) == b"\x00\x00"
    host.send(Instruction.TEMPLATE_NUM)
    assert host.quiet(0.2) == []
    assert host.reader.bad_packets == 1 and host.reader.checksum_errors == 1
    assert host.ok(Instruction.TEMPLATE_NUM) == b"\x00\x00"
    assert host.reader.bad_packets == 1


def test_dropped_bytes_make_the_reader_resynchronise(module: VirtualFingerprintModule, host: Host) -> None:
    """GIVEN a module that drops two bytes from every 2nd packet it sends
    WHEN the host sends three commands
    THEN answer 2 is dropped as a bad frame; answer 3 arrives intact after the reader re-synchronises
    (a cut frame that still looks whole is in test_reader_keeps_a_partial_packet_and_flush_gives_up_on_it)."""
    module.drop_bytes_every = 2
    host.ok(Instruction.TEMPLATE_NUM)
    host.send(Instruction.TEMPLATE_NUM)
    assert host.quiet(0.2) == []
    # The 14-byte answer lost its PID-and-length bytes: the 12 left are a bad frame, all dropped.
    assert (host.reader.bad_packets, host.reader.dropped_bytes, host.reader.pending) == (1, 12, 0)
    assert host.ok(Instruction.TEMPLATE_NUM) == b"\x00\x00"
    assert host.reader.bad_packets == 1


def test_delay_before_each_answer(module: VirtualFingerprintModule, host: Host) -> None:
    """GIVEN delay_s = 0.3
    WHEN the host sends a command
    THEN the answer takes at least 0.3 s."""
    module.delay_s = 0.3
    started = time.monotonic()
    host.ok(Instruction.TEMPLATE_NUM)
    assert time.monotonic() - started >= 0.3


# ---------------------------------------------------------------------------------------------
# Command line


def test_main_prints_the_pty_and_serves_until_sigterm() -> None:
    """GIVEN ``python -m drivers.fingerprint.simulator --identity alice --password 5``
    WHEN its one stdout line is read, the host talks to that pty, then SIGTERM is sent
    THEN the line is a /dev/pts path, the password and alice's finger are there, and it exits 0
    having printed nothing else."""
    process = subprocess.Popen(
        [sys.executable, "-m", "drivers.fingerprint.simulator", "--identity", "alice", "--password", "5"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        assert re.fullmatch(r"/dev/pts/\d+", line), line
        connection = serial.Serial(line, 57600, timeout=1)
        reader = PacketReader()

        def ask(instruction: int, params: bytes = b"") -> Packet:
            connection.write(build_command(instruction, params))
            packets: list[Packet] = []
            while not packets:
                chunk = connection.read(connection.in_waiting or 1)
                assert chunk, "no answer"
                packets = reader.feed(chunk)
            return packets[0]

        assert ask(Instruction.VFY_PWD, bytes(4)).code == Confirmation.WRONG_PASSWORD
        assert ask(Instruction.VFY_PWD, struct.pack(">I", 5)).code == Confirmation.OK
        assert ask(Instruction.GEN_IMG).code == Confirmation.OK
        assert ask(Instruction.IMG2TZ, b"\x01").code == Confirmation.OK
        connection.close()
        process.send_signal(signal.SIGTERM)
        out, _ = process.communicate(timeout=5)
        assert process.returncode == 0
        assert out == ""
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()

"""The simulated Thai ID card: the applet on its own, the vpcd protocol, and the real PC/SC path.

The PC/SC tests plug the simulated card into pcscd's ``vsmartcard-vpcd`` reader "Virtual PCD 00 00"
(TCP port 35963) and talk to it with pyscard exactly as a kiosk reader would.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from drivers.card.citizen_number import check_citizen_id
from drivers.card.thai_id_sim import (
    AID,
    AREA_END,
    AREA_START,
    FIELDS,
    PHOTO_CAPACITY,
    SELECT_APDU,
    ThaiIdCardSim,
    ThaiIdFixture,
    check_atr,
    get_response_p2,
    load_fixture,
)
from drivers.card.vpcd import CTRL_ATR, CTRL_POWER_OFF, CTRL_POWER_ON, CTRL_RESET, VpcdConnection
from tests.vpcd_lock import exclusive_vpcd_reader

FIXTURE_DIR = Path(__file__).resolve().parents[2] / "resources" / "cards" / "th"
FIXTURE_NAMES = ["somchai", "malee", "lifetime", "longname", "bad_checkdigit"]
READER_NAME = "Virtual PCD 00 00"
VPCD_PORT = 35963
WAIT_S = 5.0


@pytest.fixture(autouse=True)
def _vpcd_readers() -> Iterator[None]:
    """Holds both vpcd readers (always in port order) while a test of this module runs."""
    with exclusive_vpcd_reader(35963), exclusive_vpcd_reader(35964):
        yield


@cache
def fixture(name: str) -> ThaiIdFixture:
    return load_fixture(FIXTURE_DIR / f"{name}.toml")


def sim(name: str = "somchai", **faults: Any) -> ThaiIdCardSim:
    return ThaiIdCardSim(fixture(name), **faults)


def read_binary(offset: int, length: int) -> bytes:
    return bytes([0x80, 0xB0, offset >> 8, offset & 0xFF, 0x02, 0x00, length])


def get_response(p2: int, length: int) -> bytes:
    return bytes([0x00, 0xC0, 0x00, p2, length])


def selected(name: str = "somchai", **faults: Any) -> ThaiIdCardSim:
    card = sim(name, **faults)
    card.power_on()
    assert card.apdu(SELECT_APDU) == b"\x61\x0a"
    return card


# ---------------------------------------------------------------------------------------------
# Fixtures on disk
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_fixture_loads_and_fits_the_card(name: str) -> None:
    """GIVEN a fixture file
    WHEN it is loaded and laid out as the card's data area
    THEN every field sits at its offset, padded with spaces, and the photo is a JPEG of 297x356
    that ends at its only FF D9 and fits the photo area."""
    person = fixture(name)
    area = person.data_area()
    assert len(area) == AREA_END
    start, length = FIELDS["citizen_id"]
    assert area[start : start + length] == person.citizen_id.encode("ascii")
    start, length = FIELDS["name_th"]
    assert area[start : start + length].rstrip(b" ").decode("cp874") == person.name_th.card_text()
    start, length = FIELDS["photo"]
    photo_area = area[start : start + length]
    assert photo_area[: photo_area.index(b"\xff\xd9") + 2] == person.photo
    assert set(photo_area[len(person.photo) :]) <= {0x20}
    assert 3000 <= len(person.photo) <= PHOTO_CAPACITY
    assert person.photo.find(b"\xff\xd9") == len(person.photo) - 2
    with Image.open(FIXTURE_DIR / f"{name}.jpg") as image:
        assert image.format == "JPEG"
        assert image.size == (297, 356)
    check_atr(person.atr)


def test_fixture_set_covers_the_awkward_cases() -> None:
    """GIVEN the five fixtures
    WHEN their key values are inspected
    THEN they cover both GET RESPONSE families, a woman, a lifetime card with an unknown birth day,
    a long name with a middle name, and exactly one wrong check digit."""
    assert fixture("somchai").citizen_id == "3100600445635"
    assert fixture("somchai").atr.hex().upper() == "3B799600005448204E4944203138"
    assert fixture("malee").atr[:2] == b"\x3b\x67"
    assert fixture("malee").sex == "2"
    assert fixture("lifetime").date_of_expiry == "99999999"
    assert fixture("lifetime").date_of_birth[4:] == "0000"
    long_name = fixture("longname")
    assert long_name.name_th.middle and long_name.name_en.middle
    assert len(long_name.name_th.card_text().encode("cp874")) >= 80
    assert len(long_name.name_en.card_text().encode("ascii")) >= 80
    assert fixture("bad_checkdigit").citizen_id == "3100600445636"
    validity = {name: check_citizen_id(fixture(name).citizen_id) for name in FIXTURE_NAMES}
    assert validity == {name: name != "bad_checkdigit" for name in FIXTURE_NAMES}


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_fixture_dates_are_real_calendar_dates(name: str) -> None:
    """GIVEN a fixture
    WHEN its dates are converted from the Buddhist era
    THEN each is a real date, except the lifetime card's 99999999 expiry and its 00 month/day."""
    person = fixture(name)
    for value in (person.date_of_birth, person.date_of_issue, person.date_of_expiry):
        if value == "99999999" or (name == "lifetime" and value.endswith("0000")):
            continue
        date(int(value[:4]) - 543, int(value[4:6]), int(value[6:]))


def test_fixture_with_a_field_too_long_is_rejected(tmp_path: Path) -> None:
    """GIVEN a fixture whose English name does not fit 100 bytes
    WHEN it is loaded
    THEN loading fails with a ValueError naming the field."""
    text = (FIXTURE_DIR / "somchai.toml").read_text(encoding="utf-8")
    text = text.replace('first = "Somchai"', f'first = "{"S" * 120}"')
    (tmp_path / "somchai.jpg").write_bytes((FIXTURE_DIR / "somchai.jpg").read_bytes())
    (tmp_path / "p.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match="name_en"):
        load_fixture(tmp_path / "p.toml")


def test_inconsistent_atr_is_rejected() -> None:
    """GIVEN an ATR that announces nine historical bytes but carries eight
    WHEN it is checked
    THEN it is rejected."""
    with pytest.raises(ValueError):
        check_atr(bytes.fromhex("3B79960000544820 4E494420 31"))


# ---------------------------------------------------------------------------------------------
# The applet, called directly
# ---------------------------------------------------------------------------------------------


def test_select_answers_61_0a_and_the_fci_waits_for_get_response() -> None:
    """GIVEN a powered card
    WHEN the Thai ID applet is selected and GET RESPONSE asks for the ten waiting bytes
    THEN SELECT answers 61 0A and GET RESPONSE gives 84 08 <AID> 90 00."""
    card = selected()
    assert card.apdu(get_response(0x00, 0x0A)) == b"\x84\x08" + AID + b"\x90\x00"


@pytest.mark.parametrize("name", FIXTURE_NAMES)
@pytest.mark.parametrize("field_name", sorted(FIELDS))
def test_every_field_reads_back_as_laid_out(name: str, field_name: str) -> None:
    """GIVEN a selected card
    WHEN a field is read with READ BINARY + GET RESPONSE (in chunks of at most 0xFF)
    THEN the bytes equal the fixture's field."""
    card = selected(name)
    p2 = get_response_p2(fixture(name).atr)
    offset, length = FIELDS[field_name]
    data = b""
    while len(data) < length:
        chunk = min(0xFF, length - len(data))
        assert card.apdu(read_binary(offset + len(data), chunk)) == bytes([0x61, chunk])
        answer = card.apdu(get_response(p2, chunk))
        assert answer[-2:] == b"\x90\x00"
        data += answer[:-2]
    assert data == fixture(name).field_bytes()[field_name]


def test_before_select_reads_are_refused() -> None:
    """GIVEN a card that was powered on but not selected
    WHEN READ BINARY or GET RESPONSE is sent
    THEN both answer 69 85."""
    card = sim()
    card.power_on()
    assert card.apdu(read_binary(0x0004, 0x0D)) == b"\x69\x85"
    assert card.apdu(get_response(0x00, 0x0D)) == b"\x69\x85"


@pytest.mark.parametrize(
    ("offset", "length", "answer"),
    [
        (0x0000, 0x04, b"\x6b\x00"),
        (0x0003, 0x02, b"\x6b\x00"),
        (0x1627, 0x02, b"\x6b\x00"),
        (0x1600, 0xFF, b"\x6b\x00"),
        (0xFF00, 0x10, b"\x6b\x00"),
        (0x0004, 0xFF, b"\x61\xff"),
        (0x1627, 0x01, b"\x61\x01"),
        (0x1529, 0xFF, b"\x61\xff"),
    ],
)
def test_read_binary_range(offset: int, length: int, answer: bytes) -> None:
    """GIVEN a selected card
    WHEN READ BINARY asks for a range
    THEN ranges inside 0x0004..0x1627 are served and the others answer 6B 00."""
    assert selected().apdu(read_binary(offset, length)) == answer


@pytest.mark.parametrize(
    ("command", "answer"),
    [
        (bytes.fromhex("00B0000402000D"), b"\x6e\x00"),  # READ BINARY with class 00
        (bytes.fromhex("80A4040008") + AID, b"\x6e\x00"),  # SELECT with class 80
        (bytes.fromhex("12B0000402000D"), b"\x6e\x00"),
        (bytes.fromhex("80CA000000"), b"\x6d\x00"),
        (bytes.fromhex("0084000008"), b"\x6d\x00"),
        (bytes.fromhex("80B00004020D"), b"\x67\x00"),  # Lc says 2, one byte follows
        (bytes.fromhex("80B0000402000000"), b"\x67\x00"),
        (bytes.fromhex("80B000040200"), b"\x67\x00"),
        (bytes.fromhex("80B00004"), b"\x67\x00"),
        (bytes.fromhex("80B0"), b"\x67\x00"),
        (b"", b"\x67\x00"),
        (bytes.fromhex("00A4040008A000000054480002"), b"\x6a\x82"),
        (bytes.fromhex("00A4000C08") + AID, b"\x6a\x86"),
    ],
)
def test_malformed_commands_get_iso_status_words(command: bytes, answer: bytes) -> None:
    """GIVEN a selected card
    WHEN a command with a wrong class, instruction, length, AID or P1-P2 is sent
    THEN the card answers the matching ISO 7816-4 status word."""
    assert selected().apdu(command) == answer


@pytest.mark.parametrize(("name", "right", "wrong"), [("somchai", 0x00, 0x01), ("malee", 0x01, 0x00)])
def test_each_atr_family_accepts_only_its_get_response_variant(name: str, right: int, wrong: int) -> None:
    """GIVEN a 3B 79 card (P2 00) or a 3B 67 card (P2 01) with the CID waiting after READ BINARY
    WHEN GET RESPONSE uses the other family's P2, then its own
    THEN the wrong variant gets 6A 86 and the right one the CID + 90 00."""
    card = selected(name)
    assert card.apdu(read_binary(0x0004, 0x0D)) == b"\x61\x0d"
    assert card.apdu(get_response(wrong, 0x0D)) == b"\x6a\x86"
    assert card.apdu(get_response(right, 0x0D)) == fixture(name).citizen_id.encode() + b"\x90\x00"


def test_get_response_with_a_short_or_long_le() -> None:
    """GIVEN 13 bytes waiting
    WHEN GET RESPONSE asks for 20, then 5, then the 8 left
    THEN it answers 6C 0D, then 5 bytes + 61 08, then the rest + 90 00; a further one 69 85."""
    card = selected()
    cid = fixture("somchai").citizen_id.encode()
    card.apdu(read_binary(0x0004, 0x0D))
    assert card.apdu(get_response(0x00, 20)) == b"\x6c\x0d"
    assert card.apdu(get_response(0x00, 5)) == cid[:5] + b"\x61\x08"
    assert card.apdu(get_response(0x00, 8)) == cid[5:] + b"\x90\x00"
    assert card.apdu(get_response(0x00, 8)) == b"\x69\x85"


def test_another_command_discards_the_waiting_data() -> None:
    """GIVEN data waiting after READ BINARY
    WHEN any other command comes before GET RESPONSE
    THEN the data is gone (69 85)."""
    card = selected()
    card.apdu(read_binary(0x0004, 0x0D))
    card.apdu(bytes.fromhex("80CA000000"))
    assert card.apdu(get_response(0x00, 0x0D)) == b"\x69\x85"


@pytest.mark.parametrize("event", ["power_off", "reset"])
def test_power_off_and_reset_forget_the_selection(event: str) -> None:
    """GIVEN a selected card
    WHEN it is powered off (and on again) or reset
    THEN READ BINARY answers 69 85 until the applet is selected again."""
    card = selected()
    getattr(card, event)()
    card.power_on()
    assert card.apdu(read_binary(0x0004, 0x0D)) == b"\x69\x85"
    assert card.apdu(SELECT_APDU) == b"\x61\x0a"
    assert card.apdu(read_binary(0x0004, 0x0D)) == b"\x61\x0d"


def test_wrong_status_replaces_the_nth_answer_only() -> None:
    """GIVEN a card told to answer 6F 00 to its second APDU
    WHEN SELECT, READ BINARY, READ BINARY are sent
    THEN the second answers 6F 00 and the third works."""
    card = sim(wrong_status=(2, b"\x6f\x00"))
    assert card.apdu(SELECT_APDU) == b"\x61\x0a"
    assert card.apdu(read_binary(0x0004, 0x0D)) == b"\x6f\x00"
    assert card.apdu(read_binary(0x0004, 0x0D)) == b"\x61\x0d"


def test_remove_after_apdus_marks_the_card_removed() -> None:
    """GIVEN a card that leaves after two APDUs
    WHEN two APDUs are answered
    THEN it reports removed (and not before)."""
    card = sim(remove_after_apdus=2)
    card.apdu(SELECT_APDU)
    assert not card.removed
    card.apdu(read_binary(0x0004, 0x0D))
    assert card.removed


@settings(max_examples=300, deadline=None)
@given(command=st.binary(max_size=300), select_first=st.booleans())
def test_arbitrary_bytes_never_raise(command: bytes, select_first: bool) -> None:
    """GIVEN a card, selected or not
    WHEN any byte string arrives as an APDU
    THEN the card answers with at least SW1 SW2 and never raises."""
    card = selected() if select_first else sim()
    answer = card.apdu(command)
    assert len(answer) >= 2
    if len(answer) == 2:
        assert answer[0] in (0x61, 0x67, 0x69, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x90)


# ---------------------------------------------------------------------------------------------
# The vpcd protocol against a stand-in for the vpcd driver (no pcscd needed)
# ---------------------------------------------------------------------------------------------


class FakeVpcd:
    """Plays the vpcd side: listens, accepts one card, sends length-prefixed messages."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(WAIT_S)
        self.port: int = self.server.getsockname()[1]
        self.peer: socket.socket | None = None

    def accept(self) -> socket.socket:
        self.peer, _ = self.server.accept()
        self.peer.settimeout(WAIT_S)
        return self.peer

    def send(self, payload: bytes) -> None:
        assert self.peer is not None
        self.peer.sendall(len(payload).to_bytes(2, "big") + payload)

    def receive(self) -> bytes | None:
        assert self.peer is not None
        header = self._exactly(2)
        if header is None:
            return None
        return self._exactly(int.from_bytes(header, "big"))

    def _exactly(self, size: int) -> bytes | None:
        assert self.peer is not None
        data = b""
        while len(data) < size:
            chunk = self.peer.recv(size - len(data))
            if not chunk:
                return None
            data += chunk
        return data

    def close(self) -> None:
        if self.peer is not None:
            self.peer.close()
        self.server.close()


@pytest.fixture
def fake_vpcd() -> Iterator[FakeVpcd]:
    server = FakeVpcd()
    yield server
    server.close()


def test_vpcd_protocol_controls_and_apdus(fake_vpcd: FakeVpcd) -> None:
    """GIVEN a card connected to a vpcd stand-in
    WHEN vpcd sends power on, get ATR, an APDU, reset and power off
    THEN the ATR and the R-APDU come back length-prefixed, controls get no answer, the socket has
    TCP_NODELAY, and the APDU is counted."""
    card = sim("malee")
    connection = VpcdConnection(card, port=fake_vpcd.port)
    connection.start()
    try:
        fake_vpcd.accept()
        fake_vpcd.send(bytes([CTRL_POWER_ON]))
        fake_vpcd.send(bytes([CTRL_ATR]))
        assert fake_vpcd.receive() == fixture("malee").atr
        assert card.powered
        fake_vpcd.send(SELECT_APDU)
        assert fake_vpcd.receive() == b"\x61\x0a"
        fake_vpcd.send(bytes([CTRL_RESET]))
        fake_vpcd.send(read_binary(0x0004, 0x0D))
        assert fake_vpcd.receive() == b"\x69\x85"  # the reset forgot the selection
        fake_vpcd.send(bytes([CTRL_POWER_OFF]))
        fake_vpcd.send(bytes([CTRL_ATR]))
        assert fake_vpcd.receive() == fixture("malee").atr
        assert not card.powered
        assert connection.apdu_count == 2
        assert connection.connected
        assert connection._sock is not None
        assert connection._sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
    finally:
        connection.stop()
    assert not connection.connected
    assert not connection.serving


def test_vpcd_closing_ends_serve_forever(fake_vpcd: FakeVpcd) -> None:
    """GIVEN serve_forever running in the caller's thread
    WHEN vpcd closes the connection
    THEN serve_forever returns and the connection is closed."""
    card = sim()
    connection = VpcdConnection(card, port=fake_vpcd.port)
    finished = threading.Event()

    def serve() -> None:
        connection.serve_forever()
        finished.set()

    threading.Thread(target=serve, daemon=True).start()
    fake_vpcd.accept()
    fake_vpcd.send(bytes([CTRL_ATR]))
    assert fake_vpcd.receive() == fixture("somchai").atr
    assert fake_vpcd.peer is not None
    fake_vpcd.peer.close()
    assert finished.wait(WAIT_S)
    assert not connection.connected


def test_removable_card_closes_the_connection(fake_vpcd: FakeVpcd) -> None:
    """GIVEN a card that leaves after one APDU
    WHEN vpcd sends it an APDU
    THEN the answer arrives and then the connection is closed by the card side."""
    connection = VpcdConnection(sim(remove_after_apdus=1), port=fake_vpcd.port)
    connection.start()
    try:
        fake_vpcd.accept()
        fake_vpcd.send(SELECT_APDU)
        assert fake_vpcd.receive() == b"\x61\x0a"
        assert fake_vpcd.receive() is None
    finally:
        connection.stop()


def test_stop_from_another_thread_unblocks_serve_forever(fake_vpcd: FakeVpcd) -> None:
    """GIVEN a card connected and idle (blocked in recv)
    WHEN stop() is called, then insert() again
    THEN vpcd sees the connection end and a new one arrive that answers."""
    connection = VpcdConnection(sim(), port=fake_vpcd.port)
    connection.start()
    try:
        fake_vpcd.accept()
        connection.stop()
        assert fake_vpcd.receive() is None
        assert not connection.serving
        connection.insert(sim("malee"))
        fake_vpcd.accept()
        fake_vpcd.send(bytes([CTRL_ATR]))
        assert fake_vpcd.receive() == fixture("malee").atr
    finally:
        connection.stop()


# ---------------------------------------------------------------------------------------------
# The real path: pcscd + vsmartcard-vpcd + pyscard
# ---------------------------------------------------------------------------------------------


needs_vpcd = pytest.mark.usefixtures("vpcd_readers_present")


def _reader_atr() -> bytes | None:
    """The ATR pcscd reports for the reader, or None when it sees no card."""
    from smartcard import scard

    hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    assert hresult == scard.SCARD_S_SUCCESS
    try:
        hresult, states = scard.SCardGetStatusChange(context, 0, [(READER_NAME, scard.SCARD_STATE_UNAWARE)])
        assert hresult == scard.SCARD_S_SUCCESS, scard.SCardGetErrorMessage(hresult)
        _, state, atr = states[0]
        return bytes(atr) if state & scard.SCARD_STATE_PRESENT else None
    finally:
        scard.SCardReleaseContext(context)


def _wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} within {WAIT_S} s")
        time.sleep(0.05)


def _wait_for_no_card() -> None:
    _wait_for(lambda: _reader_atr() is None, f"no card in {READER_NAME}")


@dataclass
class Plugged:
    emulator: VpcdConnection
    pcsc: Any  # smartcard.CardConnectionDecorator
    card: ThaiIdCardSim

    def transmit(self, command: bytes) -> bytes:
        data, sw1, sw2 = self.pcsc.transmit(list(command))
        return bytes([*data, sw1, sw2])


@dataclass
class Slot:
    plugged: list[Plugged] = field(default_factory=list)

    def plug(self, card: ThaiIdCardSim) -> Plugged:
        from smartcard.System import readers

        _wait_for_no_card()  # the previous card (this test's or another's) has left
        emulator = VpcdConnection(card, port=VPCD_PORT)
        emulator.start()
        _wait_for(lambda: _reader_atr() == card.atr(), f"the card's ATR in {READER_NAME}")
        reader = next(reader for reader in readers() if READER_NAME in str(reader))
        pcsc = reader.createConnection()
        pcsc.connect()
        plugged = Plugged(emulator, pcsc, card)
        self.plugged.append(plugged)
        return plugged

    def close(self) -> None:
        for plugged in self.plugged:
            with contextlib.suppress(Exception):  # the card may already be gone
                plugged.pcsc.disconnect()
            with contextlib.suppress(Exception):
                plugged.pcsc.release()
            plugged.emulator.stop()
        if self.plugged:
            _wait_for_no_card()


@pytest.fixture
def slot() -> Iterator[Slot]:
    slot = Slot()
    yield slot
    slot.close()


@needs_vpcd
@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_pcsc_reads_the_cid_with_the_variant_for_its_atr(slot: Slot, name: str) -> None:
    """GIVEN a fixture's card in the vpcd reader
    WHEN pyscard connects, selects the applet, reads the CID and sends GET RESPONSE with the P2
    for the card's ATR family
    THEN pyscard sees the fixture's ATR, SELECT answers 61 0A and the CID bytes are the fixture's."""
    person = fixture(name)
    plugged = slot.plug(ThaiIdCardSim(person))
    assert bytes(plugged.pcsc.getATR()) == person.atr
    assert plugged.transmit(SELECT_APDU) == b"\x61\x0a"
    assert plugged.transmit(read_binary(0x0004, 0x0D)) == b"\x61\x0d"
    p2 = 0x01 if person.atr[:2] == b"\x3b\x67" else 0x00
    assert plugged.transmit(get_response(p2, 0x0D)) == person.citizen_id.encode("ascii") + b"\x90\x00"
    assert plugged.emulator.apdu_count == 3


@needs_vpcd
@pytest.mark.parametrize(("name", "wrong"), [("somchai", 0x01), ("malee", 0x00)])
def test_pcsc_wrong_get_response_variant_gets_6a86(slot: Slot, name: str, wrong: int) -> None:
    """GIVEN a 3B 79 or a 3B 67 card in the vpcd reader with the CID waiting
    WHEN GET RESPONSE uses the other family's P2
    THEN the card answers 6A 86."""
    plugged = slot.plug(sim(name))
    plugged.transmit(SELECT_APDU)
    plugged.transmit(read_binary(0x0004, 0x0D))
    assert plugged.transmit(get_response(wrong, 0x0D)) == b"\x6a\x86"


@needs_vpcd
def test_pcsc_whole_data_area_and_photo(slot: Slot) -> None:
    """GIVEN Malee's card (GET RESPONSE P2 01) in the vpcd reader
    WHEN 0x0004..0x1627 is read in 0xFF-byte READ BINARY/GET RESPONSE pairs
    THEN the bytes are the card's data area and the photo cut at FF D9 is the JPEG file."""
    person = fixture("malee")
    plugged = slot.plug(ThaiIdCardSim(person))
    assert plugged.transmit(SELECT_APDU) == b"\x61\x0a"
    data = b""
    offset = AREA_START
    while offset < AREA_END:
        size = min(0xFF, AREA_END - offset)
        assert plugged.transmit(read_binary(offset, size)) == bytes([0x61, size])
        answer = plugged.transmit(get_response(0x01, size))
        assert answer[-2:] == b"\x90\x00"
        data += answer[:-2]
        offset += size
    assert data == person.data_area()[AREA_START:]
    photo_start, photo_length = FIELDS["photo"]
    photo = data[photo_start - AREA_START : photo_start - AREA_START + photo_length]
    assert photo[: photo.index(b"\xff\xd9") + 2] == (FIXTURE_DIR / "malee.jpg").read_bytes()
    assert plugged.emulator.apdu_count == 1 + 2 * 23


@needs_vpcd
def test_pcsc_card_removed_after_n_apdus(slot: Slot) -> None:
    """GIVEN a card that leaves the reader after two APDUs
    WHEN pyscard sends SELECT, READ BINARY and then GET RESPONSE
    THEN the first two work, the third raises a pyscard error, the reader shows no card and the
    emulator has stopped serving."""
    from smartcard.Exceptions import CardConnectionException, NoCardException

    plugged = slot.plug(sim(remove_after_apdus=2))
    assert plugged.transmit(SELECT_APDU) == b"\x61\x0a"
    assert plugged.transmit(read_binary(0x0004, 0x0D)) == b"\x61\x0d"
    with pytest.raises((CardConnectionException, NoCardException)):
        plugged.transmit(get_response(0x00, 0x0D))
    _wait_for_no_card()
    _wait_for(lambda: not plugged.emulator.serving, "the emulator to stop")
    assert not plugged.emulator.connected


@needs_vpcd
def test_pcsc_wrong_status_is_passed_through(slot: Slot) -> None:
    """GIVEN a card that answers its second APDU with 6F 00
    WHEN pyscard sends SELECT, READ BINARY, READ BINARY, GET RESPONSE
    THEN the second answer is 6F 00 and the read after it works."""
    plugged = slot.plug(sim(wrong_status=(2, b"\x6f\x00")))
    assert plugged.transmit(SELECT_APDU) == b"\x61\x0a"
    assert plugged.transmit(read_binary(0x0004, 0x0D)) == b"\x6f\x00"
    assert plugged.transmit(read_binary(0x0004, 0x0D)) == b"\x61\x0d"
    assert plugged.transmit(get_response(0x00, 0x0D)) == b"3100600445635\x90\x00"


@needs_vpcd
def test_pcsc_slow_card_still_answers(slot: Slot) -> None:
    """GIVEN a card that waits 50 ms before every answer
    WHEN pyscard selects and reads the CID
    THEN the answers are unchanged."""
    plugged = slot.plug(sim("lifetime", delay_s=0.05))
    assert plugged.transmit(SELECT_APDU) == b"\x61\x0a"
    assert plugged.transmit(read_binary(0x016F, 0x08)) == b"\x61\x08"
    assert plugged.transmit(get_response(0x00, 0x08)) == b"99999999\x90\x00"


@needs_vpcd
def test_pcsc_reset_forgets_the_selection(slot: Slot) -> None:
    """GIVEN a selected card in the vpcd reader
    WHEN pyscard reconnects with a card reset
    THEN READ BINARY answers 69 85 until the applet is selected again."""
    from smartcard.scard import SCARD_RESET_CARD

    plugged = slot.plug(sim())
    assert plugged.transmit(SELECT_APDU) == b"\x61\x0a"
    plugged.pcsc.reconnect(disposition=SCARD_RESET_CARD)
    assert plugged.transmit(read_binary(0x0004, 0x0D)) == b"\x69\x85"
    assert plugged.transmit(SELECT_APDU) == b"\x61\x0a"


@needs_vpcd
def test_pcsc_remove_and_insert_again(slot: Slot) -> None:
    """GIVEN a card in the vpcd reader
    WHEN the emulator removes it and inserts another card
    THEN pcscd first shows no card, then the new card's ATR, and the new card answers."""
    plugged = slot.plug(sim("somchai"))
    plugged.emulator.remove()
    _wait_for_no_card()
    malee = sim("malee")
    plugged.emulator.insert(malee)
    _wait_for(lambda: _reader_atr() == malee.atr(), "Malee's card")
    from smartcard.System import readers

    reader = next(reader for reader in readers() if READER_NAME in str(reader))
    pcsc = reader.createConnection()
    pcsc.connect()
    slot.plugged.append(Plugged(plugged.emulator, pcsc, malee))
    assert Plugged(plugged.emulator, pcsc, malee).transmit(SELECT_APDU) == b"\x61\x0a"

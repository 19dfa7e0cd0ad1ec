"""``read_thai_id`` against an in-memory Thai ID card, and the pyscard adapter over fake readers.

The fake card answers like DEVICES.md "Thai ID (PC/SC)" describes: SELECT -> 61 0A, READ BINARY
-> 61 len, GET RESPONSE with the P2 of its ATR family -> data 90 00 (the other P2 -> 6A 86).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from drivers.card.errors import (
    CardError,
    CardRemoved,
    MalformedData,
    NoCard,
    NoReader,
    ReaderBusy,
    UnexpectedStatus,
    UnsupportedCard,
)
from drivers.card.pcsc_transport import PcscTransport
from drivers.card.thai_id import DATA_END, DATA_START, FIELDS, SELECT_APDU, read_thai_id

ATR_3B67 = bytes.fromhex("3B6700007320006C689000")
ATR_3B68 = bytes.fromhex("3B6800000073C84012009000")
ATR_3B78 = bytes.fromhex("3B781800000073C84013009000")
ATR_3B79 = bytes.fromhex("3B799600005448204E4944203138")
ATR_UNKNOWN = bytes.fromhex("3B8F8001804F0CA000000306030001000000006A")

AREA_LENGTH = DATA_END - DATA_START  # 0x1624 bytes: 0x0004..0x1627
MAX_APDUS = 2 + 2 * math.ceil((0x1627 - 0x0004 + 1) / 0xFF)

# A photo as the card stores it: JPEG markers around a body with 0x20 runs, the last just before FF D9.
PHOTO = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01"
    + bytes((i * 37) % 0xFF for i in range(3000))
    + b"\xff\x00 \x20\x20\x20\xff\xd9"
)

SOMCHAI = {
    "id_number": "3100600445635",
    "name_th": "นาย#สมชาย##ใจดี",
    "name_en": "Mr.#Somchai##Jaidee",
    "date_of_birth": "25230615",
    "sex": "1",
    "issuer": "สำนักทะเบียนอำเภอเมืองเชียงใหม่/เชียงใหม่",
    "date_of_issue": "25640615",
    "date_of_expiry": "25730614",
    "address": "123/4#หมู่ที่ 5##ถนนห้วยแก้ว##ตำบลสุเทพ#อำเภอเมืองเชียงใหม่#จังหวัดเชียงใหม่",
    "request_number": "12345678901234",
}


def card_area(fields: dict[str, str], photo: bytes = PHOTO) -> bytes:
    """The data area 0x0004..0x1627: each field at its offset, cp874, padded with spaces."""
    area = bytearray(b" " * AREA_LENGTH)
    values = {name: text.encode("cp874") for name, text in fields.items()} | {"photo": photo}
    for name, value in values.items():
        offset, length = FIELDS[name]
        assert len(value) <= length, name
        start = offset - DATA_START
        area[start : start + len(value)] = value
    return bytes(area)


@dataclass
class FakeThaiIdCard:
    """A dict-backed card (one byte per address) behind an ``ApduTransport``.

    ``p2`` is the GET RESPONSE P2 the card takes; ``drop_pending_on_refusal`` makes a refused
    GET RESPONSE lose the waiting answer; ``direct`` answers READ BINARY with data + 90 00 (what a
    T=1 reader hands up); ``max_response`` makes GET RESPONSE give at most that many bytes and
    announce the rest with 61 xx; ``faults`` maps the n-th APDU (from 1) to the status word it gets;
    ``remove_after`` pulls the card out after that many APDUs."""

    atr_bytes: bytes
    area: bytes
    p2: int
    drop_pending_on_refusal: bool = False
    direct: bool = False
    max_response: int = 0x100
    faults: dict[int, bytes] = field(default_factory=dict)
    remove_after: int | None = None
    memory: dict[int, int] = field(init=False)
    log: list[bytes] = field(default_factory=list, init=False)
    selected: bool = field(default=False, init=False)
    pending: bytes | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.memory = {DATA_START + index: byte for index, byte in enumerate(self.area)}

    def atr(self) -> bytes:
        return self.atr_bytes

    def transmit(self, apdu: bytes) -> bytes:
        if self.remove_after is not None and len(self.log) >= self.remove_after:
            raise CardRemoved()
        self.log.append(apdu)
        if len(self.log) in self.faults:
            self.pending = None
            return self.faults[len(self.log)]
        pending, self.pending = self.pending, None
        ins = apdu[1]
        if apdu == SELECT_APDU:
            self.selected = True
            self.pending = b"\x84\x08" + SELECT_APDU[5:]
            return b"\x61\x0a"
        if ins == 0xA4:
            return b"\x6a\x82"
        if not self.selected:
            return b"\x69\x85"
        if ins == 0xB0 and apdu[0] == 0x80 and len(apdu) == 7 and apdu[4:6] == b"\x02\x00":
            offset, length = apdu[2] << 8 | apdu[3], apdu[6]
            if not all(address in self.memory for address in range(offset, offset + length)):
                return b"\x6b\x00"
            data = bytes(self.memory[address] for address in range(offset, offset + length))
            if self.direct:
                return data + b"\x90\x00"
            self.pending = data
            return b"\x61" + bytes([length])
        if ins == 0xC0 and apdu[0] == 0x00 and len(apdu) == 5:
            if apdu[3] != self.p2:
                self.pending = None if self.drop_pending_on_refusal else pending
                return b"\x6a\x86"
            if pending is None:
                return b"\x69\x85"
            wanted = apdu[4] or 0x100
            if wanted > len(pending):
                self.pending = pending
                return b"\x6c" + bytes([len(pending) & 0xFF])
            give = min(wanted, self.max_response)
            if give < len(pending):
                self.pending = pending[give:]
                return pending[:give] + b"\x61" + bytes([len(self.pending) & 0xFF])
            return pending + b"\x90\x00"
        return b"\x6d\x00"

    def commands(self, ins: int) -> list[bytes]:
        return [apdu for apdu in self.log if apdu[1] == ins]


def make_card(atr: bytes = ATR_3B79, p2: int | None = None, **options: Any) -> FakeThaiIdCard:
    if p2 is None:
        p2 = 1 if atr[:2] == b"\x3b\x67" else 0
    return FakeThaiIdCard(atr, card_area(SOMCHAI), p2, **options)


def assert_somchai(card_json: dict[str, Any]) -> None:
    assert card_json == {
        "document_type": "th_id",
        "id_number": "3100600445635",
        "id_number_valid": True,
        "name_th": {"title": "นาย", "first": "สมชาย", "middle": None, "last": "ใจดี", "full": "นาย สมชาย ใจดี"},
        "name_en": {
            "title": "Mr.",
            "first": "Somchai",
            "middle": None,
            "last": "Jaidee",
            "full": "Mr. Somchai Jaidee",
        },
        "date_of_birth": "1980-06-15",
        "date_of_issue": "2021-06-15",
        "date_of_expiry": "2030-06-14",
        "sex": "M",
        "address": "123/4 หมู่ที่ 5 ถนนห้วยแก้ว ตำบลสุเทพ อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่",
        "address_parts": {
            "house": "123/4",
            "moo": "หมู่ที่ 5",
            "soi": None,
            "road": "ถนนห้วยแก้ว",
            "tambon": "ตำบลสุเทพ",
            "amphoe": "อำเภอเมืองเชียงใหม่",
            "province": "จังหวัดเชียงใหม่",
        },
        "issuer": "สำนักทะเบียนอำเภอเมืองเชียงใหม่/เชียงใหม่",
        "photo_sha256": hashlib.sha256(PHOTO).hexdigest(),
        "request_number": "12345678901234",
    }


# -- full reads -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "atr", [ATR_3B67, ATR_3B68, ATR_3B78, ATR_3B79], ids=["3B67", "3B68", "3B78", "3B79"]
)
def test_full_read_for_each_atr_family(atr: bytes) -> None:
    """GIVEN a card of each ATR family WHEN read THEN every field reads back exactly, in at most
    2 + 2 * ceil(0x1624 / 0xFF) APDUs (47: SELECT and 23 READ BINARY / GET RESPONSE pairs)."""
    fake = make_card(atr)
    card = read_thai_id(fake)
    assert_somchai(card.as_json())
    assert card.photo == PHOTO
    assert card.atr == atr.hex().upper()
    assert card.apdu_count == len(fake.log) == 47 <= MAX_APDUS
    p2 = 1 if atr[:2] == b"\x3b\x67" else 0
    assert {apdu[3] for apdu in fake.commands(0xC0)} == {p2}


def test_reads_cover_the_data_area_contiguously_in_chunks_of_at_most_ff() -> None:
    fake = make_card()
    read_thai_id(fake)
    reads = fake.commands(0xB0)
    assert fake.log[0] == SELECT_APDU
    position = DATA_START
    for apdu in reads:
        assert apdu[:2] == b"\x80\xb0" and apdu[4:6] == b"\x02\x00"
        assert (apdu[2] << 8 | apdu[3]) == position
        assert 1 <= apdu[6] <= 0xFF
        position += apdu[6]
    assert position == DATA_END
    assert len(reads) == math.ceil(AREA_LENGTH / 0xFF) == 23


def test_photo_is_kept_byte_exact_with_spaces_inside() -> None:
    card = read_thai_id(make_card())
    assert card.photo.endswith(b"\x20\x20\x20\xff\xd9")
    assert card.as_json()["photo_sha256"] == hashlib.sha256(PHOTO).hexdigest()


def test_lifetime_card_with_unknown_birth_month_and_day() -> None:
    fields = SOMCHAI | {"date_of_birth": "24790000", "date_of_expiry": "99999999", "sex": "2"}
    fake = FakeThaiIdCard(ATR_3B68, card_area(fields), 0)
    data = read_thai_id(fake).as_json()
    assert (data["date_of_birth"], data["date_of_expiry"], data["sex"]) == ("1936", None, "F")


def test_name_with_middle_name_and_bad_check_digit() -> None:
    fields = SOMCHAI | {
        "id_number": "3100600445636",
        "name_en": "Acting Sub Lt.#Praphatsorn#Kanlaya#Srisuwan",
    }
    card = read_thai_id(FakeThaiIdCard(ATR_3B78, card_area(fields), 0))
    assert card.id_number == "3100600445636"
    assert card.id_number_valid is False
    assert card.name_en.middle == "Kanlaya"
    assert card.name_en.full == "Acting Sub Lt. Praphatsorn Kanlaya Srisuwan"


def test_unknown_atr_on_a_p2_zero_card() -> None:
    fake = make_card(ATR_UNKNOWN, p2=0)
    card = read_thai_id(fake)
    assert_somchai(card.as_json())
    assert card.apdu_count == 47


def test_unknown_atr_on_a_p2_one_card_falls_back_once_and_remembers() -> None:
    """GIVEN an unknown ATR and a card that takes GET RESPONSE P2 = 01 WHEN read THEN the first
    GET RESPONSE (P2 00) is refused with 6A 86, P2 01 is used from then on: one extra APDU."""
    fake = make_card(ATR_UNKNOWN, p2=1)
    card = read_thai_id(fake)
    assert_somchai(card.as_json())
    get_responses = fake.commands(0xC0)
    assert [apdu[3] for apdu in get_responses] == [0] + [1] * 23
    assert card.apdu_count == 48 <= MAX_APDUS


def test_fallback_reissues_the_read_when_the_card_drops_its_answer() -> None:
    fake = make_card(ATR_UNKNOWN, p2=1, drop_pending_on_refusal=True)
    card = read_thai_id(fake)
    assert_somchai(card.as_json())
    # First chunk: READ, GET RESPONSE P2 00 (6A 86), P2 01 (69 85: nothing waits), READ, P2 01.
    assert card.apdu_count == 47 + 3
    assert [apdu[1] for apdu in fake.log[:6]] == [0xA4, 0xB0, 0xC0, 0xC0, 0xB0, 0xC0]


def test_unknown_atr_with_card_refusing_both_variants() -> None:
    fake = make_card(ATR_UNKNOWN, p2=7)
    with pytest.raises(UnexpectedStatus) as caught:
        read_thai_id(fake)
    assert (caught.value.command, caught.value.sw1, caught.value.sw2) == ("GET RESPONSE", 0x6A, 0x86)


def test_known_atr_with_the_other_variant_still_reads() -> None:
    """A 3B 79 card that wants P2 = 01 (not in the table yet) is read after one refusal."""
    fake = make_card(ATR_3B79, p2=1)
    assert_somchai(read_thai_id(fake).as_json())
    assert len(fake.log) == 48


def test_refusal_after_the_variant_is_settled_is_an_error() -> None:
    fake = make_card(ATR_3B79)
    fake.faults[9] = b"\x6a\x86"  # the 4th GET RESPONSE
    with pytest.raises(UnexpectedStatus) as caught:
        read_thai_id(fake)
    assert caught.value.command == "GET RESPONSE"


def test_reader_that_fetches_the_answer_itself() -> None:
    fake = make_card(direct=True)
    card = read_thai_id(fake)
    assert_somchai(card.as_json())
    assert card.apdu_count == 24


def test_card_answering_in_smaller_pieces() -> None:
    fake = make_card(max_response=0x80)
    card = read_thai_id(fake)
    assert_somchai(card.as_json())
    assert card.apdu_count == 1 + 23 * 2 + 22  # a 61 xx follow-up for every full 0xFF chunk


# -- faults -----------------------------------------------------------------------------------


def test_select_refused_is_unsupported_card() -> None:
    fake = make_card()
    fake.faults[1] = b"\x6a\x82"
    with pytest.raises(UnsupportedCard) as caught:
        read_thai_id(fake)
    assert caught.value.reason == "unsupported_card"
    assert (caught.value.sw1, caught.value.sw2) == (0x6A, 0x82)
    assert len(fake.log) == 1


def test_select_answered_9000_is_accepted() -> None:
    fake = make_card()
    fake.faults[1] = b"\x90\x00"
    fake.selected = True
    assert read_thai_id(fake).apdu_count == 47


@pytest.mark.parametrize(
    ("apdu_number", "status", "command"),
    [
        (2, b"\x6f\x00", "READ BINARY"),
        (3, b"\x6f\x00", "GET RESPONSE"),
        (20, b"\x69\x85", "READ BINARY"),
        (47, b"\x62\x81", "GET RESPONSE"),
    ],
)
def test_unexpected_status_word(apdu_number: int, status: bytes, command: str) -> None:
    fake = make_card()
    fake.faults[apdu_number] = status
    with pytest.raises(UnexpectedStatus) as caught:
        read_thai_id(fake)
    error = caught.value
    assert (error.reason, error.command, error.sw1, error.sw2) == (
        "unexpected_status",
        command,
        status[0],
        status[1],
    )
    assert len(fake.log) == apdu_number
    assert_no_personal_data(str(error))


def test_status_word_with_data_does_not_leak_the_data() -> None:
    fake = make_card()
    fake.faults[3] = "3100600445635 สมชาย".encode("cp874") + b"\x6f\x00"
    with pytest.raises(UnexpectedStatus) as caught:
        read_thai_id(fake)
    assert_no_personal_data(str(caught.value))


@pytest.mark.parametrize("after", [0, 1, 2, 3, 20, 46])
def test_card_pulled_out_mid_read(after: int) -> None:
    fake = make_card(remove_after=after)
    with pytest.raises(CardRemoved) as caught:
        read_thai_id(fake)
    assert caught.value.reason == "card_removed"
    assert len(fake.log) == after


def test_answer_without_status_word_is_malformed() -> None:
    fake = make_card()
    fake.faults[5] = b"\x90"
    with pytest.raises(MalformedData) as caught:
        read_thai_id(fake)
    assert caught.value.field == "response"


def test_short_answer_is_malformed() -> None:
    fake = make_card()
    fake.faults[3] = b"\x01\x02\x03\x90\x00"
    with pytest.raises(MalformedData) as caught:
        read_thai_id(fake)
    assert caught.value.field == "data_area"


def test_photo_without_end_marker_is_malformed() -> None:
    fake = FakeThaiIdCard(ATR_3B79, card_area(SOMCHAI, photo=b"\xff\xd8" + b"\x01" * 100), 0)
    with pytest.raises(MalformedData) as caught:
        read_thai_id(fake)
    assert caught.value.field == "photo"


def test_undecodable_name_on_the_card_names_the_field_only() -> None:
    area = bytearray(card_area(SOMCHAI))
    area[FIELDS["name_th"][0] - DATA_START + 5] = 0xDB  # not a cp874 character
    with pytest.raises(MalformedData) as caught:
        read_thai_id(FakeThaiIdCard(ATR_3B79, bytes(area), 0))
    assert caught.value.field == "name_th"
    assert_no_personal_data(str(caught.value))


def test_card_repr_shows_no_personal_data() -> None:
    card = read_thai_id(make_card())
    assert_no_personal_data(repr(card))
    assert_no_personal_data(str(card))


def assert_no_personal_data(text: str) -> None:
    for secret in (
        "3100600445635",
        "สมชาย",
        "Somchai",
        "Jaidee",
        "ใจดี",
        "25230615",
        "1980",
        "เชียงใหม่",
        "12345678901234",
    ):
        assert secret not in text


# -- the pyscard adapter, over fake readers ---------------------------------------------------

SHARING_VIOLATION = 0x8010000B
REMOVED_CARD = 0x80100069


class FakeConnection:
    """Stands in for pyscard's CardConnectionDecorator: the same calls, the same exceptions."""

    def __init__(self, card: FakeThaiIdCard | None, connect_errors: list[Exception] | None = None) -> None:
        self.card = card
        self.connect_errors = connect_errors or []
        self.modes: list[Any] = []
        self.calls: list[str] = []
        self.transmit_error: Exception | None = None

    def connect(self, protocol: Any = None, mode: Any = None, disposition: Any = None) -> None:
        from smartcard.Exceptions import NoCardException

        self.modes.append(mode)
        if self.connect_errors:
            raise self.connect_errors.pop(0)
        if self.card is None:
            raise NoCardException("Unable to connect", hresult=0x8010000C)

    def getATR(self) -> list[int]:
        assert self.card is not None
        return list(self.card.atr())

    def transmit(self, command: list[int], protocol: Any = None) -> tuple[list[int], int, int]:
        assert isinstance(command, list) and all(isinstance(byte, int) for byte in command)
        if self.transmit_error is not None:
            raise self.transmit_error
        assert self.card is not None
        response = self.card.transmit(bytes(command))
        return list(response[:-2]), response[-2], response[-1]

    def disconnect(self) -> None:
        self.calls.append("disconnect")

    def release(self) -> None:
        self.calls.append("release")


@dataclass
class FakeReader:
    name: str
    connections: list[FakeConnection]

    def createConnection(self) -> FakeConnection:
        return self.connections.pop(0)

    def __str__(self) -> str:
        return self.name


@pytest.fixture
def readers(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    def install(*found: FakeReader, error: Exception | None = None) -> None:
        def fake_readers(groups: Any = None) -> list[FakeReader]:
            if error is not None:
                raise error
            return list(found)

        monkeypatch.setattr("smartcard.System.readers", fake_readers)

    return install


def connection_error(hresult: int) -> Exception:
    from smartcard.Exceptions import CardConnectionException

    error: Exception = CardConnectionException("Unable to connect", hresult=hresult)
    return error


def test_open_connects_exclusively_and_reads_a_card(readers: Callable[..., None]) -> None:
    from smartcard.scard import SCARD_SHARE_EXCLUSIVE

    connection = FakeConnection(make_card())
    readers(FakeReader("ACS ACR39U 00 00", [connection]))
    with PcscTransport.open() as transport:
        assert transport.reader_name == "ACS ACR39U 00 00"
        card = read_thai_id(transport)
    assert_somchai(card.as_json())
    assert connection.modes == [SCARD_SHARE_EXCLUSIVE]
    assert connection.calls == ["disconnect", "release"]
    assert "closed" in repr(transport)


def test_open_shared_when_asked(readers: Callable[..., None]) -> None:
    from smartcard.scard import SCARD_SHARE_SHARED

    connection = FakeConnection(make_card())
    readers(FakeReader("Reader 0", [connection]))
    PcscTransport.open(exclusive=False).close()
    assert connection.modes == [SCARD_SHARE_SHARED]


def test_no_reader(readers: Callable[..., None]) -> None:
    readers()
    with pytest.raises(NoReader) as caught:
        PcscTransport.open()
    assert caught.value.reason == "no_reader"


def test_no_pcsc_service(readers: Callable[..., None]) -> None:
    from smartcard.Exceptions import CardServiceNotFoundException

    readers(error=CardServiceNotFoundException(hresult=0x8010001D))
    with pytest.raises(NoReader):
        PcscTransport.open()


def test_named_reader_not_found(readers: Callable[..., None]) -> None:
    readers(FakeReader("Virtual PCD 00 00", [FakeConnection(make_card())]))
    with pytest.raises(NoReader) as caught:
        PcscTransport.open("ACS ACR39U")
    assert "ACS ACR39U" in str(caught.value)


def test_named_reader_by_exact_name_or_part(readers: Callable[..., None]) -> None:
    first, second = FakeConnection(make_card()), FakeConnection(make_card(ATR_3B67))
    readers(FakeReader("Virtual PCD 00 00", [first]), FakeReader("Virtual PCD 00 01", [second]))
    with PcscTransport.open("virtual pcd 00 01") as transport:
        assert transport.reader_name == "Virtual PCD 00 01"
        assert transport.atr() == ATR_3B67


def test_without_a_name_the_first_reader_holding_a_card_is_used(readers: Callable[..., None]) -> None:
    readers(
        FakeReader("Empty 0", [FakeConnection(None)]), FakeReader("Full 1", [FakeConnection(make_card())])
    )
    with PcscTransport.open() as transport:
        assert transport.reader_name == "Full 1"


def test_no_card(readers: Callable[..., None]) -> None:
    empty = FakeConnection(None)
    readers(FakeReader("Reader 0", [empty]))
    with pytest.raises(NoCard) as caught:
        PcscTransport.open()
    assert caught.value.reason == "no_card"
    assert empty.calls == ["disconnect", "release"]


def test_sharing_violation_is_retried(readers: Callable[..., None]) -> None:
    connections = [FakeConnection(make_card(), [connection_error(SHARING_VIOLATION)]) for _ in range(2)]
    connections.append(FakeConnection(make_card()))
    readers(FakeReader("Reader 0", connections))
    with PcscTransport.open(retries=5, backoff_s=0) as transport:
        assert read_thai_id(transport).apdu_count == 47


def test_sharing_violation_until_the_retries_run_out(readers: Callable[..., None]) -> None:
    signed = SHARING_VIOLATION - 0x100000000  # pyscard may hand hresults over signed
    connections = [FakeConnection(make_card(), [connection_error(signed)]) for _ in range(4)]
    readers(FakeReader("Reader 0", connections))
    with pytest.raises(ReaderBusy) as caught:
        PcscTransport.open(retries=3, backoff_s=0)
    assert caught.value.reason == "reader_busy"
    assert not connections


def test_unknown_connect_failure(readers: Callable[..., None]) -> None:
    readers(FakeReader("Reader 0", [FakeConnection(make_card(), [connection_error(0x80100066)])]))
    with pytest.raises(UnsupportedCard):
        PcscTransport.open()


def test_card_pulled_out_during_transmit(readers: Callable[..., None]) -> None:
    from smartcard.Exceptions import CardConnectionException, NoCardException

    no_answer = CardConnectionException("Card returned no valid response", hresult=0)  # pyscard's own
    for error in (connection_error(REMOVED_CARD), NoCardException("gone", 0x8010000C), no_answer):
        connection = FakeConnection(make_card())
        readers(FakeReader("Reader 0", [connection]))
        with PcscTransport.open() as transport:
            connection.transmit_error = error
            with pytest.raises(CardRemoved):
                read_thai_id(transport)


def test_other_transmit_failure_is_a_card_error(readers: Callable[..., None]) -> None:
    connection = FakeConnection(make_card())
    readers(FakeReader("Reader 0", [connection]))
    transport = PcscTransport.open()
    connection.transmit_error = connection_error(0x80100001)
    with pytest.raises(CardError) as caught:
        transport.transmit(SELECT_APDU)
    assert caught.value.reason == "card_error"
    transport.close()
    transport.close()
    assert connection.calls == ["disconnect", "release"]
    with pytest.raises(CardError):
        transport.transmit(SELECT_APDU)

"""The Thai ID card's field parsers: names, dates, addresses, the photo, the ID number (no I/O)."""

from __future__ import annotations

import contextlib
import hashlib
import itertools
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

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
from drivers.card.thai_id import (
    DATA_END,
    DATA_START,
    FIELDS,
    CardDate,
    PersonName,
    ThaiAddress,
    ThaiIdCard,
    check_citizen_id,
    cut_photo,
    get_response_p2_for_atr,
    parse_address,
    parse_card_date,
    parse_data_area,
    parse_id_number,
    parse_sex,
    parse_text,
    parse_thai_name,
)


def padded(text: str, length: int = 100, pad: bytes = b" ") -> bytes:
    raw = text.encode("cp874")
    assert len(raw) <= length
    return raw + pad * (length - len(raw))


# -- names ------------------------------------------------------------------------------------


def test_thai_name_without_middle_name() -> None:
    name = parse_thai_name(padded("นาย#สมชาย##ใจดี"))
    assert (name.title, name.first, name.middle, name.last) == ("นาย", "สมชาย", None, "ใจดี")
    assert name.full == "นาย สมชาย ใจดี"


def test_thai_name_with_middle_name() -> None:
    name = parse_thai_name(padded("ว่าที่ร้อยตรีหญิง#ประภัสสร#กัลยาณี#ศรีสุวรรณ"))
    assert name == PersonName(
        "ว่าที่ร้อยตรีหญิง", "ประภัสสร", "กัลยาณี", "ศรีสุวรรณ", "ว่าที่ร้อยตรีหญิง ประภัสสร กัลยาณี ศรีสุวรรณ"
    )


def test_english_name() -> None:
    name = parse_thai_name(padded("Mr.#Somchai##Jaidee"))
    assert name == PersonName("Mr.", "Somchai", None, "Jaidee", "Mr. Somchai Jaidee")
    assert name.as_json() == {
        "title": "Mr.",
        "first": "Somchai",
        "middle": None,
        "last": "Jaidee",
        "full": "Mr. Somchai Jaidee",
    }


def test_name_with_byte_a0_decodes_as_cp874_where_tis620_fails() -> None:
    """GIVEN a name holding byte 0xA0 (a no-break space in cp874, undefined in tis-620)
    WHEN parsed THEN it decodes; inside a part it is kept, at the end of a part it is trimmed."""
    raw = "นาง#สม".encode("cp874") + b"\xa0" + "ศรี\xa0##มีสุข".encode("cp874") + b"\xa0   "
    with pytest.raises(UnicodeDecodeError):
        raw.decode("tis-620")
    name = parse_thai_name(raw)
    assert name.first == "สม\xa0ศรี"
    assert name.last == "มีสุข"
    assert name.full == "นาง สม\xa0ศรี มีสุข"


def test_name_parts_trimmed_of_spaces_and_nuls() -> None:
    name = parse_thai_name(b"Mrs. \x00#Malee  #  #Srisuk" + b"\x00" * 20)
    assert name == PersonName("Mrs.", "Malee", None, "Srisuk", "Mrs. Malee Srisuk")


def test_name_with_missing_trailing_parts() -> None:
    name = parse_thai_name(padded("Miss#Malee"))
    assert name == PersonName("Miss", "Malee", None, None, "Miss Malee")


def test_name_with_extra_parts_adds_them_to_the_last_name() -> None:
    name = parse_thai_name(padded("Mr.#A##B#C#"))
    assert (name.last, name.full) == ("B C", "Mr. A B C")


def test_name_without_separator_keeps_the_text_as_full() -> None:
    assert parse_thai_name(padded("Somchai Jaidee")) == PersonName(None, None, None, None, "Somchai Jaidee")


def test_blank_name() -> None:
    assert parse_thai_name(b" " * 100) == PersonName(None, None, None, None, "")
    assert parse_thai_name(b"") == PersonName(None, None, None, None, "")


def test_undecodable_name_names_the_field_not_the_value() -> None:
    raw = "นาย#สมชาย".encode("cp874") + b"\xdb" + "##ใจดี".encode("cp874")
    with pytest.raises(MalformedData) as caught:
        parse_thai_name(raw, field="name_th")
    assert caught.value.field == "name_th"
    assert caught.value.reason == "malformed_data"
    message = str(caught.value)
    assert "name_th" in message
    assert "สมชาย" not in message and "ใจดี" not in message
    assert caught.value.__suppress_context__


def test_name_repr_hides_the_name() -> None:
    name = parse_thai_name(padded("นาย#สมชาย##ใจดี"))
    assert "สมชาย" not in repr(name) and "ใจดี" not in repr(name)
    assert "สมชาย" not in str(name)


# -- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value", "precision", "iso"),
    [
        (b"25230615", date(1980, 6, 15), "day", "1980-06-15"),
        (b"25430229", date(2000, 2, 29), "day", "2000-02-29"),  # 2543 BE = 2000, a leap year
        (b"25230600", date(1980, 6, 1), "month", "1980-06"),
        (b"25230000", date(1980, 1, 1), "year", "1980"),
        (b"25230015", date(1980, 1, 1), "year", "1980"),  # a day without a month means nothing
        (b"25231300", date(1980, 1, 1), "year", "1980"),  # month 13: the year is still right
        (b"25400229", date(1997, 2, 1), "month", "1997-02"),  # 2540 BE = 1997, not a leap year
        (b"25230631", date(1980, 6, 1), "month", "1980-06"),
        (b"25230699", date(1980, 6, 1), "month", "1980-06"),
        (b"05440101", date(1, 1, 1), "day", "0001-01-01"),
        (b"25230615  ", date(1980, 6, 15), "day", "1980-06-15"),
        (b"25230615\x00", date(1980, 6, 15), "day", "1980-06-15"),
    ],
)
def test_dates_with_their_precision(raw: bytes, value: date, precision: str, iso: str) -> None:
    parsed = parse_card_date(raw)
    assert (parsed.value, parsed.precision, parsed.iso()) == (value, precision, iso)


@pytest.mark.parametrize(
    "raw",
    [
        b"99999999",  # lifetime card
        b"99991231",  # any Buddhist year 9999: lifetime
        b"        ",
        b"00000000",
        b"\x00" * 8,
        b"",
        b"2523061",
        b"252306150",
        b"abcdefgh",
        b"2523-6-1",
        b"05430101",  # year 0
        b"\xff" * 8,
        "๒๕๒๓๐๖๑๕".encode("cp874"),  # Thai digits are not what the card stores
    ],
)
def test_lifetime_blank_and_non_dates_have_no_date(raw: bytes) -> None:
    assert parse_card_date(raw) == CardDate(None, "none")
    assert parse_card_date(raw).iso() is None


def test_date_repr_hides_the_date() -> None:
    assert "1980" not in repr(parse_card_date(b"25230615"))


# -- addresses --------------------------------------------------------------------------------

FULL_ADDRESS = "123/4#หมู่ที่ 5#ซอยสุขุมวิท 3#ถนนห้วยแก้ว##ตำบลสุเทพ#อำเภอเมืองเชียงใหม่#จังหวัดเชียงใหม่"


def test_address_with_every_part() -> None:
    address = parse_address(padded(FULL_ADDRESS))
    assert address.parts_json() == {
        "house": "123/4",
        "moo": "หมู่ที่ 5",
        "soi": "ซอยสุขุมวิท 3",
        "road": "ถนนห้วยแก้ว",
        "tambon": "ตำบลสุเทพ",
        "amphoe": "อำเภอเมืองเชียงใหม่",
        "province": "จังหวัดเชียงใหม่",
    }
    assert address.full == "123/4 หมู่ที่ 5 ซอยสุขุมวิท 3 ถนนห้วยแก้ว ตำบลสุเทพ อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่"


def test_address_with_empty_parts() -> None:
    address = parse_address(padded("99/12###ถนนลาดพร้าว##แขวงจอมพล#เขตจตุจักร#กรุงเทพมหานคร"))
    assert (address.house, address.moo, address.soi, address.road) == ("99/12", None, None, "ถนนลาดพร้าว")
    assert (address.tambon, address.amphoe, address.province) == ("แขวงจอมพล", "เขตจตุจักร", "กรุงเทพมหานคร")
    assert address.full == "99/12 ถนนลาดพร้าว แขวงจอมพล เขตจตุจักร กรุงเทพมหานคร"


def test_short_address_leaves_the_missing_parts_empty() -> None:
    address = parse_address(padded("7#หมู่ที่ 2#"))
    assert address == ThaiAddress("7", "หมู่ที่ 2", None, None, None, None, None, "7 หมู่ที่ 2")


def test_address_unnamed_fifth_part_and_extra_parts_stay_in_the_full_text() -> None:
    address = parse_address(padded("1#2#3#4#X#5#6#7#Y"))
    assert (address.road, address.tambon, address.province) == ("4", "5", "7")
    assert address.full == "1 2 3 4 X 5 6 7 Y"


def test_blank_address() -> None:
    assert parse_address(b" " * 100).full == ""
    assert "เชียงใหม่" not in repr(parse_address(padded(FULL_ADDRESS)))


# -- photo ------------------------------------------------------------------------------------

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(0x20, 0xFF)) + b"\x20\x20\x00\x20\x20\xff\xd9"


def test_photo_cut_exactly_after_the_end_marker_keeping_spaces_inside() -> None:
    """GIVEN a JPEG with 0x20 bytes just before FF D9, padded with spaces on the card
    WHEN cut THEN the image comes back byte for byte (nothing inside trimmed, padding gone)."""
    assert cut_photo(JPEG + b" " * 500) == JPEG
    assert cut_photo(JPEG + b"\x00" * 3) == JPEG
    assert cut_photo(JPEG) == JPEG
    assert cut_photo(JPEG + b"\xff\xd9 more") == JPEG  # the first end marker counts
    assert hashlib.sha256(cut_photo(JPEG + b" " * 10)).digest() == hashlib.sha256(JPEG).digest()


def test_smallest_photo() -> None:
    assert cut_photo(b"\xff\xd8\xff\xd9   ") == b"\xff\xd8\xff\xd9"


@pytest.mark.parametrize(
    "raw", [b"", b" " * 100, b"\x00\xff\xd8\xff\xd9", b"\xff\xd8\x00\x01 ", b"\xff\xd9\xff\xd8"]
)
def test_photo_without_markers_is_malformed(raw: bytes) -> None:
    with pytest.raises(MalformedData) as caught:
        cut_photo(raw)
    assert caught.value.field == "photo"


# -- ID number, sex, free text ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "valid"), [("3100600445635", True), ("1234545678781", True), ("3100600445636", False)]
)
def test_check_digit_vectors(number: str, valid: bool) -> None:
    assert check_citizen_id(number) is valid


@pytest.mark.parametrize(
    "number", ["", "310060044563", "31006004456350", "3100600445 35", "３100600445635", "²100600445635"]
)
def test_check_digit_refuses_what_is_not_13_ascii_digits(number: str) -> None:
    assert check_citizen_id(number) is False


def test_id_number_field() -> None:
    assert parse_id_number(b"3100600445635") == "3100600445635"
    assert parse_id_number(b"3100600445636") == "3100600445636"  # the card says so; validity is separate
    for bad in (b"310060044563 ", b"31006004456X5", b" " * 13, b""):
        with pytest.raises(MalformedData) as caught:
            parse_id_number(bad)
        assert caught.value.field == "id_number"
        assert "3100" not in str(caught.value)


def test_sex_field() -> None:
    assert (parse_sex(b"1"), parse_sex(b"2"), parse_sex(b" "), parse_sex(b"3"), parse_sex(b"")) == (
        "M",
        "F",
        None,
        None,
        None,
    )


def test_free_text_field() -> None:
    assert parse_text(padded("สำนักทะเบียนอำเภอเมืองเชียงใหม่/เชียงใหม่")) == "สำนักทะเบียนอำเภอเมืองเชียงใหม่/เชียงใหม่"
    assert parse_text(b"12345678901234") == "12345678901234"
    with pytest.raises(MalformedData) as caught:
        parse_text(b"ab\x81", field="issuer")
    assert caught.value.field == "issuer"


def test_get_response_variant_by_atr() -> None:
    assert get_response_p2_for_atr(bytes.fromhex("3B6700007320006C689000")) == 1
    for atr in ("3B6800000073C84012009000", "3B781800000073C84013009000", "3B799600005448204E4944203138"):
        assert get_response_p2_for_atr(bytes.fromhex(atr)) == 0
    assert get_response_p2_for_atr(bytes.fromhex("3B8F8001")) is None
    assert get_response_p2_for_atr(b"") is None


# -- the card record --------------------------------------------------------------------------


def sample_card() -> ThaiIdCard:
    return ThaiIdCard(
        id_number="3100600445635",
        id_number_valid=True,
        name_th=parse_thai_name(padded("นาย#สมชาย##ใจดี")),
        name_en=parse_thai_name(padded("Mr.#Somchai##Jaidee")),
        date_of_birth=parse_card_date(b"25230600"),
        sex="M",
        issuer="สำนักทะเบียนอำเภอเมืองเชียงใหม่/เชียงใหม่",
        date_of_issue=parse_card_date(b"25640615"),
        date_of_expiry=parse_card_date(b"99999999"),
        address=parse_address(padded(FULL_ADDRESS)),
        photo=JPEG,
        request_number="12345678901234",
        atr="3B799600005448204E4944203138",
    )


def test_card_json_has_the_spec_keys() -> None:
    data = sample_card().as_json()
    assert set(data) == {
        "document_type",
        "id_number",
        "name_th",
        "name_en",
        "date_of_birth",
        "date_of_issue",
        "date_of_expiry",
        "sex",
        "address",
        "issuer",
        "photo_sha256",
        "address_parts",
        "request_number",
        "id_number_valid",
    }
    assert data["document_type"] == "th_id"
    assert data["name_th"]["full"] == "นาย สมชาย ใจดี"
    assert (data["date_of_birth"], data["date_of_issue"], data["date_of_expiry"]) == (
        "1980-06",
        "2021-06-15",
        None,
    )
    assert data["photo_sha256"] == hashlib.sha256(JPEG).hexdigest()
    assert data["address"].startswith("123/4 หมู่ที่ 5")
    assert data["address_parts"]["province"] == "จังหวัดเชียงใหม่"


def test_card_repr_shows_no_personal_data() -> None:
    card = sample_card()
    for text in (repr(card), str(card)):
        for secret in ("3100600445635", "สมชาย", "Somchai", "1980", "เชียงใหม่", "12345678901234"):
            assert secret not in text
        assert "3B799600005448204E4944203138" in text  # the ATR is about the card type, not the person


def test_short_data_area_is_malformed() -> None:
    with pytest.raises(MalformedData) as caught:
        parse_data_area(b" " * 100)
    assert caught.value.field == "data_area"


def test_field_table_stays_inside_the_data_area() -> None:
    assert (DATA_START, DATA_END) == (0x0004, 0x1628)
    spans = sorted(FIELDS.values())
    for (offset, length), (next_offset, _) in itertools.pairwise(spans):
        assert offset + length <= next_offset
    assert all(offset >= DATA_START and offset + length <= DATA_END for offset, length in spans)


def test_every_error_has_a_stable_reason() -> None:
    errors: list[CardError] = [
        CardError(),
        NoReader(),
        NoCard(),
        CardRemoved(),
        UnsupportedCard(sw1=0x6A, sw2=0x82),
        UnexpectedStatus("READ BINARY", 0x6F, 0x00),
        MalformedData("name_th"),
        ReaderBusy(),
    ]
    assert [error.reason for error in errors] == [
        "card_error",
        "no_reader",
        "no_card",
        "card_removed",
        "unsupported_card",
        "unexpected_status",
        "malformed_data",
        "reader_busy",
    ]
    assert all(isinstance(error, CardError) and str(error) for error in errors)
    status = UnexpectedStatus("GET RESPONSE", 0x6A, 0x86)
    assert (status.command, status.sw1, status.sw2) == ("GET RESPONSE", 0x6A, 0x86)
    assert "6A86" in str(status) and "GET RESPONSE" in str(status)
    assert "6A82" in str(UnsupportedCard(sw1=0x6A, sw2=0x82))


# -- every parser, any bytes: a result or MalformedData, nothing else -------------------------


@given(st.binary(max_size=300))
def test_name_parser_never_raises_anything_else(raw: bytes) -> None:
    try:
        name = parse_thai_name(raw)
    except MalformedData:
        return
    assert name.full == name.full.strip(" \x00\xa0")
    assert all(part != "" for part in (name.title, name.first, name.middle, name.last))


@given(st.binary(max_size=20))
def test_date_parser_never_raises(raw: bytes) -> None:
    parsed = parse_card_date(raw)
    assert (parsed.value is None) == (parsed.precision == "none")


@given(st.text(alphabet="0123456789 \x00", min_size=0, max_size=10).map(str.encode))
def test_date_parser_on_digit_soup(raw: bytes) -> None:
    parsed = parse_card_date(raw)
    iso = parsed.iso()
    assert iso is None or len(iso) in (4, 7, 10)


@given(st.binary(max_size=300))
def test_address_parser_never_raises_anything_else(raw: bytes) -> None:
    with contextlib.suppress(MalformedData):
        parse_address(raw)


@given(st.binary(max_size=300))
def test_photo_cut_never_raises_anything_else(raw: bytes) -> None:
    try:
        photo = cut_photo(raw)
    except MalformedData:
        return
    assert raw.startswith(photo) and photo.endswith(b"\xff\xd9")


@given(st.binary(max_size=2000), st.binary(max_size=200))
def test_photo_cut_keeps_any_jpeg_body_byte_exact(body: bytes, padding: bytes) -> None:
    body = body.replace(b"\xff\xd9", b"\xff\x00")
    if body.endswith(b"\xff"):
        body += b"\x00"
    image = b"\xff\xd8" + body + b"\xff\xd9"
    assert cut_photo(image + padding) == image


@given(st.binary(max_size=20))
def test_small_field_parsers_never_raise_anything_else(raw: bytes) -> None:
    parse_sex(raw)
    with contextlib.suppress(MalformedData):
        parse_id_number(raw)
    with contextlib.suppress(MalformedData):
        parse_text(raw)


@given(st.text(max_size=20))
def test_check_digit_never_raises(number: str) -> None:
    assert check_citizen_id(number) in (True, False)


def valid_area() -> bytearray:
    area = bytearray(b" " * (DATA_END - DATA_START))
    values = {
        "id_number": b"3100600445635",
        "name_th": padded("นาย#สมชาย##ใจดี"),
        "name_en": padded("Mr.#Somchai##Jaidee"),
        "date_of_birth": b"25230615",
        "sex": b"1",
        "issuer": padded("สำนักทะเบียน"),
        "date_of_issue": b"25640615",
        "date_of_expiry": b"25730614",
        "photo": JPEG,
        "address": padded(FULL_ADDRESS),
        "request_number": b"12345678901234",
    }
    for name, value in values.items():
        offset = FIELDS[name][0] - DATA_START
        area[offset : offset + len(value)] = value
    return area


def test_valid_area_parses() -> None:
    card = parse_data_area(bytes(valid_area()))
    assert card.as_json() == sample_card().as_json() | {
        "date_of_birth": "1980-06-15",
        "date_of_expiry": "2030-06-14",
        "issuer": "สำนักทะเบียน",
    }


@given(
    st.dictionaries(
        st.sampled_from(sorted(FIELDS)),
        st.binary(max_size=120),
        max_size=4,
    )
)
def test_data_area_parser_never_raises_anything_else(garbage: dict[str, bytes]) -> None:
    """GIVEN a good data area with some fields overwritten by any bytes WHEN parsed
    THEN a card or MalformedData comes back, nothing else."""
    area = valid_area()
    for name, value in garbage.items():
        offset, length = FIELDS[name]
        start = offset - DATA_START
        area[start : start + length] = value[:length].ljust(length, b" ")
    with contextlib.suppress(MalformedData):
        parse_data_area(bytes(area))

"""Data groups: EF.COM, DG1 (MRZ), DG2 (face image, JPEG and JPEG 2000) and the Vietnamese DG13."""

from __future__ import annotations

import contextlib
import io
import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image, features

from drivers.card.icao import ber
from drivers.card.icao.errors import BerError, LdsError, MrzError
from drivers.card.icao.lds import (
    Com,
    FaceImage,
    VietnamesePersonalData,
    decode_face_image,
    encode_com,
    encode_dg1,
    encode_dg2,
    encode_dg13,
    parse_com,
    parse_dg1,
    parse_dg2,
    parse_dg13,
    parse_vn_date,
)

CCCD_LINES = (
    "IDVNM1950012347038195001234<<<",
    "9504154F3504152VNM<<<<<<<<<<<4",
    "LE<<THI<HONG<NHUNG<<<<<<<<<<<<",
)
LONG_ADDRESS = (
    "Nhà số 27, ngõ 155/23/8 đường Phai Khắt - Nà Ngần, tổ dân phố số 5, khu tái định cư Nà Lắc "
    "(gần trụ sở Ủy ban nhân dân phường cũ), phường Sông Hiến (nay là phường Thục Phán), "
    "thành phố Cao Bằng, tỉnh Cao Bằng"
)
FIELDS: dict[int, str | tuple[str, ...]] = {
    1: "038195001234",
    2: "Lê Thị Hồng Nhung",
    3: "15/04/1995",
    4: "Nữ",
    5: "Việt Nam",
    6: "Tày",
    7: "Không",
    8: "Xã Quang Trung, huyện Hòa An, tỉnh Cao Bằng",
    9: LONG_ADDRESS,
    10: "Nốt ruồi C:1cm trên trước đuôi lông mày trái",
    11: "10/05/2021",
    12: "15/04/2035",
    13: ("Lê Văn Hùng", "Nông Thị Pắng"),
    14: ("Trần Văn Nam",),
    15: "080123456",
    16: "VN21C0000000123A",
}


def image_bytes(kind: str, size: tuple[int, int] = (48, 64)) -> bytes:
    picture = Image.new("RGB", size, (200, 120, 90))
    out = io.BytesIO()
    picture.save(out, format=kind)
    return out.getvalue()


# -- EF.COM and DG1 ---------------------------------------------------------------------------


def test_com_round_trip() -> None:
    """GIVEN EF.COM listing DG1, DG2 and DG13 WHEN parsed THEN versions and groups are read."""
    data = encode_com((1, 2, 13))
    assert data[0] == 0x60
    assert parse_com(data) == Com("0107", "040000", (1, 2, 13))


def test_com_of_appendix_d_starts_as_the_card_read_it() -> None:
    """GIVEN the first four bytes the appendix D card returns for EF.COM (60 14 5F 01)
    WHEN EF.COM for DG1 and DG2 is encoded THEN it starts with the same bytes (20-byte body)."""
    assert encode_com((1, 2))[:4] == bytes.fromhex("60145F01")


def test_dg1_holds_the_cccd_mrz() -> None:
    """GIVEN DG1 of a CCCD WHEN parsed THEN the MRZ is validated and read."""
    mrz = parse_dg1(encode_dg1(CCCD_LINES))
    assert mrz.is_cccd and mrz.document_number == "038195001234"


def test_dg1_with_a_bad_check_digit_is_an_mrz_error() -> None:
    """GIVEN DG1 whose MRZ has a wrong date-of-birth check digit WHEN parsed THEN MrzError names it."""
    lines = (CCCD_LINES[0], CCCD_LINES[1][:6] + "5" + CCCD_LINES[1][7:], CCCD_LINES[2])
    with pytest.raises(MrzError) as caught:
        parse_dg1(encode_dg1(lines))
    assert caught.value.field == "date_of_birth"


def test_dg1_of_the_wrong_length_is_an_lds_error() -> None:
    """GIVEN DG1 with 60 MRZ characters WHEN parsed THEN LdsError naming DG1."""
    with pytest.raises(LdsError) as caught:
        parse_dg1(encode_dg1(CCCD_LINES[:2]))
    assert caught.value.field == "DG1"


# -- DG2 --------------------------------------------------------------------------------------


def test_dg2_jpeg_round_trip_and_display() -> None:
    """GIVEN a JPEG face in an ISO 19794-5 record WHEN DG2 is parsed and decoded
    THEN the image bytes are exactly the stored ones and Pillow shows the picture's size."""
    jpeg = image_bytes("JPEG")
    face = parse_dg2(encode_dg2(jpeg, image_format="jpeg", width=48, height=64))
    assert face == FaceImage(jpeg, "jpeg", 48, 64)
    assert face.mime_type == "image/jpeg"
    assert decode_face_image(face).size == (48, 64)


def test_dg2_jpeg2000_decodes_when_pillow_has_openjpeg() -> None:
    """GIVEN a JPEG 2000 face (image data type 1)
    WHEN parsed and decoded THEN its format is jpeg2000 and Pillow (with OpenJPEG) shows it."""
    assert features.check("jpg_2000"), "Pillow is built without OpenJPEG: JPEG 2000 faces cannot be shown"
    jp2 = image_bytes("JPEG2000")
    face = parse_dg2(encode_dg2(jp2, image_format="jpeg2000", width=48, height=64))
    assert (face.format, face.data) == ("jpeg2000", jp2)
    assert decode_face_image(face).size == (48, 64)


def test_dg2_with_feature_points_skips_them() -> None:
    """GIVEN a facial record with two 8-byte feature points before the image information
    WHEN parsed THEN the image is still found exactly."""
    jpeg = image_bytes("JPEG")
    info = bytes((1, 0)) + (48).to_bytes(2, "big") + (64).to_bytes(2, "big") + bytes(6)
    block = 20 + 16 + len(info) + len(jpeg)
    face_info = block.to_bytes(4, "big") + (2).to_bytes(2, "big") + bytes(14)
    record = (
        b"FAC\x00010\x00"
        + (14 + block).to_bytes(4, "big")
        + b"\x00\x01"
        + face_info
        + bytes(16)
        + info
        + jpeg
    )
    data = ber.encode(
        0x75, ber.encode(0x7F61, ber.encode(0x02, b"\x01") + ber.encode(0x7F60, ber.encode(0x5F2E, record)))
    )
    assert parse_dg2(data).data == jpeg


def test_dg2_holding_a_bare_jpeg_is_accepted() -> None:
    """GIVEN a DG2 whose biometric data block is the JPEG file itself
    WHEN parsed THEN the JPEG is returned (size unknown)."""
    jpeg = image_bytes("JPEG")
    data = ber.encode(
        0x75, ber.encode(0x7F61, ber.encode(0x02, b"\x01") + ber.encode(0x7F60, ber.encode(0x5F2E, jpeg)))
    )
    assert parse_dg2(data) == FaceImage(jpeg, "jpeg", 0, 0)


@pytest.mark.parametrize(
    ("mutate", "problem"),
    [
        (lambda record: record[:30], "too short"),
        (lambda record: record[:14] + (10**6).to_bytes(4, "big") + record[18:], "inconsistent"),
        (lambda record: record[:4] + b"020\x00" + record[8:], "version"),
    ],
)
def test_dg2_inconsistent_records_are_lds_errors(mutate: object, problem: str) -> None:
    """GIVEN a facial record cut short, with an impossible block length or an unknown version
    WHEN parsed THEN LdsError naming DG2 and the problem."""
    jpeg = image_bytes("JPEG")
    record = ber.decode_all(encode_dg2(jpeg))[0].children()[0].children()[1].children()[1].value
    damaged = mutate(record)  # type: ignore[operator]
    data = ber.encode(
        0x75, ber.encode(0x7F61, ber.encode(0x02, b"\x01") + ber.encode(0x7F60, ber.encode(0x5F2E, damaged)))
    )
    with pytest.raises(LdsError) as caught:
        parse_dg2(data)
    assert caught.value.field == "DG2"
    assert problem in str(caught.value)


def test_undecodable_image_bytes_are_an_lds_error() -> None:
    """GIVEN a face whose JPEG is truncated WHEN decoded for display THEN LdsError, not a Pillow error."""
    jpeg = image_bytes("JPEG")
    with pytest.raises(LdsError):
        decode_face_image(FaceImage(jpeg[:40], "jpeg", 48, 64))


# -- DG13 -------------------------------------------------------------------------------------


def test_dg13_round_trip_with_a_long_address() -> None:
    """GIVEN every DG13 field, an address longer than 255 bytes in UTF-8, parents and spouse
    WHEN encoded (BER long lengths) and parsed
    THEN each field comes back by name and the address uses the 82 length form."""
    assert len(LONG_ADDRESS.encode()) > 255
    data = encode_dg13(FIELDS)
    assert data[0] == 0x6D and data[1] == 0x82
    personal = parse_dg13(data)
    assert personal.id_number == "038195001234"
    assert personal.full_name == "Lê Thị Hồng Nhung"
    assert personal.date_of_birth == "15/04/1995"
    assert personal.sex_code == "F"
    assert (personal.nationality, personal.ethnicity, personal.religion) == ("Việt Nam", "Tày", "Không")
    assert personal.hometown == FIELDS[8]
    assert personal.residence == LONG_ADDRESS
    assert personal.identifying_marks == FIELDS[10]
    assert (personal.date_of_issue, personal.date_of_expiry) == ("10/05/2021", "15/04/2035")
    assert (personal.father_name, personal.mother_name) == ("Lê Văn Hùng", "Nông Thị Pắng")
    assert personal.spouse_name == "Trần Văn Nam"
    assert personal.old_id_number == "080123456"
    assert personal.other == {16: "VN21C0000000123A"}


def test_dg13_fields_wrapped_in_a_sequence_with_direct_parent_strings() -> None:
    """GIVEN a DG13 whose fields sit in one outer SEQUENCE, with a version INTEGER first, the parents
    as two plain UTF8Strings and a BMPString religion
    WHEN parsed THEN the same fields are found."""

    def field(number: int, *values: bytes) -> bytes:
        return ber.encode(0x30, ber.encode(0x02, bytes((number,))) + b"".join(values))

    inner = (
        ber.encode(0x02, b"\x01")
        + field(1, ber.encode(0x13, b"038195001234"))
        + field(7, ber.encode(0x1E, "Phật giáo".encode("utf-16-be")))
        + field(13, ber.encode(0x0C, "Bố".encode()), ber.encode(0x0C, "Mẹ".encode()))
        + field(14)
    )
    personal = parse_dg13(ber.encode(0x6D, ber.encode(0x30, inner)))
    assert personal.id_number == "038195001234"
    assert personal.religion == "Phật giáo"
    assert (personal.father_name, personal.mother_name) == ("Bố", "Mẹ")
    assert personal.spouse_name is None


def test_dg13_text_is_normalized_to_composed_form() -> None:
    """GIVEN a name stored decomposed (NFD) WHEN parsed THEN it is NFC, equal to the typed name."""
    decomposed = unicodedata.normalize("NFD", "Nguyễn Văn Ánh")
    field = ber.encode(0x30, ber.encode(0x02, b"\x02") + ber.encode(0x0C, decomposed.encode()))
    assert parse_dg13(ber.encode(0x6D, field)).full_name == "Nguyễn Văn Ánh"


@pytest.mark.parametrize(
    ("data", "field_problem"),
    [
        (ber.encode(0x6E, b""), "tag 6D"),
        (ber.encode(0x6D, ber.encode(0x04, b"x")), "no numbered fields"),
        (
            ber.encode(0x6D, ber.encode(0x30, ber.encode(0x02, b"\x02") + ber.encode(0x0C, b"\xff\xfe"))),
            "utf-8",
        ),
    ],
)
def test_dg13_malformed(data: bytes, field_problem: str) -> None:
    """GIVEN a DG13 with the wrong tag, no fields, or a name that is not UTF-8
    WHEN parsed THEN LdsError naming DG13 and the problem (never the value)."""
    with pytest.raises(LdsError) as caught:
        parse_dg13(data)
    assert caught.value.field == "DG13"
    assert field_problem in str(caught.value)


def test_sex_words() -> None:
    """GIVEN the Vietnamese words for the sexes WHEN read THEN M / F; anything else unknown."""
    assert VietnamesePersonalData(sex="Nam").sex_code == "M"
    assert VietnamesePersonalData(sex=unicodedata.normalize("NFD", "Nữ")).sex_code == "F"
    assert VietnamesePersonalData(sex="?").sex_code is None


def test_vietnamese_dates() -> None:
    """GIVEN dd/MM/yyyy text, "no expiry" and impossible dates WHEN parsed THEN dates or None."""
    assert parse_vn_date("15/04/1995") == date(1995, 4, 15)
    assert parse_vn_date("5/4/1995") == date(1995, 4, 5)
    assert parse_vn_date("Không thời hạn") is None
    assert parse_vn_date("31/02/2020") is None
    assert parse_vn_date(None) is None


def test_repr_hides_personal_data() -> None:
    """GIVEN parsed DG13 and a face WHEN shown with repr THEN no name, number or address appears."""
    shown = repr(parse_dg13(encode_dg13(FIELDS))) + repr(FaceImage(b"\xff\xd8\xff", "jpeg", 1, 1))
    for secret in ("Nhung", "038195001234", "Cao Bằng"):
        assert secret not in shown


# -- fuzzing ----------------------------------------------------------------------------------

_TYPED = (LdsError, BerError, MrzError)


@given(st.binary(max_size=400), st.sampled_from([0x60, 0x61, 0x75, 0x6D, None]))
def test_arbitrary_bytes_give_only_typed_errors(payload: bytes, wrapper: int | None) -> None:
    """GIVEN any bytes, bare or inside the file's own outer tag
    WHEN parsed as EF.COM, DG1, DG2 and DG13 THEN a result or LdsError / BerError / MrzError."""
    data = payload if wrapper is None else ber.encode(wrapper, payload)
    for parse in (parse_com, parse_dg1, parse_dg2, parse_dg13):
        with contextlib.suppress(*_TYPED):
            parse(data)  # type: ignore[operator]


@given(st.lists(st.tuples(st.integers(min_value=0, max_value=40), st.text(max_size=300)), max_size=8))
def test_any_dg13_text_round_trips(items: list[tuple[int, str]]) -> None:
    """GIVEN any field numbers and any Unicode text (including long values)
    WHEN encoded as DG13 and parsed THEN each known field returns its NFC-normalized, trimmed text."""
    values = {number: text for number, text in items if number not in (13, 14)}
    if not values:
        return
    personal = parse_dg13(encode_dg13(values))
    names = {1: "id_number", 2: "full_name", 9: "residence", 15: "old_id_number"}
    for number, text in values.items():
        expected = unicodedata.normalize("NFC", text).strip() or None
        if number in names:
            assert getattr(personal, names[number]) == expected
        elif number > 16:
            assert personal.other.get(number, "") == (expected or "")

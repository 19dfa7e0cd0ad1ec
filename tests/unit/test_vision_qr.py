"""QR codes seen by the camera decode exactly; the CCCD's QR fields parse, and nothing else does."""

from __future__ import annotations

import contextlib
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.camera import scenes
from drivers.vision.qr import CccdQrData, QrPayloadError, QrScanner, parse_cccd_qr
from tests.camera_scenes import card_scene, fonts

PAYLOADS = [
    "000.00.74.H10-261123-0001",  # a dossier receipt
    "TICKET:7f3c2a9e-5b1d-4e8a-9c0f-2d6b1a3e4f50",
    "001090000123|013456789|Nguyễn Văn An|12031990|Nam|Số 18 ngõ 45 phố Hào Nam, Đống Đa, Hà Nội|10052021",
    "00020101021129370016A000000677010111011300668012345675802TH530376463046197",  # PromptPay (DEVICES.md)
    "นัดหมาย 2026-11-30 09:30 ช่อง 3",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_printed_qr_code_on_a_desk_decodes_exactly(payload: str) -> None:
    """GIVEN a slip with a QR code lying at an angle on a desk WHEN the frame is scanned THEN the
    payload comes back exactly, non-Latin text included."""
    slip = scenes.receipt(scenes.qr_matrix(payload), ["RECEIPT"], fonts())
    frame, _ = card_scene(slip, width_px=470, yaw=10, pitch=-22, roll=9)
    codes = QrScanner().scan(frame)
    assert [code.payload for code in codes] == [payload]
    assert codes[0].corners.shape == (4, 2)


def test_no_qr_code_gives_nothing() -> None:
    frame, _ = card_scene()
    assert QrScanner().scan(scenes.defocus(frame, 8)) == []


def test_the_cccd_qr_prefills_its_fields() -> None:
    """GIVEN the payload of the QR on a CCCD's front WHEN parsed THEN every field comes out typed."""
    data = parse_cccd_qr(PAYLOADS[2])
    assert data.citizen_number == "001090000123" and data.old_id_number == "013456789"
    assert data.full_name == "Nguyễn Văn An" and data.sex == "Nam"
    assert data.date_of_birth == date(1990, 3, 12) and data.date_of_issue == date(2021, 5, 10)
    assert "Nguyễn" not in repr(data)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ("000.00.74.H10-261123-0001", "format"),
        ("00109000012|013456789|A|12031990|Nam|x|10052021", "citizen_number"),
        ("001090000123|01345678X|A|12031990|Nam|x|10052021", "old_id_number"),
        ("001090000123||A|31021990|Nam|x|10052021", "date_of_birth"),
        ("001090000123||A|12031990|M|x|10052021", "sex"),
        ("001090000123|||12031990|Nam|x|10052021", "full_name"),
    ],
)
def test_a_wrong_cccd_payload_names_its_field(payload: str, field: str) -> None:
    with pytest.raises(QrPayloadError) as raised:
        parse_cccd_qr(payload)
    assert raised.value.field == field


@given(st.text(max_size=200))
def test_any_text_either_parses_or_raises_the_typed_error(text: str) -> None:
    """GIVEN any text a QR code may carry WHEN read as a CCCD QR THEN it parses or raises QrPayloadError only."""
    with contextlib.suppress(QrPayloadError):
        assert isinstance(parse_cccd_qr(text), CccdQrData)


@given(
    number=st.from_regex(r"\A[0-9]{12}\Z"),
    old=st.one_of(st.just(""), st.from_regex(r"\A[0-9]{9}\Z")),
    name=st.text(
        alphabet=st.characters(blacklist_characters="|", blacklist_categories=("Cs", "Cc")),
        min_size=1,
        max_size=40,
    ).filter(str.strip),
    born=st.dates(date(1900, 1, 1), date(2030, 12, 31)),
    sex=st.sampled_from(["Nam", "Nữ"]),
    issued=st.dates(date(2016, 1, 1), date(2030, 12, 31)),
)
def test_cccd_fields_round_trip(number: str, old: str, name: str, born: date, sex: str, issued: date) -> None:
    payload = "|".join(
        [number, old, name, born.strftime("%d%m%Y"), sex, "address", issued.strftime("%d%m%Y")]
    )
    data = parse_cccd_qr(payload)
    assert (data.citizen_number, data.old_id_number, data.full_name.strip(), data.date_of_birth, data.sex, data.date_of_issue) == (
        number, old, name.strip(), born, sex, issued,
    )  # fmt: skip

"""Printed slips: every template in every language, key values, QR payloads, dates and amounts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, time
from typing import Any

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.printer.layout import Block, Gap, QrCode, Rule, SlipRenderer, Text
from kiosk.app import slip_fonts
from kiosk.domain.citizen_id import make_cccd, make_thai_id
from kiosk.domain.queue import IssuedTicket
from kiosk.i18n import Catalog
from kiosk.paths import resources_dir
from kiosk.profiles import LANGUAGES, Language, Profile, load_profile
from kiosk.slips import (
    AppointmentBooking,
    DossierReceipt,
    PaymentReceipt,
    RegisteredItem,
    RegistrationConfirmation,
    appointment_slip,
    dossier_receipt_slip,
    format_amount,
    format_time_slot,
    payment_receipt_slip,
    queue_ticket_slip,
    registration_slip,
)

RESOURCES = resources_dir()
CATALOG = Catalog(RESOURCES / "translations")
VN = load_profile(RESOURCES, "vn")
TH = load_profile(RESOURCES, "th")
PROFILES = {"vn": VN, "th": TH}
WIDTHS = (576, 384)

# 08:32 in Hanoi and Bangkok on Monday 23 November 2026 (2569 in the Buddhist era).
AT = datetime(2026, 11, 23, 1, 32, tzinfo=UTC)
DOSSIER_CODE = "000.00.74.H10-220516-0002"
THAI_ID = make_thai_id("110170023070")
CCCD = make_cccd("079", 1990, male=True, serial=12345)

TICKET = IssuedTicket("tx-0001", "A", 7, date(2026, 11, 23), AT, 3, 24)
DOSSIER = DossierReceipt(
    dossier_code=DOSSIER_CODE,
    procedure_name="Cấp bản sao trích lục hộ tịch",
    processing_unit="UBND xã Tân Thành, huyện Đồng Phú",
    submitted_at=AT,
    result_date=date(2026, 11, 26),
    fee_minor=8000,
    currency="VND",
    citizen_name="Nguyễn Thị Hồng Nhung",
)
PAYMENT = PaymentReceipt(
    provider="UBND tỉnh Bình Phước",
    description=f"Thanh toán phí/lệ phí cho hồ sơ {DOSSIER_CODE}",
    dossier_code=DOSSIER_CODE,
    amount_minor=8000,
    transaction_fee_minor=1100,
    currency="VND",
    payment_method="Vietcombank",
    transaction_ref="VCB2611230000123456",
    paid_at=AT,
)
BOOKING = AppointmentBooking(
    booking_ref="BK2569-1123-0042",
    service_name="งานทะเบียนราษฎร แจ้งย้ายที่อยู่",
    office="สำนักทะเบียนอำเภอเมืองเชียงใหม่",
    day=date(2026, 11, 30),
    slot_start=time(9, 0),
    slot_end=time(9, 30),
)
DIGITAL_ID = RegistrationConfirmation(
    item=RegisteredItem.DIGITAL_ID, reference="DDOPA-2611230001", registered_at=AT, id_number=THAI_ID
)
PORTAL_ACCOUNT = RegistrationConfirmation(
    item=RegisteredItem.PORTAL_ACCOUNT, reference="DVC-2611230001", registered_at=AT, id_number=CCCD
)

Template = Callable[..., list[Block]]
# (name, template, data, profile code): each slip in the profile it belongs to.
SLIPS: list[tuple[str, Template, Any, str]] = [
    ("queue-vn", queue_ticket_slip, TICKET, "vn"),
    ("queue-th", queue_ticket_slip, TICKET, "th"),
    ("dossier", dossier_receipt_slip, DOSSIER, "vn"),
    ("payment", payment_receipt_slip, PAYMENT, "vn"),
    ("appointment", appointment_slip, BOOKING, "th"),
    ("digital-id", registration_slip, DIGITAL_ID, "th"),
    ("portal-account", registration_slip, PORTAL_ACCOUNT, "vn"),
]


def build(template: Template, data: Any, profile: Profile, language: Language) -> list[Block]:
    return template(
        data,
        office_name=profile.name.in_language(language),
        profile=profile,
        language=language,
        catalog=CATALOG,
    )


def texts(blocks: list[Block]) -> list[str]:
    """The printed texts, with no-break spaces read as plain spaces."""
    return [block.text.replace("\u00a0", " ") for block in blocks if isinstance(block, Text)]


def joined(blocks: list[Block]) -> str:
    return "\n".join(texts(blocks))


def qr_payloads(blocks: list[Block]) -> list[str]:
    return [block.data for block in blocks if isinstance(block, QrCode)]


def renderer(width: int) -> SlipRenderer:
    return SlipRenderer(slip_fonts(RESOURCES), width)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("name", "template", "data", "profile_code"), SLIPS, ids=[s[0] for s in SLIPS])
def test_every_slip_renders_on_both_paper_widths(
    name: str, template: Template, data: Any, profile_code: str, language: Language
) -> None:
    """GIVEN a slip template, its data and a language WHEN it is rendered on 80 mm and 58 mm paper
    THEN the image is the paper's width, black and white, and nothing is drawn into the margins."""
    blocks = build(template, data, PROFILES[profile_code], language)
    assert isinstance(blocks[0], Text) and blocks[0].bold  # the office name heads every slip
    assert isinstance(blocks[2], Rule)
    assert len(qr_payloads(blocks)) == 1
    for width in WIDTHS:
        image = renderer(width).render(blocks)
        assert image.mode == "1"
        assert image.width == width
        assert image.height > 400
        grey = image.convert("L")
        assert grey.crop((0, 0, 4, image.height)).getextrema() == (255, 255), name
        assert grey.crop((width - 4, 0, width, image.height)).getextrema() == (255, 255), name


@pytest.mark.parametrize("language", ["vi", "th"])
@pytest.mark.parametrize(("name", "template", "data", "profile_code"), SLIPS, ids=[s[0] for s in SLIPS])
def test_fixed_texts_are_in_the_citizens_language(
    name: str, template: Template, data: Any, profile_code: str, language: Language
) -> None:
    """GIVEN a slip in Vietnamese or Thai WHEN its fixed texts are compared with the English slip
    THEN the title and the footer note differ (they were translated, not left in English)."""
    profile = PROFILES[profile_code]
    translated = texts(build(template, data, profile, language))
    english = texts(build(template, data, profile, "en"))
    assert translated[1] != english[1], name  # the title
    assert translated[-1] != english[-1], name  # the footer note


def test_queue_ticket_keeps_its_content() -> None:
    """GIVEN an issued ticket WHEN its slip is laid out in Vietnamese THEN it is the queue ticket as before:
    office, title, number, service, people ahead, wait, time, QR of the transaction, the note."""
    blocks = build(queue_ticket_slip, TICKET, VN, "vi")
    assert blocks == [
        Text("Bộ phận Một cửa", size=26, bold=True, align="center"),
        Text("PHIẾU SỐ THỨ TỰ", size=24, align="center"),
        Rule(),
        Text("Số của bạn", size=26, align="center"),
        Text("A007", size=120, bold=True, align="center"),
        Text("Hộ tịch (khai sinh, kết hôn, khai tử)", size=28, bold=True, align="center"),
        Gap(8),
        Text("Số người đang chờ trước bạn: 3", size=26, align="center"),
        Text("Thời gian chờ dự kiến: khoảng 24 phút", size=26, align="center"),
        Text("Thời gian lấy số: 23/11/2026 08:32", size=24, align="center"),
        Gap(8),
        QrCode("TICKET:tx-0001", module_px=4),
        Text("Xin vui lòng chờ đến khi được gọi số.", size=24, align="center"),
        Gap(24),
    ]


def test_dossier_receipt_holds_the_code_the_dates_the_fee_and_the_name() -> None:
    """GIVEN a submitted dossier WHEN its receipt is laid out in Vietnamese
    THEN the code is big and bold, the rows carry every value and the QR is exactly the code."""
    blocks = build(dossier_receipt_slip, DOSSIER, VN, "vi")
    assert Text(DOSSIER_CODE, size=26, bold=True, align="center") in blocks
    printed = joined(blocks)
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in printed
    assert "Mã hồ sơ" in printed
    assert "Người nộp hồ sơ: Nguyễn Thị Hồng Nhung" in printed
    assert "Thủ tục: Cấp bản sao trích lục hộ tịch" in printed
    assert "Đơn vị giải quyết: UBND xã Tân Thành, huyện Đồng Phú" in printed
    assert "Ngày nộp: 23/11/2026 08:32" in printed
    assert "Ngày hẹn trả kết quả: 26/11/2026" in printed
    assert "Phí, lệ phí: 8.000 VND" in printed
    assert qr_payloads(blocks) == [DOSSIER_CODE]


def test_dossier_code_fits_one_line_of_58_mm_paper() -> None:
    """GIVEN the dossier receipt WHEN its big dossier code is rendered 384 dots wide
    THEN it takes exactly one line (it is never broken in the middle)."""
    blocks = build(dossier_receipt_slip, DOSSIER, VN, "en")
    code = next(b for b in blocks if isinstance(b, Text) and b.text == DOSSIER_CODE)
    assert code.bold and code.size > 24
    assert renderer(384).render([code]).height == int(code.size * 1.55)


def test_payment_receipt_holds_amounts_total_method_and_reference() -> None:
    """GIVEN a paid fee WHEN its receipt is laid out in Vietnamese and English
    THEN amount, transaction fee and their total are formatted per language, the total is bold,
    and the QR is exactly the transaction reference."""
    vi = build(payment_receipt_slip, PAYMENT, VN, "vi")
    printed = joined(vi)
    assert "BIÊN LAI THU PHÍ, LỆ PHÍ" in printed
    assert "Đơn vị thu: UBND tỉnh Bình Phước" in printed
    assert f"Mã hồ sơ: {DOSSIER_CODE}" in printed
    assert "Số tiền: 8.000 VND" in printed
    assert "Phí giao dịch: 1.100 VND" in printed
    assert "Hình thức thanh toán: Vietcombank" in printed
    assert "Mã giao dịch: VCB2611230000123456" in printed
    assert "Thời gian thanh toán: 23/11/2026 08:32" in printed
    total = next(b for b in vi if isinstance(b, Text) and "9.100" in b.text)
    assert total.bold
    assert total.text.replace("\u00a0", " ") == "Tổng số tiền thanh toán: 9.100 VND"
    assert qr_payloads(vi) == ["VCB2611230000123456"]

    english = joined(build(payment_receipt_slip, PAYMENT, VN, "en"))
    assert "Total paid: VND 9,100" in english
    assert "Transaction fee: VND 1,100" in english


def test_amount_never_splits_across_lines() -> None:
    """GIVEN a payment receipt WHEN it is laid out THEN amounts and times keep their spaces as
    no-break spaces, so a narrow line wraps before the value rather than inside it."""
    blocks = build(payment_receipt_slip, PAYMENT, VN, "vi")
    assert any("8.000\u00a0VND" in b.text for b in blocks if isinstance(b, Text))
    assert any("23/11/2026\u00a008:32" in b.text for b in blocks if isinstance(b, Text))


def test_appointment_slip_in_the_thai_profile_shows_the_buddhist_era() -> None:
    """GIVEN a BORA booking in the Thai profile WHEN its slip is laid out in Thai
    THEN the date shows 2569, the slot 09:00–09:30, the check-in note is there and the QR is the reference."""
    blocks = build(appointment_slip, BOOKING, TH, "th")
    printed = joined(blocks)
    assert "ใบนัดหมาย" in printed
    assert "เลขที่นัดหมาย" in printed
    assert Text("BK2569-1123-0042", size=40, bold=True, align="center") in blocks
    assert "วันที่นัดหมาย: 30/11/2569" in printed
    assert "ช่วงเวลา: 09:00–09:30" in printed
    assert "งานบริการ: งานทะเบียนราษฎร แจ้งย้ายที่อยู่" in printed
    assert "สถานที่รับบริการ: สำนักทะเบียนอำเภอเมืองเชียงใหม่" in printed
    assert "2026" not in printed
    assert qr_payloads(blocks) == ["BK2569-1123-0042"]

    english = joined(build(appointment_slip, BOOKING, TH, "en"))
    assert "Date: 30/11/2569" in english
    assert "Check in at the kiosk on the day to get a priority queue number." in english


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("template", "data"),
    [
        (queue_ticket_slip, TICKET),
        (dossier_receipt_slip, DOSSIER),
        (payment_receipt_slip, PAYMENT),
        (appointment_slip, BOOKING),
        (registration_slip, DIGITAL_ID),
    ],
)
def test_every_date_follows_the_profiles_calendar(template: Template, data: Any, language: Language) -> None:
    """GIVEN any slip WHEN it is laid out in the Thai profile THEN its years are Buddhist era (2569);
    in the Vietnamese profile they are Gregorian (2026), whatever the language."""
    assert "2569" in joined(build(template, data, TH, language))
    assert "2026" not in joined(build(template, data, TH, language))
    assert "2026" in joined(build(template, data, VN, language))
    assert "2569" not in joined(build(template, data, VN, language)).replace("BK2569", "")


@pytest.mark.parametrize("language", LANGUAGES)
def test_registration_prints_the_id_number_masked(language: Language) -> None:
    """GIVEN a completed digital-ID registration WHEN its slip is laid out
    THEN only the last four digits of the ID number are printed and the QR is the reference."""
    blocks = build(registration_slip, DIGITAL_ID, TH, language)
    printed = joined(blocks)
    assert "•••••••••" + THAI_ID[-4:] in printed
    assert THAI_ID not in printed and THAI_ID[:9] not in printed
    assert "D.DOPA" in printed
    assert qr_payloads(blocks) == ["DDOPA-2611230001"]


def test_registration_item_and_next_step_follow_what_was_registered() -> None:
    """GIVEN a portal account and a digital ID WHEN their slips are laid out in Vietnamese
    THEN each names what was registered and what to do next."""
    account = joined(build(registration_slip, PORTAL_ACCOUNT, VN, "vi"))
    assert "Nội dung đăng ký: Tài khoản Cổng Dịch vụ công" in account
    assert "Số định danh: ••••••••" + CCCD[-4:] in account
    assert "Mã tham chiếu: DVC-2611230001" in account
    assert "Đăng nhập Cổng Dịch vụ công" in account
    digital = joined(build(registration_slip, DIGITAL_ID, TH, "th"))
    assert "สิ่งแทนเอกลักษณ์ดิจิทัล (D.DOPA)" in digital
    assert "เลขประจำตัวประชาชน: •••••••••" + THAI_ID[-4:] in digital
    assert "วันเวลาที่ลงทะเบียน: 23/11/2569 08:32" in digital


def test_personal_data_stays_out_of_repr() -> None:
    """GIVEN slip data holding a citizen's name or ID number WHEN it is turned into text (as a log
    line would) THEN neither appears."""
    assert "Nguyễn" not in repr(DOSSIER)
    assert THAI_ID not in repr(DIGITAL_ID) and CCCD not in repr(PORTAL_ACCOUNT)


def test_naive_times_are_refused() -> None:
    """GIVEN a time without a time zone WHEN a slip is laid out THEN it is refused rather than guessed."""
    with pytest.raises(ValueError, match="timezone"):
        build(payment_receipt_slip, replace(PAYMENT, paid_at=datetime(2026, 11, 23, 8, 32)), VN, "vi")


@pytest.mark.parametrize(
    ("name", "template", "data", "profile_code", "payload"),
    [
        ("dossier", dossier_receipt_slip, DOSSIER, "vn", DOSSIER_CODE),
        ("payment", payment_receipt_slip, PAYMENT, "vn", "VCB2611230000123456"),
        ("appointment", appointment_slip, BOOKING, "th", "BK2569-1123-0042"),
        ("digital-id", registration_slip, DIGITAL_ID, "th", "DDOPA-2611230001"),
    ],
)
def test_printed_qr_code_reads_back_as_the_code(
    name: str, template: Template, data: Any, profile_code: str, payload: str
) -> None:
    """GIVEN a slip rendered on 58 mm paper WHEN a QR reader scans the image THEN it reads exactly the code."""
    image = renderer(384).render(build(template, data, PROFILES[profile_code], "th"))
    decoded, _, _ = cv2.QRCodeDetector().detectAndDecode(np.array(image.convert("L")))
    assert decoded == payload, name


@pytest.mark.parametrize(
    ("amount_minor", "currency", "language", "expected"),
    [
        (8000, "VND", "vi", "8.000 VND"),
        (8000, "VND", "en", "VND 8,000"),
        (8000, "VND", "th", "8,000 VND"),
        (0, "VND", "vi", "0 VND"),
        (999, "VND", "vi", "999 VND"),
        (1_234_567, "VND", "vi", "1.234.567 VND"),
        (123_400, "THB", "th", "1,234.00 บาท"),
        (123_400, "THB", "en", "THB 1,234.00"),
        (123_400, "THB", "vi", "1.234,00 THB"),
        (5, "THB", "en", "THB 0.05"),
        (4_000, "THB", "th", "40.00 บาท"),
        (100_000_050, "THB", "th", "1,000,000.50 บาท"),
    ],
)
def test_format_amount(amount_minor: int, currency: str, language: Language, expected: str) -> None:
    """GIVEN an amount in minor units WHEN it is formatted for a language THEN it reads as that language writes money."""
    assert format_amount(amount_minor, currency, language) == expected


def test_format_amount_refuses_negative_amounts_and_unknown_currencies() -> None:
    """GIVEN a negative amount or an unknown currency WHEN it is formatted THEN ValueError is raised."""
    with pytest.raises(ValueError, match="negative"):
        format_amount(-1, "VND", "vi")
    with pytest.raises(ValueError, match="currency"):
        format_amount(100, "USD", "en")


@given(
    st.integers(min_value=0, max_value=10**15), st.sampled_from(["VND", "THB"]), st.sampled_from(LANGUAGES)
)
def test_format_amount_keeps_every_digit(amount_minor: int, currency: str, language: Language) -> None:
    """GIVEN any amount WHEN it is formatted THEN its digits, separators removed, are the amount's digits."""
    text = format_amount(amount_minor, currency, language)
    assert "".join(ch for ch in text if ch.isdigit()).lstrip("0") == str(amount_minor).lstrip("0")


def test_format_time_slot() -> None:
    """GIVEN a slot's start and end WHEN it is formatted THEN it reads 09:00–09:30."""
    assert format_time_slot(time(9, 0), time(9, 30)) == "09:00–09:30"
    assert format_time_slot(time(13, 5), time(14, 0)) == "13:05–14:00"

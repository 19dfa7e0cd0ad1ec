"""What each printed slip says, laid out as blocks for ``drivers.printer.layout``.

Every slip is a pure function of a small frozen data class plus the office name, the
profile, the citizen's language and the translation catalog, and every slip shares one
layout: a header (office name, title, rule), a body (a headline value such as a code or a
ticket number, then ``label: value`` rows), a QR code and a footer note.

Values that must not be split across lines (dates, times, amounts) keep their spaces as
no-break spaces, so on 58 mm paper a row wraps between label and value, never inside the
value. Personal data (a citizen's name, an ID number) goes on paper the citizen takes away,
never into ``repr`` (and so never into a log line by accident); ID numbers are printed
masked to their last four digits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from enum import Enum

from drivers.printer.layout import Block, Gap, QrCode, Rule, Text
from kiosk.domain.calendar import format_date, format_datetime
from kiosk.domain.citizen_id import mask_id_number
from kiosk.domain.queue import IssuedTicket
from kiosk.i18n import QT_TRANSLATE_NOOP, Catalog
from kiosk.profiles import Language, Profile

SLIP = "Slip"

# Queue ticket.
TICKET_TITLE = QT_TRANSLATE_NOOP("Slip", "QUEUE TICKET")
YOUR_NUMBER = QT_TRANSLATE_NOOP("Slip", "Your number")
PEOPLE_AHEAD = QT_TRANSLATE_NOOP("Slip", "People ahead of you: %1")
ESTIMATED_WAIT = QT_TRANSLATE_NOOP("Slip", "Estimated wait: about %1 minutes")
ISSUED_AT = QT_TRANSLATE_NOOP("Slip", "Issued: %1")
WATCH_SCREEN = QT_TRANSLATE_NOOP("Slip", "Please wait until your number is called.")

# Dossier receipt (giấy tiếp nhận hồ sơ và hẹn trả kết quả).
DOSSIER_TITLE = QT_TRANSLATE_NOOP("Slip", "DOSSIER RECEIPT AND RESULT APPOINTMENT")
DOSSIER_CODE = QT_TRANSLATE_NOOP("Slip", "Dossier code")
APPLICANT = QT_TRANSLATE_NOOP("Slip", "Applicant")
PROCEDURE = QT_TRANSLATE_NOOP("Slip", "Procedure")
PROCESSING_UNIT = QT_TRANSLATE_NOOP("Slip", "Processing unit")
SUBMITTED_AT = QT_TRANSLATE_NOOP("Slip", "Submitted")
RESULT_DATE = QT_TRANSLATE_NOOP("Slip", "Results due on")
FEE = QT_TRANSLATE_NOOP("Slip", "Fee")
DOSSIER_NOTE = QT_TRANSLATE_NOOP(
    "Slip", "Bring this receipt when you collect the results. Scan the QR code to look up your dossier."
)

# Payment receipt (biên lai thu phí, lệ phí).
PAYMENT_TITLE = QT_TRANSLATE_NOOP("Slip", "RECEIPT FOR FEES AND CHARGES")
COLLECTED_BY = QT_TRANSLATE_NOOP("Slip", "Collected by")
DESCRIPTION = QT_TRANSLATE_NOOP("Slip", "Description")
AMOUNT = QT_TRANSLATE_NOOP("Slip", "Amount")
TRANSACTION_FEE = QT_TRANSLATE_NOOP("Slip", "Transaction fee")
TOTAL_PAID = QT_TRANSLATE_NOOP("Slip", "Total paid")
PAYMENT_METHOD = QT_TRANSLATE_NOOP("Slip", "Payment method")
TRANSACTION_REF = QT_TRANSLATE_NOOP("Slip", "Transaction reference")
PAID_AT = QT_TRANSLATE_NOOP("Slip", "Paid at")
PAYMENT_NOTE = QT_TRANSLATE_NOOP("Slip", "Payment successful. Keep this receipt as proof of payment.")

# Appointment slip (ใบนัดหมาย).
APPOINTMENT_TITLE = QT_TRANSLATE_NOOP("Slip", "APPOINTMENT SLIP")
BOOKING_REF = QT_TRANSLATE_NOOP("Slip", "Booking reference")
SERVICE = QT_TRANSLATE_NOOP("Slip", "Service")
APPOINTMENT_DATE = QT_TRANSLATE_NOOP("Slip", "Date")
TIME_SLOT = QT_TRANSLATE_NOOP("Slip", "Time")
OFFICE = QT_TRANSLATE_NOOP("Slip", "Office")
CHECK_IN_NOTE = QT_TRANSLATE_NOOP("Slip", "Check in at the kiosk on the day to get a priority queue number.")

# Registration / enrollment confirmation.
REGISTRATION_TITLE = QT_TRANSLATE_NOOP("Slip", "REGISTRATION CONFIRMATION")
REGISTERED = QT_TRANSLATE_NOOP("Slip", "Registered")
PORTAL_ACCOUNT = QT_TRANSLATE_NOOP("Slip", "Public service portal account")
DIGITAL_ID = QT_TRANSLATE_NOOP("Slip", "Digital ID (D.DOPA)")
ID_NUMBER = QT_TRANSLATE_NOOP("Slip", "ID number")
REGISTERED_AT = QT_TRANSLATE_NOOP("Slip", "Registered at")
REFERENCE = QT_TRANSLATE_NOOP("Slip", "Reference")
PORTAL_NEXT = QT_TRANSLATE_NOOP(
    "Slip", "Sign in to the public service portal or at this kiosk with your ID number and your password."
)
DIGITAL_ID_NEXT = QT_TRANSLATE_NOOP(
    "Slip", "Open the D.DOPA app on your phone and sign in with the passcode you set."
)
KEEP_SECRET = QT_TRANSLATE_NOOP("Slip", "Never tell anyone your password, passcode or OTP.")

NO_BREAK_SPACE = "\u00a0"
# 58 mm paper prints 384 dots; the renderer keeps an 8-dot margin on each side.
NARROWEST_LINE_PX = 384 - 2 * 8
HEADLINE_MIN_SIZE, HEADLINE_MAX_SIZE = 24, 40
# Average advance of a code's characters (digits, capitals, dots, dashes) in Noto Sans Bold, in em,
# with some room: the dossier code measures 0.525.
CODE_EM_PER_CHAR = 0.56

# Digits after the decimal point (ISO 4217 minor units) of the currencies the kiosk takes.
MINOR_UNITS: dict[str, int] = {"VND": 0, "THB": 2}


def format_amount(amount_minor: int, currency: str, language: Language) -> str:
    """An amount as the citizen's language writes it, from its minor units.

    VND has no minor unit (``amount_minor`` is in đồng); THB has 100 satang to the baht.

    - Vietnamese: dots group thousands, a comma before decimals, the code after:
      ``8.000 VND``, ``1.234,00 THB`` (as the national portal prints fees).
    - Thai: commas and a decimal point; baht as the word ``บาท`` after the number, as Thai
      government receipts write it (``1,234.00 บาท``); other currencies by code: ``8,000 VND``.
    - English: the code first, commas and a decimal point: ``VND 8,000``, ``THB 1,234.00``.

    Raises ``ValueError`` for a negative amount (slips never print one) or an unknown currency.
    """
    if amount_minor < 0:
        raise ValueError("amount must not be negative")
    if currency not in MINOR_UNITS:
        raise ValueError(f"unknown currency {currency!r}")
    digits = MINOR_UNITS[currency]
    major, minor = divmod(amount_minor, 10**digits)
    group, decimal_point = (".", ",") if language == "vi" else (",", ".")
    number = f"{major:,}".replace(",", group)
    if digits:
        number += f"{decimal_point}{minor:0{digits}d}"
    if language == "vi":
        return f"{number} {currency}"
    if language == "th":
        return f"{number} บาท" if currency == "THB" else f"{number} {currency}"
    return f"{currency} {number}"


def format_time_slot(start: time, end: time) -> str:
    """``09:00–09:30`` (24-hour clock, an en dash between start and end)."""
    return f"{start.hour:02d}:{start.minute:02d}\u2013{end.hour:02d}:{end.minute:02d}"


@dataclass(frozen=True)
class DossierReceipt:
    """A dossier as submitted: the receipt with the return-result appointment."""

    dossier_code: str
    procedure_name: str
    processing_unit: str
    submitted_at: datetime
    result_date: date
    fee_minor: int
    currency: str
    citizen_name: str = field(repr=False)


@dataclass(frozen=True)
class PaymentReceipt:
    """A fee paid for a dossier (biên lai): what was paid, to whom, how, and its reference."""

    provider: str
    description: str
    dossier_code: str
    amount_minor: int
    transaction_fee_minor: int
    currency: str
    payment_method: str
    transaction_ref: str
    paid_at: datetime

    @property
    def total_minor(self) -> int:
        return self.amount_minor + self.transaction_fee_minor


@dataclass(frozen=True)
class AppointmentBooking:
    """A booked visit to the district office (BORA): service, day and time slot (office-local)."""

    booking_ref: str
    service_name: str
    office: str
    day: date
    slot_start: time
    slot_end: time


class RegisteredItem(Enum):
    """What a registration slip confirms."""

    PORTAL_ACCOUNT = "portal_account"
    DIGITAL_ID = "digital_id"


@dataclass(frozen=True)
class RegistrationConfirmation:
    """A completed registration (portal account, digital ID); the ID number prints masked."""

    item: RegisteredItem
    reference: str
    registered_at: datetime
    id_number: str = field(repr=False)


@dataclass(frozen=True)
class _Row:
    label: str
    value: str
    bold: bool = False


class _Texts:
    """The catalog's texts in one language, with ``%1``, ``%2`` … filled in."""

    def __init__(self, catalog: Catalog, language: Language) -> None:
        self._catalog = catalog
        self._language = language

    def __call__(self, source: str, *args: object) -> str:
        return _t(self._catalog, self._language, source, *args)


def _t(catalog: Catalog, language: Language, source: str, *args: object) -> str:
    text = catalog.translate(language, SLIP, source)
    for index, value in enumerate(args, start=1):
        text = text.replace(f"%{index}", str(value))
    return text


def _together(value: str) -> str:
    """The value with no-break spaces, so a narrow line wraps before it rather than inside it."""
    return value.replace(" ", NO_BREAK_SPACE)


def _local(value: datetime, profile: Profile) -> datetime:
    if value.tzinfo is None:
        raise ValueError("slip times must be timezone-aware")
    return value.astimezone(profile.zone())


def _when(value: datetime, profile: Profile) -> str:
    return _together(format_datetime(_local(value, profile), profile.calendar))


def _header(office_name: str, title: str) -> list[Block]:
    return [
        Text(office_name, size=26, bold=True, align="center"),
        Text(title, size=24, align="center"),
        Rule(),
    ]


def _headline_size(value: str) -> int:
    """The largest size (within bounds) at which a code still fits one line of 58 mm paper."""
    fitting = int(NARROWEST_LINE_PX / (max(len(value), 1) * CODE_EM_PER_CHAR))
    return max(HEADLINE_MIN_SIZE, min(HEADLINE_MAX_SIZE, fitting))


def _headline(label: str, value: str) -> list[Block]:
    """A code the citizen or the counter reads out: its label, then the code big and bold."""
    return [
        Text(label, size=24, align="center"),
        Text(value, size=_headline_size(value), bold=True, align="center"),
        Gap(8),
    ]


def _rows(rows: Sequence[_Row]) -> list[Block]:
    return [Text(f"{row.label}: {row.value}", size=24, bold=row.bold) for row in rows]


def _slip(
    *, office_name: str, title: str, body: Sequence[Block], qr_payload: str, notes: Sequence[str]
) -> list[Block]:
    """The layout every slip shares: header, body, QR code, footer notes, room for the cutter."""
    footer: list[Block] = []
    for index, note in enumerate(notes):
        footer.extend([Gap(6)] if index else [])
        footer.append(Text(note, size=24, align="center"))
    return [*_header(office_name, title), *body, Gap(8), QrCode(qr_payload, module_px=4), *footer, Gap(24)]


def queue_ticket_slip(
    ticket: IssuedTicket,
    *,
    office_name: str,
    profile: Profile,
    language: Language,
    catalog: Catalog,
) -> list[Block]:
    """The queue ticket: office, big number, service, people ahead, wait, time, QR of the ticket."""
    tr = _Texts(catalog, language)
    category = profile.queue_category(ticket.category_code)
    issued = format_datetime(_local(ticket.issued_at, profile), profile.calendar)
    body: list[Block] = [
        Text(tr(YOUR_NUMBER), size=26, align="center"),
        Text(ticket.label, size=120, bold=True, align="center"),
        Text(category.name.in_language(language), size=28, bold=True, align="center"),
        Gap(8),
        Text(tr(PEOPLE_AHEAD, ticket.people_ahead), size=26, align="center"),
        Text(tr(ESTIMATED_WAIT, ticket.estimated_wait_min), size=26, align="center"),
        Text(tr(ISSUED_AT, issued), size=24, align="center"),
    ]
    return _slip(
        office_name=office_name,
        title=tr(TICKET_TITLE),
        body=body,
        qr_payload=f"TICKET:{ticket.transaction_id}",
        notes=[tr(WATCH_SCREEN)],
    )


def dossier_receipt_slip(
    receipt: DossierReceipt,
    *,
    office_name: str,
    profile: Profile,
    language: Language,
    catalog: Catalog,
) -> list[Block]:
    """The dossier receipt: big dossier code, who, what, where, when submitted, result date, fee; QR of the code."""
    tr = _Texts(catalog, language)
    rows = [
        _Row(tr(APPLICANT), receipt.citizen_name),
        _Row(tr(PROCEDURE), receipt.procedure_name),
        _Row(tr(PROCESSING_UNIT), receipt.processing_unit),
        _Row(tr(SUBMITTED_AT), _when(receipt.submitted_at, profile)),
        _Row(tr(RESULT_DATE), format_date(receipt.result_date, profile.calendar), bold=True),
        _Row(tr(FEE), _together(format_amount(receipt.fee_minor, receipt.currency, language))),
    ]
    return _slip(
        office_name=office_name,
        title=tr(DOSSIER_TITLE),
        body=[*_headline(tr(DOSSIER_CODE), receipt.dossier_code), *_rows(rows)],
        qr_payload=receipt.dossier_code,
        notes=[tr(DOSSIER_NOTE)],
    )


def payment_receipt_slip(
    receipt: PaymentReceipt,
    *,
    office_name: str,
    profile: Profile,
    language: Language,
    catalog: Catalog,
) -> list[Block]:
    """The payment receipt: provider, order, dossier, amount, fee, total, method, reference, time; QR of the reference."""
    tr = _Texts(catalog, language)

    def amount(minor: int) -> str:
        return _together(format_amount(minor, receipt.currency, language))

    rows = [
        _Row(tr(COLLECTED_BY), receipt.provider),
        _Row(tr(DESCRIPTION), receipt.description),
        _Row(tr(DOSSIER_CODE), receipt.dossier_code),
        _Row(tr(AMOUNT), amount(receipt.amount_minor)),
        _Row(tr(TRANSACTION_FEE), amount(receipt.transaction_fee_minor)),
        _Row(tr(TOTAL_PAID), amount(receipt.total_minor), bold=True),
        _Row(tr(PAYMENT_METHOD), receipt.payment_method),
        _Row(tr(TRANSACTION_REF), receipt.transaction_ref),
        _Row(tr(PAID_AT), _when(receipt.paid_at, profile)),
    ]
    return _slip(
        office_name=office_name,
        title=tr(PAYMENT_TITLE),
        body=_rows(rows),
        qr_payload=receipt.transaction_ref,
        notes=[tr(PAYMENT_NOTE)],
    )


def appointment_slip(
    booking: AppointmentBooking,
    *,
    office_name: str,
    profile: Profile,
    language: Language,
    catalog: Catalog,
) -> list[Block]:
    """The appointment slip: big booking reference, service, date, time slot, office; QR of the reference."""
    tr = _Texts(catalog, language)
    rows = [
        _Row(tr(SERVICE), booking.service_name),
        _Row(tr(APPOINTMENT_DATE), format_date(booking.day, profile.calendar), bold=True),
        _Row(tr(TIME_SLOT), format_time_slot(booking.slot_start, booking.slot_end), bold=True),
        _Row(tr(OFFICE), booking.office),
    ]
    return _slip(
        office_name=office_name,
        title=tr(APPOINTMENT_TITLE),
        body=[*_headline(tr(BOOKING_REF), booking.booking_ref), *_rows(rows)],
        qr_payload=booking.booking_ref,
        notes=[tr(CHECK_IN_NOTE)],
    )


def registration_slip(
    registration: RegistrationConfirmation,
    *,
    office_name: str,
    profile: Profile,
    language: Language,
    catalog: Catalog,
) -> list[Block]:
    """The registration confirmation: what was registered, masked ID, time, reference; what to do next."""
    tr = _Texts(catalog, language)
    item, next_step = {
        RegisteredItem.PORTAL_ACCOUNT: (PORTAL_ACCOUNT, PORTAL_NEXT),
        RegisteredItem.DIGITAL_ID: (DIGITAL_ID, DIGITAL_ID_NEXT),
    }[registration.item]
    rows = [
        _Row(tr(REGISTERED), tr(item), bold=True),
        _Row(tr(ID_NUMBER), mask_id_number(registration.id_number)),
        _Row(tr(REGISTERED_AT), _when(registration.registered_at, profile)),
        _Row(tr(REFERENCE), registration.reference),
    ]
    return _slip(
        office_name=office_name,
        title=tr(REGISTRATION_TITLE),
        body=_rows(rows),
        qr_payload=registration.reference,
        notes=[tr(next_step), tr(KEEP_SECRET)],
    )


def printer_test_page(profile: Profile, language: Language, width_px: int) -> list[Block]:
    """Every script, sizes, a rule and a QR: what a technician checks on a new printer."""
    now = datetime.now(UTC).astimezone(profile.zone())
    return [
        Text("PRINTER TEST", size=40, bold=True, align="center"),
        Text(format_datetime(now, profile.calendar), size=24, align="center"),
        Rule(),
        Text("Tiếng Việt: Cộng hòa xã hội chủ nghĩa Việt Nam — Độc lập, Tự do, Hạnh phúc", size=26),
        Text("ไทย: สำนักทะเบียนอำเภอ ผู้ใหญ่ ปู่ ญี่ปุ่น ฤๅษี", size=26),
        Text("English: The quick brown fox jumps over the lazy dog 0123456789", size=26),
        Text("A001", size=120, bold=True, align="center"),
        Rule(),
        Text(f"{width_px} dots · {language}", size=22, align="center"),
        QrCode("KIOSK PRINTER TEST", module_px=5),
        Gap(24),
    ]

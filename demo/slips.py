"""One sample of every slip, for test prints, previews, screenshots and benchmarks.

The data is made up (the dossier code follows the portal's format, the numbers are the
public test vectors' kind); nothing here is a real citizen.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

from drivers.printer.layout import Block
from kiosk.domain.languages import Language
from kiosk.domain.queue import IssuedTicket
from kiosk.i18n import Catalog
from kiosk.profiles import Profile
from kiosk.slips import (
    AppointmentBooking,
    DossierReceipt,
    PaymentReceipt,
    RegisteredItem,
    RegistrationConfirmation,
    appointment_slip,
    dossier_receipt_slip,
    payment_receipt_slip,
    queue_ticket_slip,
    registration_slip,
)

SLIP_KINDS = ("ticket", "dossier", "payment", "appointment", "registration")


def sample_slip(
    kind: str, profile: Profile, language: Language, catalog: Catalog, *, now: datetime | None = None
) -> list[Block]:
    """The sample slip of ``kind`` (one of ``SLIP_KINDS``) in ``language``."""
    moment = now or datetime(2026, 11, 23, 2, 5, tzinfo=UTC)
    office = profile.name.in_language(language)
    thai = profile.code == "th"
    currency = "THB" if thai else "VND"
    category = profile.queue_categories[0]
    makers: dict[str, Callable[[], list[Block]]] = {
        "ticket": lambda: queue_ticket_slip(
            IssuedTicket(
                transaction_id="00000000-0000-4000-8000-000000000001",
                category_code=category.code,
                number=7,
                service_date=moment.date(),
                issued_at=moment,
                people_ahead=3,
                estimated_wait_min=3 * category.minutes_per_citizen,
            ),
            office_name=office,
            profile=profile,
            language=language,
            catalog=catalog,
        ),
        "dossier": lambda: dossier_receipt_slip(
            DossierReceipt(
                dossier_code="000.00.74.H10-261123-0002",
                procedure_name="Cấp bản sao trích lục hộ tịch" if not thai else "คัดและรับรองเอกสารทะเบียนราษฎร",
                processing_unit="UBND xã Tân Lập" if not thai else "สำนักทะเบียนอำเภอเมือง",
                submitted_at=moment,
                result_date=moment.date() + timedelta(days=5),
                fee_minor=8_000 if not thai else 2_000,
                currency=currency,
                citizen_name="Nguyễn Văn An" if not thai else "สมชาย ใจดี",
            ),
            office_name=office,
            profile=profile,
            language=language,
            catalog=catalog,
        ),
        "payment": lambda: payment_receipt_slip(
            PaymentReceipt(
                provider="UBND tỉnh Bình Phước" if not thai else "กรมการปกครอง",
                description="Thanh toán phí/lệ phí hồ sơ" if not thai else "ค่าธรรมเนียมคัดรับรองเอกสาร",
                dossier_code="000.00.74.H10-261123-0002",
                amount_minor=8_000 if not thai else 2_000,
                transaction_fee_minor=0,
                currency=currency,
                payment_method="VietQR" if not thai else "PromptPay",
                transaction_ref="FT26327000123",
                paid_at=moment,
            ),
            office_name=office,
            profile=profile,
            language=language,
            catalog=catalog,
        ),
        "appointment": lambda: appointment_slip(
            AppointmentBooking(
                booking_ref="BK-2611-0042",
                service_name=category.name.in_language(language),
                office=office,
                day=date(2026, 11, 25),
                slot_start=time(9, 0),
                slot_end=time(9, 30),
            ),
            office_name=office,
            profile=profile,
            language=language,
            catalog=catalog,
        ),
        "registration": lambda: registration_slip(
            RegistrationConfirmation(
                item=RegisteredItem.DIGITAL_ID if thai else RegisteredItem.PORTAL_ACCOUNT,
                reference="REG-2611-0007",
                registered_at=moment,
                id_number="3100600445635" if thai else "001090000123",
            ),
            office_name=office,
            profile=profile,
            language=language,
            catalog=catalog,
        ),
    }
    if kind not in makers:
        raise KeyError(kind)
    return makers[kind]()

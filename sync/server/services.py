"""Citizen services the kiosk reaches through the server: one-time passwords and payments."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from sync.protocol import (
    ErrorCode,
    OtpChallenge,
    OtpCheck,
    OtpRequest,
    OtpVerdict,
    Payment,
    PaymentCreate,
    PaymentStatus,
)
from sync.server.adapters import AdapterError, PaymentProvider, SmsGateway
from sync.server.errors import ApiError
from sync.server.leases import require_office
from sync.server.models import Kiosk, OtpChallengeRecord, PaymentRecord

OTP_DIGITS = 6
OTP_LIFETIME = timedelta(minutes=5)
OTP_ATTEMPTS = 5
OTP_TEXTS = {
    "vi": "Mã xác thực của bạn là {code}. Mã có hiệu lực trong 5 phút.",
    "th": "รหัสยืนยันของคุณคือ {code} ใช้ได้ภายใน 5 นาที",
    "en": "Your verification code is {code}. It is valid for 5 minutes.",
}


def _otp_hash(secret: bytes, otp_id: str, code: str) -> str:
    return hmac.new(secret, f"{otp_id}:{code}".encode(), hashlib.sha256).hexdigest()


def send_otp(
    session: Session, kiosk: Kiosk, request: OtpRequest, *, sms: SmsGateway, secret: bytes, now: datetime
) -> OtpChallenge:
    """Sends a fresh code by SMS; only a keyed hash of it is stored."""
    require_office(kiosk, request.office_code)
    otp_id = f"otp-{secrets.token_hex(10)}"
    code = "".join(secrets.choice("0123456789") for _ in range(OTP_DIGITS))
    text = OTP_TEXTS.get(request.language, OTP_TEXTS["en"]).format(code=code)
    try:
        sms.send(request.phone, text)
    except AdapterError as exc:
        raise ApiError(ErrorCode.UNAVAILABLE, f"The SMS could not be sent: {exc}") from exc
    expires_at = now + OTP_LIFETIME
    session.add(
        OtpChallengeRecord(
            id=otp_id,
            kiosk_id=kiosk.id,
            code_hash=_otp_hash(secret, otp_id, code),
            created_at=now,
            expires_at=expires_at,
            attempts_left=OTP_ATTEMPTS,
            verified=False,
        )
    )
    return OtpChallenge(otp_id=otp_id, expires_at=expires_at)


def check_otp(session: Session, kiosk: Kiosk, check: OtpCheck, *, secret: bytes, now: datetime) -> OtpVerdict:
    """A code is valid once, before it expires, within its attempts; only the kiosk that asked may check it."""
    record = session.scalars(
        select(OtpChallengeRecord).where(OtpChallengeRecord.id == check.otp_id).with_for_update()
    ).first()
    if record is None or record.kiosk_id != kiosk.id:
        raise ApiError(ErrorCode.NOT_FOUND, "This one-time password request is not known.")
    if record.verified or record.expires_at <= now or record.attempts_left <= 0:
        return OtpVerdict(otp_id=record.id, valid=False, attempts_left=0)
    valid = hmac.compare_digest(record.code_hash, _otp_hash(secret, record.id, check.code))
    if valid:
        record.verified = True
    else:
        record.attempts_left -= 1
    return OtpVerdict(otp_id=record.id, valid=valid, attempts_left=0 if valid else record.attempts_left)


def _payment(record: PaymentRecord) -> Payment:
    return Payment(
        payment_id=record.id,
        status=PaymentStatus(record.status),
        amount=record.amount,
        currency=record.currency,
        reference=record.reference,
        qr_payload=record.qr_payload,
        created_at=record.created_at,
        confirmed_at=record.confirmed_at,
    )


def create_payment(
    session: Session, kiosk: Kiosk, request: PaymentCreate, *, provider: PaymentProvider, now: datetime
) -> Payment:
    """Opens a payment at the provider; the same idempotency key returns the same payment."""
    require_office(kiosk, request.office_code)
    existing = session.scalar(
        select(PaymentRecord).where(PaymentRecord.idempotency_key == request.idempotency_key)
    )
    if existing is not None:
        if (existing.amount, existing.currency, existing.reference) != (
            request.amount,
            request.currency,
            request.reference,
        ):
            raise ApiError(ErrorCode.CONFLICT, "This idempotency key was already used for another payment.")
        return _payment(existing)
    payment_id = f"pay-{secrets.token_hex(8)}"
    try:
        opened = provider.create(
            payment_id=payment_id,
            amount=request.amount,
            currency=request.currency,
            reference=request.reference,
        )
    except AdapterError as exc:
        raise ApiError(ErrorCode.UNAVAILABLE, f"The payment provider is unavailable: {exc}") from exc
    record = PaymentRecord(
        id=payment_id,
        idempotency_key=request.idempotency_key,
        kiosk_id=kiosk.id,
        office_code=kiosk.office_code,
        amount=request.amount,
        currency=request.currency,
        reference=request.reference,
        provider_ref=opened.provider_ref,
        qr_payload=opened.qr_payload,
        status=PaymentStatus.PENDING.value,
        created_at=now,
    )
    session.add(record)
    return _payment(record)


def payment_status(
    session: Session, kiosk: Kiosk, payment_id: str, *, provider: PaymentProvider, now: datetime
) -> Payment:
    """The payment as the provider now sees it (a confirmation is recorded once)."""
    record = session.get(PaymentRecord, payment_id)
    if record is None or record.office_code != kiosk.office_code:
        raise ApiError(ErrorCode.NOT_FOUND, "This payment is not known.")
    if record.status == PaymentStatus.PENDING.value:
        try:
            status = provider.status(record.provider_ref)
        except AdapterError as exc:
            raise ApiError(ErrorCode.UNAVAILABLE, f"The payment provider is unavailable: {exc}") from exc
        if status is not PaymentStatus.PENDING:
            record.status = status.value
            if status is PaymentStatus.CONFIRMED:
                record.confirmed_at = now
    return _payment(record)

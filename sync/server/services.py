"""Citizen services the kiosk reaches through the server: one-time passwords and payments."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from pydantic import ValidationError
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
from sync.server.adapters import (
    AdapterError,
    AdapterNotConfigured,
    BankPaymentProvider,
    PaymentNotification,
    PaymentProvider,
    SmsGateway,
)
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


def refusal(exc: AdapterError, failed: str) -> ApiError:
    """The answer to an adapter's failure: 503 ``not_configured`` when there is no real adapter
    (a production server without a gateway or provider), else 503 ``unavailable``."""
    if isinstance(exc, AdapterNotConfigured):
        return ApiError(ErrorCode.NOT_CONFIGURED, str(exc))
    return ApiError(ErrorCode.UNAVAILABLE, f"{failed}: {exc}")


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
        raise refusal(exc, "The SMS could not be sent") from exc
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
        raise refusal(exc, "The payment provider is unavailable") from exc
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
            raise refusal(exc, "The payment provider is unavailable") from exc
        if status is not PaymentStatus.PENDING:
            record.status = status.value
            if status is PaymentStatus.CONFIRMED:
                record.confirmed_at = now
    return _payment(record)


def verified_notification(
    provider: PaymentProvider, raw: bytes, body: bytes, signature: str | None
) -> PaymentNotification:
    """The bank's notification, once its signature over ``raw`` (the body as sent) is checked.

    Refuses 503 ``not_configured`` when no bank is configured, 401 ``unsigned`` without the
    signature header and 401 ``bad_signature`` for a wrong one (compared in constant time), all
    before the database is touched.
    """
    if not isinstance(provider, BankPaymentProvider):
        raise ApiError(
            ErrorCode.NOT_CONFIGURED, "No bank sending payment notifications is configured on this server."
        )
    if not signature:
        raise ApiError(ErrorCode.UNSIGNED, "The payment notification carries no X-Signature-SHA256 header.")
    if not provider.verify(raw, signature):
        raise ApiError(ErrorCode.BAD_SIGNATURE, "The payment notification's signature does not match.")
    try:
        return PaymentNotification.model_validate_json(body)
    except ValidationError as exc:
        raise ApiError(ErrorCode.INVALID_REQUEST, "The payment notification is malformed.") from exc


def record_payment_notification(
    session: Session, provider_ref: str, status: PaymentStatus, *, now: datetime
) -> Payment:
    """Applies the bank's (already verified) notification to the payment it names.

    Idempotent: a notification the bank sends again (a retry, a replay) changes nothing and
    answers the same; a payment that already left ``pending`` keeps its first outcome.
    """
    record = session.scalars(
        select(PaymentRecord).where(PaymentRecord.provider_ref == provider_ref).with_for_update()
    ).first()
    if record is None:
        raise ApiError(ErrorCode.NOT_FOUND, "This payment is not known.")
    if record.status == PaymentStatus.PENDING.value and status is not PaymentStatus.PENDING:
        record.status = status.value
        if status is PaymentStatus.CONFIRMED:
            record.confirmed_at = now
    return _payment(record)

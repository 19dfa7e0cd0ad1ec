"""Redeeming activation codes (``POST /v1/activations``): the citizen's phone application
sends the code it scanned off the officer's screen; the server activates the enrollment once.

The code (``sync.activation``) names an ``assisted_enrollment`` transaction. The server checks,
in one database transaction: that the enrollment has arrived (else ``not_found``: the kiosk may
still be offline, the application retries while the code lives) and recorded this very code;
the Ed25519 signature, against the activation public key that arrived inside that enrollment
(uploaded by the kiosk in a request signed with its device key); the code's time; and that
neither the code nor the enrollment was redeemed before (unique keys, so two phones racing on
two server workers cannot both win).
"""

from __future__ import annotations

import json
import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sync.activation import ActivationRejected, parse_activation_token, verify_activation_token
from sync.protocol import ActivationRequest, ActivationResult, AssistedEnrollmentV1, ErrorCode
from sync.server.errors import ApiError
from sync.server.models import ActivationRedemption, IngestedTransaction

ENROLLMENT_KIND = AssistedEnrollmentV1.KIND

_REFUSALS: dict[str, tuple[ErrorCode, str]] = {
    "malformed": (ErrorCode.INVALID_REQUEST, "This is not an activation code."),
    "unknown": (
        ErrorCode.NOT_FOUND,
        "This activation code is not known yet; if it was just shown, try again in a minute.",
    ),
    "bad_signature": (ErrorCode.ACTIVATION_INVALID, "This activation code is not genuine."),
    "not_yet_valid": (ErrorCode.ACTIVATION_INVALID, "This activation code is not valid yet."),
    "expired": (
        ErrorCode.ACTIVATION_EXPIRED,
        "This activation code has expired: ask the officer for a new one.",
    ),
    "already_used": (ErrorCode.ACTIVATION_USED, "This activation code was already used."),
}


def refusal(reason: str) -> ApiError:
    code, message = _REFUSALS.get(reason, _REFUSALS["malformed"])
    return ApiError(code, message)


def redeem_activation(session: Session, request: ActivationRequest, *, now: datetime) -> ActivationResult:
    """Activates the enrollment the code names (the caller commits); raises ``ApiError``."""
    try:
        claims, _, _ = parse_activation_token(request.token)
        enrollment = session.scalars(
            select(IngestedTransaction).where(
                IngestedTransaction.idempotency_key == claims.transaction_id,
                IngestedTransaction.kind == ENROLLMENT_KIND,
            )
        ).one_or_none()
        if enrollment is None or enrollment.kiosk_id != claims.kiosk_id:
            raise ActivationRejected("unknown")
        activation = json.loads(enrollment.payload).get("activation") or {}
        recorded = str(activation.get("token_id") or "")
        if not secrets.compare_digest(recorded.encode(), claims.token_id.encode()):
            raise ActivationRejected("unknown")
        verify_activation_token(request.token, str(activation.get("public_key") or ""), now=now)
        if session.get(ActivationRedemption, claims.token_id) is not None or session.scalar(
            select(ActivationRedemption.token_id).where(
                ActivationRedemption.transaction_id == claims.transaction_id
            )
        ):
            raise ActivationRejected("already_used")
        session.add(
            ActivationRedemption(
                token_id=claims.token_id,
                transaction_id=claims.transaction_id,
                kiosk_id=enrollment.kiosk_id,
                office_code=enrollment.office_code,
                redeemed_at=now,
            )
        )
        try:
            session.flush()
        except IntegrityError as exc:  # another worker redeemed it a moment ago (rolled back whole)
            raise ActivationRejected("already_used") from exc
    except ActivationRejected as rejected:
        raise refusal(rejected.reason) from rejected
    return ActivationResult(
        transaction_id=enrollment.idempotency_key,
        office_code=enrollment.office_code,
        kiosk_id=enrollment.kiosk_id,
        enrolled_at=enrollment.created_at,
        activated_at=now,
    )

"""Activation codes for the citizen's phone app: the token format, shared by the kiosk that
issues them (``kiosk.activation``) and the server that redeems them (``POST /v1/activations``).

A token is ``DKA1.<claims>.<signature>``: ``claims`` is base64url (no padding) of compact JSON
``{"v": 1, "jti": token id, "tid": transaction id, "kid": kiosk id, "off": office code, "iat":
issued (unix s), "exp": expires (unix s)}``; ``signature`` is base64url of the Ed25519 signature
of the ASCII bytes ``DKA1.<claims>`` by the issuing kiosk's activation key. The token names no
person: a photographed QR tells nothing about the citizen, and is useless once redeemed or
expired.

Redemption (:func:`redeem`, and the server's ``sync.server.activations``):

1. parse it (``malformed``); find the enrollment transaction ``tid`` (``unknown``: not
   arrived yet, the app retries while the token lives) and check the row's recorded token id
   equals ``jti``;
2. verify the signature with the public key recorded in that transaction (``bad_signature``);
3. check ``iat - skew <= now < exp`` (``expired`` / ``not_yet_valid``);
4. mark ``jti`` redeemed in the same database transaction that activates the digital ID,
   with a unique constraint, so a second scan is refused (``already_used``).
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
from collections.abc import Callable, MutableSet
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

TOKEN_PREFIX = "DKA1"  # noqa: S105 - the format tag, not a secret
CLOCK_SKEW = timedelta(minutes=2)
"""Tolerated difference between the kiosk's clock and the server's (``iat`` in the future)."""


class ActivationRejected(Exception):
    """A token was refused; ``reason`` is a stable key (``malformed``, ``bad_signature``,
    ``expired``, ``not_yet_valid``, ``unknown``, ``already_used``)."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"activation code refused: {reason}")
        self.reason = reason


@dataclass(frozen=True)
class ActivationClaims:
    """What a token says; no personal data."""

    token_id: str
    transaction_id: str
    kiosk_id: str
    office_code: str
    issued_at: datetime
    expires_at: datetime


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    if not text or any(
        ch not in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_" for ch in text
    ):
        raise ActivationRejected("malformed")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise ActivationRejected("malformed") from exc


def parse_activation_token(text: str) -> tuple[ActivationClaims, bytes, bytes]:
    """The claims, the signed bytes and the signature of ``text``; ``ActivationRejected
    ("malformed")`` when it is not a well-formed token. Does not check the signature."""
    parts = text.split(".")
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        raise ActivationRejected("malformed")
    raw_claims, signature = _unb64(parts[1]), _unb64(parts[2])
    try:
        body: Any = json.loads(raw_claims)
        if not isinstance(body, dict) or body.get("v") != 1:
            raise ActivationRejected("malformed")
        claims = ActivationClaims(
            token_id=_text(body, "jti"),
            transaction_id=_text(body, "tid"),
            kiosk_id=_text(body, "kid"),
            office_code=_text(body, "off"),
            issued_at=datetime.fromtimestamp(_number(body, "iat"), UTC),
            expires_at=datetime.fromtimestamp(_number(body, "exp"), UTC),
        )
    except (ValueError, OverflowError, OSError) as exc:
        raise ActivationRejected("malformed") from exc
    return claims, f"{parts[0]}.{parts[1]}".encode("ascii"), signature


def _text(body: dict[str, Any], key: str) -> str:
    value = body.get(key)
    if not isinstance(value, str) or not value or len(value) > 80:
        raise ActivationRejected("malformed")
    return value


def _number(body: dict[str, Any], key: str) -> int:
    value = body.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**40:
        raise ActivationRejected("malformed")
    return value


def verify_activation_token(
    text: str, public_key: str, *, now: datetime, skew: timedelta = CLOCK_SKEW
) -> ActivationClaims:
    """The claims of a genuine, live token signed by ``public_key`` (base64); raises
    ``ActivationRejected`` otherwise. Does not know whether it was redeemed (see :func:`redeem`)."""
    # Imported here: the kiosk loads this module at start-up, cryptography at the first token.
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    claims, signed, signature = parse_activation_token(text)
    try:
        raw = base64.b64decode(public_key, validate=True)
        Ed25519PublicKey.from_public_bytes(raw).verify(signature, signed)
    except (binascii.Error, ValueError, InvalidSignature) as exc:
        raise ActivationRejected("bad_signature") from exc
    if now < claims.issued_at - skew:
        raise ActivationRejected("not_yet_valid")
    if now >= claims.expires_at:
        raise ActivationRejected("expired")
    return claims


@dataclass(frozen=True)
class PendingActivation:
    """What the server knows of an enrollment transaction from its outbox row."""

    token_id: str
    public_key: str


def redeem(
    text: str,
    *,
    find_enrollment: Callable[[str], PendingActivation | None],
    redeemed: MutableSet[str],
    now: datetime,
) -> ActivationClaims:
    """The server's redemption, step by step as the module docstring says; ``redeemed`` stands
    for the table of used token ids (its unique constraint, in the server's database)."""
    claims, _, _ = parse_activation_token(text)
    pending = find_enrollment(claims.transaction_id)
    if pending is None or not secrets.compare_digest(pending.token_id, claims.token_id):
        raise ActivationRejected("unknown")
    verified = verify_activation_token(text, pending.public_key, now=now)
    if verified.token_id in redeemed:
        raise ActivationRejected("already_used")
    redeemed.add(verified.token_id)
    return verified

"""Activation codes for the citizen's phone app (assisted enrollment, SPEC 5 / seed 002 step 7).

At the end of an assisted enrollment the officer's screen shows a QR code that the citizen
scans with the D.DOPA application. The QR holds a short-lived, signed, one-time token::

    DKA1.<claims>.<signature>

``claims`` is base64url (no padding) of compact JSON ``{"v": 1, "jti": token id, "tid":
transaction id, "kid": kiosk id, "off": office code, "iat": issued (unix s), "exp": expires
(unix s)}``; ``signature`` is base64url of the Ed25519 signature of the ASCII bytes
``DKA1.<claims>``. The token names no person: a photographed QR tells nothing about the
citizen, and is useless once redeemed or expired.

Signing key: an Ed25519 key of its own, ``KIOSK_HOME/keys/activation-1.key`` (32 raw bytes,
mode 0600, created atomically on first use, like the data key of ``sync.keystore``). It
never leaves the kiosk. Its public half travels in every ``assisted_enrollment`` outbox row
(``payload.activation.public_key``), which the sync client uploads in requests signed with
the kiosk's device key, so the server learns it from a source it already authenticates; no
shared secret exists to leak from the server.

How the server redeems a token (:func:`redeem` is the reference implementation):

1. parse it (``malformed``); find the enrollment transaction ``tid`` (``unknown``: not
   arrived yet, the app retries while the token lives) and check the row's recorded token id
   equals ``jti``;
2. verify the signature with the public key recorded in that transaction (``bad_signature``);
3. check ``iat - skew <= now < exp`` (``expired`` / ``not_yet_valid``);
4. mark ``jti`` redeemed in the same database transaction that activates the digital ID,
   with a unique constraint, so a second scan is refused (``already_used``).

Thread safety: an :class:`ActivationSigner` is immutable after loading; any thread may issue.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import secrets
from collections.abc import Callable, MutableSet
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from kiosk.clock import Clock

TOKEN_PREFIX = "DKA1"  # noqa: S105 - the format tag, not a secret
KEYS_DIR_NAME = "keys"
ACTIVATION_KEY_FILE = "activation-1.key"
DEFAULT_TTL = timedelta(minutes=10)
"""How long a shown activation code can be redeemed: long enough to unlock a phone, open the
application and scan; short enough that a code photographed off the counter soon goes stale."""
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


@dataclass(frozen=True)
class ActivationToken:
    """An issued token: ``text`` is what the QR code holds."""

    text: str
    claims: ActivationClaims

    def __repr__(self) -> str:  # the text is a bearer credential until redeemed
        return f"ActivationToken(token_id={self.claims.token_id!r}, expires_at={self.claims.expires_at})"


def _b64(data: bytes) -> str:
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


class ActivationSigner:
    """Issues activation tokens for one kiosk with its activation key."""

    def __init__(
        self,
        private_key: Ed25519PrivateKey,
        *,
        kiosk_id: str,
        office_code: str,
        clock: Clock,
        ttl: timedelta = DEFAULT_TTL,
    ) -> None:
        if ttl <= timedelta(0):
            raise ValueError("an activation code must live a positive time")
        self._key = private_key
        self._kiosk_id = kiosk_id
        self._office_code = office_code
        self._clock = clock
        self._ttl = ttl

    @classmethod
    def open(
        cls, home: Path, *, kiosk_id: str, office_code: str, clock: Clock, ttl: timedelta = DEFAULT_TTL
    ) -> ActivationSigner:
        """Loads ``home/keys/activation-1.key``, creating it (durably, 0600) on first use."""
        directory = home / KEYS_DIR_NAME
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = directory / ACTIVATION_KEY_FILE
        if not path.exists():
            _write_new_key(path)
        raw = path.read_bytes()
        if len(raw) != 32:
            raise ValueError(f"the key file {path.name} is damaged")
        return cls(
            Ed25519PrivateKey.from_private_bytes(raw),
            kiosk_id=kiosk_id,
            office_code=office_code,
            clock=clock,
            ttl=ttl,
        )

    @property
    def public_key(self) -> str:
        """Base64 of the 32-byte public key (what the server verifies with)."""
        raw = self._key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        return base64.b64encode(raw).decode("ascii")

    @property
    def ttl(self) -> timedelta:
        return self._ttl

    def issue(self, transaction_id: str) -> ActivationToken:
        """A fresh token for the enrollment ``transaction_id`` (a new ``jti`` every call)."""
        issued = self._clock.now().astimezone(UTC).replace(microsecond=0)
        claims = ActivationClaims(
            token_id=secrets.token_hex(16),
            transaction_id=transaction_id,
            kiosk_id=self._kiosk_id,
            office_code=self._office_code,
            issued_at=issued,
            expires_at=issued + self._ttl,
        )
        body = {
            "v": 1,
            "jti": claims.token_id,
            "tid": claims.transaction_id,
            "kid": claims.kiosk_id,
            "off": claims.office_code,
            "iat": int(claims.issued_at.timestamp()),
            "exp": int(claims.expires_at.timestamp()),
        }
        signed = f"{TOKEN_PREFIX}.{_b64(json.dumps(body, separators=(',', ':'), sort_keys=True).encode())}"
        signature = self._key.sign(signed.encode("ascii"))
        return ActivationToken(text=f"{signed}.{_b64(signature)}", claims=claims)


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


def _write_new_key(path: Path) -> None:
    """Creates the key file atomically: a crash leaves either no key or a whole one."""
    seed = Ed25519PrivateKey.generate().private_bytes_raw()
    temporary = path.with_suffix(".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(descriptor, seed)
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    os.replace(temporary, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)

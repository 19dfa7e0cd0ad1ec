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

The token format, its verification and its redemption are ``sync.activation`` (shared with
the server, which redeems tokens at ``POST /v1/activations``).

Thread safety: an :class:`ActivationSigner` is immutable after loading; any thread may issue.
"""

from __future__ import annotations

import base64
import contextlib
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.clock import Clock
from sync.activation import (
    CLOCK_SKEW,
    TOKEN_PREFIX,
    ActivationClaims,
    ActivationRejected,
    PendingActivation,
    b64url,
    parse_activation_token,
    redeem,
    verify_activation_token,
)
from sync.private_file import write_private_file

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

__all__ = [
    "CLOCK_SKEW",
    "DEFAULT_TTL",
    "ActivationClaims",
    "ActivationRejected",
    "ActivationSigner",
    "ActivationToken",
    "PendingActivation",
    "parse_activation_token",
    "redeem",
    "verify_activation_token",
]

KEYS_DIR_NAME = "keys"
ACTIVATION_KEY_FILE = "activation-1.key"
DEFAULT_TTL = timedelta(minutes=10)
"""How long a shown activation code can be redeemed: long enough to unlock a phone, open the
application and scan; short enough that a code photographed off the counter soon goes stale."""


@dataclass(frozen=True)
class ActivationToken:
    """An issued token: ``text`` is what the QR code holds."""

    text: str
    claims: ActivationClaims

    def __repr__(self) -> str:  # the text is a bearer credential until redeemed
        return f"ActivationToken(token_id={self.claims.token_id!r}, expires_at={self.claims.expires_at})"


class ActivationSigner:
    """Issues activation tokens for one kiosk with its activation key."""

    def __init__(
        self,
        private_key: Ed25519PrivateKey | bytes,
        *,
        kiosk_id: str,
        office_code: str,
        clock: Clock,
        ttl: timedelta = DEFAULT_TTL,
    ) -> None:
        if ttl <= timedelta(0):
            raise ValueError("an activation code must live a positive time")
        # A 32-byte seed becomes the key at the first token: cryptography (about 8 MB
        # resident) is not loaded by a kiosk at rest.
        self._private_key = private_key
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
            raw,
            kiosk_id=kiosk_id,
            office_code=office_code,
            clock=clock,
            ttl=ttl,
        )

    @property
    def _key(self) -> Ed25519PrivateKey:
        if isinstance(self._private_key, bytes):
            from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

            self._private_key = Ed25519PrivateKey.from_private_bytes(self._private_key)
        return self._private_key

    @property
    def public_key(self) -> str:
        """Base64 of the 32-byte public key (what the server verifies with)."""
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

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
        signed = f"{TOKEN_PREFIX}.{b64url(json.dumps(body, separators=(',', ':'), sort_keys=True).encode())}"
        signature = self._key.sign(signed.encode("ascii"))
        return ActivationToken(text=f"{signed}.{b64url(signature)}", claims=claims)


def _write_new_key(path: Path) -> None:
    """Creates the key file atomically (a crash leaves no key or a whole one), never over another's."""
    # Another process may have created it first: its key stays, so tokens it signed stay valid.
    with contextlib.suppress(FileExistsError):
        # An Ed25519 private key is 32 random bytes (RFC 8032, 5.1.5): no need to load cryptography.
        write_private_file(path, secrets.token_bytes(32), replace=False)

"""Ed25519 request signatures: every kiosk request proves which enrolled kiosk sent it.

The kiosk signs a canonical text of the request (:func:`canonical_request`)::

    KIOSK-REQUEST-V1
    POST
    /v1/ingest?x=1                  path and query exactly as sent
    9f86d081...                     SHA-256 (hex) of the body as sent (after gzip)
    1764036000                      unix seconds
    3q2-7wEAAAAAbm9uY2U             nonce: 16..64 characters of [A-Za-z0-9_-]
    k3f9c2a1b4d5e6f70               the kiosk id

and sends it in four headers (:data:`HEADER_KIOSK_ID`, ...). The server rebuilds the text
from what it received and checks, in this order: headers present and well formed
(``unsigned``), timestamp within the clock-skew window (``expired``), kiosk known and not
revoked (``unknown_kiosk`` / ``revoked_kiosk``), signature (``bad_signature``), nonce never
seen within the window (``replayed``). A nonce only needs remembering for as long as its
timestamp is acceptable, so the nonce store forgets it after that.

Keys travel as base64 of their 32 raw bytes. Nothing here does I/O except the nonce store
the caller passes in.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from sync.protocol import ErrorCode

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

# cryptography (about 8 MB resident) is imported by the functions that use a key: a kiosk at
# rest that is not enrolled has not loaded it.

SIGNATURE_SCHEME = "KIOSK-REQUEST-V1"
HEADER_KIOSK_ID = "X-Kiosk-Id"
HEADER_TIMESTAMP = "X-Kiosk-Timestamp"
HEADER_NONCE = "X-Kiosk-Nonce"
HEADER_SIGNATURE = "X-Kiosk-Signature"
SIGNATURE_HEADERS = (HEADER_KIOSK_ID, HEADER_TIMESTAMP, HEADER_NONCE, HEADER_SIGNATURE)

DEFAULT_MAX_SKEW_S = 300.0
"""A request is accepted while its timestamp is within this many seconds of the server's clock."""

_NONCE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_KIOSK_ID = re.compile(r"^[A-Za-z0-9._-]{1,40}$")
_TIMESTAMP = re.compile(r"^[0-9]{1,12}$")


class SignatureRejected(Exception):
    """The request is not accepted as coming from an enrolled kiosk; ``reason`` says why.

    ``reason`` is one of ``ErrorCode.UNSIGNED``, ``EXPIRED``, ``UNKNOWN_KIOSK``,
    ``REVOKED_KIOSK``, ``BAD_SIGNATURE``, ``REPLAYED`` (all answered with HTTP 401)."""

    def __init__(self, reason: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


# --- keys -----------------------------------------------------------------------------------


def generate_private_key() -> Ed25519PrivateKey:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.generate()


def private_key_bytes(key: Ed25519PrivateKey) -> bytes:
    """The 32-byte seed, for the kiosk's key store (keep it out of the database)."""
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def load_private_key(raw: bytes) -> Ed25519PrivateKey:
    """Raises ValueError unless ``raw`` is a 32-byte seed."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.from_private_bytes(raw)


def public_key_b64(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return base64.b64encode(public.public_bytes(Encoding.Raw, PublicFormat.Raw)).decode("ascii")


def load_public_key(text: str) -> Ed25519PublicKey:
    """Raises ValueError unless ``text`` is base64 of 32 bytes."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        raw = base64.b64decode(text, validate=True)
    except ValueError as exc:  # binascii.Error, or characters outside ASCII
        raise ValueError("the public key is not base64") from exc
    if len(raw) != 32:
        raise ValueError("an Ed25519 public key is 32 bytes")
    return Ed25519PublicKey.from_public_bytes(raw)


# --- the canonical request ------------------------------------------------------------------


def body_digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def canonical_request(
    method: str, path: str, body: bytes, *, timestamp: int | str, nonce: str, kiosk_id: str
) -> bytes:
    """The bytes that are signed. ``path`` includes ``?query`` when the request has one."""
    lines = (SIGNATURE_SCHEME, method.upper(), path, body_digest(body), str(timestamp), nonce, kiosk_id)
    return "\n".join(lines).encode("utf-8")


def new_nonce() -> str:
    return secrets.token_urlsafe(18)


def _unix_seconds(now: datetime | float) -> int:
    if isinstance(now, datetime):
        if now.tzinfo is None:
            raise ValueError("give an aware datetime")
        return int(now.timestamp())
    return int(now)


def sign_request(
    private_key: Ed25519PrivateKey,
    kiosk_id: str,
    method: str,
    path: str,
    body: bytes,
    *,
    now: datetime | float,
    nonce: str | None = None,
) -> dict[str, str]:
    """The four signature headers for one request. ``body`` is the body exactly as it will be
    sent (compressed if it will be); ``path`` as it will appear on the request line, with
    ``?query``. Use a fresh nonce per request (the default): the server refuses a nonce twice."""
    if not _KIOSK_ID.match(kiosk_id):
        raise ValueError("malformed kiosk id")
    nonce = nonce if nonce is not None else new_nonce()
    if not _NONCE.match(nonce):
        raise ValueError("a nonce is 16 to 64 characters of A-Z a-z 0-9 _ -")
    timestamp = _unix_seconds(now)
    if not 0 <= timestamp < 10**12:
        raise ValueError("the time is outside the unix-seconds range the server reads")
    signature = private_key.sign(
        canonical_request(method, path, body, timestamp=timestamp, nonce=nonce, kiosk_id=kiosk_id)
    )
    return {
        HEADER_KIOSK_ID: kiosk_id,
        HEADER_TIMESTAMP: str(timestamp),
        HEADER_NONCE: nonce,
        HEADER_SIGNATURE: base64.b64encode(signature).decode("ascii"),
    }


# --- verification ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SignedHeaders:
    kiosk_id: str
    timestamp: int
    nonce: str
    signature: bytes


@dataclass(frozen=True)
class KioskKey:
    """What the verifier needs to know about an enrolled kiosk."""

    kiosk_id: str
    public_key: str
    office_code: str
    revoked: bool = False


def _header(headers: Mapping[str, str], name: str) -> str | None:
    value = headers.get(name)
    if value is None:
        value = headers.get(name.lower())
    return value


def parse_signed_headers(headers: Mapping[str, str]) -> SignedHeaders:
    """Reads the four headers (any case); raises ``SignatureRejected(UNSIGNED)`` when one is
    missing or malformed."""
    values = {name: _header(headers, name) for name in SIGNATURE_HEADERS}
    missing = [name for name, value in values.items() if not value]
    if missing:
        raise SignatureRejected(
            ErrorCode.UNSIGNED, f"The request is not signed (missing {', '.join(missing)})."
        )
    kiosk_id, timestamp, nonce, signature = (values[name] or "" for name in SIGNATURE_HEADERS)
    if not _KIOSK_ID.match(kiosk_id):
        raise SignatureRejected(ErrorCode.UNSIGNED, f"The {HEADER_KIOSK_ID} header is malformed.")
    if not _TIMESTAMP.match(timestamp):
        raise SignatureRejected(ErrorCode.UNSIGNED, f"The {HEADER_TIMESTAMP} header is not unix seconds.")
    if not _NONCE.match(nonce):
        raise SignatureRejected(ErrorCode.UNSIGNED, f"The {HEADER_NONCE} header is malformed.")
    try:
        raw_signature = base64.b64decode(signature, validate=True)
    except ValueError:  # binascii.Error, or characters outside ASCII (headers are latin-1)
        raw_signature = b""
    if len(raw_signature) != 64:
        raise SignatureRejected(ErrorCode.UNSIGNED, f"The {HEADER_SIGNATURE} header is not a signature.")
    return SignedHeaders(kiosk_id=kiosk_id, timestamp=int(timestamp), nonce=nonce, signature=raw_signature)


class NonceStore(Protocol):
    def remember(self, kiosk_id: str, nonce: str, *, expires_at: float, now: float) -> bool:
        """Records the nonce until ``expires_at`` (unix seconds); False if it is already recorded
        and has not expired at ``now``."""


class MemoryNonceStore:
    """Nonces of one process (the server keeps its own in the database, shared by every worker)."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str], float] = {}
        self._lock = threading.Lock()

    def remember(self, kiosk_id: str, nonce: str, *, expires_at: float, now: float) -> bool:
        with self._lock:
            if len(self._seen) > 10_000:
                self._seen = {key: expiry for key, expiry in self._seen.items() if expiry > now}
            previous = self._seen.get((kiosk_id, nonce))
            if previous is not None and previous > now:
                return False
            self._seen[(kiosk_id, nonce)] = expires_at
            return True


def verify_request(
    headers: Mapping[str, str],
    method: str,
    path: str,
    body: bytes,
    *,
    find_kiosk: Callable[[str], KioskKey | None],
    nonces: NonceStore,
    now: datetime | float,
    max_skew_s: float = DEFAULT_MAX_SKEW_S,
) -> KioskKey:
    """Returns the enrolled kiosk that signed this request, or raises :class:`SignatureRejected`
    with the first reason that applies. Remembers the nonce only for a correctly signed request."""
    from cryptography.exceptions import InvalidSignature

    signed = parse_signed_headers(headers)
    current = _unix_seconds(now)
    if abs(current - signed.timestamp) > max_skew_s:
        raise SignatureRejected(
            ErrorCode.EXPIRED,
            f"The request's time is {signed.timestamp - current:+d} s from the server's clock "
            f"(at most {max_skew_s:.0f} s allowed): check the kiosk's clock.",
        )
    kiosk = find_kiosk(signed.kiosk_id)
    if kiosk is None:
        raise SignatureRejected(
            ErrorCode.UNKNOWN_KIOSK, f"No kiosk '{signed.kiosk_id}' is enrolled: enroll it again."
        )
    if kiosk.revoked:
        raise SignatureRejected(
            ErrorCode.REVOKED_KIOSK, f"Kiosk '{signed.kiosk_id}' has been revoked: enroll it again."
        )
    try:
        load_public_key(kiosk.public_key).verify(
            signed.signature,
            canonical_request(
                method, path, body, timestamp=signed.timestamp, nonce=signed.nonce, kiosk_id=signed.kiosk_id
            ),
        )
    except (InvalidSignature, ValueError) as exc:
        raise SignatureRejected(
            ErrorCode.BAD_SIGNATURE,
            "The signature does not match the request: it was altered on the way or signed with another key.",
        ) from exc
    if not nonces.remember(
        signed.kiosk_id, signed.nonce, expires_at=signed.timestamp + max_skew_s + 1, now=current
    ):
        raise SignatureRejected(
            ErrorCode.REPLAYED, "This request was already received once (replayed nonce)."
        )
    return kiosk

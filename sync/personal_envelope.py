"""Personal fields sealed on the kiosk to the server's data public key, for the way there.

TLS protects a request only as far as whatever terminates it (a proxy, a load balancer, a
request log). A transaction's personal fields are therefore sealed end to end: the kiosk
encrypts them to the server's X25519 public key, learned at enrollment, and only the
server's sealed store (the holder of its data key) can open them.

Construction (one ephemeral key pair per sealing, so every envelope is fresh)::

    shared   = X25519(ephemeral private, server public)
    key      = HKDF-SHA256(shared, salt = ephemeral public || server public,
                           info = "district-kiosk personal envelope v1", 32 bytes)
    sealed   = AES-256-GCM(key, nonce, JSON of the fields,
                           associated data = "personal:" + the transaction's idempotency key)

Envelope bytes, version 1, sent as standard base64 text in ``Transaction.personal``::

    version (1 byte, 0x01) | key id (8 bytes) | ephemeral public key (32) | nonce (12) | ciphertext+tag

``key id`` is the first 8 bytes of SHA-256 of the server's raw public key, so an envelope sealed
to another server's key is recognised as such. The associated data binds an envelope to its
transaction: moved to another transaction, it does not open.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import secrets
from collections.abc import Mapping
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

ENVELOPE_VERSION = 1
KEY_ID_BYTES = 8
PUBLIC_KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
HEADER_BYTES = 1 + KEY_ID_BYTES + PUBLIC_KEY_BYTES + NONCE_BYTES
_INFO = b"district-kiosk personal envelope v1"
_DERIVE_INFO = b"district-kiosk personal transport x25519 v1"


class EnvelopeError(Exception):
    """An envelope that cannot be opened here: one plain sentence says why (no personal data)."""


def key_id(public_key: bytes) -> bytes:
    """The 8-byte identifier of a raw X25519 public key, carried in each envelope."""
    return hashlib.sha256(public_key).digest()[:KEY_ID_BYTES]


def public_key_text(key: X25519PublicKey) -> str:
    """A public key as it travels in the protocol: 32 raw bytes, standard base64."""
    return base64.b64encode(key.public_bytes_raw()).decode("ascii")


def load_public_key_text(text: str) -> X25519PublicKey:
    """Reads :func:`public_key_text`; raises ``ValueError`` for anything else."""
    try:
        raw = base64.b64decode(text, validate=True)
    except binascii.Error as exc:
        raise ValueError("not base64") from exc
    if len(raw) != PUBLIC_KEY_BYTES:
        raise ValueError("an X25519 public key is 32 bytes")
    return X25519PublicKey.from_public_bytes(raw)


def derive_transport_key(data_key: bytes) -> X25519PrivateKey:
    """The server's X25519 private key, derived from its at-rest data key (HKDF-SHA256), so the
    one secret file the server already guards also opens what kiosks seal on the way."""
    seed = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_DERIVE_INFO).derive(data_key)
    return X25519PrivateKey.from_private_bytes(seed)


def _associated_data(bound_to: str) -> bytes:
    return f"personal:{bound_to}".encode()


def _aead_key(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral + recipient, info=_INFO).derive(shared)


def seal_personal(fields: Mapping[str, Any], *, recipient: X25519PublicKey, bound_to: str) -> str:
    """``fields`` sealed to ``recipient`` for the transaction ``bound_to`` (its idempotency key),
    as envelope text. The field order is kept, so the server opens exactly the object sealed."""
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes_raw()
    recipient_raw = recipient.public_bytes_raw()
    key = _aead_key(ephemeral.exchange(recipient), ephemeral_public, recipient_raw)
    nonce = secrets.token_bytes(NONCE_BYTES)
    plain = json.dumps(dict(fields), separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    sealed = AESGCM(key).encrypt(nonce, plain, _associated_data(bound_to))
    envelope = bytes([ENVELOPE_VERSION]) + key_id(recipient_raw) + ephemeral_public + nonce + sealed
    return base64.b64encode(envelope).decode("ascii")


def open_personal(text: str, *, private_key: X25519PrivateKey, bound_to: str) -> dict[str, Any]:
    """The fields sealed in ``text`` for the transaction ``bound_to``.

    Raises :class:`EnvelopeError` for an envelope that is malformed, of an unknown version,
    sealed to another key, altered, or moved from another transaction."""
    try:
        envelope = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise EnvelopeError("The personal fields' envelope is not base64.") from exc
    if len(envelope) < HEADER_BYTES + TAG_BYTES:
        raise EnvelopeError("The personal fields' envelope is cut short.")
    if envelope[0] != ENVELOPE_VERSION:
        raise EnvelopeError(f"The personal fields' envelope has an unknown version ({envelope[0]}).")
    own_public = private_key.public_key().public_bytes_raw()
    if envelope[1 : 1 + KEY_ID_BYTES] != key_id(own_public):
        raise EnvelopeError(
            "The personal fields were sealed to another server's key: enroll the kiosk with this server again."
        )
    offset = 1 + KEY_ID_BYTES
    ephemeral_public = envelope[offset : offset + PUBLIC_KEY_BYTES]
    nonce = envelope[offset + PUBLIC_KEY_BYTES : HEADER_BYTES]
    try:
        shared = private_key.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
        key = _aead_key(shared, ephemeral_public, own_public)
        plain = AESGCM(key).decrypt(nonce, envelope[HEADER_BYTES:], _associated_data(bound_to))
    except (InvalidTag, ValueError) as exc:
        raise EnvelopeError(
            "The personal fields' envelope does not open: it was altered, or belongs to another transaction."
        ) from exc
    try:
        fields = json.loads(plain)
    except (ValueError, UnicodeDecodeError) as exc:
        raise EnvelopeError("The personal fields' envelope does not hold a JSON object.") from exc
    if not isinstance(fields, dict):
        raise EnvelopeError("The personal fields' envelope does not hold a JSON object.")
    return fields

"""Personal fields at rest on the server: AES-256-GCM under the server's data key.

The key lives outside the database (``data.key`` in the server's home, or a file the operator
names), so a copy of the database alone reveals no citizen. Each sealed
value is ``nonce (12 bytes) || ciphertext+tag``, bound to its transaction by using the
idempotency key as associated data (a sealed value moved to another row does not open).

The same key also yields the server's X25519 data key pair (:mod:`sync.personal_envelope`):
kiosks seal personal fields to its public half for the way here, and only this store opens them.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from sync.personal_envelope import derive_transport_key, open_personal, public_key_text
from sync.private_file import write_private_file

KEY_BYTES = 32


class DataKeyError(Exception):
    """The data key file is missing, unreadable or not a key."""


class SealedDataError(Exception):
    """A sealed value does not open with this key (wrong key, or altered)."""


class PersonalDataSealer:
    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise DataKeyError("the data key is 32 bytes")
        self._aead = AESGCM(key)
        self._transport_key = derive_transport_key(key)
        self.data_public_key = public_key_text(self._transport_key.public_key())
        """What kiosks seal personal fields to (base64 X25519 public key)."""

    def open_envelope(self, envelope: str, *, bound_to: str) -> dict[str, Any]:
        """The personal fields a kiosk sealed to :attr:`data_public_key` for transaction
        ``bound_to``. Raises :class:`sync.personal_envelope.EnvelopeError` (one sentence)."""
        return open_personal(envelope, private_key=self._transport_key, bound_to=bound_to)

    def seal(self, fields: dict[str, Any], *, bound_to: str) -> bytes:
        nonce = secrets.token_bytes(12)
        plain = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        return nonce + self._aead.encrypt(nonce, plain, bound_to.encode("ascii"))

    def open(self, sealed: bytes, *, bound_to: str) -> dict[str, Any]:
        try:
            plain = self._aead.decrypt(sealed[:12], sealed[12:], bound_to.encode("ascii"))
        except InvalidTag as exc:
            raise SealedDataError("the sealed personal fields do not open with this key") from exc
        fields: dict[str, Any] = json.loads(plain)
        return fields


def load_or_create_data_key(path: Path) -> bytes:
    """Reads the key at ``path``, or creates it (mode 0600) when the file does not exist."""
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(KEY_BYTES)
        try:
            write_private_file(path, key, replace=False)
        except FileExistsError:
            return load_or_create_data_key(path)  # another process created it first: read its key
        return key
    except OSError as exc:
        raise DataKeyError(f"The data key {path} cannot be read: {exc.strerror}.") from exc
    if len(key) != KEY_BYTES:
        raise DataKeyError(f"The data key {path} is not a {KEY_BYTES}-byte key.")
    return key

"""The kiosk's key store: the key that seals personal and biometric data at rest.

The key lives in a file under ``KIOSK_HOME/keys`` (mode 0600, folder 0700), never in the
database, so a copied database file (or its WAL) holds only ciphertext. Sealing is AES-256-GCM
with a fresh 96-bit nonce per value and a *context* string bound as associated data: a
sealed value moved to another column or row kind fails to open instead of being misread.

Sealed layout: ``key id (1 byte) | nonce (12 bytes) | ciphertext + tag (16 bytes)``. The key
id leaves room for rotation: new keys get new ids and old ones stay readable.

Thread safety: a :class:`KeyStore` is immutable after loading; any thread may seal and open.
"""

from __future__ import annotations

import contextlib
import json
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sync.private_file import write_private_file

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEYS_DIR_NAME = "keys"
DATA_KEY_FILE = "data-1.key"
KEY_ID = 1
NONCE_BYTES = 12
KEY_BYTES = 32


class SealError(Exception):
    """A sealed value could not be opened: wrong key, wrong context, or altered bytes."""


class KeyStore:
    """Seals and opens byte strings with the kiosk's data key.

    The cipher (and cryptography, about 8 MB resident) is loaded at the first seal or open, not
    with the store: a kiosk at rest has sealed nothing yet. Two threads sealing first at once
    may each build it; both are the same cipher, so either may be kept."""

    def __init__(self, key: bytes, *, key_id: int = KEY_ID) -> None:
        if len(key) != KEY_BYTES:
            raise ValueError("the data key must be 32 bytes")
        self._key = key
        self._cipher: AESGCM | None = None
        self._key_id = key_id

    @property
    def _aead(self) -> AESGCM:
        if self._cipher is None:
            from cryptography.hazmat.primitives.ciphers.aead import AESGCM

            self._cipher = AESGCM(self._key)
        return self._cipher

    @classmethod
    def open(cls, home: Path) -> KeyStore:
        """Loads the data key from ``home/keys``, creating it (durably) on first use."""
        directory = home / KEYS_DIR_NAME
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = directory / DATA_KEY_FILE
        if not path.exists():
            _write_new_key(path)
        key = path.read_bytes()
        if len(key) != KEY_BYTES:
            raise SealError(f"the key file {path.name} is damaged")
        return cls(key)

    def seal(self, plaintext: bytes, *, context: str) -> bytes:
        nonce = secrets.token_bytes(NONCE_BYTES)
        return bytes([self._key_id]) + nonce + self._aead.encrypt(nonce, plaintext, context.encode())

    def unseal(self, sealed: bytes, *, context: str) -> bytes:
        if len(sealed) < 1 + NONCE_BYTES + 16 or sealed[0] != self._key_id:
            raise SealError("the sealed value is not one of this kiosk's")
        from cryptography.exceptions import InvalidTag

        nonce = sealed[1 : 1 + NONCE_BYTES]
        try:
            return self._aead.decrypt(nonce, sealed[1 + NONCE_BYTES :], context.encode())
        except InvalidTag as exc:
            raise SealError("the sealed value does not open with this kiosk's key") from exc

    def seal_json(self, value: Any, *, context: str) -> bytes:
        return self.seal(json.dumps(value, sort_keys=True, separators=(",", ":")).encode(), context=context)

    def unseal_json(self, sealed: bytes, *, context: str) -> Any:
        return json.loads(self.unseal(sealed, context=context))


def _write_new_key(path: Path) -> None:
    """Creates the key file atomically (a crash leaves no key or a whole one), never over another's."""
    # Another process may have created it first: its key stays, data may already be sealed with it.
    with contextlib.suppress(FileExistsError):
        write_private_file(path, secrets.token_bytes(KEY_BYTES), replace=False)

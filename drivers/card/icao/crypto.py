"""Cryptographic primitives of ICAO Doc 9303 part 11, on top of ``cryptography``.

* :func:`derive_key` is the key derivation function of part 11, 9.7.1: SHA-1 (3DES, AES-128) or
  SHA-256 (AES-192/256) over ``seed || counter`` (counter as 4 bytes big-endian: 1 for the
  encryption key, 2 for the MAC key, 3 for the PACE password key). 3DES keys are two-key
  (K1 || K2, 16 bytes) with the DES parity bits set.
* :func:`pad` / :func:`unpad`: ISO/IEC 9797-1 padding method 2 (``80`` then ``00``s).
* :func:`retail_mac`: ISO/IEC 9797-1 MAC algorithm 3 with DES (the "retail MAC"), padding
  method 2 applied inside: single-DES CBC with K1 over every block, then the last result
  decrypted with K2 and encrypted with K1. 8 bytes.
* :func:`aes_cmac`: AES-CMAC (NIST SP 800-38B), 16 bytes; secure messaging keeps the first 8.

Single DES is TripleDES with K1 = K2 = K3. TripleDES lives in
``cryptography.hazmat.decrepit`` (cryptography 43 and later; the lock pins 50).
These functions raise :class:`~drivers.card.icao.errors.CryptoError` (a ``ValueError``) on
inputs of the wrong size or bad padding; no other exception escapes them.
"""

from __future__ import annotations

import hashlib
from typing import Any, Literal

from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.cmac import CMAC

from drivers.card.icao.errors import CryptoError

__all__ = [
    "CipherName",
    "aes_cbc_decrypt",
    "aes_cbc_encrypt",
    "aes_cmac",
    "aes_ecb_encrypt_block",
    "block_size",
    "derive_key",
    "des_parity",
    "pad",
    "retail_mac",
    "tdes_cbc_decrypt",
    "tdes_cbc_encrypt",
    "unpad",
]

CipherName = Literal["3des", "aes128", "aes192", "aes256"]

_KEY_LENGTHS: dict[str, int] = {"3des": 16, "aes128": 16, "aes192": 24, "aes256": 32}


def block_size(cipher: CipherName) -> int:
    """8 for 3DES, 16 for AES."""
    return 8 if cipher == "3des" else 16


def des_parity(key: bytes) -> bytes:
    """Each byte with its lowest bit set so the byte has an odd number of one bits."""
    out = bytearray()
    for byte in key:
        high = byte & 0xFE
        out.append(high | ((bin(high).count("1") + 1) % 2))
    return bytes(out)


def derive_key(seed: bytes, counter: int, cipher: CipherName) -> bytes:
    """KDF(seed, counter) for ``cipher`` (part 11, 9.7.1)."""
    if cipher not in _KEY_LENGTHS:
        raise CryptoError(f"unknown cipher {cipher!r}")
    if not 0 <= counter <= 0xFFFFFFFF:
        raise CryptoError("the key derivation counter must fit in 4 bytes")
    data = bytes(seed) + counter.to_bytes(4, "big")
    sha1 = cipher in ("3des", "aes128")  # ICAO 9303 fixes SHA-1 here
    digest = hashlib.sha1(data).digest() if sha1 else hashlib.sha256(data).digest()  # noqa: S324
    key = digest[: _KEY_LENGTHS[cipher]]
    return des_parity(key) if cipher == "3des" else key


def pad(data: bytes, block_size: int) -> bytes:
    """ISO/IEC 9797-1 method 2: ``80`` then zeros up to a multiple of ``block_size``."""
    if block_size <= 0:
        raise CryptoError("the block size must be positive")
    padded = bytes(data) + b"\x80"
    return padded + bytes(-len(padded) % block_size)


def unpad(data: bytes) -> bytes:
    """Removes method-2 padding. :class:`CryptoError` if there is none."""
    stripped = bytes(data).rstrip(b"\x00")
    if not stripped.endswith(b"\x80"):
        raise CryptoError("the decrypted data has no valid padding")
    return stripped[:-1]


def _tdes_key(key: bytes) -> bytes:
    if len(key) == 8:
        return bytes(key) * 3
    if len(key) == 16:  # two-key 3DES as K1 || K2 || K1 (cryptography deprecates 16-byte keys)
        return bytes(key) + bytes(key[:8])
    if len(key) == 24:
        return bytes(key)
    raise CryptoError("a DES key has 8, 16 or 24 bytes")


def _blocks(data: bytes, size: int, what: str) -> bytes:
    if len(data) % size:
        raise CryptoError(f"{what} must be a multiple of {size} bytes")
    return bytes(data)


def _run(cipher: Cipher[Any], data: bytes, *, encrypt: bool) -> bytes:
    context = cipher.encryptor() if encrypt else cipher.decryptor()
    return context.update(data) + context.finalize()


def _iv(iv: bytes, size: int) -> bytes:
    if len(iv) != size:
        raise CryptoError(f"the IV must have {size} bytes")
    return bytes(iv)


def tdes_cbc_encrypt(key: bytes, data: bytes, iv: bytes = bytes(8)) -> bytes:
    """3DES (or DES with an 8-byte key) in CBC mode; ``data`` must already be padded."""
    cipher = Cipher(TripleDES(_tdes_key(key)), modes.CBC(_iv(iv, 8)))
    return _run(cipher, _blocks(data, 8, "3DES data"), encrypt=True)


def tdes_cbc_decrypt(key: bytes, data: bytes, iv: bytes = bytes(8)) -> bytes:
    cipher = Cipher(TripleDES(_tdes_key(key)), modes.CBC(_iv(iv, 8)))
    return _run(cipher, _blocks(data, 8, "3DES data"), encrypt=False)


def _des_block(key8: bytes, block: bytes, *, encrypt: bool) -> bytes:
    cipher = Cipher(TripleDES(bytes(key8) * 3), modes.ECB())  # noqa: S305 - one block of the MAC
    return _run(cipher, block, encrypt=encrypt)


def retail_mac(key: bytes, data: bytes) -> bytes:
    """ISO/IEC 9797-1 MAC algorithm 3 with DES and padding method 2 (8 bytes).

    ``key`` is K1 || K2 (16 bytes; a 24-byte key uses its first 16)."""
    if len(key) not in (16, 24):
        raise CryptoError("the retail MAC needs a 16-byte key")
    k1, k2 = bytes(key[:8]), bytes(key[8:16])
    padded = pad(data, 8)
    chained = tdes_cbc_encrypt(k1, padded)[-8:]  # single DES CBC (K1 three times)
    chained = _des_block(k2, chained, encrypt=False)
    return _des_block(k1, chained, encrypt=True)


def _aes_key(key: bytes) -> bytes:
    if len(key) not in (16, 24, 32):
        raise CryptoError("an AES key has 16, 24 or 32 bytes")
    return bytes(key)


def aes_cbc_encrypt(key: bytes, data: bytes, iv: bytes = bytes(16)) -> bytes:
    """AES in CBC mode; ``data`` must already be padded."""
    cipher = Cipher(algorithms.AES(_aes_key(key)), modes.CBC(_iv(iv, 16)))
    return _run(cipher, _blocks(data, 16, "AES data"), encrypt=True)


def aes_cbc_decrypt(key: bytes, data: bytes, iv: bytes = bytes(16)) -> bytes:
    cipher = Cipher(algorithms.AES(_aes_key(key)), modes.CBC(_iv(iv, 16)))
    return _run(cipher, _blocks(data, 16, "AES data"), encrypt=False)


def aes_ecb_encrypt_block(key: bytes, block: bytes) -> bytes:
    """One AES block encrypted (used for the secure-messaging IV, E(KSenc, SSC))."""
    cipher = Cipher(algorithms.AES(_aes_key(key)), modes.ECB())  # noqa: S305 - one block (the IV)
    return _run(cipher, _blocks(block, 16, "an AES block"), encrypt=True)


def aes_cmac(key: bytes, data: bytes) -> bytes:
    """AES-CMAC over ``data`` (16 bytes)."""
    mac = CMAC(algorithms.AES(_aes_key(key)))
    mac.update(bytes(data))
    return mac.finalize()

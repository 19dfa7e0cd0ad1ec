"""The outbox carried by hand: an encrypted, signed file of every transaction not yet acknowledged.

When the line is down for days, a technician writes the unsent transactions to a USB stick
(``kiosk outbox export FILE``) and carries it to the office, where it is read back with the
same passphrase and fed to the server's ingest (``kiosk-server import``). The idempotency keys
make this safe: when the line comes back, the kiosk still sends the same transactions and the
server answers "duplicate", so each is applied exactly once whichever way arrives first.

**Key scheme: a passphrase.** The kiosk holds no key of the office (enrollment only registers
the kiosk's signing key with the server), and the file must be readable at the office without
the kiosk. The technician chooses a passphrase (at least 10 characters) and gives it to the
office by another way (telephone); scrypt (N=2^15, r=8, p=1, a fresh 16-byte salt) turns it
into an AES-256-GCM key. Personal fields travel inside the encryption; the readable header
holds no personal data. An enrolled kiosk also **signs** the file with its Ed25519 device key,
so the office can check which kiosk wrote it and that nothing was changed on the way.

Layout::

    b"KIOSK-OUTBOX-EXPORT/1\\n"
    header length (4 bytes, big-endian) | header (JSON, UTF-8)
    nonce (12 bytes) | AES-256-GCM(gzip(JSON {"transactions": [...]})), AAD = magic + header
    signature (64 bytes, Ed25519 over SHA-256 of everything before), when header "signed" is true
"""

from __future__ import annotations

import base64
import binascii
import gzip
import hashlib
import json
import secrets
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from pydantic import ValidationError

from sync.protocol import Transaction
from sync.signing import load_public_key, public_key_b64

MAGIC = b"KIOSK-OUTBOX-EXPORT/1\n"
PASSPHRASE_ENV = "KIOSK_EXPORT_PASSPHRASE"  # noqa: S105 - the variable's name, not a secret
FORMAT_VERSION = 1
MIN_PASSPHRASE_CHARS = 10
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
NONCE_BYTES = 12
SIGNATURE_BYTES = 64
MAX_HEADER_BYTES = 64 * 1024
MAX_PLAINTEXT_BYTES = 2 * 1024**3


class ExportError(Exception):
    """The file is not a readable export (not one, damaged, wrong passphrase, altered, unsigned)."""


@dataclass(frozen=True)
class ExportBundle:
    """An export read back: who wrote it, and the transactions in outbox order."""

    kiosk_id: str
    office_code: str
    created_at: datetime
    public_key: str | None
    transactions: list[Transaction]
    skipped: int


def derive_key(
    passphrase: str, salt: bytes, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P
) -> bytes:
    return hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32, maxmem=2**27)


def write_export(
    transactions: Sequence[Transaction],
    passphrase: str,
    *,
    kiosk_id: str,
    office_code: str,
    signing_key: Ed25519PrivateKey | None,
    skipped: int = 0,
    now: datetime | None = None,
) -> bytes:
    """The export file's bytes. Raises ``ValueError`` for a passphrase shorter than 10 characters."""
    if len(passphrase) < MIN_PASSPHRASE_CHARS:
        raise ValueError(f"the passphrase needs at least {MIN_PASSPHRASE_CHARS} characters")
    salt = secrets.token_bytes(16)
    header = {
        "format": FORMAT_VERSION,
        "kiosk_id": kiosk_id,
        "office_code": office_code,
        "created_at": (now or datetime.now(UTC)).isoformat(),
        "count": len(transactions),
        "skipped": skipped,
        "first_sequence": transactions[0].device_sequence if transactions else None,
        "last_sequence": transactions[-1].device_sequence if transactions else None,
        "kdf": {
            "name": "scrypt",
            "n": SCRYPT_N,
            "r": SCRYPT_R,
            "p": SCRYPT_P,
            "salt": base64.b64encode(salt).decode(),
        },
        "cipher": "AES-256-GCM",
        "signed": signing_key is not None,
        "public_key": public_key_b64(signing_key) if signing_key is not None else None,
    }
    header_bytes = json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")
    body = json.dumps(
        {"transactions": [json.loads(item.model_dump_json()) for item in transactions]},
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    nonce = secrets.token_bytes(NONCE_BYTES)
    aad = MAGIC + header_bytes
    sealed = AESGCM(derive_key(passphrase, salt)).encrypt(nonce, gzip.compress(body, mtime=0), aad)
    content = MAGIC + struct.pack(">I", len(header_bytes)) + header_bytes + nonce + sealed
    if signing_key is not None:
        content += signing_key.sign(hashlib.sha256(content).digest())
    return content


def read_header(data: bytes) -> tuple[dict[str, Any], int]:
    """The readable header and where the encrypted part starts. Raises :class:`ExportError`."""
    if not data.startswith(MAGIC):
        raise ExportError("This file is not a kiosk outbox export.")
    offset = len(MAGIC)
    if len(data) < offset + 4:
        raise ExportError("The export is cut short.")
    (length,) = struct.unpack(">I", data[offset : offset + 4])
    offset += 4
    if length > MAX_HEADER_BYTES or len(data) < offset + length:
        raise ExportError("The export's header is damaged.")
    try:
        header = json.loads(data[offset : offset + length])
    except (ValueError, UnicodeDecodeError) as exc:
        raise ExportError("The export's header is damaged.") from exc
    if not isinstance(header, dict) or header.get("format") != FORMAT_VERSION:
        raise ExportError("The export's format is not one this kiosk software reads.")
    return header, offset + length


def read_export(data: bytes, passphrase: str, *, public_key: str | None = None) -> ExportBundle:
    """Opens an export. With ``public_key`` (the kiosk's enrolled key, from the server), the file
    must be signed by that key. Raises :class:`ExportError` with one plain sentence."""
    header, start = read_header(data)
    signed = header.get("signed") is True
    header_key = header.get("public_key")
    end = len(data)
    if signed:
        if not isinstance(header_key, str) or len(data) < start + SIGNATURE_BYTES:
            raise ExportError("The export's signature is missing.")
        end = len(data) - SIGNATURE_BYTES
        if public_key is not None and header_key != public_key:
            raise ExportError("The export was signed by another kiosk than the one expected.")
        try:
            load_public_key(header_key).verify(data[end:], hashlib.sha256(data[:end]).digest())
        except (InvalidSignature, ValueError) as exc:
            raise ExportError(
                "The export was changed after the kiosk wrote it (its signature does not match)."
            ) from exc
    elif public_key is not None:
        raise ExportError("The export is not signed, so it cannot be checked against the kiosk's key.")
    kdf = header.get("kdf")
    try:
        if not isinstance(kdf, dict) or kdf.get("name") != "scrypt":
            raise ValueError("kdf")
        n, r, p = int(kdf["n"]), int(kdf["r"]), int(kdf["p"])
        if not (2 <= n <= 2**20 and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16):
            raise ValueError("kdf parameters")
        salt = base64.b64decode(str(kdf["salt"]), validate=True)
    except (KeyError, TypeError, ValueError, binascii.Error) as exc:
        raise ExportError("The export's header is damaged.") from exc
    if end - start < NONCE_BYTES + 16:
        raise ExportError("The export is cut short.")
    nonce = data[start : start + NONCE_BYTES]
    aad = MAGIC + data[len(MAGIC) + 4 : start]  # the header as written
    try:
        compressed = AESGCM(derive_key(passphrase, salt, n=n, r=r, p=p)).decrypt(
            nonce, data[start + NONCE_BYTES : end], aad
        )
    except (InvalidTag, ValueError) as exc:
        raise ExportError("The passphrase is wrong, or the export was damaged.") from exc
    try:
        decompressor = zlib.decompressobj(wbits=31)
        plain = decompressor.decompress(compressed, MAX_PLAINTEXT_BYTES)
        document = json.loads(plain)
        items = [Transaction.model_validate(item) for item in document["transactions"]]
        created_at = datetime.fromisoformat(str(header["created_at"]))
    except (zlib.error, ValueError, KeyError, TypeError, ValidationError) as exc:
        raise ExportError("The export's contents are damaged.") from exc
    return ExportBundle(
        kiosk_id=str(header.get("kiosk_id", "")),
        office_code=str(header.get("office_code", "")),
        created_at=created_at,
        public_key=header_key if isinstance(header_key, str) else None,
        transactions=items,
        skipped=int(header.get("skipped") or 0),
    )

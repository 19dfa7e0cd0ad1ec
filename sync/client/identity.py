"""The kiosk's device identity: its Ed25519 key pair and what the server said at enrollment.

Files under ``KIOSK_HOME`` (never in the database):

* ``keys/device-ed25519.key``: the 32-byte private key seed, mode 0600, beside the data key
  of :mod:`sync.keystore` (folder 0700);
* ``sync/identity.json``: kiosk id, office code, profile, server URL, public key, enrollment
  time. Its presence means "enrolled".

Enrollment writes the key first, then the identity, each atomically (temporary file, fsync,
rename), so a crash leaves the old identity or the new one, never a mix: a key file that
does not match the identity's public key is reported as damaged, not used.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sync.keystore import KEYS_DIR_NAME
from sync.private_file import write_private_file
from sync.signing import load_private_key, private_key_bytes, public_key_b64

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

DEVICE_KEY_FILE = "device-ed25519.key"
SYNC_DIR_NAME = "sync"
IDENTITY_FILE = "identity.json"


class IdentityError(Exception):
    """The identity files exist but cannot be used (damaged, or key and identity disagree)."""


@dataclass(frozen=True)
class DeviceIdentity:
    """Who this kiosk is for the server. Immutable; any thread may use it."""

    kiosk_id: str
    office_code: str
    profile: str
    server_url: str
    private_key: Ed25519PrivateKey
    enrolled_at: datetime

    @property
    def public_key(self) -> str:
        return public_key_b64(self.private_key)

    def describe(self) -> dict[str, Any]:
        """For ``kiosk sync status``: no secret."""
        return {
            "kiosk_id": self.kiosk_id,
            "office_code": self.office_code,
            "profile": self.profile,
            "server_url": self.server_url,
            "public_key": self.public_key,
            "enrolled_at": self.enrolled_at.isoformat(),
        }

    @classmethod
    def load(cls, home: Path) -> DeviceIdentity | None:
        """The enrolled identity, ``None`` when the kiosk was never enrolled.

        Raises :class:`IdentityError` when the files are there but unusable."""
        identity_path = home / SYNC_DIR_NAME / IDENTITY_FILE
        if not identity_path.exists():
            return None
        key_path = home / KEYS_DIR_NAME / DEVICE_KEY_FILE
        try:
            data = json.loads(identity_path.read_text(encoding="utf-8"))
            key = load_private_key(key_path.read_bytes())
            identity = cls(
                kiosk_id=str(data["kiosk_id"]),
                office_code=str(data["office_code"]),
                profile=str(data["profile"]),
                server_url=str(data["server_url"]),
                private_key=key,
                enrolled_at=datetime.fromisoformat(str(data["enrolled_at"])),
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise IdentityError(
                "The kiosk's enrollment files are damaged: enroll it again (kiosk sync enroll)."
            ) from exc
        if identity.public_key != data.get("public_key"):
            raise IdentityError(
                "The kiosk's device key does not match its enrollment: enroll it again (kiosk sync enroll)."
            )
        return identity

    def save(self, home: Path) -> None:
        """Writes the key (0600) then the identity, each atomically and durably."""
        keys = home / KEYS_DIR_NAME
        keys.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_private_file(keys / DEVICE_KEY_FILE, private_key_bytes(self.private_key))
        folder = home / SYNC_DIR_NAME
        folder.mkdir(parents=True, exist_ok=True)
        document = {**self.describe(), "enrolled_at": self.enrolled_at.isoformat()}
        write_private_file(
            folder / IDENTITY_FILE, (json.dumps(document, indent=2, sort_keys=True) + "\n").encode()
        )

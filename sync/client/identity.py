"""The kiosk's device identity: its Ed25519 key pair and what the server said at enrollment.

Files under ``KIOSK_HOME`` (never in the database):

* ``keys/device-ed25519.key``: the 32-byte private key seed, mode 0600, beside the data key
  of :mod:`sync.keystore` (folder 0700);
* ``sync/identity.json``: kiosk id, office code, profile, server URL, public key, enrollment
  time, and the server's data public key (personal fields are sealed to it; absent in an
  identity enrolled before servers gave it, until the sync client fetches it). Its presence
  means "enrolled".
  time, the label and fallback block of ticket numbers the server gave. Its presence means
  "enrolled".

The enrolled office and kiosk id are what the kiosk records everything for (``kiosk.app``
decides once, the enrollment winning over ``kiosk.toml``).

Enrollment writes the key first, then the identity, each atomically (temporary file, fsync,
rename), so a crash leaves the old identity or the new one, never a mix: a key file that
does not match the identity's public key is reported as damaged, not used.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
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
    data_public_key: str | None = None
    """The server's X25519 data public key (base64): the kiosk seals personal fields to it."""
    label: str = ""
    """The kiosk's name on the dashboard, unique in its office (the server chose it)."""
    fallback_ticket_numbers: str | None = None
    """The kiosk's own fallback block of ticket numbers (``"901-911"``) the server gave; ``""``
    when the office had none left to give; ``None`` for an identity saved before the server
    gave blocks (then ``sync.fallback_ticket_numbers`` of ``kiosk.toml`` applies)."""

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
            "data_public_key": self.data_public_key,
            "label": self.label,
            "fallback_ticket_numbers": self.fallback_ticket_numbers,
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
                data_public_key=_optional_text(data.get("data_public_key")),
                label=str(data.get("label") or ""),
                fallback_ticket_numbers=_optional_text(data.get("fallback_ticket_numbers")),
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
        self._save_identity_file(home)

    def remember_data_public_key(self, home: Path, data_public_key: str) -> DeviceIdentity:
        """This identity with the server's data public key, written to ``home`` when the identity
        there is this one (an identity held only in memory, or replaced meanwhile, is not
        written over). The key file is left as it is."""
        updated = replace(self, data_public_key=data_public_key)
        try:
            stored = DeviceIdentity.load(home)
        except IdentityError:
            return updated
        if stored is not None and (stored.kiosk_id, stored.server_url, stored.public_key) == (
            self.kiosk_id,
            self.server_url,
            self.public_key,
        ):
            updated._save_identity_file(home)
        return updated

    def _save_identity_file(self, home: Path) -> None:
        folder = home / SYNC_DIR_NAME
        folder.mkdir(parents=True, exist_ok=True)
        document = {**self.describe(), "enrolled_at": self.enrolled_at.isoformat()}
        write_private_file(
            folder / IDENTITY_FILE, (json.dumps(document, indent=2, sort_keys=True) + "\n").encode()
        )


def _optional_text(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError("expected text")
    return value

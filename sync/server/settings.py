"""What one server process is configured with (the command line and tests build it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sync.signing import DEFAULT_MAX_SKEW_S

SEED_DIR = Path(__file__).resolve().parent / "seed"
PROFILES_DIR = Path(__file__).resolve().parents[2] / "resources" / "profiles"


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class ServerSettings:
    """``database_url``: ``sqlite:///FILE`` or ``postgresql://...``. ``data_key``: the 32-byte
    AES key sealing personal fields at rest (keep it outside the database).
    ``development`` turns on the development SMS gateway and payment provider endpoints.

    ``sms_gateway_url`` / ``sms_gateway_key``: a generic HTTP SMS gateway for one-time passwords;
    ``payment_provider_url`` / ``payment_provider_key``: the bank opening QR payments, whose
    notifications to ``/v1/payments/notifications`` are signed with that key (HMAC-SHA256).
    Without them (and without ``development``) OTP and payment requests get 503 ``not_configured``.
    """

    database_url: str
    data_key: bytes
    max_skew_s: float = DEFAULT_MAX_SKEW_S
    enrollment_code_ttl_s: int = 7 * 24 * 3600
    development: bool = False
    seed_dir: Path = SEED_DIR
    profiles_dir: Path = PROFILES_DIR
    clock: Callable[[], datetime] = field(default=utc_now)
    sms_gateway_url: str | None = None
    sms_gateway_key: str = field(default="", repr=False)
    payment_provider_url: str | None = None
    payment_provider_key: str = field(default="", repr=False)

"""The kiosk side of the sync protocol: device identity and the HTTP client.

The upload loop that uses them is :mod:`sync.worker`.
"""

from __future__ import annotations

from sync.client.http import (
    NeedsEnrollment,
    NotEnrolled,
    ServerRefused,
    ServerUnreachable,
    SyncClient,
    SyncError,
    UpgradeNeeded,
    enroll_device,
    parse_retry_after,
)
from sync.client.identity import DeviceIdentity, IdentityError

__all__ = [
    "DeviceIdentity",
    "IdentityError",
    "NeedsEnrollment",
    "NotEnrolled",
    "ServerRefused",
    "ServerUnreachable",
    "SyncClient",
    "SyncError",
    "UpgradeNeeded",
    "enroll_device",
    "parse_retry_after",
]

"""Errors of the application core that reach a person (technician or citizen)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from pydantic import ValidationError


class KioskError(Exception):
    """Base of errors whose message is one plain sentence fit for a technician.

    ``exit_status``: what a command ends with when this error stops it (2: a usage or
    configuration mistake the technician can correct on the command line or in ``kiosk.toml``).
    """

    exit_status = 2


class ConfigError(KioskError):
    """The configuration or a profile is missing, malformed or inconsistent."""


class DamagedDatabaseError(KioskError):
    """The kiosk's database file cannot be used as it is: truncated, corrupted, or holding a row
    the kiosk cannot load. Not a configuration mistake, so commands end with status 1."""

    exit_status = 1

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(
            f"The kiosk database {path} is damaged ({reason}); restore it from the technician's "
            f"backup, or move it aside (with its -wal and -shm files) to start with an empty one; "
            f"`kiosk outbox export FILE` may still save its unsent transactions first."
        )


def describe_validation_error(exc: ValidationError) -> str:
    """Turns a pydantic error into 'field.path: reason' sentences, without echoing input values."""
    parts = []
    for error in exc.errors():
        location = ".".join(str(item) for item in error["loc"]) or "(top level)"
        parts.append(f"{location}: {error['msg']}")
    return "; ".join(parts)

"""Errors of the application core that reach a person (technician or citizen)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import ValidationError


class KioskError(Exception):
    """Base of errors whose message is one plain sentence fit for a technician."""


class ConfigError(KioskError):
    """The configuration or a profile is missing, malformed or inconsistent."""


def describe_validation_error(exc: ValidationError) -> str:
    """Turns a pydantic error into 'field.path: reason' sentences, without echoing input values."""
    parts = []
    for error in exc.errors():
        location = ".".join(str(item) for item in error["loc"]) or "(top level)"
        parts.append(f"{location}: {error['msg']}")
    return "; ".join(parts)

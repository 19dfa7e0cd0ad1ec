"""Jurisdiction profiles (``resources/profiles/<code>.toml``): one code base, configured per country."""

from __future__ import annotations

import tomllib
from datetime import tzinfo
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from kiosk.domain.languages import LANGUAGES, Language
from kiosk.errors import ConfigError, describe_validation_error

__all__ = ["LANGUAGES", "Language", "Profile", "QueueCategory", "load_profile"]

ProfileCode = Literal["vn", "th"]


class LocalizedText(BaseModel):
    """A text the profile supplies in every language the product speaks."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    vi: str = Field(min_length=1)
    th: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def in_language(self, language: Language) -> str:
        text: str = getattr(self, language)
        return text


class QueueCategory(BaseModel):
    """A counter service a citizen can take a queue ticket for."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    code: str = Field(pattern=r"^[A-Z]$")
    name: LocalizedText
    minutes_per_citizen: int = Field(ge=1, le=120)


class Profile(BaseModel):
    """Everything that differs between the Vietnamese and the Thai deployments."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    code: ProfileCode
    name: LocalizedText
    languages: tuple[Language, ...] = Field(min_length=1)
    default_language: Language
    timezone: str
    id_card: Literal["cccd", "th_id"]
    calendar: Literal["gregorian", "buddhist"]
    phone_region: str = Field(pattern=r"^[A-Z]{2}$")
    holidays_country: str = Field(pattern=r"^[A-Z]{2}$")
    services: tuple[str, ...]
    queue_categories: tuple[QueueCategory, ...] = Field(min_length=1)

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        ZoneInfo(value)
        return value

    def zone(self) -> tzinfo:
        return ZoneInfo(self.timezone)

    def queue_category(self, code: str) -> QueueCategory:
        for category in self.queue_categories:
            if category.code == code:
                return category
        raise KeyError(code)


def load_profile(resources: Path, code: str) -> Profile:
    """Reads and validates a profile; a bad or unknown one raises ``ConfigError`` with a plain sentence."""
    path = resources / "profiles" / f"{code}.toml"
    if not path.is_file():
        raise ConfigError(f"Unknown jurisdiction profile '{code}': expected one of vn, th.")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        profile = Profile.model_validate(raw)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"Profile file {path.name} is not valid TOML: {exc}.") from exc
    except ValidationError as exc:
        raise ConfigError(f"Profile file {path.name}: {describe_validation_error(exc)}.") from exc
    if profile.default_language not in profile.languages:
        raise ConfigError(f"Profile file {path.name}: default_language must be one of its languages.")
    return profile

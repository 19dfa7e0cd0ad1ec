"""What the attract screen needs before the application core has loaded.

The core (SQLAlchemy, pydantic validation, migrations) takes about half a second to
import and open; the attract screen should not wait for it. This module reads the few
settings the first frame shows, with the standard library only and leniently: anything
missing or malformed falls back to a default here, and the full validation that follows
(``kiosk.config``) reports it to the technician and stops the kiosk.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, NamedTuple

from kiosk.domain.languages import LANGUAGES, Language

DEFAULT_PROFILE = "vn"


class BootView(NamedTuple):
    """The first frame's settings. A named tuple rather than a dataclass: it is built before the
    first frame, where a frozen dataclass's generated methods cost about a millisecond."""

    profile: str
    languages: tuple[Language, ...]
    office_names: dict[str, str]
    calendar: str
    timezone: str
    high_contrast: bool
    large_text: bool

    def office_name(self, language: str) -> str:
        return self.office_names.get(language) or next(iter(self.office_names.values()), "")


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return {}


def _section(data: dict[str, Any], name: str) -> dict[str, Any]:
    value = data.get(name)
    return value if isinstance(value, dict) else {}


def read_boot_view(resources: Path, config_path: Path, profile_override: str | None = None) -> BootView:
    """The first frame's settings from ``config_path`` and its profile; never raises."""
    config = _read_toml(config_path)
    code = profile_override or config.get("profile") or DEFAULT_PROFILE
    profile = _read_toml(resources / "profiles" / f"{code}.toml") or _read_toml(
        resources / "profiles" / f"{DEFAULT_PROFILE}.toml"
    )
    offered = [lang for lang in profile.get("languages", []) if lang in LANGUAGES] or list(LANGUAGES)
    chosen = config.get("languages") if not profile_override else None
    if isinstance(chosen, list) and chosen and all(lang in offered for lang in chosen):
        offered = list(chosen)
    names = _section(profile, "name")
    office = _section(config, "office").get("name")
    office_names = {
        language: office if isinstance(office, str) and office else str(names.get(language, ""))
        for language in offered
    }
    display = _section(config, "display")
    return BootView(
        profile=str(code),
        languages=tuple(offered),
        office_names=office_names,
        calendar=str(profile.get("calendar", "gregorian")),
        timezone=str(profile.get("timezone", "UTC")),
        high_contrast=display.get("high_contrast") is True,
        large_text=display.get("large_text") is True,
    )

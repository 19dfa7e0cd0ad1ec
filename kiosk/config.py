"""The kiosk's configuration: ``kiosk.toml`` under ``KIOSK_HOME`` (or ``--config PATH``), validated.

A missing file means the defaults, and the defaults are written out so a technician
has a file to edit. Every error names the file and the setting, in one sentence.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kiosk.errors import ConfigError, describe_validation_error
from kiosk.profiles import Language, ProfileCode


class OfficeSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(default="000.00.74.H10", min_length=1, max_length=40)
    name: str = Field(default="", max_length=120)
    """Printed on slips and shown on screen; empty means the profile's generic office name."""
    kiosk_id: str = Field(default="kiosk-01", pattern=r"^[A-Za-z0-9._-]{1,40}$")


class SessionSettings(BaseModel):
    """Idle handling: the warning shows ``warning_s`` before the session ends."""

    model_config = ConfigDict(extra="forbid")
    idle_timeout_s: int = Field(default=60, ge=5, le=600)
    warning_s: int = Field(default=15, ge=1, le=120)
    goodbye_s: int = Field(default=8, ge=1, le=60)

    @model_validator(mode="after")
    def _warning_inside_timeout(self) -> SessionSettings:
        if self.warning_s >= self.idle_timeout_s:
            raise ValueError("warning_s must be shorter than idle_timeout_s")
        return self


class DisplaySettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    fullscreen: bool = False
    high_contrast: bool = False
    large_text: bool = False


class DeviceSettings(BaseModel):
    """Which devices the kiosk talks to. ``simulate`` swaps every device for its simulator."""

    model_config = ConfigDict(extra="forbid")
    simulate: bool = False
    printer: str = Field(default="file://slips/printer.bin", min_length=1)
    paper_width_mm: Literal[58, 80] = 80
    card_reader: str = ""
    card_backend: Literal["auto", "pcsc", "simulated", "none"] = "auto"
    printer_retry_s: float = Field(default=10.0, gt=0, le=3600)
    printer_model: str = Field(default="default", min_length=1)
    print_mode: Literal["raster", "native"] = "raster"


class ServerSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str = Field(default="http://127.0.0.1:8787", pattern=r"^https?://")
    embedded: bool = False
    timeout_s: float = Field(default=5.0, gt=0, le=60)


class KioskConfig(BaseModel):
    """The whole validated configuration of one kiosk."""

    model_config = ConfigDict(extra="forbid")
    profile: ProfileCode = "vn"
    languages: tuple[Language, ...] = ()
    office: OfficeSettings = OfficeSettings()
    session: SessionSettings = SessionSettings()
    display: DisplaySettings = DisplaySettings()
    devices: DeviceSettings = DeviceSettings()
    server: ServerSettings = ServerSettings()

    def with_overrides(self, **changes: Any) -> KioskConfig:
        """A copy with dotted settings changed, validated again (used by command-line flags)."""
        data = self.model_dump()
        for dotted, value in changes.items():
            target = data
            *parents, leaf = dotted.split("__")
            for parent in parents:
                target = target[parent]
            target[leaf] = value
        return KioskConfig.model_validate(data)


DEFAULT_CONFIG_TEXT = """\
# Kiosk configuration. Every setting is optional; these are the defaults.
profile = "vn"            # jurisdiction profile: "vn" or "th"
languages = []            # languages offered, first is the default; empty = the profile's

[office]
code = "000.00.74.H10"    # agency code, also the prefix of dossier codes
name = ""                 # e.g. "UBND xã Tân Lập"; empty = the profile's generic name
kiosk_id = "kiosk-01"

[session]
idle_timeout_s = 60       # an idle session ends after this many seconds
warning_s = 15            # "Do you need more time?" shows this long before the end
goodbye_s = 8             # the closing screen stays this long

[display]
fullscreen = false
high_contrast = false
large_text = false

[devices]
simulate = false          # true: every device is its simulator
printer = "file://slips/printer.bin"   # relative file paths are under KIOSK_HOME
paper_width_mm = 80       # 80 or 58
printer_retry_s = 10.0    # how often slips waiting for the printer (no paper, offline) are retried
printer_model = "default" # python-escpos printer profile (e.g. "TM-T88V"): which code pages it has
print_mode = "raster"     # "raster": every slip as an image (any script, any printer);
                          # "native": printer text where its code pages can spell it (far fewer bytes)
card_reader = ""          # PC/SC reader name (or part of it); empty = any reader
card_backend = "auto"     # "pcsc", "simulated" (in-process), "none"; auto = pcsc, or simulated with simulate

[server]
url = "http://127.0.0.1:8787"
embedded = false          # true: start a local server inside the kiosk (demos, offline trials)
timeout_s = 5.0
"""


def load_config(path: Path, *, create: bool = False) -> KioskConfig:
    """Reads ``path``; if it does not exist returns the defaults (and writes them when ``create``)."""
    if not path.exists():
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(DEFAULT_CONFIG_TEXT, encoding="utf-8")
        return KioskConfig()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"Configuration file {path} is not valid TOML: {exc}.") from exc
    except OSError as exc:
        raise ConfigError(f"Configuration file {path} cannot be read: {exc.strerror}.") from exc
    try:
        return KioskConfig.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(f"Configuration file {path}: {describe_validation_error(exc)}.") from exc

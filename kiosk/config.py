"""The kiosk's configuration: ``kiosk.toml`` under ``KIOSK_HOME`` (or ``--config PATH``), validated.

A missing file means the defaults, and the defaults are written out so a technician
has a file to edit. Every error names the file and the setting, in one sentence.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

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
    trust_store: str = Field(default="", max_length=500)
    """Folder of CSCA certificates chip IDs (CCCD) are verified against; relative to KIOSK_HOME.
    Empty: ``csca/`` under KIOSK_HOME, or the virtual cards' test certificates when simulating."""
    printer_retry_s: float = Field(default=10.0, gt=0, le=3600)
    printer_model: str = Field(default="default", min_length=1)
    print_mode: Literal["raster", "native"] = "raster"
    fingerprint_port: str = ""
    """Serial port of the fingerprint module (e.g. ``/dev/ttyUSB0``); empty: none. With
    ``simulate`` the kiosk starts a virtual module on a pseudo-terminal instead."""
    fingerprint_baud: int = Field(default=57600, ge=9600, le=115200, multiple_of=9600)
    fingerprint_password: int = Field(default=0, ge=0, le=0xFFFFFFFF)
    camera: str = Field(default="auto", min_length=1, max_length=500)
    """``auto`` (the simulated camera with ``simulate``, else device 0), ``none``, a device index
    or node (``0``, ``/dev/video0``), or a recording: a video file, an image, a folder of images
    or a numbered pattern (``frames/%03d.png``); relative paths are under KIOSK_HOME."""
    camera_width: int = Field(default=1280, ge=320, le=3840)
    camera_height: int = Field(default=720, ge=240, le=2160)
    camera_fps: float = Field(default=15.0, gt=0, le=60)


class TechnicianSettings(BaseModel):
    """Technician mode: the PIN's scrypt hash (``kiosk technician hash-pin``) and its lockout."""

    model_config = ConfigDict(extra="forbid")
    pin_hash: str = Field(default="", pattern=r"^(|scrypt\$.+)$")
    max_attempts: int = Field(default=5, ge=1, le=20)
    lockout_s: int = Field(default=300, ge=10, le=86_400)


class EnrollmentSettings(BaseModel):
    """Assisted enrollment at an officer's counter."""

    model_config = ConfigDict(extra="forbid")
    activation_ttl_s: int = Field(default=600, ge=60, le=3600)


class ServerSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str = Field(default="http://127.0.0.1:8787", pattern=r"^https?://")
    embedded: bool = False
    timeout_s: float = Field(default=5.0, gt=0, le=60)
    ca_file: str = ""
    """PEM file of the certificate authorities trusted for the server's HTTPS, relative to
    KIOSK_HOME unless absolute (a government network's own CA); empty: the public authorities."""
    allow_plain_http: bool = False
    """A lab's explicit opt-in to a plain ``http://`` URL for another machine (loudly warned
    about at every start). Without it such a URL is refused: only loopback may go unencrypted."""

    @model_validator(mode="after")
    def _no_plain_http_to_network(self) -> ServerSettings:
        from sync.client.http import PlainHttpRefused, check_server_url

        try:
            check_server_url(self.url, allow_plain_http=self.allow_plain_http)
        except PlainHttpRefused as exc:
            raise PydanticCustomError("plain_http", exc.message.rstrip(".")) from exc
        return self


class SyncSettings(BaseModel):
    """Store and forward: how the sync worker uploads, backs off, leases numbers and purges.

    The server it talks to is the one the kiosk was enrolled with (``kiosk sync enroll``);
    ``server.url`` is only the default for enrollment and the doctor's check.
    """

    model_config = ConfigDict(extra="forbid")
    enabled: bool = True
    batch_size: int = Field(default=250, ge=1, le=500)
    poll_s: float = Field(default=5.0, gt=0, le=3600)
    backoff_base_s: float = Field(default=2.0, gt=0, le=600)
    backoff_cap_s: float = Field(default=300.0, gt=0, le=86_400)
    heartbeat_s: float = Field(default=60.0, ge=5, le=3600)
    personal_retention_h: float = Field(default=0.0, ge=0, le=24 * 365)
    """Hours the sealed personal fields stay after the server acknowledged them (0: purged at once)."""
    keep_acknowledged_days: int = Field(default=90, ge=1, le=3650)
    lease_block: int = Field(default=50, ge=1, le=999)
    lease_low_water: int = Field(default=15, ge=0, le=999)
    lease_days_ahead: int = Field(default=1, ge=0, le=14)
    fallback_ticket_numbers: str = Field(default="901-999", pattern=r"^\d{1,3}-\d{1,3}$")
    """Ticket numbers this kiosk issues when it holds no lease (offline too long, or none left),
    while it is not enrolled or was enrolled before the server gave blocks: an enrolled kiosk
    uses the block the server gave it (``kiosk.office_identity``)."""
    dossier_series: tuple[str, ...] = ()
    """Dossier-code prefixes to lease ranges for (the dossier services name theirs)."""
    slot_places: int = Field(default=0, ge=0, le=100)
    """Places of each coming appointment slot to hold for booking offline (0: none)."""

    @model_validator(mode="after")
    def _block_in_range(self) -> SyncSettings:
        first, _, last = self.fallback_ticket_numbers.partition("-")
        if not 1 <= int(first) <= int(last) <= 999:
            raise ValueError("fallback_ticket_numbers must be FIRST-LAST within 1-999")
        return self


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
    sync: SyncSettings = SyncSettings()
    mode: Literal["citizen", "counter"] = "citizen"
    """``counter``: an officer's counter kiosk, whose home screen is the officer's sign-in."""
    technician: TechnicianSettings = TechnicianSettings()
    enrollment: EnrollmentSettings = EnrollmentSettings()

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
mode = "citizen"          # "citizen" self-service, or "counter": an officer's counter (assisted enrollment)

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
trust_store = ""          # CSCA certificates for chip IDs (folder, relative = under KIOSK_HOME);
                          # empty = "csca", or the virtual cards' test CSCA when simulating
fingerprint_port = ""     # fingerprint module's serial port, e.g. "/dev/ttyUSB0"; empty = none
fingerprint_baud = 57600
fingerprint_password = 0
camera = "auto"           # "auto" (simulated with simulate, else device 0), "none", "0", "/dev/video0",
                          # or a recording: a video, an image, a folder of images, "frames/%03d.png"
camera_width = 1280       # asked of the camera; pictures are analysed at this size
camera_height = 720
camera_fps = 15.0         # frames per second (recordings are played at this rate)

[server]
url = "http://127.0.0.1:8787"
embedded = false          # true: start a local server inside the kiosk (demos, offline trials)
timeout_s = 5.0
allow_plain_http = false  # true: allow http:// to another machine (a lab only; warned at every start)

[sync]
enabled = true            # false: nothing is sent (the outbox keeps everything)
batch_size = 250          # transactions per upload (at most 500)
poll_s = 5.0              # how often the outbox is looked at while online
backoff_base_s = 2.0      # first wait after a failed upload; doubles each time (with jitter)
backoff_cap_s = 300.0     # longest wait between two attempts
heartbeat_s = 60.0        # how often the kiosk reports its backlog and devices
personal_retention_h = 0  # hours personal data stays after the server has it (0: removed at once)
keep_acknowledged_days = 90   # acknowledged rows (no personal data) are deleted after this
lease_block = 50          # ticket numbers asked for at a time
lease_low_water = 15      # ask for more when fewer than this are left
lease_days_ahead = 1      # also hold numbers for the next days (offline overnight)
fallback_ticket_numbers = "901-999"   # with no lease left, until the server gives this kiosk its own block
dossier_series = []       # dossier-code prefixes to hold number ranges for
slot_places = 0           # places of each coming appointment slot held for booking offline

[technician]
pin_hash = ""             # scrypt hash of the technician PIN ("kiosk technician hash-pin"); empty = no technician mode
max_attempts = 5          # wrong PINs in a row before the lockout
lockout_s = 300           # how long technician mode stays locked after them

[enrollment]
activation_ttl_s = 600    # how long the activation QR code shown to the citizen can be used
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

"""The composition root: reads the configuration and builds every part of one kiosk.

Nothing else constructs drivers, databases or services; each part receives what it
needs from here. No globals: two ``Kiosk`` objects (two ``KIOSK_HOME`` folders) can
live in one process, which is how tests run several kiosks side by side.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from drivers.card.base import CardReader
from drivers.card.none import NoCardReader
from drivers.card.simulated import SimulatedCardReader
from drivers.fingerprint.base import FingerprintScanner
from drivers.printer.compose import PrinterProfile
from drivers.printer.escpos_printer import EscposPrinter
from drivers.printer.layout import SlipFonts
from kiosk.camera import Vision, camera_source_text, make_camera
from kiosk.clock import Clock, SystemClock
from kiosk.config import KioskConfig, load_config
from kiosk.errors import ConfigError
from kiosk.flows.engine import Flow
from kiosk.flows.own_data import OwnDataContext, OwnDataFlow
from kiosk.flows.queue_ticket import QueueContext, QueueTicketFlow, TicketResult
from kiosk.flows.session import CitizenSession, SessionContext, read_chip_with
from kiosk.i18n import Catalog
from kiosk.office_identity import OfficeIdentity, decide_office_identity
from kiosk.paths import CONFIG_FILE_NAME, kiosk_home, resources_dir
from kiosk.profiles import Language, Profile, load_profile
from kiosk.services.fingerprint import FingerprintService, ScriptedFinger
from kiosk.services.printing import PrinterWorker, SlipPrinting
from kiosk.services.queue import QueueService
from kiosk.services.staff import StaffServices, build_staff_services
from kiosk.slips import queue_ticket_slip
from kiosk.storage.database import open_database, session_factory
from sync.keystore import KeyStore

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from drivers.camera.base import Camera
    from drivers.fingerprint.simulator import VirtualFingerprintModule
    from kiosk.services.numbering import NumberDrawer
    from sync.client.identity import DeviceIdentity
    from sync.protocol import AuditHead, DeviceHealth
    from sync.server.embedded import EmbeddedServer
    from sync.worker import SyncWorker

log = logging.getLogger(__name__)

DATABASE_FILE_NAME = "kiosk.sqlite3"
QUEUE_TICKET = "queue_ticket"
CHECK_OWN_DATA = "check_own_data"
# Services that have a flow; the menu shows the profile's services that appear here.
AVAILABLE_SERVICES = (QUEUE_TICKET, CHECK_OWN_DATA)


@dataclass
class Kiosk:
    """One kiosk, fully wired. Close it to release the database and stop the devices."""

    home: Path
    config: KioskConfig
    profile: Profile
    clock: Clock
    catalog: Catalog
    engine: Engine
    sessions: sessionmaker[Session]
    queue: QueueService
    printing: SlipPrinting
    printer_worker: PrinterWorker
    card_reader: CardReader
    keystore: KeyStore
    server_url: str
    resources: Path
    office_identity: OfficeIdentity
    """The office and kiosk id everything this kiosk records carries (the enrolled ones win
    over ``kiosk.toml``; ``kiosk.office_identity``)."""
    embedded_server: EmbeddedServer | None = None
    fingerprint: FingerprintService = field(default_factory=lambda: FingerprintService(None))
    """The fingerprint module behind its worker thread (``kiosk.services.fingerprint``)."""
    virtual_fingerprint: VirtualFingerprintModule | None = None
    """The simulated module (``--simulate``) and the demo finger scripted on it."""
    scripted_finger: ScriptedFinger | None = None
    staff: StaffServices | None = None
    """Technicians' and officers' services (``kiosk.services.staff``)."""
    sync: SyncWorker | None = None
    """The sync worker (built, not started: the window or ``kiosk run`` starts it; command-line
    tools run its cycle in the foreground). ``None`` when ``sync.enabled`` is false."""
    camera_factory: Callable[[], Camera | None] = field(default=lambda: None, repr=False)
    """Builds the camera (``kiosk.camera.make_camera``); called once, by the first use of ``camera``."""
    vision: Vision | None = None
    _camera: Camera | None = field(default=None, repr=False)
    _camera_built: bool = field(default=False, repr=False)
    _closed: bool = field(default=False, repr=False)

    @property
    def camera(self) -> Camera | None:
        """The camera (``kiosk.camera``), not started: the capture screens start and stop it.

        Built on first use, so a kiosk that is not photographing anyone has not loaded OpenCV
        and NumPy (about 50 MB resident). ``None`` when the kiosk has no camera."""
        if not self._camera_built:
            self._camera = self.camera_factory()
            self._camera_built = True
        return self._camera

    @camera.setter
    def camera(self, camera: Camera | None) -> None:
        self._camera = camera
        self._camera_built = True

    @property
    def has_camera(self) -> bool:
        """Whether the kiosk has a camera, without building it (a screen deciding to offer one)."""
        return (
            self._camera is not None
            if self._camera_built
            else camera_source_text(self.config, self.home) is not None
        )

    @property
    def languages(self) -> tuple[Language, ...]:
        return self.config.languages or self.profile.languages

    @property
    def services(self) -> tuple[str, ...]:
        return tuple(name for name in self.profile.services if name in AVAILABLE_SERVICES)

    def office_name(self, language: Language) -> str:
        return self.config.office.name or self.profile.name.in_language(language)

    def new_session(self) -> CitizenSession:
        """A fresh citizen session in the default language, knowing nobody."""
        languages = self.languages
        today = self.clock.now().astimezone(self.profile.zone()).date()
        context = SessionContext(
            profile=self.profile,
            languages=languages,
            language=languages[0],
            current_year=today.year,
            services=self.services,
            today=today,
        )
        return CitizenSession(context, self._open_service, read_chip_with(self.card_reader))

    def _open_service(self, name: str, session: SessionContext) -> Flow[Any, Any]:
        if name == QUEUE_TICKET:
            context = QueueContext(language=session.language, categories=self.profile.queue_categories)
            return QueueTicketFlow(context, self.issue_and_print_ticket)
        if name == CHECK_OWN_DATA:
            card = session.citizen.card if session.citizen is not None else None
            photo = session.citizen.photo if session.citizen is not None else b""
            return OwnDataFlow(OwnDataContext(language=session.language, card=card, photo=photo))
        raise ConfigError(f"Service '{name}' has no flow on this kiosk.")

    def issue_and_print_ticket(self, category_code: str, language: Language) -> TicketResult:
        """Blocking: commits the ticket (durable before anything is shown), then prints it."""
        ticket = self.queue.issue_ticket(category_code, language)
        if self.sync is not None:
            self.sync.kick()
        blocks = queue_ticket_slip(
            ticket,
            office_name=self.office_name(language),
            profile=self.profile,
            language=language,
            catalog=self.catalog,
        )
        outcome = self.printer_worker.call(
            lambda: self.printing.print_slip(
                blocks, name=f"ticket-{ticket.transaction_id}", kind="queue_ticket"
            )
        )
        return TicketResult(
            ticket=ticket,
            printed=outcome.printed,
            print_problem=outcome.problem,
            slip_preview=str(outcome.preview) if outcome.preview else None,
        )

    def start_sync(self) -> None:
        """Starts the sync worker's thread (once). Never blocks: the thread does the network."""
        if self.sync is not None:
            self.sync.start()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self.sync is not None:
            self.sync.stop()
        self.card_reader.stop()
        if self._camera is not None:  # a camera never built has nothing to stop
            self._camera.stop()
        self.printer_worker.stop()
        self.fingerprint.close()
        if self.virtual_fingerprint is not None:
            self.virtual_fingerprint.close()
        if self.staff is not None:
            self.staff.close()
        if self.embedded_server is not None:
            self.embedded_server.stop()
        self.engine.dispose()


def card_trust_store(config: KioskConfig, home: Path, resources: Path) -> Path:
    """The CSCA folder chip IDs are verified against: the configured one (relative to
    ``home``), else the virtual cards' test CSCA when simulating, else ``home/csca``."""
    configured = config.devices.trust_store
    if configured:
        path = Path(configured).expanduser()
        return path if path.is_absolute() else home / path
    if config.devices.simulate:
        return resources / "cards" / "vn" / "trust"
    return home / "csca"


def server_ca_file(config: KioskConfig, home: Path) -> Path | None:
    """``server.ca_file`` resolved against ``home``; None for the public authorities.
    Raises ``ConfigError`` when the file is not there."""
    configured = config.server.ca_file
    if not configured:
        return None
    path = Path(configured).expanduser()
    path = path if path.is_absolute() else home / path
    if not path.is_file():
        raise ConfigError(f"server.ca_file: the certificate authority file {path} does not exist.")
    from sync.client.http import TrustError, tls_trust

    try:
        tls_trust(path)
    except TrustError as exc:
        raise ConfigError(f"server.ca_file: {exc.message}") from exc
    return path


def make_card_reader(config: KioskConfig, trust_store: Path | None = None) -> CardReader:
    backend = config.devices.card_backend
    if backend == "auto":
        backend = "simulated" if config.devices.simulate else "pcsc"
    if backend == "simulated":
        return SimulatedCardReader(trust_store=trust_store)
    if backend == "pcsc":
        from drivers.card.pcsc import PcscCardReader

        return PcscCardReader(config.devices.card_reader, trust_store=trust_store)
    return NoCardReader()


def make_fingerprint_service(
    config: KioskConfig,
) -> tuple[FingerprintService, VirtualFingerprintModule | None, ScriptedFinger | None]:
    """The fingerprint module from ``devices.fingerprint_*``; with ``simulate``, a virtual module
    on a pseudo-terminal with a scripted demo finger (placed 1.5 s after the kiosk asks for it).
    The port is opened on the service's worker thread when first used, never here."""
    devices = config.devices
    if devices.simulate:
        from drivers.fingerprint.simulator import VirtualFingerprintModule

        module = VirtualFingerprintModule(
            baud=devices.fingerprint_baud, password=devices.fingerprint_password
        )
        finger = ScriptedFinger(module, delay_s=1.5)
        port = module.port_path
    elif devices.fingerprint_port:
        module, finger, port = None, None, devices.fingerprint_port
    else:
        return FingerprintService(None), None, None

    def open_scanner() -> FingerprintScanner:
        from drivers.fingerprint.zfm import ZfmScanner

        return ZfmScanner.open(port, baud=devices.fingerprint_baud, password=devices.fingerprint_password)

    service = FingerprintService(
        open_scanner, finger=finger, description=f"{port} @ {devices.fingerprint_baud} baud"
    )
    return service, module, finger


def slip_fonts(resources: Path) -> SlipFonts:
    fonts = resources / "fonts"
    return SlipFonts(
        latin_regular=fonts / "NotoSans-Regular.ttf",
        latin_bold=fonts / "NotoSans-Bold.ttf",
        thai_regular=fonts / "NotoSansThai-Regular.ttf",
        thai_bold=fonts / "NotoSansThai-Bold.ttf",
    )


def read_config(home: Path, config_path: Path | None = None, *, create: bool = False) -> KioskConfig:
    return load_config(config_path or home / CONFIG_FILE_NAME, create=create)


def build_kiosk(
    config: KioskConfig,
    *,
    home: Path | None = None,
    clock: Clock | None = None,
    start_embedded_server: bool | None = None,
) -> Kiosk:
    """Wires a kiosk from ``config``: opens and migrates the database, chooses real or simulated
    devices, and (when configured) starts the embedded server. Raises ``ConfigError`` on bad settings."""
    home = home or kiosk_home()
    resources = resources_dir()
    profile = load_profile(resources, config.profile)
    unknown = [language for language in config.languages if language not in profile.languages]
    if unknown:
        raise ConfigError(f"Languages {', '.join(unknown)} are not offered by profile '{profile.code}'.")
    clock = clock or SystemClock()
    engine = open_database(home / DATABASE_FILE_NAME)  # DamagedDatabaseError: one sentence, status 1
    sessions = session_factory(engine)
    keystore = KeyStore.open(home)
    printer = EscposPrinter(
        config.devices.printer,
        paper_width_mm=config.devices.paper_width_mm,
        home=home,
        profile=PrinterProfile(model=config.devices.printer_model, mode=config.devices.print_mode),
    )
    card_reader = make_card_reader(config, card_trust_store(config, home, resources))
    fingerprint, virtual_fingerprint, scripted_finger = make_fingerprint_service(config)
    server: EmbeddedServer | None = None
    server_url = config.server.url
    embedded = config.server.embedded if start_embedded_server is None else start_embedded_server
    if embedded:
        from sync.server.embedded import EmbeddedServer  # FastAPI loads only when a server is embedded

        server = EmbeddedServer()
        server.start()
        server_url = server.url
    enrolled = enrolled_identity(config, home, server)
    # Decided once, here: every service below records for this office and kiosk id.
    office = decide_office_identity(config, enrolled)
    if office.office_differs:
        log.warning("%s", office.office_mismatch())
    staff = build_staff_services(
        home,
        sessions=sessions,
        clock=clock,
        keystore=keystore,
        office_code=office.office_code,
        kiosk_id=office.kiosk_id,
        profile=config.profile,
        pin_hash=config.technician.pin_hash,
        max_attempts=config.technician.max_attempts,
        lockout_s=config.technician.lockout_s,
        activation_ttl_s=config.enrollment.activation_ttl_s,
        simulate=config.devices.simulate,
    )
    # The card reader starts watching when a screen subscribes to it (KioskWindow); command-line
    # tools that only touch the database or the printer never start PC/SC monitoring threads.
    printing = SlipPrinting(printer, slip_fonts(resources), home / "slips", sessions, clock)
    printer_worker = PrinterWorker(printing, retry_s=config.devices.printer_retry_s)
    printer_worker.start()
    sync_worker, ticket_numbers = make_sync(
        config,
        home=home,
        sessions=sessions,
        keystore=keystore,
        profile=profile,
        clock=clock,
        office=office,
        in_memory=enrolled if server is not None else None,
        device_health=lambda: device_health(printing, card_reader),
    )
    return Kiosk(
        home=home,
        config=config,
        profile=profile,
        clock=clock,
        catalog=Catalog(resources / "translations"),
        engine=engine,
        sessions=sessions,
        queue=QueueService(
            sessions,
            profile,
            clock,
            office_code=office.office_code,
            kiosk_id=office.kiosk_id,
            numbers=ticket_numbers,
        ),
        printing=printing,
        printer_worker=printer_worker,
        card_reader=card_reader,
        keystore=keystore,
        server_url=server_url,
        resources=resources,
        office_identity=office,
        embedded_server=server,
        fingerprint=fingerprint,
        virtual_fingerprint=virtual_fingerprint,
        scripted_finger=scripted_finger,
        staff=staff,
        sync=sync_worker,
        camera_factory=lambda: make_camera(config, home, resources),
        vision=Vision(resources),
    )


def enrolled_identity(
    config: KioskConfig, home: Path, embedded: EmbeddedServer | None
) -> DeviceIdentity | None:
    """The enrollment the kiosk works under: with an embedded server (demos), a fresh one made
    on the spot, in memory only, so a real enrollment on disk is never overwritten; else the
    one on disk, ``None`` when there is none or it is damaged (the sync worker reports that)."""
    from sync.client.identity import DeviceIdentity, IdentityError

    if embedded is not None:
        from sync.client.http import enroll_device

        code = embedded.issue_enrollment_code(config.office.code, config.profile)
        return enroll_device(embedded.url, code, label=config.office.kiosk_id, software_version="embedded")
    try:
        return DeviceIdentity.load(home)
    except IdentityError:
        return None


def audit_head(sessions: sessionmaker[Session]) -> AuditHead:
    """The audit chain's head as the heartbeat carries it (``kiosk.storage.audit_chain``)."""
    from kiosk.storage.audit_chain import chain_head
    from sync.protocol import AuditHead

    with sessions() as session:
        head = chain_head(session)
    return AuditHead(count=head.count, head=head.head)


def make_sync(
    config: KioskConfig,
    *,
    home: Path,
    sessions: sessionmaker[Session],
    keystore: KeyStore,
    profile: Profile,
    clock: Clock,
    office: OfficeIdentity,
    in_memory: DeviceIdentity | None = None,
    device_health: Callable[[], Mapping[str, DeviceHealth]] | None = None,
) -> tuple[SyncWorker | None, NumberDrawer]:
    """The sync worker (not started) and where ticket numbers come from.

    A kiosk enrolled when it started (``office.enrolled``) numbers tickets from the server's
    leases, then the fallback block the server gave it; a kiosk with no server numbers them
    locally. ``in_memory`` is an embedded server's enrollment (:func:`enrolled_identity`),
    used instead of the one on disk; its worker leases numbers at its first cycle.
    """
    from kiosk.services.numbering import KioskNumbers
    from sync.client.identity import DeviceIdentity
    from sync.protocol import TICKETS_PER_SERIES_PER_DAY, NumberSeries

    settings = config.sync

    def identity() -> DeviceIdentity | None:
        return in_memory if in_memory is not None else DeviceIdentity.load(home)

    # Decided at start-up with the office: tickets numbered from leases carry the enrolled
    # office and kiosk id, never the configured ones (the server would refuse them).
    numbers = KioskNumbers(
        lambda: office.enrolled,
        NumberSeries.TICKET_NUMBERS,
        office.fallback_ticket_numbers,
        last=TICKETS_PER_SERIES_PER_DAY,
    )
    if not settings.enabled:
        return None, numbers
    from datetime import timedelta

    from sync.worker import SyncSettings, SyncWorker

    worker = SyncWorker(
        home=home,
        sessions=sessions,
        keystore=keystore,
        identity=identity,
        today=lambda: clock.now().astimezone(profile.zone()).date(),
        settings=SyncSettings(
            batch_size=settings.batch_size,
            poll_s=settings.poll_s,
            backoff_base_s=settings.backoff_base_s,
            backoff_cap_s=settings.backoff_cap_s,
            heartbeat_s=settings.heartbeat_s,
            timeout_s=max(config.server.timeout_s, 10.0),
            personal_retention=timedelta(hours=settings.personal_retention_h),
            keep_acknowledged=timedelta(days=settings.keep_acknowledged_days),
            lease_block=settings.lease_block,
            lease_low_water=settings.lease_low_water,
            lease_days_ahead=settings.lease_days_ahead,
            slot_places=settings.slot_places,
            ca_file=server_ca_file(config, home),
            allow_plain_http=config.server.allow_plain_http,
        ),
        ticket_series=[category.code for category in profile.queue_categories],
        dossier_series=settings.dossier_series,
        device_health=device_health,
        audit_head=lambda: audit_head(sessions),
        software_version=software_version(),
    )
    return worker, numbers


def software_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("district-kiosk")
    except PackageNotFoundError:
        return "0+source"


def device_health(printing: SlipPrinting, card_reader: CardReader) -> dict[str, DeviceHealth]:
    """What the heartbeat says about the devices (no personal data, no device I/O)."""
    from sync.protocol import DeviceHealth, DeviceStatus

    waiting = printing.backlog()
    stuck = waiting.get("pending", 0) + waiting.get("uncertain", 0)
    printer = DeviceHealth(
        status=DeviceStatus.DEGRADED if stuck else DeviceStatus.OK,
        detail=f"{stuck} slip(s) waiting for the printer" if stuck else None,
    )
    card = DeviceHealth(
        status=DeviceStatus.ABSENT if isinstance(card_reader, NoCardReader) else DeviceStatus.OK,
        detail=type(card_reader).__name__,
    )
    return {"printer": printer, "card_reader": card}

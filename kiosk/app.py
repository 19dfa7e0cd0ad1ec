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
from drivers.printer.compose import PrinterProfile
from drivers.printer.escpos_printer import EscposPrinter
from drivers.printer.layout import SlipFonts
from kiosk.clock import Clock, SystemClock
from kiosk.config import KioskConfig, load_config
from kiosk.errors import ConfigError
from kiosk.flows.engine import Flow
from kiosk.flows.own_data import OwnDataContext, OwnDataFlow
from kiosk.flows.queue_ticket import QueueContext, QueueTicketFlow, TicketResult
from kiosk.flows.session import CitizenSession, SessionContext
from kiosk.i18n import Catalog
from kiosk.paths import CONFIG_FILE_NAME, kiosk_home, resources_dir
from kiosk.profiles import Language, Profile, load_profile
from kiosk.services.printing import PrinterWorker, SlipPrinting
from kiosk.services.queue import QueueService
from kiosk.slips import queue_ticket_slip
from kiosk.storage.database import migrate, open_engine, session_factory
from sync.keystore import KeyStore

if TYPE_CHECKING:
    from sync.server.embedded import EmbeddedServer

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
    embedded_server: EmbeddedServer | None = None
    _closed: bool = field(default=False, repr=False)

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
        context = SessionContext(
            profile=self.profile,
            languages=languages,
            language=languages[0],
            current_year=self.clock.now().astimezone(self.profile.zone()).year,
            services=self.services,
        )
        return CitizenSession(context, self._open_service)

    def _open_service(self, name: str, session: SessionContext) -> Flow[Any, Any]:
        if name == QUEUE_TICKET:
            context = QueueContext(language=session.language, categories=self.profile.queue_categories)
            return QueueTicketFlow(context, self.issue_and_print_ticket)
        if name == CHECK_OWN_DATA:
            card = session.citizen.card if session.citizen is not None else None
            return OwnDataFlow(OwnDataContext(language=session.language, card=card))
        raise ConfigError(f"Service '{name}' has no flow on this kiosk.")

    def issue_and_print_ticket(self, category_code: str, language: Language) -> TicketResult:
        """Blocking: commits the ticket (durable before anything is shown), then prints it."""
        ticket = self.queue.issue_ticket(category_code, language)
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

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.card_reader.stop()
        self.printer_worker.stop()
        if self.embedded_server is not None:
            self.embedded_server.stop()
        self.engine.dispose()


def make_card_reader(config: KioskConfig) -> CardReader:
    backend = config.devices.card_backend
    if backend == "auto":
        backend = "simulated" if config.devices.simulate else "pcsc"
    if backend == "simulated":
        return SimulatedCardReader()
    if backend == "pcsc":
        from drivers.card.pcsc import PcscCardReader

        return PcscCardReader(config.devices.card_reader)
    return NoCardReader()


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
    engine = open_engine(home / DATABASE_FILE_NAME)
    migrate(engine)
    sessions = session_factory(engine)
    keystore = KeyStore.open(home)
    printer = EscposPrinter(
        config.devices.printer,
        paper_width_mm=config.devices.paper_width_mm,
        home=home,
        profile=PrinterProfile(model=config.devices.printer_model, mode=config.devices.print_mode),
    )
    card_reader = make_card_reader(config)
    server: EmbeddedServer | None = None
    server_url = config.server.url
    embedded = config.server.embedded if start_embedded_server is None else start_embedded_server
    if embedded:
        from sync.server.embedded import EmbeddedServer  # FastAPI loads only when a server is embedded

        server = EmbeddedServer()
        server.start()
        server_url = server.url
    # The card reader starts watching when a screen subscribes to it (KioskWindow); command-line
    # tools that only touch the database or the printer never start PC/SC monitoring threads.
    printing = SlipPrinting(printer, slip_fonts(resources), home / "slips", sessions, clock)
    printer_worker = PrinterWorker(printing, retry_s=config.devices.printer_retry_s)
    printer_worker.start()
    return Kiosk(
        home=home,
        config=config,
        profile=profile,
        clock=clock,
        catalog=Catalog(resources / "translations"),
        engine=engine,
        sessions=sessions,
        queue=QueueService(
            sessions, profile, clock, office_code=config.office.code, kiosk_id=config.office.kiosk_id
        ),
        printing=printing,
        printer_worker=printer_worker,
        card_reader=card_reader,
        keystore=keystore,
        server_url=server_url,
        resources=resources,
        embedded_server=server,
    )

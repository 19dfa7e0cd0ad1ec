"""What each printed slip says, laid out as blocks for ``drivers.printer.layout``."""

from __future__ import annotations

from drivers.printer.layout import Block, Gap, QrCode, Rule, Text
from kiosk.domain.calendar import format_datetime
from kiosk.domain.queue import IssuedTicket
from kiosk.i18n import QT_TRANSLATE_NOOP, Catalog
from kiosk.profiles import Language, Profile

SLIP = "Slip"
TICKET_TITLE = QT_TRANSLATE_NOOP("Slip", "QUEUE TICKET")
YOUR_NUMBER = QT_TRANSLATE_NOOP("Slip", "Your number")
PEOPLE_AHEAD = QT_TRANSLATE_NOOP("Slip", "People ahead of you: %1")
ESTIMATED_WAIT = QT_TRANSLATE_NOOP("Slip", "Estimated wait: about %1 minutes")
ISSUED_AT = QT_TRANSLATE_NOOP("Slip", "Issued: %1")
WATCH_SCREEN = QT_TRANSLATE_NOOP("Slip", "Please wait until your number is called.")


def _t(catalog: Catalog, language: Language, source: str, *args: object) -> str:
    text = catalog.translate(language, SLIP, source)
    for index, value in enumerate(args, start=1):
        text = text.replace(f"%{index}", str(value))
    return text


def queue_ticket_slip(
    ticket: IssuedTicket,
    *,
    office_name: str,
    profile: Profile,
    language: Language,
    catalog: Catalog,
) -> list[Block]:
    """The queue ticket: office, big number, service, people ahead, wait, time, QR of the ticket."""
    category = profile.queue_category(ticket.category_code)
    issued_local = ticket.issued_at.astimezone(profile.zone())
    return [
        Text(office_name, size=26, bold=True, align="center"),
        Text(_t(catalog, language, TICKET_TITLE), size=24, align="center"),
        Rule(),
        Text(_t(catalog, language, YOUR_NUMBER), size=26, align="center"),
        Text(ticket.label, size=120, bold=True, align="center"),
        Text(category.name.in_language(language), size=28, bold=True, align="center"),
        Gap(8),
        Text(_t(catalog, language, PEOPLE_AHEAD, ticket.people_ahead), size=26, align="center"),
        Text(_t(catalog, language, ESTIMATED_WAIT, ticket.estimated_wait_min), size=26, align="center"),
        Text(
            _t(catalog, language, ISSUED_AT, format_datetime(issued_local, profile.calendar)),
            size=24,
            align="center",
        ),
        Gap(8),
        QrCode(f"TICKET:{ticket.transaction_id}", module_px=4),
        Text(_t(catalog, language, WATCH_SCREEN), size=24, align="center"),
        Gap(24),
    ]

"""One mapping from card-reader events to the session and the window's notices."""

from __future__ import annotations

import pytest

from demo.cards import demo_card_holder
from drivers.card.base import (
    CardEvent,
    CardHolder,
    CardInserted,
    CardNeedsAccess,
    CardReadFailed,
    CardReading,
    CardRemovedFromReader,
    ReadersChanged,
)
from kiosk.flows.card_events import (
    CardUnreadable,
    CardUpdate,
    ChipProgress,
    ReadingCard,
    card_update,
    session_event_for,
)
from kiosk.flows.engine import CardRemoved
from kiosk.flows.session import CardRead, ChipPresented, CitizenIdentity
from kiosk.paths import resources_dir
from kiosk.profiles import load_profile

READER = "Simulated reader 0"


def somchai() -> CardHolder:
    return demo_card_holder(load_profile(resources_dir(), "th"), resources_dir())


def every_reader_event() -> list[tuple[CardEvent, CardUpdate | None]]:
    """Each kind of reader event (and each variant the kiosk tells apart), with what it means."""
    holder = somchai()
    return [
        (CardInserted(READER, holder), CardRead(CitizenIdentity.from_holder(holder))),
        (CardInserted(READER, holder, after_access=True), None),
        (CardNeedsAccess(READER), ChipPresented()),
        (CardRemovedFromReader(READER), CardRemoved()),
        (CardReading(READER), ReadingCard()),
        (CardReading(READER, 0.25), ChipProgress(0.25)),
        (CardReadFailed(READER, "unsupported_card"), CardUnreadable("unsupported_card")),
        (CardReadFailed(READER, "access_denied", after_access=True), None),
        (ReadersChanged((READER,)), None),
    ]


@pytest.mark.parametrize(("event", "expected"), every_reader_event())
def test_each_reader_event_means_one_thing(event: CardEvent, expected: CardUpdate | None) -> None:
    """GIVEN a reader event WHEN it is mapped THEN it gives what the kiosk does with it, and the
    headless drivers' session event is the same mapping, restricted to session events."""
    assert card_update(event) == expected
    session = session_event_for(event)
    if isinstance(expected, CardRead | ChipPresented | CardRemoved):
        assert session == expected
    else:
        assert session is None


def test_the_card_is_carried_unchanged() -> None:
    """GIVEN a card read WHEN mapped THEN the session's citizen holds the very document the
    reader read, its number and name are the document's, and the screen photo is the card's."""
    holder = somchai()
    read = card_update(CardInserted(READER, holder))
    assert isinstance(read, CardRead)
    citizen = read.citizen
    assert citizen.document is holder.document and citizen.card is holder.document
    assert citizen.source == "card" and citizen.id_number == "3100600445635"
    assert citizen.full_name == "สมชาย ใจดี" and citizen.photo == holder.document.photo
    typed = CitizenIdentity.typed("3100600445635")
    assert typed.source == "typed" and typed.card is None and typed.full_name is None
    assert typed.id_number == "3100600445635"

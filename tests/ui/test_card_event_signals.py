"""The window hears the card reader through the same mapping as the headless drivers."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from drivers.card.base import CardEvent
from kiosk.flows.card_events import CardUnreadable, CardUpdate, ChipProgress, ReadingCard
from kiosk.flows.engine import CardRemoved
from kiosk.flows.session import CardRead, ChipPresented
from tests.flows.test_card_events import every_reader_event
from ui.window import CardEvents


def signalled(update: CardUpdate | None) -> list[tuple[str, object]]:
    """The one signal (name, argument) the window must get for ``update``; none for ``None``."""
    match update:
        case CardRead():
            return [("card_inserted", update)]
        case ChipPresented():
            return [("card_needs_access", None)]
        case CardRemoved():
            return [("card_removed", None)]
        case ReadingCard():
            return [("card_reading", None)]
        case ChipProgress(fraction=fraction):
            return [("chip_progress", fraction)]
        case CardUnreadable(reason=reason):
            return [("card_read_failed", reason)]
        case None:
            return []


@pytest.mark.parametrize(("event", "expected"), every_reader_event())
def test_each_reader_event_is_one_signal(qtbot: QtBot, event: CardEvent, expected: CardUpdate | None) -> None:
    """GIVEN the window's bridge from the reader thread WHEN a reader event arrives THEN it emits
    exactly the signal the shared mapping gives (the session event itself, for a card read)."""
    del qtbot  # a QApplication for the QObject
    bridge = CardEvents()
    heard: list[tuple[str, object]] = []
    for name in ("card_inserted", "card_needs_access", "card_removed", "card_reading"):
        getattr(bridge, name).connect(
            lambda *args, name=name: heard.append((name, args[0] if args else None))
        )
    bridge.chip_progress.connect(lambda fraction: heard.append(("chip_progress", fraction)))
    bridge.card_read_failed.connect(lambda reason: heard.append(("card_read_failed", reason)))
    bridge.on_card_event(event)
    assert heard == signalled(expected)

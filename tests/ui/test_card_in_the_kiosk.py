"""A Thai ID card in the kiosk, over the real path: pcscd → pyscard → queued Qt signals → the session."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from drivers.card.thai_id_sim import ThaiIdCardSim
from drivers.card.vpcd import VpcdConnection
from kiosk.flows.engine import Choose
from kiosk.paths import resources_dir
from ui.window import KioskWindow

pytestmark = pytest.mark.usefixtures("vpcd_readers_present")


def test_inserting_the_card_identifies_and_pulling_it_ends_the_session(
    qtbot: QtBot, window: Callable[..., KioskWindow]
) -> None:
    """GIVEN the attract screen WHEN a Thai ID card goes in THEN "reading" shows, then the citizen is
    greeted by name and can see the card's data with the photo; WHEN the card is pulled THEN the
    session ends and every screen forgets them."""
    win = window("th", devices={"card_backend": "pcsc", "card_reader": "Virtual PCD 00 00"})
    card = VpcdConnection(ThaiIdCardSim.from_fixture(resources_dir() / "cards" / "th" / "somchai.toml"))
    card.start()
    try:
        qtbot.waitUntil(lambda: win.showing() == "language", timeout=20_000)
        assert not win.card_notice.isVisible()
        win.submit(Choose("th"))
        assert win.showing() == "menu"
        assert win.screens["menu"].greeting.text() == "สวัสดี คุณสมชาย ใจดี"  # type: ignore[attr-defined]
        win.submit(Choose("check_own_data"))
        screen = win.screens["own_data.show"]
        assert win.showing() == "own_data.show"
        assert screen.values[0].text() == "3100600445635"  # type: ignore[attr-defined]
        assert screen.values[3].text() == "15/06/2523"  # type: ignore[attr-defined]  # Buddhist era
        pixmap = screen.photo.pixmap()  # type: ignore[attr-defined]
        assert pixmap is not None and not pixmap.isNull()
    finally:
        card.stop()
    qtbot.waitUntil(lambda: win.showing() == "attract", timeout=20_000)
    assert win.session.context.citizen is None
    assert screen.values[0].text() == "" and screen.photo.pixmap().isNull()  # type: ignore[attr-defined]
    win.kiosk.card_reader.stop()


def test_an_unreadable_card_gets_a_plain_message(qtbot: QtBot, window: Callable[..., KioskWindow]) -> None:
    """GIVEN a card that cannot be read WHEN the reader says so THEN the citizen reads what to do, in Thai."""
    from drivers.card.base import CardReadFailed, CardReading

    win = window("th")
    win.card_events.on_card_event(CardReading("Virtual PCD 00 00"))
    qtbot.waitUntil(win.card_notice.isVisible)
    assert win.card_notice.message.text() == "กำลังอ่านบัตรของท่าน…"
    win.card_events.on_card_event(CardReadFailed("Virtual PCD 00 00", "card_removed"))
    qtbot.waitUntil(lambda: not win.card_notice.progress.isVisible())
    assert win.card_notice.message.text() == "ไม่สามารถอ่านบัตรของท่านได้"
    assert "ดึงบัตรออกเร็วเกินไป" in win.card_notice.detail.text()
    qtbot.mouseClick(win.card_notice.close_button, Qt.MouseButton.LeftButton)
    assert not win.card_notice.isVisible() and win.showing() == "attract"

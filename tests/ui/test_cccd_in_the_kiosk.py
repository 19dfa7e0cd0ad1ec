"""A CCCD in the kiosk over the real path: pcscd → vpcd → the virtual CCCD chip → pyscard → queued Qt
signals → the session, with the citizen typing on the form."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from demo.cards import cccd_fixture_path, demo_cccd_form
from drivers.card.icao.sim import CccdCardSim
from drivers.card.pcsc import list_readers
from drivers.card.vpcd import VpcdConnection
from kiosk.flows.engine import Choose
from kiosk.paths import resources_dir
from tests.vpcd_lock import exclusive_vpcd_reader
from ui.screens.mrz_entry import MrzEntryScreen
from ui.screens.own_data import OwnDataScreen
from ui.window import KioskWindow

RESOURCES = resources_dir()
READER, PORT = "Virtual PCD 00 00", 35963

pytestmark = pytest.mark.skipif(
    not any("Virtual PCD" in name for name in list_readers()), reason="pcscd with vpcd is not running"
)


def test_cccd_on_the_reader_identifies_and_leaving_ends_the_session(
    qtbot: QtBot, window: Callable[..., KioskWindow]
) -> None:
    """GIVEN the attract screen of a Vietnamese kiosk WHEN a CCCD goes on the reader THEN the language
    comes, then the form; WHEN the citizen types the card's data and touches "Read my card" THEN the
    chip is read and the citizen greeted by the chip's name, their data shown with the photo; WHEN
    the card leaves THEN the session ends and every screen forgets them."""
    win = window("vn", devices={"card_backend": "pcsc", "card_reader": READER, "simulate": True})
    with exclusive_vpcd_reader(PORT):
        card = VpcdConnection(CccdCardSim.from_fixture(cccd_fixture_path(RESOURCES, "mo")), port=PORT)
        card.start()
        try:
            qtbot.waitUntil(lambda: win.showing() == "language", timeout=20_000)
            assert not win.card_notice.isVisible()
            win.submit(Choose("en"))
            assert win.showing() == "document_access"
            form = win.screens["document_access"]
            assert isinstance(form, MrzEntryScreen)
            for field, text in zip(
                (form.number, form.birth, form.expiry), demo_cccd_form(RESOURCES, "mo"), strict=True
            ):
                field.edit.setText(text)
            qtbot.mouseClick(form.read, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: win.showing() == "menu", timeout=30_000)
            assert win.screens["menu"].greeting.text() == "Hello, Hoàng Thị Mơ"  # type: ignore[attr-defined]
            win.submit(Choose("check_own_data"))
            screen = win.screens["own_data.show"]
            assert isinstance(screen, OwnDataScreen)
            assert screen.values[0].text() == "004168002345"
            assert "Cao Bằng" in screen.values[8].text()
            assert not screen.photo.pixmap().isNull()
            assert screen.verification.text().startswith("✓")
        finally:
            card.stop()
        qtbot.waitUntil(lambda: win.showing() == "attract", timeout=20_000)
    assert win.session.context.citizen is None
    assert screen.values[0].text() == "" and screen.photo.pixmap().isNull()
    assert form.number.edit.text() == ""
    win.kiosk.card_reader.stop()

""" "See the data on my ID card" for a CCCD (pytest-qt, offscreen): DG13's fields, the DG2 photo (JPEG
and JPEG 2000), the passive-authentication result in plain words, wiped when the card leaves."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from demo.cards import demo_cccd_chip, demo_cccd_form
from drivers.card.simulated import SimulatedCardReader
from kiosk.flows.engine import Choose, Next
from kiosk.flows.session import AccessDataEntered
from kiosk.paths import resources_dir
from ui.screens.own_data import OwnDataScreen
from ui.window import KioskWindow

RESOURCES = resources_dir()


def shown_rows(screen: OwnDataScreen) -> dict[str, str]:
    return {
        name.text(): value.text()
        for name, value in zip(screen.labels, screen.values, strict=True)
        if not name.isHidden() and name.text()
    }


def identify(qtbot: QtBot, win: KioskWindow, fixture: str) -> SimulatedCardReader:
    reader = win.kiosk.card_reader
    assert isinstance(reader, SimulatedCardReader)
    win.submit(Next())
    win.submit(Choose("en"))
    reader.insert_chip(demo_cccd_chip(RESOURCES, fixture))
    qtbot.waitUntil(lambda: win.showing() == "document_access")
    win.submit(AccessDataEntered(*demo_cccd_form(RESOURCES, fixture)))
    qtbot.waitUntil(lambda: win.showing() == "menu", timeout=30_000)
    win.submit(Choose("check_own_data"))
    assert win.showing() == "own_data.show"
    return reader


def test_the_cccd_data_with_photo_and_verification(qtbot: QtBot, window: Callable[..., KioskWindow]) -> None:
    """GIVEN a citizen identified by a genuine CCCD WHEN they open their card's data THEN every DG13
    field shows with Gregorian dates, the chip photo shows, and the screen says the chip was
    checked; WHEN the card leaves THEN the screen forgets it all."""
    win = window("vn")
    reader = identify(qtbot, win, "an")
    screen = win.screens["own_data.show"]
    assert isinstance(screen, OwnDataScreen)
    rows = shown_rows(screen)
    assert rows["ID number"] == "001090000123"
    assert rows["Name"] == "Nguyễn Văn An"
    assert rows["Date of birth"] == "12/03/1990"
    assert rows["Sex"] == "Male"
    assert rows["Nationality"] == "Việt Nam"
    assert rows["Ethnicity"] == "Kinh"
    assert rows["Religion"] == "Không"
    assert rows["Place of origin"] == "Xã Đông Hội, huyện Đông Anh, thành phố Hà Nội"
    assert rows["Place of residence"].startswith("Số 18 ngõ 45 phố Hào Nam")
    assert rows["Identifying marks"].startswith("Nốt ruồi")
    assert rows["Date of issue"] == "10/05/2021" and rows["Date of expiry"] == "12/03/2030"
    assert rows["Father"] == "Nguyễn Văn Bình" and rows["Mother"] == "Trần Thị Cúc"
    assert rows["Former ID number"] == "013456789"
    assert screen.verification.text() == "✓  The chip was checked: this data is genuine."
    pixmap = screen.photo.pixmap()
    assert not pixmap.isNull() and pixmap.height() == 240
    reader.remove()
    qtbot.waitUntil(lambda: win.showing() == "attract")
    assert shown_rows(screen) == {} and screen.photo.pixmap().isNull() and screen.verification.text() == ""


def test_a_jpeg2000_photo_is_shown(qtbot: QtBot, window: Callable[..., KioskWindow]) -> None:
    """GIVEN a CCCD whose DG2 face is JPEG 2000 (which Qt cannot decode) WHEN its data is shown THEN
    the photo shows all the same (the reader decoded it)."""
    win = window("vn")
    identify(qtbot, win, "duc")
    screen = win.screens["own_data.show"]
    assert isinstance(screen, OwnDataScreen)
    assert not screen.photo.pixmap().isNull()
    assert shown_rows(screen)["Religion"] == "Công giáo"


def test_without_the_csca_the_screen_says_the_chip_was_not_checked(
    qtbot: QtBot, window: Callable[..., KioskWindow], tmp_path: Path
) -> None:
    """GIVEN a kiosk whose CSCA folder is empty WHEN a genuine CCCD is read THEN the citizen is
    identified but their data screen says the kiosk could not check the chip."""
    (tmp_path / "csca").mkdir()
    win = window("vn", devices={"trust_store": str(tmp_path / "csca")})
    identify(qtbot, win, "an")
    screen = win.screens["own_data.show"]
    assert isinstance(screen, OwnDataScreen)
    assert screen.verification.text().startswith("This kiosk could not check the chip")
    assert screen.verification.objectName() == "hint"


def test_the_thai_card_keeps_its_rows(qtbot: QtBot, window: Callable[..., KioskWindow]) -> None:
    """GIVEN the Thai profile WHEN the demo card's data is shown THEN its seven rows, Buddhist-era
    dates, no chip-verification line (the Thai card has no passive authentication)."""
    from demo.cards import demo_card

    win = window("th")
    reader = win.kiosk.card_reader
    assert isinstance(reader, SimulatedCardReader)
    reader.insert(demo_card(win.kiosk.profile, RESOURCES))
    qtbot.waitUntil(lambda: win.showing() == "language")
    win.submit(Choose("en"))
    win.submit(Choose("check_own_data"))
    screen = win.screens["own_data.show"]
    assert isinstance(screen, OwnDataScreen)
    visible = [label for label in screen.labels if not label.isHidden()]
    assert len(visible) == 7 and all(isinstance(label, QLabel) for label in visible)
    assert screen.values[0].text() == "3100600445635" and screen.values[3].text() == "15/06/2523"
    assert not screen.verification.isVisibleTo(screen)
    assert not screen.photo.pixmap().isNull()

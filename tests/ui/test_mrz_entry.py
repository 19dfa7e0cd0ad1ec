"""The CCCD access-data form in the window (pytest-qt, offscreen): typing on the on-screen number pad,
the live feedback of each field with what the back of the card prints, the card's refusal, the
read with its progress bar."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from demo.cards import demo_cccd_chip, demo_cccd_form
from drivers.card.simulated import SimulatedCardReader
from kiosk.flows.engine import Choose, Next
from kiosk.flows.session import USE_CHIP, AccessDataEntered, SessionStep
from kiosk.paths import resources_dir
from tests.ui.conftest import tap_key
from ui.screens.mrz_entry import ChipReadingScreen, MrzEntryScreen
from ui.window import KioskWindow

RESOURCES = resources_dir()


def open_form(window: Callable[..., KioskWindow], language: str = "en") -> tuple[KioskWindow, MrzEntryScreen]:
    win = window("vn")
    win.submit(Next())
    win.submit(Choose(language))
    win.submit(Choose(USE_CHIP))
    assert win.showing() == "document_access"
    screen = win.screens["document_access"]
    assert isinstance(screen, MrzEntryScreen)
    return win, screen


def test_typing_on_the_number_pad_with_live_feedback(
    qtbot: QtBot, window: Callable[..., KioskWindow]
) -> None:
    """GIVEN the form WHEN the citizen touches digits on the on-screen number pad THEN the number
    goes into the number field, the focus moves on when it is complete, the dates get their
    slashes by themselves, and each complete field shows a tick with what the back of the card
    prints for it (check digit included)."""
    win, screen = open_form(window)
    assert win.keyboard.isVisible()
    assert screen.number.edit.inputMethodHints() & Qt.InputMethodHint.ImhDigitsOnly
    qtbot.waitUntil(screen.number.edit.hasFocus)
    qtbot.wait(300)  # the number pad slides in
    for digit in "001090000123":
        tap_key(qtbot, win.keyboard, digit)
    assert screen.number.edit.text() == "001090000123"
    assert screen.birth.edit.hasFocus(), "a complete number moves the focus to the date of birth"
    assert screen.number.feedback.text() == "✓  Back of the card: 0900001233"
    assert screen.number.feedback.objectName() == "body"
    for digit in "1203":
        tap_key(qtbot, win.keyboard, digit)
    assert screen.birth.edit.text() == "12/03"
    assert screen.birth.feedback.text() == "dd/mm/yyyy", "no complaint while the date is still being typed"
    for digit in "1990":
        tap_key(qtbot, win.keyboard, digit)
    assert screen.birth.edit.text() == "12/03/1990"
    assert screen.birth.feedback.text() == "✓  Back of the card: 9003129"
    assert screen.expiry.edit.hasFocus()
    for digit in "12032030":
        tap_key(qtbot, win.keyboard, digit)
    assert screen.expiry.edit.text() == "12/03/2030"
    assert screen.expiry.feedback.text() == "✓  Back of the card: 3003127"
    assert screen.form().access is not None


def test_check_digit_and_format_problems(qtbot: QtBot, window: Callable[..., KioskWindow]) -> None:
    """GIVEN the form WHEN the 9 digits of the back are typed with a wrong check digit, a date that
    does not exist, or a number whose year of birth differs THEN each field says so in plain words;
    WHEN corrected THEN the tick comes back."""
    _, screen = open_form(window)
    qtbot.keyClicks(screen.number.edit, "0900001234")
    screen.birth.edit.setFocus()
    assert screen.number.feedback.text() == "The last digit does not match. Please check the number."
    assert screen.number.feedback.objectName() == "error"
    screen.number.edit.setFocus()
    screen.number.edit.selectAll()
    qtbot.keyClicks(screen.number.edit, "0900001233")
    assert screen.number.feedback.text().startswith("✓")
    screen.birth.edit.setFocus()
    qtbot.keyClicks(screen.birth.edit, "31021990")
    assert screen.birth.edit.text() == "31/02/1990"
    assert screen.birth.feedback.text() == "This date does not exist. Please check it."
    screen.birth.edit.selectAll()
    qtbot.keyClicks(screen.birth.edit, "12031991")
    screen.number.edit.setFocus()
    screen.number.edit.selectAll()
    qtbot.keyClicks(screen.number.edit, "001090000123")
    assert (
        screen.number.feedback.text() == "This ID number does not match the year of birth. Please check both."
    )


def test_sending_an_incomplete_form_names_each_missing_field(
    qtbot: QtBot, window: Callable[..., KioskWindow]
) -> None:
    win, screen = open_form(window)
    qtbot.keyClicks(screen.number.edit, "001090000123")
    qtbot.mouseClick(screen.read, Qt.MouseButton.LeftButton)
    assert win.showing() == "document_access"
    assert screen.birth.feedback.text() == "Please fill this in."
    assert screen.expiry.feedback.text() == "Please fill this in."
    qtbot.waitUntil(screen.birth.edit.hasFocus)


def test_wrong_data_refused_then_read_with_progress(qtbot: QtBot, window: Callable[..., KioskWindow]) -> None:
    """GIVEN a virtual CCCD on the simulated reader WHEN the form is sent with an expiry the card does
    not have THEN the reading screen shows, then the form comes back with the card's refusal and the
    typed values; WHEN corrected THEN the progress bar moves and the menu greets the citizen."""
    win, screen = open_form(window)
    reader = win.kiosk.card_reader
    assert isinstance(reader, SimulatedCardReader)
    number, born, expires = demo_cccd_form(RESOURCES, "an")
    reader.insert_chip(demo_cccd_chip(RESOURCES, "an", delay_s=0.01))
    qtbot.waitUntil(lambda: win.session.context.chip_present)
    assert "on the reader" in screen.status.text()
    for field, text in ((screen.number, number), (screen.birth, born), (screen.expiry, "12/03/2031")):
        field.edit.setText(text)
    qtbot.mouseClick(screen.read, Qt.MouseButton.LeftButton)
    assert win.showing() == "chip_reading"
    qtbot.waitUntil(lambda: win.showing() == "document_access", timeout=30_000)
    assert screen.status.text() == (
        "The card did not accept the document number, date of birth or expiry. Please check them."
    )
    assert screen.status.objectName() == "error"
    assert screen.expiry.edit.text() == "12/03/2031" and screen.number.edit.text() == number
    screen.expiry.edit.setText(expires)
    progress: list[int] = []
    reading = win.screens["chip_reading"]
    assert isinstance(reading, ChipReadingScreen)
    reading.progress.valueChanged.connect(progress.append)
    qtbot.mouseClick(screen.read, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.showing() == "menu", timeout=30_000)
    assert progress and progress[-1] == 100 and len(set(progress)) > 5
    assert win.screens["menu"].greeting.text() == "Hello, Nguyễn Văn An"  # type: ignore[attr-defined]
    assert win.session.step == SessionStep.MENU


def test_pulling_the_card_mid_read_asks_for_it_again(
    qtbot: QtBot, window: Callable[..., KioskWindow]
) -> None:
    win, _ = open_form(window)
    reader = win.kiosk.card_reader
    assert isinstance(reader, SimulatedCardReader)
    number, born, expires = demo_cccd_form(RESOURCES, "an")
    chip = demo_cccd_chip(RESOURCES, "an")
    chip.remove_after_apdus = 25
    reader.insert_chip(chip)
    qtbot.waitUntil(lambda: win.session.context.chip_present)
    win.submit(AccessDataEntered(number, born, expires))
    qtbot.waitUntil(lambda: win.showing() == "chip_wait", timeout=30_000)
    wait = win.screens["chip_wait"]
    assert isinstance(wait, ChipReadingScreen)
    assert (
        wait.problem.text() == "The card was taken away too early. Please place it again and keep it still."
    )
    assert not win.card_notice.isVisible(), "the chip screens say it themselves, not the card overlay"
    reader.insert_chip(demo_cccd_chip(RESOURCES, "an"))
    qtbot.waitUntil(lambda: win.showing() == "menu", timeout=30_000)


def test_end_of_session_empties_the_form(qtbot: QtBot, window: Callable[..., KioskWindow]) -> None:
    win, screen = open_form(window)
    qtbot.keyClicks(screen.number.edit, "001090000123")
    win.start_new_session("test")
    assert screen.number.edit.text() == "" and screen.number.feedback.text() == ""
    assert not screen.number.edit.isUndoAvailable()


def test_scanning_the_back_of_the_card_with_the_camera(
    qtbot: QtBot, window: Callable[..., KioskWindow]
) -> None:
    """GIVEN a CCCD on the reader and the kiosk's camera WHEN the citizen chooses to scan the back of
    the card and keeps the photo THEN the machine readable zone is read off it and the chip is read
    with it, without typing."""
    win, screen = open_form(window)
    assert win.kiosk.camera is not None
    qtbot.waitUntil(screen.camera.isVisible)
    reader = win.kiosk.card_reader
    assert isinstance(reader, SimulatedCardReader)
    reader.insert_chip(demo_cccd_chip(RESOURCES, "an"))
    qtbot.waitUntil(lambda: win.session.context.chip_present)
    qtbot.mouseClick(screen.camera, Qt.MouseButton.LeftButton)
    assert win.photo_capture.isVisible() and win.photo_capture.showing() == "photo_capture.aiming"
    qtbot.waitUntil(lambda: win.photo_capture.showing() == "photo_capture.review", timeout=30_000)
    win.photo_capture.submit(Next())  # "use this photo"
    qtbot.waitUntil(lambda: win.showing() == "menu", timeout=30_000)
    assert not win.photo_capture.isVisible()
    assert win.session.context.citizen is not None
    assert win.session.context.citizen.full_name == "Nguyễn Văn An"
    assert screen.number.edit.text() == "", "nothing was typed"

"""The officer's counter in the kiosk window (pytest-qt, offscreen): a counter kiosk opens on the
officer's sign-in; a whole assisted enrollment through the screens; every citizen field is cleared
when the enrollment ends, by finishing or by the card being pulled."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from demo.cards import demo_card
from drivers.card.simulated import SimulatedCardReader
from kiosk.app import Kiosk
from kiosk.services.staff import DEMO_OFFICER_ID, DEMO_OFFICER_PASSWORD, ENROLLMENT_KIND
from sync.outbox import OutboxItem
from ui.screens.enrollment import (
    ActivationScreen,
    CheckPhotoScreen,
    FinishedScreen,
    IdNumberScreen,
    InsertCardScreen,
    PasscodeScreen,
    SignInScreen,
)
from ui.screens.fingerprint import FingerprintCaptureScreen
from ui.window import KioskWindow

PASSCODE = "135792"


def counter_window(qtbot: QtBot, make_kiosk: Callable[..., Kiosk]) -> KioskWindow:
    """A counter kiosk (``mode = "counter"``) in English, its demo finger quick."""
    kiosk = make_kiosk("th")
    kiosk.config = kiosk.config.with_overrides(mode="counter")
    assert kiosk.scripted_finger is not None
    kiosk.scripted_finger.delay_s = 0.05
    win = KioskWindow(kiosk)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.session.context.language = "en"
    win.set_language("en")
    win.show()
    win.staff.open_counter()
    return win


def sign_in(qtbot: QtBot, win: KioskWindow) -> None:
    screen = win.screens["enrollment.sign_in"]
    assert isinstance(screen, SignInScreen)
    QTest.keyClicks(screen.username, DEMO_OFFICER_ID)
    QTest.keyClicks(screen.password, DEMO_OFFICER_PASSWORD)
    qtbot.mouseClick(screen.sign_in, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.showing() == "enrollment.insert_card", timeout=10_000)


def insert_card(qtbot: QtBot, win: KioskWindow) -> SimulatedCardReader:
    reader = win.kiosk.card_reader
    assert isinstance(reader, SimulatedCardReader)
    reader.insert(demo_card(win.kiosk.profile, win.kiosk.resources))
    qtbot.waitUntil(lambda: win.showing() == "enrollment.check_photo", timeout=5_000)
    return reader


def click(qtbot: QtBot, widget: object) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def enter(qtbot: QtBot, screen: PasscodeScreen, text: str) -> None:
    screen.field.setText(text)
    click(qtbot, screen.confirm)


def test_a_counter_kiosk_opens_on_the_officer_sign_in(qtbot: QtBot, make_kiosk: Callable[..., Kiosk]) -> None:
    """GIVEN mode = "counter" WHEN the window opens THEN the officer's sign-in shows, with the Latin
    keyboard; WHEN the password is wrong THEN it says so, with the tries left, and forgets it."""
    win = counter_window(qtbot, make_kiosk)
    assert win.showing() == "enrollment.sign_in"
    assert win.keyboard.isVisible() and win.keyboard.locale_name == "en_US"
    screen = win.screens["enrollment.sign_in"]
    assert isinstance(screen, SignInScreen)
    assert not screen.error.isVisible()
    QTest.keyClicks(screen.username, DEMO_OFFICER_ID)
    QTest.keyClicks(screen.password, "wrong")
    click(qtbot, screen.sign_in)
    qtbot.waitUntil(lambda: screen.error.text() != "", timeout=10_000)
    assert screen.error.text() == "The username or password is wrong. Tries left: 4"
    assert screen.password.text() == ""
    assert win.showing() == "enrollment.sign_in"


def test_whole_enrollment_through_the_screens(qtbot: QtBot, make_kiosk: Callable[..., Kiosk]) -> None:
    """GIVEN a signed-in officer WHEN a citizen is enrolled through every screen THEN the chip photo,
    the live capture, the QR code and the closing digital ID card are shown; one enrollment is
    committed; WHEN the next citizen is called THEN no screen holds anything of the last one."""
    win = counter_window(qtbot, make_kiosk)
    sign_in(qtbot, win)
    insert = win.screens["enrollment.insert_card"]
    assert isinstance(insert, InsertCardScreen)
    assert insert.who.text() == "Officer: Demo Officer   ·   Step 1 of 8"
    reader = insert_card(qtbot, win)
    photo = win.screens["enrollment.check_photo"]
    assert isinstance(photo, CheckPhotoScreen)
    pixmap = photo.photo.pixmap()
    assert pixmap is not None and not pixmap.isNull()
    assert photo.name.text() and photo.number.text().endswith("5635") and "•" in photo.number.text()
    click(qtbot, photo.same)
    number = win.screens["enrollment.id_number"]
    assert isinstance(number, IdNumberScreen)
    assert win.showing() == "enrollment.id_number"
    number.field.setText("3100600445636")  # wrong check digit
    click(qtbot, number.confirm)
    assert "last digit" in number.error.text() and number.error.isVisible()
    number.field.setText("3100600445635")
    click(qtbot, number.confirm)
    capture = win.screens["capture.capturing"]
    assert isinstance(capture, FingerprintCaptureScreen)
    qtbot.waitUntil(lambda: win.showing() == "capture.captured", timeout=15_000)
    assert capture.instruction.text() == "Fingerprint recorded"
    assert capture.dots.text() == "● ●"
    click(qtbot, capture.primary)
    activation = win.screens["enrollment.activation"]
    assert isinstance(activation, ActivationScreen)
    assert win.showing() == "enrollment.activation"
    qr = activation.qr.pixmap()
    assert qr is not None and not qr.isNull()
    assert "09:15" in activation.valid.text()  # ten minutes after 09:05, office time
    click(qtbot, activation.scanned)
    first = win.screens["enrollment.passcode"]
    assert isinstance(first, PasscodeScreen)
    enter(qtbot, first, "123456")
    assert "1234" in first.error.text() and win.showing() == "enrollment.passcode"
    enter(qtbot, first, PASSCODE)
    again = win.screens["enrollment.passcode_confirm"]
    assert isinstance(again, PasscodeScreen)
    enter(qtbot, again, PASSCODE)
    consent = win.screens["enrollment.consent"]
    assert isinstance(consent, PasscodeScreen)
    assert win.showing() == "enrollment.consent"
    assert consent.other.text() == "I do not agree"
    enter(qtbot, consent, PASSCODE)
    qtbot.waitUntil(lambda: win.showing() == "enrollment.finished", timeout=15_000)
    finished = win.screens["enrollment.finished"]
    assert isinstance(finished, FinishedScreen)
    card_photo = finished.card.photo.pixmap()
    assert card_photo is not None and not card_photo.isNull()
    with win.kiosk.sessions() as db:
        count = db.scalar(
            select(func.count()).select_from(OutboxItem).where(OutboxItem.kind == ENROLLMENT_KIND)
        )
    assert count == 1
    click(qtbot, finished.next)
    assert win.showing() == "enrollment.insert_card"
    assert photo.photo.pixmap().isNull() and photo.name.text() == "" and photo.number.text() == ""
    assert number.field.text() == "" and activation.qr.pixmap().isNull()
    assert finished.card.name.text() == "" and finished.card.photo.pixmap().isNull()
    reader.remove()
    assert win.showing() == "enrollment.insert_card"  # the card was already done with


def test_pulling_the_card_mid_enrollment_wipes_the_screens(
    qtbot: QtBot, make_kiosk: Callable[..., Kiosk]
) -> None:
    """GIVEN the citizen's photo and number on screen WHEN the card is pulled THEN the enrollment ends,
    the screens are cleared and the officer is ready for the next citizen."""
    win = counter_window(qtbot, make_kiosk)
    sign_in(qtbot, win)
    reader = insert_card(qtbot, win)
    photo = win.screens["enrollment.check_photo"]
    assert isinstance(photo, CheckPhotoScreen)
    click(qtbot, photo.same)
    number = win.screens["enrollment.id_number"]
    assert isinstance(number, IdNumberScreen)
    number.field.setText("3100600")
    reader.remove()
    qtbot.waitUntil(lambda: win.showing() == "enrollment.insert_card", timeout=5_000)
    assert number.field.text() == "" and photo.name.text() == "" and photo.photo.pixmap().isNull()
    assert win.staff.desk.ended[-1].outcome.ended_by == "card_removed"


def test_cancel_during_a_capture_stops_the_module(qtbot: QtBot, make_kiosk: Callable[..., Kiosk]) -> None:
    """GIVEN the capture screen waiting for a finger WHEN the officer cancels THEN the enrollment ends
    and the module is no longer polled for a finger."""
    win = counter_window(qtbot, make_kiosk)
    finger = win.kiosk.scripted_finger
    assert finger is not None
    finger.default = None  # the citizen hesitates
    sign_in(qtbot, win)
    insert_card(qtbot, win)
    photo = win.screens["enrollment.check_photo"]
    assert isinstance(photo, CheckPhotoScreen)
    click(qtbot, photo.same)
    number = win.screens["enrollment.id_number"]
    assert isinstance(number, IdNumberScreen)
    click(qtbot, number.from_card)
    capture = win.screens["capture.capturing"]
    assert isinstance(capture, FingerprintCaptureScreen)
    qtbot.waitUntil(
        lambda: capture.instruction.text().startswith("Place your right index finger"), timeout=5_000
    )
    click(qtbot, capture.cancel)
    assert win.showing() == "enrollment.insert_card"
    qtbot.waitUntil(lambda: not win.staff.busy(), timeout=3_000)  # the capture job ended at once


def test_a_jpeg_2000_chip_photo_is_shown_to_the_officer(qtbot: QtBot) -> None:
    """GIVEN a chip ID whose face image is stored as JPEG 2000 (Qt cannot load it)
    WHEN the officer's photo is prepared
    THEN a pixmap of the photo's proportions is shown (portrait, scaled into the frame)
    """
    from types import SimpleNamespace

    from kiosk.paths import resources_dir
    from ui.screens.enrollment import photo_pixmap

    del qtbot  # only for the QApplication
    jp2 = (resources_dir() / "cards" / "vn" / "duc.jp2").read_bytes()
    pixmap = photo_pixmap(SimpleNamespace(photo=jp2), 240, 290)
    assert pixmap is not None and not pixmap.isNull()
    assert pixmap.height() == 290 and pixmap.width() < 240

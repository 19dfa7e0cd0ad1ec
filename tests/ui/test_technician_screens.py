"""Technician mode in the kiosk window (pytest-qt, offscreen): the hidden gesture, the PIN, the
device pages, and the shared capture screen running against the virtual fingerprint module."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.app import Kiosk
from kiosk.flows.engine import Choose
from kiosk.flows.technician import FINGERPRINT_PAGE, READERS_PAGE
from kiosk.services.staff import DEMO_TECHNICIAN_PIN
from ui.screens.fingerprint import FingerprintCaptureScreen, Pose
from ui.screens.technician import FingerprintPage, PinScreen, ReadersPage, TechnicianMenuScreen
from ui.window import KioskWindow


def in_english(win: KioskWindow) -> KioskWindow:
    """The staff screens in English (the assertions read English texts whatever the .ts files hold)."""
    win.session.context.language = "en"
    win.set_language("en")
    return win


def tap_corner(win: KioskWindow, times: int) -> None:
    attract = win.screens["attract"]
    for _ in range(times):
        QTest.mouseClick(attract, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(30, 30))


def sign_in_technician(qtbot: QtBot, win: KioskWindow) -> None:
    tap_corner(win, 5)
    assert win.showing() == "technician.pin"
    pin = win.screens["technician.pin"]
    assert isinstance(pin, PinScreen)
    QTest.keyClicks(pin.field, DEMO_TECHNICIAN_PIN)
    qtbot.mouseClick(pin.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.showing() == "technician.menu", timeout=10_000)


def test_five_taps_in_the_corner_open_technician_mode(
    qtbot: QtBot, window: Callable[..., KioskWindow]
) -> None:
    """GIVEN the attract screen WHEN the top-left corner is tapped five times THEN the PIN screen shows
    (with the number pad); the PIN field never shows what is typed."""
    win = in_english(window("th"))
    assert win.showing() == "attract"
    tap_corner(win, 4)
    assert win.showing() == "attract"  # held back: four taps are not the gesture yet
    tap_corner(win, 1)
    assert win.showing() == "technician.pin"
    pin = win.screens["technician.pin"]
    assert isinstance(pin, PinScreen)
    assert pin.field.echoMode() == pin.field.EchoMode.Password
    assert win.keyboard.isVisible()


def test_a_lone_tap_in_the_corner_still_starts_for_a_citizen(
    qtbot: QtBot, window: Callable[..., KioskWindow]
) -> None:
    """GIVEN the attract screen WHEN a citizen touches the corner once THEN, a moment later, the
    session starts as from anywhere else; a touch elsewhere starts at once."""
    win = in_english(window("th"))
    tap_corner(win, 1)
    assert win.showing() == "attract"
    qtbot.waitUntil(lambda: win.showing() == "language", timeout=5_000)


def test_wrong_pin_then_the_menu_and_leaving(qtbot: QtBot, window: Callable[..., KioskWindow]) -> None:
    """GIVEN the PIN screen WHEN a wrong PIN is typed THEN the tries left show; WHEN the demo PIN is
    typed THEN the menu offers each device page and the officer's counter; WHEN left THEN attract."""
    win = in_english(window("th"))
    tap_corner(win, 5)
    pin = win.screens["technician.pin"]
    assert isinstance(pin, PinScreen)
    QTest.keyClicks(pin.field, "0000")
    qtbot.mouseClick(pin.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: pin.error.text() != "", timeout=10_000)
    assert "4" in pin.error.text() and pin.field.text() == ""
    QTest.keyClicks(pin.field, DEMO_TECHNICIAN_PIN)
    qtbot.mouseClick(pin.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.showing() == "technician.menu", timeout=10_000)
    menu = win.screens["technician.menu"]
    assert isinstance(menu, TechnicianMenuScreen)
    assert menu.shown == (
        "fingerprint",
        "card_readers",
        "printer",
        "camera",
        "sync",
        "settings",
        "assisted_enrollment",
    )
    qtbot.mouseClick(menu.leave, Qt.MouseButton.LeftButton)
    assert win.showing() == "attract"
    assert pin.field.text() == "" and pin.error.text() == ""


def test_fingerprint_page_and_live_test_capture_off_the_gui_thread(
    qtbot: QtBot, window: Callable[..., KioskWindow]
) -> None:
    """GIVEN the fingerprint page WHEN a test capture runs THEN the capture screen follows the module
    live (place, lift, place again, done with the score and template count) while every serial
    exchange runs on the module's worker thread, never the GUI thread."""
    win = in_english(window("th"))
    finger = win.kiosk.scripted_finger
    assert finger is not None
    finger.delay_s = 0.3  # long enough to see "place your finger" on the screen
    sign_in_technician(qtbot, win)
    win.submit(Choose(FINGERPRINT_PAGE))
    qtbot.waitUntil(lambda: win.showing() == "technician.fingerprint", timeout=10_000)
    page = win.screens["technician.fingerprint"]
    assert isinstance(page, FingerprintPage)
    facts = [page.grid.itemAt(i).widget().text() for i in range(page.grid.count())]  # type: ignore[union-attr]
    assert "0 of 300" in facts and "57600 baud" in facts
    qtbot.mouseClick(page.test, Qt.MouseButton.LeftButton)
    capture = win.screens["capture.capturing"]
    assert isinstance(capture, FingerprintCaptureScreen)
    qtbot.waitUntil(
        lambda: capture.instruction.text() == "Place your right index finger on the scanner", timeout=5_000
    )
    seen: set[str] = set()
    qtbot.waitUntil(
        lambda: seen.add(capture.instruction.text()) or win.showing() == "capture.captured", timeout=15_000
    )
    assert "Place the same finger again" in seen or "Lift your finger" in seen
    assert capture.picture.pose == Pose.DONE
    assert "Templates stored on the module: 0" in capture.detail.text()
    assert capture.secondary.isVisible() and capture.secondary.text() == "Test again"
    gui = threading.get_ident()
    assert gui not in win.kiosk.fingerprint.worker_threads and len(win.kiosk.fingerprint.worker_threads) == 1
    qtbot.mouseClick(capture.primary, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: win.showing() == "technician.fingerprint" and page.result.text() != "", timeout=10_000
    )
    assert "score" in page.result.text()


def test_card_readers_page_lists_the_readers(qtbot: QtBot, window: Callable[..., KioskWindow]) -> None:
    """GIVEN technician mode WHEN the card readers page opens THEN the kiosk's reader is named."""
    win = in_english(window("th"))
    sign_in_technician(qtbot, win)
    win.submit(Choose(READERS_PAGE))
    qtbot.waitUntil(lambda: win.showing() == "technician.readers", timeout=10_000)
    page = win.screens["technician.readers"]
    assert isinstance(page, ReadersPage)
    texts = [page.grid.itemAt(i).widget().text() for i in range(page.grid.count())]  # type: ignore[union-attr]
    assert any(text.startswith("Simulated reader 0") for text in texts)
    assert not page.test.isVisible()  # no test button where there is no test


def test_idle_timeout_leaves_technician_mode(qtbot: QtBot, window: Callable[..., KioskWindow]) -> None:
    """GIVEN technician mode WHEN nobody touches the kiosk THEN it goes back to the attract screen."""
    win = in_english(window("th", session={"idle_timeout_s": 5, "warning_s": 1}))
    sign_in_technician(qtbot, win)
    qtbot.waitUntil(lambda: win.showing() == "attract", timeout=12_000)


def test_shots_render_every_staff_screen(
    tmp_path: Path, make_kiosk: Callable[..., Kiosk], qapp: QApplication
) -> None:
    """GIVEN the staff shots WHEN rendered THEN every staff screen is written as a PNG."""
    from demo.staff_shots import shoot_staff

    count = shoot_staff(make_kiosk("th"), "th", tmp_path)
    names = sorted(path.stem.split("-", 2)[2] for path in tmp_path.glob("staff-*.png"))
    assert count == len(names) == 30
    for screen in (
        "technician-pin", "technician-menu", "technician-fingerprint", "capture-test-place", "capture-test-done",
        "technician-card-readers", "technician-printer-tested", "technician-camera", "technician-sync", "technician-settings",
        "counter-sign-in",
        "counter-check-photo",
        "capture-retry-flatter", "counter-activation-qr", "counter-consent", "counter-save-failed",
        "counter-finished", "capture-limit-first-finger", "counter-fingerprint-failed", "technician-locked",
    ):  # fmt: skip
        assert screen in names


def test_camera_page_checks_the_camera_and_takes_a_test_photo(
    qtbot: QtBot, window: Callable[..., KioskWindow], tmp_path: Path
) -> None:
    """GIVEN technician mode and the simulated camera WHEN the camera page opens THEN the picture
    size is shown; WHEN a test photo is asked for THEN the kiosk's photo capture finds the card,
    shows it for review, and once confirmed the page says a card was photographed and how sharp
    its edges were, and the photo is not kept; going back from the capture says none was taken."""
    from kiosk.flows.technician import CAMERA_PAGE
    from ui.screens.capture import PhotoReviewScreen
    from ui.screens.technician import CameraPage

    win = in_english(window("th"))
    sign_in_technician(qtbot, win)
    win.submit(Choose(CAMERA_PAGE))
    qtbot.waitUntil(lambda: win.showing() == "technician.camera", timeout=15_000)
    page = win.screens["technician.camera"]
    assert isinstance(page, CameraPage)
    facts = [page.grid.itemAt(i).widget().text() for i in range(page.grid.count())]  # type: ignore[union-attr]
    assert "1280 × 720 pixels" in facts and "Working" in facts
    qtbot.mouseClick(page.test, Qt.MouseButton.LeftButton)
    host = win.photo_capture
    assert win.showing() == "technician.camera_test" and host.active
    qtbot.waitUntil(lambda: host.showing() == "photo_capture.review", timeout=60_000)
    review = host.screens["photo_capture.review"]
    assert isinstance(review, PhotoReviewScreen)
    win.grab().save(str(tmp_path / "camera-test-review.png"))
    qtbot.mouseClick(review.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.showing() == "technician.camera" and page.result.text() != "", timeout=10_000)
    assert page.result.text().startswith("Last test photo: a card was found and photographed")
    assert "px wide" in page.result.text()
    assert not host.active and not win.kiosk.camera.running  # type: ignore[union-attr]
    win.grab().save(str(tmp_path / "camera-page.png"))

    qtbot.mouseClick(page.test, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: host.showing() == "photo_capture.aiming", timeout=10_000)
    aiming = host.screens["photo_capture.aiming"]
    qtbot.mouseClick(aiming.footer.back, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: win.showing() == "technician.camera", timeout=10_000)
    assert page.result.text() == "Last test photo: no photo was taken."


def test_sync_page_in_the_window(qtbot: QtBot, window: Callable[..., KioskWindow]) -> None:
    """GIVEN technician mode on a kiosk not enrolled with a server, with a ticket waiting
    WHEN the sync page opens THEN it says so, counts the waiting ticket, and offers no "sync now"
    (there is nothing to sync with) and no "send refused again" (nothing was refused)"""
    from kiosk.flows.technician import SYNC_PAGE
    from ui.screens.technician import SyncPage

    win = in_english(window("th"))
    win.kiosk.queue.issue_ticket("A", "en")
    sign_in_technician(qtbot, win)
    win.submit(Choose(SYNC_PAGE))
    qtbot.waitUntil(lambda: win.showing() == "technician.sync", timeout=10_000)
    page = win.screens["technician.sync"]
    assert isinstance(page, SyncPage)
    facts = [page.grid.itemAt(i).widget().text() for i in range(page.grid.count())]  # type: ignore[union-attr]
    assert "not enrolled (kiosk sync enroll)" in facts
    assert any(fact.startswith("1 (oldest from ") for fact in facts)
    assert not page.test.isVisible() and not page.retry.isVisible() and page.refresh.isVisible()

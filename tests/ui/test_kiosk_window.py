"""The touchscreen shell, offscreen: a citizen's journey by touch alone, timeouts, the card, looks."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from demo.cards import demo_thai_card
from drivers.card.simulated import SimulatedCardReader
from kiosk.flows.engine import Choose, EnterText, Next
from kiosk.paths import resources_dir
from tests.ui.conftest import tap_key
from ui.keyboard import OnScreenKeyboard
from ui.window import KioskWindow

ID_NUMBERS = {"vn": "001090000123", "th": "3100600445635"}


def visible_button(window: KioskWindow, text: str) -> QPushButton:
    screen = window.stack.currentWidget()
    for candidate in screen.findChildren(QPushButton):
        if candidate.isVisible() and text in candidate.text():
            return candidate
    raise AssertionError(f"no visible button '{text}' on {window.showing()}")


def touch(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize(
    ("profile", "language", "start", "continue_", "service", "finish", "number_text"),
    [
        ("vn", "vi", "Bắt đầu", "Tiếp tục", "Lấy số thứ tự", "Kết thúc", "Số thứ tự của bạn là"),
        ("th", "th", "เริ่มต้น", "ถัดไป", "รับบัตรคิว", "เสร็จสิ้น", "หมายเลขคิวของท่านคือ"),
        ("vn", "en", "Bắt đầu", "Continue", "Take a queue number", "Finish", "Your number is"),
    ],
)
def test_queue_ticket_by_touch_and_on_screen_keyboard(
    qtbot: QtBot,
    window: Callable[..., KioskWindow],
    profile: str,
    language: str,
    start: str,
    continue_: str,
    service: str,
    finish: str,
    number_text: str,
) -> None:
    """GIVEN the attract screen WHEN a citizen only touches buttons and on-screen keys
    THEN they leave with a numbered ticket, in their language."""
    win = window(profile)
    names = {"vi": "Tiếng Việt", "th": "ไทย", "en": "English"}
    touch(qtbot, visible_button(win, start))
    assert win.showing() == "language"
    touch(qtbot, visible_button(win, names[language]))
    assert win.showing() == "identify" and win.keyboard.isVisible()
    assert win.keyboard.locale_name.startswith(language)
    qtbot.wait(300)  # the number pad slides in; a person's first touch comes later than that
    for digit in ID_NUMBERS[profile]:
        tap_key(qtbot, win.keyboard, digit)
    field = win.screens["identify"].findChild(QLineEdit)
    assert field is not None and field.text() == ID_NUMBERS[profile]
    touch(qtbot, visible_button(win, continue_))
    assert win.showing() == "menu" and not win.keyboard.isVisible()
    touch(qtbot, visible_button(win, service))
    assert win.showing() == "queue.choose_category"
    touch(qtbot, visible_button(win, "A "))
    qtbot.waitUntil(lambda: win.showing() == "queue.ticket", timeout=60_000)
    ticket_screen = win.screens["queue.ticket"]
    assert ticket_screen.title.text() == number_text  # type: ignore[attr-defined]
    assert ticket_screen.number.text() == "A001"  # type: ignore[attr-defined]
    assert win.kiosk.queue.ticket_count() == 1
    touch(qtbot, visible_button(win, finish))
    assert win.showing() == "goodbye"
    touch(qtbot, visible_button(win, finish))
    assert win.showing() == "attract"
    assert field.text() == ""
    assert ticket_screen.number.text() == ""  # type: ignore[attr-defined]


def test_the_keyboard_loads_when_a_citizen_leaves_the_attract_screen(
    qtbot: QtBot, window: Callable[..., KioskWindow]
) -> None:
    """GIVEN the kiosk at rest on its attract screen THEN the on-screen keyboard's QML (about
    20 MiB) is not loaded; WHEN a citizen touches the screen THEN it loads on the language screen,
    hidden, before the identify step shows it."""
    from ui.window import KEYBOARD_PRELOAD_MS

    win = window("vn")
    qtbot.wait(KEYBOARD_PRELOAD_MS + 300)
    assert win.showing() == "attract" and win._keyboard is None
    touch(qtbot, visible_button(win, "Bắt đầu"))
    assert win.showing() == "language"
    qtbot.waitUntil(lambda: win._keyboard is not None, timeout=5_000)
    assert win._keyboard is not None and win._keyboard.loaded and not win._keyboard.isVisible()
    win.submit(Choose("vi"))
    assert win.showing() == "identify" and win.keyboard.isVisible()


def test_invalid_id_shows_a_plain_message_in_the_language(
    qtbot: QtBot, window: Callable[..., KioskWindow]
) -> None:
    win = window("th")
    win.submit(Next())
    win.submit(Choose("th"))
    win.submit(EnterText("3100600445636"))
    assert win.showing() == "identify"
    assert win.screens["identify"].error.text() == "เลขประจำตัวประชาชนไม่ถูกต้อง กรุณาตรวจสอบทีละหลัก"  # type: ignore[attr-defined]


def test_on_screen_keyboard_types_thai_and_vietnamese(qapp: QApplication, qtbot: QtBot) -> None:
    """GIVEN a text field and the keyboard WHEN Thai keys, then Vietnamese keys with a long-press accent
    are touched THEN the field holds the Thai and the Vietnamese text."""
    holder = QWidget()
    qtbot.addWidget(holder)
    layout = QVBoxLayout(holder)
    field = QLineEdit()
    keyboard = OnScreenKeyboard(resources_dir())
    keyboard.setFixedHeight(320)
    layout.addWidget(field)
    layout.addWidget(keyboard)
    holder.resize(1280, 420)
    holder.show()
    holder.activateWindow()
    qtbot.waitActive(holder)
    field.setFocus()
    keyboard.set_language("th")
    qtbot.wait(200)
    for key in "สวัสดี":
        tap_key(qtbot, keyboard, key)
    assert field.text() == "สวัสดี"
    field.clear()
    keyboard.set_language("vi")
    qtbot.wait(200)
    for key in "vi":
        tap_key(qtbot, keyboard, key)
    key_width = 0
    from tests.ui.conftest import keyboard_keys

    key_width = int(keyboard_keys(keyboard)["e"].width())
    # The "e" key's alternatives are e è é ẻ ẽ ẹ ê ề ế ể ễ ệ; sliding five key widths reaches "ệ".
    tap_key(qtbot, keyboard, "e", hold_ms=1200, slide_px=5 * key_width)
    tap_key(qtbot, keyboard, "t")
    assert field.text() == "Việt"  # the keyboard capitalises the first letter of a field


def test_idle_warning_then_end_of_session(qtbot: QtBot, window: Callable[..., KioskWindow]) -> None:
    """GIVEN an idle citizen WHEN the warning time passes THEN 'more time?' shows; WHEN nobody answers
    THEN the session ends and the screens forget the citizen."""
    win = window(session={"idle_timeout_s": 5, "warning_s": 2})
    win.submit(Next())
    win.submit(Choose("vi"))
    win.screens["identify"].field.setText(ID_NUMBERS["vn"])  # type: ignore[attr-defined]
    win.submit(EnterText(ID_NUMBERS["vn"]))
    assert win.showing() == "menu"
    qtbot.waitUntil(win.warning.isVisible, timeout=8_000)
    assert win.warning.question.text() == "Bạn có cần thêm thời gian không?"
    qtbot.waitUntil(lambda: win.showing() == "attract", timeout=8_000)
    assert not win.warning.isVisible()
    assert win.session.context.citizen is None
    assert win.screens["identify"].field.text() == ""  # type: ignore[attr-defined]
    assert win.screens["menu"].who.text() == ""  # type: ignore[attr-defined]


def test_more_time_keeps_the_session(qtbot: QtBot, window: Callable[..., KioskWindow]) -> None:
    win = window(session={"idle_timeout_s": 5, "warning_s": 2})
    win.submit(Next())
    win.submit(Choose("en"))
    qtbot.waitUntil(win.warning.isVisible, timeout=8_000)
    touch(qtbot, win.warning.yes)
    assert not win.warning.isVisible()
    qtbot.wait(1500)
    assert win.showing() == "identify"


def test_card_identifies_and_removal_ends_the_session(
    qtbot: QtBot, window: Callable[..., KioskWindow]
) -> None:
    win = window("th")
    reader = win.kiosk.card_reader
    assert isinstance(reader, SimulatedCardReader)
    reader.insert(demo_thai_card(resources_dir(), "somchai"))  # 3100600445635, สมชาย ใจดี
    qtbot.waitUntil(lambda: win.showing() == "language")
    win.submit(Choose("th"))
    assert win.showing() == "menu"
    assert win.screens["menu"].greeting.text() == "สวัสดี คุณสมชาย ใจดี"  # type: ignore[attr-defined]
    assert "5635" in win.screens["menu"].who.text() and "3100600" not in win.screens["menu"].who.text()  # type: ignore[attr-defined]
    reader.remove()
    qtbot.waitUntil(lambda: win.showing() == "attract")
    assert win.session.context.citizen is None
    assert win.screens["menu"].greeting.text() == ""  # type: ignore[attr-defined]


def test_issuing_runs_off_the_gui_thread_once(qtbot: QtBot, window: Callable[..., KioskWindow]) -> None:
    """GIVEN a category chosen WHEN it is tapped again and the screen re-renders THEN one ticket, issued on a worker."""
    win = window()
    win.submit(Next())
    win.submit(Choose("vi"))
    win.submit(EnterText(ID_NUMBERS["vn"]))
    win.submit(Choose("queue_ticket"))
    win.submit(Choose("B"))
    assert win.showing() == "queue.issuing"
    win.submit(Choose("B"))
    win.show_step()
    qtbot.waitUntil(lambda: win.showing() == "queue.ticket", timeout=60_000)
    win.jobs.wait()
    assert win.kiosk.queue.ticket_count() == 1
    assert win.jobs.worker_threads and threading.get_ident() not in win.jobs.worker_threads


def test_printer_offline_shows_the_number_and_a_qr(qtbot: QtBot, window: Callable[..., KioskWindow]) -> None:
    win = window(devices={"printer": "tcp://127.0.0.1:9"})
    win.submit(Next())
    win.submit(Choose("en"))
    win.submit(EnterText(ID_NUMBERS["vn"]))
    win.submit(Choose("queue_ticket"))
    win.submit(Choose("C"))
    qtbot.waitUntil(lambda: win.showing() == "queue.ticket", timeout=60_000)
    screen = win.screens["queue.ticket"]
    assert screen.number.text() == "C001"  # type: ignore[attr-defined]
    assert "could not print" in screen.printer.text()  # type: ignore[attr-defined]
    assert screen.qr.isVisible()  # type: ignore[attr-defined]


def test_contrast_and_text_size_toggles(qtbot: QtBot, window: Callable[..., KioskWindow]) -> None:
    win = window()
    touch(qtbot, win.header.contrast)
    assert "#ffd500" in win.styleSheet()
    touch(qtbot, win.header.large_text)
    assert "font-size: 34px" in win.styleSheet()
    win.start_new_session("test")
    assert "#ffd500" not in win.styleSheet()  # the next citizen starts with the office's settings


def test_thai_profile_shows_buddhist_era(window: Callable[..., KioskWindow]) -> None:
    win = window("th")
    assert win.header.clock.text() == "23/11/2569 09:05"
    assert window("vn").header.clock.text() == "23/11/2026 09:05"


def test_shots_cover_every_screen_in_every_language(tmp_path: Path, qapp: QApplication) -> None:
    from demo.shots import write_shots

    assert write_shots(tmp_path, profiles=["vn"], languages=None) == 0
    expected = {
        "attract", "language", "identify", "identify-invalid", "menu", "queue-category", "queue-printing",
        "queue-ticket", "queue-ticket-slip", "timeout-warning", "goodbye", "menu-card", "own-data", "queue-problem",
        "identify-large-high-contrast", "slip-ticket", "slip-dossier", "slip-payment", "slip-appointment",
        "slip-registration",
    }  # fmt: skip
    for language in ("vi", "en", "th"):
        names = {path.stem.split("-", 1)[1] for path in (tmp_path / f"vn-{language}").glob("[0-9]*.png")}
        assert names == expected, language

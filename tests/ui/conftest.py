"""Qt test set-up: the virtual keyboard input method must be chosen before the QApplication exists."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest

from ui.qt_setup import prepare_environment

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
prepare_environment()

from PySide6.QtCore import QPoint, QPointF, Qt  # noqa: E402
from PySide6.QtQuick import QQuickItem  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from pytestqt.qtbot import QtBot  # noqa: E402

from kiosk.app import Kiosk  # noqa: E402
from kiosk.paths import resources_dir  # noqa: E402
from ui.keyboard import OnScreenKeyboard  # noqa: E402
from ui.qt_setup import load_fonts  # noqa: E402
from ui.window import KioskWindow  # noqa: E402


@pytest.fixture(scope="session")
def qapp_args() -> list[str]:
    return ["kiosk-tests"]


@pytest.fixture
def window(
    qapp: QApplication, qtbot: QtBot, make_kiosk: Callable[..., Kiosk]
) -> Iterator[Callable[..., KioskWindow]]:
    qapp.setFont(load_fonts(resources_dir()))
    opened: list[KioskWindow] = []

    def open_window(profile: str = "vn", **sections: object) -> KioskWindow:
        kiosk = make_kiosk(profile, **sections)
        win = KioskWindow(kiosk)
        qtbot.addWidget(win)
        win.resize(1280, 800)
        win.show()
        win.activateWindow()
        qtbot.waitActive(win)
        opened.append(win)
        return win

    yield open_window
    for win in opened:
        win.jobs.wait()
        win.idle.disarm()


def keyboard_keys(keyboard: OnScreenKeyboard) -> dict[str, QQuickItem]:
    """The visible keys of the on-screen keyboard by the text they type."""
    root = keyboard.rootObject()
    assert root is not None, keyboard.errors()
    keys: dict[str, QQuickItem] = {}
    for item in root.findChildren(QQuickItem):
        meta = item.metaObject()
        if item.isVisible() and meta.indexOfProperty("key") >= 0 and meta.indexOfProperty("text") >= 0:
            text = item.property("text")
            if text:
                keys.setdefault(str(text), item)
    return keys


def key_centre(item: QQuickItem) -> QPoint:
    return item.mapToScene(QPointF(item.width() / 2, item.height() / 2)).toPoint()


def tap_key(
    qtbot: QtBot, keyboard: OnScreenKeyboard, text: str, *, hold_ms: int = 40, slide_px: int = 0
) -> None:
    """Touches the key typing ``text``; a long press plus a slide picks one of its alternatives."""
    qtbot.waitUntil(lambda: text in keyboard_keys(keyboard), timeout=5_000)
    keys = keyboard_keys(keyboard)
    assert text in keys, f"no key '{text}' on the {keyboard.locale_name} keyboard: {sorted(keys)}"
    point = key_centre(keys[text])
    from PySide6.QtTest import QTest

    QTest.mousePress(keyboard, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    qtbot.wait(hold_ms)
    if slide_px:
        QTest.mouseMove(keyboard, point + QPoint(slide_px, 0))
        qtbot.wait(80)
    QTest.mouseRelease(
        keyboard, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point + QPoint(slide_px, 0)
    )
    qtbot.wait(40)

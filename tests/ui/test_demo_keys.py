"""The demo's F6 / F7 keys, installed on the window by a demo (``demo.keys``), as `kiosk run --simulate` does."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from demo.keys import demo_card_keys
from drivers.card.simulated import SimulatedCardReader
from kiosk.flows.session import SessionStep
from ui.window import KioskWindow


def test_f6_puts_the_demo_card_on_the_reader_and_f7_takes_it_away(
    qtbot: QtBot, window: Callable[..., KioskWindow]
) -> None:
    """GIVEN the Thai kiosk window with the demo keys installed WHEN F6 is pressed on the attract
    screen THEN the demo card is read and the citizen is greeted on the language screen; WHEN F7
    is pressed THEN the card leaves the reader and the session ends."""
    win = window("th")
    reader = win.kiosk.card_reader
    assert isinstance(reader, SimulatedCardReader)
    win.demo_keys.update(demo_card_keys(win.kiosk))
    QTest.keyClick(win, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: win.session.context.citizen is not None, timeout=20_000)
    assert win.session.step is SessionStep.LANGUAGE
    assert reader.card_present
    QTest.keyClick(win, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: not reader.card_present, timeout=10_000)
    qtbot.waitUntil(lambda: win.session.context.citizen is None, timeout=10_000)


def test_a_window_without_the_demo_keys_ignores_f6(qtbot: QtBot, window: Callable[..., KioskWindow]) -> None:
    """GIVEN a kiosk window nobody installed demo keys on (a real kiosk) WHEN F6 is pressed THEN
    no card appears on the reader."""
    win = window("th")
    reader = win.kiosk.card_reader
    assert isinstance(reader, SimulatedCardReader)
    QTest.keyClick(win, Qt.Key.Key_F6)
    qtbot.wait(300)
    assert not reader.card_present
    assert win.session.context.citizen is None

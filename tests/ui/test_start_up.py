"""Start-up: the attract screen at once, the kiosk loaded behind it, early touches carried over."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.app import Kiosk
from kiosk.boot import read_boot_view
from kiosk.paths import resources_dir
from ui.boot import KioskFrame, KioskLoader
from ui.window import KioskWindow


def test_attract_first_then_the_kiosk_takes_over(
    qtbot: QtBot, make_kiosk: Callable[..., Kiosk], tmp_path: Path
) -> None:
    """GIVEN the frame showing the boot attract screen WHEN a citizen touches it before the core has
    loaded THEN, once loaded, the kiosk continues to the language screen without a second touch."""
    boot = read_boot_view(resources_dir(), tmp_path / "kiosk.toml", "th")
    frame = KioskFrame(boot, resources_dir())
    qtbot.addWidget(frame)
    frame.resize(1280, 800)
    frame.show()
    qtbot.waitExposed(frame)
    attract = frame.boot_screen.attract
    assert attract.touch.text() == "แตะหน้าจอเพื่อเริ่มต้น"
    assert frame.boot_screen.header.office.text() == "สำนักทะเบียนอำเภอ"
    assert "/25" in frame.boot_screen.header.clock.text()  # Buddhist-era year
    qtbot.mouseClick(attract.start, Qt.MouseButton.LeftButton)
    assert frame.touched_early

    loader = KioskLoader()
    with qtbot.waitSignal(loader.loaded, timeout=30_000) as loaded:
        loader.start(lambda: make_kiosk("th"))
    frame.attach(KioskWindow(loaded.args[0]))
    window = frame.kiosk_window
    assert window is not None
    assert window.showing() == "language"
    window.jobs.wait()


def test_a_bad_configuration_stops_run_with_one_sentence(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "kiosk.toml").write_text("[session]\nwarning_s = 90\nidle_timeout_s = 60\n", encoding="utf-8")
    env = dict(os.environ, KIOSK_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-m", "ui.launcher", "run", "--simulate"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "warning_s must be shorter than idle_timeout_s" in result.stderr
    assert "Traceback" not in result.stderr

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


CAMERA_STACK = ("cv2", "numpy", "drivers.camera.opencv", "drivers.vision.capture", "drivers.vision.face")

SHOW_ATTRACT = """
import json, sys, tempfile
from pathlib import Path
from ui.qt_setup import prepare_environment
prepare_environment()
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from kiosk.app import build_kiosk
from kiosk.config import KioskConfig
from ui.window import KioskWindow
app = QApplication(sys.argv[:1])
with tempfile.TemporaryDirectory() as home:
    config = KioskConfig.model_validate({"profile": "vn", "devices": {"simulate": True, "printer": "dummy:"}})
    kiosk = build_kiosk(config, home=Path(home), start_embedded_server=False)
    window = KioskWindow(kiosk)
    window.resize(1280, 800)
    window.show()
    QTest.qWaitForWindowExposed(window)
"""
"""A child process's start: a kiosk with simulated devices built and its window showing the
attract screen (the code that follows runs inside its ``with`` block)."""

SHOW_ATTRACT_AND_LIST_CAMERA_MODULES = (
    SHOW_ATTRACT
    + """
    QTest.qWait(50)
    before = window.showing(), kiosk.has_camera
    loaded = [name for name in json.loads(sys.argv[1]) if name in sys.modules]
    camera = kiosk.camera
    after = [name for name in json.loads(sys.argv[1]) if name in sys.modules]
    print(json.dumps({"showing": before[0], "has_camera": before[1], "loaded": loaded,
                      "camera": type(camera).__name__, "after": after}))
    window.close()
    kiosk.close()
"""
)


def test_the_attract_screen_does_not_load_the_camera_stack(tmp_path: Path) -> None:
    """GIVEN a kiosk with a (simulated) camera WHEN it is built and shows its attract screen THEN
    OpenCV, NumPy and the vision modules are not loaded (about 50 MB resident); the first use of
    the camera loads them."""
    import json

    env = dict(os.environ, KIOSK_HOME=str(tmp_path), QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", SHOW_ATTRACT_AND_LIST_CAMERA_MODULES, json.dumps(CAMERA_STACK)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["showing"] == "attract"
    assert report["has_camera"] is True
    assert report["loaded"] == []
    assert report["camera"] == "SimulatedCamera"
    assert "cv2" in report["after"]


def test_the_core_loads_after_the_first_frame(qtbot: QtBot, tmp_path: Path) -> None:
    """GIVEN the frame and a loader WHEN the frame is shown THEN the loader starts only once the
    first frame has been painted (the core's imports would otherwise delay that paint)."""
    from ui.boot import load_after_first_frame

    frame = KioskFrame(read_boot_view(resources_dir(), tmp_path / "kiosk.toml"), resources_dir())
    qtbot.addWidget(frame)
    frame.resize(1280, 800)
    loader = KioskLoader()
    painted: list[bool] = []
    frame.first_frame_shown.connect(lambda: painted.append(True))

    def build() -> Kiosk:
        raise RuntimeError("not needed")

    load_after_first_frame(frame, loader, build, grace_ms=60_000)
    assert not loader.started
    with qtbot.waitSignal(frame.first_frame_shown, timeout=10_000):
        frame.show()
    assert painted == [True] and loader.started
    loader.wait()


FIRST_FRAME_IMPORTS = """
import json, sys
from kiosk.boot import read_boot_view
from kiosk.paths import resources_dir
from ui.boot import KioskFrame, KioskLoader
print(json.dumps([name for name in json.loads(sys.argv[1]) if name in sys.modules]))
"""


def test_the_first_frame_imports_nothing_of_the_core() -> None:
    """The modules the first frame needs do not import the flows' engine, the translation sources'
    XML parser, platformdirs or the core: they load behind the attract screen."""
    import json

    later = ["kiosk.flows.engine", "xml.etree.ElementTree", "platformdirs", "sqlalchemy", "kiosk.app"]
    result = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME_IMPORTS, json.dumps(later)],
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


FIRST_FRAME_AND_QT_NAMESPACE = """
import json, sys
import PySide6.QtCore as QtCore
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from kiosk.boot import read_boot_view
from kiosk.paths import resources_dir
from ui.boot import KioskFrame
from ui.qt_setup import load_fonts, prepare_environment
prepare_environment()
app = QApplication(sys.argv[:1])
app.setFont(load_fonts(resources_dir()))
frame = KioskFrame(read_boot_view(resources_dir(), __import__("pathlib").Path(sys.argv[1])), resources_dir())
frame.resize(1280, 800)
seen = {}
class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if watched is frame and event.type() == QEvent.Type.Paint and "painted" not in seen:
            seen["painted"] = "Qt" in QtCore.__dict__
        return False
probe = FirstPaint()
frame.installEventFilter(probe)
frame.first_frame_shown.connect(app.quit)
frame.show()
app.exec()
start = frame.boot_screen.attract.start
print(json.dumps({"qt_at_first_paint": seen["painted"],
                  "start_cursor": start.cursor().shape().name,
                  "start_focus": start.focusPolicy().name,
                  "title_alignment": int(frame.boot_screen.attract.touch.alignment().value)}))
"""


def test_the_first_frame_is_painted_before_qts_namespace_loads(tmp_path: Path) -> None:
    """GIVEN the boot frame WHEN its first frame is painted THEN PySide6's ``Qt`` namespace (about
    90 enums, 10 ms) has not been loaded; the buttons still never take the focus and the texts are
    centred, and once the frame is out the buttons get the pointing-hand cursor."""
    import json

    result = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME_AND_QT_NAMESPACE, str(tmp_path / "kiosk.toml")],
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["qt_at_first_paint"] is False
    assert report["start_cursor"] == "PointingHandCursor"
    assert report["start_focus"] == "NoFocus"
    assert report["title_alignment"] == int(Qt.AlignmentFlag.AlignCenter.value)


AT_REST_MODULES = (
    SHOW_ATTRACT
    + """
    QTest.qWait(300)  # the sync worker's first cycle (not enrolled) and the idle attract screen
    print(json.dumps({"showing": window.showing(),
                      "loaded": [name for name in json.loads(sys.argv[1]) if name in sys.modules]}))
    window.close()
    kiosk.close()
"""
)


def test_the_kiosk_at_rest_has_not_loaded_printing_crypto_or_http() -> None:
    """GIVEN a built kiosk (not enrolled) showing its attract screen WHEN it rests THEN Pillow and
    qrcode (slips), cryptography (sealing, signing) and httpx (sync requests) are not loaded:
    together about 20 MB resident, loaded by the first print, seal or request."""
    import json

    later = ["PIL", "qrcode", "cryptography", "httpx"]
    result = subprocess.run(
        [sys.executable, "-c", AT_REST_MODULES, json.dumps(later)],
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report == {"showing": "attract", "loaded": []}

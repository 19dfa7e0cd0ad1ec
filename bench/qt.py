"""Qt plumbing of the in-process benchmarks: one shown ``KioskWindow`` on a throw-away kiosk."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ui.qt_setup import load_fonts, prepare_environment

prepare_environment()  # before any QApplication exists: Qt Virtual Keyboard as input method
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtTest import QTest  # noqa: E402 - after the environment is prepared
from PySide6.QtWidgets import QApplication  # noqa: E402

from bench.common import BENCH_CONFIG, WINDOW_SIZE  # noqa: E402
from kiosk.app import Kiosk, build_kiosk  # noqa: E402
from kiosk.config import KioskConfig  # noqa: E402
from ui.window import KioskWindow  # noqa: E402


@dataclass
class Bench:
    app: QApplication
    kiosk: Kiosk
    window: KioskWindow


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    return app


@contextmanager
def shown_window() -> Iterator[Bench]:
    """A kiosk (simulated devices, ``dummy:`` printer, temporary KIOSK_HOME) and its window,
    shown offscreen at the touchscreen's size, exposed and idle; closed and released afterwards."""
    app = application()
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-home-") as home:
        kiosk = build_kiosk(
            KioskConfig.model_validate(BENCH_CONFIG), home=Path(home), start_embedded_server=False
        )
        app.setFont(load_fonts(kiosk.resources))
        window = KioskWindow(kiosk)
        try:
            window.resize(*WINDOW_SIZE)
            window.show()
            if not QTest.qWaitForWindowExposed(window):
                raise RuntimeError("the kiosk window was never exposed")
            settle(100)
            yield Bench(app, kiosk, window)
        finally:
            window.jobs.wait()
            window.close()
            window.deleteLater()
            settle(10)
            kiosk.close()


def settle(ms: int = 1) -> None:
    """Runs the event loop for ``ms`` (timers, queued signals, paints, deferred deletes)."""
    QTest.qWait(ms)


def wait_until(predicate: Callable[[], bool], timeout_s: float, what: str) -> None:
    """Runs the event loop in 10 ms steps until ``predicate`` holds; raises after ``timeout_s``."""
    for _ in range(max(1, int(timeout_s * 100))):
        if predicate():
            return
        QTest.qWait(10)
    if not predicate():
        raise RuntimeError(f"timed out after {timeout_s:g} s waiting for {what}")


def expect_screen(window: KioskWindow, key: str) -> None:
    if window.showing() != key:
        raise RuntimeError(f"expected screen {key!r}, the window shows {window.showing()!r}")

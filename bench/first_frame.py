"""Child process of the start-up benchmark: start, show one window, exit once its first frame is done.

``python -m bench.first_frame kiosk --home DIR --out FILE`` does what ``kiosk run`` does
(imports, ``build_kiosk`` with simulated devices and the ``dummy:`` printer, the Qt
environment, ``QApplication`` with the bundled fonts, ``KioskWindow`` at 1280x800, show);
``... bare --out FILE`` creates only ``QApplication`` and an empty ``QWidget`` of the same size.

"First frame" is detected the same way on both sides: an event filter on the top-level
window sees its first ``QEvent.Paint`` and arms a zero-timer; the timer fires on the next
pass of the event loop, i.e. after the whole paint pass (the window and every child
widget) has been drawn into the backing store and flushed. That instant is the end mark;
then the event loop quits and the process exits normally (Qt and the kiosk torn down).

Marks are ``time.monotonic()`` values (``CLOCK_MONOTONIC``, one clock for every process on
the machine), so the parent can subtract its own timestamp taken just before the spawn.
Only the standard library is imported before the ``started`` mark.
"""

from __future__ import annotations

import time

STARTED = time.monotonic()

import argparse  # noqa: E402 - after the first mark on purpose
import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import TYPE_CHECKING  # noqa: E402

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

WIDTH, HEIGHT = 1280, 800  # bench.common.WINDOW_SIZE, repeated: this child imports nothing of ours early


class Marks:
    """Named ``time.monotonic()`` instants of one run, in order."""

    def __init__(self) -> None:
        self.values: dict[str, float] = {"started": STARTED}

    def __call__(self, name: str) -> None:
        self.values[name] = time.monotonic()


def run_until_first_frame(app: QApplication, window: QWidget, marks: Marks) -> None:
    """Shows ``window``, runs the event loop, and quits it once the first paint pass is over."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
            if not self.seen and watched is window and event.type() == QEvent.Type.Paint:
                self.seen = True
                QTimer.singleShot(0, self.frame_done)  # runs after the paint pass and the flush
            return False

        def frame_done(self) -> None:
            marks("first_frame")
            app.quit()

    probe = FirstPaint()
    window.installEventFilter(probe)
    window.show()
    marks("shown")
    app.exec()
    window.removeEventFilter(probe)


def kiosk_child(home: Path, marks: Marks) -> None:
    """The product's own start path (``ui.main.run_kiosk``): boot settings, the frame with its
    attract screen, the core loading on a worker thread once the frame's first frame is shown.
    ``first_frame`` is the frame's first paint; ``ready`` is when the full kiosk took over."""
    from ui.qt_setup import load_fonts, prepare_environment

    prepare_environment()  # before QApplication: selects the Qt Virtual Keyboard input method
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from kiosk.boot import read_boot_view
    from kiosk.paths import resources_dir
    from ui.boot import KioskFrame, KioskLoader, load_after_first_frame

    marks("imported")
    resources = resources_dir()
    config_path = home / "kiosk.toml"
    config_path.write_text(
        'profile = "vn"\n[devices]\nsimulate = true\nprinter = "dummy:"\n', encoding="utf-8"
    )
    boot = read_boot_view(resources, config_path)
    app = QApplication(sys.argv[:1])
    app.setFont(load_fonts(resources))
    marks("qapplication")
    frame = KioskFrame(boot, resources)
    frame.resize(WIDTH, HEIGHT)
    marks("window_built")
    built: list[object] = []

    def build() -> object:
        import ui.window  # noqa: F401 - as ui.main does: the core's imports, off the GUI thread
        from kiosk.app import build_kiosk
        from kiosk.config import load_config

        kiosk = build_kiosk(load_config(config_path), home=home, start_embedded_server=False)
        built.append(kiosk)
        return kiosk

    def on_loaded(kiosk: object) -> None:
        from ui.window import KioskWindow

        frame.attach(KioskWindow(kiosk))  # type: ignore[arg-type]
        marks("ready")
        app.quit()

    class FirstPaint(QObject):
        seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
            if not self.seen and watched is frame and event.type() == QEvent.Type.Paint:
                self.seen = True
                QTimer.singleShot(0, lambda: marks("first_frame"))  # after the paint pass and flush
            return False

    probe = FirstPaint()
    frame.installEventFilter(probe)
    loader = KioskLoader()
    loader.loaded.connect(on_loaded)
    loader.failed.connect(lambda message: app.exit(1))
    load_after_first_frame(frame, loader, build)  # type: ignore[arg-type]
    frame.show()
    marks("shown")
    app.exec()
    frame.removeEventFilter(probe)
    if frame.kiosk_window is None or frame.kiosk_window.showing() != "attract":
        raise RuntimeError("the kiosk did not take over the attract screen")
    frame.kiosk_window.jobs.wait()
    for kiosk in built:
        kiosk.close()  # type: ignore[attr-defined]


def bare_child(marks: Marks) -> None:
    from PySide6.QtWidgets import QApplication, QWidget

    marks("imported")
    app = QApplication(sys.argv[:1])
    marks("qapplication")
    window = QWidget()
    window.resize(WIDTH, HEIGHT)
    marks("window_built")
    run_until_first_frame(app, window, marks)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.first_frame")
    parser.add_argument("kind", choices=["kiosk", "bare"])
    parser.add_argument("--home", type=Path, help="KIOSK_HOME of the kiosk child")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    marks = Marks()
    if args.kind == "kiosk":
        if args.home is None:
            parser.error("kiosk needs --home")
        kiosk_child(args.home, marks)
    else:
        bare_child(marks)
    if "first_frame" not in marks.values:
        raise RuntimeError("the window was never painted")
    args.out.write_text(json.dumps({"kind": args.kind, "marks": marks.values}), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

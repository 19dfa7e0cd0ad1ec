"""``kiosk run``: the touchscreen application.

The attract screen appears first; the core loads behind it (see ``ui.boot``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.boot import read_boot_view
from kiosk.paths import CONFIG_FILE_NAME, kiosk_home, resources_dir
from ui.qt_setup import load_fonts, prepare_environment

if TYPE_CHECKING:
    from kiosk.app import Kiosk


def build_for_run(args: argparse.Namespace, home: Path) -> Kiosk:
    """Imports the core and builds the kiosk (worker thread: never on the GUI thread)."""
    import ui.window  # noqa: F401 - its imports (the core's) are loaded here, off the GUI thread
    from kiosk.app import build_kiosk
    from kiosk.cli.common import effective_config
    from kiosk.logs import configure_logging

    configure_logging(home)
    config = effective_config(args, create=True)
    if args.simulate:
        config = config.with_overrides(server__embedded=True)
    if args.fullscreen:
        config = config.with_overrides(display__fullscreen=True)
    return build_kiosk(config, home=home)


def run_kiosk(args: argparse.Namespace) -> int:
    prepare_environment()
    import signal

    from PySide6.QtWidgets import QApplication

    from ui.boot import KioskFrame, KioskLoader, load_after_first_frame

    home = kiosk_home()
    resources = resources_dir()
    boot = read_boot_view(resources, args.config or home / CONFIG_FILE_NAME, args.profile)
    app = QApplication(sys.argv[:1])
    app.setFont(load_fonts(resources))
    signal.signal(signal.SIGINT, lambda *_: app.quit())
    frame = KioskFrame(boot, resources)
    frame.resize(1280, 800)
    loader = KioskLoader()
    load_after_first_frame(frame, loader, lambda: build_for_run(args, home))
    if args.fullscreen:
        frame.showFullScreen()
    else:
        frame.show()
    status = {"code": 0}
    loaded: list[Kiosk] = []

    def on_loaded(kiosk: Kiosk) -> None:
        from ui.window import KioskWindow

        loaded.append(kiosk)
        if kiosk.config.display.fullscreen and not frame.isFullScreen():
            frame.showFullScreen()
        window = KioskWindow(kiosk)
        from drivers.card.simulated import SimulatedCardReader

        if isinstance(kiosk.card_reader, SimulatedCardReader):  # a demo or a trial: its keys
            from demo.keys import demo_card_keys

            window.demo_keys.update(demo_card_keys(kiosk))
        frame.attach(window)

    def on_failed(message: str, exit_status: int) -> None:
        print(message, file=sys.stderr)
        status["code"] = exit_status
        app.exit(exit_status)

    loader.loaded.connect(on_loaded)
    loader.failed.connect(on_failed)
    try:
        code = app.exec()
    finally:
        loader.wait()
        if frame.kiosk_window is not None:
            frame.kiosk_window.jobs.wait()
        for kiosk in loaded:
            kiosk.close()
    return status["code"] or code

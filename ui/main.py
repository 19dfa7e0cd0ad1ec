"""``kiosk run``: the touchscreen application."""

from __future__ import annotations

import argparse
import signal
import sys

from kiosk import cli
from kiosk.app import build_kiosk
from kiosk.logs import configure_logging
from kiosk.paths import kiosk_home
from ui.qt_setup import load_fonts, prepare_environment


def run_kiosk(args: argparse.Namespace) -> int:
    prepare_environment()
    from PySide6.QtWidgets import QApplication

    from ui.window import KioskWindow

    home = kiosk_home()
    configure_logging(home)
    config = cli.effective_config(args, create=True)
    if args.simulate:
        config = config.with_overrides(server__embedded=True)
    if args.fullscreen:
        config = config.with_overrides(display__fullscreen=True)
    kiosk = build_kiosk(config, home=home)
    app = QApplication(sys.argv[:1])
    app.setFont(load_fonts(kiosk.resources))
    signal.signal(signal.SIGINT, lambda *_: app.quit())
    window = KioskWindow(kiosk)
    window.resize(1280, 800)
    if config.display.fullscreen:
        window.showFullScreen()
    else:
        window.show()
    try:
        return app.exec()
    finally:
        window.jobs.wait()
        kiosk.close()

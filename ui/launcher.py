"""The ``kiosk`` console entry point: the core's command line plus the Qt commands (``run``, ``shots``).

Qt is imported only when a Qt command runs, so headless commands start fast and work
on machines without display libraries.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from kiosk.cli import main as core
from kiosk.cli.common import add_config_options, path_argument


def _cmd_run(args: argparse.Namespace) -> int:
    from ui.main import run_kiosk

    return run_kiosk(args)


def _cmd_shots(args: argparse.Namespace) -> int:
    from demo.shots import write_shots

    return write_shots(args.out, profiles=args.profile, languages=args.lang)


def add_qt_commands(commands: Any) -> None:
    run = commands.add_parser("run", help="start the kiosk's touchscreen interface")
    add_config_options(run)
    run.add_argument("--fullscreen", action="store_true")
    run.set_defaults(handler=_cmd_run)

    shots = commands.add_parser("shots", help="render every screen offscreen to PNG files")
    shots.add_argument("--out", type=path_argument, required=True)
    shots.add_argument("--profile", choices=["vn", "th"], action="append", default=None)
    shots.add_argument("--lang", choices=["vi", "th", "en"], action="append", default=None)
    shots.set_defaults(handler=_cmd_shots)


def main(argv: list[str] | None = None) -> int:
    return core.main(argv, extra=add_qt_commands)


if __name__ == "__main__":
    sys.exit(main())

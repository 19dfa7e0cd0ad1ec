"""What every command shares: the configuration options, opening the kiosk, JSON output.

Imports only the standard library at module level, so that a command pays for the core
(SQLAlchemy, the devices) only when it opens the kiosk.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from kiosk.app import Kiosk
    from kiosk.config import KioskConfig

Handler = Callable[[argparse.Namespace], int]


def path_argument(text: str) -> Path:
    """The ``type`` of a path option: ``pathlib`` loads when a command is given one, not with the
    parser (``kiosk card read`` pays only for what it uses)."""
    from pathlib import Path

    return Path(text)


class KioskHelp(argparse.HelpFormatter):
    """argparse's help layout, sized to the terminal without importing ``shutil`` (argparse asks
    it for the width each time it builds a formatter, which it does for every option added)."""

    def __init__(self, prog: str) -> None:
        try:
            columns = os.get_terminal_size().columns
        except OSError:
            columns = 80
        super().__init__(prog, width=max(columns - 2, 40))


class KioskParser(argparse.ArgumentParser):
    """The command line's parser: every sub-parser made from it shares :class:`KioskHelp`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", KioskHelp)
        super().__init__(*args, **kwargs)


def add_config_options(parser: argparse.ArgumentParser, *, simulate: bool = True) -> None:
    parser.add_argument(
        "--config",
        type=path_argument,
        default=None,
        help="configuration file (default: KIOSK_HOME/kiosk.toml)",
    )
    parser.add_argument("--profile", choices=["vn", "th"], default=None, help="jurisdiction profile")
    if simulate:
        parser.add_argument("--simulate", action="store_true", help="use simulated devices")


def effective_config(
    args: argparse.Namespace, *, create: bool = False, force_simulate: bool = False
) -> KioskConfig:
    """The configuration file, with the command line's flags applied over it."""
    from kiosk.app import read_config
    from kiosk.paths import kiosk_home

    config = read_config(kiosk_home(), getattr(args, "config", None), create=create)
    overrides: dict[str, Any] = {}
    if getattr(args, "profile", None):
        overrides["profile"] = args.profile
        overrides["languages"] = ()
    if force_simulate or getattr(args, "simulate", False):
        overrides["devices__simulate"] = True
    return config.with_overrides(**overrides) if overrides else config


def open_kiosk(args: argparse.Namespace, **kwargs: Any) -> Kiosk:
    """Builds the whole kiosk (database, devices, sync) for a command that needs it."""
    from kiosk.app import build_kiosk
    from kiosk.logs import configure_logging
    from kiosk.paths import kiosk_home

    home = kiosk_home()
    configure_logging(home)
    return build_kiosk(effective_config(args, **kwargs), home=home)


def emit(payload: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
    sys.stdout.flush()

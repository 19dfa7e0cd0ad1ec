"""The ``kiosk`` command line: every device and flow driven without the touchscreen.

This module holds the headless commands. The Qt commands (``run``, ``shots``) are
added by ``ui.launcher``, the console entry point, so this package never imports Qt.

A ``--json`` output is one JSON object on stdout; errors go to stderr as one plain
sentence with a non-zero exit status.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from kiosk.app import Kiosk, build_kiosk, read_config
from kiosk.config import KioskConfig
from kiosk.errors import KioskError
from kiosk.logs import configure_logging
from kiosk.paths import kiosk_home

log = logging.getLogger(__name__)

Handler = Callable[[argparse.Namespace], int]


def add_config_options(parser: argparse.ArgumentParser, *, simulate: bool = True) -> None:
    parser.add_argument(
        "--config", type=Path, default=None, help="configuration file (default: KIOSK_HOME/kiosk.toml)"
    )
    parser.add_argument("--profile", choices=["vn", "th"], default=None, help="jurisdiction profile")
    if simulate:
        parser.add_argument("--simulate", action="store_true", help="use simulated devices")


def effective_config(
    args: argparse.Namespace, *, create: bool = False, force_simulate: bool = False
) -> KioskConfig:
    """The configuration file, with the command line's flags applied over it."""
    config = read_config(kiosk_home(), getattr(args, "config", None), create=create)
    overrides: dict[str, Any] = {}
    if getattr(args, "profile", None):
        overrides["profile"] = args.profile
        overrides["languages"] = ()
    if force_simulate or getattr(args, "simulate", False):
        overrides["devices__simulate"] = True
    return config.with_overrides(**overrides) if overrides else config


def open_kiosk(args: argparse.Namespace, **kwargs: Any) -> Kiosk:
    home = kiosk_home()
    configure_logging(home)
    return build_kiosk(effective_config(args, **kwargs), home=home)


def emit(payload: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def cmd_doctor(args: argparse.Namespace) -> int:
    from kiosk.doctor import report, run_checks

    kiosk = open_kiosk(args)
    try:
        checks = run_checks(kiosk)
    finally:
        kiosk.close()
    result = report(checks)
    if args.json:
        emit(result)
    else:
        for check in checks:
            print(f"{check.name:12} {check.status:8} {check.detail}")
    return 0 if result["ok"] else 1


def cmd_simulate_sessions(args: argparse.Namespace) -> int:
    from kiosk.simulation import simulate_sessions

    if args.count < 0:
        raise KioskError("--count must be zero or more.")
    kiosk = open_kiosk(args, force_simulate=True)
    try:
        for report in simulate_sessions(kiosk, args.count, args.seed):
            emit(asdict(report))
    finally:
        kiosk.close()
    return 0


def build_parser(extra: Callable[[Any], None] | None = None) -> argparse.ArgumentParser:
    """The whole ``kiosk`` parser; ``extra`` lets the Qt layer add its commands to the subparsers."""
    parser = argparse.ArgumentParser(prog="kiosk", description="District-office self-service kiosk.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    doctor = commands.add_parser("doctor", help="self-test of devices, storage and the server link")
    add_config_options(doctor)
    doctor.add_argument("--json", action="store_true")
    doctor.set_defaults(handler=cmd_doctor)

    from kiosk.sync_commands import add_sync_commands

    add_sync_commands(commands, open_kiosk)  # outbox list|retry|export, sync status|now|enroll

    simulate = commands.add_parser("simulate", help="simulated devices and citizens")
    simulate_commands = simulate.add_subparsers(dest="simulate_command", required=True)
    sessions = simulate_commands.add_parser(
        "sessions", help="run citizen sessions headless, one JSON line each"
    )
    add_config_options(sessions, simulate=False)
    sessions.add_argument("--count", type=int, default=10)
    sessions.add_argument("--seed", type=int, default=None)
    sessions.set_defaults(handler=cmd_simulate_sessions)
    simulate_commands.add_parser(
        "printer",
        help="a network ESC/POS printer on loopback writing each job as PNG "
        "(--port N --out DIR [--paper-width 576|384] [--state online|near_end|paper_out|offline])",
        add_help=False,
    )

    from kiosk.card_commands import add_card_commands
    from kiosk.fingerprint_commands import add_fingerprint_commands
    from kiosk.print_commands import add_print_commands

    add_card_commands(commands, simulate_commands)
    add_fingerprint_commands(commands, simulate_commands)

    add_print_commands(commands, open_kiosk)

    from kiosk.technician_commands import add_technician_commands

    add_technician_commands(commands)

    from kiosk.camera_commands import add_camera_commands

    add_camera_commands(commands)

    if extra is not None:
        extra(commands)
    return parser


def main(argv: list[str] | None = None, extra: Callable[[Any], None] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if arguments[:2] == ["simulate", "printer"]:  # the simulators own their options
        from drivers.printer.simulator import main as simulate_printer

        return simulate_printer(arguments[2:])
    if arguments[:2] == ["simulate", "fingerprint"]:
        from drivers.fingerprint.simulator import main as simulate_fingerprint

        return simulate_fingerprint(arguments[2:])
    parser = build_parser(extra)
    args = parser.parse_args(arguments)
    handler: Handler = args.handler
    try:
        return handler(args)
    except KioskError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        log.exception("command %s failed", args.command)
        print(f"The command failed unexpectedly ({type(exc).__name__}); see the kiosk log.", file=sys.stderr)
        return 1

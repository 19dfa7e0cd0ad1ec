"""The ``kiosk`` command line's root: the parser, the headless commands' dispatch.

This module holds the headless commands. The Qt commands (``run``, ``shots``) are
added by ``ui.launcher``, the console entry point, so this package never imports Qt.

A ``--json`` output is one JSON object on stdout; errors go to stderr as one plain
sentence with a non-zero exit status.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from kiosk.cli.common import Handler, KioskParser, add_config_options, emit, open_kiosk
from kiosk.errors import KioskError


def cmd_doctor(args: argparse.Namespace) -> int:
    from kiosk.cli.doctor import report, run_checks

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
    from kiosk.cli.simulation import simulate_sessions

    if args.count < 0:
        raise KioskError("--count must be zero or more.")
    kiosk = open_kiosk(args, force_simulate=True)
    try:
        for report in simulate_sessions(kiosk, args.count, args.seed):
            emit(asdict(report))
    finally:
        kiosk.close()
    return 0


CORE_COMMANDS = frozenset(
    {"doctor", "outbox", "sync", "simulate", "card", "fingerprint", "print", "technician", "camera", "audit"}
)
"""The top-level commands defined here; any other (``run``, ``shots``) comes from ``extra``."""


def build_parser(
    extra: Callable[[Any], None] | None = None, *, command: str | None = None
) -> argparse.ArgumentParser:
    """The ``kiosk`` parser; ``extra`` lets the Qt layer add its commands to the subparsers.

    ``command``: the top-level command about to run. Only its own sub-parser is built then (a
    command imports and defines only what it uses, so ``kiosk card read`` does not pay for the
    camera's or the outbox's options); ``None`` builds them all (``--help``, a mistyped command).
    """
    parser = KioskParser(prog="kiosk", description="District-office self-service kiosk.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def wanted(*names: str) -> bool:
        return command is None or command in names

    if wanted("doctor"):
        doctor = commands.add_parser("doctor", help="self-test of devices, storage and the server link")
        add_config_options(doctor)
        doctor.add_argument("--json", action="store_true")
        doctor.set_defaults(handler=cmd_doctor)

    if wanted("outbox", "sync"):
        from kiosk.cli.sync_commands import add_sync_commands

        add_sync_commands(commands, open_kiosk)  # outbox list|retry|export, sync status|now|enroll

    if wanted("simulate"):
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
    else:  # the card and fingerprint modules add their simulators here: a group nobody parses
        simulate_commands = KioskParser(add_help=False).add_subparsers()

    if wanted("card", "simulate"):
        from kiosk.cli.card_commands import add_card_commands

        add_card_commands(commands, simulate_commands)
    if wanted("fingerprint", "simulate"):
        from kiosk.cli.fingerprint_commands import add_fingerprint_commands

        add_fingerprint_commands(commands, simulate_commands)
    if wanted("print"):
        from kiosk.cli.print_commands import add_print_commands

        add_print_commands(commands, open_kiosk)
    if wanted("technician"):
        from kiosk.cli.technician_commands import add_technician_commands

        add_technician_commands(commands)
    if wanted("camera"):
        from kiosk.cli.camera_commands import add_camera_commands

        add_camera_commands(commands)
    if wanted("audit"):
        from kiosk.cli.audit_commands import add_audit_commands

        add_audit_commands(commands)

    if extra is not None and (command is None or command not in CORE_COMMANDS):
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
    first = arguments[0] if arguments else None
    parser = build_parser(extra, command=first if first in CORE_COMMANDS else None)
    args = parser.parse_args(arguments)
    handler: Handler = args.handler
    try:
        return handler(args)
    except KioskError as exc:
        print(str(exc), file=sys.stderr)
        return exc.exit_status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        import logging  # only on this path: a command that succeeds never loads it

        logging.getLogger(__name__).exception("command %s failed", args.command)
        print(f"The command failed unexpectedly ({type(exc).__name__}); see the kiosk log.", file=sys.stderr)
        return 1

"""``kiosk fingerprint info|capture|enroll|verify`` and ``kiosk simulate fingerprint``.

The module is driven straight from the command line (technicians, scripts, tests). Templates
never leave the module here and nothing biometric is printed: only pages, scores and counts.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from typing import Any

from kiosk.errors import KioskError


def _emit(args: argparse.Namespace, data: dict[str, Any], text: str) -> None:
    if args.json:
        sys.stdout.write(json.dumps(data) + "\n")
    else:
        print(text)


def cmd_fingerprint(args: argparse.Namespace) -> int:
    from drivers.fingerprint.errors import FingerprintError
    from drivers.fingerprint.zfm import ZfmScanner

    def progress(step: str) -> None:
        if not args.json:
            print(
                {"place_finger": "place your finger", "lift_finger": "lift your finger"}.get(step, step),
                flush=True,
            )

    try:
        with ZfmScanner.open(args.port, baud=args.baud, password=args.password) as scanner:
            if args.fingerprint_command == "info":
                info = scanner.info()
                data = asdict(info)
                _emit(args, data, ", ".join(f"{key} {value}" for key, value in data.items()))
            elif args.fingerprint_command == "capture":
                scanner.capture(1, timeout_s=args.timeout, on_progress=progress)
                _emit(args, {"captured": True}, "captured")
            elif args.fingerprint_command == "enroll":
                result = scanner.enroll(page=args.page, timeout_s=args.timeout, on_progress=progress)
                _emit(args, {"page": result.page, "score": result.score}, f"enrolled in page {result.page}")
            else:
                verified = scanner.verify(args.page, timeout_s=args.timeout, on_progress=progress)
                _emit(
                    args,
                    {"matched": verified.matched, "page": verified.page, "score": verified.score},
                    f"{'matched' if verified.matched else 'not matched'} (page {verified.page}, score {verified.score})",
                )
    except FingerprintError as exc:
        raise KioskError(f"Fingerprint module: {exc}") from exc
    return 0


def add_fingerprint_commands(commands: Any, simulate_commands: Any) -> None:
    fingerprint = commands.add_parser("fingerprint", help="the fingerprint module (ZFM / R30x / AS608)")
    sub = fingerprint.add_subparsers(dest="fingerprint_command", required=True)
    for name, text in (
        ("info", "template count, capacity, security level, baud"),
        ("capture", "one capture (image and features) into buffer 1"),
        ("enroll", "two captures, checked against each other, stored in a free page"),
        ("verify", "one capture matched against a page (1:1) or the whole library (1:N)"),
    ):
        parser = sub.add_parser(name, help=text)
        parser.add_argument("--port", required=True, help="serial port, e.g. /dev/ttyUSB0")
        parser.add_argument("--baud", type=int, default=57600)
        parser.add_argument("--password", type=lambda value: int(value, 0), default=0)
        parser.add_argument("--timeout", type=float, default=15.0, help="seconds to wait for a finger")
        parser.add_argument("--page", type=int, default=None)
        parser.add_argument("--json", action="store_true")
        parser.set_defaults(handler=cmd_fingerprint)
    simulate_commands.add_parser(
        "fingerprint",
        help="a virtual fingerprint module on a pseudo-terminal (prints its path)",
        add_help=False,
    )

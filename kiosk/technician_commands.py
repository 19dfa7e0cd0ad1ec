"""``kiosk technician hash-pin``: the line to put in ``kiosk.toml`` for a technician PIN.

The PIN is read from standard input (without echo on a terminal) and never printed; what is
printed is its scrypt hash, in the ``[technician]`` table's ``pin_hash`` setting.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from kiosk.errors import KioskError

MIN_PIN_DIGITS = 4


def cmd_hash_pin(args: argparse.Namespace) -> int:
    del args
    if sys.stdin.isatty():
        pin = getpass.getpass("Technician PIN: ")
        if getpass.getpass("The same PIN again: ") != pin:
            raise KioskError("The two PINs differ.")
    else:
        pin = sys.stdin.readline().strip()
    if len(pin) < MIN_PIN_DIGITS or not (pin.isascii() and pin.isdigit()):
        raise KioskError(f"A technician PIN is {MIN_PIN_DIGITS} or more digits.")
    from kiosk.services.staff import hash_secret

    print("[technician]")
    print(f'pin_hash = "{hash_secret(pin)}"')
    return 0


def add_technician_commands(commands: Any) -> None:
    technician = commands.add_parser("technician", help="technician mode settings")
    sub = technician.add_subparsers(dest="technician_command", required=True)
    hash_pin = sub.add_parser(
        "hash-pin", help="read a PIN from stdin, print its pin_hash line for kiosk.toml"
    )
    hash_pin.set_defaults(handler=cmd_hash_pin)

"""Technician commands.

* ``kiosk technician hash-pin``: the line to put in ``kiosk.toml`` for a technician PIN. The PIN
  is read from standard input (without echo on a terminal) and never printed; what is printed
  is its scrypt hash, in the ``[technician]`` table's ``pin_hash`` setting.
* ``kiosk technician export-logs FILE``: the kiosk's logs (``KIOSK_HOME/logs``, rotated files
  included) in one ``.tar.gz`` for the vendor's support, with a ``manifest.json`` (kiosk, office,
  software version, when, which files). The logs hold no personal data (they are scrubbed when
  written, ``kiosk.logs``), so the archive is not encrypted.
"""

from __future__ import annotations

import argparse
import getpass
import io
import json
import os
import sys
import tarfile
from datetime import UTC, datetime
from pathlib import Path
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


def cmd_export_logs(args: argparse.Namespace) -> int:
    from kiosk.app import read_config, software_version
    from kiosk.paths import kiosk_home

    home = kiosk_home()
    config = read_config(home, args.config)
    folder = home / "logs"
    files = sorted(path for path in folder.glob("*.log*") if path.is_file()) if folder.is_dir() else []
    if not files:
        print(f"There are no logs to export in {folder}.", file=sys.stderr)
        return 1
    target: Path = args.file
    manifest = {
        "kiosk_id": config.office.kiosk_id,
        "office_code": config.office.code,
        "profile": config.profile,
        "software_version": software_version(),
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "files": [path.name for path in files],
    }
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # Owner-only, whatever the umask: the logs say when and how citizens used the kiosk.
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(descriptor, 0o600)
        with open(descriptor, "wb") as stream, tarfile.open(fileobj=stream, mode="w:gz") as archive:
            for path in files:
                archive.add(path, arcname=f"logs/{path.name}", recursive=False)
            data = json.dumps(manifest, indent=2).encode("utf-8")
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            info.mtime = int(datetime.now(UTC).timestamp())
            archive.addfile(info, io.BytesIO(data))
    except OSError as exc:
        print(f"The logs cannot be written to {target}: {exc.strerror or exc}.", file=sys.stderr)
        return 1
    size = target.stat().st_size
    if args.json:
        print(json.dumps({"file": str(target), "bytes": size, **manifest}))
    else:
        print(f"{len(files)} log files written to {target} ({size:,} bytes).")
    return 0


def add_technician_commands(commands: Any) -> None:
    technician = commands.add_parser("technician", help="technician mode settings")
    sub = technician.add_subparsers(dest="technician_command", required=True)
    hash_pin = sub.add_parser(
        "hash-pin", help="read a PIN from stdin, print its pin_hash line for kiosk.toml"
    )
    hash_pin.set_defaults(handler=cmd_hash_pin)
    export_logs = sub.add_parser("export-logs", help="the kiosk's logs in one .tar.gz, for support")
    export_logs.add_argument("file", type=Path, help="where to write the archive, e.g. a USB stick")
    export_logs.add_argument("--config", type=Path, default=None, help="kiosk.toml (default: KIOSK_HOME's)")
    export_logs.add_argument("--json", action="store_true")
    export_logs.set_defaults(handler=cmd_export_logs)

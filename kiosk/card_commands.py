"""``kiosk card read|watch`` and ``kiosk simulate card``: the ID-card reader from the command line.

``card read`` prints the card's data (personal data, on the technician's own terminal, never
in a log); ``card watch`` prints one line per insert or removal with no personal data.
``simulate card`` plugs a virtual card from ``resources/cards/<profile>/`` into pcscd's vpcd
reader until interrupted.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
from pathlib import Path
from typing import Any

from drivers.card.errors import CardError
from kiosk.errors import KioskError
from kiosk.paths import resources_dir


def cmd_card_read(args: argparse.Namespace) -> int:
    from drivers.card.thai_id import PcscTransport, read_thai_id

    if args.mrz:
        raise KioskError("Reading a chip ID with an MRZ (CCCD / passport) is not available yet.")
    try:
        with PcscTransport.open(args.reader) as transport:
            card = read_thai_id(transport)
    except CardError as exc:
        raise KioskError(str(exc)) from exc
    if args.photo is not None:
        args.photo.write_bytes(card.photo)
    data = card.as_json()
    if args.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    else:
        for key, value in data.items():
            print(f"{key:18} {value}")
    return 0


def cmd_card_watch(args: argparse.Namespace) -> int:
    from drivers.card.base import CardEvent, CardInserted, CardReadFailed, CardReading, ReadersChanged
    from drivers.card.pcsc import PcscCardReader

    reader = PcscCardReader(args.reader or "")

    def show(event: CardEvent) -> None:
        if isinstance(event, CardReading):
            line = f"inserted {event.reader}"
        elif isinstance(event, CardInserted):
            line = f"read {event.reader}: {reader.describe().rsplit('; ', 1)[-1]}"
        elif isinstance(event, CardReadFailed):
            line = f"unreadable {event.reader}: {event.reason}"
        elif isinstance(event, ReadersChanged):
            line = f"readers: {', '.join(event.readers) or 'none'}"
        else:
            line = f"removed {event.reader}"
        print(line, flush=True)

    reader.subscribe(show)
    reader.start()
    print(f"watching {', '.join(reader.readers()) or 'no reader yet'} (Ctrl+C stops)", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        reader.stop()
    return 0


def fixture_path(profile: str, name: str) -> Path:
    folder = resources_dir() / "cards" / profile
    path = folder / f"{name}.toml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in folder.glob("*.toml"))) or "none"
        raise KioskError(f"There is no card fixture '{name}' for profile {profile} (known: {known}).")
    return path


def cmd_simulate_card(args: argparse.Namespace) -> int:
    if args.profile != "th":
        raise KioskError("The virtual Vietnamese CCCD is not available yet; use --profile th.")
    from drivers.card.thai_id_sim import ThaiIdCardSim
    from drivers.card.vpcd import VpcdConnection

    card = ThaiIdCardSim.from_fixture(fixture_path(args.profile, args.fixture))
    connection = VpcdConnection(card, host="127.0.0.1", port=args.port)
    try:
        connection.start()
    except OSError as exc:
        raise KioskError(
            f"The virtual reader (pcscd with vpcd) does not answer on port {args.port}: {exc}."
        ) from exc
    print(f"virtual card '{args.fixture}' inserted (vpcd port {args.port}); Ctrl+C removes it", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        connection.stop()
    return 0


def add_card_commands(commands: Any, simulate_commands: Any) -> None:
    card = commands.add_parser("card", help="the ID-card reader")
    sub = card.add_subparsers(dest="card_command", required=True)
    read = sub.add_parser("read", help="read the card in the reader")
    read.add_argument("--reader", default=None, help="reader name, or part of it")
    read.add_argument("--mrz", default=None, help="MRZ of a chip ID with BAC (CCCD)")
    read.add_argument("--json", action="store_true")
    read.add_argument("--photo", type=Path, default=None, help="write the card's photo (JPEG) here")
    read.set_defaults(handler=cmd_card_read)
    watch = sub.add_parser("watch", help="one line per card insert or removal")
    watch.add_argument("--reader", default=None)
    watch.set_defaults(handler=cmd_card_watch)

    simulate = simulate_commands.add_parser("card", help="a virtual ID card in the vpcd reader")
    simulate.add_argument("--profile", choices=["th", "vn"], default="th")
    simulate.add_argument("--fixture", default="somchai", help="a file name in resources/cards/<profile>/")
    simulate.add_argument("--port", type=int, default=35963, help="vpcd port (35963 = Virtual PCD 00 00)")
    simulate.set_defaults(handler=cmd_simulate_card)

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
from typing import TYPE_CHECKING, Any

from kiosk.cli.common import path_argument
from kiosk.errors import KioskError

if TYPE_CHECKING:
    from pathlib import Path

    from drivers.card.icao.sim import CccdCardSim
    from drivers.card.vpcd import VirtualCard


def cmd_card_read(args: argparse.Namespace) -> int:
    from drivers.card.errors import CardError
    from drivers.card.pcsc_transport import PcscTransport
    from drivers.card.thai_id import read_thai_id

    if args.mrz or args.can:
        return read_chip_id(args)
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


def _sentence(text: str) -> str:
    """One plain sentence: capital first letter, final full stop."""
    text = text.strip()
    if not text:
        return "The card could not be read."
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def chip_access(mrz: str) -> Any:
    """``--mrz``: MRZ lines, the MRZ information, or ``NUMBER YYMMDD YYMMDD`` (a 12-digit CCCD
    number is turned into the 9-digit one the chip's keys use)."""
    from drivers.card.icao.mrz import MrzInformation

    words = mrz.replace(",", " ").split()
    if len(words) == 3 and len(words[0]) == 12 and words[0].isdigit():
        return MrzInformation.for_cccd(words[0], words[1][:6], words[2][:6])
    return MrzInformation.parse(mrz)


def read_chip_id(args: argparse.Namespace) -> int:
    """``kiosk card read --mrz ... [--can N] [--trust-store DIR]``: a CCCD or other eMRTD chip."""
    from drivers.card.errors import CardError
    from drivers.card.icao.errors import MrzError
    from drivers.card.icao.pace import Can
    from drivers.card.icao.reader import read_cccd
    from drivers.card.pcsc_transport import PcscTransport

    try:
        mrz = chip_access(args.mrz) if args.mrz else None
        can = Can(args.can) if args.can else None
    except MrzError as exc:
        what = "card access number" if exc.field == "can" else "MRZ data"
        raise KioskError(_sentence(f"The {what} is wrong ({exc.field}): {exc}")) from exc
    trust_store: Path | None = args.trust_store
    if trust_store is not None and not trust_store.is_dir():
        raise KioskError(f"The CSCA trust store {trust_store} is not a directory.")
    access = can if can is not None else mrz
    assert access is not None
    try:
        with PcscTransport.open(args.reader) as transport:
            document = read_cccd(transport, access, trust_store=trust_store, mrz=mrz)
    except CardError as exc:
        raise KioskError(_sentence(str(exc))) from exc
    if args.photo is not None:
        if document.face is None:
            raise KioskError("The chip holds no face image.")
        args.photo.write_bytes(document.photo)
    data = document.as_json()
    if args.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    else:
        for key, value in data.items():
            print(f"{key:30} {value}")
    return 0


def cmd_card_watch(args: argparse.Namespace) -> int:
    from drivers.card.base import (
        CardEvent,
        CardInserted,
        CardNeedsAccess,
        CardReadFailed,
        CardReading,
        ReadersChanged,
    )
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
        elif isinstance(event, CardNeedsAccess):
            line = f"chip document {event.reader}: needs its MRZ data (kiosk card read --mrz)"
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
    from kiosk.paths import resources_dir

    folder = resources_dir() / "cards" / profile
    path = folder / f"{name}.toml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in folder.glob("*.toml"))) or "none"
        raise KioskError(f"There is no card fixture '{name}' for profile {profile} (known: {known}).")
    return path


DEFAULT_FIXTURES = {"th": "somchai", "vn": "an"}


def simulated_cccd(name: str) -> tuple[CccdCardSim, list[str]]:
    """The virtual CCCD ``name`` and the lines a technician needs to read it: its MRZ as printed
    (what ``kiosk card read --mrz`` takes) and how its chip lets a reader in."""
    from drivers.card.icao.sim import CccdCardSim

    try:
        card = CccdCardSim.from_fixture(fixture_path("vn", name))
    except (OSError, ValueError) as exc:
        raise KioskError(f"The card fixture '{name}' cannot be used: {exc}") from exc
    fixture = card.fixture
    access = " and ".join(sorted(fixture.access, reverse=True))  # PACE first, as readers try it
    lines = [
        "MRZ (type it, or pass it to `kiosk card read --mrz`):",
        *(f"  {line}" for line in fixture.mrz),
        f"chip access: {access}" + (f"; card access number {fixture.can}" if fixture.can else ""),
    ]
    if fixture.tamper is not None:
        lines.append(f"fault: DG{fixture.tamper.dg} was altered after signing (passive authentication fails)")
    return card, lines


def cmd_simulate_card(args: argparse.Namespace) -> int:
    from drivers.card.vpcd import VpcdConnection

    name = args.fixture or DEFAULT_FIXTURES[args.profile]
    details: list[str] = []
    card: VirtualCard
    if args.profile == "vn":
        card, details = simulated_cccd(name)
    else:
        from drivers.card.thai_id_sim import ThaiIdCardSim

        card = ThaiIdCardSim.from_fixture(fixture_path(args.profile, name))
    connection = VpcdConnection(card, host="127.0.0.1", port=args.port)
    try:
        connection.start()
    except OSError as exc:
        raise KioskError(
            f"The virtual reader (pcscd with vpcd) does not answer on port {args.port}: {exc}."
        ) from exc
    print(f"virtual card '{name}' inserted (vpcd port {args.port}); Ctrl+C removes it", flush=True)
    for line in details:
        print(line, flush=True)
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
    read.add_argument(
        "--mrz",
        default=None,
        help="read a chip ID (CCCD, passport): the MRZ lines, the MRZ information, "
        "or 'NUMBER YYMMDD YYMMDD' (birth, expiry)",
    )
    read.add_argument("--can", default=None, help="card access number (PACE), with or instead of --mrz")
    read.add_argument(
        "--trust-store",
        type=path_argument,
        default=None,
        help="directory of CSCA certificates for passive authentication",
    )
    read.add_argument("--json", action="store_true")
    read.add_argument(
        "--photo",
        type=path_argument,
        default=None,
        help="write the card's photo here (JPEG or JPEG 2000, as stored)",
    )
    read.set_defaults(handler=cmd_card_read)
    watch = sub.add_parser("watch", help="one line per card insert or removal")
    watch.add_argument("--reader", default=None)
    watch.set_defaults(handler=cmd_card_watch)

    simulate = simulate_commands.add_parser("card", help="a virtual ID card in the vpcd reader")
    simulate.add_argument("--profile", choices=["th", "vn"], default="th")
    simulate.add_argument(
        "--fixture", default=None, help="a file name in resources/cards/<profile>/ (default: somchai / an)"
    )
    simulate.add_argument("--port", type=int, default=35963, help="vpcd port (35963 = Virtual PCD 00 00)")
    simulate.set_defaults(handler=cmd_simulate_card)

"""``kiosk print …``: test pages and sample slips straight to a printer URI, and the print queue.

``test`` / ``ticket`` / ``receipt`` need no kiosk database: they render a sample slip, send
it to ``--printer`` and can write what it looks like (``--preview OUT.png``). ``jobs`` and
``reprint`` work on the kiosk's own print queue (``KIOSK_HOME``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.errors import KioskError

if TYPE_CHECKING:
    from kiosk.domain.languages import Language


def cmd_print_sample(args: argparse.Namespace) -> int:
    from drivers.printer.base import PrinterError
    from drivers.printer.compose import PrinterProfile
    from drivers.printer.escpos_printer import PAPER_WIDTH_PX, EscposPrinter
    from drivers.printer.layout import SlipRenderer
    from kiosk.i18n import Catalog
    from kiosk.paths import kiosk_home, resources_dir
    from kiosk.profiles import load_profile
    from kiosk.slips import printer_test_page

    resources = resources_dir()
    profile = load_profile(resources, args.profile)
    language: Language = args.lang or profile.default_language
    catalog = Catalog(resources / "translations")
    width_px = PAPER_WIDTH_PX[args.paper]
    if args.what == "test":
        blocks = printer_test_page(profile, language, width_px)
    else:
        kind = "payment" if args.what == "receipt" else args.what
        try:
            from demo.slips import sample_slip  # made-up citizens: part of demo builds only
        except ImportError as exc:
            raise KioskError(
                "This kiosk has no sample slips (a production build); `kiosk print test` prints a test page."
            ) from exc
        blocks = sample_slip(kind, profile, language, catalog, now=datetime.now(UTC))
    from kiosk.app import slip_fonts

    if args.printer is None and args.preview is None:
        raise KioskError("Give --printer URI, --preview OUT.png, or both.")
    # Every argument is checked before anything is rendered, written or sent.
    printer = None
    if args.printer is not None:
        try:
            printer = EscposPrinter(
                args.printer,
                paper_width_mm=args.paper,
                home=kiosk_home(),
                profile=PrinterProfile(model=args.model, mode=args.mode),
            )
        except PrinterError as exc:  # PrinterURIError: the URI is empty, unknown or malformed
            raise KioskError(str(exc)) from exc
    if args.preview is not None and not args.preview.parent.is_dir():
        raise KioskError(f"The folder {args.preview.parent} for --preview does not exist.")
    renderer = SlipRenderer(slip_fonts(resources), width_px)
    if args.preview is not None:
        try:
            renderer.render(blocks).save(args.preview)
        except (OSError, ValueError) as exc:  # ValueError: an extension no image format has
            raise KioskError(f"The preview {args.preview} cannot be written: {exc}.") from exc
    if printer is None:
        return 0
    try:
        data = printer.compose(blocks, renderer)
        sent = printer.send(data)
    except PrinterError as exc:
        raise KioskError(str(exc)) from exc
    result = {"printed": True, "bytes": sent, "printer": args.printer, "mode": args.mode}
    if args.json:
        sys.stdout.write(json.dumps(result) + "\n")
    else:
        print(f"printed {args.what} on {args.printer}: {sent} bytes ({args.mode})")
    return 0


def add_print_commands(commands: Any, open_kiosk: Callable[[argparse.Namespace], Any]) -> None:
    printing = commands.add_parser("print", help="test pages, sample slips, the print queue")
    sub = printing.add_subparsers(dest="print_command", required=True)
    for what, text in (
        ("test", "a test page"),
        ("ticket", "a sample queue ticket"),
        ("receipt", "a sample payment receipt (biên lai)"),
        ("dossier", "a sample dossier receipt"),
        ("appointment", "a sample appointment slip"),
        ("registration", "a sample registration confirmation"),
    ):
        parser = sub.add_parser(what, help=f"print {text}")
        parser.add_argument(
            "--printer", default=None, help="printer URI (tcp://HOST:PORT, file://PATH, dummy:)"
        )
        parser.add_argument("--preview", type=Path, default=None, help="also write the slip as PNG")
        parser.add_argument("--paper", type=int, choices=[80, 58], default=80, help="paper width in mm")
        parser.add_argument("--mode", choices=["raster", "native"], default="raster")
        parser.add_argument("--model", default="default", help="python-escpos printer profile, e.g. TM-T88V")
        parser.add_argument("--profile", choices=["vn", "th"], default="vn")
        parser.add_argument("--lang", choices=["vi", "th", "en"], default=None)
        parser.add_argument("--json", action="store_true")
        parser.set_defaults(handler=cmd_print_sample, what=what)

    def cmd_jobs(args: argparse.Namespace) -> int:
        kiosk = open_kiosk(args)
        try:
            jobs = kiosk.printer_worker.call(kiosk.printing.jobs)
        finally:
            kiosk.close()
        if args.json:
            sys.stdout.write(json.dumps({"jobs": jobs, "count": len(jobs)}) + "\n")
        else:
            for job in jobs:
                print(f"{job['id']:6} {job['kind']:14} {job['state']:10} {job['created_at']} {job['name']}")
        return 0

    def cmd_reprint(args: argparse.Namespace) -> int:
        kiosk = open_kiosk(args)
        try:
            jobs = kiosk.printer_worker.call(kiosk.printing.jobs)
            if not jobs:
                raise KioskError("There is no slip to reprint.")
            name = args.name or str(jobs[-1]["name"]).split("#")[0]
            try:
                outcome = kiosk.printer_worker.call(lambda: kiosk.printing.reprint(name))
            except KeyError as exc:
                raise KioskError(f"There is no print job named {name}.") from exc
        finally:
            kiosk.close()
        if not outcome.printed:
            print(f"The slip waits for the printer ({outcome.problem}).", file=sys.stderr)
            return 1
        print(f"reprinted {name}")
        return 0

    jobs = sub.add_parser("jobs", help="the kiosk's print queue (no slip content)")
    jobs.add_argument("--json", action="store_true")
    jobs.add_argument("--config", type=Path, default=None)
    jobs.set_defaults(handler=cmd_jobs)
    reprint = sub.add_parser("reprint", help="print a slip again (default: the last one)")
    reprint.add_argument("name", nargs="?", default=None)
    reprint.add_argument("--config", type=Path, default=None)
    reprint.set_defaults(handler=cmd_reprint)

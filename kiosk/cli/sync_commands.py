"""``kiosk sync …`` and ``kiosk outbox …``: the store-and-forward queue from the command line.

* ``sync status [--json]`` — enrollment, connectivity as the kiosk's sync worker last saw it,
  the outbox backlog, leased numbers and reference-data versions (no network, no personal data);
* ``sync now [--json] [--wait S]`` — one full sync cycle in the foreground, backoff ignored
  (waits up to ``S`` seconds while the running kiosk's own worker is in a cycle);
* ``sync enroll --server URL --code CODE [--label NAME]`` — creates the kiosk's Ed25519 key pair
  and registers it with the one-time code the office's server issued (``kiosk-server
  enrollment-code``); the code's office is the office the kiosk records for from then on;
* ``outbox list [--json] [--state S] [--limit N]`` — the rows, oldest first (no payload);
* ``outbox retry ID`` — sends a dead row again;
* ``outbox export FILE [--passphrase-file P]`` — every unacknowledged transaction, encrypted
  with a passphrase and signed by the kiosk, to carry to the office (:mod:`sync.export`).

The outbox commands open only the database and the key store (no devices, no server).
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.errors import KioskError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

STATES = ("pending", "in_flight", "acknowledged", "dead")


def emit(payload: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


@dataclass
class Storage:
    """The kiosk's database and key store, without devices or a server."""

    home: Path
    sessions: sessionmaker[Session]
    keystore: Any


@contextmanager
def open_storage() -> Iterator[Storage]:
    from sqlalchemy.exc import DatabaseError

    from kiosk.app import DATABASE_FILE_NAME
    from kiosk.errors import DamagedDatabaseError
    from kiosk.logs import configure_logging
    from kiosk.paths import kiosk_home
    from kiosk.storage.database import migrate, open_engine, session_factory, sqlite_reason
    from sync.keystore import KeyStore

    home = kiosk_home()
    configure_logging(home)
    path = home / DATABASE_FILE_NAME
    engine = open_engine(path)
    try:  # no full check here: the outbox commands may still save what a damaged file holds
        migrate(engine)
        yield Storage(home=home, sessions=session_factory(engine), keystore=KeyStore.open(home))
    except DatabaseError as exc:
        raise DamagedDatabaseError(path, sqlite_reason(exc)) from exc
    finally:
        engine.dispose()


# --- outbox -------------------------------------------------------------------------------------


def cmd_outbox_list(args: argparse.Namespace) -> int:
    from sync.outbox import OutboxState, backlog, describe_item, list_items

    _config(args)  # a broken kiosk.toml is reported, as by every command
    states = [OutboxState(state) for state in args.state] if args.state else None
    with open_storage() as storage, storage.sessions() as session:
        items = [describe_item(item) for item in list_items(session, limit=args.limit, states=states)]
        summary = backlog(session).as_dict()
    if args.json:
        emit({"items": items, "count": len(items), "backlog": summary})
        return 0
    for item in items:
        error = f"  {item['last_error'][:70]}" if item["last_error"] else ""
        print(
            f"{item['id']:6} {item['kind']:14} {item['state']:12} {item['attempts']:3} "
            f"{item['created_at']} {item['idempotency_key']}{error}"
        )
    print(
        f"{len(items)} item(s); unsent {summary['unsent']}, dead {summary['dead']}, "
        f"acknowledged {summary['acknowledged']}"
    )
    return 0


def cmd_outbox_retry(args: argparse.Namespace) -> int:
    from sync.outbox import OutboxError, retry_dead

    _config(args)
    with open_storage() as storage:
        try:
            with storage.sessions.begin() as session:
                item = retry_dead(session, args.id)
                key = item.idempotency_key
        except OutboxError as exc:
            print(str(exc), file=sys.stderr)
            return 1
    if args.json:
        emit({"id": args.id, "idempotency_key": key, "state": "pending"})
    else:
        print(f"Outbox item {args.id} is pending again; the kiosk sends it with the next sync.")
    return 0


def read_passphrase(args: argparse.Namespace) -> str:
    """From ``--passphrase-file`` (first line), the environment, or typed twice at a terminal."""
    if args.passphrase_file is not None:
        try:
            lines = args.passphrase_file.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise KioskError(f"The passphrase file cannot be read: {exc.strerror}.") from exc
        return lines[0].strip() if lines else ""
    from sync.export import PASSPHRASE_ENV

    if os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV]
    if not sys.stdin.isatty():
        raise KioskError(f"Give the passphrase with --passphrase-file or {PASSPHRASE_ENV}.")
    first = getpass.getpass("Passphrase for the export (give it to the office by telephone): ")
    if getpass.getpass("The same passphrase again: ") != first:
        raise KioskError("The two passphrases differ; nothing was written.")
    return first


def cmd_outbox_export(args: argparse.Namespace) -> int:
    from sync.client.identity import DeviceIdentity, IdentityError
    from sync.export import MIN_PASSPHRASE_CHARS, write_export
    from sync.keystore import SealError
    from sync.outbox import OutboxState, list_items, to_transaction
    from sync.private_file import write_private_file

    passphrase = read_passphrase(args)
    if len(passphrase) < MIN_PASSPHRASE_CHARS:
        raise KioskError(f"The passphrase needs at least {MIN_PASSPHRASE_CHARS} characters.")
    config = _config(args)
    with open_storage() as storage:
        try:
            identity = DeviceIdentity.load(storage.home)
        except IdentityError:
            identity = None
        transactions = []
        skipped = 0
        with storage.sessions() as session:
            unsent = (OutboxState.PENDING, OutboxState.IN_FLIGHT, OutboxState.DEAD)
            for item in list_items(session, states=unsent):
                try:
                    transactions.append(to_transaction(item, storage.keystore))
                except (SealError, ValueError):
                    skipped += 1
        data = write_export(
            transactions,
            passphrase,
            kiosk_id=identity.kiosk_id if identity else config.office.kiosk_id,
            office_code=identity.office_code if identity else config.office.code,
            signing_key=identity.private_key if identity else None,
            skipped=skipped,
        )
    target: Path = args.file
    try:
        write_private_file(target, data)
    except OSError as exc:
        raise KioskError(f"{target} cannot be written: {exc.strerror}.") from exc
    personal = sum(1 for transaction in transactions if transaction.personal)
    if args.json:
        emit(
            {
                "file": str(target),
                "transactions": len(transactions),
                "with_personal_data": personal,
                "skipped": skipped,
                "signed": identity is not None,
                "bytes": len(data),
            }
        )
    else:
        print(
            f"Wrote {len(transactions)} transaction(s) ({personal} with personal data) to {target}, "
            f"encrypted{' and signed' if identity else ''}. Give the office the passphrase by another way."
        )
        if skipped:
            print(f"{skipped} row(s) could not be opened and were left out.")
    return 0


# --- sync ---------------------------------------------------------------------------------------


def _config(args: argparse.Namespace) -> Any:
    from kiosk.cli.common import effective_config

    return effective_config(args)


def status_report(
    home: Path, sessions: sessionmaker[Session], *, office_code: str, today: Any
) -> dict[str, Any]:
    """Everything ``kiosk sync status`` shows, read from disk only."""
    from sync import leases
    from sync.client.identity import DeviceIdentity, IdentityError
    from sync.outbox import backlog
    from sync.reference import ReferenceCache
    from sync.worker import read_saved_status

    problem = None
    try:
        identity = DeviceIdentity.load(home)
    except IdentityError as exc:
        identity, problem = None, str(exc)
    saved = read_saved_status(home)
    with sessions() as session:
        outbox = backlog(session).as_dict()
        held = leases.held_leases(session, since=today)
    state = saved.state.value if saved is not None else "unknown"
    if identity is None:
        state = "needs_enrollment" if problem else "not_enrolled"
    mismatch = _office_identity(office_code, identity).office_mismatch()
    return {
        "enrolled": identity is not None,
        "identity": identity.describe() if identity else None,
        "identity_problem": problem,
        "office_matches": mismatch is None,
        "office_mismatch": mismatch,
        "state": state,
        "online": state == "online",
        "last_success_at": saved.last_success_at.isoformat() if saved and saved.last_success_at else None,
        "last_attempt_at": saved.last_attempt_at.isoformat() if saved and saved.last_attempt_at else None,
        "last_error": saved.last_error if saved else None,
        "outbox": outbox,
        "leases": [
            {
                "kind": lease.kind,
                "series": lease.series,
                "service_date": lease.service_date.isoformat(),
                "first": lease.first,
                "last": lease.last,
                "left": lease.left,
            }
            for lease in held
        ],
        "reference": ReferenceCache(home).versions(),
    }


def _office_identity(configured_office: str, identity: Any) -> Any:
    """What the kiosk records for (``kiosk.office_identity``), for the technician's warnings."""
    from kiosk.config import KioskConfig, OfficeSettings
    from kiosk.office_identity import decide_office_identity

    return decide_office_identity(KioskConfig(office=OfficeSettings(code=configured_office)), identity)


def cmd_sync_status(args: argparse.Namespace) -> int:
    from kiosk.paths import resources_dir
    from kiosk.profiles import load_profile

    config = _config(args)
    zone = load_profile(resources_dir(), config.profile).zone()
    from datetime import UTC, datetime

    today = datetime.now(UTC).astimezone(zone).date()
    with open_storage() as storage:
        report = status_report(storage.home, storage.sessions, office_code=config.office.code, today=today)
    report["plain_http_allowed"] = config.server.allow_plain_http
    if args.json:
        emit(report)
        return 0
    if config.server.allow_plain_http:
        print(
            "warning     server.allow_plain_http = true: traffic to the server may be unencrypted (a lab only)"
        )
    identity = report["identity"]
    if identity:
        print(
            f"enrolled    kiosk {identity['kiosk_id']} of office {identity['office_code']} at {identity['server_url']}"
            + (f", named {identity['label']}" if identity.get("label") else "")
        )
        if identity.get("fallback_ticket_numbers"):
            print(f"fallback    ticket numbers {identity['fallback_ticket_numbers']} when no lease is left")
    else:
        print(
            f"enrolled    no{' (' + report['identity_problem'] + ')' if report['identity_problem'] else ''}"
        )
    if report["office_mismatch"]:
        print(f"warning     {report['office_mismatch']}")
    print(f"state       {report['state']}" + (f" ({report['last_error']})" if report["last_error"] else ""))
    print(f"last sync   {report['last_success_at'] or 'never'}")
    outbox = report["outbox"]
    print(
        f"outbox      unsent {outbox['unsent']}, dead {outbox['dead']}, acknowledged {outbox['acknowledged']}"
        + (f", oldest unsent {outbox['oldest_pending_at']}" if outbox["oldest_pending_at"] else "")
    )
    for lease in report["leases"]:
        print(
            f"lease       {lease['service_date']} {lease['kind']} {lease['series']}: "
            f"{lease['first']}-{lease['last']}, {lease['left']} left"
        )
    if report["reference"]:
        print(
            "reference   "
            + ", ".join(f"{name} v{version}" for name, version in sorted(report["reference"].items()))
        )
    return 0


def cmd_sync_now(args: argparse.Namespace, open_kiosk: Callable[[argparse.Namespace], Any]) -> int:
    kiosk = open_kiosk(args)
    try:
        if kiosk.sync is None:
            raise KioskError("Sync is switched off in kiosk.toml ([sync] enabled = false).")
        report = kiosk.sync.run_cycle(force=True, lock_timeout_s=args.wait)
        status = kiosk.sync.status
    finally:
        kiosk.close()
    ok = report.ran and status.online
    if args.json:
        emit({"ok": ok, "report": report.as_dict(), "status": status.as_dict()})
    elif not report.ran:
        print(f"Nothing done: {report.skipped}.", file=sys.stderr)
    else:
        print(
            f"{status.state.value}: sent {report.sent} in {report.batches} batch(es); "
            f"acknowledged {report.acknowledged}, already there {report.duplicates}, dead {report.dead}; "
            f"{status.unsent} still unsent, {status.dead} dead"
        )
        if report.leases_granted or report.references_updated:
            print(
                f"leases granted {report.leases_granted}; reference updated: {', '.join(report.references_updated) or 'none'}"
            )
        if report.error:
            print(report.error, file=sys.stderr)
    return 0 if ok else 1


def check_enrollment_arguments(server: str, code: str) -> None:
    """Raises :class:`KioskError` (one sentence, status 2) for a server URL or a code that
    cannot be right, before any key is made or any connection tried."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(server)
        valid_url = parts.scheme in ("http", "https") and bool(parts.hostname)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number up to 65535
    except ValueError:
        valid_url = False
    if not valid_url:
        raise KioskError(f"--server '{server}' is not a server URL such as https://kiosk.example.gov.")
    shortest, longest = 4, 64  # sync.protocol.EnrollmentRequest's bounds on the code
    if not code.strip():
        raise KioskError("--code is empty; give the one-time code printed by kiosk-server enrollment-code.")
    if not shortest <= len(code) <= longest:
        raise KioskError(
            f"--code is not an enrollment code (they have {shortest} to {longest} characters, "
            "as printed by kiosk-server enrollment-code)."
        )


def cmd_sync_enroll(args: argparse.Namespace) -> int:
    from kiosk.app import server_ca_file
    from kiosk.logs import configure_logging
    from kiosk.paths import kiosk_home
    from sync.client.http import (
        PlainHttpRefused,
        ServerRefused,
        ServerUnreachable,
        enroll_device,
        tls_trust,
    )
    from sync.client.identity import DeviceIdentity, IdentityError

    check_enrollment_arguments(args.server, args.code)
    config = _config(args)
    home = kiosk_home()
    configure_logging(home)
    verify = tls_trust(server_ca_file(config, home))
    try:
        previous = DeviceIdentity.load(home)
    except IdentityError:
        previous = None
    try:
        identity = enroll_device(
            args.server,
            args.code,
            label=args.label if args.label is not None else config.office.kiosk_id,
            software_version=_software_version(),
            verify=verify,
            allow_plain_http=config.server.allow_plain_http,
            previous=previous,
        )
    except PlainHttpRefused as exc:
        print(exc.message, file=sys.stderr)
        return 2
    except ServerRefused as exc:
        print(f"The server refused the enrollment: {exc.message}", file=sys.stderr)
        return 1
    except ServerUnreachable as exc:
        print(exc.message, file=sys.stderr)
        return 1
    identity.save(home)
    mismatch = _office_identity(config.office.code, identity).office_mismatch()
    if args.json:
        emit(
            {
                **identity.describe(),
                "replaced": previous.kiosk_id if previous else None,
                "office_matches": mismatch is None,
                "office_mismatch": mismatch,
            }
        )
    else:
        print(
            f"Enrolled as kiosk {identity.kiosk_id} ({identity.label}) of office {identity.office_code} "
            f"at {identity.server_url}."
        )
        if previous is not None:
            print(f"(This replaces the enrollment as kiosk {previous.kiosk_id}.)")
        print("A running kiosk records for this enrollment from its next start.")
    if mismatch:
        print(mismatch, file=sys.stderr)
    return 0


def _software_version() -> str:
    from kiosk.app import software_version

    return software_version()


# --- registration -------------------------------------------------------------------------------


def add_sync_commands(commands: Any, open_kiosk: Callable[[argparse.Namespace], Any]) -> None:
    """Registers ``outbox`` and ``sync`` on the ``kiosk`` parser's subcommands."""
    from kiosk.cli.common import add_config_options

    outbox = commands.add_parser("outbox", help="the queue of transactions waiting for the server")
    outbox_commands = outbox.add_subparsers(dest="outbox_command", required=True)
    listing = outbox_commands.add_parser("list", help="list outbox items (no personal data)")
    add_config_options(listing, simulate=False)
    listing.add_argument("--json", action="store_true")
    listing.add_argument("--limit", type=int, default=None)
    listing.add_argument("--state", choices=STATES, action="append", default=None, help="only these states")
    listing.set_defaults(handler=cmd_outbox_list)

    retry = outbox_commands.add_parser("retry", help="send a dead item again")
    add_config_options(retry, simulate=False)
    retry.add_argument("id", type=int)
    retry.add_argument("--json", action="store_true")
    retry.set_defaults(handler=cmd_outbox_retry)

    export = outbox_commands.add_parser(
        "export", help="write every unsent transaction to FILE, encrypted, to carry to the office"
    )
    add_config_options(export, simulate=False)
    export.add_argument("file", type=Path)
    export.add_argument(
        "--passphrase-file", type=Path, default=None, help="else KIOSK_EXPORT_PASSPHRASE, else asked"
    )
    export.add_argument("--json", action="store_true")
    export.set_defaults(handler=cmd_outbox_export)

    sync = commands.add_parser("sync", help="the link to the central server")
    sync_commands = sync.add_subparsers(dest="sync_command", required=True)
    status = sync_commands.add_parser("status", help="enrollment, connectivity, backlog, leases")
    add_config_options(status, simulate=False)
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=cmd_sync_status)

    now = sync_commands.add_parser("now", help="sync once now, ignoring backoff")
    add_config_options(now, simulate=False)
    now.add_argument("--json", action="store_true")
    now.add_argument("--wait", type=float, default=30.0, help="seconds to wait for a sync in progress")
    now.set_defaults(handler=lambda args: cmd_sync_now(args, open_kiosk))

    enroll = sync_commands.add_parser("enroll", help="register this kiosk with a server (one-time code)")
    add_config_options(enroll, simulate=False)
    enroll.add_argument("--server", required=True, help="the server's URL, e.g. https://kiosk.example.gov")
    enroll.add_argument("--code", required=True, help="the one-time code from kiosk-server enrollment-code")
    enroll.add_argument(
        "--label",
        default=None,
        help="the kiosk's name on the dashboard (default office.kiosk_id); the server numbers it on if taken",
    )
    enroll.add_argument("--json", action="store_true")
    enroll.set_defaults(handler=cmd_sync_enroll)

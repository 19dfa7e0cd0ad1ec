"""``kiosk-server``: the central server's command line.

The database is ``--db URL``, else ``$KIOSK_SERVER_DB``, else a SQLite file in the server's
home (``$KIOSK_SERVER_HOME`` or the platform's user data folder). The key sealing personal
fields at rest is ``--data-key FILE``, else ``$KIOSK_SERVER_DATA_KEY``, else ``data.key`` in the
server's home; it is created on first use and must be backed up apart from the database.
A ``--json`` output is one JSON object on stdout; errors are one sentence on stderr and a
non-zero exit status.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from sync.export import PASSPHRASE_ENV
from sync.loopback import is_loopback_host
from sync.protocol import hash_officer_password
from sync.server.database import DatabaseUrlError, migrate, open_engine, session_factory
from sync.server.errors import ApiError
from sync.server.reference import SeedError, available_profiles
from sync.server.sealing import DataKeyError, load_or_create_data_key
from sync.server.settings import SEED_DIR, ServerSettings, utc_now

Result = TypeVar("Result")


class CommandError(Exception):
    """A plain sentence for stderr; the command exits with ``status``."""

    status = 1


class UnsafeServe(CommandError):
    """``serve`` would answer the network without TLS (a usage error: exit 2)."""

    status = 2


def server_home() -> Path:
    configured = os.environ.get("KIOSK_SERVER_HOME")
    if configured:
        return Path(configured)
    from platformdirs import user_data_dir

    return Path(user_data_dir("kiosk-server", appauthor=False))


def database_url(arg: str | None) -> str:
    return arg or os.environ.get("KIOSK_SERVER_DB") or f"sqlite:///{server_home() / 'server.sqlite3'}"


def data_key_path(arg: str | None) -> Path:
    configured = arg or os.environ.get("KIOSK_SERVER_DATA_KEY")
    return Path(configured) if configured else server_home() / "data.key"


SMS_GATEWAY_URL_ENV = "KIOSK_SERVER_SMS_GATEWAY_URL"
SMS_GATEWAY_KEY_ENV = "KIOSK_SERVER_SMS_GATEWAY_KEY"
PAYMENT_PROVIDER_URL_ENV = "KIOSK_SERVER_PAYMENT_PROVIDER_URL"
PAYMENT_PROVIDER_KEY_ENV = "KIOSK_SERVER_PAYMENT_PROVIDER_KEY"


def adapter_endpoint(name: str, option: str | None, url_env: str, key_env: str) -> tuple[str | None, str]:
    """An outside service's URL and key (the SMS gateway's, the bank's): the URL from the option
    or ``url_env``, the key from ``key_env`` only (a command line is visible to every user of the
    machine). A URL without its key, or one that is not http(s), is refused in one sentence."""
    from urllib.parse import urlsplit

    url = option or os.environ.get(url_env) or None
    key = os.environ.get(key_env, "")
    if url is not None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise CommandError(f"The {name} URL '{url}' is not an http:// or https:// URL.")
        if not key:
            raise CommandError(f"The {name} at {url} needs its key in ${key_env}.")
    return url, key


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk-server", description="Central server for district kiosks.")
    commands = parser.add_subparsers(dest="command", required=True)

    def with_db(command: argparse.ArgumentParser) -> argparse.ArgumentParser:
        command.add_argument("--db", help="sqlite:///FILE or postgresql://USER@HOST/NAME")
        return command

    serve = with_db(commands.add_parser("serve", help="serve the HTTP API and the dashboard"))
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8787)
    serve.add_argument("--data-key", help="file holding the 32-byte key sealing personal data")
    serve.add_argument("--tls-cert", type=Path, help="PEM certificate chain: serve HTTPS (with --tls-key)")
    serve.add_argument("--tls-key", type=Path, help="PEM private key of --tls-cert")
    serve.add_argument(
        "--behind-tls-proxy",
        action="store_true",
        help="serve plain HTTP on a non-loopback address because a TLS-terminating proxy is in front",
    )
    serve.add_argument("--max-skew", type=float, default=300.0, help="accepted clock difference, seconds")
    serve.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    serve.add_argument(
        "--dev",
        action="store_true",
        help="serve the development SMS and payment endpoints (never in production)",
    )
    serve.add_argument(
        "--sms-gateway-url",
        default=None,
        help=f"HTTP SMS gateway for one-time passwords (or ${SMS_GATEWAY_URL_ENV}; key in ${SMS_GATEWAY_KEY_ENV})",
    )
    serve.add_argument(
        "--payment-provider-url",
        default=None,
        help=f"the bank's payment API (or ${PAYMENT_PROVIDER_URL_ENV}; key in ${PAYMENT_PROVIDER_KEY_ENV}, "
        "which also signs its notifications)",
    )

    code = with_db(commands.add_parser("enrollment-code", help="print a one-time code to enroll a kiosk"))
    code.add_argument("--office", required=True, help="office code, e.g. 000.00.74.H10")
    code.add_argument("--profile", choices=available_profiles(SEED_DIR), help="profile of a new office")
    code.add_argument("--valid-hours", type=int, default=168)

    stats = with_db(commands.add_parser("stats", help="counts per kiosk, kind and state"))
    stats.add_argument("--json", action="store_true")

    revoke = with_db(commands.add_parser("revoke", help="revoke a kiosk's key (it must enroll again)"))
    revoke.add_argument("kiosk_id")

    officer = with_db(commands.add_parser("officer", help="add or replace an officer's credentials"))
    officer.add_argument("--office", required=True)
    officer.add_argument("--id", required=True, dest="officer_id")
    officer.add_argument("--name", required=True)
    officer.add_argument("--role", default="officer")
    officer.add_argument("--password-stdin", action="store_true", help="read the password from stdin")

    operator = with_db(
        commands.add_parser("operator", help="add a dashboard operator, change the password, or remove one")
    )
    operator.add_argument("--name", required=True)
    operator.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    operator.add_argument("--remove", action="store_true", help="remove the operator")

    carried = with_db(
        commands.add_parser("import", help="apply an outbox export a technician carried from a kiosk")
    )
    carried.add_argument("file", type=Path, help="the file written by `kiosk outbox export`")
    carried.add_argument(
        "--passphrase-file",
        type=Path,
        default=None,
        help=f"first line is the passphrase; else ${PASSPHRASE_ENV}",
    )
    carried.add_argument("--data-key", help="file holding the 32-byte key sealing personal data")
    carried.add_argument("--json", action="store_true")

    status = with_db(commands.add_parser("dossier-status", help="record a dossier's new status"))
    status.add_argument("--office", required=True)
    status.add_argument("--dossier", required=True)
    status.add_argument("--status", required=True)
    status.add_argument("--note", default="")
    return parser


def _in_database(url: str, work: Callable[[Session], Result]) -> Result:
    """Runs ``work`` in one transaction on an up-to-date database (migrated, seeds published)."""
    from sync.server.reference import load_profile_seed, publish_seeds
    from sync.server.settings import PROFILES_DIR

    engine = open_engine(url)
    try:
        migrate(engine)
        seeds = {
            profile: load_profile_seed(profile, seed_dir=SEED_DIR, profiles_dir=PROFILES_DIR)
            for profile in available_profiles(SEED_DIR)
        }
        with session_factory(engine).begin() as session:
            publish_seeds(session, seeds, now=utc_now())
            return work(session)
    finally:
        engine.dispose()


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from sync.server.app import create_app

    check_serve_security(args.host, tls=args.tls_cert is not None, behind_tls_proxy=args.behind_tls_proxy)
    sms_gateway_url, sms_gateway_key = adapter_endpoint(
        "SMS gateway", args.sms_gateway_url, SMS_GATEWAY_URL_ENV, SMS_GATEWAY_KEY_ENV
    )
    payment_provider_url, payment_provider_key = adapter_endpoint(
        "payment provider", args.payment_provider_url, PAYMENT_PROVIDER_URL_ENV, PAYMENT_PROVIDER_KEY_ENV
    )
    settings = ServerSettings(
        database_url=database_url(args.db),
        data_key=load_or_create_data_key(data_key_path(args.data_key)),
        max_skew_s=args.max_skew,
        development=args.dev,
        sms_gateway_url=sms_gateway_url,
        sms_gateway_key=sms_gateway_key,
        payment_provider_url=payment_provider_url,
        payment_provider_key=payment_provider_key,
    )
    if (args.tls_cert is None) != (args.tls_key is None):
        raise CommandError("Give both --tls-cert and --tls-key to serve HTTPS, or neither.")
    for path in (args.tls_cert, args.tls_key):
        if path is not None and not path.is_file():
            raise CommandError(f"The TLS file {path} does not exist.")
    from sync.server.admission import give_back_large_buffers

    give_back_large_buffers()  # request bodies of several MiB go back to the system once freed
    app = create_app(settings)
    try:
        uvicorn.run(
            app,
            host=args.host,
            port=args.port,
            log_level=args.log_level,
            access_log=args.log_level in ("debug", "info"),
            ssl_certfile=str(args.tls_cert) if args.tls_cert is not None else None,
            ssl_keyfile=str(args.tls_key) if args.tls_key is not None else None,
        )
    except OSError as exc:
        raise CommandError(f"The server could not start on {args.host}:{args.port}: {exc.strerror}.") from exc
    return 0


def check_serve_security(host: str, *, tls: bool, behind_tls_proxy: bool) -> None:
    """Raises :class:`UnsafeServe` for plain HTTP on an address other machines reach, unless a
    TLS-terminating proxy is said to be in front. Checked before anything is opened or bound."""
    if tls or is_loopback_host(host):
        return
    if not behind_tls_proxy:
        raise UnsafeServe(
            f"Serving plain HTTP on {host} would expose kiosks' requests to the network: give "
            "--tls-cert and --tls-key, or --behind-tls-proxy when a TLS-terminating proxy is in front."
        )
    print(
        f"warning: serving plain HTTP on {host}: only safe behind the TLS-terminating proxy "
        "(--behind-tls-proxy); personal fields still arrive sealed to the server's data key.",
        file=sys.stderr,
    )


def _enrollment_code(args: argparse.Namespace) -> int:
    from sync.server.enrollment import issue_enrollment_code

    code = _in_database(
        database_url(args.db),
        lambda session: issue_enrollment_code(
            session,
            office_code=args.office,
            profile=args.profile,
            ttl_s=args.valid_hours * 3600,
            now=utc_now(),
        ),
    )
    print(code)
    return 0


def _stats(args: argparse.Namespace) -> int:
    from sync.server.stats import collect_stats

    stats = _in_database(database_url(args.db), collect_stats)
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, sort_keys=True))
        return 0
    totals = stats["totals"]
    print(
        f"{totals['kiosks']} kiosks, {totals['acknowledged']} transactions applied, {totals['rejected']} refused, "
        f"{stats['ticket_number_conflicts']} ticket numbers issued twice"
    )
    for kiosk in stats["kiosks"]:
        seen = kiosk["last_seen_at"] or "never"
        revoked = "  REVOKED" if kiosk["revoked"] else ""
        print(f"  {kiosk['kiosk_id']}  {kiosk['office_code']}  {kiosk['label']}  last seen {seen}{revoked}")
    for row in stats["transactions"]:
        print(f"  {row['kiosk_id']}  {row['kind']:<20} {row['state']:<13} {row['count']:>8}")
    return 0


def _revoke(args: argparse.Namespace) -> int:
    from sync.server.enrollment import revoke_kiosk

    if not _in_database(
        database_url(args.db), lambda session: revoke_kiosk(session, args.kiosk_id, now=utc_now())
    ):
        raise CommandError(f"No kiosk '{args.kiosk_id}' is enrolled.")
    print(f"Kiosk {args.kiosk_id} is revoked.")
    return 0


def _officer(args: argparse.Namespace) -> int:
    from sync.server.models import Office
    from sync.server.reference import add_officer

    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("Password: ")
    if len(password) < 8:
        raise CommandError("An officer's password has at least 8 characters.")
    password_hash = hash_officer_password(password)

    def work(session: Session) -> int:
        office = session.get(Office, args.office)
        if office is None:
            raise CommandError(f"Office {args.office} is not known (issue an enrollment code for it first).")
        return add_officer(
            session,
            office,
            officer_id=args.officer_id,
            name=args.name,
            role=args.role,
            password_hash=password_hash,
            now=utc_now(),
        )

    version = _in_database(database_url(args.db), work)
    print(f"Officer {args.officer_id} saved; credentials of office {args.office} are now version {version}.")
    return 0


def _dossier_status(args: argparse.Namespace) -> int:
    from sync.server.reference import record_dossier_status

    change = _in_database(
        database_url(args.db),
        lambda session: record_dossier_status(
            session,
            office_code=args.office,
            dossier_code=args.dossier,
            status=args.status,
            note=args.note,
            now=utc_now(),
        ),
    )
    print(f"Status change {change} recorded.")
    return 0


def _operator(args: argparse.Namespace) -> int:
    from sync.server.operators import MIN_PASSWORD_CHARS, remove_operator, save_operator

    if args.remove:
        if not _in_database(database_url(args.db), lambda session: remove_operator(session, args.name)):
            raise CommandError(f"No dashboard operator '{args.name}'.")
        print(f"Dashboard operator {args.name} removed.")
        return 0
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("The same password again: ") != password:
            raise CommandError("The two passwords differ; nothing was saved.")
    if len(password) < MIN_PASSWORD_CHARS:
        raise CommandError(f"A dashboard operator's password has at least {MIN_PASSWORD_CHARS} characters.")

    def work(session: Session) -> bool:
        try:
            return save_operator(session, args.name, password, now=utc_now())
        except ValueError as exc:
            raise CommandError(str(exc)) from exc

    created = _in_database(database_url(args.db), work)
    print(f"Dashboard operator {args.name} {'added' if created else 'has a new password'}.")
    return 0


def _passphrase(args: argparse.Namespace) -> str:
    source: Path | None = args.passphrase_file
    if source is not None:
        try:
            lines = source.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise CommandError(f"The passphrase file cannot be read: {exc.strerror}.") from exc
        if not lines or not lines[0]:
            raise CommandError("The passphrase file is empty.")
        return lines[0]
    if os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV]
    if not sys.stdin.isatty():
        raise CommandError(f"Give the passphrase with --passphrase-file or {PASSPHRASE_ENV}.")
    return getpass.getpass("Passphrase of the export: ")


def _import(args: argparse.Namespace) -> int:
    from sync.server.carried import ImportRefused, import_export
    from sync.server.sealing import PersonalDataSealer

    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise CommandError(f"The export {args.file} cannot be read: {exc.strerror}.") from exc
    key_path = data_key_path(args.data_key)
    if not key_path.exists():  # a new key here would seal the imported data with a key nobody else has
        raise CommandError(f"The data key {key_path} does not exist: give the server's key with --data-key.")
    passphrase = _passphrase(args)
    sealer = PersonalDataSealer(load_or_create_data_key(key_path))
    try:
        report = _in_database(
            database_url(args.db),
            lambda session: import_export(session, data, passphrase, sealer=sealer, now=utc_now()),
        )
    except ImportRefused as exc:
        raise CommandError(str(exc)) from exc
    if args.json:
        print(
            json.dumps(
                {
                    "kiosk_id": report.kiosk_id,
                    "office_code": report.office_code,
                    "exported_at": report.exported_at.isoformat(),
                    **report.counts,
                    "refusals": report.refusals,
                },
                ensure_ascii=False,
            )
        )
        return 0
    counts = report.counts
    print(
        f"Export of kiosk {report.kiosk_id} (office {report.office_code}, written "
        f"{report.exported_at:%Y-%m-%d %H:%M} UTC): {counts['acknowledged']} applied, "
        f"{counts['duplicate']} already here, {counts['rejected']} refused."
    )
    for refusal in report.refusals:
        print(f"  refused {refusal['idempotency_key']}: {refusal['reason']}")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "serve": _serve,
    "enrollment-code": _enrollment_code,
    "stats": _stats,
    "revoke": _revoke,
    "officer": _officer,
    "dossier-status": _dossier_status,
    "import": _import,
    "operator": _operator,
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except CommandError as exc:
        print(str(exc), file=sys.stderr)
        return exc.status
    except (DatabaseUrlError, DataKeyError, SeedError) as exc:
        print(str(exc), file=sys.stderr)
    except ApiError as exc:
        print(exc.message, file=sys.stderr)
    except OperationalError as exc:
        reason: Any = getattr(exc, "orig", None) or exc
        print(f"The database cannot be reached: {str(reason).strip().splitlines()[0]}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())

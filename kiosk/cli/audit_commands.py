"""Audit commands.

* ``kiosk audit verify [--json]``: walks the audit log's hash chain
  (``kiosk.storage.audit_chain``). Exit 0 when every entry follows from the one before
  (``{"ok": true, "entries": N, "head": "<hex>"}``); exit 1 naming the first entry that was
  altered, removed or reordered (``{"ok": false, "entries": N, "first_bad": {"id": ...,
  "problem": ...}}``, or one sentence on stderr).

Imports only the standard library at module level; the database loads when the command runs.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from kiosk.cli.common import emit

_PROBLEM_WORDS = {
    "altered": "was altered (its content does not match its hash)",
    "removed": "was removed (the entries after it no longer follow)",
    "reordered": "was moved out of its place in the chain",
}


def cmd_verify(args: argparse.Namespace) -> int:
    from kiosk.app import DATABASE_FILE_NAME
    from kiosk.paths import kiosk_home
    from kiosk.storage.audit_chain import verify
    from kiosk.storage.database import open_database, session_factory

    engine = open_database(kiosk_home() / DATABASE_FILE_NAME)
    try:
        with session_factory(engine)() as session:
            verdict = verify(session)
    finally:
        engine.dispose()
    if verdict.ok:
        if args.json:
            emit({"ok": True, "entries": verdict.entries, "head": verdict.head})
        else:
            print(
                f"The audit log holds {verdict.entries} entries and its chain is intact (head {verdict.head})."
            )
        return 0
    if args.json:
        emit(
            {
                "ok": False,
                "entries": verdict.entries,
                "first_bad": {"id": verdict.first_bad, "problem": verdict.problem},
            }
        )
    else:
        words = _PROBLEM_WORDS[verdict.problem or "altered"]
        print(f"Audit entry {verdict.first_bad} {words}.", file=sys.stderr)
    return 1


def add_audit_commands(commands: Any) -> None:
    """Adds ``audit verify`` to the ``kiosk`` subparsers."""
    audit = commands.add_parser("audit", help="the tamper-evident audit log")
    audit_commands = audit.add_subparsers(dest="audit_command", required=True)
    verify = audit_commands.add_parser(
        "verify", help="check the audit log's hash chain; exit 1 naming the first bad entry"
    )
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(handler=cmd_verify)

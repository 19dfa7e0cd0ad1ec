"""The kiosk's cache of the server's reference data, readable offline.

Under ``KIOSK_HOME/reference/``: one ``<name>.json`` per document as the server sent it
(:class:`~sync.protocol.ReferenceDocument`: version, ETag, data), and ``officers.json``,
the officer credentials in the form the assisted-enrollment screens read
(:func:`verify_officer`): a JSON list of ``{"username", "name", "office", "password_hash",
"role"}`` where ``username`` is the server's ``officer_id``, ``office`` the office the document
is for, and ``password_hash`` the server's ``scrypt$N$r$p$salt$hash`` string
(:func:`sync.protocol.hash_officer_password`). Officer passwords never exist in clear on the
kiosk. The file is 0600.

Pulling asks the server for its index of versions and fetches only the documents whose
version changed, sending the cached ETag (``If-None-Match``: an unchanged document costs a
304). ``dossier_status`` is pulled as changes since the cached version and merged in.
Every file is replaced atomically (temporary file, fsync, rename): a crash leaves the old
copy or the new one, and a reader never sees half a file.

Thread: any; the files are the only shared state.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sync.private_file import write_private_file
from sync.protocol import ReferenceDocument, ReferenceName, hash_officer_password, verify_officer_password

log = logging.getLogger(__name__)

REFERENCE_DIR_NAME = "reference"
OFFICERS_FILE = "officers.json"
INCREMENTAL = frozenset({ReferenceName.DOSSIER_STATUS})
"""Documents the server sends as changes since a version (``?since=N``), merged into the cache."""


@functools.cache
def _stand_in_hash() -> str:
    """A hash checked when the username is unknown, so a wrong username costs as long as a
    wrong password and the time taken does not tell which usernames exist."""
    return hash_officer_password("not an officer", salt=b"\x00" * 16)


@dataclass(frozen=True)
class Officer:
    """A registry officer as the kiosk knows them (no secret)."""

    username: str
    name: str
    office: str
    role: str = ""


def reference_dir(home: Path) -> Path:
    return home / REFERENCE_DIR_NAME


class ReferenceCache:
    """The reference documents of one kiosk home."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.folder = reference_dir(home)

    def path(self, name: ReferenceName) -> Path:
        return self.folder / f"{name.value}.json"

    def load(self, name: ReferenceName) -> ReferenceDocument | None:
        """The cached document; ``None`` when absent or unreadable (it is then pulled again)."""
        path = self.path(name)
        try:
            return ReferenceDocument.model_validate_json(path.read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, ValidationError):
            log.warning("cached reference document %s is unreadable; it will be pulled again", name.value)
            return None

    def versions(self) -> dict[str, int]:
        """Cached version of each document (absent ones are left out)."""
        result: dict[str, int] = {}
        for name in ReferenceName:
            document = self.load(name)
            if document is not None:
                result[name.value] = document.version
        return result

    def data(self, name: ReferenceName) -> Any:
        """The cached document's data, ``None`` when there is none."""
        document = self.load(name)
        return None if document is None else document.data

    def store(self, document: ReferenceDocument) -> None:
        """Keeps ``document`` (merged into the cached one for incremental documents)."""
        if document.name in INCREMENTAL:
            cached = self.load(document.name)
            if cached is not None and cached.version < document.version:
                document = document.model_copy(update={"data": merge_changes(cached.data, document.data)})
        self.folder.mkdir(parents=True, exist_ok=True)
        write_private_file(self.path(document.name), document.model_dump_json(indent=1).encode(), mode=0o644)
        if document.name is ReferenceName.OFFICER_CREDENTIALS:
            write_officers(self.home, officers_from_document(document.data, office=document.office_code))

    def names_to_pull(self, server_versions: dict[str, int]) -> list[ReferenceName]:
        """Documents whose server version differs from the cached one (unknown names skipped)."""
        cached = self.versions()
        wanted = []
        for name, version in server_versions.items():
            try:
                reference = ReferenceName(name)
            except ValueError:
                continue
            if cached.get(name) != version:
                wanted.append(reference)
        return wanted


def merge_changes(old: Any, new: Any) -> Any:
    """Appends the changes in ``new`` to ``old`` (lists, or dicts of lists); otherwise ``new`` wins."""
    if isinstance(old, list) and isinstance(new, list):
        return [*old, *new]
    if isinstance(old, dict) and isinstance(new, dict):
        merged = dict(old)
        for key, value in new.items():
            merged[key] = merge_changes(old[key], value) if key in old else value
        return merged
    return new


def officers_from_document(data: Any, *, office: str = "") -> list[dict[str, str]]:
    """The officer records of an ``officer_credentials`` document, in the ``officers.json`` form.

    Accepts the records as a list or under an ``"officers"`` key. A record needs an
    ``officer_id`` (or ``username``) and a ``password_hash``; its office is its own ``office``
    (or ``office_code``), else ``office``, the office the document is for. Records marked
    inactive or revoked, and records without a username or a hash, are left out.
    """
    records = data.get("officers", []) if isinstance(data, dict) else data
    if not isinstance(records, list):
        return []
    officers: list[dict[str, str]] = []
    for record in records:
        if not isinstance(record, dict):
            continue
        username = record.get("username") or record.get("officer_id")
        password_hash = record.get("password_hash")
        if not isinstance(username, str) or not username or not isinstance(password_hash, str):
            continue
        if record.get("active") is False or record.get("revoked") is True:
            continue
        officers.append(
            {
                "username": username,
                "name": str(record.get("name") or record.get("full_name") or ""),
                "office": str(record.get("office") or record.get("office_code") or office),
                "role": str(record.get("role") or ""),
                "password_hash": password_hash,
            }
        )
    return officers


def write_officers(home: Path, officers: Iterable[dict[str, str]]) -> None:
    folder = reference_dir(home)
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(list(officers), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    write_private_file(folder / OFFICERS_FILE, text.encode("utf-8"))


def read_officers(home: Path) -> list[dict[str, str]]:
    """The cached officer records ([] when none were pulled yet or the file is unreadable)."""
    path = reference_dir(home) / OFFICERS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError):
        log.warning("the cached officer list is unreadable")
        return []
    return officers_from_document(data)


def verify_officer(home: Path, username: str, password: str) -> Officer | None:
    """The officer whose ``username`` and ``password`` match the cached credentials, else ``None``.

    Works offline (reads ``KIOSK_HOME/reference/officers.json``). Usernames compare without
    regard to case; the password check is scrypt in constant time, and an unknown username
    costs as long as a wrong password. Blocking (scrypt takes tens of milliseconds): never on
    the GUI thread.
    """
    wanted = username.strip().casefold()
    match = next((item for item in read_officers(home) if item["username"].casefold() == wanted), None)
    if match is None or not wanted:
        verify_officer_password(password, _stand_in_hash())
        return None
    if not verify_officer_password(password, match["password_hash"]):
        return None
    return Officer(
        username=match["username"], name=match["name"], office=match["office"], role=match.get("role", "")
    )

"""``kiosk sync …`` and ``kiosk outbox …`` as a technician runs them: subprocesses on a real
KIOSK_HOME, talking to the real server over loopback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.storage.database import open_engine, session_factory
from sync.client.identity import DeviceIdentity
from sync.export import read_export
from sync.outbox import enqueue
from sync.server.embedded import EmbeddedServer
from tests.sync.conftest import OFFICE
from tests.sync.test_client import CensusForm, server_transactions, ticket_payload

KIOSK = [sys.executable, "-m", "ui.launcher"]


@pytest.fixture
def sqlite_server() -> Iterator[EmbeddedServer]:
    running = EmbeddedServer()
    running.start()
    yield running
    running.stop()


def run(home: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, KIOSK_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([*KIOSK, *args], env=env, capture_output=True, text=True, timeout=120)
    if ok:
        assert result.returncode == 0, result.stderr
    return result


def as_json(result: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, result.stdout
    value: dict[str, Any] = json.loads(lines[0])
    return value


def test_enroll_sync_and_drive_the_outbox_from_the_command_line(
    sqlite_server: EmbeddedServer, tmp_path: Path
) -> None:
    """GIVEN a kiosk home with three tickets and a transaction the server will refuse
    WHEN a technician enrolls the kiosk, looks at its status, syncs, retries the dead item and
    exports what is unsent
    THEN each command answers one JSON object, the tickets are on the server once, the dead
    item has the server's reason and is pending after the retry, the export opens with the
    passphrase and the kiosk's key, and bad requests fail with one sentence on stderr."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "kiosk.toml").write_text(
        '[devices]\nprinter = "dummy:"\ncard_backend = "none"\n', encoding="utf-8"
    )

    code = sqlite_server.issue_enrollment_code(OFFICE, "vn")
    enrolled = as_json(run(home, "sync", "enroll", "--server", sqlite_server.url, "--code", code, "--json"))
    assert enrolled["office_code"] == OFFICE and enrolled["office_matches"] is True
    refused = run(home, "sync", "enroll", "--server", sqlite_server.url, "--code", code, ok=False)
    assert refused.returncode == 1 and len(refused.stderr.strip().splitlines()) == 1
    assert "refused" in refused.stderr
    identity = DeviceIdentity.load(home)
    assert identity is not None and identity.kiosk_id == enrolled["kiosk_id"]

    tickets = [
        json.loads(line) for line in run(home, "simulate", "sessions", "--count", "3").stdout.splitlines()
    ]
    engine = open_engine(home / "kiosk.sqlite3")
    with session_factory(engine).begin() as session:
        enqueue(
            session,
            payload=ticket_payload(1, kiosk_id=identity.kiosk_id, kind=CensusForm),
            idempotency_key=str(uuid.uuid4()),
        )
    engine.dispose()

    before = as_json(run(home, "sync", "status", "--json"))
    assert (
        before["enrolled"]
        and before["outbox"]["unsent"] == 4
        and before["state"] in ("unknown", "not_enrolled")
    )

    synced = run(home, "sync", "now", "--json")
    report = as_json(synced)
    assert report["ok"] is True
    assert report["report"]["acknowledged"] == 3 and report["report"]["dead"] == 1
    assert report["report"]["leases_granted"] > 0
    assert set(server_transactions(sqlite_server)) == {ticket["transaction_id"] for ticket in tickets}

    after = as_json(run(home, "sync", "status", "--json"))
    assert after["state"] == "online" and after["outbox"]["unsent"] == 0 and after["outbox"]["dead"] == 1
    assert after["leases"] and "officer_credentials" in after["reference"]
    human = run(home, "sync", "status").stdout
    assert "online" in human and enrolled["kiosk_id"] in human

    (dead,) = as_json(run(home, "outbox", "list", "--json", "--state", "dead"))["items"]
    assert "census_form" in dead["last_error"]
    assert "payload" not in dead and "personal" not in dead
    retried = as_json(run(home, "outbox", "retry", str(dead["id"]), "--json"))
    assert retried == {"id": dead["id"], "idempotency_key": dead["idempotency_key"], "state": "pending"}
    not_dead = run(home, "outbox", "retry", str(dead["id"]), ok=False)
    assert not_dead.returncode == 1 and "not dead" in not_dead.stderr

    passphrase = tmp_path / "passphrase.txt"
    passphrase.write_text("carry it by hand 2026\n", encoding="utf-8")
    target = tmp_path / "usb" / "outbox.export"
    target.parent.mkdir()
    exported = as_json(
        run(home, "outbox", "export", str(target), "--passphrase-file", str(passphrase), "--json")
    )
    assert exported["transactions"] == 1 and exported["signed"] is True
    bundle = read_export(target.read_bytes(), "carry it by hand 2026", public_key=identity.public_key)
    assert [item.idempotency_key for item in bundle.transactions] == [dead["idempotency_key"]]
    assert bundle.kiosk_id == identity.kiosk_id
    short = tmp_path / "short.txt"
    short.write_text("short\n", encoding="utf-8")
    too_short = run(home, "outbox", "export", str(target), "--passphrase-file", str(short), ok=False)
    assert too_short.returncode == 2 and "10 characters" in too_short.stderr

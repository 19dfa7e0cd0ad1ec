"""``kiosk-server``: serve, enrollment codes, stats, revocation, officers, as separate processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from sync.protocol import EnrollmentRequest, IngestBatch, Transaction
from sync.server.embedded import free_port
from sync.signing import generate_private_key, public_key_b64
from tests.sync.signed_client import KioskIdentity, queue_ticket

OFFICE = "000.00.74.H10"


def cli(*args: str, home: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KIOSK_SERVER_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "sync.server.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=120,
        check=False,
    )


@pytest.fixture
def served(server_db_url: str, tmp_path: Path) -> Iterator[tuple[str, str, Path]]:
    """``kiosk-server serve`` in its own process on a free port; yields (url, db url, home)."""
    port = free_port()
    home = tmp_path / "server-home"
    env = {**os.environ, "KIOSK_SERVER_HOME": str(home)}
    process = subprocess.Popen(
        [sys.executable, "-m", "sync.server.cli", "serve", "--db", server_db_url, "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{url}/v1/health", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"kiosk-server serve did not start: {process.communicate()[1][-800:]}")
        time.sleep(0.1)
    yield url, server_db_url, home
    process.terminate()
    process.wait(timeout=20)


def test_serve_enroll_ingest_and_stats(served: tuple[str, str, Path]) -> None:
    """GIVEN `kiosk-server serve` running on a database
    WHEN a code from `kiosk-server enrollment-code` enrolls a kiosk that sends three tickets and one
    unknown transaction, and `kiosk-server stats --json` is run
    THEN the counts per kiosk, kind and state are right, and the data key was created 0600
    """
    url, db, home = served
    issued = cli("enrollment-code", "--office", OFFICE, "--profile", "vn", "--db", db, home=home)
    assert issued.returncode == 0, issued.stderr
    code = issued.stdout.strip()
    assert len(code) == 19 and code.count("-") == 3
    key = generate_private_key()
    enrolled = httpx.post(
        f"{url}/v1/enroll",
        content=EnrollmentRequest(code=code, public_key=public_key_b64(key)).model_dump_json(),
    )
    assert enrolled.status_code == 201, enrolled.text
    kiosk = KioskIdentity(url, enrolled.json()["kiosk_id"], OFFICE, key, httpx.Client(timeout=30))
    unknown = Transaction(
        **{**queue_ticket(OFFICE, 4, kiosk_id=kiosk.kiosk_id).model_dump(), "kind": "mystery"}
    )
    batch = IngestBatch(
        office_code=OFFICE,
        transactions=[*(queue_ticket(OFFICE, n, kiosk_id=kiosk.kiosk_id) for n in (1, 2, 3)), unknown],
    )
    assert kiosk.request("POST", "/v1/ingest", batch, gzipped=True).status_code == 200

    stats = cli("stats", "--json", "--db", db, home=home)
    assert stats.returncode == 0, stats.stderr
    report = json.loads(stats.stdout)
    assert report["totals"] == {"kiosks": 1, "acknowledged": 3, "rejected": 1}
    assert {(row["kind"], row["state"], row["count"]) for row in report["transactions"]} == {
        ("queue_ticket", "acknowledged", 3),
        ("mystery", "rejected", 1),
    }
    assert report["kiosks"][0]["kiosk_id"] == kiosk.kiosk_id
    text = cli("stats", "--db", db, home=home)
    assert "1 kiosks, 3 transactions applied, 1 refused" in text.stdout
    assert (home / "data.key").stat().st_mode & 0o777 == 0o600

    revoked = cli("revoke", kiosk.kiosk_id, "--db", db, home=home)
    assert revoked.returncode == 0, revoked.stderr
    assert kiosk.request("POST", "/v1/ingest", batch).json()["code"] == "revoked_kiosk"


def test_officer_and_dossier_status_commands(tmp_path: Path) -> None:
    """GIVEN an office created by issuing a code
    WHEN an officer is added with the password on stdin, and a dossier status recorded
    THEN both commands succeed and say what they stored; a short password is refused
    """
    db = f"sqlite:///{tmp_path / 's.sqlite3'}"
    assert (
        cli("enrollment-code", "--office", "TH-01", "--profile", "th", "--db", db, home=tmp_path).returncode
        == 0
    )
    added = cli(
        "officer",
        "--office",
        "TH-01",
        "--id",
        "o1",
        "--name",
        "Somchai",
        "--password-stdin",
        "--db",
        db,
        home=tmp_path,
        stdin="long enough secret\n",
    )
    assert added.returncode == 0, added.stderr
    assert "version 2" in added.stdout
    short = cli(
        "officer",
        "--office",
        "TH-01",
        "--id",
        "o2",
        "--name",
        "X",
        "--password-stdin",
        "--db",
        db,
        home=tmp_path,
        stdin="short\n",
    )
    assert short.returncode == 1 and "at least 8" in short.stderr
    status = cli(
        "dossier-status",
        "--office",
        "TH-01",
        "--dossier",
        "D1",
        "--status",
        "ready",
        "--db",
        db,
        home=tmp_path,
    )
    assert status.returncode == 0 and "Status change 1 recorded." in status.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("stats", "--db", "mysql://somewhere/db"), "not supported"),
        (("stats", "--db", "sqlite://"), "give a file"),
        (("revoke", "k-nobody", "--db", "sqlite:///{tmp}/x.sqlite3"), "No kiosk 'k-nobody'"),
        (("stats", "--db", "postgresql://nobody@127.0.0.1:1/none"), "cannot be reached"),
        (("enrollment-code", "--office", "A", "--profile", "th", "--db", "sqlite:///{tmp}/y.sqlite3"), None),
    ],
)
def test_errors_are_one_sentence(args: tuple[str, ...], message: str | None, tmp_path: Path) -> None:
    """GIVEN a bad database URL, an unknown kiosk, an unreachable database, or an office created
    with one profile and then asked for with another
    WHEN the command runs
    THEN it exits 1 with one line on stderr saying what is wrong, and no traceback
    """
    args = tuple(arg.replace("{tmp}", str(tmp_path)) for arg in args)
    if message is None:  # the office now exists as th; asking for it as vn conflicts
        assert cli(*args, home=tmp_path).returncode == 0
        args = tuple("vn" if arg == "th" else arg for arg in args)
        message = "already exists with profile 'th'"
    result = cli(*args, home=tmp_path)
    assert result.returncode == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_an_export_carried_by_hand_is_applied_once(served: tuple[str, str, Path], tmp_path: Path) -> None:
    """GIVEN a kiosk enrolled with `kiosk-server serve` that issued three tickets without syncing,
    and its outbox exported with a passphrase by `kiosk outbox export`
    WHEN `kiosk-server import` reads the file, with the wrong passphrase, then the right one, then
    again, then altered, and the kiosk finally syncs over the line
    THEN the wrong passphrase and the altered file are refused in one sentence with nothing applied,
    the tickets are applied once by the first import, answered as already there by the second and
    by the kiosk's own sync, and a revoked kiosk's export is refused
    """
    from tests.sync.test_client_cli import as_json, run

    url, db, home = served
    code = cli("enrollment-code", "--office", OFFICE, "--profile", "vn", "--db", db, home=home).stdout.strip()
    kiosk_home = tmp_path / "kiosk"
    kiosk_home.mkdir()
    (kiosk_home / "kiosk.toml").write_text(
        '[devices]\nprinter = "dummy:"\ncard_backend = "none"\n', encoding="utf-8"
    )
    kiosk_id = as_json(run(kiosk_home, "sync", "enroll", "--server", url, "--code", code, "--json"))[
        "kiosk_id"
    ]
    tickets = [
        json.loads(line)
        for line in run(kiosk_home, "simulate", "sessions", "--count", "3").stdout.splitlines()
    ]
    passphrase = tmp_path / "passphrase.txt"
    passphrase.write_text("carried by hand 2026\n", encoding="utf-8")
    export = tmp_path / "usb" / "outbox.export"
    export.parent.mkdir()
    assert (
        as_json(
            run(kiosk_home, "outbox", "export", str(export), "--passphrase-file", str(passphrase), "--json")
        )["transactions"]
        == 3
    )

    def applied() -> int:
        report = json.loads(cli("stats", "--json", "--db", db, home=home).stdout)
        return int(report["totals"]["acknowledged"])

    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase\n", encoding="utf-8")
    refused = cli("import", str(export), "--passphrase-file", str(wrong), "--db", db, home=home)
    assert refused.returncode == 1 and "passphrase is wrong" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1 and applied() == 0

    no_key = cli(
        "import", str(export), "--passphrase-file", str(passphrase), "--db", db, home=tmp_path / "elsewhere"
    )
    assert no_key.returncode == 1 and "data key" in no_key.stderr and applied() == 0
    first = cli("import", str(export), "--passphrase-file", str(passphrase), "--db", db, "--json", home=home)
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert (report["kiosk_id"], report["office_code"]) == (kiosk_id, OFFICE)
    assert (report["acknowledged"], report["duplicate"], report["rejected"]) == (3, 0, 0)
    assert applied() == 3
    again = cli("import", str(export), "--passphrase-file", str(passphrase), "--db", db, home=home)
    assert again.returncode == 0 and "0 applied, 3 already here, 0 refused" in again.stdout

    altered = bytearray(export.read_bytes())
    altered[len(altered) // 2] ^= 0x01
    changed = tmp_path / "changed.export"
    changed.write_bytes(bytes(altered))
    tampered = cli("import", str(changed), "--passphrase-file", str(passphrase), "--db", db, home=home)
    assert tampered.returncode == 1 and "changed after the kiosk wrote it" in tampered.stderr

    synced = as_json(run(kiosk_home, "sync", "now", "--json"))
    assert synced["ok"] is True and synced["report"]["duplicates"] == 3
    assert applied() == 3
    stats = json.loads(cli("stats", "--json", "--db", db, home=home).stdout)
    assert {(row["kind"], row["count"]) for row in stats["transactions"]} == {("queue_ticket", len(tickets))}

    assert cli("revoke", kiosk_id, "--db", db, home=home).returncode == 0
    revoked = cli("import", str(export), "--passphrase-file", str(passphrase), "--db", db, home=home)
    assert revoked.returncode == 1 and "revoked" in revoked.stderr


def test_dashboard_operators_from_the_command_line(tmp_path: Path) -> None:
    """GIVEN a server database
    WHEN an administrator adds an operator, gives a new password, tries a short one, and removes it
    THEN each answers one line; only the latest password signs in; a short password and removing
    an unknown operator fail with one sentence"""
    import base64

    from sync.server.database import open_engine, session_factory
    from sync.server.operators import signed_in_operator

    db = f"sqlite:///{tmp_path / 'server.sqlite3'}"

    def operator(*args: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
        stdin = None if password is None else password + "\n"
        extra = ("--password-stdin",) if password is not None else ()
        return cli(
            "operator", "--name", "duty.officer", *extra, *args, "--db", db, home=tmp_path, stdin=stdin
        )

    def signs_in(password: str) -> bool:
        engine = open_engine(db)
        try:
            with session_factory(engine)() as session:
                header = "Basic " + base64.b64encode(f"duty.officer:{password}".encode()).decode()
                return signed_in_operator(session, header) == "duty.officer"
        finally:
            engine.dispose()

    added = operator(password="first password 1")
    assert added.returncode == 0 and added.stdout.strip() == "Dashboard operator duty.officer added."
    changed = operator(password="second password 2")
    assert changed.returncode == 0 and "has a new password" in changed.stdout
    assert signs_in("second password 2") and not signs_in("first password 1")
    short = operator(password="short")
    assert short.returncode == 1 and "at least 10 characters" in short.stderr
    assert operator("--remove").stdout.strip() == "Dashboard operator duty.officer removed."
    assert not signs_in("second password 2")
    again = operator("--remove")
    assert again.returncode == 1 and "No dashboard operator 'duty.officer'" in again.stderr

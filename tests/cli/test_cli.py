"""The command line: JSON outputs, plain one-sentence errors, non-zero exits."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

KIOSK = [sys.executable, "-m", "ui.launcher"]


def run(
    home: Path, *args: str, config: str = '[devices]\nprinter = "dummy:"\n'
) -> subprocess.CompletedProcess[str]:
    home.mkdir(exist_ok=True)
    (home / "kiosk.toml").write_text(config, encoding="utf-8")
    env = dict(os.environ, KIOSK_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return subprocess.run([*KIOSK, *args], env=env, capture_output=True, text=True, timeout=120)


def test_simulated_sessions_then_outbox_list(tmp_path: Path) -> None:
    """GIVEN three simulated citizens WHEN the outbox is listed THEN three pending queue-ticket rows show."""
    sessions = run(tmp_path / "h", "simulate", "sessions", "--count", "3", "--seed", "4", "--profile", "th")
    assert sessions.returncode == 0, sessions.stderr
    reports = [json.loads(line) for line in sessions.stdout.splitlines()]
    assert len(reports) == 3 and all(r["printed"] for r in reports)
    listed = run(tmp_path / "h", "outbox", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    body = json.loads(listed.stdout)
    assert body["count"] == 3
    assert [item["idempotency_key"] for item in body["items"]] == [r["transaction_id"] for r in reports]
    for item in body["items"]:
        assert item["kind"] == "queue_ticket" and item["state"] == "pending"
        assert item["created_at"].endswith("+00:00")
        assert set(item) == {
            "id", "kind", "idempotency_key", "state", "created_at", "attempts", "last_error",
            "next_attempt_at", "acknowledged_at", "ack_id", "has_personal_data",
        }  # fmt: skip
        assert "payload" not in item and "personal" not in item


def test_doctor_reports_each_part(tmp_path: Path) -> None:
    """GIVEN an embedded server WHEN the doctor runs THEN all is ok; GIVEN none THEN the server is failing."""
    ok = run(
        tmp_path / "a",
        "doctor",
        "--json",
        "--simulate",
        config='[devices]\nprinter = "dummy:"\n[server]\nembedded = true\n',
    )
    body = json.loads(ok.stdout)
    assert ok.returncode == 0, body
    assert [c["name"] for c in body["checks"]] == [
        "database", "printer", "card_reader", "server", "outbox", "fingerprint", "camera",
    ]  # fmt: skip
    assert all(c["status"] == "ok" for c in body["checks"])
    checks = {c["name"]: c["detail"] for c in body["checks"]}
    assert "0 refused by the server" in checks["outbox"]
    assert "templates" in checks["fingerprint"]  # the simulated module answered
    assert "x" in checks["camera"]  # the simulated camera gave a frame

    down = run(
        tmp_path / "b",
        "doctor",
        "--json",
        "--simulate",
        config='[server]\nurl = "http://127.0.0.1:9"\ntimeout_s = 1\n',
    )
    body = json.loads(down.stdout)
    assert down.returncode == 1
    server = next(c for c in body["checks"] if c["name"] == "server")
    assert server["status"] == "failing" and "could not be reached" in server["detail"]


def test_doctor_reports_the_card_readers(tmp_path: Path) -> None:
    """GIVEN no card reader configured THEN the doctor says so; GIVEN PC/SC THEN it lists pcscd's readers."""
    result = run(tmp_path / "c", "doctor", "--json", config='[devices]\ncard_backend = "none"\n')
    reader = next(c for c in json.loads(result.stdout)["checks"] if c["name"] == "card_reader")
    assert reader["status"] == "failing" and "type their ID number" in reader["detail"]
    result = run(tmp_path / "d", "doctor", "--json", config='[devices]\ncard_backend = "pcsc"\n')
    reader = next(c for c in json.loads(result.stdout)["checks"] if c["name"] == "card_reader")
    assert reader["status"] == "ok" and "Virtual PCD" in reader["detail"]


def test_bad_configuration_is_one_plain_sentence(tmp_path: Path) -> None:
    result = run(tmp_path / "d", "outbox", "list", "--json", config="[session]\nidle_timeout_s = 'soon'\n")
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "session.idle_timeout_s" in lines[0]
    assert "Traceback" not in result.stderr


def test_technician_exports_the_logs_for_support(tmp_path: Path) -> None:
    """GIVEN a kiosk home with no logs yet WHEN the logs are exported THEN one sentence says so
    (exit 1); GIVEN a kiosk that ran simulated sessions (its log written, rotated files too)
    WHEN the logs are exported to a USB folder THEN the archive holds every log file and a
    manifest naming the kiosk, and no ID number; a destination that cannot be written is one
    sentence (exit 1)"""
    import re
    import tarfile

    home = tmp_path / "h"
    empty = run(home, "technician", "export-logs", str(tmp_path / "usb" / "logs.tar.gz"))
    assert empty.returncode == 1 and "no logs to export" in empty.stderr
    assert len(empty.stderr.strip().splitlines()) == 1
    sessions = run(home, "simulate", "sessions", "--count", "2", "--seed", "4", "--profile", "th")
    assert sessions.returncode == 0, sessions.stderr
    (home / "logs" / "kiosk.log.1").write_text(
        "2026-12-01 08:00:00 INFO kiosk: an older file\n", encoding="utf-8"
    )
    logs = sorted(path.name for path in (home / "logs").iterdir())
    assert "kiosk.log" in logs and "kiosk.log.1" in logs
    target = tmp_path / "usb" / "logs.tar.gz"
    exported = run(home, "technician", "export-logs", str(target), "--json")
    assert exported.returncode == 0, exported.stderr
    report = json.loads(exported.stdout)
    assert report["file"] == str(target) and report["kiosk_id"] == "kiosk-01" and report["files"] == logs
    with tarfile.open(target) as archive:
        names = sorted(archive.getnames())
        manifest_file = archive.extractfile("manifest.json")
        assert manifest_file is not None
        manifest = json.loads(manifest_file.read())
        text = b"".join(
            archive.extractfile(member).read()  # type: ignore[union-attr]
            for member in archive.getmembers()
            if member.name.startswith("logs/")
        )
    assert names == sorted(["manifest.json", *(f"logs/{name}" for name in logs)])
    assert manifest["office_code"] == "000.00.74.H10" and manifest["files"] == logs
    assert b"an older file" in text and b"INFO" in text
    assert re.search(rb"\d{13}", text) is None  # no Thai ID number (13 digits) in any log
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where a folder should be", encoding="utf-8")
    refused = run(home, "technician", "export-logs", str(blocked / "logs.tar.gz"))
    assert refused.returncode == 1 and "cannot be written" in refused.stderr

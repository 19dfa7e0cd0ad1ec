"""Crash safety: ``kill -9`` right after tickets are shown loses nothing and repeats no number."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

KIOSK = [sys.executable, "-m", "ui.launcher"]


def kiosk_env(home: Path) -> dict[str, str]:
    env = dict(os.environ, KIOSK_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    (home / "kiosk.toml").write_text('[devices]\nprinter = "dummy:"\n', encoding="utf-8")
    return env


@pytest.mark.slow
def test_kill_nine_after_tickets_are_shown(tmp_path: Path) -> None:
    """GIVEN a kiosk issuing tickets WHEN it is killed with SIGKILL right after showing some
    THEN every shown ticket and its outbox row are in the database, intact, and numbering continues."""
    home = tmp_path / "home"
    home.mkdir()
    env = kiosk_env(home)
    rng = random.Random(9)
    shown: list[dict[str, object]] = []
    for round_index in range(8):
        process = subprocess.Popen(
            [*KIOSK, "simulate", "sessions", "--count", "10000", "--seed", str(round_index)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert process.stdout is not None
        wanted = rng.randint(1, 6)
        for _ in range(wanted):
            line = process.stdout.readline()
            assert line, "the simulator stopped before issuing tickets"
            shown.append(json.loads(line))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)

        connection = sqlite3.connect(home / "kiosk.sqlite3")
        try:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            tickets = {
                row[0]: row[1:]
                for row in connection.execute(
                    "select transaction_id, category_code, number, service_date from queue_ticket"
                )
            }
            outbox = {row[0] for row in connection.execute("select idempotency_key from outbox")}
        finally:
            connection.close()
        for report in shown:
            key = str(report["transaction_id"])
            assert key in tickets, f"round {round_index}: ticket {report['ticket']} was shown but lost"
            assert key in outbox, f"round {round_index}: outbox row of {report['ticket']} lost"
            category, number, _ = tickets[key]
            assert f"{category}{number:03d}" == report["ticket"]
        numbers = [(c, n, d) for c, n, d in tickets.values()]
        assert len(numbers) == len(set(numbers)), "a number was issued twice"
        assert set(tickets) == outbox, "tickets and outbox rows differ"
    labels = [str(report["ticket"]) for report in shown]
    assert len(labels) == len(set(labels))

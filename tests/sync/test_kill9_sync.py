"""Crash safety of store and forward: ``kill -9`` of a kiosk while it records and while it syncs.

Each round, a kiosk process issues tickets through the real queue service (numbers drawn
from its leases, ticket and outbox row in one commit), its sync worker uploading them to the
real server over loopback at the same time, or draining a backlog afterwards, and is killed with SIGKILL at a random point: after some tickets were shown,
or some milliseconds into a drain. After every round:

* the database passes ``PRAGMA integrity_check``;
* every ticket the process announced (a citizen would have been told) is there with its
  outbox row, and no number was issued twice;
* the server holds no transaction twice, nothing the kiosk does not have, and no ticket
  number twice.

At the end one clean sync must bring the server to exactly the kiosk's transactions.

To keep 50 rounds quick, the kiosk processes are forked from a "zygote" (this module run
as a program) that has imported the kiosk once: each round's process is a real, separate
process running the real code from ``build_kiosk`` on, and it is killed for real.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from sync.server.embedded import EmbeddedServer
from sync.server.models import IngestedTransaction
from tests.sync.test_client import enroll_kiosk, kiosk_storage, make_worker

KILLS = 50
MAX_ROUNDS = 80
REPO = Path(__file__).resolve().parents[2]
KIOSK_TOML = """\
[devices]
printer = "dummy:"
card_backend = "none"

[sync]
batch_size = 20
poll_s = 0.02
backoff_base_s = 0.01
backoff_cap_s = 0.05
heartbeat_s = 3600
lease_block = 150
lease_low_water = 60
lease_days_ahead = 0
"""


# --- the zygote and its kiosk processes ------------------------------------------------------------


def say(message: dict[str, Any]) -> None:
    """One line on stdout in a single write (a kill never leaves half a line)."""
    os.write(1, (json.dumps(message) + "\n").encode())


def kiosk_process(command: dict[str, Any]) -> None:
    """What one forked kiosk process does (until it is killed)."""
    from kiosk.app import build_kiosk, read_config

    home = Path(command["home"])
    kiosk = build_kiosk(read_config(home), home=home, start_embedded_server=False)
    assert kiosk.sync is not None
    say({"ready": os.getpid()})
    rng = random.Random(command["seed"])
    if command["mode"] == "concurrent":  # tickets while the worker thread uploads them
        kiosk.sync.run_cycle()  # as at a kiosk's start: leases first (citizens come seconds later)
        kiosk.start_sync()
        for _ in range(command["count"]):
            ticket = kiosk.queue.issue_ticket(rng.choice("ABCD"), "vi")
            kiosk.sync.kick()
            say({"key": ticket.transaction_id, "ticket": ticket.label})
    else:  # a backlog, then a drain in the foreground
        for _ in range(command["count"]):
            ticket = kiosk.queue.issue_ticket(rng.choice("ABC"), "vi")
            say({"key": ticket.transaction_id, "ticket": ticket.label})
        say({"draining": True})
        for _ in range(100):
            kiosk.sync.run_cycle(force=True)
            if kiosk.sync.status.unsent == 0:
                break
        say({"drained": True})
    kiosk.close()


def zygote() -> int:
    """Reads one JSON command per line; forks a kiosk process for each and reports its end."""
    # Imported once here, inherited by every fork.
    import kiosk.app
    import sync.worker

    del kiosk, sync

    for line in sys.stdin:
        command = json.loads(line)
        go_read, go_write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(go_write)
            os.read(go_read, 1)
            try:
                kiosk_process(command)
            except BaseException as exc:  # report, then leave without running the parent's cleanup
                say({"error": repr(exc)})
            finally:
                os._exit(0)
        os.close(go_read)
        say({"pid": pid})
        os.write(go_write, b"go")
        os.close(go_write)
        _, status = os.waitpid(pid, 0)
        say({"exit": pid, "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None})
    return 0


# --- the test ----------------------------------------------------------------------------------------


class Zygote:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.sync.test_kill9_sync"],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )

    def send(self, command: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()

    def read(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line, "the zygote stopped"
        message: dict[str, Any] = json.loads(line)
        assert "error" not in message, message["error"]
        return message

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)


def kill(pid: int) -> None:
    """SIGKILL, unless the process already ended by itself (its end is reported all the same)."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def kiosk_state(path: Path) -> tuple[dict[str, tuple[str, int, str]], set[str], int]:
    """(tickets by key, outbox keys, rows in flight), after checking the file's integrity."""
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tickets = {
            key: (category, number, day)
            for key, category, number, day in connection.execute(
                "select transaction_id, category_code, number, service_date from queue_ticket"
            )
        }
        outbox = {key for (key,) in connection.execute("select idempotency_key from outbox")}
        in_flight = connection.execute("select count(*) from outbox where state = 'in_flight'").fetchone()[0]
    finally:
        connection.close()
    return tickets, outbox, int(in_flight)


def server_state(server: EmbeddedServer) -> list[tuple[str, dict[str, Any]]]:
    with server.context.sessions() as session:
        rows = session.execute(select(IngestedTransaction.idempotency_key, IngestedTransaction.payload))
        return [(key, json.loads(payload)) for key, payload in rows]


@pytest.mark.slow
def test_kill_nine_while_recording_and_syncing_loses_nothing_and_duplicates_nothing(tmp_path: Path) -> None:
    """GIVEN an enrolled kiosk and the server on loopback
    WHEN a kiosk process is killed with SIGKILL at random points, 50 times, while it issues
    tickets and syncs them, and while it drains a backlog
    THEN after every round the database is intact, every announced ticket and its outbox row
    are there, no number repeats, and the server holds nothing twice; a final sync makes the
    server hold exactly the kiosk's transactions."""
    server = EmbeddedServer(database_url=f"sqlite:///{tmp_path / 'server.sqlite3'}")
    server.start()
    home = tmp_path / "kiosk"
    home.mkdir()
    (home / "kiosk.toml").write_text(KIOSK_TOML, encoding="utf-8")
    enroll_kiosk(server, home)
    rng = random.Random(99)
    told: dict[str, str] = {}
    killed_in_flight = 0
    killed = 0
    zygote_process = Zygote()
    try:
        round_index = -1
        while killed < KILLS:
            round_index += 1
            assert round_index < MAX_ROUNDS, f"only {killed} kills in {MAX_ROUNDS} rounds"
            mode = "concurrent" if round_index % 2 == 0 else "drain"
            count = 400 if mode == "concurrent" else rng.randint(20, 80)
            zygote_process.send({"home": str(home), "mode": mode, "count": count, "seed": round_index})
            pid = zygote_process.read()["pid"]
            assert zygote_process.read()["ready"] == pid
            kill_after_tickets = rng.randint(1, 30) if mode == "concurrent" or rng.random() < 0.3 else None
            kill_into_drain_s = rng.uniform(0.0, 0.25)
            seen = 0
            sent_kill = False
            while True:
                message = zygote_process.read()
                if "key" in message:
                    told[message["key"]] = message["ticket"]
                    seen += 1
                    if not sent_kill and kill_after_tickets is not None and seen >= kill_after_tickets:
                        time.sleep(rng.uniform(0.0, 0.02))
                        kill(pid)
                        sent_kill = True
                elif "draining" in message and not sent_kill and kill_after_tickets is None:
                    time.sleep(kill_into_drain_s)
                    kill(pid)
                    sent_kill = True
                elif message.get("exit") == pid:
                    killed += message["signal"] == signal.SIGKILL
                    break

            tickets, outbox, in_flight = kiosk_state(home / "kiosk.sqlite3")
            killed_in_flight += in_flight > 0
            for key, label in told.items():
                assert key in tickets, f"round {round_index}: ticket {label} was announced but is lost"
                assert key in outbox, f"round {round_index}: the outbox row of {label} is lost"
                category, number, _ = tickets[key]
                assert f"{category}{number:03d}" == label
            assert set(tickets) == outbox, "tickets and outbox rows differ"
            numbers = list(tickets.values())
            assert len(numbers) == len(set(numbers)), f"round {round_index}: a number was issued twice"
            stored = server_state(server)
            keys = [key for key, _ in stored]
            assert len(keys) == len(set(keys)), f"round {round_index}: the server holds a transaction twice"
            assert set(keys) <= outbox, f"round {round_index}: the server holds a transaction the kiosk lacks"
            issued = [(p["category"], p["service_date"], p["number"]) for _, p in stored]
            assert len(issued) == len(set(issued)), (
                f"round {round_index}: a ticket number is twice on the server"
            )
    finally:
        zygote_process.close()

    assert killed_in_flight >= 3, f"only {killed_in_flight} kills caught rows in flight"
    engine, sessions, keystore = kiosk_storage(home)
    try:
        worker = make_worker(home, sessions, keystore)
        for _ in range(20):
            worker.run_cycle(force=True)
            if worker.status.unsent == 0:
                break
        assert worker.status.unsent == 0 and worker.status.dead == 0
    finally:
        engine.dispose()
    tickets, outbox, in_flight = kiosk_state(home / "kiosk.sqlite3")
    stored = server_state(server)
    assert in_flight == 0
    assert sorted(key for key, _ in stored) == sorted(outbox)
    assert set(told) <= outbox
    server.stop()


if __name__ == "__main__":
    sys.exit(zygote())

"""``python -m bench.sync``: the kiosk's side of store and forward.

1. **Enqueue**: transactions committed one by one, durably (WAL, ``synchronous=FULL``,
   ``BEGIN IMMEDIATE``), through the outbox's ``enqueue`` and an SQLAlchemy session, beside
   raw ``sqlite3`` inserts of the same rows into the same table with the same pragmas (the
   baseline, same run). Also the queue service's whole ticket commit (lease draw, ticket,
   outbox row), for information.
2. **Drain**: 10,000 committed transactions uploaded by the sync worker (claim, seal-open,
   gzip, sign, POST, settle) to a ``kiosk-server serve`` process on SQLite and on PostgreSQL
   (a throw-away cluster with fsync on); beside it, the very same request bodies posted to a
   fresh database of the same server by a bare signed httpx loop with nothing else (no kiosk
   database at all). The ratio is what the kiosk's bookkeeping leaves of that speed.

Nothing is asserted; the figures go to the JSON and the report.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx

from bench.common import write_json
from bench.server_ingest import cli, free_port, start, stop

OFFICE = "000.00.74.H10"
SERVICE_DAY = date(2026, 11, 23)


def ticket_payload(number: int, kiosk_id: str = "kiosk-bench") -> dict[str, Any]:
    """A ticket's payload; ``kiosk_id`` is the enrolled kiosk's id when it goes to a server (the
    server refuses a payload naming another kiosk than the one that signed it)."""
    return {
        "office_code": OFFICE,
        "kiosk_id": kiosk_id,
        "category": "ABCDEFGHJK"[(number // 999) % 10],
        "service_date": SERVICE_DAY.isoformat(),
        "number": number % 999 + 1,
        "issued_at": datetime(2026, 11, 23, 2, 0, tzinfo=UTC).isoformat(),
        "language": "vi",
        "numbering": "lease",
        "lease_id": 1,
    }


# --- enqueue ---------------------------------------------------------------------------------------


def enqueue_ours(path: Path, count: int) -> float:
    """Seconds for ``count`` one-row commits through the outbox's ``enqueue``."""
    from kiosk.storage.database import migrate, open_engine, session_factory
    from sync.outbox import enqueue
    from sync.protocol import QueueTicketV1

    engine = open_engine(path)
    migrate(engine)
    sessions = session_factory(engine)
    payloads = [QueueTicketV1(**ticket_payload(index)) for index in range(count)]
    keys = [str(uuid.uuid4()) for _ in range(count)]
    started = time.perf_counter()
    for key, payload in zip(keys, payloads, strict=True):
        with sessions.begin() as session:
            enqueue(session, payload=payload, idempotency_key=key)
    seconds = time.perf_counter() - started
    engine.dispose()
    return seconds


def enqueue_raw(path: Path, count: int) -> float:
    """Seconds for the same rows through bare ``sqlite3``: same table, same pragmas."""
    from kiosk.storage.database import migrate, open_engine

    engine = open_engine(path)
    migrate(engine)  # the very same schema
    engine.dispose()
    connection = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout=5000"):
        connection.execute(f"PRAGMA {pragma}")
    rows = [
        (
            str(uuid.uuid4()),
            datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f"),
            json.dumps(ticket_payload(index), sort_keys=True, separators=(",", ":")),
        )
        for index in range(count)
    ]
    started = time.perf_counter()
    for key, created_at, payload in rows:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute(
            "INSERT INTO outbox (idempotency_key, kind, schema_version, created_at, state, attempts, payload)"
            " VALUES (?, 'queue_ticket', 1, ?, 'pending', 0, ?)",
            (key, created_at, payload),
        )
        connection.execute("COMMIT")
    seconds = time.perf_counter() - started
    connection.close()
    return seconds


def issue_tickets(home: Path, count: int) -> float:
    """Seconds for ``count`` tickets through the queue service (lease draw, ticket, outbox row)."""
    from kiosk.app import build_kiosk
    from kiosk.config import KioskConfig

    config = KioskConfig.model_validate(
        {"devices": {"printer": "dummy:", "card_backend": "none"}, "sync": {"enabled": False}}
    )
    kiosk = build_kiosk(config, home=home, start_embedded_server=False)
    try:
        started = time.perf_counter()
        for index in range(count):
            kiosk.queue.issue_ticket("ABCD"[index % 4], "vi")
        return time.perf_counter() - started
    finally:
        kiosk.close()


def measure_enqueue(count: int, repeats: int) -> dict[str, Any]:
    ours, raw, tickets = [], [], []
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-enqueue-") as folder:
        for run in range(repeats):
            base = Path(folder) / str(run)
            raw.append(enqueue_raw(base / "raw.sqlite3", count))
            ours.append(enqueue_ours(base / "ours.sqlite3", count))
            tickets.append(issue_tickets(base / "kiosk", min(count, 900)))
    ours_s, raw_s, ticket_s = statistics.median(ours), statistics.median(raw), statistics.median(tickets)
    return {
        "commits": count,
        "repeats": repeats,
        "ours_per_s": round(count / ours_s, 1),
        "raw_per_s": round(count / raw_s, 1),
        "ratio": round(raw_s / ours_s, 3),
        "ours_ms_per_commit": round(1000 * ours_s / count, 3),
        "raw_ms_per_commit": round(1000 * raw_s / count, 3),
        "tickets_per_s": round(min(count, 900) / ticket_s, 1),
        "target_ratio": 0.5,
    }


# --- drain -----------------------------------------------------------------------------------------


class Server:
    """``kiosk-server serve`` in its own process on ``url``."""

    def __init__(self, url: str, home: Path) -> None:
        self.url = url
        self.env = {**os.environ, "KIOSK_SERVER_HOME": str(home)}
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "sync.server.cli", "serve", "--db", url, "--port", str(self.port)]
        self.process = start([*command, "--log-level", "warning"], self.port, self.env)

    def enroll(self) -> Any:
        from sync.client.http import enroll_device

        code = cli(self.env, "enrollment-code", "--office", OFFICE, "--profile", "vn", "--db", self.url)
        return enroll_device(self.base, code, label="bench")

    def stop(self) -> None:
        stop(self.process)


def measure_drain(
    label: str, url: str, fresh_url: str, folder: Path, *, count: int, batch: int
) -> dict[str, Any]:
    from kiosk.storage.database import migrate, open_engine, session_factory
    from sync.client.identity import DeviceIdentity
    from sync.keystore import KeyStore
    from sync.outbox import enqueue, list_items, to_transaction
    from sync.protocol import IngestBatch, QueueTicketV1
    from sync.signing import sign_request
    from sync.worker import SyncSettings, SyncWorker

    home = folder / f"kiosk-{uuid.uuid4().hex[:6]}"
    engine = open_engine(home / "kiosk.sqlite3")
    migrate(engine)
    sessions = session_factory(engine)
    keystore = KeyStore.open(home)
    server = Server(url, folder)
    try:
        identity: DeviceIdentity = server.enroll()
        worker = SyncWorker(
            home=home,
            sessions=sessions,
            keystore=keystore,
            identity=lambda: identity,
            today=lambda: SERVICE_DAY,
            settings=SyncSettings(batch_size=batch, heartbeat_s=3600, timeout_s=120),
            software_version="bench",
        )
        worker.run_cycle(force=True)  # heartbeat and reference data first: the drain alone is timed
        with sessions.begin() as session:
            for index in range(count):
                personal = (
                    {"name": "Nguyễn Thị Minh Khai", "id_number": f"0010890{index:05d}"}
                    if index % 10 == 0
                    else None
                )
                enqueue(
                    session,
                    payload=QueueTicketV1(**ticket_payload(index, identity.kiosk_id)),
                    idempotency_key=str(uuid.uuid4()),
                    personal=personal,
                    keystore=keystore if personal else None,
                )
        # The bodies the worker will send, rebuilt the same way (same JSON, same gzip level).
        with sessions() as session:
            transactions = [to_transaction(item, keystore) for item in list_items(session)]
        gzip_level = worker.settings.gzip_level

        def bodies_from(kiosk_id: str) -> list[bytes]:
            """The same batches, as the kiosk ``kiosk_id`` sends them (payloads name their kiosk)."""
            named = [
                item.model_copy(update={"payload": {**item.payload, "kiosk_id": kiosk_id}})
                for item in transactions
            ]
            return [
                gzip.compress(
                    IngestBatch(office_code=identity.office_code, transactions=named[start : start + batch])
                    .model_dump_json()
                    .encode(),
                    compresslevel=gzip_level,
                    mtime=0,
                )
                for start in range(0, len(named), batch)
            ]

        started = time.perf_counter()
        while worker.status.unsent or worker.totals["sent"] == 0:
            worker.run_cycle()
        seconds = time.perf_counter() - started
        totals = dict(worker.totals)
        worker.stop()
    finally:
        server.stop()
        engine.dispose()

    bare_server = Server(fresh_url, folder)
    try:
        other = bare_server.enroll()
        bodies = bodies_from(other.kiosk_id)
        with httpx.Client(timeout=120) as client:
            started = time.perf_counter()
            for body in bodies:
                headers = {
                    "Content-Type": "application/json",
                    "Content-Encoding": "gzip",
                    **sign_request(
                        other.private_key, other.kiosk_id, "POST", "/v1/ingest", body, now=time.time()
                    ),
                }
                client.post(f"{bare_server.base}/v1/ingest", content=body, headers=headers).raise_for_status()
            bare_seconds = time.perf_counter() - started
    finally:
        bare_server.stop()
    return {
        "database": label,
        "transactions": count,
        "batch": batch,
        "batches": len(bodies),
        "acknowledged": totals.get("acknowledged", 0),
        "seconds": round(seconds, 3),
        "tx_per_s": round(count / seconds, 1),
        "bare_seconds": round(bare_seconds, 3),
        "bare_tx_per_s": round(count / bare_seconds, 1),
        "ratio": round(bare_seconds / seconds, 3),
        "gzip_bytes_per_batch": round(sum(len(body) for body in bodies) / len(bodies)),
    }


def run_sync(*, commits: int, repeats: int, transactions: int, batch: int) -> dict[str, Any]:
    from tests.sync.postgres import PostgresCluster

    results: dict[str, Any] = {"enqueue": measure_enqueue(commits, repeats), "drain": []}
    with (
        tempfile.TemporaryDirectory(prefix="kiosk-bench-sync-") as name,
        PostgresCluster(fsync=True) as cluster,
    ):
        folder = Path(name)
        databases = [
            ("SQLite", f"sqlite:///{folder / 'a.sqlite3'}", f"sqlite:///{folder / 'b.sqlite3'}"),
            ("PostgreSQL 15 (fsync on)", cluster.create_database("drain"), cluster.create_database("bare")),
        ]
        for label, url, fresh in databases:
            results["drain"].append(measure_drain(label, url, fresh, folder, count=transactions, batch=batch))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sync", description=__doc__)
    parser.add_argument("--commits", type=int, default=1000, help="one-row commits per enqueue run")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--transactions", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=250)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    results = run_sync(
        commits=args.commits, repeats=args.repeats, transactions=args.transactions, batch=args.batch
    )
    if args.out:
        write_json(args.out, results)
    else:
        print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

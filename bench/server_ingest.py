"""``python -m bench.server_ingest``: transactions one server worker ingests per second.

One ``kiosk-server serve`` process (one worker) on SQLite, then on PostgreSQL (a throw-away
cluster with fsync on, as in production), fed over loopback HTTP by a few kiosks at once,
each sending gzipped, signed batches of queue tickets with personal fields (so opening and
sealing are measured too). Beside it, in the same run, the very same request bytes and headers posted
to a trivial ASGI endpoint under the same uvicorn (it reads the body and answers ``{}``):
the ratio is what the server's work (signature, parsing, database) leaves of bare HTTP.

Nothing is asserted; the figures go to the JSON and the report.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx

from bench.common import ROOT, write_json

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]


async def bare_app(
    scope: Scope, receive: Callable[[], Awaitable[Message]], send: Callable[[Message], Awaitable[None]]
) -> None:
    """The baseline: reads the whole request body and answers ``{}``."""
    if scope["type"] != "http":
        return
    more = True
    while more:
        message = await receive()
        more = bool(message.get("more_body", False))
    await send(
        {"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]}
    )
    await send({"type": "http.response.body", "body": b"{}"})


def free_port() -> int:
    from sync.server.embedded import free_port as pick

    return pick()


def wait_for(url: str, process: subprocess.Popen[bytes], timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited with status {process.returncode}")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


def start(command: list[str], port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    wait_for(f"http://127.0.0.1:{port}/v1/health", process)
    return process


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "sync.server.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


OFFICE = "000.00.74.H10"


def make_batches(kiosk_id: str, count: int, size: int, data_public_key: str) -> list[bytes]:
    """``count`` gzipped ingest bodies of ``size`` queue tickets, each with a name and ID number
    sealed to the server's data public key, as a kiosk sends them."""
    from sync.personal_envelope import load_public_key_text, seal_personal
    from sync.protocol import IngestBatch, Transaction

    recipient = load_public_key_text(data_public_key)

    bodies = []
    sequence = 0
    for _ in range(count):
        items = []
        for _ in range(size):
            sequence += 1
            now = datetime.now(UTC)
            key = str(uuid.uuid4())
            personal = {"name": "Nguyễn Thị Minh Khai", "id_number": f"0010890{sequence:05d}"}
            items.append(
                Transaction(
                    idempotency_key=key,
                    kind="queue_ticket",
                    schema_version=1,
                    created_at=now,
                    device_sequence=sequence,
                    payload={
                        "office_code": OFFICE,
                        "kiosk_id": kiosk_id,  # the signing kiosk: the server refuses another
                        "category": "A",
                        "service_date": date(2026, 11, 23).isoformat(),
                        "number": sequence % 999 + 1,
                        "issued_at": now.isoformat(),
                        "language": "vi",
                    },
                    personal=seal_personal(personal, recipient=recipient, bound_to=key),
                )
            )
        bodies.append(
            gzip.compress(IngestBatch(office_code=OFFICE, transactions=items).model_dump_json().encode(), 6)
        )
    return bodies


class Sender:
    """One kiosk: its key, id and kept-alive connection; signs each body afresh."""

    def __init__(self, kiosk_id: str, key: Any, bodies: list[bytes]) -> None:
        self.kiosk_id = kiosk_id
        self.key = key
        self.bodies = bodies
        self.settled = 0

    def headers(self, body: bytes) -> dict[str, str]:
        from sync.signing import sign_request

        return {
            "Content-Type": "application/json",
            "Content-Encoding": "gzip",
            **sign_request(self.key, self.kiosk_id, "POST", "/v1/ingest", body, now=time.time()),
        }

    def run(self, base_url: str, *, count_settled: bool) -> None:
        with httpx.Client(timeout=120) as client:
            for body in self.bodies:
                answer = client.post(f"{base_url}/v1/ingest", content=body, headers=self.headers(body))
                answer.raise_for_status()
                if count_settled:
                    self.settled += sum(
                        1
                        for result in answer.json()["results"]
                        if result["status"] in ("acknowledged", "duplicate")
                    )


def drive(senders: list[Sender], base_url: str, *, count_settled: bool) -> float:
    """Sends every sender's bodies, all senders at once; returns the wall time in seconds."""
    threads = [
        threading.Thread(target=sender.run, args=(base_url,), kwargs={"count_settled": count_settled})
        for sender in senders
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def measure_database(
    label: str, url: str, home: Path, *, kiosks: int, batches: int, size: int
) -> tuple[dict[str, Any], list[Sender]]:
    from sync.protocol import EnrollmentRequest
    from sync.signing import generate_private_key, public_key_b64

    env = {**os.environ, "KIOSK_SERVER_HOME": str(home)}
    port = free_port()
    process = start(
        [
            sys.executable,
            "-m",
            "sync.server.cli",
            "serve",
            "--db",
            url,
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        port,
        env,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        senders = []
        for _ in range(kiosks):
            code = cli(env, "enrollment-code", "--office", OFFICE, "--profile", "vn", "--db", url)
            key = generate_private_key()
            enrolled = httpx.post(
                f"{base_url}/v1/enroll",
                content=EnrollmentRequest(code=code, public_key=public_key_b64(key)).model_dump_json(),
            ).json()
            data_key = enrolled["data_public_key"]
            senders.append(
                Sender(enrolled["kiosk_id"], key, make_batches(enrolled["kiosk_id"], batches, size, data_key))
            )
        warmup = [
            Sender(sender.kiosk_id, sender.key, make_batches(sender.kiosk_id, 2, size, data_key))
            for sender in senders
        ]
        drive(warmup, base_url, count_settled=False)
        seconds = drive(senders, base_url, count_settled=True)
    finally:
        stop(process)
    total = kiosks * batches * size
    settled = sum(sender.settled for sender in senders)
    return {
        "database": label,
        "transactions": total,
        "acknowledged": settled,
        "seconds": round(seconds, 3),
        "tx_per_s": round(total / seconds, 1),
        "requests_per_s": round(kiosks * batches / seconds, 1),
    }, senders


def measure_bare(senders: list[Sender]) -> dict[str, Any]:
    port = free_port()
    env = {**os.environ}
    process = start(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "bench.server_ingest:bare_app",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
            "--lifespan",
            "off",
        ],
        port,
        env,
    )
    try:
        # The bare run is short: take the median of three so one scheduling hiccup does not decide.
        seconds = statistics.median(
            drive(senders, f"http://127.0.0.1:{port}", count_settled=False) for _ in range(3)
        )
    finally:
        stop(process)
    return {"seconds": round(seconds, 3), "requests": sum(len(sender.bodies) for sender in senders)}


def run_server_ingest(*, transactions: int = 10_000, batch: int = 100, kiosks: int = 4) -> dict[str, Any]:
    from tests.sync.postgres import PostgresCluster

    batches = max(1, transactions // (batch * kiosks))
    results: dict[str, Any] = {"batch": batch, "kiosks": kiosks, "runs": []}
    with (
        tempfile.TemporaryDirectory(prefix="kiosk-bench-server-") as folder,
        PostgresCluster(fsync=True) as cluster,
    ):
        home = Path(folder)
        databases = [
            ("SQLite (WAL, synchronous=FULL)", f"sqlite:///{home / 'server.sqlite3'}"),
            ("PostgreSQL 15 (fsync on)", cluster.create_database("bench")),
        ]
        for label, url in databases:
            run, senders = measure_database(label, url, home, kiosks=kiosks, batches=batches, size=batch)
            bare = measure_bare(senders)  # the same bytes, the same run
            run["bare_seconds"] = bare["seconds"]
            run["bare_tx_per_s"] = round(run["transactions"] / bare["seconds"], 1)
            run["ratio"] = round(bare["seconds"] / run["seconds"], 3)
            run["body_bytes_per_batch"] = round(
                sum(len(body) for sender in senders for body in sender.bodies) / (kiosks * batches)
            )
            results["runs"].append(run)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.server_ingest", description=__doc__)
    parser.add_argument("--transactions", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--kiosks", type=int, default=4)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    results = run_server_ingest(transactions=args.transactions, batch=args.batch, kiosks=args.kiosks)
    if args.out:
        write_json(args.out, results)
    else:
        import json

        print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

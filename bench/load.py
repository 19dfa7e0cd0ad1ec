"""``python -m bench.load``: how many kiosks 1, 2 and 4 ``kiosk-server serve`` workers hold.

N kiosks are played by one asyncio process against W ``kiosk-server serve`` processes (the
workers) on one PostgreSQL (fsync on), all over loopback. Each kiosk has its own Ed25519
identity, enrolled through ``POST /v1/enroll`` with a one-time code, and its own connection
(one at a time, kept alive, as ``sync.client.http`` holds it); kiosk ``i`` talks to worker
``i mod W``, as a load balancer pinning connections would spread them. Four kiosks per office.

What each kiosk sends, at the rates of the kiosk's own sync worker (``SyncSettings`` defaults):

* a **queue ticket** every ``--ticket-interval`` seconds on average (Poisson arrivals; 60 s,
  a kiosk in constant use at the morning peak); the worker is kicked by each ticket and uploads
  every pending ticket in one gzipped, signed ``POST /v1/ingest`` (batches of at most
  ``batch_size``; one ticket per batch unless a request is still in flight);
* a **heartbeat** (``POST /v1/heartbeat``) every ``heartbeat_s`` (60 s), phases spread;
* a **number lease** (``POST /v1/leases/numbers``, ``lease_block`` numbers) whenever fewer
  than ``lease_low_water`` numbers of the current lease are left: one per 35 tickets. Every
  ticket carries a number of its kiosk's lease. Each kiosk gets its first lease when it is
  enrolled (not timed) and has used a random part of it, so refills are spread.

Requests are built exactly as the kiosk builds them (:func:`signed_request` mirrors
``SyncClient._send``: the same JSON, gzip level, and :func:`sync.signing.sign_request` over the
path and the body as sent).

**Search.** For each worker count (its share of ``--budget``, enrolling aside), N starts at ``--start-kiosks`` and doubles while the step
holds (p99 of every request's latency under ``--p99-ms``, failed requests counting as
infinitely slow), then bisects between the largest N held and the smallest N failed, each
step ``--step-seconds`` long, until the bracket is within an eighth, ``--max-kiosks`` is
reached or the time budget of that worker count is spent. Kiosks stay enrolled from one step
to the next (and one worker count to the next: one database for the whole run).

Beside each step: the load generator's own lag behind its schedule (a starved generator sends
late and flatters the server), the CPU used by the workers, by PostgreSQL and by the generator,
the whole machine's CPU use and the load average, because other processes share the cores.

Nothing is asserted; the figures go to the JSON (``--out``) or standard output.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import math
import os
import random
import ssl
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from bench.common import write_json
from bench.server_ingest import free_port, start, stop
from sync.protocol import (
    API_PREFIX,
    EnrollmentRequest,
    EnrollmentResponse,
    Heartbeat,
    IngestBatch,
    IngestResponse,
    IngestStatus,
    NumberLease,
    NumberLeaseRequest,
    NumberSeries,
    QueueTicketV1,
    Transaction,
)
from sync.signing import generate_private_key, public_key_b64, sign_request
from sync.worker import SyncSettings

KIOSK_SETTINGS = SyncSettings()  # the kiosk's defaults: batch, heartbeat, lease block and low water
KIOSKS_PER_OFFICE = 4
CATEGORY = "A"
LANGUAGE = "vi"
SOFTWARE_VERSION = "bench-load"
USER_AGENT = "district-kiosk-sync/1"  # what sync.client.http sends
ENROLL_CONCURRENCY = 32
RESOLUTION = 8  # stop bisecting when the bracket is within 1/RESOLUTION of its upper end


# --- the figures --------------------------------------------------------------------------------


def percentile(latencies_s: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (``fraction`` 0.99 for p99) in seconds; ``math.inf`` counts as a
    failed request. An empty sequence has no percentile: ``nan``."""
    if not latencies_s:
        return math.nan
    ordered = sorted(latencies_s)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def next_kiosks(history: Sequence[tuple[int, bool]], *, start: int, max_kiosks: int) -> int | None:
    """The next number of kiosks to try, or ``None`` when the search is done.

    ``history`` holds ``(kiosks, held)`` of the steps run so far. Doubles from ``start`` while
    every step holds (up to ``max_kiosks``); after the first failure, bisects between the largest
    number held below the smallest number failed and that failure, until they are within
    ``1/RESOLUTION`` of the failure (or 1 kiosk)."""
    if not history:
        return min(start, max_kiosks)
    failed = [kiosks for kiosks, held in history if not held]
    if not failed:
        largest = max(kiosks for kiosks, _ in history)
        return None if largest >= max_kiosks else min(largest * 2, max_kiosks)
    lowest_failed = min(failed)
    held_below = [kiosks for kiosks, held in history if held and kiosks < lowest_failed]
    highest_held = max(held_below, default=0)
    if lowest_failed - highest_held <= max(1, lowest_failed // RESOLUTION):
        return None
    return (highest_held + lowest_failed) // 2


def capacity(history: Sequence[tuple[int, bool]]) -> int:
    """The largest number of kiosks held below the smallest number failed (0: none held)."""
    lowest_failed = min((kiosks for kiosks, held in history if not held), default=math.inf)
    return max((kiosks for kiosks, held in history if held and kiosks < lowest_failed), default=0)


# --- requests as a kiosk sends them -------------------------------------------------------------


def signed_request(
    key: Ed25519PrivateKey,
    kiosk_id: str,
    method: str,
    path: str,
    body: bytes,
    *,
    compress: bool,
    now: float,
    gzip_level: int = KIOSK_SETTINGS.gzip_level,
) -> tuple[str, bytes, dict[str, str]]:
    """``(target, content, headers)`` of one kiosk request, as ``SyncClient._send`` builds it:
    ``path`` under the API prefix, the body gzipped (level, ``mtime=0``) for uploads, and the
    signature headers over the target and the bytes as sent."""
    target = API_PREFIX + path
    content = gzip.compress(body, compresslevel=gzip_level, mtime=0) if compress and body else body
    headers = {"User-Agent": USER_AGENT}
    if body:
        headers["Content-Type"] = "application/json"
    if compress and body:
        headers["Content-Encoding"] = "gzip"
    headers.update(sign_request(key, kiosk_id, method, target, content, now=now))
    return target, content, headers


@dataclass
class Recorder:
    """Every request of one step: latency (``inf`` when it failed) by kind, and the lag."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    lags: list[float] = field(default_factory=list)
    failures: dict[str, int] = field(default_factory=dict)
    rejected: int = 0
    tickets: int = 0

    def add(self, kind: str, seconds: float, failure: str | None = None) -> None:
        self.latencies.setdefault(kind, []).append(math.inf if failure else seconds)
        if failure:
            self.failures[failure] = self.failures.get(failure, 0) + 1


@dataclass
class Kiosk:
    """One simulated kiosk: its identity, its connection, its lease and its pending tickets."""

    index: int
    base_url: str
    office_code: str
    key: Ed25519PrivateKey = field(default_factory=generate_private_key)
    kiosk_id: str = ""
    leases: list[tuple[int, int, int]] = field(default_factory=list)  # (lease id, next, last)
    sequence: int = 0
    pending: list[Transaction] = field(default_factory=list)
    http: httpx.AsyncClient | None = None

    def connection(self, tls: ssl.SSLContext) -> httpx.AsyncClient:
        if self.http is None:
            # One connection, kept alive, like sync.client.http.new_http_client.
            self.http = httpx.AsyncClient(
                timeout=httpx.Timeout(KIOSK_SETTINGS.timeout_s),
                limits=httpx.Limits(max_connections=1, max_keepalive_connections=1, keepalive_expiry=60.0),
                trust_env=False,
                verify=tls,  # one shared context: plain HTTP on loopback never uses it
            )
        return self.http

    async def enroll(self, code: str, tls: ssl.SSLContext) -> None:
        request = EnrollmentRequest(
            code=code,
            public_key=public_key_b64(self.key),
            label=f"load-{self.index}",
            software_version=SOFTWARE_VERSION,
        )
        answer = await self.connection(tls).post(
            self.base_url + API_PREFIX + "/enroll",
            content=request.model_dump_json().encode(),
            headers={"Content-Type": "application/json", "User-Agent": USER_AGENT},
        )
        answer.raise_for_status()
        enrolled = EnrollmentResponse.model_validate_json(answer.content)
        self.kiosk_id, self.office_code = enrolled.kiosk_id, enrolled.office_code

    def numbers_left(self) -> int:
        return sum(last - following + 1 for _, following, last in self.leases)

    def draw_number(self) -> tuple[int, int] | None:
        """``(lease id, number)`` from the oldest lease with numbers left."""
        while self.leases:
            lease_id, following, last = self.leases[0]
            if following <= last:
                self.leases[0] = (lease_id, following + 1, last)
                return lease_id, following
            self.leases.pop(0)
        return None

    def issue_ticket(self, recorder: Recorder) -> None:
        drawn = self.draw_number()
        if drawn is None:
            return  # a real kiosk would use its fallback block; counted by the missing tickets
        lease_id, number = drawn
        now = datetime.now(UTC)
        self.sequence += 1
        payload = QueueTicketV1(
            office_code=self.office_code,
            kiosk_id=self.kiosk_id,
            category=CATEGORY,
            service_date=service_day(),
            number=number,
            issued_at=now,
            language=LANGUAGE,
            numbering="lease",
            lease_id=lease_id,
        )
        from sync.outbox import payload_json  # the outbox's own JSON of a payload

        self.pending.append(
            Transaction(
                idempotency_key=str(uuid.uuid4()),
                kind=QueueTicketV1.KIND,
                schema_version=QueueTicketV1.SCHEMA_VERSION,
                created_at=now,
                device_sequence=self.sequence,
                payload=json.loads(payload_json(payload)),
            )
        )
        recorder.tickets += 1

    async def send(
        self, tls: ssl.SSLContext, path: str, body: bytes, *, compress: bool = False
    ) -> tuple[httpx.Response | None, float, str | None]:
        """One signed POST: ``(answer, seconds, failure)``; the clock runs from the first byte sent."""
        target, content, headers = signed_request(
            self.key, self.kiosk_id, "POST", path, body, compress=compress, now=time.time()
        )
        began = time.perf_counter()
        try:
            answer = await self.connection(tls).post(self.base_url + target, content=content, headers=headers)
        except httpx.HTTPError as exc:
            return None, time.perf_counter() - began, type(exc).__name__
        seconds = time.perf_counter() - began
        if answer.status_code not in (200, 201):
            return answer, seconds, f"HTTP {answer.status_code}"
        return answer, seconds, None

    async def lease(self, tls: ssl.SSLContext, recorder: Recorder | None) -> None:
        request = NumberLeaseRequest(
            office_code=self.office_code,
            kind=NumberSeries.TICKET_NUMBERS,
            series=CATEGORY,
            service_date=service_day(),
            count=KIOSK_SETTINGS.lease_block,
            held_lease_ids=tuple(lease_id for lease_id, _, _ in self.leases),
        )
        answer, seconds, failure = await self.send(tls, "/leases/numbers", request.model_dump_json().encode())
        if recorder is not None:
            recorder.add("lease", seconds, failure)
        if answer is not None and failure is None:
            granted = NumberLease.model_validate_json(answer.content)
            if all(lease_id != granted.lease_id for lease_id, _, _ in self.leases):
                self.leases.append((granted.lease_id, granted.first, granted.last))

    async def ingest(self, tls: ssl.SSLContext, recorder: Recorder) -> None:
        batch = self.pending[: KIOSK_SETTINGS.batch_size]
        body = IngestBatch(office_code=self.office_code, transactions=batch).model_dump_json().encode()
        answer, seconds, failure = await self.send(tls, "/ingest", body, compress=True)
        recorder.add("ingest", seconds, failure)
        if answer is not None and failure is None:
            results = IngestResponse.model_validate_json(answer.content).results
            recorder.rejected += sum(1 for result in results if result.status is IngestStatus.REJECTED)
            del self.pending[: len(batch)]

    async def heartbeat(self, tls: ssl.SSLContext, recorder: Recorder) -> None:
        beat = Heartbeat(
            office_code=self.office_code,
            software_version=SOFTWARE_VERSION,
            sent_at=datetime.now(UTC),
            backlog=len(self.pending),
            dead_letters=0,
        )
        _, seconds, failure = await self.send(tls, "/heartbeat", beat.model_dump_json().encode())
        recorder.add("heartbeat", seconds, failure)

    async def play(
        self, until: float, ticket_interval_s: float, tls: ssl.SSLContext, recorder: Recorder
    ) -> None:
        """Issues tickets and runs the sync worker's cycle (ingest, leases, heartbeat) until ``until``
        (``time.monotonic()``); the request in flight at the end is finished and counted."""
        now = time.monotonic()
        next_ticket = now + random.expovariate(1 / ticket_interval_s)
        next_heartbeat = now + random.uniform(0, KIOSK_SETTINGS.heartbeat_s)
        while True:
            due = min(next_ticket, next_heartbeat)
            if due >= until:
                return
            # The lag is the generator's own: how late it wakes, not how far a slow answer put
            # this kiosk behind (its worker is sequential, so the next cycle simply starts late).
            wake_at = max(due, time.monotonic())
            await asyncio.sleep(wake_at - time.monotonic())
            now = time.monotonic()
            recorder.lags.append(now - wake_at)
            while next_ticket <= now:
                self.issue_ticket(recorder)
                next_ticket += random.expovariate(1 / ticket_interval_s)
            if self.pending:
                await self.ingest(tls, recorder)
            if self.numbers_left() < KIOSK_SETTINGS.lease_low_water:
                await self.lease(tls, recorder)
            if time.monotonic() >= next_heartbeat:
                await self.heartbeat(tls, recorder)
                next_heartbeat = time.monotonic() + KIOSK_SETTINGS.heartbeat_s

    async def close(self) -> None:
        if self.http is not None:
            await self.http.aclose()
            self.http = None


def service_day() -> date:
    return datetime.now(UTC).date()


# --- CPU accounting -----------------------------------------------------------------------------


def process_cpu_s(pids: Sequence[int]) -> dict[int, float]:
    """User + system CPU seconds used so far by each of the processes ``pids`` still alive."""
    ticks = os.sysconf("SC_CLK_TCK")
    used = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        used[pid] = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return used


def cpu_between(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds used between two readings; a process started in between counts from zero (a
    PostgreSQL backend opened by a worker's pool), one that ended in between is lost (rare)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def machine_cpu_s() -> tuple[float, float]:
    """``(busy, total)`` CPU seconds of the whole machine since boot, all cores."""
    values = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    idle = values[3] + values[4]  # idle, iowait
    ticks = os.sysconf("SC_CLK_TCK")
    return (sum(values) - idle) / ticks, sum(values) / ticks


# --- the run ------------------------------------------------------------------------------------


@dataclass
class Step:
    workers: int
    kiosks: int
    seconds: float
    requests: int
    requests_per_s: float
    p50_ms: float | None
    p99_ms: float | None
    max_ms: float | None
    p99_ms_by_kind: dict[str, float | None]
    requests_by_kind: dict[str, int]
    failures: dict[str, int]
    rejected: int
    tickets: int
    held: bool
    generator_lag_p99_ms: float | None
    cpu_cores_workers: float
    cpu_cores_postgres: float
    cpu_cores_generator: float
    cpu_cores_machine: float
    cpu_cores_others: float
    """The whole machine's CPU use less the workers', PostgreSQL's and the generator's."""
    worker_cpu_ms_per_request: float | None
    postgres_cpu_ms_per_request: float | None
    load_average_1m: float


def milliseconds(seconds: float) -> float | None:
    """Rounded milliseconds; ``None`` (JSON ``null``) for a failed request's infinite latency or no data."""
    return round(seconds * 1000, 1) if math.isfinite(seconds) else None


class Fleet:
    """The kiosks enrolled so far on one database, and how to enroll more."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self.kiosks: list[Kiosk] = []
        self.tls = ssl.create_default_context()

    def issue_codes(self, offices: Sequence[str]) -> list[str]:
        from sync.server.database import open_engine, session_factory
        from sync.server.enrollment import issue_enrollment_code

        engine = open_engine(self.database_url)
        try:
            with session_factory(engine).begin() as session:
                now = datetime.now(UTC)
                return [
                    issue_enrollment_code(session, office_code=office, profile="vn", ttl_s=3600, now=now)
                    for office in offices
                ]
        finally:
            engine.dispose()

    async def grow(self, count: int, base_urls: Sequence[str]) -> float:
        """Enrolls kiosks until there are ``count``, each with its first lease; returns the seconds."""
        began = time.perf_counter()
        new = [
            Kiosk(index=index, base_url="", office_code=f"load.{index // KIOSKS_PER_OFFICE:05d}")
            for index in range(len(self.kiosks), count)
        ]
        codes = self.issue_codes([kiosk.office_code for kiosk in new])
        gate = asyncio.Semaphore(ENROLL_CONCURRENCY)

        async def enroll(kiosk: Kiosk, code: str) -> None:
            kiosk.base_url = base_urls[kiosk.index % len(base_urls)]
            async with gate:
                await kiosk.enroll(code, self.tls)
                await kiosk.lease(self.tls, None)
                for _ in range(random.randrange(KIOSK_SETTINGS.lease_block - KIOSK_SETTINGS.lease_low_water)):
                    kiosk.draw_number()  # tickets issued before the step: refills spread out

        await asyncio.gather(*(enroll(kiosk, code) for kiosk, code in zip(new, codes, strict=True)))
        self.kiosks += new
        return time.perf_counter() - began

    async def route(self, base_urls: Sequence[str]) -> None:
        """Points every kiosk at worker ``index mod W`` of a new set of workers (new connections)."""
        for kiosk in self.kiosks:
            await kiosk.close()
            kiosk.base_url = base_urls[kiosk.index % len(base_urls)]

    async def disconnect(self) -> None:
        for kiosk in self.kiosks:
            await kiosk.close()


async def run_step(
    fleet: Fleet,
    kiosks: int,
    *,
    workers: int,
    seconds: float,
    ticket_interval_s: float,
    p99_limit_ms: float,
    server_pids: Sequence[int],
    postgres_pids: Callable[[], Sequence[int]],
) -> Step:
    recorder = Recorder()
    workers_before, postgres_before = process_cpu_s(server_pids), process_cpu_s(postgres_pids())
    generator_before, (busy_before, total_before) = time.process_time(), machine_cpu_s()
    began = time.monotonic()
    players: list[Awaitable[None]] = [
        kiosk.play(began + seconds, ticket_interval_s, fleet.tls, recorder) for kiosk in fleet.kiosks[:kiosks]
    ]
    await asyncio.gather(*players)
    elapsed = max(seconds, time.monotonic() - began)  # the step's length, or more if answers came late
    busy_after, total_after = machine_cpu_s()
    workers_s = cpu_between(workers_before, process_cpu_s(server_pids))
    postgres_s = cpu_between(postgres_before, process_cpu_s(postgres_pids()))
    generator_s = time.process_time() - generator_before
    machine_s = (os.cpu_count() or 1) * elapsed * (busy_after - busy_before) / (total_after - total_before)
    everything = [latency for latencies in recorder.latencies.values() for latency in latencies]
    p99 = percentile(everything, 0.99)
    answered = max(1, len(everything))
    return Step(
        workers=workers,
        kiosks=kiosks,
        seconds=round(elapsed, 1),
        requests=len(everything),
        requests_per_s=round(len(everything) / elapsed, 1),
        p50_ms=milliseconds(percentile(everything, 0.5)),
        p99_ms=milliseconds(p99),
        max_ms=milliseconds(max(everything, default=math.nan)),
        p99_ms_by_kind={
            kind: milliseconds(percentile(values, 0.99)) for kind, values in recorder.latencies.items()
        },
        requests_by_kind={kind: len(values) for kind, values in recorder.latencies.items()},
        failures=recorder.failures,
        rejected=recorder.rejected,
        tickets=recorder.tickets,
        held=bool(everything) and p99 * 1000 < p99_limit_ms,
        generator_lag_p99_ms=milliseconds(percentile(recorder.lags, 0.99)),
        cpu_cores_workers=round(workers_s / elapsed, 2),
        cpu_cores_postgres=round(postgres_s / elapsed, 2),
        cpu_cores_generator=round(generator_s / elapsed, 2),
        cpu_cores_machine=round(machine_s / elapsed, 2),
        cpu_cores_others=round(max(0.0, machine_s - workers_s - postgres_s - generator_s) / elapsed, 2),
        worker_cpu_ms_per_request=round(1000 * workers_s / answered, 2) if everything else None,
        postgres_cpu_ms_per_request=round(1000 * postgres_s / answered, 2) if everything else None,
        load_average_1m=round(os.getloadavg()[0], 2),
    )


def start_workers(count: int, database_url: str, home: Path) -> list[tuple[subprocess.Popen[bytes], str]]:
    """``count`` ``kiosk-server serve`` processes on one database, each on its own loopback port."""
    env = {**os.environ, "KIOSK_SERVER_HOME": str(home)}
    workers = []
    for _ in range(count):  # one after another: the first migrates and creates the data key
        port = free_port()
        command = [
            sys.executable,
            "-m",
            "sync.server.cli",
            "serve",
            "--db",
            database_url,
            "--port",
            str(port),
        ]
        workers.append((start([*command, "--log-level", "warning"], port, env), f"http://127.0.0.1:{port}"))
    return workers


def progress(message: str) -> None:
    print(f"bench.load: {message}", file=sys.stderr, flush=True)


async def measure_workers(
    fleet: Fleet,
    postgres_pids: Callable[[], Sequence[int]],
    home: Path,
    *,
    workers: int,
    start_kiosks: int,
    max_kiosks: int,
    step_seconds: float,
    ticket_interval_s: float,
    p99_limit_ms: float,
    budget_s: float,
) -> dict[str, Any]:
    deadline = time.monotonic() + budget_s
    processes = start_workers(workers, fleet.database_url, home)
    base_urls = [url for _, url in processes]
    steps: list[Step] = []
    enroll_s = 0.0
    try:
        await fleet.route(base_urls)
        history: list[tuple[int, bool]] = []
        while (kiosks := next_kiosks(history, start=start_kiosks, max_kiosks=max_kiosks)) is not None:
            if time.monotonic() + step_seconds > deadline:
                progress(f"{workers} worker(s): time budget spent")
                break
            if kiosks > len(fleet.kiosks):
                progress(f"enrolling {kiosks - len(fleet.kiosks)} more kiosks")
                enrolled_in = await fleet.grow(kiosks, base_urls)
                enroll_s += enrolled_in
                # Enrolling is a one-off for the whole run (later worker counts reuse the kiosks):
                # it does not shorten this count's search, only the time left for the next ones.
                deadline += enrolled_in
            step = await run_step(
                fleet,
                kiosks,
                workers=workers,
                seconds=step_seconds,
                ticket_interval_s=ticket_interval_s,
                p99_limit_ms=p99_limit_ms,
                server_pids=[process.pid for process, _ in processes],
                postgres_pids=postgres_pids,
            )
            progress(
                f"{workers} worker(s), {kiosks} kiosks: {step.requests_per_s} req/s, p99 {step.p99_ms} ms "
                f"({'held' if step.held else 'not held'}), generator lag p99 {step.generator_lag_p99_ms} ms, "
                f"load {step.load_average_1m}"
            )
            steps.append(step)
            history.append((kiosks, step.held))
    finally:
        await fleet.disconnect()
        for process, _ in processes:
            stop(process)
    held = capacity(history)
    kiosk_seconds = sum(step.kiosks * step.seconds for step in steps) or math.nan
    worker_cpu_s = sum((step.worker_cpu_ms_per_request or 0.0) * step.requests / 1000 for step in steps)
    postgres_cpu_s = sum((step.postgres_cpu_ms_per_request or 0.0) * step.requests / 1000 for step in steps)
    return {
        "workers": workers,
        "kiosks_held": held,
        "kiosks_per_worker": round(held / workers),
        "reached_max": held >= max_kiosks,
        "enroll_seconds": round(enroll_s, 1),
        # The CPU-bound ceiling, apart from other processes: kiosks that one core's worth of
        # worker (or PostgreSQL) CPU serves at these rates, from every step of this run.
        "kiosks_per_worker_core": round(kiosk_seconds / worker_cpu_s) if worker_cpu_s > 0 else None,
        "kiosks_per_postgres_core": round(kiosk_seconds / postgres_cpu_s) if postgres_cpu_s > 0 else None,
        "steps": [asdict(step) for step in steps],
    }


async def run_load_async(
    *,
    workers: Sequence[int],
    start_kiosks: int,
    max_kiosks: int,
    step_seconds: float,
    ticket_interval_s: float,
    p99_limit_ms: float,
    budget_s: float,
) -> dict[str, Any]:
    from bench.cluster import BenchPostgres

    started = time.monotonic()
    results: dict[str, Any] = {
        "rates": {
            "ticket_interval_s": ticket_interval_s,
            "heartbeat_s": KIOSK_SETTINGS.heartbeat_s,
            "lease_block": KIOSK_SETTINGS.lease_block,
            "lease_low_water": KIOSK_SETTINGS.lease_low_water,
            "batch_size": KIOSK_SETTINGS.batch_size,
            "kiosks_per_office": KIOSKS_PER_OFFICE,
        },
        "p99_limit_ms": p99_limit_ms,
        "step_seconds": step_seconds,
        "cpus": os.cpu_count(),
        "load_average_before": [round(value, 2) for value in os.getloadavg()],
        "runs": [],
    }
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-load-") as folder, BenchPostgres() as postgres:
        fleet = Fleet(postgres.new_database("load"))
        try:
            for position, count in enumerate(workers):
                left = budget_s - (time.monotonic() - started)
                share = left / (len(workers) - position)
                progress(f"{count} worker(s) on PostgreSQL, {share:.0f} s")
                results["runs"].append(
                    await measure_workers(
                        fleet,
                        postgres.pids,
                        Path(folder),
                        workers=count,
                        start_kiosks=start_kiosks,
                        max_kiosks=max_kiosks,
                        step_seconds=step_seconds,
                        ticket_interval_s=ticket_interval_s,
                        p99_limit_ms=p99_limit_ms,
                        budget_s=share,
                    )
                )
        finally:
            await fleet.disconnect()
    results["load_average_after"] = [round(value, 2) for value in os.getloadavg()]
    results["seconds"] = round(time.monotonic() - started, 1)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.load", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4], help="worker counts to measure")
    parser.add_argument("--max-kiosks", type=int, default=16_000, help="stop stepping up at this many kiosks")
    parser.add_argument("--start-kiosks", type=int, default=250, help="kiosks of the first step")
    parser.add_argument("--step-seconds", type=float, default=20.0, help="length of one step")
    parser.add_argument("--ticket-interval", type=float, default=60.0, help="mean seconds between tickets")
    parser.add_argument("--p99-ms", type=float, default=500.0, help="the latency a step must hold")
    parser.add_argument("--budget", type=float, default=540.0, help="seconds for the whole run")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    results = asyncio.run(
        run_load_async(
            workers=args.workers,
            start_kiosks=args.start_kiosks,
            max_kiosks=args.max_kiosks,
            step_seconds=args.step_seconds,
            ticket_interval_s=args.ticket_interval,
            p99_limit_ms=args.p99_ms,
            budget_s=args.budget,
        )
    )
    if args.out:
        write_json(args.out, results)
    else:
        print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The sync worker: uploads the outbox, keeps leases and reference data, reports connectivity.

One daemon thread per kiosk (never the GUI thread) runs :meth:`SyncWorker.run_cycle` when
woken (:meth:`~SyncWorker.kick`, e.g. after a ticket), every ``poll_s`` while online, and at
backoff intervals while offline. Command-line tools run the same cycle in the foreground
(``kiosk sync now``). A cycle:

1. takes the kiosk's **sync lock** (``KIOSK_HOME/sync/sync.lock``, an ``flock``: one sender
   per kiosk home across processes) and puts rows a crashed sender left in flight back to
   pending (:func:`sync.outbox.recover_in_flight`);
2. **drains** the outbox in id order, in batches: claim (commit) → send (gzip, signed) →
   settle (commit): acknowledged and duplicate rows are done, rejected rows become dead
   letters with the server's reason and the queue moves on. A batch the server refuses as a
   whole is halved until the refused transaction is alone, and only that one is dead;
3. keeps **leases**: ticket-number (and dossier-code) ranges for today and the next days,
   asked for when fewer than ``lease_low_water`` numbers are left;
4. sends a **heartbeat** when due; its answer lists the reference documents' versions, and
   changed ones are **pulled** into the cache (:mod:`sync.reference`);
5. **purges** the sealed personal fields of acknowledged rows older than the retention.

Failures follow :mod:`sync.client.http`: unreachable / 5xx / 429 → the batch goes back to
pending with exponential backoff and jitter (``Retry-After`` honoured) and the worker probes
the server's health at growing intervals; 401 → "needs enrollment" (data kept, nothing is
sent until a technician enrolls the kiosk again); 426 → "needs upgrade".

Status listeners are called on the worker's thread; a UI wraps them into queued signals.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import logging
import os
import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from sync import leases
from sync.client.http import (
    NeedsEnrollment,
    PlainHttpRefused,
    ServerRefused,
    ServerUnreachable,
    SyncClient,
    SyncError,
    UpgradeNeeded,
    tls_trust,
    warn_plain_http,
)
from sync.client.identity import SYNC_DIR_NAME, DeviceIdentity, IdentityError
from sync.keystore import KeyStore, SealError
from sync.outbox import (
    ClaimedRow,
    OutboxItem,
    OutboxState,
    Settlement,
    apply_settlements,
    backlog,
    backoff_delay,
    claim_rows,
    mark_dead,
    prune_acknowledged,
    purge_personal,
    recover_in_flight,
    release_ids_for_retry,
    to_transaction,
)
from sync.protocol import (
    MAX_BATCH_ITEMS,
    AuditHead,
    DeviceHealth,
    ErrorCode,
    Heartbeat,
    IngestResult,
    IngestStatus,
    NumberSeries,
    ReferenceName,
    Transaction,
)
from sync.reference import ReferenceCache

if TYPE_CHECKING:
    import httpx  # only sync.client.http sends, and imports it when it does

log = logging.getLogger(__name__)

LOCK_FILE = "sync.lock"
STATE_FILE = "state.json"
HOUSEKEEPING_INTERVAL_S = 3600.0
EXHAUSTED_RETRY_S = 600.0


@dataclass(frozen=True)
class SyncSettings:
    """How the worker paces itself; the kiosk's ``[sync]`` settings map onto this."""

    batch_size: int = 250
    poll_s: float = 5.0
    backoff_base_s: float = 2.0
    backoff_cap_s: float = 300.0
    probe_cap_s: float = 60.0
    heartbeat_s: float = 60.0
    timeout_s: float = 10.0
    gzip_level: int = 5
    personal_retention: timedelta = timedelta(0)
    keep_acknowledged: timedelta = timedelta(days=90)
    lease_block: int = 50
    lease_low_water: int = 15
    lease_days_ahead: int = 1
    slot_places: int = 0
    """Places of each coming appointment slot to hold for offline booking (0: none)."""
    ca_file: Path | None = None
    """PEM file of the certificate authorities trusted for the server's HTTPS (None: the public ones)."""
    allow_plain_http: bool = False
    """The lab's opt-in to plain ``http://`` to another machine (``server.allow_plain_http``)."""

    def __post_init__(self) -> None:
        if not 1 <= self.batch_size <= MAX_BATCH_ITEMS:
            raise ValueError(f"batch_size must be 1..{MAX_BATCH_ITEMS}")


class ConnectionState(StrEnum):
    UNKNOWN = "unknown"  # not tried yet
    ONLINE = "online"
    OFFLINE = "offline"
    NOT_ENROLLED = "not_enrolled"
    NEEDS_ENROLLMENT = "needs_enrollment"
    NEEDS_UPGRADE = "needs_upgrade"


@dataclass(frozen=True)
class SyncStatus:
    """What the connectivity indicator and ``kiosk sync status`` show."""

    state: ConnectionState = ConnectionState.UNKNOWN
    unsent: int = 0
    dead: int = 0
    last_success_at: datetime | None = None
    last_attempt_at: datetime | None = None
    last_error: str | None = None

    @property
    def online(self) -> bool:
        return self.state is ConnectionState.ONLINE

    def as_dict(self) -> dict[str, Any]:
        return {
            "state": self.state.value,
            "online": self.online,
            "unsent": self.unsent,
            "dead": self.dead,
            "last_success_at": self.last_success_at.isoformat() if self.last_success_at else None,
            "last_attempt_at": self.last_attempt_at.isoformat() if self.last_attempt_at else None,
            "last_error": self.last_error,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SyncStatus:
        def instant(key: str) -> datetime | None:
            value = data.get(key)
            return datetime.fromisoformat(value) if isinstance(value, str) else None

        try:
            state = ConnectionState(str(data.get("state", "unknown")))
        except ValueError:
            state = ConnectionState.UNKNOWN
        return cls(
            state=state,
            unsent=int(data.get("unsent") or 0),
            dead=int(data.get("dead") or 0),
            last_success_at=instant("last_success_at"),
            last_attempt_at=instant("last_attempt_at"),
            last_error=data.get("last_error") if isinstance(data.get("last_error"), str) else None,
        )


@dataclass
class CycleReport:
    """What one cycle did (``kiosk sync now`` prints it)."""

    ran: bool = True
    skipped: str | None = None
    recovered: int = 0
    sent: int = 0
    acknowledged: int = 0
    duplicates: int = 0
    dead: int = 0
    batches: int = 0
    leases_granted: int = 0
    references_updated: list[str] = field(default_factory=list)
    heartbeat: bool = False
    purged: int = 0
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class SyncLock:
    """One sender per kiosk home, across threads and processes (``flock`` on a file).

    The lock dies with its process, so a ``kill -9`` never leaves it held.
    """

    def __init__(self, home: Path) -> None:
        self.path = home / SYNC_DIR_NAME / LOCK_FILE
        self._descriptor: int | None = None

    def acquire(self, timeout_s: float = 0.0) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES) or time.monotonic() >= deadline:
                    os.close(descriptor)
                    return False
                time.sleep(0.05)
                continue
            self._descriptor = descriptor
            return True

    def release(self) -> None:
        if self._descriptor is not None:
            fcntl.flock(self._descriptor, fcntl.LOCK_UN)
            os.close(self._descriptor)
            self._descriptor = None

    @contextlib.contextmanager
    def held(self, timeout_s: float = 0.0) -> Iterator[bool]:
        acquired = self.acquire(timeout_s)
        try:
            yield acquired
        finally:
            if acquired:
                self.release()


def read_saved_status(home: Path) -> SyncStatus | None:
    """The status the last cycle (in any process) wrote, for ``kiosk sync status``."""
    try:
        return SyncStatus.from_dict(
            json.loads((home / SYNC_DIR_NAME / STATE_FILE).read_text(encoding="utf-8"))
        )
    except (OSError, ValueError, TypeError):
        return None


def same_identity(first: DeviceIdentity, second: DeviceIdentity) -> bool:
    return (first.kiosk_id, first.server_url, first.public_key) == (
        second.kiosk_id,
        second.server_url,
        second.public_key,
    )


class SyncWorker:
    """Moves one kiosk's outbox to the server and keeps its leases and reference data."""

    def __init__(
        self,
        *,
        home: Path,
        sessions: sessionmaker[Session],
        keystore: KeyStore,
        identity: Callable[[], DeviceIdentity | None],
        today: Callable[[], date],
        settings: SyncSettings | None = None,
        ticket_series: Sequence[str] = (),
        dossier_series: Sequence[str] = (),
        device_health: Callable[[], Mapping[str, DeviceHealth]] | None = None,
        audit_head: Callable[[], AuditHead] | None = None,
        software_version: str = "",
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], datetime] | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.home = home
        self.settings = settings or SyncSettings()
        self._sessions = sessions
        self._keystore = keystore
        self._identity_source = identity
        self._today = today
        self._series = {
            NumberSeries.TICKET_NUMBERS: tuple(ticket_series),
            NumberSeries.DOSSIER_CODES: tuple(dossier_series),
        }
        self._device_health = device_health
        self._audit_head = audit_head
        self._software_version = software_version
        self._transport = transport
        self._verify = tls_trust(self.settings.ca_file)
        self._clock = clock or (lambda: datetime.now(UTC))
        self._rng = rng or random.Random()
        self.references = ReferenceCache(home)
        self._lock = SyncLock(home)
        self._cycle_guard = threading.Lock()
        self._client: SyncClient | None = None
        self._status = read_saved_status(home) or SyncStatus()
        if self._status.state is ConnectionState.ONLINE:
            self._status = replace(self._status, state=ConnectionState.UNKNOWN)
        self._listeners: list[Callable[[SyncStatus], None]] = []
        self._failures = 0
        self._broken_cycles = 0  # cycles in a row that raised (not network trouble: see _failures)
        self._probe_at = 0.0
        self._next_heartbeat = 0.0
        self._next_housekeeping = 0.0
        self._exhausted: dict[tuple[NumberSeries, str, date], float] = {}
        self._slots_refused: dict[str, float] = {}
        self.totals: Counter[str] = Counter()
        """Running sums of the cycles' counts (sent, acknowledged, duplicates, dead, batches...)."""
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._wake = threading.Event()

    # --- lifecycle ------------------------------------------------------------------------------
    def start(self) -> None:
        """Starts the worker thread (once); it runs until :meth:`stop`."""
        if self._thread is not None:
            return
        if self.settings.allow_plain_http:
            warn_plain_http()
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="sync-worker", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float | None = None) -> None:
        """Stops the thread: it finishes the request in progress (at most the request timeout)."""
        self._stopping.set()
        self._wake.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout_s if timeout_s is not None else self.settings.timeout_s + 2.0)
            if thread.is_alive():
                log.warning("the sync worker did not stop in time")
                return
        if self._client is not None:
            self._client.close()
            self._client = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def kick(self) -> None:
        """Asks the worker to run a cycle now (new data, or a technician's request)."""
        self._wake.set()

    def subscribe(self, listener: Callable[[SyncStatus], None]) -> None:
        """``listener(status)`` is called on the worker's thread whenever the status changes."""
        self._listeners.append(listener)
        listener(self._status)

    def unsubscribe(self, listener: Callable[[SyncStatus], None]) -> None:
        with contextlib.suppress(ValueError):
            self._listeners.remove(listener)

    @property
    def status(self) -> SyncStatus:
        return self._status

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                self.run_cycle()
            except Exception as exc:
                # A persistent fault (a damaged database, a bug) must not spin: back off
                # exponentially up to backoff_cap_s, ignoring kicks, with one log line per step.
                self._stopping.wait(self._cycle_failed(exc))
                continue
            self._broken_cycles = 0
            self._wake.wait(self._seconds_until_next_cycle())
            self._wake.clear()

    def _cycle_failed(self, exc: Exception) -> float:
        """Logs a cycle that failed unexpectedly (its traceback once, then one line per retry);
        returns the seconds to wait before the next cycle."""
        self._broken_cycles += 1
        delay = backoff_delay(
            self._broken_cycles,
            base_s=self.settings.backoff_base_s,
            cap_s=self.settings.backoff_cap_s,
            rng=self._rng,
        )
        if self._broken_cycles == 1:
            log.exception("sync cycle failed unexpectedly; trying again in %.1f s", delay)
        else:
            log.error(
                "sync cycle failed again (%s, %d times in a row); trying again in %.1f s",
                type(exc).__name__,
                self._broken_cycles,
                delay,
            )
        return delay

    def _seconds_until_next_cycle(self) -> float:
        now = time.monotonic()
        if self._status.state is ConnectionState.OFFLINE:
            return max(0.05, self._probe_at - now)
        if self._status.state in (
            ConnectionState.NOT_ENROLLED,
            ConnectionState.NEEDS_ENROLLMENT,
            ConnectionState.NEEDS_UPGRADE,
        ):
            return max(self.settings.poll_s, 30.0)  # a technician must act; kick() still wakes it
        return max(0.05, min(self.settings.poll_s, self._next_heartbeat - now))

    def _probe_delay(self) -> float:
        return backoff_delay(
            self._failures,
            base_s=self.settings.backoff_base_s,
            cap_s=self.settings.probe_cap_s,
            rng=self._rng,
        )

    # --- one cycle ------------------------------------------------------------------------------
    def identity(self) -> DeviceIdentity | None:
        """The identity this kiosk syncs as; None when it is not enrolled or its identity
        cannot be read."""
        try:
            return self._identity_source()
        except IdentityError:
            return None

    def run_cycle(self, *, force: bool = False, lock_timeout_s: float = 0.0) -> CycleReport:
        """One pass (see the module docstring). ``force`` (a technician's "sync now") ignores
        backoff: every pending row is due and the server is tried even if it was down.

        Returns what was done; never raises for server or network trouble (see the report's
        ``error`` and :attr:`status`)."""
        report = CycleReport()
        with self._cycle_guard, self._lock.held(lock_timeout_s) as acquired:
            if not acquired:
                report.ran, report.skipped = False, "another sync is running for this kiosk"
                return report
            self._cycle(report, force=force)
        for name in ("recovered", "sent", "acknowledged", "duplicates", "dead", "batches", "leases_granted"):
            self.totals[name] += getattr(report, name)
        self.totals["cycles"] += 1
        if report.sent or report.recovered or report.leases_granted or report.references_updated:
            log.info(
                "sync: sent %d in %d batches (acknowledged %d, duplicate %d, dead %d), recovered %d, "
                "leases %d, reference %s",
                report.sent,
                report.batches,
                report.acknowledged,
                report.duplicates,
                report.dead,
                report.recovered,
                report.leases_granted,
                ",".join(report.references_updated) or "-",
            )
        return report

    def _cycle(self, report: CycleReport, *, force: bool) -> None:
        try:
            identity = self._identity_source()
        except IdentityError as exc:
            self._publish(ConnectionState.NEEDS_ENROLLMENT, error=str(exc))
            report.error = str(exc)
            return
        with self._sessions.begin() as session:
            report.recovered = recover_in_flight(session)
        if report.recovered:
            log.info(
                "%d outbox rows left in flight by an interrupted sync are pending again", report.recovered
            )
        self._housekeeping(report, force=force)
        if identity is None:
            self._publish(ConnectionState.NOT_ENROLLED)
            return
        if (
            self._status.state is ConnectionState.NEEDS_ENROLLMENT
            and not force
            and self._client is not None
            and same_identity(self._client.identity, identity)
        ):
            return  # refused as it is: wait for a new enrollment (or a technician's "sync now")
        try:
            client = self._client_for(identity)
        except PlainHttpRefused as exc:
            report.error = exc.message
            self._publish(ConnectionState.NEEDS_ENROLLMENT, error=exc.message)
            return
        if self._status.state is ConnectionState.OFFLINE and not force:
            if time.monotonic() < self._probe_at:
                report.ran, report.skipped = False, "waiting before trying the server again"
                return
            if not client.health():
                self._went_offline(ServerUnreachable(f"{client.base_url} is not reachable."), report)
                return
        attempted_at = self._clock()
        try:
            was_offline = self._status.state is ConnectionState.OFFLINE
            if was_offline or force:
                self._release_backoff()
            self._drain(client, identity, report)
            self._keep_leases(client, identity, report)
            self._keep_slot_places(client, identity, report)
            if force or time.monotonic() >= self._next_heartbeat:
                self._heartbeat(client, identity, report, pull_all=force)
        except ServerUnreachable as exc:
            self._went_offline(exc, report)
            return
        except NeedsEnrollment as exc:
            log.warning("the server does not accept this kiosk: %s", exc.code.value if exc.code else "?")
            report.error = exc.message
            self._publish(ConnectionState.NEEDS_ENROLLMENT, error=exc.message, attempted_at=attempted_at)
            return
        except UpgradeNeeded as exc:
            report.error = exc.message
            self._publish(ConnectionState.NEEDS_UPGRADE, error=exc.message, attempted_at=attempted_at)
            return
        self._failures = 0
        self._publish(ConnectionState.ONLINE, succeeded_at=self._clock(), attempted_at=attempted_at)

    def _client_for(self, identity: DeviceIdentity) -> SyncClient:
        if self._client is None or not same_identity(self._client.identity, identity):
            if self._client is not None:
                self._client.close()
            self._client = SyncClient(
                identity,
                timeout_s=self.settings.timeout_s,
                gzip_level=self.settings.gzip_level,
                transport=self._transport,
                verify=self._verify,
                allow_plain_http=self.settings.allow_plain_http,
                data_key_learned=lambda key: identity.remember_data_public_key(self.home, key),
            )
            self._next_heartbeat = 0.0  # a new identity proves itself at once
        return self._client

    def _went_offline(self, exc: ServerUnreachable, report: CycleReport) -> None:
        self._failures += 1
        delay = max(self._probe_delay(), exc.retry_after or 0.0)
        self._probe_at = time.monotonic() + delay
        report.error = exc.message
        if self._status.state is not ConnectionState.OFFLINE:
            log.warning("server unreachable; working offline (%s)", exc.message)
        self._publish(ConnectionState.OFFLINE, error=exc.message, attempted_at=self._clock())

    def _release_backoff(self) -> None:
        """The line is back: rows that were waiting out a network backoff are due at once."""
        with self._sessions.begin() as session:
            session.execute(
                update(OutboxItem)
                .where(OutboxItem.state == OutboxState.PENDING, OutboxItem.next_attempt_at.is_not(None))
                .values(next_attempt_at=None)
            )

    # --- upload ---------------------------------------------------------------------------------
    def _drain(self, client: SyncClient, identity: DeviceIdentity, report: CycleReport) -> None:
        limit = self.settings.batch_size
        while not self._stopping.is_set():
            now = self._clock()
            with self._sessions.begin() as session:
                items = claim_rows(session, now=now, limit=limit)
            if not items:
                return
            sendable, unsendable = self._wire_forms(items)
            if unsendable:
                self._settle_unsendable(unsendable, report)
            if not sendable:
                continue
            report.batches += 1
            report.sent += len(sendable)
            rows = [item for item, _ in sendable]
            try:
                answer = client.ingest(identity.office_code, [transaction for _, transaction in sendable])
            except ServerRefused as refusal:
                if len(rows) > 1:
                    # Something in the batch is refused: send halves until it is alone.
                    limit = max(1, len(rows) // 2)
                    self._release(rows, error=refusal.message, not_before=None)
                    continue
                self._bury(rows[0], f"{refusal.code.value}: {refusal.message}", report)
                continue
            except ServerUnreachable as exc:
                delay = backoff_delay(
                    max(item.attempts for item in rows),
                    base_s=self.settings.backoff_base_s,
                    cap_s=self.settings.backoff_cap_s,
                    rng=self._rng,
                )
                delay = max(delay, exc.retry_after or 0.0)
                self._release(rows, error=exc.message, not_before=self._clock() + timedelta(seconds=delay))
                raise
            except SyncError as exc:
                self._release(rows, error=exc.message, not_before=None)
                raise
            self._settle(rows, answer.results, report)
            limit = self.settings.batch_size

    def _wire_forms(
        self, items: Sequence[ClaimedRow]
    ) -> tuple[list[tuple[ClaimedRow, Transaction]], list[tuple[ClaimedRow, str]]]:
        sendable: list[tuple[ClaimedRow, Transaction]] = []
        unsendable: list[tuple[ClaimedRow, str]] = []
        for item in items:
            try:
                sendable.append((item, to_transaction(item, self._keystore)))
            except SealError:
                unsendable.append((item, "Its personal fields do not open with this kiosk's key."))
            except (ValidationError, ValueError) as exc:
                unsendable.append((item, f"It is not a valid transaction ({type(exc).__name__})."))
        return sendable, unsendable

    def _settle_unsendable(self, unsendable: Sequence[tuple[ClaimedRow, str]], report: CycleReport) -> None:
        with self._sessions.begin() as session:
            for item, reason in unsendable:
                row = session.get(OutboxItem, item.id)
                if row is not None:
                    mark_dead(row, f"not sent: {reason}")
                    report.dead += 1
        log.warning("%d outbox rows cannot be sent and are kept as dead letters", len(unsendable))

    def _settle(
        self, rows: Sequence[ClaimedRow], results: Sequence[IngestResult], report: CycleReport
    ) -> None:
        settlements = []
        for row, result in zip(rows, results, strict=True):
            if result.settled:
                settlements.append(Settlement(row.id, ack_id=result.ack_id))
                if result.status is IngestStatus.DUPLICATE:
                    report.duplicates += 1
                else:
                    report.acknowledged += 1
            else:
                settlements.append(Settlement(row.id, reason=result.reason or "Refused by the server."))
                report.dead += 1
        with self._sessions.begin() as session:
            apply_settlements(
                session,
                settlements,
                at=self._clock(),
                purge_personal=self.settings.personal_retention <= timedelta(0),
            )
        if report.dead:
            log.warning("the server refused %d transactions; they are kept as dead letters", report.dead)

    def _release(self, rows: Sequence[ClaimedRow], *, error: str, not_before: datetime | None) -> None:
        with self._sessions.begin() as session:
            release_ids_for_retry(session, [row.id for row in rows], error=error, not_before=not_before)

    def _bury(self, row: ClaimedRow, reason: str, report: CycleReport) -> None:
        with self._sessions.begin() as session:
            stored = session.get(OutboxItem, row.id)
            if stored is not None:
                mark_dead(stored, reason)
        report.dead += 1
        log.warning("outbox row %d refused by the server; kept as a dead letter", row.id)

    # --- leases ---------------------------------------------------------------------------------
    def _keep_leases(self, client: SyncClient, identity: DeviceIdentity, report: CycleReport) -> None:
        today = self._today()
        days = [today + timedelta(days=offset) for offset in range(self.settings.lease_days_ahead + 1)]
        wanted: list[tuple[NumberSeries, str, date, list[int]]] = []
        now = time.monotonic()
        with self._sessions() as session:
            for kind, series_list in self._series.items():
                for series in series_list:
                    for day in days:
                        if self._exhausted.get((kind, series, day), 0.0) > now:
                            continue
                        if leases.remaining(session, kind, series, day) < self.settings.lease_low_water:
                            wanted.append(
                                (kind, series, day, leases.held_lease_ids(session, kind, series, day))
                            )
        for kind, series, day, held in wanted:
            try:
                lease = client.lease_numbers(
                    identity.office_code, kind, series, day, self.settings.lease_block, held=held
                )
            except ServerRefused as refusal:
                if refusal.code is not ErrorCode.EXHAUSTED:
                    log.warning("lease for %s %s refused: %s", kind.value, series, refusal.code.value)
                self._exhausted[(kind, series, day)] = now + EXHAUSTED_RETRY_S
                continue
            with self._sessions.begin() as session:
                if leases.store_lease(session, lease):
                    report.leases_granted += 1

    def _keep_slot_places(self, client: SyncClient, identity: DeviceIdentity, report: CycleReport) -> None:
        """Holds ``slot_places`` places of every slot of the cached appointment slots in the
        leasing window that this kiosk holds none of yet."""
        if self.settings.slot_places <= 0:
            return
        slots = self.references.data(ReferenceName.APPOINTMENT_SLOTS)
        if not isinstance(slots, list):
            return
        last_day = (self._today() + timedelta(days=self.settings.lease_days_ahead)).isoformat()
        now = time.monotonic()
        wanted = []
        with self._sessions() as session:
            for slot in slots:
                slot_id = slot.get("slot_id") if isinstance(slot, dict) else None
                if not isinstance(slot_id, str) or slot_id[:10] > last_day:
                    continue
                if self._slots_refused.get(slot_id, 0.0) > now or leases.slot_held(session, slot_id):
                    continue
                wanted.append(slot_id)
        for slot_id in wanted:
            try:
                quota = client.slot_quota(identity.office_code, slot_id, self.settings.slot_places)
            except ServerRefused:
                self._slots_refused[slot_id] = now + EXHAUSTED_RETRY_S
                continue
            with self._sessions.begin() as session:
                leases.store_slot_quota(session, quota)
            report.leases_granted += 1

    # --- heartbeat and reference data -----------------------------------------------------------
    def _heartbeat(
        self, client: SyncClient, identity: DeviceIdentity, report: CycleReport, *, pull_all: bool
    ) -> None:
        with self._sessions() as session:
            state = backlog(session)
        devices: Mapping[str, DeviceHealth] = {}
        if self._device_health is not None:
            try:
                devices = self._device_health()
            except Exception:
                log.exception("device health could not be read for the heartbeat")
        head: AuditHead | None = None
        if self._audit_head is not None:
            try:
                head = self._audit_head()
            except Exception:
                log.exception("the audit head could not be read for the heartbeat")
        ack = client.heartbeat(
            Heartbeat(
                office_code=identity.office_code,
                software_version=self._software_version[:40],
                sent_at=self._clock(),
                backlog=state.unsent,
                dead_letters=state.dead,
                oldest_pending_at=state.oldest_pending_at,
                last_error=state.last_error[:500] if state.last_error else None,
                devices=dict(devices),
                audit_head=head,
            )
        )
        report.heartbeat = True
        self._next_heartbeat = time.monotonic() + self.settings.heartbeat_s
        versions = ack.reference_versions
        if pull_all:
            versions = {**versions, **client.reference_index().versions}
        self._pull_references(client, self.references.names_to_pull(versions), report)

    def _pull_references(
        self,
        client: SyncClient,
        names: Sequence[ReferenceName],
        report: CycleReport,
    ) -> None:
        for name in names:
            cached = self.references.load(name)
            since = cached.version if cached is not None and name is ReferenceName.DOSSIER_STATUS else None
            try:
                document = client.reference(name, etag=cached.etag if cached else None, since=since)
            except ServerRefused as refusal:
                log.warning("reference document %s refused: %s", name.value, refusal.code.value)
                continue
            if document is None:
                continue
            self.references.store(document)
            report.references_updated.append(name.value)

    # --- housekeeping ---------------------------------------------------------------------------
    def _housekeeping(self, report: CycleReport, *, force: bool) -> None:
        now = self._clock()
        retention = self.settings.personal_retention
        if retention > timedelta(0):
            with self._sessions.begin() as session:
                report.purged = purge_personal(session, now=now, retention=retention)
        if not force and time.monotonic() < self._next_housekeeping:
            return
        self._next_housekeeping = time.monotonic() + HOUSEKEEPING_INTERVAL_S
        with self._sessions.begin() as session:
            if retention <= timedelta(0):
                report.purged += purge_personal(session, now=now, retention=timedelta(0))
            prune_acknowledged(session, before=now - self.settings.keep_acknowledged)
            leases.forget_past_leases(session, before=self._today() - timedelta(days=1))

    # --- status ---------------------------------------------------------------------------------
    def _publish(
        self,
        state: ConnectionState,
        *,
        error: str | None = None,
        succeeded_at: datetime | None = None,
        attempted_at: datetime | None = None,
    ) -> None:
        with self._sessions() as session:
            current = backlog(session)
        previous = self._status
        status = SyncStatus(
            state=state,
            unsent=current.unsent,
            dead=current.dead,
            last_success_at=succeeded_at or previous.last_success_at,
            last_attempt_at=attempted_at or previous.last_attempt_at,
            last_error=error if state is not ConnectionState.ONLINE else None,
        )
        self._status = status
        if status == previous:
            return
        self._save_status(status)
        for listener in list(self._listeners):
            try:
                listener(status)
            except Exception:
                log.exception("a sync status listener failed")

    def _save_status(self, status: SyncStatus) -> None:
        folder = self.home / SYNC_DIR_NAME
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / STATE_FILE
            temporary = path.with_name(path.name + ".tmp")
            temporary.write_text(json.dumps(status.as_dict(), indent=1) + "\n", encoding="utf-8")
            os.replace(temporary, path)
        except OSError:
            log.warning("the sync status file could not be written")

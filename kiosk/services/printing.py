"""Printing slips: every job is kept in the database until it is on paper.

A job is rendered once, stored ``pending`` with its printer bytes and a preview PNG, then
sent. ``PaperOut`` / ``PrinterOffline`` leave it ``pending`` and the spooler sends it when
the printer is back; a job whose sending was cut off, or that was being sent when the kiosk
stopped, becomes ``uncertain`` and is never sent again by itself, because a slip printed
twice (two tickets with one number) is worse than one a technician reprints.

All of it runs on the printer's single worker thread (``PrinterWorker``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from drivers.printer.base import PrinterError, PrintInterrupted, ReceiptPrinter
from drivers.printer.layout import Block, SlipFonts, SlipRenderer
from kiosk.clock import Clock
from kiosk.storage.models import PrintJobRecord

log = logging.getLogger(__name__)

PENDING, PRINTING, PRINTED, UNCERTAIN = "pending", "printing", "printed", "uncertain"
T = TypeVar("T")


@dataclass(frozen=True)
class PrintOutcome:
    printed: bool
    problem: str | None
    preview: Path | None
    bytes_sent: int


class SlipPrinting:
    """The print spooler. Thread: the printer's worker thread (blocking I/O and database)."""

    def __init__(
        self,
        printer: ReceiptPrinter,
        fonts: SlipFonts,
        preview_dir: Path,
        sessions: sessionmaker[Session],
        clock: Clock,
    ) -> None:
        self._printer = printer
        self._renderer = SlipRenderer(fonts, printer.paper_width_px)
        self._preview_dir = preview_dir
        self._sessions = sessions
        self._clock = clock

    @property
    def printer(self) -> ReceiptPrinter:
        return self._printer

    def print_slip(self, blocks: list[Block], *, name: str, kind: str = "slip") -> PrintOutcome:
        """Stores the slip as a job (once per ``name``) and tries to print it now."""
        image = self._renderer.render(blocks)
        self._preview_dir.mkdir(parents=True, exist_ok=True)
        preview = self._preview_dir / f"{name}.png"
        image.save(preview)
        data = self._printer.compose(blocks, self._renderer)
        with self._sessions.begin() as session:
            existing = session.scalar(select(PrintJobRecord).where(PrintJobRecord.job_key == name))
            if existing is None:
                session.add(
                    PrintJobRecord(
                        job_key=name,
                        kind=kind,
                        created_at=self._clock.now(),
                        state=PENDING,
                        attempts=0,
                        data=data,
                        preview=str(preview),
                    )
                )
        return self.print_job(name)

    def print_job(self, name: str) -> PrintOutcome:
        """Sends job ``name`` if it is pending; reports its state otherwise (never prints twice)."""
        with self._sessions.begin() as session:
            job = session.scalar(select(PrintJobRecord).where(PrintJobRecord.job_key == name))
            if job is None:
                raise KeyError(name)
            preview = Path(job.preview) if job.preview else None
            if job.state != PENDING:
                return PrintOutcome(job.state == PRINTED, job.last_problem, preview, 0)
            job.state = PRINTING
            job.attempts += 1
            data = job.data
        try:
            sent = self._printer.send(data)
        except PrinterError as exc:
            state = UNCERTAIN if isinstance(exc, PrintInterrupted) else PENDING
            self._finish(name, state, exc.reason)
            log.warning("print job %s: %s", name, exc.reason)
            return PrintOutcome(False, exc.reason, preview, 0)
        except Exception:
            self._finish(name, UNCERTAIN, "print_failed")
            raise
        self._finish(name, PRINTED, None)
        return PrintOutcome(True, None, preview, sent)

    def _finish(self, name: str, state: str, problem: str | None) -> None:
        with self._sessions.begin() as session:
            session.execute(
                update(PrintJobRecord)
                .where(PrintJobRecord.job_key == name)
                .values(
                    state=state,
                    last_problem=problem,
                    printed_at=self._clock.now() if state == PRINTED else None,
                )
            )

    def print_pending(self) -> int:
        """Sends the waiting jobs in order while the printer takes them; returns how many printed."""
        with self._sessions() as session:
            names = list(
                session.scalars(
                    select(PrintJobRecord.job_key)
                    .where(PrintJobRecord.state == PENDING)
                    .order_by(PrintJobRecord.id)
                )
            )
        printed = 0
        for name in names:
            outcome = self.print_job(name)
            if not outcome.printed:
                break  # the printer is still not ready: keep the order, try later
            printed += 1
        return printed

    def recover_after_restart(self) -> int:
        """Jobs caught mid-send by a stop become ``uncertain``; returns how many."""
        with self._sessions.begin() as session:
            result = session.execute(
                update(PrintJobRecord)
                .where(PrintJobRecord.state == PRINTING)
                .values(state=UNCERTAIN, last_problem="stopped_while_printing")
            )
            return int(getattr(result, "rowcount", 0) or 0)

    def reprint(self, name: str) -> PrintOutcome:
        """Prints job ``name`` again as a new job (the citizen or a technician asked for it)."""
        with self._sessions.begin() as session:
            job = session.scalar(select(PrintJobRecord).where(PrintJobRecord.job_key == name))
            if job is None:
                raise KeyError(name)
            copies = session.scalar(
                select(func.count())
                .select_from(PrintJobRecord)
                .where(PrintJobRecord.job_key.like(f"{name}#%"))
            )
            copy_name = f"{name}#{int(copies or 0) + 1}"
            session.add(
                PrintJobRecord(
                    job_key=copy_name,
                    kind=job.kind,
                    created_at=self._clock.now(),
                    state=PENDING,
                    attempts=0,
                    data=job.data,
                    preview=job.preview,
                )
            )
        return self.print_job(copy_name)

    def jobs(self, limit: int = 200) -> list[dict[str, object]]:
        """The newest jobs, oldest first, for technicians: names and states, never slip content."""
        with self._sessions() as session:
            rows = session.scalars(
                select(PrintJobRecord).order_by(PrintJobRecord.id.desc()).limit(limit)
            ).all()
            return [
                {
                    "id": job.id,
                    "name": job.job_key,
                    "kind": job.kind,
                    "state": job.state,
                    "attempts": job.attempts,
                    "last_problem": job.last_problem,
                    "created_at": job.created_at.isoformat(),
                }
                for job in reversed(rows)
            ]

    def backlog(self) -> dict[str, int]:
        """Jobs by state (technicians; no content)."""
        with self._sessions() as session:
            rows = session.execute(select(PrintJobRecord.state, func.count()).group_by(PrintJobRecord.state))
            return {str(state): int(count) for state, count in rows}


class PrinterWorker:
    """The printer's one worker thread: every printer call runs here, in order; pending jobs
    are retried every ``retry_s`` seconds."""

    def __init__(self, printing: SlipPrinting, *, retry_s: float = 10.0) -> None:
        self._printing = printing
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="printer")
        self._stop = threading.Event()
        self._retry_s = retry_s
        self._ticker = threading.Thread(target=self._tick, name="printer-retry", daemon=True)

    def start(self) -> None:
        self.submit(self._printing.recover_after_restart)
        self._ticker.start()

    def submit(self, job: Callable[[], T]) -> Future[T]:
        return self._executor.submit(job)

    def call(self, job: Callable[[], T], timeout_s: float = 120.0) -> T:
        """Runs ``job`` on the printer thread and waits for its result (from any other thread)."""
        return self.submit(job).result(timeout=timeout_s)

    def _tick(self) -> None:
        while not self._stop.wait(self._retry_s):
            try:
                self.submit(self._printing.print_pending)
            except RuntimeError:  # the executor is shut down
                return

    def stop(self) -> None:
        self._stop.set()
        self._executor.shutdown(wait=True, cancel_futures=True)

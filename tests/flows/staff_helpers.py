"""Driving the staff flows headless the way the window does: jobs off the test's thread, the
fingerprint module's progress handed back through a queue and submitted on the test's thread."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from demo.cards import demo_card_holder
from drivers.card.base import CardHolder
from kiosk.app import Kiosk
from kiosk.flows.engine import Event, Flow, outcome_of
from kiosk.flows.session import CardRead, CitizenIdentity
from kiosk.flows.staff import StaffDesk
from kiosk.staff_wiring import build_desk
from sync.protocol import hash_officer_password
from sync.reference import write_officers as write_officers_file

OFFICER_ID = "somsri.k"
OFFICER_PASSWORD = "Registry-Desk-7"


def write_officers(home: Path, officers: dict[str, str]) -> None:
    """The synced officer list the kiosk keeps, as the sync client writes it."""
    write_officers_file(
        home,
        [
            {
                "username": officer_id,
                "name": f"Officer {officer_id}",
                "office": "000.00.74.H10",
                "role": "registrar",
                "password_hash": hash_officer_password(password),
            }
            for officer_id, password in officers.items()
        ],
    )


class HeadlessDesk:
    """A :class:`StaffDesk` and the jobs of its flows, run like the window runs them."""

    def __init__(self, kiosk: Kiosk) -> None:
        self.kiosk = kiosk
        self.progress: queue.Queue[Event] = queue.Queue()
        self.desk: StaffDesk = build_desk(kiosk, self.progress.put)
        self.progress_seen: list[tuple[str, str]] = []
        """(progress key, instruction shown after it) for every progress event submitted."""
        self.job_threads: set[int] = set()
        if kiosk.scripted_finger is not None:
            kiosk.scripted_finger.delay_s = 0.0

    def submit(self, event: Event) -> bool:
        return self.desk.submit(event)

    def run_job(
        self, during: Callable[[Event], Event | None] | None = None, *, flow: Flow[Any, Any] | None = None
    ) -> bool:
        """Runs the active flow's job on a thread of its own while submitting the progress it
        reports; ``during`` may answer a progress event with another event (e.g. card removed).
        ``flow``: a flow driven on its own instead of the desk. Returns False when the active
        step has no job."""
        target = flow
        submit = self.desk.submit if target is None else target.submit
        active = self.desk.active_flow if target is None else target
        job = active.pending_work()
        if job is None:
            return False
        finished: list[Event] = []

        def run() -> None:
            self.job_threads.add(threading.get_ident())
            finished.append(outcome_of(job))

        worker = threading.Thread(target=run, name="test-job")
        worker.start()
        while worker.is_alive() or not self.progress.empty():
            try:
                event = self.progress.get(timeout=0.01)
            except queue.Empty:
                continue
            submit(event)
            shown = self.desk.active_flow if target is None else target
            instruction = getattr(getattr(shown.context, "instruction", None), "value", "")
            self.progress_seen.append((getattr(event, "key", ""), instruction))
            if during is not None:
                extra = during(event)
                if extra is not None:
                    submit(extra)
        worker.join()
        submit(finished[0])
        return True

    def run_jobs(self) -> int:
        """Runs jobs until the active step has none; returns how many ran."""
        count = 0
        while self.run_job():
            count += 1
        return count


def thai_card(kiosk: Kiosk) -> CardHolder:
    return demo_card_holder(kiosk.profile, kiosk.resources)


def card_read(holder: CardHolder) -> CardRead:
    return CardRead(CitizenIdentity(holder.document))

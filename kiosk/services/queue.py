"""Issuing queue tickets: number, people ahead and outbox row in one durable commit.

Numbers come from a :class:`~kiosk.services.numbering.NumberDrawer`: on a kiosk enrolled with a server,
the ranges the server leased to this kiosk (then the kiosk's fallback block), so a number
printed offline is still the office's for good; on a kiosk with no server, one after the
highest of the day. The draw happens inside the ticket's transaction.
"""

from __future__ import annotations

import json
from datetime import UTC, date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.clock import Clock
from kiosk.domain.queue import MAX_TICKETS_PER_DAY, NUMBERS_EXHAUSTED, IssuedTicket, estimated_wait_minutes
from kiosk.errors import KioskError
from kiosk.profiles import Language, Profile
from kiosk.services.numbering import LocalNumbers, NumberDrawer
from kiosk.storage import audit_chain
from kiosk.storage.models import QueueTicketRecord
from sync.outbox import enqueue, new_idempotency_key
from sync.protocol import QueueTicketV1

TICKET_KIND = QueueTicketV1.KIND
KIOSK_ACTOR = "kiosk"
"""The audit actor of what a citizen does alone at the kiosk (a citizen is never named)."""
TICKET_AUDIT_ACTION = "queue.ticket_issued"


class QueueFull(KioskError):
    """The category has handed out every number of the day: the leases and the fallback block
    of an enrolled kiosk are used up, or local numbering reached the day's last number."""

    reason = NUMBERS_EXHAUSTED
    """The flow's failure key (``kiosk.flows.engine.outcome_of``): the citizen is told, in
    their language, that this kiosk has no number left."""


class QueueService:
    """Issues tickets for the office's counters.

    Thread: any (each call opens its own session); never call it on the GUI thread,
    it waits for the disk. Numbers restart each day in the office's time zone and
    never repeat within a day, also across restarts and crashes.
    """

    def __init__(
        self,
        sessions: sessionmaker[Session],
        profile: Profile,
        clock: Clock,
        *,
        office_code: str,
        kiosk_id: str,
        numbers: NumberDrawer | None = None,
    ) -> None:
        self._sessions = sessions
        self._profile = profile
        self._clock = clock
        self._office_code = office_code
        self._kiosk_id = kiosk_id
        self._numbers: NumberDrawer = numbers or LocalNumbers(1, MAX_TICKETS_PER_DAY)

    def service_date(self) -> date:
        return self._clock.now().astimezone(self._profile.zone()).date()

    def issue_ticket(self, category_code: str, language: Language) -> IssuedTicket:
        """Commits the next ticket of ``category_code``, its outbox row and its audit entry
        (category and number only); returns it once durable."""
        category = self._profile.queue_category(category_code)
        issued_at = self._clock.now().astimezone(UTC)
        service_date = issued_at.astimezone(self._profile.zone()).date()
        transaction_id = new_idempotency_key()
        with self._sessions.begin() as session:
            same_day = (
                QueueTicketRecord.office_code == self._office_code,
                QueueTicketRecord.category_code == category.code,
                QueueTicketRecord.service_date == service_date,
            )
            used = set(session.scalars(select(QueueTicketRecord.number).where(*same_day)))
            drawn = self._numbers.draw(session, category.code, service_date, used)
            if drawn is None or not 1 <= drawn.number <= MAX_TICKETS_PER_DAY:
                raise QueueFull(f"Category {category.code} has issued all numbers for {service_date}.")
            number = drawn.number
            waiting = session.scalar(
                select(func.count())
                .select_from(QueueTicketRecord)
                .where(*same_day, QueueTicketRecord.served_at.is_(None))
            )
            people_ahead = int(waiting or 0)
            session.add(
                QueueTicketRecord(
                    transaction_id=transaction_id,
                    office_code=self._office_code,
                    kiosk_id=self._kiosk_id,
                    category_code=category.code,
                    service_date=service_date,
                    number=number,
                    issued_at=issued_at,
                    language=language,
                    people_ahead=people_ahead,
                )
            )
            enqueue(
                session,
                idempotency_key=transaction_id,
                created_at=issued_at,
                payload=QueueTicketV1(
                    office_code=self._office_code,
                    kiosk_id=self._kiosk_id,
                    category=category.code,
                    service_date=service_date,
                    number=number,
                    issued_at=issued_at,
                    language=language,
                    numbering=drawn.source,
                    lease_id=drawn.lease_id,
                ),
            )
            audit_chain.append(
                session,
                [
                    audit_chain.ChainEntry(
                        issued_at,
                        KIOSK_ACTOR,
                        TICKET_AUDIT_ACTION,
                        transaction_id,
                        json.dumps(
                            {"category": category.code, "number": number},
                            sort_keys=True,
                            separators=(",", ":"),
                        ),
                    )
                ],
            )
        return IssuedTicket(
            transaction_id=transaction_id,
            category_code=category.code,
            number=number,
            service_date=service_date,
            issued_at=issued_at,
            people_ahead=people_ahead,
            estimated_wait_min=estimated_wait_minutes(people_ahead, category.minutes_per_citizen),
        )

    def ticket_count(self) -> int:
        with self._sessions() as session:
            return int(session.scalar(select(func.count()).select_from(QueueTicketRecord)) or 0)

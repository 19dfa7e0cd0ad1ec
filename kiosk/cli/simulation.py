"""Headless citizen sessions through the real flows, devices and database (load, soak, demos)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from drivers.card.simulated import SimulatedCardReader
from kiosk.app import QUEUE_TICKET, Kiosk
from kiosk.domain.citizen_id import CCCD_PROVINCE_CODES, make_cccd, make_thai_id
from kiosk.flows.engine import Choose, EnterText, Next, run_pending_work
from kiosk.flows.queue_ticket import QueueContext, TicketResult
from kiosk.flows.session import CardRead, CitizenIdentity, CitizenSession, SessionStep

SIMULATED_NAMES = ("Nguyễn Văn An", "Trần Thị Bình", "สมชาย ใจดี", "สมหญิง รักไทย", "Lê Hoàng Cường")


@dataclass(frozen=True)
class SessionReport:
    index: int
    language: str
    identified_by: str
    ticket: str
    category: str
    transaction_id: str
    printed: bool


def step_of(session: CitizenSession) -> SessionStep:
    """The session's step, read afresh (events change it behind the type checker's back)."""
    return session.step


def random_id_number(kiosk: Kiosk, rng: random.Random) -> str:
    if kiosk.profile.id_card == "th_id":
        return make_thai_id("".join(str(rng.randrange(10)) for _ in range(12)).replace("0", "1", 1))
    year = kiosk.clock.now().year - rng.randrange(18, 90)
    return make_cccd(
        rng.choice(sorted(CCCD_PROVINCE_CODES)), year, rng.random() < 0.5, rng.randrange(1_000_000)
    )


def run_queue_ticket_session(kiosk: Kiosk, rng: random.Random, index: int) -> SessionReport:
    """One citizen: language, identify (card or typed), queue ticket, finish. Raises if the flow stalls."""
    session: CitizenSession = kiosk.new_session()
    language = rng.choice(session.context.languages)
    id_number = random_id_number(kiosk, rng)
    by_card = isinstance(kiosk.card_reader, SimulatedCardReader) and rng.random() < 0.5
    if by_card:
        from demo.cards import sample_document  # made-up citizens: demo data

        document = sample_document(kiosk.profile.id_card, id_number, rng.choice(SIMULATED_NAMES))
        session.submit(CardRead(CitizenIdentity(document)))
        session.submit(Choose(language))
    else:
        session.submit(Next())
        session.submit(Choose(language))
        session.submit(EnterText(id_number))
    if step_of(session) != SessionStep.MENU:
        raise RuntimeError(f"session {index} stalled at {session.step.name}")
    session.submit(Choose(QUEUE_TICKET))
    flow = session.active_flow
    assert isinstance(flow.context, QueueContext)
    category = rng.choice(flow.context.categories).code
    session.submit(Choose(category))
    run_pending_work(flow)
    result = flow.context.result
    if not isinstance(result, TicketResult):
        raise RuntimeError(f"session {index}: no ticket ({flow.context.failure})")
    session.submit(Next())
    session.submit(Next())
    if step_of(session) != SessionStep.ENDED or not session.context.wiped:
        raise RuntimeError(f"session {index} did not end cleanly at {session.step.name}")
    return SessionReport(
        index=index,
        language=language,
        identified_by="card" if by_card else "typed",
        ticket=result.ticket.label,
        category=category,
        transaction_id=result.ticket.transaction_id,
        printed=result.printed,
    )


def simulate_sessions(kiosk: Kiosk, count: int, seed: int | None) -> Iterator[SessionReport]:
    rng = random.Random(seed)
    for index in range(count):
        yield run_queue_ticket_session(kiosk, rng, index)

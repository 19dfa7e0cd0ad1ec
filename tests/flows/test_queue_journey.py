"""The queue-ticket journey driven headless through the real flows, database and printer path."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from demo.cards import sample_document
from drivers.printer.base import PaperOut
from kiosk.app import Kiosk
from kiosk.clock import FixedClock
from kiosk.flows.engine import Back, Cancel, CardRemoved, Choose, EnterText, Next, Timeout, run_pending_work
from kiosk.flows.queue_ticket import ANOTHER_SERVICE, QueueStep, TicketResult
from kiosk.flows.session import CardRead, CitizenIdentity, CitizenSession, SessionStep
from kiosk.storage.models import QueueTicketRecord
from sync.outbox import OutboxItem, OutboxState

CCCD = "001090000123"


def to_menu(kiosk: Kiosk, language: str = "vi") -> CitizenSession:
    session = kiosk.new_session()
    session.submit(Next())
    session.submit(Choose(language))
    session.submit(EnterText(CCCD if kiosk.profile.id_card == "cccd" else "3100600445635"))
    assert session.step == SessionStep.MENU
    return session


def take_ticket(session: CitizenSession, category: str = "A") -> TicketResult:
    session.submit(Choose("queue_ticket"))
    flow = session.active_flow
    session.submit(Choose(category))
    assert flow.step == QueueStep.ISSUING
    assert run_pending_work(flow)
    assert flow.step == QueueStep.TICKET, flow.context.failure
    result = flow.context.result
    assert isinstance(result, TicketResult)
    return result


def test_full_journey_records_ticket_and_outbox_row_together(make_kiosk: Callable[..., Kiosk]) -> None:
    """GIVEN a citizen WHEN they take a ticket THEN the ticket and its outbox row are committed, then printed."""
    kiosk = make_kiosk()
    session = to_menu(kiosk)
    result = take_ticket(session, "B")
    assert result.ticket.label == "B001"
    assert result.printed and result.slip_preview is not None
    session.submit(Next())
    assert session.step == SessionStep.GOODBYE
    session.submit(Next())
    assert session.step == SessionStep.ENDED
    assert session.context.citizen is None and session.context.wiped
    with kiosk.sessions() as db:
        ticket = db.scalars(select(QueueTicketRecord)).one()
        item = db.scalars(select(OutboxItem)).one()
    assert item.idempotency_key == ticket.transaction_id == result.ticket.transaction_id
    assert item.kind == "queue_ticket" and item.state is OutboxState.PENDING
    payload = json.loads(item.payload)
    assert payload["number"] == 1 and payload["category"] == "B"
    assert CCCD not in item.payload  # the ticket carries nobody's identity


def test_numbers_follow_each_other_per_category_and_survive_restart(
    make_kiosk: Callable[..., Kiosk], tmp_path_factory: pytest.TempPathFactory
) -> None:
    kiosk = make_kiosk()
    labels = [take_ticket(to_menu(kiosk), code).ticket.label for code in ("A", "A", "B", "A")]
    assert labels == ["A001", "A002", "B001", "A003"]
    kiosk.close()
    again = make_kiosk()  # same KIOSK_HOME: a restart
    assert take_ticket(to_menu(again), "A").ticket.label == "A004"


def test_people_ahead_and_wait(make_kiosk: Callable[..., Kiosk]) -> None:
    kiosk = make_kiosk()
    for _ in range(3):
        take_ticket(to_menu(kiosk), "A")
    fourth = take_ticket(to_menu(kiosk), "A").ticket
    assert fourth.people_ahead == 3
    assert fourth.estimated_wait_min == 3 * kiosk.profile.queue_category("A").minutes_per_citizen


def test_day_rolls_over_in_the_office_time_zone(make_kiosk: Callable[..., Kiosk], clock: FixedClock) -> None:
    kiosk = make_kiosk()
    clock.set(clock.now().replace(hour=16, minute=30))  # 23:30 in Hanoi
    assert take_ticket(to_menu(kiosk), "A").ticket.label == "A001"
    assert take_ticket(to_menu(kiosk), "A").ticket.label == "A002"
    clock.set(clock.now() + timedelta(minutes=45))  # 00:15 the next day in Hanoi
    next_day = take_ticket(to_menu(kiosk), "A").ticket
    assert next_day.label == "A001"
    assert next_day.people_ahead == 0


def test_printer_out_of_paper_keeps_the_ticket_and_the_slip(
    make_kiosk: Callable[..., Kiosk], monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN a printer out of paper WHEN a ticket is taken THEN it is recorded and shown, marked not
    printed, and its slip waits; WHEN paper is back THEN the slip prints exactly once."""
    kiosk = make_kiosk()
    printer = kiosk.printing.printer
    real_send = printer.send

    def out_of_paper(data: bytes) -> int:
        raise PaperOut("no paper")

    monkeypatch.setattr(printer, "send", out_of_paper)
    result = take_ticket(to_menu(kiosk), "C")
    assert not result.printed and result.print_problem == "paper_out"
    assert kiosk.queue.ticket_count() == 1
    assert kiosk.printing.backlog() == {"pending": 1}
    assert kiosk.printer_worker.call(kiosk.printing.print_pending) == 0

    monkeypatch.setattr(printer, "send", real_send)
    assert kiosk.printer_worker.call(kiosk.printing.print_pending) == 1
    assert kiosk.printer_worker.call(kiosk.printing.print_pending) == 0
    assert kiosk.printing.backlog() == {"printed": 1}
    assert len(printer.sent) == 1  # type: ignore[attr-defined]


def test_failure_to_issue_offers_retry_and_records_nothing(
    make_kiosk: Callable[..., Kiosk], monkeypatch: pytest.MonkeyPatch
) -> None:
    kiosk = make_kiosk()
    session = to_menu(kiosk)
    session.submit(Choose("queue_ticket"))
    flow = session.active_flow

    def broken(code: str, language: str) -> object:
        raise OSError("disk full")

    monkeypatch.setattr(kiosk.queue, "issue_ticket", broken)
    session.submit(Choose("A"))
    run_pending_work(flow)
    assert flow.step == QueueStep.FAILED and flow.context.failure == "OSError"
    monkeypatch.undo()
    session.submit(Next())
    assert flow.step == QueueStep.CHOOSE_CATEGORY
    session.submit(Choose("A"))
    run_pending_work(flow)
    assert flow.step == QueueStep.TICKET


def test_another_service_returns_to_the_menu_and_back_leaves_the_service(
    make_kiosk: Callable[..., Kiosk],
) -> None:
    kiosk = make_kiosk()
    session = to_menu(kiosk)
    take_ticket(session)
    session.submit(Choose(ANOTHER_SERVICE))
    assert session.step == SessionStep.MENU and session.context.citizen is not None
    session.submit(Choose("queue_ticket"))
    session.submit(Back())
    assert session.step == SessionStep.MENU


@pytest.mark.parametrize("ending", [Timeout(), CardRemoved()])
def test_timeout_or_card_removal_mid_service_ends_and_wipes(
    make_kiosk: Callable[..., Kiosk], ending: object
) -> None:
    kiosk = make_kiosk()
    session = kiosk.new_session()
    citizen = CitizenIdentity(sample_document("cccd", CCCD, "Nguyễn Văn An"))
    session.submit(CardRead(citizen))
    session.submit(Choose("vi"))
    assert session.step == SessionStep.MENU and session.context.citizen == citizen
    session.submit(Choose("queue_ticket"))
    session.submit(ending)  # type: ignore[arg-type]
    assert session.step == SessionStep.ABANDONED
    assert session.context.citizen is None and session.context.service is None
    assert kiosk.queue.ticket_count() == 0


def test_invalid_id_stays_with_a_reason_and_cancel_says_goodbye(make_kiosk: Callable[..., Kiosk]) -> None:
    kiosk = make_kiosk("th")
    session = kiosk.new_session()
    session.submit(Next())
    session.submit(Choose("th"))
    session.submit(EnterText("3100600445636"))
    assert session.step == SessionStep.IDENTIFY
    assert session.context.id_problem is not None and session.context.citizen is None
    session.submit(Cancel())
    assert session.step == SessionStep.GOODBYE


def test_unoffered_choices_are_refused(make_kiosk: Callable[..., Kiosk]) -> None:
    kiosk = make_kiosk()
    session = kiosk.new_session()
    session.submit(Next())
    session.submit(Choose("fr"))
    assert session.step == SessionStep.LANGUAGE
    session.submit(Choose("en"))
    session.submit(EnterText(CCCD))
    session.submit(Choose("launch_rockets"))
    assert session.step == SessionStep.MENU
    session.submit(Choose("queue_ticket"))
    session.submit(Choose("Z"))
    assert session.active_flow.step == QueueStep.CHOOSE_CATEGORY


def test_outbox_stays_in_step_with_tickets(make_kiosk: Callable[..., Kiosk]) -> None:
    kiosk = make_kiosk()
    for code in "ABCDABCD":
        take_ticket(to_menu(kiosk), code)
    with kiosk.sessions() as db:
        assert db.scalar(select(func.count()).select_from(OutboxItem)) == 8
        keys = set(db.scalars(select(OutboxItem.idempotency_key)))
        assert keys == set(db.scalars(select(QueueTicketRecord.transaction_id)))

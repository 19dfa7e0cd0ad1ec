"""Identifying with the Vietnamese chip ID (CCCD), headless: the real session flow, the in-process
simulated reader holding a virtual CCCD chip, the real chip-reading code (BAC, secure messaging,
data groups, passive authentication against the test CSCA)."""

from __future__ import annotations

import queue
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from demo.cards import cccd_fixture_path, demo_cccd_form
from drivers.card.base import CardEvent, CardInserted, CardReadFailed, CardReading
from drivers.card.icao.reader import CccdDocument
from drivers.card.icao.sim import CccdCardSim
from drivers.card.simulated import SimulatedCardReader
from kiosk.app import Kiosk
from kiosk.domain.document_access import AccessProblem
from kiosk.flows.card_events import session_event_for
from kiosk.flows.engine import Back, CardRemoved, Choose, EnterText, Next, Timeout, run_pending_work
from kiosk.flows.own_data import OwnDataContext, own_data_rows
from kiosk.flows.session import (
    USE_CHIP,
    AccessDataEntered,
    ChipPresented,
    ChipProblem,
    CitizenSession,
    MrzScanned,
    SessionStep,
)
from kiosk.paths import resources_dir

RESOURCES = resources_dir()


@dataclass
class Counter:
    """The kiosk's card reader with a queue of what it reported (as the window's signals would)."""

    kiosk: Kiosk
    reader: SimulatedCardReader
    events: queue.Queue[CardEvent]

    def chip(self, fixture: str = "an", **faults: object) -> CccdCardSim:
        chip = CccdCardSim.from_fixture(cccd_fixture_path(RESOURCES, fixture), **faults)  # type: ignore[arg-type]
        self.reader.insert_chip(chip)
        return chip

    def pump(self, session: CitizenSession) -> list[CardEvent]:
        """Hands every queued reader event to the session, as the window does; returns them."""
        seen: list[CardEvent] = []
        while True:
            try:
                event = self.events.get_nowait()
            except queue.Empty:
                return seen
            seen.append(event)
            mapped = session_event_for(event)
            if mapped is not None:
                session.submit(mapped)


@pytest.fixture
def counter(make_kiosk: Callable[..., Kiosk]) -> Iterator[Counter]:
    kiosk = make_kiosk("vn")
    reader = kiosk.card_reader
    assert isinstance(reader, SimulatedCardReader)
    events: queue.Queue[CardEvent] = queue.Queue()
    reader.subscribe(events.put)
    reader.start()
    yield Counter(kiosk, reader, events)


def form(fixture: str = "an") -> AccessDataEntered:
    return AccessDataEntered(*demo_cccd_form(RESOURCES, fixture))


def to_identify(kiosk: Kiosk) -> CitizenSession:
    session = kiosk.new_session()
    session.submit(Next())
    session.submit(Choose("vi"))
    assert session.step == SessionStep.IDENTIFY
    return session


def test_card_on_the_reader_then_the_form_then_the_menu(counter: Counter) -> None:
    """GIVEN the attract screen WHEN a CCCD is put on the reader, the language chosen and the card's
    number and dates typed THEN the chip is read with progress, the citizen is greeted by the
    chip's name, and "see my card's data" shows DG13, the photo and the verified chip."""
    session = counter.kiosk.new_session()
    counter.chip("an")
    counter.pump(session)
    assert session.step == SessionStep.LANGUAGE and session.context.chip_present
    session.submit(Choose("vi"))
    assert session.step == SessionStep.DOCUMENT_ACCESS
    session.submit(form("an"))
    assert session.step == SessionStep.CHIP_READING
    assert run_pending_work(session)
    events = counter.pump(session)
    assert session.step == SessionStep.MENU
    citizen = session.context.citizen
    assert citizen is not None and citizen.source == "card"
    assert citizen.id_number == "001090000123" and citizen.full_name == "Nguyễn Văn An"
    assert isinstance(citizen.card, CccdDocument)
    assert citizen.photo == (RESOURCES / "cards" / "vn" / "an.jpg").read_bytes()
    fractions = [e.fraction for e in events if isinstance(e, CardReading) and e.fraction is not None]
    assert (
        fractions[0] == 0.0
        and fractions[-1] == 1.0
        and fractions == sorted(fractions)
        and len(fractions) > 10
    )
    assert any(isinstance(e, CardInserted) and e.after_access for e in events)
    assert session.context.access is None, "the access data is dropped once the chip is read"
    assert "check_own_data" in session.context.offered_services
    session.submit(Choose("check_own_data"))
    flow = session.active_flow
    assert isinstance(flow.context, OwnDataContext)
    rows = own_data_rows(flow.context.card)
    assert rows.verification == "ok"
    assert rows.value("ethnicity") == "Kinh" and rows.value("father_name") == "Nguyễn Văn Bình"
    assert flow.context.photo == citizen.photo
    session.submit(Next())
    assert session.step == SessionStep.GOODBYE
    session.submit(Next())
    assert session.step == SessionStep.ENDED and session.context.citizen is None and session.context.wiped


def test_wrong_data_then_right_data(counter: Counter) -> None:
    """GIVEN a CCCD on the reader WHEN the citizen types an expiry the card does not have THEN the
    chip refuses, the form comes back saying so, nobody is identified; WHEN they correct it THEN
    the card is read."""
    session = to_identify(counter.kiosk)
    counter.chip("an")
    counter.pump(session)
    assert session.step == SessionStep.DOCUMENT_ACCESS
    number, born, _ = demo_cccd_form(RESOURCES, "an")
    session.submit(AccessDataEntered(number, born, "12/03/2031"))
    assert session.step == SessionStep.CHIP_READING
    run_pending_work(session)
    events = counter.pump(session)
    assert session.step == SessionStep.DOCUMENT_ACCESS
    assert session.context.chip_problem is ChipProblem.ACCESS_DENIED
    assert session.context.citizen is None and session.context.access is None
    assert any(isinstance(e, CardReadFailed) and e.reason == "access_denied" for e in events)
    session.submit(form("an"))
    assert session.step == SessionStep.CHIP_READING and session.context.chip_problem is None
    run_pending_work(session)
    assert session.step == SessionStep.MENU
    assert session.context.citizen is not None and session.context.citizen.full_name == "Nguyễn Văn An"


def test_card_pulled_mid_read_then_put_back(counter: Counter) -> None:
    """GIVEN the data typed WHEN the card leaves the reader in the middle of the read THEN the kiosk
    asks for the card again (the typed data kept, nothing from the chip kept); WHEN it is put
    back THEN it is read at once."""
    session = to_identify(counter.kiosk)
    counter.chip("an", remove_after_apdus=40)
    counter.pump(session)
    session.submit(form("an"))
    run_pending_work(session)
    events = counter.pump(session)
    assert session.step == SessionStep.CHIP_WAIT
    assert session.context.chip_problem is ChipProblem.REMOVED and not session.context.chip_present
    assert session.context.citizen is None and session.context.access is not None
    assert any(isinstance(e, CardReadFailed) and e.reason == "card_removed" for e in events)
    assert not counter.reader.card_present
    counter.chip("an")
    counter.pump(session)
    assert session.step == SessionStep.CHIP_READING and session.context.chip_problem is None
    run_pending_work(session)
    assert session.step == SessionStep.MENU


def test_form_first_then_the_card(counter: Counter) -> None:
    """GIVEN no card yet WHEN the citizen chooses the chip ID and types the data THEN the kiosk asks
    for the card; WHEN the card is put on the reader THEN it is read and the citizen identified."""
    session = to_identify(counter.kiosk)
    session.submit(Choose(USE_CHIP))
    assert session.step == SessionStep.DOCUMENT_ACCESS and not session.context.chip_present
    session.submit(form("duc"))
    assert session.step == SessionStep.CHIP_WAIT
    counter.chip("duc")
    counter.pump(session)
    assert session.step == SessionStep.CHIP_READING
    run_pending_work(session)
    citizen = session.context.citizen
    assert session.step == SessionStep.MENU and citizen is not None
    assert isinstance(citizen.card, CccdDocument) and citizen.card.face is not None
    assert citizen.card.face.format == "jpeg2000"
    assert citizen.photo.startswith(b"\xff\xd8\xff"), "a JPEG 2000 face is decoded for the screen"
    assert citizen.card.photo.startswith(b"\x00\x00\x00\x0cjP"), "card.photo stays as stored"


def test_invalid_form_data_stays_on_the_form(counter: Counter) -> None:
    """GIVEN the form WHEN the dates do not exist or the number and birth year disagree THEN the
    session stays on the form with each field's problem and never touches the chip."""
    session = to_identify(counter.kiosk)
    counter.chip("an")
    counter.pump(session)
    session.submit(AccessDataEntered("001090000123", "31/02/1990", "12/03/2030"))
    assert session.step == SessionStep.DOCUMENT_ACCESS
    assert session.context.access_form is not None
    assert session.context.access_form.problems == {"date_of_birth": AccessProblem.NOT_A_DATE}
    session.submit(AccessDataEntered("001090000123", "12/03/1991", "12/03/2030"))
    assert session.context.access_form.problems == {"number": AccessProblem.NUMBER_DOES_NOT_MATCH_BIRTH}
    assert session.step == SessionStep.DOCUMENT_ACCESS and session.pending_work() is None


def test_typing_the_id_number_still_works(counter: Counter) -> None:
    """GIVEN the Vietnamese identify step WHEN the citizen types a 12-digit number THEN the menu
    opens as before, without the card's-data service (a typed number has no data to show)."""
    session = to_identify(counter.kiosk)
    session.submit(EnterText("001090000123"))
    assert session.step == SessionStep.MENU
    assert session.context.citizen is not None and session.context.citizen.source == "typed"
    assert "check_own_data" not in session.context.offered_services
    assert "check_own_data" in session.context.services
    session.submit(Choose("check_own_data"))
    assert session.step == SessionStep.MENU, "a service not offered cannot be opened"


def test_a_chip_that_fails_passive_authentication_identifies_nobody(counter: Counter) -> None:
    """GIVEN a CCCD whose DG13 was altered after signing WHEN it is read with the right data THEN
    nobody is identified, the kiosk sends the citizen to an officer, and typing the number
    remains possible."""
    session = to_identify(counter.kiosk)
    counter.chip("tampered")
    counter.pump(session)
    session.submit(form("tampered"))
    run_pending_work(session)
    events = counter.pump(session)
    assert session.step == SessionStep.IDENTIFY
    assert session.context.chip_problem is ChipProblem.NOT_VERIFIED
    assert session.context.citizen is None and session.context.access is None
    assert any(isinstance(e, CardReadFailed) and e.reason == "not_verified" for e in events)
    assert not any(isinstance(e, CardInserted) for e in events)
    session.submit(EnterText("031194003456"))
    assert session.step == SessionStep.MENU


def test_camera_reading_of_the_back(counter: Counter) -> None:
    """GIVEN the form WHEN the camera's reading of the card's back is not a valid MRZ THEN the
    citizen is asked to type; WHEN it is the card's MRZ THEN the chip is read with it."""
    session = to_identify(counter.kiosk)
    counter.chip("mo")
    counter.pump(session)
    session.submit(
        MrzScanned("IDVNM1680023453004168002345<<<\n6811200F2811203VNM<<<<<<<<<<<5\nHOANG<<THI<MO")
    )
    assert (
        session.step == SessionStep.DOCUMENT_ACCESS
        and session.context.chip_problem is ChipProblem.SCAN_FAILED
    )
    printed = tomllib.loads(cccd_fixture_path(RESOURCES, "mo").read_text(encoding="utf-8"))["mrz"]
    session.submit(MrzScanned("\n".join(printed)))
    assert session.step == SessionStep.CHIP_READING
    run_pending_work(session)
    assert session.step == SessionStep.MENU
    assert session.context.citizen is not None and session.context.citizen.full_name == "Hoàng Thị Mơ"


def test_lifting_the_card_while_typing_keeps_the_session(counter: Counter) -> None:
    """GIVEN the form with the card on the reader WHEN the citizen lifts the card to read its numbers
    THEN the session goes on (nothing was read yet) and asks for the card after the data."""
    session = to_identify(counter.kiosk)
    counter.chip("an")
    counter.pump(session)
    counter.reader.remove()
    counter.pump(session)
    assert session.step == SessionStep.DOCUMENT_ACCESS and not session.context.chip_present
    session.submit(form("an"))
    assert session.step == SessionStep.CHIP_WAIT
    session.submit(Back())
    assert session.step == SessionStep.DOCUMENT_ACCESS and session.context.access is None


def test_timeout_and_card_removal_wipe_everything(counter: Counter) -> None:
    """GIVEN the access data typed WHEN the citizen walks away THEN the timeout wipes it; GIVEN a
    citizen identified by the chip WHEN the card leaves the reader THEN the session ends and
    forgets them (as for every card)."""
    session = to_identify(counter.kiosk)
    session.submit(Choose(USE_CHIP))
    session.submit(form("an"))
    assert session.context.access is not None
    session.submit(Timeout())
    assert session.step == SessionStep.ABANDONED
    assert session.context.access is None and session.context.access_form is None and session.context.wiped

    session = to_identify(counter.kiosk)
    counter.chip("an")
    counter.pump(session)
    session.submit(form("an"))
    run_pending_work(session)
    assert session.step == SessionStep.MENU
    counter.reader.remove()
    counter.pump(session)
    assert session.step == SessionStep.ABANDONED and session.context.citizen is None


def test_a_chip_without_a_reader_for_it(make_kiosk: Callable[..., Kiosk]) -> None:
    """GIVEN the Thai profile WHEN a chip document is put on the reader THEN the session stays on
    the identify step and says this card cannot be used here."""
    kiosk = make_kiosk("th")
    session = kiosk.new_session()
    session.submit(Next())
    session.submit(Choose("th"))
    session.submit(ChipPresented())
    assert session.step == SessionStep.IDENTIFY and session.context.chip_problem is ChipProblem.UNAVAILABLE
    session.submit(CardRemoved())
    assert session.step == SessionStep.ABANDONED

"""The Thai ID card over the real path: pyscard → pcscd → vpcd → the virtual card, fixture by fixture."""

from __future__ import annotations

import hashlib
import threading
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.card.base import (
    CardEvent,
    CardInserted,
    CardReadFailed,
    CardReading,
    CardRemovedFromReader,
    ReadersChanged,
)
from drivers.card.errors import CardError, CardRemoved, UnexpectedStatus
from drivers.card.pcsc import PcscCardReader
from drivers.card.pcsc_transport import PcscTransport
from drivers.card.thai_id import read_thai_id
from drivers.card.thai_id_sim import ThaiIdCardSim
from drivers.card.vpcd import VpcdConnection
from kiosk.paths import resources_dir
from tests.vpcd_lock import exclusive_vpcd_reader

FIXTURES = resources_dir() / "cards" / "th"
READER = "Virtual PCD 00 00"
SECOND_READER, SECOND_READER_PORT = "Virtual PCD 00 01", 35964

pytestmark = pytest.mark.usefixtures("vpcd_readers_present")


@pytest.fixture(autouse=True)
def _vpcd_readers() -> Iterator[None]:
    """Holds both vpcd readers (always in port order) while a test of this module runs."""
    with exclusive_vpcd_reader(35963), exclusive_vpcd_reader(35964):
        yield


@pytest.fixture
def insert() -> Iterator[object]:
    connections: list[VpcdConnection] = []

    def put(name: str, **faults: object) -> VpcdConnection:
        connection = VpcdConnection(ThaiIdCardSim.from_fixture(FIXTURES / f"{name}.toml", **faults))  # type: ignore[arg-type]
        connection.start()
        connections.append(connection)
        return connection

    yield put
    for connection in connections:
        connection.stop()
    absent()


def absent(reader: str = READER) -> None:
    """Waits until pcscd has noticed the card left (it keeps reporting it for up to about 0.4 s)."""
    from smartcard.Exceptions import NoCardException
    from smartcard.System import readers

    for _ in range(100):
        connection = next(r for r in readers() if str(r) == reader).createConnection()
        try:
            connection.connect()
            connection.disconnect()
        except NoCardException:
            return
        except Exception:
            pass
        threading.Event().wait(0.05)
    raise AssertionError("the card never left the reader")


def expected(name: str) -> dict[str, object]:
    return tomllib.loads((FIXTURES / f"{name}.toml").read_text(encoding="utf-8"))


def read(reader: str = READER) -> object:
    for _ in range(100):  # pcscd notices a newly inserted card within a few hundred ms
        try:
            with PcscTransport.open(reader) as transport:
                return read_thai_id(transport)
        except CardError as exc:
            if exc.reason not in {"no_card", "card_removed"}:
                raise
            threading.Event().wait(0.05)
    raise AssertionError("the virtual card never appeared")


@pytest.mark.parametrize("name", sorted(p.stem for p in FIXTURES.glob("*.toml")))
def test_every_fixture_reads_back_exactly(insert: object, name: str) -> None:
    """GIVEN a virtual card WHEN read through pcscd THEN every field equals the fixture's."""
    insert(name)  # type: ignore[operator]
    card = read()
    fixture = expected(name)
    data = card.as_json()  # type: ignore[attr-defined]
    assert data["document_type"] == "th_id"
    assert data["id_number"] == fixture["citizen_id"]
    assert data["id_number_valid"] == (name != "bad_checkdigit")
    name_th, name_en = fixture["name_th"], fixture["name_en"]
    assert isinstance(name_th, dict) and isinstance(name_en, dict)
    assert data["name_th"]["first"] == name_th["first"] and data["name_th"]["last"] == name_th["last"]
    assert data["name_en"]["first"] == name_en["first"] and data["name_en"]["last"] == name_en["last"]
    photo = (FIXTURES / str(fixture["photo"])).read_bytes()
    assert card.photo == photo  # type: ignore[attr-defined]
    assert data["photo_sha256"] == hashlib.sha256(photo).hexdigest()
    assert data["sex"] == {"1": "M", "2": "F"}[str(fixture["sex"])]
    if fixture["date_of_expiry"] == "99999999":
        assert data["date_of_expiry"] is None
    address = fixture["address"]
    assert isinstance(address, dict)
    assert str(address["province"]) in data["address"]
    assert card.apdu_count <= 48  # type: ignore[attr-defined]


def present(reader: str = READER) -> None:
    """Waits until pcscd reports a card in ``reader`` (it polls about every 0.4 s)."""
    from smartcard.System import readers

    last: Exception | None = None
    for _ in range(100):
        connection = next(r for r in readers() if str(r) == reader).createConnection()
        try:
            connection.connect()
            connection.disconnect()
            return
        except Exception as exc:
            last = exc
            threading.Event().wait(0.05)
    raise AssertionError(f"the virtual card never appeared ({last!r})")


def test_a_card_pulled_mid_read_is_a_typed_error() -> None:
    """GIVEN a card that leaves after 10 APDUs WHEN it is read THEN a typed card-removed error, no traceback.

    On the second virtual reader: vpcd ignores a card plugged in right after one vanished mid-read
    on the same reader, which would disturb the tests after this one.
    """
    card = ThaiIdCardSim.from_fixture(FIXTURES / "somchai.toml", remove_after_apdus=10)
    connection = VpcdConnection(card, port=SECOND_READER_PORT)
    connection.start()
    try:
        present(SECOND_READER)
        with pytest.raises(CardError) as error, PcscTransport.open(SECOND_READER) as transport:
            read_thai_id(transport)
        assert isinstance(error.value, CardRemoved), error.value.reason
    finally:
        connection.stop()
        absent(SECOND_READER)


def test_a_wrong_status_word_is_a_typed_error(insert: object) -> None:
    insert("somchai", wrong_status=(5, b"\x6f\x00"))  # type: ignore[operator]
    present()
    with pytest.raises(UnexpectedStatus), PcscTransport.open(READER) as transport:
        read_thai_id(transport)


def test_monitor_reports_reading_inserted_and_removed(insert: object) -> None:
    """GIVEN the kiosk's PC/SC reader WHEN a card goes in and out THEN listeners hear reading, inserted
    (with the holder's name), removed; the technician's description shows the ATR, no personal data."""
    events: list[CardEvent] = []
    changed = threading.Condition()

    def listen(event: CardEvent) -> None:
        with changed:
            events.append(event)
            changed.notify_all()

    reader = PcscCardReader("Virtual PCD 00 00")
    reader.subscribe(listen)
    reader.start()
    try:
        connection = insert("malee")  # type: ignore[operator]
        with changed:
            assert changed.wait_for(lambda: any(isinstance(e, CardInserted) for e in events), 20)
        assert not any(isinstance(e, CardReadFailed) for e in events)
        inserted = next(e for e in events if isinstance(e, CardInserted))
        card_events = [e for e in events if not isinstance(e, ReadersChanged)]
        assert isinstance(card_events[0], CardReading)
        fixture = expected("malee")
        assert inserted.holder.id_number == fixture["citizen_id"]
        assert "3B 67" in reader.describe() and str(fixture["citizen_id"]) not in reader.describe()
        connection.stop()  # type: ignore[attr-defined]
        with changed:
            assert changed.wait_for(lambda: any(isinstance(e, CardRemovedFromReader) for e in events), 20)
    finally:
        reader.stop()


def test_no_card_in_the_reader(tmp_path: Path) -> None:
    with pytest.raises(CardError) as error:
        PcscTransport.open(SECOND_READER).close()
    assert error.value.reason in {"no_card", "no_reader"}


def test_readers_coming_and_going_are_reported() -> None:
    """GIVEN the kiosk's reader WHEN pyscard reports a reader plugged in THEN listeners get the readers now
    present; a reader outside the configured filter is not reported."""
    events: list[CardEvent] = []
    done = threading.Event()
    reader = PcscCardReader("Virtual PCD")
    reader.subscribe(lambda event: (events.append(event), done.set()))
    reader.readers_changed(added=["Some Other Reader 00"], removed=[])
    reader.readers_changed(added=["Virtual PCD 00 01"], removed=[])
    assert done.wait(5)
    reader.stop()
    assert len(events) == 1 and isinstance(events[0], ReadersChanged)
    assert "Virtual PCD 00 00" in events[0].readers


def test_the_in_process_reader_sends_the_card_what_pcsc_sends() -> None:
    """GIVEN the same virtual Thai card WHEN the kiosk's reader reads it through pcscd and vpcd,
    and when the in-process simulated reader reads it THEN the card receives the same APDUs in
    the same order, and both readers report the same card."""
    from drivers.card.simulated import SimulatedCardReader
    from tests.drivers.test_card_reader_in_process import RecordingCard

    def reading(reader: PcscCardReader | SimulatedCardReader) -> tuple[list[CardEvent], threading.Event]:
        events: list[CardEvent] = []
        read = threading.Event()

        def listen(event: CardEvent) -> None:
            if not isinstance(event, ReadersChanged):
                events.append(event)
            if isinstance(event, CardInserted | CardReadFailed):
                read.set()

        reader.subscribe(listen)
        return events, read

    over_pcsc = RecordingCard(ThaiIdCardSim.from_fixture(FIXTURES / "malee.toml"))
    reader = PcscCardReader(READER)
    pcsc_events, pcsc_read = reading(reader)
    reader.start()
    connection = VpcdConnection(over_pcsc)  # type: ignore[arg-type]
    try:
        connection.start()
        assert pcsc_read.wait(20)
    finally:
        connection.stop()
        reader.stop()
        absent()

    in_process = RecordingCard(ThaiIdCardSim.from_fixture(FIXTURES / "malee.toml"))
    simulated = SimulatedCardReader()
    simulated_events, simulated_read = reading(simulated)
    simulated.start()
    try:
        simulated.insert(in_process)
        assert simulated_read.wait(5)
    finally:
        simulated.stop()

    assert over_pcsc.commands and in_process.commands == over_pcsc.commands
    assert (
        [type(e) for e in simulated_events]
        == [type(e) for e in pcsc_events[:2]]
        == [CardReading, CardInserted]
    )
    pcsc_inserted, simulated_inserted = pcsc_events[1], simulated_events[1]
    assert isinstance(pcsc_inserted, CardInserted) and isinstance(simulated_inserted, CardInserted)
    assert simulated_inserted.holder == pcsc_inserted.holder

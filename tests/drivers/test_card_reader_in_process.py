"""The in-process simulated reader is the kiosk's one card reader over an in-process slot: a
virtual card put in by hand gets the APDUs a card on a PC/SC reader gets, from the same code."""

from __future__ import annotations

import threading

from drivers.card.base import (
    CardEvent,
    CardInserted,
    CardReadFailed,
    CardReading,
    CardRemovedFromReader,
)
from drivers.card.pcsc import PcscCardReader
from drivers.card.reader import SmartCardReader
from drivers.card.simulated import READER_NAME, SimulatedCardReader
from drivers.card.thai_id import (
    CHUNK,
    DATA_END,
    DATA_START,
    SELECT_APDU,
    get_response_apdu,
    get_response_p2_for_atr,
    parse_data_area,
    read_binary_apdu,
)
from drivers.card.thai_id_sim import ThaiIdCardSim
from kiosk.paths import resources_dir

FIXTURES = resources_dir() / "cards" / "th"
READING_METHODS = ("card_inserted", "card_removed", "read_document", "_read", "_read_document", "_removed")


class RecordingCard:
    """A virtual card that remembers every command APDU it was sent."""

    def __init__(self, card: ThaiIdCardSim) -> None:
        self.card = card
        self.commands: list[bytes] = []

    def atr(self) -> bytes:
        return self.card.atr()

    def power_on(self) -> None:
        self.card.power_on()

    def power_off(self) -> None:
        self.card.power_off()

    def reset(self) -> None:
        self.card.reset()

    def apdu(self, command: bytes) -> bytes:
        self.commands.append(bytes(command))
        return self.card.apdu(command)


def thai_protocol(atr: bytes) -> list[bytes]:
    """The APDUs of a Thai ID card read as the protocol defines them: SELECT, then READ BINARY /
    GET RESPONSE pairs over the data area in 0xFF-byte chunks."""
    p2 = get_response_p2_for_atr(atr) or 0
    commands = [SELECT_APDU]
    for offset in range(DATA_START, DATA_END, CHUNK):
        length = min(CHUNK, DATA_END - offset)
        commands += [read_binary_apdu(offset, length), get_response_apdu(p2, length)]
    return commands


def listening(reader: SmartCardReader) -> list[CardEvent]:
    events: list[CardEvent] = []
    lock = threading.Lock()

    def listen(event: CardEvent) -> None:
        with lock:
            events.append(event)

    reader.subscribe(listen)
    return events


def test_the_simulator_runs_the_pcsc_reader_s_code() -> None:
    """GIVEN the two readers the kiosk builds THEN both are the one ``SmartCardReader``, and
    neither has reading code of its own (only where its cards come from differs)."""
    for kind in (SimulatedCardReader, PcscCardReader):
        assert issubclass(kind, SmartCardReader)
        for name in READING_METHODS:
            assert getattr(kind, name) is getattr(SmartCardReader, name), (kind.__name__, name)


def test_a_virtual_thai_card_gets_the_apdus_of_the_pcsc_path() -> None:
    """GIVEN a virtual Thai ID card (the vpcd simulator's) WHEN it is put on the in-process reader
    THEN it receives exactly the protocol's 47 APDUs, listeners hear ``CardReading`` then
    ``CardInserted`` with the card as its fixture holds it, and taking it out is reported."""
    for fixture in ("somchai", "malee"):
        card = RecordingCard(ThaiIdCardSim.from_fixture(FIXTURES / f"{fixture}.toml"))
        reader = SimulatedCardReader()
        events = listening(reader)
        reader.start()
        try:
            reader.insert(card)
            assert card.commands == thai_protocol(card.atr()) and len(card.commands) == 47
            assert [type(event) for event in events] == [CardReading, CardInserted]
            inserted = events[1]
            assert isinstance(inserted, CardInserted) and inserted.reader == READER_NAME
            area = card.card.fixture.data_area()[DATA_START:]
            assert inserted.holder.document == parse_data_area(area, atr=card.atr())
            assert inserted.holder.photo == inserted.holder.document.photo != b""
            assert "card present" in reader.describe()
            reader.remove()
            assert isinstance(events[-1], CardRemovedFromReader) and not reader.card_present
        finally:
            reader.stop()


def test_a_thai_card_pulled_mid_read_is_reported_as_on_pcsc() -> None:
    """GIVEN a virtual Thai card that leaves after 10 APDUs WHEN it is put in THEN the read fails
    with ``card_removed`` and the reader then reports the card gone (as pcscd would)."""
    reader = SimulatedCardReader()
    events = listening(reader)
    gone = threading.Event()
    reader.subscribe(lambda event: gone.set() if isinstance(event, CardRemovedFromReader) else None)
    reader.start()
    try:
        reader.insert(ThaiIdCardSim.from_fixture(FIXTURES / "somchai.toml", remove_after_apdus=10))
        assert gone.wait(5)
    finally:
        reader.stop()
    assert [type(event) for event in events] == [CardReading, CardReadFailed, CardRemovedFromReader]
    failed = events[1]
    assert isinstance(failed, CardReadFailed) and failed.reason == "card_removed" and not failed.after_access
    assert not reader.card_present


def test_nothing_is_reported_before_start() -> None:
    reader = SimulatedCardReader()
    events = listening(reader)
    reader.insert(ThaiIdCardSim.from_fixture(FIXTURES / "somchai.toml"))
    assert reader.card_present and events == []
    reader.stop()

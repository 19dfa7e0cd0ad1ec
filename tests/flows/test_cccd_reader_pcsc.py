"""The kiosk's PC/SC reader with a CCCD chip, over the real path: pyscard → pcscd → vpcd → the
virtual CCCD; and the whole identify step of a headless session over that path."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future

import pytest

from demo.cards import cccd_fixture_path, demo_cccd_form
from drivers.card.base import (
    CardEvent,
    CardHolder,
    CardInserted,
    CardNeedsAccess,
    CardReadFailed,
    CardReading,
    CardRemovedFromReader,
    ReadersChanged,
)
from drivers.card.emrtd import DocumentNotVerified
from drivers.card.errors import CardRemoved
from drivers.card.icao.errors import AccessDenied
from drivers.card.icao.mrz import MrzInformation
from drivers.card.icao.reader import CccdDocument
from drivers.card.icao.sim import CccdCardSim
from drivers.card.pcsc import PcscCardReader, list_readers
from drivers.card.thai_id_sim import ThaiIdCardSim
from drivers.card.vpcd import VpcdConnection
from kiosk.app import Kiosk
from kiosk.flows.card_events import session_event_for
from kiosk.flows.engine import Choose, Next, run_pending_work
from kiosk.flows.session import AccessDataEntered, SessionStep
from kiosk.paths import resources_dir
from tests.vpcd_lock import exclusive_vpcd_reader

RESOURCES = resources_dir()
TRUST = RESOURCES / "cards" / "vn" / "trust"
READER, PORT = "Virtual PCD 00 00", 35963
SECOND_READER, SECOND_PORT = "Virtual PCD 00 01", 35964

pytestmark = pytest.mark.skipif(
    not any("Virtual PCD" in name for name in list_readers()), reason="pcscd with vpcd is not running"
)


class Heard:
    """What a reader told its listeners, with waiting."""

    def __init__(self) -> None:
        self.events: list[CardEvent] = []
        self._changed = threading.Condition()

    def __call__(self, event: CardEvent) -> None:
        with self._changed:
            self.events.append(event)
            self._changed.notify_all()

    def wait_for(self, kind: type, timeout: float = 20.0) -> CardEvent:
        with self._changed:
            assert self._changed.wait_for(lambda: any(isinstance(e, kind) for e in self.events), timeout), (
                f"no {kind.__name__}; heard {[type(e).__name__ for e in self.events]}"
            )
            return next(e for e in self.events if isinstance(e, kind))

    def card_events(self) -> list[CardEvent]:
        with self._changed:
            return [e for e in self.events if not isinstance(e, ReadersChanged)]

    def clear(self) -> None:
        with self._changed:
            self.events.clear()


def access(fixture: str) -> MrzInformation:
    number, born, expires = demo_cccd_form(RESOURCES, fixture)
    return MrzInformation.for_cccd(
        number, born[8:] + born[3:5] + born[:2], expires[8:] + expires[3:5] + expires[:2]
    )


@pytest.fixture
def watching() -> Iterator[Callable[..., tuple[PcscCardReader, Heard]]]:
    started: list[PcscCardReader] = []

    def watch(reader_name: str = READER) -> tuple[PcscCardReader, Heard]:
        reader = PcscCardReader(reader_name, trust_store=TRUST)
        heard = Heard()
        reader.subscribe(heard)
        reader.start()
        started.append(reader)
        return reader, heard

    yield watch
    for reader in started:
        reader.stop()


def plug(card: object, port: int = PORT) -> VpcdConnection:
    connection = VpcdConnection(card, port=port)  # type: ignore[arg-type]
    connection.start()
    return connection


def test_a_cccd_asks_for_its_data_then_reads_with_progress(
    watching: Callable[..., tuple[PcscCardReader, Heard]],
) -> None:
    """GIVEN the kiosk's PC/SC reader WHEN a virtual CCCD goes on it THEN the reader reports that the
    card needs its access data and reads nothing; WHEN the wrong data is given THEN the read fails
    as "access denied"; WHEN the right data is given THEN the chip is read with rising progress and
    verified against the test CSCA."""
    with exclusive_vpcd_reader(PORT):
        reader, heard = watching()
        connection = plug(CccdCardSim.from_fixture(cccd_fixture_path(RESOURCES, "an")))
        try:
            needs = heard.wait_for(CardNeedsAccess)
            assert isinstance(needs, CardNeedsAccess) and needs.reader == READER and needs.kind == "icao"
            assert not any(isinstance(e, (CardInserted, CardReading)) for e in heard.card_events())
            assert "3B 88 80 01" in reader.describe()

            wrong = MrzInformation.for_cccd("001090000123", "900312", "310312")
            with pytest.raises(AccessDenied):
                reader.read_document(wrong).result(timeout=30)
            failed = heard.wait_for(CardReadFailed)
            assert (
                isinstance(failed, CardReadFailed)
                and failed.reason == "access_denied"
                and failed.after_access
            )

            heard.clear()
            fractions: list[float] = []
            future: Future[CardHolder] = reader.read_document(access("an"), fractions.append)
            holder = future.result(timeout=60)
            document = holder.document
            assert isinstance(document, CccdDocument)
            assert document.passive_authentication.status.value == "ok"
            assert document.as_json()["ethnicity"] == "Kinh"
            assert holder.full_name == "Nguyễn Văn An" and holder.id_number == "001090000123"
            assert holder.photo == (RESOURCES / "cards" / "vn" / "an.jpg").read_bytes()
            assert fractions[0] == 0.0 and fractions[-1] == 1.0 and fractions == sorted(fractions)
            inserted = heard.wait_for(CardInserted)
            assert isinstance(inserted, CardInserted) and inserted.after_access and inserted.holder is holder
            readings = [e for e in heard.card_events() if isinstance(e, CardReading)]
            assert [e.fraction for e in readings] == fractions
        finally:
            connection.stop()
        heard.wait_for(CardRemovedFromReader)


def test_a_tampered_chip_is_refused(watching: Callable[..., tuple[PcscCardReader, Heard]]) -> None:
    """GIVEN a CCCD whose DG13 was changed after signing WHEN it is read with its data THEN the read
    ends in "not verified" and no holder is reported."""
    with exclusive_vpcd_reader(PORT):
        reader, heard = watching()
        connection = plug(CccdCardSim.from_fixture(cccd_fixture_path(RESOURCES, "tampered")))
        try:
            heard.wait_for(CardNeedsAccess)
            with pytest.raises(DocumentNotVerified):
                reader.read_document(access("tampered")).result(timeout=60)
            failed = heard.wait_for(CardReadFailed)
            assert isinstance(failed, CardReadFailed) and failed.reason == "not_verified"
            assert not any(isinstance(e, CardInserted) for e in heard.card_events())
        finally:
            connection.stop()
        heard.wait_for(CardRemovedFromReader)


def test_a_chip_pulled_mid_read(watching: Callable[..., tuple[PcscCardReader, Heard]]) -> None:
    """GIVEN a CCCD that leaves after 30 commands WHEN it is read THEN a typed card-removed failure,
    and the reader reports the card gone (on the second virtual reader: vpcd ignores a card plugged
    in right after one vanished mid-read on the same reader)."""
    with exclusive_vpcd_reader(SECOND_PORT):
        reader, heard = watching(SECOND_READER)
        sim = CccdCardSim.from_fixture(cccd_fixture_path(RESOURCES, "an"), remove_after_apdus=30)
        connection = plug(sim, SECOND_PORT)
        try:
            heard.wait_for(CardNeedsAccess)
            with pytest.raises(CardRemoved):
                reader.read_document(access("an")).result(timeout=60)
            failed = heard.wait_for(CardReadFailed)
            assert isinstance(failed, CardReadFailed) and failed.reason == "card_removed"
            heard.wait_for(CardRemovedFromReader)
        finally:
            connection.stop()


def test_a_thai_card_is_still_read_at_once(watching: Callable[..., tuple[PcscCardReader, Heard]]) -> None:
    """GIVEN the same reader WHEN a Thai ID card goes in THEN it is read at once as before (reading,
    then the holder with the photo ready for the screen), never asked for access data."""
    with exclusive_vpcd_reader(PORT):
        _, heard = watching()
        connection = plug(ThaiIdCardSim.from_fixture(RESOURCES / "cards" / "th" / "somchai.toml"))
        try:
            inserted = heard.wait_for(CardInserted)
            assert isinstance(inserted, CardInserted) and not inserted.after_access
            assert inserted.holder.id_number == "3100600445635"
            assert inserted.holder.photo.startswith(b"\xff\xd8")
            assert isinstance(heard.card_events()[0], CardReading)
            assert not any(isinstance(e, CardNeedsAccess) for e in heard.card_events())
        finally:
            connection.stop()
        heard.wait_for(CardRemovedFromReader)


def test_headless_session_identifies_over_pcscd(make_kiosk: Callable[..., Kiosk]) -> None:
    """GIVEN a Vietnamese kiosk on pcscd WHEN a CCCD goes on the reader and the citizen types its
    data THEN the session reads it through the kiosk's reader and opens the menu."""
    kiosk = make_kiosk("vn", devices={"card_backend": "pcsc", "card_reader": READER})
    reader = kiosk.card_reader
    assert isinstance(reader, PcscCardReader)
    heard = Heard()
    reader.subscribe(heard)
    reader.start()
    with exclusive_vpcd_reader(PORT):
        connection = plug(CccdCardSim.from_fixture(cccd_fixture_path(RESOURCES, "lan")))
        try:
            session = kiosk.new_session()
            session.submit(Next())
            session.submit(Choose("vi"))
            mapped = session_event_for(heard.wait_for(CardNeedsAccess))
            assert mapped is not None
            session.submit(mapped)
            assert session.step == SessionStep.DOCUMENT_ACCESS
            session.submit(AccessDataEntered(*demo_cccd_form(RESOURCES, "lan")))
            assert session.step == SessionStep.CHIP_READING
            assert run_pending_work(session)
            assert session.step == SessionStep.MENU
            citizen = session.context.citizen
            assert citizen is not None and isinstance(citizen.card, CccdDocument)
            assert citizen.card.access_control == "PACE"
            assert citizen.full_name == "Trần Thị Lan"
        finally:
            connection.stop()
        heard.wait_for(CardRemovedFromReader)

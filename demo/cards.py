"""The demo cards a simulated reader holds (F6 in the demo, screenshots, tests): fixture cards.

Both are the virtual cards the vpcd simulator serves, put into the in-process slot
(:func:`demo_card`), so the kiosk's one card reader reads them APDU by APDU:

* Thai profile: a virtual Thai ID card (``drivers.card.thai_id_sim.ThaiIdCardSim``) from
  ``resources/cards/th/`` (with its photo).
* Vietnamese profile: a virtual CCCD chip (``drivers.card.icao.sim.CccdCardSim``) from
  ``resources/cards/vn/``; the reader reports it as needing its access data, and the citizen
  types what the fixture's card prints (:func:`demo_cccd_form`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from drivers.card.base import CardHolder
from drivers.card.thai_id import DATA_START, parse_data_area
from drivers.card.thai_id_sim import ThaiIdCardSim, load_fixture
from kiosk.profiles import Profile

if TYPE_CHECKING:
    from drivers.card.documents import CardDocument
    from drivers.card.icao.sim import CccdCardSim
    from drivers.card.vpcd import VirtualCard

DEMO_CCCD = "an"
DEMO_THAI = "somchai"
DEMO_APDU_DELAY_S = 0.012
"""Per command on the demo chip: about 1.3 s for the whole read, as a real card on a reader
takes a few seconds, so the progress bar can be seen in demos."""


def cccd_fixture_path(resources: Path, fixture: str = DEMO_CCCD) -> Path:
    return resources / "cards" / "vn" / f"{fixture}.toml"


def demo_cccd_chip(resources: Path, fixture: str = DEMO_CCCD, *, delay_s: float = 0.0) -> CccdCardSim:
    """A virtual CCCD chip for the in-process simulated reader (``insert_chip``)."""
    from drivers.card.icao.sim import CccdCardSim

    return CccdCardSim.from_fixture(cccd_fixture_path(resources, fixture), delay_s=delay_s)


def demo_cccd_form(resources: Path, fixture: str = DEMO_CCCD) -> tuple[str, str, str]:
    """What the citizen types for the fixture's card: the 12-digit number, the dates of birth and
    expiry as the card prints them (``dd/mm/yyyy``)."""
    from drivers.card.icao.sim_files import load_fixture as load_cccd_fixture

    card = load_cccd_fixture(cccd_fixture_path(resources, fixture))
    return (
        card.citizen_number,
        card.date_of_birth.strftime("%d/%m/%Y"),
        card.date_of_expiry.strftime("%d/%m/%Y"),
    )


def read_demo_cccd(resources: Path, fixture: str = DEMO_CCCD) -> CardHolder:
    """The fixture's CCCD read through the real chip-reading code (BAC, secure messaging, passive
    authentication against the virtual cards' test CSCA), in process."""
    from concurrent.futures import Future

    from drivers.card.icao.mrz import MrzInformation
    from drivers.card.simulated import SimulatedCardReader

    number, born, expires = demo_cccd_form(resources, fixture)
    access = MrzInformation.for_cccd(
        number,
        f"{born[8:10]}{born[3:5]}{born[0:2]}",
        f"{expires[8:10]}{expires[3:5]}{expires[0:2]}",
    )
    reader = SimulatedCardReader(trust_store=resources / "cards" / "vn" / "trust")
    reader.start()
    try:
        reader.insert_chip(demo_cccd_chip(resources, fixture))
        future: Future[CardHolder] = reader.read_document(access)
        return future.result(timeout=60)
    finally:
        reader.stop()


def demo_thai_card(resources: Path, fixture: str = DEMO_THAI) -> ThaiIdCardSim:
    """A virtual Thai ID card for the in-process simulated reader (``insert``)."""
    return ThaiIdCardSim.from_fixture(resources / "cards" / "th" / f"{fixture}.toml")


def demo_card(
    profile: Profile, resources: Path, fixture: str | None = None, *, delay_s: float = 0.0
) -> VirtualCard:
    """The profile's demo card as a virtual card to put on the simulated reader: a Thai ID card,
    or (Vietnamese profile) a CCCD chip whose commands each take ``delay_s``."""
    if profile.id_card == "th_id":
        return demo_thai_card(resources, fixture or DEMO_THAI)
    return demo_cccd_chip(resources, fixture or DEMO_CCCD, delay_s=delay_s)


def demo_card_holder(profile: Profile, resources: Path, fixture: str | None = None) -> CardHolder:
    """The demo card as read: a Thai ID card from a fixture, or (Vietnamese profile) a CCCD
    read from its virtual chip."""
    if profile.id_card != "th_id":
        return read_demo_cccd(resources, fixture or DEMO_CCCD)
    card_fixture = load_fixture(resources / "cards" / "th" / f"{fixture or DEMO_THAI}.toml")
    card = parse_data_area(card_fixture.data_area()[DATA_START:], atr=card_fixture.atr)
    return CardHolder(card, photo=card.photo)


def sample_document(id_card: str, id_number: str, full_name: str) -> CardDocument:
    """A card's document that holds only a number and a name, of the profile's card type
    (``th_id`` or ``cccd``): for simulated sessions and tests that identify a citizen by card
    without reading one. Nothing else is on it (no photo, no dates; a CCCD not verified)."""
    if id_card == "th_id":
        from drivers.card.citizen_number import check_citizen_id
        from drivers.card.thai_id import NO_DATE, PersonName, ThaiAddress, ThaiIdCard

        words = full_name.split()
        name = PersonName(None, words[0] if words else None, None, " ".join(words[1:]) or None, full_name)
        nowhere = ThaiAddress(None, None, None, None, None, None, None, "")
        return ThaiIdCard(
            id_number,
            check_citizen_id(id_number),
            name,
            name,
            NO_DATE,
            None,
            "",
            NO_DATE,
            NO_DATE,
            nowhere,
            b"",
            "",
            "",
        )
    from drivers.card.icao.lds import VietnamesePersonalData
    from drivers.card.icao.mrz import Mrz
    from drivers.card.icao.reader import CccdDocument
    from drivers.card.icao.sod import PassiveAuthResult, PassiveAuthStatus

    mrz = Mrz("TD1", "ID", "VNM", id_number, "", "<", "", "VNM", "", "", "", (), is_cccd=True)
    personal = VietnamesePersonalData(id_number=id_number, full_name=full_name)
    unchecked = PassiveAuthResult(PassiveAuthStatus.NOT_CHECKED, "a sample document: no chip was read")
    return CccdDocument(mrz, personal, None, None, unchecked, "BAC")

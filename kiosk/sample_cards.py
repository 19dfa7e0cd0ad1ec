"""The demo card a simulated reader holds (F6 in the demo, screenshots): a fixture's full card data."""

from __future__ import annotations

from pathlib import Path

from drivers.card.base import CardHolder
from drivers.card.pcsc import greeting_name
from drivers.card.thai_id import DATA_START, parse_data_area
from drivers.card.thai_id_sim import load_fixture
from kiosk.profiles import Profile


def demo_card_holder(profile: Profile, resources: Path, fixture: str = "somchai") -> CardHolder:
    """A Thai ID card as read from a fixture (with its photo), or a CCCD holder for the Vietnamese
    profile (whose chip reading comes with the CCCD work)."""
    if profile.id_card != "th_id":
        return CardHolder(id_number="001090000123", full_name="Nguyễn Văn An")
    card_fixture = load_fixture(resources / "cards" / "th" / f"{fixture}.toml")
    card = parse_data_area(card_fixture.data_area()[DATA_START:], atr=card_fixture.atr)
    return CardHolder(id_number=card.id_number, full_name=greeting_name(card), card=card)

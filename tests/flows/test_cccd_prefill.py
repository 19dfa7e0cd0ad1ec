"""Form prefill from the chip (kiosk.domain.prefill) and the own-data rows, for the CCCD and the
Thai card, from cards read through the real reading code."""

from __future__ import annotations

import tomllib

import pytest

from demo.cards import cccd_fixture_path, read_demo_cccd
from drivers.card.documents import TypedIdNumber
from drivers.card.thai_id import DATA_START, parse_data_area
from drivers.card.thai_id_sim import load_fixture
from kiosk.domain.prefill import PREFILL_FIELDS, prefill_from_card
from kiosk.flows.own_data import own_data_rows
from kiosk.paths import resources_dir

RESOURCES = resources_dir()


@pytest.mark.parametrize("fixture", ["an", "duc", "lan", "mo"])
def test_cccd_prefill_matches_the_card(fixture: str) -> None:
    """GIVEN a CCCD read from its chip WHEN the registration / dossier prefill is made THEN every field
    holds what the card says, dates as dd/mm/yyyy, the username is the ID number, and the data
    counts as verified (passive authentication ok)."""
    card = tomllib.loads(cccd_fixture_path(RESOURCES, fixture).read_text(encoding="utf-8"))
    prefill = prefill_from_card(read_demo_cccd(RESOURCES, fixture).document)
    assert prefill is not None and prefill.source == "cccd" and prefill.verified
    values = prefill.values
    assert values["id_number"] == values["username"] == card["citizen_number"]
    assert values["full_name"] == card["full_name"]
    assert values["date_of_birth"] == card["date_of_birth"].strftime("%d/%m/%Y")
    assert values["date_of_expiry"] == card["date_of_expiry"].strftime("%d/%m/%Y")
    assert values["date_of_issue"] == card["date_of_issue"].strftime("%d/%m/%Y")
    assert values["sex"] == card["sex"]
    assert values["address"] == " ".join(card["residence"].split())
    for key in ("hometown", "ethnicity", "religion", "identifying_marks", "father_name", "mother_name"):
        assert values[key] == " ".join(card[key].split()), key
    assert values["old_id_number"] == card["old_id_number"]
    assert values["last_name"] + " " in values["full_name"] + " "
    assert values["full_name"].endswith(values["first_name"])
    assert set(values) <= set(PREFILL_FIELDS)
    assert card["citizen_number"] not in repr(prefill)
    assert prefill.for_form(["full_name", "phone"]) == {"full_name": card["full_name"]}


def test_thai_card_prefill_in_both_calendars() -> None:
    """GIVEN a Thai ID card WHEN prefilled THEN the name parts and address parts are split out and
    dates follow the form's calendar (Buddhist era in Thai deployments)."""
    fixture = load_fixture(RESOURCES / "cards" / "th" / "somchai.toml")
    card = parse_data_area(fixture.data_area()[DATA_START:], atr=fixture.atr)
    gregorian = prefill_from_card(card)
    buddhist = prefill_from_card(card, calendar="buddhist")
    assert gregorian is not None and buddhist is not None
    assert gregorian.source == "th_id" and not gregorian.verified
    assert gregorian.values["id_number"] == "3100600445635"
    assert gregorian.values["date_of_birth"] == "15/06/1980"
    assert buddhist.values["date_of_birth"] == "15/06/2523"
    assert gregorian.values["first_name"] == card.name_th.first
    assert gregorian.values["title"] == card.name_th.title
    assert gregorian.values["address_province"] == card.address.province
    assert gregorian.values["full_name_en"] == card.name_en.full


def test_no_card_no_prefill() -> None:
    assert prefill_from_card(None) is None
    assert prefill_from_card(TypedIdNumber("001090000123")) is None, "a typed number has nothing to prefill"


def test_own_data_rows_of_a_cccd() -> None:
    """GIVEN the CCCD of a citizen with a very long residence WHEN its rows are made THEN every DG13
    field is there in display order, whole, and the chip is reported verified."""
    rows = own_data_rows(read_demo_cccd(RESOURCES, "mo").document)
    card = tomllib.loads(cccd_fixture_path(RESOURCES, "mo").read_text(encoding="utf-8"))
    assert rows.kind == "cccd" and rows.verification == "ok"
    keys = [key for key, _ in rows.rows]
    assert keys == [
        "id_number", "name", "date_of_birth", "sex", "nationality", "ethnicity", "religion", "hometown",
        "address", "identifying_marks", "date_of_issue", "date_of_expiry", "father_name", "mother_name",
        "old_id_number",
    ]  # fmt: skip
    assert rows.value("address") == card["residence"] and len(str(rows.value("address")).encode()) > 255
    assert rows.value("date_of_birth") == card["date_of_birth"]
    assert rows.value("sex") == "F"
    assert "Hoàng" not in repr(rows)

"""Chip-ID errors as the citizen and the technician see them: translated sentences and the
``kiosk card read --mrz`` argument checks (no reader needed)."""

from __future__ import annotations

import pytest

from drivers.card.errors import CardRemoved, NoReader
from drivers.card.icao.errors import BacError, LdsError, MrzError, SecureMessagingError
from drivers.card.icao.mrz import MrzInformation
from drivers.card.icao.sod import PassiveAuthStatus
from kiosk.chip_messages import (
    FALLBACK,
    FIELD_MESSAGES,
    PASSIVE_AUTHENTICATION_MESSAGES,
    REASON_MESSAGES,
    citizen_message,
    passive_authentication_message,
)
from kiosk.cli.card_commands import chip_access
from kiosk.cli.main import main
from kiosk.i18n import Catalog
from kiosk.paths import resources_dir


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog(resources_dir() / "translations")


def test_errors_map_to_their_sentences(catalog: Catalog) -> None:
    """GIVEN the typed errors of a chip read WHEN turned into the citizen's sentence (English)
    THEN a wrong field names that field, other errors their reason, unknown ones the fallback."""
    assert citizen_message(MrzError("date_of_birth", "x"), catalog, "en") == FIELD_MESSAGES["date_of_birth"]
    assert citizen_message(MrzError("composite", "x"), catalog, "en") == REASON_MESSAGES["mrz_invalid"]
    assert citizen_message(BacError(), catalog, "en") == REASON_MESSAGES["access_denied"]
    assert citizen_message(SecureMessagingError("x"), catalog, "en") == REASON_MESSAGES["secure_messaging"]
    assert citizen_message(LdsError("DG2"), catalog, "en") == REASON_MESSAGES["malformed_data"]
    assert citizen_message(CardRemoved(), catalog, "en") == REASON_MESSAGES["card_removed"]
    assert citizen_message(NoReader(), catalog, "en") == FALLBACK


@pytest.mark.parametrize("language", ["vi", "th", "en"])
def test_every_sentence_has_a_text_in_each_language(catalog: Catalog, language: str) -> None:
    """GIVEN each language WHEN every chip sentence is looked up THEN a non-empty text comes back
    (the English source until the translation files are regenerated)."""
    for status in PassiveAuthStatus:
        assert passive_authentication_message(status, catalog, language)  # type: ignore[arg-type]
    for source in [*REASON_MESSAGES.values(), *FIELD_MESSAGES.values(), FALLBACK]:
        assert catalog.translate(language, "ChipId", source)  # type: ignore[arg-type]
    assert set(PASSIVE_AUTHENTICATION_MESSAGES) == {"ok", "failed", "not_checked"}


def test_mrz_argument_forms() -> None:
    """GIVEN --mrz as MRZ lines, MRZ information, or number and dates (12-digit CCCD number too)
    WHEN turned into access data THEN all give the chip's 9-digit key material."""
    lines = "IDVNM1950012347038195001234<<<\n9504154F3504152VNM<<<<<<<<<<<4\nLE<<THI<HONG<NHUNG<<<<<<<<<<<<"
    expected = MrzInformation("195001234", "950415", "350415")
    assert chip_access(lines) == expected
    assert chip_access("19500123479504154" + "3504152") == expected
    assert chip_access("038195001234 950415 350415") == expected
    assert chip_access("195001234, 9504154, 3504152") == expected


def test_card_read_with_a_wrong_mrz_prints_one_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    """GIVEN `kiosk card read --mrz` with a wrong date-of-birth check digit
    WHEN run THEN exit status 2 and one plain sentence naming the field on stderr, before any
    reader is opened."""
    status = main(["card", "read", "--mrz", "195001234 9504155 3504152", "--json"])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""
    assert captured.err.strip().endswith(".")
    assert "date_of_birth" in captured.err
    assert captured.err.count("\n") == 1


def test_card_read_with_a_bad_can(capsys: pytest.CaptureFixture[str]) -> None:
    """GIVEN `kiosk card read --can 12x` WHEN run THEN exit status 2 and a sentence about the CAN."""
    assert main(["card", "read", "--can", "12x"]) == 2
    assert "can" in capsys.readouterr().err

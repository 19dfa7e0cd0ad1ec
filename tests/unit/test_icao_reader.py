"""The whole CCCD read (access control, files, passive authentication) against the virtual chip,
in process (the pcscd + vpcd path is covered by the card's integration tests)."""

from __future__ import annotations

import hashlib

import pytest

from drivers.card.base import CardHolder
from drivers.card.errors import CardRemoved
from drivers.card.icao.errors import AccessDenied, BacError, PaceError, SecureMessagingError
from drivers.card.icao.lds import VietnamesePersonalData
from drivers.card.icao.mrz import MrzInformation, parse_mrz
from drivers.card.icao.pace import Can
from drivers.card.icao.reader import CccdDocument, read_cccd
from drivers.card.icao.sim import CccdCardSim
from drivers.card.icao.sod import PassiveAuthResult, PassiveAuthStatus
from kiosk.paths import resources_dir

FIXTURES = resources_dir() / "cards" / "vn"
TRUST = FIXTURES / "trust"


class InProcessTransport:
    """The chip as an ApduTransport; a chip that has "left" raises CardRemoved like pyscard would."""

    def __init__(self, card: CccdCardSim) -> None:
        self.card = card
        card.power_on()

    def atr(self) -> bytes:
        return self.card.atr()

    def transmit(self, apdu: bytes) -> bytes:
        if self.card.removed:
            raise CardRemoved()
        return self.card.apdu(apdu)


def chip(name: str, **faults: object) -> CccdCardSim:
    return CccdCardSim.from_fixture(FIXTURES / f"{name}.toml", **faults)  # type: ignore[arg-type]


def read(card: CccdCardSim, access: MrzInformation | Can | None = None, **kwargs: object) -> CccdDocument:
    return read_cccd(
        InProcessTransport(card),
        access or MrzInformation.parse(card.fixture.mrz_text),
        trust_store=kwargs.pop("trust_store", TRUST),  # type: ignore[arg-type]
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("name", ["an", "duc", "lan", "mo"])
def test_each_fixture_reads_back_exactly(name: str) -> None:
    """GIVEN a virtual CCCD WHEN read with the MRZ printed on it
    THEN every SPEC section 9 field equals the fixture and passive authentication is ok."""
    card = chip(name)
    fixture = card.fixture
    document = read(card)
    data = document.as_json()
    assert data["document_type"] == "icao_td1"
    assert data["id_number"] == fixture.citizen_number
    assert data["name"]["full"] == fixture.full_name
    assert data["name"]["last"] == fixture.full_name.split()[0]
    assert data["name"]["first"] == fixture.full_name.split()[-1]
    assert data["date_of_birth"] == fixture.date_of_birth.isoformat()
    assert data["date_of_issue"] == fixture.date_of_issue.isoformat()
    assert data["date_of_expiry"] == fixture.date_of_expiry.isoformat()
    assert data["sex"] == fixture.sex
    assert data["address"] == data["residence"] == fixture.residence
    assert data["issuer"] == "VNM"
    assert data["photo_sha256"] == hashlib.sha256(fixture.photo).hexdigest()
    assert data["photo_format"] == fixture.photo_format
    for key in ("ethnicity", "religion", "hometown", "identifying_marks", "father_name", "mother_name"):
        assert data[key] == getattr(fixture, key), key
    assert data["old_id_number"] == fixture.old_id_number
    assert data["nationality"] == fixture.nationality
    assert data["passive_authentication"] == "ok", data["passive_authentication_reason"]
    assert data["access_control"] == ("PACE" if fixture.offers_pace else "BAC")
    assert document.apdu_count == card.apdu_count
    holder = CardHolder(document, document.photo)  # what the reader hands the kiosk
    assert (holder.id_number, holder.full_name) == (fixture.citizen_number, fixture.full_name)
    assert holder == CardHolder(document) and holder.document is document


def test_tampered_fixture_fails_passive_authentication() -> None:
    """GIVEN the fixture whose DG13 was altered after signing WHEN read
    THEN the data still reads but passive authentication is failed, naming DG13."""
    document = read(chip("tampered"))
    assert document.passive_authentication.status.value == "failed"
    assert "DG13" in document.passive_authentication.reason


def test_without_trust_store_the_result_is_not_checked() -> None:
    """GIVEN no CSCA trust store WHEN a genuine card is read THEN not_checked, never ok."""
    assert read(chip("an"), trust_store=None).as_json()["passive_authentication"] == "not_checked"


def test_progress_moves_forward_to_the_end() -> None:
    """GIVEN a progress callback WHEN a card is read
    THEN the stages come in reading order, the fraction never goes back and ends at 1.0."""
    seen: list[tuple[str, float]] = []
    read(chip("lan"), progress=lambda stage, fraction: seen.append((stage, fraction)))
    stages = list(dict.fromkeys(stage for stage, _ in seen))
    assert stages == ["access", "EF.COM", "DG1", "DG2", "DG13", "EF.SOD", "verify"]
    fractions = [fraction for _, fraction in seen]
    assert fractions == sorted(fractions)
    assert fractions[-1] == pytest.approx(1.0)


def test_reads_stay_within_the_secure_messaging_limit() -> None:
    """GIVEN the virtual chip (it answers 6700 to longer reads) WHEN a 15+ KB face is read
    THEN the read succeeds in 0xDF-byte chunks: about one READ BINARY per 223 bytes."""
    card = chip("an")
    document = read(card)
    reads = card.commands.count(0xB0)
    total = sum(len(content) for content in document.data_groups.values()) + len(document.sod or b"")
    assert reads <= total // 0xDF + 10


def test_wrong_mrz_on_a_bac_card() -> None:
    """GIVEN a BAC card and a wrong date of birth WHEN read THEN BacError with the plain sentence."""
    card = chip("an")
    good = MrzInformation.parse(card.fixture.mrz_text)
    with pytest.raises(BacError) as caught:
        read(card, MrzInformation(good.document_number, "900313", good.date_of_expiry))
    assert str(caught.value) == "The card did not accept the document number, date of birth or expiry date"


def test_wrong_mrz_on_a_pace_card() -> None:
    """GIVEN a PACE card and a wrong expiry date WHEN read THEN access is denied (PaceError)."""
    card = chip("lan")
    good = MrzInformation.parse(card.fixture.mrz_text)
    with pytest.raises(PaceError) as caught:
        read(card, MrzInformation(good.document_number, good.date_of_birth, "260826"))
    assert caught.value.reason == "access_denied"


def test_can_opens_a_pace_card() -> None:
    """GIVEN the card access number printed on a PACE card WHEN read with it THEN PACE, ok."""
    card = chip("lan")
    assert card.fixture.can is not None
    document = read(card, Can(card.fixture.can))
    assert document.access_control == "PACE"
    assert document.passive_authentication.ok


def test_can_alone_cannot_open_a_bac_card_but_can_with_mrz() -> None:
    """GIVEN a BAC-only card WHEN read with a CAN only THEN AccessDenied saying the MRZ data is needed;
    WITH the MRZ as well THEN BAC reads it."""
    with pytest.raises(AccessDenied) as caught:
        read(chip("an"), Can("123456"))
    assert "date of birth" in str(caught.value)
    card = chip("an")
    document = read(card, Can("123456"), mrz=MrzInformation.parse(card.fixture.mrz_text))
    assert document.access_control == "BAC"


def test_pace_refused_falls_back_to_bac() -> None:
    """GIVEN a PACE card that refuses MSE:Set AT (APDU 3, 6A80) WHEN read
    THEN the reader falls back to BAC, as real readers do, and reads the card."""
    card = chip("lan", wrong_status=(3, 0x6A80))
    document = read(card)
    assert card.commands[2] == 0x22
    assert document.access_control == "BAC"
    assert document.passive_authentication.ok


def test_card_pulled_mid_read() -> None:
    """GIVEN a card that leaves the reader after 40 APDUs (in the middle of DG2)
    WHEN read THEN CardRemoved, the existing typed error."""
    with pytest.raises(CardRemoved):
        read(chip("an", remove_after_apdus=40))


def test_corrupted_answer_is_refused() -> None:
    """GIVEN a card whose 20th answer has a flipped MAC byte WHEN read THEN SecureMessagingError."""
    with pytest.raises(SecureMessagingError):
        read(chip("an", corrupt_response=20))


def test_repr_hides_personal_data() -> None:
    """GIVEN a document read WHEN shown with repr THEN no number or name appears."""
    card = chip("mo")
    shown = repr(read(card))
    assert card.fixture.citizen_number not in shown
    assert card.fixture.full_name.split()[-1] not in shown


def _document(mrz_text: str, personal: VietnamesePersonalData | None = None) -> CccdDocument:
    return CccdDocument(
        mrz=parse_mrz(mrz_text),
        personal=personal,
        face=None,
        com=None,
        passive_authentication=PassiveAuthResult(PassiveAuthStatus.NOT_CHECKED, "no trust store"),
        access_control="BAC",
    )


def test_without_dg13_the_mrz_fills_the_fields() -> None:
    """GIVEN a CCCD read without DG13 (born 2001: G digit 3 in the number)
    WHEN turned into JSON THEN number, MRZ name, dates (century from the number) and sex come from
    the MRZ, DG13-only fields are null and there is no photo."""
    data = _document(
        "IDVNM3010045676079301004567<<<\n0108250F2608259VNM<<<<<<<<<<<4\nTRAN<<THI<LAN<<<<<<<<<<<<<<<<<"
    ).as_json()
    assert data["id_number"] == "079301004567"
    assert data["name"] == {
        "title": None,
        "first": "LAN",
        "middle": "THI",
        "last": "TRAN",
        "full": "TRAN THI LAN",
    }
    assert (data["date_of_birth"], data["date_of_expiry"], data["date_of_issue"]) == (
        "2001-08-25",
        "2026-08-25",
        None,
    )
    assert (data["sex"], data["nationality"], data["photo_sha256"], data["ethnicity"]) == (
        "F",
        "VNM",
        None,
        None,
    )


def test_a_passport_keeps_western_name_order_and_no_expiry_text_is_null() -> None:
    """GIVEN the ICAO specimen passport WHEN turned into JSON THEN first name ANNA, middle MARIA;
    GIVEN DG13 saying "Không thời hạn" for the expiry THEN date_of_expiry is null."""
    passport = _document(
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
    ).as_json()
    assert passport["document_type"] == "icao_td3"
    assert (passport["name"]["first"], passport["name"]["middle"], passport["name"]["last"]) == (
        "ANNA",
        "MARIA",
        "ERIKSSON",
    )
    lifetime = _document(
        "IDVNM3010045676079301004567<<<\n0108250F2608259VNM<<<<<<<<<<<4\nTRAN<<THI<LAN<<<<<<<<<<<<<<<<<",
        VietnamesePersonalData(full_name="Trần Thị Lan", date_of_expiry="Không thời hạn"),
    ).as_json()
    assert lifetime["date_of_expiry"] is None
    assert lifetime["name"]["first"] == "Lan"

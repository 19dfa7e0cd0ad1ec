"""The virtual CCCD chip on its own: fixtures, files, BAC / PACE / secure messaging as a chip
answers them, and its faults. The terminal side is the product's own (``drivers.card.icao``), so
each test is one real exchange between the two halves, APDU by APDU, without pcscd."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drivers.card.icao import ber
from drivers.card.icao.bac import perform_bac
from drivers.card.icao.errors import BacError, PaceError, PaceUnsupported, SecureMessagingError
from drivers.card.icao.lds import parse_dg1, parse_dg2, parse_dg13
from drivers.card.icao.mrz import MrzInformation, parse_mrz
from drivers.card.icao.pace import Can, choose_pace_info, parse_card_access, perform_pace
from drivers.card.icao.sim import AID, ATR, CccdCardSim, max_protected_read
from drivers.card.icao.sim_files import (
    FID_CARD_ACCESS,
    FID_COM,
    FID_DG1,
    FID_DG2,
    FID_DG13,
    FID_SOD,
    build_chip_files,
    load_fixture,
    mrz_name,
)
from drivers.card.icao.sm import MAX_READ, SecureMessaging
from drivers.card.icao.sod import TrustStore, passive_authentication
from drivers.card.thai_id_sim import check_atr
from kiosk.domain.citizen_id import cccd_birth_year, check_vietnamese_id
from kiosk.paths import resources_dir

FIXTURES = resources_dir() / "cards" / "vn"
TRUST = FIXTURES / "trust"
PKI = FIXTURES / "pki"
NAMES = sorted(path.stem for path in FIXTURES.glob("*.toml"))
SELECT_APPLICATION = bytes.fromhex("00A4040C07") + AID
DATA_GROUP_FILES = {1: FID_DG1, 2: FID_DG2, 13: FID_DG13}

# The chip's SW for each plain answer under test.
OK, SECURITY, SM_MISSING, SM_WRONG, NOT_FOUND = "9000", "6982", "6987", "6988", "6a82"

_cards: dict[str, CccdCardSim] = {}


def card(name: str, **faults: object) -> CccdCardSim:
    """A fresh chip (state reset); the files are built once per fixture (signing takes time)."""
    if name not in _cards:
        _cards[name] = CccdCardSim.from_fixture(FIXTURES / f"{name}.toml")
    built = _cards[name]
    return CccdCardSim(built.fixture, files=built.chip, **faults)  # type: ignore[arg-type]


def sw(answer: bytes) -> str:
    return answer[-2:].hex()


def bac_session(chip: CccdCardSim, access: MrzInformation | None = None) -> SecureMessaging:
    assert sw(chip.apdu(SELECT_APPLICATION)) == OK
    return perform_bac(chip.apdu, access or chip.fixture.mrz_information())


def pace_session(chip: CccdCardSim, password: MrzInformation | Can | None = None) -> SecureMessaging:
    assert sw(chip.apdu(bytes.fromhex("00A4020C02011C"))) == OK
    card_access = chip.apdu(bytes.fromhex("00B0000000"))
    info = choose_pace_info(parse_card_access(card_access[:-2]))
    assert info is not None
    session = perform_pace(chip.apdu, password or chip.fixture.mrz_information(), info)
    answer = session.unprotect_response(chip.apdu(session.protect_command(SELECT_APPLICATION)))
    assert sw(answer) == OK
    return session


def protected(chip: CccdCardSim, session: SecureMessaging, apdu: str | bytes) -> bytes:
    command = bytes.fromhex(apdu) if isinstance(apdu, str) else apdu
    return session.unprotect_response(chip.apdu(session.protect_command(command)))


def read_file(chip: CccdCardSim, session: SecureMessaging, fid: int, chunk: int = MAX_READ) -> bytes:
    """SELECT, then READ BINARY in ``chunk``-byte pieces up to the length the file's TLV gives."""
    assert sw(protected(chip, session, b"\x00\xa4\x02\x0c\x02" + fid.to_bytes(2, "big"))) == OK
    head = protected(chip, session, "00B0000004")
    assert sw(head) == OK
    tlv_head = head[:-2]
    size_bytes = tlv_head[1] & 0x7F if tlv_head[1] & 0x80 else 0
    length = int.from_bytes(tlv_head[2 : 2 + size_bytes], "big") if size_bytes else tlv_head[1]
    total = 2 + size_bytes + length
    content = b""
    while len(content) < total:
        n = min(chunk, total - len(content))
        offset = len(content).to_bytes(2, "big")
        answer = protected(chip, session, b"\x00\xb0" + offset + bytes((n,)))
        assert sw(answer) == OK
        content += answer[:-2]
    return content


# --------------------------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------------------------


def test_there_are_the_fixtures_the_tests_need() -> None:
    """GIVEN the fixture folder WHEN the cards load THEN at least one offers PACE, one is BAC
    only, one keeps a JPEG 2000 face, one is tampered, one has a DG13 field over 255 bytes."""
    fixtures = [load_fixture(FIXTURES / f"{name}.toml") for name in NAMES]
    assert len(fixtures) >= 4
    assert any(f.offers_pace for f in fixtures)
    assert any(not f.offers_pace for f in fixtures)
    assert any(f.photo_format == "jpeg2000" for f in fixtures)
    assert any(f.photo_format == "jpeg" for f in fixtures)
    assert [f.name for f in fixtures if f.tamper is not None] == ["tampered"]
    longest = max(len(f.residence.encode()) for f in fixtures)
    assert longest > 255


@pytest.mark.parametrize("name", NAMES)
def test_fixture_is_consistent_by_the_product_rules(name: str) -> None:
    """GIVEN a fixture WHEN its number, MRZ and dates are checked by the kiosk's and the reader's own
    rules THEN the number is a valid CCCD encoding the birth year and sex, and the printed MRZ
    parses (every check digit) to the same number, dates and sex."""
    fixture = load_fixture(FIXTURES / f"{name}.toml")
    assert check_vietnamese_id(fixture.citizen_number, current_year=2025).problem is None
    assert cccd_birth_year(fixture.citizen_number) == fixture.date_of_birth.year
    assert (int(fixture.citizen_number[3]) % 2 == 0) == (fixture.sex == "M")
    mrz = parse_mrz(fixture.mrz_text)
    assert mrz.is_cccd and mrz.document_number == fixture.citizen_number
    assert mrz.access_document_number == fixture.citizen_number[3:]
    assert mrz.date_of_birth == fixture.date_of_birth.strftime("%y%m%d")
    assert mrz.date_of_expiry == fixture.date_of_expiry.strftime("%y%m%d")
    assert mrz.sex == fixture.sex
    assert fixture.date_of_issue < fixture.date_of_expiry
    assert f"{mrz.surname}<<{mrz.given_names.replace(' ', '<')}" == mrz_name(fixture.full_name).rstrip("<")
    for text in (
        fixture.full_name,
        fixture.hometown,
        fixture.residence,
        fixture.father_name,
        fixture.mother_name,
    ):
        assert not text.isascii()  # Vietnamese with its diacritics


@pytest.mark.parametrize("name", NAMES)
def test_data_groups_parse_back_to_the_fixture(name: str) -> None:
    """GIVEN a chip's files WHEN the terminal's parsers read them THEN DG1 is the printed MRZ, DG2
    holds the photo file unchanged (15-20 KB), DG13 every SPEC field, and EF.COM lists them."""
    chip = card(name)
    fixture = chip.fixture
    assert parse_dg1(chip.file(FID_DG1)).lines == fixture.mrz
    face = parse_dg2(chip.file(FID_DG2))
    assert face.data == fixture.photo and face.format == fixture.photo_format
    assert 15_000 <= len(chip.file(FID_DG2)) <= 20_000
    personal = parse_dg13(chip.chip.signed_data_groups[13])
    assert personal.id_number == fixture.citizen_number
    assert personal.full_name == fixture.full_name
    assert personal.date_of_birth == fixture.date_of_birth.strftime("%d/%m/%Y")
    assert personal.sex_code == fixture.sex
    assert (personal.nationality, personal.ethnicity, personal.religion) == (
        fixture.nationality,
        fixture.ethnicity,
        fixture.religion,
    )
    assert (personal.hometown, personal.residence) == (fixture.hometown, fixture.residence)
    assert personal.identifying_marks == fixture.identifying_marks
    assert (personal.father_name, personal.mother_name) == (fixture.father_name, fixture.mother_name)
    assert personal.date_of_issue == fixture.date_of_issue.strftime("%d/%m/%Y")
    assert personal.date_of_expiry == fixture.date_of_expiry.strftime("%d/%m/%Y")
    com = ber.decode_all(chip.file(FID_COM))[0]
    tag_list = ber.find(com.children(), 0x5C)
    assert tag_list is not None and tag_list.value == bytes((0x61, 0x75, 0x6D))


def test_dg13_of_a_long_address_uses_the_three_byte_length_form() -> None:
    """GIVEN the fixture with a very long residence WHEN DG13 is encoded THEN that field's
    UTF8String takes the ``82 xx xx`` length form, and the terminal reads it back whole."""
    chip = card("mo")
    residence = chip.fixture.residence.encode("utf-8")
    assert len(residence) > 255
    assert b"\x0c\x82" + len(residence).to_bytes(2, "big") + residence in chip.file(FID_DG13)
    assert parse_dg13(chip.file(FID_DG13)).residence == chip.fixture.residence


def test_dg13_numbers_the_fields_as_the_chips_do() -> None:
    """GIVEN a chip's DG13 WHEN its fields are listed THEN they are numbered 1 to 16 in order,
    with the spouse in 14, the old ID number in 15 (PrintableString) and the card serial in 16."""
    chip = card("an")
    fields = ber.decode_all(ber.decode_all(chip.file(FID_DG13))[0].value)
    numbers = [int.from_bytes(field.children()[0].value, "big") for field in fields]
    assert numbers == list(range(1, 17))
    old_id = fields[14].children()[1]
    assert old_id.tag == 0x13 and old_id.value.decode() == chip.fixture.old_id_number
    spouse = fields[13].children()[1].children()[0]
    assert spouse.value.decode() == chip.fixture.spouse_name
    assert ber.decode_all(card("lan").file(FID_DG13))[0].children()[13].value == b"\x02\x01\x0e"  # no spouse


@pytest.mark.parametrize("name", NAMES)
def test_sod_signature_chains_to_the_test_csca(name: str) -> None:
    """GIVEN a chip WHEN passive authentication runs on its stored files THEN ``ok`` with the test
    trust store (``failed`` for the tampered card), and ``not_checked`` without a trust store
    unless a hash is wrong."""
    chip = card(name)
    groups = {number: chip.file(fid) for number, fid in DATA_GROUP_FILES.items()}
    with_store = passive_authentication(chip.file(FID_SOD), groups, TrustStore.load(TRUST))
    without = passive_authentication(chip.file(FID_SOD), groups, None)
    if name == "tampered":
        assert with_store.status == without.status == "failed"
        assert "DG13" in with_store.reason
        signed = {number: chip.chip.signed_data_groups[number] for number in DATA_GROUP_FILES}
        assert passive_authentication(chip.file(FID_SOD), signed, TRUST).status == "ok"
    else:
        assert with_store.status == "ok", with_store.reason
        assert without.status == "not_checked"


def test_sod_is_the_same_bytes_every_time() -> None:
    """GIVEN a fixture WHEN its chip is built twice (RSA and ECDSA signers) THEN EF.SOD is identical,
    so a test run never depends on the moment or on random numbers."""
    for name in ("an", "lan"):
        fixture = load_fixture(FIXTURES / f"{name}.toml")
        assert build_chip_files(fixture).files[FID_SOD] == build_chip_files(fixture).files[FID_SOD]


def test_test_pki_is_marked_and_consistent() -> None:
    """GIVEN the committed test PKI WHEN loaded THEN each document signer is issued by the trust
    store's CSCA, its key matches its certificate, and every key file says it is for tests only."""
    (csca,) = TrustStore.load(TRUST).certificates
    for name in ("ds-rsa", "ds-ecdsa"):
        cert = x509.load_pem_x509_certificate((PKI / f"{name}.pem").read_bytes())
        cert.verify_directly_issued_by(csca)
        key_file = (PKI / f"{name}.key.pem").read_bytes()
        assert key_file.startswith(b"TEST KEY")
        key = serialization.load_pem_private_key(key_file, password=None)
        assert key.public_key().public_bytes(  # type: ignore[union-attr]
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        ) == cert.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    assert (PKI / "csca.key.pem").read_bytes().startswith(b"TEST KEY")


def test_photos_come_from_the_fixture_script() -> None:
    """GIVEN the fixture script WHEN it draws one face again THEN the bytes equal the committed
    picture (the pictures are drawn, not a real person's, and reproducible)."""
    import importlib.util
    import sys

    path = Path(__file__).resolve().parents[2] / "scripts" / "make-cccd-fixtures.py"
    spec = importlib.util.spec_from_file_location("make_cccd_fixtures", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        look = module.LOOKS["an"]
        assert (
            module.encode_photo(module.draw_face(look), look.image_format)
            == (FIXTURES / "an.jpg").read_bytes()
        )
    finally:
        del sys.modules[spec.name]


def _broken_copy(tmp_path: Path, name: str, old: str, new: str) -> Path:
    folder = tmp_path / "vn"
    shutil.copytree(FIXTURES, folder)
    path = folder / f"{name}.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('citizen_number = "001090000123"', 'citizen_number = "001190000123"', "sex"),
        ('citizen_number = "001090000123"', 'citizen_number = "001091000123"', "year of birth"),
        ("date_of_expiry = 2030-03-12", "date_of_expiry = 2030-03-13", "printed MRZ"),
        ('photo = "an.jpg"', 'photo = "trust/vn-test-csca.pem"', "photo is neither"),
        ('photo = "an.jpg"', 'photo = "nobody.jpg"', "photo nobody.jpg cannot be read"),
        ('document_signer = "ds-rsa"', 'document_signer = "nobody"', "document_signer"),
    ],
)
def test_an_inconsistent_fixture_is_refused_by_name(tmp_path: Path, old: str, new: str, message: str) -> None:
    """GIVEN a fixture with one inconsistent value WHEN loaded THEN ValueError names the problem."""
    with pytest.raises(ValueError, match=message):
        load_fixture(_broken_copy(tmp_path, "an", old, new))


# --------------------------------------------------------------------------------------------
# Access control and secure messaging
# --------------------------------------------------------------------------------------------


def test_atr_is_well_formed() -> None:
    check_atr(ATR)
    assert card("an").atr() == ATR


def test_files_are_locked_until_access_control() -> None:
    """GIVEN a fresh chip WHEN files are selected or read in plain THEN the eMRTD files answer
    6982, an unknown one 6A82; EF.CardAccess is readable in plain only where PACE is offered."""
    chip = card("an")
    assert sw(chip.apdu(SELECT_APPLICATION)) == OK
    assert sw(chip.apdu(bytes.fromhex("00A4020C02011E"))) == SECURITY
    assert sw(chip.apdu(bytes.fromhex("00B0810004"))) == SECURITY  # DG1 by short file ID
    assert sw(chip.apdu(bytes.fromhex("00A4020C020104"))) == NOT_FOUND  # DG4 is not on the card
    assert sw(chip.apdu(bytes.fromhex("00A4020C02011C"))) == NOT_FOUND  # not in the application
    assert sw(chip.apdu(bytes.fromhex("00A4000C"))) == OK  # back to the master file
    assert sw(chip.apdu(bytes.fromhex("00A4020C02011C"))) == NOT_FOUND  # a BAC-only chip
    pace_chip = card("lan")
    assert sw(pace_chip.apdu(bytes.fromhex("00A4020C02011C"))) == OK
    answer = pace_chip.apdu(bytes.fromhex("00B0000000"))
    assert answer[:-2] == pace_chip.file(FID_CARD_ACCESS) and sw(answer) == "6282"  # shorter than asked


@pytest.mark.parametrize("name", NAMES)
def test_bac_then_every_file_reads_back(name: str) -> None:
    """GIVEN a chip WHEN the terminal runs BAC and reads each file under secure messaging THEN the
    session is 3DES, the chip says BAC opened it, and every file is the chip's bytes."""
    chip = card(name)
    session = bac_session(chip)
    assert session.cipher == "3des" and chip.authenticated_with == "BAC"
    for fid in (FID_COM, FID_DG1, FID_DG2, FID_DG13, FID_SOD):
        assert read_file(chip, session, fid, chunk=0xE7) == chip.file(fid)


def test_pace_with_the_mrz_and_with_the_can() -> None:
    """GIVEN the PACE chip WHEN the terminal runs PACE with the MRZ, then on a fresh session with the
    card access number THEN each opens an AES session the chip accepts for reading."""
    for password in (None, Can(str(card("lan").fixture.can))):
        chip = card("lan")
        session = pace_session(chip, password)
        assert session.cipher == "aes128" and chip.authenticated_with == "PACE"
        assert read_file(chip, session, FID_DG1) == chip.file(FID_DG1)


def test_wrong_mrz_fails_bac_and_a_retry_works() -> None:
    """GIVEN a chip WHEN BAC runs with a wrong date of birth THEN the chip answers 6300 (BacError at
    the terminal) and stays locked; the right MRZ then works."""
    chip = card("an")
    right = chip.fixture.mrz_information()
    wrong = MrzInformation(right.document_number, "900313", right.date_of_expiry)
    with pytest.raises(BacError):
        bac_session(chip, wrong)
    assert chip.failed_authentications == 1 and chip.authenticated_with is None
    assert sw(chip.apdu(bytes.fromhex("00A4020C02011E"))) == SECURITY
    bac_session(chip)
    assert chip.authenticated_with == "BAC"


def test_wrong_can_fails_pace_with_6300() -> None:
    """GIVEN the PACE chip WHEN PACE runs with a wrong CAN THEN step 4 is refused (PaceError)."""
    chip = card("lan")
    with pytest.raises(PaceError):
        pace_session(chip, Can("000000"))
    assert chip.failed_authentications == 1 and chip.authenticated_with is None


def test_pace_on_a_bac_only_chip_is_refused() -> None:
    """GIVEN a BAC-only chip WHEN a terminal tries MSE:Set AT anyway THEN it is refused, which the
    terminal reports as PACE unsupported (its cue to fall back to BAC)."""
    from drivers.card.icao.pace import PaceInfo

    chip = card("an")
    info = PaceInfo("0.4.0.127.0.7.2.2.4.2.2", 2, 13)
    with pytest.raises(PaceUnsupported):
        perform_pace(chip.apdu, chip.fixture.mrz_information(), info)


def test_a_wrong_mac_ends_the_session_with_6988() -> None:
    """GIVEN a BAC session WHEN a command arrives with one MAC byte changed THEN the chip answers
    6988 in plain and forgets the session: the next protected command gets 6987."""
    chip = card("an")
    session = bac_session(chip)
    command = bytearray(session.protect_command(bytes.fromhex("00A4020C02011E")))
    command[-2] ^= 0x01
    assert chip.apdu(bytes(command)) == bytes.fromhex(SM_WRONG)
    assert chip.authenticated_with is None
    assert chip.apdu(session.protect_command(bytes.fromhex("00A4020C02011E"))) == bytes.fromhex(SM_MISSING)
    assert sw(chip.apdu(bytes.fromhex("00A4020C02011E"))) == SECURITY


def test_a_plain_command_during_secure_messaging_ends_the_session() -> None:
    chip = card("lan")
    pace_session(chip)
    assert chip.apdu(bytes.fromhex("00A4020C02011E")) == bytes.fromhex(SM_MISSING)
    assert chip.authenticated_with is None


def test_read_lengths_under_secure_messaging() -> None:
    """GIVEN AES and 3DES sessions WHEN READ BINARY asks for the most that fits a short answer and
    one byte more THEN the first is answered, the second 6700; past the end 6282 / 6B00."""
    assert max_protected_read(16) == MAX_READ == 0xDF
    assert max_protected_read(8) == 0xE7
    for name, limit in (("lan", 0xDF), ("an", 0xE7)):
        chip = card(name)
        session = pace_session(chip) if name == "lan" else bac_session(chip)
        assert sw(protected(chip, session, "00A4020C020102")) == OK
        assert len(protected(chip, session, b"\x00\xb0\x00\x00" + bytes((limit,)))) == limit + 2
        assert sw(protected(chip, session, b"\x00\xb0\x00\x00" + bytes((limit + 1,)))) == "6700"
        size = len(chip.file(FID_DG2))
        tail = protected(chip, session, b"\x00\xb0" + (size - 5).to_bytes(2, "big") + b"\x10")
        assert tail == chip.file(FID_DG2)[-5:] + b"\x62\x82"
        assert sw(protected(chip, session, b"\x00\xb0" + size.to_bytes(2, "big") + b"\x10")) == "6b00"


def test_short_file_id_read_selects_the_file() -> None:
    chip = card("an")
    session = bac_session(chip)
    first = protected(chip, session, "00B08D0010")  # DG13 by short file ID 0D
    assert first[:-2] == chip.file(FID_DG13)[:16]
    assert protected(chip, session, "00B0001010")[:-2] == chip.file(FID_DG13)[16:32]


# --------------------------------------------------------------------------------------------
# Faults and robustness
# --------------------------------------------------------------------------------------------


def test_remove_after_apdus_marks_the_card_removed() -> None:
    chip = card("an", remove_after_apdus=3)
    chip.apdu(SELECT_APPLICATION)
    chip.apdu(bytes.fromhex("0084000008"))
    assert not chip.removed
    chip.apdu(bytes.fromhex("0084000008"))
    assert chip.removed


def test_corrupt_response_is_caught_by_the_terminal() -> None:
    """GIVEN a chip told to flip a MAC byte in its 4th answer WHEN the terminal reads EF.COM THEN
    the terminal's secure messaging refuses that answer."""
    chip = card("an", corrupt_response=4)
    session = bac_session(chip)  # answers 1-3
    with pytest.raises(SecureMessagingError):
        protected(chip, session, "00A4020C02011E")


def test_wrong_status_answers_instead_of_executing() -> None:
    chip = card("an", wrong_status=(1, 0x6F00))
    assert chip.apdu(SELECT_APPLICATION) == b"\x6f\x00"
    assert sw(chip.apdu(bytes.fromhex("0084000008"))) == OK


def test_commands_are_recorded_without_data() -> None:
    chip = card("an")
    bac_session(chip)
    assert chip.commands == [0xA4, 0x84, 0x82]


def _answers_every_apdu(chip: CccdCardSim, apdus: list[bytes]) -> None:
    for apdu in apdus:
        answer = chip.apdu(apdu)
        assert len(answer) >= 2


_apdus = st.lists(st.binary(min_size=0, max_size=300), max_size=8)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(apdus=_apdus)
def test_arbitrary_bytes_to_a_fresh_chip_get_a_status_word(apdus: list[bytes]) -> None:
    """GIVEN any bytes WHEN sent to a fresh chip THEN it answers each with at least a status word."""
    _answers_every_apdu(card("lan"), apdus)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_arbitrary_protected_commands_get_a_status_word(data: st.DataObject) -> None:
    """GIVEN an open session WHEN an arbitrary command is protected, maybe with one byte changed on
    the way, THEN the chip answers an intact command with an answer the terminal verifies, and a
    damaged one with a plain 6700 / 6987 / 6988 (or, when the byte was the unprotected trailing Le,
    normally); it never raises, whatever follows."""
    chip = card("an")
    session = bac_session(chip)
    header = data.draw(st.binary(min_size=4, max_size=4))
    body = data.draw(st.binary(max_size=60))
    plain = bytes((header[0] & 0xE3,)) + header[1:] + (bytes((len(body),)) + body if body else b"")
    command = bytearray(session.protect_command(plain))
    flip = data.draw(st.integers(min_value=-1, max_value=len(command) - 1))
    if flip >= 0:
        command[flip] ^= 0xFF
    answer = chip.apdu(bytes(command))
    if flip < 0 or flip == len(command) - 1:
        assert len(session.unprotect_response(answer)) >= 2
    else:
        assert answer.hex() in {"6700", SM_MISSING, SM_WRONG}
        assert chip.authenticated_with is None or answer.hex() == "6700"
    _answers_every_apdu(chip, data.draw(_apdus))


def test_signing_time_is_the_issue_date() -> None:
    """GIVEN a fixture WHEN EF.SOD is read THEN its signing time is the card's issue date (so the
    validity checks of passive authentication use a date the certificates cover)."""
    from drivers.card.icao.sod import parse_sod

    chip = card("an")
    signed = parse_sod(chip.file(FID_SOD)).signing_time
    assert signed is not None and signed.date() == chip.fixture.date_of_issue
    assert signed.tzinfo is not None and signed.utcoffset() == dt.timedelta(0)
    digest = hashlib.sha256(chip.file(FID_DG1)).digest()
    assert digest in chip.file(FID_SOD)


def test_a_seeded_chip_replays_a_recorded_session() -> None:
    """GIVEN a chip with a seed and a terminal with fixed random numbers WHEN one BAC session is
    recorded and its protected commands are sent again after a power cycle THEN every answer is
    the same bytes (what the benchmark's raw replay relies on); an unseeded chip refuses them."""
    fixed = iter(bytes(range(i, i + 24)) for i in range(100))
    seeded = CccdCardSim(card("an").fixture, files=card("an").chip, seed=b"bench")
    seeded.power_on()
    commands: list[bytes] = []
    answers: list[bytes] = []

    def transmit(apdu: bytes) -> bytes:
        commands.append(apdu)
        answers.append(seeded.apdu(apdu))
        return answers[-1]

    assert sw(transmit(SELECT_APPLICATION)) == OK
    session = perform_bac(transmit, seeded.fixture.mrz_information(), random=lambda n: next(fixed)[:n])
    session.unprotect_response(transmit(session.protect_command(bytes.fromhex("00A4020C020101"))))
    session.unprotect_response(transmit(session.protect_command(bytes.fromhex("00B0000020"))))
    seeded.power_off()
    seeded.power_on()
    assert [seeded.apdu(command) for command in commands] == answers
    unseeded = card("an")
    replayed = [unseeded.apdu(command) for command in commands]
    assert sw(replayed[2]) == "6300" and sw(replayed[-1]) == SM_MISSING

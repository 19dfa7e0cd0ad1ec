"""The Vietnamese CCCD chip over the real path: pyscard → pcscd → vpcd → the virtual chip.

Each test plugs a virtual CCCD into a vpcd reader (holding that reader's cross-process lock) and
reads it with the product's reader exactly as the kiosk does. Expected values come from the
fixture TOML files, not from the virtual card's code.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from drivers.card.errors import CardError, CardRemoved
from drivers.card.icao.errors import AccessDenied, BacError, PaceError
from drivers.card.icao.lds import decode_face_image
from drivers.card.icao.mrz import MrzInformation
from drivers.card.icao.pace import Can
from drivers.card.icao.reader import CccdDocument, read_cccd
from drivers.card.icao.sim import CccdCardSim
from drivers.card.pcsc_transport import PcscTransport
from drivers.card.vpcd import VpcdConnection
from kiosk.paths import resources_dir
from tests.drivers.test_thai_id_card_reader import absent as absent_quickly
from tests.drivers.test_thai_id_card_reader import present
from tests.vpcd_lock import exclusive_vpcd_reader

FIXTURES = resources_dir() / "cards" / "vn"
TRUST = FIXTURES / "trust"
READER, PORT = "Virtual PCD 00 00", 35963
SECOND_READER, SECOND_PORT = "Virtual PCD 00 01", 35964
NAMES = sorted(path.stem for path in FIXTURES.glob("*.toml"))

pytestmark = pytest.mark.usefixtures("vpcd_readers_present")

_PCSCD_POLL_S = 0.4
_built: dict[str, CccdCardSim] = {}


def absent(reader: str) -> None:
    """Waits until pcscd says the reader is empty, and then until its reader poll (every 0.4 s for
    vpcd) has seen it so.

    After a card vanished in the middle of a command, pcscd marks the reader empty at once, but its
    polling thread still remembers a card; a card put in before the next poll would be taken for
    that one and never powered. A person pulling a card and putting in another is slower."""
    from smartcard import scard

    _, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    try:
        for _ in range(200):
            _, states = scard.SCardGetStatusChange(context, 0, [(reader, scard.SCARD_STATE_UNAWARE)])
            if states and states[0][1] & scard.SCARD_STATE_EMPTY:
                threading.Event().wait(_PCSCD_POLL_S * 2.5)
                return
            threading.Event().wait(0.05)
    finally:
        scard.SCardReleaseContext(context)
    raise AssertionError("pcscd never saw the reader empty")


def chip(name: str, **faults: Any) -> CccdCardSim:
    """A fresh virtual chip for fixture ``name`` (files signed once per fixture and reused)."""
    if name not in _built:
        _built[name] = CccdCardSim.from_fixture(FIXTURES / f"{name}.toml")
    return CccdCardSim(_built[name].fixture, files=_built[name].chip, **faults)


@contextlib.contextmanager
def inserted(card: CccdCardSim, port: int = PORT, reader: str = READER) -> Iterator[VpcdConnection]:
    """The card in the vpcd reader on ``port`` (locked for this test) until the block ends."""
    with exclusive_vpcd_reader(port):
        connection = VpcdConnection(card, port=port)
        connection.start()
        try:
            present(reader)
            yield connection
        finally:
            connection.stop()
            absent_quickly(reader)


def read(
    access: MrzInformation | Can,
    *,
    reader: str = READER,
    trust_store: Path | None = TRUST,
    mrz: MrzInformation | None = None,
) -> CccdDocument:
    with PcscTransport.open(reader) as transport:
        return read_cccd(transport, access, trust_store=trust_store, mrz=mrz)


def fixture_toml(name: str) -> dict[str, Any]:
    return tomllib.loads((FIXTURES / f"{name}.toml").read_text(encoding="utf-8"))


def access_of(name: str) -> MrzInformation:
    """The access data as a technician types it: the MRZ lines printed on the card."""
    return MrzInformation.parse("\n".join(fixture_toml(name)["mrz"]))


@pytest.mark.parametrize("name", NAMES)
def test_every_fixture_reads_back_exactly(name: str) -> None:
    """GIVEN a virtual CCCD WHEN the kiosk's reader reads it through pcscd with the printed MRZ THEN
    every SPEC field equals the fixture's, the photo is the fixture's image file byte for byte,
    passive authentication is ok (failed only for the tampered card), and PACE is used exactly
    where the card offers it."""
    expected = fixture_toml(name)
    card = chip(name)
    with inserted(card):
        document = read(access_of(name))
    data = document.as_json()
    photo = (FIXTURES / expected["photo"]).read_bytes()
    assert data["document_type"] == "icao_td1"
    assert data["id_number"] == expected["citizen_number"]
    assert data["name"]["full"] == expected["full_name"]
    assert data["date_of_issue"] == expected["date_of_issue"].isoformat()
    assert data["date_of_expiry"] == expected["date_of_expiry"].isoformat()
    assert data["sex"] == expected["sex"]
    assert data["address"] == data["residence"] == expected["residence"]
    for key in (
        "old_id_number", "ethnicity", "religion", "hometown", "identifying_marks",
        "father_name", "mother_name", "nationality",
    ):  # fmt: skip
        assert data[key] == expected[key], key
    assert document.photo == photo
    assert data["photo_sha256"] == hashlib.sha256(photo).hexdigest()
    assert decode_face_image(document.face).size == (480, 640)  # type: ignore[arg-type]
    assert document.mrz.lines == tuple(expected["mrz"])
    protocol = "PACE" if "PACE" in expected["chip"]["access"] else "BAC"
    assert document.access_control == data["access_control"] == protocol
    assert card.authentications == [protocol]
    assert document.apdu_count == card.apdu_count  # every APDU the reader sent reached the card
    if name == "tampered":
        assert data["passive_authentication"] == "failed"
        assert data["date_of_birth"] != expected["date_of_birth"].isoformat()  # the altered value
        assert "DG13" in document.passive_authentication.reason
    else:
        assert data["passive_authentication"] == "ok", document.passive_authentication.reason
        assert data["date_of_birth"] == expected["date_of_birth"].isoformat()


def test_without_a_trust_store_passive_authentication_is_not_checked() -> None:
    """GIVEN a genuine card WHEN read with no CSCA trust store THEN ``not_checked``, never ``ok``."""
    with inserted(chip("an")):
        document = read(access_of("an"), trust_store=None)
    assert document.as_json()["passive_authentication"] == "not_checked"


def test_a_trust_store_without_the_csca_fails(tmp_path: Path) -> None:
    """GIVEN an empty trust store folder and one holding an unrelated certificate WHEN the card is
    read THEN ``not_checked`` for the empty one and ``failed`` for the unrelated CSCA."""
    from drivers.card.icao.sim_files import load_document_signer

    other = tmp_path / "other"
    other.mkdir()
    ds_cert, _ = load_document_signer(FIXTURES / "pki", "ds-rsa")  # a certificate, but not a CSCA
    from cryptography.hazmat.primitives.serialization import Encoding

    (other / "not-the-csca.pem").write_bytes(ds_cert.public_bytes(Encoding.PEM))
    empty = tmp_path / "empty"
    empty.mkdir()
    card = chip("an")
    with inserted(card):
        assert read(access_of("an"), trust_store=empty).passive_authentication.status == "not_checked"
        assert read(access_of("an"), trust_store=other).passive_authentication.status == "failed"


@pytest.mark.parametrize("name", ["an", "lan"])
def test_a_wrong_mrz_is_a_typed_access_error_and_the_card_stays_usable(name: str) -> None:
    """GIVEN a BAC card and a PACE card WHEN read with a wrong date of birth THEN the typed
    access-denied error (BAC or PACE) with a plain message; the same card then reads with the
    right MRZ."""
    right = access_of(name)
    wrong = MrzInformation(right.document_number, "010101", right.date_of_expiry)
    card = chip(name)
    with inserted(card):
        with pytest.raises(AccessDenied) as error:
            read(wrong)
        assert isinstance(error.value, PaceError if name == "lan" else BacError)
        assert error.value.reason == "access_denied"
        assert "date of birth" in str(error.value) or "access number" in str(error.value)
        assert card.failed_authentications == 1
        assert read(right).passive_authentication.status == "ok"


def test_pace_with_the_card_access_number() -> None:
    """GIVEN the PACE card WHEN read with its CAN THEN PACE opens the session and the data is read."""
    expected = fixture_toml("lan")
    card = chip("lan")
    with inserted(card):
        document = read(Can(expected["chip"]["can"]), mrz=access_of("lan"))
    assert document.access_control == "PACE" and card.authentications == ["PACE"]
    assert document.id_number == expected["citizen_number"]


@pytest.mark.parametrize(("name", "after"), [("an", 30), ("lan", 3)])
def test_a_card_pulled_mid_read_is_card_removed_and_the_reader_works_again(name: str, after: int) -> None:
    """GIVEN a card that leaves after ``after`` APDUs (in the middle of DG2 for BAC, in the middle
    of PACE for the PACE card) WHEN read THEN the typed card-removed error; a card inserted
    into the same reader afterwards reads completely."""
    with exclusive_vpcd_reader(SECOND_PORT):
        leaving = chip(name, remove_after_apdus=after)
        connection = VpcdConnection(leaving, port=SECOND_PORT)
        connection.start()
        try:
            present(SECOND_READER)
            with pytest.raises(CardError) as error:
                read(access_of(name), reader=SECOND_READER)
            assert isinstance(error.value, CardRemoved), error.value.reason
            assert leaving.apdu_count == after
        finally:
            connection.stop()
            absent(SECOND_READER)
        again = chip(name)
        connection = VpcdConnection(again, port=SECOND_PORT)
        connection.start()  # reconnects if vpcd drops the first connection after a pulled card
        try:
            present(SECOND_READER)
            document = read(access_of(name), reader=SECOND_READER)
        finally:
            connection.stop()
            absent(SECOND_READER)
    assert document.passive_authentication.status == "ok"
    assert document.id_number == fixture_toml(name)["citizen_number"]


def test_a_corrupted_answer_is_a_typed_error() -> None:
    """GIVEN a card whose 20th answer has a broken MAC WHEN read THEN a typed card error (secure
    messaging), not a traceback or wrong data."""
    with inserted(chip("an", corrupt_response=20)), pytest.raises(CardError) as error:
        read(access_of("an"))
    assert error.value.reason == "secure_messaging"

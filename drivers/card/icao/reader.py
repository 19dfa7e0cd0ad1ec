"""Reading a Vietnamese CCCD (or any ICAO 9303 eMRTD) over an APDU transport.

:func:`read_cccd` follows what real readers do:

1. ``SELECT 00 A4 02 0C 02 011C`` and read EF.CardAccess without secure messaging; when the card
   has none, or offers no PACE this module supports, go to step 3.
2. PACE with the CAN when one is given, else with the MRZ; if the card refuses the proposed
   parameters (:class:`PaceUnsupported`) fall back to BAC. Then ``SELECT`` the eMRTD application
   (AID ``A0 00 00 02 47 10 01``) under secure messaging.
3. Otherwise ``SELECT`` the application in plain and run BAC with the MRZ data.
4. Read EF.COM, DG1, DG2 and DG13 (those EF.COM lists) and EF.SOD: ``SELECT 00 A4 02 0C`` by
   file ID, then ``READ BINARY`` with a 15-bit offset, at most ``0xDF`` bytes per command (the
   secure-messaging limit, :data:`~drivers.card.icao.sm.MAX_READ`). The first read asks for a
   whole chunk; a card answering ``62 82`` (end of file) with fewer bytes is fine. The file's
   length comes from its BER header.
5. Passive authentication (:func:`~drivers.card.icao.sod.passive_authentication`).

The number of APDUs sent is counted (:attr:`CccdDocument.apdu_count`). Errors: whatever the
transport raises (:class:`~drivers.card.errors.CardRemoved` when the card is pulled), the typed
errors of :mod:`drivers.card.icao.errors` (wrong MRZ / CAN: :class:`AccessDenied`), and
:class:`~drivers.card.errors.UnexpectedStatus` / :class:`~drivers.card.errors.UnsupportedCard`.
Personal data never reaches a log or an error message.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from drivers.card.errors import MalformedData, UnexpectedStatus, UnsupportedCard
from drivers.card.icao.bac import perform_bac
from drivers.card.icao.errors import AccessDenied, BerError, LdsError, PaceUnsupported
from drivers.card.icao.lds import (
    Com,
    FaceImage,
    VietnamesePersonalData,
    parse_com,
    parse_dg1,
    parse_dg2,
    parse_dg13,
    parse_vn_date,
)
from drivers.card.icao.mrz import Mrz, MrzInformation
from drivers.card.icao.pace import Can, choose_pace_info, parse_card_access, perform_pace
from drivers.card.icao.sm import MAX_READ, SecureMessaging
from drivers.card.icao.sod import PassiveAuthResult, TrustStore, passive_authentication
from drivers.card.thai_id import ApduTransport

log = logging.getLogger(__name__)

__all__ = [
    "AID",
    "FILE_IDS",
    "CccdDocument",
    "ProgressCallback",
    "read_cccd",
]

AID = bytes.fromhex("A0000002471001")
FILE_IDS: Mapping[str, int] = {
    "EF.CardAccess": 0x011C,
    "EF.SOD": 0x011D,
    "EF.COM": 0x011E,
    "DG1": 0x0101,
    "DG2": 0x0102,
    "DG13": 0x010D,
}
_MAX_FILE = 0x8000  # READ BINARY with a 15-bit offset reaches 32 KiB

ProgressCallback = Callable[[str, float], None]
Access = MrzInformation | Can

# Share of the whole read each stage stands for (the face image dominates).
_STAGES: tuple[tuple[str, float], ...] = (
    ("access", 0.12),
    ("EF.COM", 0.02),
    ("DG1", 0.03),
    ("DG2", 0.62),
    ("DG13", 0.08),
    ("EF.SOD", 0.10),
    ("verify", 0.03),
)


class _Channel:
    """The transport, counting APDUs, with secure messaging once a session exists."""

    def __init__(self, transport: ApduTransport) -> None:
        self._transport = transport
        self.sm: SecureMessaging | None = None
        self.apdu_count = 0

    def plain(self, apdu: bytes) -> bytes:
        self.apdu_count += 1
        answer = self._transport.transmit(apdu)
        if len(answer) < 2:
            raise MalformedData("response", "the card's answer has no status word")
        return answer

    def send(self, apdu: bytes) -> tuple[bytes, int]:
        if self.sm is None:
            answer = self.plain(apdu)
        else:
            answer = self.sm.unprotect_response(self.plain(self.sm.protect_command(apdu)))
        return answer[:-2], int.from_bytes(answer[-2:], "big")


def _select_file(channel: _Channel, fid: int) -> int:
    _, sw = channel.send(bytes.fromhex("00A4020C02") + fid.to_bytes(2, "big"))
    return sw


def _read_binary(channel: _Channel, offset: int, length: int) -> tuple[bytes, int]:
    return channel.send(bytes((0x00, 0xB0, offset >> 8, offset & 0xFF, length & 0xFF)))


def _total_length(head: bytes, name: str) -> int:
    """Header plus value length of the BER object ``head`` starts with."""
    try:
        offset = 1
        if head[0] & 0x1F == 0x1F:
            while head[offset] & 0x80:
                offset += 1
            offset += 1
        first = head[offset]
        offset += 1
        if first == 0x80 or first > 0x84:
            raise LdsError(name, "the file does not start with a definite BER length")
        if first < 0x80:
            return offset + first
        size = first & 0x7F
        if offset + size > len(head):
            raise IndexError
        return offset + size + int.from_bytes(head[offset : offset + size], "big")
    except IndexError:
        raise LdsError(name, "the file's header is cut short") from None


def _read_file(channel: _Channel, name: str, progress: Callable[[float], None] | None = None) -> bytes | None:
    """The whole file, or ``None`` when the card has no such file (6A82)."""
    sw = _select_file(channel, FILE_IDS[name])
    if sw in (0x6A82, 0x6A88):
        return None
    if sw != 0x9000:
        raise UnexpectedStatus(f"SELECT {name}", sw >> 8, sw & 0xFF)
    data, sw = _read_binary(channel, 0, MAX_READ)
    if sw not in (0x9000, 0x6282) or not data:
        if sw & 0xFF00 == 0x6C00 and sw & 0xFF:  # wrong length: the card says how many there are
            data, sw = _read_binary(channel, 0, sw & 0xFF)
        elif sw in (0x6700, 0x6B00, 0x6282):  # a card that will not read past its end
            data, sw = _read_binary(channel, 0, 4)
        if sw not in (0x9000, 0x6282) or not data:
            raise UnexpectedStatus(f"READ BINARY {name}", sw >> 8, sw & 0xFF)
    total = _total_length(data, name)
    if total > _MAX_FILE:
        raise LdsError(name, "the file is larger than READ BINARY with an offset can reach")
    content = bytearray(data[:total])
    while len(content) < total:
        if progress is not None:
            progress(len(content) / total)
        length = min(MAX_READ, total - len(content))
        chunk, sw = _read_binary(channel, len(content), length)
        if sw not in (0x9000, 0x6282) or not chunk:
            raise UnexpectedStatus(f"READ BINARY {name}", sw >> 8, sw & 0xFF)
        content += chunk[:length]
    if progress is not None:
        progress(1.0)
    return bytes(content)


def _open_session(
    channel: _Channel, access: Access, mrz: MrzInformation | None, random: Callable[[int], bytes]
) -> Literal["PACE", "BAC"]:
    card_access = None
    if _select_file(channel, FILE_IDS["EF.CardAccess"]) == 0x9000:
        card_access = _read_plain_file(channel)
    info = None
    if card_access:
        try:
            info = choose_pace_info(parse_card_access(card_access))
        except BerError:
            log.warning("EF.CardAccess cannot be parsed; using basic access control")
    if info is not None:
        try:
            channel.sm = perform_pace(channel.plain, access, info, random=random)
        except PaceUnsupported as exc:
            log.info("PACE not usable (%s); using basic access control", exc)
        else:
            _, sw = channel.send(bytes.fromhex("00A4040C07") + AID)
            if sw != 0x9000:
                raise UnsupportedCard(sw1=sw >> 8, sw2=sw & 0xFF)
            return "PACE"
    _, sw = channel.send(bytes.fromhex("00A4040C07") + AID)
    if sw != 0x9000:
        raise UnsupportedCard(sw1=sw >> 8, sw2=sw & 0xFF)
    if mrz is None:
        raise AccessDenied(
            "This card needs the document number, date of birth and expiry date; "
            "it does not accept the card access number"
        )
    channel.sm = perform_bac(channel.plain, mrz, random=random)
    return "BAC"


def _read_plain_file(channel: _Channel) -> bytes | None:
    """EF.CardAccess (already selected), read without secure messaging; ``None`` if unreadable."""
    data, sw = _read_binary(channel, 0, MAX_READ)
    if sw not in (0x9000, 0x6282) or not data:
        return None
    try:
        total = _total_length(data, "EF.CardAccess")
    except LdsError:
        return None
    content = bytearray(data[:total])
    while len(content) < min(total, _MAX_FILE):
        chunk, sw = _read_binary(channel, len(content), min(MAX_READ, total - len(content)))
        if sw not in (0x9000, 0x6282) or not chunk:
            return None
        content += chunk
    return bytes(content)


def read_cccd(
    transport: ApduTransport,
    access: MrzInformation | Can,
    *,
    trust_store: Path | TrustStore | None,
    progress: ProgressCallback | None = None,
    mrz: MrzInformation | None = None,
    random: Callable[[int], bytes] = os.urandom,
) -> CccdDocument:
    """Reads the chip: access control, EF.COM, DG1, DG2, DG13, EF.SOD, passive authentication.

    ``access`` is the PACE password (MRZ data or CAN) and, when it is MRZ data, also the BAC key;
    with a CAN, pass the MRZ data as ``mrz`` too so a card without PACE can still be read.
    ``progress(stage, fraction)`` is called with the stage's name (``access``, ``EF.COM``,
    ``DG1``, ``DG2``, ``DG13``, ``EF.SOD``, ``verify``) and the overall fraction done."""
    channel = _Channel(transport)
    bac_data = access if isinstance(access, MrzInformation) else mrz
    done = 0.0

    def report(stage: str, fraction_of_stage: float) -> None:
        if progress is not None:
            share = dict(_STAGES)[stage]
            progress(stage, min(1.0, done + share * fraction_of_stage))

    report("access", 0.0)
    protocol = _open_session(channel, access, bac_data, random)
    done += dict(_STAGES)["access"]

    files: dict[str, bytes] = {}

    def read(name: str, *, required: bool) -> bytes | None:
        nonlocal done
        report(name, 0.0)
        content = _read_file(channel, name, lambda fraction: report(name, fraction))
        done += dict(_STAGES)[name]
        if content is None:
            if required:
                raise LdsError(name, "the card has no such file")
            return None
        files[name] = content
        return content

    com_data = read("EF.COM", required=False)
    com = parse_com(com_data) if com_data is not None else None
    listed = set(com.data_groups) if com is not None else {1, 2, 13}
    dg1 = read("DG1", required=True)
    assert dg1 is not None
    document_mrz = parse_dg1(dg1)
    face: FaceImage | None = None
    personal: VietnamesePersonalData | None = None
    if 2 in listed:
        dg2 = read("DG2", required=False)
        face = parse_dg2(dg2) if dg2 is not None else None
    else:
        done += dict(_STAGES)["DG2"]
    if 13 in listed:
        dg13 = read("DG13", required=False)
        personal = parse_dg13(dg13) if dg13 is not None else None
    else:
        done += dict(_STAGES)["DG13"]
    sod = read("EF.SOD", required=False)

    report("verify", 0.0)
    groups = {int(name[2:]): content for name, content in files.items() if name.startswith("DG")}
    result = passive_authentication(sod, groups, trust_store)
    report("verify", 1.0)
    return CccdDocument(
        mrz=document_mrz,
        personal=personal,
        face=face,
        com=com,
        passive_authentication=result,
        access_control=protocol,
        apdu_count=channel.apdu_count,
        data_groups=groups,
        sod=sod,
    )


# --------------------------------------------------------------------------------------------
# The document
# --------------------------------------------------------------------------------------------


def _mrz_date(text: str, *, birth: bool, century_hint: int | None = None) -> date | None:
    """``YYMMDD`` -> date. Birth dates take the century from the CCCD number when known, else
    the latest century that is not in the future; expiry dates are 20YY."""
    if not text[:2].isdigit() or not text[2:4].isdigit() or not text[4:6].isdigit():
        return None
    yy, month, day = int(text[:2]), int(text[2:4]), int(text[4:6])
    if century_hint is not None:
        year = century_hint + yy
    elif birth:
        year = 2000 + yy if 2000 + yy <= date.today().year else 1900 + yy
    else:
        year = 2000 + yy
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _cccd_century(number: str) -> int | None:
    """The birth century coded in a 12-digit CCCD number (``PPP G YY ...``: 1900 + 100*(G//2))."""
    if len(number) == 12 and number.isdigit():
        return 1900 + 100 * (int(number[3]) // 2)
    return None


@dataclass(frozen=True, repr=False)
class CccdDocument:
    """Everything read from the chip. Personal data: ``repr`` shows none of it.

    ``data_groups`` holds the data groups' bytes as read (number -> file); ``sod`` EF.SOD."""

    mrz: Mrz
    personal: VietnamesePersonalData | None
    face: FaceImage | None
    com: Com | None
    passive_authentication: PassiveAuthResult
    access_control: Literal["PACE", "BAC"]
    apdu_count: int = field(default=0, compare=False)
    data_groups: Mapping[int, bytes] = field(default_factory=dict, compare=False)
    sod: bytes | None = field(default=None, compare=False)

    def __repr__(self) -> str:
        return (
            f"CccdDocument(<redacted>, access={self.access_control}, "
            f"passive_authentication={self.passive_authentication.status.value}, "
            f"groups={sorted(self.data_groups)}, apdu_count={self.apdu_count})"
        )

    @property
    def id_number(self) -> str:
        """The 12-digit citizen number (DG13, else the MRZ)."""
        if self.personal is not None and self.personal.id_number:
            return self.personal.id_number
        return self.mrz.document_number

    @property
    def full_name(self) -> str:
        """With Vietnamese diacritics from DG13; the MRZ's transliteration otherwise."""
        if self.personal is not None and self.personal.full_name:
            return " ".join(self.personal.full_name.split())
        return " ".join(part for part in (self.mrz.surname, self.mrz.given_names) if part)

    def name_parts(self) -> dict[str, str | None]:
        """``last`` (family name), ``middle``, ``first`` (given name) and ``full``.

        Vietnamese documents are ordered family, middle, given: the number of family-name words is
        taken from the MRZ's surname (one when it has none) and the given name is the last word.
        Other documents follow their MRZ: surname, then the first given name and the others."""
        words = self.full_name.split()
        family_words = max(1, len(self.mrz.surname.split()))
        parts: dict[str, str | None] = {"title": None, "first": None, "middle": None, "last": None}
        if self.mrz.issuing_state != "VNM":
            given = self.mrz.given_names.split()
            parts["last"] = self.mrz.surname or None
            parts["first"] = given[0] if given else None
            parts["middle"] = " ".join(given[1:]) or None
        elif len(words) <= family_words:
            parts["last"] = " ".join(words) or None
        else:
            family, given = words[:family_words], words[family_words:]
            parts.update(first=given[-1], middle=" ".join(given[:-1]) or None, last=" ".join(family))
        return {**parts, "full": self.full_name}

    @property
    def date_of_birth(self) -> date | None:
        if self.personal is not None:
            parsed = parse_vn_date(self.personal.date_of_birth)
            if parsed is not None:
                return parsed
        return _mrz_date(self.mrz.date_of_birth, birth=True, century_hint=_cccd_century(self.id_number))

    @property
    def date_of_issue(self) -> date | None:
        return parse_vn_date(self.personal.date_of_issue) if self.personal is not None else None

    @property
    def date_of_expiry(self) -> date | None:
        """``None`` for a card without expiry ("Không thời hạn")."""
        if self.personal is not None and self.personal.date_of_expiry:
            return parse_vn_date(self.personal.date_of_expiry)
        return _mrz_date(self.mrz.date_of_expiry, birth=False)

    @property
    def sex(self) -> Literal["M", "F"] | None:
        if self.personal is not None and self.personal.sex_code is not None:
            return self.personal.sex_code
        return "M" if self.mrz.sex == "M" else ("F" if self.mrz.sex == "F" else None)

    @property
    def photo(self) -> bytes:
        """The face image bytes as stored (empty when the card has no DG2)."""
        return self.face.data if self.face is not None else b""

    @property
    def photo_sha256(self) -> str | None:
        return hashlib.sha256(self.face.data).hexdigest() if self.face is not None else None

    def as_json(self) -> dict[str, Any]:
        """The ``kiosk card read --json`` object (SPEC section 9) for a TD1 chip ID."""
        personal = self.personal or VietnamesePersonalData()

        def iso(value: date | None) -> str | None:
            return value.isoformat() if value is not None else None

        return {
            "document_type": "icao_td1" if self.mrz.document_format == "TD1" else "icao_td3",
            "id_number": self.id_number,
            "name": self.name_parts(),
            "date_of_birth": iso(self.date_of_birth),
            "date_of_issue": iso(self.date_of_issue),
            "date_of_expiry": iso(self.date_of_expiry),
            "sex": self.sex,
            "address": personal.residence,
            "issuer": self.mrz.issuing_state,
            "photo_sha256": self.photo_sha256,
            "photo_format": self.face.format if self.face is not None else None,
            "old_id_number": personal.old_id_number,
            "ethnicity": personal.ethnicity,
            "religion": personal.religion,
            "hometown": personal.hometown,
            "residence": personal.residence,
            "identifying_marks": personal.identifying_marks,
            "father_name": personal.father_name,
            "mother_name": personal.mother_name,
            "spouse_name": personal.spouse_name,
            "nationality": personal.nationality or self.mrz.nationality,
            "passive_authentication": self.passive_authentication.status.value,
            "passive_authentication_reason": self.passive_authentication.reason,
            "access_control": self.access_control,
        }

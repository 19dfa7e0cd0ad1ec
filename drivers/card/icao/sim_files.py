"""The files of a virtual CCCD chip, built from a TOML fixture: EF.CardAccess, EF.COM, DG1, DG2,
DG13 and EF.SOD (signed with a test document signer).

This is the issuing side of ICAO Doc 9303 part 10. EF.COM, DG1 and DG2 come from the encoders of
:mod:`drivers.card.icao.lds`; DG13, EF.CardAccess and EF.SOD are written here (BER with
:mod:`drivers.card.icao.ber`, the CMS signature with asn1crypto), apart from the terminal's
parsers in :mod:`.lds` and :mod:`.sod`, so the tests read one against the other.

A fixture (``resources/cards/vn/<name>.toml``) holds what is printed on the card and what the chip
stores: the 12-digit citizen number, the name, dates (ISO ``YYYY-MM-DD``), sex, the DG13 fields
(nationality, ethnicity, religion, hometown, residence, identifying marks, parents, spouse, old ID
number), the face picture (JPEG or JPEG 2000, a path next to the file), the MRZ lines exactly as
printed (checked against the data on load), and a ``[chip]`` table: ``access`` (``["BAC"]`` or
``["PACE", "BAC"]``), ``pace_parameter_id`` (standardised domain parameters, default 13 =
brainpoolP256r1), ``can`` (6 digits, optional) and ``document_signer`` (a key pair in
``pki/``). A ``[faults]`` table may hold ``tamper = { dg = 13, find = "...", replace = "..." }``:
after EF.SOD is signed, the first occurrence of ``find`` in that data group's bytes becomes
``replace`` (same length in UTF-8), so passive authentication must fail while the file still parses.

DG13 follows the layout of the Vietnamese chips as the public readers of real cards decode it
(their byte prefixes agree): ``6D`` holding one ``SEQUENCE { INTEGER n, value }`` per field, values
``UTF8String`` except the citizen number, the birth and issue dates and the old ID number, which
are ``PrintableString``; field 12 (expiry) is a UTF8String because it may read "Không thời hạn";
field 13 holds the parents as two nested ``SEQUENCE { UTF8String }``; field 14 the spouse the same
way, or nothing (``30 03 02 01 0E``); 15 the old 9- or 12-digit ID number; 16 a 16-character card
serial the kiosk does not use.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Final, Literal

from asn1crypto import algos, cms, core  # type: ignore[import-untyped]
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from drivers.card.icao.ber import encode
from drivers.card.icao.lds import encode_com, encode_dg1, encode_dg2
from drivers.card.icao.mrz import MrzInformation, check_digit, parse_mrz
from drivers.card.icao.pace import ID_PACE, encode_oid

__all__ = [
    "DG_TAGS",
    "FID_CARD_ACCESS",
    "FID_COM",
    "FID_DG1",
    "FID_DG2",
    "FID_DG13",
    "FID_SOD",
    "PACE_ECDH_GM_AES_128",
    "CccdFixture",
    "ChipFiles",
    "Tamper",
    "build_chip_files",
    "compose_mrz",
    "encode_card_access",
    "encode_data_group",
    "encode_dg13",
    "encode_sod",
    "load_document_signer",
    "load_fixture",
    "mrz_name",
]

FID_CARD_ACCESS: Final = 0x011C
FID_SOD: Final = 0x011D
FID_COM: Final = 0x011E
FID_DG1: Final = 0x0101
FID_DG2: Final = 0x0102
FID_DG13: Final = 0x010D

DG_TAGS: Final[Mapping[int, int]] = {1: 0x61, 2: 0x75, 13: 0x6D}
"""Data group number -> its file's outer tag."""
DG_FIDS: Final[Mapping[int, int]] = {1: FID_DG1, 2: FID_DG2, 13: FID_DG13}

_SEQUENCE, _SET, _INTEGER, _OID = 0x30, 0x31, 0x02, 0x06
_UTF8, _PRINTABLE = 0x0C, 0x13

PACE_ECDH_GM_AES_128: Final = ID_PACE + ".2.2"  # id-PACE-ECDH-GM-AES-CBC-CMAC-128
LDS_SECURITY_OBJECT_OID: Final = "2.23.136.1.1.1"

PKI_DIR_NAME: Final = "pki"


# --------------------------------------------------------------------------------------------
# The fixture
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class Tamper:
    """Replace ``find`` with ``replace`` (same byte length) in data group ``dg`` after signing."""

    dg: int
    find: bytes
    replace: bytes


@dataclass(frozen=True, repr=False)
class CccdFixture:
    """One citizen's virtual card. Personal data (fictitious): ``repr`` shows only the file name."""

    name: str
    citizen_number: str
    full_name: str
    date_of_birth: dt.date
    sex: Literal["M", "F"]
    nationality: str
    ethnicity: str
    religion: str
    hometown: str
    residence: str
    identifying_marks: str
    date_of_issue: dt.date
    date_of_expiry: dt.date
    father_name: str
    mother_name: str
    spouse_name: str
    old_id_number: str
    card_serial: str
    photo: bytes
    photo_format: Literal["jpeg", "jpeg2000"]
    mrz: tuple[str, str, str]
    access: frozenset[str] = frozenset({"BAC"})
    pace_parameter_id: int = 13
    can: str | None = None
    document_signer: str = "ds-rsa"
    tamper: Tamper | None = None
    source: Path | None = field(default=None, compare=False)

    def __repr__(self) -> str:
        return f"CccdFixture({self.name!r})"

    @property
    def offers_pace(self) -> bool:
        return "PACE" in self.access

    @property
    def offers_bac(self) -> bool:
        return "BAC" in self.access

    @property
    def document_number(self) -> str:
        """The 9-digit number of the MRZ's number field (what BAC / PACE keys are made from)."""
        return self.citizen_number[3:]

    def mrz_information(self) -> MrzInformation:
        """The chip's access data (document number, date of birth, date of expiry)."""
        return MrzInformation.for_cccd(
            self.citizen_number, _yymmdd(self.date_of_birth), _yymmdd(self.date_of_expiry)
        )

    @property
    def mrz_text(self) -> str:
        return "\n".join(self.mrz)


def _yymmdd(day: dt.date) -> str:
    return day.strftime("%y%m%d")


def mrz_name(full_name: str) -> str:
    """``SURNAME<<GIVEN<NAMES`` in MRZ characters: diacritics dropped, Đ as D (ICAO part 3, 6.A),
    the first word as the surname (Vietnamese order), padded or cut to 30 characters."""
    text = full_name.replace("Đ", "D").replace("đ", "d")
    plain = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    words = [word for word in "".join(ch if ch.isalpha() else " " for ch in plain.upper()).split() if word]
    if not words or not all(word.isascii() for word in words):
        raise ValueError("the name has no MRZ transliteration")
    line = words[0] + "<<" + "<".join(words[1:])
    return line[:30].ljust(30, "<")


def compose_mrz(
    citizen_number: str, date_of_birth: dt.date, sex: str, date_of_expiry: dt.date, full_name: str
) -> tuple[str, str, str]:
    """The three TD1 lines a CCCD prints: ``IDVNM`` + the last 9 digits + their check digit + the
    whole 12-digit number, then birth, sex, expiry, ``VNM`` and the composite check digit."""
    number = citizen_number[3:]
    line1 = f"IDVNM{number}{check_digit(number)}{citizen_number}".ljust(30, "<")
    birth, expiry = _yymmdd(date_of_birth), _yymmdd(date_of_expiry)
    head = f"{birth}{check_digit(birth)}{sex}{expiry}{check_digit(expiry)}VNM".ljust(29, "<")
    composite = check_digit(line1[5:30] + head[0:7] + head[8:15] + head[18:29])
    return line1, f"{head}{composite}", mrz_name(full_name)


def _text(table: Mapping[str, Any], key: str, where: str, *, empty: bool = False) -> str:
    value = table.get(key)
    if not isinstance(value, str) or (not empty and not value.strip()):
        kind = "a string" if empty else "a non-empty string"
        raise ValueError(f"{where}: '{key}' must be {kind}")
    return unicodedata.normalize("NFC", value)


def _date(table: Mapping[str, Any], key: str, where: str) -> dt.date:
    value = table.get(key)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"{where}: '{key}' must be a date (YYYY-MM-DD)")


def _check_citizen_number(number: str, birth: dt.date, sex: str, where: str) -> None:
    """PPP + G + YY + serial: G and YY must give the birth year (1900 + 100 * (G // 2) + YY) and
    G's parity the sex (even = male)."""
    if len(number) != 12 or not (number.isascii() and number.isdigit()):
        raise ValueError(f"{where}: citizen_number must be 12 ASCII digits")
    century_sex, yy = int(number[3]), int(number[4:6])
    if 1900 + 100 * (century_sex // 2) + yy != birth.year:
        raise ValueError(f"{where}: citizen_number does not encode the year of birth")
    if (century_sex % 2 == 0) != (sex == "M"):
        raise ValueError(f"{where}: citizen_number does not encode the sex")


def _printed_mrz(data: Mapping[str, Any], expected: tuple[str, str, str], where: str) -> None:
    printed = data.get("mrz")
    if not (
        isinstance(printed, list) and len(printed) == 3 and all(isinstance(line, str) for line in printed)
    ):
        raise ValueError(f"{where}: 'mrz' must be the three printed MRZ lines")
    if tuple(printed) != expected:
        raise ValueError(
            f"{where}: the printed MRZ does not match the card's data (expected {list(expected)})"
        )
    parse_mrz("\n".join(expected))  # every check digit, by the terminal's own rules


def _photo(path: Path, where: str) -> tuple[bytes, Literal["jpeg", "jpeg2000"]]:
    try:
        photo = path.read_bytes()
    except OSError as exc:
        raise ValueError(f"{where}: the photo {path.name} cannot be read ({exc.strerror})") from None
    if photo.startswith(b"\xff\xd8") and photo.endswith(b"\xff\xd9"):
        return photo, "jpeg"
    if photo.startswith(b"\x00\x00\x00\x0cjP  \r\n\x87\n") or photo.startswith(b"\xff\x4f\xff\x51"):
        return photo, "jpeg2000"
    raise ValueError(f"{where}: the photo is neither a complete JPEG nor a JPEG 2000 file")


@dataclass(frozen=True)
class _Chip:
    access: frozenset[str]
    pace_parameter_id: int
    can: str | None
    document_signer: str


def _chip(data: Mapping[str, Any], folder: Path, where: str) -> _Chip:
    chip = data.get("chip", {})
    if not isinstance(chip, dict):
        raise ValueError(f"{where}: 'chip' must be a table")
    access = chip.get("access", ["BAC"])
    if not (isinstance(access, list) and access and set(access) <= {"BAC", "PACE"}):
        raise ValueError(f"{where}: chip.access must list BAC and/or PACE")
    can = chip.get("can")
    if can is not None and not (isinstance(can, str) and len(can) == 6 and can.isdigit()):
        raise ValueError(f"{where}: chip.can must be 6 digits")
    parameter_id = chip.get("pace_parameter_id", 13)
    if not isinstance(parameter_id, int):
        raise ValueError(f"{where}: chip.pace_parameter_id must be an integer")
    signer = chip.get("document_signer", "ds-rsa")
    if not isinstance(signer, str) or not (folder / PKI_DIR_NAME / f"{signer}.pem").is_file():
        raise ValueError(f"{where}: chip.document_signer must name a certificate in {PKI_DIR_NAME}/")
    return _Chip(frozenset(access), parameter_id, can, signer)


def _tamper(data: Mapping[str, Any], where: str) -> Tamper | None:
    faults = data.get("faults", {})
    if not isinstance(faults, dict):
        raise ValueError(f"{where}: 'faults' must be a table")
    if "tamper" not in faults:
        return None
    spec = faults["tamper"]
    if not isinstance(spec, dict) or spec.get("dg") not in DG_TAGS:
        raise ValueError(f"{where}: faults.tamper needs dg = 1, 2 or 13")
    find = _text(spec, "find", where).encode()
    replace = _text(spec, "replace", where).encode()
    if len(find) != len(replace) or find == replace:
        raise ValueError(f"{where}: faults.tamper find and replace must differ and have the same length")
    return Tamper(int(spec["dg"]), find, replace)


def load_fixture(path: Path) -> CccdFixture:
    """Reads and checks one card from a TOML file (paths relative to it). Raises ``ValueError``
    naming the file and the key for anything inconsistent (number vs birth year and sex, MRZ vs
    data, photo format, tamper target)."""
    where = str(path)
    with path.open("rb") as stream:
        data = tomllib.load(stream)
    birth = _date(data, "date_of_birth", where)
    sex = _text(data, "sex", where)
    if sex not in ("M", "F"):
        raise ValueError(f"{where}: sex must be 'M' or 'F'")
    number = _text(data, "citizen_number", where)
    _check_citizen_number(number, birth, sex, where)
    expiry = _date(data, "date_of_expiry", where)
    full_name = _text(data, "full_name", where)
    mrz = compose_mrz(number, birth, sex, expiry, full_name)
    _printed_mrz(data, mrz, where)
    photo, photo_format = _photo(path.parent / _text(data, "photo", where), where)
    chip = _chip(data, path.parent, where)
    tamper = _tamper(data, where)
    fixture = CccdFixture(
        name=path.stem,
        citizen_number=number,
        full_name=full_name,
        date_of_birth=birth,
        sex="M" if sex == "M" else "F",
        nationality=_text(data, "nationality", where),
        ethnicity=_text(data, "ethnicity", where),
        religion=_text(data, "religion", where),
        hometown=_text(data, "hometown", where),
        residence=_text(data, "residence", where),
        identifying_marks=_text(data, "identifying_marks", where),
        date_of_issue=_date(data, "date_of_issue", where),
        date_of_expiry=expiry,
        father_name=_text(data, "father_name", where),
        mother_name=_text(data, "mother_name", where),
        spouse_name=_text(data, "spouse_name", where, empty=True),
        old_id_number=_text(data, "old_id_number", where),
        card_serial=_text(data, "card_serial", where),
        photo=photo,
        photo_format=photo_format,
        mrz=mrz,
        access=chip.access,
        pace_parameter_id=chip.pace_parameter_id,
        can=chip.can,
        document_signer=chip.document_signer,
        tamper=tamper,
        source=path,
    )
    if tamper is not None and tamper.find not in encode_data_group(fixture, tamper.dg):
        raise ValueError(f"{where}: faults.tamper find text is not in DG{tamper.dg}")
    return fixture


# --------------------------------------------------------------------------------------------
# Data groups
# --------------------------------------------------------------------------------------------


def _image_size(photo: bytes) -> tuple[int, int]:
    from PIL import Image

    with Image.open(io.BytesIO(photo)) as image:
        width, height = image.size
    return int(width), int(height)


def _field(number: int, value: bytes) -> bytes:
    return encode(_SEQUENCE, encode(_INTEGER, bytes((number,))) + value)


def _utf8(text: str) -> bytes:
    return encode(_UTF8, text.encode("utf-8"))


def _printable(text: str) -> bytes:
    return encode(_PRINTABLE, text.encode("ascii"))


def _dmy(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def encode_dg13(fixture: CccdFixture) -> bytes:
    """DG13, the Vietnamese personal-data group (see the module docstring for the layout)."""
    spouse = encode(_SEQUENCE, _utf8(fixture.spouse_name)) if fixture.spouse_name else b""
    fields = [
        _field(1, _printable(fixture.citizen_number)),
        _field(2, _utf8(fixture.full_name)),
        _field(3, _printable(_dmy(fixture.date_of_birth))),
        _field(4, _utf8("Nam" if fixture.sex == "M" else "Nữ")),
        _field(5, _utf8(fixture.nationality)),
        _field(6, _utf8(fixture.ethnicity)),
        _field(7, _utf8(fixture.religion)),
        _field(8, _utf8(fixture.hometown)),
        _field(9, _utf8(fixture.residence)),
        _field(10, _utf8(fixture.identifying_marks)),
        _field(11, _printable(_dmy(fixture.date_of_issue))),
        _field(12, _utf8(_dmy(fixture.date_of_expiry))),
        _field(
            13,
            encode(_SEQUENCE, _utf8(fixture.father_name)) + encode(_SEQUENCE, _utf8(fixture.mother_name)),
        ),
        _field(14, spouse),
        _field(15, _printable(fixture.old_id_number)),
        _field(16, _printable(fixture.card_serial)),
    ]
    return encode(0x6D, b"".join(fields))


def encode_data_group(fixture: CccdFixture, number: int) -> bytes:
    """Data group ``number`` (1, 2 or 13) of the fixture, untampered."""
    if number == 1:
        return encode_dg1(fixture.mrz)
    if number == 2:
        width, height = _image_size(fixture.photo)
        return encode_dg2(fixture.photo, image_format=fixture.photo_format, width=width, height=height)
    if number == 13:
        return encode_dg13(fixture)
    raise ValueError(f"DG{number} is not on this card")


def encode_card_access(parameter_id: int) -> bytes:
    """EF.CardAccess: ``SET { PACEInfo }`` offering PACE ECDH generic mapping with AES-128 on the
    standardised domain parameters ``parameter_id`` (BSI TR-03110 part 3, A.1.1.1)."""
    pace_info = (
        encode(_OID, encode_oid(PACE_ECDH_GM_AES_128))
        + encode(_INTEGER, b"\x02")
        + encode(_INTEGER, bytes((parameter_id,)))
    )
    return encode(_SET, encode(_SEQUENCE, pace_info))


# --------------------------------------------------------------------------------------------
# EF.SOD
# --------------------------------------------------------------------------------------------


class _DataGroupHash(core.Sequence):  # type: ignore[misc]
    _fields: ClassVar = [("data_group_number", core.Integer), ("data_group_hash_value", core.OctetString)]


class _DataGroupHashValues(core.SequenceOf):  # type: ignore[misc]
    _child_spec = _DataGroupHash


class _LdsSecurityObject(core.Sequence):  # type: ignore[misc]
    _fields: ClassVar = [
        ("version", core.Integer),
        ("hash_algorithm", algos.DigestAlgorithm),
        ("data_group_hash_values", _DataGroupHashValues),
    ]


SigningKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


def load_document_signer(pki: Path, name: str) -> tuple[x509.Certificate, SigningKey]:
    """The test document signer ``name`` (certificate and private key) from ``pki``."""
    cert = x509.load_pem_x509_certificate((pki / f"{name}.pem").read_bytes())
    key = serialization.load_pem_private_key((pki / f"{name}.key.pem").read_bytes(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise ValueError(f"{name}: the document signer key must be RSA or EC")
    return cert, key


def encode_sod(
    data_groups: Mapping[int, bytes], cert: x509.Certificate, key: SigningKey, signing_time: dt.datetime
) -> bytes:
    """EF.SOD: ``77`` around a CMS SignedData whose content is the LDSSecurityObject (SHA-256 of
    each data group), signed by ``key`` with signed attributes (content type, signing time,
    message digest); the signer is named by issuer and serial number and its certificate is
    included. RSA signs PKCS#1 v1.5 and ECDSA deterministically (RFC 6979), so the same fixture
    always gives the same bytes."""
    lds = _LdsSecurityObject(
        {
            "version": 0,
            "hash_algorithm": {"algorithm": "sha256"},
            "data_group_hash_values": [
                {"data_group_number": number, "data_group_hash_value": hashlib.sha256(content).digest()}
                for number, content in sorted(data_groups.items())
            ],
        }
    ).dump()
    attributes = [
        cms.CMSAttribute({"type": "content_type", "values": [LDS_SECURITY_OBJECT_OID]}),
        cms.CMSAttribute({"type": "signing_time", "values": [cms.Time({"utc_time": signing_time})]}),
        cms.CMSAttribute({"type": "message_digest", "values": [hashlib.sha256(lds).digest()]}),
    ]
    attributes.sort(key=lambda attribute: attribute.dump())  # DER orders a SET OF by encoding
    signed_attrs = cms.CMSAttributes(attributes)
    to_sign = signed_attrs.dump()
    if isinstance(key, rsa.RSAPrivateKey):
        signature = key.sign(to_sign, padding.PKCS1v15(), hashes.SHA256())
        algorithm = "sha256_rsa"
    else:
        signature = key.sign(to_sign, ec.ECDSA(hashes.SHA256(), deterministic_signing=True))
        algorithm = "sha256_ecdsa"
    certificate = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    signer_info = cms.SignerInfo(
        {
            "version": "v1",
            "sid": cms.SignerIdentifier(
                {
                    "issuer_and_serial_number": cms.IssuerAndSerialNumber(
                        {"issuer": certificate.issuer, "serial_number": certificate.serial_number}
                    )
                }
            ),
            "digest_algorithm": {"algorithm": "sha256"},
            "signed_attrs": signed_attrs,
            "signature_algorithm": {"algorithm": algorithm},
            "signature": signature,
        }
    )
    signed_data = cms.SignedData(
        {
            "version": "v3",
            "digest_algorithms": [{"algorithm": "sha256"}],
            "encap_content_info": {
                "content_type": LDS_SECURITY_OBJECT_OID,
                "content": core.ParsableOctetString(lds),
            },
            "certificates": [certificate],
            "signer_infos": [signer_info],
        }
    )
    content_info = cms.ContentInfo({"content_type": "signed_data", "content": signed_data})
    return encode(0x77, content_info.dump())


# --------------------------------------------------------------------------------------------
# The whole chip
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class ChipFiles:
    """Every file of the chip by file identifier, and the data groups as signed (untampered)."""

    files: Mapping[int, bytes]
    signed_data_groups: Mapping[int, bytes]

    def __repr__(self) -> str:
        return f"ChipFiles({sorted(f'{fid:04X}' for fid in self.files)})"


def build_chip_files(fixture: CccdFixture, pki: Path | None = None) -> ChipFiles:
    """EF.COM, DG1, DG2, DG13, EF.SOD (and EF.CardAccess when the card offers PACE). The fixture's
    tamper fault is applied after signing. ``pki`` defaults to ``pki/`` beside the fixture."""
    if pki is None:
        if fixture.source is None:
            raise ValueError("a fixture without a source file needs the pki folder")
        pki = fixture.source.parent / PKI_DIR_NAME
    groups = {number: encode_data_group(fixture, number) for number in DG_TAGS}
    cert, key = load_document_signer(pki, fixture.document_signer)
    signed_at = dt.datetime.combine(
        fixture.date_of_issue, dt.time(9, 0), tzinfo=dt.timezone(dt.timedelta(hours=7))
    )
    sod = encode_sod(groups, cert, key, signed_at.astimezone(dt.UTC))
    stored = dict(groups)
    if fixture.tamper is not None:
        stored[fixture.tamper.dg] = stored[fixture.tamper.dg].replace(
            fixture.tamper.find, fixture.tamper.replace, 1
        )
    files = {
        FID_COM: encode_com(tuple(sorted(groups))),
        FID_SOD: sod,
        **{DG_FIDS[number]: content for number, content in stored.items()},
    }
    if fixture.offers_pace:
        files[FID_CARD_ACCESS] = encode_card_access(fixture.pace_parameter_id)
    return ChipFiles(files=files, signed_data_groups=groups)

"""Logical data structure files (ICAO Doc 9303 part 10): EF.COM, DG1, DG2 and the Vietnamese DG13.

File layouts, as parsed here and written by the ``encode_*`` helpers (which the virtual card and
the tests use):

* EF.COM: ``60 { 5F01 "0107", 5F36 "040000", 5C <data group tags> }``.
* DG1: ``61 { 5F1F <MRZ characters, lines run together> }``.
* DG2: ``75 { 7F61 { 02 01 <count>, 7F60 { A1 <biometric header template>, 5F2E <data> } } }``.
  The biometric data is an ISO/IEC 19794-5 facial record: ``"FAC\\0"``, version ``"010\\0"``,
  record length (4), number of images (2), then per image a 20-byte facial information block
  (its first 4 bytes: the image's block length; bytes 4-5: number of 8-byte feature points), the
  feature points, a 12-byte image information block (byte 1: 0 JPEG, 1 JPEG 2000; bytes 2-5:
  width, height) and the image bytes. ``5F2E`` holding a bare JPEG or JPEG 2000 file is accepted
  too. ``7F2E`` (ISO/IEC 39794-5) is reported as unsupported.
* DG13 (Vietnamese CCCD personal data): ``6D { <field>, <field>, ... }`` where each field is
  ``30 { 02 01 <n>, <value> }``, the value a UTF8String (PrintableString for the numbers and
  dates on real chips), and the numbers are:

  ====  =====================================================================================
  n     field
  ====  =====================================================================================
  1     citizen number (12 digits)
  2     full name
  3     date of birth, ``dd/MM/yyyy``
  4     sex (``Nam`` / ``Nữ``)
  5     nationality
  6     ethnicity
  7     religion
  8     hometown (place of origin)
  9     place of residence (the address)
  10    identifying marks
  11    date of issue, ``dd/MM/yyyy``
  12    date of expiry, ``dd/MM/yyyy`` (or text such as ``Không thời hạn``: no expiry)
  13    parents: ``30 { 02 01 0D, 30 { 0C <father's name> }, 30 { 0C <mother's name> } }``
  14    spouse, nested the same way (or no value)
  15    old ID number (the 9- or 12-digit CMND), when the card has one
  16    card serial (kept in ``other``)
  ====  =====================================================================================

  This is the layout public readers of real chips decode. The parser is lenient where cards
  differ: the fields may also sit inside one or more wrapping SEQUENCEs, values may be
  UTF8String, PrintableString, IA5String, T61String or BMPString, and any value may be wrapped in
  SEQUENCEs (the parents' names are taken in order from whatever strings follow the number).
  Other numbers are kept in ``other``. Lengths are real BER (long forms for addresses over 127
  bytes).

All parsers raise only :class:`LdsError` (naming the file and field), :class:`BerError` or
:class:`MrzError`; values never enter an error message.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal

from drivers.card.icao import ber
from drivers.card.icao.errors import BerError, LdsError
from drivers.card.icao.mrz import Mrz, parse_mrz

if TYPE_CHECKING:
    from PIL.Image import Image

__all__ = [
    "DATA_GROUP_TAGS",
    "DG13_FIELDS",
    "Com",
    "FaceImage",
    "VietnamesePersonalData",
    "decode_face_image",
    "encode_com",
    "encode_dg1",
    "encode_dg2",
    "encode_dg13",
    "parse_com",
    "parse_dg1",
    "parse_dg2",
    "parse_dg13",
    "parse_vn_date",
]

DATA_GROUP_TAGS: Mapping[int, int] = {
    1: 0x61,
    2: 0x75,
    3: 0x63,
    4: 0x76,
    5: 0x65,
    6: 0x66,
    7: 0x67,
    8: 0x68,
    9: 0x69,
    10: 0x6A,
    11: 0x6B,
    12: 0x6C,
    13: 0x6D,
    14: 0x6E,
    15: 0x6F,
    16: 0x70,
}
"""Data group number -> the tag its file starts with."""

_TAG_TO_GROUP = {tag: number for number, tag in DATA_GROUP_TAGS.items()}


def _single(data: bytes, tag: int, name: str) -> ber.Tlv:
    """The one object ``data`` holds, which must have ``tag``."""
    try:
        objects = ber.decode_all(data)
    except BerError as exc:
        raise LdsError(name, f"not BER-TLV ({exc})") from None
    if len(objects) != 1 or objects[0].tag != tag:
        raise LdsError(name, f"does not start with tag {tag:X}")
    return objects[0]


def _children(tlv: ber.Tlv, name: str) -> list[ber.Tlv]:
    try:
        return tlv.children()
    except BerError as exc:
        raise LdsError(name, f"inner objects are not BER-TLV ({exc})") from None


# --------------------------------------------------------------------------------------------
# EF.COM
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Com:
    """EF.COM: LDS and Unicode versions and the data groups present."""

    lds_version: str
    unicode_version: str
    data_groups: tuple[int, ...]


def parse_com(data: bytes) -> Com:
    root = _single(data, 0x60, "EF.COM")
    inner = _children(root, "EF.COM")
    tag_list = ber.find(inner, 0x5C)
    if tag_list is None:
        raise LdsError("EF.COM", "no data group tag list")
    lds = ber.find(inner, 0x5F01)
    uni = ber.find(inner, 0x5F36)
    groups = tuple(_TAG_TO_GROUP[tag] for tag in tag_list.value if tag in _TAG_TO_GROUP)
    return Com(
        lds_version=lds.value.decode("latin-1") if lds else "",
        unicode_version=uni.value.decode("latin-1") if uni else "",
        data_groups=groups,
    )


def encode_com(
    data_groups: tuple[int, ...], *, lds_version: str = "0107", unicode_version: str = "040000"
) -> bytes:
    tags = bytes(DATA_GROUP_TAGS[number] for number in data_groups)
    inner = (
        ber.encode(0x5F01, lds_version.encode("ascii"))
        + ber.encode(0x5F36, unicode_version.encode("ascii"))
        + ber.encode(0x5C, tags)
    )
    return ber.encode(0x60, inner)


# --------------------------------------------------------------------------------------------
# DG1
# --------------------------------------------------------------------------------------------


def parse_dg1(data: bytes) -> Mrz:
    """The MRZ in DG1 (validated like a printed one)."""
    root = _single(data, 0x61, "DG1")
    mrz = ber.find(_children(root, "DG1"), 0x5F1F)
    if mrz is None:
        raise LdsError("DG1", "no MRZ object (5F1F)")
    try:
        text = mrz.value.decode("ascii")
    except UnicodeDecodeError:
        raise LdsError("DG1", "the MRZ is not ASCII") from None
    text = text.replace("\r", "").replace("\n", "")
    if len(text) not in (88, 90):
        raise LdsError("DG1", f"the MRZ has {len(text)} characters instead of 90 (ID card) or 88 (passport)")
    return parse_mrz(text)


def encode_dg1(mrz_lines: tuple[str, ...] | list[str]) -> bytes:
    return ber.encode(0x61, ber.encode(0x5F1F, "".join(mrz_lines).encode("ascii")))


# --------------------------------------------------------------------------------------------
# DG2
# --------------------------------------------------------------------------------------------

ImageFormat = Literal["jpeg", "jpeg2000"]

_JPEG = b"\xff\xd8\xff"
_JP2 = b"\x00\x00\x00\x0cjP  \r\n\x87\n"
_J2K = b"\xff\x4f\xff\x51"


def _sniff(image: bytes) -> ImageFormat | None:
    if image.startswith(_JPEG):
        return "jpeg"
    if image.startswith(_JP2) or image.startswith(_J2K):
        return "jpeg2000"
    return None


@dataclass(frozen=True, repr=False)
class FaceImage:
    """The face image as stored on the chip (``data``: the JPEG or JPEG 2000 file's bytes)."""

    data: bytes
    format: ImageFormat
    width: int
    height: int

    def __repr__(self) -> str:
        return f"FaceImage(format={self.format!r}, {self.width}x{self.height}, bytes={len(self.data)})"

    @property
    def mime_type(self) -> str:
        return "image/jpeg" if self.format == "jpeg" else "image/jp2"


def _facial_record(record: bytes) -> FaceImage:
    """The first image of an ISO/IEC 19794-5 facial record."""
    if len(record) < 14 + 20 + 12:
        raise LdsError("DG2", "the facial record is too short")
    if record[4:8] != b"010\x00":
        raise LdsError("DG2", "unsupported facial record version")
    total = int.from_bytes(record[8:12], "big")
    images = int.from_bytes(record[12:14], "big")
    if images < 1:
        raise LdsError("DG2", "the facial record holds no image")
    if total > len(record):
        raise LdsError("DG2", "the facial record is shorter than its stated length")
    offset = 14
    block = int.from_bytes(record[offset : offset + 4], "big")
    points = int.from_bytes(record[offset + 4 : offset + 6], "big")
    info = offset + 20 + 8 * points
    image_start = info + 12
    image_end = offset + block
    if image_start > image_end or image_end > len(record):
        raise LdsError("DG2", "the facial image block lengths are inconsistent")
    data_type = record[info + 1]
    width = int.from_bytes(record[info + 2 : info + 4], "big")
    height = int.from_bytes(record[info + 4 : info + 6], "big")
    image = record[image_start:image_end]
    sniffed = _sniff(image)
    if sniffed is None:
        if data_type not in (0, 1):
            raise LdsError("DG2", "the face image is neither JPEG nor JPEG 2000")
        sniffed = "jpeg" if data_type == 0 else "jpeg2000"
    return FaceImage(image, sniffed, width, height)


def parse_dg2(data: bytes) -> FaceImage:
    """The first face image of DG2."""
    root = _single(data, 0x75, "DG2")
    group = ber.find(_children(root, "DG2"), 0x7F61)
    if group is None:
        raise LdsError("DG2", "no biometric information group template (7F61)")
    template = ber.find(_children(group, "DG2"), 0x7F60)
    if template is None:
        raise LdsError("DG2", "no biometric information template (7F60)")
    inner = _children(template, "DG2")
    if ber.find(inner, 0x7F2E) is not None:
        raise LdsError("DG2", "ISO/IEC 39794-5 face records are not supported")
    biometric = ber.find(inner, 0x5F2E)
    if biometric is None:
        raise LdsError("DG2", "no biometric data block (5F2E)")
    record = biometric.value
    if record.startswith(b"FAC\x00"):
        return _facial_record(record)
    sniffed = _sniff(record)
    if sniffed is None:
        raise LdsError("DG2", "the biometric data is not a facial record")
    return FaceImage(record, sniffed, 0, 0)


def encode_dg2(image: bytes, *, image_format: ImageFormat = "jpeg", width: int = 0, height: int = 0) -> bytes:
    """DG2 with one ISO/IEC 19794-5 facial record around ``image`` (no feature points)."""
    info = bytes((0x01, 0x00 if image_format == "jpeg" else 0x01))
    info += width.to_bytes(2, "big") + height.to_bytes(2, "big")
    info += bytes((0x01, 0x02)) + bytes(2) + bytes(2)  # colour space, source type, device, quality
    face_block = 20 + len(info) + len(image)
    facial_info = face_block.to_bytes(4, "big") + bytes(2) + bytes(14)
    record_length = 14 + face_block
    record = b"FAC\x00" + b"010\x00" + record_length.to_bytes(4, "big") + (1).to_bytes(2, "big")
    record += facial_info + info + image
    header = (
        ber.encode(0x80, b"\x01\x01")
        + ber.encode(0x81, b"\x02")
        + ber.encode(0x87, b"\x01\x01")
        + ber.encode(0x88, b"\x00\x08")
    )
    template = ber.encode(0x7F60, ber.encode(0xA1, header) + ber.encode(0x5F2E, record))
    return ber.encode(0x75, ber.encode(0x7F61, ber.encode(0x02, b"\x01") + template))


def decode_face_image(face: FaceImage) -> Image:
    """The face as a Pillow image, fully decoded (JPEG 2000 needs Pillow built with OpenJPEG).

    :class:`LdsError` when the bytes cannot be decoded."""
    from PIL import Image as PilImage

    try:
        image = PilImage.open(io.BytesIO(face.data))
        image.load()
    except Exception:  # Pillow raises many types (OSError, SyntaxError, ValueError, ...)
        raise LdsError("DG2", f"the {face.format} face image cannot be decoded") from None
    return image


# --------------------------------------------------------------------------------------------
# DG13 (Vietnam)
# --------------------------------------------------------------------------------------------

DG13_FIELDS: Mapping[int, str] = {
    1: "id_number",
    2: "full_name",
    3: "date_of_birth",
    4: "sex",
    5: "nationality",
    6: "ethnicity",
    7: "religion",
    8: "hometown",
    9: "residence",
    10: "identifying_marks",
    11: "date_of_issue",
    12: "date_of_expiry",
    13: "parents",
    14: "spouse_name",
    15: "old_id_number",
}

_STRING_TAGS = {0x0C: "utf-8", 0x13: "ascii", 0x16: "ascii", 0x14: "latin-1", 0x1E: "utf-16-be"}
_MAX_DEPTH = 4


@dataclass(frozen=True, repr=False)
class VietnamesePersonalData:
    """DG13 of a CCCD, text as on the chip (NFC-normalized). Personal data: ``repr`` hides it.

    Dates stay text (``dd/MM/yyyy``); :func:`parse_vn_date` turns them into dates."""

    id_number: str | None = None
    full_name: str | None = None
    date_of_birth: str | None = None
    sex: str | None = None
    nationality: str | None = None
    ethnicity: str | None = None
    religion: str | None = None
    hometown: str | None = None
    residence: str | None = None
    identifying_marks: str | None = None
    date_of_issue: str | None = None
    date_of_expiry: str | None = None
    father_name: str | None = None
    mother_name: str | None = None
    spouse_name: str | None = None
    old_id_number: str | None = None
    other: Mapping[int, str] = field(default_factory=dict)

    def __repr__(self) -> str:
        present = [name for name in DG13_FIELDS.values() if name != "parents" and getattr(self, name)]
        return f"VietnamesePersonalData(<redacted>, fields={present})"

    @property
    def sex_code(self) -> Literal["M", "F"] | None:
        """``M`` / ``F`` from the Vietnamese (or English) word; ``None`` when unknown."""
        if not self.sex:
            return None
        word = unicodedata.normalize("NFC", self.sex).strip().casefold()
        if word in ("nam", "m", "male"):
            return "M"
        if word in (unicodedata.normalize("NFC", "nữ").casefold(), "nu", "f", "female"):
            return "F"
        return None


def _text(tlv: ber.Tlv, name: str) -> str:
    encoding = _STRING_TAGS[tlv.tag]
    try:
        text = tlv.value.decode(encoding)
    except UnicodeDecodeError:
        raise LdsError("DG13", f"field {name} is not valid {encoding} text") from None
    return unicodedata.normalize("NFC", text).strip()


def _strings(objects: list[ber.Tlv], name: str, depth: int) -> list[str]:
    found: list[str] = []
    for tlv in objects:
        if tlv.tag in _STRING_TAGS:
            found.append(_text(tlv, name))
        elif tlv.tag in (0x30, 0x31) and depth < _MAX_DEPTH:
            found += _strings(_children(tlv, "DG13"), name, depth + 1)
    return found


def _starts_with_integer(tlv: ber.Tlv) -> bool:
    if tlv.tag != 0x30:
        return False
    inner = _children(tlv, "DG13")
    return bool(inner) and inner[0].tag == 0x02


def _collect(objects: list[ber.Tlv], fields: dict[int, list[str]], depth: int) -> None:
    """A SEQUENCE starting with an INTEGER is a field unless it holds such SEQUENCEs itself (then
    it wraps fields, its INTEGER being a version number)."""
    for tlv in objects:
        if tlv.tag != 0x30:
            continue  # a version number or anything else outside the fields
        inner = _children(tlv, "DG13")
        wraps_fields = any(_starts_with_integer(child) for child in inner[1:])
        if inner and inner[0].tag == 0x02 and not wraps_fields:
            if not inner[0].value or len(inner[0].value) > 2:
                raise LdsError("DG13", "a field number is not a small INTEGER")
            number = int.from_bytes(inner[0].value, "big", signed=True)
            name = DG13_FIELDS.get(number, f"field {number}")
            fields.setdefault(number, _strings(inner[1:], name, depth + 1))
        elif depth < _MAX_DEPTH:
            _collect(inner, fields, depth + 1)


def parse_dg13(data: bytes) -> VietnamesePersonalData:
    """The CCCD's personal data (see the module docstring for the layout)."""
    root = _single(data, 0x6D, "DG13")
    fields: dict[int, list[str]] = {}
    _collect(_children(root, "DG13"), fields, 0)
    if not fields:
        raise LdsError("DG13", "no numbered fields")

    def one(number: int) -> str | None:
        values = [value for value in fields.get(number, []) if value]
        return " ".join(values) if values else None

    parents = fields.get(13, [])
    known = set(DG13_FIELDS)
    return VietnamesePersonalData(
        id_number=one(1),
        full_name=one(2),
        date_of_birth=one(3),
        sex=one(4),
        nationality=one(5),
        ethnicity=one(6),
        religion=one(7),
        hometown=one(8),
        residence=one(9),
        identifying_marks=one(10),
        date_of_issue=one(11),
        date_of_expiry=one(12),
        father_name=(parents[0] or None) if parents else None,
        mother_name=(parents[1] or None) if len(parents) > 1 else None,
        spouse_name=one(14),
        old_id_number=one(15),
        other={number: " ".join(values) for number, values in fields.items() if number not in known},
    )


def encode_dg13(values: Mapping[int, str | tuple[str, ...]]) -> bytes:
    """DG13 from field number -> text, in number order (the layout above). A tuple value (field
    13: ``(father, mother)``; 14: ``(spouse,)``) puts each name in its own SEQUENCE; the numbers
    and dates of fields 1, 3, 11 and 15 are PrintableStrings when they are ASCII."""
    items = b""
    for number in sorted(values):
        value = values[number]
        body = ber.encode(0x02, number.to_bytes(1, "big"))
        if isinstance(value, tuple):
            for text in value:
                body += ber.encode(0x30, ber.encode(0x0C, unicodedata.normalize("NFC", text).encode("utf-8")))
        elif number in (1, 3, 11, 15) and value.isascii():
            body += ber.encode(0x13, value.encode("ascii"))
        else:
            body += ber.encode(0x0C, unicodedata.normalize("NFC", value).encode("utf-8"))
        items += ber.encode(0x30, body)
    return ber.encode(0x6D, items)


_VN_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


def parse_vn_date(text: str | None) -> date | None:
    """``dd/MM/yyyy`` -> date; ``None`` for no date, text such as "Không thời hạn" (no expiry)
    or a date that does not exist."""
    if not text:
        return None
    match = _VN_DATE.match(text)
    if match is None:
        return None
    day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None

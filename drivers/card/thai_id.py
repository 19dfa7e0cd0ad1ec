"""The Thai national ID card (DOPA applet) over PC/SC: pure parsers, the reader logic, a pyscard transport.

Layers, from the bottom:

* Pure parsers (no I/O) for each field of the card's data area. Each raises only
  :class:`~drivers.card.errors.MalformedData` on bad input (``parse_card_date`` never raises).
* :func:`read_thai_id` speaks the APDU protocol over any :class:`ApduTransport` (a real reader,
  a virtual card, an in-memory fake) and returns a :class:`ThaiIdCard`.
* The pyscard adapter that carries these APDUs to a real reader is
  :class:`drivers.card.pcsc_transport.PcscTransport`.

Protocol (``shared/DEVICES.md``, "Thai ID (PC/SC)"): SELECT the applet, then
``READ BINARY 80 B0 offH offL 02 00 len`` answers ``61 xx`` and ``GET RESPONSE 00 C0 00 P2 xx``
returns the bytes. P2 is ``01`` for cards whose ATR begins ``3B 67`` and ``00`` for ``3B 68`` /
``3B 78`` / ``3B 79``; an unknown ATR starts with ``00``. Whatever the ATR, if the first GET
RESPONSE is refused with ``6A 86`` / ``6B 00`` the other P2 is tried once and kept for the rest
of the read (one more APDU; three if the card also dropped the waiting answer). The fields lie
in one contiguous area 0x0004..0x1627, so the reader fetches the whole area in 0xFF-byte chunks
(23 READ BINARY / GET RESPONSE pairs, 47 APDUs with the SELECT) instead of one or more commands
per field, then cuts the fields out by offset.

Dates: the card stores Buddhist-era ``YYYYMMDD``; a zero month or day means "not known". A
:class:`CardDate` keeps the Gregorian date *and* its precision, and its ISO form is shortened to
what the card knows: ``"1980-06-15"`` (day), ``"1980-06"`` (day unknown), ``"1980"`` (month
unknown) - all valid ISO 8601 - or ``None`` for "lifetime" / no date. A day or month that is zero
*or impossible* (29 Feb 1997, month 13) counts as unknown, so a garbled expiry never reads as
"lifetime". ``value`` fills an unknown month or day with 1 so it can still be compared and sorted.

Personal data never enters an exception message or a ``repr``.
"""

from __future__ import annotations

import calendar
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, Protocol

from drivers.card.citizen_number import check_citizen_id
from drivers.card.errors import (
    MalformedData,
    UnexpectedStatus,
    UnsupportedCard,
)

__all__ = [
    "DATA_END",
    "DATA_START",
    "FIELDS",
    "SELECT_APDU",
    "ApduTransport",
    "CardDate",
    "DatePrecision",
    "PersonName",
    "ThaiAddress",
    "ThaiIdCard",
    "check_citizen_id",
    "cut_photo",
    "get_response_apdu",
    "get_response_p2_for_atr",
    "parse_address",
    "parse_card_date",
    "parse_data_area",
    "parse_id_number",
    "parse_sex",
    "parse_text",
    "parse_thai_name",
    "read_binary_apdu",
    "read_thai_id",
]

# --------------------------------------------------------------------------------------------
# Card layout
# --------------------------------------------------------------------------------------------

SELECT_APDU = bytes.fromhex("00A4040008A000000054480001")

DATA_START = 0x0004
DATA_END = 0x1628  # exclusive: the area is 0x0004..0x1627
DATA_LENGTH = DATA_END - DATA_START
CHUNK = 0xFF  # the largest length READ BINARY / GET RESPONSE take here

# Field name -> (offset on the card, length in bytes).
FIELDS: Mapping[str, tuple[int, int]] = {
    "id_number": (0x0004, 0x0D),
    "name_th": (0x0011, 0x64),
    "name_en": (0x0075, 0x64),
    "date_of_birth": (0x00D9, 0x08),
    "sex": (0x00E1, 0x01),
    "issuer": (0x00F6, 0x64),
    "date_of_issue": (0x0167, 0x08),
    "date_of_expiry": (0x016F, 0x08),
    "photo": (0x017B, 0x1579 - 0x017B),  # 20 x 0xFF bytes, plus the gap up to the address
    "address": (0x1579, 0x64),
    "request_number": (0x1619, 0x0E),
}

# --------------------------------------------------------------------------------------------
# Pure parsers
# --------------------------------------------------------------------------------------------

_PAD_BYTES = b" \x00\xff"  # spaces and NULs pad the fields; 0xFF is unwritten EEPROM (not cp874)
_PAD_CHARS = " \t\r\n\x00\xa0"  # cp874 0xA0 is a no-break space (the byte tis-620 rejects)


def _decode(raw: bytes, field_name: str) -> str:
    """cp874 text with the padding trimmed from both ends; MalformedData names the field only."""
    try:
        text = raw.rstrip(_PAD_BYTES).decode("cp874")
    except UnicodeDecodeError:
        raise MalformedData(field_name, "not cp874 text") from None
    return text.strip(_PAD_CHARS)


def parse_text(raw: bytes, *, field: str = "text") -> str:
    """A free-text field (issuer, request number): cp874, padding trimmed."""
    return _decode(raw, field)


@dataclass(frozen=True, repr=False)
class PersonName:
    """A name as the card splits it. A part the card leaves empty is ``None``; ``full`` joins the
    non-empty parts with single spaces (for a name without ``#`` it is the whole text)."""

    title: str | None
    first: str | None
    middle: str | None
    last: str | None
    full: str

    def __repr__(self) -> str:
        present = [name for name in ("title", "first", "middle", "last") if getattr(self, name)]
        return f"PersonName(<redacted>, parts={present})"

    def as_json(self) -> dict[str, str | None]:
        return {
            "title": self.title,
            "first": self.first,
            "middle": self.middle,
            "last": self.last,
            "full": self.full,
        }


def parse_thai_name(raw: bytes, *, field: str = "name") -> PersonName:
    """``title#first#middle#last`` in cp874 (Thai or English). Each part is trimmed of spaces and
    NULs; parts past the fourth are added to ``last``; text without any ``#`` is kept in ``full``."""
    text = _decode(raw, field)
    if "#" not in text:
        return PersonName(None, None, None, None, text)
    parts = [part.strip(_PAD_CHARS) for part in text.split("#")]
    parts += [""] * (4 - len(parts))
    title, first, middle = parts[0], parts[1], parts[2]
    last = " ".join(part for part in parts[3:] if part)
    named = (title, first, middle, last)
    return PersonName(
        title or None,
        first or None,
        middle or None,
        last or None,
        " ".join(part for part in named if part),
    )


DatePrecision = Literal["day", "month", "year", "none"]


@dataclass(frozen=True, repr=False)
class CardDate:
    """A Gregorian date with the precision the card gives.

    ``value`` is ``None`` exactly when ``precision`` is ``"none"`` (lifetime card, no date, or
    bytes that are not a date); for ``"month"`` the day is set to 1, for ``"year"`` month and day."""

    value: date | None
    precision: DatePrecision

    def iso(self) -> str | None:
        """ISO 8601 shortened to the known precision: ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or ``None``."""
        if self.value is None:
            return None
        if self.precision == "day":
            return self.value.isoformat()
        if self.precision == "month":
            return f"{self.value.year:04d}-{self.value.month:02d}"
        return f"{self.value.year:04d}"

    def __repr__(self) -> str:
        return f"CardDate(<redacted>, precision={self.precision!r})"


NO_DATE = CardDate(None, "none")
_BUDDHIST_ERA_OFFSET = 543


def parse_card_date(raw: bytes) -> CardDate:
    """Buddhist-era ``YYYYMMDD`` -> :class:`CardDate`. Never raises.

    ``CardDate(None, "none")`` for ``99999999`` (lifetime), any Buddhist year 9999, blanks, zeros,
    a year before 544 BE, and anything that is not eight digits. Otherwise the precision stops at
    the first part that is zero or out of range: month 00 or 13..99 gives year precision (whatever
    the day says); day 00 or past the month's end gives month precision. A garbled expiry thus
    never reads as "lifetime"."""
    digits = raw.strip(b" \x00")
    if len(digits) != 8 or not digits.isdigit():
        return NO_DATE
    be_year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:])
    year = be_year - _BUDDHIST_ERA_OFFSET
    if be_year == 9999 or year < 1:
        return NO_DATE
    if not 1 <= month <= 12:
        return CardDate(date(year, 1, 1), "year")
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return CardDate(date(year, month, 1), "month")
    return CardDate(date(year, month, day), "day")


@dataclass(frozen=True, repr=False)
class ThaiAddress:
    """The registered address, ``house#moo#soi#road##tambon#amphoe#province`` by position.

    Parts are ``None`` where the card leaves them empty or short; ``full`` is every non-empty
    part (the unnamed fifth one and any extra ones too) joined by single spaces."""

    house: str | None
    moo: str | None
    soi: str | None
    road: str | None
    tambon: str | None
    amphoe: str | None
    province: str | None
    full: str

    def __repr__(self) -> str:
        return "ThaiAddress(<redacted>)"

    def parts_json(self) -> dict[str, str | None]:
        return {
            "house": self.house,
            "moo": self.moo,
            "soi": self.soi,
            "road": self.road,
            "tambon": self.tambon,
            "amphoe": self.amphoe,
            "province": self.province,
        }


# Position of each named part in the '#'-separated address; position 4 has no name.
_ADDRESS_SLOTS = {"house": 0, "moo": 1, "soi": 2, "road": 3, "tambon": 5, "amphoe": 6, "province": 7}


def parse_address(raw: bytes, *, field: str = "address") -> ThaiAddress:
    """The address field (cp874). Lenient: missing trailing parts are ``None``."""
    parts = [part.strip(_PAD_CHARS) for part in _decode(raw, field).split("#")]

    def slot(name: str) -> str | None:
        index = _ADDRESS_SLOTS[name]
        return (parts[index] or None) if index < len(parts) else None

    return ThaiAddress(
        house=slot("house"),
        moo=slot("moo"),
        soi=slot("soi"),
        road=slot("road"),
        tambon=slot("tambon"),
        amphoe=slot("amphoe"),
        province=slot("province"),
        full=" ".join(part for part in parts if part),
    )


_JPEG_START = b"\xff\xd8"
_JPEG_END = b"\xff\xd9"


def cut_photo(raw: bytes) -> bytes:
    """The JPEG as stored: everything up to and including the first ``FF D9``. Nothing else is
    removed - bytes such as 0x20 inside the image are data (trimming them corrupts the JPEG)."""
    if not raw.startswith(_JPEG_START):
        raise MalformedData("photo", "no JPEG start marker")
    end = raw.find(_JPEG_END, len(_JPEG_START))
    if end < 0:
        raise MalformedData("photo", "no JPEG end marker")
    return raw[: end + len(_JPEG_END)]


def parse_id_number(raw: bytes) -> str:
    """The citizen ID field: 13 ASCII digits (padding trimmed). The check digit is not enforced
    here: :attr:`ThaiIdCard.id_number_valid` reports it."""
    digits = raw.strip(b" \x00")
    if len(digits) != 13 or not digits.isdigit():
        raise MalformedData("id_number", "not 13 digits")
    return digits.decode("ascii")


def parse_sex(raw: bytes) -> Literal["M", "F"] | None:
    """``1`` male, ``2`` female; anything else is unknown (``None``)."""
    code = raw.strip(b" \x00")
    if code == b"1":
        return "M"
    if code == b"2":
        return "F"
    return None


# --------------------------------------------------------------------------------------------
# The card
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThaiIdCard:
    """Everything read from a Thai ID card. Personal data: never logged; ``repr`` shows none of it.

    ``apdu_count`` is how many command APDUs the read took (for the benchmark); it is not part of
    equality."""

    id_number: str
    id_number_valid: bool
    name_th: PersonName
    name_en: PersonName
    date_of_birth: CardDate
    sex: Literal["M", "F"] | None
    issuer: str
    date_of_issue: CardDate
    date_of_expiry: CardDate
    address: ThaiAddress
    photo: bytes
    request_number: str
    atr: str
    apdu_count: int = field(default=0, compare=False)

    def __repr__(self) -> str:
        return (
            f"ThaiIdCard(<redacted>, id_number_valid={self.id_number_valid}, "
            f"atr={self.atr!r}, photo_bytes={len(self.photo)}, apdu_count={self.apdu_count})"
        )

    @property
    def photo_sha256(self) -> str:
        return hashlib.sha256(self.photo).hexdigest()

    @property
    def full_name(self) -> str:
        """First, middle and last name without the title (the screens add their own polite
        form): the Thai name, else the English one; empty when the card has neither."""
        for name in (self.name_th, self.name_en):
            parts = [part for part in (name.first, name.middle, name.last) if part]
            if parts:
                return " ".join(parts)
        return ""

    def as_json(self) -> dict[str, Any]:
        """The ``kiosk card read --json`` object (SPEC section 9) plus ``address_parts``,
        ``request_number`` and ``id_number_valid``."""
        return {
            "document_type": "th_id",
            "id_number": self.id_number,
            "id_number_valid": self.id_number_valid,
            "name_th": self.name_th.as_json(),
            "name_en": self.name_en.as_json(),
            "date_of_birth": self.date_of_birth.iso(),
            "date_of_issue": self.date_of_issue.iso(),
            "date_of_expiry": self.date_of_expiry.iso(),
            "sex": self.sex,
            "address": self.address.full,
            "address_parts": self.address.parts_json(),
            "issuer": self.issuer,
            "photo_sha256": self.photo_sha256,
            "request_number": self.request_number,
        }


def parse_data_area(area: bytes, *, atr: bytes = b"", apdu_count: int = 0) -> ThaiIdCard:
    """Cuts the fields out of the data area 0x0004..0x1627 (as read from the card) and parses them."""
    if len(area) < DATA_LENGTH:
        raise MalformedData("data_area", f"{len(area)} bytes instead of {DATA_LENGTH}")

    def raw(name: str) -> bytes:
        offset, length = FIELDS[name]
        start = offset - DATA_START
        return area[start : start + length]

    id_number = parse_id_number(raw("id_number"))
    return ThaiIdCard(
        id_number=id_number,
        id_number_valid=check_citizen_id(id_number),
        name_th=parse_thai_name(raw("name_th"), field="name_th"),
        name_en=parse_thai_name(raw("name_en"), field="name_en"),
        date_of_birth=parse_card_date(raw("date_of_birth")),
        sex=parse_sex(raw("sex")),
        issuer=parse_text(raw("issuer"), field="issuer"),
        date_of_issue=parse_card_date(raw("date_of_issue")),
        date_of_expiry=parse_card_date(raw("date_of_expiry")),
        address=parse_address(raw("address")),
        photo=cut_photo(raw("photo")),
        request_number=parse_text(raw("request_number"), field="request_number"),
        atr=atr.hex().upper(),
        apdu_count=apdu_count,
    )


# --------------------------------------------------------------------------------------------
# The APDU protocol
# --------------------------------------------------------------------------------------------


class ApduTransport(Protocol):
    """A connected card. ``transmit`` takes a command APDU and returns the response data followed
    by SW1 SW2; it raises :class:`CardRemoved` when the card is lost (other :class:`CardError`
    subclasses for other transport failures)."""

    def atr(self) -> bytes: ...

    def transmit(self, apdu: bytes) -> bytes: ...


def read_binary_apdu(offset: int, length: int) -> bytes:
    """``80 B0 offH offL 02 00 len``."""
    if not (0 <= offset <= 0xFFFF and 1 <= length <= 0xFF):
        raise ValueError("READ BINARY offset or length out of range")
    return bytes((0x80, 0xB0, offset >> 8, offset & 0xFF, 0x02, 0x00, length))


def get_response_apdu(p2: int, length: int) -> bytes:
    """``00 C0 00 P2 len`` (``len`` 0 asks for 256 bytes)."""
    return bytes((0x00, 0xC0, 0x00, p2, length & 0xFF))


def get_response_p2_for_atr(atr: bytes) -> int | None:
    """GET RESPONSE P2 by ATR family: 1 for ``3B 67``, 0 for ``3B 68`` / ``3B 78`` / ``3B 79``,
    ``None`` when unknown (the reader then tries 0 and falls back to 1)."""
    prefix = atr[:2]
    if prefix == b"\x3b\x67":
        return 1
    if prefix in (b"\x3b\x68", b"\x3b\x78", b"\x3b\x79"):
        return 0
    return None


_OK = (0x90, 0x00)
_P2_REFUSED = frozenset({(0x6A, 0x86), (0x6B, 0x00)})  # incorrect P1-P2 / wrong parameters
_MAX_GET_RESPONSES = 8  # per READ BINARY: chained 61xx and 6Cxx corrections


class _ThaiIdSession:
    """One read: counts APDUs and remembers which GET RESPONSE P2 the card takes.

    The ATR picks the first P2 (0 when unknown). If the card's first GET RESPONSE is refused with
    6A86 / 6B00, the other P2 is tried once and kept; once a GET RESPONSE has worked the choice is
    settled and any later refusal is an :class:`UnexpectedStatus`."""

    def __init__(self, transport: ApduTransport, atr: bytes) -> None:
        self._transport = transport
        known = get_response_p2_for_atr(atr)
        self._p2 = 0 if known is None else known
        self._p2_settled = False
        self.apdu_count = 0

    def _send(self, apdu: bytes, command: str) -> tuple[bytes, int, int]:
        self.apdu_count += 1
        response = self._transport.transmit(apdu)
        if len(response) < 2:
            raise MalformedData("response", f"answer to {command} has no status word")
        return response[:-2], response[-2], response[-1]

    def select(self) -> None:
        _, sw1, sw2 = self._send(SELECT_APDU, "SELECT")
        if sw1 != 0x61 and (sw1, sw2) != _OK:
            raise UnsupportedCard(sw1=sw1, sw2=sw2)

    def read_area(self, start: int, length: int) -> bytes:
        area = bytearray()
        for offset in range(start, start + length, CHUNK):
            area += self.read_chunk(offset, min(CHUNK, start + length - offset))
        return bytes(area)

    def read_chunk(self, offset: int, length: int) -> bytes:
        command = read_binary_apdu(offset, length)
        data, sw1, sw2 = self._send(command, "READ BINARY")
        if (sw1, sw2) == _OK and data:  # the reader (T=1) already fetched the answer
            return self._exact(data, offset, length)
        if sw1 != 0x61:
            raise UnexpectedStatus("READ BINARY", sw1, sw2)
        return self._exact(self._get_response(command, sw2 or length), offset, length)

    @staticmethod
    def _exact(data: bytes, offset: int, length: int) -> bytes:
        if len(data) != length:
            raise MalformedData("data_area", f"{len(data)} bytes instead of {length} at 0x{offset:04X}")
        return data

    def _get_response(self, read_command: bytes, le: int) -> bytes:
        data, sw1, sw2 = self._send(get_response_apdu(self._p2, le), "GET RESPONSE")
        if (sw1, sw2) in _P2_REFUSED and not self._p2_settled:
            self._p2 ^= 1
            self._p2_settled = True
            data, sw1, sw2 = self._send(get_response_apdu(self._p2, le), "GET RESPONSE")
            if (sw1, sw2) != _OK and sw1 not in (0x61, 0x6C):
                # This card dropped its pending answer with the refused command: ask again.
                data, sw1, sw2 = self._send(read_command, "READ BINARY")
                if (sw1, sw2) == _OK and data:
                    return data
                if sw1 != 0x61:
                    raise UnexpectedStatus("READ BINARY", sw1, sw2)
                data, sw1, sw2 = self._send(get_response_apdu(self._p2, sw2 or le), "GET RESPONSE")
        collected = bytearray()
        for _ in range(_MAX_GET_RESPONSES):
            if (sw1, sw2) == _OK:
                self._p2_settled = True
                return bytes(collected + data)
            if sw1 == 0x61:  # more bytes waiting
                collected += data
            elif sw1 != 0x6C:  # 6Cxx: wrong length, xx is the right one; anything else is an error
                break
            data, sw1, sw2 = self._send(get_response_apdu(self._p2, sw2), "GET RESPONSE")
        raise UnexpectedStatus("GET RESPONSE", sw1, sw2)


def read_thai_id(transport: ApduTransport) -> ThaiIdCard:
    """Reads a Thai ID card: SELECT, the whole data area in 0xFF-byte chunks, then the fields.

    Raises :class:`UnsupportedCard` (SELECT refused), :class:`UnexpectedStatus`,
    :class:`MalformedData`, and whatever the transport raises (:class:`CardRemoved`, ...).
    ``ThaiIdCard.apdu_count`` is the number of APDUs sent (47 for a card whose ATR is known)."""
    atr = transport.atr()
    session = _ThaiIdSession(transport, atr)
    session.select()
    area = session.read_area(DATA_START, DATA_LENGTH)
    return parse_data_area(area, atr=atr, apdu_count=session.apdu_count)

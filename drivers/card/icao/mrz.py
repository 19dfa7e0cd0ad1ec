"""The machine readable zone (ICAO Doc 9303 parts 3, 4 and 5) and the access keys derived from it.

* :func:`parse_mrz` reads a TD1 (identity card, 3 lines of 30) or TD3 (passport, 2 lines of 44)
  zone, checks every field's characters, every check digit and the composite check digit, and
  raises :class:`MrzError` naming the first wrong field.
* TD1 long document numbers (part 5, 4.2.4): when the number has more than nine characters, the
  number field holds its first nine, the check-digit position holds ``<``, and the optional data
  starts with the rest of the number followed by the check digit of the whole number.
* The Vietnamese CCCD (issuing state ``VNM``, document code ``ID``) fills line 1 as
  ``IDVNM`` + the last 9 digits of the 12-digit citizen number + their check digit + the whole
  12-digit number (then filler). :attr:`Mrz.document_number` is the 12-digit number;
  :attr:`Mrz.access_document_number` is the 9-digit one the chip's BAC / PACE keys are made from.
* :class:`MrzInformation` is what access control needs: document number, date of birth, date of
  expiry. ``key_seed()`` is the BAC seed (part 11, 9.7.1) and ``mrz_information()`` the string
  PACE hashes into its password.

Nothing here logs or puts personal data into an exception message: errors name the field only.
"""

from __future__ import annotations

import calendar
import hashlib
import re
from dataclasses import dataclass, field
from typing import Literal

from drivers.card.icao.errors import MrzError

__all__ = [
    "Mrz",
    "MrzError",
    "MrzInformation",
    "check_digit",
    "parse_mrz",
]

_WEIGHTS = (7, 3, 1)
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_MRZ_CHARS = frozenset(_ALPHABET + "<")

_FIELD_TITLES = {
    "document_number": "document number",
    "date_of_birth": "date of birth",
    "date_of_expiry": "date of expiry",
    "optional_data": "optional data",
    "composite": "composite check digit",
}


def _value(char: str) -> int:
    if char == "<":
        return 0
    index = _ALPHABET.find(char)
    if index < 0 or len(char) != 1:
        raise MrzError("mrz", "the machine readable zone contains a character that is not allowed")
    return index


def check_digit(s: str) -> int:
    """The 7-3-1 check digit of ``s`` (digits, ``A``-``Z`` = 10..35, ``<`` = 0).

    Raises :class:`MrzError` (field ``mrz``) for any other character."""
    return sum(_value(char) * _WEIGHTS[index % 3] for index, char in enumerate(s)) % 10


def _title(name: str) -> str:
    return _FIELD_TITLES.get(name, name.replace("_", " "))


def _require_check(name: str, data: str, digit: str) -> None:
    """``digit`` must be the check digit of ``data``; MrzError names ``name`` otherwise."""
    if not digit.isdigit():
        raise MrzError(name, f"the check digit of the {_title(name)} is not a digit")
    if check_digit(data) != int(digit):
        raise MrzError(name, f"the check digit of the {_title(name)} does not match")


def _require_chars(name: str, text: str, allowed: str = "") -> None:
    chars = _MRZ_CHARS if not allowed else frozenset(allowed)
    if any(char not in chars for char in text):
        raise MrzError(name, f"the {_title(name)} contains a character that is not allowed")


def _valid_day(yy: int, month: int, day: int) -> bool:
    """A day that exists in either century the two-digit year can stand for."""
    return any(1 <= day <= calendar.monthrange(century + yy, month)[1] for century in (1900, 2000))


def _require_date(name: str, text: str, *, unknown_allowed: bool) -> None:
    """``YYMMDD``; a date of birth may leave the month or day unknown as ``<<`` (part 3, 4.6)."""
    if len(text) != 6:
        raise MrzError(name, f"the {_title(name)} must have 6 characters (YYMMDD)")
    yy, mm, dd = text[:2], text[2:4], text[4:]
    if not yy.isdigit():
        raise MrzError(name, f"the {_title(name)} is not a date (YYMMDD)")
    if unknown_allowed and mm == "<<":
        if dd not in ("<<",) and not dd.isdigit():
            raise MrzError(name, f"the {_title(name)} is not a date (YYMMDD)")
        return
    if not (mm.isdigit() and 1 <= int(mm) <= 12):
        raise MrzError(name, f"the month in the {_title(name)} is not between 01 and 12")
    if unknown_allowed and dd == "<<":
        return
    if not (dd.isdigit() and _valid_day(int(yy), int(mm), int(dd))):
        raise MrzError(name, f"the day in the {_title(name)} does not exist in that month")


def _name_parts(text: str) -> tuple[str, str]:
    """``SURNAME<<GIVEN<NAMES<<<`` -> ("SURNAME", "GIVEN NAMES"); fillers become spaces."""
    surname, _, given = text.partition("<<")
    return (
        " ".join(part for part in surname.split("<") if part),
        " ".join(part for part in given.split("<") if part),
    )


def _split_lines(text: str) -> list[str]:
    """MRZ lines from text: separated by any whitespace (or written as one run of 88 / 90)."""
    lines = [line for line in re.split(r"\s+", text.strip().upper()) if line]
    if len(lines) == 1 and len(lines[0]) in (88, 90):
        width = 44 if len(lines[0]) == 88 else 30
        run = lines[0]
        lines = [run[i : i + width] for i in range(0, len(run), width)]
    return lines


@dataclass(frozen=True, repr=False)
class Mrz:
    """A validated machine readable zone. Personal data: ``repr`` shows none of it.

    ``document_number`` is the full number (12 digits on a CCCD; the whole long number on a TD1
    that uses the long-number rule); ``access_document_number`` is the one BAC / PACE use (the
    9-digit number field on a CCCD). Dates stay ``YYMMDD`` as printed (a date of birth may hold
    ``<<`` for an unknown month or day). ``sex`` is ``M``, ``F``, ``X`` or ``<``."""

    document_format: Literal["TD1", "TD3"]
    document_code: str
    issuing_state: str
    document_number: str
    date_of_birth: str
    sex: str
    date_of_expiry: str
    nationality: str
    surname: str
    given_names: str
    optional_data: str
    lines: tuple[str, ...]
    access_document_number: str = field(default="")
    is_cccd: bool = False

    def __post_init__(self) -> None:
        if not self.access_document_number:
            object.__setattr__(self, "access_document_number", self.document_number)

    def __repr__(self) -> str:
        return f"Mrz(<redacted>, format={self.document_format}, code={self.document_code!r})"

    @property
    def text(self) -> str:
        """The lines joined with newlines."""
        return "\n".join(self.lines)


def _parse_td1(lines: list[str]) -> Mrz:
    line1, line2, line3 = lines
    code, state = line1[0:2], line1[2:5]
    number_field, number_cd, optional1 = line1[5:14], line1[14], line1[15:30]
    dob, dob_cd, sex = line2[0:6], line2[6], line2[7]
    expiry, expiry_cd, nationality = line2[8:14], line2[14], line2[15:18]
    optional2, composite = line2[18:29], line2[29]

    _require_chars("document_code", code, _ALPHABET[10:] + "<")
    if code[0] not in "ACI":
        raise MrzError("document_code", "a TD1 document code must start with A, C or I")
    _require_chars("issuing_state", state, _ALPHABET[10:] + "<")
    _require_chars("document_number", number_field + number_cd)
    _require_chars("optional_data", optional1 + optional2)
    _require_chars("nationality", nationality, _ALPHABET[10:] + "<")
    _require_chars("name", line3)
    _require_date("date_of_birth", dob, unknown_allowed=True)
    _require_check("date_of_birth", dob, dob_cd)
    _require_sex(sex)
    _require_date("date_of_expiry", expiry, unknown_allowed=False)
    _require_check("date_of_expiry", expiry, expiry_cd)

    short_number = number_field.rstrip("<")
    document_number = short_number
    access_number = short_number
    is_cccd = False
    if number_cd == "<":
        # Long document number: the rest of it and its check digit open the optional data.
        end = optional1.find("<")
        tail = optional1 if end < 0 else optional1[:end]
        if len(tail) < 2 or not tail[-1].isdigit():
            raise MrzError("document_number", "the long document number has no check digit")
        document_number = number_field + tail[:-1]
        _require_check("document_number", document_number, tail[-1])
        access_number = document_number
        optional1 = optional1[len(tail) :]
    else:
        _require_check("document_number", number_field, number_cd)
        if state == "VNM" and code == "ID":
            is_cccd = True
            full = optional1[:12]
            if not (full.isascii() and full.isdigit()):
                raise MrzError(
                    "optional_data", "the 12-digit citizen number is missing from the optional data"
                )
            if full[3:] != number_field:
                raise MrzError(
                    "optional_data", "the 12-digit citizen number does not end with the document number"
                )
            document_number = full
            optional1 = optional1[12:]

    composite_data = line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29]
    _require_check("composite", composite_data, composite)
    surname, given = _name_parts(line3)
    if not surname and not given:
        raise MrzError("name", "the name line is empty")
    return Mrz(
        document_format="TD1",
        document_code=code.rstrip("<"),
        issuing_state=state.rstrip("<"),
        document_number=document_number,
        date_of_birth=dob,
        sex=sex,
        date_of_expiry=expiry,
        nationality=nationality.rstrip("<"),
        surname=surname,
        given_names=given,
        optional_data=(optional1.rstrip("<") + " " + optional2.rstrip("<")).strip(),
        lines=(line1, line2, line3),
        access_document_number=access_number,
        is_cccd=is_cccd,
    )


def _require_sex(sex: str) -> None:
    if sex not in ("M", "F", "X", "<"):
        raise MrzError("sex", "the sex must be M, F, X or <")


def _parse_td3(lines: list[str]) -> Mrz:
    line1, line2 = lines
    code, state, name = line1[0:2], line1[2:5], line1[5:44]
    number, number_cd, nationality = line2[0:9], line2[9], line2[10:13]
    dob, dob_cd, sex = line2[13:19], line2[19], line2[20]
    expiry, expiry_cd = line2[21:27], line2[27]
    optional, optional_cd, composite = line2[28:42], line2[42], line2[43]

    _require_chars("document_code", code, _ALPHABET[10:] + "<")
    if code[0] != "P":
        raise MrzError("document_code", "a TD3 document code must start with P")
    _require_chars("issuing_state", state, _ALPHABET[10:] + "<")
    _require_chars("name", name)
    _require_chars("document_number", number + number_cd)
    _require_check("document_number", number, number_cd)
    _require_chars("nationality", nationality, _ALPHABET[10:] + "<")
    _require_date("date_of_birth", dob, unknown_allowed=True)
    _require_check("date_of_birth", dob, dob_cd)
    _require_sex(sex)
    _require_date("date_of_expiry", expiry, unknown_allowed=False)
    _require_check("date_of_expiry", expiry, expiry_cd)
    _require_chars("optional_data", optional + optional_cd)
    if not (optional_cd == "<" and optional.strip("<") == ""):
        _require_check("optional_data", optional, optional_cd)
    composite_data = line2[0:10] + line2[13:20] + line2[21:43]
    _require_check("composite", composite_data, composite)
    surname, given = _name_parts(name)
    if not surname and not given:
        raise MrzError("name", "the name is empty")
    return Mrz(
        document_format="TD3",
        document_code=code.rstrip("<"),
        issuing_state=state.rstrip("<"),
        document_number=number.rstrip("<"),
        date_of_birth=dob,
        sex=sex,
        date_of_expiry=expiry,
        nationality=nationality.rstrip("<"),
        surname=surname,
        given_names=given,
        optional_data=optional.rstrip("<"),
        lines=(line1, line2),
    )


def parse_mrz(text: str) -> Mrz:
    """Parses and validates a TD1 (3 x 30) or TD3 (2 x 44) machine readable zone.

    Lines may be separated by any whitespace; lower case is accepted. Raises :class:`MrzError`
    naming the first wrong field (``format`` when the shape is neither TD1 nor TD3)."""
    if not isinstance(text, str):
        raise MrzError("format", "the machine readable zone must be text")
    lines = _split_lines(text)
    if len(lines) == 3 and all(len(line) == 30 for line in lines):
        return _parse_td1(lines)
    if len(lines) == 2 and all(len(line) == 44 for line in lines):
        return _parse_td3(lines)
    raise MrzError(
        "format",
        "the machine readable zone must be 3 lines of 30 characters (ID card) "
        "or 2 lines of 44 characters (passport)",
    )


# --------------------------------------------------------------------------------------------
# Access-control data
# --------------------------------------------------------------------------------------------

_INFORMATION = re.compile(r"^([A-Z0-9<]{9,})([0-9])([0-9<]{6})([0-9])([0-9]{6})([0-9])$")


@dataclass(frozen=True, repr=False)
class MrzInformation:
    """Document number, date of birth and date of expiry: the key material of BAC and PACE (MRZ).

    ``document_number`` is as printed in the MRZ number field (without fillers; for a CCCD the
    9-digit one, see :meth:`for_cccd`), dates are ``YYMMDD``. The constructor validates the
    characters and dates and raises :class:`MrzError` naming the field."""

    document_number: str
    date_of_birth: str
    date_of_expiry: str

    def __post_init__(self) -> None:
        number = self.document_number.strip().upper().rstrip("<")
        if not number:
            raise MrzError("document_number", "the document number is empty")
        _require_chars("document_number", number)
        object.__setattr__(self, "document_number", number)
        _require_date("date_of_birth", self.date_of_birth, unknown_allowed=True)
        _require_date("date_of_expiry", self.date_of_expiry, unknown_allowed=False)

    def __repr__(self) -> str:
        return "MrzInformation(<redacted>)"

    def mrz_information(self) -> str:
        """Number (padded with ``<`` to at least 9) + check digit + birth + cd + expiry + cd."""
        number = self.document_number.ljust(9, "<")
        return (
            f"{number}{check_digit(number)}"
            f"{self.date_of_birth}{check_digit(self.date_of_birth)}"
            f"{self.date_of_expiry}{check_digit(self.date_of_expiry)}"
        )

    def key_seed(self) -> bytes:
        """K_seed of BAC: the first 16 bytes of SHA-1 over :meth:`mrz_information`."""
        information = self.mrz_information().encode("ascii")
        return hashlib.sha1(information).digest()[:16]  # noqa: S324 - ICAO 9303 fixes SHA-1

    @classmethod
    def from_mrz(cls, mrz: Mrz) -> MrzInformation:
        """The access data of a parsed zone (for a CCCD, the 9-digit number field)."""
        return cls(mrz.access_document_number, mrz.date_of_birth, mrz.date_of_expiry)

    @classmethod
    def for_cccd(cls, citizen_number: str, date_of_birth: str, date_of_expiry: str) -> MrzInformation:
        """From the 12-digit CCCD number as printed on the card's front: the chip's keys use
        its last 9 digits (the MRZ number field)."""
        digits = citizen_number.strip()
        if len(digits) != 12 or not (digits.isascii() and digits.isdigit()):
            raise MrzError("document_number", "a CCCD number has 12 digits")
        return cls(digits[3:], date_of_birth, date_of_expiry)

    @classmethod
    def parse(cls, text: str) -> MrzInformation:
        """From full MRZ lines, from the "MRZ information" string (number + cd + birth + cd +
        expiry + cd, e.g. ``L898902C<369080619406236``), or from three words ``NUMBER YYMMDD
        YYMMDD`` (each date may carry its check digit). Check digits present are verified."""
        if not isinstance(text, str):
            raise MrzError("format", "the MRZ data must be text")
        cleaned = text.strip().upper()
        lines = _split_lines(cleaned)
        if len(lines) in (2, 3) and any(len(line) in (30, 44) for line in lines):
            return cls.from_mrz(parse_mrz(cleaned))
        if len(lines) == 1 and len(lines[0]) in (88, 90):
            return cls.from_mrz(parse_mrz(cleaned))
        words = cleaned.replace(",", " ").replace("/", " ").split()
        if len(words) == 3:
            return cls._from_words(*words)
        if len(words) != 1:
            raise MrzError(
                "format",
                "give the MRZ lines, the MRZ information, or the document number, "
                "date of birth and date of expiry",
            )
        match = _INFORMATION.match(words[0])
        if match is None:
            raise MrzError(
                "format",
                "the MRZ information must be the document number and its check digit, the date "
                "of birth and its check digit, and the date of expiry and its check digit",
            )
        number, number_cd, dob, dob_cd, expiry, expiry_cd = match.groups()
        _require_check("document_number", number, number_cd)
        _require_check("date_of_birth", dob, dob_cd)
        _require_check("date_of_expiry", expiry, expiry_cd)
        return cls(number, dob, expiry)

    @classmethod
    def _from_words(cls, number: str, dob: str, expiry: str) -> MrzInformation:
        if len(dob) == 7:
            _require_check("date_of_birth", dob[:6], dob[6])
            dob = dob[:6]
        if len(expiry) == 7:
            _require_check("date_of_expiry", expiry[:6], expiry[6])
            expiry = expiry[:6]
        return cls(number, dob, expiry)

"""The access data a chip ID (CCCD) wants before it answers: checked as the citizen types it.

A CCCD chip opens only to a terminal that knows the document number, the date of birth and the
date of expiry (ICAO 9303 BAC / PACE). The kiosk's form asks for them as a Vietnamese citizen
reads them off the card:

* the number: the 12-digit citizen number printed on the front (its last 9 digits are the
  chip's document number), or the 9 digits of the number field on the back (line 1 of the
  machine readable zone, after ``IDVNM``), optionally followed by the check digit printed after
  them - which is then verified;
* the dates as ``dd/mm/yyyy``, the way the card prints them (digits alone are accepted too).

Each field is checked on its own as it is typed (:func:`check_document_number`,
:func:`check_birth_date`, :func:`check_expiry_date`) and then together
(:func:`check_access_form`): a 12-digit number encodes the birth year, which must match the
date of birth. Each valid field also carries its machine-readable form and check digit, which
the screen shows so the citizen can compare with the back of the card.

Pure functions, no I/O; the values are personal data and never logged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import Enum

from drivers.card.icao.errors import MrzError
from drivers.card.icao.mrz import MrzInformation, check_digit
from kiosk.domain.citizen_id import CCCD_PROVINCE_CODES, cccd_birth_year, normalise_digits


class AccessProblem(Enum):
    """Why a field of the access form is not usable yet; the screen says each in plain words."""

    EMPTY = "empty"
    INCOMPLETE = "incomplete"
    """Still being typed (a date with fewer than 8 digits): not an error yet."""
    NOT_DIGITS = "not_digits"
    WRONG_LENGTH = "wrong_length"
    WRONG_CHECK_DIGIT = "wrong_check_digit"
    NOT_A_CCCD = "not_a_cccd"
    NOT_A_DATE = "not_a_date"
    BIRTH_IN_FUTURE = "birth_in_future"
    EXPIRY_BEFORE_BIRTH = "expiry_before_birth"
    NUMBER_DOES_NOT_MATCH_BIRTH = "number_does_not_match_birth"


@dataclass(frozen=True, repr=False)
class FieldCheck:
    """One field: ``value`` normalised (9-digit document number, or a date) when usable, else
    ``problem``. ``machine`` is the field as the back of the card prints it, with its check digit
    (``0900001233``, ``9003129``)."""

    value: str | date | None
    problem: AccessProblem | None
    machine: str | None = None
    citizen_number: str | None = None
    """The 12-digit number, when that is what was typed."""

    @property
    def ok(self) -> bool:
        return self.problem is None

    def __repr__(self) -> str:
        return f"FieldCheck(problem={self.problem})"


@dataclass(frozen=True, repr=False)
class AccessForm:
    """The three fields checked together; ``access`` is set exactly when all of them hold."""

    number: FieldCheck
    date_of_birth: FieldCheck
    date_of_expiry: FieldCheck
    access: MrzInformation | None

    @property
    def problems(self) -> dict[str, AccessProblem]:
        """Field name -> problem, for the fields that have one."""
        fields = {
            "number": self.number,
            "date_of_birth": self.date_of_birth,
            "date_of_expiry": self.date_of_expiry,
        }
        return {name: check.problem for name, check in fields.items() if check.problem is not None}

    def __repr__(self) -> str:
        return f"AccessForm(problems={sorted(problem.value for problem in self.problems.values())})"


def _yymmdd(value: date) -> str:
    return value.strftime("%y%m%d")


def check_document_number(text: str) -> FieldCheck:
    """12 digits (a CCCD number: its province and century digits must be possible), 9 digits (the
    document number of the card's back), or 10 digits (those 9 and their check digit)."""
    digits = normalise_digits(text)
    if not digits:
        return FieldCheck(None, AccessProblem.EMPTY)
    if not (digits.isascii() and digits.isdigit()):
        return FieldCheck(None, AccessProblem.NOT_DIGITS)
    citizen_number = None
    if len(digits) == 12:
        if digits[:3] not in CCCD_PROVINCE_CODES:
            return FieldCheck(None, AccessProblem.NOT_A_CCCD)
        citizen_number = digits
        number = digits[3:]
    elif len(digits) == 10:
        number = digits[:9]
        if check_digit(number) != int(digits[9]):
            return FieldCheck(None, AccessProblem.WRONG_CHECK_DIGIT)
    elif len(digits) == 9:
        number = digits
    else:
        return FieldCheck(None, AccessProblem.WRONG_LENGTH)
    return FieldCheck(number, None, f"{number}{check_digit(number)}", citizen_number)


_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")


def parse_form_date(text: str) -> date | AccessProblem | None:
    """``dd/mm/yyyy`` (also ``d/m/yyyy``, ``.`` or ``-`` between, or 8 digits ``ddmmyyyy``) ->
    the date; ``INCOMPLETE`` while fewer digits than a whole date are there; ``NOT_A_DATE`` for a
    day that does not exist; ``None`` for nothing typed."""
    cleaned = text.strip().replace(" ", "")
    if not cleaned:
        return None
    match = _DATE.match(cleaned)
    if match is not None:
        day, month, year = (int(part) for part in match.groups())
    else:
        digits = cleaned.replace("/", "").replace(".", "").replace("-", "")
        if not (digits.isascii() and digits.isdigit()):
            return AccessProblem.NOT_A_DATE
        if len(digits) < 8:
            return AccessProblem.INCOMPLETE
        if len(digits) > 8:
            return AccessProblem.NOT_A_DATE
        day, month, year = int(digits[:2]), int(digits[2:4]), int(digits[4:])
    try:
        return date(year, month, day)
    except ValueError:
        return AccessProblem.NOT_A_DATE


def _date_field(text: str) -> FieldCheck | date:
    parsed = parse_form_date(text)
    if parsed is None:
        return FieldCheck(None, AccessProblem.EMPTY)
    if isinstance(parsed, AccessProblem):
        return FieldCheck(None, parsed)
    if parsed.year < 1900:
        return FieldCheck(None, AccessProblem.NOT_A_DATE)
    return parsed


def check_birth_date(text: str, *, today: date) -> FieldCheck:
    """A date of birth that exists and is not after ``today``."""
    parsed = _date_field(text)
    if isinstance(parsed, FieldCheck):
        return parsed
    if parsed > today:
        return FieldCheck(None, AccessProblem.BIRTH_IN_FUTURE)
    code = _yymmdd(parsed)
    return FieldCheck(parsed, None, f"{code}{check_digit(code)}")


def check_expiry_date(text: str) -> FieldCheck:
    """A date of expiry that exists (an expired card's chip still opens, so the past is allowed)."""
    parsed = _date_field(text)
    if isinstance(parsed, FieldCheck):
        return parsed
    code = _yymmdd(parsed)
    return FieldCheck(parsed, None, f"{code}{check_digit(code)}")


def check_access_form(number: str, date_of_birth: str, date_of_expiry: str, *, today: date) -> AccessForm:
    """All three fields, then the checks between them: the expiry comes after the birth, and a
    12-digit number's century and year digits give the year of birth typed."""
    number_check = check_document_number(number)
    birth = check_birth_date(date_of_birth, today=today)
    expiry = check_expiry_date(date_of_expiry)
    born = birth.value if isinstance(birth.value, date) else None
    expires = expiry.value if isinstance(expiry.value, date) else None
    if born is not None and expires is not None and expires <= born:
        expiry = FieldCheck(None, AccessProblem.EXPIRY_BEFORE_BIRTH)
    citizen_number = number_check.citizen_number
    if born is not None and citizen_number is not None and cccd_birth_year(citizen_number) != born.year:
        number_check = FieldCheck(None, AccessProblem.NUMBER_DOES_NOT_MATCH_BIRTH)
    access = None
    if number_check.ok and birth.ok and expiry.ok:
        assert isinstance(number_check.value, str) and born is not None and isinstance(expiry.value, date)
        try:
            access = MrzInformation(number_check.value, _yymmdd(born), _yymmdd(expiry.value))
        except MrzError:  # cannot happen for checked digits and real dates; stay on the form
            access = None
    return AccessForm(number_check, birth, expiry, access)


def access_from_mrz_text(text: str) -> MrzInformation:
    """The access data in machine readable zone lines read by the camera (or typed by a
    technician). Raises :class:`MrzError` naming the wrong field."""
    return MrzInformation.parse(text)


def digits_as_date(text: str) -> str:
    """What the date field shows while digits are typed: ``1203`` -> ``12/03``,
    ``12031990`` -> ``12/03/1990``. Text that already has separators is left alone."""
    own_slashes = all(ch.isdigit() or (ch == "/" and index in (2, 5)) for index, ch in enumerate(text))
    if not own_slashes:
        return text  # typed with its own separators (d/m/yyyy): parse_form_date reads it as it is
    digits = "".join(ch for ch in text if ch.isdigit())[:8]
    if len(digits) <= 2:
        return digits
    if len(digits) <= 4:
        return f"{digits[:2]}/{digits[2:]}"
    return f"{digits[:2]}/{digits[2:4]}/{digits[4:]}"

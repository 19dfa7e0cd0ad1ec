"""National ID numbers typed by a citizen: the Thai 13-digit number and the Vietnamese CCCD / CMT."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

# The rule is the card reader's too (a card whose number fails it is flagged): one copy, in drivers.
from drivers.card.citizen_number import thai_check_digit

# Province codes that open a CCCD number (Circular 07/2016/TT-BCA, 63 provinces).
CCCD_PROVINCE_CODES = frozenset(
    {
        "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020",
        "022", "024", "025", "026", "027", "030", "031", "033", "034", "035", "036", "037", "038",
        "040", "042", "044", "045", "046", "048", "049", "051", "052", "054", "056", "058", "060",
        "062", "064", "066", "067", "068", "070", "072", "074", "075", "077", "079", "080", "082",
        "083", "084", "086", "087", "089", "091", "092", "093", "094", "095", "096",
    }
)  # fmt: skip


class IdProblem(Enum):
    """Why a typed ID number was refused; the screen turns each into a plain sentence."""

    EMPTY = "empty"
    NOT_DIGITS = "not_digits"
    WRONG_LENGTH = "wrong_length"
    BAD_CHECK_DIGIT = "bad_check_digit"
    UNKNOWN_PROVINCE = "unknown_province"
    IMPOSSIBLE_BIRTH_YEAR = "impossible_birth_year"


@dataclass(frozen=True)
class IdCheck:
    """The outcome of checking a typed number: the normalised number, or the problem."""

    number: str | None
    problem: IdProblem | None


def normalise_digits(text: str) -> str:
    """Drops the spaces and dashes people type or cards print between digit groups."""
    return "".join(ch for ch in text if ch not in " -\u00a0\t")


def check_thai_id(text: str) -> IdCheck:
    digits = normalise_digits(text)
    if not digits:
        return IdCheck(None, IdProblem.EMPTY)
    if not (digits.isascii() and digits.isdigit()):
        return IdCheck(None, IdProblem.NOT_DIGITS)
    if len(digits) != 13:
        return IdCheck(None, IdProblem.WRONG_LENGTH)
    if thai_check_digit(digits[:12]) != int(digits[12]):
        return IdCheck(None, IdProblem.BAD_CHECK_DIGIT)
    return IdCheck(digits, None)


def cccd_birth_year(number: str) -> int:
    """Birth year encoded in a CCCD: century/gender digit G and two-digit year YY."""
    gender_century = int(number[3])
    return 1900 + 100 * (gender_century // 2) + int(number[4:6])


def check_vietnamese_id(text: str, *, current_year: int) -> IdCheck:
    """A 12-digit CCCD (province, century/gender, year checked) or a 9-digit old CMT."""
    digits = normalise_digits(text)
    if not digits:
        return IdCheck(None, IdProblem.EMPTY)
    if not (digits.isascii() and digits.isdigit()):
        return IdCheck(None, IdProblem.NOT_DIGITS)
    if len(digits) == 9:
        return IdCheck(digits, None)
    if len(digits) != 12:
        return IdCheck(None, IdProblem.WRONG_LENGTH)
    if digits[:3] not in CCCD_PROVINCE_CODES:
        return IdCheck(None, IdProblem.UNKNOWN_PROVINCE)
    year = cccd_birth_year(digits)
    if year > current_year or year < current_year - 130:
        return IdCheck(None, IdProblem.IMPOSSIBLE_BIRTH_YEAR)
    return IdCheck(digits, None)


def check_id_number(id_card: str, text: str, *, current_year: int) -> IdCheck:
    """Checks a typed number by the profile's card type (``th_id`` or ``cccd``)."""
    if id_card == "th_id":
        return check_thai_id(text)
    return check_vietnamese_id(text, current_year=current_year)


def mask_id_number(number: str) -> str:
    """Shows only the last four digits, for screens others may glance at."""
    if len(number) <= 4:
        return "•" * len(number)
    return "•" * (len(number) - 4) + number[-4:]


def make_thai_id(digits12: str) -> str:
    """A valid Thai ID from its first twelve digits (simulations and tests)."""
    return digits12 + str(thai_check_digit(digits12))


def make_cccd(province: str, birth_year: int, male: bool, serial: int) -> str:
    """A well-formed CCCD number (simulations and tests)."""
    century = (birth_year - 1900) // 100
    gender_century = 2 * century + (0 if male else 1)
    return f"{province}{gender_century}{birth_year % 100:02d}{serial:06d}"

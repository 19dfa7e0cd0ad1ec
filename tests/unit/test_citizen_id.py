"""ID numbers a citizen types: Thai 13-digit with check digit, Vietnamese CCCD / CMT."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from drivers.card.citizen_number import thai_check_digit
from kiosk.domain.citizen_id import (
    CCCD_PROVINCE_CODES,
    IdProblem,
    cccd_birth_year,
    check_id_number,
    check_thai_id,
    check_vietnamese_id,
    make_cccd,
    make_thai_id,
    mask_id_number,
)


def test_thai_public_vectors_are_valid() -> None:
    """GIVEN the public Thai ID test vectors WHEN checked THEN both pass."""
    for number in ("3100600445635", "1234545678781"):
        assert check_thai_id(number).number == number


def test_thai_number_with_spaces_and_dashes_is_normalised() -> None:
    assert check_thai_id("3-1006-00445-63-5").number == "3100600445635"
    assert check_thai_id(" 3 1006 00445 63 5 ").number == "3100600445635"


def test_thai_wrong_check_digit_is_refused() -> None:
    assert check_thai_id("3100600445636").problem is IdProblem.BAD_CHECK_DIGIT


def test_thai_problems_are_named() -> None:
    assert check_thai_id("").problem is IdProblem.EMPTY
    assert check_thai_id("31006004456a5").problem is IdProblem.NOT_DIGITS
    assert check_thai_id("310060044563").problem is IdProblem.WRONG_LENGTH
    assert check_thai_id("๓๑๐๐๖๐๐๔๔๕๖๓๕").problem is IdProblem.NOT_DIGITS  # Thai digits are not ASCII


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_every_thai_number_has_exactly_one_check_digit(first_twelve: str) -> None:
    """GIVEN any twelve digits WHEN each possible 13th digit is tried THEN exactly one passes."""
    passing = [d for d in "0123456789" if check_thai_id(first_twelve + d).number is not None]
    assert passing == [str(thai_check_digit(first_twelve))]
    assert check_thai_id(make_thai_id(first_twelve)).problem is None


@given(st.text())
def test_checkers_never_raise_on_any_text(text: str) -> None:
    for id_card in ("th_id", "cccd"):
        result = check_id_number(id_card, text, current_year=2026)
        assert (result.number is None) != (result.problem is None)


def test_cccd_rules() -> None:
    """GIVEN CCCD numbers WHEN checked THEN province, century/gender and year are enforced."""
    assert check_vietnamese_id("001090000123", current_year=2026).number == "001090000123"
    assert cccd_birth_year("001090000123") == 1990
    assert cccd_birth_year("079203000001") == 2003
    assert check_vietnamese_id("003090000123", current_year=2026).problem is IdProblem.UNKNOWN_PROVINCE
    assert check_vietnamese_id("001299000123", current_year=2026).problem is IdProblem.IMPOSSIBLE_BIRTH_YEAR
    assert check_vietnamese_id("123456789", current_year=2026).number == "123456789"  # old 9-digit CMT
    assert check_vietnamese_id("1234567890", current_year=2026).problem is IdProblem.WRONG_LENGTH


@given(
    st.sampled_from(sorted(CCCD_PROVINCE_CODES)),
    st.integers(min_value=1900, max_value=2026),
    st.booleans(),
    st.integers(min_value=0, max_value=999_999),
)
def test_generated_cccd_numbers_round_trip(province: str, year: int, male: bool, serial: int) -> None:
    number = make_cccd(province, year, male, serial)
    assert check_vietnamese_id(number, current_year=2026).number == number
    assert cccd_birth_year(number) == year
    assert (int(number[3]) % 2 == 0) == male


def test_mask_shows_only_last_four() -> None:
    assert mask_id_number("3100600445635") == "•••••••••5635"
    assert mask_id_number("123") == "•••"

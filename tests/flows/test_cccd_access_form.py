"""The CCCD access-data form's checks (kiosk.domain.document_access): each field, the cross checks,
what the back of the card prints, and arbitrary typed text."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.card.icao.mrz import check_digit
from kiosk.domain.document_access import (
    AccessProblem,
    access_from_mrz_text,
    check_access_form,
    check_birth_date,
    check_document_number,
    check_expiry_date,
    digits_as_date,
    parse_form_date,
)

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("typed", "number", "problem"),
    [
        ("001090000123", "090000123", None),  # the 12-digit number of the front
        ("001 090 000 123", "090000123", None),  # spaces as people group digits
        ("090000123", "090000123", None),  # the 9 digits of the back
        ("0900001233", "090000123", None),  # ... with their check digit
        ("0900001234", None, AccessProblem.WRONG_CHECK_DIGIT),
        ("", None, AccessProblem.EMPTY),
        ("00109000012", None, AccessProblem.WRONG_LENGTH),
        ("0010900001234", None, AccessProblem.WRONG_LENGTH),
        ("00109000012a", None, AccessProblem.NOT_DIGITS),
        ("٠٠١٠٩٠٠٠٠١٢٣", None, AccessProblem.NOT_DIGITS),  # Arabic-Indic digits are not ASCII digits
        ("999090000123", None, AccessProblem.NOT_A_CCCD),  # no province 999
    ],
)
def test_document_number(typed: str, number: str | None, problem: AccessProblem | None) -> None:
    """GIVEN what a citizen typed as the number WHEN checked THEN the chip's 9-digit number, or why not."""
    check = check_document_number(typed)
    assert check.value == number and check.problem == problem
    if number is not None:
        assert check.machine == f"{number}{check_digit(number)}"


def test_the_12_digit_number_is_kept_for_the_birth_year_check() -> None:
    assert check_document_number("001090000123").citizen_number == "001090000123"
    assert check_document_number("090000123").citizen_number is None


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("12/03/1990", date(1990, 3, 12)),
        ("1/3/1990", date(1990, 3, 1)),
        ("12.03.1990", date(1990, 3, 12)),
        ("12-03-1990", date(1990, 3, 12)),
        ("12031990", date(1990, 3, 12)),
        ("", None),
        ("12/03", AccessProblem.INCOMPLETE),
        ("1203199", AccessProblem.INCOMPLETE),
        ("31/02/1990", AccessProblem.NOT_A_DATE),
        ("29/02/2023", AccessProblem.NOT_A_DATE),
        ("29/02/2024", date(2024, 2, 29)),
        ("12/13/1990", AccessProblem.NOT_A_DATE),
        ("120319901", AccessProblem.NOT_A_DATE),
        ("ab/cd/efgh", AccessProblem.NOT_A_DATE),
    ],
)
def test_dates_as_vietnamese_write_them(typed: str, expected: object) -> None:
    assert parse_form_date(typed) == expected


def test_birth_and_expiry_fields() -> None:
    """GIVEN dates WHEN checked THEN the back of the card's YYMMDD + check digit, a birth in the
    future refused, an expired card allowed (its chip still opens)."""
    birth = check_birth_date("12/03/1990", today=TODAY)
    assert birth.ok and birth.machine == "9003129"
    assert check_birth_date("24/11/2026", today=TODAY).problem is AccessProblem.BIRTH_IN_FUTURE
    assert check_birth_date("01/01/1899", today=TODAY).problem is AccessProblem.NOT_A_DATE
    expiry = check_expiry_date("12/03/2030")
    assert expiry.ok and expiry.machine == "3003127"
    assert check_expiry_date("12/03/2020").ok


def test_the_whole_form() -> None:
    """GIVEN the three fields WHEN checked together THEN the chip's access data when all hold, and
    the cross checks: expiry after birth, a 12-digit number's birth year matching the date typed."""
    form = check_access_form("001090000123", "12/03/1990", "12/03/2030", today=TODAY)
    assert form.problems == {}
    assert form.access is not None and form.access.mrz_information() == "090000123390031293003127"
    women_of_the_2000s = check_access_form("001305001234", "05/05/2005", "05/05/2030", today=TODAY)
    assert women_of_the_2000s.access is not None  # G = 3: a woman born 2000-2099
    mismatch = check_access_form("001090000123", "12/03/1991", "12/03/2030", today=TODAY)
    assert mismatch.access is None
    assert mismatch.problems == {"number": AccessProblem.NUMBER_DOES_NOT_MATCH_BIRTH}
    backwards = check_access_form("090000123", "12/03/1990", "12/03/1980", today=TODAY)
    assert backwards.problems == {"date_of_expiry": AccessProblem.EXPIRY_BEFORE_BIRTH}
    nothing = check_access_form("", "", "", today=TODAY)
    assert set(nothing.problems.values()) == {AccessProblem.EMPTY} and nothing.access is None
    assert "001090000123" not in repr(form) and "1990" not in repr(form)


def test_camera_reading_of_the_back() -> None:
    mrz = "IDVNM0900001233001090000123<<<\n9003129M3003127VNM<<<<<<<<<<<0\nNGUYEN<<VAN<AN<<<<<<<<<<<<<<<<"
    assert access_from_mrz_text(mrz).mrz_information() == "090000123390031293003127"


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("1", "1"),
        ("120", "12/0"),
        ("12/031", "12/03/1"),
        ("12031990", "12/03/1990"),
        ("12/03/19901", "12/03/1990"),
        ("1/3/1990", "1/3/1990"),  # typed with its own separators: left alone
    ],
)
def test_slashes_come_by_themselves(typed: str, shown: str) -> None:
    assert digits_as_date(typed) == shown


@given(st.text(max_size=40), st.text(max_size=40), st.text(max_size=40))
def test_any_typed_text_gets_an_answer_never_an_exception(number: str, born: str, expires: str) -> None:
    """GIVEN arbitrary text in the three fields WHEN checked THEN access data or named problems."""
    form = check_access_form(number, born, expires, today=TODAY)
    assert (form.access is None) == bool(form.problems)
    assert isinstance(digits_as_date(born), str)


@given(st.text(alphabet="0123456789/", max_size=14))
def test_the_date_field_shape_is_stable(typed: str) -> None:
    """GIVEN digits and slashes WHEN shaped twice THEN the same (the field does not jump)."""
    once = digits_as_date(typed)
    assert digits_as_date(once) == once

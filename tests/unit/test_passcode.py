"""The passcode rule shared by assisted enrollment and the D.DOPA self-registration."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.passcode import (
    PASSCODE_LENGTH,
    PasscodeProblem,
    confirmation_problem,
    longest_sequential_run,
    most_repeated_digit,
    passcode_problem,
)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", PasscodeProblem.EMPTY),
        ("12a456", PasscodeProblem.NOT_DIGITS),
        ("１２３４５６", PasscodeProblem.NOT_DIGITS),  # full-width digits are not typed on the pad
        ("12 456", PasscodeProblem.NOT_DIGITS),
        ("13579", PasscodeProblem.WRONG_LENGTH),
        ("1357913", PasscodeProblem.WRONG_LENGTH),
        ("123495", PasscodeProblem.SEQUENTIAL),  # 1234 at the start
        ("951234", PasscodeProblem.SEQUENTIAL),  # 1234 at the end
        ("904321", PasscodeProblem.SEQUENTIAL),  # 4321 counting down
        ("111125", PasscodeProblem.REPEATED),  # 1111
        ("101011", PasscodeProblem.REPEATED),  # four 1s, not side by side
        ("777777", PasscodeProblem.REPEATED),
        ("135792", None),
        ("123583", None),  # a run of three is allowed
        ("890123", PasscodeProblem.SEQUENTIAL),  # 0123
        ("789012", None),  # 789 then 012: digits do not wrap from 9 to 0
        ("112233", None),
        ("111222", None),  # three of a digit is allowed
    ],
)
def test_passcode_rule(text: str, problem: PasscodeProblem | None) -> None:
    """GIVEN a typed passcode WHEN checked THEN the first problem found is named (or none)."""
    assert passcode_problem(text) == problem


def test_limits_are_parameters() -> None:
    """GIVEN stricter limits WHEN a passcode is checked THEN they apply."""
    assert passcode_problem("1233", length=4) is None
    assert passcode_problem("123", length=4) == PasscodeProblem.WRONG_LENGTH
    assert passcode_problem("1358", length=4, max_sequential_run=1) is None
    assert passcode_problem("1238", length=4, max_sequential_run=2) == PasscodeProblem.SEQUENTIAL
    assert passcode_problem("1131", length=4, max_same_digit=2) == PasscodeProblem.REPEATED


def test_confirmation_must_be_identical() -> None:
    """GIVEN two entries WHEN compared THEN only identical ones pass."""
    assert confirmation_problem("135792", "135792") is None
    assert confirmation_problem("135792", "135793") == PasscodeProblem.MISMATCH
    assert confirmation_problem("135792", "") == PasscodeProblem.MISMATCH


def brute_run(digits: str) -> int:
    best = 0
    for start in range(len(digits)):
        for direction in (1, -1):
            end = start + 1
            while end < len(digits) and int(digits[end]) - int(digits[end - 1]) == direction:
                end += 1
            best = max(best, end - start)
    return best


@given(st.text(alphabet="0123456789", max_size=12))
def test_run_and_repeat_counts_match_a_brute_force(digits: str) -> None:
    """GIVEN any digit string WHEN runs and repeats are counted THEN they agree with a plain count."""
    assert longest_sequential_run(digits) == brute_run(digits)
    assert most_repeated_digit(digits) == max((digits.count(d) for d in set(digits)), default=0)


@given(st.text(max_size=10))
def test_any_text_gets_an_answer_and_accepted_ones_obey_every_rule(text: str) -> None:
    """GIVEN arbitrary text WHEN checked THEN it never raises, and an accepted passcode is six
    ASCII digits with no run longer than three and no digit more than three times."""
    problem = passcode_problem(text)
    if problem is None:
        assert len(text) == PASSCODE_LENGTH and text.isascii() and text.isdigit()
        assert brute_run(text) <= 3
        assert max(text.count(d) for d in text) <= 3

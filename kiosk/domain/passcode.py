"""The digital-ID passcode rule (seed 002, D.DOPA steps 7-8 and assisted-enrollment step 8).

The citizen sets a passcode of :data:`PASSCODE_LENGTH` digits twice (both entries identical).
It is refused when it is *sequential* (four or more digits in a row counting up or down, as in
1234 or 4321) or when a digit is *repeated* more than allowed (a digit appearing four or more
times, as in 1111 or 101011). The seed says "not in sequence and not repeated more than 4,
e.g. 1234, 1111": its own examples are four long, so four is already too many; both limits
are parameters of :func:`passcode_problem` should the service change them.

Shared by assisted enrollment and the D.DOPA self-registration. Pure functions: no I/O.
"""

from __future__ import annotations

import hmac
from collections import Counter
from enum import Enum
from itertools import pairwise

PASSCODE_LENGTH = 6
"""Digits in a passcode (the D.DOPA application's six-digit passcode)."""
MAX_SEQUENTIAL_RUN = 3
"""The longest run of digits counting up or down by one that is still allowed (1234 is not)."""
MAX_SAME_DIGIT = 3
"""How often one digit may appear in a passcode (1111 is refused)."""


class PasscodeProblem(Enum):
    """Why a passcode was refused; the screen turns each into a plain sentence."""

    EMPTY = "empty"
    NOT_DIGITS = "not_digits"
    WRONG_LENGTH = "wrong_length"
    SEQUENTIAL = "sequential"
    REPEATED = "repeated"
    MISMATCH = "mismatch"
    """The second entry (or the consent entry) differs from the first."""


def longest_sequential_run(digits: str) -> int:
    """The length of the longest run of digits each one more (or each one less) than the last.

    ``"901"`` is a run of 1: the digits do not wrap from 9 to 0."""
    if not digits:
        return 0
    longest = up = down = 1
    for previous, current in pairwise(digits):
        step = int(current) - int(previous)
        up = up + 1 if step == 1 else 1
        down = down + 1 if step == -1 else 1
        longest = max(longest, up, down)
    return longest


def most_repeated_digit(digits: str) -> int:
    """How many times the most frequent digit appears (0 for an empty string)."""
    return max(Counter(digits).values(), default=0)


def passcode_problem(
    text: str,
    *,
    length: int = PASSCODE_LENGTH,
    max_sequential_run: int = MAX_SEQUENTIAL_RUN,
    max_same_digit: int = MAX_SAME_DIGIT,
) -> PasscodeProblem | None:
    """What is wrong with ``text`` as a new passcode, or ``None`` when it is acceptable.

    Checked in this order: empty, not only ASCII digits, wrong length, sequential, repeated."""
    if not text:
        return PasscodeProblem.EMPTY
    if not (text.isascii() and text.isdigit()):
        return PasscodeProblem.NOT_DIGITS
    if len(text) != length:
        return PasscodeProblem.WRONG_LENGTH
    if longest_sequential_run(text) > max_sequential_run:
        return PasscodeProblem.SEQUENTIAL
    if most_repeated_digit(text) > max_same_digit:
        return PasscodeProblem.REPEATED
    return None


def confirmation_problem(first: str, second: str) -> PasscodeProblem | None:
    """``MISMATCH`` when the confirming entry differs from the first one, else ``None``.

    Compared in constant time: the entries are secrets."""
    if not hmac.compare_digest(first.encode(), second.encode()):
        return PasscodeProblem.MISMATCH
    return None

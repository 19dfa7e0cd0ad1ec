"""The Thai citizen ID number's check digit: the one rule the card reader, the virtual card and
the typed-number check share (drivers may not import the kiosk, so it lives here)."""

from __future__ import annotations


def thai_check_digit(first_twelve: str) -> int:
    """The 13th digit of a Thai citizen ID: ``(11 - sum(d[i] * (13 - i)) % 11) % 10`` over the
    first twelve digits (only those twelve are used). Raises ``ValueError`` on a non-digit."""
    total = sum(int(digit) * (13 - index) for index, digit in enumerate(first_twelve[:12]))
    return (11 - total % 11) % 10


def check_citizen_id(number: str) -> bool:
    """True for 13 ASCII digits whose last is :func:`thai_check_digit` of the first twelve."""
    if len(number) != 13 or not (number.isascii() and number.isdigit()):
        return False
    return thai_check_digit(number) == int(number[12])

"""Queue tickets: how numbers look and how long the wait is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

MAX_TICKETS_PER_DAY = 999
NUMBERS_EXHAUSTED = "numbers_exhausted"
"""Why a ticket could not be issued when the category has no number left for the day on this
kiosk (the flow's failure key; the screen says so in the citizen's language)."""


def ticket_label(category_code: str, number: int) -> str:
    """``A007``: the category letter and a three-digit number, as counters call it."""
    if not 1 <= number <= MAX_TICKETS_PER_DAY:
        raise ValueError("ticket number out of range")
    return f"{category_code}{number:03d}"


def estimated_wait_minutes(people_ahead: int, minutes_per_citizen: int) -> int:
    return max(0, people_ahead) * minutes_per_citizen


@dataclass(frozen=True)
class IssuedTicket:
    """A ticket as committed to the database (and so final)."""

    transaction_id: str
    category_code: str
    number: int
    service_date: date
    issued_at: datetime
    people_ahead: int
    estimated_wait_min: int

    @property
    def label(self) -> str:
        return ticket_label(self.category_code, self.number)

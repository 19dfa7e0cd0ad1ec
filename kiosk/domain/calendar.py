"""Dates as people read them: dd/mm/yyyy, with Buddhist-era years in Thai deployments.

Storage is always ISO 8601 Gregorian; only display changes.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

BUDDHIST_ERA_OFFSET = 543

Calendar = Literal["gregorian", "buddhist"]


def display_year(year: int, calendar: Calendar) -> int:
    return year + BUDDHIST_ERA_OFFSET if calendar == "buddhist" else year


def format_date(value: date, calendar: Calendar) -> str:
    """``22/11/2026`` (Gregorian) or ``22/11/2569`` (Buddhist era)."""
    return f"{value.day:02d}/{value.month:02d}/{display_year(value.year, calendar)}"


def format_datetime(value: datetime, calendar: Calendar) -> str:
    """``22/11/2026 09:05``: the date as :func:`format_date`, then 24-hour time."""
    return f"{format_date(value.date(), calendar)} {value.hour:02d}:{value.minute:02d}"

"""Date display (Buddhist era for Thai deployments) and queue-number rules."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from kiosk.domain.calendar import format_date, format_datetime
from kiosk.domain.queue import estimated_wait_minutes, ticket_label


def test_buddhist_era_adds_543_years_for_display_only() -> None:
    assert format_date(date(2026, 11, 22), "buddhist") == "22/11/2569"
    assert format_date(date(2026, 11, 22), "gregorian") == "22/11/2026"
    assert format_datetime(datetime(2026, 1, 2, 9, 5), "buddhist") == "02/01/2569 09:05"


def test_ticket_labels() -> None:
    assert ticket_label("A", 7) == "A007"
    assert ticket_label("D", 999) == "D999"
    with pytest.raises(ValueError):
        ticket_label("A", 0)
    with pytest.raises(ValueError):
        ticket_label("A", 1000)


def test_estimated_wait() -> None:
    assert estimated_wait_minutes(3, 8) == 24
    assert estimated_wait_minutes(0, 8) == 0

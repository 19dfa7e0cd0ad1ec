"""Where a service takes its next number of a series from: the server's leases, the kiosk's
fallback block, or local numbering (the rules are in :mod:`kiosk.domain.numbering`).

Thread: any; every draw works inside the caller's session and transaction, so the draw,
the record it numbers and its outbox row commit together.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date
from typing import Protocol

from sqlalchemy.orm import Session

from kiosk.domain.numbering import DrawnNumber, FallbackBlock, next_local_number
from sync.leases import draw_leased
from sync.protocol import NumberSeries


class NumberDrawer(Protocol):
    """Where a service takes its next number of a series from (leases, fallback, or local)."""

    def draw(
        self, session: Session, series: str, service_date: date, used: Collection[int]
    ) -> DrawnNumber | None:
        """The next number not in ``used``, drawn in ``session``'s transaction; ``None`` when
        none is left for that series and day."""
        ...


class LeasedNumbers:
    """How an enrolled kiosk numbers a series: leases first, then its fallback block (the one
    the server gave it at enrollment; ``None`` when it gave none)."""

    def __init__(self, kind: NumberSeries, fallback: FallbackBlock | None) -> None:
        self.kind = kind
        self.fallback = fallback

    def draw(
        self, session: Session, series: str, service_date: date, used: Collection[int]
    ) -> DrawnNumber | None:
        """The next number, or ``None`` when the leases and the fallback block are used up."""
        leased = draw_leased(session, self.kind, series, service_date, used)
        if leased is not None:
            return DrawnNumber(number=leased.number, source="lease", lease_id=leased.lease_id)
        return self.fallback.first_unused(used) if self.fallback is not None else None


class LocalNumbers:
    """How a kiosk with no server numbers a series: one after the highest used, in ``first..last``."""

    def __init__(self, first: int, last: int) -> None:
        self.first = first
        self.last = last

    def draw(
        self, session: Session, series: str, service_date: date, used: Collection[int]
    ) -> DrawnNumber | None:
        del session, series, service_date
        return next_local_number(self.first, self.last, used)


class KioskNumbers:
    """Leases (then the fallback block) while the kiosk is enrolled with a server, local
    numbering while it is not. ``enrolled`` is asked at every draw, so enrolling a running
    kiosk switches it over from its next number."""

    def __init__(
        self,
        enrolled: Callable[[], bool],
        kind: NumberSeries,
        fallback: FallbackBlock | None,
        *,
        last: int,
    ) -> None:
        self._enrolled = enrolled
        self.leased = LeasedNumbers(kind, fallback)
        self.local = LocalNumbers(1, last)

    def draw(
        self, session: Session, series: str, service_date: date, used: Collection[int]
    ) -> DrawnNumber | None:
        drawer: NumberDrawer = self.leased if self._enrolled() else self.local
        return drawer.draw(session, series, service_date, used)

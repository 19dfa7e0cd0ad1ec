"""How the kiosk numbers a series (ticket numbers of a queue category) for one office day.

A number the citizen takes away must be final even when the kiosk is offline. An enrolled
kiosk draws from the ranges the server leased it (``sync.leases``), whose numbers are the
office's for good; with no lease left for the series and day it draws from its **fallback
block**, a range the office reserves for that kiosk and keeps out of the server's leases
(by default the top of the day, 901-999 for tickets). A kiosk that is not enrolled with a
server is alone: it numbers locally, one after the highest used.

Numbers already used on this kiosk for that series and day are skipped wherever they come
from (a kiosk that numbered locally before it was enrolled, a fresh development server
that leases from 1 again), so a number is never printed twice by one kiosk.

Pure rules: no storage (the drawers in ``kiosk.services.numbering`` apply them in the
ticket's database transaction).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

NumberSource = Literal["lease", "fallback", "local"]


@dataclass(frozen=True)
class DrawnNumber:
    """A number as drawn, and where it came from (it travels in the transaction's payload)."""

    number: int
    source: NumberSource
    lease_id: int | None = None


@dataclass(frozen=True)
class FallbackBlock:
    """The numbers a kiosk may use for a series and day when it holds no lease (inclusive)."""

    first: int
    last: int

    def __post_init__(self) -> None:
        if not 1 <= self.first <= self.last:
            raise ValueError("a fallback block is first..last with 1 <= first <= last")

    @classmethod
    def parse(cls, text: str) -> FallbackBlock:
        """``"901-999"`` → ``FallbackBlock(901, 999)``; raises ValueError otherwise."""
        first, separator, last = text.partition("-")
        if not separator or not first.strip().isdigit() or not last.strip().isdigit():
            raise ValueError("write the block as FIRST-LAST, e.g. 901-999")
        return cls(int(first), int(last))

    def first_unused(self, used: Collection[int]) -> DrawnNumber | None:
        """The lowest number of the block not in ``used``; ``None`` when the block is used up."""
        for number in range(self.first, self.last + 1):
            if number not in used:
                return DrawnNumber(number=number, source="fallback")
        return None


def next_local_number(first: int, last: int, used: Collection[int]) -> DrawnNumber | None:
    """Local numbering: one after the highest used in ``first..last`` (``first`` when none is);
    ``None`` once ``last`` was used."""
    number = max((n for n in used if first <= n <= last), default=first - 1) + 1
    return DrawnNumber(number=number, source="local") if number <= last else None

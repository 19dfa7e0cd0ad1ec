"""Leased numbers: ticket-number and dossier-code ranges (and appointment places) held ahead.

A number the citizen takes away must be final even when the kiosk is offline. The server
leases each kiosk ranges of numbers per series (a queue category, a dossier-code prefix)
per office day; ranges of different kiosks never overlap, so a number drawn from a lease
is the office's, for good. The kiosk pulls leases ahead (today and the next days) while
it is online, and draws from them inside the same database transaction that records the
ticket or dossier: the draw, the record and its outbox row commit together.

With no lease left for a series and day (offline for longer than the leases reach, or
the server has leased the whole day), the kiosk draws from its **fallback block**, a
range the office reserves for that kiosk and keeps out of the server's leases (by
default the top of the day, 901-999 for tickets). A kiosk that is not enrolled with a
server is alone: its fallback is the whole range, numbered locally as before.

Numbers already used on this kiosk for that series and day are skipped wherever they
come from (a kiosk that numbered locally before it was enrolled, a fresh development
server that leases from 1 again), so a number is never printed twice by one kiosk.

Thread: any; every function works inside the caller's session and transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, Protocol

from sqlalchemy import Date, Integer, String, UniqueConstraint, delete, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from sync.protocol import NumberLease, NumberSeries, SlotQuota
from sync.sqltypes import UtcDateTime

NumberSource = Literal["lease", "fallback", "local"]


class LeaseBase(DeclarativeBase):
    """Metadata of the lease tables, kept in the kiosk's database (migration 0005)."""


class NumberLeaseRecord(LeaseBase):
    """One range ``first..last`` (inclusive) granted by the server; ``next_number`` is the next
    one this kiosk has not drawn yet (``last + 1`` once the range is used up)."""

    __tablename__ = "number_lease"
    __table_args__ = (UniqueConstraint("kind", "series", "service_date", "first_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    lease_id: Mapped[int] = mapped_column(Integer, nullable=False, unique=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    series: Mapped[str] = mapped_column(String(20), nullable=False)
    service_date: Mapped[date] = mapped_column(Date, nullable=False)
    first_number: Mapped[int] = mapped_column(Integer, nullable=False)
    last_number: Mapped[int] = mapped_column(Integer, nullable=False)
    next_number: Mapped[int] = mapped_column(Integer, nullable=False)
    granted_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)


class SlotQuotaRecord(LeaseBase):
    """Places of one appointment slot this kiosk holds (``held``) and has booked (``used``)."""

    __tablename__ = "slot_quota"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    slot_id: Mapped[str] = mapped_column(String(60), nullable=False, unique=True)
    held: Mapped[int] = mapped_column(Integer, nullable=False)
    used: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)


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


class NumberDrawer(Protocol):
    """Where a service takes its next number of a series from (leases, fallback, or local)."""

    def draw(
        self, session: Session, series: str, service_date: date, used: Collection[int]
    ) -> DrawnNumber | None:
        """The next number not in ``used``, drawn in ``session``'s transaction; ``None`` when
        none is left for that series and day."""
        ...


class LeasedNumbers:
    """How an enrolled kiosk numbers a series: leases first, then its fallback block."""

    def __init__(self, kind: NumberSeries, fallback: FallbackBlock) -> None:
        self.kind = kind
        self.fallback = fallback

    def draw(
        self, session: Session, series: str, service_date: date, used: Collection[int]
    ) -> DrawnNumber | None:
        """The next number, or ``None`` when the leases and the fallback block are used up."""
        drawn = draw_leased(session, self.kind, series, service_date, used)
        if drawn is not None:
            return drawn
        for number in range(self.fallback.first, self.fallback.last + 1):
            if number not in used:
                return DrawnNumber(number=number, source="fallback")
        return None


class LocalNumbers:
    """How a kiosk with no server numbers a series: one after the highest used, in ``first..last``."""

    def __init__(self, first: int, last: int) -> None:
        self.first = first
        self.last = last

    def draw(
        self, session: Session, series: str, service_date: date, used: Collection[int]
    ) -> DrawnNumber | None:
        del session, series, service_date
        number = max((n for n in used if self.first <= n <= self.last), default=self.first - 1) + 1
        return DrawnNumber(number=number, source="local") if number <= self.last else None


class KioskNumbers:
    """Leases (then the fallback block) while the kiosk is enrolled with a server, local
    numbering while it is not. ``enrolled`` is asked at every draw, so enrolling a running
    kiosk switches it over from its next number."""

    def __init__(
        self, enrolled: Callable[[], bool], kind: NumberSeries, fallback: FallbackBlock, *, last: int
    ) -> None:
        self._enrolled = enrolled
        self.leased = LeasedNumbers(kind, fallback)
        self.local = LocalNumbers(1, last)

    def draw(
        self, session: Session, series: str, service_date: date, used: Collection[int]
    ) -> DrawnNumber | None:
        drawer: NumberDrawer = self.leased if self._enrolled() else self.local
        return drawer.draw(session, series, service_date, used)


def draw_leased(
    session: Session, kind: NumberSeries, series: str, service_date: date, used: Collection[int]
) -> DrawnNumber | None:
    """Takes the next unused number from the held leases of (kind, series, day), oldest range
    first, and moves that lease past it (in the caller's transaction)."""
    leases = session.scalars(
        select(NumberLeaseRecord)
        .where(
            NumberLeaseRecord.kind == kind.value,
            NumberLeaseRecord.series == series,
            NumberLeaseRecord.service_date == service_date,
            NumberLeaseRecord.next_number <= NumberLeaseRecord.last_number,
        )
        .order_by(NumberLeaseRecord.first_number)
    ).all()
    for lease in leases:
        number = lease.next_number
        while number <= lease.last_number and number in used:
            number += 1
        lease.next_number = number + 1 if number <= lease.last_number else number
        if number <= lease.last_number:
            return DrawnNumber(number=number, source="lease", lease_id=lease.lease_id)
    return None


def store_lease(session: Session, lease: NumberLease) -> bool:
    """Keeps a lease the server granted; a lease already held (same id) is left as it is.
    Returns whether it was new."""
    if session.scalar(select(NumberLeaseRecord.id).where(NumberLeaseRecord.lease_id == lease.lease_id)):
        return False
    session.add(
        NumberLeaseRecord(
            lease_id=lease.lease_id,
            kind=lease.kind.value,
            series=lease.series,
            service_date=lease.service_date,
            first_number=lease.first,
            last_number=lease.last,
            next_number=lease.first,
            granted_at=lease.granted_at,
        )
    )
    return True


def held_lease_ids(session: Session, kind: NumberSeries, series: str, service_date: date) -> list[int]:
    """The server's ids of every lease of (kind, series, day) this kiosk holds, used up or not:
    told to the server, which then grants again any of its leases the kiosk never received."""
    return list(
        session.scalars(
            select(NumberLeaseRecord.lease_id)
            .where(
                NumberLeaseRecord.kind == kind.value,
                NumberLeaseRecord.series == series,
                NumberLeaseRecord.service_date == service_date,
            )
            .order_by(NumberLeaseRecord.lease_id)
        )
    )


def remaining(session: Session, kind: NumberSeries, series: str, service_date: date) -> int:
    """Numbers still to draw from the held leases of (kind, series, day)."""
    value = session.scalar(
        select(func.sum(NumberLeaseRecord.last_number - NumberLeaseRecord.next_number + 1)).where(
            NumberLeaseRecord.kind == kind.value,
            NumberLeaseRecord.series == series,
            NumberLeaseRecord.service_date == service_date,
            NumberLeaseRecord.next_number <= NumberLeaseRecord.last_number,
        )
    )
    return int(value or 0)


@dataclass(frozen=True)
class HeldLease:
    kind: str
    series: str
    service_date: date
    first: int
    last: int
    next_number: int

    @property
    def left(self) -> int:
        return max(0, self.last - self.next_number + 1)


def held_leases(session: Session, *, since: date | None = None) -> Sequence[HeldLease]:
    """Every held range (for ``kiosk sync status``), by day, kind, series and range."""
    query = select(NumberLeaseRecord).order_by(
        NumberLeaseRecord.service_date,
        NumberLeaseRecord.kind,
        NumberLeaseRecord.series,
        NumberLeaseRecord.first_number,
    )
    if since is not None:
        query = query.where(NumberLeaseRecord.service_date >= since)
    return [
        HeldLease(
            kind=record.kind,
            series=record.series,
            service_date=record.service_date,
            first=record.first_number,
            last=record.last_number,
            next_number=record.next_number,
        )
        for record in session.scalars(query)
    ]


def forget_past_leases(session: Session, *, before: date) -> int:
    """Drops leases of days before ``before`` (their numbers can no longer be issued)."""
    count = session.scalar(
        select(func.count()).select_from(NumberLeaseRecord).where(NumberLeaseRecord.service_date < before)
    )
    if count:
        session.execute(delete(NumberLeaseRecord).where(NumberLeaseRecord.service_date < before))
    return int(count or 0)


# --- appointment places -------------------------------------------------------------------------


def store_slot_quota(session: Session, quota: SlotQuota) -> None:
    """Records how many places of the slot this kiosk now holds (the server's ``held``)."""
    record = session.scalar(select(SlotQuotaRecord).where(SlotQuotaRecord.slot_id == quota.slot_id))
    if record is None:
        session.add(
            SlotQuotaRecord(slot_id=quota.slot_id, held=quota.held, used=0, updated_at=quota.granted_at)
        )
    else:
        record.held = max(record.held, quota.held)
        record.updated_at = quota.granted_at


def slot_held(session: Session, slot_id: str) -> bool:
    """Whether this kiosk was ever granted places of ``slot_id`` (used or not)."""
    return session.scalar(select(SlotQuotaRecord.id).where(SlotQuotaRecord.slot_id == slot_id)) is not None


def places_left(session: Session, slot_id: str) -> int:
    record = session.scalar(select(SlotQuotaRecord).where(SlotQuotaRecord.slot_id == slot_id))
    return 0 if record is None else max(0, record.held - record.used)


def take_slot_place(session: Session, slot_id: str) -> bool:
    """Books one held place of ``slot_id`` offline (in the caller's transaction); False when
    the kiosk holds no place left for it."""
    record = session.scalar(select(SlotQuotaRecord).where(SlotQuotaRecord.slot_id == slot_id))
    if record is None or record.used >= record.held:
        return False
    record.used += 1
    return True

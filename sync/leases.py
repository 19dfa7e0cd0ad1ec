"""Held leases: ticket-number and dossier-code ranges (and appointment places) the server
granted this kiosk, kept in the kiosk's database.

The server leases each kiosk ranges of numbers per series (a queue category, a dossier-code
prefix) per office day; ranges of different kiosks never overlap, so a number drawn from a
lease is the office's, for good. The sync worker pulls leases ahead (today and the next
days) while the kiosk is online and stores them here; a service draws from them inside the
same database transaction that records the ticket or dossier, so the draw, the record and
its outbox row commit together. How a kiosk numbers when it holds no lease (its fallback
block, or local numbering) is the kiosk's own rule: ``kiosk.domain.numbering``.

Thread: any; every function works inside the caller's session and transaction.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Date, Integer, String, UniqueConstraint, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from sync.kiosk_schema import KioskBase
from sync.protocol import NumberLease, NumberSeries, SlotQuota
from sync.sqltypes import UtcDateTime


class NumberLeaseRecord(KioskBase):
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


class SlotQuotaRecord(KioskBase):
    """Places of one appointment slot this kiosk holds (``held``) and has booked (``used``)."""

    __tablename__ = "slot_quota"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    slot_id: Mapped[str] = mapped_column(String(60), nullable=False, unique=True)
    held: Mapped[int] = mapped_column(Integer, nullable=False)
    used: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)


@dataclass(frozen=True)
class LeasedNumber:
    """A number taken from a held lease, and that lease's id (the server's)."""

    number: int
    lease_id: int


def draw_leased(
    session: Session, kind: NumberSeries, series: str, service_date: date, used: Collection[int]
) -> LeasedNumber | None:
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
            return LeasedNumber(number=number, lease_id=lease.lease_id)
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

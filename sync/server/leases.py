"""Leases: numbers and appointment places handed to one kiosk in advance, so what it issues
offline is final.

Number ranges come from one counter row per office, series kind, series and day; the row
is locked (``SELECT ... FOR UPDATE`` on PostgreSQL, the ``BEGIN IMMEDIATE`` write lock on
SQLite) while a range is cut from it, so two kiosks asking at the same moment get
consecutive, never overlapping, ranges. A unique index on the range's first number backs
this up. When fewer numbers remain than asked, the rest is granted; when none remain the
answer is 409 ``exhausted``.

A range already granted to the asking kiosk that the kiosk does not list as held (the kiosk
died, or the line dropped, between the server's commit and the kiosk's) is answered again
before anything new is cut: numbers are never stranded on the server.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sync.protocol import (
    DOSSIER_CODES_PER_SERIES_PER_DAY,
    LEASABLE_TICKET_NUMBERS,
    ErrorCode,
    NumberLease,
    NumberLeaseRequest,
    NumberSeries,
    SlotQuota,
    SlotQuotaRequest,
)
from sync.server.database import insert_for
from sync.server.errors import ApiError
from sync.server.models import Kiosk, NumberCounter, NumberLeaseRecord, SlotAllocation, SlotQuotaRecord

NUMBERS_PER_DAY = {
    NumberSeries.TICKET_NUMBERS: LEASABLE_TICKET_NUMBERS,
    NumberSeries.DOSSIER_CODES: DOSSIER_CODES_PER_SERIES_PER_DAY,
}


def require_office(kiosk: Kiosk, office_code: str) -> None:
    if office_code != kiosk.office_code:
        raise ApiError(
            ErrorCode.OTHER_OFFICE,
            f"This kiosk is enrolled for office {kiosk.office_code} and cannot act for office {office_code}.",
        )


def lease_numbers(
    session: Session, kiosk: Kiosk, request: NumberLeaseRequest, *, now: datetime
) -> NumberLease:
    """Grants again the oldest range of this kiosk it does not hold, or else cuts the next
    range from the day's counter (the caller commits)."""
    require_office(kiosk, request.office_code)
    limit = NUMBERS_PER_DAY[request.kind]
    key = {
        "office_code": kiosk.office_code,
        "kind": request.kind.value,
        "series": request.series,
        "service_date": request.service_date,
    }
    stranded = session.scalars(
        select(NumberLeaseRecord)
        .where(
            NumberLeaseRecord.kiosk_id == kiosk.id,
            *(getattr(NumberLeaseRecord, column) == value for column, value in key.items()),
            NumberLeaseRecord.id.not_in(request.held_lease_ids),
        )
        .order_by(NumberLeaseRecord.id)
        .limit(1)
    ).first()
    if stranded is not None:
        return lease_of(stranded, request)
    session.execute(
        insert_for(session, NumberCounter)
        .values(**key, next_number=1)
        .on_conflict_do_nothing(index_elements=list(key))
    )
    counter = session.scalars(
        select(NumberCounter)
        .where(*(getattr(NumberCounter, column) == value for column, value in key.items()))
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    first = counter.next_number
    if first > limit:
        raise ApiError(
            ErrorCode.EXHAUSTED,
            f"All {limit} numbers of series {request.series} for {request.service_date} are already leased.",
        )
    last = min(first + request.count - 1, limit)
    counter.next_number = last + 1
    record = NumberLeaseRecord(kiosk_id=kiosk.id, **key, first=first, last=last, granted_at=now)
    session.add(record)
    session.flush()
    return lease_of(record, request)


def lease_of(record: NumberLeaseRecord, request: NumberLeaseRequest) -> NumberLease:
    return NumberLease(
        lease_id=record.id,
        kiosk_id=record.kiosk_id,
        office_code=record.office_code,
        kind=request.kind,
        series=record.series,
        service_date=record.service_date,
        first=record.first,
        last=record.last,
        granted_at=record.granted_at,
    )


def lease_slot_places(
    session: Session, kiosk: Kiosk, request: SlotQuotaRequest, *, capacity: int | None, now: datetime
) -> SlotQuota:
    """Grants up to ``count`` places of the slot to the kiosk. ``capacity`` is the slot's size
    (None when the office has no such slot to come: 404)."""
    require_office(kiosk, request.office_code)
    if capacity is None:
        raise ApiError(
            ErrorCode.NOT_FOUND,
            f"Office {kiosk.office_code} has no appointment slot {request.slot_id} to come.",
        )
    key = {"office_code": kiosk.office_code, "slot_id": request.slot_id}
    session.execute(
        insert_for(session, SlotAllocation)
        .values(**key, capacity=capacity, allocated=0)
        .on_conflict_do_nothing(index_elements=list(key))
    )
    allocation = session.scalars(
        select(SlotAllocation)
        .where(SlotAllocation.office_code == kiosk.office_code, SlotAllocation.slot_id == request.slot_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    remaining = allocation.capacity - allocation.allocated
    if remaining <= 0:
        raise ApiError(ErrorCode.EXHAUSTED, f"Every place of slot {request.slot_id} is already handed out.")
    granted = min(request.count, remaining)
    allocation.allocated += granted
    record = SlotQuotaRecord(kiosk_id=kiosk.id, **key, granted=granted, granted_at=now)
    session.add(record)
    session.flush()
    held = session.scalar(
        select(func.coalesce(func.sum(SlotQuotaRecord.granted), 0)).where(
            SlotQuotaRecord.kiosk_id == kiosk.id,
            SlotQuotaRecord.office_code == kiosk.office_code,
            SlotQuotaRecord.slot_id == request.slot_id,
        )
    )
    return SlotQuota(
        quota_id=record.id,
        kiosk_id=kiosk.id,
        office_code=kiosk.office_code,
        slot_id=request.slot_id,
        granted=granted,
        held=int(held or 0),
        remaining=allocation.capacity - allocation.allocated,
        granted_at=now,
    )

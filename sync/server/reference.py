"""Reference data the kiosks pull: versioned documents, one per name, per profile or per office.

Static documents (catalogue, processing units, fees, holidays) are published from the
seed files (``sync/server/seed/<profile>.toml``, plus the queue categories of
``resources/profiles/<profile>.toml``) at start-up: a document whose content changed gets
the next version, an unchanged one keeps its version (and its ETag). An office may carry
its own copy of a document (scope ``office:CODE``), which wins over its profile's.
Appointment slots are generated per office from the profile's weekly pattern; dossier
status changes are read from their table, the version being the newest change's id.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import JsonValue
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sync.protocol import ErrorCode, ReferenceDocument, ReferenceName
from sync.server.database import insert_for
from sync.server.errors import ApiError
from sync.server.models import DossierStatusChange, Office, ReferenceRecord

STATIC_DOCUMENTS = (
    ReferenceName.CATALOGUE,
    ReferenceName.PROCESSING_UNITS,
    ReferenceName.FEES,
    ReferenceName.HOLIDAYS,
    ReferenceName.OFFICER_CREDENTIALS,
)


class SeedError(Exception):
    """A seed or profile file is missing or malformed (names the file)."""


@dataclass(frozen=True)
class SlotPattern:
    weekdays: tuple[int, ...]
    times: tuple[time, ...]
    minutes: int
    capacity: int
    days_ahead: int


@dataclass(frozen=True)
class ProfileSeed:
    code: str
    zone: ZoneInfo
    documents: dict[ReferenceName, Any]
    slots: SlotPattern


def canonical_json(data: object) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as exc:
        raise SeedError(f"{path} is missing.") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SeedError(f"{path} is not valid TOML: {exc}.") from exc


def _holidays(entries: list[dict[str, Any]], path: Path) -> list[dict[str, Any]]:
    """One entry per day (a seed entry may give ``date`` or ``dates``), in date order."""
    days = []
    for entry in entries:
        dates = entry.get("dates") or [entry.get("date")]
        for text in dates:
            try:
                day = date.fromisoformat(str(text))
            except ValueError as exc:
                raise SeedError(f"{path}: holiday date '{text}' is not YYYY-MM-DD.") from exc
            days.append({"date": day.isoformat(), "name": entry.get("name", {})})
    return sorted(days, key=lambda day: str(day["date"]))


def load_profile_seed(profile: str, *, seed_dir: Path, profiles_dir: Path) -> ProfileSeed:
    """Reads one profile's seed; raises :class:`SeedError` naming the file on any problem."""
    seed_path = seed_dir / f"{profile}.toml"
    profile_path = profiles_dir / f"{profile}.toml"
    seed = _read_toml(seed_path)
    profile_data = _read_toml(profile_path)
    try:
        zone = ZoneInfo(str(profile_data["timezone"]))
        pattern = seed["appointment_slots"]
        slots = SlotPattern(
            weekdays=tuple(int(day) for day in pattern["weekdays"]),
            times=tuple(time.fromisoformat(str(text)) for text in pattern["times"]),
            minutes=int(pattern["minutes"]),
            capacity=int(pattern["capacity"]),
            days_ahead=int(pattern["days_ahead"]),
        )
        documents: dict[ReferenceName, Any] = {
            ReferenceName.CATALOGUE: {
                "queue_categories": profile_data.get("queue_categories", []),
                "services": seed.get("catalogue", []),
            },
            ReferenceName.PROCESSING_UNITS: seed.get("processing_units", []),
            ReferenceName.FEES: seed.get("fees", []),
            ReferenceName.HOLIDAYS: _holidays(seed.get("holidays", []), seed_path),
            ReferenceName.OFFICER_CREDENTIALS: [],
        }
    except (KeyError, TypeError, ValueError) as exc:
        raise SeedError(f"{seed_path} or {profile_path} lacks or misstates a setting: {exc}.") from exc
    return ProfileSeed(code=profile, zone=zone, documents=documents, slots=slots)


def available_profiles(seed_dir: Path) -> list[str]:
    return sorted(path.stem for path in seed_dir.glob("*.toml"))


def store_document(
    session: Session, scope: str, name: str, data: Any, *, now: datetime, first_version: int = 1
) -> None:
    """Stores ``data`` as the document ``name`` of ``scope``; the version goes up only when the
    content changed. One statement, so concurrent workers publishing the same content agree.
    ``first_version`` is the version of a new document (an office's copy starts above its
    profile's, so a kiosk never sees a version go down)."""
    body = canonical_json(data)
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    insert = insert_for(session, ReferenceRecord).values(
        scope=scope, name=name, version=first_version, body=body, digest=digest, updated_at=now
    )
    table = ReferenceRecord.__table__
    statement = insert.on_conflict_do_update(
        index_elements=["scope", "name"],
        set_={
            "version": table.c.version + 1,
            "body": insert.excluded.body,
            "digest": insert.excluded.digest,
            "updated_at": insert.excluded.updated_at,
        },
        where=table.c.digest != insert.excluded.digest,
    )
    session.execute(statement)


def publish_seeds(session: Session, seeds: dict[str, ProfileSeed], *, now: datetime) -> None:
    for seed in seeds.values():
        for name in STATIC_DOCUMENTS:
            store_document(session, f"profile:{seed.code}", name.value, seed.documents[name], now=now)


def _record(session: Session, office: Office, name: str) -> ReferenceRecord | None:
    for scope in (f"office:{office.code}", f"profile:{office.profile}"):
        record = session.get(ReferenceRecord, (scope, name))
        if record is not None:
            return record
    return None


def appointment_slots(seed: ProfileSeed, holidays: JsonValue, today: date) -> list[dict[str, Any]]:
    """Slots of the coming ``days_ahead`` days on the pattern's weekdays, skipping holidays.

    ``slot_id`` is the local start, ``YYYY-MM-DDTHH:MM``; ``starts_at`` is the same instant in UTC."""
    closed = (
        {str(day["date"]) for day in holidays if isinstance(day, dict)}
        if isinstance(holidays, list)
        else set()
    )
    slots = []
    for offset in range(seed.slots.days_ahead):
        day = today + timedelta(days=offset)
        if day.isoweekday() not in seed.slots.weekdays or day.isoformat() in closed:
            continue
        for start in seed.slots.times:
            local = datetime.combine(day, start, tzinfo=seed.zone)
            slots.append(
                {
                    "slot_id": f"{day.isoformat()}T{start.strftime('%H:%M')}",
                    "starts_at": local.astimezone(ZoneInfo("UTC")).isoformat(),
                    "minutes": seed.slots.minutes,
                    "capacity": seed.slots.capacity,
                }
            )
    return slots


def slot_capacity(seed: ProfileSeed, holidays: JsonValue, slot_id: str, today: date) -> int | None:
    """The capacity of ``slot_id`` if it is a slot of the office still to come, else None."""
    for slot in appointment_slots(seed, holidays, today):
        if slot["slot_id"] == slot_id:
            return int(slot["capacity"])
    return None


def office_today(seed: ProfileSeed, now: datetime) -> date:
    return now.astimezone(seed.zone).date()


def etag_for(name: str, version: int, digest: str = "") -> str:
    return f'"{name}-v{version}-{digest[:12]}"' if digest else f'"{name}-v{version}"'


def get_document(
    session: Session, office: Office, seed: ProfileSeed, name: ReferenceName, *, now: datetime, since: int = 0
) -> ReferenceDocument:
    """The current document ``name`` for ``office`` (appointment slots are refreshed on the way)."""
    if name is ReferenceName.DOSSIER_STATUS:
        return _dossier_status(session, office, since)
    if name is ReferenceName.APPOINTMENT_SLOTS:
        holidays = _record(session, office, ReferenceName.HOLIDAYS.value)
        holiday_data = json.loads(holidays.body) if holidays else []
        slots = appointment_slots(seed, holiday_data, office_today(seed, now))
        store_document(session, f"office:{office.code}", name.value, slots, now=now)
        session.flush()
    record = _record(session, office, name.value)
    if record is None:
        raise ApiError(ErrorCode.NOT_FOUND, f"There is no '{name.value}' document for office {office.code}.")
    return ReferenceDocument(
        name=name,
        office_code=office.code,
        profile=office.profile,
        version=record.version,
        etag=etag_for(name.value, record.version, record.digest),
        updated_at=record.updated_at,
        data=json.loads(record.body),
    )


def _dossier_status(session: Session, office: Office, since: int) -> ReferenceDocument:
    latest = session.scalar(
        select(func.max(DossierStatusChange.id)).where(DossierStatusChange.office_code == office.code)
    )
    version = int(latest or 0)
    changes = session.scalars(
        select(DossierStatusChange)
        .where(DossierStatusChange.office_code == office.code, DossierStatusChange.id > since)
        .order_by(DossierStatusChange.id)
    ).all()
    return ReferenceDocument(
        name=ReferenceName.DOSSIER_STATUS,
        office_code=office.code,
        profile=office.profile,
        version=version,
        etag=etag_for(ReferenceName.DOSSIER_STATUS.value, version),
        updated_at=changes[-1].changed_at if changes else None,
        data={
            "since": since,
            "changes": [
                {
                    "id": change.id,
                    "dossier_code": change.dossier_code,
                    "status": change.status,
                    "note": change.note,
                    "changed_at": change.changed_at.isoformat(),
                }
                for change in changes
            ],
        },
    )


def reference_versions(
    session: Session, office: Office, seed: ProfileSeed, *, now: datetime
) -> dict[str, int]:
    """The newest version of every document for ``office`` (the heartbeat answers these)."""
    versions = {}
    for name in ReferenceName:
        try:
            versions[name.value] = get_document(session, office, seed, name, now=now).version
        except ApiError:
            continue
    return versions


def record_dossier_status(
    session: Session, *, office_code: str, dossier_code: str, status: str, note: str, now: datetime
) -> int:
    change = DossierStatusChange(
        office_code=office_code, dossier_code=dossier_code, status=status, note=note, changed_at=now
    )
    session.add(change)
    session.flush()
    return change.id


def add_officer(
    session: Session,
    office: Office,
    *,
    officer_id: str,
    name: str,
    role: str,
    password_hash: str,
    now: datetime,
) -> int:
    """Adds (or replaces) one officer in the office's ``officer_credentials``; returns the new version."""
    record = _record(session, office, ReferenceName.OFFICER_CREDENTIALS.value)
    officers = json.loads(record.body) if record is not None else []
    first_version = record.version + 1 if record is not None else 1
    officers = [officer for officer in officers if officer.get("officer_id") != officer_id]
    officers.append({"officer_id": officer_id, "name": name, "role": role, "password_hash": password_hash})
    officers.sort(key=lambda officer: str(officer["officer_id"]))
    store_document(
        session,
        f"office:{office.code}",
        ReferenceName.OFFICER_CREDENTIALS.value,
        officers,
        now=now,
        first_version=first_version,
    )
    session.flush()
    updated = session.get(ReferenceRecord, (f"office:{office.code}", ReferenceName.OFFICER_CREDENTIALS.value))
    assert updated is not None
    session.refresh(updated)
    return updated.version

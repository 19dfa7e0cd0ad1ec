"""Enrollment: a one-time code issued for one office binds a kiosk's public key to that office."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import secrets
from datetime import datetime, timedelta

from cryptography.exceptions import InvalidSignature
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from sync.protocol import (
    FALLBACK_BLOCK_SIZE,
    LEASABLE_TICKET_NUMBERS,
    TICKETS_PER_SERIES_PER_DAY,
    EnrollmentRequest,
    EnrollmentResponse,
    ErrorCode,
    succession_message,
)
from sync.server.errors import ApiError
from sync.server.models import EnrollmentCode, Kiosk, Office
from sync.signing import load_public_key

MAX_SUCCESSION = 20
"""Enrollments of one device followed back when checking a transaction's kiosk id."""

# No 0/O, 1/I/L, 2/Z, 5/S: a technician types the code from a phone call or a printout.
CODE_ALPHABET = "346789ABCDEFGHJKMNPQRTUVWXY"
CODE_GROUPS, CODE_GROUP_LENGTH = 4, 4  # 16 characters, about 76 bits


def normalise_code(code: str) -> str:
    return "".join(character for character in code.upper() if character.isalnum())


def code_digest(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode("ascii", "replace")).hexdigest()


def new_code() -> str:
    groups = (
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_LENGTH)) for _ in range(CODE_GROUPS)
    )
    return "-".join(groups)


def ensure_office(
    session: Session, office_code: str, *, profile: str | None, now: datetime, name: str = ""
) -> Office:
    """The office, created on first use with ``profile`` (``vn`` when none is given).

    Raises ``ApiError(CONFLICT)`` when the office exists with another profile."""
    office = session.get(Office, office_code)
    if office is None:
        office = Office(code=office_code, profile=profile or "vn", name=name, created_at=now)
        session.add(office)
        session.flush()
    elif profile is not None and office.profile != profile:
        raise ApiError(
            ErrorCode.CONFLICT, f"Office {office_code} already exists with profile '{office.profile}'."
        )
    return office


def issue_enrollment_code(
    session: Session, *, office_code: str, profile: str | None, ttl_s: int, now: datetime
) -> str:
    """Stores a new one-time code for ``office_code`` (only its digest) and returns it in clear."""
    ensure_office(session, office_code, profile=profile, now=now)
    code = new_code()
    session.add(
        EnrollmentCode(
            code_sha256=code_digest(code),
            office_code=office_code,
            created_at=now,
            expires_at=now + timedelta(seconds=ttl_s),
        )
    )
    return code


DEFAULT_LABEL = "kiosk-01"
_NUMBERED = re.compile(r"^(.*?)(\d+)$")


def unique_label(wanted: str, taken: set[str]) -> str:
    """``wanted`` (``kiosk-01`` when empty) if no active kiosk of the office has it, else the first free one of its
    numbered run: ``kiosk-01`` → ``kiosk-02``, ``kiosk-09`` → ``kiosk-10``, ``lobby`` →
    ``lobby-2``. At most 60 characters (the column's width)."""
    wanted = wanted.strip() or DEFAULT_LABEL
    if wanted not in taken:
        return wanted
    numbered = _NUMBERED.match(wanted)
    stem, separator, start, width = (
        (numbered.group(1), "", int(numbered.group(2)) + 1, len(numbered.group(2)))
        if numbered
        else (wanted, "-", 2, 1)
    )
    number = start
    while True:
        suffix = separator + str(number).zfill(width)
        candidate = stem[: 60 - len(suffix)] + suffix
        if candidate not in taken:
            return candidate
        number += 1


def fallback_blocks() -> list[tuple[int, int]]:
    """The office's fallback blocks: 901-999 (the numbers never leased) in blocks of
    :data:`~sync.protocol.FALLBACK_BLOCK_SIZE`."""
    first = LEASABLE_TICKET_NUMBERS + 1
    return [
        (start, min(start + FALLBACK_BLOCK_SIZE - 1, TICKETS_PER_SERIES_PER_DAY))
        for start in range(first, TICKETS_PER_SERIES_PER_DAY + 1, FALLBACK_BLOCK_SIZE)
    ]


def free_fallback_block(kiosks: list[Kiosk]) -> tuple[int, int] | None:
    """The lowest block no active (unrevoked) kiosk of the office holds, ``None`` when all are held."""
    held = {kiosk.fallback_first for kiosk in kiosks if kiosk.revoked_at is None}
    return next((block for block in fallback_blocks() if block[0] not in held), None)


def enroll_kiosk(session: Session, request: EnrollmentRequest, *, now: datetime) -> EnrollmentResponse:
    """Registers the kiosk's key with the code's office and spends the code.

    The kiosk gets a label unique among the office's kiosks (:func:`unique_label`) and a
    fallback block of ticket numbers no other active kiosk of the office holds. Both are
    chosen with the office's row locked (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's
    ``BEGIN IMMEDIATE`` serialises every writer), so two enrollments at once differ.

    Raises ``ApiError(BAD_ENROLLMENT_CODE)`` for an unknown, used or expired code, and
    ``ApiError(INVALID_REQUEST)`` for a malformed key. Safe under concurrent use of one code:
    the code is spent by a conditional UPDATE, so exactly one kiosk gets it."""
    try:
        load_public_key(request.public_key)
    except ValueError as exc:
        raise ApiError(
            ErrorCode.INVALID_REQUEST, "The public key is not an Ed25519 key (32 bytes, base64)."
        ) from exc
    record = session.scalar(
        select(EnrollmentCode).where(EnrollmentCode.code_sha256 == code_digest(request.code))
    )
    if record is None:
        raise ApiError(
            ErrorCode.BAD_ENROLLMENT_CODE, "This enrollment code is not known: check it or ask for a new one."
        )
    if record.used_at is not None:
        raise ApiError(
            ErrorCode.BAD_ENROLLMENT_CODE, "This enrollment code was already used: ask for a new one."
        )
    if record.expires_at <= now:
        raise ApiError(ErrorCode.BAD_ENROLLMENT_CODE, "This enrollment code has expired: ask for a new one.")
    kiosk_id = "k" + secrets.token_hex(8)
    spent = session.execute(
        update(EnrollmentCode)
        .where(EnrollmentCode.id == record.id, EnrollmentCode.used_at.is_(None))
        .values(used_at=now, kiosk_id=kiosk_id)
    )
    if getattr(spent, "rowcount", 0) != 1:
        raise ApiError(
            ErrorCode.BAD_ENROLLMENT_CODE, "This enrollment code was already used: ask for a new one."
        )
    office = session.scalar(select(Office).where(Office.code == record.office_code).with_for_update())
    assert office is not None  # a foreign key
    replaces = _proven_predecessor(session, request, office.code)
    kiosks = list(session.scalars(select(Kiosk).where(Kiosk.office_code == office.code)))
    # A revoked kiosk's name is free again: the same kiosk enrolled anew keeps its name.
    label = unique_label(request.label, {kiosk.label for kiosk in kiosks if kiosk.revoked_at is None})
    block = free_fallback_block(kiosks)
    session.add(
        Kiosk(
            id=kiosk_id,
            office_code=office.code,
            public_key=request.public_key,
            label=label,
            software_version=request.software_version,
            enrolled_at=now,
            fallback_first=block[0] if block else None,
            fallback_last=block[1] if block else None,
            replaces_id=replaces,
        )
    )
    return EnrollmentResponse(
        kiosk_id=kiosk_id,
        office_code=office.code,
        profile=office.profile,
        server_time=now,
        label=label,
        fallback_ticket_numbers=f"{block[0]}-{block[1]}" if block else "",
    )


def _proven_predecessor(session: Session, request: EnrollmentRequest, office_code: str) -> str | None:
    """The previous kiosk id the request names, once its key's signature is checked; raises
    ``ApiError(INVALID_REQUEST)`` for an unknown one, one of another office, or a bad signature."""
    if request.replaces is None:
        return None
    previous = session.get(Kiosk, request.replaces)
    refused = ApiError(
        ErrorCode.INVALID_REQUEST,
        f"This device cannot prove it was kiosk {request.replaces} of office {office_code}: enroll it without "
        "the previous identity.",
    )
    if previous is None or previous.office_code != office_code or not request.replaces_signature:
        raise refused
    try:
        load_public_key(previous.public_key).verify(
            base64.b64decode(request.replaces_signature, validate=True),
            succession_message(previous.id, request.public_key),
        )
    except (ValueError, binascii.Error, InvalidSignature) as exc:
        raise refused from exc
    return previous.id


def kiosk_ids_of_device(session: Session, kiosk: Kiosk) -> set[str]:
    """``kiosk``'s id and those of the enrollments it replaced, one after the other."""
    ids = {kiosk.id}
    current = kiosk.replaces_id
    while current is not None and current not in ids and len(ids) <= MAX_SUCCESSION:
        ids.add(current)
        current = session.scalar(select(Kiosk.replaces_id).where(Kiosk.id == current))
    return ids


def revoke_kiosk(session: Session, kiosk_id: str, *, now: datetime) -> bool:
    """Revokes the kiosk's key; its next request is refused with 401 ``revoked_kiosk``."""
    kiosk = session.get(Kiosk, kiosk_id)
    if kiosk is None:
        return False
    kiosk.revoked_at = now
    return True

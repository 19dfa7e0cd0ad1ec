"""Enrollment: a one-time code issued for one office binds a kiosk's public key to that office."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from sync.protocol import EnrollmentRequest, EnrollmentResponse, ErrorCode
from sync.server.errors import ApiError
from sync.server.models import EnrollmentCode, Kiosk, Office
from sync.signing import load_public_key

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


def enroll_kiosk(session: Session, request: EnrollmentRequest, *, now: datetime) -> EnrollmentResponse:
    """Registers the kiosk's key with the code's office and spends the code.

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
    office = session.get(Office, record.office_code)
    assert office is not None  # a foreign key
    session.add(
        Kiosk(
            id=kiosk_id,
            office_code=office.code,
            public_key=request.public_key,
            label=request.label,
            software_version=request.software_version,
            enrolled_at=now,
        )
    )
    return EnrollmentResponse(
        kiosk_id=kiosk_id, office_code=office.code, profile=office.profile, server_time=now
    )


def revoke_kiosk(session: Session, kiosk_id: str, *, now: datetime) -> bool:
    """Revokes the kiosk's key; its next request is refused with 401 ``revoked_kiosk``."""
    kiosk = session.get(Kiosk, kiosk_id)
    if kiosk is None:
        return False
    kiosk.revoked_at = now
    return True

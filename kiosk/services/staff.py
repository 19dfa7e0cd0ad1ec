"""What officers and technicians do at the kiosk: sign-in, lockout, the audit log, enrollments.

* :class:`AuditLog` writes ``audit_event`` rows: who (an officer id or ``technician``, never
  a citizen), what (an action key), when, the transaction it belongs to, and a detail of
  non-personal fields only (checked: see :func:`safe_detail`).
* :class:`FailedAttempts` counts wrong PINs / passwords from the audit log itself, so a
  lockout survives a restart and needs no table of its own: after ``max_attempts`` failures
  in a row the actor is locked for ``lockout_s`` after the last one; each further failure
  once the lockout ran out locks again (a success resets the count).
* :class:`TechnicianAccess` checks the technician PIN (scrypt hash in the configuration).
* :class:`OfficerSignIn` checks officer credentials offline with
  ``sync.reference.verify_officer`` (the officer list the kiosk pulled from the server).
* :class:`EnrollmentRecorder` commits an assisted enrollment: one outbox row (personal and
  biometric fields sealed by the key store) and the officer's audit events, one commit.

Thread: any, but every method waits for the disk or hashes a secret: call them from a job
(worker thread), never on the GUI thread.
"""

from __future__ import annotations

import base64
import hmac
import json
import logging
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.activation import ActivationSigner
from kiosk.clock import Clock
from kiosk.storage import audit_chain
from kiosk.storage.audit_chain import ChainEntry
from kiosk.storage.models import AuditEventRecord
from sync.keystore import KeyStore
from sync.outbox import enqueue
from sync.protocol import ActivationV1, AssistedEnrollmentV1

log = logging.getLogger(__name__)

TECHNICIAN_ACTOR = "technician"
ENROLLMENT_KIND = AssistedEnrollmentV1.KIND

DetailValue = str | int | float | bool | None
_DIGIT_RUN = re.compile(r"\d{9,}")
_MAX_DETAIL_TEXT = 80


class UnsafeDetail(ValueError):
    """An audit detail value could carry personal data (a long digit run, long text, bytes)."""


def safe_detail(detail: Mapping[str, DetailValue] | None) -> str | None:
    """The detail as compact JSON, refusing what could be personal data: text longer than
    80 characters or holding nine digits in a row, numbers of nine digits or more (an ID or
    phone number), and any value that is not a short scalar. A programming error, raised,
    never silently written."""
    if not detail:
        return None
    for key, value in detail.items():
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, int | float):
            if abs(value) >= 10**8:  # as long as an ID or phone number
                raise UnsafeDetail(f"audit detail {key!r} is not a short non-personal value")
            continue
        if not isinstance(value, str) or len(value) > _MAX_DETAIL_TEXT or _DIGIT_RUN.search(value):
            raise UnsafeDetail(f"audit detail {key!r} is not a short non-personal value")
    return json.dumps(dict(detail), sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class AuditEntry:
    """One step someone took; written later in the commit of the transaction it belongs to."""

    at: datetime
    actor: str
    action: str
    transaction_id: str | None = None
    detail: Mapping[str, DetailValue] | None = field(default=None)


class AuditLog:
    """The ``audit_event`` table."""

    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock
        self._lock = threading.Lock()
        self._writer: ThreadPoolExecutor | None = None

    @property
    def clock(self) -> Clock:
        return self._clock

    def entry(
        self,
        actor: str,
        action: str,
        *,
        transaction_id: str | None = None,
        detail: Mapping[str, DetailValue] | None = None,
    ) -> AuditEntry:
        """An entry stamped now (checked now, so a bad detail fails where it is made)."""
        safe_detail(detail)
        return AuditEntry(self._clock.now(), actor, action, transaction_id, detail)

    def add(self, session: Session, entries: Sequence[AuditEntry]) -> None:
        """Adds ``entries`` to the caller's open transaction, chained (the caller commits)."""
        audit_chain.append(
            session,
            [
                ChainEntry(
                    entry.at, entry.actor, entry.action, entry.transaction_id, safe_detail(entry.detail)
                )
                for entry in entries
            ],
        )

    def write(self, entries: Sequence[AuditEntry]) -> None:
        """Commits ``entries`` on their own."""
        if not entries:
            return
        with self._sessions.begin() as session:
            self.add(session, entries)

    def record(
        self,
        actor: str,
        action: str,
        *,
        transaction_id: str | None = None,
        detail: Mapping[str, DetailValue] | None = None,
    ) -> None:
        """Commits one entry stamped now."""
        self.write([self.entry(actor, action, transaction_id=transaction_id, detail=detail)])

    def post(self, entries: Sequence[AuditEntry]) -> Future[None]:
        """Commits ``entries`` on the audit log's own writer thread, in posting order (for
        callers on the GUI thread, which must not wait for the disk)."""
        with self._lock:
            if self._writer is None:
                self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="audit")
            return self._writer.submit(self.write, list(entries))

    def flush(self) -> None:
        """Waits until every posted entry is committed (tests, shutdown)."""
        with self._lock:
            writer = self._writer
        if writer is not None:
            writer.submit(lambda: None).result()

    def close(self) -> None:
        """Commits what was posted, then stops the writer thread; safe to call twice."""
        with self._lock:
            writer, self._writer = self._writer, None
        if writer is not None:
            writer.shutdown(wait=True)

    def recent(self, *, actor: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        """The newest entries, newest first (technicians; nothing personal is in them)."""
        query = select(AuditEventRecord).order_by(AuditEventRecord.id.desc()).limit(limit)
        if actor is not None:
            query = query.where(AuditEventRecord.actor == actor)
        with self._sessions() as session:
            return [
                {
                    "at": row.at.isoformat(),
                    "actor": row.actor,
                    "action": row.action,
                    "transaction_id": row.transaction_id,
                    "detail": json.loads(row.detail) if row.detail else None,
                }
                for row in session.scalars(query)
            ]


@dataclass(frozen=True)
class LockState:
    failures: int
    """Failures in a row since the last success."""
    locked_until: datetime | None
    """When the actor may try again; ``None`` when not locked now."""


class FailedAttempts:
    """Wrong secrets counted from the audit log (``<prefix>.failed`` / ``<prefix>.succeeded``)."""

    def __init__(
        self,
        audit: AuditLog,
        sessions: sessionmaker[Session],
        *,
        prefix: str,
        max_attempts: int,
        lockout_s: int,
    ) -> None:
        self._audit = audit
        self._sessions = sessions
        self.failed_action = f"{prefix}.failed"
        self.succeeded_action = f"{prefix}.succeeded"
        self.locked_action = f"{prefix}.locked"
        self.max_attempts = max_attempts
        self.lockout = timedelta(seconds=lockout_s)

    def state(self, actor: str) -> LockState:
        with self._sessions() as session:
            rows = session.execute(
                select(AuditEventRecord.action, AuditEventRecord.at)
                .where(
                    AuditEventRecord.actor == actor,
                    AuditEventRecord.action.in_([self.failed_action, self.succeeded_action]),
                )
                .order_by(AuditEventRecord.id.desc())
                .limit(self.max_attempts * 4 + 1)
            ).all()
        failures = 0
        last_failure: datetime | None = None
        for action, at in rows:
            if action == self.succeeded_action:
                break
            failures += 1
            last_failure = last_failure or at
        if failures >= self.max_attempts and last_failure is not None:
            until = last_failure + self.lockout
            if self._audit.clock.now() < until:
                return LockState(failures, until)
        return LockState(failures, None)


@dataclass(frozen=True)
class SecretVerdict:
    """The outcome of a PIN or password check."""

    accepted: bool
    locked_until: datetime | None = None
    attempts_left: int = 0


DEMO_TECHNICIAN_PIN = "2468"
"""The technician PIN of a ``--simulate`` kiosk whose configuration sets none (documented)."""


class TechnicianAccess:
    """Checks the technician PIN against ``pin_hash`` (``scrypt$...``, from the configuration),
    with the lockout. ``demo_pin`` (``--simulate`` only) is accepted when no hash is set."""

    def __init__(
        self, pin_hash: str, audit: AuditLog, attempts: FailedAttempts, *, demo_pin: str | None = None
    ) -> None:
        self._pin_hash = pin_hash
        self._demo_pin = None if pin_hash else demo_pin
        self._audit = audit
        self._attempts = attempts

    @property
    def enabled(self) -> bool:
        return bool(self._pin_hash or self._demo_pin)

    def _matches(self, pin: str) -> bool:
        from sync.protocol import verify_officer_password

        if self._pin_hash:
            return verify_officer_password(pin, self._pin_hash)
        if self._demo_pin:
            return hmac.compare_digest(pin.encode(), self._demo_pin.encode())
        return False

    def lock_state(self) -> LockState:
        return self._attempts.state(TECHNICIAN_ACTOR)

    def check(self, pin: str) -> SecretVerdict:
        """Blocking (scrypt, database). A locked kiosk refuses even the right PIN."""
        return _check_secret(self._attempts, self._audit, TECHNICIAN_ACTOR, lambda: self._matches(pin))


def _check_secret(
    attempts: FailedAttempts, audit: AuditLog, actor: str, verify: Callable[[], bool]
) -> SecretVerdict:
    state = attempts.state(actor)
    if state.locked_until is not None:
        audit.record(actor, attempts.locked_action)
        return SecretVerdict(False, state.locked_until, 0)
    if verify():
        audit.record(actor, attempts.succeeded_action)
        return SecretVerdict(True)
    audit.record(actor, attempts.failed_action)
    after = attempts.state(actor)
    left = max(0, attempts.max_attempts - after.failures)
    return SecretVerdict(False, after.locked_until, left)


@dataclass(frozen=True)
class SignedInOfficer:
    """The officer at the counter: ``officer_id`` goes in the audit log, ``name`` on screen."""

    officer_id: str
    name: str


VerifyOfficer = Callable[[Path, str, str], object | None]
"""``sync.reference.verify_officer(home, username, password) -> Officer | None``."""


class OfficerSignIn:
    """Offline officer sign-in against the synced officer list, with a lockout per username.

    ``demo`` (``--simulate``): ``(office_code, profile)`` for :func:`seed_demo_officer`, run
    before each check, so a demo kiosk whose officer list is empty (the development server has
    no officers; a pull may rewrite the list) has the demo officer."""

    def __init__(
        self,
        home: Path,
        audit: AuditLog,
        attempts: FailedAttempts,
        verify: VerifyOfficer,
        *,
        demo: tuple[str, str] | None = None,
    ) -> None:
        self._home = home
        self._audit = audit
        self._attempts = attempts
        self._verify = verify
        self._demo = demo

    def sign_in(self, username: str, password: str) -> tuple[SecretVerdict, SignedInOfficer | None]:
        """Blocking. The username is the officer's id (audited as the actor, failures too)."""
        if self._demo is not None:
            seed_demo_officer(self._home, office_code=self._demo[0], profile=self._demo[1])
        username = username.strip()
        if not username or len(username) > 80:
            return SecretVerdict(False, None, self._attempts.max_attempts), None
        actor = username.casefold()  # usernames compare without regard to case
        found: list[SignedInOfficer] = []

        def verify() -> bool:
            officer = self._verify(self._home, username, password)
            if officer is None:
                return False
            found.append(officer_from(officer, username))
            return True

        verdict = _check_secret(self._attempts, self._audit, actor, verify)
        return verdict, (found[0] if verdict.accepted and found else None)


def officer_from(officer: object, username: str) -> SignedInOfficer:
    """Our view of the ``sync.reference.Officer`` that ``verify_officer`` returned: its username
    (case-folded, as in the audit log) and display name."""
    officer_id = str(getattr(officer, "officer_id", None) or getattr(officer, "username", None) or username)
    name = str(getattr(officer, "name", None) or getattr(officer, "display_name", None) or officer_id)
    officer_id = officer_id.casefold()  # the audit log's actor, as sign-in attempts are counted
    return SignedInOfficer(officer_id=officer_id, name=name)


def default_verify_officer() -> VerifyOfficer:
    """``sync.reference.verify_officer``: the officer credentials the sync client pulled."""
    from sync.reference import verify_officer

    return verify_officer


DEMO_OFFICER_ID = "demo.officer"
DEMO_OFFICER_PASSWORD = "counter-2569"  # noqa: S105 - the documented demo password (--simulate only)
DEMO_OFFICER_NAME = "Demo Officer"


def seed_demo_officer(home: Path, *, office_code: str, profile: str) -> bool:
    """Writes the demo officer into ``home/reference/officers.json`` (``--simulate``) while the
    kiosk's officer list is empty: officers pulled from a server always win. Returns whether it
    wrote one."""
    del profile
    from sync.protocol import hash_officer_password
    from sync.reference import read_officers, write_officers

    if read_officers(home):
        return False
    write_officers(
        home,
        [
            {
                "username": DEMO_OFFICER_ID,
                "name": DEMO_OFFICER_NAME,
                "office": office_code,
                "role": "registrar",
                "password_hash": hash_officer_password(DEMO_OFFICER_PASSWORD),
            }
        ],
    )
    return True


@dataclass(frozen=True)
class CompletedEnrollment:
    """Everything an assisted enrollment hands to the server. Personal and biometric fields
    are sealed at rest; ``repr`` shows none of them."""

    transaction_id: str
    officer_id: str
    id_number: str = field(repr=False)
    finger: str
    template: bytes = field(repr=False)
    capture_score: int
    passcode_hash: str = field(repr=False)
    activation_token_id: str
    activation_expires_at: datetime
    activation_public_key: str
    card_photo_sha256: str | None
    language: str


class EnrollmentRecorder:
    """Commits assisted enrollments (outbox + audit, one transaction)."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        keystore: KeyStore,
        audit: AuditLog,
        *,
        office_code: str,
        kiosk_id: str,
    ) -> None:
        self._sessions = sessions
        self._keystore = keystore
        self._audit = audit
        self._office_code = office_code
        self._kiosk_id = kiosk_id

    def save(self, enrollment: CompletedEnrollment, audit: Sequence[AuditEntry]) -> str:
        """Blocking: one commit with the outbox row and ``audit`` plus a closing
        ``enrollment.completed`` entry. Replaying the same transaction id fails on the
        outbox's unique key and commits nothing. Returns the transaction id."""
        completed_at = self._audit.clock.now().astimezone(UTC)
        closing = self._audit.entry(
            enrollment.officer_id,
            "enrollment.completed",
            transaction_id=enrollment.transaction_id,
            detail={"finger": enrollment.finger},
        )
        with self._sessions.begin() as session:
            enqueue(
                session,
                idempotency_key=enrollment.transaction_id,
                created_at=completed_at,
                payload=AssistedEnrollmentV1(
                    office_code=self._office_code,
                    kiosk_id=self._kiosk_id,
                    officer_id=enrollment.officer_id,
                    completed_at=completed_at,
                    finger=enrollment.finger,
                    capture_score=enrollment.capture_score,
                    language=enrollment.language,
                    activation=ActivationV1(
                        token_id=enrollment.activation_token_id,
                        expires_at=enrollment.activation_expires_at,
                        public_key=enrollment.activation_public_key,
                    ),
                ),
                personal={
                    "id_number": enrollment.id_number,
                    "fingerprint_template": base64.b64encode(enrollment.template).decode("ascii"),
                    "fingerprint_format": "zfm-512",
                    "passcode_hash": enrollment.passcode_hash,
                    "card_photo_sha256": enrollment.card_photo_sha256,
                },
                keystore=self._keystore,
            )
            self._audit.add(session, [*audit, closing])
        log.info("assisted enrollment committed (%d audit events)", len(audit) + 1)
        return enrollment.transaction_id


@dataclass
class StaffServices:
    """Everything officers and technicians use, built once per kiosk (``kiosk.app``)."""

    audit: AuditLog
    technician: TechnicianAccess
    officers: OfficerSignIn
    enrollments: EnrollmentRecorder
    activation: ActivationSigner

    def close(self) -> None:
        self.audit.close()


def build_staff_services(
    home: Path,
    *,
    sessions: sessionmaker[Session],
    clock: Clock,
    keystore: KeyStore,
    office_code: str,
    kiosk_id: str,
    profile: str,
    pin_hash: str,
    max_attempts: int,
    lockout_s: int,
    activation_ttl_s: int,
    simulate: bool,
    verify_officer: VerifyOfficer | None = None,
) -> StaffServices:
    """Wires the staff services; ``simulate`` allows the demo PIN and seeds the demo officer."""
    audit = AuditLog(sessions, clock)
    technician = TechnicianAccess(
        pin_hash,
        audit,
        FailedAttempts(
            audit, sessions, prefix="technician.pin", max_attempts=max_attempts, lockout_s=lockout_s
        ),
        demo_pin=DEMO_TECHNICIAN_PIN if simulate else None,
    )
    officers = OfficerSignIn(
        home,
        audit,
        FailedAttempts(
            audit, sessions, prefix="officer.sign_in", max_attempts=max_attempts, lockout_s=lockout_s
        ),
        verify_officer or default_verify_officer(),
        demo=(office_code, profile) if simulate else None,
    )
    return StaffServices(
        audit=audit,
        technician=technician,
        officers=officers,
        enrollments=EnrollmentRecorder(sessions, keystore, audit, office_code=office_code, kiosk_id=kiosk_id),
        activation=ActivationSigner.open(
            home,
            kiosk_id=kiosk_id,
            office_code=office_code,
            clock=clock,
            ttl=timedelta(seconds=activation_ttl_s),
        ),
    )


def hash_secret(secret: str) -> str:
    """A passcode or PIN as the scrypt string officers' passwords use (``scrypt$N$r$p$salt$hash``)."""
    from sync.protocol import hash_officer_password

    return hash_officer_password(secret)

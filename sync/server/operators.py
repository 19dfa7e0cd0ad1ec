"""Dashboard operators: the people who may read the dashboard, signed in with HTTP Basic.

The dashboard shows no personal data, but it shows every kiosk of every office, their health
and their backlog, so it is not public: a browser asks for an operator's name and password
(HTTP Basic; serve it over HTTPS, see ``kiosk-server serve --tls-cert``). Operators are added,
given a new password or removed with ``kiosk-server operator``; passwords rest as scrypt
hashes, whose cost also slows down guessing. A server started with ``--dev`` (demos, the
kiosk's embedded server) keeps the dashboard open while it has no operator at all.

A password check never holds the database: :func:`sign_in` counts the attempt in one short
transaction, runs scrypt with no transaction open (so kiosks' uploads go on while it works), and
records a success in another short transaction. Every attempt counts until one succeeds: the
:data:`MAX_FAILED_SIGN_INS`-th attempt in a row locks the name for :data:`LOCKOUT` (unless it is
the right password), and during the lockout even the right password is refused without being
checked. The count lives in the database, so it holds across every worker; it also means anyone
can lock an operator out for a quarter of an hour by guessing, the price of stopping the guessing.
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, sessionmaker

from sync.protocol import hash_officer_password, verify_officer_password
from sync.server.models import DashboardOperator

MIN_PASSWORD_CHARS = 10
REALM = "Kiosk dashboard"
MAX_FAILED_SIGN_INS = 5
"""Attempts in a row without success after which an operator's name is locked."""
LOCKOUT = timedelta(minutes=15)
"""How long the name stays locked."""
# Checked when the name is unknown, so an unknown name costs the same time as a wrong password.
_NOBODY = hash_officer_password("no operator has this password", salt=b"\0" * 16)


def save_operator(session: Session, name: str, password: str, *, now: datetime) -> bool:
    """Adds the operator, or gives an existing one this password. Returns whether it is new."""
    if not 1 <= len(name) <= 60 or ":" in name or name.strip() != name:
        raise ValueError("An operator's name is 1 to 60 characters, without ':' or surrounding spaces.")
    if len(password) < MIN_PASSWORD_CHARS:
        raise ValueError(f"An operator's password has at least {MIN_PASSWORD_CHARS} characters.")
    password_hash = hash_officer_password(password)
    operator = session.get(DashboardOperator, name)
    if operator is None:
        session.add(DashboardOperator(name=name, password_hash=password_hash, created_at=now, changed_at=now))
        return True
    operator.password_hash = password_hash
    operator.changed_at = now
    operator.failed_sign_ins = 0  # a new password lifts a lockout
    operator.locked_until = None
    return False


def remove_operator(session: Session, name: str) -> bool:
    operator = session.get(DashboardOperator, name)
    if operator is None:
        return False
    session.delete(operator)
    return True


def has_operators(session: Session) -> bool:
    return bool(session.scalar(select(exists().where(DashboardOperator.name.is_not(None)))))


def basic_credentials(authorization: str | None) -> tuple[str, str] | None:
    """(name, password) from an ``Authorization: Basic ...`` header; None for anything else."""
    if authorization is None:
        return None
    scheme, _, encoded = authorization.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except ValueError:  # not base64 (binascii.Error), not ASCII, or not UTF-8 (UnicodeDecodeError)
        return None
    name, colon, password = decoded.partition(":")
    return (name, password) if colon else None


def signed_in_operator(session: Session, authorization: str | None) -> str | None:
    """The operator whose name and password the request carries, or None. Checks the password
    inside ``session`` and counts nothing: for administration tools, never for a request (the
    dashboard uses :func:`sign_in`)."""
    credentials = basic_credentials(authorization)
    if credentials is None:
        return None
    name, password = credentials
    operator = session.get(DashboardOperator, name) if len(name) <= 60 else None
    stored = operator.password_hash if operator is not None else _NOBODY
    if verify_officer_password(password, stored) and operator is not None:
        return operator.name
    return None


@dataclass(frozen=True)
class SignIn:
    """One sign-in's outcome: ``operator`` when it succeeded; ``locked_for_s`` (whole seconds
    left) when the name is locked out; neither for a wrong or missing name or password."""

    operator: str | None = None
    locked_for_s: int | None = None


def sign_in(sessions: sessionmaker[Session], authorization: str | None, *, now: datetime) -> SignIn:
    """Checks the request's Basic credentials, counting the attempt against the operator's name.

    No transaction is open while scrypt runs (see the module docstring)."""
    credentials = basic_credentials(authorization)
    if credentials is None:
        return SignIn()
    name, password = credentials
    stored: str | None = None
    if len(name) <= 60:
        with sessions.begin() as session:
            stored, locked_until = _begin_attempt(session, name, now)
        if locked_until is not None:
            return SignIn(locked_for_s=max(1, math.ceil((locked_until - now).total_seconds())))
    if not verify_officer_password(password, stored if stored is not None else _NOBODY) or stored is None:
        return SignIn()  # already counted
    with sessions.begin() as session:
        operator = session.get(DashboardOperator, name, with_for_update=True)
        if operator is None or operator.password_hash != stored:
            return SignIn()  # removed, or given another password, while it was checked
        operator.failed_sign_ins = 0
        operator.locked_until = None
    return SignIn(operator=name)


def _begin_attempt(session: Session, name: str, now: datetime) -> tuple[str | None, datetime | None]:
    """(password hash, None) for an attempt that may be checked, now counted; (hash, end of the
    lockout) for a locked name; (None, None) for an unknown one."""
    operator = session.get(DashboardOperator, name, with_for_update=True)
    if operator is None:
        return None, None
    if operator.locked_until is not None:
        if operator.locked_until > now:
            return operator.password_hash, operator.locked_until
        operator.locked_until = None
        operator.failed_sign_ins = 0
    operator.failed_sign_ins += 1
    if operator.failed_sign_ins >= MAX_FAILED_SIGN_INS:
        # Locked before the check, so parallel guesses cannot pass the limit; a success lifts it.
        operator.locked_until = now + LOCKOUT
    return operator.password_hash, None

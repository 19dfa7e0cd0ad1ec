"""Dashboard operators: the people who may read the dashboard, signed in with HTTP Basic.

The dashboard shows no personal data, but it shows every kiosk of every office, their health
and their backlog, so it is not public: a browser asks for an operator's name and password
(HTTP Basic; serve it over HTTPS, see ``kiosk-server serve --tls-cert``). Operators are added,
given a new password or removed with ``kiosk-server operator``; passwords rest as scrypt
hashes, whose cost also slows down guessing. A server started with ``--dev`` (demos, the
kiosk's embedded server) keeps the dashboard open while it has no operator at all.
"""

from __future__ import annotations

import base64
from datetime import datetime

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from sync.protocol import hash_officer_password, verify_officer_password
from sync.server.models import DashboardOperator

MIN_PASSWORD_CHARS = 10
REALM = "Kiosk dashboard"
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
    """The operator whose name and password the request carries, or None."""
    credentials = basic_credentials(authorization)
    if credentials is None:
        return None
    name, password = credentials
    operator = session.get(DashboardOperator, name) if len(name) <= 60 else None
    stored = operator.password_hash if operator is not None else _NOBODY
    if verify_officer_password(password, stored) and operator is not None:
        return operator.name
    return None

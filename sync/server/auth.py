"""Checks that a request comes from an enrolled kiosk (signature, clock window, nonce).

The nonces live in the database so that every worker behind the load balancer refuses a
request another worker already accepted.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session

from sync.server.database import insert_for
from sync.server.models import Kiosk, UsedNonce
from sync.signing import KioskKey, verify_request

_PURGE_PROBABILITY = 0.01


class DatabaseNonceStore:
    """Nonces in ``used_nonces``; a live row for the same kiosk and nonce means a replay."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def remember(self, kiosk_id: str, nonce: str, *, expires_at: float, now: float) -> bool:
        if random.random() < _PURGE_PROBABILITY:  # keep the table to a few minutes of traffic
            self._session.execute(delete(UsedNonce).where(UsedNonce.expires_at < int(now)))
        insert = insert_for(self._session, UsedNonce).values(
            kiosk_id=kiosk_id, nonce=nonce, expires_at=int(expires_at) + 1
        )
        # A row left over after its expiry (not purged yet) is taken over; a live one is a replay.
        statement = insert.on_conflict_do_update(
            index_elements=["kiosk_id", "nonce"],
            set_={"expires_at": insert.excluded.expires_at},
            where=UsedNonce.__table__.c.expires_at < int(now),
        ).returning(UsedNonce.nonce)
        return self._session.execute(statement).first() is not None


def authenticate(
    session: Session,
    headers: Mapping[str, str],
    method: str,
    path: str,
    body: bytes,
    *,
    now: datetime,
    max_skew_s: float,
) -> Kiosk:
    """The kiosk that signed the request, with ``last_seen_at`` updated in ``session``.

    Raises :class:`sync.signing.SignatureRejected`; the caller commits."""
    found: dict[str, Kiosk] = {}

    def find_kiosk(kiosk_id: str) -> KioskKey | None:
        kiosk = session.get(Kiosk, kiosk_id)
        if kiosk is None:
            return None
        found[kiosk_id] = kiosk
        return KioskKey(
            kiosk_id=kiosk.id,
            public_key=kiosk.public_key,
            office_code=kiosk.office_code,
            revoked=kiosk.revoked_at is not None,
        )

    key = verify_request(
        headers,
        method,
        path,
        body,
        find_kiosk=find_kiosk,
        nonces=DatabaseNonceStore(session),
        now=now,
        max_skew_s=max_skew_s,
    )
    kiosk = found[key.kiosk_id]
    kiosk.last_seen_at = now
    return kiosk

"""Dashboard sign-in: failed attempts lock an operator's name for a while (in the database, on
SQLite and PostgreSQL), and the password check never holds a database connection."""

from __future__ import annotations

import base64
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from sync.server import operators
from sync.server.embedded import EmbeddedServer
from sync.server.operators import LOCKOUT, MAX_FAILED_SIGN_INS, save_operator
from sync.server.settings import ServerSettings

NAME = "duty.officer"
PASSWORD = "district ops 2026"


def basic(name: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{name}:{password}".encode()).decode()}


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def production(server_db_url: str) -> Iterator[tuple[EmbeddedServer, Clock]]:
    """A server without --dev, on a controlled clock, with one operator."""
    clock = Clock()
    settings = ServerSettings(
        database_url=server_db_url, data_key=secrets.token_bytes(32), development=False, clock=clock
    )
    running = EmbeddedServer(settings=settings)
    running.start()
    with running.context.sessions.begin() as session:
        save_operator(session, NAME, PASSWORD, now=clock.now)
    yield running, clock
    running.stop()


def test_failed_sign_ins_lock_the_operator_out(production: tuple[EmbeddedServer, Clock]) -> None:
    """GIVEN a production server with one operator
    WHEN four wrong passwords are followed by the right one, then five wrong ones, then the right
    one during the lockout, and the right one once it is over
    THEN a success clears the count (the fifth request passes); after five failures in a row the
    right password gets 429 with Retry-After (no dashboard) until 15 minutes have passed"""
    server, clock = production
    url = f"{server.url}/dashboard"
    assert MAX_FAILED_SIGN_INS == 5
    assert timedelta(minutes=15) == LOCKOUT
    with httpx.Client(timeout=30) as client:
        for _ in range(MAX_FAILED_SIGN_INS - 1):
            assert client.get(url, headers=basic(NAME, "wrong password 1")).status_code == 401
        assert client.get(url, headers=basic(NAME, PASSWORD)).status_code == 200
        for _ in range(MAX_FAILED_SIGN_INS):
            assert client.get(url, headers=basic(NAME, "wrong password 2")).status_code == 401
        clock.now += timedelta(minutes=14)
        locked = client.get(url, headers=basic(NAME, PASSWORD))
        assert locked.status_code == 429 and 'id="kiosks"' not in locked.text
        assert 'id="locked"' in locked.text and int(locked.headers["Retry-After"]) == 60
        clock.now += timedelta(minutes=1, seconds=1)
        assert client.get(url, headers=basic(NAME, PASSWORD)).status_code == 200


def test_a_new_password_lifts_the_lockout(production: tuple[EmbeddedServer, Clock]) -> None:
    """GIVEN an operator locked out by failed sign-ins
    WHEN an administrator gives a new password
    THEN the new password signs in at once"""
    server, clock = production
    url = f"{server.url}/dashboard"
    for _ in range(MAX_FAILED_SIGN_INS):
        assert httpx.get(url, headers=basic(NAME, "wrong password 3")).status_code == 401
    assert httpx.get(url, headers=basic(NAME, PASSWORD)).status_code == 429
    with server.context.sessions.begin() as session:
        save_operator(session, NAME, "a fresh password 4", now=clock.now)
    assert httpx.get(url, headers=basic(NAME, "a fresh password 4")).status_code == 200


def test_no_database_connection_is_held_while_scrypt_runs(
    production: tuple[EmbeddedServer, Clock], monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN a production server with one operator
    WHEN sign-ins with a wrong password, an unknown name and the right password are checked
    THEN every scrypt check runs while the server holds no database connection (so no
    transaction, and on SQLite no write lock, that an upload would wait for)"""
    server, _clock = production
    checked_out: list[int] = []
    verify = operators.verify_officer_password

    def watched(password: str, stored: str) -> bool:
        checked_out.append(server.context.engine.pool.checkedout())  # type: ignore[attr-defined]
        return verify(password, stored)

    monkeypatch.setattr(operators, "verify_officer_password", watched)
    url = f"{server.url}/dashboard"
    assert httpx.get(url, headers=basic(NAME, "wrong password 5")).status_code == 401
    assert httpx.get(url, headers=basic("nobody", PASSWORD)).status_code == 401
    assert httpx.get(url, headers=basic(NAME, PASSWORD)).status_code == 200
    assert checked_out == [0, 0, 0]

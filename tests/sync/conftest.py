"""Fixtures for the sync tests: a throw-away PostgreSQL cluster, server databases on SQLite and
PostgreSQL, and the central server running over loopback HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sync.server.embedded import EmbeddedServer
from tests.sync.postgres import PostgresCluster
from tests.sync.signed_client import KioskIdentity, enroll


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    """One cluster for the whole run (started on first use, stopped at the end). Fails, never
    skips, when PostgreSQL is missing: the set-up installs it."""
    with PostgresCluster() as cluster:
        yield cluster


@pytest.fixture
def postgres_url(postgres_cluster: PostgresCluster) -> str:
    """A fresh, empty PostgreSQL database for one test."""
    return postgres_cluster.create_database()


@pytest.fixture(params=["sqlite", "postgresql"])
def server_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh server database: every test using it runs once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'server.sqlite3'}"
    cluster: PostgresCluster = request.getfixturevalue("postgres_cluster")
    return cluster.create_database()


@pytest.fixture
def server(server_db_url: str) -> Iterator[EmbeddedServer]:
    """The central server (development adapters on) over loopback HTTP, on each database."""
    running = EmbeddedServer(database_url=server_db_url)
    running.start()
    yield running
    running.stop()


OFFICE = "000.00.74.H10"
OTHER_OFFICE = "000.00.74.H11"


@pytest.fixture
def kiosk(server: EmbeddedServer) -> KioskIdentity:
    """A kiosk enrolled for office ``OFFICE`` (vn profile) on ``server``."""
    return enroll(server, OFFICE, label="kiosk-01")

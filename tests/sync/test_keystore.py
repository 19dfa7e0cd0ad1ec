"""The key store and the sealed personal fields of outbox rows."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text

from kiosk.storage.database import migrate, open_engine, session_factory
from sync.keystore import KEYS_DIR_NAME, KeyStore, SealError
from sync.outbox import enqueue, list_items, open_personal
from sync.protocol import TransactionPayload


class Registration(TransactionPayload):
    """A transaction kind of the tests' own: the outbox seals whatever kind it is given."""

    KIND = "registration"
    SCHEMA_VERSION = 1
    office: str


class Bare(TransactionPayload):
    KIND = "k"
    SCHEMA_VERSION = 1


CITIZEN = {"id_number": "001089012345", "name": "Nguyễn Thị Minh Khai"}


def test_key_is_created_once_private_and_reused(tmp_path: Path) -> None:
    """GIVEN an empty kiosk home
    WHEN the key store is opened twice
    THEN one 0600 key file exists in a 0700 folder and both stores open each other's seals
    """
    first = KeyStore.open(tmp_path)
    second = KeyStore.open(tmp_path)
    sealed = first.seal(b"template", context="c")
    assert second.unseal(sealed, context="c") == b"template"
    folder = tmp_path / KEYS_DIR_NAME
    (key_file,) = folder.iterdir()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_wrong_context_other_key_or_altered_bytes_do_not_open(tmp_path: Path) -> None:
    """GIVEN a sealed value
    WHEN it is opened with another context, another kiosk's key, or with one byte changed
    THEN each attempt raises SealError
    """
    store = KeyStore.open(tmp_path / "a")
    sealed = store.seal(b"secret", context="row-1")
    with pytest.raises(SealError):
        store.unseal(sealed, context="row-2")
    with pytest.raises(SealError):
        KeyStore.open(tmp_path / "b").unseal(sealed, context="row-1")
    altered = bytearray(sealed)
    altered[-1] ^= 1
    with pytest.raises(SealError):
        store.unseal(bytes(altered), context="row-1")


@given(st.binary(max_size=64))
def test_arbitrary_bytes_never_open(blob: bytes) -> None:
    """GIVEN arbitrary bytes WHEN opened as a sealed value THEN only SealError is raised"""
    store = KeyStore(bytes(32))
    with pytest.raises(SealError):
        store.unseal(blob, context="x")


def test_personal_fields_are_ciphertext_in_the_database_file(tmp_path: Path) -> None:
    """GIVEN an outbox row with a citizen's ID number and name as personal fields
    WHEN it is committed and the database file and its WAL are read as raw bytes
    THEN neither the ID number nor the name appears, and the row opens back to the same fields
    """
    engine = open_engine(tmp_path / "kiosk.sqlite3")
    migrate(engine)
    store = KeyStore.open(tmp_path)
    sessions = session_factory(engine)
    with sessions.begin() as session:
        enqueue(
            session,
            payload=Registration(office="X"),
            idempotency_key="k-1",
            personal=CITIZEN,
            keystore=store,
        )
    raw = b"".join(path.read_bytes() for path in tmp_path.glob("kiosk.sqlite3*"))
    assert b"001089012345" not in raw
    assert CITIZEN["name"].encode() not in raw
    with sessions() as session:
        (item,) = list_items(session)
        assert open_personal(item, store) == CITIZEN
        assert session.execute(text("select personal is not null from outbox")).scalar() == 1
    engine.dispose()


def test_personal_fields_need_the_key_store(tmp_path: Path) -> None:
    """GIVEN personal fields WHEN enqueued without a key store THEN it is refused (never stored in clear)"""
    engine = open_engine(tmp_path / "kiosk.sqlite3")
    migrate(engine)
    with session_factory(engine)() as session, pytest.raises(ValueError):
        enqueue(session, payload=Bare(), idempotency_key="k-2", personal=CITIZEN)
    engine.dispose()

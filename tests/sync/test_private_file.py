"""The one atomic, owner-only file write behind every key and identity file."""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from sync import private_file
from sync.private_file import write_private_file


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A umask that would leave new files world-readable: the write must not rely on it."""
    previous = os.umask(0)
    yield
    os.umask(previous)


def test_new_file_is_owner_only_whole_and_alone(tmp_path: Path, open_umask: None) -> None:
    """GIVEN an empty folder and a permissive umask WHEN a secret is written THEN the file is 0600,
    holds every byte, and no temporary file is left beside it."""
    data = secrets.token_bytes(3 * 1024 * 1024 + 7)  # larger than one write() may take
    path = tmp_path / "data-1.key"
    write_private_file(path, data)
    assert path.read_bytes() == data
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert list(tmp_path.iterdir()) == [path]


def test_an_existing_file_is_replaced_atomically(tmp_path: Path) -> None:
    """GIVEN an existing file held open by a reader WHEN it is rewritten THEN the path names a new
    file with the whole new content, while the reader still sees the whole old one."""
    path = tmp_path / "identity.json"
    write_private_file(path, b"old identity")
    with path.open("rb") as reader:
        write_private_file(path, b"new identity, longer than the old")
        assert reader.read() == b"old identity"  # never a mix: the old file was swapped, not rewritten
    assert path.read_bytes() == b"new identity, longer than the old"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert list(tmp_path.iterdir()) == [path]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "device.key"
    write_private_file(path, b"the old key")

    def disk_full(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(private_file.os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        write_private_file(path, b"the new key")
    assert path.read_bytes() == b"the old key"
    assert list(tmp_path.iterdir()) == [path]


def test_create_only_never_overwrites(tmp_path: Path) -> None:
    """GIVEN a key another process created first WHEN this one creates it too (replace=False)
    THEN FileExistsError, the first key stays, and no temporary file is left."""
    path = tmp_path / "data.key"
    write_private_file(path, b"first", replace=False)
    with pytest.raises(FileExistsError):
        write_private_file(path, b"second", replace=False)
    assert path.read_bytes() == b"first"
    assert list(tmp_path.iterdir()) == [path]


def test_a_wider_mode_is_applied_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "reference.json"
    write_private_file(path, b"{}", mode=0o644)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644

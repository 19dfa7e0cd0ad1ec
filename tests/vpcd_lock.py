"""One vpcd reader, one test at a time: a cross-process lock per reader port.

pcscd's vpcd readers are machine-wide; two test processes plugging virtual cards into the
same reader would see each other's cards. Tests that plug a card in hold this lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def exclusive_vpcd_reader(port: int) -> Iterator[None]:
    """Blocks until no other process uses the vpcd reader on ``port``; holds it until exit."""
    path = Path(tempfile.gettempdir()) / f"kiosk-vpcd-{port}.lock"
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)

"""Files written whole or not at all, readable by their owner only: keys, the device identity.

Every key the kiosk and the server keep on disk (the kiosk's data key, its activation key, the
device key and identity, the server's data key) is written by :func:`write_private_file`, so a
crash or a power cut leaves the old file (or none) or the whole new one, never a torn key.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_private_file(path: Path, data: bytes, *, mode: int = 0o600, replace: bool = True) -> None:
    """Writes ``data`` to ``path`` atomically and durably, with permissions ``mode`` (0600 by default).

    The bytes go to a temporary file beside ``path`` (created owner-only, whatever the umask,
    then set to ``mode``), are flushed to disk, and the file is renamed onto ``path``; the
    folder is then flushed so the rename itself survives a power cut. A reader at any moment
    sees the old content or the new, whole. The temporary file never outlives the call.

    ``replace=False`` creates ``path`` only if it does not exist yet and raises
    :class:`FileExistsError` otherwise: two processes creating the same key cannot overwrite
    each other's, so data sealed with the first key stays readable. The folder must exist.
    """
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        try:
            os.fchmod(descriptor, mode)
            view = memoryview(data)
            while view:
                written = os.write(descriptor, view)
                view = view[written:]
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        if replace:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)  # unlike a rename, a link refuses to take an existing name
            temporary.unlink()
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)

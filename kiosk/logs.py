"""Logging for a kiosk: a rotating file under ``KIOSK_HOME/logs``, with a safety net for personal data.

The code logs only safe fields (step names, event types, reason keys, counts). As a second
line of defence every record is scrubbed of digit runs long enough to be an ID or phone
number before it is written.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
from io import TextIOWrapper
from pathlib import Path

_ID_LIKE = re.compile(r"\d{9,}")


class PersonalDataScrubber(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        scrubbed = _ID_LIKE.sub("[redacted]", message)
        if scrubbed != message:
            record.msg = scrubbed
            record.args = None
        return True


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose files are created readable by their owner only (0600, whatever the
    umask): even scrubbed, a kiosk's log tells when and how its citizens used it."""

    def _open(self) -> TextIOWrapper:
        descriptor = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.fchmod(descriptor, 0o600)
        return open(descriptor, "a", encoding=self.encoding, errors=self.errors)  # always appends


def configure_logging(home: Path, level: int = logging.INFO) -> Path:
    """Sends the kiosk's log records to ``home/logs/kiosk.log``; returns the file's path."""
    folder = home / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "kiosk.log"
    handler = PrivateRotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(PersonalDataScrubber())
    root = logging.getLogger()
    root.setLevel(level)
    root.handlers = [h for h in root.handlers if not isinstance(h, logging.handlers.RotatingFileHandler)]
    root.addHandler(handler)
    return path

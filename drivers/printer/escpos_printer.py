"""ESC/POS printers: commands built by python-escpos, sent over the transport the URI names.

Supported here: ``file://PATH`` (a device node such as ``/dev/usb/lp0``, or a spool file;
relative paths are under the kiosk's home), ``tcp://HOST:PORT`` (network printers, port 9100)
and ``dummy:`` (kept in memory, for tests and previews). Opened per job, never at import.
"""

from __future__ import annotations

import copy
import os
import socket
from pathlib import Path
from urllib.parse import urlsplit

from PIL import Image

from drivers.printer.base import PrinterError, PrinterOffline

PAPER_WIDTH_PX = {80: 576, 58: 384}


def escpos_job(image: Image.Image, cache_dir: Path | None = None) -> bytes:
    """The ESC/POS bytes of one slip: initialise, raster image, feed and cut.

    python-escpos reads its capability database when first imported and caches it in a
    fresh temporary folder per process unless told where; ``cache_dir`` keeps one cache.
    """
    if cache_dir is not None and "ESCPOS_CAPABILITIES_PICKLE_DIR" not in os.environ:
        cache_dir.mkdir(parents=True, exist_ok=True)
        os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(cache_dir)
    from escpos.printer import Dummy  # imported late: escpos loads its capability data on import

    dummy = Dummy()
    # The generic profile leaves the paper width unknown (and escpos prints a warning about
    # it on stdout); the slip is rendered to the paper's width, so say so on a private copy.
    profile_data = copy.deepcopy(dummy.profile.profile_data)
    profile_data["media"]["width"]["pixels"] = image.width
    dummy.profile.profile_data = profile_data
    dummy.hw("INIT")
    dummy.image(image, impl="bitImageRaster", center=False)
    dummy.cut(mode="PART", feed=True)
    data: bytes = dummy.output
    return data


class EscposPrinter:
    """A thermal printer reached through ``uri``. Thread: the printer's worker thread."""

    def __init__(self, uri: str, *, paper_width_mm: int, home: Path) -> None:
        if paper_width_mm not in PAPER_WIDTH_PX:
            raise PrinterError(f"Paper width {paper_width_mm} mm is not supported (58 or 80).")
        self._uri = uri
        self._home = home
        self._width_px = PAPER_WIDTH_PX[paper_width_mm]
        parts = urlsplit(uri)
        if parts.scheme not in {"file", "tcp", "dummy"}:
            raise PrinterError(f"Printer URI '{uri}' is not supported here (file://, tcp:// or dummy:).")
        self._scheme = parts.scheme
        self.sent: list[bytes] = []

    @property
    def uri(self) -> str:
        return self._uri

    @property
    def paper_width_px(self) -> int:
        return self._width_px

    def _file_path(self) -> Path:
        parts = urlsplit(self._uri)
        raw = (parts.netloc + parts.path) if parts.netloc else parts.path
        path = Path(raw)
        return path if path.is_absolute() else self._home / path

    def _address(self) -> tuple[str, int]:
        parts = urlsplit(self._uri)
        if not parts.hostname:
            raise PrinterError(f"Printer URI '{self._uri}' names no host.")
        return parts.hostname, parts.port or 9100

    def check(self) -> None:
        if self._scheme == "file":
            path = self._file_path()
            if path.is_relative_to(self._home):
                path.parent.mkdir(parents=True, exist_ok=True)  # a spool file of the kiosk's own
            target = path if path.exists() else path.parent
            if not target.exists() or not os.access(target, os.W_OK):
                raise PrinterOffline(f"Printer path {path} is not writable.")
        elif self._scheme == "tcp":
            try:
                with socket.create_connection(self._address(), timeout=3):
                    pass
            except OSError as exc:
                raise PrinterOffline(f"Printer at {self._uri} does not answer: {exc}.") from exc

    def print_image(self, image: Image.Image) -> int:
        if image.width > self._width_px:
            raise PrinterError(f"Slip is {image.width} px wide; the paper takes {self._width_px}.")
        data = escpos_job(image, self._home / "cache")
        try:
            if self._scheme == "file":
                path = self._file_path()
                path.parent.mkdir(parents=True, exist_ok=True)
                with path.open("ab") as device:
                    device.write(data)
                    device.flush()
                    os.fsync(device.fileno())
            elif self._scheme == "tcp":
                with socket.create_connection(self._address(), timeout=10) as connection:
                    connection.sendall(data)
            else:
                self.sent.append(data)
        except OSError as exc:
            raise PrinterOffline(f"Printing to {self._uri} failed: {exc}.") from exc
        return len(data)

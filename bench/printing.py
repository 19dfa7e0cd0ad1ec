"""Printing: render time and bytes per slip, per template, language and mode, and the wire time.

For every sample slip (``demo.slips``) in Vietnamese, Thai and English, on 80 mm
paper: the time to lay out and compose the ESC/POS job (median of repeated runs) and its
size, in ``raster`` mode (the whole slip as one image) and in ``native`` mode for a printer
with Vietnamese and Latin code pages (TM-T88V profile). The baseline is the raster job of the
same slip, measured in the same run; the serial transfer time is computed from the bytes
(10 bits a byte: start, 8 data, stop) at 19200 and 115200 baud.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from demo.slips import SLIP_KINDS, sample_slip
from drivers.printer.compose import PrinterProfile, compose_job
from drivers.printer.layout import SlipRenderer
from kiosk.app import slip_fonts
from kiosk.i18n import Catalog
from kiosk.paths import resources_dir
from kiosk.profiles import load_profile

LANGUAGE_PROFILE = {"vi": "vn", "en": "vn", "th": "th"}
BAUDS = (19200, 115200)


def wire_seconds(size: int, baud: int) -> float:
    return size * 10 / baud


def run_printing(repeats: int = 7) -> dict[str, Any]:
    resources = resources_dir()
    catalog = Catalog(resources / "translations")
    renderer = SlipRenderer(slip_fonts(resources), 576)
    modes = {
        "raster": PrinterProfile(mode="raster"),
        "native": PrinterProfile(model="TM-T88V", mode="native"),
    }
    rows = []
    for kind in SLIP_KINDS:
        for language, code in LANGUAGE_PROFILE.items():
            profile = load_profile(resources, code)
            blocks = sample_slip(kind, profile, language, catalog)  # type: ignore[arg-type]
            row: dict[str, Any] = {"slip": kind, "language": language}
            for name, printer in modes.items():
                compose_job(blocks, renderer, printer)  # warm the caches (fonts, capability data)
                times, size = [], 0
                for _ in range(repeats):
                    started = time.perf_counter()
                    size = len(compose_job(blocks, renderer, printer))
                    times.append((time.perf_counter() - started) * 1000)
                row[name] = {
                    "compose_ms": round(statistics.median(times), 2),
                    "bytes": size,
                    **{f"wire_s_{baud}": round(wire_seconds(size, baud), 2) for baud in BAUDS},
                }
            row["native_to_raster_bytes"] = round(row["native"]["bytes"] / row["raster"]["bytes"], 3)
            rows.append(row)
    return {"repeats": repeats, "paper_px": 576, "native_model": "TM-T88V", "rows": rows}

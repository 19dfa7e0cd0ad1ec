"""Start-up to the first frame of the attract screen, against a bare PySide6 window.

Each run spawns a fresh ``python -m bench.first_frame`` child (see there for how the first
frame is detected). The parent reads ``time.monotonic()`` just before the spawn; the child
reports the monotonic instant its first frame was done, so

* ``first frame`` = child's first-frame mark - parent's spawn mark (interpreter start,
  imports, set-up, show, first paint pass), and
* ``to exit`` = the parent's monotonic clock when the child has exited - the spawn mark
  (adds the event loop's exit and the normal teardown).

Kiosk and bare runs alternate, so drift on the machine hits both alike. One unmeasured
run of each comes first: it fills the OS file cache, and for the kiosk it creates and
migrates the database in the temporary KIOSK_HOME, so the measured runs are restarts
of an installed kiosk (the everyday case), not its very first boot.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import ROOT, child_env
from bench.stats import summarise

KINDS = ("kiosk", "bare")
# Each phase ends at its mark and starts at the previous mark the child has ("spawn" is the parent's).
PHASES = (
    ("interpreter", "started"),
    ("imports", "imported"),
    ("build_kiosk", "kiosk_built"),
    ("qapplication", "qapplication"),
    ("window", "window_built"),
    ("show", "shown"),
    ("first_paint", "first_frame"),
    ("core_loaded", "ready"),  # kiosk only: the full kiosk took over from the boot screen
)


def spawn_once(kind: str, home: Path) -> dict[str, float]:
    """One child; returns its marks (seconds, the parent's monotonic clock) with ``spawn`` and ``exited``."""
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-ff-") as folder:
        out = Path(folder) / "marks.json"
        command = [sys.executable, "-m", "bench.first_frame", kind, "--out", str(out)]
        if kind == "kiosk":
            command += ["--home", str(home)]
        spawn = time.monotonic()
        completed = subprocess.run(
            command, cwd=ROOT, env=child_env(home), capture_output=True, text=True, timeout=300, check=False
        )
        exited = time.monotonic()
        if completed.returncode != 0 or not out.exists():
            tail = "\n".join(completed.stderr.strip().splitlines()[-25:])
            raise RuntimeError(
                f"first-frame child ({kind}) exited with status {completed.returncode}:\n{tail}"
            )
        marks: dict[str, float] = json.loads(out.read_text(encoding="utf-8"))["marks"]
    return {"spawn": spawn, **marks, "exited": exited}


def phase_ms(marks: dict[str, float]) -> dict[str, float]:
    """Milliseconds spent in each phase; phases whose mark this child lacks (build_kiosk) are left out."""
    phases: dict[str, float] = {}
    previous = marks["spawn"]
    for name, mark in PHASES:
        if mark in marks:
            phases[name] = (marks[mark] - previous) * 1000
            previous = marks[mark]
    return phases


def run_startup(runs: int, warmup: int = 1) -> dict[str, Any]:
    """``runs`` measured children of each kind (after ``warmup`` unmeasured ones), interleaved."""
    samples: dict[str, list[dict[str, float]]] = {kind: [] for kind in KINDS}
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-home-") as folder:
        home = Path(folder)
        for index in range(warmup + runs):
            for kind in KINDS:
                marks = spawn_once(kind, home)
                if index >= warmup:
                    samples[kind].append(marks)
    result: dict[str, Any] = {
        "runs": runs,
        "warmup_runs": warmup,
        "method": "monotonic clock: parent before spawn -> child's mark after its first paint pass "
        "(event filter on the window's first QEvent.Paint + zero-timer); 'to exit' -> child exited",
    }
    for kind in KINDS:
        first = [(m["first_frame"] - m["spawn"]) * 1000 for m in samples[kind]]
        exit_ = [(m["exited"] - m["spawn"]) * 1000 for m in samples[kind]]
        per_run = [phase_ms(m) for m in samples[kind]]
        result[kind] = {
            "first_frame_ms": summarise(first).as_dict(),
            "to_exit_ms": summarise(exit_).as_dict(),
            "phases_median_ms": {
                name: round(summarise([p[name] for p in per_run]).median, 3) for name in per_run[0]
            },
            "first_frame_samples_ms": [round(value, 3) for value in first],
        }
        ready = [(m["ready"] - m["spawn"]) * 1000 for m in samples[kind] if "ready" in m]
        if ready:
            result[kind]["ready_ms"] = summarise(ready).as_dict()
    result["ratio_first_frame"] = round(
        result["kiosk"]["first_frame_ms"]["median"] / result["bare"]["first_frame_ms"]["median"], 3
    )
    result["ratio_to_exit"] = round(
        result["kiosk"]["to_exit_ms"]["median"] / result["bare"]["to_exit_ms"]["median"], 3
    )
    return result

"""``QT_QPA_PLATFORM=offscreen python -m bench``: runs every benchmark, prints the table, writes the JSON.

This process only orchestrates and never loads Qt. Start-up runs spawn ``bench.first_frame``
children; the transition and memory benchmarks each run in a child process of their own
(``bench.transitions``, ``bench.memory``), so one's leftovers never weigh on the other's
figures and each memory run starts from a fresh process.

Nothing is asserted: slow or fast, the run succeeds and the figures are reported next to
the issue's targets.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

from bench.common import RESULTS_DIR, run_child, write_json
from bench.report import MEMORY_GROWTH_TARGET_PCT, STARTUP_RATIO_TARGET, TRANSITION_TARGET_MS, render
from bench.startup import run_startup

SECTIONS = (
    "startup",
    "transitions",
    "memory",
    "printing",
    "card",
    "cccd",
    "fingerprint",
    "server_ingest",
    "camera",
    "sync",
    "command_line",
    "load",
)
OPT_IN = ("load",)  # sections of ten minutes or so: run only when asked for (--with)


def progress(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def run_memory_runs(runs: int, sessions: int, warmup: int) -> dict[str, Any]:
    results = []
    for index in range(runs):
        progress(f"memory run {index + 1}/{runs} ({warmup} + {sessions} journeys)")
        results.append(
            run_child(
                "bench.memory", "--sessions", str(sessions), "--warmup", str(warmup), "--seed", str(index + 7)
            )
        )
    keys = (
        "baseline_rss_mib",
        "after_rss_mib",
        "growth_pct",
        "dummy_printer_growth_mib",
        "seconds_per_session",
        "true_refs_lost_per_session",
        "projected_journeys_until_abort",
    )
    median = {
        key: round(statistics.median(values), 3)
        if None not in (values := [run[key] for run in results])
        else None
        for key in keys
    }
    return {"runs": results, "median": median}


def main(argv: list[str] | None = None) -> int:  # noqa: PLR0915 - one section after another
    parser = argparse.ArgumentParser(
        prog="python -m bench", description="Kiosk performance report (start-up, transitions, memory)."
    )
    parser.add_argument("--startup-runs", type=int, default=7, help="measured start-ups of each kind")
    parser.add_argument("--cycles", type=int, default=50, help="measured loops of the transition benchmark")
    parser.add_argument(
        "--sessions", type=int, default=100, help="journeys per memory run, after the warm-up"
    )
    parser.add_argument("--warmup-sessions", type=int, default=5)
    parser.add_argument("--memory-runs", type=int, default=3)
    parser.add_argument("--skip", choices=SECTIONS, action="append", default=[])
    parser.add_argument(
        "--with",
        dest="include",
        choices=OPT_IN,
        action="append",
        default=[],
        help="also run this long section (load: kiosks held by 1, 2 and 4 server workers, ~10 min)",
    )
    parser.add_argument("--out", type=Path, default=RESULTS_DIR / "latest.json")
    args = parser.parse_args(argv)
    args.skip += [section for section in OPT_IN if section not in args.include]

    started = datetime.now(UTC)
    results: dict[str, Any] = {}
    if "startup" not in args.skip:
        progress(
            f"start-up: {args.startup_runs + 1} kiosk and {args.startup_runs + 1} bare PySide6 processes"
        )
        results["startup"] = run_startup(args.startup_runs)
    if "transitions" not in args.skip:
        progress(f"transitions: {args.cycles} loops")
        results["transitions"] = run_child("bench.transitions", "--cycles", str(args.cycles))
    if "memory" not in args.skip:
        results["memory"] = run_memory_runs(args.memory_runs, args.sessions, args.warmup_sessions)
    if "printing" not in args.skip:
        progress("printing: every sample slip, 3 languages, raster and native")
        from bench.printing import run_printing

        results["printing"] = run_printing()
    if "card" not in args.skip:
        progress("card: full Thai ID reads over pcscd + vpcd, and the bare APDU loop")
        from bench.card import run_card

        results["card"] = run_card()
    if "cccd" not in args.skip:
        progress("cccd: full CCCD chip reads (BAC and PACE) over pcscd + vpcd, and the bare APDU replay")
        from bench.cccd import run_cccd

        results["cccd"] = run_cccd()
    if "fingerprint" not in args.skip:
        progress("fingerprint: enroll and verify against the virtual module on a pty")
        from bench.fingerprint import run_fingerprint

        results["fingerprint"] = run_fingerprint()
    if "server_ingest" not in args.skip:
        progress("server ingest: one kiosk-server worker on SQLite and PostgreSQL, and a bare POST baseline")
        results["server_ingest"] = run_child("bench.server_ingest")
    if "camera" not in args.skip:
        progress("camera: card finding + quality, QR, faces, MRZ on 1280x720 recordings, one core")
        results["camera"] = run_child("bench.camera")
    if "sync" not in args.skip:
        progress("sync: durable enqueue vs raw sqlite3; drain of 10,000 to SQLite and PostgreSQL")
        results["sync"] = run_child("bench.sync")
    if "command_line" not in args.skip:
        progress("command line: `kiosk --help` and `kiosk card read` as whole processes, and their baselines")
        results["command_line"] = run_child("bench.command_line")
    if "load" not in args.skip:
        progress("load: enrolled kiosks against 1, 2 and 4 kiosk-server workers on PostgreSQL, p99 < 500 ms")
        results["load"] = run_child("bench.load", timeout_s=1200)
    finished = datetime.now(UTC)
    results["meta"] = {
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": finished.isoformat(timespec="seconds"),
        "duration_s": round((finished - started).total_seconds(), 1),
        "python": platform.python_version(),
        "pyside6": version("PySide6-Essentials"),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "qt_qpa_platform": os.environ.get("QT_QPA_PLATFORM", "(unset: children use offscreen)"),
    }
    results["targets"] = {
        "startup_ratio_max": STARTUP_RATIO_TARGET,
        "transition_ms_max": TRANSITION_TARGET_MS,
        "memory_growth_pct_max": MEMORY_GROWTH_TARGET_PCT,
    }
    write_json(args.out, results)
    print(render(results), end="")
    print(f"\n(JSON: {args.out})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

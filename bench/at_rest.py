"""``python -m bench.at_rest``: resident memory of ``kiosk run`` resting on its attract screen.

Each run starts ``python -m ui.launcher run`` (what the ``kiosk run`` entry point does) in one
temporary KIOSK_HOME whose ``kiosk.toml`` asks for simulated devices, the ``dummy:`` printer and
no embedded server; waits ``--rest-s`` seconds (the core has loaded behind the attract screen
and nobody touches it), reads the process's RSS from ``/proc``, and stops it (``stop``).

The first run is not measured: it creates the database and applies its migrations (Alembic,
which stays resident in that process). The measured runs restart a kiosk whose database is
already migrated, the normal state of a kiosk at rest. Figures are in MiB (2^20 bytes) and in
decimal MB (10^6 bytes), the unit of the issue's target.
"""

from __future__ import annotations

import argparse
import json
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import ROOT, child_env, write_json

MIB = 1024 * 1024
MB = 1000 * 1000
TARGET_MB = 200
CONFIG = '[devices]\nsimulate = true\nprinter = "dummy:"\n[server]\nembedded = false\n'


def rss_bytes(pid: int) -> int:
    """The process's resident set (``VmRSS`` of ``/proc/PID/status``)."""
    for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def stop(process: subprocess.Popen[str]) -> None:
    """SIGINT, then SIGTERM after a few seconds: Python runs the SIGINT handler only when the idle
    event loop next calls into Python (a timer), which may be seconds away."""
    for stop_signal, wait_s in ((signal.SIGINT, 5.0), (signal.SIGTERM, 30.0)):
        if process.poll() is not None:
            return
        process.send_signal(stop_signal)
        try:
            process.wait(timeout=wait_s)
        except subprocess.TimeoutExpired:
            continue
    if process.poll() is None:
        process.kill()
        process.wait()


def rest_once(home: Path, rest_s: float) -> int:
    """One ``kiosk run`` left alone for ``rest_s`` seconds; its RSS in bytes at the end."""
    process = subprocess.Popen(
        [sys.executable, "-m", "ui.launcher", "run"],
        cwd=ROOT,
        env=child_env(home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(rest_s)
        if process.poll() is not None:
            raise RuntimeError(f"kiosk run exited with status {process.returncode}:\n{process.stderr.read()}")
        rss = rss_bytes(process.pid)
    finally:
        stop(process)
        if process.stderr is not None:
            process.stderr.close()
    return rss


def run_at_rest(runs: int, rest_s: float) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-rest-") as folder:
        home = Path(folder)
        (home / "kiosk.toml").write_text(CONFIG, encoding="utf-8")
        first = rest_once(home, rest_s)  # creates and migrates the database: not measured
        samples = [rest_once(home, rest_s) for _ in range(runs)]
    median = statistics.median(samples)
    return {
        "runs": runs,
        "rest_s": rest_s,
        "first_start_rss_mib": round(first / MIB, 2),
        "rss_mib": [round(sample / MIB, 2) for sample in samples],
        "median_rss_mib": round(median / MIB, 2),
        "median_rss_mb": round(median / MB, 2),
        "target_mb": TARGET_MB,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.at_rest")
    parser.add_argument("--runs", type=int, default=5, help="measured restarts, after the first start")
    parser.add_argument("--rest-s", type=float, default=8.0, help="seconds at rest before reading RSS")
    parser.add_argument("--out", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    result = run_at_rest(args.runs, args.rest_s)
    if args.out is not None:
        write_json(args.out, result)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

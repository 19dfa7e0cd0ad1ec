"""Shared by the benchmark's parent and children: paths, the kiosk settings, child processes.

Qt-free and kiosk-free on purpose: the parent process never loads Qt, so it does not
compete with the children it times.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, NoReturn

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = Path(__file__).resolve().parent / "results"

# Simulated devices, the in-memory printer; every benchmark kiosk lives in a temporary KIOSK_HOME.
BENCH_CONFIG: dict[str, Any] = {"profile": "vn", "devices": {"simulate": True, "printer": "dummy:"}}
WINDOW_SIZE = (1280, 800)  # the kiosk's touchscreen, as `kiosk run` sizes the window
VALID_CCCD = "001090000123"  # a valid CCCD number for the vn profile (the demo card's)


def child_env(home: Path | None = None) -> dict[str, str]:
    """The environment of a benchmark child: offscreen Qt unless told otherwise, its own KIOSK_HOME."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    if home is not None:
        env["KIOSK_HOME"] = str(home)
    return env


def run_child(module: str, *args: str, home: Path | None = None, timeout_s: float = 900) -> dict[str, Any]:
    """Runs ``python -m module ARGS --out FILE`` and returns the JSON object it wrote to FILE.

    Raises ``RuntimeError`` with the end of the child's stderr when it fails.
    """
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-out-") as folder:
        out = Path(folder) / "result.json"
        completed = subprocess.run(
            [sys.executable, "-m", module, *args, "--out", str(out)],
            cwd=ROOT,
            env=child_env(home),
            capture_output=True,
            text=True,
            timeout=timeout_s,
            check=False,
        )
        if completed.returncode != 0 or not out.exists():
            tail = "\n".join(completed.stderr.strip().splitlines()[-25:])
            raise RuntimeError(f"{module} exited with status {completed.returncode}:\n{tail}")
        result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
        return result


def exit_now(status: int) -> NoReturn:
    """Ends a Qt benchmark child at once, without the interpreter's finalisation.

    Called after the results are written and the kiosk and its window are closed. Why: a
    guard against a binding that leaks references at exit, as PySide6 6.12.0 did:
    its ``SignalInstance.emit()`` returns ``True`` without owning a reference
    to it, so each emit from Python drops one reference to ``True`` (``sys.getrefcount(True)``
    falls by one per emit). On Python 3.11, where ``True`` is not immortal, a process that has
    emitted some hundreds of signals aborts in finalisation with "Fatal Python error:
    bool_dealloc" (and after some thousands, mid-run). The benchmark reports the loss
    (``true_refs_lost_*``); this keeps it from turning a finished run into a crash.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def write_json(path: Path, payload: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

"""``kiosk print``: sample slips to a printer URI or a PNG, the print queue and reprints."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PIL import Image

KIOSK = [sys.executable, "-m", "ui.launcher"]


def kiosk(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    home.mkdir(exist_ok=True)
    env = dict(os.environ, KIOSK_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return subprocess.run([*KIOSK, *args], env=env, capture_output=True, text=True, timeout=120)


def test_sample_ticket_to_a_file_printer_and_a_preview(tmp_path: Path) -> None:
    spool = tmp_path / "printer.bin"
    preview = tmp_path / "ticket.png"
    result = kiosk(
        tmp_path / "h", "print", "ticket", "--printer", f"file://{spool}", "--preview", str(preview),
        "--paper", "58", "--profile", "th", "--lang", "th", "--json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert body["bytes"] == spool.stat().st_size > 0
    assert Image.open(preview).width == 384


def test_native_mode_is_smaller_than_raster(tmp_path: Path) -> None:
    sizes = {}
    for mode in ("raster", "native"):
        spool = tmp_path / f"{mode}.bin"
        result = kiosk(
            tmp_path / "h", "print", "ticket", "--printer", f"file://{spool}", "--mode", mode,
            "--model", "TM-T88V", "--lang", "vi",
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        sizes[mode] = spool.stat().st_size
    assert sizes["native"] * 4 < sizes["raster"]


def test_unreachable_printer_is_one_sentence(tmp_path: Path) -> None:
    result = kiosk(tmp_path / "h", "print", "test", "--printer", "tcp://127.0.0.1:9")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "does not answer" in result.stderr


def test_jobs_and_reprint_of_the_last_slip(tmp_path: Path) -> None:
    home = tmp_path / "h"
    home.mkdir()
    (home / "kiosk.toml").write_text('[devices]\nprinter = "file://spool.bin"\n', encoding="utf-8")
    assert kiosk(home, "simulate", "sessions", "--count", "2", "--seed", "1").returncode == 0
    jobs = json.loads(kiosk(home, "print", "jobs", "--json").stdout)["jobs"]
    assert [job["state"] for job in jobs] == ["printed", "printed"]
    assert all(job["kind"] == "queue_ticket" for job in jobs)
    size_before = (home / "spool.bin").stat().st_size
    reprint = kiosk(home, "print", "reprint")
    assert reprint.returncode == 0, reprint.stderr
    assert (home / "spool.bin").stat().st_size > size_before
    names = [job["name"] for job in json.loads(kiosk(home, "print", "jobs", "--json").stdout)["jobs"]]
    assert names[-1] == f"{jobs[-1]['name']}#1"

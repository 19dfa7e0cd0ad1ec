"""``kiosk simulate card --profile vn`` and ``kiosk card read --mrz`` as a technician runs them: two
processes, the virtual CCCD in one, the reader in the other, pcscd + vpcd in between."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.paths import resources_dir
from tests.vpcd_lock import exclusive_vpcd_reader

KIOSK = [sys.executable, "-m", "ui.launcher"]
FIXTURES = resources_dir() / "cards" / "vn"
READER, PORT = "Virtual PCD 00 00", 35963
SPEC_KEYS = {
    "document_type", "id_number", "name", "date_of_birth", "date_of_issue", "date_of_expiry", "sex",
    "address", "issuer", "photo_sha256", "old_id_number", "ethnicity", "religion", "hometown",
    "residence", "identifying_marks", "father_name", "mother_name", "nationality",
    "passive_authentication",
}  # fmt: skip

pytestmark = pytest.mark.usefixtures("vpcd_readers_present")


def env(home: Path) -> dict[str, str]:
    home.mkdir(exist_ok=True)
    return dict(os.environ, KIOSK_HOME=str(home), QT_QPA_PLATFORM="offscreen")


def lines_within(process: subprocess.Popen[str], count: int, seconds: float) -> list[str]:
    """The process's first ``count`` lines of output (read on a thread: a buffered reader may hold
    several lines at once, so waiting on the pipe itself would miss them)."""
    stream = process.stdout
    assert stream is not None
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line.rstrip("\n")) for line in stream], daemon=True).start()
    got: list[str] = []
    deadline = time.monotonic() + seconds
    while len(got) < count:
        try:
            got.append(lines.get(timeout=max(0.01, deadline - time.monotonic())))
        except queue.Empty:
            raise AssertionError(f"no output in time (got {got})") from None
    return got


@contextlib.contextmanager
def simulated(fixture: str, home: Path, lines: int = 6) -> Iterator[list[str]]:
    """``kiosk simulate card --profile vn --fixture NAME`` running; yields the first ``lines`` it
    printed."""
    with exclusive_vpcd_reader(PORT):
        card = subprocess.Popen(
            [*KIOSK, "simulate", "card", "--profile", "vn", "--fixture", fixture, "--port", str(PORT)],
            env=env(home), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            yield lines_within(card, lines, 30)
        finally:
            card.send_signal(signal.SIGINT)
            try:
                card.wait(timeout=10)
            except subprocess.TimeoutExpired:
                card.kill()
            time.sleep(1.0)  # pcscd polls vpcd every 0.4 s: let it see the reader empty


def card_read(home: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """``kiosk card read`` until the card is there (pcscd notices it within about half a second)."""
    result = None
    for _ in range(40):
        result = subprocess.run(
            [*KIOSK, "card", "read", "--reader", READER, *arguments],
            env=env(home), capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        if result.returncode == 0 or "no card" not in result.stderr.lower():
            return result
        time.sleep(0.25)
    assert result is not None
    return result


def fixture_toml(name: str) -> dict[str, Any]:
    return tomllib.loads((FIXTURES / f"{name}.toml").read_text(encoding="utf-8"))


def test_simulate_prints_the_mrz_and_card_read_gives_the_spec_json(tmp_path: Path) -> None:
    """GIVEN `kiosk simulate card --profile vn --fixture lan` WHEN a technician types the MRZ it
    printed into `kiosk card read --mrz ... --json --trust-store ... --photo` THEN one JSON object
    with every SPEC field equal to the fixture's, the photo file as stored on the chip, and
    passive authentication ok."""
    expected = fixture_toml("lan")
    with simulated("lan", tmp_path / "h") as printed:
        assert printed[0].startswith("virtual card 'lan' inserted")
        mrz = [line.strip() for line in printed[2:5]]
        assert mrz == expected["mrz"]
        assert printed[5].startswith("chip access: PACE and BAC")
        photo = tmp_path / "face.jpg"
        result = card_read(
            tmp_path / "h", "--mrz", "\n".join(mrz), "--json", "--trust-store", str(FIXTURES / "trust"),
            "--photo", str(photo),
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= SPEC_KEYS
    assert data["document_type"] == "icao_td1"
    assert data["id_number"] == expected["citizen_number"]
    assert data["name"]["full"] == expected["full_name"]
    assert data["date_of_birth"] == expected["date_of_birth"].isoformat()
    assert data["sex"] == "F" and data["address"] == expected["residence"]
    for key in ("old_id_number", "ethnicity", "religion", "hometown", "father_name", "mother_name"):
        assert data[key] == expected[key], key
    stored = (FIXTURES / expected["photo"]).read_bytes()
    assert photo.read_bytes() == stored
    assert data["photo_sha256"] == hashlib.sha256(stored).hexdigest()
    assert data["passive_authentication"] == "ok"


def test_card_read_with_number_and_dates_and_no_trust_store(tmp_path: Path) -> None:
    """GIVEN the BAC-only card WHEN read with '12-digit number YYMMDD YYMMDD' and no trust store THEN
    the data, with passive authentication not_checked; a tampered card reads as failed."""
    expected = fixture_toml("duc")
    birth, expiry = expected["date_of_birth"], expected["date_of_expiry"]
    words = f"{expected['citizen_number']} {birth:%y%m%d} {expiry:%y%m%d}"
    with simulated("duc", tmp_path / "h") as printed:
        assert printed[5] == "chip access: BAC"
        result = card_read(tmp_path / "h", "--mrz", words, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["id_number"] == expected["citizen_number"]
    assert data["passive_authentication"] == "not_checked"
    tampered = fixture_toml("tampered")
    with simulated("tampered", tmp_path / "h", lines=7) as printed:
        assert printed[6].startswith("fault: DG13")
        result = card_read(
            tmp_path / "h",
            "--mrz",
            "\n".join(tampered["mrz"]),
            "--json",
            "--trust-store",
            str(FIXTURES / "trust"),
        )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["passive_authentication"] == "failed"


def test_a_wrong_mrz_is_one_plain_sentence(tmp_path: Path) -> None:
    """GIVEN the virtual CCCD WHEN read with a wrong date of birth (valid check digits) THEN a
    non-zero exit status, nothing on stdout, one sentence on stderr saying the card refused the
    data."""
    expected = fixture_toml("an")
    with simulated("an", tmp_path / "h"):
        result = card_read(tmp_path / "h", "--mrz", f"{expected['citizen_number']} 900313 300312", "--json")
    assert result.returncode != 0 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert "did not accept" in result.stderr


def test_an_unknown_vn_fixture_is_one_sentence(tmp_path: Path) -> None:
    result = subprocess.run(
        [*KIOSK, "simulate", "card", "--profile", "vn", "--fixture", "nobody"], env=env(tmp_path / "h"),
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2 and "no card fixture 'nobody' for profile vn" in result.stderr
    assert "an, duc, lan, mo, tampered" in result.stderr

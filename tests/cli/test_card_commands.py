"""``kiosk card read|watch`` and ``kiosk simulate card`` as a technician runs them, over pcscd + vpcd."""

from __future__ import annotations

import hashlib
import json
import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.paths import resources_dir
from tests.vpcd_lock import exclusive_vpcd_reader

KIOSK = [sys.executable, "-m", "ui.launcher"]
FIXTURES = resources_dir() / "cards" / "th"
SPEC_KEYS = {
    "document_type", "id_number", "name_th", "name_en", "date_of_birth", "date_of_issue",
    "date_of_expiry", "sex", "address", "issuer", "photo_sha256",
}  # fmt: skip

pytestmark = pytest.mark.usefixtures("vpcd_readers_present")


@pytest.fixture(autouse=True)
def _vpcd_readers() -> Iterator[None]:
    """Holds both vpcd readers (always in port order) while a test of this module runs, and
    hands them on empty: pcscd notices a virtual card's departure a moment after its process
    ended, and a watch started before then rightly reports that card as pulled mid-read."""
    with exclusive_vpcd_reader(35963), exclusive_vpcd_reader(35964):
        yield
        wait_until_empty(("Virtual PCD 00 00", "Virtual PCD 00 01"))


def wait_until_empty(names: tuple[str, ...], seconds: float = 15.0) -> None:
    """Until PC/SC reports no card in any of ``names``; asks the reader state only (no connection
    to a card, which would disturb one that is leaving)."""
    from smartcard import scard

    _, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    try:
        deadline = time.monotonic() + seconds
        while True:
            states = [(name, scard.SCARD_STATE_UNAWARE) for name in names]
            result, states = scard.SCardGetStatusChange(context, 0, states)
            present = [
                name for name, state, _atr in states if result == 0 and state & scard.SCARD_STATE_PRESENT
            ]
            if result == 0 and not present:
                return
            assert time.monotonic() < deadline, f"a card stayed in {present or names}"
            time.sleep(0.1)
    finally:
        scard.SCardReleaseContext(context)


def env(home: Path) -> dict[str, str]:
    home.mkdir(exist_ok=True)
    return dict(os.environ, KIOSK_HOME=str(home), QT_QPA_PLATFORM="offscreen")


def line_within(process: subprocess.Popen[str], seconds: float) -> str:
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], seconds)
    assert ready, "no output in time"
    return process.stdout.readline().strip()


def card_line(process: subprocess.Popen[str], seconds: float) -> str:
    """The next line about a card (lines listing the readers present are skipped)."""
    while True:
        line = line_within(process, seconds)
        if not line.startswith("readers:"):
            return line


def stop(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def test_simulated_card_read_as_json_with_photo(tmp_path: Path) -> None:
    """GIVEN `kiosk simulate card` holding a fixture WHEN `kiosk card read --json --photo` runs
    THEN one JSON object with the SPEC fields, and the photo file is the card's JPEG."""
    card = subprocess.Popen(
        [*KIOSK, "simulate", "card", "--profile", "th", "--fixture", "malee"],
        env=env(tmp_path / "h"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert "inserted" in line_within(card, 20)
        photo = tmp_path / "photo.jpg"
        result = None
        for _ in range(40):  # pcscd notices the card within about half a second
            result = subprocess.run(
                [*KIOSK, "card", "read", "--reader", "Virtual PCD 00 00", "--json", "--photo", str(photo)],
                env=env(tmp_path / "h"), capture_output=True, text=True, timeout=60,
            )  # fmt: skip
            if result.returncode == 0:
                break
            time.sleep(0.25)
        assert result is not None and result.returncode == 0, result.stderr if result else ""
        data = json.loads(result.stdout)
        assert set(data) >= SPEC_KEYS
        assert data["document_type"] == "th_id" and data["sex"] == "F"
        expected_photo = (FIXTURES / "malee.jpg").read_bytes()
        assert photo.read_bytes() == expected_photo
        assert data["photo_sha256"] == hashlib.sha256(expected_photo).hexdigest()
        assert set(data["name_th"]) >= {"title", "first", "middle", "last", "full"}
    finally:
        stop(card)


def test_watch_prints_insert_and_removal_without_personal_data(tmp_path: Path) -> None:
    watch = subprocess.Popen(
        [*KIOSK, "card", "watch", "--reader", "Virtual PCD 00 00"],
        env=env(tmp_path / "h"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    card = None
    try:
        assert card_line(watch, 20).startswith("watching")
        card = subprocess.Popen(
            [*KIOSK, "simulate", "card", "--fixture", "somchai"],
            env=env(tmp_path / "h"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        lines = [card_line(watch, 20), card_line(watch, 20)]
        assert lines[0].startswith("inserted Virtual PCD 00 00")
        assert lines[1].startswith("read Virtual PCD 00 00") and "3B 79" in lines[1]
        stop(card)
        card = None
        assert card_line(watch, 20).startswith("removed Virtual PCD 00 00")
        assert not any("3100600445635" in line or "สมชาย" in line for line in lines)
    finally:
        if card is not None:
            stop(card)
        stop(watch)


def test_unknown_fixture_and_no_card_are_one_sentence(tmp_path: Path) -> None:
    result = subprocess.run(
        [*KIOSK, "simulate", "card", "--fixture", "nobody"], env=env(tmp_path / "h"),
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2 and "no card fixture 'nobody'" in result.stderr
    result = subprocess.run(
        [*KIOSK, "card", "read", "--reader", "Virtual PCD 00 01", "--json"], env=env(tmp_path / "h"),
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr

"""``kiosk camera snap|scan-qr|read-mrz`` on recorded and simulated sources, through the real entry point."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import cv2

from drivers.camera import scenes
from drivers.card.icao.mrz import parse_mrz
from kiosk.paths import resources_dir
from tests.camera_scenes import card_scene, fonts

KIOSK = [sys.executable, "-m", "ui.launcher"]
SAMPLES = resources_dir() / "camera"


def kiosk(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    home.mkdir(exist_ok=True)
    env = dict(os.environ, KIOSK_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return subprocess.run([*KIOSK, "camera", *args], env=env, capture_output=True, text=True, timeout=180)


def test_snap_document_writes_the_straightened_card(tmp_path: Path) -> None:
    """GIVEN a recording of a card on a desk WHEN `camera snap --document` runs THEN the card is
    written straightened to ID-1 and the instructions it went through are listed."""
    out = tmp_path / "card.jpg"
    result = kiosk(
        tmp_path / "h",
        "snap",
        "--source",
        str(SAMPLES / "card-front.jpg"),
        "--document",
        "--out",
        str(out),
        "--json",
    )
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert body["captured"] and body["purpose"] == "document" and body["instructions"][-1] == "ok"
    picture = cv2.imread(str(out))
    assert picture.shape == (540, 856, 3)


def test_snap_face_on_a_video_of_the_simulator(tmp_path: Path) -> None:
    """GIVEN the simulator's selfie scene WHEN `camera snap --face` runs THEN a 3:4 portrait is written."""
    out = tmp_path / "face.png"
    result = kiosk(
        tmp_path / "h", "snap", "--source", "simulated:selfie", "--face", "--out", str(out), "--json"
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["captured"]
    assert cv2.imread(str(out)).shape == (640, 480, 3)


def test_snap_face_with_nobody_there_times_out(tmp_path: Path) -> None:
    """GIVEN a recording with nobody in it WHEN `camera snap --face` runs THEN no photo, exit 1, and the last instruction is said."""
    empty = tmp_path / "room.png"
    cv2.imwrite(str(empty), scenes.room(1280, 720))
    result = kiosk(
        tmp_path / "h",
        "snap",
        "--source",
        str(empty),
        "--face",
        "--timeout",
        "2",
        "--out",
        str(tmp_path / "x.jpg"),
    )
    assert result.returncode == 1
    assert "Look at the camera" in result.stderr
    assert not (tmp_path / "x.jpg").exists()


def test_scan_qr_prints_the_payload_and_the_cccd_fields(tmp_path: Path) -> None:
    result = kiosk(tmp_path / "h", "scan-qr", "--source", str(SAMPLES / "card-front.jpg"), "--json")
    assert result.returncode == 0, result.stderr
    code = json.loads(result.stdout)["codes"][0]
    assert code["cccd"]["citizen_number"] == "001090000123" and code["cccd"]["date_of_birth"] == "1990-03-12"


def test_scan_qr_on_a_recorded_video(tmp_path: Path) -> None:
    """GIVEN a video whose first frames show no code, then a receipt WHEN scanned THEN the receipt's code is printed."""
    video = tmp_path / "receipt.avi"
    slip = scenes.receipt(scenes.qr_matrix("000.00.74.H10-261123-0042"), ["RECEIPT"], fonts())
    writer = cv2.VideoWriter(str(video), cv2.VideoWriter_fourcc(*"MJPG"), 15.0, (1280, 720))
    for n in range(10):
        writer.write(scenes.desk(1280, 720) if n < 4 else card_scene(slip, width_px=470, seed=n)[0])
    writer.release()
    result = kiosk(tmp_path / "h", "scan-qr", "--source", str(video))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "000.00.74.H10-261123-0042"


def test_read_mrz_of_a_card_back_is_confirmed(tmp_path: Path) -> None:
    """GIVEN the back of the demo CCCD WHEN `camera read-mrz` runs THEN the zone is read, confirmed by
    its check digits, and its access data printed."""
    result = kiosk(tmp_path / "h", "read-mrz", "--source", str(SAMPLES / "card-back.jpg"), "--json")
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert body["confirmed"] and body["access_document_number"] == "090000123"
    assert parse_mrz("\n".join(body["lines"])).date_of_birth == body["date_of_birth"] == "900312"


def test_no_camera_is_a_plain_sentence(tmp_path: Path) -> None:
    result = kiosk(tmp_path / "h", "snap", "--source", "7")
    assert result.returncode == 2
    assert result.stderr.strip() == "Camera: camera 7 cannot be opened."

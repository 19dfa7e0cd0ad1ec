"""The simulator's camera plays the sample scenes the way a citizen would show them, and every
vision pipeline works on what it shows (the demo's card photo, selfie, QR code and MRZ)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from drivers.camera.base import CameraEvent, Frame, FrameCaptured
from drivers.camera.errors import NoCamera
from drivers.camera.simulated import APPROACH_FRAMES, FAR_FRAMES, SCENES, SimulatedCamera
from drivers.vision.capture import DocumentAutoCapture, FaceAutoCapture
from drivers.vision.quality import Advice
from kiosk.camera import Vision
from kiosk.paths import resources_dir

SAMPLES = resources_dir() / "camera"


def frames(camera: SimulatedCamera, count: int) -> list[Frame]:
    got: list[Frame] = []
    enough = threading.Event()

    def listener(event: CameraEvent) -> None:
        if isinstance(event, FrameCaptured) and len(got) < count:
            got.append(event.frame)
            if len(got) == count:
                enough.set()

    camera.subscribe(listener)
    camera.start()
    try:
        assert enough.wait(60)
    finally:
        camera.stop()
        camera.unsubscribe(listener)
    return got


def test_every_sample_scene_is_there() -> None:
    for scene in SCENES:
        assert (SAMPLES / f"{scene}.jpg").is_file()
    assert (SAMPLES / "ocrb-glyphs.png").is_file()


@pytest.mark.parametrize(
    ("scene", "capture"),
    [("card-front", DocumentAutoCapture), ("card-back", DocumentAutoCapture), ("selfie", FaceAutoCapture)],
)
def test_a_presented_scene_comes_closer_then_is_captured(scene: str, capture: type) -> None:
    """GIVEN the simulated camera showing a scene the way a citizen brings it WHEN its frames are fed
    to the automatic capture THEN it first asks to come closer, and the photo is taken once the
    scene is held still."""
    camera = SimulatedCamera(SAMPLES, scene=scene, fps=60)
    shown = frames(camera, FAR_FRAMES + APPROACH_FRAMES + 30)
    auto = capture()
    for index, frame in enumerate(shown):  # timestamps as at 15 frames a second
        shown[index] = Frame(frame.image, frame.number, index / 15)
    results = [auto.feed(frame) for frame in shown]
    assert results[2].advice == Advice.MOVE_CLOSER
    taken = [n for n, result in enumerate(results) if result.photo is not None]
    assert len(taken) == 1 and taken[0] >= FAR_FRAMES + APPROACH_FRAMES


def test_present_switches_the_scene_while_running() -> None:
    camera = SimulatedCamera(SAMPLES, scene="selfie", fps=60, approach=False)
    camera.present("receipt-qr")
    slip = frames(camera, 3)[-1]
    camera.present("selfie")
    face = frames(camera, 3)[-1]
    assert Vision(resources_dir()).face_detector().detect(face.image)
    assert not Vision(resources_dir()).face_detector().detect(slip.image)
    with pytest.raises(ValueError, match="unknown scene"):
        camera.present("holiday")


def test_the_demo_scenes_carry_what_the_kiosk_reads() -> None:
    """GIVEN the receipt, the card's front and back and the passport scenes WHEN read THEN the
    receipt's dossier code, the CCCD's QR fields and both MRZs come out, confirmed."""
    vision = Vision(resources_dir())
    scanner, reader = vision.qr_scanner(), vision.mrz_reader()
    still = {
        scene: frames(SimulatedCamera(SAMPLES, scene=scene, fps=60, approach=False), 2)[-1].image
        for scene in SCENES
    }
    assert [code.payload for code in scanner.scan(still["receipt-qr"])] == ["000.00.74.H10-261123-0001"]
    assert scanner.scan(still["card-front"])[0].payload.startswith("001090000123|")
    card = reader.read(still["card-back"])
    assert (
        card is not None
        and card.confirmed
        and card.mrz is not None
        and card.mrz.document_number == "001090000123"
    )
    passport = reader.read(still["passport"])
    assert passport is not None and passport.confirmed and passport.mrz is not None
    assert passport.mrz.document_number == "L898902C3"


def test_a_missing_scene_folder_is_no_camera(tmp_path: Path) -> None:
    camera = SimulatedCamera(tmp_path)
    with pytest.raises(NoCamera):
        camera.start()
    assert not camera.running

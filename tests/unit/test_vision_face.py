"""Selfies: a face must be found (no face, no capture), centred, large enough, lit and sharp."""

from __future__ import annotations

import numpy as np
import pytest

from drivers.camera import scenes
from drivers.vision.capture import FaceAutoCapture
from drivers.vision.face import FaceDetector, assess_face, face_blur
from drivers.vision.quality import Advice
from tests.camera_scenes import FRAME, face, frame_of


@pytest.fixture(scope="module")
def detector() -> FaceDetector:
    return FaceDetector()


def selfie(**kwargs: object) -> np.ndarray:
    return scenes.sensor_noise(scenes.selfie(face(), **kwargs), 3, seed=3)  # type: ignore[arg-type]


@pytest.mark.parametrize("width", [180, 330, 500])
def test_the_drawn_face_is_found_by_opencvs_face_detector(detector: FaceDetector, width: int) -> None:
    """GIVEN a drawn face of a given width WHEN faces are looked for THEN one is found where it was drawn."""
    found = detector.detect(selfie(face_width_px=width))
    assert len(found) == 1
    cx, cy = found[0].centre
    assert abs(cx - FRAME[0] / 2) < 0.1 * width and abs(cy - FRAME[1] * 0.47) < 0.2 * width
    assert found[0].width == pytest.approx(width, rel=0.3)


def test_a_good_selfie_passes(detector: FaceDetector) -> None:
    picture = selfie(face_width_px=340)
    faces = detector.detect(picture)
    verdict = assess_face(picture, faces, faces[0])
    assert verdict.advice == Advice.OK
    assert verdict.blur is not None and verdict.blur < 1.3


@pytest.mark.parametrize(
    ("picture", "advice"),
    [
        (lambda: scenes.room(*FRAME), Advice.LOOK_AT_CAMERA),
        (lambda: selfie(face_width_px=180), Advice.MOVE_CLOSER),
        (lambda: selfie(face_width_px=340, centre=(330, 340)), Advice.CENTRE_FACE),
        (lambda: scenes.darken(selfie(face_width_px=340), 0.3), Advice.MORE_LIGHT),
        (lambda: scenes.defocus(selfie(face_width_px=340), 6), Advice.BLURRED),
    ],
    ids=["no face", "too small", "off centre", "too dark", "blurred"],
)
def test_each_fault_gets_its_instruction(detector: FaceDetector, picture: object, advice: Advice) -> None:
    """GIVEN a selfie with one fault WHEN it is judged THEN the instruction names that fault."""
    image = picture()  # type: ignore[operator]
    faces = detector.detect(image)
    assert assess_face(image, faces, faces[0] if faces else None).advice == advice


def test_two_people_are_asked_to_come_one_at_a_time(detector: FaceDetector) -> None:
    """GIVEN two faces side by side WHEN judged THEN only one person is asked for."""
    left = scenes.selfie(face(), centre=(360, 340), face_width_px=280)
    right = scenes.selfie(face(), centre=(920, 340), face_width_px=280)
    both = np.where(np.arange(FRAME[0])[None, :, None] < FRAME[0] // 2, left, right).astype(np.uint8)
    faces = detector.detect(both)
    assert len(faces) == 2
    assert assess_face(both, faces, faces[0]).advice == Advice.ONE_PERSON


def test_blur_grows_with_defocus(detector: FaceDetector) -> None:
    picture = selfie(face_width_px=340)
    box = detector.detect(picture)[0]
    values = [face_blur(scenes.defocus(picture, s) if s else picture, box) for s in (0, 2, 4, 8)]
    assert values == sorted(values)


def test_no_face_no_capture(detector: FaceDetector) -> None:
    """GIVEN a minute of frames with nobody in front of the camera WHEN they are fed to the selfie
    capture THEN no photo is ever taken."""
    capture = FaceAutoCapture(detector, steady_s=0.2)
    empty = scenes.sensor_noise(scenes.room(*FRAME), 3, seed=1)
    results = [capture.feed(frame_of(empty, n, at=n / 15)) for n in range(40)]
    assert all(result.photo is None and result.advice == Advice.LOOK_AT_CAMERA for result in results)


def test_a_steady_face_is_captured_as_a_portrait(detector: FaceDetector) -> None:
    """GIVEN a good face held still WHEN frames arrive for longer than the steady time THEN one portrait
    (3:4, the face in its upper middle) is taken, and only once."""
    capture = FaceAutoCapture(detector, steady_s=0.5)
    picture = selfie(face_width_px=340)
    photos = [
        r.photo
        for r in (capture.feed(frame_of(picture, n, at=n / 15)) for n in range(20))
        if r.photo is not None
    ]
    assert len(photos) == 1
    portrait = photos[0].image
    assert portrait.shape == (640, 480, 3)
    assert len(detector.detect(portrait)) == 1

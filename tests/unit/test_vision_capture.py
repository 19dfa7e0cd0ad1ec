"""Automatic capture of card photos, and the photo-capture flow (aim, review, retake, camera problem)."""

from __future__ import annotations

import numpy as np
import pytest

from drivers.camera import scenes
from drivers.vision.capture import DocumentAutoCapture, DocumentPhoto
from drivers.vision.card import RECTIFIED_SIZE
from drivers.vision.quality import Advice
from kiosk.flows.engine import Back, Cancel, CardRemoved, Choose, Next, Timeout
from kiosk.flows.photo_capture import (
    ADVICE,
    CAMERA_PROBLEMS,
    RETAKE,
    CameraFailed,
    PhotoCaptureContext,
    PhotoCaptureFlow,
    PhotoPurpose,
    PhotoStep,
    PhotoTaken,
)
from tests.camera_scenes import card_scene, frame_of


def test_a_card_coming_closer_then_held_still_is_photographed_once() -> None:
    """GIVEN frames of a card far away, then coming closer, then held still WHEN fed at 15 frames a
    second THEN the citizen is told to come closer, to hold still, and after 0.8 s of good steady
    frames the straightened card is taken, once; it is the sharpest of the steady frames."""
    capture = DocumentAutoCapture()
    frames = []
    for n in range(8):
        frames.append(card_scene(width_px=420, seed=n)[0])
    for n, width in enumerate((520, 600, 680, 720)):
        frames.append(card_scene(width_px=width, centre=(600 + 20 * n, 370), seed=20 + n)[0])
    still, _ = card_scene(width_px=720, centre=(680, 370))
    steady = [scenes.sensor_noise(still, 3, seed=40 + n) for n in range(20)]
    steady[6] = scenes.defocus(steady[6], 0.9)  # one frame a little soft: not the one to keep
    frames += steady
    results = [capture.feed(frame_of(image, n, at=n / 15)) for n, image in enumerate(frames)]
    advice = [r.advice for r in results]
    assert advice[:8] == [Advice.MOVE_CLOSER] * 8
    assert Advice.HOLD_STILL in advice[8:13]
    photos = [(n, r.photo) for n, r in enumerate(results) if r.photo is not None]
    assert len(photos) == 1
    taken_at, photo = photos[0]
    assert isinstance(photo, DocumentPhoto)
    assert photo.image.shape == (RECTIFIED_SIZE[1], RECTIFIED_SIZE[0], 3)
    first_good = advice.index(Advice.OK)
    assert (taken_at - first_good) / 15 >= 0.8 - 1e-9
    assert photo.frame_number != 12 + 6
    steadies = [r.steady for r in results[first_good:taken_at]]
    assert steadies == sorted(steadies) and all(0 <= s < 1 for s in steadies)


def test_a_card_that_keeps_moving_is_never_taken() -> None:
    """GIVEN a good card that moves a little every frame WHEN fed THEN it is never taken."""
    capture = DocumentAutoCapture()
    results = [
        capture.feed(frame_of(card_scene(centre=(560 + 25 * (n % 2), 370), seed=n)[0], n, at=n / 15))
        for n in range(20)
    ]
    assert all(r.photo is None for r in results)
    assert Advice.HOLD_STILL in {r.advice for r in results}


def test_a_blurred_card_is_never_taken() -> None:
    capture = DocumentAutoCapture()
    blurred = scenes.defocus(card_scene()[0], 2.5)
    results = [capture.feed(frame_of(blurred, n, at=n / 15)) for n in range(25)]
    assert all(r.photo is None for r in results) and results[-1].advice == Advice.BLURRED


# --- the flow ------------------------------------------------------------------------------------
def photo() -> DocumentPhoto:
    return DocumentPhoto(np.zeros((540, 856, 3), np.uint8), 1.2, 7)


def new_flow(purpose: PhotoPurpose = PhotoPurpose.CARD_FRONT) -> PhotoCaptureFlow:
    return PhotoCaptureFlow(PhotoCaptureContext(language="vi", purpose=purpose))


def test_take_review_and_use_the_photo() -> None:
    """GIVEN the aiming step WHEN the photo is taken and the citizen uses it THEN the flow is done
    with the photo, which encodes as JPEG."""
    flow = new_flow()
    assert flow.submit(PhotoTaken(photo()))
    assert flow.step == PhotoStep.REVIEW and flow.context.takes == 1
    assert flow.submit(Next())
    assert flow.step == PhotoStep.DONE and flow.outcome.ended_by == "done"
    assert flow.context.jpeg()[:3] == b"\xff\xd8\xff"


def test_retake_forgets_the_photo_and_aims_again() -> None:
    flow = new_flow()
    flow.submit(PhotoTaken(photo()))
    assert flow.submit(Choose(RETAKE))
    assert flow.step == PhotoStep.AIMING and flow.context.photo is None
    flow.submit(PhotoTaken(photo()))
    assert flow.context.takes == 2
    assert flow.submit(Choose("something else")) and flow.step == PhotoStep.REVIEW


def test_a_camera_failure_can_be_retried_or_left() -> None:
    """GIVEN the camera fails WHEN the citizen tries again THEN the flow aims again; WHEN they go back THEN it ends."""
    flow = new_flow()
    flow.submit(CameraFailed("camera_lost"))
    assert flow.step == PhotoStep.CAMERA_PROBLEM and flow.context.problem == "camera_lost"
    flow.submit(Next())
    assert flow.step == PhotoStep.AIMING and flow.context.problem is None
    flow.submit(CameraFailed("no_camera"))
    flow.submit(Back())
    assert flow.step == PhotoStep.ABORTED


@pytest.mark.parametrize("event", [Cancel(), Timeout(), CardRemoved()])
def test_every_step_ends_on_cancel_timeout_and_card_removal(event: object) -> None:
    for step_events in ([], [PhotoTaken(photo())], [CameraFailed("camera_lost")]):
        flow = new_flow()
        for earlier in step_events:
            flow.submit(earlier)
        assert flow.submit(event)  # type: ignore[arg-type]
        assert flow.step == PhotoStep.ABORTED


def test_every_step_reaches_an_end() -> None:
    """GIVEN the flow's full table WHEN walked THEN every step is reachable and can reach DONE or ABORTED."""
    flow = new_flow()
    rules = flow.rules()
    reachable, frontier = {flow.start}, [flow.start]
    while frontier:
        step = frontier.pop()
        for rule in rules[step].values():
            for target in rule.targets():
                if target not in reachable:
                    reachable.add(target)
                    frontier.append(target)
    assert reachable == set(PhotoStep)
    for step in PhotoStep:
        if not flow.is_terminal(step):
            targets = {t for rule in rules[step].values() for t in rule.targets()}
            assert PhotoStep.ABORTED in targets


def test_every_instruction_and_problem_has_a_sentence() -> None:
    assert set(ADVICE) == set(Advice)
    assert {"no_camera", "camera_lost", "camera_timed_out"} <= set(CAMERA_PROBLEMS)

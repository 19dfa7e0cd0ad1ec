"""Picture quality of card photos: each fault gets its own plain instruction, a good picture none."""

from __future__ import annotations

import pytest

from drivers.camera import scenes
from drivers.vision.capture import ANALYSIS_CARD_SIZE
from drivers.vision.card import find_card, rectify
from drivers.vision.quality import Advice, DocumentCheck, assess_document, edge_width, glare_fraction
from tests.camera_scenes import card_scene, desk, plain_card


def check(frame: object, *, previous_shift: float = 0.0) -> DocumentCheck:
    outline = find_card(frame)  # type: ignore[arg-type]
    card = rectify(frame, outline.corners, ANALYSIS_CARD_SIZE) if outline is not None else None  # type: ignore[arg-type]
    previous = outline
    if outline is not None and previous_shift:
        previous = type(outline)(outline.corners + previous_shift, outline.frame_width, outline.frame_height)
    return assess_document(frame, outline, card, previous)  # type: ignore[arg-type]


@pytest.mark.parametrize("angle", [(0, 0, 0), (15, -15, -5), (-25, 20, 8)])
def test_a_good_picture_may_be_taken(angle: tuple[float, float, float]) -> None:
    """GIVEN a sharp, well-lit card, large enough, held still WHEN it is judged THEN the advice is OK."""
    frame, _ = card_scene(yaw=angle[0], pitch=angle[1], roll=angle[2])
    verdict = check(frame)
    assert verdict.advice == Advice.OK
    assert verdict.edge_width_px is not None and verdict.edge_width_px < 2.0


@pytest.mark.parametrize("sigma", [2.0, 3.0])
def test_an_out_of_focus_picture_is_rejected_as_blurred(sigma: float) -> None:
    """GIVEN the same card out of focus WHEN it is judged THEN the citizen is told the picture is blurred."""
    frame, _ = card_scene()
    assert check(scenes.defocus(frame, sigma)).advice == Advice.BLURRED


def test_a_moved_picture_is_rejected_as_blurred() -> None:
    """GIVEN a card that moved during the exposure WHEN it is judged THEN it is blurred."""
    frame, _ = card_scene()
    assert check(scenes.motion_blur(frame, 11, 20)).advice == Advice.BLURRED


def test_sharpness_does_not_depend_on_what_is_printed() -> None:
    """GIVEN a card with nothing printed on it WHEN sharp and when blurred THEN sharp passes and blurred does not."""
    frame, corners = card_scene(plain_card())
    assert check(frame).advice == Advice.OK
    blurred = scenes.defocus(frame, 2.5)
    assert check(blurred).advice == Advice.BLURRED
    sharp_width, blurred_width = edge_width(frame, corners), edge_width(blurred, corners)
    assert sharp_width is not None and blurred_width is not None
    assert blurred_width == pytest.approx(1.68 * 2.5, rel=0.25)  # the 20-80 % rise of a blurred step


def test_a_reflection_is_rejected() -> None:
    """GIVEN a ceiling light reflected on the card WHEN it is judged THEN the citizen is told to avoid reflections."""
    frame, corners = card_scene()
    centre = corners.mean(axis=0)
    glared = scenes.glare(frame, (float(centre[0]), float(centre[1])), 90)
    verdict = check(glared)
    assert verdict.advice == Advice.AVOID_REFLECTIONS
    assert verdict.glare_fraction is not None and verdict.glare_fraction > 0.01


def test_printed_white_is_not_a_reflection() -> None:
    """GIVEN a card whose white areas are lit normally WHEN glare is measured THEN none is found."""
    frame, corners = card_scene()
    assert glare_fraction(rectify(frame, corners, ANALYSIS_CARD_SIZE)) == 0.0


def test_a_dark_picture_asks_for_light() -> None:
    frame, _ = card_scene()
    assert check(scenes.darken(frame, 0.25)).advice == Advice.MORE_LIGHT


def test_a_small_card_asks_to_come_closer() -> None:
    """GIVEN a card far from the camera WHEN it is judged THEN the citizen is asked to move closer."""
    frame, _ = card_scene(width_px=420)
    assert check(frame).advice == Advice.MOVE_CLOSER


def test_a_card_cut_off_asks_to_show_all_of_it() -> None:
    frame, _ = card_scene(centre=(1100, 370), width_px=700, yaw=0, pitch=0, roll=0)
    assert check(frame).advice == Advice.SHOW_WHOLE_CARD


def test_a_moving_card_asks_to_hold_still() -> None:
    """GIVEN a card whose corners moved since the last frame WHEN it is judged THEN the citizen is asked to hold still."""
    frame, _ = card_scene()
    assert check(frame, previous_shift=25.0).advice == Advice.HOLD_STILL


def test_no_card_asks_for_the_card() -> None:
    assert check(desk()).advice == Advice.SHOW_CARD

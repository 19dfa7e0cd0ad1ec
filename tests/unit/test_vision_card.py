"""Finding an ID card in a frame and straightening it to the ID-1 proportion."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from drivers.camera import scenes
from drivers.vision.card import ID1_ASPECT, RECTIFIED_SIZE, find_card, rectify
from tests.camera_scenes import FRAME, card_front, card_scene, corner_error, desk

ANGLES = [(0, 0, 0), (20, -25, -8), (-30, 15, 5), (10, 35, -20), (-25, -20, 15), (35, 10, 2), (0, 0, 170)]


@pytest.mark.parametrize(("yaw", "pitch", "roll"), ANGLES)
def test_a_card_at_an_angle_is_found_and_straightened_to_id1(yaw: float, pitch: float, roll: float) -> None:
    """GIVEN a card on a desk turned (yaw, pitch, roll) in front of the camera
    WHEN the card is looked for and straightened
    THEN its corners are found within 1.5 % of its size, the straightened card has the ID-1 proportion,
    and it is the card's own picture (it matches the flat card)."""
    frame, truth = card_scene(yaw=yaw, pitch=pitch, roll=roll, width_px=700)
    outline = find_card(frame)
    assert outline is not None
    assert corner_error(outline.corners, truth) < 0.015 * 700
    straight = rectify(frame, outline.corners)
    assert straight.shape[:2] == (RECTIFIED_SIZE[1], RECTIFIED_SIZE[0])
    assert straight.shape[1] / straight.shape[0] == pytest.approx(ID1_ASPECT, abs=0.002)
    flat = cv2.resize(card_front()[..., :3], RECTIFIED_SIZE, interpolation=cv2.INTER_AREA).astype(np.float32)
    seen = straight.astype(np.float32)
    if roll > 90:  # upside down on the desk: the outline cannot tell, the picture comes out turned
        seen = seen[::-1, ::-1]
    assert _likeness(seen, flat) > 0.9
    assert _likeness(seen[::-1, ::-1], flat) < 0.6  # and not merely any card-shaped picture


def _likeness(seen: np.ndarray, flat: np.ndarray) -> float:
    """Correlation of two card pictures, softened so a pixel or two of offset does not count."""
    inner = (slice(40, -40), slice(40, -40))  # the rounded corners show the desk
    a, b = (
        cv2.GaussianBlur(cv2.cvtColor(x, cv2.COLOR_BGR2GRAY), (0, 0), 3)[inner].ravel() for x in (seen, flat)
    )
    return float(np.corrcoef(a, b)[0, 1])


def test_the_long_side_comes_first_for_a_card_standing_on_its_short_side() -> None:
    """GIVEN a card turned by a quarter WHEN it is found THEN the first side of its outline is a long one."""
    frame, _ = card_scene(roll=88, width_px=560, yaw=0, pitch=0)
    outline = find_card(frame)
    assert outline is not None
    corners = outline.corners
    first, second = np.linalg.norm(corners[1] - corners[0]), np.linalg.norm(corners[2] - corners[1])
    assert first / second == pytest.approx(ID1_ASPECT, rel=0.05)


def test_an_empty_desk_has_no_card() -> None:
    """GIVEN a desk with nothing on it WHEN a card is looked for THEN none is found."""
    assert find_card(scenes.sensor_noise(desk(), 3, seed=5)) is None


@pytest.mark.parametrize("centre_x", [1100, 1250])
def test_a_card_partly_out_of_the_frame_touches_its_edge(centre_x: float) -> None:
    """GIVEN a card partly outside the frame WHEN it is found THEN its outline touches the frame's edge."""
    frame, _ = card_scene(centre=(centre_x, 370), width_px=700, yaw=0, pitch=0, roll=0)
    outline = find_card(frame)
    assert outline is not None and outline.touches_edge()


def test_measures_of_the_outline() -> None:
    """GIVEN a card of known width WHEN it is found THEN its share of the frame is measured."""
    frame, truth = card_scene(width_px=640, yaw=0, pitch=0, roll=0)
    outline = find_card(frame)
    assert outline is not None
    assert outline.width_fraction == pytest.approx(640 / FRAME[0], rel=0.03)
    moved = type(outline)(outline.corners + np.float32(10), outline.frame_width, outline.frame_height)
    assert moved.shift_from(outline) == pytest.approx(np.hypot(10, 10) / outline.diagonal_px, rel=0.01)
    assert not outline.touches_edge()
    del truth

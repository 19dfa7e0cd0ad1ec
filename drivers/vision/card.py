"""Finding an ID card in a frame and straightening it to the ID-1 shape (85.60 x 53.98 mm).

The card is the largest convex four-sided outline whose sides are in a plausible proportion,
found on a reduced copy of the frame (``WORK_WIDTH`` pixels wide: edges of a card are long, and
the small copy keeps the search near 3 ms). Two independent outlines are tried, so that one
kind of desk does not defeat both: the closed edges of the picture (Canny), and the card's
brightness against its background (Otsu). The corners are then refined by fitting a straight
line to each side and intersecting them, which puts them where the sides meet rather than on
the rounded corners of the card, and mapped back to the full frame for the perspective
correction.

Orientation: the long side comes out horizontal and the corners go clockwise from the top left
as the frame shows them; a card held upside down comes out upside down (nothing on the outline
tells the two apart).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from drivers.camera.base import Image

ID1_MM = (85.60, 53.98)
ID1_ASPECT = ID1_MM[0] / ID1_MM[1]
RECTIFIED_SIZE = (856, 540)
"""Straightened cards are 10 pixels per millimetre: 856 x 540, the exact ID-1 proportion (1.5858)."""
WORK_WIDTH = 640
MIN_AREA_FRACTION = 0.03
"""Outlines smaller than this share of the frame are not considered at all."""

Quad = npt.NDArray[Any]


@dataclass(frozen=True)
class CardOutline:
    """Where a card is in a frame: corners clockwise from the top left, long side first, in pixels."""

    corners: Quad
    frame_width: int
    frame_height: int

    @property
    def area_fraction(self) -> float:
        """The card's share of the frame (0..1)."""
        area = float(cv2.contourArea(self.corners.astype(np.float32)))
        return area / float(self.frame_width * self.frame_height)

    @property
    def width_fraction(self) -> float:
        """The card's long side as a share of the frame's width."""
        top = float(np.linalg.norm(self.corners[1] - self.corners[0]))
        bottom = float(np.linalg.norm(self.corners[2] - self.corners[3]))
        return (top + bottom) / 2 / self.frame_width

    @property
    def diagonal_px(self) -> float:
        return float(np.linalg.norm(self.corners[2] - self.corners[0]))

    def touches_edge(self, margin_fraction: float = 0.012) -> bool:
        """A corner is at (or beyond) the border of the frame: part of the card is probably cut off."""
        margin = margin_fraction * min(self.frame_width, self.frame_height)
        xs, ys = self.corners[:, 0], self.corners[:, 1]
        return bool(
            (xs < margin).any()
            or (ys < margin).any()
            or (xs > self.frame_width - 1 - margin).any()
            or (ys > self.frame_height - 1 - margin).any()
        )

    def shift_from(self, other: CardOutline) -> float:
        """How far the corners moved since ``other``, as a share of the card's diagonal."""
        moved = np.linalg.norm(self.corners - other.corners, axis=1).max()
        return float(moved) / max(self.diagonal_px, 1.0)


def find_card(
    image: Image, *, aspect: float = ID1_ASPECT, aspect_tolerance: float = 0.45, work_width: int = WORK_WIDTH
) -> CardOutline | None:
    """The card in ``image`` (BGR or grey), or ``None``.

    ``aspect`` is the document's long side over its short side; outlines whose sides (as seen,
    so foreshortened by the tilt) are further than ``aspect_tolerance`` from it are rejected.
    Pure function, any thread; about 3-5 ms for a 1280 x 720 frame on one core."""
    height, width = image.shape[:2]
    scale = min(1.0, work_width / width)
    small = (
        cv2.resize(image, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA)
        if scale < 1
        else image
    )
    small = cv2.GaussianBlur(small, (5, 5), 0)
    min_area = MIN_AREA_FRACTION * small.shape[0] * small.shape[1]
    best: tuple[float, Quad] | None = None
    for mask in _outline_maps(small):
        contours, _ = cv2.findContours(mask, cv2.RETR_LIST, cv2.CHAIN_APPROX_NONE)
        for contour in contours:
            quad = _quadrilateral(contour, min_area, aspect, aspect_tolerance)
            if quad is None:
                continue
            area = float(cv2.contourArea(quad))
            if best is None or area > best[0] * 1.02:
                best = (area, quad)
        if best is not None:
            break  # the edge map found it; the brightness map is the fallback
    if best is None:
        return None
    corners = _order(best[1]) / scale
    return CardOutline(corners.astype(np.float32), width, height)


def _outline_maps(small: Image) -> list[Image]:
    """Binary maps whose contours may trace the card: closed edges, then bright-against-dark.

    Edges are taken in each colour channel: a red band on a card against a brown desk is
    nearly invisible in grey and plain in the green channel."""
    channels = [small] if small.ndim == 2 else list(cv2.split(small))
    edges = np.zeros(channels[0].shape, np.uint8)
    for channel in channels:
        edges |= np.asarray(cv2.Canny(channel, 30, 90), np.uint8)
    edges = np.asarray(cv2.dilate(edges, np.ones((3, 3), np.uint8)), np.uint8)
    grey = small if small.ndim == 2 else cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    _, bright = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    bright = cv2.morphologyEx(bright, cv2.MORPH_OPEN, np.ones((5, 5), np.uint8))
    return [edges, bright]


def _quadrilateral(
    contour: npt.NDArray[Any], min_area: float, aspect: float, tolerance: float
) -> Quad | None:
    hull = cv2.convexHull(contour)
    hull_area = float(cv2.contourArea(hull))
    if hull_area < min_area:
        return None
    perimeter = cv2.arcLength(hull, True)
    approx = None
    for epsilon in (0.02, 0.035, 0.05):
        candidate = cv2.approxPolyDP(hull, epsilon * perimeter, True)
        if len(candidate) == 4:
            approx = candidate.reshape(4, 2).astype(np.float32)
            break
    if approx is None:
        return None
    quad_area = float(cv2.contourArea(approx))
    if quad_area <= 0 or not 0.85 <= hull_area / quad_area <= 1.15:
        return None
    ordered = _order(approx)
    sides = np.linalg.norm(ordered - np.roll(ordered, -1, axis=0), axis=1)
    long_side, short_side = (sides[0] + sides[2]) / 2, (sides[1] + sides[3]) / 2
    if short_side < 1:
        return None
    if abs(long_side / short_side - aspect) > tolerance * aspect / 1.6:
        return None
    return _refine(ordered, contour.reshape(-1, 2).astype(np.float32))


def _order(quad: Quad) -> Quad:
    """Clockwise from the top-left corner, then turned so that the first side is a long one."""
    centre = quad.mean(axis=0)
    angles = np.arctan2(quad[:, 1] - centre[1], quad[:, 0] - centre[0])
    clockwise = quad[np.argsort(angles)]  # image y points down: increasing angle is clockwise
    start = int(np.argmin(clockwise.sum(axis=1)))
    ordered = np.roll(clockwise, -start, axis=0)
    first = np.linalg.norm(ordered[1] - ordered[0]) + np.linalg.norm(ordered[2] - ordered[3])
    second = np.linalg.norm(ordered[2] - ordered[1]) + np.linalg.norm(ordered[3] - ordered[0])
    if second > first:  # a card standing on its short side: start at its top-right corner instead
        ordered = (
            np.roll(ordered, -1, axis=0) if ordered[1][1] < ordered[3][1] else np.roll(ordered, 1, axis=0)
        )
    return ordered.astype(np.float32)


def _refine(corners: Quad, points: npt.NDArray[Any]) -> Quad:
    """Fits a line to the contour points along each side and intersects neighbouring sides."""
    lines = []
    for index in range(4):
        a, b = corners[index], corners[(index + 1) % 4]
        direction = b - a
        length = float(np.linalg.norm(direction))
        if length < 4:
            return corners
        unit = direction / length
        relative = points - a
        along = relative @ unit
        across = np.abs(relative[:, 0] * unit[1] - relative[:, 1] * unit[0])
        near = points[(along > 0.15 * length) & (along < 0.85 * length) & (across < max(3.0, 0.03 * length))]
        if len(near) < 8:
            return corners
        vx, vy, x0, y0 = cv2.fitLine(near, cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
        lines.append((np.array([x0, y0]), np.array([vx, vy])))
    refined = []
    for index in range(4):
        (p1, d1), (p2, d2) = lines[index - 1], lines[index]
        matrix = np.array([d1, -d2]).T
        if abs(np.linalg.det(matrix)) < 1e-6:
            return corners
        t = np.linalg.solve(matrix, p2 - p1)
        refined.append(p1 + t[0] * d1)
    result = np.array(refined, np.float32)
    if np.linalg.norm(result - corners, axis=1).max() > 0.1 * np.linalg.norm(corners[2] - corners[0]):
        return corners  # a fit pulled far off by clutter along a side: keep the polygon's corners
    return result


def rectify(image: Image, corners: Quad, size: tuple[int, int] = RECTIFIED_SIZE) -> Image:
    """The quadrilateral ``corners`` of ``image`` straightened to a ``size`` rectangle."""
    width, height = size
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], np.float32)
    matrix = cv2.getPerspectiveTransform(corners.astype(np.float32), target)
    return cv2.warpPerspective(
        image, matrix, (width, height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )

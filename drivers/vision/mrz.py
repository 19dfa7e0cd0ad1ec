"""Reading the machine-readable zone (MRZ) of an ID card or passport from a camera picture.

1. **Locate** (``locate_zone``): the MRZ is two or three long lines of evenly spaced dark
   characters. Dark detail is picked out (black-hat), joined along each line into a bar, and
   the bars of equal length stacked at an even spacing are the zone; it is cut out and turned
   level. Works on a straightened card or page and on a whole frame.
2. **Read** character by character: the lines are found in the zone, each is cut into 30 (ID
   card, TD1) or 44 (passport, TD3) cells at the fixed pitch between its first and last
   character, and each cell is compared with the 37 OCR-B glyphs (``drivers.vision.ocrb``).
   When the glyph atlas is missing or the zone cannot be cut into cells, Tesseract (Debian
   ``tesseract-ocr``, through pytesseract) reads the zone instead.
3. **Correct** by the check digits: each character is first held to what its position allows
   (digits in dates, letters in names and country codes), then, field by field, the reading
   is checked with ``drivers.card.icao.mrz.parse_mrz``; where a check digit fails, the
   doubtful characters of that field are replaced by their next-best readings (or, from
   Tesseract, by the usual confusions 0/O, 1/I, 5/S, 8/B, 2/Z, 6/G ...) until it holds.

A reading is ``confirmed`` only when ``parse_mrz`` accepts it: every check digit and the
composite hold. The zone carries personal data: nothing here logs it; ``repr`` hides it.
"""

from __future__ import annotations

import itertools
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import cv2
import numpy as np
import numpy.typing as npt

from drivers.camera.base import Image
from drivers.card.icao.mrz import Mrz, MrzError, check_digit, parse_mrz
from drivers.vision.ocrb import MRZ_ALPHABET, GlyphSet, Reading, normalise_glyph

log = logging.getLogger(__name__)

WORK_WIDTH = 1280
DIGITS = "0123456789"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ<"
ANY = MRZ_ALPHABET

# Characters OCR mistakes for one another, both ways: the correction tries these.
CONFUSIONS: dict[str, str] = {
    "0": "OQDU", "O": "0QD", "Q": "0O", "D": "0O", "U": "0",
    "1": "IL7T", "I": "1LT", "L": "1I", "T": "17I", "7": "T1",
    "2": "Z", "Z": "2", "5": "S", "S": "5", "8": "B", "B": "8", "6": "G", "G": "6",
    "4": "A", "A": "4", "<": "KCE", "K": "<", "C": "<", "E": "<F", "F": "E",
}  # fmt: skip


# --- position classes ------------------------------------------------------------------------
def position_classes(fmt: Literal["TD1", "TD3"]) -> list[list[str]]:
    """``[line][position]`` -> the characters allowed there (ICAO 9303 part 4 for TD3, part 5 for TD1)."""
    if fmt == "TD1":
        line1 = [LETTERS] * 5 + [ANY] * 9 + [DIGITS + "<"] + [ANY] * 15
        line2 = [DIGITS] * 7 + ["MFX<"] + [DIGITS] * 7 + [LETTERS] * 3 + [ANY] * 11 + [DIGITS]
        return [line1, line2, [LETTERS] * 30]
    line2 = [ANY] * 9 + [DIGITS] + [LETTERS] * 3 + [DIGITS] * 7 + ["MFX<"] + [DIGITS] * 7 + [ANY] * 14
    return [[LETTERS] * 44, [*line2, DIGITS + "<", DIGITS]]


@dataclass(frozen=True)
class CheckedField:
    """A check-digit field: the positions its check covers (line, index) and its digit's position."""

    name: str
    data: tuple[tuple[int, int], ...]
    digit: tuple[int, int]


def _span(line: int, start: int, stop: int) -> tuple[tuple[int, int], ...]:
    return tuple((line, index) for index in range(start, stop))


CHECKED_FIELDS: dict[str, tuple[CheckedField, ...]] = {
    "TD1": (
        CheckedField("document_number", _span(0, 5, 14), (0, 14)),
        CheckedField("date_of_birth", _span(1, 0, 6), (1, 6)),
        CheckedField("date_of_expiry", _span(1, 8, 14), (1, 14)),
        CheckedField(
            "composite", _span(0, 5, 30) + _span(1, 0, 7) + _span(1, 8, 15) + _span(1, 18, 29), (1, 29)
        ),
    ),
    "TD3": (
        CheckedField("document_number", _span(1, 0, 9), (1, 9)),
        CheckedField("date_of_birth", _span(1, 13, 19), (1, 19)),
        CheckedField("date_of_expiry", _span(1, 21, 27), (1, 27)),
        CheckedField("optional_data", _span(1, 28, 42), (1, 42)),
        CheckedField("composite", _span(1, 0, 10) + _span(1, 13, 20) + _span(1, 21, 43), (1, 43)),
    ),
}
"""Where each check digit is and what it covers; the composite's own fields were fixed before it,
so only the positions no other check covers are varied for it (``_free_positions``)."""


# --- results ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class MrzReading:
    """What was read. ``confirmed``: ``parse_mrz`` accepted it (every check digit holds) and
    ``mrz`` is the parsed zone. Otherwise ``lines`` is the best guess and ``failed_field`` the
    field whose check could not be made to hold: the citizen types the data instead."""

    lines: tuple[str, ...] = field(repr=False)
    confirmed: bool
    mrz: Mrz | None = field(default=None, repr=False)
    corrected: int = 0
    """How many characters the check-digit correction changed from the first reading."""
    failed_field: str | None = None
    engine: Literal["glyphs", "tesseract"] = "glyphs"

    @property
    def format(self) -> Literal["TD1", "TD3"]:
        return "TD1" if len(self.lines) == 3 else "TD3"

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(frozen=True)
class MrzZone:
    """The zone cut out of a picture, level, grey, ink dark; ``line_count`` is 2 (TD3) or 3 (TD1)."""

    image: npt.NDArray[Any] = field(repr=False)
    line_count: int
    corners: npt.NDArray[Any]
    """Where the zone was in the picture given to ``locate_zone`` (4 x 2)."""


# --- locating -----------------------------------------------------------------------------------
def locate_zone(image: Image) -> MrzZone | None:
    """The machine-readable zone of the document in ``image``, or ``None``. Any thread."""
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    scale = WORK_WIDTH / grey.shape[1]
    work = cv2.resize(
        grey,
        (WORK_WIDTH, round(grey.shape[0] * scale)),
        interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR,
    )
    blackhat = cv2.morphologyEx(work, cv2.MORPH_BLACKHAT, cv2.getStructuringElement(cv2.MORPH_RECT, (25, 11)))
    gradient = np.abs(cv2.Sobel(blackhat, cv2.CV_32F, 1, 0, ksize=3))
    top = float(gradient.max())
    gradient = np.asarray(gradient * (255.0 / top) if top > 0 else gradient, np.uint8)
    bars = cv2.morphologyEx(gradient, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (27, 3)))
    _, bars = cv2.threshold(bars, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    bars = cv2.morphologyEx(bars, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (15, 3)))
    contours, _ = cv2.findContours(bars, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    lines = []
    for contour in contours:
        (cx, cy), (w, h), angle = cv2.minAreaRect(contour)
        if w < h:
            w, h, angle = h, w, angle - 90
        if angle < -45:
            angle += 180
        if angle > 135:
            angle -= 180
        if w < 0.25 * WORK_WIDTH or h < 4 or w / h < 10:
            continue
        lines.append((cx, cy, w, h, angle, contour))
    group = _zone_lines(lines)
    if group is None:
        return None
    corners = _zone_corners(group) / scale
    return _cut(grey, corners.astype(np.float32), len(group))


def _line_ends(contour: npt.NDArray[Any], angle_deg: float) -> tuple[npt.NDArray[Any], npt.NDArray[Any]]:
    """The two ends of a text bar: its extreme points along its own direction, at mid height."""
    points = contour.reshape(-1, 2).astype(np.float64)
    direction = np.array([np.cos(np.radians(angle_deg)), np.sin(np.radians(angle_deg))])
    normal = np.array([-direction[1], direction[0]])
    along = points @ direction
    middle = float(np.median(points @ normal))
    low, high = float(along.min()), float(along.max())
    return low * direction + middle * normal, high * direction + middle * normal


def _zone_corners(
    group: list[tuple[float, float, float, float, float, npt.NDArray[Any]]],
) -> npt.NDArray[Any]:
    """The zone as a quadrilateral through the ends of its first and last lines, widened by a
    margin: the lines of an MRZ are all full length, so their ends follow the document's
    perspective and the cut comes out level and square-on."""
    angle = float(np.median([line[4] for line in group]))
    top_left, top_right = _line_ends(group[0][5], angle)
    bottom_left, bottom_right = _line_ends(group[-1][5], angle)
    line_height = float(np.median([line[3] for line in group]))
    across = (bottom_left - top_left + bottom_right - top_right) / 2
    across_unit = across / max(float(np.linalg.norm(across)), 1e-6)
    along_top = (top_right - top_left) / max(float(np.linalg.norm(top_right - top_left)), 1e-6)
    along_bottom = (bottom_right - bottom_left) / max(float(np.linalg.norm(bottom_right - bottom_left)), 1e-6)
    up, side = 1.0 * line_height * across_unit, 0.8 * line_height
    return np.array(
        [
            top_left - up - side * along_top,
            top_right - up + side * along_top,
            bottom_right + up + side * along_bottom,
            bottom_left + up - side * along_bottom,
        ]
    )


def _zone_lines(
    lines: list[tuple[float, float, float, float, float, npt.NDArray[Any]]],
) -> list[tuple[float, float, float, float, float, npt.NDArray[Any]]] | None:
    """The lowest group of 3 (else 2) bars of about equal length and angle, evenly stacked."""
    ordered = sorted(lines, key=lambda line: line[1])
    for count in (3, 2):
        best = None
        for start in range(len(ordered) - count + 1):
            group = ordered[start : start + count]
            lengths = [line[2] for line in group]
            angles = [line[4] for line in group]
            heights = [line[3] for line in group]
            if max(lengths) > 1.15 * min(lengths) or max(angles) - min(angles) > 4:
                continue
            gaps = [b[1] - a[1] for a, b in itertools.pairwise(group)]
            if min(gaps) < 1.2 * np.median(heights) or max(gaps) > 3.5 * np.median(heights):
                continue
            if count == 3 and max(gaps) > 1.25 * min(gaps):
                continue
            best = group  # later groups are lower on the document: the MRZ is at the bottom
        if best is not None:
            return best
    return None


def _cut(grey: npt.NDArray[Any], corners: npt.NDArray[Any], line_count: int) -> MrzZone:
    """Straightens the zone's quadrilateral (top-left, top-right, bottom-right, bottom-left)."""
    width = round((np.linalg.norm(corners[1] - corners[0]) + np.linalg.norm(corners[2] - corners[3])) / 2)
    height = round((np.linalg.norm(corners[3] - corners[0]) + np.linalg.norm(corners[2] - corners[1])) / 2)
    width, height = max(width, 1), max(height, 1)
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], np.float32)
    matrix = cv2.getPerspectiveTransform(corners, target)
    level = cv2.warpPerspective(
        grey, matrix, (width, height), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
    )
    return MrzZone(level, line_count, corners)


# --- cutting into characters -----------------------------------------------------------------
@dataclass(frozen=True)
class _Line:
    ink: npt.NDArray[Any]
    mask: npt.NDArray[Any]


def _zone_lines_pictures(zone: MrzZone) -> list[_Line] | None:
    """The zone's text lines (top to bottom) as ink pictures (ink bright) with their ink masks."""
    grey = zone.image
    scale = 64.0 * zone.line_count / max(grey.shape[0], 1)  # about 35 px per character line
    if abs(scale - 1) > 0.1:
        grey = cv2.resize(
            grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC if scale > 1 else cv2.INTER_AREA
        )
    background = cv2.morphologyEx(grey, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (31, 31)))
    ink = cv2.subtract(background, grey)
    _, mask = cv2.threshold(ink, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    profile = (mask > 0).sum(axis=1)
    rows = profile > 0.04 * mask.shape[1]
    runs: list[tuple[int, int]] = []
    start = None
    for y, filled in enumerate([*rows, False]):
        if filled and start is None:
            start = y
        elif not filled and start is not None:
            runs.append((start, y))
            start = None
    runs = [run for run in runs if run[1] - run[0] >= 6]
    if len(runs) < zone.line_count:
        return None
    runs = sorted(sorted(runs, key=lambda r: r[1] - r[0], reverse=True)[: zone.line_count])
    pad = 3
    return [_Line(ink[max(a - pad, 0) : b + pad], mask[max(a - pad, 0) : b + pad]) for a, b in runs]


@dataclass
class _Piece:
    """A piece of ink in a line: its horizontal extent and the connected components it is made of."""

    left: int
    right: int
    members: list[int]

    @property
    def width(self) -> int:
        return self.right - self.left


def _cells(line: _Line, count: int) -> list[_Cell] | None:
    """``count`` character pictures (ink bright, background 0), one per character of the line.

    OCR-B characters are each one piece of ink, so the pieces are the characters: pieces that
    overlap across are one character (a broken stroke), a piece as wide as two is two touching
    characters, and a gap as wide as two is a character too faint to see. The pitch is followed
    along the line, so a line seen a little from the side (narrower at its far end) still cuts
    right. ``None`` when the line does not come out at ``count`` characters."""
    n, labels, stats, _centroids = cv2.connectedComponentsWithStats(line.mask, connectivity=8)
    height = line.mask.shape[0]
    pieces = sorted(
        (
            _Piece(
                int(stats[i, cv2.CC_STAT_LEFT]),
                int(stats[i, cv2.CC_STAT_LEFT] + stats[i, cv2.CC_STAT_WIDTH]),
                [i],
            )
            for i in range(1, n)
            if stats[i, cv2.CC_STAT_HEIGHT] >= 0.25 * height
            and stats[i, cv2.CC_STAT_AREA] >= 0.02 * height * height
        ),
        key=lambda piece: piece.left,
    )
    glyphs: list[_Piece] = []
    for piece in pieces:
        if glyphs:
            last = glyphs[-1]
            overlap = min(last.right, piece.right) - max(last.left, piece.left)
            if overlap > 0.5 * min(piece.width, last.width):
                last.left, last.right = min(last.left, piece.left), max(last.right, piece.right)
                last.members.extend(piece.members)
                continue
        glyphs.append(piece)
    if len(glyphs) < max(2, count // 2):
        return None
    centres = [(glyph.left + glyph.right) / 2 for glyph in glyphs]
    steps = [b - a for a, b in itertools.pairwise(centres)]
    pitch = float(np.median(steps))
    if pitch < 4:
        return None
    slots: list[tuple[list[int], float, float]] = []  # label ids, left, right
    previous_centre: float | None = None
    for glyph, centre in zip(glyphs, centres, strict=True):
        left, right, members = glyph.left, glyph.right, glyph.members
        if previous_centre is not None:
            gap = round((centre - previous_centre) / pitch)
            for _ in range(max(gap - 1, 0)):  # a character too faint to see: an empty slot
                slots.append(([], previous_centre + pitch * 0.5, previous_centre + pitch * 1.5))
                previous_centre += pitch
            if 0.6 * pitch < centre - previous_centre < 1.4 * pitch:
                pitch = 0.8 * pitch + 0.2 * (centre - previous_centre)
        parts = max(1, round((right - left) / pitch)) if right - left > 1.6 * pitch else 1
        for part in range(parts):
            part_left = left + (right - left) * part / parts
            slots.append((members, part_left, left + (right - left) * (part + 1) / parts))
        previous_centre = centre
    if len(slots) != count:
        return None
    cells = []
    halo = np.ones((3, 3), np.uint8)
    for members, slot_left, slot_right in slots:
        extent = np.isin(labels, members).astype(np.uint8) if members else np.zeros_like(line.mask)
        # the ink a little around the thresholded shape too: a thin stroke of a blurred
        # character (the foot of an E) falls partly below the threshold
        near = cv2.dilate(extent, halo, iterations=2)
        a, b = max(int(slot_left) - 2, 0), min(math.ceil(slot_right) + 2, extent.shape[1])
        cells.append(_Cell(np.where(near[:, a:b] > 0, line.ink[:, a:b], 0).astype(np.uint8), extent[:, a:b]))
    return cells


@dataclass(frozen=True)
class _Cell:
    ink: npt.NDArray[Any]
    extent: npt.NDArray[Any]


# --- the reader ------------------------------------------------------------------------------
class MrzReader:
    """Locates, reads and corrects an MRZ. ``glyphs`` is the OCR-B atlas (``GlyphSet.load``);
    without it, or when cutting into characters fails, Tesseract reads the zone (when
    ``tesseract`` is on). Thread-safe; 20-60 ms a zone with glyphs, 0.3-0.6 s with Tesseract."""

    def __init__(self, glyphs: GlyphSet | None, *, tesseract: bool = True) -> None:
        self.glyphs = glyphs
        self.tesseract = tesseract

    def read(self, image: Image) -> MrzReading | None:
        """The zone in ``image`` read and corrected, or ``None`` when no zone is found."""
        zone = locate_zone(image)
        if zone is None:
            return None
        return self.read_zone(zone)

    def read_zone(self, zone: MrzZone) -> MrzReading | None:
        fmt: Literal["TD1", "TD3"] = "TD1" if zone.line_count == 3 else "TD3"
        attempts: list[MrzReading] = []
        readings = self._glyph_readings(zone, fmt) if self.glyphs is not None else None
        if readings is not None:
            result = correct(readings, fmt, engine="glyphs")
            if result.confirmed:
                return result
            attempts.append(result)
        if self.tesseract:
            text_lines = _tesseract_lines(zone, fmt)
            if text_lines is not None:
                result = correct(_confusion_readings(text_lines), fmt, engine="tesseract")
                if result.confirmed:
                    return result
                attempts.append(result)
        return attempts[0] if attempts else None

    def _glyph_readings(self, zone: MrzZone, fmt: str) -> list[list[Reading]] | None:
        assert self.glyphs is not None
        pictures = _zone_lines_pictures(zone)
        if pictures is None:
            return None
        width = 30 if fmt == "TD1" else 44
        readings: list[list[Reading]] = []
        for line in pictures:
            cells = _cells(line, width)
            if cells is None:
                return None
            glyphs = [normalise_glyph(cell.ink, cell.extent) for cell in cells]
            known = self.glyphs.classify_many([glyph for glyph in glyphs if glyph is not None])
            blank = Reading((("<", 0.0),))
            row = [known.pop(0) if glyph is not None else blank for glyph in glyphs]
            readings.append(row)
        return readings


def _tesseract_lines(zone: MrzZone, fmt: str) -> list[str] | None:
    try:
        import pytesseract  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - a dependency of the product
        return None
    scale = 48.0 * zone.line_count / max(zone.image.shape[0], 1)
    picture = cv2.resize(zone.image, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    _, picture = cv2.threshold(picture, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    config = f"--psm 6 -c tessedit_char_whitelist={MRZ_ALPHABET}"
    try:
        text = pytesseract.image_to_string(picture, lang="eng", config=config, timeout=10)
    except (pytesseract.TesseractError, pytesseract.TesseractNotFoundError, RuntimeError) as exc:
        log.warning("tesseract could not read the zone: %s", type(exc).__name__)
        return None
    width = 30 if fmt == "TD1" else 44
    lines = [line.replace(" ", "") for line in text.upper().splitlines() if line.strip()]
    lines = [line for line in lines if len(line) >= width * 0.8]
    count = 3 if fmt == "TD1" else 2
    if len(lines) != count:
        return None
    return [_fit_length(line, width) for line in lines]


def _fit_length(line: str, width: int) -> str:
    """Tesseract drops or adds filler at the end of a line: pad with ``<`` or cut to ``width``."""
    return line[:width].ljust(width, "<")


def _confusion_readings(lines: list[str]) -> list[list[Reading]]:
    """Candidates for text read by Tesseract: what it read, then what that is often mistaken for."""
    return [
        [
            Reading(
                (
                    (char, 1.0),
                    *((other, 1.0 - TESSERACT_CONFUSION_COST) for other in CONFUSIONS.get(char, "")),
                )
            )
            for char in line
        ]
        for line in lines
    ]


# --- correction -----------------------------------------------------------------------------
MAX_OPTION_COST = 0.15
"""A character is only replaced by a reading that scored at most this much below its best one."""
MAX_FIELD_COST = 0.4
"""The replacements in one field may together cost at most this much: the check digit confirms
a field only when little had to change to make it hold."""
TESSERACT_CONFUSION_COST = 0.1
_VALUES = {char: (0 if char == "<" else int(char, 36)) for char in MRZ_ALPHABET}
_WEIGHTS = (7, 3, 1)


def correct(
    readings: Sequence[Sequence[Reading]],
    fmt: Literal["TD1", "TD3"],
    *,
    engine: Literal["glyphs", "tesseract"] = "glyphs",
) -> MrzReading:
    """The cheapest reading whose check digits all hold, or the best guess and the failing field."""
    classes = position_classes(fmt)
    if fmt == "TD1" and "".join(r.best for r in readings[0][:5]) == "IDVNM":
        # A Vietnamese CCCD: document number, its check digit and the 12-digit citizen number are digits.
        classes[0][5:27] = [DIGITS] * 22
    grid = [
        [_first_choice(reading, allowed) for reading, allowed in zip(row, line_classes, strict=True)]
        for row, line_classes in zip(readings, classes, strict=True)
    ]
    _tidy_names(grid, fmt)
    first = ["".join(row) for row in grid]
    failed: str | None = None
    tried: set[str] = set()
    for _ in range(8):
        try:
            mrz = parse_mrz("\n".join("".join(row) for row in grid))
        except MrzError as exc:
            failed = exc.field
            if failed in tried or not _repair(grid, readings, classes, fmt, failed):
                break
            tried.add(failed)
            continue
        lines = tuple("".join(row) for row in grid)
        return MrzReading(lines, True, mrz, _changes(first, lines), None, engine)
    lines = tuple("".join(row) for row in grid)
    return MrzReading(lines, False, None, _changes(first, lines), failed, engine)


DIGIT_PREFERENCE = 0.05
"""Where letters and digits are both allowed (document numbers, optional data), a digit that
reads almost as well as a look-alike letter (0/O, 1/I, 5/S, 8/B ...) is taken first: such fields
are mostly digits, and a check digit alone cannot tell ``0`` from ``O`` when several are in doubt
(a TD1 composite repeats the document number's own weights, so it cannot either)."""


def _first_choice(reading: Reading, allowed: str) -> str:
    best = reading.best_of(allowed)
    if best.isdigit() or allowed != ANY:
        return best
    for char in CONFUSIONS.get(best, ""):
        if char.isdigit() and reading.cost(char) - reading.cost(best) <= DIGIT_PREFERENCE:
            return char
    return best


NAME_SPANS = {"TD1": (2, 0, 30), "TD3": (0, 5, 44)}


def _tidy_names(grid: list[list[str]], fmt: str) -> None:
    """A name field is ``SURNAME<<GIVEN<NAMES`` and then only filler: from the first ``<<<`` on,
    everything is ``<`` (a reader's ``K`` or ``E`` for a filler there is a misreading)."""
    line, start, stop = NAME_SPANS[fmt]
    text = "".join(grid[line][start:stop])
    end = text.find("<<<")
    if end >= 0:
        grid[line][start + end : stop] = ["<"] * (stop - start - end)


def _changes(before: Sequence[str], after: Sequence[str]) -> int:
    return sum(a != b for old, new in zip(before, after, strict=True) for a, b in zip(old, new, strict=True))


def _free_positions(fmt: str, checked: CheckedField) -> set[tuple[int, int]]:
    """Positions the correction may change for ``checked``: for the composite, only those no other
    check digit covers (the others were confirmed already)."""
    if checked.name != "composite":
        return set(checked.data)
    covered = {
        pos
        for other in CHECKED_FIELDS[fmt]
        if other.name != "composite"
        for pos in (*other.data, other.digit)
    }
    return {pos for pos in checked.data if pos not in covered}


def _options(reading: Reading, current: str, allowed: str) -> list[tuple[float, str]]:
    """The characters a position may take instead of ``current``, with what each costs."""
    base = reading.cost(current)
    options = [(0.0, current)]
    for char, _ in reading.candidates:
        cost = reading.cost(char) - base
        if char != current and char in allowed and cost <= MAX_OPTION_COST:
            options.append((max(cost, 0.0), char))
    return options


def _repair(
    grid: list[list[str]],
    readings: Sequence[Sequence[Reading]],
    classes: list[list[str]],
    fmt: str,
    failed: str,
) -> bool:
    """Changes the cheapest set of doubtful characters of ``failed`` so its check digit holds.

    The check digit is a weighted sum modulo 10, so the cheapest choice is found exactly by
    walking the field's positions and keeping, for each of the ten running sums, the cheapest
    way to reach it. Returns False when ``failed`` is not a checked field or nothing within
    ``MAX_FIELD_COST`` makes it hold."""
    checked = next((c for c in CHECKED_FIELDS[fmt] if c.name == failed), None)
    if checked is None:
        return fmt == "TD1" and failed == "optional_data" and _repair_cccd_number(grid)
    free = _free_positions(fmt, checked)
    per_position = [
        _options(readings[line][index], grid[line][index], classes[line][index])
        if (line, index) in free
        else [(0.0, grid[line][index])]
        for line, index in checked.data
    ]
    line, index = checked.digit
    digit_options = [
        (cost, char)
        for cost, char in _options(readings[line][index], grid[line][index], classes[line][index])
        if char.isdigit()
    ]
    dates = checked.name in ("date_of_birth", "date_of_expiry")
    best = _cheapest_dates(per_position, digit_options) if dates else _cheapest(per_position, digit_options)
    if best is None or best[0] > MAX_FIELD_COST:
        return False
    _, chars, digit = best
    for (line, index), char in zip(checked.data, chars, strict=True):
        grid[line][index] = char
    grid[checked.digit[0]][checked.digit[1]] = digit
    return True


def _cheapest(
    per_position: list[list[tuple[float, str]]], digit_options: list[tuple[float, str]]
) -> tuple[float, str, str] | None:
    states: dict[int, tuple[float, str]] = {0: (0.0, "")}
    for offset, options in enumerate(per_position):
        weight = _WEIGHTS[offset % 3]
        following: dict[int, tuple[float, str]] = {}
        for total, (cost, chars) in states.items():
            for option_cost, char in options:
                key = (total + weight * _VALUES[char]) % 10
                candidate = (cost + option_cost, chars + char)
                if key not in following or candidate[0] < following[key][0]:
                    following[key] = candidate
        states = following
    choices = [
        (states[int(d)][0] + cost, states[int(d)][1], d) for cost, d in digit_options if int(d) in states
    ]
    return min(choices, default=None)


def _cheapest_dates(
    per_position: list[list[tuple[float, str]]], digit_options: list[tuple[float, str]]
) -> tuple[float, str, str] | None:
    best: tuple[float, str, str] | None = None
    for combo in itertools.product(*per_position):
        cost = sum(option[0] for option in combo)
        if best is not None and cost >= best[0]:
            continue
        text = "".join(option[1] for option in combo)
        if not _plausible_date(text):
            continue
        digit = str(check_digit(text))
        for digit_cost, char in digit_options:
            if char == digit and (best is None or cost + digit_cost < best[0]):
                best = (cost + digit_cost, text, char)
    return best


def _repair_cccd_number(grid: list[list[str]]) -> bool:
    """A CCCD repeats its 9-digit document number (checked) as the end of the 12-digit citizen
    number in the optional data (not checked): copy the checked digits over a doubtful reading."""
    number = grid[0][5:14]
    if not all(char.isdigit() for char in number):
        return False
    grid[0][18:27] = number
    for index in range(15, 18):
        if not grid[0][index].isdigit():
            alternatives = [c for c in CONFUSIONS.get(grid[0][index], "") if c.isdigit()]
            if not alternatives:
                return False
            grid[0][index] = alternatives[0]
    return True


def _plausible_date(text: str) -> bool:
    if len(text) != 6 or not text.isdigit():
        return text[2:] in ("<<<<",) or (text[:4].isdigit() and text[4:] == "<<")
    month, day = int(text[2:4]), int(text[4:6])
    return 1 <= month <= 12 and 1 <= day <= 31


def read_mrz(image: Image, glyphs: GlyphSet | None, *, tesseract: bool = True) -> MrzReading | None:
    """Shortcut for ``MrzReader(glyphs, tesseract=tesseract).read(image)``."""
    return MrzReader(glyphs, tesseract=tesseract).read(image)


__all__ = [
    "CONFUSIONS",
    "MrzReader",
    "MrzReading",
    "MrzZone",
    "correct",
    "locate_zone",
    "position_classes",
    "read_mrz",
]

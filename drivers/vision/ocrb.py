"""Reading OCR-B characters by their shape: the 37 characters of a machine-readable zone.

Every MRZ is printed in OCR-B (ISO 1073-2) at ten characters to the inch, so a character is
recognised by comparing its picture with a picture of each of the 37 possible characters
(``A``-``Z``, ``0``-``9``, ``<``), drawn from the OCR-B typeface once and kept as an atlas
(``resources/camera/ocrb-glyphs.png``, made by ``scripts/make-camera-samples.py``). Each
comparison is a normalised correlation of the two pictures scaled to the same height; the
reader keeps every character's score, so that the check-digit correction can try the
second-best reading of a doubtful character first.

Why not Tesseract alone: its general English model reads runs of ``<`` as ``K`` or drops them,
which shifts every later character of the line; a fixed-pitch zone read character by character
cannot shift (see ``drivers.vision.mrz``, which keeps Tesseract as a second reader).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

MRZ_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
GLYPH_SIZE = 32
"""Glyphs are compared as ``GLYPH_SIZE`` x ``GLYPH_SIZE`` pictures, ink scaled to the full height."""

Glyph = npt.NDArray[Any]


def _fit(ink: npt.NDArray[Any], extent: npt.NDArray[Any] | None = None) -> npt.NDArray[Any] | None:
    """``ink`` (bright on 0) cut to its ink (or to ``extent``, a mask of where the character
    is), scaled to ``GLYPH_SIZE`` high keeping its proportions (no wider than ``GLYPH_SIZE``),
    centred in a square; ``None`` when there is no ink."""
    where = ink if extent is None else extent
    rows = np.flatnonzero(where.max(axis=1) > 0)
    cols = np.flatnonzero(where.max(axis=0) > 0)
    if len(rows) == 0 or len(cols) == 0:
        return None
    cut = ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1].astype(np.float32)
    height, width = cut.shape
    new_width = max(1, min(GLYPH_SIZE, round(width * GLYPH_SIZE / height)))
    resized = cv2.resize(cut, (new_width, GLYPH_SIZE), interpolation=cv2.INTER_AREA)
    canvas = np.zeros((GLYPH_SIZE, GLYPH_SIZE), np.float32)
    left = (GLYPH_SIZE - new_width) // 2
    canvas[:, left : left + new_width] = resized
    return canvas


def normalise_glyph(ink: npt.NDArray[Any], extent: npt.NDArray[Any] | None = None) -> Glyph | None:
    """A character's picture (ink bright on 0, any size) cut to its ink (or to the mask
    ``extent``), scaled to the glyph height keeping its proportions, centred, zero mean and unit
    length; ``None`` when blank."""
    canvas = _fit(ink, extent)
    if canvas is None:
        return None
    canvas -= canvas.mean()
    norm = float(np.linalg.norm(canvas))
    if norm < 1e-6:
        return None
    return canvas / norm


@dataclass(frozen=True)
class Reading:
    """One character's candidates, best first: ``(character, score)``, scores in -1..1."""

    candidates: tuple[tuple[str, float], ...]

    @property
    def best(self) -> str:
        return self.candidates[0][0]

    def best_of(self, allowed: str) -> str:
        for char, _ in self.candidates:
            if char in allowed:
                return char
        return allowed[0]

    def cost(self, char: str) -> float:
        """How much worse ``char`` scores than the best candidate (0 for the best)."""
        top = self.candidates[0][1]
        for candidate, score in self.candidates:
            if candidate == char:
                return top - score
        return 2.0


BLUR_VARIANTS = (0.0, 0.9, 1.6)
"""Each glyph is also compared blurred this much (pixels at ``GLYPH_SIZE``): a camera's picture
of print is never as sharp as the typeface, and a blurred reference matches it better."""
SHIFTS = (-1, 0, 1)
"""A character is compared at these offsets (pixels, both ways), forgiving a cut off by one."""


class GlyphSet:
    """The 37 reference glyphs. Load with ``GlyphSet.load(atlas)``; ``classify`` is thread-safe."""

    def __init__(self, glyphs: dict[str, npt.NDArray[Any]]) -> None:
        missing = set(MRZ_ALPHABET) - set(glyphs)
        if missing:
            raise ValueError(f"glyph atlas lacks {''.join(sorted(missing))}")
        rows = []
        for char in MRZ_ALPHABET:
            for sigma in BLUR_VARIANTS:
                picture = glyphs[char] if sigma == 0 else cv2.GaussianBlur(glyphs[char], (0, 0), sigma)
                rows.append(_unit(picture).ravel())
        self._matrix = np.stack(rows)  # (37 x variants) x GLYPH_SIZE^2

    @classmethod
    def load(cls, atlas: Path) -> GlyphSet:
        """Reads an atlas: one row of ``GLYPH_SIZE``-wide cells in ``MRZ_ALPHABET`` order, ink dark."""
        picture = cv2.imread(str(atlas), cv2.IMREAD_GRAYSCALE)
        if picture is None or picture.shape[1] < GLYPH_SIZE * len(MRZ_ALPHABET):
            raise FileNotFoundError(f"OCR-B glyph atlas missing or unreadable: {atlas}")
        return cls.from_atlas(picture)

    @classmethod
    def from_atlas(cls, picture: npt.NDArray[Any]) -> GlyphSet:
        glyphs: dict[str, npt.NDArray[Any]] = {}
        for index, char in enumerate(MRZ_ALPHABET):
            cell = (255 - picture[:GLYPH_SIZE, index * GLYPH_SIZE : (index + 1) * GLYPH_SIZE]).astype(
                np.float32
            )
            if float(cell.max()) <= 0:
                raise ValueError(f"glyph atlas cell for {char!r} is blank")
            glyphs[char] = cell
        return cls(glyphs)

    def classify(self, glyph: Glyph) -> Reading:
        """Scores of every character for ``glyph`` (from ``normalise_glyph``): the best correlation
        over the blurred variants and the small shifts."""
        return self.classify_many([glyph])[0]

    def classify_many(self, glyphs: list[Glyph]) -> list[Reading]:
        """``classify`` for many glyphs in one matrix product (a zone's 90 characters in ~2 ms)."""
        if not glyphs:
            return []
        shifted = np.stack(
            [
                _unit(np.roll(glyph, (dy, dx), axis=(0, 1))).ravel()
                for glyph in glyphs
                for dy in SHIFTS
                for dx in SHIFTS
            ]
        )
        per_shift = len(SHIFTS) * len(SHIFTS)
        scores = (self._matrix @ shifted.T).reshape(
            len(MRZ_ALPHABET), len(BLUR_VARIANTS), len(glyphs), per_shift
        )
        best = scores.max(axis=(1, 3))  # characters x glyphs
        readings = []
        for column in best.T:
            order = np.argsort(-column)[:6]
            readings.append(Reading(tuple((MRZ_ALPHABET[i], float(column[i])) for i in order)))
        return readings


def _unit(picture: npt.NDArray[Any]) -> npt.NDArray[Any]:
    centred = picture - picture.mean()
    norm = float(np.linalg.norm(centred))
    return np.asarray(centred / norm if norm > 1e-6 else centred, np.float32)


def draw_atlas(font_path: Path) -> npt.NDArray[Any]:
    """The atlas of ``font_path`` (an OCR-B font): dark glyphs on white, one ``GLYPH_SIZE`` cell
    per character of ``MRZ_ALPHABET``, each cut to its ink and scaled as ``normalise_glyph`` does."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(font_path), 96)
    cells = []
    for char in MRZ_ALPHABET:
        canvas = Image.new("L", (120, 140), 0)
        ImageDraw.Draw(canvas).text((10, 10), char, font=font, fill=255)
        cell = _fit(np.array(canvas))
        if cell is None:
            raise ValueError(f"the font draws nothing for {char!r}")
        cells.append(255 - np.clip(cell, 0, 255).astype(np.uint8))
    return np.hstack(cells)

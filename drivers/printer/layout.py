"""Slip layout: a list of blocks (text, QR code, rule, gap) rendered to a 1-bit raster image.

Text is shaped by Pillow with Raqm (complex-script layout), so Thai marks stack and
Vietnamese diacritics sit where they belong; Thai runs use the Thai font, the rest
the Latin/Vietnamese font.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from PIL import Image, ImageFont

# Pillow and qrcode are imported by the functions that draw: a kiosk at rest has printed
# nothing yet, and they weigh about 7 MB of resident memory.

Align = Literal["left", "center", "right"]
MARGIN_PX = 8


@dataclass(frozen=True)
class Text:
    text: str
    size: int = 26
    bold: bool = False
    align: Align = "left"


@dataclass(frozen=True)
class QrCode:
    data: str
    module_px: int = 6


@dataclass(frozen=True)
class Rule:
    thickness: int = 2


@dataclass(frozen=True)
class Gap:
    height: int = 12


Block = Text | QrCode | Rule | Gap


@dataclass(frozen=True)
class SlipFonts:
    latin_regular: Path
    latin_bold: Path
    thai_regular: Path
    thai_bold: Path


@lru_cache(maxsize=64)
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont

    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.RAQM)


def _is_thai(ch: str) -> bool:
    return "\u0e00" <= ch <= "\u0e7f"


def script_runs(text: str) -> list[tuple[bool, str]]:
    """Splits text into (is_thai, run) pieces; spaces and marks stay with the run before them."""
    runs: list[tuple[bool, str]] = []
    for ch in text:
        thai = _is_thai(ch)
        neutral = ch.isspace() or unicodedata.combining(ch) != 0
        if runs and (runs[-1][0] == thai or neutral):
            runs[-1] = (runs[-1][0], runs[-1][1] + ch)
        else:
            runs.append((thai, ch))
    return runs


def printable(text: str) -> str:
    """Drops control, format and unassigned characters (the shaper rejects some of them); keeps newlines."""
    return "".join(
        ch for ch in text.replace("\t", " ") if ch == "\n" or not unicodedata.category(ch).startswith("C")
    )


THAI_FOLLOWING_VOWELS = frozenset("\u0e30\u0e32\u0e33\u0e45")  # ะ า ำ ๅ: written after their consonant
THAI_LEADING_VOWELS = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")  # เ แ โ ใ ไ: written before it


def breakable_before(text: str, index: int) -> bool:
    """Whether a line may break before ``text[index]`` without splitting a written syllable:
    never before a combining mark or a Thai following vowel, never after a Thai leading vowel.
    (Thai has no spaces between words; this keeps clusters whole, not words.)"""
    if index <= 0 or index >= len(text):
        return True
    ch, before = text[index], text[index - 1]
    if unicodedata.combining(ch) or unicodedata.category(ch) in {"Mn", "Mc"}:
        return False
    return ch not in THAI_FOLLOWING_VOWELS and before not in THAI_LEADING_VOWELS


class SlipRenderer:
    """Renders blocks to an image ``width_px`` wide. Thread: any; pure computation."""

    def __init__(self, fonts: SlipFonts, width_px: int) -> None:
        self._fonts = fonts
        self._width = width_px

    @property
    def width_px(self) -> int:
        return self._width

    def _fonts_for(self, block: Text) -> tuple[ImageFont.FreeTypeFont, ImageFont.FreeTypeFont]:
        latin = self._fonts.latin_bold if block.bold else self._fonts.latin_regular
        thai = self._fonts.thai_bold if block.bold else self._fonts.thai_regular
        return _font(latin, block.size), _font(thai, block.size)

    def _measure(self, text: str, block: Text) -> int:
        latin, thai = self._fonts_for(block)
        return int(sum((thai if is_thai else latin).getlength(run) for is_thai, run in script_runs(text)))

    def _wrap(self, block: Text) -> list[str]:
        limit = self._width - 2 * MARGIN_PX
        lines: list[str] = []
        for paragraph in printable(block.text).split("\n"):
            current = ""
            for word in paragraph.split(" "):
                candidate = word if not current else f"{current} {word}"
                if self._measure(candidate, block) <= limit:
                    current = candidate
                    continue
                if current:
                    lines.append(current)
                current = word
                # A word longer than the line (Thai has no spaces) breaks between clusters.
                while self._measure(current, block) > limit and len(current) > 1:
                    cut = len(current) - 1
                    while cut > 1 and (
                        self._measure(current[:cut], block) > limit or not breakable_before(current, cut)
                    ):
                        cut -= 1
                    lines.append(current[:cut])
                    current = current[cut:]
            lines.append(current)
        return lines

    def _draw_text(self, block: Text) -> Image.Image:
        from PIL import Image, ImageDraw

        latin, thai = self._fonts_for(block)
        line_height = int(block.size * 1.55)
        lines = self._wrap(block)
        image = Image.new("L", (self._width, line_height * len(lines)), 255)
        draw = ImageDraw.Draw(image)
        for index, line in enumerate(lines):
            width = self._measure(line, block)
            if block.align == "center":
                x = (self._width - width) // 2
            elif block.align == "right":
                x = self._width - MARGIN_PX - width
            else:
                x = MARGIN_PX
            y = index * line_height + int(block.size * 0.25)
            for is_thai, run in script_runs(line):
                font = thai if is_thai else latin
                draw.text((x, y), run, font=font, fill=0)
                x += int(font.getlength(run))
        return image

    def _draw_qr(self, block: QrCode) -> Image.Image:
        import qrcode
        from PIL import Image, ImageDraw

        code = qrcode.QRCode(
            border=4, box_size=block.module_px, error_correction=qrcode.constants.ERROR_CORRECT_M
        )
        code.add_data(block.data)
        code.make(fit=True)
        matrix = code.get_matrix()
        side = len(matrix) * block.module_px
        symbol = Image.new("L", (side, side), 255)
        draw = ImageDraw.Draw(symbol)
        for row_index, row in enumerate(matrix):
            for col_index, dark in enumerate(row):
                if dark:
                    x0, y0 = col_index * block.module_px, row_index * block.module_px
                    draw.rectangle((x0, y0, x0 + block.module_px - 1, y0 + block.module_px - 1), fill=0)
        image = Image.new("L", (self._width, side), 255)
        image.paste(symbol, ((self._width - side) // 2, 0))
        return image

    def render(self, blocks: Sequence[Block]) -> Image.Image:
        """The whole slip as a black-and-white image (mode ``1``), ready for raster printing."""
        from PIL import Image, ImageDraw

        parts: list[Image.Image] = []
        for block in blocks:
            if isinstance(block, Text):
                parts.append(self._draw_text(block))
            elif isinstance(block, QrCode):
                parts.append(self._draw_qr(block))
            elif isinstance(block, Rule):
                rule = Image.new("L", (self._width, block.thickness + 16), 255)
                ImageDraw.Draw(rule).rectangle(
                    (MARGIN_PX, 8, self._width - MARGIN_PX, 8 + block.thickness - 1), fill=0
                )
                parts.append(rule)
            else:
                parts.append(Image.new("L", (self._width, block.height), 255))
        height = sum(part.height for part in parts) or 1
        slip = Image.new("L", (self._width, height), 255)
        y = 0
        for part in parts:
            slip.paste(part, (0, y))
            y += part.height
        return slip.point(lambda value: 255 if value >= 128 else 0, mode="1")

"""Turning slip blocks into ESC/POS bytes: all raster, or native text where the printer can.

``raster`` renders the whole slip as one image (Pillow + Raqm, bundled fonts): right for
every script on every printer, but large (about 8 KB per 100 dots of slip at 80 mm).
``native`` sends each text block as printer text when a code page the printer model has
(python-escpos's printer database) can spell it — English in CP437/CP1252, Vietnamese in
CP1258 with its combining tone marks — and the QR code as a native symbol (GS ( k);
anything else, Thai above all (single-pass printer fonts misplace its stacked marks),
is rasterised block by block. Native slips are a fraction of the bytes, which matters on
a 19200-baud serial line (about 2 KB/s).
"""

from __future__ import annotations

import copy
import json
import os
import textwrap
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from drivers.printer.layout import Block, Gap, QrCode, Rule, SlipRenderer, Text, printable

if TYPE_CHECKING:
    from PIL import Image  # imported where a slip is drawn, not at start-up

PrintMode = Literal["raster", "native"]
NATIVE_PAGES = ("CP437", "CP1252", "CP858", "CP1258")  # tried in this order
FONT_A_DOTS = 12  # font A: 12 x 24 dots


@dataclass(frozen=True)
class PrinterProfile:
    """How to talk to one printer model: its python-escpos profile name and the print mode."""

    model: str = "default"
    mode: PrintMode = "raster"


@cache
def _capabilities() -> dict[str, object]:
    import escpos

    path = Path(escpos.__file__).parent / "capabilities.json"
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data


def code_pages(model: str) -> dict[str, int]:
    """The model's code pages by name → ESC t number (first number wins), from python-escpos's database."""
    profiles = _capabilities()["profiles"]
    assert isinstance(profiles, dict)
    profile = profiles.get(model) or profiles["default"]
    pages: dict[str, int] = {}
    for number, name in profile["codePages"].items():
        if name != "Unknown":
            pages.setdefault(str(name), int(number))
    return pages


def encode_cp1258(text: str) -> bytes | None:
    """Vietnamese in CP1258: letters the page has precomposed (ê, ơ, ư, ă, à, á…), other tone
    marks as the page's combining characters; ``None`` if some character cannot be spelled."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        # Fold marks into the base while the page has the result precomposed (ộ: o + circumflex
        # = ô, then the dot below stays combining); NFD puts the dot below first, so try each.
        folded = True
        while marks and folded:
            folded = False
            for index, mark in enumerate(marks):
                candidate = unicodedata.normalize("NFC", base + mark)
                if len(candidate) == 1 and _encodable(candidate, "cp1258"):
                    base, marks = candidate, marks[:index] + marks[index + 1 :]
                    folded = True
                    break
        try:
            out += base.encode("cp1258") + marks.encode("cp1258")
        except UnicodeEncodeError:
            return None
    return bytes(out)


def _encodable(text: str, codec: str) -> bool:
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def encode_in(page: str, text: str) -> bytes | None:
    """``text`` in code page ``page`` (a python-escpos name such as ``CP1258``), or ``None``."""
    if page == "CP1258":
        return encode_cp1258(text)
    try:
        return text.encode(page.lower())
    except UnicodeEncodeError:
        return None


def choose_page(text: str, pages: dict[str, int]) -> str | None:
    """The first native code page of the printer that can spell ``text``."""
    for name in NATIVE_PAGES:
        if name in pages and encode_in(name, text) is not None:
            return name
    return None


MAX_BAND_ROWS = 255  # rows per GS v 0 command; also the largest ESC J feed
FEED_THRESHOLD_ROWS = 8  # white runs at least this tall are fed (ESC J), not sent as raster


def raster_bands(image: Image.Image) -> bytes:
    """The image as GS v 0 raster bands, with white stretches replaced by paper feeds (ESC J).

    A slip is mostly white; sending white rows as raster costs 72 bytes a row at 80 mm, a
    feed costs 3 bytes for up to 255 rows. Each band is also cut to its inked columns and
    placed with the left margin (GS L). Output is dot-for-dot the same paper.
    """
    mono = image.convert("L").point(lambda value: 255 if value < 128 else 0, mode="1")  # 1 = black
    width_bytes = (mono.width + 7) // 8
    packed = mono.tobytes()
    rows = [packed[index * width_bytes : (index + 1) * width_bytes] for index in range(mono.height)]
    out = bytearray()
    index = 0
    while index < len(rows):
        blank_end = index
        while blank_end < len(rows) and not any(rows[blank_end]):
            blank_end += 1
        if blank_end - index >= FEED_THRESHOLD_ROWS or blank_end == len(rows):
            remaining = blank_end - index
            while remaining > 0:
                step = min(remaining, MAX_BAND_ROWS)
                out += b"\x1bJ" + bytes([step])
                remaining -= step
            index = blank_end
            continue
        band_end = index
        white_run = 0
        while band_end < len(rows) and band_end - index < MAX_BAND_ROWS:
            white_run = white_run + 1 if not any(rows[band_end]) else 0
            band_end += 1
            if white_run >= FEED_THRESHOLD_ROWS:
                band_end -= white_run
                break
        band = rows[index:band_end]
        first = min((next(i for i, byte in enumerate(row) if byte) for row in band if any(row)), default=0)
        last = max(
            (len(row) - next(i for i, byte in enumerate(reversed(row)) if byte) for row in band if any(row)),
            default=1,
        )
        height = band_end - index
        out += b"\x1dL" + (first * 8).to_bytes(2, "little")  # left margin: where the band's ink starts
        out += b"\x1dv0\x00" + (last - first).to_bytes(2, "little") + height.to_bytes(2, "little")
        out += b"".join(row[first:last] for row in band)
        index = band_end
    if out:
        out += b"\x1dL\x00\x00"  # left margin back to the paper's edge
    return bytes(out)


def _size_multiplier(size: int) -> int:
    if size >= 90:
        return 4
    if size >= 60:
        return 3
    if size >= 40:
        return 2
    return 1


def new_dummy(cache_dir: Path | None, width_px: int) -> Any:
    if cache_dir is not None and "ESCPOS_CAPABILITIES_PICKLE_DIR" not in os.environ:
        cache_dir.mkdir(parents=True, exist_ok=True)
        os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(cache_dir)
    from escpos.printer import Dummy  # imported late: escpos loads its capability data on import

    dummy = Dummy()
    # The generic profile leaves the paper width unknown (and escpos prints a warning about
    # it on stdout); slips are laid out to the paper's width, so say so on a private copy.
    profile_data = copy.deepcopy(dummy.profile.profile_data)
    profile_data["media"]["width"]["pixels"] = width_px
    dummy.profile.profile_data = profile_data
    return dummy


def compose_job(
    blocks: Sequence[Block], renderer: SlipRenderer, profile: PrinterProfile, *, cache_dir: Path | None = None
) -> bytes:
    """The ESC/POS bytes of one slip (initialise … cut). Pure: no I/O but the capability cache.

    In native mode a slip with text the printer cannot spell (its blocks go as images) is also
    composed as raster, and the smaller of the two is sent: both print correctly.
    """
    data = _compose(blocks, renderer, profile, cache_dir)
    if profile.mode == "native":
        pages = code_pages(profile.model)
        needs_images = any(
            isinstance(block, Text) and choose_page(printable(block.text), pages) is None for block in blocks
        )
        if needs_images:
            raster = _compose(blocks, renderer, PrinterProfile(profile.model, "raster"), cache_dir)
            return min(data, raster, key=len)
    return data


def _compose(
    blocks: Sequence[Block], renderer: SlipRenderer, profile: PrinterProfile, cache_dir: Path | None
) -> bytes:
    dummy = new_dummy(cache_dir, renderer.width_px)
    raw = dummy._raw
    dummy.hw("INIT")
    if profile.mode == "raster":
        raw(raster_bands(renderer.render(blocks)))
    else:
        pages = code_pages(profile.model)
        for block in blocks:
            if isinstance(block, Text):
                _native_text(block, renderer, pages, dummy)
            elif isinstance(block, QrCode):
                raw(b"\x1ba\x01")
                dummy.qr(block.data, native=True, size=max(3, min(block.module_px + 2, 8)))
                raw(b"\x1ba\x00")
            elif isinstance(block, Rule):
                raw(b"\x1ba\x00" + b"-" * (renderer.width_px // FONT_A_DOTS) + b"\n")
            elif isinstance(block, Gap):
                raw(b"\x1bJ" + bytes([min(255, max(0, block.height))]))
    dummy.cut(mode="PART", feed=True)
    data: bytes = dummy.output
    return data


def _native_text(block: Text, renderer: SlipRenderer, pages: dict[str, int], dummy: Any) -> None:
    text = printable(block.text)
    page = choose_page(text, pages)
    if page is None:
        dummy._raw(raster_bands(renderer.render([block])))
        return
    multiplier = _size_multiplier(block.size)
    columns = max(1, renderer.width_px // (FONT_A_DOTS * multiplier))
    align = {"left": 0, "center": 1, "right": 2}[block.align]
    raw = dummy._raw
    raw(bytes([0x1B, 0x74, pages[page]]))  # ESC t: code page
    raw(bytes([0x1B, 0x61, align]))  # ESC a: alignment
    raw(bytes([0x1B, 0x45, 1 if block.bold else 0]))  # ESC E: bold
    raw(bytes([0x1D, 0x21, (multiplier - 1) << 4 | (multiplier - 1)]))  # GS !: width and height
    for paragraph in text.split("\n"):
        for line in textwrap.wrap(paragraph, columns) or [""]:
            raw((encode_in(page, line) or b"") + b"\n")
    raw(b"\x1d\x21\x00\x1bE\x00\x1ba\x00")  # back to normal size, weight and alignment

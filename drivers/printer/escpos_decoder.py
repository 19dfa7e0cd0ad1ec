"""Decodes an ESC/POS byte stream into what the paper would show: an image, its text lines and QR payloads.

Used by the simulated network printer (:mod:`drivers.printer.simulator`) and by tests that check
the bytes the kiosk sends. It follows Epson ESC/POS (TM-T20/TM-T88 class, 203 dpi) in standard
mode, for the commands python-escpos and the kiosk emit; it is not a full printer emulator.

Contract of :func:`decode_job`: for *any* byte string it either returns a :class:`DecodedJob` or
raises :class:`EscposError` (a command whose arguments or data the stream cuts short, an impossible
length field, or a job longer than ``max_length_px`` dots); never another exception type.

Commands understood (drawn or recorded):

* ``LF`` and ``FF`` print the line buffer and feed one line; ``CR`` is ignored (Epson's default with
  auto line feed off); ``HT`` moves to the next tab stop (every 8 characters unless ``ESC D``).
  Other bytes below 0x20 are ignored.
* Text (bytes 0x20-0xFF) in the code page ``ESC t n`` selected, decoded with :data:`DEFAULT_CODE_PAGES`
  (numbers of python-escpos's ``default`` profile, plus 94 for CP1258 as some profiles number it);
  unknown pages decode as CP437. Font A is 12 x 24 dots (48 columns on 576 dots), font B 9 x 17;
  a line longer than the paper wraps, as printers do. Combining marks (Thai vowels and tone marks,
  CP1258 tones) stack on the previous character's cell.
* Styles: ``ESC @`` (initialise: styles, spacing, code page and the unprinted line are reset),
  ``ESC !`` (print mode), ``GS !`` (width and height x1-x8), ``ESC E`` / ``ESC G`` (bold),
  ``ESC -`` (underline), ``GS B`` (reverse), ``ESC M`` (font), ``ESC a`` (justification, taken when
  a line starts, also applied to images and codes), ``ESC SP`` (character spacing), ``ESC 2`` /
  ``ESC 3`` (line spacing, default 30 dots), ``ESC $`` / ``ESC \\`` (positions), ``ESC D`` (tabs),
  ``GS L`` (left margin).
* Feeds: ``ESC d n`` (print and feed n lines), ``ESC J n`` (print and feed n dots).
* Images: ``GS v 0`` raster (1 = black; sizes x2 by ``m``), ``GS ( L`` / ``GS 8 L`` graphics
  (function 112 stores monochrome raster data, function 50 or 2 prints it), ``ESC *`` column bit
  images (8 or 24 dots tall, drawn in the line like characters).
* ``GS ( k`` QR code (cn 49): functions 65 (model), 67 (module size 1-16), 69 (error correction
  48-51), 80 (store data), 81 (print: a real QR of the stored bytes, with a 4-module quiet zone;
  its payload is recorded). Other 2D symbologies are skipped with a note.
* ``GS k`` barcodes: the payload is recorded and an outlined placeholder box is drawn (the bars
  themselves are not rendered).
* ``GS V`` (cut, feeding ``n`` dots first for m = 65, 66, 103, 104), ``ESC i`` and ``ESC m`` (cuts).
* ``DLE EOT n`` (status request: recorded, prints nothing); ``DLE ENQ``, ``DLE DC4``, ``ESC p``
  (cash drawer) and the other commands in the tables below are skipped with their arguments.

Unknown ``ESC x`` / ``GS x`` / ``FS x`` commands: the prefix and the command byte are skipped and
decoding carries on with the next byte (a note is recorded). Text left in the line buffer before
an image, a code, a cut or the end of the stream is printed as if a ``LF`` came first.
"""

from __future__ import annotations

import codecs
import dataclasses
import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Final, NamedTuple

import qrcode
from PIL import Image, ImageChops, ImageDraw, ImageFont, ImageOps
from qrcode.exceptions import DataOverflowError

ESC: Final = 0x1B
GS: Final = 0x1D
FS: Final = 0x1C
DLE: Final = 0x10

FONT_A_CELL: Final = (12, 24)
FONT_B_CELL: Final = (9, 17)
DEFAULT_LINE_SPACING: Final = 30
MAX_NOTES: Final = 200

TCVN3_LOWER: Final = "TCVN-3-1"
TCVN3_UPPER: Final = "TCVN-3-2"

#: ``ESC t n`` -> Python codec (or TCVN-3 table name): python-escpos's ``default`` profile
#: (``escpos/capabilities.json``), pages without a Python codec left out (they decode as CP437).
DEFAULT_CODE_PAGES: Final[Mapping[int, str]] = {
    0: "cp437",
    1: "cp932",
    2: "cp850",
    3: "cp860",
    4: "cp863",
    5: "cp865",
    13: "cp857",
    14: "cp737",
    15: "iso8859_7",
    16: "cp1252",
    17: "cp866",
    18: "cp852",
    19: "cp858",
    21: "cp874",
    30: TCVN3_LOWER,
    31: TCVN3_UPPER,
    32: "cp720",
    33: "cp775",
    34: "cp855",
    35: "cp861",
    36: "cp862",
    37: "cp864",
    38: "cp869",
    39: "iso8859_2",
    40: "iso8859_15",
    44: "cp1125",
    45: "cp1250",
    46: "cp1251",
    47: "cp1253",
    48: "cp1254",
    49: "cp1255",
    50: "cp1256",
    51: "cp1257",
    52: "cp1258",
    53: "kz1048",
    94: "cp1258",
}

# Bytes 0x80-0xFF of the two TCVN-3 (ABC) tables as python-escpos encodes them; a space means
# "not in the table" and decodes as "?". (python-escpos lists U+00D0 for 0xA7; TCVN-3 means Đ.)
_TCVN3_HIGH: Final[Mapping[str, str]] = {
    TCVN3_LOWER: (
        " " * 32
        + "        ăâêôơưđ "
        + "     àảãáạ ằẳẵắ "
        + "      ặầẩẫấậè ẻẽ"
        + "éẹềểễếệìỉ   ĩíịò"
        + " ỏõóọồổỗốộờởỡớợù"
        + " ủũúụừửữứựỳỷỹýỵ "
    ),
    TCVN3_UPPER: (
        " " * 32
        + " ĂÂ    Đ  ÊÔƠƯ  "
        + "     ÀẢÃÁẠ ẰẲẴẮ "
        + "      ẶẦẨẪẤẬÈ ẺẼ"
        + "ÉẸỀỂỄẾỆÌỈ   ĨÍỊÒ"
        + " ỎÕÓỌỒỔỖỐỘỜỞỠỚỢÙ"
        + " ỦŨÚỤỪỬỮỨỰỲỶỸÝỴ "
    ),
}


class EscposError(Exception):
    """The stream is malformed and cannot be decoded (see :func:`decode_job` for when)."""


class EscposTruncated(EscposError):
    """The stream ends inside a command; more bytes could complete it (a streaming reader waits)."""


class Command(NamedTuple):
    """One command: ``data[start:end]`` is all of it; ``args`` its bytes after the command code and
    after any length field (for ``GS v 0`` and ``ESC *`` the header bytes are included)."""

    name: str
    start: int
    end: int
    args: bytes
    known: bool = True


@dataclass
class DecodedJob:
    """What a job put on paper.

    ``image``: mode "1", ``paper_width_px`` wide, white where nothing printed, everything drawn top
    to bottom, as tall as the paper fed (0 rows if nothing was). ``texts``: each printed text line
    (lines with at least one character; wrapped lines count separately), NFC-normalised.
    ``qr_payloads``: data of each printed native QR code (UTF-8, undecodable bytes replaced).
    ``raster_count``: bit images drawn (``GS v 0``, printed ``GS ( L`` / ``GS 8 L`` graphics and
    ``ESC *`` strips). ``cut``: any cut command. ``status_queries``: ``n`` of each ``DLE EOT n``.
    ``code_pages``: ``n`` of each ``ESC t n``. ``barcodes``: ``GS k`` payloads. ``notes``: what was
    skipped or approximated (unknown commands, QR too large, ...), at most 200.
    """

    image: Image.Image
    texts: list[str] = field(default_factory=list)
    qr_payloads: list[str] = field(default_factory=list)
    raster_count: int = 0
    cut: bool = False
    status_queries: list[int] = field(default_factory=list)
    code_pages: list[int] = field(default_factory=list)
    barcodes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """True when no paper moved and nothing was cut (e.g. only status requests or ``ESC @``)."""
        return self.image.height == 0 and not self.cut


# ---------------------------------------------------------------------------------------------
# Tokenizer: where each command ends.

_TEXT_RUN: Final = re.compile(rb"[\x20-\xff]+")

# Commands with a fixed number of argument bytes after the command code.
_ESC_FIXED: Final[Mapping[int, int]] = {
    0x0C: 0,  # ESC FF   print data in page mode
    0x20: 1,  # ESC SP   right-side character spacing
    0x21: 1,  # ESC !    print mode
    0x24: 2,  # ESC $    absolute print position
    0x25: 1,  # ESC %    user-defined character set
    0x2B: 1,  # ESC +    line spacing n/360 inch (non-Epson, python-escpos line_spacing)
    0x2D: 1,  # ESC -    underline
    0x32: 0,  # ESC 2    default line spacing
    0x33: 1,  # ESC 3    line spacing n dots
    0x3C: 0,  # ESC <    return home
    0x3D: 1,  # ESC =    select peripheral device
    0x3F: 1,  # ESC ?    cancel user-defined character
    0x40: 0,  # ESC @    initialise
    0x41: 1,  # ESC A    line spacing n/60 inch (non-Epson)
    0x42: 2,  # ESC B    buzzer (python-escpos)
    0x45: 1,  # ESC E    emphasised
    0x47: 1,  # ESC G    double-strike
    0x4A: 1,  # ESC J    print and feed n dots
    0x4B: 1,  # ESC K    print and reverse feed / slip eject
    0x4C: 0,  # ESC L    page mode
    0x4D: 1,  # ESC M    character font
    0x52: 1,  # ESC R    international character set
    0x53: 0,  # ESC S    standard mode
    0x54: 1,  # ESC T    print direction in page mode
    0x55: 1,  # ESC U    unidirectional printing
    0x56: 1,  # ESC V    90 degree rotation
    0x57: 8,  # ESC W    print area in page mode
    0x5C: 2,  # ESC \    relative print position
    0x61: 1,  # ESC a    justification
    0x63: 2,  # ESC c    paper sensors, panel buttons (ESC c 3/4/5 n)
    0x64: 1,  # ESC d    print and feed n lines
    0x65: 1,  # ESC e    print and reverse feed n lines
    0x66: 2,  # ESC f    slip wait time
    0x69: 0,  # ESC i    partial cut
    0x6D: 0,  # ESC m    partial cut
    0x70: 3,  # ESC p    pulse (cash drawer)
    0x72: 1,  # ESC r    print colour
    0x74: 1,  # ESC t    character code table
    0x75: 1,  # ESC u    transmit peripheral status
    0x76: 0,  # ESC v    transmit paper status
    0x7B: 1,  # ESC {    upside-down printing
}
_GS_FIXED: Final[Mapping[int, int]] = {
    0x21: 1,  # GS !     character size
    0x24: 2,  # GS $     absolute vertical position in page mode
    0x2F: 1,  # GS /     print downloaded bit image
    0x3A: 0,  # GS :     macro definition start/end
    0x42: 1,  # GS B     reverse printing
    0x45: 1,  # GS E     head control
    0x48: 1,  # GS H     barcode HRI position
    0x49: 1,  # GS I     transmit printer ID
    0x4C: 2,  # GS L     left margin
    0x50: 2,  # GS P     motion units
    0x54: 1,  # GS T     print position to line start
    0x57: 2,  # GS W     print area width
    0x5A: 1,  # GS Z     2D code type
    0x5C: 2,  # GS \     relative vertical position in page mode
    0x5E: 3,  # GS ^     execute macro
    0x61: 1,  # GS a     automatic status back
    0x62: 1,  # GS b     smoothing
    0x63: 0,  # GS c     print counter
    0x66: 1,  # GS f     HRI font
    0x67: 4,  # GS g     maintenance counter (GS g 0/2 m nL nH)
    0x68: 1,  # GS h     barcode height
    0x6A: 1,  # GS j     automatic status back (ink)
    0x72: 1,  # GS r     transmit status
    0x77: 1,  # GS w     barcode module width
    0x7A: 3,  # GS z     online recovery wait time
    0x7C: 1,  # GS |     print density (python-escpos)
}
_FS_FIXED: Final[Mapping[int, int]] = {
    0x21: 1,  # FS !     Kanji print mode
    0x26: 0,  # FS &     Kanji mode on
    0x2D: 1,  # FS -     Kanji underline
    0x2E: 0,  # FS .     Kanji mode off
    0x32: 74,  # FS 2    define Kanji character (c1 c2 + 72 bytes)
    0x3F: 2,  # FS ?     cancel user-defined Kanji
    0x43: 1,  # FS C     Kanji code system
    0x53: 2,  # FS S     Kanji spacing
    0x57: 1,  # FS W     Kanji quadruple size
    0x70: 2,  # FS p     print NV bit image
}
_DLE_DC4_ARGS: Final[Mapping[int, int]] = {1: 2, 2: 2, 3: 5, 7: 1, 8: 7}


def _show(byte: int) -> str:
    if byte == 0x20:
        return "SP"
    return chr(byte) if 0x21 <= byte < 0x7F else f"0x{byte:02X}"


def _need(data: bytes | bytearray, pos: int, count: int, name: str) -> None:
    if pos + count > len(data):
        raise EscposTruncated(
            f"{name} at offset {pos} needs {count} bytes; the stream has {len(data) - pos} left."
        )


def _fixed(data: bytes | bytearray, pos: int, code_len: int, count: int, name: str) -> Command:
    _need(data, pos, code_len + count, name)
    return Command(name, pos, pos + code_len + count, bytes(data[pos + code_len : pos + code_len + count]))


def _sized(data: bytes | bytearray, pos: int, head: int, length_bytes: int, name: str) -> Command:
    """A command ``prefix (head bytes) p1..pN data``: N little-endian length bytes, then that much data."""
    _need(data, pos, head + length_bytes, name)
    size = int.from_bytes(data[pos + head : pos + head + length_bytes], "little")
    body = pos + head + length_bytes
    _need(data, body, size, name)
    return Command(name, pos, body + size, bytes(data[body : body + size]))


def _nul(data: bytes | bytearray, pos: int, start: int, limit: int, name: str) -> int:
    """Offset of the NUL ending a command whose data (from ``start``) is at most ``limit`` bytes."""
    end = data.find(b"\x00", start, start + limit + 1)
    if end >= 0:
        return end
    if len(data) < start + limit + 1:
        raise EscposTruncated(f"{name} at offset {pos} has no terminating NUL yet.")
    raise EscposError(f"{name} at offset {pos} has more than {limit} data bytes before its NUL.")


def _unknown(data: bytes | bytearray, pos: int, prefix: str) -> Command:
    return Command(f"{prefix} {_show(data[pos + 1])}", pos, pos + 2, b"", known=False)


def _esc_command(data: bytes | bytearray, pos: int) -> Command:
    _need(data, pos, 2, "ESC")
    code = data[pos + 1]
    name = f"ESC {_show(code)}"
    if code in _ESC_FIXED:
        return _fixed(data, pos, 2, _ESC_FIXED[code], name)
    if code == 0x2A:  # ESC * m nL nH d1..dk: column bit image
        _need(data, pos, 5, name)
        mode = data[pos + 2]
        columns = data[pos + 3] | data[pos + 4] << 8
        return _fixed(data, pos, 2, 3 + columns * (3 if mode & 0x20 else 1), name)
    if code == 0x44:  # ESC D n1..nk NUL (k <= 32): tab positions
        end = _nul(data, pos, pos + 2, 32, name)
        return Command(name, pos, end + 1, bytes(data[pos + 2 : end]))
    if code == 0x26:  # ESC & y c1 c2 [x d1..d(y*x)]...: define user characters
        _need(data, pos, 5, name)
        height = data[pos + 2]
        at = pos + 5
        for _ in range(max(0, data[pos + 4] - data[pos + 3] + 1)):
            _need(data, at, 1, name)
            at += 1 + height * data[at]
        _need(data, at, 0, name)
        return Command(name, pos, at, bytes(data[pos + 2 : at]))
    if code == 0x28:  # ESC ( fn pL pH data
        _need(data, pos, 3, name)
        return _sized(data, pos, 3, 2, f"ESC ( {_show(data[pos + 2])}")
    return _unknown(data, pos, "ESC")


def _gs_command(data: bytes | bytearray, pos: int) -> Command:
    _need(data, pos, 2, "GS")
    code = data[pos + 1]
    name = f"GS {_show(code)}"
    if code in _GS_FIXED:
        return _fixed(data, pos, 2, _GS_FIXED[code], name)
    if code == 0x28:  # GS ( fn pL pH data
        _need(data, pos, 3, name)
        return _sized(data, pos, 3, 2, f"GS ( {_show(data[pos + 2])}")
    if code == 0x38:  # GS 8 L p1 p2 p3 p4 data
        _need(data, pos, 3, name)
        if data[pos + 2] != 0x4C:
            return _unknown(data, pos, "GS")
        return _sized(data, pos, 3, 4, "GS 8 L")
    if code == 0x76:  # GS v 0 m xL xH yL yH d1..dk
        _need(data, pos, 3, name)
        if data[pos + 2] != 0x30:
            return _unknown(data, pos, "GS")
        _need(data, pos, 8, "GS v 0")
        width_bytes = data[pos + 4] | data[pos + 5] << 8
        height = data[pos + 6] | data[pos + 7] << 8
        return _fixed(data, pos, 3, 5 + width_bytes * height, "GS v 0")
    if code == 0x56:  # GS V m [n]
        _need(data, pos, 3, name)
        extra = 1 if data[pos + 2] in (65, 66, 97, 98, 103, 104) else 0
        return _fixed(data, pos, 2, 1 + extra, name)
    if code == 0x6B:  # GS k m ...: barcode
        _need(data, pos, 3, name)
        kind = data[pos + 2]
        if kind <= 6:  # GS k m d1..dk NUL (k <= 255)
            end = _nul(data, pos, pos + 3, 255, name)
            return Command(name, pos, end + 1, bytes(data[pos + 2 : end]))
        if 65 <= kind <= 78:
            _need(data, pos, 4, name)
            return _fixed(data, pos, 2, 2 + data[pos + 3], name)
        return _fixed(data, pos, 2, 1, name)
    if code == 0x2A:  # GS * x y d1..d(x*y*8): define downloaded bit image
        _need(data, pos, 4, name)
        return _fixed(data, pos, 2, 2 + data[pos + 2] * data[pos + 3] * 8, name)
    if code == 0x43:  # GS C 0 n m / GS C 1 aL aH bL bH n r / GS C 2 nL nH: counters
        _need(data, pos, 3, name)
        count = {0x30: 3, 0x31: 7, 0x32: 3}.get(data[pos + 2])
        return _fixed(data, pos, 2, count, name) if count is not None else _unknown(data, pos, "GS")
    return _unknown(data, pos, "GS")


def _fs_command(data: bytes | bytearray, pos: int) -> Command:
    _need(data, pos, 2, "FS")
    code = data[pos + 1]
    name = f"FS {_show(code)}"
    if code in _FS_FIXED:
        return _fixed(data, pos, 2, _FS_FIXED[code], name)
    if code == 0x28:  # FS ( fn pL pH data
        _need(data, pos, 3, name)
        return _sized(data, pos, 3, 2, f"FS ( {_show(data[pos + 2])}")
    if code == 0x71:  # FS q n [xL xH yL yH d1..dk]1..n: define NV bit images
        _need(data, pos, 3, name)
        at = pos + 3
        for _ in range(data[pos + 2]):
            _need(data, at, 4, name)
            at += 4 + (data[at] | data[at + 1] << 8) * (data[at + 2] | data[at + 3] << 8) * 8
        _need(data, at, 0, name)
        return Command(name, pos, at, bytes(data[pos + 2 : at]))
    return _unknown(data, pos, "FS")


def _dle_command(data: bytes | bytearray, pos: int) -> Command:
    if pos + 1 >= len(data) or data[pos + 1] not in (0x04, 0x05, 0x14):
        return Command("CTRL", pos, pos + 1, b"")
    code = data[pos + 1]
    if code == 0x04:  # DLE EOT n [a]
        _need(data, pos, 3, "DLE EOT")
        extra = 1 if data[pos + 2] in (7, 8) else 0
        return _fixed(data, pos, 2, 1 + extra, "DLE EOT")
    if code == 0x05:  # DLE ENQ n
        return _fixed(data, pos, 2, 1, "DLE ENQ")
    _need(data, pos, 3, "DLE DC4")  # DLE DC4 fn ...
    return _fixed(data, pos, 2, 1 + _DLE_DC4_ARGS.get(data[pos + 2], 0), "DLE DC4")


_CONTROL_NAMES: Final[Mapping[int, str]] = {0x0A: "LF", 0x0D: "CR", 0x09: "HT", 0x0C: "FF"}


def next_command(data: bytes | bytearray, pos: int) -> Command:
    """The command starting at ``data[pos]`` (``0 <= pos < len(data)``, else ``ValueError``).

    A run of text bytes (0x20-0xFF) is one ``"TEXT"`` command; ``LF``, ``CR``, ``HT`` and ``FF`` are
    named so; other control bytes are ``"CTRL"``. Raises :class:`EscposTruncated` when the stream
    ends inside the command. Never reads past ``data``; never raises anything else for pos in range.
    """
    if not 0 <= pos < len(data):
        raise ValueError(f"Offset {pos} is outside the {len(data)}-byte stream.")
    byte = data[pos]
    if byte >= 0x20:
        match = _TEXT_RUN.match(data, pos)
        end = match.end() if match else pos + 1
        return Command("TEXT", pos, end, bytes(data[pos:end]))
    if byte == ESC:
        return _esc_command(data, pos)
    if byte == GS:
        return _gs_command(data, pos)
    if byte == FS:
        return _fs_command(data, pos)
    if byte == DLE:
        return _dle_command(data, pos)
    return Command(_CONTROL_NAMES.get(byte, "CTRL"), pos, pos + 1, b"")


# ---------------------------------------------------------------------------------------------
# Glyphs: one character cell at a time, as a thermal printer's character generator does.

_Font = ImageFont.ImageFont | ImageFont.FreeTypeFont


@dataclass(frozen=True)
class _CellStyle:
    font_b: bool = False
    bold: bool = False
    width: int = 1
    height: int = 1
    underline: int = 0
    reverse: bool = False
    spacing: int = 0

    @property
    def base(self) -> tuple[int, int]:
        return FONT_B_CELL if self.font_b else FONT_A_CELL

    @property
    def size(self) -> tuple[int, int]:
        base_w, base_h = self.base
        return (base_w + self.spacing) * self.width, base_h * self.height


@lru_cache(maxsize=64)
def _load_font(path: Path | None, cell_height: int) -> _Font:
    """The largest size of the font whose ascent + descent fit the cell (Pillow's default if no path)."""
    font: _Font | None = None
    for size in range(cell_height, 5, -1):
        try:
            font = ImageFont.truetype(str(path), size) if path else ImageFont.load_default(size)
        except OSError:
            return ImageFont.load_default()
        if not isinstance(font, ImageFont.FreeTypeFont):
            return font
        ascent, descent = font.getmetrics()
        if ascent + descent <= cell_height:
            return font
    return font if font is not None else ImageFont.load_default()


def _font_file(fonts_dir: Path | None, thai: bool, bold: bool) -> tuple[Path | None, bool]:
    """(font file or None for Pillow's default, whether bold must be faked by double-striking)."""
    if fonts_dir is None:
        return None, bold
    family = "NotoSansThai" if thai else "NotoSans"
    if bold and (fonts_dir / f"{family}-Bold.ttf").is_file():
        return fonts_dir / f"{family}-Bold.ttf", False
    regular = fonts_dir / f"{family}-Regular.ttf"
    return (regular if regular.is_file() else None), bold


def _is_mark(char: str) -> bool:
    return unicodedata.category(char) in ("Mn", "Me")


@lru_cache(maxsize=4096)
def _glyph(fonts_dir: Path | None, text: str, font_b: bool, bold: bool) -> Image.Image:
    """One cell (base size, mode "L", black on white) showing ``text`` (a character and its marks)."""
    cell_w, cell_h = FONT_B_CELL if font_b else FONT_A_CELL
    thai = any("\u0e00" <= char <= "\u0e7f" for char in text)
    path, fake_bold = _font_file(fonts_dir, thai, bold)
    font = _load_font(path, cell_h)
    shown = "".join("?" if unicodedata.category(char) == "Cc" else char for char in text)
    advance = math.ceil(font.getlength(shown)) + (1 if fake_bold else 0)
    width = max(cell_w, advance)
    image = Image.new("L", (width, cell_h), 255)
    draw = ImageDraw.Draw(image)
    x = (width - advance) // 2
    draw.text((x, 0), shown, font=font, fill=0)
    if fake_bold:
        draw.text((x + 1, 0), shown, font=font, fill=0)
    if width > cell_w:
        image = image.resize((cell_w, cell_h), Image.Resampling.BOX)
    return image


@lru_cache(maxsize=4096)
def _cell_image(fonts_dir: Path | None, text: str, style: _CellStyle) -> Image.Image:
    glyph = _glyph(fonts_dir, text, style.font_b, style.bold)
    base_w, base_h = style.base
    if style.width != 1 or style.height != 1:
        glyph = glyph.resize((base_w * style.width, base_h * style.height), Image.Resampling.NEAREST)
    cell = Image.new("L", style.size, 255)
    cell.paste(glyph, (0, 0))
    if style.underline:
        ImageDraw.Draw(cell).rectangle(
            (0, cell.height - style.underline, cell.width - 1, cell.height - 1), fill=0
        )
    return ImageOps.invert(cell) if style.reverse else cell


def _bits_image(data: bytes, width: int, height: int) -> Image.Image:
    """Packed rows, MSB first, 1 = black -> mode "L" image (0 = black)."""
    return ImageOps.invert(Image.frombytes("1", (width, height), data).convert("L"))


def _decode_text(raw: bytes, codec: str) -> str:
    table = _TCVN3_HIGH.get(codec)
    if table is None:
        return raw.decode(codec, errors="replace")
    return "".join(_tcvn(table, byte) for byte in raw)


def _tcvn(table: str, byte: int) -> str:
    if byte < 0x80:
        return chr(byte)
    char = table[byte - 0x80]
    return "?" if char == " " else char


# ---------------------------------------------------------------------------------------------
# The decoder proper.


@dataclass
class _Cell:
    x: int
    text: str
    style: _CellStyle


@dataclass
class _Strip:
    x: int
    image: Image.Image


@dataclass
class _State:
    """Everything ``ESC @`` resets."""

    style: _CellStyle = field(default_factory=_CellStyle)
    align: int = 0
    code_page: int = 0
    line_spacing: int = DEFAULT_LINE_SPACING
    left_margin: int = 0
    tabs: tuple[int, ...] | None = None
    barcode_height: int = 162
    barcode_module: int = 3
    hri_position: int = 0


_QR_ERROR_LEVELS: Final[Mapping[int, int]] = {
    48: qrcode.constants.ERROR_CORRECT_L,
    49: qrcode.constants.ERROR_CORRECT_M,
    50: qrcode.constants.ERROR_CORRECT_Q,
    51: qrcode.constants.ERROR_CORRECT_H,
}
QR_QUIET_ZONE_MODULES: Final = 4


class _Decoder:
    def __init__(
        self, width: int, fonts_dir: Path | None, code_pages: Mapping[int, str], max_length: int
    ) -> None:
        self._width = width
        self._fonts_dir = fonts_dir
        self._codecs = code_pages
        self._max_length = max_length
        self._canvas: Image.Image | None = None
        self._y = 0
        self._bottom = 0
        self._state = _State()
        self._items: list[_Cell | _Strip] = []
        self._line_x = 0
        self._line_align: int | None = None
        self._line_text: list[str] = []
        self._graphics: tuple[Image.Image, int, int] | None = None
        self._qr_data = b""
        self._qr_module = 3
        self._qr_level = 48
        self.job = DecodedJob(image=Image.new("1", (width, 0), 1))
        self._handlers: dict[str, Callable[[bytes], None]] = {
            "TEXT": self._text,
            "LF": self._lf,
            "FF": self._lf,
            "HT": self._tab,
            "ESC @": self._init,
            "ESC !": self._print_mode,
            "ESC E": self._bold,
            "ESC G": self._bold,
            "ESC -": self._underline,
            "ESC M": self._font,
            "ESC a": self._align,
            "ESC t": self._code_page,
            "ESC SP": lambda a: self._set_style(spacing=a[0]),
            "ESC 2": lambda a: self._set(line_spacing=DEFAULT_LINE_SPACING),
            "ESC 3": lambda a: self._set(line_spacing=a[0]),
            "ESC $": lambda a: self._move_to(a[0] | a[1] << 8),
            "ESC \\": lambda a: self._move_to(self._line_x + int.from_bytes(a, "little", signed=True)),
            "ESC D": lambda a: self._set(tabs=tuple(a)),
            "ESC d": self._feed_lines,
            "ESC J": self._feed_dots,
            "ESC *": self._column_image,
            "ESC i": self._cut,
            "ESC m": self._cut,
            "GS !": self._size,
            "GS B": lambda a: self._set_style(reverse=bool(a[0] & 1)),
            "GS L": lambda a: self._set(left_margin=min(a[0] | a[1] << 8, self._width - 1)),
            "GS h": lambda a: self._set(barcode_height=a[0]),
            "GS w": lambda a: self._set(barcode_module=a[0]),
            "GS H": lambda a: self._set(hri_position=a[0] % 48),
            "GS V": self._cut,
            "GS v 0": self._raster,
            "GS ( L": self._graphics_command,
            "GS 8 L": self._graphics_command,
            "GS ( k": self._code_2d,
            "GS k": self._barcode,
            "DLE EOT": lambda a: self.job.status_queries.append(a[0]),
        }

    # -- bookkeeping -------------------------------------------------------------------------

    def note(self, message: str) -> None:
        if len(self.job.notes) < MAX_NOTES:
            self.job.notes.append(message)

    def run(self, data: bytes) -> DecodedJob:
        pos = 0
        while pos < len(data):
            command = next_command(data, pos)
            handler = self._handlers.get(command.name)
            if handler is not None:
                handler(command.args)
            elif not command.known:
                self.note(f"unknown command {command.name} at offset {pos} skipped")
            pos = command.end
        if self._items:
            self.note("text without a final line feed printed")
            self._flush_line()
        height = max(self._y, self._bottom)
        if self._canvas is not None and height > 0:
            page = self._canvas.crop((0, 0, self._width, height))
            self.job.image = page.point([0] * 128 + [255] * 128, "1")
        else:
            self.job.image = Image.new("1", (self._width, height), 1)
        return self.job

    def _set(self, **changes: object) -> None:
        for name, value in changes.items():
            setattr(self._state, name, value)

    def _set_style(self, **changes: Any) -> None:
        self._state.style = dataclasses.replace(self._state.style, **changes)

    # -- paper -------------------------------------------------------------------------------

    def _ensure(self, bottom: int) -> None:
        if bottom > self._max_length:
            raise EscposError(f"The job is longer than {self._max_length} dots.")
        if self._canvas is None or bottom > self._canvas.height:
            capacity = min(self._max_length, max(1024, bottom * 2))
            canvas = Image.new("L", (self._width, capacity), 255)
            if self._canvas is not None:
                canvas.paste(self._canvas, (0, 0))
            self._canvas = canvas

    def _feed(self, dots: int) -> None:
        self._y += max(0, dots)
        if self._y > self._max_length:
            raise EscposError(f"The job is longer than {self._max_length} dots.")

    def _paste(self, image: Image.Image, x: int, y: int) -> None:
        """Overprints ``image`` (mode "L") at (x, y), clipped to the paper."""
        if x < 0:
            image = image.crop((-x, 0, image.width, image.height))
            x = 0
        if x >= self._width or image.width <= 0 or image.height <= 0:
            return
        if x + image.width > self._width:
            image = image.crop((0, 0, self._width - x, image.height))
        self._ensure(y + image.height)
        assert self._canvas is not None
        box = (x, y, x + image.width, y + image.height)
        self._canvas.paste(ImageChops.darker(self._canvas.crop(box), image), box)
        self._bottom = max(self._bottom, y + image.height)

    def _aligned_x(self, width: int, align: int | None = None) -> int:
        area = self._width - self._state.left_margin
        justification = self._state.align if align is None else align
        if justification == 1:
            return self._state.left_margin + max(0, (area - width) // 2)
        if justification == 2:
            return self._state.left_margin + max(0, area - width)
        return self._state.left_margin

    def _print_block(self, image: Image.Image) -> None:
        """An image or code on lines of its own: flush the text line, draw, advance."""
        self._flush_line()
        self._paste(image, self._aligned_x(image.width), self._y)
        self._feed(image.height)

    # -- the line buffer ---------------------------------------------------------------------

    def _print_line(self) -> int:
        """Draws the line buffer at the current position; returns its height (0 if empty)."""
        if not self._items:
            self._line_text, self._line_x, self._line_align = [], 0, None  # tabs or moves only
            return 0
        sizes = [item.style.size if isinstance(item, _Cell) else item.image.size for item in self._items]
        height = max(h for _, h in sizes)
        line_width = max(item.x + w for item, (w, _) in zip(self._items, sizes, strict=True))
        x0 = self._aligned_x(line_width, self._line_align)
        for item, (_, h) in zip(self._items, sizes, strict=True):
            image = (
                _cell_image(self._fonts_dir, item.text, item.style) if isinstance(item, _Cell) else item.image
            )
            self._paste(image, x0 + item.x, self._y + height - h)
        if self._line_text:
            self.job.texts.append(unicodedata.normalize("NFC", "".join(self._line_text)))
        self._items, self._line_text, self._line_x, self._line_align = [], [], 0, None
        return height

    def _flush_line(self) -> None:
        if self._items:
            self._feed(max(self._state.line_spacing, self._print_line()))

    def _place(self, item: _Cell | _Strip, width: int) -> None:
        if self._items and self._line_x + width > self._width - self._state.left_margin:
            self._flush_line()  # the line is full: the printer prints it and carries on
        if not self._items:
            self._line_align = self._state.align
        item.x = self._line_x
        self._items.append(item)
        self._line_x += width

    def _text(self, raw: bytes) -> None:
        codec = self._codecs.get(self._state.code_page, "cp437")
        for char in _decode_text(raw, codec):
            last = self._items[-1] if self._items else None
            if _is_mark(char) and isinstance(last, _Cell):
                last.text += char
            else:
                self._place(_Cell(0, char, self._state.style), self._state.style.size[0])
            self._line_text.append(char)

    def _tab(self, _: bytes) -> None:
        step = self._state.style.size[0]
        stops = [column * step for column in self._state.tabs] if self._state.tabs is not None else None
        if stops is None:
            target = (self._line_x // (8 * step) + 1) * 8 * step
        else:
            target = next((stop for stop in stops if stop > self._line_x), -1)
        if 0 <= target <= self._width - self._state.left_margin:
            self._move_to(target)
            self._line_text.append("\t")

    def _move_to(self, x: int) -> None:
        if 0 <= x <= self._width - self._state.left_margin:
            if not self._items:
                self._line_align = self._state.align
            self._line_x = x

    def _lf(self, _: bytes) -> None:
        self._feed(max(self._state.line_spacing, self._print_line()))

    def _feed_lines(self, args: bytes) -> None:
        height = self._print_line()
        lines = args[0]
        if lines:
            self._feed(max(self._state.line_spacing, height) + (lines - 1) * self._state.line_spacing)

    def _feed_dots(self, args: bytes) -> None:
        self._print_line()
        self._feed(args[0])

    # -- styles ------------------------------------------------------------------------------

    def _init(self, _: bytes) -> None:
        if self._items:
            self.note("ESC @ discarded an unprinted line")
        self._items, self._line_text, self._line_x, self._line_align = [], [], 0, None
        self._graphics = None
        self._state = _State()

    def _print_mode(self, args: bytes) -> None:
        n = args[0]
        self._set_style(
            font_b=bool(n & 1),
            bold=bool(n & 8),
            height=2 if n & 16 else 1,
            width=2 if n & 32 else 1,
            underline=1 if n & 128 else 0,
        )

    def _bold(self, args: bytes) -> None:
        self._set_style(bold=bool(args[0] & 1))

    def _underline(self, args: bytes) -> None:
        n = args[0] - 48 if args[0] >= 48 else args[0]
        if 0 <= n <= 2:
            self._set_style(underline=n)

    def _font(self, args: bytes) -> None:
        self._set_style(font_b=args[0] in (1, 49))

    def _size(self, args: bytes) -> None:
        self._set_style(width=(args[0] >> 4 & 7) + 1, height=(args[0] & 7) + 1)

    def _align(self, args: bytes) -> None:
        n = args[0] - 48 if args[0] >= 48 else args[0]
        if 0 <= n <= 2:
            self._state.align = n

    def _code_page(self, args: bytes) -> None:
        self._state.code_page = args[0]
        self.job.code_pages.append(args[0])
        if args[0] not in self._codecs:
            self.note(f"code page {args[0]} unknown: decoded as CP437")

    # -- images, codes, cuts -----------------------------------------------------------------

    def _raster(self, args: bytes) -> None:
        mode = args[0] - 48 if args[0] >= 48 else args[0]
        width_bytes, height = args[1] | args[2] << 8, args[3] | args[4] << 8
        if width_bytes == 0 or height == 0:
            return
        scale_x, scale_y = (2 if mode in (1, 3) else 1), (2 if mode in (2, 3) else 1)
        # Only the columns that can reach the paper are unpacked.
        visible = min(width_bytes, (self._width // scale_x + 7) // 8)
        rows = args[5 : 5 + width_bytes * height]
        packed = (
            rows
            if visible == width_bytes
            else b"".join(rows[row * width_bytes : row * width_bytes + visible] for row in range(height))
        )
        image = _bits_image(packed, visible * 8, height)
        if scale_x != 1 or scale_y != 1:
            image = image.resize((image.width * scale_x, image.height * scale_y), Image.Resampling.NEAREST)
        self.job.raster_count += 1
        self._print_block(image)

    def _graphics_command(self, args: bytes) -> None:
        if len(args) < 2:
            raise EscposError("Graphics command with fewer than 2 parameter bytes.")
        function, body = args[1], args[2:]
        if function in (2, 50):
            if self._graphics is not None:
                image, scale_x, scale_y = self._graphics
                if scale_x != 1 or scale_y != 1:
                    image = image.resize(
                        (image.width * scale_x, image.height * scale_y), Image.Resampling.NEAREST
                    )
                self.job.raster_count += 1
                self._print_block(image)
                self._graphics = None
            return
        if function != 112:
            self.note(f"graphics function {function} skipped")
            return
        if len(body) < 8:
            raise EscposError("Graphics data (function 112) shorter than its header.")
        tone, scale_x, scale_y, color = body[0], body[1], body[2], body[3]
        width, height = body[4] | body[5] << 8, body[6] | body[7] << 8
        size = (width + 7) // 8 * height
        if tone != 48 or len(body) - 8 < size:
            if tone == 48:
                raise EscposError(
                    f"Graphics data holds {len(body) - 8} bytes; {width} x {height} needs {size}."
                )
            self.note("multi-tone graphics skipped")
            return
        if color != 49 or width == 0 or height == 0:
            return  # a second colour prints nothing on a monochrome printer
        visible = min(width, self._width)
        row_bytes = (width + 7) // 8
        data = body[8 : 8 + size]
        keep = (visible + 7) // 8
        packed = b"".join(data[row * row_bytes : row * row_bytes + keep] for row in range(height))
        image = _bits_image(packed, keep * 8, height).crop((0, 0, visible, height))
        self._graphics = (image, 2 if scale_x == 2 else 1, 2 if scale_y == 2 else 1)

    def _column_image(self, args: bytes) -> None:
        mode, columns = args[0], args[1] | args[2] << 8
        if columns == 0:
            return
        depth = 3 if mode & 0x20 else 1
        visible = min(columns, self._width)
        strip = Image.frombytes("1", (depth * 8, visible), args[3 : 3 + visible * depth])
        image = ImageOps.invert(strip.transpose(Image.Transpose.TRANSPOSE).convert("L"))
        scale_x, scale_y = (1 if mode & 1 else 2), (1 if mode & 0x20 else 3)
        if scale_x != 1 or scale_y != 1:
            image = image.resize((image.width * scale_x, image.height * scale_y), Image.Resampling.NEAREST)
        self.job.raster_count += 1
        self._place(_Strip(0, image), image.width)

    def _code_2d(self, args: bytes) -> None:
        if len(args) < 2:
            raise EscposError("GS ( k with fewer than 2 parameter bytes.")
        symbol, function, params = args[0], args[1], args[2:]
        if symbol != 49:
            if function == 81:
                self.note(f"2D code type {symbol} not rendered")
            return
        if function == 67 and params and 1 <= params[0] <= 16:
            self._qr_module = params[0]
        elif function == 69 and params and params[0] in _QR_ERROR_LEVELS:
            self._qr_level = params[0]
        elif function == 80:
            self._qr_data = params[1:]
        elif function == 81 and self._qr_data:
            image = _qr_image(self._qr_data, self._qr_module, self._qr_level)
            if image is None:
                self.note("QR data exceeds the largest symbol: not printed")
                return
            self.job.qr_payloads.append(self._qr_data.decode("utf-8", errors="replace"))
            self._print_block(image)

    def _barcode(self, args: bytes) -> None:
        kind = args[0]
        payload = args[2:] if kind >= 65 else args[1:]
        if not payload or not (kind <= 6 or 65 <= kind <= 78):
            return
        text = payload.decode("ascii", errors="replace")
        self.job.barcodes.append(text)
        self.note("barcode drawn as a placeholder box")
        module = min(max(self._state.barcode_module, 1), 6)
        width = min(self._width - self._state.left_margin, module * (11 * len(payload) + 35))
        height = max(self._state.barcode_height, 8)
        box = Image.new("L", (width, height), 255)
        ImageDraw.Draw(box).rectangle((0, 0, width - 1, height - 1), outline=0, width=2)
        label_style = _CellStyle()
        x = max(2, (width - len(text) * FONT_A_CELL[0]) // 2)
        for char in text[: max(0, (width - 4) // FONT_A_CELL[0])]:
            box.paste(_cell_image(self._fonts_dir, char, label_style), (x, (height - FONT_A_CELL[1]) // 2))
            x += FONT_A_CELL[0]
        self._print_block(box)

    def _cut(self, args: bytes) -> None:
        self._flush_line()
        if len(args) == 2 and args[0] in (65, 66, 103, 104):
            self._feed(args[1])  # function B / D: feed n dots, then cut
        self.job.cut = True


def _qr_image(data: bytes, module: int, level: int) -> Image.Image | None:
    """The QR symbol of ``data`` with its quiet zone, ``module`` dots per module; None if too large."""
    code = qrcode.QRCode(
        version=None,
        error_correction=_QR_ERROR_LEVELS[level],
        box_size=1,
        border=QR_QUIET_ZONE_MODULES,
    )
    try:
        code.add_data(data)
        code.make(fit=True)
    except (DataOverflowError, ValueError):
        return None
    matrix: list[list[bool]] = code.get_matrix()
    side = len(matrix)
    pixels = bytes(0 if dark else 255 for row in matrix for dark in row)
    image = Image.frombytes("L", (side, side), pixels)
    return image.resize((side * module, side * module), Image.Resampling.NEAREST)


def decode_job(
    data: bytes,
    *,
    paper_width_px: int = 576,
    fonts_dir: Path | None = None,
    code_page_codecs: Mapping[int, str] | None = None,
    max_length_px: int = 60_000,
) -> DecodedJob:
    """Decodes one ESC/POS job into what the paper shows.

    ``paper_width_px``: printable dots across (576 for 80 mm, 384 for 58 mm). ``fonts_dir``: a folder
    with ``NotoSans-Regular.ttf`` / ``NotoSansThai-Regular.ttf`` (and ``-Bold``) for text; None uses
    Pillow's default font. ``code_page_codecs``: ``ESC t`` numbers -> Python codec names (or
    ``"TCVN-3-1"`` / ``"TCVN-3-2"``) overriding :data:`DEFAULT_CODE_PAGES`. ``max_length_px``: the
    longest paper the job may feed before it is refused as malformed.

    Raises :class:`EscposError` for malformed streams (the only exception for any ``data``), and
    ``ValueError`` for bad arguments (a non-positive width or length, an unknown codec name).
    """
    if paper_width_px <= 0 or max_length_px <= 0:
        raise ValueError("Paper width and maximum length must be positive.")
    pages = dict(DEFAULT_CODE_PAGES)
    for number, codec in (code_page_codecs or {}).items():
        if codec not in _TCVN3_HIGH:
            codecs.lookup(codec)  # LookupError is a ValueError
        pages[number] = codec
    decoder = _Decoder(paper_width_px, fonts_dir, pages, max_length_px)
    try:
        return decoder.run(bytes(data))
    except MemoryError as exc:
        raise EscposError("The job is too large to decode.") from exc

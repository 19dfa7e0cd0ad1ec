"""Synthetic camera scenes: an ID card on a desk, a face, a receipt with a QR code, an MRZ.

These draw the pictures the camera simulator plays (``scripts/make-camera-samples.py`` writes
them to ``resources/camera/``) and the frames the vision tests look at. Nothing here shows a
real person or a real document: the face is drawn from shaded ellipses (the shapes OpenCV's
Haar face detector looks for: dark eye band, bright nose bridge, dark mouth), the cards say
SPECIMEN, and the MRZs are ICAO's own specimens or built from the demo card's made-up data.

Geometry: a document is drawn flat at ``PX_PER_MM`` pixels per millimetre, then placed in a
scene by a homography computed from a pinhole camera looking at the document tilted in 3D
(``tilted_quad``), so tests know exactly where its corners are.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt
from PIL import Image as PilImage
from PIL import ImageDraw, ImageFont

from drivers.camera.base import Image

PX_PER_MM = 10
ID1_MM = (85.60, 53.98)
"""ISO/IEC 7810 ID-1: identity cards, driving licences, bank cards."""
PASSPORT_PAGE_MM = (125.0, 88.0)
"""ISO/IEC 7810 ID-3, the passport data page."""
MRZ_PITCH_MM = 2.54
"""ICAO 9303: ten characters to the inch."""
OCRB_FONT = Path("/usr/share/fonts/opentype/ocr-b/OCRB.otf")
"""OCR-B from Debian's ``fonts-ocr-b`` (public domain), the typeface of every MRZ."""

Quad = npt.NDArray[Any]
"""Four corners, ``4 x 2``: top-left, top-right, bottom-right, bottom-left."""


@dataclass(frozen=True)
class SceneFonts:
    """Fonts for the printed text of synthetic documents (any TrueType / OpenType files)."""

    text: Path
    bold: Path
    ocrb: Path = OCRB_FONT

    def require_ocrb(self) -> Path:
        if not self.ocrb.is_file():
            raise FileNotFoundError(
                f"OCR-B font not found at {self.ocrb} (Debian package fonts-ocr-b) — needed to draw an MRZ"
            )
        return self.ocrb


def _u8(values: Any) -> Image:
    """Pixel values clipped to 0..255 as an 8-bit picture."""
    return np.asarray(np.clip(values, 0, 255), dtype=np.uint8)


def document_size(mm: tuple[float, float]) -> tuple[int, int]:
    return round(mm[0] * PX_PER_MM), round(mm[1] * PX_PER_MM)


# --- a face -------------------------------------------------------------------------------------
def synthetic_face(
    size: int,
    *,
    skin: tuple[int, int, int] = (135, 175, 225),
    background: tuple[int, int, int] = (170, 180, 185),
) -> Image:
    """A drawn face, ``size`` pixels square, BGR. Frontal, evenly lit, eyes at 37 % of its height."""
    h = w = size
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    img = np.empty((h, w, 3), np.float32)
    img[:] = background
    cx, cy = w / 2, h * 0.52
    rx, ry = w * 0.30, h * 0.40
    d = ((xx - cx) / rx) ** 2 + ((yy - cy) / ry) ** 2
    shade = np.clip(1.1 - 0.55 * d**1.5, 0.45, 1.1)[..., None]
    img = np.where((d <= 1)[..., None], np.array(skin, np.float32) * shade, img)
    hair = ((xx - cx) / (rx * 1.12)) ** 2 + ((yy - (cy - ry * 0.25)) / (ry * 0.85)) ** 2 <= 1
    hair &= (yy < cy - ry * 0.6) | ((d > 0.9) & (yy < cy - ry * 0.1))
    img[hair] = (25, 30, 40)

    def blob(  # noqa: PLR0917 - a drawing primitive: position, size, colour, strength
        image: npt.NDArray[Any],
        x: float,
        y: float,
        sx: float,
        sy: float,
        colour: tuple[int, int, int],
        strength: float,
    ) -> npt.NDArray[Any]:
        g = np.exp(-((((xx - x) / sx) ** 2 + ((yy - y) / sy) ** 2) ** 1.5))[..., None] * strength
        return np.asarray(image * (1 - g) + np.array(colour, np.float32) * g, dtype=np.float32)

    ex, ey = rx * 0.40, cy - ry * 0.15
    for side in (-1, 1):
        img = blob(img, cx + side * ex, ey, rx * 0.26, ry * 0.10, (60, 70, 90), 0.85)  # eye socket
        img = blob(img, cx + side * ex, ey, rx * 0.16, ry * 0.045, (235, 235, 235), 0.9)  # white
        img = blob(img, cx + side * ex, ey, rx * 0.07, ry * 0.045, (25, 25, 30), 1.0)  # iris
        img = blob(img, cx + side * ex, ey - ry * 0.16, rx * 0.24, ry * 0.035, (25, 30, 40), 1.0)  # brow
        img = blob(img, cx + side * rx * 0.11, cy + ry * 0.20, rx * 0.06, ry * 0.03, (40, 50, 80), 0.9)
    img = blob(img, cx, cy, rx * 0.08, ry * 0.20, (170, 210, 250), 0.6)  # nose bridge
    img = blob(img, cx, cy + ry * 0.43, rx * 0.30, ry * 0.055, (50, 50, 140), 1.0)  # mouth
    return _u8(img)


# --- backgrounds ----------------------------------------------------------------------------
def desk(width: int, height: int, *, seed: int = 1) -> Image:
    """A wooden desk top: warm brown with grain streaks and a little noise."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    grain = np.sin(yy / 9.0 + 3 * np.sin(xx / 170.0) + 1.5 * np.sin(yy / 55.0)) * 0.5 + 0.5
    grain = cv2.GaussianBlur(grain, (0, 0), 1.5)
    base = np.array([45, 85, 130], np.float32)  # BGR
    img = base * (0.78 + 0.3 * grain[..., None])
    img += rng.normal(0, 3, img.shape).astype(np.float32)
    light = 1.05 - 0.25 * (((xx - width * 0.4) / width) ** 2 + ((yy - height * 0.3) / height) ** 2)
    return _u8(img * light[..., None])


def room(width: int, height: int) -> Image:
    """A plain office wall behind a person, lit from above."""
    yy = np.linspace(0, 1, height, dtype=np.float32)[:, None, None]
    wall = np.array([200, 205, 200], np.float32) * (1.0 - 0.15 * yy)
    return _u8(np.broadcast_to(wall, (height, width, 3)))


# --- documents ------------------------------------------------------------------------------
def _font(path: Path, size_px: float) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), max(1, round(size_px)))


def _to_bgra(picture: PilImage.Image, corner_radius_px: int) -> Image:
    rgba = np.array(picture.convert("RGBA"))
    if corner_radius_px:
        mask = PilImage.new("L", picture.size, 0)
        ImageDraw.Draw(mask).rounded_rectangle(
            (0, 0, picture.size[0] - 1, picture.size[1] - 1), corner_radius_px, fill=255
        )
        rgba[..., 3] = np.array(mask)
    return cv2.cvtColor(rgba, cv2.COLOR_RGBA2BGRA)


def mrz_font_size(pitch_mm: float = MRZ_PITCH_MM, ocrb: Path = OCRB_FONT) -> float:
    """The OCR-B size in pixels whose characters advance ``pitch_mm`` at ``PX_PER_MM``."""
    probe = _font(ocrb, 100)
    return 100 * pitch_mm * PX_PER_MM / probe.getlength("<")


def draw_mrz(
    draw: ImageDraw.ImageDraw,
    lines: list[str],
    *,
    left_px: float,
    bottom_px: float,
    fonts: SceneFonts,
    line_mm: float = 4.6,
) -> None:
    """MRZ lines in OCR-B at 10 characters to the inch, the last one ending ``bottom_px`` down."""
    font = _font(fonts.require_ocrb(), mrz_font_size(ocrb=fonts.ocrb))
    step = line_mm * PX_PER_MM
    top = bottom_px - step * len(lines)
    for index, line in enumerate(lines):
        draw.text((left_px, top + index * step), line, font=font, fill=(20, 20, 20))


def id_card_front(
    face: Image,
    fonts: SceneFonts,
    *,
    title: str = "IDENTITY CARD",
    rows: tuple[tuple[str, str], ...] = (),
    qr: Image | None = None,
) -> Image:
    """An ID-1 card front, BGRA with rounded corners: a coloured band, the photo, text rows, a QR."""
    width, height = document_size(ID1_MM)
    card = PilImage.new("RGB", (width, height), (236, 240, 232))
    draw = ImageDraw.Draw(card)
    for y in range(height):  # a faint guilloche-like tint, as printed security backgrounds have
        tint = int(8 * math.sin(y / 11.0))
        draw.line([(0, y), (width, y)], fill=(236 + tint // 2, 240, 228 - tint))
    draw.rectangle((0, 0, width, 95), fill=(160, 30, 40))
    draw.text((30, 22), title, font=_font(fonts.bold, 44), fill=(255, 240, 200))
    draw.text((width - 250, 108), "SPECIMEN", font=_font(fonts.bold, 30), fill=(200, 60, 60))
    photo = PilImage.fromarray(
        cv2.cvtColor(cv2.resize(face, (230, 290), interpolation=cv2.INTER_AREA), cv2.COLOR_BGR2RGB)
    )
    card.paste(photo, (36, 150))
    small, regular = _font(fonts.text, 22), _font(fonts.bold, 30)
    y = 150
    for name, value in rows:
        draw.text((300, y), name, font=small, fill=(80, 80, 80))
        draw.text((300, y + 26), value, font=regular, fill=(15, 15, 15))
        y += 74
    if qr is not None:
        side = 215
        code = PilImage.fromarray(cv2.resize(qr, (side, side), interpolation=cv2.INTER_NEAREST))
        card.paste(code.convert("RGB"), (width - side - 30, height - side - 30))
    return _to_bgra(card, round(3.18 * PX_PER_MM))


def id_card_back(mrz_lines: list[str], fonts: SceneFonts, *, rows: tuple[tuple[str, str], ...] = ()) -> Image:
    """An ID-1 card back, BGRA: text rows above a TD1 machine-readable zone on a white band."""
    width, height = document_size(ID1_MM)
    card = PilImage.new("RGB", (width, height), (232, 236, 240))
    draw = ImageDraw.Draw(card)
    small, regular = _font(fonts.text, 22), _font(fonts.bold, 26)
    y = 30
    for name, value in rows:
        draw.text((40, y), f"{name}: {value}", font=regular if y == 30 else small, fill=(30, 30, 30))
        y += 36
    band_top = height - round(20.5 * PX_PER_MM)
    draw.rectangle((0, band_top, width, height), fill=(250, 250, 248))
    draw_mrz(
        draw,
        mrz_lines,
        left_px=(width - 30 * MRZ_PITCH_MM * PX_PER_MM) / 2,
        bottom_px=height - 2.5 * PX_PER_MM,
        fonts=fonts,
    )
    return _to_bgra(card, round(3.18 * PX_PER_MM))


def passport_page(mrz_lines: list[str], face: Image, fonts: SceneFonts) -> Image:
    """A passport data page (ID-3), BGRA: photo, a few words, a TD3 machine-readable zone."""
    width, height = document_size(PASSPORT_PAGE_MM)
    page = PilImage.new("RGB", (width, height), (238, 236, 226))
    draw = ImageDraw.Draw(page)
    draw.text((40, 30), "PASSPORT  SPECIMEN", font=_font(fonts.bold, 40), fill=(40, 40, 110))
    photo = PilImage.fromarray(
        cv2.cvtColor(cv2.resize(face, (280, 350), interpolation=cv2.INTER_AREA), cv2.COLOR_BGR2RGB)
    )
    page.paste(photo, (40, 100))
    draw_mrz(
        draw,
        mrz_lines,
        left_px=(width - 44 * MRZ_PITCH_MM * PX_PER_MM) / 2,
        bottom_px=height - 4 * PX_PER_MM,
        fonts=fonts,
        line_mm=5.0,
    )
    return _to_bgra(page, 0)


def receipt(qr: Image, lines: list[str], fonts: SceneFonts, *, width_mm: float = 80.0) -> Image:
    """A printed slip (thermal paper), BGRA: a few lines of text and the QR code below them."""
    width = round(width_mm * PX_PER_MM)
    side = round(38 * PX_PER_MM)
    height = 120 + 48 * len(lines) + side + 80
    slip = PilImage.new("RGB", (width, height), (246, 246, 242))
    draw = ImageDraw.Draw(slip)
    font = _font(fonts.bold, 34)
    for index, line in enumerate(lines):
        draw.text((40, 60 + index * 48), line, font=font, fill=(25, 25, 25))
    code = PilImage.fromarray(cv2.resize(qr, (side, side), interpolation=cv2.INTER_NEAREST))
    slip.paste(code.convert("RGB"), ((width - side) // 2, 100 + 48 * len(lines)))
    return _to_bgra(slip, 0)


def qr_matrix(payload: str, *, border: int = 4) -> Image:
    """A QR code, one pixel per module, black on white (grey ``H x W``)."""
    import qrcode

    code = qrcode.QRCode(border=border, box_size=1, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(payload)
    code.make(fit=True)
    matrix = np.array(code.get_matrix(), dtype=bool)
    return np.where(matrix, 0, 255).astype(np.uint8)


# --- placing documents in a scene ------------------------------------------------------------
def tilted_quad(
    document_px: tuple[int, int],
    *,
    frame: tuple[int, int],
    centre: tuple[float, float],
    width_px: float,
    yaw_deg: float = 0.0,
    pitch_deg: float = 0.0,
    roll_deg: float = 0.0,
    focal_px: float = 1100.0,
) -> Quad:
    """Where the corners of a flat document land in the frame when it is turned ``yaw`` (about
    its vertical axis), ``pitch`` (horizontal axis) and ``roll`` (in its plane) in front of a
    pinhole camera, with its centre at ``centre`` and its unturned width ``width_px``."""
    w, h = document_px
    half = np.array(
        [[-w / 2, -h / 2, 0], [w / 2, -h / 2, 0], [w / 2, h / 2, 0], [-w / 2, h / 2, 0]], np.float64
    )
    scale = width_px / w
    yaw, pitch, roll = (math.radians(v) for v in (yaw_deg, pitch_deg, roll_deg))
    rz = np.array([[math.cos(roll), -math.sin(roll), 0], [math.sin(roll), math.cos(roll), 0], [0, 0, 1]])
    ry = np.array([[math.cos(yaw), 0, math.sin(yaw)], [0, 1, 0], [-math.sin(yaw), 0, math.cos(yaw)]])
    rx = np.array([[1, 0, 0], [0, math.cos(pitch), -math.sin(pitch)], [0, math.sin(pitch), math.cos(pitch)]])
    points = (half * scale) @ (rx @ ry @ rz).T
    depth = focal_px + points[:, 2]
    projected = points[:, :2] * (focal_px / depth)[:, None]
    del frame  # the frame size only bounds where callers put the centre
    return np.asarray(projected + np.array(centre), dtype=np.float32)


DIFFUSE_WHITE = 0.93
"""Paper and plastic reflect light diffusely: a well-exposed camera shows their white at about
237 of 255; only a reflection (glare) burns out to 255."""


def place(background: Image, document: Image, corners: Quad, *, shadow: bool = True) -> Image:
    """``document`` (BGRA, its alpha the outline) warped onto a copy of ``background`` at
    ``corners``, its colours as a lit, diffusely reflecting surface shows them (``DIFFUSE_WHITE``)."""
    h, w = document.shape[:2]
    source = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], np.float32)
    matrix = cv2.getPerspectiveTransform(source, corners.astype(np.float32))
    size = (background.shape[1], background.shape[0])
    warped = cv2.warpPerspective(document[..., :3], matrix, size, flags=cv2.INTER_LINEAR)
    alpha = (
        cv2.warpPerspective(document[..., 3], matrix, size, flags=cv2.INTER_LINEAR).astype(np.float32) / 255
    )
    out = background.astype(np.float32)
    if shadow:
        soft = cv2.GaussianBlur(alpha, (0, 0), 6)
        soft = np.roll(soft, (6, 8), axis=(0, 1))
        out *= 1 - 0.35 * soft[..., None]
    out = np.asarray(
        out * (1 - alpha[..., None]) + warped.astype(np.float32) * DIFFUSE_WHITE * alpha[..., None],
        np.float32,
    )
    return _u8(out)


def selfie(
    face: Image,
    *,
    frame: tuple[int, int] = (1280, 720),
    centre: tuple[float, float] | None = None,
    face_width_px: int = 330,
    brightness: float = 1.0,
) -> Image:
    """A person in front of the kiosk: the face (with a little neck and shoulders) on an office wall."""
    width, height = frame
    scene = room(width, height).astype(np.float32)
    cx, cy = centre if centre is not None else (width / 2, height * 0.47)
    size = round(face_width_px / 0.6)
    shoulders_top = int(cy + size * 0.42)
    cv2.ellipse(
        scene,
        (int(cx), shoulders_top + size // 2),
        (int(size * 0.75), size // 2),
        0,
        180,
        360,
        (90, 70, 60),
        -1,
    )
    cv2.rectangle(
        scene,
        (int(cx - size * 0.75), shoulders_top + size // 2),
        (int(cx + size * 0.75), height),
        (90, 70, 60),
        -1,
    )
    cv2.rectangle(
        scene,
        (int(cx - size * 0.1), int(cy + size * 0.3)),
        (int(cx + size * 0.1), shoulders_top + 20),
        (115, 150, 200),
        -1,
    )
    wall = tuple(
        int(v) for v in scene[int(min(max(cy, 0), height - 1)), int(min(max(cx - size / 2, 0), width - 1))]
    )
    drawn = synthetic_face(size, background=(wall[0], wall[1], wall[2])).astype(np.float32)
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
    head = (((xx - size / 2) / (size * 0.36)) ** 2 + ((yy - size * 0.5) / (size * 0.46)) ** 2) <= 1
    mask = cv2.GaussianBlur(head.astype(np.float32), (0, 0), 2)[..., None]
    x0, y0 = int(cx - size / 2), int(cy - size / 2)
    x1, y1 = max(x0, 0), max(y0, 0)
    x2, y2 = min(x0 + size, width), min(y0 + size, height)
    if x2 > x1 and y2 > y1:
        part = drawn[y1 - y0 : y2 - y0, x1 - x0 : x2 - x0]
        m = mask[y1 - y0 : y2 - y0, x1 - x0 : x2 - x0]
        scene[y1:y2, x1:x2] = scene[y1:y2, x1:x2] * (1 - m) + part * m
    return _u8(scene * brightness)


# --- what goes wrong in front of a camera ------------------------------------------------------
def defocus(image: Image, sigma: float) -> Image:
    """Out of focus (or moved during the exposure, roughly)."""
    return cv2.GaussianBlur(image, (0, 0), sigma)


def motion_blur(image: Image, length_px: int, angle_deg: float = 0.0) -> Image:
    kernel = np.zeros((length_px, length_px), np.float32)
    kernel[length_px // 2, :] = 1.0 / length_px
    rotation = cv2.getRotationMatrix2D((length_px / 2 - 0.5, length_px / 2 - 0.5), angle_deg, 1.0)
    kernel = np.asarray(cv2.warpAffine(kernel, rotation, (length_px, length_px)), np.float32)
    kernel /= max(float(kernel.sum()), 1e-6)
    return cv2.filter2D(image, -1, kernel)


def glare(image: Image, centre: tuple[float, float], radius_px: float, strength: float = 1.6) -> Image:
    """A reflection of a ceiling light: a bright spot that burns the picture out in its middle."""
    h, w = image.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    spot = np.exp(-(((xx - centre[0]) ** 2 + (yy - centre[1]) ** 2) / (2 * (radius_px / 2) ** 2)))
    out = image.astype(np.float32) + strength * 255 * spot[..., None]
    return _u8(out)


def darken(image: Image, factor: float) -> Image:
    return _u8(image.astype(np.float32) * factor)


def sensor_noise(image: Image, sigma: float, *, seed: int) -> Image:
    rng = np.random.default_rng(seed)
    noise = rng.normal(0, sigma, image.shape).astype(np.float32)
    return _u8(image.astype(np.float32) + noise)

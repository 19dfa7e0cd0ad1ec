"""Faces for selfies: OpenCV's Haar face detector (shipped inside opencv-python-headless 4.x,
``cv2.data``; nothing is downloaded) and the checks of a good selfie: one face, centred, large
enough, well lit, still and sharp.

Sharpness of a face cannot be measured on a card outline; it is estimated from the strongest
brightness steps in the face (hairline, eyes, the outline of the face): a step of height H
blurred with sigma s has a steepest slope of H / (s * sqrt(2 pi)), so the ratio of the face's
contrast range to its steepest slopes grows with the blur, independently of the lighting. The
face is measured at a fixed size (160 px), so the verdict is about the face's own detail.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from drivers.camera.base import Image
from drivers.vision.quality import Advice

WORK_WIDTH = 640
CASCADE_FILE = "haarcascade_frontalface_alt2.xml"


def default_cascade() -> Path:
    """The frontal-face cascade inside the OpenCV wheel."""
    from cv2 import data as opencv_data  # the wheel's data package; cv2's stubs do not list it

    return Path(opencv_data.haarcascades) / CASCADE_FILE


@dataclass(frozen=True)
class FaceBox:
    """A face in frame pixels."""

    x: int
    y: int
    width: int
    height: int

    @property
    def centre(self) -> tuple[float, float]:
        return self.x + self.width / 2, self.y + self.height / 2

    def shift_from(self, other: FaceBox) -> float:
        """Movement of the centre since ``other``, as a share of this face's width."""
        (ax, ay), (bx, by) = self.centre, other.centre
        return float(np.hypot(ax - bx, ay - by)) / max(self.width, 1)


class FaceDetector:
    """Finds frontal faces. One detector per thread (OpenCV's cascade object is not shared);
    ``detect`` takes 8-12 ms on a 1280 x 720 frame."""

    def __init__(self, cascade: Path | None = None) -> None:
        path = cascade or default_cascade()
        self._path = path
        self._local = threading.local()
        if not path.is_file():
            raise FileNotFoundError(f"face detector model not found: {path}")

    def _classifier(self) -> cv2.CascadeClassifier:
        classifier = getattr(self._local, "classifier", None)
        if classifier is None:
            classifier = cv2.CascadeClassifier(str(self._path))
            if classifier.empty():
                raise FileNotFoundError(f"face detector model cannot be loaded: {self._path}")
            self._local.classifier = classifier
        return classifier

    def detect(self, image: Image) -> list[FaceBox]:
        """Faces in ``image``, largest first."""
        height, width = image.shape[:2]
        scale = min(1.0, WORK_WIDTH / width)
        small = (
            cv2.resize(image, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA)
            if scale < 1
            else image
        )
        grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY) if small.ndim == 3 else small
        grey = cv2.equalizeHist(grey)
        minimum = max(24, round(min(grey.shape[:2]) * 0.12))
        found = self._classifier().detectMultiScale(
            grey, scaleFactor=1.1, minNeighbors=4, minSize=(minimum, minimum)
        )
        boxes = [
            FaceBox(round(x / scale), round(y / scale), round(w / scale), round(h / scale))
            for x, y, w, h in found
        ]
        return sorted(boxes, key=lambda box: box.width * box.height, reverse=True)


@dataclass(frozen=True)
class FaceThresholds:
    min_width_fraction: float = 0.20
    """The face must be at least this share of the frame's width..."""
    max_width_fraction: float = 0.55
    """...and at most this (closer, the face is distorted and the forehead cut off)."""
    max_centre_offset: float = 0.12
    """How far the face's centre may be from the frame's, as a share of the frame's size."""
    min_brightness: float = 70.0
    max_brightness: float = 225.0
    max_blur: float = 1.5
    """``face_blur``: about 1.0 for a sharp face, 1.5 for a blur of 1/100 of the face's width."""
    max_shift: float = 0.04
    """Movement between two analysed frames, as a share of the face's width."""


@dataclass(frozen=True)
class FaceCheck:
    advice: Advice
    face: FaceBox | None
    faces: int = 0
    brightness: float | None = None
    blur: float | None = None
    shift: float | None = None


def face_blur(image: Image, face: FaceBox) -> float:
    """Contrast range over the steepest slopes of the face (see the module doc): ~1 when sharp."""
    roi = image[max(face.y, 0) : face.y + face.height, max(face.x, 0) : face.x + face.width]
    grey = (cv2.cvtColor(roi, cv2.COLOR_BGR2GRAY) if roi.ndim == 3 else roi).astype(np.float32)
    grey = np.asarray(cv2.resize(grey, (160, 160), interpolation=cv2.INTER_AREA), np.float32)
    gx = cv2.Sobel(grey, cv2.CV_32F, 1, 0, ksize=3) / 8
    gy = cv2.Sobel(grey, cv2.CV_32F, 0, 1, ksize=3) / 8
    steepest = float(np.percentile(np.hypot(gx, gy), 99.5))
    contrast = float(np.percentile(grey, 98) - np.percentile(grey, 2))
    return contrast / max(2.5 * steepest, 1e-6)


def assess_face(
    image: Image,
    faces: list[FaceBox],
    previous: FaceBox | None,
    thresholds: FaceThresholds = FaceThresholds(),
) -> FaceCheck:
    """The instruction for a selfie frame in which the detector found ``faces`` (largest first)."""
    t = thresholds
    if not faces:
        return FaceCheck(Advice.LOOK_AT_CAMERA, None)
    face = faces[0]
    others = [other for other in faces[1:] if other.width >= 0.5 * face.width]
    if others:
        return FaceCheck(Advice.ONE_PERSON, face, len(faces))
    height, width = image.shape[:2]
    size = face.width / width
    if size < t.min_width_fraction:
        return FaceCheck(Advice.MOVE_CLOSER, face, 1)
    if size > t.max_width_fraction:
        return FaceCheck(Advice.MOVE_BACK, face, 1)
    cx, cy = face.centre
    if abs(cx / width - 0.5) > t.max_centre_offset or abs(cy / height - 0.5) > t.max_centre_offset * 1.5:
        return FaceCheck(Advice.CENTRE_FACE, face, 1)
    roi = image[face.y : face.y + face.height, face.x : face.x + face.width]
    brightness = float((cv2.cvtColor(roi, cv2.COLOR_BGR2GRAY) if roi.ndim == 3 else roi).mean())
    shift = face.shift_from(previous) if previous is not None else None
    blur = face_blur(image, face)
    if brightness < t.min_brightness:
        advice = Advice.MORE_LIGHT
    elif brightness > t.max_brightness:
        advice = Advice.AVOID_REFLECTIONS
    elif shift is None or shift > t.max_shift:
        advice = Advice.HOLD_STILL
    elif blur > t.max_blur:
        advice = Advice.BLURRED
    else:
        advice = Advice.OK
    return FaceCheck(advice, face, 1, brightness, blur, shift)


def portrait(image: Image, face: FaceBox, size: tuple[int, int] = (480, 640)) -> Image:
    """A passport-style 3:4 crop around ``face`` (head and a little of the shoulders), resized to ``size``."""
    width = face.width * 1.9
    height = width * size[1] / size[0]
    cx, cy = face.centre
    top = cy - height * 0.45
    source = np.array(
        [
            [cx - width / 2, top],
            [cx + width / 2, top],
            [cx + width / 2, top + height],
            [cx - width / 2, top + height],
        ],
        np.float32,
    )
    target = np.array([[0, 0], [size[0] - 1, 0], [size[0] - 1, size[1] - 1], [0, size[1] - 1]], np.float32)
    matrix = cv2.getPerspectiveTransform(source, target)
    return cv2.warpPerspective(image, matrix, size, flags=cv2.INTER_AREA, borderMode=cv2.BORDER_REPLICATE)

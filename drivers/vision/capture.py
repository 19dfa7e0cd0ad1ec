"""Auto-capture: frames in, an instruction for the citizen out, and the photo once the picture has
been good and steady long enough.

``DocumentAutoCapture`` and ``FaceAutoCapture`` are plain objects fed one frame at a time (on the
vision thread, see ``LatestFrameWorker``); each call returns a ``CaptureProgress``: the current
instruction, where the card or face is (for the preview's overlay), how far the steady count
has got, and, once, the photo. Of the good frames of the steady spell, the sharpest is kept.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import cv2
import numpy as np

from drivers.camera.base import Camera, CameraEvent, CameraStopped, Frame, FrameCaptured, Image
from drivers.vision.card import RECTIFIED_SIZE, CardOutline, Quad, find_card, rectify
from drivers.vision.face import FaceBox, FaceDetector, FaceThresholds, assess_face, portrait
from drivers.vision.quality import Advice, DocumentThresholds, assess_document

log = logging.getLogger(__name__)

STEADY_S = 0.8
"""How long the picture must stay good and still before it is taken."""
MIN_STEADY_FRAMES = 4
ANALYSIS_CARD_SIZE = (428, 270)
"""Cards are judged (brightness, glare) at half the size they are kept at."""


@dataclass(frozen=True)
class DocumentPhoto:
    """A card photographed: straightened to ID-1 (``RECTIFIED_SIZE``), BGR. Personal data."""

    image: Image = field(repr=False)
    edge_width_px: float
    frame_number: int


@dataclass(frozen=True)
class FacePhoto:
    """A selfie: a 3:4 portrait around the face, BGR. Biometric data."""

    image: Image = field(repr=False)
    blur: float
    frame_number: int


Photo = DocumentPhoto | FacePhoto
P = TypeVar("P", DocumentPhoto, FacePhoto)


@dataclass(frozen=True)
class CaptureProgress(Generic[P]):
    """The verdict on one frame. ``outline`` (card corners) or ``face`` locate what was found, in
    the pixels of a ``frame_size`` frame; ``steady`` runs from 0 to 1 while the picture stays good;
    ``photo`` is set once, on the frame that completes it."""

    advice: Advice
    frame_size: tuple[int, int]
    outline: Quad | None = None
    face: FaceBox | None = None
    steady: float = 0.0
    photo: P | None = None


class DocumentAutoCapture:
    """Card photos (front or back). Thread: one thread at a time (the vision thread)."""

    def __init__(self, thresholds: DocumentThresholds | None = None, *, steady_s: float = STEADY_S) -> None:
        self.thresholds = thresholds or DocumentThresholds()
        self.steady_s = steady_s
        self.reset()

    def reset(self) -> None:
        self._previous: CardOutline | None = None
        self._good_since: float | None = None
        self._good_frames = 0
        self._best: tuple[float, Frame, CardOutline] | None = None
        self._taken = False

    def feed(self, frame: Frame) -> CaptureProgress[DocumentPhoto]:
        size = (frame.width, frame.height)
        outline = find_card(frame.image)
        card = rectify(frame.image, outline.corners, ANALYSIS_CARD_SIZE) if outline is not None else None
        check = assess_document(frame.image, outline, card, self._previous, self.thresholds)
        self._previous = outline
        corners = outline.corners if outline is not None else None
        if self._taken or check.advice != Advice.OK or check.edge_width_px is None or outline is None:
            self._good_since, self._good_frames, self._best = None, 0, None
            return CaptureProgress(check.advice, size, corners)
        if self._good_since is None:
            self._good_since = frame.captured_at
        self._good_frames += 1
        if self._best is None or check.edge_width_px < self._best[0]:
            self._best = (check.edge_width_px, frame, outline)
        steady = (
            min(1.0, (frame.captured_at - self._good_since) / self.steady_s) if self.steady_s > 0 else 1.0
        )
        if steady < 1.0 or self._good_frames < MIN_STEADY_FRAMES:
            return CaptureProgress(Advice.OK, size, corners, steady=min(steady, 0.99))
        width, best_frame, best_outline = self._best
        self._taken = True
        photo = DocumentPhoto(
            rectify(best_frame.image, best_outline.corners, RECTIFIED_SIZE), width, best_frame.number
        )
        return CaptureProgress(Advice.OK, size, corners, steady=1.0, photo=photo)


class FaceAutoCapture:
    """Selfies. No face, no capture. Thread: one thread at a time (the vision thread)."""

    def __init__(
        self,
        detector: FaceDetector | None = None,
        thresholds: FaceThresholds | None = None,
        *,
        steady_s: float = STEADY_S,
    ) -> None:
        self.detector = detector or FaceDetector()
        self.thresholds = thresholds or FaceThresholds()
        self.steady_s = steady_s
        self.reset()

    def reset(self) -> None:
        self._previous: FaceBox | None = None
        self._good_since: float | None = None
        self._good_frames = 0
        self._best: tuple[float, Frame, FaceBox] | None = None
        self._taken = False

    def feed(self, frame: Frame) -> CaptureProgress[FacePhoto]:
        size = (frame.width, frame.height)
        faces = self.detector.detect(frame.image)
        check = assess_face(frame.image, faces, self._previous, self.thresholds)
        self._previous = check.face
        if self._taken or check.advice != Advice.OK or check.face is None or check.blur is None:
            self._good_since, self._good_frames, self._best = None, 0, None
            return CaptureProgress(check.advice, size, face=check.face)
        if self._good_since is None:
            self._good_since = frame.captured_at
        self._good_frames += 1
        if self._best is None or check.blur < self._best[0]:
            self._best = (check.blur, frame, check.face)
        steady = (
            min(1.0, (frame.captured_at - self._good_since) / self.steady_s) if self.steady_s > 0 else 1.0
        )
        if steady < 1.0 or self._good_frames < MIN_STEADY_FRAMES:
            return CaptureProgress(Advice.OK, size, face=check.face, steady=min(steady, 0.99))
        blur, best_frame, best_face = self._best
        self._taken = True
        photo = FacePhoto(portrait(best_frame.image, best_face), blur, best_frame.number)
        return CaptureProgress(Advice.OK, size, face=check.face, steady=1.0, photo=photo)


R = TypeVar("R")


class LatestFrameWorker(Generic[R]):
    """Runs ``analyse`` on the newest frame of a camera on a thread of its own (``vision``),
    dropping frames that arrive while it is busy, so a slow analysis never holds up the camera
    or piles up. ``on_result`` and ``on_stopped`` (the camera's ``CameraStopped`` reason) are
    called on the vision thread."""

    def __init__(
        self,
        camera: Camera,
        analyse: Callable[[Frame], R],
        on_result: Callable[[Frame, R], None],
        on_stopped: Callable[[str], None],
    ) -> None:
        self._camera = camera
        self._analyse = analyse
        self._on_result = on_result
        self._on_stopped = on_stopped
        self._pending: Frame | None = None
        self._stopped_reason: str | None = None
        self._wake = threading.Condition()
        self._running = False
        self._thread: threading.Thread | None = None
        self.analysed = 0
        self.dropped = 0

    def start(self) -> None:
        if self._running:
            return
        self._running = True
        self._camera.subscribe(self._on_event)
        self._thread = threading.Thread(target=self._run, name="vision", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._camera.unsubscribe(self._on_event)
        with self._wake:
            self._running = False
            self._wake.notify_all()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5)
        self._thread = None

    def _on_event(self, event: CameraEvent) -> None:  # camera thread: hand over, never wait
        with self._wake:
            if isinstance(event, FrameCaptured):
                if self._pending is not None:
                    self.dropped += 1
                self._pending = event.frame
            elif isinstance(event, CameraStopped):
                self._stopped_reason = event.reason
            self._wake.notify()

    def _run(self) -> None:
        while True:
            with self._wake:
                while self._running and self._pending is None and self._stopped_reason is None:
                    self._wake.wait()
                if not self._running:
                    return
                frame, self._pending = self._pending, None
                stopped, self._stopped_reason = self._stopped_reason, None
            if frame is not None:
                try:
                    result = self._analyse(frame)
                except Exception as exc:  # a bad frame must not end the capture
                    log.error("frame analysis failed: %s", type(exc).__name__, exc_info=exc)
                else:
                    self.analysed += 1
                    self._on_result(frame, result)
            if stopped is not None:
                self._on_stopped(stopped)


def overlay_preview(
    image: Image,
    progress: CaptureProgress[DocumentPhoto] | CaptureProgress[FacePhoto],
    *,
    good: tuple[int, int, int] = (80, 200, 80),
    wrong: tuple[int, int, int] = (40, 170, 255),
) -> Image:
    """A copy of ``image`` with the found card outline or face box drawn on it (for previews
    without Qt, e.g. ``kiosk camera snap --out``)."""
    picture = image.copy()
    colour = good if progress.advice == Advice.OK else wrong
    if progress.outline is not None:
        cv2.polylines(picture, [np.round(progress.outline).astype(np.int32)], True, colour, 4, cv2.LINE_AA)
    if progress.face is not None:
        face = progress.face
        cv2.rectangle(
            picture, (face.x, face.y), (face.x + face.width, face.y + face.height), colour, 4, cv2.LINE_AA
        )
    return picture

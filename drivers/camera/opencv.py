"""Cameras through OpenCV: a device (``VideoCapture`` on V4L2) or a recorded source, on one thread.

A recorded source behaves like a device: the same capture thread delivers its frames at the
configured rate, a source that cannot be opened raises ``NoCamera`` at ``start()``, and a
recording that ends without looping is reported exactly as an unplugged camera
(``CameraStopped("camera_lost")``). That is how the simulator and the tests feed the kiosk.

Sources (``parse_source``):

- ``0``, ``1``, ... or ``/dev/videoN``: a device;
- ``frames/%03d.png``: a numbered image sequence (OpenCV's image-sequence reader);
- a folder, or a glob such as ``frames/*.jpg``: every image in it, in name order;
- one image file: that picture, again and again (a camera pointed at a still scene);
- any other file: a video (OpenCV's FFmpeg reader).
"""

from __future__ import annotations

import glob
import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

import cv2
import numpy as np

from drivers.camera.base import (
    CameraStopped,
    Frame,
    FrameCaptured,
    FrameListener,
    Image,
    ListenerSet,
)
from drivers.camera.errors import CameraLost, NoCamera

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff", ".pgm", ".ppm"})
DEFAULT_RECORDED_FPS = 15.0
LOST_AFTER_FAILED_READS = 10
"""A device whose reads fail this many times in a row (about a second) is reported lost."""

SourceKind = Literal["device", "images", "image", "video"]


@dataclass(frozen=True)
class CameraSource:
    """Where frames come from. ``location`` is a device index, a device node, a path or a pattern."""

    kind: SourceKind
    location: int | str

    @property
    def recorded(self) -> bool:
        return self.kind != "device"

    def describe(self) -> str:
        if self.kind == "device":
            return f"camera {self.location}"
        return f"recorded {self.kind} {Path(str(self.location)).name}"


def parse_source(text: str) -> CameraSource:
    """Reads a source as written in the configuration or on the command line (see the module doc).

    Never touches the device; a missing file is only reported by ``start()``."""
    value = text.strip()
    if not value:
        raise ValueError("empty camera source")
    if value.isdigit():
        return CameraSource("device", int(value))
    if value.startswith("/dev/video"):
        return CameraSource("device", value)
    if "%" in value:
        return CameraSource("images", value)
    path = Path(value).expanduser()
    if path.is_dir() or any(mark in value for mark in "*?["):
        return CameraSource("images", str(path))
    if path.suffix.lower() in IMAGE_SUFFIXES:
        return CameraSource("image", str(path))
    return CameraSource("video", str(path))


class FrameReader(Protocol):
    """Reads frames from one opened source; ``read`` returns ``None`` at its end or on a failure."""

    def read(self) -> Image | None: ...

    def rewind(self) -> bool:
        """Goes back to the first frame; False when the source cannot."""
        ...

    def close(self) -> None: ...


class _VideoCaptureReader:
    """Devices, videos and numbered sequences through ``cv2.VideoCapture``."""

    def __init__(self, source: CameraSource, width: int, height: int, fps: float | None) -> None:
        self._source = source
        self._capture = self._open(width, height, fps)
        self.native_fps = float(self._capture.get(cv2.CAP_PROP_FPS) or 0.0)

    def _open(self, width: int, height: int, fps: float | None) -> cv2.VideoCapture:
        source = self._source
        if source.kind == "device":
            capture = cv2.VideoCapture(source.location, cv2.CAP_V4L2)
            if capture.isOpened():
                capture.set(cv2.CAP_PROP_FRAME_WIDTH, width)
                capture.set(cv2.CAP_PROP_FRAME_HEIGHT, height)
                if fps:
                    capture.set(cv2.CAP_PROP_FPS, fps)
                capture.set(cv2.CAP_PROP_BUFFERSIZE, 1)  # the newest frame, not a backlog
        elif source.kind == "images":
            capture = cv2.VideoCapture(str(source.location), cv2.CAP_IMAGES)
        else:
            capture = cv2.VideoCapture(str(source.location), cv2.CAP_FFMPEG)
        if not capture.isOpened():
            capture.release()
            raise NoCamera(f"{source.describe()} cannot be opened")
        return capture

    def read(self) -> Image | None:
        ok, image = self._capture.read()
        if not ok or image is None:
            return None
        return _as_bgr(image)

    def rewind(self) -> bool:
        if self._source.kind == "device":
            return False
        if self._source.kind == "images":  # the image-sequence reader does not seek back reliably
            self._capture.release()
            self._capture = cv2.VideoCapture(str(self._source.location), cv2.CAP_IMAGES)
            return bool(self._capture.isOpened())
        return bool(self._capture.set(cv2.CAP_PROP_POS_FRAMES, 0))

    def close(self) -> None:
        self._capture.release()


class _ImageFilesReader:
    """A folder, a glob or one image, in name order, each decoded when its turn comes."""

    native_fps = 0.0

    def __init__(self, source: CameraSource) -> None:
        location = Path(str(source.location))
        if source.kind == "image":
            files = [location] if location.is_file() else []
        elif location.is_dir():
            files = sorted(p for p in location.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        else:
            files = sorted(
                Path(p) for p in glob.glob(str(location)) if Path(p).suffix.lower() in IMAGE_SUFFIXES
            )
        if not files or cv2.imread(str(files[0]), cv2.IMREAD_COLOR) is None:
            raise NoCamera(f"{source.describe()} has no readable image")
        self._files = files
        self._next = 0

    def read(self) -> Image | None:
        if self._next >= len(self._files):
            return None
        image = cv2.imread(str(self._files[self._next]), cv2.IMREAD_COLOR)
        self._next += 1
        return None if image is None else _as_bgr(image)

    def rewind(self) -> bool:
        self._next = 0
        return True

    def close(self) -> None:
        self._files = []


def _as_bgr(image: np.ndarray) -> Image:
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    elif image.shape[2] == 4:
        image = cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    return np.ascontiguousarray(image, dtype=np.uint8)


class OpenCvCamera:
    """A camera on its own capture thread (named ``camera``), a device or a recorded source.

    ``fps`` paces recorded sources (default: the video's own rate, else 15) and is asked of
    devices; ``loop`` (recorded sources only, default on) starts a recording over at its end,
    otherwise the end is reported as a lost camera. ``frames_delivered`` counts since ``start()``."""

    def __init__(
        self,
        source: CameraSource | str,
        *,
        width: int = 1280,
        height: int = 720,
        fps: float | None = None,
        loop: bool = True,
    ) -> None:
        self.source = parse_source(source) if isinstance(source, str) else source
        self.width = width
        self.height = height
        self.fps = fps
        self.loop = loop
        self.frames_delivered = 0
        self._listeners = ListenerSet()
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._latest: Frame | None = None
        self._lock = threading.Lock()
        self._state = "stopped"
        self._pace_fps = fps or DEFAULT_RECORDED_FPS

    # --- Camera protocol -------------------------------------------------------------------
    def subscribe(self, listener: FrameListener) -> None:
        self._listeners.add(listener)

    def unsubscribe(self, listener: FrameListener) -> None:
        self._listeners.remove(listener)

    @property
    def running(self) -> bool:
        thread = self._thread
        return thread is not None and thread.is_alive() and not self._stopping.is_set()

    def latest(self) -> Frame | None:
        with self._lock:
            return self._latest

    def describe(self) -> str:
        return f"{self.source.describe()} ({self._state})"

    def start(self) -> None:
        if self.running:
            return
        _quiet_opencv()
        reader = self._open_reader()
        self._stopping.clear()
        with self._lock:
            self._latest = None
        self.frames_delivered = 0
        self._state = "running"
        self._thread = threading.Thread(target=self._run, args=(reader,), name="camera", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5)
        self._thread = None
        if self._state == "running":
            self._state = "stopped"

    # --- capture thread --------------------------------------------------------------------
    def _open_reader(self) -> FrameReader:
        source = self.source
        if source.kind in ("device", "video") or (source.kind == "images" and "%" in str(source.location)):
            reader = _VideoCaptureReader(source, self.width, self.height, self.fps)
            self._pace_fps = self.fps or reader.native_fps or DEFAULT_RECORDED_FPS
            return reader
        self._pace_fps = self.fps or DEFAULT_RECORDED_FPS
        return _ImageFilesReader(source)

    def _run(self, reader: FrameReader) -> None:
        period = 1.0 / self._pace_fps if self.source.recorded else 0.0
        next_due = time.monotonic()
        failures = 0
        number = 0
        try:
            while not self._stopping.is_set():
                image = reader.read()
                if image is None and self.source.recorded and self.loop and reader.rewind():
                    image = reader.read()
                if image is None:
                    failures += 1
                    if self.source.recorded or failures >= LOST_AFTER_FAILED_READS:
                        self._lose(CameraLost(f"{self.source.describe()} stopped sending frames"))
                        return
                    self._stopping.wait(0.1)
                    continue
                failures = 0
                if period:
                    next_due += period
                    delay = next_due - time.monotonic()
                    if delay > 0 and self._stopping.wait(delay):
                        return
                    if delay < -period:  # fell behind (a slow machine): do not burst to catch up
                        next_due = time.monotonic()
                image.setflags(write=False)
                frame = Frame(image=image, number=number, captured_at=time.monotonic())
                number += 1
                with self._lock:
                    self._latest = frame
                self.frames_delivered = number
                self._listeners.notify(FrameCaptured(frame), self._listener_failed)
        finally:
            reader.close()

    def _lose(self, error: CameraLost) -> None:
        log.warning("camera lost: %s", error)
        self._state = "lost"
        self._stopping.set()
        self._listeners.notify(CameraStopped(error.reason), self._listener_failed)

    def _listener_failed(self, exc: BaseException) -> None:
        log.error("camera listener failed: %s", type(exc).__name__, exc_info=exc)


_quiet_lock = threading.Lock()


def _quiet_opencv() -> None:
    """OpenCV prints a warning line for every device it cannot open; we raise ``NoCamera`` instead."""
    with _quiet_lock:
        cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)

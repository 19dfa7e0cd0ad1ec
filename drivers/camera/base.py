"""The camera interface: frames delivered from the camera's own thread, and how a camera fails.

A camera runs one capture thread from ``start()`` to ``stop()``. Every frame goes to the
subscribed listeners on that thread, as ``FrameCaptured``; when the camera stops giving frames
in the middle of a session the listeners get one ``CameraStopped`` and the thread ends. A Qt
layer must hand events to the GUI thread as queued signals, and must not keep the camera thread
waiting: slow work (card finding, face detection, OCR) belongs on a thread of its own that
takes the latest frame (``drivers.vision.analysis.LatestFrameWorker``).

Frames are pictures of citizens and their documents: personal data, never logged or written
anywhere except where a flow decides to keep a capture.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy.typing as npt

from drivers.camera.errors import CameraLost, CaptureTimedOut

Image = npt.NDArray[Any]
"""An 8-bit picture: ``H x W x 3`` in OpenCV's BGR order, or ``H x W`` grey."""


@dataclass(frozen=True)
class Frame:
    """One picture from a camera. ``image`` is read-only (listeners on other threads share it)."""

    image: Image = field(repr=False)
    number: int
    """Counts from 0 at ``start()``."""
    captured_at: float
    """``time.monotonic()`` when the frame was taken."""

    @property
    def width(self) -> int:
        return int(self.image.shape[1])

    @property
    def height(self) -> int:
        return int(self.image.shape[0])


@dataclass(frozen=True)
class FrameCaptured:
    frame: Frame


@dataclass(frozen=True)
class CameraStopped:
    """The camera stopped giving frames by itself; ``reason`` is a ``CameraError`` reason key.

    Not sent for ``stop()``: a caller that stops the camera knows it did."""

    reason: str


CameraEvent = FrameCaptured | CameraStopped
FrameListener = Callable[[CameraEvent], None]


class Camera(Protocol):
    """A camera. ``start``/``stop`` from any one controlling thread; listeners run on the camera's thread."""

    def subscribe(self, listener: FrameListener) -> None: ...

    def unsubscribe(self, listener: FrameListener) -> None: ...

    def start(self) -> None:
        """Opens the source and starts the capture thread; raises ``NoCamera`` when the source
        cannot be opened. Starting a running camera does nothing."""
        ...

    def stop(self) -> None:
        """Stops the capture thread and releases the source; safe to call twice."""
        ...

    @property
    def running(self) -> bool: ...

    def latest(self) -> Frame | None:
        """The most recent frame since ``start()``, if any."""
        ...

    def describe(self) -> str:
        """The source and its state, for technicians (no image data)."""
        ...


class ListenerSet:
    """Thread-safe listeners of a camera; a listener that raises is reported, never kills the thread."""

    def __init__(self) -> None:
        self._listeners: list[FrameListener] = []
        self._lock = threading.Lock()

    def add(self, listener: FrameListener) -> None:
        with self._lock:
            if listener not in self._listeners:
                self._listeners.append(listener)

    def remove(self, listener: FrameListener) -> None:
        with self._lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    def notify(self, event: CameraEvent, on_error: Callable[[BaseException], None]) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(event)
            except Exception as exc:  # a listener's bug must not stop the camera for everyone
                on_error(exc)


def wait_for_frame(camera: Camera, *, timeout_s: float = 5.0, skip: int = 0) -> Frame:
    """Blocks until the running camera delivers a frame (after skipping ``skip`` frames, which lets
    a device settle its exposure); raises ``CameraLost`` or ``CaptureTimedOut``.

    Thread: any thread but the camera's own."""
    arrived = threading.Event()
    result: dict[str, object] = {}
    seen = 0

    def listener(event: CameraEvent) -> None:
        nonlocal seen
        if arrived.is_set():
            return
        if isinstance(event, CameraStopped):
            result["stopped"] = event.reason
            arrived.set()
            return
        seen += 1
        if seen > skip:
            result["frame"] = event.frame
            arrived.set()

    camera.subscribe(listener)
    try:
        deadline = time.monotonic() + timeout_s
        while not arrived.wait(0.05):
            if time.monotonic() > deadline:
                raise CaptureTimedOut(f"no frame within {timeout_s:g} s from {camera.describe()}")
            if not camera.running:
                raise CameraLost(f"{camera.describe()} is not running")
    finally:
        camera.unsubscribe(listener)
    frame = result.get("frame")
    if not isinstance(frame, Frame):
        raise CameraLost(f"{camera.describe()} stopped ({result.get('stopped')})")
    return frame

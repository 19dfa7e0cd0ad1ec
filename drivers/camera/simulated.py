"""The camera of ``kiosk run --simulate``: sample scenes played as a person would show them.

Each scene is a still picture in a folder (``resources/camera/``: ``card-front.jpg``,
``card-back.jpg``, ``selfie.jpg``, ``receipt-qr.jpg``, ``passport.jpg``). When a scene is
presented the camera plays it as someone holding the thing up to it: first too far away
(about a second), then coming closer and moving, then held still. Every frame gets a little
sensor noise, as a real camera's would. The capture screens thus go through "move closer",
"hold still" and the automatic capture by themselves.

It is an ``OpenCvCamera`` underneath: the same capture thread, pacing and events; only the
frames come from the scene instead of a device.
"""

from __future__ import annotations

import threading
from pathlib import Path

import cv2
import numpy as np

from drivers.camera.base import Image
from drivers.camera.errors import NoCamera
from drivers.camera.opencv import CameraSource, FrameReader, OpenCvCamera

SCENES = ("card-front", "card-back", "selfie", "receipt-qr", "passport")
FAR_FRAMES = 14
"""Frames shown too far away (about a second at 15 frames a second)."""
APPROACH_FRAMES = 12
"""Frames of coming closer, moving."""
FAR_ZOOM = 0.45


class _SceneReader:
    """Frames of the presented scene along the hand-held script; ``present`` restarts the script."""

    def __init__(self, folder: Path, scene: str, *, approach: bool) -> None:
        self._folder = folder
        self._lock = threading.Lock()
        self._still: Image | None = None
        self._step = 0
        self._approach = approach
        self._noise: list[Image] | None = None
        self._rng = np.random.default_rng(7)
        self.present(scene, approach=approach)

    def present(self, scene: str, *, approach: bool) -> None:
        still = cv2.imread(str(self._folder / f"{scene}.jpg"), cv2.IMREAD_COLOR)
        if still is None:
            raise NoCamera(f"simulated camera has no scene '{scene}' in {self._folder.name}")
        with self._lock:
            self._still = still
            self._step = 0
            self._approach = approach
            if self._noise is None or self._noise[0].shape != still.shape:
                self._noise = [np.asarray(self._rng.normal(0, 2.5, still.shape), np.int16) for _ in range(4)]

    def read(self) -> Image | None:
        with self._lock:
            still, step, approach, noise = self._still, self._step, self._approach, self._noise
            self._step += 1
        if still is None or noise is None:
            return None
        height, width = still.shape[:2]
        if approach and step < FAR_FRAMES + APPROACH_FRAMES:
            if step < FAR_FRAMES:
                zoom, dx, dy = FAR_ZOOM, 6 * np.sin(step / 3), 4 * np.cos(step / 4)
            else:
                t = (step - FAR_FRAMES + 1) / APPROACH_FRAMES
                zoom = FAR_ZOOM + (1 - FAR_ZOOM) * t
                dx, dy = 40 * (1 - t) * np.sin(step * 1.3), 25 * (1 - t) * np.cos(step * 1.1)
            matrix = cv2.getRotationMatrix2D((width / 2, height / 2), 2.0 * np.sin(step / 5), zoom)
            matrix[:, 2] += (dx, dy)
            # around the shrunken scene: more of the same surface (a corner of the scene, enlarged),
            # blended in over a wide margin so that the scene's own border draws no outline
            surround = cv2.resize(
                still[: height // 6, : width // 6], (width, height), interpolation=cv2.INTER_LINEAR
            )
            moved = cv2.warpAffine(still, matrix, (width, height), flags=cv2.INTER_LINEAR)
            weight = cv2.warpAffine(
                self._feather(height, width), matrix, (width, height), flags=cv2.INTER_LINEAR
            )
            frame = (moved * weight[..., None] + surround * (1 - weight[..., None])).astype(np.uint8)
        else:
            frame = still
        noisy = frame.astype(np.int16) + noise[step % len(noise)]
        return np.asarray(np.clip(noisy, 0, 255), dtype=np.uint8)

    @staticmethod
    def _feather(height: int, width: int) -> Image:
        """1 inside the scene, falling to 0 over its outer tenth."""
        ramp_y = np.clip(np.minimum(np.arange(height), np.arange(height)[::-1]) / (height * 0.1), 0, 1)
        ramp_x = np.clip(np.minimum(np.arange(width), np.arange(width)[::-1]) / (width * 0.1), 0, 1)
        return np.asarray(np.outer(ramp_y, ramp_x), np.float32)

    def rewind(self) -> bool:
        return True

    def close(self) -> None:
        with self._lock:
            self._still = None


class SimulatedCamera(OpenCvCamera):
    """Plays the scenes of ``folder`` (see the module doc). ``present(scene)`` may be called from
    any thread, running or not: the next frame shows the new scene, from the far-away start."""

    def __init__(
        self,
        folder: Path,
        *,
        scene: str = "card-front",
        fps: float = 15.0,
        width: int = 1280,
        height: int = 720,
        approach: bool = True,
    ) -> None:
        super().__init__(
            CameraSource("image", str(folder / f"{scene}.jpg")),
            width=width,
            height=height,
            fps=fps,
            loop=True,
        )
        self.folder = folder
        self.scene = scene
        self.approach = approach
        self._reader: _SceneReader | None = None

    def present(self, scene: str, *, approach: bool | None = None) -> None:
        """Shows ``scene`` (one of ``SCENES``) from now on; ``approach=False`` holds it still at once."""
        if scene not in SCENES:
            raise ValueError(f"unknown scene {scene!r}")
        self.scene = scene
        if approach is not None:
            self.approach = approach
        self.source = CameraSource("image", str(self.folder / f"{scene}.jpg"))
        if self._reader is not None:
            self._reader.present(scene, approach=self.approach)

    def describe(self) -> str:
        return f"simulated camera, scene {self.scene} ({self._state})"

    def _open_reader(self) -> FrameReader:
        self._pace_fps = self.fps or 15.0
        self._reader = _SceneReader(self.folder, self.scene, approach=self.approach)
        return self._reader

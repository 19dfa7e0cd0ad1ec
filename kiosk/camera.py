"""The kiosk's camera and its vision, chosen from the configuration (``devices.camera``).

``make_camera`` gives the configured camera (not started: the capture screens start and stop
it), ``Vision`` the analysis parts the capture screens and commands share. Nothing opens a
device or loads a model until it is used, and importing this module loads neither OpenCV nor
NumPy (about 50 MB resident): they load with the first camera or analysis part built.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.config import KioskConfig
from kiosk.errors import ConfigError

if TYPE_CHECKING:
    from drivers.camera.base import Camera
    from drivers.vision.capture import DocumentAutoCapture, FaceAutoCapture
    from drivers.vision.face import FaceDetector
    from drivers.vision.mrz import MrzReader
    from drivers.vision.ocrb import GlyphSet
    from drivers.vision.qr import QrScanner

CAMERA_RESOURCES = "camera"
GLYPH_ATLAS = "ocrb-glyphs.png"


def camera_source_text(config: KioskConfig, home: Path) -> str | None:
    """The source the configuration names (``None`` for ``none``, ``simulated`` for the simulator);
    a relative recording path is taken under ``home``."""
    value = config.devices.camera.strip()
    if value == "none":
        return None
    if value == "auto":
        return "simulated" if config.devices.simulate else "0"
    if value == "simulated" or value.isdigit() or value.startswith("/dev/"):
        return value
    path = Path(value).expanduser()
    return str(path if path.is_absolute() else home / path)


def make_camera(config: KioskConfig, home: Path, resources: Path) -> Camera | None:
    """The configured camera, not started; ``None`` when the kiosk has none. Raises ``ConfigError``
    for a source that cannot be a camera at all (an empty value)."""
    source = camera_source_text(config, home)
    if source is None:
        return None
    devices = config.devices
    if source == "simulated":
        from drivers.camera.simulated import SimulatedCamera

        return SimulatedCamera(
            resources / CAMERA_RESOURCES,
            fps=devices.camera_fps,
            width=devices.camera_width,
            height=devices.camera_height,
        )
    from drivers.camera.opencv import OpenCvCamera, parse_source

    try:
        parsed = parse_source(source)
    except ValueError as exc:
        raise ConfigError(f"devices.camera: {exc}.") from exc
    return OpenCvCamera(
        parsed, width=devices.camera_width, height=devices.camera_height, fps=devices.camera_fps
    )


@dataclass
class Vision:
    """Shared analysis parts: built once, the heavy ones (face model, glyph atlas) on first use."""

    resources: Path
    _glyphs: GlyphSet | None = field(default=None, repr=False)
    _faces: FaceDetector | None = field(default=None, repr=False)

    @property
    def glyphs(self) -> GlyphSet | None:
        """The OCR-B atlas; ``None`` when it is missing (the MRZ is then read by Tesseract)."""
        if self._glyphs is None:
            from drivers.vision.ocrb import GlyphSet

            try:
                self._glyphs = GlyphSet.load(self.resources / CAMERA_RESOURCES / GLYPH_ATLAS)
            except (FileNotFoundError, ValueError):
                return None
        return self._glyphs

    def face_detector(self) -> FaceDetector:
        if self._faces is None:
            from drivers.vision.face import FaceDetector

            self._faces = FaceDetector()
        return self._faces

    def document_capture(self) -> DocumentAutoCapture:
        from drivers.vision.capture import DocumentAutoCapture

        return DocumentAutoCapture()

    def face_capture(self) -> FaceAutoCapture:
        from drivers.vision.capture import FaceAutoCapture

        return FaceAutoCapture(self.face_detector())

    def mrz_reader(self) -> MrzReader:
        from drivers.vision.mrz import MrzReader

        return MrzReader(self.glyphs)

    @staticmethod
    def qr_scanner() -> QrScanner:
        from drivers.vision.qr import QrScanner

        return QrScanner()

"""The live camera in Qt: frames and capture progress reach the GUI thread as queued signals.

``CameraFeed`` starts the kiosk's camera and, beside it, the automatic capture on the vision
thread (``drivers.vision.capture.LatestFrameWorker``). Nothing here blocks the GUI thread or
the camera's: the camera thread only shrinks the newest frame for the preview and hands it
over, and drops it if the previous one has not been painted yet; the vision thread takes the
newest frame whenever it is free. ``CameraPreview`` paints the last frame with what was found
drawn on it: the card's outline or the face's box, green when the picture is good.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from drivers.camera.errors import CameraError
from drivers.vision.advice import Advice

if TYPE_CHECKING:  # OpenCV and NumPy load with the first feed, not with the capture screens
    from drivers.camera.base import Camera, CameraEvent, Frame
    from drivers.vision.capture import CaptureProgress, DocumentAutoCapture, FaceAutoCapture

log = logging.getLogger(__name__)

PREVIEW_WIDTH = 960
"""Frames are shrunk to this width for the preview (on the camera thread, about 1 ms)."""


class CameraFeed(QObject):
    """One capture session: the camera running, previews and progress arriving as signals.

    ``frame_shown(QImage)``, ``progressed(CaptureProgress)``, ``photo_taken(photo)`` (once) and
    ``camera_failed(reason)`` all arrive on the GUI thread. ``start``/``stop`` from the GUI thread."""

    frame_shown = Signal(QImage)
    progressed = Signal(object)
    photo_taken = Signal(object)
    camera_failed = Signal(str)

    def __init__(
        self,
        camera: Camera,
        capture: DocumentAutoCapture | FaceAutoCapture,
        *,
        preview_width: int = PREVIEW_WIDTH,
    ) -> None:
        from drivers.vision.capture import LatestFrameWorker

        super().__init__()
        self.camera = camera
        self.capture = capture
        self.preview_width = preview_width
        self._worker: LatestFrameWorker[CaptureProgress[Any]] = LatestFrameWorker(
            camera, capture.feed, self._analysed, self._stopped
        )
        self._preview_busy = threading.Event()
        self._running = False
        self._photo_sent = False
        self.frames_shown = 0
        self.frame_shown.connect(self._painted)

    @property
    def running(self) -> bool:
        return self._running

    def start(self) -> None:
        """Starts the camera and the analysis; a camera that cannot be opened is reported through
        ``camera_failed`` (after this call returns, like any later failure)."""
        if self._running:
            return
        self.capture.reset()
        self._photo_sent = False
        self._preview_busy.clear()
        try:
            self.camera.start()
        except CameraError as exc:
            reason = exc.reason
            QTimer.singleShot(0, lambda: self.camera_failed.emit(reason))
            return
        self._running = True
        self.camera.subscribe(self._on_camera_event)
        self._worker.start()

    def stop(self) -> None:
        if not self._running:
            return
        self._running = False
        self._worker.stop()
        self.camera.unsubscribe(self._on_camera_event)
        self.camera.stop()

    # --- camera thread ------------------------------------------------------------------
    def _on_camera_event(self, event: CameraEvent) -> None:
        from drivers.camera.base import FrameCaptured

        if not isinstance(event, FrameCaptured) or self._preview_busy.is_set():
            return
        self._preview_busy.set()
        self.frame_shown.emit(preview_image(event.frame, self.preview_width))

    # --- vision thread ------------------------------------------------------------------
    def _analysed(self, frame: Frame, progress: CaptureProgress[Any]) -> None:
        del frame
        if not self._running:
            return
        self.progressed.emit(progress)
        if progress.photo is not None and not self._photo_sent:
            self._photo_sent = True
            self.photo_taken.emit(progress.photo)

    def _stopped(self, reason: str) -> None:
        if self._running:
            self.camera_failed.emit(reason)

    # --- GUI thread -----------------------------------------------------------------------
    def _painted(self, _image: QImage) -> None:
        self.frames_shown += 1
        self._preview_busy.clear()


def preview_image(frame: Frame, width: int) -> QImage:
    """``frame`` shrunk to ``width`` pixels as an RGB ``QImage`` owning its pixels."""
    import cv2
    import numpy as np

    image = frame.image
    if image.shape[1] > width:
        height = round(image.shape[0] * width / image.shape[1])
        image = cv2.resize(image, (width, height), interpolation=cv2.INTER_AREA)
    rgb = np.ascontiguousarray(cv2.cvtColor(image, cv2.COLOR_BGR2RGB))
    return bgr_free_qimage(rgb)


def bgr_free_qimage(rgb: Any) -> QImage:
    height, width = rgb.shape[:2]
    return QImage(rgb.data, width, height, rgb.strides[0], QImage.Format.Format_RGB888).copy()


def photo_qimage(image: Any) -> QImage:
    """A BGR picture (a photo from the capture) as a ``QImage``."""
    import cv2
    import numpy as np

    return bgr_free_qimage(np.ascontiguousarray(cv2.cvtColor(image, cv2.COLOR_BGR2RGB)))


GOOD = QColor("#2e9e4f")
WRONG = QColor("#f0a020")


class CameraPreview(QWidget):
    """The live picture, scaled to fit, with the card outline or face box and a guide drawn over it."""

    def __init__(self, *, face: bool = False) -> None:
        super().__init__()
        self.face = face
        self._image: QImage | None = None
        self._progress: CaptureProgress[Any] | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(480, 270)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)

    def show_frame(self, image: QImage) -> None:
        self._image = image
        self.update()

    def show_progress(self, progress: CaptureProgress[Any]) -> None:
        self._progress = progress
        self.update()

    def clear(self) -> None:
        self._image = None
        self._progress = None
        self.update()

    def picture_rect(self) -> QRectF:
        """Where the frame is drawn: as large as fits, centred, its proportions kept."""
        if self._image is None or self._image.isNull():
            return QRectF(self.rect())
        scale = min(self.width() / self._image.width(), self.height() / self._image.height())
        width, height = self._image.width() * scale, self._image.height() * scale
        return QRectF((self.width() - width) / 2, (self.height() - height) / 2, width, height)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        del event
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#101418"))
        target = self.picture_rect()
        if self._image is not None and not self._image.isNull():
            painter.drawImage(target, self._image)
        progress = self._progress
        good = progress is not None and progress.advice == Advice.OK
        pen = QPen(GOOD if good else WRONG, 6)
        painter.setPen(pen)
        # A card still far away is small in the picture, and what was found around it may be its
        # shadow or the desk's grain: the guide (where the card should come to) helps more then.
        outline = progress.outline if progress is not None and progress.advice != Advice.MOVE_CLOSER else None
        if progress is not None:
            sx = target.width() / progress.frame_size[0]
            sy = target.height() / progress.frame_size[1]
            if outline is not None:
                polygon = QPolygonF([QPointF(target.x() + x * sx, target.y() + y * sy) for x, y in outline])
                painter.drawPolygon(polygon)
            if progress.face is not None:
                face = progress.face
                painter.drawEllipse(
                    QRectF(
                        target.x() + face.x * sx,
                        target.y() + face.y * sy,
                        face.width * sx,
                        face.height * sy * 1.2,
                    )
                )
        if progress is None or (outline is None and progress.face is None):
            guide = QPen(QColor(255, 255, 255, 200), 4, Qt.PenStyle.DashLine)
            painter.setPen(guide)
            if self.face:
                width = target.height() * 0.5
                painter.drawEllipse(
                    QRectF(
                        target.center().x() - width / 2,
                        target.y() + target.height() * 0.12,
                        width,
                        target.height() * 0.7,
                    )
                )
            else:
                width = target.width() * 0.62
                height = width / 1.586
                painter.drawRoundedRect(
                    QRectF(target.center().x() - width / 2, target.center().y() - height / 2, width, height),
                    18,
                    18,
                )
        if progress is not None and 0 < progress.steady < 1:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(GOOD)
            painter.drawRect(QRectF(target.x(), target.bottom() - 12, target.width() * progress.steady, 12))
        painter.end()

"""Photo capture screens: aim (live picture and one instruction at a time), review (use it or take
it again), and what to do when the camera fails.

The screens read a ``PhotoCaptureContext``: the active flow's context itself (the
``photo_capture`` flow) or its ``photo_capture`` attribute (a flow with photo steps of its own,
such as digital-ID registration). They send ``PhotoTaken``, ``CameraFailed``, ``Next`` (use
this photo / try again), ``Choose(RETAKE)`` and ``Back``. ``PhotoCaptureHost`` runs a
``PhotoCaptureFlow`` on its own for a capture request (``request(purpose)``) over the window,
which is how a flow without photo steps of its own, a technician, or the demo asks for a photo.
The screens see the camera only through :class:`PhotoDevices`, never the whole kiosk.

The aiming screen starts the camera when it is shown and stops it when it is hidden or the
photo is taken: the camera runs only while someone is being photographed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QHideEvent, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QStackedWidget, QVBoxLayout, QWidget

from drivers.vision.advice import Advice
from kiosk.domain.languages import Language
from kiosk.flows.engine import Back, Cancel, Choose, Event, Next
from kiosk.flows.photo_capture import (
    ADVICE,
    CAMERA_PROBLEM_HINT,
    CAMERA_PROBLEMS,
    CONTEXT,
    HINTS,
    RETAKE,
    SIMULATOR_SCENES,
    TITLES,
    CameraFailed,
    PhotoCaptureContext,
    PhotoCaptureFlow,
    PhotoPurpose,
    PhotoStep,
    PhotoTaken,
)
from ui.camera_feed import CameraFeed, CameraPreview, photo_qimage
from ui.screens.base import Footer, Screen, ScreenState
from ui.widgets import button, label

if TYPE_CHECKING:  # OpenCV and NumPy load when a photo is taken, not with these screens
    from drivers.camera.base import Camera
    from drivers.vision.capture import CaptureProgress
    from kiosk.camera import Vision

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PhotoDevices:
    """The camera and the vision stack that takes photos from it, looked up each time a capture
    starts (the composition root decides when they are loaded); ``None`` when the kiosk has none."""

    camera: Callable[[], Camera | None]
    vision: Callable[[], Vision | None]
    present: Callable[[], bool] = lambda: True
    """Whether the kiosk has a camera, answered without building it (so a screen that only
    offers a photo does not load OpenCV); the default trusts ``camera()``."""

    def available(self) -> bool:
        """Whether a photo can be offered at all (a camera and its vision stack)."""
        return self.present() and self.camera() is not None and self.vision() is not None

    def offered(self) -> bool:
        """Whether to offer a photo, without building the camera: the configuration has one."""
        return self.present() and self.vision() is not None


def translated(text: str) -> str:
    """A text of the Qt-free capture flow in the window's language."""
    return QCoreApplication.translate(CONTEXT, text)


def capture_context(state: ScreenState) -> PhotoCaptureContext:
    """The capture context of the active flow (itself, or its ``photo_capture``)."""
    context = state.session.active_flow.context
    if isinstance(context, PhotoCaptureContext):
        return context
    inner = getattr(context, "photo_capture", None)
    if isinstance(inner, PhotoCaptureContext):
        return inner
    raise TypeError("capture screen shown outside a photo capture")


class CaptureScreen(Screen):
    """Base of the capture screens: ``show_capture`` renders; ``show_state`` finds the context."""

    def show_state(self, state: ScreenState) -> None:
        self.show_capture(capture_context(state))

    def show_capture(self, context: PhotoCaptureContext) -> None:
        raise NotImplementedError


class PhotoAimingScreen(CaptureScreen):
    """The live picture, the instruction in large type, and a bar filling while it holds steady."""

    def __init__(self, devices: PhotoDevices) -> None:
        super().__init__()
        self.devices = devices
        self.title = label("title")
        self.hint = label("hint")
        self.body.addWidget(self.title)
        self.body.addWidget(self.hint)
        row = QHBoxLayout()
        row.setSpacing(28)
        self.preview = CameraPreview()
        row.addWidget(self.preview, 3)
        side = QVBoxLayout()
        side.setSpacing(18)
        self.instruction = label("prompt")
        self.instruction.setMinimumWidth(300)
        self.steady = QProgressBar()
        self.steady.setRange(0, 100)
        self.steady.setTextVisible(False)
        side.addStretch(1)
        side.addWidget(self.instruction)
        side.addWidget(self.steady)
        side.addStretch(1)
        row.addLayout(side, 2)
        self.body.addLayout(row, 1)
        self.footer = Footer(self)
        self.body.addWidget(self.footer)
        self.feed: CameraFeed | None = None
        self._context: PhotoCaptureContext | None = None
        self.last_advice: Advice | None = None

    def show_capture(self, context: PhotoCaptureContext) -> None:
        purpose = context.purpose
        self.title.setText(translated(TITLES[purpose]))
        self.hint.setText(translated(HINTS[purpose]))
        self.footer.retranslate()
        self.preview.face = purpose.is_face
        if self.feed is not None and self.feed.running and self._context is context:
            return
        self._context = context
        self._stop_feed()
        self.preview.clear()
        self._show_advice(Advice.LOOK_AT_CAMERA if purpose.is_face else Advice.SHOW_CARD, 0.0)
        camera, vision = self.devices.camera(), self.devices.vision()
        if camera is None or vision is None:
            self.send(CameraFailed("no_camera"))
            return
        from drivers.camera.simulated import SimulatedCamera

        if isinstance(camera, SimulatedCamera):
            camera.present(SIMULATOR_SCENES[purpose])  # the demo citizen holds up the right thing
        capture = vision.face_capture() if purpose.is_face else vision.document_capture()
        feed = CameraFeed(camera, capture)
        feed.frame_shown.connect(self.preview.show_frame)
        feed.progressed.connect(self._progressed)
        feed.photo_taken.connect(self._photo_taken)
        feed.camera_failed.connect(self._camera_failed)
        self.feed = feed
        feed.start()

    def _progressed(self, progress: CaptureProgress[Any]) -> None:
        if self.feed is None:
            return
        self.preview.show_progress(progress)
        self._show_advice(progress.advice, progress.steady)

    def _show_advice(self, advice: Advice, steady: float) -> None:
        self.last_advice = advice
        self.instruction.setText(translated(ADVICE[advice]))
        self.steady.setValue(round(steady * 100))
        self.steady.setVisible(steady > 0)  # a bar filling while the picture holds steady

    def _photo_taken(self, photo: object) -> None:
        from drivers.vision.capture import DocumentPhoto, FacePhoto

        if self.feed is None or not isinstance(photo, DocumentPhoto | FacePhoto):
            return
        self._stop_feed()
        self.send(PhotoTaken(photo))

    def _camera_failed(self, reason: str) -> None:
        if self.feed is None:
            return
        self._stop_feed()
        self.send(CameraFailed(reason))

    def _stop_feed(self) -> None:
        feed, self.feed = self.feed, None
        if feed is not None:
            feed.stop()
            feed.deleteLater()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt override
        super().hideEvent(event)
        self._stop_feed()
        self._context = None

    def clear(self) -> None:
        self._stop_feed()
        self._context = None
        self.preview.clear()


class PhotoReviewScreen(CaptureScreen):
    """The photo as it will be kept: "Use this photo" or "Take it again", big, beside it."""

    def __init__(self) -> None:
        super().__init__()
        self.title = label("title")
        self.hint = label("hint")
        self.body.addWidget(self.title)
        self.body.addWidget(self.hint)
        row = QHBoxLayout()
        row.setSpacing(32)
        self.photo = QLabel()
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        row.addWidget(self.photo, 3)
        side = QVBoxLayout()
        side.setSpacing(24)
        self.confirm = button()
        self.retake = button(kind="secondary")
        self.confirm.clicked.connect(lambda: self.send(Next()))
        self.retake.clicked.connect(lambda: self.send(Choose(RETAKE)))
        self.footer = Footer(self, back=False)
        side.addStretch(1)
        side.addWidget(self.confirm)
        side.addWidget(self.retake)
        side.addStretch(1)
        side.addWidget(self.footer)
        row.addLayout(side, 2)
        self.body.addLayout(row, 1)

    def show_capture(self, context: PhotoCaptureContext) -> None:
        self.title.setText(self.tr("Is this photo good?"))
        if context.purpose.is_face:
            self.hint.setText(self.tr("Your whole face should be sharp and well lit."))
        else:
            self.hint.setText(
                self.tr("All the writing should be sharp and easy to read, with no reflections.")
            )
        self.retake.setText(self.tr("Take it again"))
        self.confirm.setText(self.tr("Use this photo"))
        self.footer.retranslate()
        if context.photo is None:
            self.photo.clear()
            return
        pixmap = QPixmap.fromImage(photo_qimage(context.photo.image))
        self.photo.setPixmap(
            pixmap.scaled(
                700, 470, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        )

    def clear(self) -> None:
        self.photo.clear()


class CameraProblemScreen(CaptureScreen):
    """The camera could not be opened or stopped: say so plainly, offer to try again."""

    def __init__(self) -> None:
        super().__init__()
        self.body.addStretch(1)
        self.title = label("title", center=True)
        self.hint = label("subtitle", center=True)
        self.body.addWidget(self.title)
        self.body.addWidget(self.hint)
        self.body.addStretch(1)
        self.retry = button()
        self.retry.clicked.connect(lambda: self.send(Next()))
        self.body.addWidget(self.retry)
        self.footer = Footer(self)
        self.body.addWidget(self.footer)

    def show_capture(self, context: PhotoCaptureContext) -> None:
        self.title.setText(
            translated(CAMERA_PROBLEMS.get(context.problem or "", CAMERA_PROBLEMS["no_camera"]))
        )
        self.hint.setText(translated(CAMERA_PROBLEM_HINT))
        self.retry.setText(self.tr("Try again"))
        self.footer.retranslate()


DEMO_KEYS: dict[int, PhotoPurpose] = {
    Qt.Key.Key_F8: PhotoPurpose.CARD_FRONT,
    Qt.Key.Key_F9: PhotoPurpose.CARD_BACK,
    Qt.Key.Key_F10: PhotoPurpose.SELFIE,
}


def capture_screens(devices: PhotoDevices) -> dict[str, CaptureScreen]:
    """The capture screens by ``photo_capture.<step>`` (how the window names a flow's screens)."""
    return {
        "photo_capture.aiming": PhotoAimingScreen(devices),
        "photo_capture.review": PhotoReviewScreen(),
        "photo_capture.camera_problem": CameraProblemScreen(),
    }


class PhotoCaptureHost(QWidget):
    """Runs one ``PhotoCaptureFlow`` over its parent for a capture request.

    ``request(purpose, language)`` shows it; ``finished(context)`` reports the outcome: the
    context with the confirmed photo, or ``None`` when the citizen went back or ended. Close
    it with ``cancel()`` (the session ended). GUI thread only."""

    finished = Signal(object)

    def __init__(
        self, devices: PhotoDevices, parent: QWidget | None = None, *, cover: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.devices = devices
        self.cover = cover
        """The widget whose place the host takes while it is shown (the window's screen stack):
        the host covers the parent from its top down."""
        self.setObjectName("captureHost")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack)
        self.screens = capture_screens(devices)
        for screen in self.screens.values():
            self.stack.addWidget(screen)
            screen.submitted.connect(self.submit)
        self.flow: PhotoCaptureFlow | None = None
        self.hide()

    @property
    def active(self) -> bool:
        return self.flow is not None

    def showing(self) -> str:
        return f"photo_capture.{self.flow.step.value}" if self.flow is not None else ""

    def request(self, purpose: PhotoPurpose, language: Language) -> None:
        self.flow = PhotoCaptureFlow(PhotoCaptureContext(language=language, purpose=purpose))
        parent = self.parentWidget()
        if (
            parent is not None
        ):  # from the top of ``cover`` (below the header) to the bottom, keyboard included
            top = self.cover.geometry().top() if self.cover is not None else 0
            self.setGeometry(0, top, parent.width(), parent.height() - top)
        self.raise_()
        self.show()
        self._render()

    def submit(self, event: Event) -> None:
        flow = self.flow
        if flow is None:
            return
        if isinstance(event, Cancel) and flow.step == PhotoStep.AIMING:
            event = Back()  # "End" while aiming means: no photo
        flow.submit(event)
        if flow.finished:
            self._finish(flow.context if flow.step == PhotoStep.DONE else None)
            return
        self._render()

    def handle_demo_key(self, key: int, language: Language) -> bool:
        """F8 / F9 / F10 photograph the card front / back / a selfie with the simulated camera
        (demos and trials, like F6 / F7 for the card); False for any other key or camera."""
        purpose = DEMO_KEYS.get(key)
        if purpose is None or self.active:
            return False
        from drivers.camera.simulated import SimulatedCamera

        if not isinstance(self.devices.camera(), SimulatedCamera):
            return False
        self.request(purpose, language)
        return True

    def cancel(self) -> None:
        if self.flow is not None:
            self._finish(None)

    def _render(self) -> None:
        assert self.flow is not None
        screen = self.screens[self.showing()]
        screen.show_capture(self.flow.context)
        self.stack.setCurrentWidget(screen)

    def _finish(self, context: PhotoCaptureContext | None) -> None:
        self.flow = None
        for screen in self.screens.values():
            screen.clear()
        self.hide()
        self.finished.emit(context)

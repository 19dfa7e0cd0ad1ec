"""Photo capture: a card's front or back, a selfie, or a document page, with review.

AIMING (the live picture, an instruction, automatic capture once the picture is good and
steady) -> REVIEW (the photo: use it, or take it again) -> DONE. A camera that cannot be opened
or stops mid-way leads to CAMERA_PROBLEM (try again, or go back). Cancel, timeout and card
removal end it as every flow.

The screens (``ui.screens.capture``) and the Qt shell feed the flow ``PhotoTaken`` (from the
vision thread, through a queued signal) and ``CameraFailed``; the flow itself touches no
device. A flow that needs photos (digital-ID registration, dossier attachments) either runs
this flow as a step of its own or reuses the screens by giving its context a
``photo_capture: PhotoCaptureContext`` (see the README's camera section).

The photo is personal (biometric, for a selfie) data: it lives in the context only, never in
a log; whoever keeps it stores it encrypted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from typing import TYPE_CHECKING

from drivers.vision.advice import Advice
from kiosk.domain.languages import Language
from kiosk.flows.engine import Back, Choose, Event, Flow, Next, Rule
from kiosk.i18n import QT_TRANSLATE_NOOP

if TYPE_CHECKING:  # OpenCV and NumPy load with the first photo, not with the flow
    from drivers.vision.capture import DocumentPhoto, FacePhoto

CONTEXT = "PhotoCapture"
RETAKE = "retake"


class PhotoPurpose(StrEnum):
    CARD_FRONT = "card_front"
    CARD_BACK = "card_back"
    SELFIE = "selfie"
    DOCUMENT = "document"

    @property
    def is_face(self) -> bool:
        return self is PhotoPurpose.SELFIE


SIMULATOR_SCENES: dict[PhotoPurpose, str] = {
    PhotoPurpose.CARD_FRONT: "card-front",
    PhotoPurpose.CARD_BACK: "card-back",
    PhotoPurpose.SELFIE: "selfie",
    PhotoPurpose.DOCUMENT: "card-front",
}
"""What the simulated camera shows for each purpose (the citizen holding up the right thing)."""

TITLES: dict[PhotoPurpose, str] = {
    PhotoPurpose.CARD_FRONT: QT_TRANSLATE_NOOP("PhotoCapture", "Photo of the front of your ID card"),
    PhotoPurpose.CARD_BACK: QT_TRANSLATE_NOOP("PhotoCapture", "Photo of the back of your ID card"),
    PhotoPurpose.SELFIE: QT_TRANSLATE_NOOP("PhotoCapture", "Photo of your face"),
    PhotoPurpose.DOCUMENT: QT_TRANSLATE_NOOP("PhotoCapture", "Photo of your document"),
}

HINTS: dict[PhotoPurpose, str] = {
    PhotoPurpose.CARD_FRONT: QT_TRANSLATE_NOOP(
        "PhotoCapture", "Hold the front of your card flat under the camera."
    ),
    PhotoPurpose.CARD_BACK: QT_TRANSLATE_NOOP(
        "PhotoCapture", "Turn the card over and hold the back under the camera."
    ),
    PhotoPurpose.SELFIE: QT_TRANSLATE_NOOP(
        "PhotoCapture", "Look straight at the camera. Take off glasses and hat."
    ),
    PhotoPurpose.DOCUMENT: QT_TRANSLATE_NOOP("PhotoCapture", "Hold the page flat under the camera."),
}

ADVICE: dict[Advice, str] = {
    Advice.OK: QT_TRANSLATE_NOOP("PhotoCapture", "Good. Hold still…"),
    Advice.SHOW_CARD: QT_TRANSLATE_NOOP("PhotoCapture", "Hold your card in front of the camera"),
    Advice.SHOW_WHOLE_CARD: QT_TRANSLATE_NOOP("PhotoCapture", "Show the whole card: move it to the middle"),
    Advice.MOVE_CLOSER: QT_TRANSLATE_NOOP("PhotoCapture", "Move closer to the camera"),
    Advice.MOVE_BACK: QT_TRANSLATE_NOOP("PhotoCapture", "Move a little further away"),
    Advice.MORE_LIGHT: QT_TRANSLATE_NOOP("PhotoCapture", "It is too dark: move into the light"),
    Advice.AVOID_REFLECTIONS: QT_TRANSLATE_NOOP("PhotoCapture", "Tilt it a little to avoid reflections"),
    Advice.HOLD_STILL: QT_TRANSLATE_NOOP("PhotoCapture", "Hold still"),
    Advice.BLURRED: QT_TRANSLATE_NOOP("PhotoCapture", "The picture is blurred: hold still"),
    Advice.LOOK_AT_CAMERA: QT_TRANSLATE_NOOP("PhotoCapture", "Look at the camera"),
    Advice.CENTRE_FACE: QT_TRANSLATE_NOOP("PhotoCapture", "Move so that your face is in the middle"),
    Advice.ONE_PERSON: QT_TRANSLATE_NOOP("PhotoCapture", "Only one person, please"),
}

CAMERA_PROBLEMS: dict[str, str] = {
    "no_camera": QT_TRANSLATE_NOOP("PhotoCapture", "The camera is not working."),
    "camera_lost": QT_TRANSLATE_NOOP("PhotoCapture", "The camera stopped working."),
    "camera_timed_out": QT_TRANSLATE_NOOP("PhotoCapture", "The camera is not sending pictures."),
}
CAMERA_PROBLEM_HINT = QT_TRANSLATE_NOOP(
    "PhotoCapture", "Please try again. If it happens again, please ask at the counter."
)


class PhotoStep(Enum):
    AIMING = "aiming"
    REVIEW = "review"
    CAMERA_PROBLEM = "camera_problem"
    DONE = "done"
    ABORTED = "aborted"


@dataclass(frozen=True)
class PhotoTaken(Event):
    """The automatic capture took the photo (from the vision thread, handed over as a queued signal)."""

    photo: DocumentPhoto | FacePhoto = field(repr=False)


@dataclass(frozen=True)
class CameraFailed(Event):
    """The camera could not be opened or stopped; ``reason`` is a ``CameraError`` reason key."""

    reason: str


@dataclass
class PhotoCaptureContext:
    """What the capture screens read: the purpose, and the photo once taken."""

    language: Language
    purpose: PhotoPurpose
    photo: DocumentPhoto | FacePhoto | None = field(default=None, repr=False)
    problem: str | None = None
    takes: int = 0
    """Photos taken so far (retakes included), for the record of how the capture went."""

    def jpeg(self, quality: int = 90) -> bytes:
        """The photo as JPEG bytes (personal data: store it encrypted). Raises when there is none."""
        if self.photo is None:
            raise ValueError("no photo taken")
        import cv2

        ok, encoded = cv2.imencode(".jpg", self.photo.image, [cv2.IMWRITE_JPEG_QUALITY, quality])
        if not ok:
            raise ValueError("the photo cannot be encoded")
        return bytes(encoded)

    def wipe(self) -> None:
        self.photo = None
        self.problem = None


class PhotoCaptureFlow(Flow[PhotoStep, PhotoCaptureContext]):
    name = "photo_capture"
    start = PhotoStep.AIMING
    done = PhotoStep.DONE
    aborted = PhotoStep.ABORTED

    def table(self) -> Mapping[PhotoStep, Mapping[type[Event], Rule[PhotoStep]]]:
        p = PhotoStep
        return {
            p.AIMING: {
                PhotoTaken: Rule(p.REVIEW, self._taken),
                CameraFailed: Rule(p.CAMERA_PROBLEM, self._failed),
                Back: Rule(p.ABORTED),
            },
            p.REVIEW: {
                Next: Rule(p.DONE),
                Choose: Rule(p.AIMING, self._retake, alternatives=(p.REVIEW,)),
                Back: Rule(p.AIMING, self._forget),
            },
            p.CAMERA_PROBLEM: {
                Next: Rule(p.AIMING, self._forget),
                Back: Rule(p.ABORTED),
            },
        }

    def _taken(self, event: Event) -> None:
        assert isinstance(event, PhotoTaken)
        self.context.photo = event.photo
        self.context.problem = None
        self.context.takes += 1

    def _failed(self, event: Event) -> None:
        assert isinstance(event, CameraFailed)
        self.context.problem = event.reason

    def _retake(self, event: Event) -> PhotoStep:
        assert isinstance(event, Choose)
        if event.value != RETAKE:
            return PhotoStep.REVIEW
        self.context.photo = None
        return PhotoStep.AIMING

    def _forget(self, _event: Event) -> None:
        self.context.wipe()

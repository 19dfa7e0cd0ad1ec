"""The chip ID (CCCD) screens: the access-data form, then "place your card" / "reading your card".

The chip opens only to its document number, date of birth and date of expiry, so the citizen
types them as the card prints them: the 12-digit number from the front (or the 9 digits of the
back), and the dates as ``dd/mm/yyyy`` - the slashes come by themselves, so the number pad of
the on-screen keyboard is all that is needed. Each field says at once whether it holds
(:mod:`kiosk.domain.document_access`), with the characters the back of the card prints for it,
check digit included, so the citizen can compare. The session checks the whole form again when
it is sent.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLineEdit, QProgressBar, QWidget

from kiosk.domain.document_access import (
    AccessForm,
    AccessProblem,
    FieldCheck,
    check_access_form,
    digits_as_date,
)
from kiosk.flows.engine import Event, WorkDone
from kiosk.flows.session import AccessDataEntered, ChipProblem, MrzScanned, SessionStep
from ui.jobs import JobRunner
from ui.screens.base import Footer, Screen, ScreenState, fill
from ui.widgets import button, label

if TYPE_CHECKING:
    from kiosk.app import Kiosk
    from kiosk.camera import Vision
    from ui.screens.capture import PhotoCaptureHost

log = logging.getLogger(__name__)

NUMBER_PAD_HINTS = (
    Qt.InputMethodHint.ImhDigitsOnly
    | Qt.InputMethodHint.ImhNoPredictiveText
    | Qt.InputMethodHint.ImhSensitiveData
    | Qt.InputMethodHint.ImhNoAutoUppercase
)
FULL_NUMBER = 12
FULL_DATE = 10  # dd/mm/yyyy


def _styled(widget: QWidget, object_name: str) -> None:
    """Changes a label's look (its object name picks the stylesheet rule)."""
    if widget.objectName() != object_name:
        widget.setObjectName(object_name)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


class AccessField(QWidget):
    """One field of the form: its name, the box, and a line of feedback under it."""

    def __init__(self, *, max_length: int) -> None:
        super().__init__()
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setVerticalSpacing(6)
        self.name = label("hint")
        self.edit = QLineEdit()
        self.edit.setInputMethodHints(NUMBER_PAD_HINTS)
        self.edit.setMaxLength(max_length)
        self.feedback = label("hint", wrap=True)
        self.feedback.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.name, 0, 0)
        layout.addWidget(self.edit, 1, 0)
        layout.addWidget(self.feedback, 2, 0)

    def show_feedback(self, text: str, *, state: str) -> None:
        """``state``: ``ok`` (green tick), ``problem`` (red) or ``neutral`` (a hint)."""
        self.feedback.setText(text)
        _styled(self.feedback, {"ok": "body", "problem": "error"}.get(state, "hint"))


class MrzEntryScreen(Screen):
    """Document number, date of birth and date of expiry, on the number pad."""

    uses_keyboard = True
    scan_requested = Signal()
    """The citizen chose to show the back of the card to the camera."""

    def __init__(self) -> None:
        super().__init__()
        self.body.setContentsMargins(40, 14, 40, 10)
        self.body.setSpacing(8)
        # One line says what to do, or (in red) what went wrong: the keyboard leaves little room.
        self.status = label("prompt")
        self.body.addWidget(self.status)
        row = QHBoxLayout()
        row.setSpacing(24)
        self.number = AccessField(max_length=14)
        self.birth = AccessField(max_length=FULL_DATE)
        self.expiry = AccessField(max_length=FULL_DATE)
        for field_widget, stretch in ((self.number, 5), (self.birth, 4), (self.expiry, 4)):
            row.addWidget(field_widget, stretch, Qt.AlignmentFlag.AlignTop)
        self.body.addLayout(row)
        self.body.addStretch(1)
        buttons = QHBoxLayout()
        buttons.setSpacing(24)
        self.read = button()
        self.camera = button(kind="secondary")
        self.footer = Footer(self)
        self.read.clicked.connect(self._send_form)
        self.camera.clicked.connect(self.scan_requested)
        buttons.addWidget(self.footer, 4)
        buttons.addWidget(self.camera, 3)
        buttons.addWidget(self.read, 3)
        self.camera.setVisible(False)  # shown when the kiosk can read the card's back by camera
        self.body.addLayout(buttons)
        self._today: date | None = None
        self._sent = False

        self.number.edit.textEdited.connect(self._number_edited)
        self.birth.edit.textEdited.connect(lambda text: self._date_edited(self.birth, self.expiry, text))
        self.expiry.edit.textEdited.connect(lambda text: self._date_edited(self.expiry, None, text))
        self.number.edit.returnPressed.connect(self.birth.edit.setFocus)
        self.birth.edit.returnPressed.connect(self.expiry.edit.setFocus)
        self.expiry.edit.returnPressed.connect(self._send_form)
        for field_widget in (self.number, self.birth, self.expiry):
            field_widget.edit.editingFinished.connect(self.refresh_feedback)

    # --- typing -------------------------------------------------------------------------
    def _number_edited(self, text: str) -> None:
        digits = "".join(ch for ch in text if ch.isdigit())
        if len(digits) == FULL_NUMBER and self.number.edit.hasFocus():
            self.birth.edit.setFocus()
        self.refresh_feedback()

    def _date_edited(self, field_widget: AccessField, following: AccessField | None, text: str) -> None:
        shown = digits_as_date(text)
        if shown != text:
            field_widget.edit.setText(shown)
            field_widget.edit.setCursorPosition(len(shown))
        if len(shown) == FULL_DATE and following is not None and field_widget.edit.hasFocus():
            following.edit.setFocus()
        self.refresh_feedback()

    def form(self) -> AccessForm:
        return check_access_form(
            self.number.edit.text(),
            self.birth.edit.text(),
            self.expiry.edit.text(),
            today=self._today or date.today(),
        )

    def _send_form(self) -> None:
        self._sent = True
        self.refresh_feedback()
        self.send(AccessDataEntered(self.number.edit.text(), self.birth.edit.text(), self.expiry.edit.text()))

    # --- feedback -----------------------------------------------------------------------
    def _finished_typing(self, field_widget: AccessField, full_length: int) -> bool:
        """Problems show once a field looks complete, it lost the focus, or the form was sent:
        never while the citizen is still in the middle of typing it."""
        text = field_widget.edit.text()
        if self._sent or (text and not field_widget.edit.hasFocus()):
            return True
        if field_widget is self.number:
            return len("".join(ch for ch in text if ch.isdigit())) >= full_length
        return len(text) >= full_length

    def refresh_feedback(self) -> None:
        form = self.form()
        self._show(self.number, form.number, self.tr("12 digits, on the front of the card"), FULL_NUMBER)
        self._show(self.birth, form.date_of_birth, self.tr("dd/mm/yyyy"), FULL_DATE)
        self._show(self.expiry, form.date_of_expiry, self.tr("dd/mm/yyyy"), FULL_DATE)
        self.read.setEnabled(True)

    def _show(self, field_widget: AccessField, check: FieldCheck, hint: str, full_length: int) -> None:
        if check.ok:
            field_widget.show_feedback(fill(self.tr("✓  Back of the card: %1"), check.machine), state="ok")
            return
        problem = check.problem
        if problem in (AccessProblem.EMPTY, AccessProblem.INCOMPLETE) and not self._sent:
            field_widget.show_feedback(hint, state="neutral")
            return
        if not self._finished_typing(field_widget, full_length):
            field_widget.show_feedback(hint, state="neutral")
            return
        assert problem is not None
        field_widget.show_feedback(self.problem_text(problem), state="problem")

    def problem_text(self, problem: AccessProblem) -> str:
        texts = {
            AccessProblem.EMPTY: self.tr("Please fill this in."),
            AccessProblem.INCOMPLETE: self.tr("Please type the whole date: dd/mm/yyyy."),
            AccessProblem.NOT_DIGITS: self.tr("Only digits, please."),
            AccessProblem.WRONG_LENGTH: self.tr("Type the 12 digits of your ID number."),
            AccessProblem.WRONG_CHECK_DIGIT: self.tr(
                "The last digit does not match. Please check the number."
            ),
            AccessProblem.NOT_A_CCCD: self.tr(
                "This is not a valid ID number: the first three digits are wrong."
            ),
            AccessProblem.NOT_A_DATE: self.tr("This date does not exist. Please check it."),
            AccessProblem.BIRTH_IN_FUTURE: self.tr("This date is in the future. Please check it."),
            AccessProblem.EXPIRY_BEFORE_BIRTH: self.tr("The expiry must come after the date of birth."),
            AccessProblem.NUMBER_DOES_NOT_MATCH_BIRTH: self.tr(
                "This ID number does not match the year of birth. Please check both."
            ),
        }
        return texts[problem]

    # --- the screen contract --------------------------------------------------------------
    def show_state(self, state: ScreenState) -> None:
        context = state.session.context
        self._today = context.today
        problem = context.chip_problem
        if problem is ChipProblem.ACCESS_DENIED:
            self.status.setText(
                self.tr(
                    "The card did not accept the document number, date of birth or expiry. Please check them."
                )
            )
            _styled(self.status, "error")
        elif problem is ChipProblem.SCAN_FAILED:
            self.status.setText(self.tr("The back of the card could not be read. Please type the numbers."))
            _styled(self.status, "error")
        elif context.chip_present:
            self.status.setText(self.tr("Your card is on the reader. Type what is printed on it:"))
            _styled(self.status, "prompt")
        else:
            self.status.setText(self.tr("Type what is printed on your card, then place it on the reader:"))
            _styled(self.status, "prompt")
        self.number.name.setText(self.tr("ID number"))
        self.birth.name.setText(self.tr("Date of birth"))
        self.expiry.name.setText(self.tr("Date of expiry"))
        self.read.setText(self.tr("Read my card"))
        self.camera.setText(self.tr("Scan with camera"))
        self.footer.retranslate()
        kiosk = state.kiosk
        # ``has_camera`` answers without building the camera (OpenCV loads only for the scan itself).
        has_camera = getattr(kiosk, "has_camera", None)
        if has_camera is None:
            has_camera = getattr(kiosk, "camera", None) is not None
        self.camera.setVisible(bool(has_camera) and getattr(kiosk, "vision", None) is not None)
        self._sent = context.access_form is not None and bool(context.access_form.problems)
        self.refresh_feedback()
        target = self.number.edit
        if problem is not ChipProblem.ACCESS_DENIED and self.number.edit.text():
            target = self._first_problem(context.access_form) or self.number.edit
        # The window shows this screen only after rendering it; a hidden field cannot take the focus.
        QTimer.singleShot(0, lambda: target.setFocus() if target.isVisible() else None)

    def _first_problem(self, form: AccessForm | None) -> QLineEdit | None:
        if form is None:
            return None
        for name, field_widget in (
            ("number", self.number),
            ("date_of_birth", self.birth),
            ("date_of_expiry", self.expiry),
        ):
            if name in form.problems:
                return field_widget.edit
        return None

    def clear(self) -> None:
        for field_widget in (self.number, self.birth, self.expiry):
            field_widget.edit.setText("")  # setText, unlike clear(), also drops the undo history
            field_widget.feedback.clear()
        self.status.clear()
        self._sent = False


class ChipReadingScreen(Screen):
    """``chip_wait``: place the card on the reader; ``chip_reading``: reading, with the progress."""

    def __init__(self) -> None:
        super().__init__()
        self.body.addStretch(1)
        self.title = label("title", center=True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setTextVisible(False)
        self.detail = label("subtitle", center=True)
        self.problem = label("error", center=True)
        for widget in (self.title, self.progress, self.detail, self.problem):
            self.body.addWidget(widget)
        self.body.addStretch(1)
        self.footer = Footer(self)
        self.body.addWidget(self.footer)

    def set_progress(self, fraction: float) -> None:
        """How far the chip read has got (0..1), from the reader's events."""
        self.progress.setValue(round(max(0.0, min(1.0, fraction)) * 100))

    def show_state(self, state: ScreenState) -> None:
        context = state.session.context
        reading = state.session.step == SessionStep.CHIP_READING
        self.footer.retranslate()
        self.footer.back.setVisible(not reading)
        self.progress.setVisible(reading)
        if reading:
            self.set_progress(0.0)
            self.title.setText(self.tr("Reading your card…"))
            self.detail.setText(self.tr("Please keep the card still on the reader."))
            self.problem.setText("")
            return
        self.title.setText(self.tr("Place your card on the reader"))
        self.detail.setText(self.tr("Keep it there until the kiosk has finished reading it."))
        problem = context.chip_problem
        if problem is ChipProblem.REMOVED:
            self.problem.setText(
                self.tr("The card was taken away too early. Please place it again and keep it still.")
            )
        elif problem is ChipProblem.UNREADABLE:
            self.problem.setText(
                self.tr(
                    "Your card could not be read. Place it on the reader again, or go back and type your ID number."
                )
            )
        else:
            self.problem.setText("")

    def clear(self) -> None:
        self.progress.setValue(0)
        self.problem.clear()


def read_card_back(vision: Vision, image: object) -> str:
    """Blocking (0.1-0.6 s): the machine readable zone in a photo of the card's back, as text, or
    ``""`` when it is not there or its check digits do not hold (the citizen then types)."""
    reading = vision.mrz_reader().read(image)  # type: ignore[arg-type]
    return reading.text if reading is not None and reading.confirmed else ""


class CardBackScanner(QObject):
    """ "Show the back of the card to the camera": the window's photo capture (card back), then the
    MRZ read off the photo on a worker thread, handed to the session as :class:`MrzScanned`.
    GUI thread only."""

    def __init__(self, kiosk: Kiosk, host: PhotoCaptureHost, deliver: Callable[[Event], None]) -> None:
        super().__init__()
        self._kiosk = kiosk
        self._host = host
        self._deliver = deliver
        self._waiting = False
        self._jobs = JobRunner()
        self._jobs.job_finished.connect(self._read)
        host.finished.connect(self._taken)

    @classmethod
    def attach(cls, window: Any) -> CardBackScanner:
        """Wires a scanner into ``window`` (a ``KioskWindow``: its kiosk, photo capture host, form
        screen, ``submit`` and ``session_ended``)."""
        scanner = cls(window.kiosk, window.photo_capture, window.submit)
        window.session_ended.connect(lambda _why: scanner.cancel())
        form = window.screens.get("document_access")
        if isinstance(form, MrzEntryScreen):
            form.scan_requested.connect(lambda: scanner.start(window.session.context.language))
        return scanner

    def start(self, language: str) -> None:
        if self._host.active or self._kiosk.camera is None or self._kiosk.vision is None:
            return
        from kiosk.flows.photo_capture import PhotoPurpose

        self._waiting = True
        self._host.request(PhotoPurpose.CARD_BACK, language)  # type: ignore[arg-type]

    def _taken(self, context: object) -> None:
        if not self._waiting:
            return  # someone else's photo
        self._waiting = False
        photo = getattr(context, "photo", None)
        vision = self._kiosk.vision
        if photo is None or vision is None:
            return  # the citizen went back: the form stays as it was
        image = photo.image
        self._jobs.start(object(), lambda: read_card_back(vision, image))

    def _read(self, _token: object, event: Event) -> None:
        text = event.result if isinstance(event, WorkDone) and isinstance(event.result, str) else ""
        if not text:
            log.info("the machine readable zone was not read from the card's back")
        self._deliver(MrzScanned(text))

    def cancel(self) -> None:
        self._waiting = False

    def wait(self) -> None:
        self._jobs.wait()

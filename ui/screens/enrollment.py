"""The officer's counter: assisted enrollment for the digital ID (SPEC 5; seed 002, second list).

One screen per step of :class:`~kiosk.flows.assisted_enrollment.AssistedEnrollmentFlow`; the
fingerprint step uses the shared capture screen. The screens face the officer and the citizen
at the counter; ID numbers are shown masked except where the officer compares them, and
every field holding a citizen's data is cleared when the enrollment ends.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout

from drivers.card.documents import CardDocument
from drivers.card.photo import displayable_photo, is_jpeg2000
from kiosk.domain.citizen_id import IdProblem, mask_id_number
from kiosk.domain.passcode import MAX_SAME_DIGIT, MAX_SEQUENTIAL_RUN, PASSCODE_LENGTH, PasscodeProblem
from kiosk.flows.assisted_enrollment import (
    DECLINE,
    FROM_CARD,
    NEW_CODE,
    NOT_SAME_PERSON,
    SAME_PERSON,
    SIGN_OUT,
    EnrollmentContext,
    OfficerCredentials,
    SignInProblem,
)
from kiosk.flows.engine import Back, Cancel, Choose, EnterText, Next
from ui.screens.base import fill
from ui.screens.staff import StaffScreen, StaffState, secret_field
from ui.widgets import button, label, qr_pixmap

STEPS_IN_ALL = 8


def _context(state: StaffState) -> EnrollmentContext:
    context = state.context
    if not isinstance(context, EnrollmentContext):
        raise TypeError("an enrollment screen shown outside the enrollment flow")
    return context


def photo_pixmap(card: CardDocument | None, width: int, height: int) -> QPixmap | None:
    """The chip photo scaled to fit, ``None`` when the card has none."""
    photo = card.photo if card is not None else b""
    if not photo:
        return None
    if is_jpeg2000(photo):  # some chip IDs store JPEG 2000, which Qt cannot load
        photo = displayable_photo(photo)
    pixmap = QPixmap()
    if not pixmap.loadFromData(photo):
        return None
    return pixmap.scaled(
        width, height, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )


class CounterScreen(StaffScreen):
    """A counter screen: who is signed in and which step of the enrollment this is, on top."""

    step_number = 0

    def __init__(self) -> None:
        super().__init__()
        self.who = label("hint")
        # With the on-screen keyboard up, a third of the height is gone: a compact page.
        self.title = label("prompt" if self.uses_keyboard else "title")
        if self.uses_keyboard:
            self.body.setContentsMargins(48, 12, 48, 8)
            self.who.setVisible(False)
        self.body.addWidget(self.who)
        self.body.addWidget(self.title)

    def show_header(self, state: StaffState, title: str) -> None:
        context = _context(state)
        officer = context.officer.name if context.officer is not None else ""
        parts = [fill(self.tr("Officer: %1"), officer)] if officer else []
        if self.step_number:
            parts.append(fill(self.tr("Step %1 of %2"), self.step_number, STEPS_IN_ALL))
        self.who.setText("   ·   ".join(parts))
        self.title.setText(title)

    @staticmethod
    def show_error(widget: QLabel, text: str) -> None:
        """An error line that takes no room when there is no error."""
        widget.setText(text)
        widget.setVisible(bool(text))


class SignInScreen(CounterScreen):
    """The officer's username and password, checked offline against the synced officer list."""

    uses_keyboard = True

    def __init__(self) -> None:
        super().__init__()
        self.hint = label("body")
        self.username = QLineEdit()
        # Officer accounts are Latin letters and digits: the Latin keyboard, whatever the language.
        self.username.setInputMethodHints(
            Qt.InputMethodHint.ImhNoPredictiveText
            | Qt.InputMethodHint.ImhNoAutoUppercase
            | Qt.InputMethodHint.ImhLatinOnly
        )
        self.username.setMaxLength(80)
        self.password = secret_field(digits=False)
        self.password.setInputMethodHints(self.password.inputMethodHints() | Qt.InputMethodHint.ImhLatinOnly)
        self.error = label("error")
        grid = QHBoxLayout()
        grid.setSpacing(16)
        grid.addWidget(self.username, 1)
        grid.addWidget(self.password, 1)
        self.sign_in = button()
        self.sign_in.clicked.connect(self._sign_in)
        self.password.returnPressed.connect(self._sign_in)
        self.username.returnPressed.connect(self.password.setFocus)
        self.cancel = button(kind="secondary")
        self.cancel.clicked.connect(lambda: self.send(Cancel()))
        self.body.setSpacing(12)
        self.body.addWidget(self.hint)
        self.body.addLayout(grid)
        self.body.addWidget(self.error)
        self.body.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.sign_in, 2)
        row.addWidget(self.cancel, 1)
        self.body.addLayout(row)

    def _sign_in(self) -> None:
        credentials = OfficerCredentials(self.username.text(), self.password.text())
        self.password.setText("")
        self.send(credentials)

    def show_staff(self, state: StaffState) -> None:
        context = _context(state)
        self.show_header(state, self.tr("Officer sign-in"))
        self.hint.setText(
            self.tr("Assisted enrollment for the digital ID. Sign in with your officer account.")
        )
        self.username.setPlaceholderText(self.tr("Username"))
        self.password.setPlaceholderText(self.tr("Password"))
        self.sign_in.setText(self.tr("Sign in"))
        self.cancel.setText(self.tr("Close"))
        problem = context.sign_in_problem
        if problem == SignInProblem.LOCKED and context.locked_until is not None:
            error = fill(
                self.tr("Too many wrong tries. Sign-in is locked until %1."),
                state.local_time(context.locked_until),
            )
        elif problem is not None:
            error = self.tr("The username or password is wrong.")
            if context.attempts_left:
                error += " " + fill(self.tr("Tries left: %1"), context.attempts_left)
        else:
            error = ""
        self.show_error(self.error, error)
        (self.password if self.username.text() else self.username).setFocus()

    def clear(self) -> None:
        self.username.setText("")
        self.password.setText("")
        self.error.clear()


class InsertCardScreen(CounterScreen):
    step_number = 1

    def __init__(self) -> None:
        super().__init__()
        self.hint = label("subtitle")
        self.body.addWidget(self.hint)
        self.body.addStretch(1)
        self.sign_out = button(kind="secondary")
        self.sign_out.clicked.connect(lambda: self.send(Choose(SIGN_OUT)))
        self.body.addWidget(self.sign_out)

    def show_staff(self, state: StaffState) -> None:
        self.show_header(state, self.tr("Insert the citizen's ID card"))
        self.hint.setText(
            self.tr(
                "Ask the citizen for their latest national ID card and insert it into the reader. "
                "Its data is read from the chip."
            )
        )
        self.sign_out.setText(self.tr("Sign out"))


class CheckPhotoScreen(CounterScreen):
    """The chip photo beside the name, for the officer to compare with the person."""

    step_number = 2

    def __init__(self) -> None:
        super().__init__()
        row = QHBoxLayout()
        row.setSpacing(32)
        self.photo = QLabel()
        self.photo.setFixedSize(240, 290)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        row.addWidget(self.photo, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        self.name = label("prompt")
        self.number = label("body")
        self.question = label("subtitle")
        for widget in (self.name, self.number, self.question):
            column.addWidget(widget)
        column.addStretch(1)
        row.addLayout(column, 1)
        self.body.addLayout(row, 1)
        buttons = QHBoxLayout()
        buttons.setSpacing(24)
        self.same = button()
        self.different = button(kind="secondary")
        self.cancel = button(kind="secondary")
        self.same.clicked.connect(lambda: self.send(Choose(SAME_PERSON)))
        self.different.clicked.connect(lambda: self.send(Choose(NOT_SAME_PERSON)))
        self.cancel.clicked.connect(lambda: self.send(Cancel()))
        for choice in (self.same, self.different, self.cancel):
            buttons.addWidget(choice)
        self.body.addLayout(buttons)

    def show_staff(self, state: StaffState) -> None:
        context = _context(state)
        self.show_header(state, self.tr("Compare the photo with the person"))
        pixmap = photo_pixmap(context.card, 240, 290)
        if pixmap is None:
            self.photo.setText(self.tr("No photo on the card"))
        else:
            self.photo.setPixmap(pixmap)
        self.name.setText(context.full_name or "")
        self.number.setText(fill(self.tr("ID number: %1"), mask_id_number(context.card_id_number or "")))
        self.question.setText(self.tr("Is the person at the counter the person in this photo?"))
        self.same.setText(self.tr("Yes, the same person"))
        self.different.setText(self.tr("No"))
        self.cancel.setText(self.tr("Cancel"))

    def clear(self) -> None:
        self.photo.clear()
        self.name.clear()
        self.number.clear()


class IdNumberScreen(CounterScreen):
    """The 13-digit number typed (or taken from the card), its check digit validated."""

    step_number = 3
    uses_keyboard = True

    def __init__(self) -> None:
        super().__init__()
        self.hint = label("body")
        self.field = QLineEdit()
        self.field.setInputMethodHints(
            Qt.InputMethodHint.ImhDigitsOnly
            | Qt.InputMethodHint.ImhNoPredictiveText
            | Qt.InputMethodHint.ImhSensitiveData
        )
        self.field.setMaxLength(20)
        self.field.returnPressed.connect(self._confirm)
        self.confirm = button()
        self.confirm.clicked.connect(self._confirm)
        row = QHBoxLayout()
        row.addWidget(self.field, 3)
        row.addWidget(self.confirm, 1)
        self.error = label("error")
        self.from_card = button(kind="secondary")
        self.from_card.clicked.connect(lambda: self.send(Choose(FROM_CARD)))
        self.cancel = button(kind="secondary")
        self.cancel.clicked.connect(lambda: self.send(Cancel()))
        self.body.setSpacing(12)
        self.body.addWidget(self.hint)
        self.body.addLayout(row)
        self.body.addWidget(self.error)
        self.body.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.from_card, 2)
        buttons.addWidget(self.cancel, 1)
        self.body.addLayout(buttons)

    def _confirm(self) -> None:
        self.send(EnterText(self.field.text()))

    def problem_text(self, problem: IdProblem) -> str:
        texts = {
            IdProblem.EMPTY: self.tr("Please type the ID number."),
            IdProblem.NOT_DIGITS: self.tr("An ID number has only digits."),
            IdProblem.WRONG_LENGTH: self.tr("The ID number has 13 digits."),
            IdProblem.BAD_CHECK_DIGIT: self.tr(
                "This is not a valid ID number: the last digit does not fit. Check each digit."
            ),
            IdProblem.UNKNOWN_PROVINCE: self.tr("This is not a valid ID number."),
            IdProblem.IMPOSSIBLE_BIRTH_YEAR: self.tr("This is not a valid ID number."),
        }
        return texts[problem]

    def show_staff(self, state: StaffState) -> None:
        context = _context(state)
        self.show_header(state, self.tr("The citizen's 13-digit ID number"))
        self.hint.setText(
            self.tr("Type the number the citizen tells you, or confirm the number on the card.")
        )
        self.confirm.setText(self.tr("Continue"))
        self.cancel.setText(self.tr("Cancel"))
        card_number = context.card_id_number
        self.from_card.setVisible(bool(card_number))
        self.from_card.setText(
            fill(self.tr("Use the number on the card (%1)"), mask_id_number(card_number or ""))
        )
        if context.id_problem is not None:
            self.show_error(self.error, self.problem_text(context.id_problem))
            self.field.selectAll()
        elif context.id_differs_from_card:
            self.show_error(
                self.error, self.tr("This number is not the number on the card. Check it with the citizen.")
            )
            self.field.selectAll()
        else:
            self.show_error(self.error, "")
        self.field.setFocus()

    def clear(self) -> None:
        self.field.setText("")
        self.error.clear()


class FingerprintFailedScreen(CounterScreen):
    step_number = 4

    def __init__(self) -> None:
        super().__init__()
        self.hint = label("subtitle")
        self.body.addWidget(self.hint)
        self.body.addStretch(1)
        row = QHBoxLayout()
        self.again = button()
        self.end = button(kind="secondary")
        self.again.clicked.connect(lambda: self.send(Next()))
        self.end.clicked.connect(lambda: self.send(Cancel()))
        row.addWidget(self.again)
        row.addWidget(self.end)
        self.body.addLayout(row)

    def show_staff(self, state: StaffState) -> None:
        self.show_header(state, self.tr("The fingerprint could not be recorded"))
        self.hint.setText(
            self.tr(
                "Neither index finger gave a good scan. Clean the scanner glass and try again, "
                "or end this enrollment and ask the citizen to come back."
            )
        )
        self.again.setText(self.tr("Try again"))
        self.end.setText(self.tr("End the enrollment"))


class ActivationScreen(CounterScreen):
    """The one-time activation code for the citizen's D.DOPA application, as a QR code."""

    step_number = 5

    def __init__(self) -> None:
        super().__init__()
        row = QHBoxLayout()
        row.setSpacing(32)
        self.qr = QLabel()
        self.qr.setFixedSize(340, 340)
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        row.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        self.hint = label("subtitle")
        self.valid = label("body")
        self.note = label("hint")
        for widget in (self.hint, self.valid, self.note):
            column.addWidget(widget)
        column.addStretch(1)
        row.addLayout(column, 1)
        self.body.addLayout(row, 1)
        buttons = QHBoxLayout()
        buttons.setSpacing(24)
        self.scanned = button()
        self.new_code = button(kind="secondary")
        self.cancel = button(kind="secondary")
        self.scanned.clicked.connect(lambda: self.send(Next()))
        self.new_code.clicked.connect(lambda: self.send(Choose(NEW_CODE)))
        self.cancel.clicked.connect(lambda: self.send(Cancel()))
        buttons.addWidget(self.scanned, 2)
        buttons.addWidget(self.new_code, 1)
        buttons.addWidget(self.cancel, 1)
        self.body.addLayout(buttons)

    def show_staff(self, state: StaffState) -> None:
        context = _context(state)
        self.show_header(state, self.tr("Scan this code with the D.DOPA application"))
        token = context.activation
        if token is not None:
            self.qr.setPixmap(qr_pixmap(token.text, 340))
            self.valid.setText(
                fill(self.tr("The code can be used until %1."), state.local_time(token.claims.expires_at))
            )
        self.hint.setText(
            self.tr("Ask the citizen to open D.DOPA on their phone, allow the camera, and scan this code.")
        )
        self.note.setText(self.tr("The code works once. If it runs out, make a new one."))
        self.scanned.setText(self.tr("The citizen has scanned it"))
        self.new_code.setText(self.tr("New code"))
        self.cancel.setText(self.tr("Cancel"))

    def clear(self) -> None:
        self.qr.clear()
        self.valid.clear()


class PasscodeScreen(CounterScreen):
    """Set the passcode (``set``), type it again (``confirm``), or consent with it (``consent``)."""

    uses_keyboard = True

    def __init__(self, mode: str) -> None:
        super().__init__()
        self.mode = mode
        self.step_number = 7 if mode == "consent" else 6
        self.hint = label("body")
        self.field = secret_field(digits=True, max_length=PASSCODE_LENGTH)
        self.field.returnPressed.connect(self._confirm)
        self.confirm = button()
        self.confirm.clicked.connect(self._confirm)
        row = QHBoxLayout()
        row.addWidget(self.field, 3)
        row.addWidget(self.confirm, 1)
        self.error = label("error")
        self.body.setSpacing(12)
        self.body.addWidget(self.hint)
        self.body.addLayout(row)
        self.body.addWidget(self.error)
        self.body.addStretch(1)
        buttons = QHBoxLayout()
        self.other = button(kind="secondary")
        self.other.clicked.connect(self._other)
        self.cancel = button(kind="secondary")
        self.cancel.clicked.connect(lambda: self.send(Cancel()))
        buttons.addWidget(self.other)
        buttons.addWidget(self.cancel)
        self.body.addLayout(buttons)

    def _confirm(self) -> None:
        text = self.field.text()
        self.field.setText("")
        self.send(EnterText(text))

    def _other(self) -> None:
        self.send(Choose(DECLINE) if self.mode == "consent" else Back())

    def problem_text(self, problem: PasscodeProblem) -> str:
        texts = {
            PasscodeProblem.EMPTY: self.tr("Please type a passcode."),
            PasscodeProblem.NOT_DIGITS: self.tr("Use digits only."),
            PasscodeProblem.WRONG_LENGTH: fill(self.tr("The passcode has %1 digits."), PASSCODE_LENGTH),
            PasscodeProblem.SEQUENTIAL: self.tr(
                "Digits in a row like 1234 or 4321 are too easy to guess. Choose another."
            ),
            PasscodeProblem.REPEATED: self.tr("One digit is used too often, like 1111. Choose another."),
            PasscodeProblem.MISMATCH: self.tr("The two passcodes are not the same. Please set it again."),
        }
        if self.mode == "consent" and problem == PasscodeProblem.MISMATCH:
            return self.tr("That is not the passcode you set. Please try again.")
        return texts[problem]

    def show_staff(self, state: StaffState) -> None:
        context = _context(state)
        if self.mode == "set":
            self.show_header(state, fill(self.tr("The citizen sets a %1-digit passcode"), PASSCODE_LENGTH))
            self.hint.setText(
                fill(
                    self.tr(
                        "Not more than %1 digits in a row (like 1234 or 4321), no digit more than %2 times "
                        "(like 1111). The passcode is not shown."
                    ),
                    MAX_SEQUENTIAL_RUN,
                    MAX_SAME_DIGIT,
                )
            )
            self.other.setText(self.tr("◀  Back"))
        elif self.mode == "confirm":
            self.show_header(state, self.tr("Type the same passcode again"))
            self.hint.setText(self.tr("Both passcodes must be the same."))
            self.other.setText(self.tr("◀  Back"))
        else:
            self.show_header(state, self.tr("Consent"))
            self.hint.setText(
                self.tr(
                    "I agree that the Department of Provincial Administration registers my digital ID "
                    "with my ID card data and fingerprint, under the terms of the D.DOPA service."
                )
                + "\n"
                + self.tr("To agree, type your passcode once more.")
            )
            self.other.setText(self.tr("I do not agree"))
        self.confirm.setText(self.tr("Continue"))
        self.cancel.setText(self.tr("Cancel"))
        problem = context.passcode_problem
        self.show_error(self.error, self.problem_text(problem) if problem is not None else "")
        self.field.setFocus()

    def clear(self) -> None:
        self.field.setText("")
        self.error.clear()


class SaveFailedScreen(CounterScreen):
    def __init__(self) -> None:
        super().__init__()
        self.hint = label("subtitle")
        self.body.addWidget(self.hint)
        self.body.addStretch(1)
        row = QHBoxLayout()
        self.again = button()
        self.end = button(kind="secondary")
        self.again.clicked.connect(lambda: self.send(Next()))
        self.end.clicked.connect(lambda: self.send(Cancel()))
        row.addWidget(self.again)
        row.addWidget(self.end)
        self.body.addLayout(row)

    def show_staff(self, state: StaffState) -> None:
        self.show_header(state, self.tr("The enrollment could not be saved"))
        self.hint.setText(self.tr("Nothing was recorded. Try again; if it fails again, call a technician."))
        self.again.setText(self.tr("Try again"))
        self.end.setText(self.tr("End the enrollment"))


class DigitalIdCard(QFrame):
    """The digital ID card as the citizen will see it: photo, name, masked number."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("dialog")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFixedSize(620, 264)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(24)
        self.photo = QLabel()
        self.photo.setFixedSize(168, 206)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.photo)
        column = QVBoxLayout()
        self.heading = label("hint")
        self.name = label("prompt")
        self.number = label("body")
        for widget in (self.heading, self.name, self.number):
            column.addWidget(widget)
        column.addStretch(1)
        layout.addLayout(column, 1)


class FinishedScreen(CounterScreen):
    step_number = 8

    def __init__(self) -> None:
        super().__init__()
        self.hint = label("subtitle")
        self.body.addWidget(self.hint)
        self.card = DigitalIdCard()
        self.body.addWidget(self.card, 0, Qt.AlignmentFlag.AlignHCenter)
        self.body.addStretch(1)
        self.next = button()
        self.next.clicked.connect(lambda: self.send(Next()))
        self.body.addWidget(self.next)

    def show_staff(self, state: StaffState) -> None:
        context = _context(state)
        self.show_header(state, self.tr("Enrollment complete"))
        self.hint.setText(
            self.tr(
                "The enrollment is saved. The digital ID card appears in the citizen's D.DOPA application. "
                "Give the ID card back to the citizen."
            )
        )
        self.card.heading.setText(self.tr("Digital ID card"))
        self.card.name.setText(context.full_name or "")
        number = context.card_id_number or ""
        self.card.number.setText(mask_id_number(number) if number else "")
        pixmap = photo_pixmap(context.card, 168, 206)
        if pixmap is not None:
            self.card.photo.setPixmap(pixmap)
        else:
            self.card.photo.clear()
        self.next.setText(self.tr("Next citizen"))

    def clear(self) -> None:
        self.card.photo.clear()
        self.card.name.clear()
        self.card.number.clear()

"""Assisted enrollment for the digital ID at a registry officer's counter (SPEC 5; seed 002,
"registration through an officer", steps 1-10).

The officer signs in (checked offline against the synced officer list); the citizen's ID card
is read and the officer compares the chip photo with the person; the 13-digit ID number is
typed (or confirmed from the card) and its check digit validated; the citizen's index finger
is captured twice and the captures matched against each other; the activation QR code is
shown for the D.DOPA application; the citizen sets a passcode twice (the shared rule of
:mod:`kiosk.domain.passcode`) and consents by entering it once more; the enrollment is
committed; done.

Every step is an audit entry attributed to the signed-in officer. They are kept in memory
during the enrollment and committed together with the enrollment's outbox row (one
transaction); an enrollment that does not finish commits its entries with an
``enrollment.abandoned`` one instead (:meth:`AssistedEnrollmentFlow.closing_audit`).

The citizen's data (card, ID number, template, passcode, activation code) lives only in the
context and is wiped when the enrollment ends, however it ends. The officer stays signed in
for the next citizen unless the enrollment ended by the idle timeout or by signing out.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

from kiosk.activation import ActivationToken
from kiosk.domain.citizen_id import IdProblem, check_id_number
from kiosk.domain.passcode import PasscodeProblem, confirmation_problem, passcode_problem
from kiosk.flows.engine import (
    Back,
    Cancel,
    CardRemoved,
    Choose,
    EnterText,
    Event,
    Flow,
    Next,
    Outcome,
    Rule,
    Timeout,
    WorkDone,
    WorkFailed,
)
from kiosk.flows.fingerprint_capture import FingerprintCaptureFlow
from kiosk.flows.session import CardRead
from kiosk.profiles import Language
from kiosk.services.fingerprint import CapturedFinger
from kiosk.services.staff import AuditEntry, CompletedEnrollment, DetailValue, SecretVerdict, SignedInOfficer

if TYPE_CHECKING:
    from drivers.card.documents import CardDocument


class EnrollmentStep(Enum):
    SIGN_IN = "sign_in"
    SIGNING_IN = "signing_in"
    INSERT_CARD = "insert_card"
    CHECK_PHOTO = "check_photo"
    ID_NUMBER = "id_number"
    FINGERPRINT = "fingerprint"
    FINGERPRINT_FAILED = "fingerprint_failed"
    ACTIVATION = "activation"
    PASSCODE = "passcode"
    PASSCODE_CONFIRM = "passcode_confirm"
    CONSENT = "consent"
    SAVING = "saving"
    SAVE_FAILED = "save_failed"
    FINISHED = "finished"
    DONE = "done"
    ABORTED = "aborted"


SAME_PERSON = "same_person"
NOT_SAME_PERSON = "not_same_person"
FROM_CARD = "from_card"
NEW_CODE = "new_code"
DECLINE = "decline"
SIGN_OUT = "sign_out"


class SignInProblem(Enum):
    WRONG = "wrong"
    LOCKED = "locked"


@dataclass(frozen=True)
class OfficerCredentials(Event):
    """What the officer typed on the sign-in screen."""

    username: str
    password: str = field(repr=False)


@dataclass(frozen=True)
class CaptureEnded(Event):
    """The fingerprint capture of the FINGERPRINT step reached its end."""

    outcome: Outcome


@dataclass(frozen=True)
class SignInResult:
    verdict: SecretVerdict
    officer: SignedInOfficer | None


@dataclass(frozen=True)
class EnrollmentServices:
    """What the flow needs from the kiosk (all Qt-free; the blocking ones run as jobs)."""

    sign_in: Callable[[str, str], tuple[SecretVerdict, SignedInOfficer | None]]
    """Blocking (scrypt, database): the SIGNING_IN job."""
    audit_entry: Callable[..., AuditEntry]
    """``AuditLog.entry``: stamps an entry (no I/O)."""
    new_capture: Callable[[], FingerprintCaptureFlow]
    issue_activation: Callable[[str], ActivationToken]
    activation_public_key: str
    hash_passcode: Callable[[str], str]
    """Blocking (scrypt): runs in the SAVING job."""
    save: Callable[[CompletedEnrollment, Sequence[AuditEntry]], str]
    """Blocking: commits the outbox row and the audit entries (the SAVING job)."""
    id_card: str
    """The profile's ID-card type (``th_id``: 13 digits with a check digit)."""
    current_year: int


@dataclass
class EnrollmentContext:
    language: Language
    officer: SignedInOfficer | None = None
    sign_in_problem: SignInProblem | None = None
    locked_until: datetime | None = None
    attempts_left: int = 0
    transaction_id: str | None = None
    card: CardDocument | None = field(default=None, repr=False)
    card_id_number: str | None = field(default=None, repr=False)
    full_name: str | None = field(default=None, repr=False)
    id_number: str | None = field(default=None, repr=False)
    id_problem: IdProblem | None = None
    id_differs_from_card: bool = False
    capture: FingerprintCaptureFlow | None = field(default=None, repr=False)
    fingerprint: CapturedFinger | None = field(default=None, repr=False)
    finger: str | None = None
    activation: ActivationToken | None = field(default=None, repr=False)
    passcode: str | None = field(default=None, repr=False)
    passcode_problem: PasscodeProblem | None = None
    save_failure: str | None = None
    audit: list[AuditEntry] = field(default_factory=list)
    saved: bool = False
    end_reason: str | None = None
    signed_out: bool = False
    wiped: bool = False

    def wipe(self) -> None:
        """Forgets the citizen: card, photo, ID number, template, passcode, activation code.
        Python strings cannot be zeroed; dropping every reference (and the screens clearing
        their fields) is what the kiosk can do."""
        self.card = None
        self.card_id_number = None
        self.full_name = None
        self.id_number = None
        self.id_problem = None
        self.id_differs_from_card = False
        if self.capture is not None:
            self.capture.context.wipe()
        self.capture = None
        self.fingerprint = None
        self.activation = None
        self.passcode = None
        self.passcode_problem = None
        self.wiped = True


class AssistedEnrollmentFlow(Flow[EnrollmentStep, EnrollmentContext]):
    name = "enrollment"
    start = EnrollmentStep.SIGN_IN
    done = EnrollmentStep.DONE
    aborted = EnrollmentStep.ABORTED
    quiet_steps = frozenset({EnrollmentStep.FINGERPRINT})

    def __init__(self, context: EnrollmentContext, services: EnrollmentServices) -> None:
        self._services = services
        super().__init__(context)
        if context.officer is not None:  # the officer stays signed in from the previous citizen
            self.step = EnrollmentStep.INSERT_CARD

    def table(self) -> Mapping[EnrollmentStep, Mapping[type[Event], Rule[EnrollmentStep]]]:
        e = EnrollmentStep
        sign_out = Rule(e.ABORTED, self._sign_out)
        return {
            e.SIGN_IN: {
                OfficerCredentials: Rule(e.SIGNING_IN, self._credentials, alternatives=(e.SIGN_IN,)),
                CardRemoved: Rule(e.SIGN_IN),
                CardRead: Rule(e.SIGN_IN),
                Timeout: sign_out,
                Cancel: sign_out,
            },
            e.SIGNING_IN: {
                WorkDone: Rule(e.INSERT_CARD, self._signed_in, alternatives=(e.SIGN_IN,)),
                WorkFailed: Rule(e.SIGN_IN, self._sign_in_failed),
                CardRemoved: Rule(e.SIGNING_IN),
                CardRead: Rule(e.SIGNING_IN),
                Timeout: sign_out,
            },
            e.INSERT_CARD: {
                CardRead: Rule(e.CHECK_PHOTO, self._card_read),
                CardRemoved: Rule(e.INSERT_CARD),
                Choose: Rule(e.ABORTED, self._sign_out, alternatives=(e.INSERT_CARD,)),
                Timeout: sign_out,
                Cancel: sign_out,
            },
            e.CHECK_PHOTO: {
                Choose: Rule(e.ID_NUMBER, self._photo_checked, alternatives=(e.CHECK_PHOTO, e.ABORTED)),
            },
            e.ID_NUMBER: {
                EnterText: Rule(e.FINGERPRINT, self._id_typed, alternatives=(e.ID_NUMBER,)),
                Choose: Rule(e.FINGERPRINT, self._id_from_card, alternatives=(e.ID_NUMBER,)),
                Back: Rule(e.CHECK_PHOTO),
            },
            e.FINGERPRINT: {
                CaptureEnded: Rule(
                    e.ACTIVATION, self._capture_ended, alternatives=(e.FINGERPRINT_FAILED, e.ABORTED)
                ),
            },
            e.FINGERPRINT_FAILED: {
                Next: Rule(e.FINGERPRINT, self._capture_again),
            },
            e.ACTIVATION: {
                Next: Rule(e.PASSCODE, self._activation_scanned),
                Choose: Rule(e.ACTIVATION, self._new_code),
            },
            e.PASSCODE: {
                EnterText: Rule(e.PASSCODE_CONFIRM, self._passcode, alternatives=(e.PASSCODE,)),
                Back: Rule(e.ACTIVATION),
            },
            e.PASSCODE_CONFIRM: {
                EnterText: Rule(e.CONSENT, self._passcode_confirmed, alternatives=(e.PASSCODE,)),
                Back: Rule(e.PASSCODE, self._forget_passcode),
            },
            e.CONSENT: {
                EnterText: Rule(e.SAVING, self._consent, alternatives=(e.CONSENT,)),
                Choose: Rule(e.ABORTED, self._declined, alternatives=(e.CONSENT,)),
            },
            e.SAVING: {
                WorkDone: Rule(e.FINISHED, self._saved),
                WorkFailed: Rule(e.SAVE_FAILED, self._save_failed),
                # The commit is under way: let it finish, whatever happens at the counter.
                CardRemoved: Rule(e.SAVING),
                Cancel: Rule(e.SAVING),
                Timeout: Rule(e.SAVING),
            },
            e.SAVE_FAILED: {
                Next: Rule(e.SAVING),
            },
            e.FINISHED: {
                Next: Rule(e.DONE),
                Timeout: Rule(e.DONE),
                Cancel: Rule(e.DONE),
                CardRemoved: Rule(e.DONE),
            },
        }

    def work(self) -> Mapping[EnrollmentStep, Callable[[], object]]:
        return {EnrollmentStep.SIGNING_IN: self._sign_in_job, EnrollmentStep.SAVING: self._save_job()}

    # --- audit ------------------------------------------------------------------------------
    def _audit(self, action: str, **detail: DetailValue) -> None:
        officer = self.context.officer
        if officer is None:
            return
        self.context.audit.append(
            self._services.audit_entry(
                officer.officer_id,
                action,
                transaction_id=self.context.transaction_id,
                detail=detail or None,
            )
        )

    def closing_audit(self) -> list[AuditEntry]:
        """The entries still to commit once the flow has ended without saving (its steps and
        an ``enrollment.abandoned`` or ``officer.signed_out`` entry); empty after a save."""
        context = self.context
        if context.saved or context.officer is None or not self.finished:
            return []
        if context.transaction_id is not None:
            self._audit("enrollment.abandoned", reason=context.end_reason or self.outcome.ended_by)
        if context.signed_out:
            self._audit("officer.signed_out", reason=self.outcome.ended_by)
        entries, context.audit = context.audit, []
        return entries

    # --- sign-in ----------------------------------------------------------------------------
    _pending_credentials: OfficerCredentials | None = None

    def _credentials(self, event: Event) -> EnrollmentStep:
        assert isinstance(event, OfficerCredentials)
        if not event.username.strip() or not event.password:
            self.context.sign_in_problem = SignInProblem.WRONG
            return EnrollmentStep.SIGN_IN
        self._pending_credentials = event
        return EnrollmentStep.SIGNING_IN

    def _sign_in_job(self) -> SignInResult:
        credentials = self._pending_credentials
        if credentials is None:
            raise RuntimeError("no credentials to check")
        verdict, officer = self._services.sign_in(credentials.username, credentials.password)
        return SignInResult(verdict, officer)

    def _signed_in(self, event: Event) -> EnrollmentStep:
        assert isinstance(event, WorkDone) and isinstance(event.result, SignInResult)
        self._pending_credentials = None
        result = event.result
        context = self.context
        if not result.verdict.accepted or result.officer is None:
            context.locked_until = result.verdict.locked_until
            context.attempts_left = result.verdict.attempts_left
            context.sign_in_problem = (
                SignInProblem.LOCKED if result.verdict.locked_until is not None else SignInProblem.WRONG
            )
            return EnrollmentStep.SIGN_IN
        context.officer = result.officer
        context.sign_in_problem = None
        context.locked_until = None
        return EnrollmentStep.INSERT_CARD

    def _sign_in_failed(self, _event: Event) -> None:
        self._pending_credentials = None
        self.context.sign_in_problem = SignInProblem.WRONG

    def _sign_out(self, event: Event) -> EnrollmentStep:
        if isinstance(event, Choose) and event.value != SIGN_OUT:
            return self.step
        self._pending_credentials = None
        self.context.signed_out = True
        return EnrollmentStep.ABORTED

    # --- the citizen's card ----------------------------------------------------------------
    def _card_read(self, event: Event) -> None:
        assert isinstance(event, CardRead)
        context = self.context
        context.transaction_id = str(uuid.uuid4())
        context.card = event.citizen.card
        context.card_id_number = event.citizen.id_number
        context.full_name = event.citizen.full_name
        self._audit("card.read", photo=_has_photo(event.citizen.card))

    def _photo_checked(self, event: Event) -> EnrollmentStep:
        assert isinstance(event, Choose)
        if event.value == SAME_PERSON:
            self._audit("photo.confirmed")
            return EnrollmentStep.ID_NUMBER
        if event.value == NOT_SAME_PERSON:
            self._audit("photo.refused")
            self.context.end_reason = "photo_refused"
            return EnrollmentStep.ABORTED
        return EnrollmentStep.CHECK_PHOTO

    def _id_typed(self, event: Event) -> EnrollmentStep:
        assert isinstance(event, EnterText)
        return self._accept_id(event.text, source="typed")

    def _id_from_card(self, event: Event) -> EnrollmentStep:
        assert isinstance(event, Choose)
        if event.value != FROM_CARD or not self.context.card_id_number:
            return EnrollmentStep.ID_NUMBER
        return self._accept_id(self.context.card_id_number, source="card")

    def _accept_id(self, text: str, *, source: str) -> EnrollmentStep:
        context = self.context
        check = check_id_number(self._services.id_card, text, current_year=self._services.current_year)
        context.id_problem = check.problem
        context.id_differs_from_card = False
        if check.number is None:
            self._audit("id_number.refused", problem=check.problem.value if check.problem else None)
            return EnrollmentStep.ID_NUMBER
        if context.card_id_number is not None and check.number != context.card_id_number:
            context.id_differs_from_card = True
            self._audit("id_number.refused", problem="differs_from_card")
            return EnrollmentStep.ID_NUMBER
        context.id_number = check.number
        self._audit("id_number.confirmed", source=source)
        self._open_capture()
        return EnrollmentStep.FINGERPRINT

    # --- fingerprint ----------------------------------------------------------------------
    def _open_capture(self) -> None:
        self.context.capture = self._services.new_capture()

    def _capture_ended(self, event: Event) -> EnrollmentStep:
        assert isinstance(event, CaptureEnded)
        context = self.context
        capture = context.capture
        assert capture is not None
        capture_context = capture.context
        ended_by = event.outcome.ended_by
        if ended_by == "done" and capture_context.result is not None:
            context.fingerprint = capture_context.result
            context.finger = capture_context.finger
            self._audit(
                "fingerprint.captured",
                finger=capture_context.finger,
                failed_attempts=capture_context.failed_attempts,
                score=capture_context.result.score,
            )
            context.capture = None
            self._issue_activation()
            return EnrollmentStep.ACTIVATION
        if capture_context.handed_over:
            self._audit("fingerprint.not_captured", failed_attempts=capture_context.failed_attempts)
            context.capture = None
            return EnrollmentStep.FINGERPRINT_FAILED
        context.end_reason = f"fingerprint_{ended_by}"
        return EnrollmentStep.ABORTED

    def _capture_again(self, _event: Event) -> None:
        self._audit("fingerprint.retried")
        self._open_capture()

    # --- activation code --------------------------------------------------------------------
    def _issue_activation(self) -> None:
        transaction_id = self.context.transaction_id
        assert transaction_id is not None
        token = self._services.issue_activation(transaction_id)
        self.context.activation = token
        self._audit("activation.shown", expires_at=token.claims.expires_at.isoformat())

    def _new_code(self, event: Event) -> None:
        assert isinstance(event, Choose)
        if event.value == NEW_CODE:
            self._issue_activation()

    def _activation_scanned(self, _event: Event) -> None:
        self._audit("activation.scanned")

    # --- passcode and consent ---------------------------------------------------------------
    def _passcode(self, event: Event) -> EnrollmentStep:
        assert isinstance(event, EnterText)
        problem = passcode_problem(event.text)
        self.context.passcode_problem = problem
        if problem is not None:
            self._audit("passcode.refused", problem=problem.value)
            return EnrollmentStep.PASSCODE
        self.context.passcode = event.text
        return EnrollmentStep.PASSCODE_CONFIRM

    def _passcode_confirmed(self, event: Event) -> EnrollmentStep:
        assert isinstance(event, EnterText)
        first = self.context.passcode or ""
        problem = confirmation_problem(first, event.text)
        self.context.passcode_problem = problem
        if problem is not None:
            self.context.passcode = None
            self._audit("passcode.refused", problem=problem.value)
            return EnrollmentStep.PASSCODE
        self._audit("passcode.set")
        return EnrollmentStep.CONSENT

    def _forget_passcode(self, _event: Event) -> None:
        self.context.passcode = None
        self.context.passcode_problem = None

    def _consent(self, event: Event) -> EnrollmentStep:
        assert isinstance(event, EnterText)
        problem = confirmation_problem(self.context.passcode or "", event.text)
        self.context.passcode_problem = problem
        if problem is not None:
            self._audit("consent.refused", problem=problem.value)
            return EnrollmentStep.CONSENT
        self._audit("consent.given")
        return EnrollmentStep.SAVING

    def _declined(self, event: Event) -> EnrollmentStep:
        assert isinstance(event, Choose)
        if event.value != DECLINE:
            return EnrollmentStep.CONSENT
        self._audit("consent.declined")
        self.context.end_reason = "consent_declined"
        return EnrollmentStep.ABORTED

    # --- saving ------------------------------------------------------------------------------
    def _save_job(self) -> Callable[[], object]:
        """The SAVING job, bound on the flow's thread to what the context holds now."""
        context = self.context
        services = self._services
        officer, token, finger = context.officer, context.activation, context.fingerprint
        id_number, passcode, transaction_id = context.id_number, context.passcode, context.transaction_id
        finger_name, language = context.finger, context.language
        audit = list(context.audit)
        photo_digest = _photo_sha256(context.card)

        def save() -> str:
            if (
                officer is None
                or token is None
                or finger is None
                or id_number is None
                or passcode is None
                or transaction_id is None
                or finger_name is None
            ):
                raise RuntimeError("the enrollment is incomplete")
            enrollment = CompletedEnrollment(
                transaction_id=transaction_id,
                officer_id=officer.officer_id,
                id_number=id_number,
                finger=finger_name,
                template=finger.template,
                capture_score=finger.score,
                passcode_hash=services.hash_passcode(passcode),
                activation_token_id=token.claims.token_id,
                activation_expires_at=token.claims.expires_at,
                activation_public_key=services.activation_public_key,
                card_photo_sha256=photo_digest,
                language=language,
            )
            return services.save(enrollment, audit)

        return save

    def _saved(self, _event: Event) -> None:
        context = self.context
        context.saved = True
        context.audit = []
        context.save_failure = None
        # Keep only what the closing screen shows (the photo and the name); the rest goes now.
        context.id_number = None
        context.passcode = None
        context.fingerprint = None
        context.activation = None

    def _save_failed(self, event: Event) -> None:
        assert isinstance(event, WorkFailed)
        self.context.save_failure = event.reason

    # --- engine hooks -----------------------------------------------------------------------
    def submit(self, event: Event) -> bool:
        """Forwards events to the fingerprint capture while in FINGERPRINT; wipes at the end."""
        capture = self.context.capture
        if (
            self.step == EnrollmentStep.FINGERPRINT
            and capture is not None
            and not isinstance(event, CaptureEnded)
        ):
            accepted = capture.submit(event)
            if capture.finished:
                super().submit(CaptureEnded(capture.outcome))
                if self._aborted():  # ended by what ended the capture
                    self.outcome.ended_by = capture.outcome.ended_by
        else:
            accepted = super().submit(event)
        if self.step == EnrollmentStep.ABORTED:
            ended_by = self.outcome.ended_by
            self.context.end_reason = self.context.end_reason or ended_by
            if ended_by == "timeout":
                self.context.signed_out = True  # nobody at the counter: the officer is signed out too
        self._wipe_if_over()
        return accepted

    def _aborted(self) -> bool:
        return self.step == EnrollmentStep.ABORTED

    def _wipe_if_over(self) -> None:
        if self.finished and not self.context.wiped:
            self.context.wipe()

    @property
    def active_flow(self) -> Flow[Any, Any]:
        """The flow whose step the screen shows: the capture while in FINGERPRINT."""
        if self.step == EnrollmentStep.FINGERPRINT and self.context.capture is not None:
            return self.context.capture
        return self

    @property
    def officer_stays(self) -> bool:
        """Whether the next citizen can be served without signing in again."""
        return self.finished and self.context.officer is not None and not self.context.signed_out


def _has_photo(card: CardDocument | None) -> bool:
    return card is not None and bool(card.photo)


def _photo_sha256(card: CardDocument | None) -> str | None:
    """The hash of the face image as stored on the card (``None``: no card, or no photo on it)."""
    if card is None or not card.photo:
        return None
    import hashlib

    return hashlib.sha256(card.photo).hexdigest()

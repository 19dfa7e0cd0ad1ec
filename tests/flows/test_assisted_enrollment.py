"""Assisted enrollment end to end, headless, against the virtual fingerprint module on a pty, the
real database, key store and audit log (SPEC 5; seed 002, registration through an officer)."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.activation import ActivationRejected, verify_activation_token
from kiosk.app import Kiosk
from kiosk.clock import FixedClock
from kiosk.domain.citizen_id import IdProblem, make_thai_id
from kiosk.domain.passcode import PasscodeProblem
from kiosk.flows.assisted_enrollment import (
    DECLINE,
    FROM_CARD,
    NEW_CODE,
    NOT_SAME_PERSON,
    SAME_PERSON,
    SIGN_OUT,
    AssistedEnrollmentFlow,
    EnrollmentStep,
    OfficerCredentials,
    SignInProblem,
)
from kiosk.flows.engine import Back, Cancel, CardRemoved, Choose, EnterText, Event, Next, Timeout
from kiosk.flows.fingerprint_capture import (
    ANOTHER_FINGER,
    HAND_OVER,
    CaptureProblem,
    CaptureProgress,
    CaptureStep,
)
from kiosk.services.staff import DEMO_OFFICER_ID, DEMO_OFFICER_PASSWORD, ENROLLMENT_KIND
from kiosk.storage.models import AuditEventRecord
from sync.outbox import OutboxItem, open_personal
from tests.flows.staff_helpers import (
    OFFICER_ID,
    OFFICER_PASSWORD,
    HeadlessDesk,
    card_read,
    thai_card,
    write_officers,
)

PASSCODE = "135792"


class Counter:
    """An officer's counter kiosk, headless."""

    def __init__(self, kiosk: Kiosk) -> None:
        self.kiosk = kiosk
        self.headless = HeadlessDesk(kiosk)
        self.desk = self.headless.desk
        self.desk.counter_mode = True  # a counter kiosk (mode = "counter"): its home is the sign-in
        self.desk.open_enrollment()
        self.holder = thai_card(kiosk)

    @property
    def flow(self) -> AssistedEnrollmentFlow:
        flow = self.desk.flow
        assert isinstance(flow, AssistedEnrollmentFlow)
        return flow

    @property
    def step(self) -> object:
        return self.desk.active_flow.step

    def submit(self, event: Event) -> None:
        self.desk.submit(event)

    def sign_in(self, username: str = OFFICER_ID, password: str = OFFICER_PASSWORD) -> None:
        self.submit(OfficerCredentials(username, password))
        assert self.step == EnrollmentStep.SIGNING_IN
        self.headless.run_job()

    def to_fingerprint(self) -> None:
        self.submit(card_read(self.holder))
        assert self.step == EnrollmentStep.CHECK_PHOTO
        self.submit(Choose(SAME_PERSON))
        self.submit(Choose(FROM_CARD))
        assert self.step == CaptureStep.CAPTURING

    def capture(self, during: Callable[[Event], Event | None] | None = None) -> None:
        self.headless.run_job(during)

    def to_activation(self) -> None:
        self.to_fingerprint()
        self.capture()
        assert self.step == CaptureStep.CAPTURED
        self.submit(Next())
        assert self.step == EnrollmentStep.ACTIVATION

    def finish_from_activation(self) -> None:
        self.submit(Next())
        self.submit(EnterText(PASSCODE))
        self.submit(EnterText(PASSCODE))
        assert self.step == EnrollmentStep.CONSENT
        self.submit(EnterText(PASSCODE))
        assert self.step == EnrollmentStep.SAVING
        self.headless.run_job()
        assert self.step == EnrollmentStep.FINISHED


@pytest.fixture
def counter(make_kiosk: Callable[..., Kiosk], tmp_path: Path) -> Counter:
    write_officers(tmp_path / "home", {OFFICER_ID: OFFICER_PASSWORD, "other.officer": "Another-Pass-1"})
    return Counter(make_kiosk("th"))


def outbox_rows(kiosk: Kiosk) -> list[OutboxItem]:
    with kiosk.sessions() as db:
        return list(db.scalars(select(OutboxItem).where(OutboxItem.kind == ENROLLMENT_KIND)))


def audit_rows(kiosk: Kiosk) -> list[AuditEventRecord]:
    assert kiosk.staff is not None
    kiosk.staff.audit.flush()
    with kiosk.sessions() as db:
        return list(db.scalars(select(AuditEventRecord).order_by(AuditEventRecord.id)))


def raw_database_bytes(kiosk: Kiosk) -> bytes:
    home = kiosk.home
    return b"".join(path.read_bytes() for path in sorted(home.glob("kiosk.sqlite3*")))


def test_full_enrollment_is_one_transaction_attributed_to_the_officer(counter: Counter) -> None:
    """GIVEN a signed-in officer and a citizen with their card WHEN every step of seed 002's second
    list is done THEN one outbox row holds the enrollment, its personal and biometric fields sealed,
    committed with the officer's audit events; the citizen is wiped; the officer stays signed in."""
    kiosk = counter.kiosk
    counter.sign_in()
    assert counter.step == EnrollmentStep.INSERT_CARD
    counter.submit(card_read(counter.holder))
    assert counter.flow.context.card is counter.holder.document  # the chip photo is there to compare
    counter.submit(Choose(SAME_PERSON))
    assert counter.step == EnrollmentStep.ID_NUMBER
    wrong_check_digit = counter.holder.id_number[:12] + str((int(counter.holder.id_number[12]) + 1) % 10)
    counter.submit(EnterText(wrong_check_digit))
    assert counter.step == EnrollmentStep.ID_NUMBER
    assert counter.flow.context.id_problem == IdProblem.BAD_CHECK_DIGIT
    another = make_thai_id("110170012345")
    assert another != counter.holder.id_number
    counter.submit(EnterText(another))  # valid, but not this card's number
    assert counter.step == EnrollmentStep.ID_NUMBER and counter.flow.context.id_differs_from_card
    counter.submit(EnterText(" ".join([counter.holder.id_number[:1], counter.holder.id_number[1:]])))
    assert counter.step == CaptureStep.CAPTURING
    counter.capture()
    assert counter.step == CaptureStep.CAPTURED
    counter.submit(Next())
    assert counter.step == EnrollmentStep.ACTIVATION
    token = counter.flow.context.activation
    assert token is not None
    counter.submit(Next())
    for refused, problem in (("123456", PasscodeProblem.SEQUENTIAL), ("191911", PasscodeProblem.REPEATED)):
        counter.submit(EnterText(refused))
        assert counter.step == EnrollmentStep.PASSCODE and counter.flow.context.passcode_problem == problem
    counter.submit(EnterText(PASSCODE))
    counter.submit(EnterText("135793"))  # not identical: set it again
    assert counter.step == EnrollmentStep.PASSCODE
    assert counter.flow.context.passcode_problem == PasscodeProblem.MISMATCH
    counter.submit(EnterText(PASSCODE))
    counter.submit(EnterText(PASSCODE))
    assert counter.step == EnrollmentStep.CONSENT
    counter.submit(EnterText("975312"))  # consent needs the passcode itself
    assert counter.step == EnrollmentStep.CONSENT
    counter.submit(EnterText(PASSCODE))
    assert counter.step == EnrollmentStep.SAVING
    counter.headless.run_job()
    assert counter.step == EnrollmentStep.FINISHED
    finished = counter.flow
    counter.submit(Next())

    # The citizen is gone from memory; the officer serves the next citizen without signing in.
    assert finished.context.wiped
    assert finished.context.card is None and finished.context.id_number is None
    assert finished.context.fingerprint is None and finished.context.passcode is None
    assert finished.context.activation is None
    assert counter.step == EnrollmentStep.INSERT_CARD and counter.flow is not finished
    assert counter.flow.context.officer == finished.context.officer

    [row] = outbox_rows(kiosk)
    transaction_id = finished.context.transaction_id
    assert row.idempotency_key == transaction_id
    payload = json.loads(row.payload)
    assert payload["officer_id"] == OFFICER_ID and payload["finger"] == "right_index"
    assert payload["activation"]["token_id"] == token.claims.token_id
    assert counter.holder.id_number not in row.payload
    assert kiosk.keystore is not None
    personal = open_personal(row, kiosk.keystore)
    assert personal["id_number"] == counter.holder.id_number
    template = base64.b64decode(personal["fingerprint_template"])
    assert len(template) == 512
    assert personal["passcode_hash"].startswith("scrypt$") and PASSCODE not in personal["passcode_hash"]

    # The QR's token is genuine for the server: signed with the key the row names, live, one-time.
    claims = verify_activation_token(token.text, payload["activation"]["public_key"], now=kiosk.clock.now())
    assert claims.transaction_id == transaction_id

    audit = [entry for entry in audit_rows(kiosk) if entry.transaction_id == transaction_id]
    assert [entry.action for entry in audit] == [
        "card.read",
        "photo.confirmed",
        "id_number.refused",
        "id_number.refused",
        "id_number.confirmed",
        "fingerprint.captured",
        "activation.shown",
        "activation.scanned",
        "passcode.refused",
        "passcode.refused",
        "passcode.refused",
        "passcode.set",
        "consent.refused",
        "consent.given",
        "enrollment.completed",
    ]
    assert {entry.actor for entry in audit} == {OFFICER_ID}
    details = " ".join(entry.detail or "" for entry in audit_rows(kiosk))
    assert counter.holder.id_number not in details and PASSCODE not in details

    # Nothing personal or biometric in clear in the database file or its WAL.
    raw = raw_database_bytes(kiosk)
    assert raw  # the database is there
    for secret in (
        counter.holder.id_number.encode(),
        template[:64],
        template[256:320],
        personal["fingerprint_template"][:40].encode(),
        PASSCODE.encode(),
    ):
        assert secret not in raw


def test_enrolled_finger_verifies_and_another_does_not(counter: Counter) -> None:
    """GIVEN a citizen enrolled at the counter WHEN their template comes back (from the sealed row)
    and the same finger is verified THEN it matches; WHEN another person's finger is THEN it does not."""
    kiosk = counter.kiosk
    finger = kiosk.scripted_finger
    assert finger is not None
    finger.default = ("citizen-somchai", "good")
    counter.sign_in()
    counter.to_activation()
    counter.finish_from_activation()
    [row] = outbox_rows(kiosk)
    template = base64.b64decode(open_personal(row, kiosk.keystore)["fingerprint_template"])
    finger.queue([("citizen-somchai", "good")])
    same = kiosk.fingerprint.verify_template(template)
    finger.queue([("citizen-malee", "good")])
    other = kiosk.fingerprint.verify_template(template)
    assert same.matched and same.score > 100
    assert not other.matched and other.score == 0


def test_smudged_finger_gets_feedback_then_enrolls_on_retry(counter: Counter) -> None:
    """GIVEN a smudged first placing WHEN captured THEN "messy" feedback, the try is counted; WHEN the
    citizen tries again THEN the enrollment goes on, and the audit records the failed try."""
    finger = counter.kiosk.scripted_finger
    assert finger is not None
    finger.queue([("citizen", "smudged")])
    counter.sign_in()
    counter.to_fingerprint()
    counter.capture()
    capture = counter.desk.active_flow
    assert counter.step == CaptureStep.RETRY
    assert capture.context.problem == CaptureProblem.MESSY
    counter.submit(Next())
    counter.capture()
    assert counter.step == CaptureStep.CAPTURED
    counter.submit(Next())
    assert counter.step == EnrollmentStep.ACTIVATION
    counter.finish_from_activation()
    counter.submit(Next())
    captured = [entry for entry in audit_rows(counter.kiosk) if entry.action == "fingerprint.captured"]
    assert json.loads(captured[0].detail or "{}")["failed_attempts"] == 1


def test_retry_limit_leads_to_another_finger_or_the_officer(counter: Counter) -> None:
    """GIVEN three failed tries WHEN the limit is reached THEN another finger is offered, and taken it
    enrolls the left index finger; GIVEN that fails too THEN the hand-over leads to a screen where
    the officer tries again or ends, nothing is recorded as enrolled."""
    finger = counter.kiosk.scripted_finger
    assert finger is not None
    finger.queue([("citizen", "partial")] * 3)
    counter.sign_in()
    counter.to_fingerprint()
    for _ in range(3):
        counter.capture()
        if counter.step == CaptureStep.RETRY:
            counter.submit(Next())
    assert counter.step == CaptureStep.LIMIT_REACHED
    counter.submit(Choose(ANOTHER_FINGER))
    counter.capture()
    assert counter.step == CaptureStep.CAPTURED
    counter.submit(Next())
    assert counter.flow.context.finger == "left_index"
    counter.finish_from_activation()
    [row] = outbox_rows(counter.kiosk)
    assert json.loads(row.payload)["finger"] == "left_index"
    counter.submit(Next())

    # The next citizen: both fingers fail, the officer takes over.
    finger.queue([("citizen-2", "smudged")] * 6)
    counter.to_fingerprint()
    for choice in (ANOTHER_FINGER, HAND_OVER):
        for _ in range(3):
            counter.capture()
            if counter.step == CaptureStep.RETRY:
                counter.submit(Next())
        assert counter.step == CaptureStep.LIMIT_REACHED
        counter.submit(Choose(choice))
    assert counter.step == EnrollmentStep.FINGERPRINT_FAILED
    flow = counter.flow
    counter.submit(Cancel())
    assert flow.finished and flow.context.wiped
    assert len(outbox_rows(counter.kiosk)) == 1
    actions = [
        entry.action
        for entry in audit_rows(counter.kiosk)
        if entry.transaction_id == flow.context.transaction_id
    ]
    assert actions[-2:] == ["fingerprint.not_captured", "enrollment.abandoned"]


@pytest.mark.parametrize("where", ["check_photo", "capturing", "activation", "consent"])
def test_card_removed_wipes_the_citizen_and_records_nothing(counter: Counter, where: str) -> None:
    """GIVEN an enrollment under way WHEN the citizen's card is pulled (even mid-capture) THEN the
    enrollment ends, the citizen's data is wiped, nothing is committed but the officer's audit of
    the abandoned steps, and the officer is ready for the next citizen."""
    counter.sign_in()
    counter.submit(card_read(counter.holder))
    flow = counter.flow
    if where == "capturing":
        counter.submit(Choose(SAME_PERSON))
        counter.submit(Choose(FROM_CARD))
        finger = counter.kiosk.scripted_finger
        assert finger is not None
        finger.default = None  # the citizen hesitates: the module waits for a finger
        counter.capture(during=lambda event: CardRemoved() if isinstance(event, CaptureProgress) else None)
    else:
        if where in ("activation", "consent"):
            counter.submit(Choose(SAME_PERSON))
            counter.submit(Choose(FROM_CARD))
            counter.capture()
            counter.submit(Next())
        if where == "consent":
            counter.submit(Next())
            counter.submit(EnterText(PASSCODE))
            counter.submit(EnterText(PASSCODE))
            assert counter.step == EnrollmentStep.CONSENT
        counter.submit(CardRemoved())
    assert flow.finished and flow.outcome.ended_by == "card_removed"
    context = flow.context
    assert context.wiped and context.card is None and context.id_number is None
    assert context.fingerprint is None and context.activation is None and context.passcode is None
    assert context.capture is None
    assert outbox_rows(counter.kiosk) == []
    actions = [
        entry.action for entry in audit_rows(counter.kiosk) if entry.transaction_id == context.transaction_id
    ]
    assert actions[0] == "card.read" and actions[-1] == "enrollment.abandoned"
    assert counter.step == EnrollmentStep.INSERT_CARD


def test_timeout_signs_the_officer_out(counter: Counter) -> None:
    """GIVEN an officer signed in WHEN nobody touches the counter until the timeout THEN the enrollment
    ends, the officer is signed out (audited) and the next person must sign in."""
    counter.sign_in()
    counter.submit(card_read(counter.holder))
    counter.submit(Timeout())
    assert counter.step == EnrollmentStep.SIGN_IN
    actions = [entry.action for entry in audit_rows(counter.kiosk)]
    assert actions[-2:] == ["enrollment.abandoned", "officer.signed_out"]


def test_on_a_citizen_kiosk_the_end_of_the_counter_returns_to_the_attract_screen(counter: Counter) -> None:
    """GIVEN the counter opened on a citizens' kiosk (from technician mode) WHEN the officer signs out
    THEN no staff flow is left: the citizens' attract screen is back."""
    counter.desk.counter_mode = False
    counter.sign_in()
    counter.submit(Choose(SIGN_OUT))
    assert not counter.desk.active


def test_sign_out_and_photo_refused_and_consent_declined(counter: Counter) -> None:
    """GIVEN the officer refuses the photo THEN nothing is enrolled; GIVEN the citizen declines consent
    THEN nothing is enrolled; GIVEN the officer signs out THEN the sign-in screen comes back."""
    counter.sign_in()
    counter.submit(card_read(counter.holder))
    counter.submit(Choose(NOT_SAME_PERSON))
    assert counter.desk.ended[-1].context.end_reason == "photo_refused"
    assert counter.step == EnrollmentStep.INSERT_CARD
    counter.to_activation()
    counter.submit(Choose(NEW_CODE))  # a fresh code when the first one ran out
    counter.submit(Next())
    counter.submit(EnterText(PASSCODE))
    counter.submit(Back())  # back from the confirmation forgets the first entry
    assert counter.step == EnrollmentStep.PASSCODE and counter.flow.context.passcode is None
    counter.submit(EnterText(PASSCODE))
    counter.submit(EnterText(PASSCODE))
    counter.submit(Choose(DECLINE))
    assert counter.desk.ended[-1].context.end_reason == "consent_declined"
    assert outbox_rows(counter.kiosk) == []
    counter.submit(Choose(SIGN_OUT))
    assert counter.step == EnrollmentStep.SIGN_IN
    actions = [entry.action for entry in audit_rows(counter.kiosk)]
    assert "activation.shown" in actions and actions.count("activation.shown") == 2
    assert actions[-1] == "officer.signed_out"


def test_sign_in_checks_the_synced_credentials_with_a_lockout(counter: Counter, clock: FixedClock) -> None:
    """GIVEN the synced officer list WHEN a wrong password is typed THEN refused with tries left;
    after five wrong ones THEN locked, even the right password, until the lockout ends."""
    counter.sign_in(OFFICER_ID, "wrong")
    assert counter.step == EnrollmentStep.SIGN_IN
    assert counter.flow.context.sign_in_problem == SignInProblem.WRONG
    assert counter.flow.context.attempts_left == 4
    counter.sign_in("nobody", OFFICER_PASSWORD)
    assert counter.flow.context.sign_in_problem == SignInProblem.WRONG
    for _ in range(4):
        counter.sign_in(OFFICER_ID, "still wrong")
    assert counter.flow.context.sign_in_problem == SignInProblem.LOCKED
    counter.sign_in()
    assert counter.step == EnrollmentStep.SIGN_IN
    assert counter.flow.context.sign_in_problem == SignInProblem.LOCKED
    counter.sign_in("OTHER.OFFICER", "Another-Pass-1")  # another officer is not locked out
    assert counter.step == EnrollmentStep.INSERT_CARD
    assert counter.flow.context.officer is not None
    assert counter.flow.context.officer.officer_id == "other.officer"
    counter.submit(Choose(SIGN_OUT))
    clock.set(clock.now() + timedelta(minutes=6))
    counter.sign_in()
    assert counter.step == EnrollmentStep.INSERT_CARD
    actions = [(entry.actor, entry.action) for entry in audit_rows(counter.kiosk)]
    assert actions.count((OFFICER_ID, "officer.sign_in.failed")) == 5
    assert (OFFICER_ID, "officer.sign_in.locked") in actions
    assert actions[-1] == (OFFICER_ID, "officer.sign_in.succeeded")


def test_demo_officer_in_simulate_mode(make_kiosk: Callable[..., Kiosk], tmp_path: Path) -> None:
    """GIVEN a --simulate kiosk whose pulled officer list is empty (the development server has none)
    WHEN the documented demo officer signs in THEN accepted; GIVEN real officers were pulled THEN the
    demo officer is not added and cannot sign in."""
    home = tmp_path / "home"
    write_officers(home, {})  # what a pull of an empty officer_credentials document leaves
    counter = Counter(make_kiosk("th"))
    counter.sign_in(DEMO_OFFICER_ID, DEMO_OFFICER_PASSWORD)
    assert counter.step == EnrollmentStep.INSERT_CARD

    other_home = tmp_path / "other"
    write_officers(other_home, {OFFICER_ID: OFFICER_PASSWORD})
    real = Counter(make_kiosk("th", home=other_home))
    real.sign_in(DEMO_OFFICER_ID, DEMO_OFFICER_PASSWORD)
    assert real.step == EnrollmentStep.SIGN_IN
    real.sign_in()
    assert real.step == EnrollmentStep.INSERT_CARD


def test_activation_token_is_short_lived_and_one_time(counter: Counter, clock: FixedClock) -> None:
    """GIVEN the QR shown to the citizen WHEN the server redeems it THEN once only, only while it
    lives, only with the kiosk's key, and only for this enrollment's token id."""
    from kiosk.activation import PendingActivation, redeem

    counter.sign_in()
    counter.to_activation()
    token = counter.flow.context.activation
    assert token is not None
    counter.finish_from_activation()
    [row] = outbox_rows(counter.kiosk)
    activation = json.loads(row.payload)["activation"]
    pending = {row.idempotency_key: PendingActivation(activation["token_id"], activation["public_key"])}
    used: set[str] = set()
    assert token.claims.expires_at - token.claims.issued_at == timedelta(minutes=10)
    assert redeem(token.text, find_enrollment=pending.get, redeemed=used, now=clock.now()).token_id in used
    with pytest.raises(ActivationRejected, match="already_used"):
        redeem(token.text, find_enrollment=pending.get, redeemed=used, now=clock.now())
    with pytest.raises(ActivationRejected, match="expired"):
        verify_activation_token(token.text, activation["public_key"], now=token.claims.expires_at)
    with pytest.raises(ActivationRejected, match="unknown"):
        redeem(token.text, find_enrollment=lambda _tid: None, redeemed=set(), now=clock.now())


def test_a_save_under_way_is_not_cut_short(counter: Counter) -> None:
    """GIVEN the enrollment being committed WHEN the officer presses cancel, the idle timeout comes or
    the card is pulled THEN the commit finishes and is shown as done (never "abandoned" after all)."""
    counter.sign_in()
    counter.to_activation()
    counter.submit(Next())
    for _ in range(3):
        counter.submit(EnterText(PASSCODE))
    assert counter.step == EnrollmentStep.SAVING
    for event in (Cancel(), Timeout(), CardRemoved()):
        counter.submit(event)
        assert counter.step == EnrollmentStep.SAVING
    counter.headless.run_job()
    assert counter.step == EnrollmentStep.FINISHED
    assert len(outbox_rows(counter.kiosk)) == 1
    assert "enrollment.abandoned" not in [entry.action for entry in audit_rows(counter.kiosk)]

"""The fingerprint capture flow and service against the virtual module on a real pseudo-terminal."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest

from drivers.fingerprint.errors import ModuleNotResponding
from drivers.fingerprint.simulator import VirtualFingerprintModule
from drivers.fingerprint.zfm import ZfmScanner
from kiosk.app import Kiosk
from kiosk.flows.engine import Cancel, CardRemoved, Choose, Event, Next, Timeout
from kiosk.flows.fingerprint_capture import (
    ANOTHER_FINGER,
    HAND_OVER,
    CaptureContext,
    CaptureProblem,
    CaptureProgress,
    CaptureStep,
    FingerprintCaptureFlow,
    Instruction,
)
from kiosk.services.fingerprint import CapturedFinger, FingerprintService, ScriptedFinger
from tests.flows.staff_helpers import HeadlessDesk


class CaptureRig:
    """A capture flow on a real virtual module, driven like the window drives it."""

    def __init__(self, kiosk: Kiosk, purpose: str = "enrollment", max_attempts: int = 3) -> None:
        self.headless = HeadlessDesk(kiosk)
        self.kiosk = kiosk
        service = kiosk.fingerprint
        job = service.capture_template if purpose == "enrollment" else service.test_capture
        self.flow = FingerprintCaptureFlow(
            CaptureContext(purpose=purpose, max_attempts=max_attempts),  # type: ignore[arg-type]
            lambda cancel, progress: job(cancel=cancel, on_progress=progress),
            self.headless.progress.put,
        )

    @property
    def finger(self) -> ScriptedFinger:
        assert self.kiosk.scripted_finger is not None
        return self.kiosk.scripted_finger

    def attempt(self, during: Callable[[Event], Event | None] | None = None) -> CaptureStep:
        assert self.flow.step == CaptureStep.CAPTURING
        self.headless.run_job(during, flow=self.flow)
        return self.flow.step


@pytest.fixture
def rig(make_kiosk: Callable[..., Kiosk]) -> Iterator[CaptureRig]:
    yield CaptureRig(make_kiosk("th"))


def test_two_captures_matched_then_accepted_with_live_instructions(rig: CaptureRig) -> None:
    """GIVEN a good finger WHEN captured THEN the screen was told place, lift, place again, and the
    template is the module's merged template of two matching captures; nothing stays on the module."""
    assert rig.attempt() == CaptureStep.CAPTURED
    assert rig.headless.progress_seen == [
        ("place_finger", "place"),
        ("lift_finger", "lift"),
        ("place_finger", "place_again"),
    ]
    result = rig.flow.context.result
    assert isinstance(result, CapturedFinger)
    assert len(result.template) == 512 and result.score >= 150
    assert rig.flow.context.captured == 2 and rig.flow.context.problem is None
    module = rig.kiosk.virtual_fingerprint
    assert module is not None
    assert module.pages == [] and result.template_count == 0  # the scratch page was deleted
    assert "template=<512 bytes>" in repr(result) and result.template.hex()[:16] not in repr(result)
    rig.flow.submit(Next())
    assert rig.flow.step == CaptureStep.DONE


def test_every_serial_exchange_runs_on_the_module_worker_thread(rig: CaptureRig) -> None:
    """GIVEN captures, info and a verify WHEN they run THEN all on one worker thread, never the caller's."""
    rig.attempt()
    service = rig.kiosk.fingerprint
    service.info()
    assert len(service.worker_threads) == 1
    assert threading.get_ident() not in service.worker_threads
    assert not rig.headless.job_threads & service.worker_threads


@pytest.mark.parametrize(
    ("quality", "problem"),
    [
        ("smudged", CaptureProblem.MESSY),
        ("partial", CaptureProblem.TOO_FEW_FEATURES),
        ("unreadable", CaptureProblem.IMAGE_FAILED),
    ],
)
def test_quality_feedback_then_success_on_retry(
    rig: CaptureRig, quality: str, problem: CaptureProblem
) -> None:
    """GIVEN a poor placing WHEN captured THEN the problem is shown and counted; WHEN tried again with
    a good placing THEN accepted, and the feedback is cleared once a capture is good."""
    rig.finger.queue([("citizen", quality)])  # type: ignore[list-item]
    assert rig.attempt() == CaptureStep.RETRY
    context = rig.flow.context
    assert context.problem == problem and context.attempts == 1
    rig.flow.submit(Next())
    assert rig.flow.step == CaptureStep.CAPTURING and context.problem == problem  # still shown while placing
    assert rig.attempt() == CaptureStep.CAPTURED
    assert context.problem is None and context.failed_attempts == 1


def test_no_finger_in_time_is_said_plainly(rig: CaptureRig) -> None:
    """GIVEN nobody places a finger WHEN the capture times out THEN "no finger" feedback and a retry."""
    rig.finger.default = None  # nobody puts a finger down
    rig.kiosk.fingerprint.capture_timeout_s = 0.4  # not 15 s in a test
    assert rig.attempt() == CaptureStep.RETRY
    assert rig.flow.context.problem == CaptureProblem.NO_FINGER
    assert rig.flow.context.failure_reason == "capture_timed_out"


def test_two_different_fingers_do_not_match(rig: CaptureRig) -> None:
    """GIVEN a different finger on the second capture WHEN captured THEN "no match" and no template."""
    rig.finger.queue([("citizen", "good"), ("someone-else", "good")])
    assert rig.attempt() == CaptureStep.RETRY
    assert rig.flow.context.problem == CaptureProblem.NO_MATCH
    assert rig.flow.context.result is None


def test_retry_limit_offers_another_finger_then_only_a_hand_over(rig: CaptureRig) -> None:
    """GIVEN three failed attempts WHEN the limit is reached THEN another finger or hand over is offered;
    the other index finger gets three tries of its own; after that only the hand-over remains."""
    rig.finger.queue([("citizen", "smudged")] * 3)
    for attempt in range(3):
        step = rig.attempt()
        if attempt < 2:
            assert step == CaptureStep.RETRY
            rig.flow.submit(Next())
    assert rig.flow.step == CaptureStep.LIMIT_REACHED
    assert rig.flow.context.finger == "right_index" and rig.flow.context.other_finger_left
    rig.flow.submit(Choose(ANOTHER_FINGER))
    assert rig.flow.step == CaptureStep.CAPTURING
    assert rig.flow.context.finger == "left_index" and rig.flow.context.attempts == 0
    rig.finger.queue([("citizen", "partial")] * 3)
    for attempt in range(3):
        rig.attempt()
        if attempt < 2:
            rig.flow.submit(Next())
    assert rig.flow.step == CaptureStep.LIMIT_REACHED and not rig.flow.context.other_finger_left
    rig.flow.submit(Choose(ANOTHER_FINGER))  # no finger left to offer: nothing happens
    assert rig.flow.step == CaptureStep.LIMIT_REACHED
    rig.flow.submit(Choose(HAND_OVER))
    assert rig.flow.step == CaptureStep.ABORTED and rig.flow.context.handed_over
    assert rig.flow.context.failed_attempts == 6


def test_scanner_faults_do_not_use_up_the_citizens_tries(make_kiosk: Callable[..., Kiosk]) -> None:
    """GIVEN a module whose port cannot be opened WHEN captured THEN a scanner problem, tries untouched."""
    kiosk = make_kiosk("th", devices={"simulate": False, "fingerprint_port": "/dev/nonexistent-fingerprint"})
    assert kiosk.virtual_fingerprint is None
    flow = FingerprintCaptureFlow(
        CaptureContext(purpose="enrollment"),
        lambda cancel, progress: kiosk.fingerprint.capture_template(cancel=cancel, on_progress=progress),
    )
    for _ in range(4):
        job = flow.pending_work()
        assert job is not None
        from kiosk.flows.engine import outcome_of

        flow.submit(outcome_of(job))
        assert flow.step == CaptureStep.RETRY
        assert (
            flow.context.problem == CaptureProblem.SCANNER
            and flow.context.failure_reason == "port_unavailable"
        )
        flow.submit(Next())
    assert flow.context.attempts == 0


@pytest.mark.parametrize("ending", [Cancel(), Timeout(), CardRemoved()])
def test_cancel_timeout_or_card_removal_stop_the_module_at_once(rig: CaptureRig, ending: Event) -> None:
    """GIVEN a capture waiting for a finger that never comes WHEN it is cancelled, times out or the
    card is pulled THEN the flow ends and the module stops polling at once (not after 15 s)."""
    rig.finger.queue([])
    rig.finger.default = None  # nobody puts a finger down
    started = time.monotonic()
    step = rig.attempt(during=lambda event: ending if isinstance(event, CaptureProgress) else None)
    assert step == CaptureStep.ABORTED
    assert time.monotonic() - started < 5
    assert rig.flow.context.result is None


def test_progress_events_out_of_step_are_ignored(rig: CaptureRig) -> None:
    """GIVEN a finished capture WHEN a late progress event arrives THEN nothing changes."""
    rig.attempt()
    assert not rig.flow.submit(CaptureProgress("place_finger"))
    assert rig.flow.step == CaptureStep.CAPTURED and rig.flow.context.instruction == Instruction.PLACE_AGAIN


def test_verify_against_a_template_from_the_server(make_kiosk: Callable[..., Kiosk]) -> None:
    """GIVEN alice's template captured at the kiosk WHEN alice verifies against it THEN matched; WHEN
    bob does THEN not matched; the template never stays on the module."""
    kiosk = make_kiosk("th")
    finger = kiosk.scripted_finger
    assert finger is not None and kiosk.virtual_fingerprint is not None
    finger.delay_s = 0
    finger.queue([("alice", "good"), ("alice", "good")])
    captured = kiosk.fingerprint.capture_template()
    finger.queue([("alice", "good")])
    assert kiosk.fingerprint.verify_template(captured.template).matched
    finger.queue([("bob", "good")])
    assert not kiosk.fingerprint.verify_template(captured.template).matched
    assert kiosk.virtual_fingerprint.pages == []


def test_service_reopens_the_port_after_it_failed() -> None:
    """GIVEN a module that stops answering WHEN a job fails THEN the port is opened again for the next."""
    opened: list[ZfmScanner] = []
    with VirtualFingerprintModule() as module:

        def open_scanner() -> ZfmScanner:
            scanner = ZfmScanner.open(module.port_path, timeout_s=0.3)
            opened.append(scanner)
            return scanner

        service = FingerprintService(open_scanner)
        try:
            assert service.info().capacity == 300
            module.delay_s = 1.0  # answers arrive after the driver gave up
            with pytest.raises(ModuleNotResponding):
                service.info()
            module.delay_s = 0.0
            time.sleep(1.2)  # the late answers drain
            assert service.info().capacity == 300
            assert len(opened) == 2
        finally:
            service.close()


def test_closing_the_kiosk_stops_a_capture_waiting_for_a_finger(make_kiosk: Callable[..., Kiosk]) -> None:
    """GIVEN a capture waiting for a finger that never comes WHEN the kiosk closes THEN the capture
    ends at once with "cancelled" (not at its 15 s timeout) and the close does not hang."""
    from drivers.fingerprint.errors import CaptureCancelled

    kiosk = make_kiosk("th")
    assert kiosk.scripted_finger is not None
    kiosk.scripted_finger.default = None
    asked = threading.Event()
    failures: list[BaseException] = []

    def capture() -> None:
        try:
            kiosk.fingerprint.capture_template(on_progress=lambda key: asked.set())
        except BaseException as exc:
            failures.append(exc)

    worker = threading.Thread(target=capture)
    worker.start()
    assert asked.wait(5)
    started = time.monotonic()
    kiosk.close()
    worker.join(5)
    assert not worker.is_alive() and time.monotonic() - started < 5
    assert len(failures) == 1 and isinstance(failures[0], CaptureCancelled)

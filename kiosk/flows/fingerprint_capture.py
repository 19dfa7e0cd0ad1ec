"""Capturing a finger: live instructions, progress over the captures, quality feedback, retries.

Used by assisted enrollment (the citizen's index finger) and by the technicians' device test.
One *attempt* is two captures of the same finger, matched against each other by the module
before the finger is accepted (``FingerprintService.capture_template``). While the attempt
runs on the fingerprint worker, the module's progress ("place your finger", "lift your
finger") arrives as :class:`CaptureProgress` events, which the screen shows as they come.

A failed attempt is turned into a :class:`CaptureProblem` the citizen understands (a messy
image, too little of the finger, no finger, the two captures not matching) and the person
tries again. After ``max_attempts`` failed attempts with one finger there is a plain way out:
another finger (the other index finger), or handing over to the officer (for the device
test: stopping). A scanner fault is shown as such and does not use up the citizen's tries.

Cancel, timeout and card removal stop the capture on the module at once (the attempt's
``cancel`` event) and end the flow.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Literal

from drivers.fingerprint.base import LIFT_FINGER, PLACE_FINGER, ProgressCallback
from kiosk.flows.engine import (
    Cancel,
    CardRemoved,
    Choose,
    Event,
    Flow,
    Next,
    Rule,
    Timeout,
    WorkDone,
    WorkFailed,
)
from kiosk.services.fingerprint import CapturedFinger


class CaptureStep(Enum):
    CAPTURING = "capturing"
    RETRY = "retry"
    LIMIT_REACHED = "limit_reached"
    CAPTURED = "captured"
    DONE = "done"
    ABORTED = "aborted"


class Instruction(Enum):
    """What the person should do now."""

    PLACE = "place"
    LIFT = "lift"
    PLACE_AGAIN = "place_again"


class CaptureProblem(Enum):
    """Why an attempt failed, in the person's terms."""

    NO_FINGER = "no_finger"
    """No finger came (or it was not lifted) in time."""
    MESSY = "messy"
    """The image is messy: a dirty, wet or moving finger."""
    TOO_FEW_FEATURES = "too_few_features"
    """Too little of the finger touched the glass: place it flatter."""
    IMAGE_FAILED = "image_failed"
    """The image could not be taken: place the finger again."""
    NO_MATCH = "no_match"
    """The two captures do not match each other (two different fingers, or moved a lot)."""
    SCANNER = "scanner"
    """The scanner itself failed (a technician matter); does not count as the person's try."""


PROBLEM_BY_REASON: Mapping[str, CaptureProblem] = {
    "no_finger": CaptureProblem.NO_FINGER,
    "capture_timed_out": CaptureProblem.NO_FINGER,
    "too_messy": CaptureProblem.MESSY,
    "too_few_features": CaptureProblem.TOO_FEW_FEATURES,
    "image_failed": CaptureProblem.IMAGE_FAILED,
    "merge_failed": CaptureProblem.NO_MATCH,
    "no_match": CaptureProblem.NO_MATCH,
}
"""The driver's error reasons (``drivers.fingerprint.errors``) the person can act on; any
other reason (port, module, password, library) is ``SCANNER``."""

FINGERS: tuple[str, ...] = ("right_index", "left_index")
"""The fingers enrollment takes, in the order they are asked for (SPEC 5: index fingers)."""

ANOTHER_FINGER = "another_finger"
HAND_OVER = "hand_over"
TEST_AGAIN = "test_again"

Purpose = Literal["enrollment", "device_test"]
CaptureJob = Callable[[threading.Event, ProgressCallback], CapturedFinger]
"""Runs one attempt (blocking, off the flow's thread): ``(cancel, on_progress) -> CapturedFinger``."""


def problem_for(reason: str) -> CaptureProblem:
    return PROBLEM_BY_REASON.get(reason, CaptureProblem.SCANNER)


@dataclass(frozen=True)
class CaptureProgress(Event):
    """The module asked the person for something (``place_finger`` / ``lift_finger``)."""

    key: str


@dataclass
class CaptureContext:
    purpose: Purpose
    fingers: tuple[str, ...] = FINGERS
    captures: int = 2
    """Captures per attempt (shown as progress dots)."""
    max_attempts: int = 3
    """Failed attempts allowed with one finger before the way out is offered."""
    finger_index: int = 0
    attempts: int = 0
    """Failed attempts with the current finger (scanner faults not counted)."""
    failed_attempts: int = 0
    """Failed attempts in all, every finger (for the audit log)."""
    instruction: Instruction = Instruction.PLACE
    captured: int = 0
    """Captures taken in the current attempt."""
    problem: CaptureProblem | None = None
    """Why the last attempt failed; shown until the next capture succeeds."""
    failure_reason: str | None = None
    """The driver's reason key of the last failure (technicians' page)."""
    result: CapturedFinger | None = field(default=None, repr=False)
    handed_over: bool = False
    """The person took the way out ("hand over to the officer" / "stop")."""

    @property
    def finger(self) -> str:
        return self.fingers[self.finger_index]

    @property
    def other_finger_left(self) -> bool:
        return self.finger_index + 1 < len(self.fingers)

    def wipe(self) -> None:
        """Drops the captured template (biometric data)."""
        self.result = None


class FingerprintCaptureFlow(Flow[CaptureStep, CaptureContext]):
    """One finger, captured twice and accepted when both captures match.

    ``report`` receives the :class:`CaptureProgress` events of a running attempt on the
    fingerprint worker thread: whoever drives the flow must hand them back to the flow's
    own thread (the window: a queued signal) and submit them there."""

    name = "capture"
    start = CaptureStep.CAPTURING
    done = CaptureStep.DONE
    aborted = CaptureStep.ABORTED

    def __init__(
        self,
        context: CaptureContext,
        capture: CaptureJob,
        report: Callable[[Event], None] | None = None,
    ) -> None:
        self._capture = capture
        self._report = report
        self._cancel = threading.Event()
        super().__init__(context)

    def table(self) -> Mapping[CaptureStep, Mapping[type[Event], Rule[CaptureStep]]]:
        c = CaptureStep
        stop = Rule(c.ABORTED, self._stop)
        return {
            c.CAPTURING: {
                CaptureProgress: Rule(c.CAPTURING, self._progress),
                WorkDone: Rule(c.CAPTURED, self._captured),
                WorkFailed: Rule(c.RETRY, self._failed, alternatives=(c.LIMIT_REACHED,)),
                Cancel: stop,
                Timeout: stop,
                CardRemoved: stop,
            },
            c.RETRY: {
                Next: Rule(c.CAPTURING, self._again),
                Choose: Rule(c.CAPTURING, self._choose, alternatives=(c.RETRY, c.ABORTED)),
            },
            c.LIMIT_REACHED: {
                Choose: Rule(c.CAPTURING, self._choose, alternatives=(c.LIMIT_REACHED, c.ABORTED)),
            },
            c.CAPTURED: {
                Next: Rule(c.DONE),
                Choose: Rule(c.CAPTURING, self._test_again, alternatives=(c.CAPTURED,)),
            },
        }

    def work(self) -> Mapping[CaptureStep, Callable[[], object]]:
        cancel = (
            self._cancel
        )  # bound now, on the flow's thread: a Cancel before the job starts still stops it
        return {CaptureStep.CAPTURING: lambda: self._capture(cancel, self._on_progress)}

    # --- the running attempt (fingerprint worker thread) -----------------------------------
    def _on_progress(self, key: str) -> None:
        if self._report is not None:
            self._report(CaptureProgress(key))

    # --- effects (the flow's thread) -------------------------------------------------------
    def _progress(self, event: Event) -> None:
        assert isinstance(event, CaptureProgress)
        context = self.context
        if event.key == LIFT_FINGER:
            context.captured = min(context.captures, context.captured + 1)
            context.instruction = Instruction.LIFT
            context.problem = None  # this attempt's capture was good: the old feedback is stale
        elif event.key == PLACE_FINGER:
            context.instruction = Instruction.PLACE_AGAIN if context.captured else Instruction.PLACE

    def _captured(self, event: Event) -> None:
        assert isinstance(event, WorkDone) and isinstance(event.result, CapturedFinger)
        self.context.result = event.result
        self.context.captured = self.context.captures
        self.context.problem = None
        self.context.failure_reason = None

    def _failed(self, event: Event) -> CaptureStep:
        assert isinstance(event, WorkFailed)
        context = self.context
        problem = problem_for(event.reason)
        context.problem = problem
        context.failure_reason = event.reason
        if problem is not CaptureProblem.SCANNER:
            context.attempts += 1
            context.failed_attempts += 1
        if context.attempts >= context.max_attempts:
            return CaptureStep.LIMIT_REACHED
        return CaptureStep.RETRY

    def _again(self, _event: Event | None = None) -> None:
        self._cancel = threading.Event()
        self.context.captured = 0
        self.context.instruction = Instruction.PLACE

    def _choose(self, event: Event) -> CaptureStep | None:
        assert isinstance(event, Choose)
        context = self.context
        if event.value == ANOTHER_FINGER and context.other_finger_left:
            context.finger_index += 1
            context.attempts = 0
            context.problem = None
            self._again()
            return CaptureStep.CAPTURING
        if event.value == HAND_OVER:
            context.handed_over = True
            return CaptureStep.ABORTED
        return self.step  # not offered here: stay

    def _test_again(self, event: Event) -> CaptureStep:
        assert isinstance(event, Choose)
        if event.value != TEST_AGAIN or self.context.purpose != "device_test":
            return CaptureStep.CAPTURED
        self.context.result = None
        self._again()
        return CaptureStep.CAPTURING

    def _stop(self, _event: Event) -> None:
        self._cancel.set()

    # --- engine hooks -------------------------------------------------------------------
    def submit(self, event: Event) -> bool:
        accepted = super().submit(event)
        if self.step == CaptureStep.ABORTED:
            self._cancel.set()
            self.context.wipe()
        return accepted

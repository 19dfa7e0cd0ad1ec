"""The shared fingerprint capture screen on its own: every step of the capture flow, the words, the
picture, the progress dots, and the events its buttons send."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt, QTranslator
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.app import Kiosk
from kiosk.flows.engine import Cancel, Choose, Event, Next, WorkDone, WorkFailed
from kiosk.flows.fingerprint_capture import (
    ANOTHER_FINGER,
    HAND_OVER,
    TEST_AGAIN,
    CaptureContext,
    CaptureProgress,
    CaptureStep,
    FingerprintCaptureFlow,
)
from kiosk.paths import resources_dir
from kiosk.services.fingerprint import CapturedFinger
from ui.screens.fingerprint import FingerprintCaptureScreen, Pose
from ui.screens.staff import StaffState
from ui.wiring import office_time


class Rig:
    def __init__(self, qtbot: QtBot, kiosk: Kiosk, purpose: str = "enrollment") -> None:
        self.kiosk = kiosk
        self.flow = FingerprintCaptureFlow(
            CaptureContext(purpose=purpose),  # type: ignore[arg-type]
            lambda cancel, progress: CapturedFinger(0, b"", 0),
        )
        self.screen = FingerprintCaptureScreen()
        qtbot.addWidget(self.screen)
        self.screen.resize(1184, 600)
        self.screen.show()
        self.sent: list[Event] = []
        self.screen.submitted.connect(self.sent.append)
        self.render()

    def submit(self, event: Event) -> None:
        self.flow.submit(event)
        self.render()

    def render(self) -> None:
        self.screen.show_staff(StaffState(office_time(self.kiosk), self.flow))
        QApplication.processEvents()


@pytest.fixture(autouse=True)
def english(qapp: QApplication) -> Iterator[None]:
    """English texts, whatever translator an earlier test left installed (the newest one wins)."""
    translator = QTranslator()
    assert translator.load(str(resources_dir() / "translations" / "kiosk_en.qm"))
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


@pytest.fixture
def rig(qtbot: QtBot, make_kiosk: Callable[..., Kiosk]) -> Rig:
    return Rig(qtbot, make_kiosk("th"))


def test_live_instructions_and_dots_follow_the_module(rig: Rig) -> None:
    """GIVEN a capture WHEN the module asks for the finger, then to lift it, then for it again THEN the
    screen says so with the picture and one dot per capture taken; no button but Cancel."""
    screen = rig.screen
    assert screen.instruction.text() == "Place your right index finger on the scanner"
    assert screen.dots.text() == "○ ○" and screen.progress.text() == "Scan 1 of 2"
    assert screen.picture.pose == Pose.PLACE
    assert not screen.primary.isVisible() and not screen.secondary.isVisible() and screen.cancel.isVisible()
    rig.submit(CaptureProgress("lift_finger"))
    assert screen.instruction.text() == "Lift your finger" and screen.picture.pose == Pose.LIFT
    assert screen.dots.text() == "● ○" and screen.progress.text() == "Scan 2 of 2"
    rig.submit(CaptureProgress("place_finger"))
    assert screen.instruction.text() == "Place the same finger again"
    rig.submit(WorkDone(CapturedFinger(score=212, template=b"x" * 512, template_count=0)))
    assert screen.instruction.text() == "Fingerprint recorded" and screen.picture.pose == Pose.DONE
    assert screen.dots.text() == "● ●"
    assert screen.detail.text() == "The two scans match (score 212). Quality: good"
    assert not screen.secondary.isVisible()  # "test again" is for technicians only
    screen.primary.click()
    assert rig.sent == [Next()]


@pytest.mark.parametrize(
    ("reason", "feedback", "instruction_after"),
    [
        ("too_messy", "The print was smudged.", "Place your right index finger on the scanner again"),
        ("too_few_features", "Too little of the finger", "Place your finger again, flatter"),
        ("capture_timed_out", "No finger was felt.", "Place your right index finger on the scanner again"),
        (
            "merge_failed",
            "The two scans did not match.",
            "Place your right index finger on the scanner again",
        ),
        (
            "port_unavailable",
            "The fingerprint scanner is not working.",
            "Place your right index finger on the scanner again",
        ),
    ],
)
def test_quality_feedback_in_plain_words(
    rig: Rig, reason: str, feedback: str, instruction_after: str
) -> None:
    """GIVEN a failed attempt WHEN shown THEN what went wrong and what to do, tries left, "Try again";
    WHEN tried again THEN the instruction carries the advice ("flatter") until a capture is good."""
    screen = rig.screen
    rig.submit(WorkFailed(reason))
    assert screen.feedback.text().startswith(feedback)
    assert screen.instruction.text() == "Let us try again" and screen.picture.pose == Pose.PROBLEM
    assert not screen.dots.isVisible()
    if reason == "port_unavailable":
        assert screen.detail.text() == ""  # a scanner fault uses none of the citizen's tries
    else:
        assert screen.detail.text() == "Tries left with this finger: 2"
    assert screen.primary.text() == "Try again"
    screen.primary.click()
    assert rig.sent == [Next()]
    rig.submit(Next())
    assert screen.instruction.text() == instruction_after


def test_limit_offers_the_other_finger_then_the_officer(rig: Rig) -> None:
    """GIVEN three failed attempts WHEN the limit shows THEN "Use the left index finger" and "Hand over
    to the officer"; after the second finger too THEN only the hand-over and cancel remain."""
    screen = rig.screen
    for _ in range(3):
        rig.submit(WorkFailed("too_messy"))
        if rig.flow.step == CaptureStep.RETRY:
            rig.submit(Next())
    assert rig.flow.step == CaptureStep.LIMIT_REACHED
    assert screen.instruction.text() == "The right index finger could not be scanned"
    assert screen.primary.text() == "Use the left index finger" and screen.primary.isVisible()
    assert screen.secondary.text() == "Hand over to the officer"
    screen.primary.click()
    screen.secondary.click()
    screen.cancel.click()
    assert rig.sent == [Choose(ANOTHER_FINGER), Choose(HAND_OVER), Cancel()]
    rig.submit(Choose(ANOTHER_FINGER))
    assert screen.instruction.text() == "Place your left index finger on the scanner"
    for _ in range(3):
        rig.submit(WorkFailed("too_few_features"))
        if rig.flow.step == CaptureStep.RETRY:
            rig.submit(Next())
    assert not screen.primary.isVisible() and screen.secondary.isVisible()


def test_device_test_wording_and_test_again(qtbot: QtBot, make_kiosk: Callable[..., Kiosk]) -> None:
    """GIVEN the technicians' test WHEN captured THEN the score and the module's template count show,
    with "Test again"; at the limit the way out is "Stop the test"."""
    rig = Rig(qtbot, make_kiosk("th"), purpose="device_test")
    screen = rig.screen
    assert screen.title.text() == "Fingerprint scanner test"
    rig.submit(WorkDone(CapturedFinger(score=60, template=b"", template_count=3)))
    assert screen.instruction.text() == "Test capture done"
    assert (
        "Quality: low" in screen.detail.text() and "Templates stored on the module: 3" in screen.detail.text()
    )
    assert screen.secondary.isVisible() and screen.secondary.text() == "Test again"
    qtbot.mouseClick(screen.secondary, Qt.MouseButton.LeftButton)
    assert rig.sent == [Choose(TEST_AGAIN)]
    rig.submit(Choose(TEST_AGAIN))
    for _ in range(3):
        rig.submit(WorkFailed("no_match"))
        if rig.flow.step == CaptureStep.RETRY:
            rig.submit(Next())
    assert screen.secondary.text() == "Stop the test"


def test_clear_forgets_the_last_capture(rig: Rig) -> None:
    """GIVEN a shown result WHEN the screen is cleared (end of session) THEN no text of it remains."""
    rig.submit(WorkDone(CapturedFinger(score=200, template=b"x" * 512, template_count=0)))
    rig.screen.clear()
    assert rig.screen.detail.text() == "" and rig.screen.instruction.text() == ""
    assert rig.screen.picture.pose == Pose.PLACE

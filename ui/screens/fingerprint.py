"""The fingerprint capture screen, shared by assisted enrollment and the technicians' device test.

It shows the capture flow's step: a big picture of a finger on the scanner (placing, on the
glass, lifting, done, or a problem), the instruction in plain words, a dot per capture, what
went wrong with the last try and what to do about it, and the ways out (try again, another
finger, hand over to the officer or stop the test, cancel). It only collects input.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.flows.engine import Cancel, Choose, Next
from kiosk.flows.fingerprint_capture import (
    ANOTHER_FINGER,
    HAND_OVER,
    TEST_AGAIN,
    CaptureContext,
    CaptureProblem,
    CaptureStep,
    Instruction,
)
from ui.screens.base import fill
from ui.screens.staff import StaffScreen, StaffState
from ui.widgets import button, label


class Pose(Enum):
    """What the picture shows."""

    PLACE = "place"  # the finger above the glass, an arrow down
    ON_GLASS = "on_glass"  # the finger on the glass, the glass lit
    LIFT = "lift"  # the finger above the glass, an arrow up
    DONE = "done"  # a tick
    PROBLEM = "problem"  # the finger above the glass and a warning sign


class FingerOnScanner(QWidget):
    """A drawing of an index finger and a fingerprint scanner (no image files needed)."""

    SKIN = QColor("#e9b48a")
    SKIN_EDGE = QColor("#9c6a45")
    NAIL = QColor("#f6dccb")
    BODY = QColor("#2f3a45")
    GLASS = QColor("#6f8fa8")
    GLASS_LIT = QColor("#39c0a0")
    ARROW = QColor("#0b5cad")
    GOOD = QColor("#1e8e3e")
    WARN = QColor("#d97706")

    def __init__(self) -> None:
        super().__init__()
        self.pose = Pose.PLACE
        self.setMinimumSize(QSize(260, 260))
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)

    def set_pose(self, pose: Pose) -> None:
        if pose != self.pose:
            self.pose = pose
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        del event
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height())
        painter.translate((self.width() - side) / 2, (self.height() - side) / 2)
        painter.scale(side / 300, side / 300)  # draw on a 300 x 300 canvas
        lit = self.pose in (Pose.ON_GLASS, Pose.DONE)
        # The scanner: a body and its glass.
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.BODY)
        painter.drawRoundedRect(QRectF(45, 222, 210, 58), 14, 14)
        painter.setBrush(self.GLASS_LIT if lit else self.GLASS)
        painter.drawRoundedRect(QRectF(95, 210, 110, 26), 8, 8)
        # The finger, on the glass or above it.
        tip_y = 212 if self.pose == Pose.ON_GLASS else 150
        self._finger(painter, tip_y)
        if self.pose == Pose.PLACE:
            self._arrow(painter, down=True)
        elif self.pose == Pose.LIFT:
            self._arrow(painter, down=False)
        elif self.pose == Pose.DONE:
            self._badge(painter, self.GOOD, tick=True)
        elif self.pose == Pose.PROBLEM:
            self._badge(painter, self.WARN, tick=False)
        painter.end()

    def _finger(self, painter: QPainter, tip_y: float) -> None:
        finger = QPainterPath()
        finger.addRoundedRect(QRectF(122, tip_y - 150, 56, 150), 28, 28)
        painter.setPen(QPen(self.SKIN_EDGE, 3))
        painter.setBrush(self.SKIN)
        painter.drawPath(finger)
        painter.setPen(QPen(self.SKIN_EDGE, 2))
        painter.drawLine(QPointF(130, tip_y - 95), QPointF(170, tip_y - 95))  # knuckle crease
        painter.setBrush(self.NAIL)
        painter.drawRoundedRect(QRectF(134, tip_y - 42, 32, 30), 12, 12)

    def _arrow(self, painter: QPainter, *, down: bool) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.ARROW)
        x, top, bottom = 232, 110, 190
        painter.drawRect(QRectF(x - 7, top + (0 if down else 24), 14, bottom - top - 24))
        head = (
            [QPointF(x - 22, bottom - 26), QPointF(x + 22, bottom - 26), QPointF(x, bottom)]
            if down
            else [QPointF(x - 22, top + 26), QPointF(x + 22, top + 26), QPointF(x, top)]
        )
        painter.drawPolygon(QPolygonF(head))

    def _badge(self, painter: QPainter, colour: QColor, *, tick: bool) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(QPointF(236, 70), 40, 40)
        pen = QPen(QColor("#ffffff"), 9, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        if tick:
            painter.drawPolyline(QPolygonF([QPointF(218, 70), QPointF(231, 84), QPointF(256, 56)]))
        else:
            painter.drawLine(QPointF(236, 48), QPointF(236, 76))
            painter.drawPoint(QPointF(236, 92))


class FingerprintCaptureScreen(StaffScreen):
    """One screen for every step of the capture flow (capturing, retry, limit reached, captured)."""

    def __init__(self) -> None:
        super().__init__()
        self.title = label("subtitle")
        self.body.addWidget(self.title)
        row = QHBoxLayout()
        row.setSpacing(32)
        self.picture = FingerOnScanner()
        row.addWidget(self.picture, 2)
        column = QWidget()
        texts = QVBoxLayout(column)
        texts.setContentsMargins(0, 0, 0, 0)
        texts.setSpacing(16)
        self.instruction = label("title")
        self.dots = label("bigDots")
        self.dots.setStyleSheet("font-size: 56px; letter-spacing: 12px;")
        self.progress = label("hint")
        self.feedback = label("error")
        self.detail = label("body")
        texts.addStretch(1)
        for widget in (self.instruction, self.dots, self.progress, self.feedback, self.detail):
            texts.addWidget(widget)
        texts.addStretch(1)
        row.addWidget(column, 3)
        self.body.addLayout(row, 1)
        buttons = QHBoxLayout()
        buttons.setSpacing(24)
        self.primary = button()
        self.secondary = button(kind="secondary")
        self.cancel = button(kind="secondary")
        self.primary.clicked.connect(self._primary)
        self.secondary.clicked.connect(self._secondary)
        self.cancel.clicked.connect(lambda: self.send(Cancel()))
        for choice in (self.primary, self.secondary, self.cancel):
            buttons.addWidget(choice)
        self.body.addLayout(buttons)
        self._step: CaptureStep | None = None
        self._purpose = "enrollment"

    # --- input ---------------------------------------------------------------------------
    def _primary(self) -> None:
        if self._step in (CaptureStep.RETRY, CaptureStep.CAPTURED):
            self.send(Next())
        elif self._step == CaptureStep.LIMIT_REACHED:
            self.send(Choose(ANOTHER_FINGER))

    def _secondary(self) -> None:
        if self._step == CaptureStep.LIMIT_REACHED:
            self.send(Choose(HAND_OVER))
        elif self._step == CaptureStep.CAPTURED:
            self.send(Choose(TEST_AGAIN))

    # --- texts ---------------------------------------------------------------------------
    def finger_name(self, finger: str) -> str:
        return {
            "right_index": self.tr("right index finger"),
            "left_index": self.tr("left index finger"),
        }.get(finger, finger)

    def instruction_text(self, context: CaptureContext) -> str:
        finger = self.finger_name(context.finger)
        if context.instruction == Instruction.LIFT:
            return self.tr("Lift your finger")
        if context.instruction == Instruction.PLACE_AGAIN:
            return self.tr("Place the same finger again")
        if context.problem == CaptureProblem.TOO_FEW_FEATURES:
            return self.tr("Place your finger again, flatter")
        if context.problem is not None:
            return fill(self.tr("Place your %1 on the scanner again"), finger)
        return fill(self.tr("Place your %1 on the scanner"), finger)

    def problem_text(self, problem: CaptureProblem) -> str:
        texts = {
            CaptureProblem.NO_FINGER: self.tr(
                "No finger was felt. Press your finger on the glass and keep it still."
            ),
            CaptureProblem.MESSY: self.tr(
                "The print was smudged. Wipe your finger dry and clean, then press gently."
            ),
            CaptureProblem.TOO_FEW_FEATURES: self.tr(
                "Too little of the finger touched the glass. Lay it flat, covering the whole glass."
            ),
            CaptureProblem.IMAGE_FAILED: self.tr(
                "The scanner could not see the finger. Please place it again."
            ),
            CaptureProblem.NO_MATCH: self.tr(
                "The two scans did not match. Use the same finger both times and keep it still."
            ),
            CaptureProblem.SCANNER: self.tr(
                "The fingerprint scanner is not working. Please call the officer."
            ),
        }
        return texts[problem]

    def quality_text(self, score: int) -> str:
        if score >= 150:
            return self.tr("Quality: good")
        if score >= 80:
            return self.tr("Quality: fair")
        return self.tr("Quality: low")

    # --- rendering -----------------------------------------------------------------------
    def show_staff(self, state: StaffState) -> None:
        context = state.context
        assert isinstance(context, CaptureContext)
        step = state.flow.step
        assert isinstance(step, CaptureStep)
        self._step, self._purpose = step, context.purpose
        device_test = context.purpose == "device_test"
        self.title.setText(
            self.tr("Fingerprint scanner test") if device_test else self.tr("Fingerprint of the index finger")
        )
        done = context.captured if step != CaptureStep.CAPTURED else context.captures
        self.dots.setText(" ".join("●" if index < done else "○" for index in range(context.captures)))
        self.progress.setText(
            fill(self.tr("Scan %1 of %2"), min(done + 1, context.captures), context.captures)
            if step == CaptureStep.CAPTURING
            else fill(self.tr("%1 of %2 scans done"), done, context.captures)
        )
        counting = step in (CaptureStep.CAPTURING, CaptureStep.CAPTURED)  # after a failure, no half-counts
        self.dots.setVisible(counting)
        self.progress.setVisible(counting)
        self.feedback.setText(self.problem_text(context.problem) if context.problem is not None else "")
        self.detail.setText("")
        self.cancel.setText(self.tr("Cancel"))
        self.primary.setVisible(step != CaptureStep.CAPTURING)
        self.secondary.setVisible(
            step in (CaptureStep.LIMIT_REACHED, CaptureStep.CAPTURED)
            and (step == CaptureStep.LIMIT_REACHED or device_test)
        )
        self.cancel.setVisible(step != CaptureStep.CAPTURED)
        if step == CaptureStep.CAPTURING:
            self.picture.set_pose(Pose.LIFT if context.instruction == Instruction.LIFT else Pose.PLACE)
            self.instruction.setText(self.instruction_text(context))
        elif step == CaptureStep.RETRY:
            self.picture.set_pose(Pose.PROBLEM)
            self.instruction.setText(self.tr("Let us try again"))
            left = context.max_attempts - context.attempts
            if context.problem != CaptureProblem.SCANNER:
                self.detail.setText(fill(self.tr("Tries left with this finger: %1"), left))
            self.primary.setText(self.tr("Try again"))
        elif step == CaptureStep.LIMIT_REACHED:
            self.picture.set_pose(Pose.PROBLEM)
            self.instruction.setText(
                fill(self.tr("The %1 could not be scanned"), self.finger_name(context.finger))
            )
            other = context.other_finger_left
            self.primary.setVisible(other)
            if other:
                other_finger = self.finger_name(context.fingers[context.finger_index + 1])
                self.primary.setText(fill(self.tr("Use the %1"), other_finger))
            self.secondary.setText(
                self.tr("Stop the test") if device_test else self.tr("Hand over to the officer")
            )
        elif step == CaptureStep.CAPTURED:
            self.picture.set_pose(Pose.DONE)
            result = context.result
            self.instruction.setText(
                self.tr("Fingerprint recorded") if not device_test else self.tr("Test capture done")
            )
            if result is not None:
                self.detail.setText(
                    fill(
                        self.tr("The two scans match (score %1). %2"),
                        result.score,
                        self.quality_text(result.score),
                    )
                    + (
                        "\n" + fill(self.tr("Templates stored on the module: %1"), result.template_count)
                        if device_test
                        else ""
                    )
                )
            self.primary.setText(self.tr("Continue") if not device_test else self.tr("Done"))
            self.secondary.setText(self.tr("Test again"))

    def clear(self) -> None:
        for widget in (self.instruction, self.feedback, self.detail, self.progress):
            widget.clear()
        self.picture.set_pose(Pose.PLACE)

"""The "Do you need more time?" overlay, with the seconds left."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from ui.screens.base import fill
from ui.widgets import button, label


class TimeoutWarning(QFrame):
    more_time = Signal()
    finish = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(120, 80, 120, 80)
        dialog = QFrame()
        dialog.setObjectName("dialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QVBoxLayout(dialog)
        layout.setContentsMargins(48, 40, 48, 40)
        layout.setSpacing(24)
        self.question = label("title", center=True)
        self.countdown = label("subtitle", center=True)
        self.yes = button()
        self.no = button(kind="secondary")
        self.yes.clicked.connect(self.more_time)
        self.no.clicked.connect(self.finish)
        for widget in (self.question, self.countdown, self.yes, self.no):
            layout.addWidget(widget)
        outer.addStretch(1)
        outer.addWidget(dialog)
        outer.addStretch(1)
        self.hide()

    def show_seconds(self, seconds: int) -> None:
        self.question.setText(self.tr("Do you need more time?"))
        self.countdown.setText(fill(self.tr("This session will end in %1 seconds."), max(0, seconds)))
        self.yes.setText(self.tr("Yes, I need more time"))
        self.no.setText(self.tr("No, I am finished"))
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()
        self.show()

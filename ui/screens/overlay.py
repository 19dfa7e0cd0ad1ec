"""The "Do you need more time?" overlay, with the seconds left."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QProgressBar, QVBoxLayout, QWidget

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


class CardReadingNotice(QFrame):
    """ "Reading your card…" with a moving bar, or, when the card could not be read, what to do."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(160, 120, 160, 120)
        dialog = QFrame()
        dialog.setObjectName("dialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QVBoxLayout(dialog)
        layout.setContentsMargins(48, 40, 48, 40)
        self.message = label("title", center=True)
        self.detail = label("subtitle", center=True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.close_button = button(kind="secondary")
        self.close_button.clicked.connect(self.hide)
        for widget in (self.message, self.progress, self.detail, self.close_button):
            layout.addWidget(widget)
        outer.addStretch(1)
        outer.addWidget(dialog)
        outer.addStretch(1)
        self.hide()

    def _show(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()
        self.show()

    def show_reading(self) -> None:
        self.message.setText(self.tr("Reading your card…"))
        self.detail.setText(self.tr("Please leave the card in the reader."))
        self.progress.show()
        self.close_button.hide()
        self._show()

    def show_failure(self, reason: str) -> None:
        texts = {
            "card_removed": self.tr(
                "The card was taken out too early. Please insert it again and leave it in."
            ),
            "unsupported_card": self.tr("This card cannot be read here. Please use your national ID card."),
            "no_card": self.tr("No card was found in the reader. Please insert your ID card."),
        }
        self.message.setText(self.tr("Your card could not be read"))
        self.detail.setText(
            texts.get(
                reason, self.tr("Please take the card out and insert it again, or type your ID number.")
            )
        )
        self.progress.hide()
        self.close_button.setText(self.tr("OK"))
        self.close_button.show()
        self._show()

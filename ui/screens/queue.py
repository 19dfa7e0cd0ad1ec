"""Queue-ticket screens: choose the counter service, wait while it prints, take the number."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QProgressBar, QWidget

from kiosk.flows.engine import Choose, Next
from kiosk.flows.queue_ticket import ANOTHER_SERVICE, QueueContext
from ui.screens.base import Footer, Screen, ScreenState, fill
from ui.widgets import button, label, qr_pixmap


def _queue_context(state: ScreenState) -> QueueContext:
    context = state.session.active_flow.context
    if not isinstance(context, QueueContext):
        raise TypeError("queue screen shown outside the queue-ticket flow")
    return context


class QueueCategoryScreen(Screen):
    """One tile per counter service of the profile."""

    def __init__(self) -> None:
        super().__init__()
        self.title = label("title")
        self.hint = label("hint")
        self.tiles = QWidget()
        self.grid = QGridLayout(self.tiles)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(20)
        self.body.addWidget(self.title)
        self.body.addWidget(self.hint)
        self.body.addWidget(self.tiles)
        self.body.addStretch(1)
        self.footer = Footer(self)
        self.body.addWidget(self.footer)

    def show_state(self, state: ScreenState) -> None:
        context = _queue_context(state)
        self.title.setText(self.tr("Which service do you need?"))
        self.hint.setText(self.tr("Touch one. You will get a printed number for the counter."))
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for index, category in enumerate(context.categories):
            text = f"{category.code}   {category.name.in_language(context.language)}"
            tile = button(text, kind="tile")
            tile.clicked.connect(lambda _=False, c=category.code: self.send(Choose(c)))
            self.grid.addWidget(tile, index // 2, index % 2)
        self.footer.retranslate()


class BusyScreen(Screen):
    """Work in progress: a moving bar and what is happening."""

    def __init__(self) -> None:
        super().__init__()
        self.body.addStretch(1)
        self.title = label("title", center=True)
        self.hint = label("subtitle", center=True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy indicator: the job length is unknown
        self.progress.setTextVisible(False)
        self.body.addWidget(self.title)
        self.body.addWidget(self.progress)
        self.body.addWidget(self.hint)
        self.body.addStretch(1)

    def show_state(self, state: ScreenState) -> None:
        self.title.setText(self.tr("Printing your ticket…"))
        self.hint.setText(self.tr("Please wait a moment."))


class TicketScreen(Screen):
    """The number, big; the wait; and what to do when the printer could not print."""

    def __init__(self) -> None:
        super().__init__()
        self.title = label("subtitle", center=True)
        self.number = label("bigNumber", center=True)
        self.category = label("title", center=True)
        self.ahead = label("body", center=True)
        self.issued = label("hint", center=True)
        self.printer = label("body", center=True)
        self.qr = QLabel()
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for widget in (
            self.title,
            self.number,
            self.category,
            self.ahead,
            self.issued,
            self.printer,
            self.qr,
        ):
            self.body.addWidget(widget)
        self.body.addStretch(1)
        row = QHBoxLayout()
        row.setSpacing(24)
        self.another = button(kind="secondary")
        self.finish = button()
        self.another.clicked.connect(lambda: self.send(Choose(ANOTHER_SERVICE)))
        self.finish.clicked.connect(lambda: self.send(Next()))
        row.addWidget(self.another)
        row.addWidget(self.finish)
        self.body.addLayout(row)

    def show_state(self, state: ScreenState) -> None:
        context = _queue_context(state)
        result = context.result
        if result is None:
            raise RuntimeError("ticket screen without a ticket")
        ticket = result.ticket
        office = state.office
        self.title.setText(self.tr("Your number is"))
        self.number.setText(ticket.label)
        self.category.setText(office.queue_category(ticket.category_code).name.in_language(context.language))
        if ticket.people_ahead == 0:
            self.ahead.setText(self.tr("Nobody is ahead of you."))
        else:
            self.ahead.setText(
                fill(
                    self.tr("People ahead of you: %1. Estimated wait: about %2 minutes."),
                    ticket.people_ahead,
                    ticket.estimated_wait_min,
                )
            )
        self.issued.setText(fill(self.tr("Issued %1"), office.time.local_time(ticket.issued_at)))
        if result.printed:
            self.printer.setText(self.tr("Please take your printed ticket below the screen."))
            self.printer.setObjectName("body")
            self.qr.clear()
            self.qr.setVisible(False)
        else:
            self.printer.setText(
                self.tr(
                    "The printer could not print. Your number is saved: remember it, "
                    "or take a photo of this screen."
                )
            )
            self.printer.setObjectName("error")
            self.qr.setPixmap(qr_pixmap(f"TICKET:{ticket.transaction_id}", 180))
            self.qr.setVisible(True)
        self.printer.style().unpolish(self.printer)
        self.printer.style().polish(self.printer)
        self.another.setText(self.tr("Another service"))
        self.finish.setText(self.tr("Finish"))

    def clear(self) -> None:
        for widget in (self.number, self.category, self.ahead, self.issued, self.printer, self.qr):
            widget.clear()


class ProblemScreen(Screen):
    """The ticket could not be issued: say so plainly, offer to try again."""

    def __init__(self) -> None:
        super().__init__()
        self.body.addStretch(1)
        self.title = label("title", center=True)
        self.hint = label("subtitle", center=True)
        self.body.addWidget(self.title)
        self.body.addWidget(self.hint)
        self.body.addStretch(1)
        self.retry = button()
        self.retry.clicked.connect(lambda: self.send(Next()))
        self.body.addWidget(self.retry)
        self.footer = Footer(self)
        self.body.addWidget(self.footer)

    def show_state(self, state: ScreenState) -> None:
        self.title.setText(self.tr("Sorry, no number could be issued."))
        if _queue_context(state).out_of_numbers:
            # Trying again cannot help: this kiosk has handed out every number it may today.
            self.hint.setText(
                self.tr("This machine has no more numbers for this service today. Please ask at the counter.")
            )
        else:
            self.hint.setText(self.tr("Please try again. If it happens again, please ask at the counter."))
        self.retry.setText(self.tr("Try again"))
        self.footer.retranslate()

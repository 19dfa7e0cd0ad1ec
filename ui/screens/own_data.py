"""Check own data: the card chip's data about its holder, with the photo, for the holder alone."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QWidget

from kiosk.domain.calendar import format_date
from kiosk.flows.engine import Next
from kiosk.flows.own_data import OwnDataContext
from ui.screens.base import Footer, Screen, ScreenState
from ui.widgets import button, label


def _context(state: ScreenState) -> OwnDataContext:
    context = state.session.active_flow.context
    if not isinstance(context, OwnDataContext):
        raise TypeError("own-data screen shown outside its flow")
    return context


def _date_text(value: Any, calendar: str) -> str:
    """A card date (``date``, a value with ``.value``, or ``None``) as the profile shows dates."""
    raw = getattr(value, "value", value)
    if isinstance(raw, date):
        return format_date(raw, "buddhist" if calendar == "buddhist" else "gregorian")
    return "—"


class OwnDataScreen(Screen):
    """The card's data; NEEDS_CARD asks for the card when the citizen typed their number."""

    def __init__(self) -> None:
        super().__init__()
        self.title = label("title")
        self.hint = label("hint")
        self.body.addWidget(self.title)
        self.body.addWidget(self.hint)
        row = QHBoxLayout()
        self.photo = QLabel()
        self.photo.setFixedSize(180, 216)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        row.addWidget(self.photo, 0, Qt.AlignmentFlag.AlignTop)
        self.details = QWidget()
        self.grid = QGridLayout(self.details)
        self.grid.setContentsMargins(16, 0, 0, 0)
        self.grid.setVerticalSpacing(6)
        self.labels: list[QLabel] = []
        self.values: list[QLabel] = []
        for index in range(7):
            name, value = label("hint", wrap=False), label("body")
            self.grid.addWidget(name, index, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(value, index, 1)
            self.labels.append(name)
            self.values.append(value)
        self.grid.setColumnStretch(0, 0)
        self.grid.setColumnStretch(1, 1)
        row.addWidget(self.details, 1)
        self.body.addLayout(row)
        self.body.addStretch(1)
        self.done = button()
        self.done.clicked.connect(lambda: self.send(Next()))
        self.body.addWidget(self.done)
        self.footer = Footer(self)
        self.body.addWidget(self.footer)

    def show_state(self, state: ScreenState) -> None:
        context = _context(state)
        card = context.card
        calendar = state.kiosk.profile.calendar
        self.done.setText(self.tr("Finish"))
        self.footer.retranslate()
        if card is None:
            self.title.setText(self.tr("Please insert your ID card"))
            self.hint.setText(
                self.tr("Your data is read from the card's chip. Insert the card into the reader.")
            )
            self.clear()
            return
        self.title.setText(self.tr("The data on your ID card"))
        self.hint.setText(self.tr("Only you can see this. It disappears when you take out your card."))
        name_th = getattr(getattr(card, "name_th", None), "full", "")
        name_en = getattr(getattr(card, "name_en", None), "full", "")
        address = getattr(card, "address", None)
        rows = [
            (self.tr("ID number"), str(getattr(card, "id_number", ""))),
            (self.tr("Name"), name_th or name_en),
            (self.tr("Name in English"), name_en),
            (self.tr("Date of birth"), _date_text(getattr(card, "date_of_birth", None), calendar)),
            (self.tr("Address"), str(getattr(address, "full", address or ""))),
            (self.tr("Date of issue"), _date_text(getattr(card, "date_of_issue", None), calendar)),
            (
                self.tr("Date of expiry"),
                _date_text(getattr(card, "date_of_expiry", None), calendar)
                if getattr(
                    getattr(card, "date_of_expiry", None), "value", getattr(card, "date_of_expiry", None)
                )
                is not None
                else self.tr("Lifetime"),
            ),
        ]
        for (name, value), name_label, value_label in zip(rows, self.labels, self.values, strict=True):
            name_label.setText(name)
            value_label.setText(value)
        pixmap = QPixmap()
        photo = getattr(card, "photo", b"")
        if isinstance(photo, bytes) and photo and pixmap.loadFromData(photo):
            self.photo.setPixmap(
                pixmap.scaled(
                    180, 216, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
                )
            )
        else:
            self.photo.clear()

    def _expiry_text(self, value: Any, calendar: str) -> str:
        raw = getattr(value, "value", value)
        return _date_text(raw, calendar) if raw is not None else self.tr("Lifetime")

    def clear(self) -> None:
        self.photo.clear()
        for widget in (*self.labels, *self.values):
            widget.clear()

"""Check own data: the card chip's data about its holder, with the photo, for the holder alone.

Both ID cards: the Thai card's fields, or the CCCD's (DG13's personal data, DG2's photo - a
JPEG 2000 one already decoded by the reader - and whether the chip's data was verified, in
plain words). The rows come from :func:`kiosk.flows.own_data.own_data_rows`; a long list (the
CCCD's) scrolls by touch.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QScrollArea, QScroller, QWidget

from kiosk.domain.calendar import format_date
from kiosk.flows.engine import Next
from kiosk.flows.own_data import OwnDataContext, OwnDataRows, own_data_rows
from ui.screens.base import Footer, Screen, ScreenState
from ui.widgets import button, label

MAX_ROWS = 16
PHOTO_SIZE = (180, 240)


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


def _styled(widget: QWidget, object_name: str) -> None:
    if widget.objectName() != object_name:
        widget.setObjectName(object_name)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


class OwnDataScreen(Screen):
    """The card's data; asks for the card when the citizen typed their number."""

    def __init__(self) -> None:
        super().__init__()
        self.body.setContentsMargins(48, 20, 48, 16)
        self.body.setSpacing(12)
        self.title = label("title")
        self.hint = label("hint")
        self.verification = label("body")
        self.body.addWidget(self.title)
        self.body.addWidget(self.hint)
        self.body.addWidget(self.verification)
        row = QHBoxLayout()
        self.photo = QLabel()
        self.photo.setFixedSize(*PHOTO_SIZE)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        row.addWidget(self.photo, 0, Qt.AlignmentFlag.AlignTop)
        self.details = QWidget()
        self.grid = QGridLayout(self.details)
        self.grid.setContentsMargins(16, 0, 8, 0)
        self.grid.setVerticalSpacing(6)
        self.grid.setHorizontalSpacing(20)
        self.labels: list[QLabel] = []
        self.values: list[QLabel] = []
        for index in range(MAX_ROWS):
            name, value = label("hint", wrap=False), label("body")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            self.grid.addWidget(name, index, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(value, index, 1)
            self.labels.append(name)
            self.values.append(value)
        self.grid.setColumnStretch(0, 0)
        self.grid.setColumnStretch(1, 1)
        self.grid.setRowStretch(MAX_ROWS, 1)
        self.rows_area = QScrollArea()
        self.rows_area.setWidget(self.details)
        self.rows_area.setWidgetResizable(True)
        self.rows_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.rows_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.rows_area.verticalScrollBar().setStyleSheet("QScrollBar:vertical { width: 28px; }")
        QScroller.grabGesture(self.rows_area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
        row.addWidget(self.rows_area, 1)
        self.body.addLayout(row, 1)
        buttons = QHBoxLayout()
        buttons.setSpacing(24)
        self.footer = Footer(self)
        self.footer.end.setVisible(False)  # "Finish" beside it ends the same way
        self.done = button()
        self.done.clicked.connect(lambda: self.send(Next()))
        buttons.addWidget(self.footer, 1)
        buttons.addWidget(self.done, 1)
        self.body.addLayout(buttons)

    def row_name(self, key: str, kind: str) -> str:
        names = {
            "id_number": self.tr("ID number"),
            "name": self.tr("Name"),
            "name_en": self.tr("Name in English"),
            "date_of_birth": self.tr("Date of birth"),
            "sex": self.tr("Sex"),
            "nationality": self.tr("Nationality"),
            "ethnicity": self.tr("Ethnicity"),
            "religion": self.tr("Religion"),
            "hometown": self.tr("Place of origin"),
            "address": self.tr("Place of residence") if kind == "cccd" else self.tr("Address"),
            "identifying_marks": self.tr("Identifying marks"),
            "date_of_issue": self.tr("Date of issue"),
            "date_of_expiry": self.tr("Date of expiry"),
            "father_name": self.tr("Father"),
            "mother_name": self.tr("Mother"),
            "old_id_number": self.tr("Former ID number"),
        }
        return names.get(key, key)

    def row_value(self, key: str, value: Any, kind: str, calendar: str) -> str:
        if key == "date_of_expiry" and getattr(value, "value", value) is None:
            return self.tr("No expiry date") if kind == "cccd" else self.tr("Lifetime")
        if key.startswith("date_"):
            return _date_text(value, calendar)
        if key == "sex":
            return {"M": self.tr("Male"), "F": self.tr("Female")}.get(str(value), str(value or ""))
        return str(value or "")

    def verification_text(self, rows: OwnDataRows) -> tuple[str, str]:
        """What the chip check means for the citizen, and the label style."""
        if rows.verification == "ok":
            return self.tr("✓  The chip was checked: this data is genuine."), "body"
        if rows.verification == "not_checked":
            return (
                self.tr(
                    "This kiosk could not check the chip's certificate. If something looks wrong, ask an officer."
                ),
                "hint",
            )
        if rows.verification == "failed":
            return self.tr("This card could not be verified. Please ask an officer for help."), "error"
        return "", "hint"

    def show_state(self, state: ScreenState) -> None:
        context = _context(state)
        card = context.card
        calendar = state.office.time.calendar
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
        rows = own_data_rows(card)
        text, style = self.verification_text(rows)
        self.verification.setText(text)
        self.verification.setVisible(bool(text))
        _styled(self.verification, style)
        for index, (name_label, value_label) in enumerate(zip(self.labels, self.values, strict=True)):
            if index < len(rows.rows):
                key, value = rows.rows[index]
                name_label.setText(self.row_name(key, rows.kind))
                value_label.setText(self.row_value(key, value, rows.kind, calendar))
                name_label.show()
                value_label.show()
            else:
                name_label.clear()
                value_label.clear()
                name_label.hide()
                value_label.hide()
        self.rows_area.verticalScrollBar().setValue(0)
        pixmap = QPixmap()
        photo = context.photo or card.photo
        if photo and pixmap.loadFromData(photo):
            self.photo.setPixmap(
                pixmap.scaled(
                    *PHOTO_SIZE,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.photo.clear()

    def clear(self) -> None:
        self.photo.clear()
        self.verification.clear()
        for widget in (*self.labels, *self.values):
            widget.clear()

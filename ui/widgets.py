"""Building blocks shared by the screens: touch-sized buttons, the header, the footer."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget


def label(object_name: str, text: str = "", *, wrap: bool = True, center: bool = False) -> QLabel:
    widget = QLabel(text)
    widget.setObjectName(object_name)
    widget.setWordWrap(wrap)
    if center:
        widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return widget


def button(text: str = "", *, kind: str = "") -> QPushButton:
    widget = QPushButton(text)
    if kind:
        widget.setObjectName(kind)
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    widget.setCursor(Qt.CursorShape.PointingHandCursor)
    return widget


class Header(QWidget):
    """Office name, date and time, and the citizen's display toggles (bigger text, contrast)."""

    large_text_toggled = Signal()
    contrast_toggled = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("header")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 10, 24, 10)
        self.office = label("headerText", wrap=False)
        self.clock = label("headerText", wrap=False)
        self.large_text = button("A+", kind="toggle")
        self.contrast = button("◐", kind="toggle")
        self.large_text.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.contrast.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.large_text.clicked.connect(self.large_text_toggled)
        self.contrast.clicked.connect(self.contrast_toggled)
        layout.addWidget(self.office, 1)
        layout.addWidget(self.clock)
        layout.addSpacing(16)
        layout.addWidget(self.large_text)
        layout.addWidget(self.contrast)


def qr_pixmap(data: str, side_px: int) -> QPixmap:
    """A QR code as a pixmap (quiet zone included), for on-screen slips."""
    import qrcode

    code = qrcode.QRCode(border=4, box_size=1)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix)
    image = QImage(size, size, QImage.Format.Format_Mono)
    image.setColor(0, 0xFFFFFFFF)
    image.setColor(1, 0xFF000000)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            image.setPixel(x, y, 1 if dark else 0)
    return QPixmap.fromImage(image).scaled(side_px, side_px, Qt.AspectRatioMode.KeepAspectRatio)

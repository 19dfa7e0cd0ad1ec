"""Building blocks shared by the screens: touch-sized buttons, the header, the footer.

The attract screen's first frame is built from these before anything touches PySide6's
``Qt`` namespace: loading it creates ~90 Python enums (about 10 ms), so the first frame's
widgets set enum properties by key name (``setProperty``) and leave the pointing-hand
cursor, which is not part of the picture, to ``point_at`` after that frame.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy

if TYPE_CHECKING:
    from PySide6.QtGui import QPixmap
    from PySide6.QtWidgets import QWidget


def label(object_name: str, text: str = "", *, wrap: bool = True, center: bool = False) -> QLabel:
    widget = QLabel(text)
    widget.setObjectName(object_name)
    widget.setWordWrap(wrap)
    if center:
        widget.setProperty("alignment", "AlignCenter")  # by name: see the module's docstring
    return widget


def button(text: str = "", *, kind: str = "", pointing: bool = True) -> QPushButton:
    """A touch-sized button that never takes the keyboard focus. ``pointing=False`` leaves the
    cursor to a later ``point_at`` (the first frame's buttons: see the module's docstring)."""
    widget = QPushButton(text)
    if kind:
        widget.setObjectName(kind)
    widget.setProperty("focusPolicy", "NoFocus")
    widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    if pointing:
        point_at([widget])
    return widget


def point_at(widgets: Iterable[QWidget]) -> None:
    """Gives ``widgets`` the pointing-hand cursor of everything a citizen can touch."""
    from PySide6.QtCore import Qt

    for widget in widgets:
        widget.setCursor(Qt.CursorShape.PointingHandCursor)


class Header(QFrame):
    """Office name, date and time, and the citizen's display toggles (bigger text, contrast).

    A ``QFrame``, which paints its style-sheet background by itself (a plain ``QWidget``
    subclass would need ``Qt.WA_StyledBackground``)."""

    large_text_toggled = Signal()
    contrast_toggled = Signal()

    def __init__(self, *, pointing: bool = True) -> None:
        super().__init__()
        self.setObjectName("header")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 10, 24, 10)
        self.office = label("headerText", wrap=False)
        self.clock = label("headerText", wrap=False)
        self.large_text = button("A+", kind="toggle", pointing=pointing)
        self.contrast = button("◐", kind="toggle", pointing=pointing)
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
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPixmap

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

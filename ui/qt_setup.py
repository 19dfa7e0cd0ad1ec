"""Process-wide Qt preparation: environment before QApplication, fonts after it."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase

APP_FONT_FAMILY = "Noto Sans"
THAI_FONT_FAMILY = "Noto Sans Thai"


def prepare_environment() -> None:
    """Selects Qt Virtual Keyboard as input method, embedded in our window (not a desktop popup).

    Must run before the QApplication exists.
    """
    os.environ["QT_IM_MODULE"] = "qtvirtualkeyboard"
    os.environ["QT_VIRTUALKEYBOARD_DESKTOP_DISABLE"] = "1"
    os.environ.setdefault("QT_QUICK_BACKEND", "software")


def load_fonts(resources: Path) -> QFont:
    """Registers the bundled fonts (Vietnamese and Thai coverage) and returns the application font."""
    for path in sorted((resources / "fonts").glob("*.ttf")):
        QFontDatabase.addApplicationFont(str(path))
    QFont.insertSubstitution(APP_FONT_FAMILY, THAI_FONT_FAMILY)
    font = QFont(APP_FONT_FAMILY)
    font.setPixelSize(24)
    return font

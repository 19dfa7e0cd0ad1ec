"""The on-screen keyboard: Qt Virtual Keyboard's InputPanel embedded at the bottom of the window.

The panel never takes focus, so keys go to the focused text field. Its layout follows the
citizen's language (Vietnamese, Thai, English); a field asking for digits gets the number pad.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtQuickWidgets import QQuickWidget

KEYBOARD_LOCALES = {"vi": "vi_VN", "th": "th_TH", "en": "en_US"}


class OnScreenKeyboard(QQuickWidget):
    def __init__(self, resources: Path) -> None:
        super().__init__()
        self.setResizeMode(QQuickWidget.ResizeMode.SizeRootObjectToView)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setClearColor(Qt.GlobalColor.transparent)
        self.setSource(QUrl.fromLocalFile(str(resources / "qml" / "keyboard.qml")))
        self._locale = "en_US"

    @property
    def loaded(self) -> bool:
        return self.rootObject() is not None and not self.errors()

    def set_language(self, language: str) -> None:
        self._locale = KEYBOARD_LOCALES.get(language, "en_US")
        root = self.rootObject()
        if root is not None:
            root.setProperty("keyboardLocale", self._locale)

    @property
    def locale_name(self) -> str:
        return self._locale

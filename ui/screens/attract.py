"""The attract screen, shown between citizens (and as the very first frame at start-up).

Kept light on imports: the boot screen shows it before the application core has loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from kiosk.domain.languages import Language
from kiosk.i18n import QT_TRANSLATE_NOOP
from ui.screens.base import Screen, ScreenState
from ui.widgets import button, label

if TYPE_CHECKING:  # annotations only: each PySide6 class loaded builds its enums (first frame)
    from PySide6.QtGui import QMouseEvent

# Shown under the main text in the other offered languages.
TOUCH_TO_START = QT_TRANSLATE_NOOP("AttractScreen", "Touch the screen to start")


class Translations(Protocol):
    """Texts in a language other than the window's (``kiosk.i18n.Catalog`` is one)."""

    def translate(self, language: Language, context: str, source: str) -> str: ...


class AttractScreen(Screen):
    """Shown between citizens: touch anywhere, or insert the ID card."""

    def __init__(self, *, pointing: bool = True) -> None:
        """``pointing=False``: the start button's cursor is left to ``ui.widgets.point_at``
        (the first frame at start-up)."""
        super().__init__()
        self.body.addStretch(2)
        self.office = label("subtitle", center=True)
        self.welcome = label("attractTitle", center=True)
        self.touch = label("title", center=True)
        self.card = label("subtitle", center=True)
        self.other_languages = label("hint", center=True)
        for widget in (self.office, self.welcome, self.touch, self.card):
            self.body.addWidget(widget)
        self.body.addStretch(1)
        self.start = button(pointing=pointing)
        self.start.clicked.connect(self.start_session)
        self.body.addWidget(self.start)
        self.body.addWidget(self.other_languages)
        self.body.addStretch(1)

    def start_session(self) -> None:
        """The citizen's touch, sent as ``Next``. The flows' engine is imported here, not at the
        top: the first frame shows this screen before the engine has loaded."""
        from kiosk.flows.engine import Next

        self.send(Next())

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self.start_session()
        event.accept()

    def show_state(self, state: ScreenState) -> None:
        languages = state.session.context.languages
        self.show_texts(state.office.name(languages[0]), state.office.catalog, languages[1:])

    def show_texts(
        self, office_name: str, catalog: Translations, other_languages: Sequence[Language]
    ) -> None:
        """Everything this screen shows; also used before the core has loaded (first frame)."""
        self.office.setText(office_name)
        self.welcome.setText(self.tr("Welcome"))
        self.touch.setText(self.tr("Touch the screen to start"))
        self.card.setText(self.tr("or insert your ID card into the reader"))
        self.start.setText(self.tr("Start"))
        others = [
            catalog.translate(language, "AttractScreen", TOUCH_TO_START) for language in other_languages
        ]
        self.other_languages.setText("  ·  ".join(others))

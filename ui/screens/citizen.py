"""The session's own screens: attract, language, identify, service menu, goodbye."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from kiosk.domain.citizen_id import IdProblem, mask_id_number
from kiosk.domain.languages import LANGUAGES
from kiosk.flows.engine import Choose, EnterText, Next
from kiosk.flows.session import USE_CHIP, ChipProblem
from kiosk.i18n import QT_TRANSLATE_NOOP
from ui.screens.base import Footer, Screen, ScreenState, fill
from ui.widgets import button, label

LANGUAGE_NAMES = {"vi": "Tiếng Việt", "th": "ไทย", "en": "English"}
# Shown in every offered language at once, before the citizen has chosen one.
CHOOSE_LANGUAGE = QT_TRANSLATE_NOOP("LanguageScreen", "Choose your language")


class LanguageScreen(Screen):
    """One big button per language, each written in its own language, in the profile's order."""

    def __init__(self) -> None:
        super().__init__()
        self.title = label("title", center=True)
        self.body.addStretch(1)
        self.body.addWidget(self.title)
        self.body.addSpacing(24)
        self.row = QHBoxLayout()
        self.row.setSpacing(24)
        self.body.addLayout(self.row)
        self.body.addStretch(1)
        self.buttons: dict[str, QPushButton] = {}
        for code in LANGUAGES:
            choice = button(LANGUAGE_NAMES[code], kind="language")
            choice.clicked.connect(lambda _=False, c=code: self.send(Choose(c)))
            self.buttons[code] = choice
            self.row.addWidget(choice)
        self.footer = Footer(self, end=False)
        self.body.addWidget(self.footer)

    def show_state(self, state: ScreenState) -> None:
        offered = state.session.context.languages
        catalog = state.office.catalog
        self.title.setText(
            "  ·  ".join(catalog.translate(code, "LanguageScreen", CHOOSE_LANGUAGE) for code in offered)
        )
        # Re-order within the layout (the buttons stay children of this screen: a parentless
        # widget made visible would become a window of its own and take the focus).
        for choice in self.buttons.values():
            self.row.removeWidget(choice)
        for language in offered:
            self.row.addWidget(self.buttons[language])
        for code, choice in self.buttons.items():
            choice.setVisible(code in offered)
        self.footer.retranslate()


class IdentifyScreen(Screen):
    """Insert the card, or type the ID number on the on-screen number pad. In a chip-ID profile
    (CCCD) the card goes on the reader, or "I have a chip ID card" opens its form first."""

    uses_keyboard = True

    def __init__(self) -> None:
        super().__init__()
        self.prompt = label("prompt")
        self.field = QLineEdit()
        self.field.setInputMethodHints(
            Qt.InputMethodHint.ImhDigitsOnly
            | Qt.InputMethodHint.ImhNoPredictiveText
            | Qt.InputMethodHint.ImhSensitiveData
        )
        self.field.setMaxLength(20)
        self.field.returnPressed.connect(self._confirm)
        self.error = label("error")
        self.confirm = button()
        self.confirm.clicked.connect(self._confirm)
        self.use_chip = button(kind="secondary")
        self.use_chip.clicked.connect(lambda: self.send(Choose(USE_CHIP)))
        self.use_chip.setVisible(False)
        row = QHBoxLayout()
        row.addWidget(self.field, 3)
        row.addWidget(self.confirm, 1)
        self.body.setSpacing(12)
        self.body.setContentsMargins(48, 20, 48, 16)
        self.body.addWidget(self.prompt)
        self.body.addLayout(row)
        self.body.addWidget(self.error)
        self.body.addStretch(1)
        self.footer = Footer(self)
        footer_row = self.footer.layout()
        assert isinstance(footer_row, QHBoxLayout)
        footer_row.insertWidget(
            1, self.use_chip, 2
        )  # between Back and End: the keyboard leaves no room above
        self.body.addWidget(self.footer)

    def _confirm(self) -> None:
        self.send(EnterText(self.field.text()))

    def problem_text(self, problem: IdProblem, digits: str) -> str:
        texts = {
            IdProblem.EMPTY: self.tr("Please type your ID number."),
            IdProblem.NOT_DIGITS: self.tr("An ID number has only digits. Please check and type again."),
            IdProblem.WRONG_LENGTH: self.tr("An ID number has %1 digits. Please check and type again."),
            IdProblem.BAD_CHECK_DIGIT: self.tr("This is not a valid ID number. Please check each digit."),
            IdProblem.UNKNOWN_PROVINCE: self.tr(
                "This is not a valid ID number: the first three digits are wrong."
            ),
            IdProblem.IMPOSSIBLE_BIRTH_YEAR: self.tr(
                "This is not a valid ID number: digits 4 to 6 are wrong."
            ),
        }
        return fill(texts[problem], digits)

    def show_state(self, state: ScreenState) -> None:
        digits = "13" if state.office.id_card == "th_id" else "12"
        chip_ids = state.session.reads_chip_ids
        if chip_ids:
            self.prompt.setText(
                fill(
                    self.tr("Place your CCCD on the reader, or type your ID number (%1 digits):"),
                    digits,
                )
            )
        else:
            self.prompt.setText(
                fill(
                    self.tr("Insert your ID card into the reader, or type your ID number (%1 digits):"),
                    digits,
                )
            )
        self.confirm.setText(self.tr("Continue"))
        self.use_chip.setText(self.tr("I have a chip ID card: read it"))
        self.use_chip.setVisible(chip_ids)
        problem = state.session.context.id_problem
        chip_problem = state.session.context.chip_problem
        if problem is not None:
            self.error.setText(self.problem_text(problem, digits))
            self.field.selectAll()
        elif chip_problem is ChipProblem.NOT_VERIFIED:
            self.error.setText(
                self.tr(
                    "This card could not be verified, so it cannot be used here. "
                    "Please ask an officer at the counter for help."
                )
            )
        elif chip_problem is ChipProblem.UNAVAILABLE:
            self.error.setText(self.tr("This card cannot be read here. Please use your national ID card."))
        else:
            self.error.setText("")
        self.footer.retranslate()
        self.field.setFocus()

    def clear(self) -> None:
        self.field.setText("")  # setText, unlike clear(), also drops the undo history
        self.error.clear()


class MenuScreen(Screen):
    """The profile's services as big tiles."""

    def __init__(self) -> None:
        super().__init__()
        self.greeting = label("title")
        self.who = label("hint")
        self.question = label("subtitle")
        self.tiles = QWidget()
        self.grid = QGridLayout(self.tiles)
        self.grid.setSpacing(20)
        self.grid.setContentsMargins(0, 0, 0, 0)
        for widget in (self.greeting, self.who, self.question, self.tiles):
            self.body.addWidget(widget)
        self.body.addStretch(1)
        self.footer = Footer(self)
        self.body.addWidget(self.footer)
        self._shown: tuple[str, ...] = ()

    def service_title(self, name: str) -> str:
        titles = {
            "queue_ticket": self.tr("Take a queue number for a counter"),
            "check_own_data": self.tr("See the data on my ID card"),
        }
        return titles.get(name, name)

    def show_state(self, state: ScreenState) -> None:
        citizen = state.session.context.citizen
        if citizen is not None and citizen.full_name:
            self.greeting.setText(fill(self.tr("Hello, %1"), citizen.full_name))
        else:
            self.greeting.setText(self.tr("Hello"))
        if citizen is not None:
            self.who.setText(fill(self.tr("ID number: %1"), mask_id_number(citizen.id_number)))
        else:
            self.who.setText("")
        self.question.setText(self.tr("What would you like to do?"))
        services = state.session.context.offered_services
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for index, name in enumerate(services):
            tile = button(self.service_title(name), kind="tile")
            tile.clicked.connect(lambda _=False, n=name: self.send(Choose(n)))
            self.grid.addWidget(tile, index // 2, index % 2)
        self._shown = services
        self.footer.retranslate()

    def clear(self) -> None:
        self.greeting.clear()
        self.who.clear()


class GoodbyeScreen(Screen):
    """End of the session: take the slip and the card."""

    def __init__(self) -> None:
        super().__init__()
        self.body.addStretch(1)
        self.thanks = label("attractTitle", center=True)
        self.slip = label("title", center=True)
        self.card = label("subtitle", center=True)
        self.body.addWidget(self.thanks)
        self.body.addWidget(self.slip)
        self.body.addWidget(self.card)
        self.body.addStretch(1)
        layout = QVBoxLayout()
        self.done = button()
        self.done.clicked.connect(lambda: self.send(Next()))
        layout.addWidget(self.done)
        self.body.addLayout(layout)

    def show_state(self, state: ScreenState) -> None:
        self.thanks.setText(self.tr("Thank you!"))
        self.slip.setText(self.tr("Please take your printed slip."))
        self.card.setText(self.tr("Do not forget your ID card."))
        self.done.setText(self.tr("Finish"))

"""Technician mode: the PIN, the lockout, the menu and one page per device (SPEC 6).

The menu shows one tile per device page the flow offers (``TechnicianFlow.pages``) plus the
officer's counter; a page added to the flow gets its tile here through :data:`PAGE_TITLES`
and its screen through the window's staff registry (``ui.staff_desk``).
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QWidget

from kiosk.flows.engine import Back, Choose, EnterText, Next
from kiosk.flows.technician import (
    ASSISTED_ENROLLMENT,
    CAMERA_PAGE,
    FINGERPRINT_PAGE,
    PRINTER_PAGE,
    READERS_PAGE,
    RETRY_REFUSED,
    SETTINGS_PAGE,
    SYNC_NOW,
    SYNC_PAGE,
    TEST_CAPTURE,
    TEST_PHOTO,
    TEST_PRINT,
    PinProblem,
    TechnicianContext,
)
from ui.screens.base import fill
from ui.screens.staff import StaffScreen, StaffState, secret_field
from ui.widgets import button, label


def _context(state: StaffState) -> TechnicianContext:
    context = state.context
    if not isinstance(context, TechnicianContext):
        raise TypeError("a technician screen shown outside technician mode")
    return context


class TechnicianScreen(StaffScreen):
    def __init__(self) -> None:
        super().__init__()
        self.heading = label("hint")
        self.title = label("title")
        self.body.addWidget(self.heading)
        self.body.addWidget(self.title)

    def show_title(self, title: str) -> None:
        self.heading.setText(self.tr("Technician mode"))
        self.title.setText(title)


class PinScreen(TechnicianScreen):
    uses_keyboard = True

    def __init__(self) -> None:
        super().__init__()
        self.field = secret_field(digits=True, max_length=12)
        self.field.returnPressed.connect(self._confirm)
        self.confirm = button()
        self.confirm.clicked.connect(self._confirm)
        row = QHBoxLayout()
        row.addWidget(self.field, 3)
        row.addWidget(self.confirm, 1)
        self.error = label("error")
        self.body.setSpacing(12)
        self.body.addLayout(row)
        self.body.addWidget(self.error)
        self.body.addStretch(1)
        self.back = button(kind="secondary")
        self.back.clicked.connect(lambda: self.send(Back()))
        self.body.addWidget(self.back)

    def _confirm(self) -> None:
        pin = self.field.text()
        self.field.setText("")
        self.send(EnterText(pin))

    def show_staff(self, state: StaffState) -> None:
        context = _context(state)
        self.show_title(self.tr("Enter the technician PIN"))
        self.confirm.setText(self.tr("Continue"))
        self.back.setText(self.tr("◀  Back"))
        problem = context.pin_problem
        if problem == PinProblem.WRONG:
            self.error.setText(fill(self.tr("Wrong PIN. Tries left: %1"), context.attempts_left))
        elif problem == PinProblem.NOT_SET_UP:
            self.error.setText(self.tr("No technician PIN is set up on this kiosk (technician.pin_hash)."))
        else:
            self.error.setText("")
        self.field.setFocus()

    def clear(self) -> None:
        self.field.setText("")
        self.error.clear()


class LockedScreen(TechnicianScreen):
    def __init__(self) -> None:
        super().__init__()
        self.hint = label("subtitle")
        self.body.addWidget(self.hint)
        self.body.addStretch(1)
        self.ok = button()
        self.ok.clicked.connect(lambda: self.send(Next()))
        self.body.addWidget(self.ok)

    def show_staff(self, state: StaffState) -> None:
        context = _context(state)
        self.show_title(self.tr("Technician mode is locked"))
        until = state.local_time(context.locked_until) if context.locked_until is not None else ""
        self.hint.setText(fill(self.tr("Too many wrong PINs. Try again after %1."), until))
        self.ok.setText(self.tr("OK"))


class TechnicianMenuScreen(TechnicianScreen):
    """A tile per device page, and the officer's counter."""

    def __init__(self) -> None:
        super().__init__()
        self.tiles = QWidget()
        self.grid = QGridLayout(self.tiles)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(20)
        self.body.addWidget(self.tiles)
        self.body.addStretch(1)
        self.leave = button(kind="secondary")
        self.leave.clicked.connect(lambda: self.send(Back()))
        self.body.addWidget(self.leave)
        self.shown: tuple[str, ...] = ()

    def page_title(self, page: str) -> str:
        titles = {
            FINGERPRINT_PAGE: self.tr("Fingerprint scanner"),
            READERS_PAGE: self.tr("Card readers"),
            PRINTER_PAGE: self.tr("Printer"),
            CAMERA_PAGE: self.tr("Camera"),
            SYNC_PAGE: self.tr("Connection to the server"),
            SETTINGS_PAGE: self.tr("Settings"),
            ASSISTED_ENROLLMENT: self.tr("Officer's counter (assisted enrollment)"),
        }
        return titles.get(page, page)

    def show_staff(self, state: StaffState) -> None:
        pages = (*getattr(state.flow, "pages", ()), ASSISTED_ENROLLMENT)
        self.show_title(self.tr("Choose a device to check"))
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        devices = [page for page in pages if page != ASSISTED_ENROLLMENT]
        columns = 3 if len(devices) > 4 else 2  # device tiles in two rows, the counter below
        for index, page in enumerate(devices):
            tile = button(self.page_title(page), kind="menuTile")
            tile.clicked.connect(lambda _=False, p=page: self.send(Choose(p)))
            self.grid.addWidget(tile, index // columns, index % columns)
        if ASSISTED_ENROLLMENT in pages:
            tile = button(self.page_title(ASSISTED_ENROLLMENT), kind="menuTile")
            tile.clicked.connect(lambda _=False: self.send(Choose(ASSISTED_ENROLLMENT)))
            self.grid.addWidget(tile, (len(devices) + columns - 1) // columns, 0, 1, columns)
        for column in range(3):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)
        self.shown = pages
        self.leave.setText(self.tr("Leave technician mode"))


class DevicePage(TechnicianScreen):
    """A device page: facts as label / value rows, a test button, refresh and back."""

    def __init__(self, test_event: str | None) -> None:
        super().__init__()
        self.facts = QWidget()
        self.grid = QGridLayout(self.facts)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(24)
        self.grid.setVerticalSpacing(8)
        self.body.addWidget(self.facts)
        self.result = label("prompt")
        self.body.addWidget(self.result)
        self.body.addStretch(1)
        row = QHBoxLayout()
        row.setSpacing(24)
        self.test = button()
        self.refresh = button(kind="secondary")
        self.back = button(kind="secondary")
        if test_event is not None:
            self.test.clicked.connect(lambda: self.send(Choose(test_event)))
        self.test.setVisible(test_event is not None)
        self.refresh.clicked.connect(lambda: self.send(Next()))
        self.back.clicked.connect(lambda: self.send(Back()))
        for widget in (self.test, self.refresh, self.back):
            row.addWidget(widget)
        self.buttons = row
        self.body.addLayout(row)

    def show_facts(self, rows: list[tuple[str, str]], *, per_line: int = 1, dense: bool = False) -> None:
        """Label / value pairs, ``per_line`` side by side; ``dense`` in the smaller type that
        large-text mode leaves as it is (a technician's table, not a citizen's text)."""
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        name_style, value_style = ("factName", "factValue") if dense else ("hint", "body")
        for index, (name, value) in enumerate(rows):
            row, column = index // per_line, (index % per_line) * 2
            self.grid.addWidget(label(name_style, name, wrap=False), row, column)
            self.grid.addWidget(label(value_style, value), row, column + 1)
        for column in range(per_line):
            self.grid.setColumnStretch(column * 2 + 1, 1)

    def show_buttons(self, test: str) -> None:
        self.test.setText(test)
        self.refresh.setText(self.tr("Check again"))
        self.back.setText(self.tr("◀  Back"))


class FingerprintPage(DevicePage):
    def __init__(self) -> None:
        super().__init__(TEST_CAPTURE)

    def show_staff(self, state: StaffState) -> None:
        context = _context(state)
        self.show_title(self.tr("Fingerprint scanner"))
        report = context.fingerprint
        rows: list[tuple[str, str]] = []
        if report is not None:
            rows.append((self.tr("Connected at"), report.where or self.tr("not configured")))
            if report.info is not None:
                info = report.info
                rows += [
                    (self.tr("State"), self.tr("Working")),
                    (
                        self.tr("Templates stored"),
                        fill(self.tr("%1 of %2"), info.template_count, info.capacity),
                    ),
                    (
                        self.tr("Security level"),
                        fill(self.tr("%1 (1 lenient – 5 strict)"), info.security_level),
                    ),
                    (self.tr("Speed"), fill(self.tr("%1 baud"), info.baud)),
                ]
            else:
                rows.append((self.tr("State"), fill(self.tr("Not answering (%1)"), report.problem or "")))
        self.show_facts(rows)
        last = context.last_capture
        if last is None:
            self.result.setText("")
        elif "score" in last:
            self.result.setText(
                fill(
                    self.tr("Last test capture: the two scans match, score %1; templates on the module: %2."),
                    last["score"],
                    last["template_count"],
                )
            )
        else:
            self.result.setText(fill(self.tr("Last test capture failed (%1)."), last.get("problem", "")))
        self.show_buttons(self.tr("Test capture"))


class ReadersPage(DevicePage):
    def __init__(self) -> None:
        super().__init__(None)

    def show_staff(self, state: StaffState) -> None:
        context = _context(state)
        self.show_title(self.tr("Card readers"))
        report = context.readers
        rows: list[tuple[str, str]] = []
        if report is not None:
            rows.append((self.tr("This kiosk uses"), report.kiosk_reader))
            if report.readers:
                rows += [
                    (fill(self.tr("PC/SC reader %1"), index), name)
                    for index, name in enumerate(report.readers, 1)
                ]
            else:
                rows.append(
                    (
                        self.tr("PC/SC readers"),
                        self.tr("none found (is pcscd running? is a reader plugged in?)"),
                    )
                )
        self.show_facts(rows)
        self.result.setText("")
        self.show_buttons("")


class PrinterPage(DevicePage):
    def __init__(self) -> None:
        super().__init__(TEST_PRINT)

    def show_staff(self, state: StaffState) -> None:
        context = _context(state)
        self.show_title(self.tr("Printer"))
        report = context.printer
        rows: list[tuple[str, str]] = []
        if report is not None:
            names = {
                "pending": self.tr("waiting"),
                "printing": self.tr("printing"),
                "printed": self.tr("printed"),
                "uncertain": self.tr("interrupted"),
            }
            queue = ", ".join(
                f"{names.get(job_state, job_state)}: {count}"
                for job_state, count in sorted(report.backlog.items())
            )
            rows = [
                (self.tr("Slips go to"), report.where),
                (self.tr("Print queue"), queue or self.tr("empty")),
            ]
            if report.last_test == "printed":
                self.result.setText(self.tr("The test page was printed."))
            elif report.last_test:
                self.result.setText(fill(self.tr("The test page was not printed (%1)."), report.last_test))
            else:
                self.result.setText("")
        self.show_facts(rows)
        self.show_buttons(self.tr("Print a test page"))


class CameraPage(DevicePage):
    def __init__(self) -> None:
        super().__init__(TEST_PHOTO)

    def camera_problem(self, problem: str) -> str:
        problems = {
            "no_camera": self.tr("no camera found"),
            "camera_lost": self.tr("it stopped sending pictures"),
            "camera_timed_out": self.tr("it sent no picture in time"),
            "camera_error": self.tr("it failed"),
        }
        return problems.get(problem, problem)

    def show_staff(self, state: StaffState) -> None:
        context = _context(state)
        self.show_title(self.tr("Camera"))
        report = context.camera
        rows: list[tuple[str, str]] = []
        if report is not None:
            rows.append((self.tr("Source"), report.where or self.tr("not configured")))
            if report.size is not None:
                rows += [
                    (self.tr("State"), self.tr("Working")),
                    (
                        self.tr("Picture size"),
                        fill(self.tr("%1 × %2 pixels"), report.size[0], report.size[1]),
                    ),
                ]
            else:
                rows.append(
                    (
                        self.tr("State"),
                        fill(self.tr("Not working (%1)"), self.camera_problem(report.problem or "")),
                    )
                )
        self.show_facts(rows)
        last = context.last_photo_test
        if last is None:
            self.result.setText("")
        elif last.taken:
            from drivers.vision.quality import DocumentThresholds

            self.result.setText(
                fill(
                    self.tr(
                        "Last test photo: a card was found and photographed; its edges are %1 px wide "
                        "(the smaller, the sharper; above %2 px a photo is refused as blurred)."
                    ),
                    f"{last.sharpness or 0.0:.1f}",
                    f"{DocumentThresholds().max_edge_width_px:.1f}",
                )
            )
        else:
            self.result.setText(self.tr("Last test photo: no photo was taken."))
        self.show_buttons(self.tr("Take a test photo"))


class SyncPage(DevicePage):
    """The sync link: enrollment, connection, the outbox; "sync now" and "send refused again"."""

    def __init__(self) -> None:
        super().__init__(SYNC_NOW)
        self.retry = button(kind="secondary")
        self.retry.clicked.connect(lambda: self.send(Choose(RETRY_REFUSED)))
        self.buttons.insertWidget(1, self.retry)

    def state_text(self, state: str) -> str:
        states = {
            "online": self.tr("Connected"),
            "offline": self.tr("No connection (working offline)"),
            "unknown": self.tr("Not tried yet"),
            "not_enrolled": self.tr("Not enrolled with a server"),
            "needs_enrollment": self.tr("The server no longer accepts this kiosk: enroll it again"),
            "needs_upgrade": self.tr("The server needs a newer kiosk version"),
            "off": self.tr("Sync is turned off on this kiosk"),
        }
        return states.get(state, state)

    def show_staff(self, state: StaffState) -> None:
        context = _context(state)
        zone = state.time.zone
        self.show_title(self.tr("Connection to the server"))
        report = context.sync
        rows: list[tuple[str, str]] = []
        if report is not None:
            rows.append((self.tr("Server"), report.server or self.tr("not enrolled (kiosk sync enroll)")))
            if report.office:
                rows.append((self.tr("Office"), report.office))
            rows.append((self.tr("Connection"), self.state_text(report.state)))
            if report.last_success_at is not None:
                rows.append((self.tr("Last synced"), when(report.last_success_at, zone)))
            waiting = str(report.unsent)
            if report.oldest_unsent_at is not None:
                waiting = fill(
                    self.tr("%1 (oldest from %2)"), report.unsent, when(report.oldest_unsent_at, zone)
                )
            rows.append((self.tr("Waiting to be sent"), waiting))
            rows.append((self.tr("Refused by the server"), str(report.dead)))
            if report.last_error and report.state != "online":
                rows.append((self.tr("Last problem"), report.last_error))
        self.show_facts(rows)
        action = context.last_sync_action
        if action is None:
            self.result.setText("")
        elif action.kind == RETRY_REFUSED:
            self.result.setText(
                fill(self.tr("%1 refused transactions are waiting to be sent again."), action.retried)
            )
        elif action.error:
            self.result.setText(fill(self.tr("The sync did not reach the server: %1"), action.error))
        else:
            self.result.setText(
                fill(
                    self.tr("Synced: %1 sent, %2 accepted by the server, %3 refused."),
                    action.sent,
                    action.acknowledged,
                    action.dead,
                )
            )
        self.show_buttons(self.tr("Sync now"))
        self.retry.setText(self.tr("Send refused again"))
        self.retry.setVisible(report is not None and report.dead > 0)
        self.test.setVisible(report is not None and bool(report.server))  # no server: nothing to sync with


def when(moment: datetime, zone: tzinfo) -> str:
    """A moment in the office's time, day and minute (technicians compare it with the clock)."""
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


class SettingsPage(DevicePage):
    """What this kiosk is configured with, read only (settings are changed in kiosk.toml)."""

    def __init__(self) -> None:
        super().__init__(None)

    def setting_name(self, key: str) -> str:
        names = {
            "office": self.tr("Office"),
            "kiosk_id": self.tr("Kiosk"),
            "profile": self.tr("Profile"),
            "languages": self.tr("Languages"),
            "mode": self.tr("Mode"),
            "idle": self.tr("Idle timeout / warning (s)"),
            "simulate": self.tr("Simulated devices"),
            "printer": self.tr("Printer"),
            "card_reader": self.tr("Card reader"),
            "fingerprint": self.tr("Fingerprint scanner"),
            "camera": self.tr("Camera"),
            "server": self.tr("Server"),
            "version": self.tr("Software version"),
        }
        return names.get(key, key)

    def show_staff(self, state: StaffState) -> None:
        context = _context(state)
        self.show_title(self.tr("Settings"))
        report = context.settings
        rows = [(self.setting_name(key), value) for key, value in report.rows] if report is not None else []
        if report is not None:
            rows.append((self.tr("Settings file"), report.config_file))
        self.show_facts(rows, per_line=2, dense=True)  # all of them fit above the buttons
        self.result.setText(self.tr("To change a setting, edit the settings file and restart the kiosk."))
        self.show_buttons("")

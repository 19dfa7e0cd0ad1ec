"""Start-up: the attract screen first, the rest of the kiosk loaded behind it.

``KioskFrame`` is the top-level window. It shows an attract screen built from the
boot settings (``kiosk.boot``) as soon as Qt is up, while ``KioskLoader`` imports the
application core and builds the kiosk on a worker thread. When the kiosk is ready the
full ``KioskWindow`` takes the frame's place; a touch on the attract screen in the
meantime is remembered and carried over, so the citizen never taps twice.

The loader starts only once the first frame is on screen (``load_after_first_frame``):
its imports hold the interpreter lock and would otherwise delay that paint.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QObject, QTimer, QTranslator, Signal
from PySide6.QtWidgets import QApplication, QStackedLayout, QVBoxLayout, QWidget

from kiosk.boot import BootView
from kiosk.domain.calendar import format_datetime
from kiosk.domain.languages import Language
from ui.screens.attract import AttractScreen
from ui.style import stylesheet
from ui.widgets import Header, point_at

if TYPE_CHECKING:  # annotations only: each PySide6 class loaded builds its enums (first frame)
    from PySide6.QtGui import QKeyEvent, QPaintEvent

    from kiosk.app import Kiosk
    from ui.window import KioskWindow

log = logging.getLogger(__name__)

# The core loads at the first frame, or after this long if the window is never painted
# (a display that does not expose it): the kiosk must come up either way.
FIRST_FRAME_GRACE_MS = 1000


class KioskLoader(QObject):
    """Runs ``build`` on a worker thread; ``loaded`` / ``failed`` arrive on the GUI thread.

    ``failed(message, exit_status)``: one sentence for the technician and the status the
    command ends with (the error's own for a :class:`~kiosk.errors.KioskError`, 2 otherwise).
    """

    loaded = Signal(object)
    failed = Signal(str, int)

    _thread: threading.Thread | None = None

    @property
    def started(self) -> bool:
        return self._thread is not None

    def start(self, build: Callable[[], Kiosk]) -> None:
        """Starts the worker; a second call does nothing (one kiosk per loader)."""
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, args=(build,), name="kiosk-loader", daemon=True)
        self._thread.start()

    def wait(self, timeout_s: float = 30.0) -> None:
        """Joins the worker: the process must not finalise while it is still inside Qt (a
        daemon thread torn down mid-emit aborts the process instead of exiting cleanly)."""
        if self._thread is not None:
            self._thread.join(timeout_s)

    def _run(self, build: Callable[[], Kiosk]) -> None:
        from kiosk.errors import KioskError

        try:
            kiosk = build()
        except KioskError as exc:  # already one sentence: no traceback for a known condition
            log.error("kiosk could not start: %s", exc)
            self.failed.emit(str(exc), exc.exit_status)
            return
        except Exception as exc:  # reported to the technician as one sentence; the kiosk stops
            log.exception("kiosk could not start")
            self.failed.emit(str(exc) or type(exc).__name__, 2)
            return
        self.loaded.emit(kiosk)


class CompiledTranslations:
    """Texts in other languages from the compiled ``.qm`` files: what the boot screen needs of
    ``kiosk.i18n.Catalog`` without parsing every ``.ts`` source before the first frame."""

    def __init__(self, translations_dir: Path) -> None:
        self._dir = translations_dir
        self._translators: dict[str, QTranslator] = {}

    def translate(self, language: Language, context: str, source: str) -> str:
        """Like ``Catalog.translate``: the English source when there is no translation."""
        translator = self._translators.get(language)
        if translator is None:
            translator = QTranslator()
            translator.load(str(self._dir / f"kiosk_{language}.qm"))
            self._translators[language] = translator
        return translator.translate(context, source) or source


class BootScreen(QWidget):
    """The attract screen as the first frame shows it, before the core has loaded."""

    def __init__(self, boot: BootView, resources: Path) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        # Cursors come after the first frame (``point``): they need Qt's namespace, 10 ms to load.
        self.header = Header(pointing=False)
        self.attract = AttractScreen(pointing=False)
        layout.addWidget(self.header)
        layout.addWidget(self.attract, 1)
        language = boot.languages[0]
        self.translator = QTranslator(self)
        if self.translator.load(str(resources / "translations" / f"kiosk_{language}.qm")):
            QApplication.installTranslator(self.translator)
        QLocale.setDefault(QLocale({"vi": "vi_VN", "th": "th_TH"}.get(language, "en_US")))
        self.header.office.setText(boot.office_name(language))
        self.attract.show_texts(
            boot.office_name(language), CompiledTranslations(resources / "translations"), boot.languages[1:]
        )

    def point(self) -> None:
        """The pointing-hand cursor on what a citizen can touch, once the first frame is out."""
        point_at([self.header.large_text, self.header.contrast, self.attract.start])

    def set_clock(self, text: str) -> None:
        self.header.clock.setText(text)

    def release(self) -> None:
        QApplication.removeTranslator(self.translator)


class KioskFrame(QWidget):
    """The kiosk's top-level window: the boot screen, then the full kiosk window."""

    ready = Signal()
    first_frame_shown = Signal()
    """Once, after the first paint pass of the frame is done (drawn and flushed)."""

    def __init__(self, boot: BootView, resources: Path) -> None:
        super().__init__()
        self.boot = boot
        self.setWindowTitle(boot.office_name(boot.languages[0]))
        self.setStyleSheet(stylesheet(high_contrast=boot.high_contrast, large_text=boot.large_text))
        self.pages = QStackedLayout(self)
        self.boot_screen = BootScreen(boot, resources)
        self.boot_screen.attract.submitted.connect(self._touched_early)
        self.pages.addWidget(self.boot_screen)
        self.kiosk_window: KioskWindow | None = None
        self.touched_early = False
        self._painted = False
        self._show_boot_clock()
        self.first_frame_shown.connect(self.boot_screen.point)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            # A zero timer fires on the next turn of the event loop: after the paint pass of
            # every child and the flush to the screen.
            QTimer.singleShot(0, self.first_frame_shown.emit)

    def _show_boot_clock(self) -> None:
        from datetime import UTC, datetime
        from zoneinfo import ZoneInfo

        now = datetime.now(UTC).astimezone(ZoneInfo(self.boot.timezone))
        self.boot_screen.set_clock(
            format_datetime(now, "buddhist" if self.boot.calendar == "buddhist" else "gregorian")
        )

    def _touched_early(self, _event: object) -> None:
        self.touched_early = True

    def attach(self, window: KioskWindow) -> None:
        """Puts the loaded kiosk in place of the boot screen (GUI thread)."""
        from kiosk.flows.engine import Next

        self.boot_screen.release()
        self.kiosk_window = window
        self.setStyleSheet("")
        self.pages.addWidget(window)
        self.pages.setCurrentWidget(window)
        window.show_step()
        if self.touched_early:
            window.submit(Next())
        QTimer.singleShot(0, self._drop_boot_screen)
        self.ready.emit()

    def _drop_boot_screen(self) -> None:
        self.pages.removeWidget(self.boot_screen)
        self.boot_screen.deleteLater()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if self.kiosk_window is not None:
            self.kiosk_window.keyPressEvent(event)
        else:
            super().keyPressEvent(event)


def load_after_first_frame(
    frame: KioskFrame, loader: KioskLoader, build: Callable[[], Kiosk], grace_ms: int = FIRST_FRAME_GRACE_MS
) -> None:
    """Starts ``loader`` once ``frame`` has shown its first frame, or after ``grace_ms`` at the
    latest. Call before showing the frame."""
    frame.first_frame_shown.connect(lambda: loader.start(build))
    QTimer.singleShot(grace_ms, lambda: loader.start(build))

"""``kiosk shots``: every screen of every flow, rendered offscreen to PNG.

The flows are driven headless with the same events the screens send, on a throw-away
kiosk (temporary ``KIOSK_HOME``, simulated devices, a fixed clock), so screenshots never
touch a real kiosk's data. Files: ``OUT/<profile>-<lang>/NN-<screen>.png``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from ui.qt_setup import load_fonts, prepare_environment

SHOT_SIZE = (1280, 800)
SHOT_INSTANT = datetime(2026, 11, 23, 2, 5, tzinfo=UTC)  # 09:05 in Hanoi and Bangkok, a Monday


def write_shots(out: Path, *, profiles: list[str] | None, languages: list[str] | None) -> int:
    prepare_environment()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from kiosk.app import build_kiosk
    from kiosk.clock import FixedClock
    from kiosk.config import KioskConfig
    from kiosk.paths import resources_dir

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    app.setFont(load_fonts(resources_dir()))
    written = 0
    for profile in profiles or ["vn", "th"]:
        with tempfile.TemporaryDirectory(prefix="kiosk-shots-") as home:
            config = KioskConfig.model_validate(
                {"profile": profile, "devices": {"simulate": True, "printer": "dummy:"}}
            )
            kiosk = build_kiosk(
                config, home=Path(home), clock=FixedClock(SHOT_INSTANT), start_embedded_server=False
            )
            try:
                for language in languages or list(kiosk.languages):
                    if language not in kiosk.languages:
                        continue
                    folder = out / f"{profile}-{language}"
                    written += shoot_journey(kiosk, language, folder)
                    from demo.camera_shots import shoot_camera  # card photo and selfie screens

                    written += shoot_camera(kiosk, language, folder)
                    if profile == "vn":  # identifying with the chip ID (CCCD)
                        from demo.chip_id_shots import shoot_chip_id

                        written += shoot_chip_id(kiosk, language, folder)
                    if profile == "th":  # the officer's counter enrolls Thai ID cards
                        from demo.staff_shots import shoot_staff

                        written += shoot_staff(kiosk, language, folder)
            finally:
                kiosk.close()
    print(f"{written} screenshots written to {out}")
    return 0


def shoot_journey(kiosk: object, language: str, folder: Path) -> int:  # noqa: PLR0915 - one walk, screen by screen
    """Walks the queue-ticket journey (and its side paths) and saves each screen."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtTest import QTest

    from demo.cards import demo_card, demo_cccd_form
    from drivers.card.simulated import SimulatedCardReader
    from kiosk.app import Kiosk
    from kiosk.flows.engine import Back, Choose, EnterText, Next, WorkFailed
    from kiosk.flows.session import AccessDataEntered, SessionStep
    from ui.window import KioskWindow

    assert isinstance(kiosk, Kiosk)
    folder.mkdir(parents=True, exist_ok=True)
    window = KioskWindow(kiosk)
    window.resize(*SHOT_SIZE)
    window.show()
    count = 0

    def settle() -> None:
        for _ in range(5):
            QCoreApplication.processEvents()
        QTest.qWait(30)

    def shot(name: str) -> None:
        nonlocal count
        settle()
        count += 1
        window.grab().save(str(folder / f"{count:02d}-{name}.png"))

    def wait_for(predicate: Callable[[], bool]) -> None:
        for _ in range(6000):  # up to a minute: the first print loads the printer's capability data
            if predicate():
                return
            QTest.qWait(10)
        raise RuntimeError(f"screen did not change in time (showing {window.showing()})")

    shot("attract")
    window.submit(Next())
    shot("language")
    window.submit(Choose(language))
    shot("identify")
    window.screens["identify"].field.insert("12345")  # type: ignore[attr-defined]
    window.submit(EnterText("12345"))
    shot("identify-invalid")
    valid = "3100600445635" if kiosk.profile.id_card == "th_id" else "001090000123"
    window.screens["identify"].field.setText(valid)  # type: ignore[attr-defined]
    window.submit(EnterText(valid))
    shot("menu")
    window.submit(Choose("queue_ticket"))
    shot("queue-category")
    window.submit(Choose(kiosk.profile.queue_categories[0].code))
    shot("queue-printing")
    wait_for(lambda: window.showing() == "queue.ticket")
    shot("queue-ticket")
    result = window.session.active_flow.context.result
    if result is not None and result.slip_preview:
        shutil.copyfile(result.slip_preview, folder / f"{count:02d}-queue-ticket-slip.png")
    window._show_warning()
    shot("timeout-warning")
    window._more_time()
    window.submit(Next())
    shot("goodbye")
    window.submit(Next())

    # Side paths: identified by card (greeting by name), a failed issue, a printer that is offline.
    reader = kiosk.card_reader
    if isinstance(reader, SimulatedCardReader):
        reader.insert(demo_card(kiosk.profile, kiosk.resources))
        settle()
        window.submit(Choose(language))
        if kiosk.profile.id_card == "cccd":  # the chip opens to the data its card prints
            window.submit(AccessDataEntered(*demo_cccd_form(kiosk.resources)))
            wait_for(lambda: window.session.step == SessionStep.MENU)
        shot("menu-card")
        if "check_own_data" in window.session.context.services:
            window.submit(Choose("check_own_data"))
            shot("own-data")
            window.submit(Back())
        window.submit(Choose("queue_ticket"))
        flow = window.session.active_flow
        flow.submit(Choose(kiosk.profile.queue_categories[-1].code))
        flow.submit(WorkFailed("QueueFull"))
        window.show_step()
        shot("queue-problem")
        reader.remove()
        settle()
    window.submit(Next())
    window.submit(Choose(language))
    window.toggle_large_text()
    window.toggle_contrast()
    shot("identify-large-high-contrast")
    window.idle.disarm()  # a closed window's idle timer must not fire into later walks
    window.close()
    window.deleteLater()
    settle()
    return count + write_slip_previews(kiosk, language, folder, start=count + 1)


def write_slip_previews(kiosk: object, language: str, folder: Path, *, start: int) -> int:
    """Every printed slip in ``language`` as the paper would show it (80 mm), sample data."""
    from demo.slips import SLIP_KINDS, sample_slip
    from drivers.printer.layout import SlipRenderer
    from kiosk.app import Kiosk, slip_fonts

    assert isinstance(kiosk, Kiosk)
    renderer = SlipRenderer(slip_fonts(kiosk.resources), 576)
    for offset, kind in enumerate(SLIP_KINDS):
        blocks = sample_slip(kind, kiosk.profile, language, kiosk.catalog, now=SHOT_INSTANT)  # type: ignore[arg-type]
        renderer.render(blocks).save(folder / f"{start + offset:02d}-slip-{kind}.png")
    return len(SLIP_KINDS)

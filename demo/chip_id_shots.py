"""``kiosk shots`` for identifying with the Vietnamese chip ID (CCCD): the access-data form and its
feedback, the card's refusal of wrong data, reading with progress, the menu and the card's data
(JPEG and JPEG 2000 photos), a chip that fails verification. Driven through a real window with
the in-process simulated reader holding virtual CCCD chips. Files:
``OUT/<profile>-<lang>/chip-NN-<screen>.png``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any


def shoot_chip_id(kiosk: Any, language: str, folder: Path) -> int:  # noqa: PLR0915 - one walk, screen by screen
    """Walks the chip-ID paths; returns the number of screenshots (0 without a simulated reader)."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtTest import QTest

    from demo.cards import demo_cccd_chip, demo_cccd_form
    from drivers.card.simulated import SimulatedCardReader
    from kiosk.app import Kiosk
    from kiosk.flows.engine import Back, Cancel, Choose, Next
    from kiosk.flows.session import USE_CHIP, AccessDataEntered
    from ui.screens.mrz_entry import MrzEntryScreen
    from ui.window import KioskWindow

    assert isinstance(kiosk, Kiosk)
    reader = kiosk.card_reader
    if kiosk.profile.id_card != "cccd" or not isinstance(reader, SimulatedCardReader):
        return 0
    folder.mkdir(parents=True, exist_ok=True)
    window = KioskWindow(kiosk)
    window.resize(1280, 800)
    window.show()
    count = 0

    def settle() -> None:
        for _ in range(5):
            QCoreApplication.processEvents()
        QTest.qWait(40)

    def wait_for(predicate: Callable[[], bool]) -> None:
        for _ in range(3000):
            if predicate():
                settle()
                return
            QTest.qWait(10)
        raise RuntimeError(f"the chip-ID screen did not change in time (showing {window.showing()})")

    def shot(name: str) -> None:
        nonlocal count
        settle()
        count += 1
        window.grab().save(str(folder / f"chip-{count:02d}-{name}.png"))

    form = window.screens["document_access"]
    assert isinstance(form, MrzEntryScreen)

    def type_form(number: str, born: str, expires: str) -> None:
        for widget, text in ((form.number, number), (form.birth, born), (form.expiry, expires)):
            widget.edit.setText(text)
        form.read.setFocus()
        form.refresh_feedback()

    # The card first: the form opens by itself.
    window.submit(Next())
    window.submit(Choose(language))
    wait_for(lambda: window.showing() == "identify")
    shot("identify")
    reader.insert_chip(demo_cccd_chip(kiosk.resources, "an", delay_s=0.02))
    wait_for(lambda: window.showing() == "document_access")
    shot("form")
    number, born, expires = demo_cccd_form(kiosk.resources, "an")
    type_form(number, "31/02/1990", expires[:5])
    form.expiry.edit.setFocus()
    form.refresh_feedback()
    shot("form-feedback")
    type_form(number, born, expires)
    shot("form-filled")
    window.submit(AccessDataEntered(number, born, "12/03/2031"))  # an expiry the card does not have
    wait_for(lambda: window.showing() == "chip_reading")
    shot("reading-start")
    wait_for(lambda: window.showing() == "document_access")
    type_form(number, born, "12/03/2031")
    shot("form-refused")
    window.submit(AccessDataEntered(number, born, expires))
    reading = window.screens["chip_reading"]
    wait_for(lambda: window.showing() != "chip_reading" or reading.progress.value() >= 40)  # type: ignore[attr-defined]
    shot("reading")
    wait_for(lambda: window.showing() == "menu")
    shot("menu")
    window.submit(Choose("check_own_data"))
    shot("own-data")
    window.submit(Back())
    reader.remove()
    wait_for(lambda: window.showing() == "attract")

    # The form first, then the card; a JPEG 2000 photo.
    window.submit(Next())
    window.submit(Choose(language))
    window.submit(Choose(USE_CHIP))
    number, born, expires = demo_cccd_form(kiosk.resources, "duc")
    type_form(number, born, expires)
    window.submit(AccessDataEntered(number, born, expires))
    wait_for(lambda: window.showing() == "chip_wait")
    shot("wait-for-card")
    reader.insert_chip(demo_cccd_chip(kiosk.resources, "duc"))
    wait_for(lambda: window.showing() == "menu")
    window.submit(Choose("check_own_data"))
    shot("own-data-jpeg2000")
    window.submit(Cancel())
    window.submit(Next())
    reader.remove()
    wait_for(lambda: window.showing() == "attract")

    # A chip whose data does not match its signature identifies nobody.
    window.submit(Next())
    window.submit(Choose(language))
    reader.insert_chip(demo_cccd_chip(kiosk.resources, "tampered"))
    wait_for(lambda: window.showing() == "document_access")
    window.submit(AccessDataEntered(*demo_cccd_form(kiosk.resources, "tampered")))
    wait_for(lambda: window.showing() == "identify")
    shot("not-verified")
    reader.remove()
    wait_for(lambda: window.showing() == "attract")
    window.jobs.wait()
    window.idle.disarm()
    window.close()
    window.deleteLater()
    settle()
    return count

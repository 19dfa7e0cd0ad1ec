"""``kiosk shots`` for the staff screens: technician mode, the fingerprint capture screen and the
officer's counter, driven through a real window with the virtual fingerprint module and the
simulated card reader. Files: ``OUT/<profile>-<lang>/staff-NN-<screen>.png``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from kiosk.domain.languages import Language


def shoot_staff(kiosk: Any, language: str, folder: Path) -> int:  # noqa: PLR0915 - one walk, screen by screen
    """Walks technician mode and one assisted enrollment (with its side paths); returns the count."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtTest import QTest

    from demo.cards import demo_card, demo_card_holder
    from drivers.card.simulated import SimulatedCardReader
    from kiosk.app import Kiosk
    from kiosk.flows.assisted_enrollment import FROM_CARD, SAME_PERSON, SIGN_OUT, OfficerCredentials
    from kiosk.flows.engine import Back, Cancel, Choose, EnterText, Next, WorkFailed
    from kiosk.flows.fingerprint_capture import ANOTHER_FINGER, HAND_OVER
    from kiosk.flows.technician import (
        ASSISTED_ENROLLMENT,
        CAMERA_PAGE,
        FINGERPRINT_PAGE,
        PRINTER_PAGE,
        READERS_PAGE,
        SETTINGS_PAGE,
        SYNC_PAGE,
        TEST_CAPTURE,
        TEST_PRINT,
    )
    from kiosk.services.staff import DEMO_OFFICER_ID, DEMO_OFFICER_PASSWORD, DEMO_TECHNICIAN_PIN
    from ui.window import KioskWindow

    assert isinstance(kiosk, Kiosk)
    module, finger, reader = kiosk.virtual_fingerprint, kiosk.scripted_finger, kiosk.card_reader
    if module is None or finger is None or not isinstance(reader, SimulatedCardReader):
        return 0
    folder.mkdir(parents=True, exist_ok=True)
    finger.delay_s = 0.0
    window = KioskWindow(kiosk)
    window.resize(1280, 800)
    window.show()
    window.session.context.language = cast("Language", language)  # as if a citizen chose it
    window.set_language(language)
    count = 0

    def settle() -> None:
        for _ in range(5):
            QCoreApplication.processEvents()
        QTest.qWait(40)

    def wait_for(key: str, also: Callable[[], bool] = lambda: True) -> None:
        for _ in range(3000):
            running = window.staff.busy() and key != "capture.capturing"  # a capture's job runs on
            if window.showing() == key and also() and not running:
                settle()
                return
            QTest.qWait(10)
        raise RuntimeError(f"the staff screen {key} did not come (showing {window.showing()})")

    def shot(name: str) -> None:
        nonlocal count
        settle()
        count += 1
        window.grab().save(str(folder / f"staff-{count:02d}-{name}.png"))

    def staff_flow() -> Any:
        return window.staff.desk.active_flow

    # Technician mode: PIN (wrong, then right), the menu, each device page and its test.
    window.staff.open_technician()
    wait_for("technician.pin")
    shot("technician-pin")
    window.submit(EnterText("0000"))
    wait_for("technician.pin", lambda: staff_flow().context.pin_problem is not None)
    shot("technician-pin-wrong")
    window.submit(EnterText(DEMO_TECHNICIAN_PIN))
    wait_for("technician.menu")
    shot("technician-menu")
    window.submit(Choose(FINGERPRINT_PAGE))
    wait_for("technician.fingerprint")
    shot("technician-fingerprint")
    finger.default = None  # the technician has not put a finger down yet
    asked = finger.requests
    window.submit(Choose(TEST_CAPTURE))
    wait_for("capture.capturing", lambda: finger.requests > asked)  # the scanner waits for a finger
    shot("capture-test-place")
    module.place("technician")
    wait_for("capture.capturing", lambda: staff_flow().context.captured == 1 and module.finger is None)
    QTest.qWait(150)
    shot("capture-test-place-again")
    finger.default = ("technician", "good")
    module.place("technician")
    wait_for("capture.captured")
    shot("capture-test-done")
    window.submit(Next())
    wait_for("technician.fingerprint", lambda: staff_flow().context.last_capture is not None)
    shot("technician-fingerprint-tested")
    window.submit(Back())
    window.submit(Choose(READERS_PAGE))
    wait_for("technician.readers")
    shot("technician-card-readers")
    window.submit(Back())
    window.submit(Choose(PRINTER_PAGE))
    wait_for("technician.printer")
    window.submit(Choose(TEST_PRINT))
    wait_for("technician.printer", lambda: staff_flow().context.printer.last_test is not None)
    shot("technician-printer-tested")
    window.submit(Back())
    window.submit(Choose(CAMERA_PAGE))
    wait_for("technician.camera")
    shot("technician-camera")
    window.submit(Back())
    window.submit(Choose(SYNC_PAGE))
    wait_for("technician.sync")
    shot("technician-sync")
    window.submit(Back())
    window.submit(Choose(SETTINGS_PAGE))
    wait_for("technician.settings")
    shot("technician-settings")
    window.submit(Back())

    # The officer's counter, opened from technician mode.
    window.submit(Choose(ASSISTED_ENROLLMENT))
    wait_for("enrollment.sign_in")
    shot("counter-sign-in")
    window.submit(OfficerCredentials(DEMO_OFFICER_ID, "not the password"))
    wait_for("enrollment.sign_in", lambda: staff_flow().context.sign_in_problem is not None)
    shot("counter-sign-in-wrong")
    window.submit(OfficerCredentials(DEMO_OFFICER_ID, DEMO_OFFICER_PASSWORD))
    wait_for("enrollment.insert_card")
    shot("counter-insert-card")
    holder = demo_card_holder(kiosk.profile, kiosk.resources)
    reader.insert(demo_card(kiosk.profile, kiosk.resources))
    wait_for("enrollment.check_photo")
    shot("counter-check-photo")
    window.submit(Choose(SAME_PERSON))
    wait_for("enrollment.id_number")
    window.submit(EnterText(holder.id_number[:12] + str((int(holder.id_number[12]) + 1) % 10)))
    wait_for("enrollment.id_number", lambda: staff_flow().context.id_problem is not None)
    shot("counter-id-number-wrong")
    finger.queue([("citizen", "partial")])
    window.submit(Choose(FROM_CARD))
    wait_for("capture.retry")
    shot("capture-retry-flatter")
    window.submit(Next())
    wait_for("capture.captured")
    shot("capture-enrollment-done")
    window.submit(Next())
    wait_for("enrollment.activation")
    shot("counter-activation-qr")
    window.submit(Next())
    wait_for("enrollment.passcode")
    window.submit(EnterText("123456"))
    wait_for("enrollment.passcode", lambda: staff_flow().context.passcode_problem is not None)
    shot("counter-passcode-refused")
    window.submit(EnterText("135792"))
    wait_for("enrollment.passcode_confirm")
    shot("counter-passcode-again")
    window.submit(EnterText("135792"))
    wait_for("enrollment.consent")
    shot("counter-consent")
    flow = window.staff.desk.flow
    assert flow is not None
    flow.submit(EnterText("135792"))  # straight to the flow: the save is failed by hand below
    flow.submit(WorkFailed("OperationalError"))
    window.show_step()
    wait_for("enrollment.save_failed")
    shot("counter-save-failed")
    window.submit(Next())
    wait_for("enrollment.finished")
    shot("counter-finished")
    window.submit(Next())
    reader.remove()
    wait_for("enrollment.insert_card")

    # A citizen whose fingers cannot be scanned: the retry limit, the other finger, the officer.
    reader.insert(demo_card(kiosk.profile, kiosk.resources))
    wait_for("enrollment.check_photo")
    window.submit(Choose(SAME_PERSON))
    finger.queue([("citizen-2", "smudged")] * 6)
    window.submit(Choose(FROM_CARD))
    for choice in (ANOTHER_FINGER, HAND_OVER):
        for _ in range(3):
            wait_for("capture.retry") if staff_flow().context.attempts < 2 else None
            if window.showing() == "capture.retry":
                window.submit(Next())
        wait_for("capture.limit_reached")
        shot(f"capture-limit-{'first' if choice == ANOTHER_FINGER else 'second'}-finger")
        window.submit(Choose(choice))
    wait_for("enrollment.fingerprint_failed")
    shot("counter-fingerprint-failed")
    window.submit(Cancel())
    reader.remove()
    wait_for("enrollment.insert_card")
    window.submit(Choose(SIGN_OUT))
    settle()

    # Technician mode locked after wrong PINs.
    window.staff.open_technician()
    for _ in range(5):
        wait_for("technician.pin")
        window.submit(EnterText("0000"))
    wait_for("technician.locked")
    shot("technician-locked")
    window.submit(Next())
    settle()
    window.idle.disarm()  # its timers outlive the window: no timeout may reach a deleted one
    window.close()
    window.deleteLater()
    settle()
    return count

"""``kiosk shots`` for the camera: a card photo (aiming with the live picture and its instruction,
then review), a selfie (likewise) and a camera that stopped, through a real window with the
simulated camera playing the sample scenes. Files: ``OUT/<profile>-<lang>/camera-NN-<screen>.png``."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def shoot_camera(kiosk: Any, language: str, folder: Path) -> int:  # noqa: PLR0915 - one walk, screen by screen
    """The capture screens; returns the number of screenshots (0 without the simulated camera)."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtTest import QTest

    from drivers.camera.simulated import SimulatedCamera
    from drivers.vision.quality import Advice
    from kiosk.app import Kiosk
    from kiosk.flows.engine import Back, Choose, Next
    from kiosk.flows.photo_capture import CameraFailed, PhotoPurpose
    from ui.screens.capture import PhotoAimingScreen
    from ui.window import KioskWindow

    assert isinstance(kiosk, Kiosk)
    if not isinstance(kiosk.camera, SimulatedCamera) or language not in kiosk.languages:
        return 0
    citizen_language = next(code for code in kiosk.languages if code == language)
    folder.mkdir(parents=True, exist_ok=True)
    window = KioskWindow(kiosk)
    window.resize(1280, 800)
    window.show()
    window.submit(Next())
    window.submit(Choose(language))  # the window speaks the citizen's language
    host = window.photo_capture
    aiming = host.screens["photo_capture.aiming"]
    assert isinstance(aiming, PhotoAimingScreen)
    count = 0

    def settle() -> None:
        for _ in range(5):
            QCoreApplication.processEvents()
        QTest.qWait(40)

    def wait_for(predicate: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + 60
        while not predicate():
            if time.monotonic() > deadline:
                raise RuntimeError(f"the capture screen did not get to {what} (showing {host.showing()})")
            QTest.qWait(20)

    def shot(name: str) -> None:
        nonlocal count
        settle()
        count += 1
        window.grab().save(str(folder / f"camera-{count:02d}-{name}.png"))

    for purpose, name in ((PhotoPurpose.CARD_FRONT, "card"), (PhotoPurpose.SELFIE, "selfie")):
        host.request(purpose, citizen_language)
        wait_for(lambda: aiming.last_advice == Advice.MOVE_CLOSER, "an instruction")
        shot(f"{name}-aiming")
        wait_for(lambda: host.showing() == "photo_capture.review", "the review")
        shot(f"{name}-review")
        host.submit(Next())
    host.request(PhotoPurpose.CARD_BACK, citizen_language)
    host.submit(CameraFailed("camera_lost"))
    shot("camera-problem")
    host.submit(Back())
    window.idle.disarm()  # its timers outlive the window: no timeout may reach a deleted one
    window.close()
    window.deleteLater()
    settle()
    return count

"""The photo capture screens in the kiosk window, with the simulated camera and recorded sources."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import cv2
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from drivers.camera import scenes
from drivers.camera.opencv import OpenCvCamera
from drivers.vision.capture import DocumentPhoto, FacePhoto
from drivers.vision.quality import Advice
from kiosk.flows.engine import Next
from kiosk.flows.photo_capture import PhotoCaptureContext, PhotoPurpose
from ui.screens.capture import CameraProblemScreen, PhotoAimingScreen, PhotoReviewScreen
from ui.window import KioskWindow

CAPTURE_TIMEOUT_MS = 60_000


def screens(win: KioskWindow) -> tuple[PhotoAimingScreen, PhotoReviewScreen, CameraProblemScreen]:
    host = win.photo_capture
    aiming, review, problem = (
        host.screens[f"photo_capture.{step}"] for step in ("aiming", "review", "camera_problem")
    )
    assert isinstance(aiming, PhotoAimingScreen) and isinstance(review, PhotoReviewScreen)
    assert isinstance(problem, CameraProblemScreen)
    return aiming, review, problem


def test_f8_photographs_the_card_and_the_photo_is_confirmed(
    qtbot: QtBot, window: Callable[..., KioskWindow], tmp_path: Path
) -> None:
    """GIVEN the demo kiosk with its simulated camera WHEN F8 is pressed THEN the card-photo screen
    shows the live picture and instructions ("move closer" first), takes the photo by itself once the
    card is held still, shows it for review; WHEN "Use this photo" is touched THEN the request ends
    with the straightened card, and the camera is off again."""
    win = window("vn")
    host = win.photo_capture
    aiming, review, _ = screens(win)
    finished: list[PhotoCaptureContext | None] = []
    host.finished.connect(finished.append)
    qtbot.keyClick(win, Qt.Key.Key_F8)
    assert host.isVisible() and host.showing() == "photo_capture.aiming"
    advice_seen: list[Advice] = []
    feed = aiming.feed
    assert feed is not None
    feed.progressed.connect(lambda progress: advice_seen.append(progress.advice))
    qtbot.waitUntil(lambda: host.showing() == "photo_capture.review", timeout=CAPTURE_TIMEOUT_MS)
    assert advice_seen[0] == Advice.MOVE_CLOSER and Advice.OK in advice_seen
    assert feed.frames_shown > 0
    assert not win.kiosk.camera.running  # type: ignore[union-attr]
    pixmap = review.photo.pixmap()
    assert pixmap is not None and not pixmap.isNull()
    win.grab().save(str(tmp_path / "review.png"))
    qtbot.mouseClick(review.confirm, Qt.MouseButton.LeftButton)
    assert len(finished) == 1 and finished[0] is not None
    photo = finished[0].photo
    assert isinstance(photo, DocumentPhoto) and photo.image.shape == (540, 856, 3)
    assert not host.isVisible() and win.showing() == "attract"


def test_retake_then_a_selfie(qtbot: QtBot, window: Callable[..., KioskWindow]) -> None:
    """GIVEN a selfie being taken THEN the camera and the analysis run on threads of their own, which
    end with the capture; WHEN "Take it again" is touched THEN the camera starts again and a new
    portrait is taken."""
    win = window("th")
    host = win.photo_capture
    aiming, review, _ = screens(win)
    qtbot.keyClick(win, Qt.Key.Key_F10)
    running = {thread.name for thread in threading.enumerate()}
    assert {"camera", "vision"} <= running  # the camera and the analysis have threads of their own
    qtbot.waitUntil(lambda: host.showing() == "photo_capture.review", timeout=CAPTURE_TIMEOUT_MS)
    qtbot.waitUntil(
        lambda: not {"camera", "vision"} & {t.name for t in threading.enumerate()}, timeout=10_000
    )
    first = host.flow.context.photo if host.flow is not None else None
    assert isinstance(first, FacePhoto)
    qtbot.mouseClick(review.retake, Qt.MouseButton.LeftButton)
    assert host.showing() == "photo_capture.aiming" and aiming.feed is not None and aiming.feed.running
    qtbot.waitUntil(lambda: host.showing() == "photo_capture.review", timeout=CAPTURE_TIMEOUT_MS)
    assert host.flow is not None and host.flow.context.takes == 2
    assert host.flow.context.photo is not first


def test_no_face_no_capture(qtbot: QtBot, window: Callable[..., KioskWindow], tmp_path: Path) -> None:
    """GIVEN a camera looking at an empty room WHEN a selfie is asked for THEN the screen keeps asking
    the citizen to look at the camera and never takes a photo."""
    room = tmp_path / "room.png"
    cv2.imwrite(str(room), scenes.sensor_noise(scenes.room(1280, 720), 3, seed=2))
    win = window("vn", devices={"camera": str(room)})
    host = win.photo_capture
    aiming, _, _ = screens(win)
    host.request(PhotoPurpose.SELFIE, "vi")
    feed = aiming.feed
    assert feed is not None
    analysed: list[Advice] = []
    feed.progressed.connect(lambda progress: analysed.append(progress.advice))
    qtbot.waitUntil(lambda: len(analysed) >= 20, timeout=CAPTURE_TIMEOUT_MS)
    assert set(analysed) == {Advice.LOOK_AT_CAMERA}
    assert host.showing() == "photo_capture.aiming"
    assert aiming.last_advice == Advice.LOOK_AT_CAMERA and aiming.instruction.text()
    host.cancel()
    assert not win.kiosk.camera.running  # type: ignore[union-attr]


def test_no_camera_gets_a_plain_message_and_try_again(
    qtbot: QtBot, window: Callable[..., KioskWindow], tmp_path: Path
) -> None:
    """GIVEN a kiosk whose camera cannot be opened WHEN a card photo is asked for THEN the camera
    problem screen says so and offers to try again; going back ends the request without a photo."""
    win = window("vn", devices={"camera": str(tmp_path / "unplugged.mp4")})
    win.set_language("en")
    host = win.photo_capture
    _, _, problem = screens(win)
    finished: list[object] = []
    host.finished.connect(finished.append)
    host.request(PhotoPurpose.CARD_BACK, "en")
    qtbot.waitUntil(lambda: host.showing() == "photo_capture.camera_problem", timeout=10_000)
    assert problem.title.text() == "The camera is not working."
    qtbot.mouseClick(problem.retry, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: host.showing() == "photo_capture.camera_problem", timeout=10_000)
    qtbot.mouseClick(problem.footer.back, Qt.MouseButton.LeftButton)
    assert finished == [None] and not host.isVisible()


def test_a_camera_lost_mid_capture(qtbot: QtBot, window: Callable[..., KioskWindow], tmp_path: Path) -> None:
    """GIVEN a camera that stops sending frames while the citizen is being photographed WHEN it stops
    THEN the screen says the camera stopped working."""
    video = tmp_path / "short.avi"
    writer = cv2.VideoWriter(str(video), cv2.VideoWriter_fourcc(*"MJPG"), 15.0, (1280, 720))
    for _ in range(6):
        writer.write(scenes.desk(1280, 720))
    writer.release()
    win = window("vn")
    win.set_language("en")
    win.kiosk.camera = OpenCvCamera(str(video), loop=False)
    host = win.photo_capture
    _, _, problem = screens(win)
    host.request(PhotoPurpose.CARD_FRONT, "en")
    qtbot.waitUntil(lambda: host.showing() == "photo_capture.camera_problem", timeout=20_000)
    assert problem.title.text() == "The camera stopped working."


def test_the_end_of_the_session_closes_the_capture(qtbot: QtBot, window: Callable[..., KioskWindow]) -> None:
    win = window("vn")
    finished: list[object] = []
    win.photo_capture.finished.connect(finished.append)
    qtbot.keyClick(win, Qt.Key.Key_F9)
    assert win.photo_capture.active
    win.start_new_session("timeout")
    assert finished == [None] and not win.photo_capture.isVisible()
    assert not win.kiosk.camera.running  # type: ignore[union-attr]


def test_touch_targets_are_large_and_the_flows_can_show_the_screens(
    qtbot: QtBot, window: Callable[..., KioskWindow]
) -> None:
    """GIVEN the capture screens WHEN shown at the kiosk's size THEN every button is at least 96 px
    tall; and the window knows them as the screens of the photo steps of any flow."""
    win = window("vn")
    assert {"photo_capture.aiming", "photo_capture.review", "photo_capture.camera_problem"} <= set(
        win.screens
    )
    host = win.photo_capture
    host.request(PhotoPurpose.CARD_FRONT, "vi")
    host.submit(Next())  # ignored while aiming: nothing to confirm yet
    assert host.showing() == "photo_capture.aiming"
    for screen in host.screens.values():
        host.stack.setCurrentWidget(screen)
        qtbot.wait(50)
        for button in screen.findChildren(QPushButton):
            if button.isVisible():
                assert button.height() >= 96, button.text()
    host.cancel()

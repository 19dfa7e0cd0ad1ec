"""Typed camera errors.

Each error has a stable ``reason`` key the kiosk maps to a sentence in the citizen's language
(or, for a technician, to a line on the device-test screen). Messages name the source (device
index, device node or file) and never carry image data.
"""

from __future__ import annotations


class CameraError(Exception):
    """Base of camera failures; ``reason`` is a stable key for the citizen message."""

    reason = "camera_error"
    default_message = "the camera failed"

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message if message is not None else self.default_message)


class NoCamera(CameraError):
    """The source cannot be opened: no device at that index or node, no such file, or a file
    OpenCV cannot decode. Raised by ``start()``."""

    reason = "no_camera"
    default_message = "no camera found"


class CameraLost(CameraError):
    """The camera stopped giving frames in the middle of a session (unplugged, driver crash,
    or a recorded source that ran out without looping)."""

    reason = "camera_lost"
    default_message = "the camera stopped sending pictures"


class CaptureTimedOut(CameraError):
    """No frame arrived in the time a caller was prepared to wait."""

    reason = "camera_timed_out"
    default_message = "the camera sent no picture in time"

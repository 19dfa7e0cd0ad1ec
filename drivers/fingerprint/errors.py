"""Typed fingerprint-module errors.

Each error has a stable ``reason`` key the kiosk maps to a sentence in the citizen's language
(or, for the technician's errors, to a line on the device-test screen). Messages are for logs
and technicians: they name instructions, confirmation codes, pages and ports, never template
or image bytes, and never who the finger belongs to.

``error_for(code)`` turns a confirmation code from the module's answer into the error to raise
(``None`` for ``0x00``, success).
"""

from __future__ import annotations

from drivers.fingerprint.protocol import Confirmation


class FingerprintError(Exception):
    """Base of fingerprint failures; ``reason`` is a stable key for the citizen message.

    ``code`` is the module's confirmation code when the module itself reported the failure,
    ``None`` when the failure is on the host's side (port, timeout, cancel)."""

    reason = "fingerprint_error"
    default_message = "the fingerprint module failed"

    def __init__(self, message: str | None = None, *, code: int | None = None) -> None:
        self.code = code
        super().__init__(message if message is not None else self.default_message)


class NoFinger(FingerprintError):
    """Confirmation ``0x02``: no finger on the sensor (the citizen should place one)."""

    reason = "no_finger"
    default_message = "no finger on the sensor"


class ImageFailed(FingerprintError):
    """Confirmation ``0x03`` (the image could not be taken) or ``0x15`` (no valid image in the
    image buffer): the citizen should place the finger again."""

    reason = "image_failed"
    default_message = "the fingerprint image could not be taken"


class TooMessy(FingerprintError):
    """Confirmation ``0x06``: the image is too messy (a dirty, wet or rolled finger)."""

    reason = "too_messy"
    default_message = "the fingerprint image is too messy"


class TooFewFeatures(FingerprintError):
    """Confirmation ``0x07``: too few feature points (too little of the finger on the glass)."""

    reason = "too_few_features"
    default_message = "the fingerprint image has too few features"


class NoMatch(FingerprintError):
    """Confirmation ``0x08``: the two character buffers do not match."""

    reason = "no_match"
    default_message = "the fingerprints do not match"


class NotFound(FingerprintError):
    """Confirmation ``0x09``: a library search found no matching template."""

    reason = "not_found"
    default_message = "no matching fingerprint in the library"


class MergeFailed(FingerprintError):
    """Confirmation ``0x0A``: the captures of an enrollment differ too much to combine (also
    raised by ``enroll`` when its own check of the captures against each other fails)."""

    reason = "merge_failed"
    default_message = "the fingerprint captures differ"


class BadPage(FingerprintError):
    """Confirmation ``0x0B``: a page number beyond the template library (also raised when the
    library has no free page left)."""

    reason = "bad_page"
    default_message = "the page is outside the template library"


class WrongPassword(FingerprintError):
    """Confirmation ``0x13``: the module refused the handshake password."""

    reason = "wrong_password"
    default_message = "the fingerprint module refused the password"


class ModuleError(FingerprintError):
    """Any other non-zero confirmation code (packet errors, flash errors, unknown codes): a
    technician matter. Carries the code (``None``: a well-formed answer whose content makes no
    sense, such as an unknown packet size)."""

    reason = "module_error"

    def __init__(self, code: int | None, message: str | None = None) -> None:
        if code is None:
            message = message or "the fingerprint module gave an answer that makes no sense"
        elif message is None:
            try:
                name = Confirmation(code).name.lower()
            except ValueError:
                name = "unknown code"
            message = f"the fingerprint module reported error 0x{code:02X} ({name})"
        super().__init__(message, code=code)


class ModuleNotResponding(FingerprintError):
    """No clean answer arrived within the timeout (after the one retry where one is allowed)."""

    reason = "module_not_responding"
    default_message = "the fingerprint module does not respond"


class PortUnavailable(FingerprintError):
    """The serial port cannot be opened, or failed while in use (adapter unplugged)."""

    reason = "port_unavailable"
    default_message = "the fingerprint module's serial port is unavailable"


class CaptureCancelled(FingerprintError):
    """The caller's ``cancel`` event was set while waiting for a finger."""

    reason = "capture_cancelled"
    default_message = "the fingerprint capture was cancelled"


class CaptureTimedOut(FingerprintError):
    """No finger (or no lifted finger) within the capture's timeout."""

    reason = "capture_timed_out"
    default_message = "no finger was placed in time"


_BY_CODE: dict[int, type[FingerprintError]] = {
    Confirmation.NO_FINGER: NoFinger,
    Confirmation.IMAGE_FAIL: ImageFailed,
    Confirmation.NO_VALID_IMAGE: ImageFailed,
    Confirmation.TOO_MESSY: TooMessy,
    Confirmation.TOO_FEW_FEATURES: TooFewFeatures,
    Confirmation.NO_MATCH: NoMatch,
    Confirmation.NOT_FOUND: NotFound,
    Confirmation.MERGE_FAIL: MergeFailed,
    Confirmation.PAGE_OUT_OF_RANGE: BadPage,
    Confirmation.WRONG_PASSWORD: WrongPassword,
}


def error_for(code: int) -> FingerprintError | None:
    """The error a confirmation code stands for; ``None`` for ``0x00`` (success)."""
    if code == Confirmation.OK:
        return None
    error_class = _BY_CODE.get(code)
    if error_class is None:
        return ModuleError(code)
    return error_class(code=code)

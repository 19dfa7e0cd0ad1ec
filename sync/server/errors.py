"""Refusals the API answers with an :class:`~sync.protocol.ErrorBody`."""

from __future__ import annotations

from sync.protocol import ErrorCode

STATUS_BY_CODE: dict[ErrorCode, int] = {
    ErrorCode.UNSIGNED: 401,
    ErrorCode.UNKNOWN_KIOSK: 401,
    ErrorCode.REVOKED_KIOSK: 401,
    ErrorCode.BAD_SIGNATURE: 401,
    ErrorCode.EXPIRED: 401,
    ErrorCode.REPLAYED: 401,
    ErrorCode.OTHER_OFFICE: 403,
    ErrorCode.BAD_ENROLLMENT_CODE: 403,
    ErrorCode.INVALID_REQUEST: 422,
    ErrorCode.UNSUPPORTED_VERSION: 426,
    ErrorCode.TOO_LARGE: 413,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.EXHAUSTED: 409,
    ErrorCode.CONFLICT: 409,
    ErrorCode.UNAVAILABLE: 503,
    ErrorCode.RATE_LIMITED: 429,
    ErrorCode.NOT_CONFIGURED: 503,
    ErrorCode.ACTIVATION_INVALID: 403,
    ErrorCode.ACTIVATION_EXPIRED: 410,
    ErrorCode.ACTIVATION_USED: 409,
}


class ApiError(Exception):
    """A refused request: ``code`` for programs, ``message`` (one sentence, no personal data) for people."""

    def __init__(self, code: ErrorCode, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status if status is not None else STATUS_BY_CODE[code]

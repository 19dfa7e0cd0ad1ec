"""Typed errors of the eMRTD layer.

Every error here is an :class:`IcaoError`, itself a :class:`~drivers.card.errors.CardError`, so
the kiosk maps its stable ``reason`` key to a sentence in the citizen's language exactly as for
the Thai card. Messages are English sentences for technicians and logs; they name fields, commands
and status words but never contain personal data (no numbers, names, dates or raw card bytes).
"""

from __future__ import annotations

from drivers.card.errors import CardError


class IcaoError(CardError):
    """Base of every eMRTD failure."""

    reason = "card_error"
    default_message = "the chip of the document could not be read"


class MrzError(IcaoError, ValueError):
    """The machine readable zone (or the typed document number, birth or expiry date) is wrong.

    ``field`` names the wrong field (``document_number``, ``date_of_birth``, ``date_of_expiry``,
    ``composite``, ``optional_data``, ``sex``, ``document_code``, ``issuing_state``,
    ``nationality``, ``name`` or ``format``)."""

    reason = "mrz_invalid"

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


class BerError(IcaoError, ValueError):
    """Bytes that are not well-formed BER-TLV (truncated, bad length, indefinite length...)."""

    reason = "malformed_data"


class IndefiniteLength(BerError):
    """A BER indefinite length (0x80): not allowed in eMRTD files or secure messaging."""


class CryptoError(IcaoError, ValueError):
    """Bad input to a cryptographic primitive (wrong key size, bad padding)."""

    reason = "malformed_data"


class SecureMessagingError(IcaoError):
    """A secure-messaging APDU is malformed or its MAC does not verify.

    ``sw`` is the status word a card answers to such a command (6987: objects missing,
    6988: objects incorrect)."""

    reason = "secure_messaging"

    def __init__(self, message: str, *, sw: int = 0x6988) -> None:
        self.sw = sw
        super().__init__(message)


class AccessDenied(IcaoError):
    """The chip refused the access keys: wrong MRZ data (BAC) or wrong password (PACE)."""

    reason = "access_denied"
    default_message = "The card did not accept the document number, date of birth or expiry date"


class BacError(AccessDenied):
    """Basic access control failed (wrong MRZ data, or a card answer that does not verify)."""


class PaceError(AccessDenied):
    """PACE failed: wrong password, or a card answer that does not verify."""

    default_message = "The card did not accept the access number or the document data"


class PaceUnsupported(IcaoError):
    """The card offers PACE with parameters this reader does not implement (or refuses the ones
    proposed); the reader falls back to basic access control."""

    reason = "unsupported_card"


class LdsError(IcaoError, ValueError):
    """A data group (EF.COM, DG1, DG2, DG13) cannot be decoded. ``field`` names the file or field."""

    reason = "malformed_data"

    def __init__(self, field: str, problem: str = "cannot be decoded") -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"malformed chip data in {field}: {problem}")


class SodError(IcaoError, ValueError):
    """EF.SOD (the document security object) cannot be decoded."""

    reason = "malformed_data"

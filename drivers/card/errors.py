"""Typed card-reading errors.

Each error has a stable ``reason`` key the kiosk maps to a sentence in the citizen's language.
Messages are for logs and technicians and never contain personal data: no names, numbers,
dates or raw card bytes, only field names, command names, status words and reader names.
"""

from __future__ import annotations


class CardError(Exception):
    """Base of card-reading failures; ``reason`` is a stable key for the citizen message."""

    reason = "card_error"
    default_message = "the card could not be read"

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message if message is not None else self.default_message)


class NoReader(CardError):
    """No PC/SC service, no reader attached, or no reader matching the configured name."""

    reason = "no_reader"
    default_message = "no card reader found"


class NoCard(CardError):
    """A reader is there but holds no card."""

    reason = "no_card"
    default_message = "no card in the reader"


class CardRemoved(CardError):
    """The card was pulled out (or lost power or contact) in the middle of a read."""

    reason = "card_removed"
    default_message = "the card was removed during the read"


class UnsupportedCard(CardError):
    """The card refused the Thai ID applet (not a Thai ID card) or does not answer at all."""

    reason = "unsupported_card"
    default_message = "the card is not a supported ID card"

    def __init__(self, message: str | None = None, *, sw1: int | None = None, sw2: int | None = None) -> None:
        self.sw1 = sw1
        self.sw2 = sw2
        if message is None and sw1 is not None and sw2 is not None:
            message = f"the card refused the ID application (status {sw1:02X}{sw2:02X})"
        super().__init__(message)


class UnexpectedStatus(CardError):
    """The card answered a command with a status word the protocol does not allow there.

    Carries the command name and the status word, never the data that came with it."""

    reason = "unexpected_status"

    def __init__(self, command: str, sw1: int, sw2: int) -> None:
        self.command = command
        self.sw1 = sw1
        self.sw2 = sw2
        super().__init__(f"unexpected status {sw1:02X}{sw2:02X} in answer to {command}")


class MalformedData(CardError):
    """A field on the card cannot be decoded. Names the field; never includes its value."""

    reason = "malformed_data"

    def __init__(self, field: str, problem: str = "cannot be decoded") -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"malformed card data in field {field!r}: {problem}")


class ReaderBusy(CardError):
    """Another program holds the reader (sharing violation) and did not let go after retries."""

    reason = "reader_busy"
    default_message = "the card reader is in use by another program"

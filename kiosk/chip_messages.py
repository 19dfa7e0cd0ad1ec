"""What the citizen is told when a chip ID (CCCD) cannot be read, or the typed card data is wrong.

The drivers raise typed errors with English technician sentences and a stable ``reason`` key
(:mod:`drivers.card.errors`, :mod:`drivers.card.icao.errors`); an :class:`MrzError` also names the
wrong field. This module turns those keys into short sentences in the citizen's language through
the translation catalog, so screens and headless flows show the same words. Qt-free.
"""

from __future__ import annotations

from collections.abc import Mapping

from drivers.card.errors import CardError
from drivers.card.icao.errors import MrzError
from drivers.card.icao.sod import PassiveAuthStatus
from kiosk.domain.languages import Language
from kiosk.i18n import QT_TRANSLATE_NOOP, Catalog

CONTEXT = "ChipId"

REASON_MESSAGES: Mapping[str, str] = {
    "access_denied": QT_TRANSLATE_NOOP(
        "ChipId",
        "The card did not accept the document number, date of birth or expiry date. Please check them and try again.",
    ),
    "mrz_invalid": QT_TRANSLATE_NOOP(
        "ChipId", "The card details you entered are not correct. Please check them."
    ),
    "secure_messaging": QT_TRANSLATE_NOOP(
        "ChipId",
        "The card's answer could not be checked. Please lift the card and place it on the reader again.",
    ),
    "malformed_data": QT_TRANSLATE_NOOP(
        "ChipId",
        "The data on the card could not be read. Please lift the card and place it on the reader again.",
    ),
    "card_removed": QT_TRANSLATE_NOOP(
        "ChipId", "The card was moved away too early. Please place it on the reader again and keep it still."
    ),
    "unsupported_card": QT_TRANSLATE_NOOP(
        "ChipId", "This card cannot be read here. Please use your chip citizen ID card."
    ),
    "no_card": QT_TRANSLATE_NOOP(
        "ChipId", "No card was found. Please place your citizen ID card on the reader."
    ),
}
FALLBACK = QT_TRANSLATE_NOOP(
    "ChipId", "Your card could not be read. Please try again, or ask a staff member for help."
)

FIELD_MESSAGES: Mapping[str, str] = {
    "document_number": QT_TRANSLATE_NOOP("ChipId", "Please check the card number."),
    "date_of_birth": QT_TRANSLATE_NOOP("ChipId", "Please check the date of birth."),
    "date_of_expiry": QT_TRANSLATE_NOOP("ChipId", "Please check the expiry date."),
    "can": QT_TRANSLATE_NOOP(
        "ChipId", "Please check the 6-digit card access number on the front of the card."
    ),
}

PASSIVE_AUTHENTICATION_MESSAGES: Mapping[str, str] = {
    PassiveAuthStatus.OK.value: QT_TRANSLATE_NOOP("ChipId", "The chip data is genuine."),
    PassiveAuthStatus.FAILED.value: QT_TRANSLATE_NOOP(
        "ChipId", "Warning: the chip data could not be confirmed as genuine."
    ),
    PassiveAuthStatus.NOT_CHECKED.value: QT_TRANSLATE_NOOP(
        "ChipId", "The chip data was read but not checked for authenticity."
    ),
}


def citizen_message(error: CardError, catalog: Catalog, language: Language) -> str:
    """The sentence for ``error`` in ``language``: the wrong field for typed card data, else the
    reason's sentence (a general one for reasons without their own)."""
    if isinstance(error, MrzError) and error.field in FIELD_MESSAGES:
        source = FIELD_MESSAGES[error.field]
    else:
        source = REASON_MESSAGES.get(error.reason, FALLBACK)
    return catalog.translate(language, CONTEXT, source)


def passive_authentication_message(status: PassiveAuthStatus, catalog: Catalog, language: Language) -> str:
    """For the officer who compares the chip photo with the person (assisted enrollment)."""
    return catalog.translate(language, CONTEXT, PASSIVE_AUTHENTICATION_MESSAGES[status.value])

"""The documents that identify a citizen at the kiosk, as one typed union.

* :class:`~drivers.card.thai_id.ThaiIdCard`: the Thai national ID card, read over its contact chip;
* :class:`~drivers.card.icao.reader.CccdDocument`: an ICAO 9303 chip document (the Vietnamese
  CCCD), read once the citizen gave its access data;
* :class:`TypedIdNumber`: no document at all - the citizen typed their ID number.

A reader gives a :data:`CardDocument`; the session carries an :data:`IdDocument` unchanged to
every flow. Consumers narrow it with ``match`` and end with ``assert_never``, so mypy proves that
each kind is handled (see :func:`document_kind`). The unions name their members as strings so
that importing this module loads neither card's reading code (the chip code pulls in the whole
cryptography stack).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypeAlias, Union, assert_never

if TYPE_CHECKING:
    from drivers.card.icao.reader import CccdDocument
    from drivers.card.thai_id import ThaiIdCard

__all__ = ["CardDocument", "DocumentKind", "IdDocument", "TypedIdNumber", "document_kind"]


@dataclass(frozen=True, repr=False)
class TypedIdNumber:
    """A citizen who typed their ID number: the number as the kiosk checked and normalised it,
    and nothing read from a card (no name, no photo). Personal data: ``repr`` hides it."""

    id_number: str

    def __repr__(self) -> str:
        return "TypedIdNumber(<personal data>)"


# Strings, not the classes: see the module docstring. (``X | Y`` cannot take strings at run time.)
CardDocument: TypeAlias = Union["ThaiIdCard", "CccdDocument"]
"""What a card reader reads: the whole card, for the services that show or prefill it."""
IdDocument: TypeAlias = Union["ThaiIdCard", "CccdDocument", TypedIdNumber]
"""What identifies the citizen in a session: a card's document, or the number they typed."""

DocumentKind = Literal["th_id", "cccd", "typed"]


def document_kind(document: IdDocument) -> DocumentKind:
    """Which of the three kinds ``document`` is (for logs and audits: never personal data)."""
    from drivers.card.icao.reader import CccdDocument
    from drivers.card.thai_id import ThaiIdCard

    match document:
        case ThaiIdCard():
            return "th_id"
        case CccdDocument():
            return "cccd"
        case TypedIdNumber():
            return "typed"
        case _:
            assert_never(document)

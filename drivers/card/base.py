"""The card-reader interface: insert and removal events, and what a read gives."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol, runtime_checkable

if TYPE_CHECKING:
    from drivers.card.documents import CardDocument
    from drivers.card.icao.mrz import MrzInformation
    from drivers.card.icao.pace import Can


@dataclass(frozen=True, repr=False)
class CardHolder:
    """What a card reader read: the whole document, and its face ready for a screen.
    Personal data: never logged.

    ``document`` is carried unchanged to the flows (``ThaiIdCard``, or ``CccdDocument`` for a
    chip ID); ``document.photo`` is the face image as stored on the card (JPEG, or JPEG 2000 on
    some chip IDs): hash that one."""

    document: CardDocument
    photo: bytes = field(default=b"", compare=False)
    """The face image ready for the screen (JPEG or PNG: a JPEG 2000 photo is already decoded,
    on the reader's thread); empty when the card has none."""

    @property
    def id_number(self) -> str:
        return self.document.id_number

    @property
    def full_name(self) -> str:
        """The name to greet the holder by (without a title)."""
        return self.document.full_name

    def __repr__(self) -> str:
        return "CardHolder(<personal data>)"


@dataclass(frozen=True)
class CardReading:
    """A card went in and is being read (the screen shows progress). ``fraction`` (0..1) is how
    far a chip-document read has got; ``None`` when the reader cannot tell."""

    reader: str
    fraction: float | None = None


@dataclass(frozen=True)
class CardNeedsAccess:
    """A card is in the reader that cannot be read without an access key: an ICAO 9303 chip
    document (``kind="icao"``: the Vietnamese CCCD, passports) wants the document number, date
    of birth and date of expiry (or its card access number). Nothing has been read from it yet;
    :meth:`DocumentReader.read_document` reads it once the citizen has given them."""

    reader: str
    kind: Literal["icao"] = "icao"


@dataclass(frozen=True)
class CardInserted:
    """A card was read. ``after_access``: the result of :meth:`DocumentReader.read_document`
    (whoever asked for the read also gets it from the returned future)."""

    reader: str
    holder: CardHolder
    after_access: bool = False


@dataclass(frozen=True)
class CardReadFailed:
    """A card went in but could not be read; ``reason`` is a stable key (``drivers.card.errors``).
    ``after_access``: a failed :meth:`DocumentReader.read_document` (``access_denied`` for a
    wrong document number or date, ``not_verified`` when passive authentication failed)."""

    reader: str
    reason: str
    after_access: bool = False


@dataclass(frozen=True)
class CardRemovedFromReader:
    reader: str


@dataclass(frozen=True)
class ReadersChanged:
    """A reader was plugged in or unplugged; ``readers`` are the ones present now."""

    readers: tuple[str, ...]


CardEvent = (
    CardReading | CardNeedsAccess | CardInserted | CardReadFailed | CardRemovedFromReader | ReadersChanged
)
CardListener = Callable[[CardEvent], None]


class CardReader(Protocol):
    """A reader that reports cards. Listeners are called on the reader's own thread;
    a Qt layer must hand them to the GUI thread as queued signals."""

    def subscribe(self, listener: CardListener) -> None: ...

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def describe(self) -> str:
        """Name and state for technicians (no personal data)."""
        ...


DocumentProgress = Callable[[float], None]


@runtime_checkable
class DocumentReader(Protocol):
    """A reader that can also read chip documents needing an access key (after
    :class:`CardNeedsAccess`)."""

    def read_document(
        self, access: MrzInformation | Can, progress: DocumentProgress | None = None
    ) -> Future[CardHolder]:
        """Reads the chip document waiting in the reader, on the reader's own worker thread.

        Listeners hear ``CardReading(fraction=...)`` as it goes, then ``CardInserted`` (the
        holder's ``document`` is the ``CccdDocument``) or ``CardReadFailed`` (both with
        ``after_access=True``); ``progress(fraction)`` is called on the worker thread too. The
        future holds the holder, or the typed :class:`~drivers.card.errors.CardError`:
        ``AccessDenied`` (wrong document data), ``CardRemoved``, ``NoCard`` (no chip document
        waiting), ``DocumentNotVerified`` (passive authentication failed), ..."""
        ...

"""The citizen session: attract → language → identify → service menu → service → goodbye.

The session owns the citizen's personal data for its lifetime and wipes it when it
ends, whatever ends it (the citizen, the idle timeout, or the card leaving the reader).

Identifying with a chip ID (the Vietnamese CCCD, profile ``cccd``) takes three more steps,
because the chip opens only to the document number, date of birth and date of expiry:

``IDENTIFY`` (card put on the reader → :class:`ChipPresented`, or the citizen chooses
:data:`USE_CHIP`) → ``DOCUMENT_ACCESS`` (the form, or the card's back shown to the camera:
:class:`AccessDataEntered` / :class:`MrzScanned`) → ``CHIP_READING`` (the reader's job, with
progress) → ``MENU``; ``CHIP_WAIT`` asks for the card when the data came first. A wrong number
or date sends the citizen back to the form with the card's refusal; a chip whose passive
authentication failed identifies nobody and sends them to an officer (``IDENTIFY``, where
typing the ID number stays possible as always).

Taking the card off the reader before it was read (while typing the data, or pulled mid-read)
does not end the session: nothing came from the chip yet, and an NFC card is easily lifted to
read its numbers; the kiosk just asks for it again. Once the citizen is identified, the card
leaving the reader ends the session as always, and the idle timeout ends it at any step.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any, Literal

from drivers.card.base import CardHolder, CardReader, DocumentReader
from drivers.card.documents import TypedIdNumber
from drivers.card.icao.errors import MrzError
from drivers.card.icao.mrz import MrzInformation
from kiosk.domain.citizen_id import IdProblem, check_id_number
from kiosk.domain.document_access import AccessForm, access_from_mrz_text, check_access_form
from kiosk.flows.engine import (
    Back,
    Cancel,
    CardRemoved,
    Choose,
    EnterText,
    Event,
    Flow,
    Next,
    Outcome,
    Rule,
    Timeout,
    WorkDone,
    WorkFailed,
)
from kiosk.profiles import Language, Profile

if TYPE_CHECKING:
    from drivers.card.documents import CardDocument, IdDocument

USE_CHIP = "use_chip"
"""``Choose(USE_CHIP)`` on the identify screen: "I have a chip ID card" (the form comes first)."""
CHECK_OWN_DATA = "check_own_data"
CHIP_READ_TIMEOUT_S = 90.0
"""A chip read that has not ended by then is given up (a reader that hangs)."""


class SessionStep(Enum):
    ATTRACT = "attract"
    LANGUAGE = "language"
    IDENTIFY = "identify"
    DOCUMENT_ACCESS = "document_access"
    CHIP_WAIT = "chip_wait"
    CHIP_READING = "chip_reading"
    MENU = "menu"
    SERVICE = "service"
    GOODBYE = "goodbye"
    ENDED = "ended"
    ABANDONED = "abandoned"


@dataclass(frozen=True, repr=False)
class CitizenIdentity:
    """Who the citizen is: the document that identified them, carried unchanged from the card
    reader (a ``ThaiIdCard``, a ``CccdDocument``) or the number they typed (``TypedIdNumber``).
    The ID number and the name are the document's. Personal data: never logged."""

    document: IdDocument
    photo: bytes = field(default=b"", compare=False)
    """The face image ready for a screen (JPEG or PNG; a JPEG 2000 photo already decoded);
    empty for a typed number or a card without a photo."""

    @classmethod
    def from_holder(cls, holder: CardHolder) -> CitizenIdentity:
        """The citizen a card reader read; the screen photo falls back to the card's own."""
        return cls(holder.document, holder.photo or holder.document.photo)

    @classmethod
    def typed(cls, id_number: str) -> CitizenIdentity:
        """The citizen who typed ``id_number`` (already checked and normalised)."""
        return cls(TypedIdNumber(id_number))

    @property
    def id_number(self) -> str:
        return self.document.id_number

    @property
    def full_name(self) -> str | None:
        """The name on the card (without a title); ``None`` for a typed number."""
        card = self.card
        return card.full_name if card is not None else None

    @property
    def source(self) -> Literal["card", "typed"]:
        return "typed" if isinstance(self.document, TypedIdNumber) else "card"

    @property
    def card(self) -> CardDocument | None:
        """The whole card as read, for the services that show or prefill it; ``None`` when the
        number was typed. ``card.photo`` is the face image as stored on the card."""
        document = self.document
        return None if isinstance(document, TypedIdNumber) else document

    def __repr__(self) -> str:
        return f"CitizenIdentity(source={self.source!r}, <personal data>)"


@dataclass(frozen=True)
class CardRead(Event):
    """A card was read; carries the holder's identity."""

    citizen: CitizenIdentity


@dataclass(frozen=True)
class ChipPresented(Event):
    """A chip ID is on the reader and waits for its access data (the reader's ``CardNeedsAccess``)."""


@dataclass(frozen=True)
class AccessDataEntered(Event):
    """The access form as typed: the document number, dates of birth and expiry (``dd/mm/yyyy``)."""

    number: str = field(repr=False)
    date_of_birth: str = field(repr=False)
    date_of_expiry: str = field(repr=False)


@dataclass(frozen=True)
class MrzScanned(Event):
    """The machine readable zone of the card's back as the camera read it (lines of text)."""

    text: str = field(repr=False)


class ChipProblem(Enum):
    """Why the chip did not identify the citizen (yet); each is a plain sentence on screen."""

    ACCESS_DENIED = "access_denied"
    """The chip refused the number and dates: the citizen checks them."""
    REMOVED = "removed"
    """The card left the reader during the read (or was not there)."""
    NOT_VERIFIED = "not_verified"
    """Passive authentication failed: an officer must look at the card."""
    UNREADABLE = "unreadable"
    """Any other failure: put the card back, or type the ID number."""
    SCAN_FAILED = "scan_failed"
    """The camera's reading of the card's back was not usable: type the data."""
    UNAVAILABLE = "unavailable"
    """This kiosk has no reader that reads chip IDs."""


ChipRead = Callable[[MrzInformation], CardHolder]
"""Blocking: reads the chip waiting in the reader with the access data (a reader's job)."""


def read_chip_with(reader: CardReader, timeout_s: float = CHIP_READ_TIMEOUT_S) -> ChipRead | None:
    """The session's chip-read job for ``reader``, or ``None`` when it cannot read chip IDs."""
    if not isinstance(reader, DocumentReader):
        return None
    document_reader = reader

    def read(access: MrzInformation) -> CardHolder:
        return document_reader.read_document(access).result(timeout=timeout_s)

    return read


@dataclass(frozen=True)
class ServiceEnded(Event):
    """The service flow of the SERVICE step reached its end."""

    outcome: Outcome


@dataclass
class SessionContext:
    profile: Profile
    languages: tuple[Language, ...]
    language: Language
    current_year: int
    services: tuple[str, ...]
    citizen: CitizenIdentity | None = None
    id_problem: IdProblem | None = None
    service_name: str | None = None
    service: Flow[Any, Any] | None = None
    wiped: bool = field(default=False)
    today: date | None = None
    """The office's date (checks a typed date of birth); ``None``: the computer's."""
    chip_present: bool = False
    """A chip ID lies on the reader, waiting for its access data."""
    access: MrzInformation | None = field(default=None, repr=False)
    """The chip's access data, once typed or scanned (personal data)."""
    access_form: AccessForm | None = field(default=None, repr=False)
    """The last check of the access form (the screen shows its problems)."""
    chip_problem: ChipProblem | None = None

    def wipe(self) -> None:
        """Forgets everything personal. Strings cannot be zeroed in Python; dropping every
        reference (and the screens clearing their fields) is what the session can do."""
        self.citizen = None
        self.id_problem = None
        self.service = None
        self.service_name = None
        self.forget_chip()
        self.wiped = True

    def forget_chip(self) -> None:
        self.access = None
        self.access_form = None
        self.chip_problem = None

    @property
    def offered_services(self) -> tuple[str, ...]:
        """The menu: the profile's services, but "see my card's data" only when a chip ID was
        read in a chip-ID profile (a typed CCCD number has no data to show)."""
        if self.profile.id_card == "cccd" and (self.citizen is None or self.citizen.card is None):
            return tuple(name for name in self.services if name != CHECK_OWN_DATA)
        return self.services


ServiceFactory = Callable[[str, SessionContext], Flow[Any, Any]]


class CitizenSession(Flow[SessionStep, SessionContext]):
    name = "session"
    start = SessionStep.ATTRACT
    done = SessionStep.ENDED
    aborted = SessionStep.ABANDONED
    quiet_steps = frozenset({SessionStep.ATTRACT, SessionStep.SERVICE})

    def __init__(
        self, context: SessionContext, service_factory: ServiceFactory, read_chip: ChipRead | None = None
    ) -> None:
        self._service_factory = service_factory
        self._read_chip = read_chip
        super().__init__(context)

    @property
    def reads_chip_ids(self) -> bool:
        """Whether citizens can identify with a chip ID here (the profile's card, a reader for it)."""
        return self.context.profile.id_card == "cccd" and self._read_chip is not None

    def table(self) -> Mapping[SessionStep, Mapping[type[Event], Rule[SessionStep]]]:
        s = SessionStep
        return {
            s.ATTRACT: {
                Next: Rule(s.LANGUAGE),
                CardRead: Rule(s.LANGUAGE, self._remember_card),
                ChipPresented: Rule(s.LANGUAGE, self._chip_arrived),
            },
            s.LANGUAGE: {
                Choose: Rule(
                    s.IDENTIFY, self._choose_language, alternatives=(s.MENU, s.LANGUAGE, s.DOCUMENT_ACCESS)
                ),
                CardRead: Rule(s.LANGUAGE, self._remember_card),
                ChipPresented: Rule(s.LANGUAGE, self._chip_arrived),
                Back: Rule(s.ABANDONED),
            },
            s.IDENTIFY: {
                EnterText: Rule(s.MENU, self._check_typed_id, alternatives=(s.IDENTIFY,)),
                CardRead: Rule(s.MENU, self._remember_card),
                ChipPresented: Rule(s.DOCUMENT_ACCESS, self._chip_at_identify, alternatives=(s.IDENTIFY,)),
                Choose: Rule(s.DOCUMENT_ACCESS, self._use_chip, alternatives=(s.IDENTIFY,)),
                Back: Rule(s.LANGUAGE, self._forget_citizen),
                Cancel: Rule(s.GOODBYE),
            },
            s.DOCUMENT_ACCESS: {
                AccessDataEntered: Rule(
                    s.CHIP_READING, self._access_entered, alternatives=(s.CHIP_WAIT, s.DOCUMENT_ACCESS)
                ),
                MrzScanned: Rule(
                    s.CHIP_READING, self._mrz_scanned, alternatives=(s.CHIP_WAIT, s.DOCUMENT_ACCESS)
                ),
                ChipPresented: Rule(s.DOCUMENT_ACCESS, self._chip_arrived),
                CardRemoved: Rule(s.DOCUMENT_ACCESS, self._chip_left),
                CardRead: Rule(s.MENU, self._remember_card),
                Back: Rule(s.IDENTIFY, self._forget_citizen),
                Cancel: Rule(s.GOODBYE),
            },
            s.CHIP_WAIT: {
                ChipPresented: Rule(s.CHIP_READING, self._chip_arrived),
                CardRemoved: Rule(s.CHIP_WAIT, self._chip_left),
                CardRead: Rule(s.MENU, self._remember_card),
                Back: Rule(s.DOCUMENT_ACCESS, self._back_to_form),
                Cancel: Rule(s.GOODBYE),
            },
            s.CHIP_READING: {
                WorkDone: Rule(s.MENU, self._chip_read, alternatives=(s.CHIP_WAIT,)),
                WorkFailed: Rule(
                    s.CHIP_WAIT, self._chip_read_failed, alternatives=(s.DOCUMENT_ACCESS, s.IDENTIFY)
                ),
                CardRemoved: Rule(s.CHIP_WAIT, self._chip_pulled),
                Cancel: Rule(s.GOODBYE),
            },
            s.MENU: {
                Choose: Rule(s.SERVICE, self._open_service, alternatives=(s.MENU,)),
                Back: Rule(s.IDENTIFY, self._forget_citizen),
                Cancel: Rule(s.GOODBYE),
            },
            s.SERVICE: {
                ServiceEnded: Rule(s.MENU, self._after_service, alternatives=(s.GOODBYE, s.ABANDONED)),
            },
            s.GOODBYE: {
                Next: Rule(s.ENDED),
                Timeout: Rule(s.ENDED),
                Cancel: Rule(s.ENDED),
                CardRemoved: Rule(s.ENDED),
            },
        }

    def work(self) -> Mapping[SessionStep, Callable[[], object]]:
        access, read_chip = self.context.access, self._read_chip
        if access is None or read_chip is None:
            return {}
        return {SessionStep.CHIP_READING: lambda: read_chip(access)}

    # --- effects ------------------------------------------------------------------------
    def _remember_card(self, event: Event) -> None:
        assert isinstance(event, CardRead)
        self.context.citizen = event.citizen
        self.context.id_problem = None
        self.context.forget_chip()

    def _choose_language(self, event: Event) -> SessionStep:
        assert isinstance(event, Choose)
        if event.value not in self.context.languages:
            return SessionStep.LANGUAGE
        self.context.language = event.value
        if self.context.citizen is not None:
            return SessionStep.MENU
        if self.context.chip_present and self.reads_chip_ids:
            return SessionStep.DOCUMENT_ACCESS
        return SessionStep.IDENTIFY

    # --- chip IDs -----------------------------------------------------------------------
    def _chip_arrived(self, _event: Event) -> None:
        self.context.chip_present = True
        if self.context.chip_problem is ChipProblem.REMOVED:
            self.context.chip_problem = None

    def _chip_left(self, _event: Event) -> None:
        self.context.chip_present = False

    def _chip_at_identify(self, event: Event) -> SessionStep:
        self._chip_arrived(event)
        if not self.reads_chip_ids:
            self.context.chip_problem = ChipProblem.UNAVAILABLE
            return SessionStep.IDENTIFY
        self.context.chip_problem = None
        return SessionStep.DOCUMENT_ACCESS

    def _use_chip(self, event: Event) -> SessionStep:
        assert isinstance(event, Choose)
        if event.value != USE_CHIP:
            return SessionStep.IDENTIFY
        if not self.reads_chip_ids:
            self.context.chip_problem = ChipProblem.UNAVAILABLE
            return SessionStep.IDENTIFY
        self.context.id_problem = None
        self.context.chip_problem = None
        return SessionStep.DOCUMENT_ACCESS

    def _go_read(self, access: MrzInformation) -> SessionStep:
        self.context.access = access
        self.context.chip_problem = None
        return SessionStep.CHIP_READING if self.context.chip_present else SessionStep.CHIP_WAIT

    def _access_entered(self, event: Event) -> SessionStep:
        assert isinstance(event, AccessDataEntered)
        today = self.context.today or date.today()
        form = check_access_form(event.number, event.date_of_birth, event.date_of_expiry, today=today)
        self.context.access_form = form
        if form.access is None:
            self.context.chip_problem = None
            return SessionStep.DOCUMENT_ACCESS
        return self._go_read(form.access)

    def _mrz_scanned(self, event: Event) -> SessionStep:
        assert isinstance(event, MrzScanned)
        try:
            access = access_from_mrz_text(event.text)
        except MrzError:
            self.context.chip_problem = ChipProblem.SCAN_FAILED
            return SessionStep.DOCUMENT_ACCESS
        self.context.access_form = None
        return self._go_read(access)

    def _back_to_form(self, _event: Event) -> None:
        self.context.access = None
        self.context.chip_problem = None

    def _chip_read(self, event: Event) -> SessionStep:
        assert isinstance(event, WorkDone)
        holder = event.result
        if not isinstance(holder, CardHolder):
            self.context.chip_problem = ChipProblem.UNREADABLE
            return SessionStep.CHIP_WAIT
        self.context.citizen = CitizenIdentity.from_holder(holder)
        self.context.id_problem = None
        self.context.forget_chip()
        return SessionStep.MENU

    def _chip_read_failed(self, event: Event) -> SessionStep:
        assert isinstance(event, WorkFailed)
        if event.reason == "access_denied":
            self.context.access = None
            self.context.chip_problem = ChipProblem.ACCESS_DENIED
            return SessionStep.DOCUMENT_ACCESS
        if event.reason == "not_verified":
            self.context.forget_chip()
            self.context.chip_problem = ChipProblem.NOT_VERIFIED
            return SessionStep.IDENTIFY
        if event.reason in ("card_removed", "no_card"):
            self.context.chip_present = False
            self.context.chip_problem = ChipProblem.REMOVED
        else:
            self.context.chip_problem = ChipProblem.UNREADABLE
        return SessionStep.CHIP_WAIT

    def _chip_pulled(self, _event: Event) -> None:
        self.context.chip_present = False
        self.context.chip_problem = ChipProblem.REMOVED

    def _check_typed_id(self, event: Event) -> SessionStep:
        assert isinstance(event, EnterText)
        check = check_id_number(
            self.context.profile.id_card, event.text, current_year=self.context.current_year
        )
        if check.number is None:
            self.context.id_problem = check.problem
            return SessionStep.IDENTIFY
        self.context.id_problem = None
        self.context.citizen = CitizenIdentity.typed(check.number)
        return SessionStep.MENU

    def _forget_citizen(self, _event: Event) -> None:
        self.context.citizen = None
        self.context.id_problem = None
        self.context.forget_chip()

    def _open_service(self, event: Event) -> SessionStep:
        assert isinstance(event, Choose)
        if event.value not in self.context.offered_services:
            return SessionStep.MENU
        self.context.service_name = event.value
        self.context.service = self._service_factory(event.value, self.context)
        return SessionStep.SERVICE

    def _after_service(self, event: Event) -> SessionStep:
        assert isinstance(event, ServiceEnded)
        self.context.service = None
        self.context.service_name = None
        ended_by = event.outcome.ended_by
        if ended_by in {"timeout", "card_removed"}:
            return SessionStep.ABANDONED
        if ended_by == "back" or (ended_by == "done" and event.outcome.return_to_menu):
            return SessionStep.MENU
        return SessionStep.GOODBYE

    # --- engine hooks -------------------------------------------------------------------
    def submit(self, event: Event) -> bool:
        """Forwards events to the open service flow while in SERVICE; wipes at the end."""
        service = self.context.service
        if self.step == SessionStep.SERVICE and service is not None and not isinstance(event, ServiceEnded):
            accepted = service.submit(event)
            if service.finished:
                super().submit(ServiceEnded(service.outcome))
            self._wipe_if_over()
            return accepted
        accepted = super().submit(event)
        self._wipe_if_over()
        return accepted

    def _wipe_if_over(self) -> None:
        if self.finished and not self.context.wiped:
            self.context.wipe()

    @property
    def active_flow(self) -> Flow[Any, Any]:
        """The flow whose step the screen shows: the service while in SERVICE, else the session."""
        if self.step == SessionStep.SERVICE and self.context.service is not None:
            return self.context.service
        return self

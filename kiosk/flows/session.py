"""The citizen session: attract → language → identify → service menu → service → goodbye.

The session owns the citizen's personal data for its lifetime and wipes it when it
ends, whatever ends it (the citizen, the idle timeout, or the card leaving the reader).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal

from kiosk.domain.citizen_id import IdProblem, check_id_number
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
)
from kiosk.profiles import Language, Profile


class SessionStep(Enum):
    ATTRACT = "attract"
    LANGUAGE = "language"
    IDENTIFY = "identify"
    MENU = "menu"
    SERVICE = "service"
    GOODBYE = "goodbye"
    ENDED = "ended"
    ABANDONED = "abandoned"


@dataclass
class CitizenIdentity:
    """Who the citizen is, from the card chip or typed. Personal data: never logged."""

    id_number: str
    full_name: str | None
    source: Literal["card", "typed"]
    card: object | None = field(default=None, repr=False, compare=False)
    """Everything the chip gave (e.g. ``drivers.card.thai_id.ThaiIdCard`` with the photo)."""

    def __repr__(self) -> str:
        return f"CitizenIdentity(source={self.source!r}, <personal data>)"


@dataclass(frozen=True)
class CardRead(Event):
    """A card was read; carries the holder's identity."""

    citizen: CitizenIdentity


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

    def wipe(self) -> None:
        """Forgets everything personal. Strings cannot be zeroed in Python; dropping every
        reference (and the screens clearing their fields) is what the session can do."""
        self.citizen = None
        self.id_problem = None
        self.service = None
        self.service_name = None
        self.wiped = True


ServiceFactory = Callable[[str, SessionContext], Flow[Any, Any]]


class CitizenSession(Flow[SessionStep, SessionContext]):
    name = "session"
    start = SessionStep.ATTRACT
    done = SessionStep.ENDED
    aborted = SessionStep.ABANDONED
    quiet_steps = frozenset({SessionStep.ATTRACT, SessionStep.SERVICE})

    def __init__(self, context: SessionContext, service_factory: ServiceFactory) -> None:
        self._service_factory = service_factory
        super().__init__(context)

    def table(self) -> Mapping[SessionStep, Mapping[type[Event], Rule[SessionStep]]]:
        s = SessionStep
        return {
            s.ATTRACT: {
                Next: Rule(s.LANGUAGE),
                CardRead: Rule(s.LANGUAGE, self._remember_card),
            },
            s.LANGUAGE: {
                Choose: Rule(s.IDENTIFY, self._choose_language, alternatives=(s.MENU, s.LANGUAGE)),
                CardRead: Rule(s.LANGUAGE, self._remember_card),
                Back: Rule(s.ABANDONED),
            },
            s.IDENTIFY: {
                EnterText: Rule(s.MENU, self._check_typed_id, alternatives=(s.IDENTIFY,)),
                CardRead: Rule(s.MENU, self._remember_card),
                Back: Rule(s.LANGUAGE, self._forget_citizen),
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

    # --- effects ------------------------------------------------------------------------
    def _remember_card(self, event: Event) -> None:
        assert isinstance(event, CardRead)
        self.context.citizen = event.citizen
        self.context.id_problem = None

    def _choose_language(self, event: Event) -> SessionStep:
        assert isinstance(event, Choose)
        if event.value not in self.context.languages:
            return SessionStep.LANGUAGE
        self.context.language = event.value
        return SessionStep.MENU if self.context.citizen is not None else SessionStep.IDENTIFY

    def _check_typed_id(self, event: Event) -> SessionStep:
        assert isinstance(event, EnterText)
        check = check_id_number(
            self.context.profile.id_card, event.text, current_year=self.context.current_year
        )
        if check.number is None:
            self.context.id_problem = check.problem
            return SessionStep.IDENTIFY
        self.context.id_problem = None
        self.context.citizen = CitizenIdentity(id_number=check.number, full_name=None, source="typed")
        return SessionStep.MENU

    def _forget_citizen(self, _event: Event) -> None:
        self.context.citizen = None
        self.context.id_problem = None

    def _open_service(self, event: Event) -> SessionStep:
        assert isinstance(event, Choose)
        if event.value not in self.context.services:
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

"""Queue ticket: choose a counter service, get the next number, take the printed ticket."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum

from kiosk.domain.queue import NUMBERS_EXHAUSTED, IssuedTicket
from kiosk.flows.engine import Back, Choose, Event, Flow, Next, Rule, WorkDone, WorkFailed
from kiosk.profiles import Language, QueueCategory


class QueueStep(Enum):
    CHOOSE_CATEGORY = "choose_category"
    ISSUING = "issuing"
    TICKET = "ticket"
    FAILED = "failed"
    DONE = "done"
    ABORTED = "aborted"


@dataclass(frozen=True)
class TicketResult:
    """What the ISSUING job hands back: the committed ticket and whether paper came out."""

    ticket: IssuedTicket
    printed: bool
    print_problem: str | None
    slip_preview: str | None


@dataclass
class QueueContext:
    language: Language
    categories: tuple[QueueCategory, ...]
    category_code: str | None = None
    result: TicketResult | None = None
    failure: str | None = None
    """The failure key of the last try (``kiosk.flows.engine.WorkFailed``)."""

    @property
    def out_of_numbers(self) -> bool:
        """The last try failed because this kiosk has no number left for the category today."""
        return self.failure == NUMBERS_EXHAUSTED


IssueTicket = Callable[[str, Language], TicketResult]

ANOTHER_SERVICE = "another_service"


class QueueTicketFlow(Flow[QueueStep, QueueContext]):
    name = "queue_ticket"
    start = QueueStep.CHOOSE_CATEGORY
    done = QueueStep.DONE
    aborted = QueueStep.ABORTED

    def __init__(self, context: QueueContext, issue_ticket: IssueTicket) -> None:
        self._issue_ticket = issue_ticket
        super().__init__(context)

    def table(self) -> Mapping[QueueStep, Mapping[type[Event], Rule[QueueStep]]]:
        q = QueueStep
        return {
            q.CHOOSE_CATEGORY: {
                Choose: Rule(q.ISSUING, self._choose, alternatives=(q.CHOOSE_CATEGORY,)),
                Back: Rule(q.ABORTED),
            },
            q.ISSUING: {
                WorkDone: Rule(q.TICKET, self._issued),
                WorkFailed: Rule(q.FAILED, self._failed),
            },
            q.TICKET: {
                Next: Rule(q.DONE),
                Choose: Rule(q.DONE, self._after_ticket),
            },
            q.FAILED: {
                Next: Rule(q.CHOOSE_CATEGORY),
                Back: Rule(q.ABORTED),
            },
        }

    def work(self) -> Mapping[QueueStep, Callable[[], object]]:
        return {QueueStep.ISSUING: self._issue}

    def _choose(self, event: Event) -> QueueStep:
        assert isinstance(event, Choose)
        if event.value not in {category.code for category in self.context.categories}:
            return QueueStep.CHOOSE_CATEGORY
        self.context.category_code = event.value
        self.context.failure = None
        return QueueStep.ISSUING

    def _issue(self) -> TicketResult:
        code = self.context.category_code
        if code is None:
            raise RuntimeError("no category chosen")
        return self._issue_ticket(code, self.context.language)

    def _issued(self, event: Event) -> None:
        assert isinstance(event, WorkDone) and isinstance(event.result, TicketResult)
        self.context.result = event.result

    def _failed(self, event: Event) -> None:
        assert isinstance(event, WorkFailed)
        self.context.failure = event.reason

    def _after_ticket(self, event: Event) -> None:
        assert isinstance(event, Choose)
        self.outcome.return_to_menu = event.value == ANOTHER_SERVICE

"""The flow model: typed steps, a context, and a declarative transition table.

A flow is a small state graph. ``table()`` says, for each step, which event types it
accepts and where each leads; a rule's ``effect`` may update the context and choose
among the targets the rule declares (e.g. a form that stays put when its input is
invalid). Steps listed in ``work()`` run a blocking job (database, printer, network);
whoever drives the flow runs it off the GUI thread and feeds back ``WorkDone`` or
``WorkFailed``.

Cancel, timeout and card removal are handled by every flow: unless a flow says
otherwise, each of them ends a non-terminal step in ``aborted``.

A tiny engine rather than a state-machine library: the table stays a typed literal
that mypy checks and tests can walk (every step reaches an end), with no metaclass
or string-named callbacks in between.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import ClassVar, Generic, TypeVar

log = logging.getLogger(__name__)


class Event:
    """Base of everything a screen, a device or a timer can tell a flow."""


@dataclass(frozen=True)
class Cancel(Event):
    """The person chose to stop (the "End" button)."""


@dataclass(frozen=True)
class Timeout(Event):
    """Nobody touched the screen for the idle timeout (or a timed screen ran out)."""


@dataclass(frozen=True)
class CardRemoved(Event):
    """The ID card left the reader."""


@dataclass(frozen=True)
class Back(Event):
    """Go one step back."""


@dataclass(frozen=True)
class Next(Event):
    """Go on (confirm, continue, retry)."""


@dataclass(frozen=True)
class Choose(Event):
    """A choice among options, by code."""

    value: str


@dataclass(frozen=True)
class EnterText(Event):
    """Text typed into a form field."""

    text: str


@dataclass(frozen=True)
class WorkDone(Event):
    """The step's blocking job finished with ``result``."""

    result: object


@dataclass(frozen=True)
class WorkFailed(Event):
    """The step's blocking job failed; ``reason`` is a message key (no personal data)."""

    reason: str


UNIVERSAL_EVENTS: tuple[type[Event], ...] = (Cancel, Timeout, CardRemoved)

S = TypeVar("S", bound=Enum)
C = TypeVar("C")


@dataclass(frozen=True)
class Rule(Generic[S]):
    """Where an event leads: ``to``, or one of ``alternatives`` as ``effect`` decides."""

    to: S
    effect: Callable[[Event], S | None] | None = None
    alternatives: tuple[S, ...] = ()

    def targets(self) -> tuple[S, ...]:
        return (self.to, *self.alternatives)


class UnexpectedStep(RuntimeError):
    """An effect chose a step its rule did not declare (a programming error)."""


@dataclass
class Outcome:
    """How a flow ended: ``done``, or the event type that aborted it."""

    ended_by: str | None = None
    return_to_menu: bool = False
    history: list[str] = field(default_factory=list)


class Flow(Generic[S, C]):
    """Base of every flow. Thread: one thread at a time (the GUI thread, or a headless driver)."""

    name: ClassVar[str]
    start: ClassVar[Enum]
    done: ClassVar[Enum]
    aborted: ClassVar[Enum]
    quiet_steps: ClassVar[frozenset[Enum]] = frozenset()
    """Steps where the universal events are not defaults (e.g. an attract screen ignores timeouts)."""

    def __init__(self, context: C) -> None:
        self.context = context
        self.step: S = self.start  # type: ignore[assignment]
        self.outcome = Outcome()
        self._rules = self._complete_table()

    # --- what a concrete flow declares -------------------------------------------------
    def table(self) -> Mapping[S, Mapping[type[Event], Rule[S]]]:
        raise NotImplementedError

    def work(self) -> Mapping[S, Callable[[], object]]:
        """Blocking jobs by step; empty when the flow has none."""
        return {}

    def steps(self) -> Iterable[S]:
        return type(self.step)

    # --- engine ------------------------------------------------------------------------
    def _complete_table(self) -> dict[S, dict[type[Event], Rule[S]]]:
        declared = self.table()
        complete: dict[S, dict[type[Event], Rule[S]]] = {}
        for step in self.steps():
            rules = dict(declared.get(step, {}))
            if not self.is_terminal(step) and step not in self.quiet_steps:
                for event_type in UNIVERSAL_EVENTS:
                    rules.setdefault(event_type, Rule(self.aborted))  # type: ignore[arg-type]
            complete[step] = rules
        return complete

    def rules(self) -> Mapping[S, Mapping[type[Event], Rule[S]]]:
        """The full transition table, universal events included (for tests and tools)."""
        return self._rules

    def is_terminal(self, step: Enum | None = None) -> bool:
        current = self.step if step is None else step
        return current in (self.done, self.aborted)

    @property
    def finished(self) -> bool:
        return self.is_terminal()

    def accepts(self, event: Event) -> bool:
        return type(event) in self._rules.get(self.step, {})

    def pending_work(self) -> Callable[[], object] | None:
        """The blocking job of the current step, if it has one."""
        return self.work().get(self.step)

    def submit(self, event: Event) -> bool:
        """Applies ``event``; returns False (and changes nothing) when this step does not take it.

        Unaccepted events are normal on a touchscreen (a double tap, a late timer) and are ignored.
        """
        rule = self._rules.get(self.step, {}).get(type(event))
        if rule is None:
            log.debug("flow %s ignored %s at %s", self.name, type(event).__name__, self.step.name)
            return False
        target = rule.to
        if rule.effect is not None:
            chosen = rule.effect(event)
            if chosen is not None:
                target = chosen
        if target not in rule.targets():
            raise UnexpectedStep(f"{self.name}: {self.step.name} cannot go to {target.name}")
        self.outcome.history.append(self.step.name)
        self.step = target
        if target == self.done:
            self.outcome.ended_by = "done"
        elif target == self.aborted:
            self.outcome.ended_by = _event_name(event)
        return True


def _event_name(event: Event) -> str:
    return {Cancel: "cancel", Timeout: "timeout", CardRemoved: "card_removed", Back: "back"}.get(
        type(event), type(event).__name__
    )


def run_pending_work(flow: Flow[S, C]) -> bool:
    """Runs the current step's job inline and feeds its result back (headless drivers, tests).

    Returns False when the step has no job. Failures become ``WorkFailed`` with a reason key.
    """
    job = flow.pending_work()
    if job is None:
        return False
    flow.submit(outcome_of(job))
    return True


def outcome_of(job: Callable[[], object]) -> Event:
    """Runs ``job`` and wraps its result or failure as an event (the reason key, never the message)."""
    try:
        return WorkDone(job())
    except Exception as exc:  # every failure must reach the citizen as a message, not a crash
        reason = getattr(exc, "reason", None) or type(exc).__name__
        log.warning("job failed: %s", type(exc).__name__)
        return WorkFailed(str(reason))

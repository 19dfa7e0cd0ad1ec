"""Every flow's graph: each step reachable, each step able to end, no dead ends, universal events handled."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any

import pytest

from kiosk.app import Kiosk
from kiosk.flows.engine import UNIVERSAL_EVENTS, Flow
from kiosk.flows.fingerprint_capture import CaptureContext, FingerprintCaptureFlow
from kiosk.flows.own_data import OwnDataContext, OwnDataFlow
from kiosk.flows.queue_ticket import QueueContext, QueueTicketFlow
from kiosk.flows.session import SessionStep
from kiosk.staff_wiring import build_desk


def graph(flow: Flow[Any, Any]) -> dict[Enum, set[Enum]]:
    return {
        step: {t for rule in rules.values() for t in rule.targets()} for step, rules in flow.rules().items()
    }


def reachable(edges: dict[Enum, set[Enum]], start: Enum) -> set[Enum]:
    seen, todo = {start}, [start]
    while todo:
        for target in edges[todo.pop()]:
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def flows(kiosk: Kiosk) -> list[Flow[Any, Any]]:
    session = kiosk.new_session()
    queue = QueueTicketFlow(QueueContext("vi", kiosk.profile.queue_categories), lambda code, lang: None)  # type: ignore[arg-type,return-value]
    own_data = OwnDataFlow(OwnDataContext("th", card=object()))
    return [session, queue, own_data, *staff_flows(kiosk)]


def staff_flows(kiosk: Kiosk) -> list[Flow[Any, Any]]:
    """The fingerprint capture, assisted enrollment and technician flows (with their sub-flows)."""
    desk = build_desk(kiosk, lambda event: None)
    capture = FingerprintCaptureFlow(CaptureContext(purpose="enrollment"), lambda cancel, progress: None)  # type: ignore[arg-type,return-value]
    return [capture, desk.open_enrollment(), desk.open_technician()]


@pytest.mark.parametrize("index", [0, 1, 2, 3, 4, 5])
def test_no_dead_ends(make_kiosk: Callable[..., Kiosk], index: int) -> None:
    """GIVEN a flow WHEN its table is walked THEN every step is reachable and can reach DONE or ABORTED."""
    flow = flows(make_kiosk())[index]
    edges = graph(flow)
    assert reachable(edges, flow.start) == set(edges), "unreachable steps"
    for step in edges:
        ends = reachable(edges, step) & {flow.done, flow.aborted}
        assert ends, f"{flow.name}: {step.name} can never end"
        if flow.is_terminal(step):
            assert not edges[step], f"{flow.name}: terminal {step.name} has exits"
        else:
            assert edges[step], f"{flow.name}: {step.name} is a dead end"


@pytest.mark.parametrize("index", [0, 1, 2, 3, 4, 5])
def test_cancel_timeout_and_card_removal_handled_everywhere(
    make_kiosk: Callable[..., Kiosk], index: int
) -> None:
    flow = flows(make_kiosk())[index]
    for step, rules in flow.rules().items():
        if flow.is_terminal(step) or step in flow.quiet_steps:
            continue
        for event_type in UNIVERSAL_EVENTS:
            assert event_type in rules, f"{flow.name}: {step.name} ignores {event_type.__name__}"
    if index == 0:
        # The session's quiet steps: the attract screen waits for a citizen; SERVICE hands events to the service.
        assert flow.quiet_steps == frozenset({SessionStep.ATTRACT, SessionStep.SERVICE})

"""Check own data (SPEC 4.2): what the ID card's chip says about its holder, with the photo."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

from kiosk.domain.languages import Language
from kiosk.flows.engine import Back, Event, Flow, Next, Rule


class OwnDataStep(Enum):
    SHOW = "show"  # the card's data, or a request to insert the card when the number was typed
    DONE = "done"
    ABORTED = "aborted"


@dataclass
class OwnDataContext:
    language: Language
    card: object | None = field(default=None, repr=False)
    """The card as read; ``None`` when the citizen typed their number (the screen asks for the card)."""


class OwnDataFlow(Flow[OwnDataStep, OwnDataContext]):
    name = "own_data"
    start = OwnDataStep.SHOW
    done = OwnDataStep.DONE
    aborted = OwnDataStep.ABORTED

    def table(self) -> Mapping[OwnDataStep, Mapping[type[Event], Rule[OwnDataStep]]]:
        o = OwnDataStep
        return {
            o.SHOW: {Next: Rule(o.DONE), Back: Rule(o.ABORTED)},
        }

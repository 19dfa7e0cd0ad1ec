"""Check own data (SPEC 4.2): what the ID card's chip says about its holder, with the photo.

Both cards are shown: the Thai ID card (DOPA applet) and the Vietnamese chip ID (CCCD: DG1,
DG2's photo, DG13's personal data, and whether passive authentication verified the chip).
:func:`own_data_rows` turns either into the rows the screen shows, without Qt: field keys the
screen names in the citizen's language, values as text or dates (the screen formats dates in
the profile's calendar).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Literal, assert_never

from kiosk.domain.languages import Language
from kiosk.flows.engine import Back, Event, Flow, Next, Rule

if TYPE_CHECKING:
    from drivers.card.documents import CardDocument
    from drivers.card.icao.reader import CccdDocument
    from drivers.card.thai_id import ThaiIdCard


class OwnDataStep(Enum):
    SHOW = "show"  # the card's data, or a request to insert the card when the number was typed
    DONE = "done"
    ABORTED = "aborted"


@dataclass
class OwnDataContext:
    language: Language
    card: CardDocument | None = field(default=None, repr=False)
    """The card as read; ``None`` when the citizen typed their number (the screen asks for the card)."""
    photo: bytes = field(default=b"", repr=False)
    """The face ready for the screen (a chip's JPEG 2000 photo already decoded); empty: the
    screen falls back to ``card.photo``."""


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


RowValue = str | date | object | None
"""Text; a ``date``; a card date with ``.value`` (Thai cards keep the precision); or ``None``."""

Verification = Literal["ok", "not_checked", "failed"]


@dataclass(frozen=True, repr=False)
class OwnDataRows:
    """What the screen shows. ``rows``: (field key, value) in display order, only the fields the
    card has; the keys are ``id_number``, ``name``, ``name_en``, ``date_of_birth``, ``sex``
    (value ``M`` / ``F``), ``nationality``, ``ethnicity``, ``religion``, ``hometown``,
    ``address``, ``identifying_marks``, ``date_of_issue``, ``date_of_expiry`` (``None``: no
    expiry), ``father_name``, ``mother_name``, ``old_id_number``. ``verification``: the chip ID's
    passive-authentication result (``None`` for cards that have none)."""

    kind: Literal["th_id", "cccd", "other"]
    rows: tuple[tuple[str, RowValue], ...]
    verification: Verification | None = None

    def __repr__(self) -> str:
        return f"OwnDataRows(kind={self.kind!r}, fields={[key for key, _ in self.rows]})"

    def value(self, key: str) -> RowValue:
        for name, value in self.rows:
            if name == key:
                return value
        raise KeyError(key)


def _text(value: object) -> str:
    return " ".join(str(value).split()) if value else ""


def own_data_rows(card: CardDocument) -> OwnDataRows:
    """The rows for ``card`` (a ``ThaiIdCard`` or a ``CccdDocument``). Empty texts are left out
    of a CCCD's rows; the expiry row is always there."""
    from drivers.card.icao.reader import CccdDocument
    from drivers.card.thai_id import ThaiIdCard

    match card:
        case CccdDocument():
            return _cccd_rows(card)
        case ThaiIdCard():
            return _thai_rows(card)
        case _:
            assert_never(card)


def _thai_rows(card: ThaiIdCard) -> OwnDataRows:
    name_th = _text(card.name_th.full)
    name_en = _text(card.name_en.full)
    rows: list[tuple[str, RowValue]] = [
        ("id_number", _text(card.id_number)),
        ("name", name_th or name_en),
        ("name_en", name_en),
        ("date_of_birth", card.date_of_birth),
        ("address", _text(card.address.full)),
        ("date_of_issue", card.date_of_issue),
        ("date_of_expiry", card.date_of_expiry),
    ]
    return OwnDataRows("th_id", tuple(rows))


def _cccd_rows(document: CccdDocument) -> OwnDataRows:
    from drivers.card.icao.lds import VietnamesePersonalData

    personal = document.personal or VietnamesePersonalData()
    nationality = personal.nationality or document.mrz.nationality
    candidates: list[tuple[str, RowValue]] = [
        ("id_number", document.id_number),
        ("name", document.full_name),
        ("date_of_birth", document.date_of_birth),
        ("sex", document.sex),
        ("nationality", nationality),
        ("ethnicity", personal.ethnicity),
        ("religion", personal.religion),
        ("hometown", personal.hometown),
        ("address", personal.residence),
        ("identifying_marks", personal.identifying_marks),
        ("date_of_issue", document.date_of_issue),
        ("date_of_expiry", document.date_of_expiry),
        ("father_name", personal.father_name),
        ("mother_name", personal.mother_name),
        ("old_id_number", personal.old_id_number),
    ]
    rows = tuple(
        (key, _text(value) if isinstance(value, str) else value)
        for key, value in candidates
        if key == "date_of_expiry" or value
    )
    status = document.passive_authentication.status.value
    verification: Verification = (
        "ok" if status == "ok" else ("failed" if status == "failed" else "not_checked")
    )
    return OwnDataRows("cccd", rows, verification)

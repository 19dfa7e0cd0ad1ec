"""Form prefill from the ID card's chip: the registration and dossier forms start filled in.

SPEC 4.1: "Prefill from the chip when a card was read." The forms (account registration,
dossier submission, the Thai self-service requests) name their fields with the keys below;
:func:`prefill_from_card` maps what a card holds onto them, for both cards:

* the Vietnamese CCCD (``drivers.card.icao.reader.CccdDocument``: DG13, falling back to DG1's
  MRZ where DG13 lacks a field);
* the Thai ID card (``drivers.card.thai_id.ThaiIdCard``).

Field keys (every value is text, the way the form shows it):

=====================  =========================================================================
``id_number``          the citizen number (12 digits CCCD, 13 digits Thai)
``username``           the portal's login name, which is the ID number (seed 000: "Số CMT/CCCD")
``full_name``          the whole name (CCCD: with diacritics, family name first)
``title``              Thai title (นาย, นาง, ...); absent for CCCD
``last_name``          family name (CCCD: first word(s); Thai: surname)
``middle_name``        middle name(s)
``first_name``         given name
``full_name_en``       Thai card's English name
``date_of_birth``      ``dd/mm/yyyy`` in the form's calendar (only when the card knows the day)
``sex``                ``M`` or ``F``
``nationality``        CCCD: as DG13 writes it ("Việt Nam")
``ethnicity``          CCCD
``religion``           CCCD
``hometown``           CCCD: place of origin (quê quán)
``address``            CCCD: place of residence (nơi thường trú); Thai: the registered address
``address_house`` ...  Thai address parts: ``address_house``, ``address_moo``, ``address_soi``,
                       ``address_road``, ``address_tambon``, ``address_amphoe``,
                       ``address_province``
``identifying_marks``  CCCD
``date_of_issue``      ``dd/mm/yyyy``
``date_of_expiry``     ``dd/mm/yyyy`` (absent for a card without expiry)
``old_id_number``      CCCD: the former CMND number
``father_name``        CCCD
``mother_name``        CCCD
``spouse_name``        CCCD
=====================  =========================================================================

Only fields the card has are given (no empty strings). ``verified`` is true when the chip's
data was proven genuine (a CCCD whose passive authentication is ``ok``): a form may then lock
those fields; otherwise the citizen may correct them. Pure and Qt-free; the values are personal
data: never log them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal, assert_never

from drivers.card.documents import TypedIdNumber
from kiosk.domain.calendar import Calendar, format_date

if TYPE_CHECKING:
    from drivers.card.documents import IdDocument
    from drivers.card.icao.reader import CccdDocument
    from drivers.card.thai_id import CardDate, ThaiIdCard

PREFILL_FIELDS = (
    "id_number",
    "username",
    "full_name",
    "title",
    "last_name",
    "middle_name",
    "first_name",
    "full_name_en",
    "date_of_birth",
    "sex",
    "nationality",
    "ethnicity",
    "religion",
    "hometown",
    "address",
    "address_house",
    "address_moo",
    "address_soi",
    "address_road",
    "address_tambon",
    "address_amphoe",
    "address_province",
    "identifying_marks",
    "date_of_issue",
    "date_of_expiry",
    "old_id_number",
    "father_name",
    "mother_name",
    "spouse_name",
)


@dataclass(frozen=True, repr=False)
class Prefill:
    """Values for form fields, by key (see the module docstring). Personal data: ``repr`` hides it."""

    source: Literal["cccd", "th_id"]
    verified: bool
    values: Mapping[str, str] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"Prefill(source={self.source!r}, verified={self.verified}, fields={sorted(self.values)})"

    def get(self, key: str) -> str | None:
        return self.values.get(key)

    def for_form(self, fields: Iterable[str]) -> dict[str, str]:
        """The values of ``fields`` the card has (a form passes the keys it shows)."""
        return {name: self.values[name] for name in fields if name in self.values}


def _clean(value: object) -> str:
    return " ".join(str(value).split()) if value else ""


def _put(values: dict[str, str], key: str, value: object) -> None:
    text = _clean(value)
    if text:
        values[key] = text


def _day(value: date | None, calendar: Calendar) -> str:
    return format_date(value, calendar) if value is not None else ""


def prefill_from_card(card: IdDocument | None, *, calendar: Calendar = "gregorian") -> Prefill | None:
    """The prefill for ``card`` (a ``CccdDocument`` or a ``ThaiIdCard``); ``None`` when there is
    no card (nothing read: no card, or a typed number). ``calendar``: how the form writes years
    (``buddhist`` in Thai deployments)."""
    from drivers.card.icao.reader import CccdDocument
    from drivers.card.thai_id import ThaiIdCard

    match card:
        case CccdDocument():
            return _from_cccd(card, calendar)
        case ThaiIdCard():
            return _from_thai(card, calendar)
        case TypedIdNumber() | None:
            return None
        case _:
            assert_never(card)


def _from_cccd(document: CccdDocument, calendar: Calendar) -> Prefill:
    from drivers.card.icao.lds import VietnamesePersonalData

    personal = document.personal or VietnamesePersonalData()
    values: dict[str, str] = {}
    _put(values, "id_number", document.id_number)
    _put(values, "username", document.id_number)
    _put(values, "full_name", document.full_name)
    parts = document.name_parts()
    _put(values, "last_name", parts.get("last"))
    _put(values, "middle_name", parts.get("middle"))
    _put(values, "first_name", parts.get("first"))
    _put(values, "date_of_birth", _day(document.date_of_birth, calendar))
    _put(values, "sex", document.sex)
    _put(values, "nationality", personal.nationality or "")
    _put(values, "ethnicity", personal.ethnicity)
    _put(values, "religion", personal.religion)
    _put(values, "hometown", personal.hometown)
    _put(values, "address", personal.residence)
    _put(values, "identifying_marks", personal.identifying_marks)
    _put(values, "date_of_issue", _day(document.date_of_issue, calendar))
    _put(values, "date_of_expiry", _day(document.date_of_expiry, calendar))
    _put(values, "old_id_number", personal.old_id_number)
    _put(values, "father_name", personal.father_name)
    _put(values, "mother_name", personal.mother_name)
    _put(values, "spouse_name", personal.spouse_name)
    return Prefill("cccd", document.passive_authentication.ok, values)


def _from_thai(card: ThaiIdCard, calendar: Calendar) -> Prefill:
    def day(value: CardDate) -> str:
        return (
            format_date(value.value, calendar) if value.value is not None and value.precision == "day" else ""
        )

    values: dict[str, str] = {}
    _put(values, "id_number", card.id_number)
    _put(values, "username", card.id_number)
    name = card.name_th if card.name_th.full else card.name_en
    _put(
        values,
        "full_name",
        " ".join(part for part in (name.first, name.middle, name.last) if part) or name.full,
    )
    _put(values, "title", name.title)
    _put(values, "first_name", name.first)
    _put(values, "middle_name", name.middle)
    _put(values, "last_name", name.last)
    _put(values, "full_name_en", card.name_en.full)
    _put(values, "date_of_birth", day(card.date_of_birth))
    _put(values, "sex", card.sex)
    _put(values, "address", card.address.full)
    for part, value in card.address.parts_json().items():
        _put(values, f"address_{part}", value)
    _put(values, "date_of_issue", day(card.date_of_issue))
    _put(values, "date_of_expiry", day(card.date_of_expiry))
    return Prefill("th_id", False, values)

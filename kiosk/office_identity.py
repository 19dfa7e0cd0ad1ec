"""Which office and kiosk everything this kiosk records carries: decided once, by the enrollment.

A kiosk enrolled with a server records every queue ticket, citizen enrollment, audit entry
and lease for the office it was enrolled for, under the kiosk id the server gave it, whatever
``kiosk.toml`` says: the server refuses a transaction for another office, or one naming
another kiosk than the one that signed it, and such a refusal is a dead letter. ``office.code``
and ``office.kiosk_id`` of ``kiosk.toml`` apply only while the kiosk is not enrolled.

The composition root (:mod:`kiosk.app`) decides at start-up with :func:`decide_office_identity`
and hands the result to every service; an enrollment made while the kiosk runs applies from
its next start.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.domain.numbering import FallbackBlock

if TYPE_CHECKING:
    from kiosk.config import KioskConfig
    from sync.client.identity import DeviceIdentity


@dataclass(frozen=True)
class OfficeIdentity:
    """The office and kiosk id every record of this kiosk carries, and where its fallback
    ticket numbers are. Immutable; any thread may read it."""

    office_code: str
    kiosk_id: str
    label: str
    enrolled: bool
    configured_office: str
    """``office.code`` of ``kiosk.toml``, to tell the technician when the enrollment differs."""
    fallback_ticket_numbers: FallbackBlock | None
    """The block drawn from when no lease is left; ``None``: the server gave this kiosk none."""

    @property
    def office_differs(self) -> bool:
        return self.enrolled and self.office_code != self.configured_office

    def office_mismatch(self) -> str | None:
        """One sentence for the technician when ``kiosk.toml`` names another office than the
        enrollment; ``None`` when they agree (or the kiosk is not enrolled)."""
        if not self.office_differs:
            return None
        return (
            f"kiosk.toml says office {self.configured_office}, but this kiosk is enrolled for office "
            f'{self.office_code} and records everything for it; set office.code = "{self.office_code}" '
            "in kiosk.toml to match."
        )


def decide_office_identity(config: KioskConfig, identity: DeviceIdentity | None) -> OfficeIdentity:
    """The enrolled office, kiosk id, label and fallback block when ``identity`` is given (the
    enrollment wins over ``kiosk.toml``); else those of ``kiosk.toml``.

    An enrollment saved before the server gave fallback blocks keeps the configured
    ``sync.fallback_ticket_numbers``."""
    configured_block = FallbackBlock.parse(config.sync.fallback_ticket_numbers)
    if identity is None:
        return OfficeIdentity(
            office_code=config.office.code,
            kiosk_id=config.office.kiosk_id,
            label=config.office.kiosk_id,
            enrolled=False,
            configured_office=config.office.code,
            fallback_ticket_numbers=configured_block,
        )
    given = identity.fallback_ticket_numbers
    if given is None:
        block: FallbackBlock | None = configured_block
    elif given == "":
        block = None
    else:
        block = FallbackBlock.parse(given)
    return OfficeIdentity(
        office_code=identity.office_code,
        kiosk_id=identity.kiosk_id,
        label=identity.label or identity.kiosk_id,
        enrolled=True,
        configured_office=config.office.code,
        fallback_ticket_numbers=block,
    )

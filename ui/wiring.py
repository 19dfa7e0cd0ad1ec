"""The window's side of the composition root: the few narrow services each screen receives.

:func:`kiosk.app.build_kiosk` builds the kiosk; the kiosk window turns it, here and only
here, into what its screens and panels may see: the :class:`~ui.screens.base.Office` (name,
texts, calendar, clock) every citizen screen renders from, the
:class:`~ui.screens.capture.PhotoDevices` the photo capture takes pictures with, and the
staff desk's factory (:func:`kiosk.staff_wiring.build_desk`). No screen ever sees ``Kiosk``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.staff_wiring import build_desk
from ui.screens.base import Office, OfficeTime
from ui.screens.capture import PhotoDevices

if TYPE_CHECKING:
    from collections.abc import Callable

    from kiosk.app import Kiosk
    from kiosk.flows.engine import Event
    from kiosk.flows.staff import StaffDesk


def office_time(kiosk: Kiosk) -> OfficeTime:
    """The office's clock, time zone and calendar."""
    return OfficeTime(clock=kiosk.clock, zone=kiosk.profile.zone(), calendar=kiosk.profile.calendar)


def office(kiosk: Kiosk) -> Office:
    """What the citizen screens may know of the office ``kiosk`` serves."""
    return Office(
        name=kiosk.office_name,
        catalog=kiosk.catalog,
        id_card=kiosk.profile.id_card,
        queue_category=kiosk.profile.queue_category,
        time=office_time(kiosk),
    )


def photo_devices(kiosk: Kiosk) -> PhotoDevices:
    """The kiosk's camera and vision stack, read at each capture (never copied: a test or a
    technician may put another camera in place)."""
    return PhotoDevices(
        camera=lambda: kiosk.camera, vision=lambda: kiosk.vision, present=lambda: kiosk.has_camera
    )


def desk_factory(kiosk: Kiosk) -> Callable[[Callable[[Event], None]], StaffDesk]:
    """Builds the staff desk wired to ``kiosk``'s devices and staff services, given where the
    fingerprint capture's progress goes."""

    def new_desk(report_progress: Callable[[Event], None]) -> StaffDesk:
        return build_desk(kiosk, report_progress)

    return new_desk

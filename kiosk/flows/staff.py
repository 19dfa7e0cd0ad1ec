"""The staff side of a kiosk: technician mode and the officer's counter, beside the citizens.

:class:`StaffDesk` holds the staff flow in use (a :class:`TechnicianFlow` or an
:class:`AssistedEnrollmentFlow`) and decides what comes after one ends: the next citizen
for a signed-in officer, the officer's sign-in after the technician opened the counter, or
the kiosk's home (the citizens' attract screen; the sign-in screen on a counter kiosk,
``mode = "counter"``). Qt-free: the window drives it, and so do the headless tests.

The desk only receives factories for its flows; what those flows are wired to (the
fingerprint module, the printer, the card readers, the staff services) is decided by the
composition root (:func:`kiosk.staff_wiring.build_desk`), never here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from kiosk.flows.assisted_enrollment import AssistedEnrollmentFlow
from kiosk.flows.engine import Event, Flow
from kiosk.flows.technician import ASSISTED_ENROLLMENT, TechnicianFlow
from kiosk.profiles import Language
from kiosk.services.staff import AuditEntry, SignedInOfficer

StaffFlow = TechnicianFlow | AssistedEnrollmentFlow


class StaffDesk:
    """The staff flow in use, if any. Thread: one at a time (the GUI thread, or a test)."""

    def __init__(
        self,
        *,
        new_technician: Callable[[Language], TechnicianFlow],
        new_enrollment: Callable[[Language, SignedInOfficer | None], AssistedEnrollmentFlow],
        post_audit: Callable[[Sequence[AuditEntry]], object],
        counter_mode: bool,
        language: Language,
    ) -> None:
        self._new_technician = new_technician
        self._new_enrollment = new_enrollment
        self._post_audit = post_audit
        self.counter_mode = counter_mode
        self.language: Language = language
        self.flow: StaffFlow | None = None
        self.ended: list[StaffFlow] = []
        """Staff flows that ended, oldest first (tests; the last few only)."""

    @property
    def active(self) -> bool:
        return self.flow is not None

    @property
    def active_flow(self) -> Flow[Any, Any]:
        """The flow whose step the screen shows (a capture inside its parent, when running)."""
        if self.flow is None:
            raise RuntimeError("no staff flow is open")
        return self.flow.active_flow

    def open_technician(self) -> TechnicianFlow:
        flow = self._new_technician(self.language)
        self.flow = flow
        return flow

    def open_enrollment(self, officer: SignedInOfficer | None = None) -> AssistedEnrollmentFlow:
        flow = self._new_enrollment(self.language, officer)
        self.flow = flow
        return flow

    def go_home(self) -> None:
        """The counter's sign-in screen on a counter kiosk; no staff flow otherwise."""
        if self.counter_mode:
            self.open_enrollment(None)
        else:
            self.flow = None

    def submit(self, event: Event) -> bool:
        """Feeds ``event`` to the staff flow; when it ends, moves on (see the module docstring)."""
        flow = self.flow
        if flow is None:
            return False
        accepted = flow.submit(event)
        if flow.finished:
            self._after(flow)
        return accepted

    def _after(self, flow: StaffFlow) -> None:
        self.ended = [*self.ended[-4:], flow]
        if isinstance(flow, AssistedEnrollmentFlow):
            entries = flow.closing_audit()
            if entries:
                self._post_audit(entries)
            if flow.officer_stays:
                self.open_enrollment(flow.context.officer)
                return
        elif flow.context.next_mode == ASSISTED_ENROLLMENT:
            self.open_enrollment(None)
            return
        self.go_home()

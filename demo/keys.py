"""The demo's keys on the kiosk window: F6 puts the profile's demo ID card on the simulated
reader (a virtual Thai ID card, read at once, or the virtual CCCD chip, which asks for its access
data), F7 takes it away. F8-F10 (photos with the simulated camera) belong to the capture host.

``kiosk run --simulate`` installs them (``ui.main``); a kiosk with a real reader gets none.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from demo.cards import DEMO_APDU_DELAY_S, demo_card
from drivers.card.simulated import SimulatedCardReader

if TYPE_CHECKING:
    from kiosk.app import Kiosk

F6 = 0x01000035
F7 = 0x01000036
"""Qt's key codes (``Qt.Key.Key_F6`` / ``Key_F7``): this module stays Qt-free."""


def demo_card_keys(kiosk: Kiosk) -> dict[int, Callable[[], None]]:
    """F6 / F7 for ``kiosk``'s simulated reader; none when the reader is a real one."""
    reader = kiosk.card_reader
    if not isinstance(reader, SimulatedCardReader):
        return {}

    def insert() -> None:
        reader.insert(demo_card(kiosk.profile, kiosk.resources, delay_s=DEMO_APDU_DELAY_S))

    return {F6: insert, F7: reader.remove}

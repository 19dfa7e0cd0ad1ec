"""The one instruction a citizen should follow next, as a stable key (``drivers.vision.quality``
decides it; the kiosk turns it into a sentence in the citizen's language).

Apart from the measures on purpose: the screens and flows that name an instruction import
this without loading OpenCV and NumPy.
"""

from __future__ import annotations

from enum import StrEnum


class Advice(StrEnum):
    """What the citizen should do next; ``OK`` means the picture can be taken."""

    OK = "ok"
    SHOW_CARD = "show_card"
    """No card in the picture."""
    SHOW_WHOLE_CARD = "show_whole_card"
    """Part of the card is outside the picture."""
    MOVE_CLOSER = "move_closer"
    MOVE_BACK = "move_back"
    MORE_LIGHT = "more_light"
    AVOID_REFLECTIONS = "avoid_reflections"
    HOLD_STILL = "hold_still"
    """The card or face moved since the last picture."""
    BLURRED = "blurred"
    """The picture is not sharp (out of focus, or moved during the exposure)."""
    LOOK_AT_CAMERA = "look_at_camera"
    """No face in the picture."""
    CENTRE_FACE = "centre_face"
    ONE_PERSON = "one_person"

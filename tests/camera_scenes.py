"""Scenes for the camera and vision tests: documents drawn flat, placed in 1280 x 720 frames at
known corners (``drivers.camera.scenes``), and the MRZ lines they carry."""

from __future__ import annotations

import time
from functools import cache
from typing import Any

import numpy as np

from drivers.camera import scenes
from drivers.camera.base import Frame
from drivers.card.icao.mrz import check_digit
from kiosk.paths import resources_dir

FRAME = (1280, 720)
ID1 = scenes.document_size(scenes.ID1_MM)
TD1_SPECIMEN = [
    "I<UTOD231458907<<<<<<<<<<<<<<<",
    "7408122F1204159UTO<<<<<<<<<<<6",
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
]
TD3_SPECIMEN = [
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
]


def fonts() -> scenes.SceneFonts:
    folder = resources_dir() / "fonts"
    return scenes.SceneFonts(text=folder / "NotoSans-Regular.ttf", bold=folder / "NotoSans-Bold.ttf")


def cccd_mrz(citizen_number: str, born: str, sex: str, expires: str, surname: str, given: str) -> list[str]:
    """A CCCD's TD1 zone built field by field with its check digits (the layout of ICAO 9303 part 5
    with the Vietnamese 12-digit number in the optional data)."""
    number = citizen_number[3:]
    line1 = f"IDVNM{number}{check_digit(number)}{citizen_number}<<<"
    line2 = f"{born}{check_digit(born)}{sex}{expires}{check_digit(expires)}VNM" + "<" * 11
    line2 += str(check_digit(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29]))
    line3 = (surname + "<<" + "<".join(given.split())).ljust(30, "<")
    return [line1, line2, line3]


@cache
def face(size: int = 400) -> Any:
    return scenes.synthetic_face(size)


@cache
def desk() -> Any:
    return scenes.desk(*FRAME)


@cache
def card_front() -> Any:
    return scenes.id_card_front(
        face(), fonts(), rows=(("Name", "SPECIMEN"), ("No.", "001090000123")), qr=scenes.qr_matrix("specimen")
    )


@cache
def plain_card() -> Any:
    """A card with nothing printed on it: sharpness must not depend on the design."""
    from PIL import Image

    return scenes._to_bgra(Image.new("RGB", ID1, (226, 230, 222)), 32)


def card_back(lines: tuple[str, ...]) -> Any:
    return scenes.id_card_back(list(lines), fonts())


def card_scene(
    document: Any | None = None,
    *,
    width_px: float = 720,
    centre: tuple[float, float] = (640, 370),
    yaw: float = 15,
    pitch: float = -15,
    roll: float = -5,
    noise: float = 3,
    seed: int = 1,
) -> tuple[Any, Any]:
    """A frame with ``document`` (the card front by default) on the desk, and its true corners."""
    picture = card_front() if document is None else document
    size = (picture.shape[1], picture.shape[0])
    corners = scenes.tilted_quad(
        size, frame=FRAME, centre=centre, width_px=width_px, yaw_deg=yaw, pitch_deg=pitch, roll_deg=roll
    )
    frame = scenes.place(desk(), picture, corners)
    if noise:
        frame = scenes.sensor_noise(frame, noise, seed=seed)
    return frame, corners


def frame_of(image: Any, number: int, at: float | None = None) -> Frame:
    image = np.ascontiguousarray(image)
    return Frame(image=image, number=number, captured_at=time.monotonic() if at is None else at)


def corner_error(found: Any, truth: Any) -> float:
    """The largest corner distance, whichever corner the finder put first."""
    return min(float(np.linalg.norm(np.roll(found, k, axis=0) - truth, axis=1).max()) for k in range(4))

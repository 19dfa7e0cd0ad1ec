"""Looks: a calm default theme and a high-contrast one, both scaled for large text on demand.

Sizes are in pixels for a 15-22" touch panel: buttons at least 96 px tall (about 20 mm
at 120 dpi), body text 26 px or more, readable from 60 cm.
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple


class Palette(NamedTuple):
    """A theme's colours. A named tuple rather than a dataclass: it is built before the first
    frame, where a frozen dataclass's generated methods cost about a millisecond."""

    background: str
    surface: str
    text: str
    muted: str
    accent: str
    accent_text: str
    secondary: str
    secondary_text: str
    danger: str
    header: str
    header_text: str


STANDARD = Palette(
    background="#f4f6f9",
    surface="#ffffff",
    text="#1b1f24",
    muted="#4a5561",
    accent="#0b5cad",
    accent_text="#ffffff",
    secondary="#e3e8ef",
    secondary_text="#1b1f24",
    danger="#b3261e",
    header="#0b3d75",
    header_text="#ffffff",
)

HIGH_CONTRAST = Palette(
    background="#000000",
    surface="#000000",
    text="#ffffff",
    muted="#ffffff",
    accent="#ffd500",
    accent_text="#000000",
    secondary="#000000",
    secondary_text="#ffffff",
    danger="#ff6b6b",
    header="#000000",
    header_text="#ffd500",
)


@cache  # four possible sheets; the window compares them on every new session
def stylesheet(*, high_contrast: bool, large_text: bool) -> str:
    p = HIGH_CONTRAST if high_contrast else STANDARD
    scale = 1.3 if large_text else 1.0

    def px(size: int) -> str:
        return f"{round(size * scale)}px"

    border = "3px solid #ffffff" if high_contrast else "0px"
    return f"""
    QWidget {{ background: {p.background}; color: {p.text}; font-size: {px(26)}; }}
    QWidget#header {{ background: {p.header}; }}
    QLabel#headerText {{ color: {p.header_text}; background: transparent; font-size: {px(24)}; }}
    QWidget#header QPushButton {{ min-height: {px(56)}; }}
    QLabel#title {{ font-size: {px(44)}; font-weight: bold; }}
    QLabel#subtitle {{ font-size: {px(30)}; color: {p.muted}; }}
    QLabel#prompt {{ font-size: {px(32)}; font-weight: bold; }}
    QLabel#body {{ font-size: {px(28)}; }}
    QLabel#hint {{ font-size: {px(26)}; color: {p.muted}; }}
    QLabel#factName {{ font-size: 20px; color: {p.muted}; }}
    QLabel#factValue {{ font-size: 22px; }}
    QLabel#error {{ font-size: {px(28)}; color: {p.danger}; font-weight: bold; }}
    QLabel#bigNumber {{ font-size: {px(150)}; font-weight: bold; color: {p.accent}; }}
    QLabel#attractTitle {{ font-size: {px(64)}; font-weight: bold; }}
    QPushButton {{
        min-height: 96px; padding: 8px 28px; border-radius: 14px; border: {border};
        font-size: {px(30)}; font-weight: bold;
        background: {p.accent}; color: {p.accent_text};
    }}
    QPushButton:pressed {{ background: {p.header}; }}
    QPushButton#secondary {{ background: {p.secondary}; color: {p.secondary_text}; }}
    QPushButton#tile {{ min-height: 140px; font-size: {px(32)}; text-align: left; padding-left: 32px; }}
    QPushButton#menuTile {{ min-height: 96px; font-size: {px(28)}; text-align: left; padding-left: 32px; }}
    QPushButton#language {{ min-height: 130px; font-size: {px(40)}; }}
    QPushButton#toggle {{
        min-height: {px(64)}; min-width: {px(64)}; font-size: {px(24)}; padding: 4px 16px;
        background: transparent; color: {p.header_text}; border: 2px solid {p.header_text};
    }}
    QLineEdit {{
        min-height: 88px; font-size: {px(44)}; padding: 4px 16px; border-radius: 10px;
        border: 3px solid {p.accent}; background: {p.surface}; color: {p.text};
    }}
    QProgressBar {{ min-height: {px(36)}; border: 2px solid {p.accent}; border-radius: 8px; background: {p.surface}; }}
    QProgressBar::chunk {{ background: {p.accent}; }}
    QFrame#overlay {{ background: rgba(0, 0, 0, 170); }}
    QFrame#dialog {{ background: {p.surface}; border-radius: 18px; border: 4px solid {p.accent}; }}
    QFrame#dialog QLabel {{ background: transparent; }}
    """

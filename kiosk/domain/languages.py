"""The languages the product speaks."""

from __future__ import annotations

from typing import Literal

Language = Literal["vi", "th", "en"]
LANGUAGES: tuple[Language, ...] = ("vi", "th", "en")

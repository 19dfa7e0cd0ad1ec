"""Shared fixtures: throw-away kiosks with real storage and simulated devices."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from kiosk.app import Kiosk, build_kiosk
from kiosk.clock import FixedClock
from kiosk.config import KioskConfig

# 09:05 in Hanoi and Bangkok on a Monday.
MONDAY_MORNING = datetime(2026, 11, 23, 2, 5, tzinfo=UTC)


def kiosk_config(profile: str = "vn", **sections: Any) -> KioskConfig:
    data: dict[str, Any] = {"profile": profile, "devices": {"simulate": True, "printer": "dummy:"}}
    for name, values in sections.items():
        data.setdefault(name, {}).update(values)
    return KioskConfig.model_validate(data)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(MONDAY_MORNING)


@pytest.fixture
def make_kiosk(tmp_path: Path, clock: FixedClock) -> Iterator[Callable[..., Kiosk]]:
    """Builds kiosks in ``tmp_path`` (the same home each call unless ``home`` is given); closes them."""
    built: list[Kiosk] = []

    def make(profile: str = "vn", *, home: Path | None = None, **sections: Any) -> Kiosk:
        kiosk = build_kiosk(
            kiosk_config(profile, **sections),
            home=home or tmp_path / "home",
            clock=clock,
            start_embedded_server=False,
        )
        built.append(kiosk)
        return kiosk

    yield make
    for kiosk in built:
        kiosk.close()

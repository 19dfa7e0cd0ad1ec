"""Shared fixtures: throw-away kiosks with real storage and simulated devices."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
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


PCSCD_SOCKET = Path("/run/pcscd/pcscd.comm")


def pytest_sessionstart(session: pytest.Session) -> None:
    """Card tests talk to a real pcscd with the vpcd virtual reader: start it if it is not running.

    The setup installs it (Debian pcscd, vsmartcard-vpcd); starting the daemon needs root,
    which CI has. It is left running afterwards, like the system service it normally is
    (stopping it under pyscard's monitor threads only makes them complain at exit).
    """
    del session
    running = subprocess.run(["pgrep", "-x", "pcscd"], capture_output=True, check=False).returncode == 0
    if running or shutil.which("pcscd") is None or os.geteuid() != 0:
        return
    subprocess.Popen(
        ["pcscd", "--foreground"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 10
    while not PCSCD_SOCKET.exists() and time.monotonic() < deadline:
        time.sleep(0.05)


@pytest.fixture
def vpcd_readers_present() -> None:
    """Card tests need pcscd with the vpcd readers; the setup installs them, so their absence
    is a failure of the machine's set-up, reported as such (never a skip)."""
    from drivers.card.pcsc import list_readers

    deadline = time.monotonic() + 10
    while not any("Virtual PCD" in name for name in list_readers()):
        if time.monotonic() > deadline:
            pytest.fail("pcscd with the vpcd readers is not running (scripts/setup.sh installs it)")
        time.sleep(0.2)

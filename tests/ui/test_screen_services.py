"""Screens and flows see only the narrow services they use, never the whole ``Kiosk``.

The composition root (``kiosk.app.build_kiosk``, ``kiosk.staff_wiring`` and the window's
``ui.wiring``) is the only place that hands a kiosk's parts out; a screen renders from an
:class:`Office` and a flow from its callables, so either can be built without a kiosk.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from pytestqt.qtbot import QtBot

from kiosk.app import Kiosk
from kiosk.clock import FixedClock
from kiosk.i18n import Catalog
from kiosk.paths import resources_dir
from ui.screens.attract import AttractScreen
from ui.screens.base import Office, OfficeTime, ScreenState
from ui.wiring import office, photo_devices

ROOT = Path(__file__).resolve().parents[2]

# Modules that must not see the kiosk: they receive narrow services from the composition root.
NARROW = [
    *sorted((ROOT / "ui" / "screens").glob("*.py")),
    ROOT / "ui" / "staff_desk.py",
    ROOT / "ui" / "connectivity.py",
    *sorted((ROOT / "kiosk" / "flows").glob("*.py")),
]
# What only the composition root may reach for: the kiosk itself, and the device and
# service modules a flow would need to build its own camera, reader list, printer or sync.
COMPOSITION_ONLY = (
    "kiosk.app",
    "kiosk.staff_wiring",
    "kiosk.cli",
    "drivers.card.pcsc",
    "drivers.camera",
    "drivers.printer",
    "sync.outbox",
    "sync.worker",
    "ui.window",
    "ui.wiring",
)
# What each may import after all (the indicator shows the sync worker's status).
ALLOWED = {"ui/connectivity.py": {"sync.worker"}, "ui/screens/capture.py": {"drivers.camera"}}


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, at any depth (``TYPE_CHECKING`` and function bodies too)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module is not None and node.level == 0:
            names.add(node.module)
    return names


def test_screens_and_flows_never_reach_for_the_kiosk() -> None:
    """GIVEN the screens, the staff panel and the flows WHEN their imports are read THEN none of
    them imports the kiosk, the staff desk's wiring, the window, or a device or sync module."""
    found: list[str] = []
    for path in NARROW:
        relative = path.relative_to(ROOT).as_posix()
        allowed = ALLOWED.get(relative, set())
        for name in sorted(imported_modules(path)):
            for forbidden in COMPOSITION_ONLY:
                if (name == forbidden or name.startswith(forbidden + ".")) and forbidden not in allowed:
                    found.append(f"{relative} imports {name}")
    assert found == []


def test_the_office_time_formats_in_the_office_zone_and_calendar() -> None:
    """GIVEN a Thai office (Bangkok, Buddhist era) WHEN it formats an instant THEN it is local time."""
    time = OfficeTime(
        clock=FixedClock(datetime(2026, 11, 22, 23, 30, tzinfo=UTC)),
        zone=ZoneInfo("Asia/Bangkok"),
        calendar="buddhist",
    )
    assert time.local_time(datetime(2026, 11, 23, 2, 5, tzinfo=UTC)) == "23/11/2569 09:05"
    assert time.today_text() == "23/11/2569"  # already the 23rd in Bangkok


def test_a_screen_renders_from_an_office_without_a_kiosk(qtbot: QtBot) -> None:
    """GIVEN an Office made of plain values (no kiosk anywhere) WHEN the attract screen renders
    THEN it shows the office's name and the other languages' invitation."""
    office_of_test = Office(
        name=lambda language: f"Office ({language})",
        catalog=Catalog(resources_dir() / "translations"),
        id_card="th_id",
        queue_category=lambda code: (_ for _ in ()).throw(KeyError(code)),
        time=OfficeTime(
            clock=FixedClock(datetime(2026, 11, 23, 2, 5, tzinfo=UTC)), zone=UTC, calendar="gregorian"
        ),
    )
    session = SimpleNamespace(context=SimpleNamespace(languages=("en", "th")))
    screen = AttractScreen()
    qtbot.addWidget(screen)
    screen.show_state(ScreenState(office_of_test, session))  # type: ignore[arg-type]
    assert screen.office.text() == "Office (en)"
    assert screen.other_languages.text() != ""


def test_the_window_wiring_hands_out_parts_of_the_kiosk(make_kiosk: Callable[..., Kiosk]) -> None:
    """GIVEN a kiosk WHEN the window's wiring builds the screens' services THEN they read the
    kiosk's office and camera, and a camera put in place later is the one a capture uses."""
    kiosk = make_kiosk("th")
    seen = office(kiosk)
    assert seen.name("en") == kiosk.office_name("en")
    assert seen.id_card == "th_id" and seen.time.calendar == "buddhist"
    assert seen.queue_category(kiosk.profile.queue_categories[0].code) == kiosk.profile.queue_categories[0]
    devices = photo_devices(kiosk)
    assert devices.available() == (kiosk.camera is not None and kiosk.vision is not None)
    replacement = object()  # another camera, put in place after the window was built
    kiosk.camera = replacement  # type: ignore[assignment]
    assert devices.camera() is replacement
    kiosk.camera = None
    assert not devices.available()

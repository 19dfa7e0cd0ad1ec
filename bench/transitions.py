"""Screen-to-screen transition time in a shown ``KioskWindow`` (offscreen, 1280x800).

The window is driven round the loop attract -> language -> identify -> menu -> queue
category, then back with the flow's ``Back`` event down to the language screen and to a
new session on the attract screen. One transition is timed (``time.perf_counter``) from
just before ``window.submit(event)`` until the new screen has been painted:

1. ``window.submit(event)``: the flow moves, the screen renders its state, the stack
   switches page (``show_step``);
2. ``QCoreApplication.sendPostedEvents()``: the posted layout requests and polish events
   are handled, and so is the window's pending ``UpdateRequest``, i.e. Qt's normal paint
   pass of every dirty widget into the backing store, flushed to the (offscreen) window;
3. if the new screen has received no ``Paint`` event yet, ``window.repaint()`` forces a
   synchronous paint. An event filter on every screen checks that the new screen was
   painted inside the timed interval (the run stops if not).

Not inside the interval: the on-screen keyboard's Qt Quick scene. ``QQuickWidget`` renders
its scene on a timer of its own and paints the last rendered image meanwhile. For
transitions that show the keyboard, "kbd scene" is a second, separate figure: time from
submit until the keyboard's ``QQuickWindow.afterRendering`` (this includes Qt's wait for
that timer). Between transitions the event loop runs 15 ms untimed (deferred deletes,
timers), as it would between two touches.

The first ``warmup`` loops are not in the statistics; the very first transition of each
kind is reported apart as "first" (cold: first show, first polish of each screen).

Run as a child by ``python -m bench``: ``python -m bench.transitions --cycles N --out FILE``.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtTest import QTest

from bench.common import VALID_CCCD, exit_now, write_json
from bench.qt import expect_screen, settle, shown_window
from bench.stats import summarise
from kiosk.app import QUEUE_TICKET
from kiosk.flows.engine import Back, Choose, EnterText, Event, Next
from ui.window import KioskWindow

KEYBOARD_WAIT_S = 0.25
PAUSE_BETWEEN_MS = 15


@dataclass(frozen=True)
class Transition:
    name: str
    event: Event
    to: str  # the screen key expected afterwards


LOOP = (
    Transition("attract -> language", Next(), "language"),
    Transition("language -> identify", Choose("vi"), "identify"),
    Transition("identify -> menu", EnterText(VALID_CCCD), "menu"),
    Transition("menu -> queue category", Choose(QUEUE_TICKET), "queue.choose_category"),
    Transition("queue category -> menu (Back)", Back(), "menu"),
    Transition("menu -> identify (Back)", Back(), "identify"),
    Transition("identify -> language (Back)", Back(), "language"),
    Transition("language -> attract (Back)", Back(), "attract"),
)


class PaintProbe(QObject):
    """Which watched widgets received a ``Paint`` event since the last ``reset``."""

    def __init__(self, widgets: list[QObject]) -> None:
        super().__init__()
        self.painted: set[int] = set()
        for widget in widgets:
            widget.installEventFilter(self)

    def reset(self) -> None:
        self.painted.clear()

    def saw(self, widget: QObject) -> bool:
        return id(widget) in self.painted

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            self.painted.add(id(watched))
        return False


class KeyboardRenders:
    """``perf_counter`` instants at which the keyboard's Qt Quick scene finished rendering."""

    def __init__(self, window: KioskWindow) -> None:
        self.instants: list[float] = []
        window.keyboard.quickWindow().afterRendering.connect(self._rendered)

    def _rendered(self) -> None:
        self.instants.append(time.perf_counter())

    def wait_after(self, start: float) -> float | None:
        """Seconds from ``start`` to the first render after it; None if none comes within the wait."""
        deadline = time.perf_counter() + KEYBOARD_WAIT_S
        while time.perf_counter() < deadline:
            later = [instant for instant in self.instants if instant > start]
            if later:
                return later[0] - start
            QTest.qWait(1)
        return None


@dataclass(frozen=True)
class Timing:
    start: float  # perf_counter just before submit
    elapsed: float  # seconds until the new screen was painted
    forced: bool  # whether repaint() had to force the paint


def time_transition(window: KioskWindow, probe: PaintProbe, step: Transition) -> Timing:
    """Times one transition: submit, posted events (layout, paint pass), repaint() only if needed."""
    probe.reset()
    start = time.perf_counter()
    window.submit(step.event)
    QCoreApplication.sendPostedEvents()
    screen = window.screens[step.to]
    forced = not probe.saw(screen)
    if forced:
        window.repaint()
    elapsed = time.perf_counter() - start
    expect_screen(window, step.to)
    if not probe.saw(screen):
        raise RuntimeError(f"{step.name}: the new screen was not painted")
    return Timing(start, elapsed, forced)


def run_transitions(cycles: int, warmup: int) -> dict[str, Any]:
    paint_ms: dict[str, list[float]] = {step.name: [] for step in LOOP}
    keyboard_ms: dict[str, list[float]] = {step.name: [] for step in LOOP}
    first_ms: dict[str, float] = {}
    forced_repaints = 0
    with shown_window() as bench:
        window = bench.window
        expect_screen(window, "attract")
        probe = PaintProbe(list(window.screens.values()))
        renders = KeyboardRenders(window)
        true_refs_before = 0
        for cycle in range(warmup + cycles):
            if cycle == warmup:
                true_refs_before = sys.getrefcount(True)
            for step in LOOP:
                timing = time_transition(window, probe, step)
                keyboard = renders.wait_after(timing.start) if window.keyboard.isVisible() else None
                first_ms.setdefault(step.name, timing.elapsed * 1000)
                if cycle >= warmup:
                    paint_ms[step.name].append(timing.elapsed * 1000)
                    forced_repaints += timing.forced
                    if keyboard is not None:
                        keyboard_ms[step.name].append(keyboard * 1000)
                settle(PAUSE_BETWEEN_MS)
        true_refs_lost = true_refs_before - sys.getrefcount(True)
    rows = []
    for step in LOOP:
        rows.append(
            {
                "transition": step.name,
                "event": type(step.event).__name__,
                "paint_ms": summarise(paint_ms[step.name]).as_dict(),
                "first_ms": round(first_ms[step.name], 3),
                "keyboard_scene_ms": summarise(keyboard_ms[step.name]).as_dict()
                if keyboard_ms[step.name]
                else None,
            }
        )
    everything = [value for values in paint_ms.values() for value in values]
    return {
        "cycles": cycles,
        "warmup_cycles": warmup,
        "method": "perf_counter: submit(event) -> sendPostedEvents() (layout, polish, paint pass) "
        "[-> repaint() if the new screen was not painted yet]",
        "transitions": rows,
        "all_paint_ms": summarise(everything).as_dict(),
        "forced_repaints": forced_repaints,
        "true_refs_lost_per_transition": round(true_refs_lost / len(everything), 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.transitions")
    parser.add_argument("--cycles", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    write_json(args.out, run_transitions(args.cycles, args.warmup))
    exit_now(0)


if __name__ == "__main__":
    sys.exit(main())

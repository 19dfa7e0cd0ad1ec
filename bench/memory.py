"""Resident memory after 100 simulated queue-ticket journeys through a shown ``KioskWindow``.

Each journey goes through the window the way a citizen does: attract -> language (each
offered language in turn) -> identify by typing a random valid CCCD into the field
(``QTest.keyClicks``) and pressing the screen's Continue button -> menu -> queue ticket ->
a category (in turn) -> the ticket job runs on the window's job runner (a pool thread:
database commit, slip render, ESC/POS to the ``dummy:`` printer) while the busy screen
shows; the event loop runs (``QTest.qWait``) until the ticket screen shows -> Next ->
goodbye -> Next -> attract, a new session. The event loop also runs between steps, so
every screen is painted.

RSS (``psutil``) is read after ``gc.collect()`` and a short turn of the event loop (deferred
deletes done): once after ``warmup`` journeys (the baseline: caches, the printer's
capability data, the first show of every screen), and once after ``sessions`` more.
Growth = (after - baseline) / baseline. RSS every 10 journeys is kept in the JSON too.

Also counted: references to ``True`` lost per journey (see ``bench.common.exit_now``) and,
from the count at the baseline, after how many more journeys this process would abort.

With the ``dummy:`` printer every job's ESC/POS bytes stay in ``EscposPrinter.sent``
(kept in memory "for tests and previews"); the part of the growth they make is reported apart, since a
real printer (``file://``, ``tcp://``) keeps nothing.

Run as a child by ``python -m bench``: ``python -m bench.memory --sessions N --out FILE``.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from pathlib import Path
from typing import Any

import psutil  # type: ignore[import-untyped]  # no stubs in the environment
from PySide6.QtTest import QTest

from bench.common import exit_now, write_json
from bench.qt import Bench, expect_screen, settle, shown_window, wait_until
from drivers.printer.escpos_printer import EscposPrinter
from kiosk.app import QUEUE_TICKET
from kiosk.cli.simulation import random_id_number
from kiosk.flows.engine import Choose, Next
from ui.screens.citizen import IdentifyScreen

TICKET_TIMEOUT_S = 60.0  # generous: the first print loads python-escpos's capability data
STEP_PAUSE_MS = 5
SAMPLE_EVERY = 10
MIB = 1024 * 1024


def journey(bench: Bench, rng: random.Random, index: int) -> None:
    """One citizen's queue-ticket journey through the window; raises if a screen is not as expected."""
    window, kiosk = bench.window, bench.kiosk
    expect_screen(window, "attract")
    window.submit(Next())
    settle(STEP_PAUSE_MS)
    expect_screen(window, "language")
    languages = window.session.context.languages
    window.submit(Choose(languages[index % len(languages)]))
    settle(STEP_PAUSE_MS)
    expect_screen(window, "identify")
    identify = window.screens["identify"]
    assert isinstance(identify, IdentifyScreen)
    QTest.keyClicks(identify.field, random_id_number(kiosk, rng))
    identify.confirm.click()
    settle(STEP_PAUSE_MS)
    expect_screen(window, "menu")
    window.submit(Choose(QUEUE_TICKET))
    settle(STEP_PAUSE_MS)
    expect_screen(window, "queue.choose_category")
    categories = kiosk.profile.queue_categories
    window.submit(Choose(categories[index % len(categories)].code))
    wait_until(
        lambda: window.showing() in {"queue.ticket", "queue.failed"}, TICKET_TIMEOUT_S, "the ticket screen"
    )
    expect_screen(window, "queue.ticket")
    settle(STEP_PAUSE_MS)
    window.submit(Next())
    settle(STEP_PAUSE_MS)
    expect_screen(window, "goodbye")
    window.submit(Next())
    settle(STEP_PAUSE_MS)


def rss_bytes() -> int:
    """RSS after a turn of the event loop (deferred deletes) and a full garbage collection."""
    settle(20)
    gc.collect()
    return int(psutil.Process().memory_info().rss)


def dummy_printer_bytes(bench: Bench) -> int:
    """ESC/POS bytes the ``dummy:`` printer keeps in memory (every job so far)."""
    printer = bench.kiosk.printing.printer
    return sum(len(job) for job in printer.sent) if isinstance(printer, EscposPrinter) else 0


def run_memory(sessions: int, warmup: int, seed: int = 7) -> dict[str, Any]:
    rng = random.Random(seed)
    samples: list[dict[str, float]] = []
    with shown_window() as bench:
        for index in range(warmup):
            journey(bench, rng, index)
        baseline = rss_bytes()
        held_before = dummy_printer_bytes(bench)
        true_refs_before = sys.getrefcount(True)
        started = time.perf_counter()
        for index in range(warmup, warmup + sessions):
            journey(bench, rng, index)
            done = index - warmup + 1
            if done % SAMPLE_EVERY == 0 and done != sessions:
                samples.append({"sessions": done, "rss_mib": round(rss_bytes() / MIB, 2)})
        elapsed = time.perf_counter() - started
        after = rss_bytes()
        true_refs_after = sys.getrefcount(True)
        held_growth = dummy_printer_bytes(bench) - held_before
    samples.append({"sessions": sessions, "rss_mib": round(after / MIB, 2)})
    lost_per_session = (true_refs_before - true_refs_after) / sessions
    return {
        "sessions": sessions,
        "warmup_sessions": warmup,
        "baseline_rss_mib": round(baseline / MIB, 2),
        "after_rss_mib": round(after / MIB, 2),
        "growth_pct": round((after - baseline) / baseline * 100, 3),
        "dummy_printer_growth_mib": round(held_growth / MIB, 3),
        "seconds_per_session": round(elapsed / sessions, 3),
        "true_refs_lost_per_session": round(lost_per_session, 2),
        "true_refs_at_baseline": true_refs_before,
        "projected_journeys_until_abort": round(true_refs_before / lost_per_session)
        if lost_per_session > 0
        else None,
        "rss_trend": samples,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.memory")
    parser.add_argument("--sessions", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    write_json(args.out, run_memory(args.sessions, args.warmup, args.seed))
    exit_now(0)


if __name__ == "__main__":
    sys.exit(main())

"""The Qt binding itself: a kiosk emits signals all day, and must not wear out the interpreter."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class Emitter(QObject):
    changed = Signal(str)


def test_signal_emit_does_not_leak_references_to_true() -> None:
    """GIVEN the pinned PySide6 WHEN a signal is emitted many times THEN True's refcount is unchanged
    (PySide6 6.12.0 lost one per emit and aborted the process after some thousands)."""
    emitter = Emitter()
    received: list[str] = []
    emitter.changed.connect(received.append)
    before = sys.getrefcount(True)
    for _ in range(2000):
        emitter.changed.emit("screen")
    assert len(received) == 2000
    assert abs(sys.getrefcount(True) - before) < 50

"""Reading a Thai ID card: APDUs and time of a full read (every field and the photo) against the
virtual card on pcscd's vpcd reader, beside a bare pyscard loop sending the same APDUs.

The baseline is measured in the same run: the exact APDU sequence our reader sent, replayed
with pyscard's ``transmit`` and nothing else (no parsing, no checks). The ratio is ours / bare.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from drivers.card.pcsc import list_readers
from drivers.card.pcsc_transport import PcscTransport
from drivers.card.thai_id import read_thai_id
from drivers.card.thai_id_sim import ThaiIdCardSim
from drivers.card.vpcd import VpcdConnection
from kiosk.paths import resources_dir

READER = "Virtual PCD 00 00"


class RecordingTransport:
    """Passes APDUs through, keeping a copy of each command."""

    def __init__(self, inner: PcscTransport) -> None:
        self.inner = inner
        self.sent: list[bytes] = []

    def atr(self) -> bytes:
        return self.inner.atr()

    def transmit(self, apdu: bytes) -> bytes:
        self.sent.append(apdu)
        return self.inner.transmit(apdu)


def _wait_for_card() -> None:
    for _ in range(200):
        try:
            PcscTransport.open(READER).close()
            return
        except Exception:
            time.sleep(0.05)
    raise RuntimeError("the virtual card did not appear")


def run_card(repeats: int = 15, fixture: str = "somchai") -> dict[str, Any]:
    if not any(READER in name for name in list_readers()):
        return {"skipped": "pcscd with the vpcd reader is not running"}
    from smartcard.System import readers

    card = VpcdConnection(ThaiIdCardSim.from_fixture(resources_dir() / "cards" / "th" / f"{fixture}.toml"))
    card.start()
    try:
        _wait_for_card()
        with PcscTransport.open(READER) as transport:
            recorder = RecordingTransport(transport)
            read_thai_id(recorder)  # warm-up, and the APDU sequence for the baseline
        sequence = [list(apdu) for apdu in recorder.sent]
        ours, bare = [], []
        for _ in range(repeats):
            started = time.perf_counter()
            with PcscTransport.open(READER) as transport:
                read_thai_id(transport)
            ours.append((time.perf_counter() - started) * 1000)

            started = time.perf_counter()
            connection = next(r for r in readers() if str(r) == READER).createConnection()
            connection.connect()
            for apdu in sequence:
                connection.transmit(apdu)
            connection.disconnect()
            bare.append((time.perf_counter() - started) * 1000)
    finally:
        card.stop()
    ours_ms, bare_ms = statistics.median(ours), statistics.median(bare)
    return {
        "fixture": fixture,
        "repeats": repeats,
        "apdus": len(sequence),
        "ours_ms": round(ours_ms, 2),
        "bare_ms": round(bare_ms, 2),
        "ratio": round(ours_ms / bare_ms, 3),
    }

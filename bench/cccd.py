"""Reading a Vietnamese CCCD chip: APDUs and time of a full read (access control, EF.COM, DG1, DG2
with a 15-20 KB face, DG13, EF.SOD, passive authentication) against the virtual chip on pcscd's vpcd
reader, beside a bare pyscard loop sending the same APDUs.

The baseline is measured in the same run: the exact command bytes our reader sent (secure
messaging included, MACs and all), replayed with pyscard's ``transmit`` and nothing else. For the
replay to be the same work for the chip, both sides draw their random numbers from fixed streams
(the virtual chip's ``seed``, restarting at each power-on, and the reader's ``random``), so the
recorded session is valid again each time and the chip decrypts and checks every command of the
replay as it did for the real read. The ratio is ours / bare: what the reader's cryptography,
parsing and passive authentication add on top of the transport.
"""

from __future__ import annotations

import hashlib
import statistics
import time
from collections.abc import Callable
from typing import Any

from drivers.card.icao.reader import read_cccd
from drivers.card.icao.sim import CccdCardSim
from drivers.card.icao.sim_files import FID_DG2
from drivers.card.icao.sod import passive_authentication
from drivers.card.pcsc import list_readers
from drivers.card.pcsc_transport import PcscTransport
from drivers.card.vpcd import VpcdConnection
from kiosk.paths import resources_dir

READER = "Virtual PCD 00 00"
FIXTURES = resources_dir() / "cards" / "vn"


class RecordingTransport:
    """Passes APDUs through, keeping a copy of each command and answer."""

    def __init__(self, inner: PcscTransport) -> None:
        self.inner = inner
        self.sent: list[bytes] = []
        self.answers: list[bytes] = []

    def atr(self) -> bytes:
        return self.inner.atr()

    def transmit(self, apdu: bytes) -> bytes:
        self.sent.append(apdu)
        answer = self.inner.transmit(apdu)
        self.answers.append(answer)
        return answer


def fixed_random() -> Callable[[int], bytes]:
    """The reader's random numbers for one read: the same stream every time."""
    drawn = 0

    def random(size: int) -> bytes:
        nonlocal drawn
        drawn += size
        return hashlib.shake_256(b"bench reader").digest(drawn)[-size:]

    return random


def _wait_for_card() -> None:
    for _ in range(200):
        try:
            PcscTransport.open(READER).close()
            return
        except Exception:
            time.sleep(0.05)
    raise RuntimeError("the virtual card did not appear")


def run_fixture(fixture: str, repeats: int) -> dict[str, Any]:
    from smartcard.System import readers

    chip = CccdCardSim.from_fixture(FIXTURES / f"{fixture}.toml", seed=b"bench chip")
    access = chip.fixture.mrz_information()
    trust = FIXTURES / "trust"
    card = VpcdConnection(chip)
    card.start()
    try:
        _wait_for_card()
        with PcscTransport.open(READER) as transport:
            recorder = RecordingTransport(transport)
            document = read_cccd(recorder, access, trust_store=trust, random=fixed_random())
        sequence = [list(apdu) for apdu in recorder.sent]
        expected = [list(answer) for answer in recorder.answers]
        verify = []
        for _ in range(repeats):
            started = time.perf_counter()
            passive_authentication(document.sod, document.data_groups, trust)
            verify.append((time.perf_counter() - started) * 1000)
        ours, bare = [], []
        replay_identical = True
        for _ in range(repeats):
            started = time.perf_counter()
            with PcscTransport.open(READER) as transport:
                read_cccd(transport, access, trust_store=trust, random=fixed_random())
            ours.append((time.perf_counter() - started) * 1000)

            started = time.perf_counter()
            connection = next(r for r in readers() if str(r) == READER).createConnection()
            connection.connect()
            answers = []
            for apdu in sequence:
                data, sw1, sw2 = connection.transmit(apdu)
                answers.append([*data, sw1, sw2])
            connection.disconnect()
            bare.append((time.perf_counter() - started) * 1000)
            replay_identical = replay_identical and answers == expected
    finally:
        card.stop()
    ours_ms, bare_ms = statistics.median(ours), statistics.median(bare)
    return {
        "fixture": fixture,
        "access_control": document.access_control,
        "passive_authentication": document.passive_authentication.status.value,
        "apdus": len(sequence),
        "dg2_bytes": len(chip.file(FID_DG2)),
        "bytes_received": sum(len(answer) for answer in expected),
        "ours_ms": round(ours_ms, 2),
        "bare_ms": round(bare_ms, 2),
        "ratio": round(ours_ms / bare_ms, 3),
        "passive_authentication_ms": round(statistics.median(verify), 2),
        "replay_identical": replay_identical,
    }


def run_cccd(repeats: int = 15, fixtures: tuple[str, ...] = ("an", "lan")) -> dict[str, Any]:
    """One row per fixture: ``an`` (BAC, 3DES) and ``lan`` (PACE, AES)."""
    if not any(READER in name for name in list_readers()):
        return {"skipped": "pcscd with the vpcd reader is not running"}
    return {"repeats": repeats, "reads": [run_fixture(name, repeats) for name in fixtures]}


if __name__ == "__main__":
    import json

    print(json.dumps(run_cccd(), indent=2))

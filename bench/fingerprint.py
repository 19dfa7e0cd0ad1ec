"""The fingerprint module: an enrollment (two captures) and a verification against the virtual
module on a pseudo-terminal at 57600 baud, beside the wire-time lower bound of the same bytes.

The lower bound is what the bytes exchanged would take on a real 57600-baud line (10 bits a byte)
with a module that answers instantly; a pseudo-terminal is not speed-limited, so the measured
time can fall below it — the comparison shows how much the driver itself adds on top.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from drivers.fingerprint.simulator import VirtualFingerprintModule
from drivers.fingerprint.zfm import ZfmScanner

BAUD = 57600


def _person(module: VirtualFingerprintModule, identity: str) -> Any:
    module.place(identity)

    def on_progress(step: str) -> None:
        if step == "lift_finger":
            module.lift()
        elif step == "place_finger" and module.finger is None:
            module.place(identity)

    return on_progress


def run_fingerprint(repeats: int = 7) -> dict[str, Any]:
    results: dict[str, list[tuple[float, int]]] = {"enroll": [], "verify": []}
    with (
        VirtualFingerprintModule(baud=BAUD) as module,
        ZfmScanner.open(module.port_path, baud=BAUD) as scanner,
    ):
        scanner.info()
        for index in range(repeats):
            identity = f"person-{index}"
            before = scanner.bytes_sent + scanner.bytes_received
            started = time.perf_counter()
            scanner.enroll(on_progress=_person(module, identity), timeout_s=10)
            results["enroll"].append(
                ((time.perf_counter() - started) * 1000, scanner.bytes_sent + scanner.bytes_received - before)
            )
            module.lift()
            before = scanner.bytes_sent + scanner.bytes_received
            started = time.perf_counter()
            verified = scanner.verify(on_progress=_person(module, identity), timeout_s=10)
            results["verify"].append(
                ((time.perf_counter() - started) * 1000, scanner.bytes_sent + scanner.bytes_received - before)
            )
            if not verified.matched:
                raise RuntimeError("the benchmark's own finger was not recognised")
            module.lift()
    summary: dict[str, Any] = {"baud": BAUD, "repeats": repeats}
    for name, runs in results.items():
        median_ms = statistics.median(ms for ms, _ in runs)
        size = int(statistics.median(size for _, size in runs))
        wire_ms = size * 10 / BAUD * 1000
        summary[name] = {"ms": round(median_ms, 2), "bytes": size, "wire_ms": round(wire_ms, 2)}
    return summary

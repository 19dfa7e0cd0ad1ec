"""The command line as a technician meets it: whole processes, from exec to exit.

* ``kiosk --help`` beside a bare interpreter (``python -c pass``): what the command line itself
  costs before any command runs.
* ``kiosk card read --json`` (a Thai ID card on pcscd's vpcd reader) beside a bare pyscard
  script that connects to the same reader and sends the very APDUs our reader sends (recorded
  in the same run), printing their length: the interpreter, pyscard and the card, nothing else.

Each figure is the median of several runs of a fresh process; the ratio is ours / bare. Nothing
is asserted: the run reports the figures next to the targets (``--help`` ≤ 0.15 s, ``card read``
≤ 2 × bare).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import ROOT

READER = "Virtual PCD 00 00"
HELP_TARGET_S = 0.15
CARD_READ_RATIO_TARGET = 2.0

BARE_PYSCARD = """
import sys
from smartcard.System import readers
reader = next(r for r in readers() if str(r) == sys.argv[1])
connection = reader.createConnection()
connection.connect()
total = 0
for line in sys.argv[2].split(","):
    data, sw1, sw2 = connection.transmit(list(bytes.fromhex(line)))
    total += len(data) + 2
connection.disconnect()
print(total)
"""


def kiosk_command() -> list[str]:
    """The installed console script when there is one (what a technician types), else the module."""
    script = Path(sys.executable).parent / "kiosk"
    return [str(script)] if script.exists() else [sys.executable, "-m", "ui.launcher"]


def wall_time(command: list[str], env: dict[str, str], runs: int) -> tuple[float, list[float]]:
    """Median wall time (s) of ``runs`` fresh processes; each must exit 0."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        completed = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, check=False)
        times.append(time.perf_counter() - started)
        if completed.returncode != 0:
            raise RuntimeError(f"{command[:3]} failed: {completed.stderr.decode(errors='replace')[-500:]}")
    return statistics.median(times), times


def recorded_sequence() -> list[bytes]:
    """The APDUs our reader sends for a whole Thai ID read (read once, in this process)."""
    from drivers.card.pcsc_transport import PcscTransport
    from drivers.card.thai_id import read_thai_id

    sent: list[bytes] = []

    class Recording:
        def __init__(self, inner: PcscTransport) -> None:
            self.inner = inner

        def atr(self) -> bytes:
            return self.inner.atr()

        def transmit(self, apdu: bytes) -> bytes:
            sent.append(apdu)
            return self.inner.transmit(apdu)

    with PcscTransport.open(READER) as transport:
        read_thai_id(Recording(transport))
    return sent


def run_command_line(runs: int = 9, fixture: str = "somchai") -> dict[str, Any]:
    env = dict(os.environ)
    result: dict[str, Any] = {"runs": runs}
    help_s, _ = wall_time([*kiosk_command(), "--help"], env, runs)
    python_s, _ = wall_time([sys.executable, "-c", "pass"], env, runs)
    result["help"] = {
        "kiosk_s": round(help_s, 4),
        "python_s": round(python_s, 4),
        "ratio": round(help_s / python_s, 2),
        "target_s": HELP_TARGET_S,
    }

    from drivers.card.pcsc import list_readers

    if not any(READER in name for name in list_readers()):
        result["card_read"] = {"skipped": "pcscd with the vpcd reader is not running"}
        return result
    from bench.card import _wait_for_card
    from drivers.card.thai_id_sim import ThaiIdCardSim
    from drivers.card.vpcd import VpcdConnection
    from kiosk.paths import resources_dir

    card = VpcdConnection(ThaiIdCardSim.from_fixture(resources_dir() / "cards" / "th" / f"{fixture}.toml"))
    card.start()
    try:
        _wait_for_card()
        sequence = recorded_sequence()
        with tempfile.TemporaryDirectory(prefix="kiosk-bench-home-") as home:
            env["KIOSK_HOME"] = home
            ours_s, _ = wall_time([*kiosk_command(), "card", "read", "--reader", READER, "--json"], env, runs)
            bare_s, _ = wall_time(
                [sys.executable, "-c", BARE_PYSCARD, READER, ",".join(apdu.hex() for apdu in sequence)],
                env,
                runs,
            )
    finally:
        card.stop()
    result["card_read"] = {
        "fixture": fixture,
        "apdus": len(sequence),
        "kiosk_s": round(ours_s, 4),
        "bare_pyscard_s": round(bare_s, 4),
        "ratio": round(ours_s / bare_s, 2),
        "target_ratio": CARD_READ_RATIO_TARGET,
    }
    return result


def render(result: dict[str, Any]) -> str:
    lines = [f"Command line, whole processes, median of {result['runs']}:"]
    help_ = result["help"]
    lines.append(
        f"  kiosk --help            {help_['kiosk_s'] * 1000:7.1f} ms   python -c pass {help_['python_s'] * 1000:6.1f} ms"
        f"   ratio {help_['ratio']:.2f}   (target <= {help_['target_s'] * 1000:.0f} ms)"
    )
    card = result["card_read"]
    if "skipped" in card:
        lines.append(f"  kiosk card read: skipped ({card['skipped']})")
    else:
        lines.append(
            f"  kiosk card read --json  {card['kiosk_s'] * 1000:7.1f} ms   bare pyscard   {card['bare_pyscard_s'] * 1000:6.1f} ms"
            f"   ratio {card['ratio']:.2f}   (target <= {card['target_ratio']:.1f}; {card['apdus']} APDUs)"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    import argparse
    import json

    parser = argparse.ArgumentParser(prog="python -m bench.command_line")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--out", type=Path, default=None)
    options = parser.parse_args()
    figures = run_command_line(options.runs)
    print(render(figures))
    if options.out is not None:
        options.out.write_text(json.dumps(figures, indent=2))

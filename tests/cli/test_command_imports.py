"""Each command imports only what it uses (issue: a fast command line; figures in bench/command_line.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

HEAVY = ("sqlalchemy", "pydantic", "numpy", "cv2", "PySide6", "cryptography", "httpx", "PIL", "fastapi")

PROBE = """
import json, sys
from ui.launcher import main
try:
    status = main(sys.argv[1:])
except SystemExit as exc:
    status = exc.code
print(json.dumps({"status": status, "modules": sorted({name.split(".")[0] for name in sys.modules})}))
"""


def loaded_by(*arguments: str) -> tuple[int, set[str]]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *arguments],
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    return report["status"], set(report["modules"])


def test_help_loads_no_library_of_the_core() -> None:
    """GIVEN `kiosk --help` WHEN it has printed the commands THEN no database, validation, camera,
    Qt, cryptography or HTTP library was imported."""
    status, modules = loaded_by("--help")
    assert status == 0
    assert sorted(modules & set(HEAVY)) == []


def test_card_read_loads_pyscard_and_nothing_heavier() -> None:
    """GIVEN `kiosk card read` on a reader that is not there WHEN it has answered (one sentence,
    exit 2) THEN it loaded pyscard and the Thai card's reader, and none of the heavy libraries."""
    status, modules = loaded_by("card", "read", "--reader", "No such reader 9", "--json")
    assert status == 2
    assert {"smartcard", "drivers"} <= modules
    assert sorted(modules & set(HEAVY)) == []

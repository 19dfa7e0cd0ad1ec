"""The driver against the virtual module over a real pseudo-terminal: enroll, verify, templates."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from drivers.fingerprint.errors import FingerprintError, MergeFailed
from drivers.fingerprint.simulator import VirtualFingerprintModule
from drivers.fingerprint.zfm import ZfmScanner


@pytest.fixture
def module() -> Iterator[VirtualFingerprintModule]:
    with VirtualFingerprintModule() as virtual:
        yield virtual


def finger_of(module: VirtualFingerprintModule, identity: str, second: str | None = None):  # type: ignore[no-untyped-def]
    """A person at the scanner: lifts when told, puts a finger (``second`` for the 2nd capture) back on."""
    placed = {"count": 1}
    module.place(identity)

    def on_progress(step: str) -> None:
        if step == "lift_finger":
            module.lift()
        elif step == "place_finger" and module.finger is None:
            placed["count"] += 1
            module.place(second if (second and placed["count"] == 2) else identity)

    return on_progress


def test_enroll_then_verify_the_same_finger_and_not_another(module: VirtualFingerprintModule) -> None:
    """GIVEN alice enrolled WHEN alice verifies THEN matched on her page; WHEN bob verifies THEN not matched."""
    with ZfmScanner.open(module.port_path, baud=57600) as scanner:
        enrolled = scanner.enroll(on_progress=finger_of(module, "alice"), timeout_s=10)
        assert enrolled.page == 0 and enrolled.score > 100
        assert scanner.template_count() == 1 and scanner.index_table() == [0]
        module.lift()
        alice = scanner.verify(on_progress=finger_of(module, "alice"), timeout_s=10)
        assert alice.matched and alice.page == 0 and alice.score > 100
        one_to_one = scanner.verify(0, on_progress=finger_of(module, "alice"), timeout_s=10)
        assert one_to_one.matched and one_to_one.page == 0
        module.lift()
        bob = scanner.verify(on_progress=finger_of(module, "bob"), timeout_s=10)
        assert not bob.matched and bob.score == 0


def test_two_different_fingers_do_not_enroll(module: VirtualFingerprintModule) -> None:
    with ZfmScanner.open(module.port_path) as scanner, pytest.raises(MergeFailed):
        scanner.enroll(on_progress=finger_of(module, "alice", second="bob"), timeout_s=10)


def test_templates_travel_to_the_host_and_back(module: VirtualFingerprintModule) -> None:
    with ZfmScanner.open(module.port_path) as scanner:
        scanner.enroll(on_progress=finger_of(module, "carol"), timeout_s=10)
        template = scanner.download_template(0)
        assert len(template) == 512
        scanner.empty()
        assert scanner.template_count() == 0
        scanner.upload_template(template, 7)
        module.lift()
        found = scanner.verify(on_progress=finger_of(module, "carol"), timeout_s=10)
        assert found.matched and found.page == 7


def test_garbled_answers_are_recovered(module: VirtualFingerprintModule) -> None:
    """GIVEN a line that corrupts every 3rd packet WHEN the driver works THEN it retries and carries on."""
    module.corrupt_checksum_every = 3
    with ZfmScanner.open(module.port_path) as scanner:
        for _ in range(5):
            assert scanner.info().capacity == 300


def test_wrong_password_and_missing_port_are_typed_errors(module: VirtualFingerprintModule) -> None:
    module.password = 0x1234
    with pytest.raises(FingerprintError) as error:
        ZfmScanner.open(module.port_path, password=0)
    assert error.value.reason == "wrong_password"
    with pytest.raises(FingerprintError) as error:
        ZfmScanner.open("/dev/ttyNOPE9")
    assert error.value.reason == "port_unavailable"


def test_command_line_against_the_simulated_module(tmp_path: object) -> None:
    """GIVEN `kiosk simulate fingerprint` WHEN `kiosk fingerprint info|capture|verify --json` run
    THEN one JSON object each with the module's figures and an honest no-match on an empty library."""
    env = dict(os.environ, KIOSK_HOME=str(tmp_path), QT_QPA_PLATFORM="offscreen")
    kiosk = [sys.executable, "-m", "ui.launcher"]
    simulator = subprocess.Popen(
        [*kiosk, "simulate", "fingerprint", "--identity", "alice"], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert simulator.stdout is not None
        port = simulator.stdout.readline().strip()
        assert port.startswith("/dev/")

        def run(*args: str) -> dict[str, object]:
            result = subprocess.run([*kiosk, "fingerprint", *args, "--port", port, "--json"], env=env,
                                    capture_output=True, text=True, timeout=60)  # fmt: skip
            assert result.returncode == 0, result.stderr
            data: dict[str, object] = json.loads(result.stdout)
            return data

        info = run("info")
        assert info["capacity"] == 300 and info["template_count"] == 0 and info["baud"] == 57600
        assert run("capture") == {"captured": True}
        assert run("verify") == {"matched": False, "page": None, "score": 0}
    finally:
        simulator.terminate()
        simulator.wait(timeout=10)

"""Bad input on the command line: one sentence on stderr, status 2, never a traceback.

Each case runs the real ``kiosk`` command as a subprocess, as a technician would type it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

KIOSK = [sys.executable, "-m", "ui.launcher"]


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    home.mkdir(exist_ok=True)
    (home / "kiosk.toml").write_text('[devices]\nprinter = "dummy:"\n', encoding="utf-8")
    env = dict(os.environ, KIOSK_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return subprocess.run([*KIOSK, *args], env=env, capture_output=True, text=True, timeout=120)


def assert_one_sentence(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0]


@pytest.mark.parametrize(
    ("uri", "says"),
    [
        ("", "is not supported"),
        ("lpt://1", "is not supported"),
        ("tcp://[::1", "is malformed"),
        ("tcp://", "names no host"),
        ("tcp://printer.local:70000", "port"),
        ("tcp://printer.local:ninety", "port"),
        ("serial:///dev/ttyUSB0?baudrate=12", "baudrate 12"),
        ("serial:///dev/ttyUSB0?parity=Q", "option parity"),
        ("serial:///dev/ttyUSB0?baudrate", "baudrate"),
        ("serial://", "names no serial device"),
        ("usb://zz:yy", "VID:PID"),
        ("cups://", "names no CUPS queue"),
        ("file://", "names no file"),
    ],
)
def test_a_bad_printer_uri_is_one_sentence(tmp_path: Path, uri: str, says: str) -> None:
    result = run(tmp_path / "h", "print", "test", "--printer", uri)
    assert_one_sentence(result, f"'{uri}'", says)


def test_a_file_printer_in_a_missing_folder_is_an_error_not_a_new_folder(tmp_path: Path) -> None:
    missing = tmp_path / "stick" / "slips"
    result = run(tmp_path / "h", "print", "test", "--printer", f"file://{missing / 'out.bin'}")
    assert_one_sentence(result, str(missing), "does not exist")
    assert not (tmp_path / "stick").exists()


def test_a_preview_in_a_missing_folder_is_an_error_not_a_new_folder(tmp_path: Path) -> None:
    missing = tmp_path / "stick" / "previews"
    result = run(tmp_path / "h", "print", "ticket", "--preview", str(missing / "ticket.png"))
    assert_one_sentence(result, str(missing), "does not exist")
    assert not (tmp_path / "stick").exists()


def test_a_preview_of_no_image_format_is_one_sentence(tmp_path: Path) -> None:
    result = run(tmp_path / "h", "print", "test", "--preview", str(tmp_path / "slip.nothing"))
    assert_one_sentence(result, "slip.nothing")


@pytest.mark.parametrize(
    ("server", "code", "says"),
    [
        ("http://127.0.0.1:9", "", "--code is empty"),
        ("http://127.0.0.1:9", "   ", "--code is empty"),
        ("http://127.0.0.1:9", "abc", "is not an enrollment code"),
        ("", "ABCD-EFGH", "is not a server URL"),
        ("http://[::1", "ABCD-EFGH", "is not a server URL"),
        ("kiosk.example.gov", "ABCD-EFGH", "is not a server URL"),
    ],
)
def test_bad_enrollment_arguments_are_one_sentence(tmp_path: Path, server: str, code: str, says: str) -> None:
    result = run(tmp_path / "h", "sync", "enroll", "--server", server, "--code", code)
    assert_one_sentence(result, says)
    assert not (tmp_path / "h" / "sync").exists()

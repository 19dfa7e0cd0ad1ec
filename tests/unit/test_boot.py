"""The first frame's settings, read before the core loads: lenient, never raising."""

from __future__ import annotations

from pathlib import Path

from kiosk.boot import read_boot_view
from kiosk.paths import resources_dir


def test_defaults_without_a_configuration(tmp_path: Path) -> None:
    view = read_boot_view(resources_dir(), tmp_path / "missing.toml")
    assert view.profile == "vn" and view.languages[0] == "vi"
    assert view.office_name("vi") == "Bộ phận Một cửa" and view.office_name("en") == "One-stop office"
    assert not view.high_contrast


def test_configured_profile_office_and_display(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(
        'profile = "th"\nlanguages = ["th", "en"]\n[office]\nname = "อำเภอเมือง"\n[display]\nhigh_contrast = true\n',
        encoding="utf-8",
    )
    view = read_boot_view(resources_dir(), path)
    assert view.profile == "th" and view.languages == ("th", "en")
    assert view.office_name("en") == "อำเภอเมือง"
    assert view.calendar == "buddhist" and view.timezone == "Asia/Bangkok" and view.high_contrast


def test_command_line_profile_wins_and_broken_files_fall_back(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text('profile = "vn"\n', encoding="utf-8")
    assert read_boot_view(resources_dir(), path, "th").languages[0] == "th"
    path.write_text("profile = [\n", encoding="utf-8")
    assert read_boot_view(resources_dir(), path).profile == "vn"
    path.write_text('profile = "xx"\nlanguages = ["fr"]\n[display]\nlarge_text = "yes"\n', encoding="utf-8")
    view = read_boot_view(resources_dir(), path)
    assert view.languages[0] == "vi" and not view.large_text  # the full validation reports these

"""Configuration and jurisdiction profiles: defaults, validation, plain errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import DEFAULT_CONFIG_TEXT, KioskConfig, load_config
from kiosk.errors import ConfigError
from kiosk.paths import resources_dir
from kiosk.profiles import load_profile


def test_missing_file_gives_defaults_and_writes_them(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    config = load_config(path, create=True)
    assert config == KioskConfig()
    assert path.read_text(encoding="utf-8") == DEFAULT_CONFIG_TEXT
    assert load_config(path) == KioskConfig()  # the written defaults read back as the defaults


def test_bad_values_name_the_setting(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text('profile = "fr"\n[session]\nidle_timeout_s = 2\n', encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    message = str(error.value)
    assert "profile" in message and "session.idle_timeout_s" in message
    assert "\n" not in message


def test_warning_must_come_before_the_timeout(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text("[session]\nidle_timeout_s = 30\nwarning_s = 30\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="warning_s must be shorter"):
        load_config(path)


def test_unknown_setting_and_broken_toml_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text("[devices]\nprinterr = 'x'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"devices\.printerr"):
        load_config(path)
    path.write_text("profile = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(path)


def test_overrides_are_validated() -> None:
    config = KioskConfig().with_overrides(devices__simulate=True, profile="th")
    assert config.devices.simulate and config.profile == "th"
    with pytest.raises(ValueError):
        KioskConfig().with_overrides(session__idle_timeout_s=1)


@pytest.mark.parametrize("code", ["vn", "th"])
def test_profiles_load(code: str) -> None:
    profile = load_profile(resources_dir(), code)
    assert profile.code == code
    assert profile.default_language == profile.languages[0]
    assert set(profile.languages) == {"vi", "th", "en"}
    assert "queue_ticket" in profile.services
    codes = [category.code for category in profile.queue_categories]
    assert len(codes) == len(set(codes))


def test_profile_differences() -> None:
    vn, th = load_profile(resources_dir(), "vn"), load_profile(resources_dir(), "th")
    assert (vn.calendar, th.calendar) == ("gregorian", "buddhist")
    assert (vn.id_card, th.id_card) == ("cccd", "th_id")
    assert (vn.timezone, th.timezone) == ("Asia/Ho_Chi_Minh", "Asia/Bangkok")


def test_unknown_profile_is_a_plain_error() -> None:
    with pytest.raises(ConfigError, match="Unknown jurisdiction profile 'xx'"):
        load_profile(resources_dir(), "xx")

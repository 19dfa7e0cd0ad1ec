"""Where a kiosk keeps its state and where the product's resources are."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "district-kiosk"
CONFIG_FILE_NAME = "kiosk.toml"


def kiosk_home() -> Path:
    """The folder holding all of one kiosk's state (config, database, keys, logs).

    ``KIOSK_HOME`` wins; otherwise the platform's user data dir. Several kiosks can
    run side by side with different ``KIOSK_HOME`` values. The folder is created.
    """
    configured = os.environ.get("KIOSK_HOME")
    if configured:
        home = Path(configured)
    else:
        import platformdirs  # here: the first frame imports this module, and most kiosks set KIOSK_HOME

        home = Path(platformdirs.user_data_dir(APP_NAME))
    home.mkdir(parents=True, exist_ok=True)
    return home


def resources_dir() -> Path:
    """The ``resources/`` folder, from a source tree or from inside a PyInstaller bundle."""
    bundle_root = getattr(sys, "_MEIPASS", None)
    if bundle_root is not None:
        return Path(bundle_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"

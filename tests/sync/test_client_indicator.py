"""The connectivity indicator in the kiosk window, fed by the real sync worker over queued signals."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from ui.qt_setup import load_fonts, prepare_environment

prepare_environment()

from PySide6.QtWidgets import QApplication  # noqa: E402
from pytestqt.qtbot import QtBot  # noqa: E402

from kiosk.app import Kiosk  # noqa: E402
from kiosk.paths import resources_dir  # noqa: E402
from sync.server.embedded import EmbeddedServer  # noqa: E402
from sync.worker import ConnectionState, SyncStatus  # noqa: E402
from tests.sync.test_client import enroll_kiosk  # noqa: E402
from ui.connectivity import ConnectivityIndicator  # noqa: E402
from ui.window import KioskWindow  # noqa: E402

FAST_SYNC = {"poll_s": 0.05, "backoff_base_s": 0.01, "backoff_cap_s": 0.05, "heartbeat_s": 3600}


def test_the_citizen_sees_online_then_working_offline(
    qapp: QApplication, qtbot: QtBot, make_kiosk: Callable[..., Kiosk], tmp_path: Path
) -> None:
    """GIVEN an enrolled kiosk's window (Vietnamese first) WHEN its worker reaches the server THEN
    the header says 'Online' in the citizen's language; WHEN the server goes away and a ticket is
    issued THEN it says 'Working offline — nothing is lost', the status arrived on the GUI
    thread, and the ticket is kept."""
    qapp.setFont(load_fonts(resources_dir()))
    server = EmbeddedServer()
    server.start()
    home = tmp_path / "home"
    enroll_kiosk(server, home)
    kiosk = make_kiosk(home=home, sync=FAST_SYNC)
    window = KioskWindow(kiosk)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    indicator = window.connectivity
    assert kiosk.sync is not None and kiosk.sync.running
    seen_on: list[bool] = []
    indicator.relay.status_changed.connect(  # type: ignore[union-attr]
        lambda _status: seen_on.append(threading.current_thread() is threading.main_thread())
    )
    try:
        language = window.session.context.language
        qtbot.waitUntil(lambda: indicator.online and indicator.isVisible(), timeout=15_000)
        assert indicator.words() == kiosk.catalog.translate(language, "ConnectivityIndicator", "Online")
        assert indicator.words() in indicator.text()
        window.grab().save(str(tmp_path / "online.png"))
        server.stop()
        kiosk.queue.issue_ticket("A", "vi")
        kiosk.sync.kick()
        qtbot.waitUntil(lambda: indicator.status is not None and not indicator.online, timeout=15_000)
        assert indicator.isVisible()
        offline = kiosk.catalog.translate(
            language, "ConnectivityIndicator", "Working offline — nothing is lost"
        )
        assert indicator.words() == offline and offline in indicator.text()
        assert window.minimumSizeHint().width() <= 1280  # the header never widens the screen
        assert indicator.status.state is ConnectionState.OFFLINE
        assert indicator.status.unsent == 1
        shot = Path(os.environ.get("KIOSK_SHOTS_DIR", tmp_path)) / "connectivity-offline.png"
        window.grab().save(str(shot))
        assert shot.stat().st_size > 0
    finally:
        window.jobs.wait()
        window.idle.disarm()
    assert seen_on and all(seen_on)


def test_a_kiosk_without_a_server_shows_nothing(qapp: QApplication, qtbot: QtBot) -> None:
    """GIVEN the indicator WHEN the kiosk is not enrolled (no server) or its state is not known
    yet THEN it stays hidden; a needs-enrollment state reads as working offline."""
    indicator = ConnectivityIndicator()
    qtbot.addWidget(indicator)
    indicator.show_status(SyncStatus(state=ConnectionState.NOT_ENROLLED))
    assert not indicator.isVisibleTo(None) and indicator.words() == ""
    indicator.show_status(SyncStatus(state=ConnectionState.NEEDS_ENROLLMENT, unsent=3))
    assert indicator.words() == indicator.tr("Working offline — nothing is lost")
    indicator.show_status(SyncStatus(state=ConnectionState.ONLINE))
    assert indicator.words() == indicator.tr("Online") != indicator.tr("Working offline — nothing is lost")

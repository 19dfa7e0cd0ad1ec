"""An enrolled kiosk that has no ticket number left says so, in the citizen's language."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.flows.engine import Choose, EnterText, Next
from sync.client.identity import DeviceIdentity
from sync.signing import generate_private_key
from ui.window import KioskWindow

OUT_OF_NUMBERS = {
    "vi": "Máy này đã hết số thứ tự cho dịch vụ này trong hôm nay. Xin hỏi cán bộ tại quầy.",
    "th": "เครื่องนี้ไม่มีหมายเลขคิวสำหรับบริการนี้เหลือแล้วในวันนี้ กรุณาติดต่อที่เคาน์เตอร์",
    "en": "This machine has no more numbers for this service today. Please ask at the counter.",
}
TRY_AGAIN = "Please try again. If it happens again, please ask at the counter."


def enroll_offline_without_block(home: Path) -> None:
    """An enrollment whose server cannot be reached (nothing listens on port 9) and that gave
    this kiosk no fallback block: with no lease either, it has no number to issue."""
    DeviceIdentity(
        kiosk_id="k00000000000000aa",
        office_code="000.00.74.H10",
        profile="vn",
        server_url="http://127.0.0.1:9",
        private_key=generate_private_key(),
        enrolled_at=datetime.now(UTC),
        label="kiosk-01",
        fallback_ticket_numbers="",
    ).save(home)


@pytest.mark.parametrize("language", ["vi", "th", "en"])
def test_out_of_numbers_is_one_sentence_in_the_citizens_language(
    qtbot: QtBot, window: Callable[..., KioskWindow], tmp_path: Path, language: str
) -> None:
    """GIVEN an enrolled kiosk with no lease and no fallback block left WHEN a citizen asks for
    a ticket THEN the failure screen says, in the citizen's language, that this machine has
    no more numbers today (not "try again"), and no ticket was recorded."""
    enroll_offline_without_block(tmp_path / "home")
    win = window()
    win.submit(Next())
    win.submit(Choose(language))
    win.submit(EnterText("001090000123"))
    win.submit(Choose("queue_ticket"))
    win.submit(Choose("A"))
    qtbot.waitUntil(lambda: win.showing() == "queue.failed", timeout=60_000)
    screen = win.screens["queue.failed"]
    assert screen.hint.text() == OUT_OF_NUMBERS[language]  # type: ignore[attr-defined]
    assert win.kiosk.queue.ticket_count() == 0
    assert win.kiosk.office_identity.enrolled


def test_another_failure_still_asks_to_try_again(
    qtbot: QtBot, window: Callable[..., KioskWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN a kiosk whose ticket cannot be issued for another reason WHEN a citizen asks for
    one THEN the failure screen asks them to try again, as before."""
    win = window()

    def broken(category: str, language: str) -> object:
        raise OSError("disk full")

    monkeypatch.setattr(win.kiosk, "issue_and_print_ticket", broken)
    win.submit(Next())
    win.submit(Choose("en"))
    win.submit(EnterText("001090000123"))
    win.submit(Choose("queue_ticket"))
    win.submit(Choose("A"))
    qtbot.waitUntil(lambda: win.showing() == "queue.failed", timeout=60_000)
    assert win.screens["queue.failed"].hint.text() == TRY_AGAIN  # type: ignore[attr-defined]

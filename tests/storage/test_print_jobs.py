"""Print jobs kept in the database until they are on paper, and never printed twice by themselves."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import update

from drivers.printer.base import PrinterOffline, PrintInterrupted
from drivers.printer.layout import Text
from kiosk.app import Kiosk
from kiosk.storage.models import PrintJobRecord


def slip(kiosk: Kiosk, name: str) -> bool:
    return kiosk.printer_worker.call(
        lambda: kiosk.printing.print_slip([Text("A001", size=60)], name=name)
    ).printed


def test_offline_printer_keeps_the_job_pending_in_order(
    make_kiosk: Callable[..., Kiosk], monkeypatch: pytest.MonkeyPatch
) -> None:
    kiosk = make_kiosk()
    printer = kiosk.printing.printer
    real_send = printer.send

    def offline(data: bytes) -> int:
        raise PrinterOffline("off")

    monkeypatch.setattr(printer, "send", offline)
    assert not slip(kiosk, "first") and not slip(kiosk, "second")
    monkeypatch.setattr(printer, "send", real_send)
    assert kiosk.printer_worker.call(kiosk.printing.print_pending) == 2
    assert [data[:2] for data in printer.sent] == [b"\x1b@", b"\x1b@"]  # type: ignore[attr-defined]
    assert kiosk.printing.backlog() == {"printed": 2}


def test_a_broken_line_mid_job_is_never_resent_by_itself(
    make_kiosk: Callable[..., Kiosk], monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN the line breaks while a job is sent WHEN the spooler retries THEN it does not resend it."""
    kiosk = make_kiosk()
    printer = kiosk.printing.printer

    def interrupted(data: bytes) -> int:
        raise PrintInterrupted("cut")

    monkeypatch.setattr(printer, "send", interrupted)
    assert not slip(kiosk, "half")
    monkeypatch.undo()
    assert kiosk.printer_worker.call(kiosk.printing.print_pending) == 0
    assert kiosk.printing.backlog() == {"uncertain": 1}
    outcome = kiosk.printer_worker.call(lambda: kiosk.printing.reprint("half"))
    assert outcome.printed
    assert kiosk.printing.backlog() == {"uncertain": 1, "printed": 1}


def test_a_job_caught_mid_send_by_a_stop_becomes_uncertain(
    make_kiosk: Callable[..., Kiosk], tmp_path_factory: pytest.TempPathFactory
) -> None:
    kiosk = make_kiosk()
    assert slip(kiosk, "done")
    with kiosk.sessions.begin() as session:  # as if the kiosk died between "printing" and "printed"
        session.execute(
            update(PrintJobRecord).where(PrintJobRecord.job_key == "done").values(state="printing")
        )
    kiosk.close()
    again = make_kiosk()  # same home: a restart
    again.printer_worker.call(lambda: None)  # the start-up recovery ran first on the printer thread
    assert again.printing.backlog() == {"uncertain": 1}
    assert again.printer_worker.call(again.printing.print_pending) == 0


def test_the_same_job_name_prints_once(make_kiosk: Callable[..., Kiosk]) -> None:
    kiosk = make_kiosk()
    assert slip(kiosk, "ticket-1")
    assert slip(kiosk, "ticket-1")  # reported as printed, not sent again
    assert len(kiosk.printing.printer.sent) == 1  # type: ignore[attr-defined]


def test_a_waiting_slip_survives_a_restart_and_prints_once(
    make_kiosk: Callable[..., Kiosk], monkeypatch: pytest.MonkeyPatch
) -> None:
    kiosk = make_kiosk()

    def offline(data: bytes) -> int:
        raise PrinterOffline("off")

    monkeypatch.setattr(kiosk.printing.printer, "send", offline)
    assert not slip(kiosk, "waiting")
    kiosk.close()
    again = make_kiosk()  # same home: a restart, the printer is back
    assert again.printer_worker.call(again.printing.print_pending) == 1
    assert again.printer_worker.call(again.printing.print_pending) == 0
    assert again.printing.backlog() == {"printed": 1}
    assert len(again.printing.printer.sent) == 1  # type: ignore[attr-defined]

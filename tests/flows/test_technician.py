"""Technician mode headless: the PIN with its lockout, the device pages and their tests, the audit."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.app import Kiosk
from kiosk.clock import FixedClock
from kiosk.flows.assisted_enrollment import AssistedEnrollmentFlow, EnrollmentStep
from kiosk.flows.engine import Back, Cancel, Choose, EnterText, Next, Timeout
from kiosk.flows.fingerprint_capture import CaptureStep
from kiosk.flows.technician import (
    ASSISTED_ENROLLMENT,
    CAMERA_PAGE,
    DEVICE_PAGES,
    FINGERPRINT_PAGE,
    PRINTER_PAGE,
    READERS_PAGE,
    RETRY_REFUSED,
    SETTINGS_PAGE,
    SYNC_NOW,
    SYNC_PAGE,
    TEST_CAPTURE,
    TEST_PHOTO,
    TEST_PRINT,
    CameraTestEnded,
    PinProblem,
    TechnicianFlow,
    TechnicianStep,
)
from kiosk.services.staff import DEMO_TECHNICIAN_PIN, TECHNICIAN_ACTOR
from kiosk.storage.models import AuditEventRecord
from sync.protocol import hash_officer_password
from tests.flows.staff_helpers import HeadlessDesk

PIN = "802613"


class Technician:
    def __init__(self, kiosk: Kiosk) -> None:
        self.kiosk = kiosk
        self.headless = HeadlessDesk(kiosk)
        self.desk = self.headless.desk
        self.desk.open_technician()

    @property
    def flow(self) -> TechnicianFlow:
        flow = self.desk.flow
        assert isinstance(flow, TechnicianFlow)
        return flow

    @property
    def step(self) -> object:
        return self.desk.active_flow.step

    def pin(self, pin: str) -> None:
        self.desk.submit(EnterText(pin))
        self.headless.run_jobs()

    def open(self, page: str) -> None:
        self.desk.submit(Choose(page))
        self.headless.run_jobs()


def audit(kiosk: Kiosk) -> list[tuple[str, str, dict[str, object] | None]]:
    assert kiosk.staff is not None
    kiosk.staff.audit.flush()
    with kiosk.sessions() as db:
        rows = db.scalars(select(AuditEventRecord).order_by(AuditEventRecord.id))
        return [(row.actor, row.action, json.loads(row.detail) if row.detail else None) for row in rows]


@pytest.fixture
def configured(make_kiosk: Callable[..., Kiosk]) -> Callable[..., Kiosk]:
    """A kiosk whose configuration holds the PIN's hash (as a technician sets it up)."""
    pin_hash = hash_officer_password(PIN)

    def make(**sections: object) -> Kiosk:
        return make_kiosk(
            "th", technician={"pin_hash": pin_hash, "max_attempts": 3, "lockout_s": 120}, **sections
        )

    return make


def test_wrong_pins_lock_technician_mode_across_a_restart(
    configured: Callable[..., Kiosk], clock: FixedClock, make_kiosk: Callable[..., Kiosk]
) -> None:
    """GIVEN the PIN in the configuration WHEN it is mistyped THEN tries left are shown; after three
    THEN locked, even against the right PIN and after a restart; after the lockout THEN it opens."""
    tech = Technician(configured())
    tech.pin("000000")
    assert tech.step == TechnicianStep.PIN
    assert tech.flow.context.pin_problem == PinProblem.WRONG and tech.flow.context.attempts_left == 2
    tech.pin("111111")
    tech.pin("222222")
    assert tech.step == TechnicianStep.LOCKED and tech.flow.context.locked_until is not None
    tech.desk.submit(Back())
    assert not tech.desk.active
    tech.kiosk.close()

    again = Technician(configured())  # the same KIOSK_HOME: a restart
    again.pin(PIN)
    assert again.step == TechnicianStep.LOCKED
    clock.set(clock.now() + timedelta(seconds=121))
    again.desk.submit(Next())
    again.desk.open_technician()
    again.pin(PIN)
    assert again.step == TechnicianStep.MENU
    actions = [action for actor, action, _ in audit(again.kiosk) if actor == TECHNICIAN_ACTOR]
    assert actions == [
        "technician.pin.failed",
        "technician.pin.failed",
        "technician.pin.failed",
        "technician.pin.locked",
        "technician.pin.succeeded",
    ]


def test_demo_pin_only_in_simulate_and_only_without_a_configured_pin(
    make_kiosk: Callable[..., Kiosk], configured: Callable[..., Kiosk]
) -> None:
    """GIVEN --simulate and no PIN configured WHEN the documented demo PIN is typed THEN it opens;
    GIVEN a configured PIN THEN the demo PIN does not; GIVEN real devices and no PIN THEN nothing does."""
    demo = Technician(make_kiosk("th"))
    demo.pin(DEMO_TECHNICIAN_PIN)
    assert demo.step == TechnicianStep.MENU
    with_pin = Technician(configured())
    with_pin.pin(DEMO_TECHNICIAN_PIN)
    assert with_pin.step == TechnicianStep.PIN
    not_set_up = Technician(
        make_kiosk("th", home=with_pin.kiosk.home.parent / "real", devices={"simulate": False})
    )
    not_set_up.desk.submit(EnterText(DEMO_TECHNICIAN_PIN))
    assert not_set_up.step == TechnicianStep.PIN
    assert not_set_up.flow.context.pin_problem == PinProblem.NOT_SET_UP


def test_fingerprint_page_and_test_capture(configured: Callable[..., Kiosk]) -> None:
    """GIVEN the virtual module WHEN its page opens THEN capacity, level and template count are shown;
    WHEN a test capture runs THEN the capture screen's flow gives the score, nothing is stored, and
    the test and its result are in the audit log."""
    tech = Technician(configured())
    tech.pin(PIN)
    tech.open(FINGERPRINT_PAGE)
    assert tech.step == TechnicianStep.FINGERPRINT
    report = tech.flow.context.fingerprint
    assert report is not None and report.info is not None and report.problem is None
    assert report.info.capacity == 300 and report.info.template_count == 0 and report.info.baud == 57600
    assert "/dev/pts/" in report.where
    tech.desk.submit(Choose(TEST_CAPTURE))
    assert tech.step == CaptureStep.CAPTURING
    tech.headless.run_job()
    assert tech.step == CaptureStep.CAPTURED
    score = tech.desk.active_flow.context.result.score
    tech.desk.submit(Next())
    tech.headless.run_jobs()
    assert tech.step == TechnicianStep.FINGERPRINT
    assert tech.flow.context.last_capture == {"score": score, "template_count": 0}
    entries = audit(tech.kiosk)
    assert ("technician", "technician.fingerprint_test", {"score": score, "template_count": 0}) in entries


def test_camera_page_checks_the_camera_and_records_the_test_photo(configured: Callable[..., Kiosk]) -> None:
    """GIVEN the simulated camera WHEN its page opens THEN the camera was opened and one picture's
    size is shown, and the camera is closed again; WHEN a test photo is asked for THEN the flow
    waits for the window's photo capture, and its end (taken, or not) is shown and audited without
    the picture; going back from the test returns to the page."""
    kiosk = configured()
    tech = Technician(kiosk)
    tech.pin(PIN)
    tech.open(CAMERA_PAGE)
    assert tech.step == TechnicianStep.CAMERA
    report = tech.flow.context.camera
    assert report is not None and report.problem is None and report.size == (1280, 720)
    assert kiosk.camera is not None and not kiosk.camera.running
    tech.desk.submit(Choose(TEST_PHOTO))
    assert tech.step == TechnicianStep.CAMERA_TEST and tech.desk.active_flow.pending_work() is None
    tech.desk.submit(CameraTestEnded(taken=True, sharpness=1.43))
    assert tech.step == TechnicianStep.CAMERA
    assert tech.flow.context.last_photo_test == CameraTestEnded(taken=True, sharpness=1.43)
    tech.desk.submit(Choose(TEST_PHOTO))
    assert tech.flow.context.last_photo_test is None
    tech.desk.submit(Back())
    assert tech.step == TechnicianStep.CAMERA
    tech.desk.submit(Choose(TEST_PHOTO))
    tech.desk.submit(CameraTestEnded(taken=False, problem="stopped"))
    entries = audit(kiosk)
    assert ("technician", "technician.camera_checked", {"problem": "none"}) in entries
    assert ("technician", "technician.camera_test", {"taken": True, "sharpness": 1.4}) in entries
    assert ("technician", "technician.camera_test", {"taken": False, "problem": "stopped"}) in entries


def test_camera_page_reports_a_camera_that_cannot_be_opened(
    configured: Callable[..., Kiosk], tmp_path: Path
) -> None:
    """GIVEN a camera source that does not exist WHEN the camera page opens THEN it says no camera
    was found, not a crash; WHEN no camera is configured at all THEN it says so."""
    tech = Technician(configured(devices={"camera": str(tmp_path / "unplugged.mp4")}))
    tech.pin(PIN)
    tech.open(CAMERA_PAGE)
    report = tech.flow.context.camera
    assert tech.step == TechnicianStep.CAMERA
    assert report is not None and report.size is None and report.problem == "no_camera"
    assert "unplugged.mp4" in report.where


def test_sync_page_on_a_kiosk_not_enrolled_sends_refused_transactions_again(
    configured: Callable[..., Kiosk],
) -> None:
    """GIVEN a kiosk enrolled with no server, whose outbox holds a transaction the server refused
    WHEN the sync page opens THEN it says the kiosk is not enrolled and counts the refused one;
    "sync now" does nothing without a server; "send refused again" puts it back in the queue,
    the page counts it as waiting, and both are audited."""
    import uuid

    from sync.outbox import OutboxState, enqueue, list_items, mark_dead
    from sync.protocol import TransactionPayload

    class CensusForm(TransactionPayload):
        KIND = "census_form"
        SCHEMA_VERSION = 1
        n: int

    kiosk = configured()
    with kiosk.sessions.begin() as session:
        enqueue(session, payload=CensusForm(n=1), idempotency_key=str(uuid.uuid4()))
    with kiosk.sessions.begin() as session:
        (item,) = list_items(session)
        mark_dead(item, "The server does not know transaction kind 'census_form'.")
    tech = Technician(kiosk)
    tech.pin(PIN)
    tech.open(SYNC_PAGE)
    assert tech.step == TechnicianStep.SYNC
    report = tech.flow.context.sync
    assert report is not None and report.server == "" and report.state in ("unknown", "not_enrolled")
    assert (report.unsent, report.dead) == (0, 1)
    tech.desk.submit(Choose(SYNC_NOW))
    assert tech.step == TechnicianStep.SYNC and tech.flow.context.last_sync_action is None
    tech.open(RETRY_REFUSED)
    assert tech.step == TechnicianStep.SYNC
    action = tech.flow.context.last_sync_action
    assert action is not None and (action.kind, action.retried) == (RETRY_REFUSED, 1)
    report = tech.flow.context.sync
    assert report is not None and (report.unsent, report.dead) == (1, 0)
    with kiosk.sessions() as session:
        assert [row.state for row in list_items(session)] == [OutboxState.PENDING]
    tech.desk.submit(Choose(RETRY_REFUSED))  # nothing refused any more: nothing to do
    assert tech.step == TechnicianStep.SYNC
    assert ("technician", "technician.retry_refused", {"retried": 1}) in audit(kiosk)


def test_sync_page_sync_now_sends_the_outbox_to_the_server(
    configured: Callable[..., Kiosk], clock: FixedClock, tmp_path: Path
) -> None:
    """GIVEN a kiosk enrolled with the real server on loopback that issued two tickets offline
    WHEN the technician opens the sync page and touches "sync now"
    THEN the page showed the server and two waiting; after the cycle both are accepted, nothing
    waits, the connection is online, and the sync is audited with its counts."""
    from datetime import UTC, datetime

    from sync.server.embedded import EmbeddedServer
    from tests.sync.test_client import enroll_kiosk, server_transactions

    server = EmbeddedServer()
    server.start()
    try:
        identity = enroll_kiosk(server, tmp_path / "home")
        clock.set(datetime.now(UTC))
        kiosk = configured()
        tickets = [kiosk.queue.issue_ticket("A", "th") for _ in range(2)]
        tech = Technician(kiosk)
        tech.pin(PIN)
        tech.open(SYNC_PAGE)
        report = tech.flow.context.sync
        assert report is not None and report.server == identity.server_url and report.unsent == 2
        tech.open(SYNC_NOW)
        assert tech.step == TechnicianStep.SYNC
        action = tech.flow.context.last_sync_action
        assert action is not None and action.error is None
        assert (action.sent, action.acknowledged, action.dead) == (2, 2, 0)
        report = tech.flow.context.sync
        assert report is not None and (report.unsent, report.dead, report.state) == (0, 0, "online")
        assert report.last_success_at is not None
        assert set(server_transactions(server)) == {ticket.transaction_id for ticket in tickets}
        entries = audit(kiosk)
        assert (
            "technician",
            "technician.sync_now",
            {"sent": 2, "acknowledged": 2, "dead": 0, "error": None},
        ) in entries
    finally:
        server.stop()


def test_settings_page_lists_what_the_kiosk_runs_with(configured: Callable[..., Kiosk]) -> None:
    """GIVEN a kiosk configured for an office WHEN the settings page opens THEN it lists the office,
    kiosk, profile, languages, idle timeout, devices and server, and the settings file; the visit is
    audited; back returns to the menu"""
    kiosk = configured(
        office={"code": "000.00.74.H10", "kiosk_id": "lobby-2"}, session={"idle_timeout_s": 90}
    )
    tech = Technician(kiosk)
    tech.pin(PIN)
    tech.open(SETTINGS_PAGE)
    assert tech.step == TechnicianStep.SETTINGS
    report = tech.flow.context.settings
    assert report is not None
    rows = dict(report.rows)
    assert rows["office"].startswith("000.00.74.H10") and rows["kiosk_id"] == "lobby-2"
    assert rows["profile"] == "th" and rows["languages"].startswith("th") and rows["idle"] == "90 / 15"
    assert rows["server"] == kiosk.server_url and rows["simulate"] == "yes"
    assert report.config_file == str(kiosk.home / "kiosk.toml")
    tech.desk.submit(Next())
    assert tech.step == TechnicianStep.SETTINGS
    tech.desk.submit(Back())
    assert tech.step == TechnicianStep.MENU
    assert ("technician", "technician.opened", {"page": "settings"}) in audit(kiosk)


def test_fingerprint_page_reports_a_missing_module(configured: Callable[..., Kiosk]) -> None:
    """GIVEN no module configured WHEN its page opens THEN the problem is shown, not a crash."""
    tech = Technician(configured(devices={"simulate": False}))
    tech.pin(PIN)
    tech.open(FINGERPRINT_PAGE)
    report = tech.flow.context.fingerprint
    assert report is not None and report.info is None and report.problem == "no_fingerprint_module"


def test_test_capture_failure_is_reported_and_stopping_returns_to_the_page(
    configured: Callable[..., Kiosk],
) -> None:
    """GIVEN a test capture that keeps failing WHEN the technician stops THEN the page shows the problem."""
    kiosk = configured()
    assert kiosk.scripted_finger is not None
    kiosk.scripted_finger.queue([("tester", "smudged")] * 3)
    tech = Technician(kiosk)
    tech.pin(PIN)
    tech.open(FINGERPRINT_PAGE)
    tech.desk.submit(Choose(TEST_CAPTURE))
    for _ in range(3):
        tech.headless.run_job()
        if tech.step == CaptureStep.RETRY:
            tech.desk.submit(Next())
    assert tech.step == CaptureStep.LIMIT_REACHED
    tech.desk.submit(Choose("hand_over"))
    tech.headless.run_jobs()
    assert tech.step == TechnicianStep.FINGERPRINT
    assert tech.flow.context.last_capture == {"problem": "too_messy", "failed_attempts": 3}


def test_card_readers_and_printer_pages(configured: Callable[..., Kiosk]) -> None:
    """GIVEN the reader and printer pages WHEN opened THEN the PC/SC reader list and the kiosk's reader,
    the printer and its queue are shown; WHEN a test print is asked for THEN it goes through the
    printing service (its queue) and the result is shown and audited."""
    kiosk = configured()
    tech = Technician(kiosk)
    tech.pin(PIN)
    tech.open(READERS_PAGE)
    assert tech.step == TechnicianStep.READERS
    readers = tech.flow.context.readers
    assert readers is not None and isinstance(readers.readers, tuple)
    assert readers.kiosk_reader.startswith("Simulated reader")
    tech.desk.submit(Back())
    tech.open(PRINTER_PAGE)
    assert tech.step == TechnicianStep.PRINTER
    printer = tech.flow.context.printer
    assert printer is not None and printer.where == "dummy:" and printer.last_test is None
    tech.desk.submit(Choose(TEST_PRINT))
    tech.headless.run_jobs()
    assert tech.step == TechnicianStep.PRINTER
    printer = tech.flow.context.printer
    assert printer is not None and printer.last_test == "printed"
    assert kiosk.printing.backlog() == {"printed": 1}
    assert len(kiosk.printing.printer.sent) == 1  # type: ignore[attr-defined]
    tech.desk.submit(Cancel())
    assert not tech.desk.active
    actions = [(action, detail) for actor, action, detail in audit(kiosk) if actor == TECHNICIAN_ACTOR]
    assert ("technician.opened", {"page": READERS_PAGE}) in actions
    assert ("technician.readers_listed", {"count": len(readers.readers)}) in actions
    assert ("technician.test_print", {"result": "printed"}) in actions
    assert actions[-1] == ("technician.left", {"by": "cancel"})


def test_menu_offers_every_device_page_and_the_officers_counter(configured: Callable[..., Kiosk]) -> None:
    """GIVEN technician mode WHEN the officer's counter is chosen THEN the officer's sign-in opens
    (the officer signs in with their own credentials); an unknown page changes nothing."""
    tech = Technician(configured())
    assert (
        tech.flow.pages
        == DEVICE_PAGES
        == (
            "fingerprint",
            "card_readers",
            "printer",
            "camera",
            "sync",
            "settings",
        )
    )
    tech.pin(PIN)
    tech.desk.submit(Choose("logs"))  # a page this kiosk does not have
    assert tech.step == TechnicianStep.MENU
    tech.desk.submit(Choose(ASSISTED_ENROLLMENT))
    assert isinstance(tech.desk.flow, AssistedEnrollmentFlow)
    assert tech.step == EnrollmentStep.SIGN_IN


def test_timeout_leaves_technician_mode(configured: Callable[..., Kiosk]) -> None:
    """GIVEN technician mode left alone WHEN the idle timeout comes THEN it is left (and audited)."""
    tech = Technician(configured())
    tech.pin(PIN)
    tech.open(FINGERPRINT_PAGE)
    tech.desk.submit(Timeout())
    assert not tech.desk.active
    assert audit(tech.kiosk)[-1] == (TECHNICIAN_ACTOR, "technician.left", {"by": "timeout"})


def test_hash_pin_command_prints_a_setting_the_kiosk_accepts(
    make_kiosk: Callable[..., Kiosk], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """GIVEN a PIN on stdin WHEN `kiosk technician hash-pin` runs THEN it prints a [technician] table
    (never the PIN) that, in kiosk.toml, opens technician mode with that PIN only."""
    import io
    import tomllib

    from kiosk.cli.main import main

    monkeypatch.setattr("sys.stdin", io.StringIO("730519\n"))
    assert main(["technician", "hash-pin"]) == 0
    printed = capsys.readouterr().out
    assert "730519" not in printed
    settings = tomllib.loads(printed)["technician"]
    tech = Technician(make_kiosk("th", technician=settings))
    tech.pin("730518")
    assert tech.step == TechnicianStep.PIN
    tech.pin("730519")
    assert tech.step == TechnicianStep.MENU
    monkeypatch.setattr("sys.stdin", io.StringIO("12a\n"))
    assert main(["technician", "hash-pin"]) == 2

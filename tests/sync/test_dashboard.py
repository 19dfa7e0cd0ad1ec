"""The dashboard page in a real browser: headless Chromium against the server on loopback."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

from PIL import Image

from sync.protocol import DeviceHealth, DeviceStatus, Heartbeat, IngestBatch, Transaction
from sync.server.embedded import EmbeddedServer
from sync.server.operators import save_operator
from tests.sync.conftest import OFFICE, OTHER_OFFICE
from tests.sync.signed_client import KioskIdentity, enroll, queue_ticket

CHROMIUM = "/usr/bin/chromium"


def chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    """Debian's Chromium, headless, with no network of its own and a throw-away profile."""
    binary = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    assert binary, "Chromium is not installed (Debian package chromium): run scripts/setup.sh"
    command = [
        binary,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


class KioskRows(HTMLParser):
    """Collects each ``tr.kiosk``: its data attributes and the text of its ``data-field`` cells."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, str]] = []
        self._field: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "tr" and "kiosk" in attributes.get("class", "").split():
            self.rows.append({"kiosk_id": attributes["data-kiosk-id"], "office": attributes["data-office"]})
        elif tag == "td" and self.rows and "data-field" in attributes:
            self._field = attributes["data-field"]
            self.rows[-1][self._field] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._field = None

    def handle_data(self, data: str) -> None:
        if self._field is not None:
            self.rows[-1][self._field] += data


def heartbeat(
    kiosk: KioskIdentity, backlog: int, dead: int, devices: dict[str, DeviceHealth], error: str | None = None
) -> None:
    beat = Heartbeat(
        office_code=kiosk.office_code,
        software_version="0.4.1",
        sent_at=datetime.now(UTC),
        backlog=backlog,
        dead_letters=dead,
        last_error=error,
        devices=devices,
    )
    assert kiosk.request("POST", "/v1/heartbeat", beat).status_code == 200


def test_dashboard_in_headless_chromium(server: EmbeddedServer, tmp_path: Path) -> None:
    """GIVEN three kiosks in two offices: one healthy with a backlog, one with a failed printer and
    dead letters, one enrolled but never heard from; 5 transactions received and 1 refused; and a
    dashboard operator
    WHEN headless Chromium loads /dashboard without signing in, then as the operator (DOM dump
    and a screenshot)
    THEN without signing in no kiosk is shown; signed in, the DOM has one row per kiosk with its
    office, backlog, dead letters, counts and device health, the totals add up, and the
    screenshot is a rendered page (not blank)
    """
    lobby = enroll(server, OFFICE, label="lobby")
    counter = enroll(server, OFFICE, label="counter-2")
    branch = enroll(server, OTHER_OFFICE, label="branch")
    ok = DeviceHealth(status=DeviceStatus.OK)
    heartbeat(lobby, 3, 0, {"card": ok, "printer": ok, "camera": ok})
    heartbeat(
        counter,
        0,
        2,
        {"card": ok, "printer": DeviceHealth(status=DeviceStatus.FAILED, detail="out of paper")},
        error="printer: out of paper",
    )
    mystery = Transaction(
        **{**queue_ticket(OFFICE, 9, kiosk_id=lobby.kiosk_id).model_dump(), "kind": "mystery"}
    )
    batch = IngestBatch(
        office_code=OFFICE,
        transactions=[*(queue_ticket(OFFICE, n, kiosk_id=lobby.kiosk_id) for n in range(1, 6)), mystery],
    )
    assert lobby.request("POST", "/v1/ingest", batch).status_code == 200

    with server.context.sessions.begin() as session:
        save_operator(session, "duty.officer", "district ops 2026", now=datetime.now(UTC))
    profile = tmp_path / "chromium-profile"
    refused = chromium("--dump-dom", f"{server.url}/dashboard", profile=profile)
    assert refused.returncode == 0, refused.stderr[-800:]
    assert lobby.kiosk_id not in refused.stdout and "data-kiosk-id" not in refused.stdout
    signed_in = server.url.replace("://", "://duty.officer:district%20ops%202026@") + "/dashboard"
    dom = chromium("--dump-dom", signed_in, profile=profile)
    assert dom.returncode == 0, dom.stderr[-800:]
    parser = KioskRows()
    parser.feed(dom.stdout)
    rows = {row["kiosk_id"]: row for row in parser.rows}
    assert set(rows) == {lobby.kiosk_id, counter.kiosk_id, branch.kiosk_id}
    assert rows[lobby.kiosk_id]["office"] == OFFICE and rows[branch.kiosk_id]["office"] == OTHER_OFFICE
    assert (
        rows[lobby.kiosk_id]["backlog"],
        rows[lobby.kiosk_id]["received"],
        rows[lobby.kiosk_id]["refused"],
    ) == ("3", "5", "1")
    assert rows[counter.kiosk_id]["dead-letters"] == "2"
    assert "printer: failed" in rows[counter.kiosk_id]["devices"]
    assert "out of paper" in rows[counter.kiosk_id]["devices"]
    assert rows[branch.kiosk_id]["last-seen"] == "never" and rows[branch.kiosk_id]["backlog"] == "–"
    assert "s ago" in rows[lobby.kiosk_id]["last-seen"]
    assert 'id="total-received"><b>5</b>' in dom.stdout and 'id="total-kiosks"><b>3</b>' in dom.stdout

    shot = tmp_path / "dashboard.png"
    taken = chromium(f"--screenshot={shot}", "--window-size=1280,720", signed_in, profile=profile)
    assert taken.returncode == 0 and shot.exists(), taken.stderr[-800:]
    with Image.open(shot) as image:
        assert image.size == (1280, 720)
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert colours is not None and len(colours) > 50  # text, badges and table lines, not a blank page
    keep = os.environ.get("KIOSK_DASHBOARD_SHOT")
    if keep:
        shutil.copy(shot, keep)


def test_the_dashboard_asks_operators_to_sign_in(server_db_url: str) -> None:
    """GIVEN a production server (no --dev) with no operator yet, then with one
    WHEN /dashboard is asked for with no credentials, a wrong password, an unknown name, a
    malformed header, and the operator's name and password
    THEN every request but the last is 401 with a Basic challenge and the sign-in page, and the
    last gets the dashboard; a --dev server with no operator stays open"""
    import base64

    import httpx

    def basic(name: str, password: str) -> dict[str, str]:
        token = base64.b64encode(f"{name}:{password}".encode()).decode()
        return {"Authorization": f"Basic {token}"}

    production = EmbeddedServer(database_url=server_db_url, development=False)
    production.start()
    try:
        url = f"{production.url}/dashboard"
        nobody = httpx.get(url)
        assert nobody.status_code == 401 and nobody.headers["WWW-Authenticate"].startswith('Basic realm="')
        assert 'id="sign-in"' in nobody.text and "kiosk-server operator" in nobody.text
        with production.context.sessions.begin() as session:
            assert save_operator(session, "duty.officer", "district ops 2026", now=datetime.now(UTC))
        for headers in (
            {},
            basic("duty.officer", "district ops 2025"),
            basic("someone", "district ops 2026"),
            {"Authorization": "Basic not-base64!"},
            {"Authorization": "Bearer district ops 2026"},
        ):
            answer = httpx.get(url, headers=headers)
            assert answer.status_code == 401, headers
            assert "data-kiosk-id" not in answer.text and 'id="kiosks"' not in answer.text
        allowed = httpx.get(url, headers=basic("duty.officer", "district ops 2026"))
        assert allowed.status_code == 200 and 'id="kiosks"' in allowed.text
    finally:
        production.stop()
    demo = EmbeddedServer(development=True)
    demo.start()
    try:
        assert httpx.get(f"{demo.url}/dashboard").status_code == 200
    finally:
        demo.stop()


def test_a_malformed_sign_in_header_is_no_sign_in() -> None:
    """GIVEN Authorization headers as they may arrive (latin-1 text) WHEN read as Basic credentials
    THEN anything but base64 of UTF-8 "name:password" gives None, never an exception"""
    import base64

    from sync.server.operators import basic_credentials

    for header in (None, "", "Basic", "Basic \x80\x81", "Basic é", "Basic !!!!", "Bearer abc"):
        assert basic_credentials(header) is None, header
    assert basic_credentials("Basic " + base64.b64encode(b"\xff\xfe:x").decode()) is None  # not UTF-8
    assert basic_credentials("Basic " + base64.b64encode(b"no colon").decode()) is None
    assert basic_credentials("basic " + base64.b64encode("an:pass:word é".encode()).decode()) == (
        "an",
        "pass:word é",
    )

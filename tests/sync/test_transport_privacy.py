"""Personal data in transit: no plain HTTP to the network, and personal fields sealed end to end.

The kiosk refuses a plain ``http://`` server URL that is not this machine before it opens any
socket (a lab may opt in, loudly); ``kiosk-server serve`` refuses plain HTTP on an address the
network reaches (checked inside a network namespace the test creates, so nothing leaves the
machine); and a kiosk seals each transaction's personal fields to the server's data public
key, so a proxy in between never holds them in clear while the server still stores and opens
them. Server tests run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import base64
import gzip
import json
import logging
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sync.client.http import (
    PlainHttpRefused,
    SyncClient,
    check_server_url,
    enroll_device,
)
from sync.client.identity import DeviceIdentity
from sync.keystore import KeyStore
from sync.loopback import is_loopback_host
from sync.outbox import OutboxState
from sync.personal_envelope import EnvelopeError, load_public_key_text, open_personal, seal_personal
from sync.protocol import IngestBatch, IngestResponse, IngestStatus, Transaction
from sync.server.embedded import EmbeddedServer
from sync.server.models import IngestedTransaction, RejectedTransaction
from sync.server.sealing import PersonalDataSealer
from sync.signing import generate_private_key
from tests.sync.conftest import OFFICE
from tests.sync.fault_proxy import FaultPlan, FaultProxy
from tests.sync.signed_client import KioskIdentity, queue_ticket
from tests.sync.test_client import enqueue_tickets, enroll_kiosk, kiosk_storage, make_worker, outbox_rows

ROOT = Path(__file__).resolve().parents[2]
NETWORK_URL = "http://192.0.2.10:8787"  # TEST-NET-1: never routed, and never contacted here
CITIZEN = {"id_number": "001089012345", "name": "Nguyễn Thị Minh Khai"}


@pytest.fixture
def storage(tmp_path: Path) -> Iterator[tuple[Path, sessionmaker[Session], KeyStore]]:
    home = tmp_path / "kiosk"
    engine, sessions, keystore = kiosk_storage(home)
    yield home, sessions, keystore
    engine.dispose()


@pytest.fixture
def sqlite_server() -> Iterator[EmbeddedServer]:
    running = EmbeddedServer()
    running.start()
    yield running
    running.stop()


@pytest.fixture
def no_sockets(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a connection fails the test."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a connection was attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def an_identity(url: str, *, data_public_key: str | None = None) -> DeviceIdentity:
    from datetime import UTC, datetime

    return DeviceIdentity(
        kiosk_id="k-1",
        office_code=OFFICE,
        profile="vn",
        server_url=url,
        private_key=generate_private_key(),
        enrolled_at=datetime(2026, 11, 23, tzinfo=UTC),
        data_public_key=data_public_key,
    )


def decompressed_bodies(proxy: FaultProxy) -> list[bytes]:
    bodies = []
    for head, body in proxy.recorded:
        bodies.append(gzip.decompress(body) if b"content-encoding: gzip" in head.lower() else body)
    return bodies


# --- the kiosk refuses plain HTTP to the network ------------------------------------------------


@pytest.mark.parametrize(
    "host", ["localhost", "127.0.0.1", "127.8.9.10", "[::1]", "LOCALHOST.", "kiosk.localhost"]
)
def test_loopback_hosts(host: str) -> None:
    assert is_loopback_host(host)
    check_server_url(f"http://{host}:8787")  # allowed without any opt-in


@pytest.mark.parametrize(
    "host", ["192.0.2.10", "0.0.0.0", "[::]", "kiosk.example.gov", "10.0.0.1", "[2001:db8::1]"]
)
def test_network_hosts(host: str) -> None:
    assert not is_loopback_host(host)
    with pytest.raises(PlainHttpRefused, match=r"server\.url.*https://.*server\.allow_plain_http = true"):
        check_server_url(f"http://{host}:8787")
    check_server_url(f"https://{host}:8787")


def test_plain_http_to_the_network_is_refused_before_any_socket_opens(no_sockets: None) -> None:
    """GIVEN a server URL of plain http:// to another machine
    WHEN the sync client is built, or the kiosk enrolls with it
    THEN both refuse with one sentence naming server.url, and no connection is attempted
    """
    with pytest.raises(PlainHttpRefused) as refused:
        SyncClient(an_identity(NETWORK_URL))
    assert "server.url" in refused.value.message and refused.value.message.count(". ") == 0
    with pytest.raises(PlainHttpRefused):
        enroll_device(NETWORK_URL, "ABCD-EFGH-JKMN-PQRT")


def test_the_opt_in_allows_plain_http_and_warns(no_sockets: None, caplog: pytest.LogCaptureFixture) -> None:
    """GIVEN server.allow_plain_http
    WHEN the sync client is built for a plain http:// URL to another machine
    THEN it is built (nothing is sent yet) and a warning names the setting
    """
    with caplog.at_level(logging.WARNING, logger="sync.client.http"):
        client = SyncClient(an_identity(NETWORK_URL), allow_plain_http=True)
    client.close()
    assert any("server.allow_plain_http" in record.getMessage() for record in caplog.records)


def test_the_worker_warns_at_every_start_when_plain_http_is_allowed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    engine, sessions, keystore = kiosk_storage(tmp_path)
    for _ in range(2):
        worker = make_worker(tmp_path, sessions, keystore, allow_plain_http=True)
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            worker.start()
            worker.stop()
        assert any("PLAIN HTTP ALLOWED" in record.getMessage() for record in caplog.records)
    engine.dispose()


def test_the_worker_refuses_an_enrolled_plain_http_url(tmp_path: Path, no_sockets: None) -> None:
    """GIVEN a kiosk enrolled (before this rule) with a plain http:// URL to another machine
    WHEN the worker runs a cycle
    THEN it connects nowhere and says why, naming the setting
    """
    engine, sessions, keystore = kiosk_storage(tmp_path)
    worker = make_worker(tmp_path, sessions, keystore, identity=an_identity(NETWORK_URL))
    report = worker.run_cycle(force=True)
    assert report.error is not None and "server.url" in report.error
    assert "server.allow_plain_http" in (worker.status.last_error or "")
    engine.dispose()


def test_the_command_line_refuses_plain_http_to_the_network(tmp_path: Path) -> None:
    """GIVEN kiosk.toml naming a plain http:// server on another machine, or an enrollment
    with such a --server
    WHEN a technician runs kiosk sync status / kiosk sync enroll (in a network namespace of
    their own, so even a wrong attempt could reach nothing)
    THEN each refuses with one sentence naming server.url, with status 2
    """
    home = tmp_path / "home"
    home.mkdir()
    kiosk = f"{sys.executable} -m ui.launcher"
    enrolled = in_namespace(
        f"{kiosk} sync enroll --server {NETWORK_URL} --code ABCD-EFGH-JKMN-PQRT",
        tmp_path,
        KIOSK_HOME=str(home),
    )
    assert enrolled.returncode == 2, enrolled.stderr
    assert "server.url" in enrolled.stderr and len(enrolled.stderr.strip().splitlines()) == 1
    (home / "kiosk.toml").write_text(f'[server]\nurl = "{NETWORK_URL}"\n')
    status = in_namespace(f"{kiosk} sync status", tmp_path, KIOSK_HOME=str(home))
    assert status.returncode == 2, status.stderr
    assert "server.url" in status.stderr and "server.allow_plain_http = true" in status.stderr
    assert len(status.stderr.strip().splitlines()) == 1


def test_the_command_line_shows_the_opt_in(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "kiosk.toml").write_text(f'[server]\nurl = "{NETWORK_URL}"\nallow_plain_http = true\n')
    kiosk = f"{sys.executable} -m ui.launcher"
    human = in_namespace(f"{kiosk} sync status", tmp_path, KIOSK_HOME=str(home))
    assert human.returncode == 0, human.stderr
    assert "server.allow_plain_http = true" in human.stdout
    as_json = in_namespace(f"{kiosk} sync status --json", tmp_path, KIOSK_HOME=str(home))
    assert json.loads(as_json.stdout)["plain_http_allowed"] is True


# --- kiosk-server serve ---------------------------------------------------------------------------


def in_namespace(script: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Runs ``script`` (sh) in a new network namespace whose loopback also carries 10.203.0.1,
    an address of the namespace only: nothing it does can reach another machine."""
    return subprocess.run(
        [
            "unshare",
            "-n",
            "--",
            "sh",
            "-c",
            "ip link set lo up && ip addr add 10.203.0.1/32 dev lo && " + script,
        ],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin:/usr/sbin:/sbin",
            "PYTHONPATH": str(ROOT),
            "KIOSK_SERVER_HOME": str(tmp_path),
            "QT_QPA_PLATFORM": "offscreen",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_serve_refuses_plain_http_on_a_network_address(tmp_path: Path) -> None:
    """GIVEN kiosk-server serve on an address other machines reach, without TLS
    WHEN it starts (inside a network namespace of its own)
    THEN it refuses in one sentence naming --tls-cert and --behind-tls-proxy, with status 2,
    before creating anything
    """
    done = in_namespace(
        f"{sys.executable} -m sync.server.cli serve --host 10.203.0.1 --port 8799 "
        f"--db sqlite:///{tmp_path}/server.sqlite3",
        tmp_path,
    )
    assert done.returncode == 2, done.stderr
    message = done.stderr.strip()
    assert "--tls-cert" in message and "--behind-tls-proxy" in message and len(message.splitlines()) == 1
    assert not (tmp_path / "server.sqlite3").exists()
    assert not (tmp_path / "data.key").exists()


def test_serve_behind_a_tls_proxy_starts_and_warns(tmp_path: Path) -> None:
    """GIVEN --behind-tls-proxy
    WHEN kiosk-server serve binds a network address (inside its own network namespace)
    THEN it serves, and warns that plain HTTP is only safe behind that proxy
    """
    probe = (
        "import sys, time, httpx\n"
        "for _ in range(300):\n"
        "    try:\n"
        "        print(httpx.get('http://10.203.0.1:8799/v1/health', timeout=1).status_code); sys.exit(0)\n"
        "    except httpx.TransportError:\n"
        "        time.sleep(0.1)\n"
        "sys.exit(1)\n"
    )
    (tmp_path / "probe.py").write_text(probe)
    done = in_namespace(
        f"{sys.executable} -m sync.server.cli serve --host 10.203.0.1 --port 8799 --behind-tls-proxy "
        f"--db sqlite:///{tmp_path}/server.sqlite3 --log-level warning & pid=$!; "
        f"{sys.executable} {tmp_path}/probe.py; status=$?; kill $pid; wait $pid; exit $status",
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "200"
    assert "--behind-tls-proxy" in done.stderr and "warning" in done.stderr


# --- personal fields sealed end to end ------------------------------------------------------------


def test_an_envelope_opens_only_with_its_key_for_its_transaction() -> None:
    sealer = PersonalDataSealer(b"k" * 32)
    recipient = load_public_key_text(sealer.data_public_key)
    envelope = seal_personal(CITIZEN, recipient=recipient, bound_to="key-1")
    assert sealer.open_envelope(envelope, bound_to="key-1") == CITIZEN
    assert seal_personal(CITIZEN, recipient=recipient, bound_to="key-1") != envelope  # fresh each time
    with pytest.raises(EnvelopeError, match="another transaction"):
        sealer.open_envelope(envelope, bound_to="key-2")
    with pytest.raises(EnvelopeError, match="another server"):
        PersonalDataSealer(b"o" * 32).open_envelope(envelope, bound_to="key-1")
    raw = bytearray(base64.b64decode(envelope))
    raw[-5] ^= 1
    with pytest.raises(EnvelopeError, match="altered"):
        sealer.open_envelope(base64.b64encode(bytes(raw)).decode(), bound_to="key-1")
    raw = bytearray(base64.b64decode(envelope))
    raw[0] = 2
    with pytest.raises(EnvelopeError, match="version"):
        sealer.open_envelope(base64.b64encode(bytes(raw)).decode(), bound_to="key-1")
    with pytest.raises(EnvelopeError):
        open_personal("not base64!", private_key=generate_x25519(), bound_to="key-1")


def generate_x25519() -> X25519PrivateKey:
    return X25519PrivateKey.generate()


def stored_personal(server: EmbeddedServer) -> dict[str, dict[str, object]]:
    sealer = PersonalDataSealer(server.settings.data_key)
    with server.context.sessions() as session:
        rows = session.scalars(select(IngestedTransaction)).all()
        return {
            row.idempotency_key: sealer.open(row.personal_sealed, bound_to=row.idempotency_key)
            for row in rows
            if row.personal_sealed is not None
        }


def test_a_proxy_in_between_never_sees_personal_fields(
    server: EmbeddedServer, tmp_path: Path, storage: tuple[Path, sessionmaker[Session], KeyStore]
) -> None:
    """GIVEN a kiosk syncing through a proxy that records every request it forwards
    WHEN transactions with ID numbers and names are uploaded
    THEN no forwarded body (decompressed) holds an ID number or a name, and the server stores
    and opens every one of them
    """
    home, sessions, keystore = storage
    with FaultProxy("127.0.0.1", server.port, FaultPlan(), record=True) as proxy:
        identity = enroll_kiosk(server, home, via=proxy.url)
        keys = enqueue_tickets(sessions, keystore, 12, kiosk_id=identity.kiosk_id, personal_every=1)
        report = make_worker(home, sessions, keystore).run_cycle(force=True)
    assert report.acknowledged == 12
    bodies = decompressed_bodies(proxy)
    assert any(b"/v1/ingest" in head for head, _ in proxy.recorded)
    for index in range(12):
        for secret in (f"0010{index:08d}", f"Nguyễn Văn {index}"):
            assert not any(secret.encode() in body for body in bodies)
            assert not any(json.dumps(secret).encode() in body for body in bodies)  # nor escaped
    opened = stored_personal(server)
    assert [opened[key] for key in keys] == [
        {"id_number": f"0010{index:08d}", "name": f"Nguyễn Văn {index}"} for index in range(12)
    ]


def test_a_kiosk_enrolled_without_the_key_fetches_it_first(
    server: EmbeddedServer, storage: tuple[Path, sessionmaker[Session], KeyStore]
) -> None:
    """GIVEN a kiosk enrolled before enrollment answers carried the server's data public key
    WHEN it uploads personal fields
    THEN it fetches the key (signed) and keeps it, before sending them, sealed
    """
    home, sessions, keystore = storage
    with FaultProxy("127.0.0.1", server.port, FaultPlan(), record=True) as proxy:
        identity = enroll_kiosk(server, home, via=proxy.url)
        assert identity.data_public_key == server.context.sealer.data_public_key
        replace(identity, data_public_key=None).save(home)
        stored = json.loads((home / "sync" / "identity.json").read_text())
        assert stored["data_public_key"] is None
        keys = enqueue_tickets(sessions, keystore, 3, kiosk_id=identity.kiosk_id, personal_every=1)
        report = make_worker(home, sessions, keystore).run_cycle(force=True)
    assert report.acknowledged == 3
    paths = [head.split(b" ")[1] for head, _ in proxy.recorded]
    assert paths.index(b"/v1/data-key") < paths.index(b"/v1/ingest")
    assert not any(b"0010" in body for body in decompressed_bodies(proxy))
    reloaded = DeviceIdentity.load(home)
    assert reloaded is not None and reloaded.data_public_key == server.context.sealer.data_public_key
    assert set(stored_personal(server)) == set(keys)


def test_a_kiosk_never_sends_personal_fields_in_clear_when_the_key_cannot_be_had(
    sqlite_server: EmbeddedServer, storage: tuple[Path, sessionmaker[Session], KeyStore]
) -> None:
    """GIVEN a kiosk without the server's data key, whose server does not give it (an old server)
    WHEN it syncs personal fields
    THEN nothing personal is sent: the rows wait, unsent
    """
    home, sessions, keystore = storage
    plan = FaultPlan(error_500=1.0, paths=("/v1/data-key",))
    with FaultProxy("127.0.0.1", sqlite_server.port, plan, record=True) as proxy:
        identity = enroll_kiosk(sqlite_server, home, via=proxy.url)
        replace(identity, data_public_key=None).save(home)
        enqueue_tickets(sessions, keystore, 2, kiosk_id=identity.kiosk_id, personal_every=1)
        report = make_worker(home, sessions, keystore).run_cycle(force=True)
    assert report.acknowledged == 0
    assert not any(b"/v1/ingest" in head for head, _ in proxy.recorded)
    assert all(row.state is OutboxState.PENDING for row in outbox_rows(sessions))


def send(kiosk: KioskIdentity, transactions: list[Transaction]) -> IngestResponse:
    answer = kiosk.request(
        "POST",
        "/v1/ingest",
        IngestBatch(office_code=kiosk.office_code, transactions=transactions),
        gzipped=True,
    )
    assert answer.status_code == 200, answer.text
    return IngestResponse.model_validate_json(answer.content)


def test_tampered_moved_or_clear_personal_fields_are_dead_letters(
    kiosk: KioskIdentity, server: EmbeddedServer
) -> None:
    """GIVEN a batch with one good sealed transaction, one whose envelope was altered, one
    carrying another transaction's envelope, one of garbage and one with personal fields in clear
    WHEN it is ingested
    THEN the good one is acknowledged and each other is rejected with its reason (not a 500),
    kept as a dead letter on the server
    """
    good = kiosk.sealed(queue_ticket(OFFICE, 1, kiosk_id=kiosk.kiosk_id, personal=CITIZEN))
    assert isinstance(good.personal, str)
    raw = bytearray(base64.b64decode(good.personal))
    raw[-3] ^= 0x40
    tampered_source = queue_ticket(OFFICE, 2, kiosk_id=kiosk.kiosk_id)
    tampered = tampered_source.model_copy(update={"personal": base64.b64encode(bytes(raw)).decode()})
    moved = queue_ticket(OFFICE, 3, kiosk_id=kiosk.kiosk_id).model_copy(update={"personal": good.personal})
    garbage = queue_ticket(OFFICE, 4, kiosk_id=kiosk.kiosk_id).model_copy(update={"personal": "A" * 120})
    clear = queue_ticket(OFFICE, 5, kiosk_id=kiosk.kiosk_id, personal=CITIZEN)
    results = send(kiosk, [good, tampered, moved, garbage, clear]).results
    assert [result.status for result in results] == [IngestStatus.ACKNOWLEDGED] + [IngestStatus.REJECTED] * 4
    assert "altered" in (results[1].reason or "")
    assert "another transaction" in (results[2].reason or "")
    assert "version" in (results[3].reason or "")
    assert "in clear" in (results[4].reason or "")
    with server.context.sessions() as session:
        dead = {row.idempotency_key: row.reason for row in session.scalars(select(RejectedTransaction))}
    assert set(dead) == {item.idempotency_key for item in (tampered, moved, garbage, clear)}
    assert stored_personal(server) == {good.idempotency_key: CITIZEN}


def test_a_resend_sealed_afresh_is_the_same_transaction(kiosk: KioskIdentity, server: EmbeddedServer) -> None:
    """GIVEN a transaction sent twice, its personal fields sealed afresh each time (a new
    ephemeral key), and then once more with different personal fields under the same key
    WHEN each is ingested
    THEN the second is a duplicate of the first, and the third is refused as a reused key
    """
    item = queue_ticket(OFFICE, 7, kiosk_id=kiosk.kiosk_id, personal=CITIZEN)
    first, second = kiosk.sealed(item), kiosk.sealed(item)
    assert first.personal != second.personal
    assert send(kiosk, [first]).results[0].status is IngestStatus.ACKNOWLEDGED
    again = send(kiosk, [second]).results[0]
    assert again.status is IngestStatus.DUPLICATE
    other = kiosk.sealed(item.model_copy(update={"personal": {**CITIZEN, "name": "Trần Văn B"}}))
    assert send(kiosk, [other]).results[0].status is IngestStatus.REJECTED


def test_the_enrollment_answer_and_the_data_key_endpoint_give_the_servers_key(
    kiosk: KioskIdentity, server: EmbeddedServer
) -> None:
    assert kiosk.data_public_key == server.context.sealer.data_public_key
    answer = kiosk.request("GET", "/v1/data-key")
    assert answer.status_code == 200 and answer.json() == {"public_key": kiosk.data_public_key}
    assert httpx.get(server.url + "/v1/data-key").status_code == 401  # signed only

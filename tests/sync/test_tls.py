"""HTTPS to the central server with an office network's own certificate authority.

A test CA and a server certificate for 127.0.0.1 are generated with ``cryptography``; the real
server serves HTTPS with them on loopback. The kiosk trusts exactly the authorities of
``server.ca_file``: the public ones when it is empty (so the test CA is refused), only that
file's when it is set (so another CA's server is refused).
"""

from __future__ import annotations

import ipaddress
import json
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from kiosk.app import build_kiosk
from kiosk.clock import FixedClock
from kiosk.errors import ConfigError
from sync.client.http import ServerUnreachable, enroll_device, tls_trust
from sync.server.embedded import EmbeddedServer
from sync.worker import ConnectionState
from tests.conftest import kiosk_config
from tests.sync.conftest import OFFICE
from tests.sync.test_client import server_transactions
from tests.sync.test_client_cli import as_json, run


@dataclass(frozen=True)
class Authority:
    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey

    def write(self, path: Path) -> Path:
        path.write_bytes(self.certificate.public_bytes(serialization.Encoding.PEM))
        return path


def name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def make_authority(common_name: str) -> Authority:
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name(common_name))
        .issuer_name(name(common_name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Authority(certificate, key)


def issue_server_certificate(authority: Authority, folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 signed by ``authority``: (certificate file, key file)."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name("kiosk server"))
        .issuer_name(authority.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False
        )
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(authority.key.public_key()), critical=False
        )
        .sign(authority.key, hashes.SHA256())
    )
    certificate_file = folder / "server.pem"
    key_file = folder / "server.key"
    certificate_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return certificate_file, key_file


@pytest.fixture(scope="module")
def office_ca(tmp_path_factory: pytest.TempPathFactory) -> Authority:
    del tmp_path_factory
    return make_authority("Office network test CA")


@pytest.fixture
def https_server(office_ca: Authority, tmp_path: Path) -> Iterator[EmbeddedServer]:
    folder = tmp_path / "tls"
    folder.mkdir()
    running = EmbeddedServer(tls=issue_server_certificate(office_ca, folder))
    running.start()
    yield running
    running.stop()


def test_the_kiosk_trusts_the_office_ca_it_is_given_and_no_other(
    https_server: EmbeddedServer, office_ca: Authority, tmp_path: Path, clock: FixedClock
) -> None:
    """GIVEN the server on HTTPS with a certificate from the office network's own CA
    WHEN a kiosk enrolls trusting only the public authorities, then trusting that CA
    THEN the first is refused with a sentence naming server.ca_file, the second enrolls; a kiosk
    whose server.ca_file holds that CA syncs its ticket, and one holding another CA goes offline
    saying the certificate is not trusted"""
    assert https_server.url.startswith("https://127.0.0.1:")
    with pytest.raises(ServerUnreachable, match=r"does not trust .*server\.ca_file"):
        enroll_device(https_server.url, https_server.issue_enrollment_code(OFFICE, "vn"))
    home = tmp_path / "kiosk"
    home.mkdir()
    office_ca.write(home / "office-ca.pem")
    make_authority("Someone else's CA").write(home / "other-ca.pem")
    identity = enroll_device(
        https_server.url,
        https_server.issue_enrollment_code(OFFICE, "vn"),
        verify=tls_trust(home / "office-ca.pem"),
    )
    identity.save(home)

    clock.set(datetime.now(UTC))
    stranger = build_kiosk(
        kiosk_config(server={"ca_file": "other-ca.pem"}), home=home, clock=clock, start_embedded_server=False
    )
    try:
        assert stranger.sync is not None
        report = stranger.sync.run_cycle(force=True)
        assert stranger.sync.status.state is ConnectionState.OFFLINE
        assert report.error is not None and "does not trust" in report.error
    finally:
        stranger.close()

    kiosk = build_kiosk(
        kiosk_config(server={"ca_file": "office-ca.pem"}), home=home, clock=clock, start_embedded_server=False
    )
    try:
        assert kiosk.sync is not None
        assert kiosk.sync.run_cycle(force=True).error is None
        ticket = kiosk.queue.issue_ticket("A", "vi")
        report = kiosk.sync.run_cycle(force=True)
        assert (report.acknowledged, report.dead) == (1, 0)
        assert kiosk.sync.status.state is ConnectionState.ONLINE
    finally:
        kiosk.close()
    assert set(server_transactions(https_server)) == {ticket.transaction_id}


def test_a_missing_or_unreadable_ca_file_is_a_configuration_error(tmp_path: Path, clock: FixedClock) -> None:
    """GIVEN server.ca_file naming no file, or a file that holds no certificate
    WHEN the kiosk is built THEN a ConfigError names the setting and the file"""
    home = tmp_path / "kiosk"
    home.mkdir()
    (home / "notes.pem").write_text("not a certificate\n", encoding="utf-8")
    for configured, expected in (
        ("missing.pem", "does not exist"),
        ("notes.pem", "not a PEM certificate file"),
    ):
        with pytest.raises(ConfigError, match=rf"server\.ca_file: .*{expected}"):
            build_kiosk(
                kiosk_config(server={"ca_file": configured}),
                home=home,
                clock=clock,
                start_embedded_server=False,
            )


def test_enroll_and_doctor_from_the_command_line_over_https(
    https_server: EmbeddedServer, office_ca: Authority, tmp_path: Path
) -> None:
    """GIVEN a kiosk home whose kiosk.toml names the office CA and the HTTPS server
    WHEN a technician runs `kiosk sync enroll`, `kiosk sync now` and `kiosk doctor`
    THEN the kiosk enrolls, syncs online, and the doctor's server check is ok"""
    home = tmp_path / "home"
    home.mkdir()
    office_ca.write(home / "office-ca.pem")
    (home / "kiosk.toml").write_text(
        '[devices]\nprinter = "dummy:"\ncard_backend = "none"\n'
        f'[server]\nurl = "{https_server.url}"\nca_file = "office-ca.pem"\n',
        encoding="utf-8",
    )
    code = https_server.issue_enrollment_code(OFFICE, "vn")
    enrolled = as_json(run(home, "sync", "enroll", "--server", https_server.url, "--code", code, "--json"))
    assert enrolled["office_code"] == OFFICE
    assert as_json(run(home, "sync", "now", "--json"))["ok"] is True
    doctor = run(home, "doctor", "--json", ok=False)
    checks = {check["name"]: check for check in json.loads(doctor.stdout)["checks"]}
    assert checks["server"]["status"] == "ok", checks["server"]


def test_kiosk_server_serve_refuses_half_a_tls_configuration(tmp_path: Path) -> None:
    """GIVEN `kiosk-server serve` with a certificate but no key WHEN it starts THEN it exits 1 with
    one sentence"""
    from tests.sync.test_server_cli import cli

    (tmp_path / "server.pem").write_text("x", encoding="utf-8")
    result = cli(
        "serve",
        "--tls-cert",
        str(tmp_path / "server.pem"),
        "--db",
        f"sqlite:///{tmp_path / 's.db'}",
        home=tmp_path,
    )
    assert isinstance(result, subprocess.CompletedProcess)
    assert result.returncode == 1 and "both --tls-cert and --tls-key" in result.stderr

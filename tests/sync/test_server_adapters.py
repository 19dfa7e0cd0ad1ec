"""The server's outside services: no development stand-ins in production, and the HTTP adapters.

A server started without development mode answers OTP and payment requests 503
``not_configured`` until a real adapter is configured. The HTTP SMS gateway and the bank are
played by a tiny HTTP server on loopback that each test starts and reads back. Every server
test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from sync.protocol import ErrorBody, ErrorCode, OtpCheck, OtpRequest, PaymentCreate
from sync.server.adapters import (
    AdapterError,
    BankPaymentProvider,
    DevelopmentPaymentProvider,
    DevelopmentSmsGateway,
    HttpSmsGateway,
)
from sync.server.cli import CommandError, adapter_endpoint
from sync.server.embedded import EmbeddedServer
from sync.server.settings import ServerSettings
from tests.sync.conftest import OFFICE
from tests.sync.signed_client import KioskIdentity, enroll

BANK_KEY = "bank-webhook-key-0123456789"
SMS_KEY = "sms-api-key-abcdef"


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class LoopbackService:
    """An HTTP service on 127.0.0.1 answering every POST with ``answer`` (status, JSON)."""

    answer: tuple[int, dict[str, Any]]
    received: list[Received] = field(default_factory=list)
    url: str = ""

    def __post_init__(self) -> None:
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length) or b"{}")
                service.received.append(
                    Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                )
                status, payload = service.answer
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._http.server_address[1]}/send"
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._http.shutdown()
        self._http.server_close()


@pytest.fixture
def sms_gateway() -> Iterator[LoopbackService]:
    service = LoopbackService(answer=(200, {"message_id": "gw-42"}))
    yield service
    service.close()


@pytest.fixture
def bank() -> Iterator[LoopbackService]:
    service = LoopbackService(answer=(201, {"provider_ref": "bank-7781", "qr_payload": "BANKQR|bank-7781"}))
    yield service
    service.close()


def running(server_db_url: str, **settings: Any) -> EmbeddedServer:
    server = EmbeddedServer(
        settings=ServerSettings(database_url=server_db_url, data_key=secrets.token_bytes(32), **settings)
    )
    server.start()
    return server


def otp_request() -> OtpRequest:
    return OtpRequest(office_code=OFFICE, phone="0912345678", purpose="register", language="vi")


def payment_request() -> PaymentCreate:
    return PaymentCreate(
        office_code=OFFICE, idempotency_key=str(uuid.uuid4()), amount=20000, currency="VND", reference="CT01"
    )


def error_of(response: httpx.Response) -> ErrorBody:
    return ErrorBody.model_validate_json(response.content)


def notify(server: EmbeddedServer, body: bytes, signature: str | None) -> httpx.Response:
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers["X-Signature-SHA256"] = signature
    return httpx.post(f"{server.url}/v1/payments/notifications", content=body, headers=headers, timeout=10)


def signed_by_bank(body: bytes, key: str = BANK_KEY) -> str:
    return hmac.new(key.encode(), body, hashlib.sha256).hexdigest()


# --- production without adapters ------------------------------------------------------------------


def test_without_dev_otp_and_payments_answer_503_not_configured(server_db_url: str) -> None:
    server = running(server_db_url)
    try:
        kiosk = enroll(server, OFFICE)
        for response in (
            kiosk.request("POST", "/v1/otp", otp_request()),
            kiosk.request("POST", "/v1/payments", payment_request()),
            notify(server, b'{"provider_ref": "x", "status": "confirmed"}', signed_by_bank(b"x")),
        ):
            assert response.status_code == 503, response.text
            refusal = error_of(response)
            assert refusal.code is ErrorCode.NOT_CONFIGURED
            assert "configured" in refusal.message
        assert httpx.get(f"{server.url}/v1/dev/sms").status_code == 404
    finally:
        server.stop()


def test_with_dev_the_development_adapters_answer(server: EmbeddedServer, kiosk: KioskIdentity) -> None:
    assert isinstance(server.context.sms, DevelopmentSmsGateway)
    assert isinstance(server.context.payments, DevelopmentPaymentProvider)
    assert kiosk.request("POST", "/v1/otp", otp_request()).status_code == 200
    assert len(httpx.get(f"{server.url}/v1/dev/sms").json()) == 1
    assert kiosk.request("POST", "/v1/payments", payment_request()).json()["status"] == "pending"


# --- the HTTP SMS gateway ------------------------------------------------------------------------


def test_the_http_sms_gateway_gets_json_and_the_key(server_db_url: str, sms_gateway: LoopbackService) -> None:
    server = running(server_db_url, sms_gateway_url=sms_gateway.url, sms_gateway_key=SMS_KEY)
    try:
        assert isinstance(server.context.sms, HttpSmsGateway)
        kiosk = enroll(server, OFFICE)
        challenge = kiosk.request("POST", "/v1/otp", otp_request())
        assert challenge.status_code == 200, challenge.text
        (sent,) = sms_gateway.received
        assert sent.path == "/send"
        assert sent.headers["x-api-key"] == SMS_KEY
        assert sent.headers["content-type"] == "application/json"
        assert set(sent.body) == {"to", "text"} and sent.body["to"] == "0912345678"
        code = "".join(character for character in sent.body["text"] if character.isdigit())[:6]
        check = OtpCheck(otp_id=challenge.json()["otp_id"], code=code)
        assert kiosk.request("POST", "/v1/otp/check", check).json()["valid"] is True
    finally:
        server.stop()


def test_a_failing_sms_gateway_is_an_adapter_error_without_the_number(sms_gateway: LoopbackService) -> None:
    sms_gateway.answer = (500, {"error": "down"})
    with pytest.raises(AdapterError) as refused:
        HttpSmsGateway(sms_gateway.url, SMS_KEY).send("0912345678", "Your code is 123456")
    assert "500" in str(refused.value)
    assert "0912345678" not in str(refused.value) and "123456" not in str(refused.value)
    sms_gateway.answer = (200, {"unexpected": True})
    with pytest.raises(AdapterError, match="message_id"):
        HttpSmsGateway(sms_gateway.url, SMS_KEY).send("0912345678", "text")


# --- the bank and its notification webhook -------------------------------------------------------


def test_the_bank_webhook_marks_a_payment_paid_once(server_db_url: str, bank: LoopbackService) -> None:
    server = running(server_db_url, payment_provider_url=bank.url, payment_provider_key=BANK_KEY)
    try:
        assert isinstance(server.context.payments, BankPaymentProvider)
        kiosk = enroll(server, OFFICE)
        opened = kiosk.request("POST", "/v1/payments", payment_request())
        assert opened.status_code == 200, opened.text
        payment = opened.json()
        assert payment["status"] == "pending" and payment["qr_payload"] == "BANKQR|bank-7781"
        (asked,) = bank.received
        assert asked.headers["x-api-key"] == BANK_KEY
        assert asked.body == {
            "payment_id": payment["payment_id"], "amount": 20000, "currency": "VND", "reference": "CT01",
        }  # fmt: skip
        path = f"/v1/payments/{payment['payment_id']}"

        body = json.dumps({"provider_ref": "bank-7781", "status": "confirmed"}).encode()
        missing = notify(server, body, None)
        assert missing.status_code == 401 and error_of(missing).code is ErrorCode.UNSIGNED
        for wrong in (signed_by_bank(body, "another key"), signed_by_bank(body + b" "), "", "zz"):
            refused = notify(server, body, wrong)
            assert refused.status_code == 401, wrong
            assert error_of(refused).code in (ErrorCode.BAD_SIGNATURE, ErrorCode.UNSIGNED)
        assert kiosk.request("GET", path).json()["status"] == "pending"

        paid = notify(server, body, signed_by_bank(body))
        assert paid.status_code == 200, paid.text
        assert paid.json()["status"] == "confirmed" and paid.json()["confirmed_at"] is not None
        polled = kiosk.request("GET", path).json()
        assert polled["status"] == "confirmed" and polled["confirmed_at"] == paid.json()["confirmed_at"]

        replayed = notify(server, body, signed_by_bank(body))
        assert replayed.status_code == 200 and replayed.json() == paid.json()
        expired = json.dumps({"provider_ref": "bank-7781", "status": "expired"}).encode()
        late = notify(server, expired, signed_by_bank(expired))
        assert late.status_code == 200 and late.json()["status"] == "confirmed"

        unknown = json.dumps({"provider_ref": "bank-0000", "status": "confirmed"}).encode()
        assert notify(server, unknown, signed_by_bank(unknown)).status_code == 404
        assert len(bank.received) == 1  # the webhook never calls the bank back
    finally:
        server.stop()


# --- kiosk-server serve's options -------------------------------------------------------------------


def test_an_adapter_url_needs_its_key_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KIOSK_SERVER_SMS_GATEWAY_KEY", raising=False)
    monkeypatch.delenv("KIOSK_SERVER_SMS_GATEWAY_URL", raising=False)
    assert adapter_endpoint(
        "SMS gateway", None, "KIOSK_SERVER_SMS_GATEWAY_URL", "KIOSK_SERVER_SMS_GATEWAY_KEY"
    ) == (
        None,
        "",
    )
    with pytest.raises(CommandError, match="KIOSK_SERVER_SMS_GATEWAY_KEY"):
        adapter_endpoint(
            "SMS gateway",
            "https://sms.example",
            "KIOSK_SERVER_SMS_GATEWAY_URL",
            "KIOSK_SERVER_SMS_GATEWAY_KEY",
        )
    monkeypatch.setenv("KIOSK_SERVER_SMS_GATEWAY_KEY", SMS_KEY)
    monkeypatch.setenv("KIOSK_SERVER_SMS_GATEWAY_URL", "https://sms.example/send")
    assert adapter_endpoint(
        "SMS gateway", None, "KIOSK_SERVER_SMS_GATEWAY_URL", "KIOSK_SERVER_SMS_GATEWAY_KEY"
    ) == (
        "https://sms.example/send",
        SMS_KEY,
    )
    with pytest.raises(CommandError, match="not an http"):
        adapter_endpoint(
            "SMS gateway", "sms.example", "KIOSK_SERVER_SMS_GATEWAY_URL", "KIOSK_SERVER_SMS_GATEWAY_KEY"
        )

"""Outside services the server talks to, behind small interfaces: the SMS gateway (one-time
passwords) and the payment provider (QR payments).

Three kinds of each, chosen by :func:`sms_gateway_for` / :func:`payment_provider_for` from the
server settings:

* the development ones (``kiosk-server serve --dev``) keep everything in memory: the SMS
  gateway records the messages it would have sent (``GET /v1/dev/sms``) and the payment
  provider confirms a payment when told to (``POST /v1/dev/payments/{id}/confirm``);
* the HTTP ones talk to a real service configured by URL and key: :class:`HttpSmsGateway`
  (a generic SMS gateway: POST JSON with an API key header) and :class:`BankPaymentProvider`
  (opens payment requests at the bank; the bank notifies the server's webhook
  ``POST /v1/payments/notifications`` when a citizen paid, signed with HMAC-SHA256);
* without either, the "not configured" ones: every OTP and payment request is answered 503
  ``not_configured``, so a production server never pretends to send an SMS or take a payment.

Any other gateway or provider is another class with the same methods, handed to
:func:`sync.server.app.create_app`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

import httpx
from pydantic import BaseModel, ValidationError

from sync.protocol import PaymentStatus
from sync.server.settings import utc_now

if TYPE_CHECKING:
    from sync.server.settings import ServerSettings

API_KEY_HEADER = "X-Api-Key"
"""The header carrying the configured key on the server's requests to the SMS gateway and the bank."""
SIGNATURE_HEADER = "X-Signature-SHA256"
"""The header of a payment notification: the lowercase hex HMAC-SHA256 of the raw body under the
payment provider's key."""
ADAPTER_TIMEOUT_S = 10.0


class AdapterError(Exception):
    """The outside service refused or could not be reached; the message is safe to show."""


class AdapterNotConfigured(AdapterError):
    """No real adapter is configured for this service (and the server is not in development mode)."""


class SmsGateway(Protocol):
    def send(self, phone: str, text: str) -> str:
        """Sends ``text`` to ``phone``; returns the gateway's message id. Raises AdapterError."""


@dataclass(frozen=True)
class RecordedSms:
    message_id: str
    phone: str
    text: str
    sent_at: datetime


class DevelopmentSmsGateway:
    """Sends nothing; keeps the messages (in memory only) for tests and demos to read."""

    def __init__(self, clock: Callable[[], datetime] = utc_now) -> None:
        self._now = clock
        self._messages: list[RecordedSms] = []
        self._lock = threading.Lock()

    def send(self, phone: str, text: str) -> str:
        message = RecordedSms(
            message_id=f"sms-{secrets.token_hex(6)}", phone=phone, text=text, sent_at=self._now()
        )
        with self._lock:
            self._messages.append(message)
            del self._messages[:-1000]
        return message.message_id

    def messages(self) -> list[RecordedSms]:
        with self._lock:
            return list(self._messages)


@dataclass(frozen=True)
class ProviderPayment:
    provider_ref: str
    qr_payload: str


class PaymentProvider(Protocol):
    def create(self, *, payment_id: str, amount: int, currency: str, reference: str) -> ProviderPayment:
        """Opens a payment request; returns the provider's reference and the QR text. Raises AdapterError."""

    def status(self, provider_ref: str) -> PaymentStatus:
        """The payment's state at the provider. Raises AdapterError."""


class DevelopmentPaymentProvider:
    """Payments that stay pending until :meth:`confirm` is called (a test, or the demo button)."""

    def __init__(self) -> None:
        self._status: dict[str, PaymentStatus] = {}
        self._lock = threading.Lock()

    def create(self, *, payment_id: str, amount: int, currency: str, reference: str) -> ProviderPayment:
        provider_ref = f"dev-{payment_id}"
        with self._lock:
            self._status[provider_ref] = PaymentStatus.PENDING
        return ProviderPayment(
            provider_ref=provider_ref, qr_payload=f"DEVPAY|{provider_ref}|{amount}|{currency}|{reference}"
        )

    def status(self, provider_ref: str) -> PaymentStatus:
        with self._lock:
            status = self._status.get(provider_ref)
        if status is None:
            raise AdapterError("The payment provider does not know this payment.")
        return status

    def confirm(self, provider_ref: str) -> bool:
        with self._lock:
            if provider_ref not in self._status:
                return False
            self._status[provider_ref] = PaymentStatus.CONFIRMED
            return True


# --- not configured ---------------------------------------------------------------------------


class UnconfiguredSmsGateway:
    """A production server without an SMS gateway: sending refuses (503 ``not_configured``)."""

    def send(self, phone: str, text: str) -> str:
        raise AdapterNotConfigured(
            "No SMS gateway is configured on this server (sms_gateway_url and sms_gateway_key)."
        )


class UnconfiguredPaymentProvider:
    """A production server without a payment provider: payments refuse (503 ``not_configured``)."""

    MESSAGE = (
        "No payment provider is configured on this server (payment_provider_url and payment_provider_key)."
    )

    def create(self, *, payment_id: str, amount: int, currency: str, reference: str) -> ProviderPayment:
        raise AdapterNotConfigured(self.MESSAGE)

    def status(self, provider_ref: str) -> PaymentStatus:
        raise AdapterNotConfigured(self.MESSAGE)


# --- HTTP: a generic SMS gateway and a bank with a notification webhook ---------------------------


class _SmsAccepted(BaseModel):
    message_id: str


class HttpSmsGateway:
    """A generic SMS gateway over HTTPS: ``POST url`` with ``{"to": phone, "text": text}`` and the
    key in ``X-Api-Key``; a 2xx answer ``{"message_id": "..."}`` means the gateway took the SMS.

    Errors never carry the phone number or the text (the text holds the one-time password)."""

    def __init__(
        self,
        url: str,
        key: str,
        *,
        timeout_s: float = ADAPTER_TIMEOUT_S,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.url = url
        self._key = key
        self._timeout_s = timeout_s
        self._transport = transport

    def send(self, phone: str, text: str) -> str:
        answer = _post_json(
            self.url,
            self._key,
            {"to": phone, "text": text},
            timeout_s=self._timeout_s,
            transport=self._transport,
            service="SMS gateway",
        )
        try:
            return _SmsAccepted.model_validate_json(answer).message_id
        except ValidationError as exc:
            raise AdapterError("The SMS gateway's answer has no message_id.") from exc


class _BankPayment(BaseModel):
    provider_ref: str
    qr_payload: str


class PaymentNotification(BaseModel):
    """What the bank posts to ``/v1/payments/notifications`` when a payment changed state."""

    provider_ref: str
    status: PaymentStatus


class BankPaymentProvider:
    r"""A bank's payment requests: :meth:`create` ``POST``\ s ``{"payment_id", "amount", "currency",
    "reference"}`` to ``url`` (key in ``X-Api-Key``) and the bank answers ``{"provider_ref",
    "qr_payload"}``. The bank then calls the server's webhook when the citizen paid; until then
    :meth:`status` is pending (the webhook, not polling, moves a payment on)."""

    def __init__(
        self,
        url: str,
        key: str,
        *,
        timeout_s: float = ADAPTER_TIMEOUT_S,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.url = url
        self._key = key.encode()
        self._timeout_s = timeout_s
        self._transport = transport

    def create(self, *, payment_id: str, amount: int, currency: str, reference: str) -> ProviderPayment:
        body = {"payment_id": payment_id, "amount": amount, "currency": currency, "reference": reference}
        answer = _post_json(
            self.url,
            self._key.decode(),
            body,
            timeout_s=self._timeout_s,
            transport=self._transport,
            service="bank",
        )
        try:
            opened = _BankPayment.model_validate_json(answer)
        except ValidationError as exc:
            raise AdapterError("The bank's answer has no provider_ref and qr_payload.") from exc
        return ProviderPayment(provider_ref=opened.provider_ref, qr_payload=opened.qr_payload)

    def status(self, provider_ref: str) -> PaymentStatus:
        return PaymentStatus.PENDING

    def signature(self, body: bytes) -> str:
        """The signature the bank puts in ``X-Signature-SHA256`` over ``body``."""
        return hmac.new(self._key, body, hashlib.sha256).hexdigest()

    def verify(self, body: bytes, signature: str) -> bool:
        """Whether ``signature`` is the bank's over ``body`` (compared in constant time)."""
        return hmac.compare_digest(self.signature(body).encode(), signature.strip().lower().encode())


def _post_json(
    url: str,
    key: str,
    body: dict[str, object],
    *,
    timeout_s: float,
    transport: httpx.BaseTransport | None,
    service: str,
) -> bytes:
    try:
        with httpx.Client(timeout=timeout_s, transport=transport) as client:
            response = client.post(url, json=body, headers={API_KEY_HEADER: key})
    except httpx.HTTPError as exc:
        raise AdapterError(f"The {service} could not be reached ({type(exc).__name__}).") from exc
    if not response.is_success:
        raise AdapterError(f"The {service} answered HTTP {response.status_code}.")
    return response.content


def sms_gateway_for(settings: ServerSettings) -> SmsGateway:
    """The configured gateway: HTTP when ``sms_gateway_url`` is set, else the development one
    in development mode, else one that refuses (503 ``not_configured``)."""
    if settings.sms_gateway_url:
        return HttpSmsGateway(settings.sms_gateway_url, settings.sms_gateway_key)
    if settings.development:
        return DevelopmentSmsGateway(settings.clock)
    return UnconfiguredSmsGateway()


def payment_provider_for(settings: ServerSettings) -> PaymentProvider:
    """The configured provider: the bank when ``payment_provider_url`` is set, else the
    development one in development mode, else one that refuses (503 ``not_configured``)."""
    if settings.payment_provider_url:
        return BankPaymentProvider(settings.payment_provider_url, settings.payment_provider_key)
    if settings.development:
        return DevelopmentPaymentProvider()
    return UnconfiguredPaymentProvider()

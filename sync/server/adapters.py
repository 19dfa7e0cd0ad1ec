"""Outside services the server talks to, behind small interfaces: the SMS gateway (one-time
passwords) and the payment provider (QR payments).

The development implementations keep everything in memory: the SMS gateway records the
messages it would have sent (``GET /v1/dev/sms``) and the payment provider confirms a
payment when told to (``POST /v1/dev/payments/{id}/confirm``). A real gateway or provider
is another class with the same methods, handed to :func:`sync.server.app.create_app`.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sync.protocol import PaymentStatus
from sync.server.settings import utc_now


class AdapterError(Exception):
    """The outside service refused or could not be reached; the message is safe to show."""


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

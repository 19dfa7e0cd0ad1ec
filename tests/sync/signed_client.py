"""A minimal signed HTTP client for server tests: enrolls a key pair, signs every request."""

from __future__ import annotations

import gzip
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pydantic import BaseModel

from sync.personal_envelope import load_public_key_text, seal_personal
from sync.protocol import EnrollmentRequest, Transaction
from sync.server.embedded import EmbeddedServer
from sync.signing import generate_private_key, public_key_b64, sign_request


@dataclass
class KioskIdentity:
    """An enrolled kiosk: its id, office and private key, and a client to its server."""

    base_url: str
    kiosk_id: str
    office_code: str
    key: Ed25519PrivateKey
    client: httpx.Client = field(repr=False)
    data_public_key: str = ""
    """The server's data public key from the enrollment answer."""

    def sealed(self, transaction: Transaction) -> Transaction:
        """``transaction`` with clear personal fields sealed to the server, as a kiosk sends it."""
        if not isinstance(transaction.personal, dict):
            return transaction
        envelope = seal_personal(
            transaction.personal,
            recipient=load_public_key_text(self.data_public_key),
            bound_to=transaction.idempotency_key,
        )
        return transaction.model_copy(update={"personal": envelope})

    def request(
        self,
        method: str,
        path: str,
        body: BaseModel | bytes | None = None,
        *,
        gzipped: bool = False,
        headers: dict[str, str] | None = None,
        now: float | None = None,
        sign: bool = True,
    ) -> httpx.Response:
        """Sends a signed request (the signature covers the body as sent, i.e. gzipped if so)."""
        raw = body.model_dump_json().encode() if isinstance(body, BaseModel) else (body or b"")
        sent_headers = {"Content-Type": "application/json"} if body is not None else {}
        if gzipped:
            raw = gzip.compress(raw)
            sent_headers["Content-Encoding"] = "gzip"
        if sign:
            sent_headers.update(
                sign_request(
                    self.key, self.kiosk_id, method, path, raw, now=now if now is not None else time.time()
                )
            )
        sent_headers.update(headers or {})
        return self.client.request(method, self.base_url + path, content=raw, headers=sent_headers)


def enroll(
    server: EmbeddedServer, office_code: str, *, profile: str = "vn", label: str = "kiosk"
) -> KioskIdentity:
    code = server.issue_enrollment_code(office_code, profile)
    key = generate_private_key()
    client = httpx.Client(timeout=30)
    answer = client.post(
        f"{server.url}/v1/enroll",
        content=EnrollmentRequest(code=code, public_key=public_key_b64(key), label=label).model_dump_json(),
        headers={"Content-Type": "application/json"},
    )
    assert answer.status_code == 201, answer.text
    return KioskIdentity(
        base_url=server.url,
        kiosk_id=answer.json()["kiosk_id"],
        office_code=office_code,
        key=key,
        client=client,
        data_public_key=answer.json()["data_public_key"],
    )


def queue_ticket(
    office_code: str,
    number: int,
    *,
    kiosk_id: str,
    sequence: int | None = None,
    personal: dict[str, Any] | None = None,
) -> Transaction:
    """A ``queue_ticket`` transaction as the kiosk's queue service writes it (``kiosk_id``: the
    server's id of the kiosk that signs the upload)."""
    now = datetime.now(UTC)
    return Transaction(
        idempotency_key=str(uuid.uuid4()),
        kind="queue_ticket",
        schema_version=1,
        created_at=now,
        device_sequence=sequence if sequence is not None else number,
        payload={
            "office_code": office_code,
            "kiosk_id": kiosk_id,
            "category": "A",
            "service_date": date(2026, 11, 23).isoformat(),
            "number": number,
            "issued_at": now.isoformat(),
            "language": "vi",
        },
        personal=personal,
    )

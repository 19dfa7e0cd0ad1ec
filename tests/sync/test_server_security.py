"""Every kind of request the server must refuse, over HTTP, on SQLite and PostgreSQL:
unsigned, altered, replayed, expired, unknown or revoked kiosk, and other-office data."""

from __future__ import annotations

import gzip
import time

import httpx
import pytest

from sync.protocol import ErrorBody, ErrorCode, Heartbeat, IngestBatch, NumberLeaseRequest, NumberSeries
from sync.server.embedded import EmbeddedServer
from sync.server.enrollment import revoke_kiosk
from sync.server.models import IngestedTransaction
from sync.signing import (
    HEADER_KIOSK_ID,
    HEADER_NONCE,
    HEADER_SIGNATURE,
    HEADER_TIMESTAMP,
    generate_private_key,
    sign_request,
)
from tests.sync.conftest import OFFICE, OTHER_OFFICE
from tests.sync.signed_client import KioskIdentity, enroll, queue_ticket


def batch_bytes(kiosk: KioskIdentity, office: str = OFFICE) -> bytes:
    kiosk_id = kiosk.kiosk_id
    return (
        IngestBatch(office_code=office, transactions=[queue_ticket(office, 1, kiosk_id=kiosk_id)])
        .model_dump_json()
        .encode()
    )


def refusal(response: httpx.Response, status: int, code: ErrorCode) -> ErrorBody:
    assert response.status_code == status, response.text
    body = ErrorBody.model_validate_json(response.content)
    assert body.code is code
    assert body.message and "\n" not in body.message and "Traceback" not in body.message
    return body


def applied(server: EmbeddedServer) -> int:
    from sqlalchemy import func, select

    with server.context.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(IngestedTransaction)) or 0)


def post(
    kiosk: KioskIdentity, body: bytes, headers: dict[str, str], path: str = "/v1/ingest"
) -> httpx.Response:
    return kiosk.client.post(
        kiosk.base_url + path, content=body, headers={"Content-Type": "application/json", **headers}
    )


def test_unsigned_request_is_refused(kiosk: KioskIdentity, server: EmbeddedServer) -> None:
    """GIVEN a valid batch
    WHEN it is posted without signature headers, or with one header missing or malformed
    THEN 401 unsigned, and nothing is applied
    """
    body = batch_bytes(kiosk)
    assert refusal(post(kiosk, body, {}), 401, ErrorCode.UNSIGNED).message.startswith(
        "The request is not signed"
    )
    signed = sign_request(kiosk.key, kiosk.kiosk_id, "POST", "/v1/ingest", body, now=time.time())
    without_nonce = {name: value for name, value in signed.items() if name != HEADER_NONCE}
    refusal(post(kiosk, body, without_nonce), 401, ErrorCode.UNSIGNED)
    refusal(post(kiosk, body, {**signed, HEADER_SIGNATURE: "bm90IGEgc2lnbmF0dXJl"}), 401, ErrorCode.UNSIGNED)
    refusal(post(kiosk, body, {**signed, HEADER_TIMESTAMP: "yesterday"}), 401, ErrorCode.UNSIGNED)
    assert applied(server) == 0


@pytest.mark.parametrize("alteration", ["body", "path", "method", "kiosk id", "gzip body"])
def test_altered_request_is_refused(kiosk: KioskIdentity, server: EmbeddedServer, alteration: str) -> None:
    """GIVEN a correctly signed request
    WHEN one signed part is changed on the way (body, path, method, kiosk id, compressed bytes)
    THEN 401 bad_signature (or unknown kiosk for another id), and nothing is applied
    """
    body = batch_bytes(kiosk)
    headers = sign_request(kiosk.key, kiosk.kiosk_id, "POST", "/v1/ingest", body, now=time.time())
    if alteration == "body":
        answer = post(kiosk, body.replace(b'"number":1', b'"number":2'), headers)
    elif alteration == "path":
        answer = post(kiosk, body, headers, path="/v1/heartbeat")
    elif alteration == "method":
        answer = kiosk.client.request("PUT", kiosk.base_url + "/v1/ingest", content=body, headers=headers)
        assert answer.status_code == 405  # no such route: refused before any work
        return
    elif alteration == "kiosk id":
        other = enroll(server, OFFICE, label="other")
        answer = post(kiosk, body, {**headers, HEADER_KIOSK_ID: other.kiosk_id})
    else:
        packed = gzip.compress(body)
        signed = sign_request(kiosk.key, kiosk.kiosk_id, "POST", "/v1/ingest", packed, now=time.time())
        repacked = gzip.compress(body, compresslevel=1)  # same content, other bytes than were signed
        assert repacked != packed
        answer = post(kiosk, repacked, {**signed, "Content-Encoding": "gzip"})
    refusal(answer, 401, ErrorCode.BAD_SIGNATURE)
    assert applied(server) == 0


def test_request_signed_by_another_key_is_refused(kiosk: KioskIdentity, server: EmbeddedServer) -> None:
    """GIVEN an attacker who knows the kiosk id but not its key
    WHEN they sign a batch with their own key
    THEN 401 bad_signature
    """
    body = batch_bytes(kiosk)
    forged = sign_request(generate_private_key(), kiosk.kiosk_id, "POST", "/v1/ingest", body, now=time.time())
    refusal(post(kiosk, body, forged), 401, ErrorCode.BAD_SIGNATURE)
    assert applied(server) == 0


def test_replayed_request_is_refused(kiosk: KioskIdentity, server: EmbeddedServer) -> None:
    """GIVEN a signed batch that was accepted
    WHEN the very same request (same nonce) is sent again
    THEN 401 replayed; a fresh signature of the same batch is accepted (as a duplicate)
    """
    body = batch_bytes(kiosk)
    headers = sign_request(kiosk.key, kiosk.kiosk_id, "POST", "/v1/ingest", body, now=time.time())
    assert post(kiosk, body, headers).status_code == 200
    refusal(post(kiosk, body, headers), 401, ErrorCode.REPLAYED)
    again = kiosk.request("POST", "/v1/ingest", body)
    assert again.status_code == 200 and again.json()["results"][0]["status"] == "duplicate"
    assert applied(server) == 1


@pytest.mark.parametrize("offset_s", [-301, 301, -86400])
def test_expired_request_is_refused(kiosk: KioskIdentity, server: EmbeddedServer, offset_s: int) -> None:
    """GIVEN a kiosk whose clock is off by more than the allowed skew (300 s), either way
    WHEN it sends a signed batch
    THEN 401 expired, with the server's time in the answer so the kiosk can correct its clock
    """
    answer = kiosk.request("POST", "/v1/ingest", batch_bytes(kiosk), now=time.time() + offset_s)
    body = refusal(answer, 401, ErrorCode.EXPIRED)
    assert body.server_time is not None and abs(body.server_time.timestamp() - time.time()) < 60
    assert "clock" in body.message
    assert applied(server) == 0


def test_within_the_skew_window_is_accepted(kiosk: KioskIdentity) -> None:
    """GIVEN a kiosk clock 4 minutes behind
    WHEN it sends a signed heartbeat
    THEN the server accepts it
    """
    from datetime import UTC, datetime

    beat = Heartbeat(
        office_code=OFFICE, software_version="1", sent_at=datetime.now(UTC), backlog=0, dead_letters=0
    )
    assert kiosk.request("POST", "/v1/heartbeat", beat, now=time.time() - 240).status_code == 200


def test_unknown_kiosk_is_refused(kiosk: KioskIdentity) -> None:
    """GIVEN a kiosk id the server never enrolled
    WHEN a request is signed with it
    THEN 401 unknown_kiosk, telling the technician to enroll again
    """
    body = batch_bytes(kiosk)
    headers = sign_request(kiosk.key, "k0000000000000000", "POST", "/v1/ingest", body, now=time.time())
    assert "enroll it again" in refusal(post(kiosk, body, headers), 401, ErrorCode.UNKNOWN_KIOSK).message


def test_revoked_kiosk_is_refused(kiosk: KioskIdentity, server: EmbeddedServer) -> None:
    """GIVEN an enrolled kiosk whose key is then revoked
    WHEN it sends a correctly signed batch
    THEN 401 revoked_kiosk, and nothing is applied
    """
    from datetime import UTC, datetime

    with server.context.sessions.begin() as session:
        assert revoke_kiosk(session, kiosk.kiosk_id, now=datetime.now(UTC))
    refusal(kiosk.request("POST", "/v1/ingest", batch_bytes(kiosk)), 401, ErrorCode.REVOKED_KIOSK)
    assert applied(server) == 0


def test_other_office_data_is_refused(kiosk: KioskIdentity, server: EmbeddedServer) -> None:
    """GIVEN a kiosk enrolled for office A
    WHEN it posts a batch, a heartbeat and a lease request for office B (correctly signed)
    THEN each is 403 other_office, and nothing is applied or leased
    """
    from datetime import UTC, date, datetime

    refusal(
        kiosk.request("POST", "/v1/ingest", batch_bytes(kiosk, OTHER_OFFICE)), 403, ErrorCode.OTHER_OFFICE
    )
    beat = Heartbeat(
        office_code=OTHER_OFFICE, software_version="1", sent_at=datetime.now(UTC), backlog=0, dead_letters=0
    )
    refusal(kiosk.request("POST", "/v1/heartbeat", beat), 403, ErrorCode.OTHER_OFFICE)
    lease = NumberLeaseRequest(
        office_code=OTHER_OFFICE,
        kind=NumberSeries.TICKET_NUMBERS,
        series="A",
        service_date=date(2026, 11, 23),
        count=5,
    )
    refusal(kiosk.request("POST", "/v1/leases/numbers", lease), 403, ErrorCode.OTHER_OFFICE)
    assert applied(server) == 0
    mine = NumberLeaseRequest(**{**lease.model_dump(), "office_code": OFFICE})
    assert kiosk.request("POST", "/v1/leases/numbers", mine).json()["first"] == 1  # nothing was leased for B


def test_reference_data_needs_a_signature(kiosk: KioskIdentity) -> None:
    """GIVEN the reference endpoints
    WHEN fetched without signature
    THEN 401 (officer credentials and dossier status are not public)
    """
    for path in ("/v1/reference", "/v1/reference/officer_credentials", "/v1/reference/dossier_status"):
        refusal(kiosk.client.get(kiosk.base_url + path), 401, ErrorCode.UNSIGNED)


def test_signed_query_string_cannot_be_changed(kiosk: KioskIdentity) -> None:
    """GIVEN a signed GET of dossier status changes since version 0
    WHEN the query string is changed on the way
    THEN 401 bad_signature
    """
    headers = sign_request(
        kiosk.key, kiosk.kiosk_id, "GET", "/v1/reference/dossier_status?since=0", b"", now=time.time()
    )
    assert (
        kiosk.client.get(kiosk.base_url + "/v1/reference/dossier_status?since=0", headers=headers).status_code
        == 200
    )
    headers = sign_request(
        kiosk.key, kiosk.kiosk_id, "GET", "/v1/reference/dossier_status?since=0", b"", now=time.time()
    )
    answer = kiosk.client.get(kiosk.base_url + "/v1/reference/dossier_status?since=5", headers=headers)
    refusal(answer, 401, ErrorCode.BAD_SIGNATURE)

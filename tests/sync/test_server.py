"""The central server over real HTTP on loopback, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
from sqlalchemy import select

from sync.protocol import (
    MAX_BATCH_ITEMS,
    DeviceHealth,
    EnrollmentRequest,
    ErrorBody,
    ErrorCode,
    Heartbeat,
    IngestBatch,
    IngestResponse,
    IngestStatus,
    NumberLeaseRequest,
    NumberSeries,
    OtpCheck,
    OtpRequest,
    PaymentCreate,
    ReferenceDocument,
    ReferenceName,
    SlotQuotaRequest,
    Transaction,
    verify_officer_password,
)
from sync.server.embedded import EmbeddedServer
from sync.server.models import IngestedTransaction
from sync.server.reference import add_officer, record_dossier_status, store_document
from sync.server.sealing import PersonalDataSealer
from sync.signing import generate_private_key, public_key_b64
from tests.sync.conftest import OFFICE, OTHER_OFFICE
from tests.sync.signed_client import KioskIdentity, enroll, queue_ticket

CITIZEN = {"id_number": "001089012345", "name": "Nguyễn Thị Minh Khai", "phone": "0912345678"}


def ingest(kiosk: KioskIdentity, transactions: list[Transaction], *, gzipped: bool = False) -> IngestResponse:
    response = kiosk.request(
        "POST",
        "/v1/ingest",
        IngestBatch(
            office_code=kiosk.office_code, transactions=[kiosk.sealed(item) for item in transactions]
        ),
        gzipped=gzipped,
    )
    assert response.status_code == 200, response.text
    return IngestResponse.model_validate_json(response.content)


def error_of(response: httpx.Response) -> ErrorBody:
    return ErrorBody.model_validate_json(response.content)


def test_health_and_openapi_over_http(server: EmbeddedServer) -> None:
    """GIVEN the server on loopback
    WHEN the health check and /openapi.json are fetched
    THEN it answers ok, and the schema lists every endpoint with the protocol's request models
    """
    response = httpx.get(f"{server.url}/v1/health", timeout=5)
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["protocol_version"] == 1
    openapi = httpx.get(f"{server.url}/openapi.json", timeout=5).json()
    for path in ("/v1/health", "/v1/enroll", "/v1/ingest", "/v1/heartbeat", "/v1/reference/{name}"):
        assert path in openapi["paths"]
    assert "/v1/leases/numbers" in openapi["paths"] and "/v1/leases/slots" in openapi["paths"]
    schemas = openapi["components"]["schemas"]
    for model in ("IngestBatch", "Transaction", "IngestResponse", "IngestResult", "ErrorBody", "Heartbeat"):
        assert model in schemas
    ingest_body = openapi["paths"]["/v1/ingest"]["post"]["requestBody"]["content"]["application/json"][
        "schema"
    ]
    assert ingest_body == {"$ref": "#/components/schemas/IngestBatch"}
    assert set(schemas["Transaction"]["required"]) >= {
        "idempotency_key",
        "kind",
        "payload",
        "device_sequence",
    }


def test_enrollment_code_is_single_use(server: EmbeddedServer) -> None:
    """GIVEN a one-time code issued for an office
    WHEN two kiosks enroll with it
    THEN the first gets a kiosk id bound to that office and the second is refused (403)
    """
    code = server.issue_enrollment_code(OFFICE, "vn")
    first = httpx.post(
        f"{server.url}/v1/enroll",
        content=EnrollmentRequest(
            code=code.lower(), public_key=public_key_b64(generate_private_key())
        ).model_dump_json(),
    )
    assert first.status_code == 201, first.text
    assert first.json()["office_code"] == OFFICE
    assert first.json()["profile"] == "vn"
    second = httpx.post(
        f"{server.url}/v1/enroll",
        content=EnrollmentRequest(
            code=code, public_key=public_key_b64(generate_private_key())
        ).model_dump_json(),
    )
    assert second.status_code == 403
    assert error_of(second).code is ErrorCode.BAD_ENROLLMENT_CODE
    assert "already used" in error_of(second).message


def test_expired_unknown_code_and_bad_key_are_refused(server: EmbeddedServer) -> None:
    """GIVEN a code that has expired, a code never issued, and a valid code with a malformed key
    WHEN kiosks enroll with them
    THEN each is refused with a reason a technician can act on, and the valid code stays unused
    """
    with server.context.sessions.begin() as session:
        from sync.server.enrollment import issue_enrollment_code

        expired = issue_enrollment_code(
            session, office_code=OFFICE, profile="vn", ttl_s=60, now=datetime.now(UTC) - timedelta(hours=1)
        )
    key = public_key_b64(generate_private_key())
    answer = httpx.post(
        f"{server.url}/v1/enroll", content=EnrollmentRequest(code=expired, public_key=key).model_dump_json()
    )
    assert answer.status_code == 403 and "expired" in error_of(answer).message
    answer = httpx.post(
        f"{server.url}/v1/enroll",
        content=EnrollmentRequest(code="AAAA-BBBB-CCCC-DDDD", public_key=key).model_dump_json(),
    )
    assert answer.status_code == 403 and "not known" in error_of(answer).message
    good = server.issue_enrollment_code(OFFICE)
    answer = httpx.post(
        f"{server.url}/v1/enroll", content=EnrollmentRequest(code=good, public_key="AAAA").model_dump_json()
    )
    assert answer.status_code == 422 and error_of(answer).code is ErrorCode.INVALID_REQUEST
    answer = httpx.post(
        f"{server.url}/v1/enroll", content=EnrollmentRequest(code=good, public_key=key).model_dump_json()
    )
    assert answer.status_code == 201


def test_ingest_acknowledges_and_a_replay_gets_the_same_ack(
    kiosk: KioskIdentity, server: EmbeddedServer
) -> None:
    """GIVEN a batch of three transactions
    WHEN it is sent, then sent again (gzipped this time)
    THEN all are acknowledged once, the replay answers duplicate with the same ack ids and times,
    and the database holds each transaction once
    """
    batch = [queue_ticket(OFFICE, number, kiosk_id=kiosk.kiosk_id) for number in (1, 2, 3)]
    first = ingest(kiosk, batch)
    assert [result.status for result in first.results] == [IngestStatus.ACKNOWLEDGED] * 3
    assert [result.idempotency_key for result in first.results] == [item.idempotency_key for item in batch]
    assert all(result.settled for result in first.results)
    replay = ingest(kiosk, batch, gzipped=True)
    assert [result.status for result in replay.results] == [IngestStatus.DUPLICATE] * 3
    assert [(r.ack_id, r.received_at) for r in replay.results] == [
        (r.ack_id, r.received_at) for r in first.results
    ]
    assert len({result.ack_id for result in first.results}) == 3
    with server.context.sessions() as session:
        keys = session.scalars(select(IngestedTransaction.idempotency_key)).all()
    assert sorted(keys) == sorted(item.idempotency_key for item in batch)


def test_one_bad_item_is_rejected_and_the_others_applied(
    kiosk: KioskIdentity, server: EmbeddedServer
) -> None:
    """GIVEN a batch with a good item, an unknown kind, a payload out of range, a malformed
    item, an item for another office, and a repeat of the good item's key with other content
    WHEN it is ingested
    THEN only the good item is applied; each other gets a readable reason, and stats count them
    """
    good = queue_ticket(OFFICE, 7, kiosk_id=kiosk.kiosk_id)
    unknown = Transaction(
        **{**queue_ticket(OFFICE, 8, kiosk_id=kiosk.kiosk_id).model_dump(), "kind": "teleport"}
    )
    out_of_range = queue_ticket(OFFICE, 9, kiosk_id=kiosk.kiosk_id)
    out_of_range = Transaction(
        **{**out_of_range.model_dump(), "payload": {**out_of_range.payload, "number": 5000}}
    )
    elsewhere = queue_ticket(OTHER_OFFICE, 10, kiosk_id=kiosk.kiosk_id)
    altered = Transaction(**{**good.model_dump(), "payload": {**good.payload, "number": 8}})
    malformed_key = str(uuid.uuid4())
    body = json.loads(IngestBatch(office_code=OFFICE, transactions=[good, unknown]).model_dump_json())
    body["transactions"] += [
        json.loads(out_of_range.model_dump_json()),
        {"idempotency_key": malformed_key, "kind": "queue_ticket"},
        json.loads(elsewhere.model_dump_json()),
        json.loads(altered.model_dump_json()),
    ]
    response = kiosk.request("POST", "/v1/ingest", json.dumps(body).encode())
    assert response.status_code == 200, response.text
    results = IngestResponse.model_validate_json(response.content).results
    statuses = [result.status for result in results]
    assert statuses == [IngestStatus.ACKNOWLEDGED] + [IngestStatus.REJECTED] * 5
    reasons = [result.reason or "" for result in results[1:]]
    assert "does not know transactions of kind 'teleport'" in reasons[0]
    assert "payload.number" in reasons[1]
    assert results[3].idempotency_key == malformed_key and "malformed" in reasons[2]
    assert OTHER_OFFICE in reasons[3] and "enrolled for office" in reasons[3]
    assert "already used for a different transaction" in reasons[4]
    stats = server_stats(server)
    assert stats["totals"] == {"kiosks": 1, "acknowledged": 1, "rejected": 5}


def server_stats(server: EmbeddedServer) -> dict[str, object]:
    from sync.server.stats import collect_stats

    with server.context.sessions() as session:
        return collect_stats(session)


def test_duplicate_within_one_batch_is_applied_once(kiosk: KioskIdentity, server: EmbeddedServer) -> None:
    """GIVEN a batch that carries the same transaction twice
    WHEN it is ingested
    THEN the first copy is acknowledged, the second is a duplicate with the same ack
    """
    item = queue_ticket(OFFICE, 4, kiosk_id=kiosk.kiosk_id)
    results = ingest(kiosk, [item, item]).results
    assert [result.status for result in results] == [IngestStatus.ACKNOWLEDGED, IngestStatus.DUPLICATE]
    assert results[0].ack_id == results[1].ack_id
    assert server_stats(server)["totals"] == {"kiosks": 1, "acknowledged": 1, "rejected": 0}


def test_personal_fields_are_sealed_at_rest(kiosk: KioskIdentity, server: EmbeddedServer) -> None:
    """GIVEN a transaction with the citizen's ID number, name and phone in its personal fields
    WHEN it is ingested
    THEN the stored row holds none of them in clear, and they open with the server's data key
    """
    item = queue_ticket(OFFICE, 11, kiosk_id=kiosk.kiosk_id, personal=CITIZEN)
    ingest(kiosk, [item])
    with server.context.sessions() as session:
        row = session.scalars(select(IngestedTransaction)).one()
    stored = (row.payload + repr(row.personal_sealed)).encode()
    for value in CITIZEN.values():
        assert value.encode() not in stored
        assert value.encode("utf-8") not in (row.personal_sealed or b"")
    sealer = PersonalDataSealer(server.settings.data_key)
    assert row.personal_sealed is not None
    assert sealer.open(row.personal_sealed, bound_to=item.idempotency_key) == CITIZEN


def test_whole_batch_refusals(kiosk: KioskIdentity) -> None:
    """GIVEN batches that cannot be read as a whole: not JSON, too many items, an unknown
    protocol version, an item without a usable key, a gzip body that is cut short
    WHEN each is sent signed
    THEN each is refused with its status and a readable reason, and nothing is applied
    """
    answer = kiosk.request("POST", "/v1/ingest", b"{not json")
    assert answer.status_code == 422 and "not JSON" in error_of(answer).message
    too_many = IngestBatch.model_construct(
        protocol_version=1,
        office_code=OFFICE,
        transactions=[queue_ticket(OFFICE, 1, kiosk_id=kiosk.kiosk_id)] * (MAX_BATCH_ITEMS + 1),
    )
    answer = kiosk.request("POST", "/v1/ingest", too_many.model_dump_json().encode())
    assert answer.status_code == 413 and error_of(answer).code is ErrorCode.TOO_LARGE
    future = json.loads(
        IngestBatch(
            office_code=OFFICE, transactions=[queue_ticket(OFFICE, 1, kiosk_id=kiosk.kiosk_id)]
        ).model_dump_json()
    )
    future["protocol_version"] = 9
    answer = kiosk.request("POST", "/v1/ingest", json.dumps(future).encode())
    assert answer.status_code == 426 and "version 1" in error_of(answer).message
    keyless = {"protocol_version": 1, "office_code": OFFICE, "transactions": [{"kind": "queue_ticket"}]}
    answer = kiosk.request("POST", "/v1/ingest", json.dumps(keyless).encode())
    assert answer.status_code == 422 and "Transaction 0" in error_of(answer).message
    import gzip

    cut = gzip.compress(
        IngestBatch(office_code=OFFICE, transactions=[queue_ticket(OFFICE, 1, kiosk_id=kiosk.kiosk_id)])
        .model_dump_json()
        .encode()
    )
    answer = kiosk.request("POST", "/v1/ingest", cut[:-12], headers={"Content-Encoding": "gzip"})
    assert answer.status_code == 400 and "gzip" in error_of(answer).message


def test_heartbeat_is_stored_and_answers_reference_versions(
    kiosk: KioskIdentity, server: EmbeddedServer
) -> None:
    """GIVEN an enrolled kiosk
    WHEN it sends a heartbeat with its backlog, dead letters and device health
    THEN the server keeps them for the dashboard and answers every reference document's version
    """
    beat = Heartbeat(
        office_code=OFFICE,
        software_version="1.2.3",
        sent_at=datetime.now(UTC),
        backlog=12,
        dead_letters=2,
        last_error="server unreachable",
        devices={
            "printer": DeviceHealth(status="degraded", detail="paper low"),
            "card": DeviceHealth(status="ok"),
        },
    )
    answer = kiosk.request("POST", "/v1/heartbeat", beat)
    assert answer.status_code == 200, answer.text
    assert set(answer.json()["reference_versions"]) == {name.value for name in ReferenceName}
    stats = server_stats(server)
    (row,) = stats["kiosks"]  # type: ignore[misc]
    assert row["backlog"] == 12 and row["dead_letters"] == 2 and row["software_version"] == "1.2.3"
    page = httpx.get(f"{server.url}/dashboard").text
    assert f'data-kiosk-id="{kiosk.kiosk_id}"' in page and "paper low" in page


def test_reference_documents_with_etags(kiosk: KioskIdentity, server: EmbeddedServer) -> None:
    """GIVEN the seeded reference data of the vn profile
    WHEN a kiosk fetches each document, then again with its ETag, then after a change
    THEN it gets the data, then 304, then the new version with a new ETag
    """
    documents = {}
    for name in ReferenceName:
        answer = kiosk.request("GET", f"/v1/reference/{name.value}")
        assert answer.status_code == 200, answer.text
        document = ReferenceDocument.model_validate_json(answer.content)
        assert answer.headers["ETag"] == document.etag
        documents[name] = document
        unchanged = kiosk.request(
            "GET", f"/v1/reference/{name.value}", headers={"If-None-Match": document.etag}
        )
        assert unchanged.status_code == 304 and unchanged.content == b""
    catalogue = documents[ReferenceName.CATALOGUE].data
    assert isinstance(catalogue, dict)
    assert [category["code"] for category in catalogue["queue_categories"]] == ["A", "B", "C", "D"]
    assert any(service["code"] == "HT01" for service in catalogue["services"])
    holidays = documents[ReferenceName.HOLIDAYS].data
    assert isinstance(holidays, list) and {"date": "2026-09-02"}.items() <= holidays[-1].items()
    slots = documents[ReferenceName.APPOINTMENT_SLOTS].data
    assert isinstance(slots, list) and slots and all(slot["capacity"] == 4 for slot in slots)

    with server.context.sessions.begin() as session:
        store_document(session, "profile:vn", "fees", [{"code": "X", "amount": 1}], now=datetime.now(UTC))
    changed = kiosk.request(
        "GET", "/v1/reference/fees", headers={"If-None-Match": documents[ReferenceName.FEES].etag}
    )
    assert changed.status_code == 200
    assert changed.json()["version"] == documents[ReferenceName.FEES].version + 1
    assert changed.headers["ETag"] != documents[ReferenceName.FEES].etag


def test_officer_credentials_hold_only_scrypt_hashes(kiosk: KioskIdentity, server: EmbeddedServer) -> None:
    """GIVEN an officer added to the kiosk's office
    WHEN the kiosk pulls officer_credentials
    THEN it gets the officer with a scrypt hash that verifies the password, never the password
    """
    from sync.protocol import hash_officer_password
    from sync.server.models import Office

    with server.context.sessions.begin() as session:
        office = session.get(Office, OFFICE)
        assert office is not None
        add_officer(
            session,
            office,
            officer_id="cb01",
            name="Trần Văn Bình",
            role="registrar",
            password_hash=hash_officer_password("correct horse"),
            now=datetime.now(UTC),
        )
    answer = kiosk.request("GET", "/v1/reference/officer_credentials")
    assert answer.status_code == 200
    assert answer.json()["version"] == 2  # above the profile's empty list (version 1)
    (officer,) = answer.json()["data"]
    assert officer["officer_id"] == "cb01" and "correct horse" not in answer.text
    assert officer["password_hash"].startswith("scrypt$")
    assert verify_officer_password("correct horse", officer["password_hash"])
    assert not verify_officer_password("wrong horse", officer["password_hash"])


def test_dossier_status_changes_since_a_version(kiosk: KioskIdentity, server: EmbeddedServer) -> None:
    """GIVEN three status changes recorded for the office and one for another office
    WHEN the kiosk pulls dossier_status, then asks for the changes since the first
    THEN it sees its office's three, then only the two after the first
    """
    with server.context.sessions.begin() as session:
        now = datetime.now(UTC)
        first = record_dossier_status(
            session, office_code=OFFICE, dossier_code="D-1", status="received", note="", now=now
        )
        record_dossier_status(
            session, office_code=OFFICE, dossier_code="D-1", status="in_progress", note="", now=now
        )
        record_dossier_status(
            session, office_code=OTHER_OFFICE, dossier_code="X-9", status="done", note="", now=now
        )
        last = record_dossier_status(
            session, office_code=OFFICE, dossier_code="D-2", status="ready", note="counter 3", now=now
        )
    everything = kiosk.request("GET", "/v1/reference/dossier_status").json()
    assert everything["version"] == last
    assert [change["dossier_code"] for change in everything["data"]["changes"]] == ["D-1", "D-1", "D-2"]
    newer = kiosk.request("GET", f"/v1/reference/dossier_status?since={first}").json()
    assert [change["status"] for change in newer["data"]["changes"]] == ["in_progress", "ready"]


def test_number_leases_follow_each_other_and_run_out(server: EmbeddedServer) -> None:
    """GIVEN two kiosks of one office
    WHEN they lease ticket-number ranges of category A for one day in turn, past the day's last leasable number (900; 901-999 are fallback blocks)
    THEN the ranges follow each other without overlap, the last is cut at 900, then 409;
    another day and the dossier-code series start again at 1
    """
    one, two = enroll(server, OFFICE, label="one"), enroll(server, OFFICE, label="two")
    day = date(2026, 11, 23)

    held: dict[str, list[int]] = {one.kiosk_id: [], two.kiosk_id: []}

    def lease(
        kiosk: KioskIdentity, count: int, kind: NumberSeries = NumberSeries.TICKET_NUMBERS, on: date = day
    ) -> httpx.Response:
        request = NumberLeaseRequest(
            office_code=OFFICE,
            kind=kind,
            series="A",
            service_date=on,
            count=count,
            held_lease_ids=tuple(held[kiosk.kiosk_id])
            if on == day and kind is NumberSeries.TICKET_NUMBERS
            else (),
        )
        return kiosk.request("POST", "/v1/leases/numbers", request)

    ranges = []
    for kiosk, count in ((one, 400), (two, 400), (one, 400)):
        answer = lease(kiosk, count)
        assert answer.status_code == 200, answer.text
        assert answer.json()["kiosk_id"] == kiosk.kiosk_id
        held[kiosk.kiosk_id].append(answer.json()["lease_id"])
        ranges.append((answer.json()["first"], answer.json()["last"]))
    assert ranges == [(1, 400), (401, 800), (801, 900)]
    exhausted = lease(two, 1)
    assert exhausted.status_code == 409 and error_of(exhausted).code is ErrorCode.EXHAUSTED
    assert lease(two, 5, on=day + timedelta(days=1)).json()["first"] == 1
    assert lease(two, 5, kind=NumberSeries.DOSSIER_CODES).json()["first"] == 1


def test_a_lease_whose_answer_was_lost_is_granted_again(server: EmbeddedServer) -> None:
    """GIVEN a kiosk whose lease answer never arrived (it died after the server committed)
    WHEN it asks again, listing only the leases it holds
    THEN it gets that same range again, not a new one; listing it as held gets the next range;
    another kiosk's ranges are never handed to it"""
    one, two = enroll(server, OFFICE, label="one"), enroll(server, OFFICE, label="two")
    day = date(2026, 11, 24)

    def lease(kiosk: KioskIdentity, held: tuple[int, ...] = ()) -> dict[str, object]:
        request = NumberLeaseRequest(
            office_code=OFFICE,
            kind=NumberSeries.TICKET_NUMBERS,
            series="B",
            service_date=day,
            count=50,
            held_lease_ids=held,
        )
        answer = kiosk.request("POST", "/v1/leases/numbers", request)
        assert answer.status_code == 200, answer.text
        body: dict[str, object] = answer.json()
        return body

    lost = lease(one)
    others = lease(two)
    again = lease(one)
    assert (again["lease_id"], again["first"], again["last"]) == (lost["lease_id"], 1, 50)
    assert again["granted_at"] == lost["granted_at"]
    assert lease(two, held=(int(str(others["lease_id"])),))["first"] == 101
    following = lease(one, held=(int(str(lost["lease_id"])),))
    assert (following["first"], following["last"]) == (151, 200)
    assert lease(one, held=(int(str(following["lease_id"])),))["lease_id"] == lost["lease_id"]


def test_slot_quotas_never_exceed_capacity(server: EmbeddedServer) -> None:
    """GIVEN an appointment slot of capacity 4 and two kiosks
    WHEN they ask for 3 places each, then one more
    THEN the first gets 3, the second the 1 left, then 409; an unknown slot is 404
    """
    one, two = enroll(server, OFFICE, label="one"), enroll(server, OFFICE, label="two")
    slots = one.request("GET", "/v1/reference/appointment_slots").json()["data"]
    slot_id = slots[0]["slot_id"]
    first = one.request(
        "POST", "/v1/leases/slots", SlotQuotaRequest(office_code=OFFICE, slot_id=slot_id, count=3)
    )
    assert first.status_code == 200 and (first.json()["granted"], first.json()["remaining"]) == (3, 1)
    second = two.request(
        "POST", "/v1/leases/slots", SlotQuotaRequest(office_code=OFFICE, slot_id=slot_id, count=3)
    )
    assert (second.json()["granted"], second.json()["held"], second.json()["remaining"]) == (1, 1, 0)
    full = one.request(
        "POST", "/v1/leases/slots", SlotQuotaRequest(office_code=OFFICE, slot_id=slot_id, count=1)
    )
    assert full.status_code == 409
    unknown = one.request(
        "POST", "/v1/leases/slots", SlotQuotaRequest(office_code=OFFICE, slot_id="1999-01-01T08:00", count=1)
    )
    assert unknown.status_code == 404 and "no appointment slot" in error_of(unknown).message


def test_otp_through_the_development_sms_gateway(kiosk: KioskIdentity, server: EmbeddedServer) -> None:
    """GIVEN the development SMS gateway
    WHEN the kiosk asks for a one-time password and checks a wrong code, then the sent one, then again
    THEN the message is recorded (readable at /v1/dev/sms), the wrong code fails, the right one
    passes once only
    """
    challenge = kiosk.request(
        "POST",
        "/v1/otp",
        OtpRequest(office_code=OFFICE, phone="0912345678", purpose="register", language="vi"),
    )
    assert challenge.status_code == 200, challenge.text
    otp_id = challenge.json()["otp_id"]
    (message,) = httpx.get(f"{server.url}/v1/dev/sms").json()
    assert message["phone"] == "0912345678" and message["text"].startswith("Mã xác thực")
    code = "".join(character for character in message["text"] if character.isdigit())[:6]
    wrong = "000000" if code != "000000" else "111111"
    verdict = kiosk.request("POST", "/v1/otp/check", OtpCheck(otp_id=otp_id, code=wrong)).json()
    assert verdict == {"otp_id": otp_id, "valid": False, "attempts_left": 4}
    assert kiosk.request("POST", "/v1/otp/check", OtpCheck(otp_id=otp_id, code=code)).json()["valid"] is True
    assert kiosk.request("POST", "/v1/otp/check", OtpCheck(otp_id=otp_id, code=code)).json()["valid"] is False


def test_payment_confirmed_on_request(kiosk: KioskIdentity, server: EmbeddedServer) -> None:
    """GIVEN the development payment provider
    WHEN the kiosk opens a payment (twice with one key), polls it, and the provider is told to confirm
    THEN one payment exists with its QR text, pending until confirmed, then confirmed
    """
    request = PaymentCreate(
        office_code=OFFICE, idempotency_key=str(uuid.uuid4()), amount=20000, currency="VND", reference="CT01"
    )
    opened = kiosk.request("POST", "/v1/payments", request).json()
    again = kiosk.request("POST", "/v1/payments", request).json()
    assert opened["payment_id"] == again["payment_id"] and opened["status"] == "pending"
    assert "20000" in opened["qr_payload"]
    path = f"/v1/payments/{opened['payment_id']}"
    assert kiosk.request("GET", path).json()["status"] == "pending"
    confirmed = httpx.post(f"{server.url}/v1/dev/payments/{opened['payment_id']}/confirm")
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    polled = kiosk.request("GET", path).json()
    assert polled["status"] == "confirmed" and polled["confirmed_at"] is not None


def test_development_endpoints_are_absent_in_production(tmp_path: pytest.TempPathFactory) -> None:
    """GIVEN a server not in development mode
    WHEN the development endpoints are called
    THEN they do not exist (404)
    """
    import secrets

    from sync.server.settings import ServerSettings

    settings = ServerSettings(
        database_url=f"sqlite:///{tmp_path}/p.sqlite3", data_key=secrets.token_bytes(32)
    )
    production = EmbeddedServer(settings=settings)
    production.start()
    try:
        assert httpx.get(f"{production.url}/v1/dev/sms").status_code == 404
        assert (
            httpx.post(f"{production.url}/v1/dev/enrollment-codes", json={"office_code": "X"}).status_code
            == 404
        )
    finally:
        production.stop()

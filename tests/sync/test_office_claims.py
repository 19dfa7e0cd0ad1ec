"""The server checks what a kiosk claims, names kiosks uniquely in an office, gives each its own
fallback block of ticket numbers, and counts a ticket number issued twice (both databases)."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, date, datetime

import httpx
import pytest

from sync.protocol import (
    EnrollmentRequest,
    ErrorCode,
    IngestBatch,
    IngestResponse,
    IngestStatus,
    Transaction,
    succession_message,
)
from sync.server.cli import main as server_main
from sync.server.dashboard import collect, render
from sync.server.embedded import EmbeddedServer
from sync.server.enrollment import revoke_kiosk, unique_label
from sync.server.models import RejectedTransaction
from sync.server.stats import collect_stats
from sync.signing import generate_private_key, public_key_b64
from tests.sync.conftest import OFFICE, OTHER_OFFICE
from tests.sync.signed_client import KioskIdentity, enroll, queue_ticket

DAY = date(2026, 11, 23)


def ingest(kiosk: KioskIdentity, transactions: list[Transaction]) -> IngestResponse:
    answer = kiosk.request(
        "POST", "/v1/ingest", IngestBatch(office_code=kiosk.office_code, transactions=transactions)
    )
    assert answer.status_code == 200, answer.text
    return IngestResponse.model_validate_json(answer.content)


def enroll_raw(server: EmbeddedServer, office: str, **fields: object) -> httpx.Response:
    code = server.issue_enrollment_code(office, "vn")
    key = fields.pop("key", None) or generate_private_key()
    body = EnrollmentRequest(code=code, public_key=public_key_b64(key), **fields)  # type: ignore[arg-type]
    return httpx.post(
        f"{server.url}/v1/enroll",
        content=body.model_dump_json(),
        headers={"Content-Type": "application/json"},
        timeout=30,
    )


# --- names and blocks given at enrollment -------------------------------------------------------


def test_two_default_enrollments_get_distinct_labels(server: EmbeddedServer) -> None:
    """GIVEN an office WHEN two kiosks enroll with the default label, one with none, one with a
    taken typed name, and one in another office THEN each name is unique in its office
    (kiosk-01, kiosk-02, kiosk-03, lobby, lobby-2), the other office starts again at kiosk-01, and
    a revoked kiosk's name is free again."""
    labels = [
        enroll_raw(server, OFFICE, label=label).json()["label"] for label in ("kiosk-01", "kiosk-01", "")
    ]
    assert labels == ["kiosk-01", "kiosk-02", "kiosk-03"]
    typed = [enroll_raw(server, OFFICE, label="lobby").json() for _ in range(2)]
    assert [answer["label"] for answer in typed] == ["lobby", "lobby-2"]
    assert enroll_raw(server, OTHER_OFFICE, label="kiosk-01").json()["label"] == "kiosk-01"
    with server.context.sessions.begin() as session:
        assert revoke_kiosk(session, typed[1]["kiosk_id"], now=datetime.now(UTC))
        names = sorted(
            kiosk["label"] for kiosk in collect_stats(session)["kiosks"] if kiosk["office_code"] == OFFICE
        )
    assert names == ["kiosk-01", "kiosk-02", "kiosk-03", "lobby", "lobby-2"]
    assert enroll_raw(server, OFFICE, label="lobby-2").json()["label"] == "lobby-2"


@pytest.mark.parametrize(
    ("wanted", "taken", "expected"),
    [
        ("kiosk-09", {"kiosk-09"}, "kiosk-10"),
        ("k7", {"k7", "k8"}, "k9"),
        ("", set(), "kiosk-01"),
        ("x" * 60, {"x" * 60}, "x" * 58 + "-2"),
    ],
)
def test_unique_label_numbers_on(wanted: str, taken: set[str], expected: str) -> None:
    """GIVEN a wanted name and the office's names WHEN made unique THEN the next free number."""
    assert unique_label(wanted, taken) == expected


def test_three_kiosks_of_an_office_get_disjoint_fallback_blocks(server: EmbeddedServer) -> None:
    """GIVEN three kiosks enrolled in one office (and one in another) WHEN the server answers their
    enrollments THEN each holds its own block within 901-999, none overlaps, another office starts
    at 901 again, and a revoked kiosk's block goes to the next kiosk."""
    answers = [enroll_raw(server, OFFICE).json() for _ in range(3)]
    blocks = [tuple(int(part) for part in answer["fallback_ticket_numbers"].split("-")) for answer in answers]
    assert blocks == [(901, 911), (912, 922), (923, 933)]
    numbers = [set(range(first, last + 1)) for first, last in blocks]
    assert not (numbers[0] & numbers[1]) and not (numbers[1] & numbers[2]) and not (numbers[0] & numbers[2])
    assert enroll_raw(server, OTHER_OFFICE).json()["fallback_ticket_numbers"] == "901-911"
    with server.context.sessions.begin() as session:
        revoke_kiosk(session, answers[1]["kiosk_id"], now=datetime.now(UTC))
    assert enroll_raw(server, OFFICE).json()["fallback_ticket_numbers"] == "912-922"
    for _ in range(6):
        enroll_raw(server, OFFICE)
    assert enroll_raw(server, OFFICE).json()["fallback_ticket_numbers"] == ""  # all nine blocks held


# --- what a kiosk claims ------------------------------------------------------------------------


def test_a_forged_kiosk_id_is_refused_and_kept_as_a_dead_letter(server: EmbeddedServer) -> None:
    """GIVEN two kiosks of one office WHEN one uploads a ticket naming the other kiosk THEN that
    item is rejected with the stable code kiosk_mismatch (HTTP 200, not a 500), its reason is kept
    among the refused, and its own ticket in the same batch is applied."""
    mine, other = enroll(server, OFFICE, label="a"), enroll(server, OFFICE, label="b")
    forged = queue_ticket(OFFICE, 5, kiosk_id=other.kiosk_id)
    honest = queue_ticket(OFFICE, 6, kiosk_id=mine.kiosk_id)
    results = ingest(mine, [forged, honest]).results
    assert results[0].status is IngestStatus.REJECTED and results[0].code is ErrorCode.KIOSK_MISMATCH
    assert results[0].reason is not None and other.kiosk_id in results[0].reason
    assert results[1].status is IngestStatus.ACKNOWLEDGED and results[1].code is None
    with server.context.sessions() as session:
        refused = session.query(RejectedTransaction).one()
        assert refused.idempotency_key == forged.idempotency_key and refused.kiosk_id == mine.kiosk_id
        assert "signed it" in refused.reason


def test_an_unknown_payload_field_is_refused(server: EmbeddedServer) -> None:
    """GIVEN a ticket whose payload has a field its schema lacks WHEN uploaded THEN it is rejected
    with the stable code unknown_field, naming the field; the same ticket without it is applied."""
    kiosk = enroll(server, OFFICE)
    clean = queue_ticket(OFFICE, 7, kiosk_id=kiosk.kiosk_id)
    extra = Transaction(
        **{
            **clean.model_dump(),
            "idempotency_key": str(uuid.uuid4()),
            "payload": {**clean.payload, "lane": 2},
        }
    )
    results = ingest(kiosk, [extra, clean]).results
    assert results[0].status is IngestStatus.REJECTED and results[0].code is ErrorCode.UNKNOWN_FIELD
    assert results[0].reason is not None and "payload.lane" in results[0].reason
    assert results[1].status is IngestStatus.ACKNOWLEDGED


def test_a_new_enrollment_keeps_what_the_device_recorded_before_only_with_its_old_key(
    server: EmbeddedServer,
) -> None:
    """GIVEN a kiosk that recorded a ticket, then was revoked WHEN the same device enrolls again,
    proving its previous identity with the old key, THEN the ticket naming the previous kiosk id is
    accepted from it; a device that cannot sign with that key is refused the succession (4xx)."""
    old = enroll(server, OFFICE)
    recorded = queue_ticket(OFFICE, 8, kiosk_id=old.kiosk_id)
    with server.context.sessions.begin() as session:
        revoke_kiosk(session, old.kiosk_id, now=datetime.now(UTC))
    impostor_key = generate_private_key()
    new_key = generate_private_key()
    forged_proof = base64.b64encode(
        impostor_key.sign(succession_message(old.kiosk_id, public_key_b64(new_key)))
    ).decode()
    refused = enroll_raw(server, OFFICE, key=new_key, replaces=old.kiosk_id, replaces_signature=forged_proof)
    assert refused.status_code in (400, 422) and refused.json()["code"] == "invalid_request"
    proof = base64.b64encode(old.key.sign(succession_message(old.kiosk_id, public_key_b64(new_key)))).decode()
    answer = enroll_raw(server, OFFICE, key=new_key, replaces=old.kiosk_id, replaces_signature=proof)
    assert answer.status_code == 201, answer.text
    successor = KioskIdentity(
        server.url, answer.json()["kiosk_id"], OFFICE, new_key, httpx.Client(timeout=30)
    )
    assert ingest(successor, [recorded]).results[0].status is IngestStatus.ACKNOWLEDGED
    stranger = enroll(server, OFFICE)
    again = queue_ticket(OFFICE, 9, kiosk_id=old.kiosk_id)
    assert ingest(stranger, [again]).results[0].code is ErrorCode.KIOSK_MISMATCH


# --- ticket numbers issued twice ----------------------------------------------------------------


def ticket(kiosk: KioskIdentity, number: int, *, category: str = "A", day: date = DAY) -> Transaction:
    item = queue_ticket(OFFICE, number, kiosk_id=kiosk.kiosk_id)
    return Transaction(
        **{
            **item.model_dump(),
            "payload": {**item.payload, "category": category, "service_date": day.isoformat()},
        }
    )


def test_a_repeated_ticket_number_is_counted_in_stats_and_on_the_dashboard(
    server: EmbeddedServer, server_db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """GIVEN two kiosks of one office sending A5 for one day twice from one kiosk and once from the
    other, plus A5 of another day and B5 WHEN stats are taken THEN ticket_number_conflicts is 2
    (`kiosk-server stats --json` and the dashboard), every ticket is still applied, and a replay
    of a ticket already counted adds nothing."""
    one, two = enroll(server, OFFICE, label="one"), enroll(server, OFFICE, label="two")
    first = ticket(one, 5)
    batch = [first, ticket(one, 5), ticket(one, 5, day=date(2026, 11, 24)), ticket(one, 5, category="B")]
    assert all(result.settled for result in ingest(one, batch).results)
    assert all(result.settled for result in ingest(two, [ticket(two, 5)]).results)
    assert ingest(one, [first]).results[0].status is IngestStatus.DUPLICATE
    with server.context.sessions() as session:
        stats = collect_stats(session)
        page = render(collect(session, now=datetime.now(UTC)))
    assert stats["ticket_number_conflicts"] == 2
    assert stats["totals"]["acknowledged"] == 5
    assert 'id="total-ticket-number-conflicts"><b class="warn">2</b>' in page
    assert server_main(["stats", "--json", "--db", server_db_url]) == 0
    assert json.loads(capsys.readouterr().out)["ticket_number_conflicts"] == 2


def test_no_conflict_is_counted_for_distinct_numbers(server: EmbeddedServer) -> None:
    """GIVEN three kiosks of one office each issuing from its own fallback block WHEN all their
    tickets arrive THEN no number is counted twice."""
    kiosks = [enroll(server, OFFICE, label="kiosk-01") for _ in range(3)]
    blocks = []
    with server.context.sessions() as session:
        for kiosk in collect_stats(session)["kiosks"]:
            first, last = (int(part) for part in kiosk["fallback_ticket_numbers"].split("-"))
            blocks.append((kiosk["kiosk_id"], first, last))
    by_id = {kiosk.kiosk_id: kiosk for kiosk in kiosks}
    for kiosk_id, first, last in blocks:
        ingest(by_id[kiosk_id], [ticket(by_id[kiosk_id], number) for number in range(first, last + 1)])
    with server.context.sessions() as session:
        stats = collect_stats(session)
    assert stats["totals"]["acknowledged"] == 33 and stats["ticket_number_conflicts"] == 0

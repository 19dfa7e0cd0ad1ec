"""The kiosk builds its transactions as the wire models: a wrong field fails here, in the
kiosk, not as a dead letter at the server."""

from __future__ import annotations

import inspect
import json
import re
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy import func, select

import sync.protocol
from kiosk.app import Kiosk
from kiosk.services.staff import CompletedEnrollment
from kiosk.storage.models import QueueTicketRecord
from sync.outbox import OutboxItem, open_personal, payload_json
from sync.protocol import (
    TRANSACTION_SCHEMAS,
    AssistedEnrollmentV1,
    QueueTicketV1,
    TransactionPayload,
    read_payload,
)

ISSUED_AT = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


def ticket_fields(**changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "office_code": "000.00.74.H10",
        "kiosk_id": "kiosk-01",
        "category": "A",
        "service_date": date(2026, 11, 23),
        "number": 7,
        "issued_at": ISSUED_AT,
        "language": "vi",
        "numbering": "lease",
        "lease_id": 3,
    }
    fields.update(changes)
    return fields


def only_row(kiosk: Kiosk) -> OutboxItem:
    with kiosk.sessions() as db:
        return db.scalars(select(OutboxItem)).one()


def strictly_valid(item: OutboxItem) -> TransactionPayload:
    """The row's payload read by the one registry, with no unknown field tolerated."""
    model = TRANSACTION_SCHEMAS[item.kind][item.schema_version]
    return model.model_validate(json.loads(item.payload))


@pytest.mark.parametrize(
    "changes",
    [
        {"categry": "A"},  # misspelt name
        {"lane": 2},  # a field the model does not have
        {"number": 0},  # out of range
        {"issued_at": datetime(2026, 11, 23, 2, 0)},  # no time zone
        {"numbering": "leased"},  # not a numbering the protocol knows
    ],
)
def test_a_wrong_field_raises_when_the_payload_is_built(changes: dict[str, Any]) -> None:
    """GIVEN a queue ticket payload with one wrong field WHEN the kiosk builds it THEN
    ValidationError, before anything reaches the outbox"""
    fields = ticket_fields(**changes)
    if "categry" in changes:
        del fields["category"]
    with pytest.raises(ValidationError):
        QueueTicketV1(**fields)


def test_the_server_refuses_fields_it_does_not_know_as_the_kiosk_does() -> None:
    """GIVEN a payload with a field this release's model lacks WHEN the server reads it THEN it
    is refused (extra_forbidden), as the kiosk's own construction refuses the same field; the
    payload without it is read"""
    raw = json.loads(payload_json(QueueTicketV1(**ticket_fields())))
    assert isinstance(read_payload("queue_ticket", 1, raw), QueueTicketV1)
    with pytest.raises(ValidationError) as refused:
        read_payload("queue_ticket", 1, {**raw, "lane": 2})
    assert refused.value.errors()[0]["type"] == "extra_forbidden"
    with pytest.raises(ValidationError):
        QueueTicketV1.model_validate({**raw, "lane": 2})


def test_the_payload_json_is_what_kiosks_always_sent() -> None:
    """GIVEN a queue ticket model WHEN stored for the outbox THEN it is the same compact, sorted
    JSON the hand-built dict gave (``isoformat`` times with ``+00:00``, same field names)"""
    by_hand = {
        "office_code": "000.00.74.H10",
        "kiosk_id": "kiosk-01",
        "category": "A",
        "service_date": date(2026, 11, 23).isoformat(),
        "number": 7,
        "issued_at": ISSUED_AT.isoformat(),
        "language": "vi",
        "numbering": "lease",
        "lease_id": 3,
    }
    expected = json.dumps(by_hand, sort_keys=True, separators=(",", ":"))
    assert payload_json(QueueTicketV1(**ticket_fields())) == expected


def test_every_payload_model_is_registered_under_its_own_kind() -> None:
    """GIVEN the payload models of the protocol WHEN the registry is read THEN each is found by
    its own kind and version, and each kind is one the wire accepts"""
    models = [
        value
        for value in vars(sync.protocol).values()
        if inspect.isclass(value)
        and issubclass(value, TransactionPayload)
        and value is not TransactionPayload
    ]
    assert set(models) == {QueueTicketV1, AssistedEnrollmentV1}
    for model in models:
        assert TRANSACTION_SCHEMAS[model.KIND][model.SCHEMA_VERSION] is model
        assert re.fullmatch(r"[a-z][a-z0-9_.]{0,39}", model.KIND)


def test_a_ticket_row_carries_the_model_kind_and_a_strictly_valid_payload(
    make_kiosk: Callable[..., Kiosk],
) -> None:
    """GIVEN a kiosk WHEN a ticket is issued THEN its outbox row's kind and schema version are the
    model's and its payload validates against the registered model with no unknown field"""
    kiosk = make_kiosk()
    ticket = kiosk.queue.issue_ticket("A", "vi")
    item = only_row(kiosk)
    assert (item.kind, item.schema_version) == (QueueTicketV1.KIND, QueueTicketV1.SCHEMA_VERSION)
    payload = strictly_valid(item)
    assert isinstance(payload, QueueTicketV1)
    assert payload.number == ticket.number and payload.numbering == "local"


def test_a_ticket_whose_payload_breaks_the_model_is_refused_in_the_kiosk(
    make_kiosk: Callable[..., Kiosk],
) -> None:
    """GIVEN a ticket whose payload would break the wire model (a one-letter language) WHEN it is
    issued THEN ValidationError at the kiosk, and neither the ticket nor an outbox row is kept"""
    kiosk = make_kiosk()
    with pytest.raises(ValidationError):
        kiosk.queue.issue_ticket("A", "x")  # type: ignore[arg-type]
    with kiosk.sessions() as db:
        assert db.scalar(select(func.count()).select_from(QueueTicketRecord)) == 0
        assert db.scalar(select(func.count()).select_from(OutboxItem)) == 0


def enrollment(**changes: Any) -> CompletedEnrollment:
    fields: dict[str, Any] = {
        "transaction_id": str(uuid.uuid4()),
        "officer_id": "officer.one",
        "id_number": "1101700230705",
        "finger": "right_index",
        "template": bytes(range(64)),
        "capture_score": 87,
        "passcode_hash": "scrypt$hash",
        "activation_token_id": "token-1",
        "activation_expires_at": ISSUED_AT + timedelta(minutes=10),
        "activation_public_key": "cHVibGlj",
        "card_photo_sha256": None,
        "language": "th",
    }
    fields.update(changes)
    return CompletedEnrollment(**fields)


def test_an_enrollment_row_is_the_registered_model_with_personal_fields_sealed(
    make_kiosk: Callable[..., Kiosk],
) -> None:
    """GIVEN a completed assisted enrollment WHEN it is saved THEN its row is of the model's kind,
    its payload validates strictly, and the ID number is only in the sealed personal fields"""
    kiosk = make_kiosk("th")
    assert kiosk.staff is not None
    kiosk.staff.enrollments.save(enrollment(), [])
    item = only_row(kiosk)
    assert item.kind == AssistedEnrollmentV1.KIND
    payload = strictly_valid(item)
    assert isinstance(payload, AssistedEnrollmentV1) and payload.activation.token_id == "token-1"
    assert "1101700230705" not in item.payload
    assert open_personal(item, kiosk.keystore)["id_number"] == "1101700230705"


def test_an_enrollment_whose_payload_breaks_the_model_is_refused_in_the_kiosk(
    make_kiosk: Callable[..., Kiosk],
) -> None:
    """GIVEN an enrollment with a negative capture score WHEN it is saved THEN ValidationError at
    the kiosk and no outbox row"""
    kiosk = make_kiosk("th")
    assert kiosk.staff is not None
    with pytest.raises(ValidationError):
        kiosk.staff.enrollments.save(enrollment(capture_score=-1), [])
    with kiosk.sessions() as db:
        assert db.scalar(select(func.count()).select_from(OutboxItem)) == 0

"""An officer's assisted enrollment travels from the counter kiosk to the central server."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from kiosk.app import build_kiosk
from kiosk.clock import FixedClock
from kiosk.services.staff import CompletedEnrollment
from sync.outbox import OutboxState, list_items
from sync.server.embedded import EmbeddedServer
from sync.server.models import IngestedTransaction
from sync.server.sealing import PersonalDataSealer
from tests.conftest import kiosk_config
from tests.sync.conftest import OFFICE
from tests.sync.test_client import enroll_kiosk

TEMPLATE = bytes(range(256)) * 2
ID_NUMBER = "1101700230705"


def test_an_assisted_enrollment_is_acknowledged_and_sealed_on_both_sides(
    server: EmbeddedServer, tmp_path: Path, clock: FixedClock
) -> None:
    """GIVEN a counter kiosk enrolled with the server, and an enrollment its officer completed
    WHEN the kiosk syncs
    THEN the server acknowledges the transaction, stores its personal fields sealed (the
    template and ID number open only with the server's key), and the kiosk's row is settled
    """
    home = tmp_path / "kiosk"
    enroll_kiosk(server, home)
    clock.set(datetime.now(UTC))
    kiosk = build_kiosk(
        kiosk_config(office={"code": OFFICE}), home=home, clock=clock, start_embedded_server=False
    )
    try:
        assert kiosk.sync is not None and kiosk.staff is not None
        transaction_id = str(uuid.uuid4())
        enrollment = CompletedEnrollment(
            transaction_id=transaction_id,
            officer_id="officer.one",
            id_number=ID_NUMBER,
            finger="right_index",
            template=TEMPLATE,
            capture_score=88,
            passcode_hash="scrypt$placeholder-hash-for-the-test",
            activation_token_id="token-1",
            activation_expires_at=datetime.now(UTC) + timedelta(minutes=10),
            activation_public_key="cHVibGljLWtleQ",
            card_photo_sha256=None,
            language="th",
        )
        kiosk.staff.enrollments.save(enrollment, [])
        report = kiosk.sync.run_cycle(force=True)
        assert report.error is None
        with kiosk.sessions() as session:
            (row,) = [item for item in list_items(session) if item.idempotency_key == transaction_id]
            assert row.state is OutboxState.ACKNOWLEDGED
    finally:
        kiosk.close()
    with server.context.sessions() as session:
        stored = session.scalars(
            select(IngestedTransaction).where(IngestedTransaction.idempotency_key == transaction_id)
        ).one()
    assert json.loads(stored.payload)["officer_id"] == "officer.one"
    assert stored.personal_sealed is not None
    assert ID_NUMBER.encode() not in stored.personal_sealed + stored.payload.encode()
    opened = PersonalDataSealer(server.settings.data_key).open(
        stored.personal_sealed, bound_to=transaction_id
    )
    assert opened["id_number"] == ID_NUMBER
    assert base64.b64decode(opened["fingerprint_template"]) == TEMPLATE

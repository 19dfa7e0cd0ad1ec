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


def completed(
    transaction_id: str,
    *,
    token_id: str,
    expires_at: datetime,
    public_key: str,
    id_number: str = ID_NUMBER,
    finger: str = "right_index",
) -> CompletedEnrollment:
    """An enrollment as the officer's counter saves it (template and ID number are personal)."""
    return CompletedEnrollment(
        transaction_id=transaction_id,
        officer_id="officer.one",
        id_number=id_number,
        finger=finger,
        template=TEMPLATE,
        capture_score=88,
        passcode_hash="scrypt$placeholder-hash-for-the-test",
        activation_token_id=token_id,
        activation_expires_at=expires_at,
        activation_public_key=public_key,
        card_photo_sha256=None,
        language="th",
    )


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
        enrollment = completed(
            transaction_id,
            token_id="token-1",
            expires_at=datetime.now(UTC) + timedelta(minutes=10),
            public_key="cHVibGljLWtleQ",
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


def test_the_citizens_phone_redeems_the_activation_code_once(
    server: EmbeddedServer, tmp_path: Path, clock: FixedClock
) -> None:
    """GIVEN an enrollment whose officer's screen showed an activation code, on a counter kiosk
    enrolled with the server
    WHEN the citizen's phone sends the code before the kiosk synced, after it synced, a second
    time, altered, and a code signed by another key
    THEN before the sync the code is not known yet (404, try again); after it the enrollment is
    activated (200, no personal data in the answer); the second time is refused as used (409);
    an altered code is refused as not genuine (403), a code the enrollment did not record is
    unknown (404), an expired one is gone (410) and a malformed one is 422"""
    import httpx

    from kiosk.activation import ActivationSigner
    from sync.server.models import ActivationRedemption

    home = tmp_path / "kiosk"
    identity = enroll_kiosk(server, home)
    clock.set(datetime.now(UTC))
    kiosk = build_kiosk(
        kiosk_config(office={"code": OFFICE}), home=home, clock=clock, start_embedded_server=False
    )
    signer = ActivationSigner.open(home, kiosk_id=identity.kiosk_id, office_code=OFFICE, clock=clock)
    transaction_id = str(uuid.uuid4())
    token = signer.issue(transaction_id)
    url = f"{server.url}/v1/activations"

    def redeem(text: str) -> httpx.Response:
        return httpx.post(url, json={"token": text}, timeout=10)

    stale_signer = ActivationSigner.open(
        home,
        kiosk_id=identity.kiosk_id,
        office_code=OFFICE,
        clock=FixedClock(clock.now() - timedelta(minutes=11)),
    )
    stale_transaction = str(uuid.uuid4())
    stale = stale_signer.issue(stale_transaction)  # shown 11 minutes ago: lived 10

    try:
        assert kiosk.sync is not None and kiosk.staff is not None
        for enrolled, shown, key, id_number in (
            (stale_transaction, stale, stale_signer.public_key, "3100500012349"),
            (transaction_id, token, signer.public_key, ID_NUMBER),
        ):
            kiosk.staff.enrollments.save(
                completed(
                    enrolled,
                    token_id=shown.claims.token_id,
                    expires_at=shown.claims.expires_at,
                    public_key=key,
                    id_number=id_number,
                ),
                [],
            )
        early = redeem(token.text)
        assert early.status_code == 404 and early.json()["code"] == "not_found"
        assert kiosk.sync.run_cycle(force=True).error is None
    finally:
        kiosk.close()

    activated = redeem(token.text)
    assert activated.status_code == 200, activated.text
    body = activated.json()
    assert (body["transaction_id"], body["office_code"], body["kiosk_id"]) == (
        transaction_id,
        OFFICE,
        identity.kiosk_id,
    )
    assert ID_NUMBER not in activated.text
    again = redeem(token.text)
    assert again.status_code == 409 and again.json()["code"] == "activation_used"

    prefix, claims, signature = token.text.split(".")
    flipped = signature[:-2] + ("A" if signature[-2] != "A" else "B") + signature[-1]
    altered = redeem(f"{prefix}.{claims}.{flipped}")
    assert altered.status_code == 403 and altered.json()["code"] == "activation_invalid"
    other_home = tmp_path / "other"
    forger = ActivationSigner.open(other_home, kiosk_id=identity.kiosk_id, office_code=OFFICE, clock=clock)
    forged = forger.issue(transaction_id)
    # the forged code carries another token id: it names no code the enrollment recorded
    assert redeem(forged.text).status_code == 404
    expired = redeem(stale.text)
    assert expired.status_code == 410 and expired.json()["code"] == "activation_expired"
    malformed = redeem("DKA1.not-a-token")
    assert malformed.status_code == 422 and malformed.json()["code"] == "invalid_request"
    with server.context.sessions() as session:
        (redemption,) = session.scalars(select(ActivationRedemption)).all()
    assert redemption.transaction_id == transaction_id and redemption.token_id == token.claims.token_id

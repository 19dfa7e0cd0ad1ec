"""The activation code of assisted enrollment: its key, its format, and the server's checks."""

from __future__ import annotations

import base64
import json
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.activation import (
    ACTIVATION_KEY_FILE,
    ActivationRejected,
    ActivationSigner,
    PendingActivation,
    parse_activation_token,
    redeem,
    verify_activation_token,
)
from kiosk.clock import FixedClock

NOW = datetime(2026, 11, 23, 2, 5, tzinfo=UTC)


def signer(home: Path, clock: FixedClock | None = None) -> ActivationSigner:
    return ActivationSigner.open(
        home, kiosk_id="kiosk-07", office_code="1001", clock=clock or FixedClock(NOW)
    )


def test_the_key_is_created_once_private_and_kept(tmp_path: Path) -> None:
    """GIVEN a new kiosk home WHEN the signer opens THEN a 0600 key file in keys/ is created; WHEN it
    opens again THEN the same key (same public key) is used."""
    first = signer(tmp_path)
    path = tmp_path / "keys" / ACTIVATION_KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and len(path.read_bytes()) == 32
    assert stat.S_IMODE((tmp_path / "keys").stat().st_mode) == 0o700
    assert signer(tmp_path).public_key == first.public_key


def test_token_names_no_person_and_verifies(tmp_path: Path) -> None:
    """GIVEN a token for a transaction WHEN read THEN its claims are the transaction, kiosk, office and
    times only; it verifies with the kiosk's public key and not with another kiosk's."""
    token = signer(tmp_path).issue("2b0c4f3e-7a61-4c1e-9d4e-0f5f7f3b2a10")
    claims, _, _ = parse_activation_token(token.text)
    body = json.loads(base64.urlsafe_b64decode(token.text.split(".")[1] + "=="))
    assert set(body) == {"v", "jti", "tid", "kid", "off", "iat", "exp"}
    assert claims.transaction_id == "2b0c4f3e-7a61-4c1e-9d4e-0f5f7f3b2a10" and claims.kiosk_id == "kiosk-07"
    assert verify_activation_token(token.text, signer(tmp_path).public_key, now=NOW) == claims
    with pytest.raises(ActivationRejected, match="bad_signature"):
        verify_activation_token(token.text, signer(tmp_path / "other").public_key, now=NOW)
    assert token.text not in repr(token)


@pytest.mark.parametrize("part", [1, 2])
def test_a_tampered_token_is_refused(tmp_path: Path, part: int) -> None:
    """GIVEN a token WHEN its claims or its signature are altered THEN it is refused."""
    own = signer(tmp_path)
    token = own.issue("tid-1")
    pieces = token.text.split(".")
    raw = bytearray(base64.urlsafe_b64decode(pieces[part] + "=" * (-len(pieces[part]) % 4)))
    raw[len(raw) // 2] ^= 0x01
    pieces[part] = base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()
    with pytest.raises(ActivationRejected, match=r"bad_signature|malformed"):
        verify_activation_token(".".join(pieces), own.public_key, now=NOW)


def test_lifetime_and_clock_skew(tmp_path: Path) -> None:
    """GIVEN a 10-minute token WHEN checked before 10 min THEN live; at 10 min THEN expired; issued by a
    kiosk clock 5 min ahead THEN not yet valid; 1 min ahead THEN accepted (skew)."""
    clock = FixedClock(NOW)
    own = signer(tmp_path, clock)
    token = own.issue("tid-2")
    assert verify_activation_token(token.text, own.public_key, now=NOW + timedelta(minutes=9, seconds=59))
    with pytest.raises(ActivationRejected, match="expired"):
        verify_activation_token(token.text, own.public_key, now=NOW + timedelta(minutes=10))
    clock.set(NOW + timedelta(minutes=5))
    ahead = own.issue("tid-3")
    with pytest.raises(ActivationRejected, match="not_yet_valid"):
        verify_activation_token(ahead.text, own.public_key, now=NOW)
    clock.set(NOW + timedelta(minutes=1))
    assert verify_activation_token(own.issue("tid-4").text, own.public_key, now=NOW)


def test_redeem_checks_the_token_id_the_row_recorded(tmp_path: Path) -> None:
    """GIVEN an enrollment whose row recorded token A WHEN an older token B of the same enrollment
    (replaced by "new code") is scanned THEN it is refused; A is accepted once."""
    own = signer(tmp_path)
    old, new = own.issue("tid-5"), own.issue("tid-5")
    rows = {"tid-5": PendingActivation(new.claims.token_id, own.public_key)}
    used: set[str] = set()
    with pytest.raises(ActivationRejected, match="unknown"):
        redeem(old.text, find_enrollment=rows.get, redeemed=used, now=NOW)
    assert redeem(new.text, find_enrollment=rows.get, redeemed=used, now=NOW).transaction_id == "tid-5"
    with pytest.raises(ActivationRejected, match="already_used"):
        redeem(new.text, find_enrollment=rows.get, redeemed=used, now=NOW)


@given(st.text(max_size=300))
def test_any_scanned_text_is_refused_cleanly(text: str) -> None:
    """GIVEN arbitrary text from a QR WHEN parsed THEN it parses or is refused as malformed, nothing else."""
    try:
        parse_activation_token(text)
    except ActivationRejected as exc:
        assert exc.reason == "malformed"


@given(st.binary(max_size=200), st.binary(max_size=80))
def test_any_payload_in_the_token_shape_is_refused_cleanly(claims: bytes, signature: bytes) -> None:
    """GIVEN well-shaped tokens with random claims and signatures WHEN verified THEN only refusals."""
    text = ".".join(
        [
            "DKA1",
            base64.urlsafe_b64encode(claims).rstrip(b"=").decode(),
            base64.urlsafe_b64encode(signature).rstrip(b"=").decode(),
        ]
    )
    key = base64.b64encode(bytes(32)).decode()
    with pytest.raises(ActivationRejected):
        verify_activation_token(text, key, now=NOW)

"""Request signatures: the canonical text, signing, and every reason a verifier refuses."""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sync.protocol import ErrorCode
from sync.signing import (
    HEADER_KIOSK_ID,
    HEADER_NONCE,
    HEADER_SIGNATURE,
    HEADER_TIMESTAMP,
    KioskKey,
    MemoryNonceStore,
    SignatureRejected,
    canonical_request,
    generate_private_key,
    load_private_key,
    load_public_key,
    parse_signed_headers,
    private_key_bytes,
    public_key_b64,
    sign_request,
    verify_request,
)

NOW = 1_795_000_000.0
KEY = generate_private_key()
KIOSK = KioskKey(kiosk_id="k1", public_key=public_key_b64(KEY), office_code="A")


def verify(
    headers: dict[str, str],
    body: bytes = b"{}",
    *,
    path: str = "/v1/ingest",
    now: float = NOW,
    **kwargs: object,
) -> KioskKey:
    lookup = kwargs.pop("find_kiosk", lambda kiosk_id: KIOSK if kiosk_id == "k1" else None)
    nonces = kwargs.pop("nonces", MemoryNonceStore())
    return verify_request(headers, "POST", path, body, find_kiosk=lookup, nonces=nonces, now=now)  # type: ignore[arg-type]


def reason(headers: dict[str, str], body: bytes = b"{}", **kwargs: object) -> ErrorCode:
    with pytest.raises(SignatureRejected) as caught:
        verify(headers, body, **kwargs)  # type: ignore[arg-type]
    return caught.value.reason


def test_canonical_text_is_fixed() -> None:
    """GIVEN a request's parts
    WHEN the canonical text is built
    THEN it is the documented seven lines, with the body's SHA-256 in hex
    """
    text = canonical_request("post", "/v1/ingest?x=1", b"abc", timestamp=12, nonce="n" * 16, kiosk_id="k1")
    digest = hashlib.sha256(b"abc").hexdigest()
    assert text == f"KIOSK-REQUEST-V1\nPOST\n/v1/ingest?x=1\n{digest}\n12\n{'n' * 16}\nk1".encode()


def test_round_trip_and_key_encodings() -> None:
    """GIVEN a key stored as its 32-byte seed and published as base64
    WHEN a request is signed with the reloaded key
    THEN it verifies against the published key and names the kiosk
    """
    reloaded = load_private_key(private_key_bytes(KEY))
    assert len(base64.b64decode(public_key_b64(KEY))) == 32
    assert public_key_b64(load_public_key(public_key_b64(KEY))) == public_key_b64(KEY)
    headers = sign_request(reloaded, "k1", "POST", "/v1/ingest", b"{}", now=datetime.fromtimestamp(NOW, UTC))
    assert set(headers) == {HEADER_KIOSK_ID, HEADER_TIMESTAMP, HEADER_NONCE, HEADER_SIGNATURE}
    assert verify(headers) == KIOSK
    lower = {name.lower(): value for name, value in headers.items()}
    assert verify(lower, nonces=MemoryNonceStore()) == KIOSK


def test_each_refusal_reason() -> None:
    """GIVEN correctly signed headers
    WHEN one thing at a time is wrong
    THEN the verifier names that thing
    """
    good = sign_request(KEY, "k1", "POST", "/v1/ingest", b"{}", now=NOW)
    assert reason({}) is ErrorCode.UNSIGNED
    assert reason({**good, HEADER_NONCE: "short"}) is ErrorCode.UNSIGNED
    assert reason(good, b"{ }") is ErrorCode.BAD_SIGNATURE
    assert reason(good, path="/v1/heartbeat") is ErrorCode.BAD_SIGNATURE
    assert reason(good, now=NOW + 301) is ErrorCode.EXPIRED
    assert reason(good, now=NOW - 301) is ErrorCode.EXPIRED
    assert reason(good, find_kiosk=lambda _id: None) is ErrorCode.UNKNOWN_KIOSK
    revoked = KioskKey(kiosk_id="k1", public_key=KIOSK.public_key, office_code="A", revoked=True)
    assert reason(good, find_kiosk=lambda _id: revoked) is ErrorCode.REVOKED_KIOSK
    other_key = KioskKey(kiosk_id="k1", public_key=public_key_b64(generate_private_key()), office_code="A")
    assert reason(good, find_kiosk=lambda _id: other_key) is ErrorCode.BAD_SIGNATURE
    store = MemoryNonceStore()
    assert verify(good, nonces=store) == KIOSK
    assert reason(good, nonces=store) is ErrorCode.REPLAYED


def test_a_forged_request_does_not_burn_the_nonce() -> None:
    """GIVEN an attacker who copies a nonce but cannot sign
    WHEN their request is refused
    THEN the genuine request with that nonce is still accepted
    """
    good = sign_request(KEY, "k1", "POST", "/v1/ingest", b"{}", now=NOW)
    store = MemoryNonceStore()
    assert reason(good, b"forged", nonces=store) is ErrorCode.BAD_SIGNATURE
    assert verify(good, nonces=store) == KIOSK


def test_signing_refuses_malformed_inputs() -> None:
    """GIVEN a kiosk id or nonce outside the allowed characters, or a naive datetime
    WHEN signing
    THEN ValueError (the request would be refused anyway)
    """
    with pytest.raises(ValueError):
        sign_request(KEY, "k 1", "GET", "/", b"", now=NOW)
    with pytest.raises(ValueError):
        sign_request(KEY, "k1", "GET", "/", b"", now=NOW, nonce="bad nonce with spaces")
    with pytest.raises(ValueError):
        sign_request(KEY, "k1", "GET", "/", b"", now=datetime(2026, 1, 1))
    with pytest.raises(ValueError):
        load_public_key("not base64!")
    with pytest.raises(ValueError, match="not base64"):
        load_public_key("\u00e9" * 44)


header_text = st.text(alphabet=st.characters(codec="latin-1"), max_size=100)


@settings(max_examples=300)
@given(
    st.dictionaries(
        st.sampled_from([HEADER_KIOSK_ID, HEADER_TIMESTAMP, HEADER_NONCE, HEADER_SIGNATURE, "x-other"]),
        header_text,
    )
)
@example(  # a signature header outside ASCII once escaped as a ValueError
    {HEADER_NONCE: "0000000000000000", HEADER_KIOSK_ID: "0", HEADER_SIGNATURE: "\x80", HEADER_TIMESTAMP: "0"}
)
def test_arbitrary_headers_are_refused_with_a_reason(headers: dict[str, str]) -> None:
    """GIVEN any header values from the wire
    WHEN they are parsed and verified
    THEN the only outcome is a SignatureRejected with a reason (never another exception)
    """
    with pytest.raises(SignatureRejected) as caught:
        verify(headers)
    assert caught.value.reason in set(ErrorCode)
    assert caught.value.message


@settings(max_examples=200)
@given(st.binary(max_size=200), st.integers(min_value=0, max_value=10**12 - 1))
def test_any_body_round_trips_and_a_flipped_bit_is_caught(body: bytes, moment: int) -> None:
    """GIVEN any body and time
    WHEN signed and verified at that time, and again with one byte changed
    THEN the first verifies and the altered one is bad_signature
    """
    headers = sign_request(KEY, "k1", "POST", "/v1/ingest", body, now=moment)
    assert parse_signed_headers(headers).timestamp == moment
    assert verify(headers, body, now=moment) == KIOSK
    altered = body[:-1] + bytes([body[-1] ^ 1]) if body else b"x"
    assert reason(headers, altered, now=moment) is ErrorCode.BAD_SIGNATURE

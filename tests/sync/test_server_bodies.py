"""Parsers of outside bytes on the server: gzip bodies and ingest batches (hypothesis)."""

from __future__ import annotations

import gzip
import json
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sync.protocol import IngestResult, IngestStatus, Transaction
from sync.server.bodies import BodyRefused, gunzip
from sync.server.errors import ApiError
from sync.server.ingest import parse_batch

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300)
@given(st.binary(max_size=400))
def test_gunzip_of_any_bytes_is_data_or_a_refusal(data: bytes) -> None:
    """GIVEN any bytes claimed to be gzip
    WHEN they are unpacked
    THEN the result is bytes or a BodyRefused with status 400 or 413, never another exception
    """
    try:
        gunzip(data, limit=1000)
    except BodyRefused as refused:
        assert refused.status in (400, 413)


@given(st.binary(max_size=2000))
def test_gunzip_round_trip(data: bytes) -> None:
    """GIVEN any body, gzip-compressed
    WHEN unpacked
    THEN it is the original body
    """
    assert gunzip(gzip.compress(data)) == data


def test_gunzip_stops_a_bomb() -> None:
    """GIVEN 50 MB of zeros compressed to a few kilobytes
    WHEN unpacked with a 1 MB limit
    THEN it is refused as too large without unpacking it all
    """
    bomb = gzip.compress(b"\0" * 50_000_000)
    assert len(bomb) < 100_000
    with pytest.raises(BodyRefused) as caught:
        gunzip(bomb, limit=1_000_000)
    assert caught.value.status == 413


@settings(max_examples=300)
@given(json_values)
def test_any_json_document_is_a_batch_or_a_refusal(document: object) -> None:
    """GIVEN any JSON document as an ingest body
    WHEN it is parsed
    THEN it is a batch or an ApiError, never another exception
    """
    try:
        parse_batch(json.dumps(document).encode())
    except ApiError as refused:
        assert refused.status in (413, 422, 426)


@settings(max_examples=200)
@given(st.lists(st.dictionaries(st.text(max_size=10), json_values, max_size=6), min_size=1, max_size=5))
def test_malformed_items_with_a_key_are_rejected_one_by_one(items: list[dict[str, object]]) -> None:
    """GIVEN a batch whose items are arbitrary objects carrying a valid idempotency key
    WHEN it is parsed
    THEN each item is either a transaction or a rejection naming its key, in order
    """
    keys = [str(uuid.uuid4()) for _ in items]
    body = {
        "protocol_version": 1,
        "office_code": "A1",
        "transactions": [{**item, "idempotency_key": key} for item, key in zip(items, keys, strict=True)],
    }
    parsed = parse_batch(json.dumps(body).encode())
    assert [item.idempotency_key for item in parsed.items] == keys
    for item in parsed.items:
        assert isinstance(item, Transaction) or (
            isinstance(item, IngestResult) and item.status is IngestStatus.REJECTED and item.reason
        )

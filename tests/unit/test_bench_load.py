"""The load benchmark's own logic: its percentile, its step-up search, and that the requests it
builds are ones the server's signature check accepts (so the load is what kiosks send)."""

from __future__ import annotations

import gzip
import json
import math
import time
import uuid
from datetime import UTC, datetime

import httpx
import pytest

from bench.load import capacity, next_kiosks, percentile, signed_request
from sync.client.http import SyncClient
from sync.client.identity import DeviceIdentity
from sync.protocol import IngestBatch, IngestResponse, IngestResult, IngestStatus, Transaction
from sync.signing import (
    SIGNATURE_HEADERS,
    KioskKey,
    MemoryNonceStore,
    generate_private_key,
    public_key_b64,
    verify_request,
)


def test_p99_is_the_nearest_rank_and_a_failure_counts_as_infinitely_slow() -> None:
    """GIVEN 1..100 ms (shuffled), then the same with two failed requests
    THEN p99 is 99 ms, p50 50 ms; with two failures among 100 the p99 is a failure, with one it is not."""
    latencies = [value / 1000 for value in range(100, 0, -1)]
    assert percentile(latencies, 0.99) == pytest.approx(0.099)
    assert percentile(latencies, 0.5) == pytest.approx(0.050)
    assert percentile([*latencies[2:], math.inf, math.inf], 0.99) == math.inf
    assert percentile([*latencies[1:], math.inf], 0.99) == pytest.approx(0.099)  # 1 in 100 is beyond p99
    assert math.isnan(percentile([], 0.99))


def search(limit: int, *, start: int, max_kiosks: int) -> tuple[list[int], int]:
    """Runs the search against a synthetic server holding exactly ``limit`` kiosks."""
    history: list[tuple[int, bool]] = []
    while (kiosks := next_kiosks(history, start=start, max_kiosks=max_kiosks)) is not None:
        history.append((kiosks, kiosks <= limit))
        assert len(history) < 30
    return [kiosks for kiosks, _ in history], capacity(history)


def test_the_search_doubles_then_bisects_to_within_an_eighth() -> None:
    """GIVEN a server whose p99 stays under the limit up to 3,000 kiosks
    THEN the steps double from 250 to 4,000 and bisect; the figure held is within 1/8 below 3,000."""
    steps, held = search(3000, start=250, max_kiosks=16_000)
    assert steps[:5] == [250, 500, 1000, 2000, 4000]
    assert steps[5] == 3000
    assert 3000 - 3000 // 8 <= held <= 3000


def test_the_search_stops_at_the_maximum_and_handles_a_first_step_that_fails() -> None:
    """GIVEN a server that holds everything, then one that holds only 40 kiosks from a start of 250
    THEN the first stops at --max-kiosks; the second bisects down below the start."""
    assert search(10**9, start=250, max_kiosks=1200) == ([250, 500, 1000, 1200], 1200)
    steps, held = search(40, start=250, max_kiosks=16_000)
    assert steps[0] == 250 and 35 <= held <= 40


def test_noise_above_a_failure_does_not_count_as_held() -> None:
    """GIVEN 1,000 failing but 1,500 holding (noise) THEN 1,500 is not taken as the capacity."""
    assert capacity([(500, True), (1000, False), (1500, True)]) == 500


def test_a_generated_ingest_passes_the_servers_signature_check() -> None:
    """GIVEN an enrolled kiosk's key WHEN the generator builds a gzipped ingest request
    THEN the server's verify_request accepts it as that kiosk's, over the path and bytes sent."""
    key = generate_private_key()
    body = json.dumps({"office_code": "load.00001", "transactions": []}).encode()
    target, content, headers = signed_request(
        key, "k0123456789abcdef", "POST", "/ingest", body, compress=True, now=time.time()
    )
    assert target == "/v1/ingest"
    assert gzip.decompress(content) == body
    assert headers["Content-Encoding"] == "gzip"
    enrolled = KioskKey(
        kiosk_id="k0123456789abcdef", public_key=public_key_b64(key), office_code="load.00001"
    )
    accepted = verify_request(
        headers,
        "POST",
        target,
        content,
        find_kiosk=lambda kiosk_id: enrolled if kiosk_id == enrolled.kiosk_id else None,
        nonces=MemoryNonceStore(),
        now=time.time(),
    )
    assert accepted == enrolled


def test_a_generated_ingest_is_byte_for_byte_what_the_sync_client_sends() -> None:
    """GIVEN one ticket transaction WHEN the kiosk's SyncClient uploads it (to a stub transport) and
    the generator builds the same upload THEN path, body bytes and every header but the time, nonce
    and signature are the same."""
    now = datetime.now(UTC)
    transaction = Transaction(
        idempotency_key=str(uuid.uuid4()),
        kind="queue_ticket",
        schema_version=1,
        created_at=now,
        device_sequence=1,
        payload={"office_code": "load.00001", "kiosk_id": "k0123456789abcdef", "number": 7},
    )
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        results = [
            IngestResult(idempotency_key=transaction.idempotency_key, status=IngestStatus.ACKNOWLEDGED)
        ]
        return httpx.Response(200, content=IngestResponse(results=results, server_time=now).model_dump_json())

    identity = DeviceIdentity(
        kiosk_id="k0123456789abcdef",
        office_code="load.00001",
        profile="vn",
        server_url="http://127.0.0.1:9",
        private_key=generate_private_key(),
        enrolled_at=now,
    )
    with SyncClient(identity, transport=httpx.MockTransport(answer)) as client:
        client.ingest("load.00001", [transaction])
    body = IngestBatch(office_code="load.00001", transactions=[transaction]).model_dump_json().encode()
    target, content, headers = signed_request(
        identity.private_key, identity.kiosk_id, "POST", "/ingest", body, compress=True, now=time.time()
    )
    kiosk = sent[0]
    assert kiosk.url.raw_path.decode() == target
    assert kiosk.content == content
    unsigned = {name.lower(): value for name, value in headers.items() if name not in SIGNATURE_HEADERS[1:]}
    assert {name: kiosk.headers[name] for name in unsigned} == unsigned

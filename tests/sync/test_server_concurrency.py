"""Races between kiosks and between server workers: two workers (each with its own connection
pool, as behind a load balancer) on one database, many requests at the same moment."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Iterator
from datetime import date
from typing import TypeVar

import httpx
import pytest
from sqlalchemy import func, select

from sync.protocol import EnrollmentRequest, IngestBatch, IngestResponse, NumberLeaseRequest, NumberSeries
from sync.server.embedded import EmbeddedServer
from sync.server.models import IngestedTransaction, NumberLeaseRecord
from sync.signing import generate_private_key, public_key_b64
from tests.sync.conftest import OFFICE
from tests.sync.signed_client import KioskIdentity, enroll, queue_ticket

T = TypeVar("T")


@pytest.fixture
def workers(server_db_url: str) -> Iterator[list[EmbeddedServer]]:
    """Two server workers on the same database."""
    running = [EmbeddedServer(database_url=server_db_url) for _ in range(2)]
    for worker in running:
        worker.start()
    yield running
    for worker in running:
        worker.stop()


def all_at_once(tasks: list[Callable[[], T]]) -> list[T]:
    """Runs every task on its own thread, released together by a barrier; re-raises the first error."""
    barrier = threading.Barrier(len(tasks))
    results: list[T | None] = [None] * len(tasks)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = tasks[index]()
        except BaseException as exc:  # the test thread reports it
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(tasks))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    if errors:
        raise errors[0]
    return [result for result in results if result is not None]


def test_parallel_number_leases_never_overlap(workers: list[EmbeddedServer]) -> None:
    """GIVEN six kiosks of one office spread over two server workers
    WHEN they all ask for ticket-number ranges of the same category and day at the same moment,
    eight requests each of 1 to 20 numbers
    THEN no number is leased twice, the ranges tile 1..N without a gap, and the database agrees
    """
    kiosks = [enroll(workers[index % 2], OFFICE, label=f"kiosk-{index}") for index in range(6)]
    day = date(2026, 11, 23)
    randomness = random.Random(8)

    def leaser(kiosk: KioskIdentity, counts: list[int]) -> Callable[[], list[tuple[str, int, int]]]:
        def lease_all() -> list[tuple[str, int, int]]:
            got = []
            held: list[int] = []
            for count in counts:
                request = NumberLeaseRequest(
                    office_code=OFFICE,
                    kind=NumberSeries.TICKET_NUMBERS,
                    series="A",
                    service_date=day,
                    count=count,
                    held_lease_ids=tuple(held),
                )
                answer = kiosk.request("POST", "/v1/leases/numbers", request)
                assert answer.status_code == 200, answer.text
                held.append(answer.json()["lease_id"])
                got.append((kiosk.kiosk_id, answer.json()["first"], answer.json()["last"]))
            return got

        return lease_all

    plans = [[randomness.randint(1, 20) for _ in range(8)] for _ in kiosks]
    ranges = sorted(
        (first, last, kiosk_id)
        for leases in all_at_once([leaser(kiosk, plan) for kiosk, plan in zip(kiosks, plans, strict=True)])
        for kiosk_id, first, last in leases
    )
    total = sum(sum(plan) for plan in plans)
    assert len(ranges) == 48
    expected_first = 1
    for first, last, _ in ranges:
        assert first == expected_first, f"gap or overlap at {first}"
        expected_first = last + 1
    assert expected_first - 1 == total
    with workers[0].context.sessions() as session:
        stored = sorted(
            (first, last, kiosk_id)
            for first, last, kiosk_id in session.execute(
                select(NumberLeaseRecord.first, NumberLeaseRecord.last, NumberLeaseRecord.kiosk_id)
            )
        )
    assert stored == ranges


def test_parallel_replays_of_one_batch_store_it_once(workers: list[EmbeddedServer]) -> None:
    """GIVEN one batch of 50 transactions
    WHEN eight copies of it (each freshly signed, as retries after timeouts) reach both workers at once
    THEN each transaction is stored once, and every answer carries the same ack id per transaction
    """
    kiosk = enroll(workers[0], OFFICE)
    batch = IngestBatch(
        office_code=OFFICE,
        transactions=[queue_ticket(OFFICE, number, kiosk_id=kiosk.kiosk_id) for number in range(1, 51)],
    )
    copies = [
        KioskIdentity(worker.url, kiosk.kiosk_id, OFFICE, kiosk.key, httpx.Client(timeout=60))
        for worker in workers * 4
    ]

    def send(copy: KioskIdentity) -> Callable[[], IngestResponse]:
        def post() -> IngestResponse:
            answer = copy.request("POST", "/v1/ingest", batch)
            assert answer.status_code == 200, answer.text
            return IngestResponse.model_validate_json(answer.content)

        return post

    answers = all_at_once([send(copy) for copy in copies])
    assert len(answers) == 8
    acks = {tuple(result.ack_id for result in answer.results) for answer in answers}
    assert len(acks) == 1
    assert all(result.settled for answer in answers for result in answer.results)
    first_time = sum(1 for answer in answers for result in answer.results if result.status == "acknowledged")
    assert first_time == 50
    with workers[1].context.sessions() as session:
        assert session.scalar(select(func.count()).select_from(IngestedTransaction)) == 50


def test_one_code_enrolls_one_kiosk_under_a_race(workers: list[EmbeddedServer]) -> None:
    """GIVEN one enrollment code
    WHEN six kiosks present it at the same moment through both workers
    THEN exactly one is enrolled and the others are refused
    """
    code = workers[0].issue_enrollment_code(OFFICE)

    def present(worker: EmbeddedServer) -> Callable[[], int]:
        def post() -> int:
            request = EnrollmentRequest(code=code, public_key=public_key_b64(generate_private_key()))
            return httpx.post(
                f"{worker.url}/v1/enroll", content=request.model_dump_json(), timeout=60
            ).status_code

        return post

    statuses = all_at_once([present(worker) for worker in workers * 3])
    assert sorted(statuses) == [201, 403, 403, 403, 403, 403]

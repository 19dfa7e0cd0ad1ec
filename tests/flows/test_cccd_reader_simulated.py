"""The in-process simulated reader with a virtual CCCD chip, and the photo made ready for screens."""

from __future__ import annotations

import io
import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from demo.cards import demo_cccd_chip
from drivers.card.base import CardEvent, CardHolder, CardNeedsAccess, CardReadFailed, DocumentReader
from drivers.card.emrtd import is_contactless_atr
from drivers.card.errors import NoCard
from drivers.card.icao.mrz import MrzInformation
from drivers.card.icao.sim import ATR as CCCD_ATR
from drivers.card.none import NoCardReader
from drivers.card.photo import displayable_photo
from drivers.card.simulated import READER_NAME, SimulatedCardReader
from kiosk.paths import resources_dir

RESOURCES = resources_dir()
AN = MrzInformation.for_cccd("001090000123", "900312", "300312")


def test_events_and_threads() -> None:
    """GIVEN the simulated reader WHEN a chip goes in and is read THEN listeners hear "needs access"
    on the simulator's thread, the read runs on the reader's one worker thread, and a reader
    without the chip answers a read with a typed "no card"."""
    reader = SimulatedCardReader(trust_store=RESOURCES / "cards" / "vn" / "trust")
    events: list[tuple[CardEvent, str]] = []
    reader.subscribe(lambda event: events.append((event, threading.current_thread().name)))
    reader.start()
    try:
        assert isinstance(reader, DocumentReader) and not isinstance(NoCardReader(), DocumentReader)
        with pytest.raises(NoCard):
            reader.read_document(AN).result(timeout=10)
        reader.insert_chip(demo_cccd_chip(RESOURCES))
        assert reader.card_present and "chip document present" in reader.describe()
        assert any(isinstance(e, CardNeedsAccess) and e.reader == READER_NAME for e, _ in events)
        threads: list[str] = []
        holder: CardHolder = reader.read_document(
            AN, lambda _f: threads.append(threading.current_thread().name)
        ).result(timeout=30)
        assert holder.full_name == "Nguyễn Văn An"
        assert set(threads) == {threads[0]} and threads[0].startswith("card-reader")
        assert threads[0] != threading.current_thread().name
        reader.remove()
        assert not reader.card_present
    finally:
        reader.stop()
    failed = [e for e, _ in events if isinstance(e, CardReadFailed)]
    assert failed and failed[0].reason == "no_card" and failed[0].after_access


def test_without_a_trust_store_the_chip_is_accepted_as_not_checked() -> None:
    """GIVEN a reader with no CSCA configured WHEN a genuine chip is read THEN it identifies, with
    passive authentication "not_checked" (never "ok")."""
    reader = SimulatedCardReader(trust_store=None)
    reader.start()
    try:
        reader.insert_chip(demo_cccd_chip(RESOURCES))
        holder = reader.read_document(AN).result(timeout=30)
    finally:
        reader.stop()
    assert holder.document.passive_authentication.status.value == "not_checked"  # type: ignore[union-attr]


def test_contactless_atrs() -> None:
    assert is_contactless_atr(CCCD_ATR)
    assert not is_contactless_atr(bytes.fromhex("3B7996000054482049442031 38".replace(" ", "")))
    assert not is_contactless_atr(b"\x3b")


def test_photos_for_the_screen() -> None:
    """GIVEN card photos WHEN made ready for a screen THEN JPEG unchanged, JPEG 2000 decoded to a JPEG
    of the same size, anything else nothing."""
    jpeg = (RESOURCES / "cards" / "vn" / "an.jpg").read_bytes()
    jp2 = (RESOURCES / "cards" / "vn" / "duc.jp2").read_bytes()
    assert displayable_photo(jpeg) is jpeg
    decoded = displayable_photo(jp2)
    assert decoded.startswith(b"\xff\xd8\xff")
    with Image.open(io.BytesIO(decoded)) as shown, Image.open(io.BytesIO(jp2)) as stored:
        assert shown.size == stored.size
    assert displayable_photo(b"") == b""
    assert displayable_photo(jp2[:200]) == b""  # a cut JPEG 2000 file


@given(st.binary(max_size=300))
def test_any_bytes_as_a_photo(data: bytes) -> None:
    """GIVEN arbitrary bytes (a JPEG 2000 signature in front) WHEN made ready THEN bytes, never an error."""
    for candidate in (data, b"\x00\x00\x00\x0cjP  \r\n\x87\n" + data, b"\xff\x4f\xff\x51" + data):
        assert isinstance(displayable_photo(candidate), bytes)

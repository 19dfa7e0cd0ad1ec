"""The BER-TLV codec: multi-byte tags, long lengths, constructed objects, malformed input."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.card.icao import ber
from drivers.card.icao.errors import BerError, IcaoError, IndefiniteLength


def test_short_and_long_lengths_are_encoded_minimally() -> None:
    """GIVEN lengths on each side of the form boundaries
    WHEN encoded THEN short form below 128, then 81 / 82 / 83 with the big-endian length."""
    assert ber.encode_length(0) == b"\x00"
    assert ber.encode_length(127) == b"\x7f"
    assert ber.encode_length(128) == b"\x81\x80"
    assert ber.encode_length(255) == b"\x81\xff"
    assert ber.encode_length(256) == b"\x82\x01\x00"
    assert ber.encode_length(0xFFFF) == b"\x82\xff\xff"
    assert ber.encode_length(0x10000) == b"\x83\x01\x00\x00"


def test_multi_byte_tags_round_trip() -> None:
    """GIVEN the two-byte tags of DG1 and DG2 WHEN encoded and decoded THEN tag and value survive."""
    for tag in (0x5F1F, 0x7F61, 0x7F2E, 0x5F2E, 0x61):
        encoded = ber.encode(tag, b"abc")
        assert encoded[: len(ber.encode_tag(tag))] == tag.to_bytes(len(ber.encode_tag(tag)), "big")
        tlv, end = ber.decode_one(encoded)
        assert (tlv.tag, tlv.value, end) == (tag, b"abc", len(encoded))


def test_a_300_byte_value_uses_the_82_form_and_decodes_back() -> None:
    """GIVEN a value longer than 255 bytes (a long Vietnamese address)
    WHEN wrapped in a constructed object THEN the header uses 82 and children() finds it again."""
    address = "Số 27, ngõ 155/23/8 đường Phai Khắt - Nà Ngần, ".encode() * 6
    assert len(address) > 255
    inner = ber.encode(0x0C, address)
    assert inner[1] == 0x82
    outer = ber.encode(0x30, ber.encode(0x02, b"\x09") + inner)
    (sequence,) = ber.decode_all(outer)
    assert sequence.constructed
    number, text = sequence.children()
    assert (number.tag, number.value) == (0x02, b"\x09")
    assert text.value.decode() == address.decode()


def test_non_minimal_long_form_is_accepted() -> None:
    """GIVEN a length written 82 00 03 (allowed by BER) WHEN decoded THEN the value is read."""
    tlv, end = ber.decode_one(bytes.fromhex("04820003616263"))
    assert (tlv.tag, tlv.value, end) == (0x04, b"abc", 7)


def test_find_returns_the_first_match_or_none() -> None:
    """GIVEN a list of objects WHEN searched by tag THEN the first with it, else None."""
    objects = ber.decode_all(bytes.fromhex("8001018001028101ff"))
    found = ber.find(objects, 0x80)
    assert found is not None and found.value == b"\x01"
    assert ber.find(objects, 0x99) is None


@pytest.mark.parametrize(
    ("hex_data", "error"),
    [
        ("3080020101 0000", IndefiniteLength),
        ("0405616263", BerError),  # announces 5, holds 3
        ("5F", BerError),  # multi-byte tag cut short
        ("04", BerError),  # no length
        ("0485000000000000", BerError),  # 5-byte length
        ("0482 01", BerError),  # long length cut short
        ("5FFFFFFF01 00", BerError),  # tag longer than four bytes
    ],
)
def test_malformed_input_raises_typed_errors(hex_data: str, error: type[Exception]) -> None:
    """GIVEN malformed BER WHEN decoded THEN the typed error (an IcaoError and ValueError)."""
    with pytest.raises(error) as caught:
        ber.decode_all(bytes.fromhex(hex_data.replace(" ", "")))
    assert isinstance(caught.value, IcaoError)
    assert isinstance(caught.value, ValueError)


def test_children_of_a_primitive_object_is_an_error() -> None:
    """GIVEN a primitive OCTET STRING WHEN asked for its children THEN BerError."""
    (tlv,) = ber.decode_all(ber.encode(0x04, b"\x30\x00"))
    with pytest.raises(BerError):
        tlv.children()


def test_repr_shows_no_value() -> None:
    """GIVEN an object holding a name WHEN shown THEN only tag and length appear."""
    (tlv,) = ber.decode_all(ber.encode(0x0C, "Nguyễn Văn An".encode()))
    assert "Nguy" not in repr(tlv) and "0xC" in repr(tlv)


@given(st.binary(max_size=400))
def test_arbitrary_bytes_decode_or_raise_ber_error(data: bytes) -> None:
    """GIVEN any bytes WHEN decoded (and every constructed object opened)
    THEN only BerError escapes, and what decodes re-encodes to objects of the same tags."""
    try:
        objects = ber.decode_all(data)
        for tlv in objects:
            if tlv.constructed:
                tlv.children()
    except BerError:
        return
    assert [tlv.tag for tlv in objects] == [
        t.tag for t in ber.decode_all(b"".join(t.encode() for t in objects))
    ]


@given(
    st.lists(
        st.tuples(
            st.sampled_from([0x04, 0x0C, 0x5F1F, 0x7F49, 0x87, 0x30, 0x9F8101]), st.binary(max_size=70000)
        ),
        max_size=3,
    )
)
def test_encode_decode_round_trip(items: list[tuple[int, bytes]]) -> None:
    """GIVEN tags and values of any length up to 70 000 bytes
    WHEN encoded one after another and decoded THEN the same objects come back."""
    data = b"".join(ber.encode(tag, value) for tag, value in items)
    assert [(tlv.tag, tlv.value) for tlv in ber.decode_all(data)] == items

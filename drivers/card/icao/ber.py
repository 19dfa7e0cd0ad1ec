"""BER-TLV as used by eMRTD files and secure messaging (ISO/IEC 7816-4, ISO/IEC 8825-1).

* Tags: one byte, or several when the low five bits of the first byte are all set (``5F1F``,
  ``7F61``, ``7F49``); the value is the tag's bytes read big-endian, so ``0x5F1F`` is the tag
  written ``5F 1F``. Bit 6 of the first byte marks a constructed object. Tags longer than four
  bytes are rejected.
* Lengths: short form (``00``-``7F``) or long form ``81 xx`` / ``82 xxxx`` / ``83 xxxxxx`` /
  ``84 xxxxxxxx`` (non-minimal long forms are accepted, as BER allows). The indefinite form
  ``80`` is rejected with :class:`IndefiniteLength`; ``85``-``FF`` with :class:`BerError`.

Every malformed input raises :class:`BerError` (a ``ValueError``); no other exception escapes the
decoders. ``repr`` of a :class:`Tlv` shows the tag and length only (values can be personal data).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from drivers.card.icao.errors import BerError, IndefiniteLength

__all__ = [
    "BerError",
    "IndefiniteLength",
    "Tlv",
    "decode_all",
    "decode_one",
    "encode",
    "encode_length",
    "encode_tag",
    "find",
    "is_constructed",
]

_MAX_TAG_BYTES = 4
_MAX_LENGTH_BYTES = 4


def is_constructed(tag: int) -> bool:
    """Whether ``tag`` (as an int, first byte most significant) denotes a constructed object."""
    first = encode_tag(tag)[0]
    return bool(first & 0x20)


def encode_tag(tag: int) -> bytes:
    """The tag's bytes (``0x5F1F`` -> ``5F 1F``). Raises :class:`BerError` for a negative tag or
    one longer than four bytes."""
    if tag < 0:
        raise BerError("a tag cannot be negative")
    length = max(1, (tag.bit_length() + 7) // 8)
    if length > _MAX_TAG_BYTES:
        raise BerError("a tag longer than four bytes is not supported")
    return tag.to_bytes(length, "big")


def encode_length(n: int) -> bytes:
    """The shortest BER length: ``n`` below 128 in one byte, else ``81``..``84`` and the bytes."""
    if n < 0:
        raise BerError("a length cannot be negative")
    if n < 0x80:
        return bytes((n,))
    size = (n.bit_length() + 7) // 8
    if size > _MAX_LENGTH_BYTES:
        raise BerError("a length above 4 GiB is not supported")
    return bytes((0x80 | size,)) + n.to_bytes(size, "big")


def encode(tag: int, value: bytes) -> bytes:
    """Tag, length and value."""
    return encode_tag(tag) + encode_length(len(value)) + bytes(value)


@dataclass(frozen=True, repr=False)
class Tlv:
    """One decoded data object: ``tag`` as an int and the value's bytes."""

    tag: int
    value: bytes

    @property
    def constructed(self) -> bool:
        return is_constructed(self.tag)

    def children(self) -> list[Tlv]:
        """The objects inside a constructed object. :class:`BerError` for a primitive one or a
        value that is not a sequence of well-formed objects."""
        if not self.constructed:
            raise BerError(f"tag {self.tag:X} is primitive and has no inner objects")
        return decode_all(self.value)

    def encode(self) -> bytes:
        return encode(self.tag, self.value)

    def __repr__(self) -> str:
        return f"Tlv(tag=0x{self.tag:X}, length={len(self.value)})"


def _read_tag(data: bytes, offset: int) -> tuple[int, int]:
    if offset >= len(data):
        raise BerError("the data ends where a tag should start")
    first = data[offset]
    tag = first
    offset += 1
    if first & 0x1F == 0x1F:
        count = 1
        while True:
            if offset >= len(data):
                raise BerError("the data ends inside a multi-byte tag")
            byte = data[offset]
            offset += 1
            count += 1
            if count > _MAX_TAG_BYTES:
                raise BerError("a tag longer than four bytes is not supported")
            tag = (tag << 8) | byte
            if not byte & 0x80:
                break
    return tag, offset


def _read_length(data: bytes, offset: int) -> tuple[int, int]:
    if offset >= len(data):
        raise BerError("the data ends where a length should start")
    first = data[offset]
    offset += 1
    if first < 0x80:
        return first, offset
    if first == 0x80:
        raise IndefiniteLength("indefinite lengths are not allowed")
    size = first & 0x7F
    if size > _MAX_LENGTH_BYTES:
        raise BerError(f"a length of {size} bytes is not supported")
    if offset + size > len(data):
        raise BerError("the data ends inside a length")
    return int.from_bytes(data[offset : offset + size], "big"), offset + size


def decode_one(data: bytes, offset: int = 0) -> tuple[Tlv, int]:
    """The object starting at ``offset`` and the offset just past it."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise BerError("BER data must be bytes")
    raw = bytes(data)
    if offset < 0:
        raise BerError("a negative offset")
    tag, offset = _read_tag(raw, offset)
    length, offset = _read_length(raw, offset)
    end = offset + length
    if end > len(raw):
        raise BerError(f"tag {tag:X} announces {length} bytes but only {len(raw) - offset} follow")
    return Tlv(tag, raw[offset:end]), end


def decode_all(data: bytes) -> list[Tlv]:
    """Every object in ``data``, which must hold nothing else."""
    raw = bytes(data) if isinstance(data, (bytes, bytearray, memoryview)) else None
    if raw is None:
        raise BerError("BER data must be bytes")
    objects: list[Tlv] = []
    offset = 0
    while offset < len(raw):
        tlv, offset = decode_one(raw, offset)
        objects.append(tlv)
    return objects


def find(tlvs: Iterable[Tlv], tag: int) -> Tlv | None:
    """The first object with ``tag``, or ``None``."""
    for tlv in tlvs:
        if tlv.tag == tag:
            return tlv
    return None

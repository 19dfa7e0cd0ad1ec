"""A simulated Thai national ID card (the MOI applet), built from a TOML fixture.

Plug it into pcscd through :class:`drivers.card.vpcd.VpcdConnection` and any PC/SC reader code
reads it like a real card; or call :meth:`ThaiIdCardSim.apdu` directly in unit tests.

Command set (as real cards answer it, see ``DEVICES.md`` "Thai ID (PC/SC)"):

* SELECT ``00 A4 04 00 08 A0 00 00 00 54 48 00 01`` -> ``61 0A``. Real cards answer 61 0A (ten
  bytes waiting), not 90 00; a GET RESPONSE then returns ``84 08 <AID>`` (a DF-name TLV; the
  readers ignore these bytes, the exact content of a real card's answer is not public).
* READ BINARY ``80 B0 offH offL 02 00 len`` -> ``61 len``; the data waits for GET RESPONSE.
  Any range inside the data area 0x0004..0x1627, ``len`` 1..0xFF; outside it -> ``6B 00``.
* GET RESPONSE ``00 C0 00 P2 len`` -> data + ``90 00``. Cards whose ATR starts ``3B 67`` take
  ``P2 = 01``; the others (3B 68, 3B 78, 3B 79) take ``P2 = 00``. A card answers the other
  family's variant with ``6A 86`` (wrong P1-P2), so a reader that picks the variant wrongly fails
  here as it would on a real card. ``len`` smaller than what waits -> that much + ``61 rest``;
  larger -> ``6C exact``.
* Before SELECT (and after power off / reset): READ BINARY and GET RESPONSE -> ``69 85``.
  Unknown class -> ``6E 00``; unknown instruction -> ``6D 00``; bad Lc / short command -> ``67 00``.

Data area (offset/length, hex): CID 0004/0D, Thai name 0011/64 (cp874, ``title#first#middle#last``),
English name 0075/64, date of birth 00D9/08 (Buddhist-era YYYYMMDD), sex 00E1/01, issuer 00F6/64,
issue date 0167/08, expiry 016F/08, photo 017B..1578 (0x13FE = 5118 bytes), address 1579/64
(``house#moo#soi#road##tambon#amphoe#province``), request number 1619/0E. Text is padded with
spaces (0x20); bytes between fields are spaces too. The photo is the JPEG followed by spaces up to
the end of the photo area: real cards pad it the same way, which is why readers must cut the photo
after the JPEG's ``FF D9`` and must not strip spaces from it (a JPEG can contain 0x20 bytes).

Fault injection (constructor keywords): ``remove_after_apdus`` (after answering that many APDUs
the card reports ``removed``; a ``VpcdConnection`` then closes, so pcscd sees the card pulled out),
``wrong_status=(n, sw)`` (the n-th APDU, counting from 1, answers ``sw`` and is not executed),
``delay_s`` (sleep before every APDU answer).
"""

from __future__ import annotations

import threading
import time
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

TEXT_ENCODING: Final = "cp874"  # not tis-620: that codec rejects 0xA0
AID: Final = bytes.fromhex("A000000054480001")
SELECT_HEADER: Final = bytes.fromhex("00A4040008")
SELECT_APDU: Final = SELECT_HEADER + AID

AREA_START: Final = 0x0004
AREA_END: Final = 0x1628  # exclusive: the last readable byte is 0x1627
PAD: Final = 0x20

# The card's own layout table, kept apart from drivers.card.thai_id's on purpose: the card and
# the reader are two independent readings of the specification, so the tests can catch either.
FIELDS: Final[Mapping[str, tuple[int, int]]] = {
    "citizen_id": (0x0004, 0x0D),
    "name_th": (0x0011, 0x64),
    "name_en": (0x0075, 0x64),
    "date_of_birth": (0x00D9, 0x08),
    "sex": (0x00E1, 0x01),
    "issuer": (0x00F6, 0x64),
    "date_of_issue": (0x0167, 0x08),
    "date_of_expiry": (0x016F, 0x08),
    "photo": (0x017B, 0x1579 - 0x017B),
    "address": (0x1579, 0x64),
    "request_number": (0x1619, 0x0E),
}
"""Field name -> (offset, length) in the card's data area."""

PHOTO_OFFSET, PHOTO_CAPACITY = FIELDS["photo"]

SW_OK: Final = b"\x90\x00"
SW_WRONG_LENGTH: Final = b"\x67\x00"
SW_CONDITIONS: Final = b"\x69\x85"
SW_NOT_FOUND: Final = b"\x6a\x82"
SW_WRONG_P1P2: Final = b"\x6a\x86"
SW_OUT_OF_RANGE: Final = b"\x6b\x00"
SW_INS_NOT_SUPPORTED: Final = b"\x6d\x00"
SW_CLA_NOT_SUPPORTED: Final = b"\x6e\x00"

INS_SELECT: Final = 0xA4
INS_READ_BINARY: Final = 0xB0
INS_GET_RESPONSE: Final = 0xC0
_CLA_FOR_INS: Final[Mapping[int, int]] = {INS_SELECT: 0x00, INS_READ_BINARY: 0x80, INS_GET_RESPONSE: 0x00}


def get_response_p2(atr: bytes) -> int:
    """The GET RESPONSE P2 a card with this ATR expects: 0x01 for the 3B 67 family, else 0x00."""
    return 0x01 if atr[:2] == b"\x3b\x67" else 0x00


@dataclass(frozen=True)
class ThaiName:
    title: str
    first: str
    middle: str
    last: str

    def card_text(self) -> str:
        """The name as the card stores it: ``title#first#middle#last``."""
        return "#".join((self.title, self.first, self.middle, self.last))


@dataclass(frozen=True)
class ThaiAddress:
    house: str
    moo: str
    soi: str
    road: str
    tambon: str
    amphoe: str
    province: str

    def card_text(self) -> str:
        """The address as the card stores it: ``house#moo#soi#road##tambon#amphoe#province``."""
        parts = (self.house, self.moo, self.soi, self.road, "", self.tambon, self.amphoe, self.province)
        return "#".join(parts)


@dataclass(frozen=True)
class ThaiIdFixture:
    """One person's card. Dates are kept as the card stores them (Buddhist-era ``YYYYMMDD``)."""

    atr: bytes
    citizen_id: str
    name_th: ThaiName
    name_en: ThaiName
    date_of_birth: str
    sex: str
    issuer: str
    date_of_issue: str
    date_of_expiry: str
    address: ThaiAddress
    request_number: str
    photo: bytes
    source: Path | None = None

    def field_bytes(self) -> dict[str, bytes]:
        """Each field exactly as it sits on the card (padded to its length). Raises ``ValueError``."""
        raw = {
            "citizen_id": self.citizen_id,
            "name_th": self.name_th.card_text(),
            "name_en": self.name_en.card_text(),
            "date_of_birth": self.date_of_birth,
            "sex": self.sex,
            "issuer": self.issuer,
            "date_of_issue": self.date_of_issue,
            "date_of_expiry": self.date_of_expiry,
            "address": self.address.card_text(),
            "request_number": self.request_number,
        }
        out: dict[str, bytes] = {}
        for name, text in raw.items():
            encoded = text.encode(TEXT_ENCODING)
            length = FIELDS[name][1]
            if len(encoded) > length:
                raise ValueError(
                    f"{name} is {len(encoded)} bytes in {TEXT_ENCODING}; the card holds {length}"
                )
            out[name] = encoded.ljust(length, bytes([PAD]))
        if len(self.photo) > PHOTO_CAPACITY:
            raise ValueError(f"photo is {len(self.photo)} bytes; the card holds {PHOTO_CAPACITY}")
        out["photo"] = self.photo.ljust(PHOTO_CAPACITY, bytes([PAD]))
        return out

    def data_area(self) -> bytes:
        """The whole readable area, index 0 = card offset 0 (offsets 0..3 are not readable)."""
        area = bytearray([PAD]) * AREA_END
        for name, value in self.field_bytes().items():
            offset = FIELDS[name][0]
            area[offset : offset + len(value)] = value
        return bytes(area)


def _text(table: Mapping[str, Any], key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str):
        raise ValueError(f"{where}: '{key}' must be a string")
    return value


def _table(table: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
    value = table.get(key)
    if not isinstance(value, dict):
        raise ValueError(f"{where}: '{key}' must be a table")
    return value


def _digits(value: str, length: int, what: str, where: str) -> str:
    if len(value) != length or not value.isdigit() or not value.isascii():
        raise ValueError(f"{where}: {what} must be {length} ASCII digits, got {value!r}")
    return value


def check_atr(atr: bytes) -> None:
    """Raise ``ValueError`` unless the ATR's length matches its own T0/TDi/K bytes (and TCK)."""
    if len(atr) < 2 or atr[0] not in (0x3B, 0x3F):
        raise ValueError("ATR must start with TS 3B or 3F")
    index = 1
    historical = atr[1] & 0x0F
    indicator = atr[1] >> 4
    protocols: set[int] = set()
    while True:
        count = bin(indicator & 0x0F).count("1")
        if index + count >= len(atr):
            raise ValueError("ATR is shorter than its interface bytes")
        index += count
        if not indicator & 0x8:
            break
        td = atr[index]
        protocols.add(td & 0x0F)
        indicator = td >> 4
    needs_tck = bool(protocols - {0})
    expected = index + 1 + historical + (1 if needs_tck else 0)
    if len(atr) != expected:
        raise ValueError(f"ATR is {len(atr)} bytes; its structure says {expected}")
    if needs_tck:
        checksum = 0
        for byte in atr[1:]:
            checksum ^= byte
        if checksum:
            raise ValueError("ATR TCK is wrong")


def load_fixture(path: Path) -> ThaiIdFixture:
    """Read one person's card from a TOML file; the photo path is relative to the file."""
    where = str(path)
    with path.open("rb") as stream:
        data = tomllib.load(stream)
    atr = bytes.fromhex(_text(data, "atr", where))
    check_atr(atr)

    def name(key: str) -> ThaiName:
        table = _table(data, key, where)
        return ThaiName(
            *(_text(table, part, f"{where} {key}") for part in ("title", "first", "middle", "last"))
        )

    address_table = _table(data, "address", where)
    address = ThaiAddress(
        *(
            _text(address_table, part, f"{where} address")
            for part in ("house", "moo", "soi", "road", "tambon", "amphoe", "province")
        )
    )
    sex = _text(data, "sex", where)
    if sex not in ("1", "2"):
        raise ValueError(f"{where}: sex must be '1' or '2'")
    photo = (path.parent / _text(data, "photo", where)).read_bytes()
    if not (photo.startswith(b"\xff\xd8") and photo.endswith(b"\xff\xd9")):
        raise ValueError(f"{where}: the photo is not a complete JPEG")
    request_number = _text(data, "request_number", where)
    if len(request_number) != FIELDS["request_number"][1] or not request_number.isascii():
        raise ValueError(f"{where}: request_number must be 14 ASCII characters")
    fixture = ThaiIdFixture(
        atr=atr,
        citizen_id=_digits(_text(data, "citizen_id", where), 13, "citizen_id", where),
        name_th=name("name_th"),
        name_en=name("name_en"),
        date_of_birth=_digits(_text(data, "date_of_birth", where), 8, "date_of_birth", where),
        sex=sex,
        issuer=_text(data, "issuer", where),
        date_of_issue=_digits(_text(data, "date_of_issue", where), 8, "date_of_issue", where),
        date_of_expiry=_digits(_text(data, "date_of_expiry", where), 8, "date_of_expiry", where),
        address=address,
        request_number=request_number,
        photo=photo,
        source=path,
    )
    fixture.field_bytes()  # every field must fit
    return fixture


class ThaiIdCardSim:
    """The card: implements ``drivers.card.vpcd.VirtualCard`` (and ``RemovableCard``). Thread-safe."""

    def __init__(
        self,
        fixture: ThaiIdFixture,
        *,
        remove_after_apdus: int | None = None,
        wrong_status: tuple[int, bytes] | None = None,
        delay_s: float = 0.0,
    ) -> None:
        if wrong_status is not None and len(wrong_status[1]) != 2:
            raise ValueError("wrong_status needs a 2-byte status word")
        self.fixture = fixture
        self._area = fixture.data_area()
        self._atr = fixture.atr
        self._p2 = get_response_p2(fixture.atr)
        self.remove_after_apdus = remove_after_apdus
        self.wrong_status = wrong_status
        self.delay_s = delay_s
        self._lock = threading.Lock()
        self._selected = False
        self._pending: bytes | None = None
        self.powered = False
        self.apdu_count = 0
        """APDUs answered so far (faulty answers included)."""

    @classmethod
    def from_fixture(
        cls,
        path: Path,
        *,
        remove_after_apdus: int | None = None,
        wrong_status: tuple[int, bytes] | None = None,
        delay_s: float = 0.0,
    ) -> ThaiIdCardSim:
        return cls(
            load_fixture(path),
            remove_after_apdus=remove_after_apdus,
            wrong_status=wrong_status,
            delay_s=delay_s,
        )

    @property
    def get_response_p2(self) -> int:
        return self._p2

    @property
    def removed(self) -> bool:
        """True once ``remove_after_apdus`` APDUs have been answered (the card has left)."""
        limit = self.remove_after_apdus
        return limit is not None and self.apdu_count >= limit

    # -- VirtualCard ---------------------------------------------------------------------------

    def atr(self) -> bytes:
        return self._atr

    def power_on(self) -> None:
        with self._lock:
            self.powered = True
            self._forget()

    def power_off(self) -> None:
        with self._lock:
            self.powered = False
            self._forget()

    def reset(self) -> None:
        with self._lock:
            self.powered = True
            self._forget()

    def apdu(self, command: bytes) -> bytes:
        if self.delay_s > 0:
            time.sleep(self.delay_s)
        with self._lock:
            self.apdu_count += 1
            if self.wrong_status is not None and self.wrong_status[0] == self.apdu_count:
                self._pending = None
                return bytes(self.wrong_status[1])
            return self._execute(bytes(command))

    # -- the applet ----------------------------------------------------------------------------

    def _forget(self) -> None:
        self._selected = False
        self._pending = None

    def _execute(self, command: bytes) -> bytes:
        if len(command) < 4:
            self._pending = None
            return SW_WRONG_LENGTH
        cla, ins = command[0], command[1]
        pending, self._pending = self._pending, None  # only GET RESPONSE may use it, right now
        if cla not in (0x00, 0x80):
            return SW_CLA_NOT_SUPPORTED
        if ins not in _CLA_FOR_INS:
            return SW_INS_NOT_SUPPORTED
        if cla != _CLA_FOR_INS[ins]:
            return SW_CLA_NOT_SUPPORTED
        if ins == INS_SELECT:
            return self._select(command)
        if ins == INS_READ_BINARY:
            return self._read_binary(command)
        return self._get_response(command, pending)

    def _select(self, command: bytes) -> bytes:
        if command[2:4] != b"\x04\x00":
            return SW_WRONG_P1P2
        if len(command) < 5 or len(command) not in (5 + command[4], 6 + command[4]):
            return SW_WRONG_LENGTH
        if command[5 : 5 + command[4]] != AID:
            self._selected = False
            return SW_NOT_FOUND
        self._selected = True
        self._pending = b"\x84\x08" + AID
        return b"\x61" + bytes([len(self._pending)])

    def _read_binary(self, command: bytes) -> bytes:
        if not self._selected:
            return SW_CONDITIONS
        if len(command) != 7 or command[4] != 0x02:
            return SW_WRONG_LENGTH
        if command[5] != 0x00 or command[6] == 0x00:
            return SW_WRONG_LENGTH
        offset = (command[2] << 8) | command[3]
        length = command[6]
        if offset < AREA_START or offset + length > AREA_END:
            return SW_OUT_OF_RANGE
        self._pending = self._area[offset : offset + length]
        return b"\x61" + bytes([length])

    def _get_response(self, command: bytes, pending: bytes | None) -> bytes:
        if command[2] != 0x00 or command[3] != self._p2:
            self._pending = pending  # a rejected GET RESPONSE leaves the data waiting
            return SW_WRONG_P1P2
        if len(command) != 5:
            self._pending = pending
            return SW_WRONG_LENGTH
        if not self._selected or pending is None:
            return SW_CONDITIONS
        wanted = command[4] or 0x100
        if wanted > len(pending):
            self._pending = pending
            return b"\x6c" + bytes([len(pending)])
        rest = pending[wanted:]
        if rest:
            self._pending = rest
            return pending[:wanted] + b"\x61" + bytes([len(rest)])
        return pending + SW_OK

"""A virtual Vietnamese CCCD chip (an ICAO Doc 9303 eMRTD) for pcscd's vpcd reader.

Plug it into pcscd through :class:`drivers.card.vpcd.VpcdConnection` and any PC/SC code reads it as
a contactless card in a reader; or call :meth:`CccdCardSim.apdu` directly in unit tests. The files
come from a TOML fixture (:mod:`drivers.card.icao.sim_files`); the cryptography is the same
module the terminal uses (:mod:`.bac`, :mod:`.pace`, :mod:`.sm`), in its card-side role.

The chip, as ICAO Doc 9303 parts 10 and 11 describe one:

* Master file: ``EF.CardAccess`` (``011C``, short ID ``1C``), readable without authentication, only
  on cards that offer PACE. ``SELECT 00 A4 00 0C`` (optionally with ``3F00``) returns to the MF.
* eMRTD application ``A0 00 00 02 47 10 01``, selected with ``00 A4 04 0C 07 <AID>``, holding
  ``EF.COM 011E``, ``EF.SOD 011D``, ``DG1 0101``, ``DG2 0102``, ``DG13 010D`` (short IDs ``1E``,
  ``1D``, ``01``, ``02``, ``0D``). Selecting or reading them without secure messaging answers
  ``69 82`` (security status not satisfied); an unknown file ``6A 82``.
* BAC: ``GET CHALLENGE 00 84 00 00 08`` then ``MUTUAL AUTHENTICATE 00 82 00 00 28 ... 28``; a
  cryptogram that does not verify (wrong MRZ data) answers ``63 00`` and uses up the challenge.
* PACE (cards whose fixture offers it): ``MSE:Set AT 00 22 C1 A4`` with the protocol of
  EF.CardAccess, password reference 1 (MRZ) or 2 (CAN, when the card has one) and parameter id,
  then four ``GENERAL AUTHENTICATE`` steps (``10 86`` chained, the last ``00 86``). Unknown
  protocol, parameters or password reference answer ``6A 80``; a wrong password shows as a token
  that does not verify in step 4 and answers ``63 00``; a step out of order ``69 85``.
* After BAC (3DES) or PACE (AES-128) every command must be protected: a plain command answers
  ``69 87`` and a wrong MAC or malformed data object ``69 88``, in plain, and either ends the
  session (files are locked again until a new BAC / PACE), as chips do.
* ``READ BINARY 0C B0 P1 P2``: a 15-bit offset in P1-P2, or a short file ID in P1 (bit 8 set,
  which also selects the file) with the offset in P2. The expected length (DO97) may be at most
  what keeps the protected answer a short APDU (``0xDF`` bytes with AES, ``0xE7`` with 3DES):
  more answers ``67 00``. Reading past the end answers the bytes there are with ``62 82``; an
  offset beyond the file ``6B 00``.

Fault injection (constructor keywords): ``remove_after_apdus`` (after that many APDUs the card
reports ``removed`` and a ``VpcdConnection`` drops it: pcscd sees the card pulled out),
``wrong_status=(n, sw)`` (APDU *n*, counting from 1, answers ``sw`` in plain and is not executed),
``corrupt_response=n`` (APDU *n*'s answer has one byte of its secure-messaging MAC flipped), and
``delay_s`` (sleep before each answer). ``seed`` makes the chip's random numbers a stream that
restarts at each power-on: a recorded session (protected commands included) then replays byte for
byte, which the benchmark's raw baseline relies on. A wrong MRZ needs no fault: the reader just uses other
keys. The tampered data group of a fixture is a fixture setting (``[faults] tamper``).

:attr:`CccdCardSim.authenticated_with` tells which protocol opened the current session
(``"BAC"``, ``"PACE"`` or ``None``), :attr:`CccdCardSim.authentications` every one that succeeded
since the card was made, :attr:`CccdCardSim.commands` the instructions received.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Final, Literal

from drivers.card.icao.bac import BacKeys, bac_keys, card_authenticate
from drivers.card.icao.errors import BacError, BerError, PaceError, PaceUnsupported
from drivers.card.icao.pace import Can, CardPaceSession, PaceInfo, Password, parse_mse_set_at
from drivers.card.icao.sim_files import (
    FID_CARD_ACCESS,
    FID_COM,
    FID_DG1,
    FID_DG2,
    FID_DG13,
    FID_SOD,
    PACE_ECDH_GM_AES_128,
    CccdFixture,
    ChipFiles,
    build_chip_files,
    load_fixture,
)
from drivers.card.icao.sm import SecureMessaging, SecureMessagingError, parse_apdu

__all__ = ["AID", "ATR", "CccdCardSim", "max_protected_read"]

AID: Final = bytes.fromhex("A0000002471001")
ATR: Final = bytes.fromhex("3B8880010000000000718100F9")
"""The PC/SC pseudo-ATR of an ISO/IEC 14443-4 type B card (PC/SC part 3, 3.1.3.2.3.2)."""

SW_OK: Final = 0x9000
SW_END_OF_FILE: Final = 0x6282
SW_AUTHENTICATION_FAILED: Final = 0x6300
SW_WRONG_LENGTH: Final = 0x6700
SW_SECURITY_STATUS: Final = 0x6982
SW_CONDITIONS: Final = 0x6985
SW_NO_CURRENT_EF: Final = 0x6986
SW_SM_MISSING: Final = 0x6987
SW_WRONG_DATA: Final = 0x6A80
SW_NOT_FOUND: Final = 0x6A82
SW_WRONG_P1P2: Final = 0x6A86
SW_OUT_OF_RANGE: Final = 0x6B00
SW_INS_NOT_SUPPORTED: Final = 0x6D00
SW_CLA_NOT_SUPPORTED: Final = 0x6E00

INS_SELECT: Final = 0xA4
INS_READ_BINARY: Final = 0xB0
INS_GET_CHALLENGE: Final = 0x84
INS_MUTUAL_AUTHENTICATE: Final = 0x82
INS_MSE: Final = 0x22
INS_GENERAL_AUTHENTICATE: Final = 0x86

_APPLICATION_FILES: Final = frozenset({FID_COM, FID_SOD, FID_DG1, FID_DG2, FID_DG13})
_SHORT_IDS: Final = {
    0x1C: FID_CARD_ACCESS,
    0x1D: FID_SOD,
    0x1E: FID_COM,
    0x01: FID_DG1,
    0x02: FID_DG2,
    0x0D: FID_DG13,
}

_PACE_STEPS: Final = 4

Random = Callable[[int], bytes]
Folder = Literal["MF", "eMRTD"]


def max_protected_read(block: int) -> int:
    """The longest READ BINARY answer whose protected form (``87 L 01 cryptogram``, ``99 02 SW``,
    ``8E 08 MAC``) still fits the 256 data bytes of a short response APDU."""
    best = 0
    for n in range(1, 257):
        padded = (n // block + 1) * block
        do87 = 1 + (1 if padded + 1 < 0x80 else 2) + padded + 1
        if do87 + 4 + 10 <= 256:
            best = n
    return best


class CccdCardSim:
    """The chip: implements ``drivers.card.vpcd.VirtualCard`` and ``RemovableCard``. Thread-safe.

    Personal data stays inside: nothing here logs, and errors never carry file contents."""

    def __init__(
        self,
        fixture: CccdFixture,
        *,
        files: ChipFiles | None = None,
        remove_after_apdus: int | None = None,
        wrong_status: tuple[int, int] | None = None,
        corrupt_response: int | None = None,
        delay_s: float = 0.0,
        random: Random = os.urandom,
        seed: bytes | None = None,
    ) -> None:
        self.fixture = fixture
        self.chip = files if files is not None else build_chip_files(fixture)
        self._files = dict(self.chip.files)
        self._bac_keys: BacKeys = bac_keys(fixture.mrz_information())
        self.remove_after_apdus = remove_after_apdus
        self.wrong_status = wrong_status
        self.corrupt_response = corrupt_response
        self.delay_s = delay_s
        self._system_random = random
        self._seed = seed
        self._drawn = 0
        self._lock = threading.Lock()
        self.powered = False
        self.apdu_count = 0
        """APDUs answered so far (faulty answers included)."""
        self.commands: list[int] = []
        """The instruction byte of every APDU received, in order (no data: safe to show)."""
        self.authenticated_with: Literal["BAC", "PACE"] | None = None
        self.authentications: list[Literal["BAC", "PACE"]] = []
        """Every access control that succeeded, in order (kept across power cycles)."""
        self.failed_authentications = 0
        self._reset_state()

    @classmethod
    def from_fixture(
        cls,
        path: Path,
        *,
        remove_after_apdus: int | None = None,
        wrong_status: tuple[int, int] | None = None,
        corrupt_response: int | None = None,
        delay_s: float = 0.0,
        seed: bytes | None = None,
    ) -> CccdCardSim:
        return cls(
            load_fixture(path),
            remove_after_apdus=remove_after_apdus,
            wrong_status=wrong_status,
            corrupt_response=corrupt_response,
            delay_s=delay_s,
            seed=seed,
        )

    def __repr__(self) -> str:
        return f"CccdCardSim({self.fixture.name!r}, apdus={self.apdu_count})"

    @property
    def removed(self) -> bool:
        """True once ``remove_after_apdus`` APDUs have been answered (the card has left)."""
        limit = self.remove_after_apdus
        return limit is not None and self.apdu_count >= limit

    @property
    def file_ids(self) -> frozenset[int]:
        return frozenset(self._files)

    def file(self, fid: int) -> bytes:
        """A file's bytes as the chip stores them (tampering included)."""
        return self._files[fid]

    # -- VirtualCard ---------------------------------------------------------------------------

    def atr(self) -> bytes:
        return ATR

    def power_on(self) -> None:
        with self._lock:
            self.powered = True
            self._reset_state()

    def power_off(self) -> None:
        with self._lock:
            self.powered = False
            self._reset_state()

    def reset(self) -> None:
        with self._lock:
            self.powered = True
            self._reset_state()

    def apdu(self, command: bytes) -> bytes:
        if self.delay_s > 0:
            time.sleep(self.delay_s)
        with self._lock:
            self.apdu_count += 1
            self.commands.append(command[1] if len(command) > 1 else -1)
            if self.wrong_status is not None and self.wrong_status[0] == self.apdu_count:
                return self.wrong_status[1].to_bytes(2, "big")
            answer = self._answer(bytes(command))
            if self.corrupt_response == self.apdu_count and len(answer) > 3:
                corrupted = bytearray(answer)
                corrupted[-3] ^= 0x01  # the last byte of the MAC object, just before SW1 SW2
                answer = bytes(corrupted)
            return answer

    # -- the chip ------------------------------------------------------------------------------

    def _random(self, size: int) -> bytes:
        """The chip's random numbers: ``random``'s, or with a ``seed`` a stream that restarts at
        every power-on, so one recorded session can be replayed byte for byte."""
        if self._seed is None:
            return self._system_random(size)
        start, self._drawn = self._drawn, self._drawn + size
        return hashlib.shake_256(self._seed).digest(self._drawn)[start:]

    def _reset_state(self) -> None:
        self._drawn = 0
        self._folder: Folder = "MF"
        self._current: int | None = None
        self._challenge: bytes | None = None
        self._pace: CardPaceSession | None = None
        self._pace_step = 0
        self._sm: SecureMessaging | None = None
        self.authenticated_with = None

    def _end_session(self) -> None:
        self._sm = None
        self._pace = None
        self._challenge = None
        self._current = None
        self.authenticated_with = None

    def _answer(self, raw: bytes) -> bytes:
        if len(raw) < 4:
            return SW_WRONG_LENGTH.to_bytes(2, "big")
        sm = self._sm
        if sm is None:
            if raw[0] & 0x0C == 0x0C:  # a protected command with no session to check it against
                return SW_SM_MISSING.to_bytes(2, "big")
            data, sw = self._execute(raw, protected=False)
            return data + sw.to_bytes(2, "big")
        try:
            plain = sm.unprotect_command(raw)
        except SecureMessagingError as exc:
            self._end_session()
            return exc.sw.to_bytes(2, "big")
        data, sw = self._execute(plain, protected=True)
        return sm.protect_response(data, sw)

    def _execute(self, raw: bytes, *, protected: bool) -> tuple[bytes, int]:
        try:
            command = parse_apdu(raw)
        except SecureMessagingError as exc:
            return b"", exc.sw
        if command.cla & ~0x1C & 0xFF:  # only the chaining (10) and secure messaging (0C) bits
            return b"", SW_CLA_NOT_SUPPORTED
        if command.cla & 0x10 and command.ins != INS_GENERAL_AUTHENTICATE:
            return b"", SW_CLA_NOT_SUPPORTED
        if command.ins == INS_SELECT:
            return b"", self._select(command.p1, command.p2, command.data, protected=protected)
        if command.ins == INS_READ_BINARY:
            return self._read_binary(command.p1, command.p2, command.le, protected=protected)
        if command.ins == INS_GET_CHALLENGE:
            return self._get_challenge(command.p1, command.p2, command.le)
        if command.ins == INS_MUTUAL_AUTHENTICATE:
            return self._mutual_authenticate(command.data, protected=protected)
        if command.ins == INS_MSE:
            return b"", self._mse_set_at(command.p1, command.p2, command.data, protected=protected)
        if command.ins == INS_GENERAL_AUTHENTICATE:
            return self._general_authenticate(command.cla, command.data, protected=protected)
        return b"", SW_INS_NOT_SUPPORTED

    # -- files ---------------------------------------------------------------------------------

    def _visible(self, fid: int) -> bool:
        if fid == FID_CARD_ACCESS:
            return self._folder == "MF" and fid in self._files
        return self._folder == "eMRTD" and fid in _APPLICATION_FILES

    def _select(self, p1: int, p2: int, data: bytes, *, protected: bool) -> int:
        if p2 not in (0x00, 0x0C):
            return SW_WRONG_P1P2
        if p1 == 0x04:
            if data != AID:
                return SW_NOT_FOUND
            self._folder, self._current = "eMRTD", None
            return SW_OK
        if p1 == 0x00 and data in (b"", b"\x3f\x00"):
            self._folder, self._current = "MF", None
            return SW_OK
        if p1 not in (0x00, 0x02) or len(data) != 2:
            return SW_WRONG_P1P2 if len(data) == 2 else SW_WRONG_LENGTH
        fid = int.from_bytes(data, "big")
        if not self._visible(fid):
            return SW_NOT_FOUND
        if fid != FID_CARD_ACCESS and not protected:
            return SW_SECURITY_STATUS
        self._current = fid
        return SW_OK

    def _read_binary(self, p1: int, p2: int, le: int | None, *, protected: bool) -> tuple[bytes, int]:
        if p1 & 0x80:
            if p1 & 0x60:
                return b"", SW_WRONG_P1P2
            fid = _SHORT_IDS.get(p1 & 0x1F)
            if fid is None or not self._visible(fid):
                return b"", SW_NOT_FOUND
            self._current = fid
            offset = p2
        else:
            if self._current is None:
                return b"", SW_NO_CURRENT_EF
            offset = (p1 << 8) | p2
        fid = self._current
        if fid != FID_CARD_ACCESS and not protected:  # access condition of the eMRTD files
            self._current = None
            return b"", SW_SECURITY_STATUS
        if le is None:
            return b"", SW_WRONG_LENGTH
        sm = self._sm
        if sm is not None and le > max_protected_read(sm.block_size):
            return b"", SW_WRONG_LENGTH
        content = self._files[fid]
        if offset >= len(content):
            return b"", SW_OUT_OF_RANGE
        chunk = content[offset : offset + le]
        return chunk, SW_OK if len(chunk) == le else SW_END_OF_FILE

    # -- BAC -----------------------------------------------------------------------------------

    def _get_challenge(self, p1: int, p2: int, le: int | None) -> tuple[bytes, int]:
        if (p1, p2) != (0x00, 0x00):
            return b"", SW_WRONG_P1P2
        if le != 8:
            return b"", SW_WRONG_LENGTH
        self._challenge = self._random(8)
        return self._challenge, SW_OK

    def _mutual_authenticate(self, data: bytes, *, protected: bool) -> tuple[bytes, int]:
        challenge, self._challenge = self._challenge, None
        if protected or not self.fixture.offers_bac or challenge is None:
            return b"", SW_CONDITIONS
        if len(data) != 40:
            return b"", SW_WRONG_LENGTH
        try:
            answer = card_authenticate(self._bac_keys, challenge, data, self._random(16))
        except BacError:
            self.failed_authentications += 1
            return b"", SW_AUTHENTICATION_FAILED
        self._pace = None
        self._sm = answer.session
        self.authenticated_with = "BAC"
        self.authentications.append("BAC")
        return answer.response, SW_OK

    # -- PACE ----------------------------------------------------------------------------------

    def _password(self, reference: int) -> Password | None:
        if reference == 1:
            return self.fixture.mrz_information()
        if reference == 2 and self.fixture.can is not None:
            return Can(self.fixture.can)
        return None

    def _mse_set_at(self, p1: int, p2: int, data: bytes, *, protected: bool) -> int:
        if (p1, p2) != (0xC1, 0xA4):
            return SW_WRONG_P1P2
        if protected or not self.fixture.offers_pace:
            return SW_CONDITIONS
        try:
            oid, reference, parameter_id = parse_mse_set_at(data)
        except BerError:
            return SW_WRONG_DATA
        password = self._password(reference)
        if oid != PACE_ECDH_GM_AES_128 or password is None:
            return SW_WRONG_DATA
        if parameter_id not in (None, self.fixture.pace_parameter_id):
            return SW_WRONG_DATA
        try:
            self._pace = CardPaceSession(
                PaceInfo(oid, 2, self.fixture.pace_parameter_id), password, random=self._random
            )
        except PaceUnsupported:
            return SW_WRONG_DATA
        self._pace_step = 0
        return SW_OK

    def _general_authenticate(self, cla: int, data: bytes, *, protected: bool) -> tuple[bytes, int]:
        pace = self._pace
        if protected or pace is None:
            return b"", SW_CONDITIONS
        last = self._pace_step == _PACE_STEPS - 1
        if bool(cla & 0x10) == last:  # steps 1-3 are chained (CLA 10), step 4 ends the chain
            self._pace = None
            return b"", SW_CONDITIONS
        try:
            answer = pace.general_authenticate(data)
        except PaceError:
            self._pace = None
            if last:  # the terminal's token does not verify: a wrong password
                self.failed_authentications += 1
                return b"", SW_AUTHENTICATION_FAILED
            return b"", SW_WRONG_DATA
        except BerError:
            self._pace = None
            return b"", SW_WRONG_DATA
        self._pace_step += 1
        if last:
            self._pace = None
            self._sm = pace.session
            self.authenticated_with = "PACE"
            self.authentications.append("PACE")
        return answer, SW_OK

"""Secure messaging (ICAO Doc 9303 part 11, 9.8) for both sides: 3DES (BAC) and AES (PACE).

Command ``CLA INS P1 P2 [Lc data] [Le]`` becomes ``CLA|0C INS P1 P2 Lc' DO87|DO85 DO97 DO8E 00``:

* ``DO87 = 87 L 01 || E(KSenc, pad(data))`` (``DO85`` without the ``01`` for an odd INS such as
  ``B1``); ``DO97 = 97 01 Le``;
* ``DO8E = 8E 08 MAC(KSmac, SSC || pad(CLA|0C INS P1 P2) || DO87 || DO97)`` where the MAC input
  is padded (ISO/IEC 9797-1 method 2): the retail MAC for 3DES, AES-CMAC cut to 8 bytes for AES.

The answer is ``[DO87] DO99 DO8E SW1 SW2`` with ``DO99 = 99 02 SW1 SW2`` and the MAC over
``SSC || DO87 || DO99``. The send sequence counter (8 bytes for 3DES, 16 for AES) is incremented
before each command and before each answer, by both sides. 3DES encrypts with a zero IV; AES with
``IV = E(KSenc, SSC)`` (the counter's value for that message). Only short APDUs are supported, so
a protected READ BINARY keeps ``Le <= 0xDF`` (the reader's limit; see :data:`MAX_READ`).

The terminal uses :meth:`SecureMessaging.protect_command` and
:meth:`SecureMessaging.unprotect_response`; a card (the emulator) uses
:meth:`SecureMessaging.unprotect_command` and :meth:`SecureMessaging.protect_response`. Every
failure raises :class:`SecureMessagingError` (with the status word a card answers in ``sw``);
no other exception escapes, whatever the bytes.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from drivers.card.icao import ber
from drivers.card.icao.crypto import (
    CipherName,
    aes_cbc_decrypt,
    aes_cbc_encrypt,
    aes_cmac,
    aes_ecb_encrypt_block,
    block_size,
    pad,
    retail_mac,
    tdes_cbc_decrypt,
    tdes_cbc_encrypt,
    unpad,
)
from drivers.card.icao.errors import BerError, CryptoError, SecureMessagingError

__all__ = ["MAX_READ", "Apdu", "SecureMessaging", "SecureMessagingError", "parse_apdu"]

MAX_READ = 0xDF
"""The largest READ BINARY length under secure messaging that keeps every answer a short APDU."""

SW_MISSING_OBJECTS = 0x6987
SW_INCORRECT_OBJECTS = 0x6988


@dataclass(frozen=True)
class Apdu:
    """A short command APDU split into its parts. ``le`` is ``None`` when absent, 256 for ``00``."""

    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes
    le: int | None

    def encode(self) -> bytes:
        out = bytes((self.cla, self.ins, self.p1, self.p2))
        if self.data:
            out += bytes((len(self.data),)) + self.data
        if self.le is not None:
            out += bytes((self.le & 0xFF,))
        return out


def parse_apdu(apdu: bytes) -> Apdu:
    """Splits a short command APDU (cases 1 to 4). :class:`SecureMessagingError` otherwise."""
    raw = bytes(apdu)
    if len(raw) < 4:
        raise SecureMessagingError("a command APDU has at least 4 bytes", sw=0x6700)
    cla, ins, p1, p2 = raw[0], raw[1], raw[2], raw[3]
    if len(raw) == 4:
        return Apdu(cla, ins, p1, p2, b"", None)
    if len(raw) == 5:
        return Apdu(cla, ins, p1, p2, b"", raw[4] or 256)
    lc = raw[4]
    if lc == 0:
        raise SecureMessagingError("extended-length APDUs are not supported", sw=0x6700)
    if len(raw) == 5 + lc:
        return Apdu(cla, ins, p1, p2, raw[5:], None)
    if len(raw) == 6 + lc:
        return Apdu(cla, ins, p1, p2, raw[5:-1], raw[-1] or 256)
    raise SecureMessagingError("the APDU length does not match its Lc byte", sw=0x6700)


class SecureMessaging:
    """One secure-messaging session: the session keys, the cipher and the send sequence counter.

    ``ssc`` is the counter's value *before* the next message (each message increments it first).
    Key material never appears in ``repr``."""

    def __init__(self, ks_enc: bytes, ks_mac: bytes, ssc: int, cipher: CipherName) -> None:
        if cipher not in ("3des", "aes128", "aes192", "aes256"):
            raise SecureMessagingError(f"unknown cipher {cipher!r}")
        expected = 16 if cipher in ("3des", "aes128") else (24 if cipher == "aes192" else 32)
        if len(ks_enc) != expected or len(ks_mac) != expected:
            raise SecureMessagingError(f"{cipher} session keys must have {expected} bytes")
        self._ks_enc = bytes(ks_enc)
        self._ks_mac = bytes(ks_mac)
        self.cipher: CipherName = cipher
        self.block_size = block_size(cipher)
        self._modulus = 1 << (8 * self.block_size)
        self.ssc = ssc % self._modulus

    def __repr__(self) -> str:
        return f"SecureMessaging(cipher={self.cipher!r}, ssc=0x{self.ssc:X})"

    # -- primitives ---------------------------------------------------------------------------

    def _next_ssc(self) -> bytes:
        self.ssc = (self.ssc + 1) % self._modulus
        return self.ssc.to_bytes(self.block_size, "big")

    def _mac(self, data: bytes) -> bytes:
        if self.cipher == "3des":
            return retail_mac(self._ks_mac, data)  # pads inside
        return aes_cmac(self._ks_mac, pad(data, 16))[:8]

    def _encrypt(self, ssc: bytes, data: bytes) -> bytes:
        padded = pad(data, self.block_size)
        if self.cipher == "3des":
            return tdes_cbc_encrypt(self._ks_enc, padded)
        return aes_cbc_encrypt(self._ks_enc, padded, aes_ecb_encrypt_block(self._ks_enc, ssc))

    def _decrypt(self, ssc: bytes, cryptogram: bytes) -> bytes:
        try:
            if self.cipher == "3des":
                plain = tdes_cbc_decrypt(self._ks_enc, cryptogram)
            else:
                plain = aes_cbc_decrypt(self._ks_enc, cryptogram, aes_ecb_encrypt_block(self._ks_enc, ssc))
            return unpad(plain)
        except CryptoError as exc:
            raise SecureMessagingError(f"the encrypted data object cannot be decrypted: {exc}") from None

    def _verify(self, data: bytes, mac: bytes) -> None:
        if len(mac) != 8 or not hmac.compare_digest(self._mac(data), mac):
            raise SecureMessagingError("the secure-messaging MAC does not verify", sw=SW_INCORRECT_OBJECTS)

    # -- terminal side ------------------------------------------------------------------------

    def protect_command(self, apdu: bytes) -> bytes:
        """The protected form of a plain short command APDU (increments the counter)."""
        command = parse_apdu(apdu)
        if command.cla & 0x0C:
            raise SecureMessagingError("the command is already protected")
        ssc = self._next_ssc()
        cla = command.cla | 0x0C
        header = bytes((cla, command.ins, command.p1, command.p2))
        objects = b""
        if command.data:
            cryptogram = self._encrypt(ssc, command.data)
            if command.ins & 1:
                objects += ber.encode(0x85, cryptogram)
            else:
                objects += ber.encode(0x87, b"\x01" + cryptogram)
        if command.le is not None:
            objects += ber.encode(0x97, bytes((command.le & 0xFF,)))
        mac = self._mac(ssc + pad(header, self.block_size) + objects)
        body = objects + ber.encode(0x8E, mac)
        if len(body) > 0xFF:
            raise SecureMessagingError("the protected command does not fit a short APDU")
        return header + bytes((len(body),)) + body + b"\x00"

    def unprotect_response(self, rapdu: bytes) -> bytes:
        """Verifies and decrypts a protected answer; returns its data followed by SW1 SW2 (from
        DO99). An answer with no data objects and an error status is returned as it is (cards
        answer SM errors in plain); a plain ``9000`` is refused. Increments the counter."""
        raw = bytes(rapdu)
        if len(raw) < 2:
            raise SecureMessagingError("the answer has no status word")
        body, sw = raw[:-2], raw[-2:]
        ssc = self._next_ssc()
        if not body:
            if sw == b"\x90\x00" or sw[0] == 0x61:
                raise SecureMessagingError("the card answered without secure messaging")
            return sw
        try:
            objects: list[tuple[ber.Tlv, int]] = []
            offset = 0
            while offset < len(body):
                tlv, end = ber.decode_one(body, offset)
                objects.append((tlv, offset))
                offset = end
        except BerError as exc:
            raise SecureMessagingError(f"the protected answer is not BER-TLV: {exc}") from None
        if not objects or objects[-1][0].tag != 0x8E:
            raise SecureMessagingError("the protected answer has no MAC object last", sw=SW_MISSING_OBJECTS)
        mac_object, mac_offset = objects[-1]
        self._verify(ssc + body[:mac_offset], mac_object.value)
        data = b""
        status: bytes | None = None
        for tlv, _ in objects[:-1]:
            if tlv.tag == 0x87:
                if not tlv.value or tlv.value[0] != 0x01:
                    raise SecureMessagingError("the encrypted data object has an unknown padding indicator")
                data = self._decrypt(ssc, tlv.value[1:])
            elif tlv.tag == 0x85:
                data = self._decrypt(ssc, tlv.value)
            elif tlv.tag == 0x81:
                data = tlv.value
            elif tlv.tag == 0x99:
                if len(tlv.value) != 2:
                    raise SecureMessagingError("the status object does not hold two bytes")
                status = tlv.value
            else:
                raise SecureMessagingError(f"unexpected data object {tlv.tag:X} in the protected answer")
        if status is None:
            raise SecureMessagingError("the protected answer has no status object", sw=SW_MISSING_OBJECTS)
        return data + status

    # -- card side ----------------------------------------------------------------------------

    def unprotect_command(self, apdu: bytes) -> bytes:
        """Verifies and decrypts a protected command; returns the plain APDU (CLA without the SM
        bits; Le from DO97). Increments the counter. :class:`SecureMessagingError` carries the
        status word to answer (6987 objects missing, 6988 objects incorrect)."""
        command = parse_apdu(apdu)
        if command.cla & 0x0C != 0x0C:
            raise SecureMessagingError("the command is not protected", sw=SW_MISSING_OBJECTS)
        ssc = self._next_ssc()
        header = bytes((command.cla, command.ins, command.p1, command.p2))
        try:
            objects: list[tuple[ber.Tlv, int]] = []
            offset = 0
            while offset < len(command.data):
                tlv, end = ber.decode_one(command.data, offset)
                objects.append((tlv, offset))
                offset = end
        except BerError as exc:
            raise SecureMessagingError(f"the protected command is not BER-TLV: {exc}") from None
        if not objects or objects[-1][0].tag != 0x8E:
            raise SecureMessagingError("the protected command has no MAC object last", sw=SW_MISSING_OBJECTS)
        mac_object, mac_offset = objects[-1]
        self._verify(ssc + pad(header, self.block_size) + command.data[:mac_offset], mac_object.value)
        data = b""
        le: int | None = None
        for tlv, _ in objects[:-1]:
            if tlv.tag == 0x87:
                if not tlv.value or tlv.value[0] != 0x01:
                    raise SecureMessagingError("the encrypted data object has an unknown padding indicator")
                data = self._decrypt(ssc, tlv.value[1:])
            elif tlv.tag == 0x85:
                data = self._decrypt(ssc, tlv.value)
            elif tlv.tag == 0x97:
                if len(tlv.value) != 1:
                    raise SecureMessagingError("only a one-byte expected length is supported")
                le = tlv.value[0] or 256
            else:
                raise SecureMessagingError(f"unexpected data object {tlv.tag:X} in the protected command")
        if len(data) > 0xFF:
            raise SecureMessagingError("the command data does not fit a short APDU", sw=0x6700)
        return Apdu(command.cla & 0xF3, command.ins, command.p1, command.p2, data, le).encode()

    def protect_response(self, data: bytes, sw: int) -> bytes:
        """The protected answer ``[DO87] DO99 DO8E SW1 SW2`` (increments the counter)."""
        if not 0 <= sw <= 0xFFFF:
            raise SecureMessagingError("a status word has two bytes")
        ssc = self._next_ssc()
        status = sw.to_bytes(2, "big")
        objects = b""
        if data:
            objects += ber.encode(0x87, b"\x01" + self._encrypt(ssc, bytes(data)))
        objects += ber.encode(0x99, status)
        return objects + ber.encode(0x8E, self._mac(ssc + objects)) + status

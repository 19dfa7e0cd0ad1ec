"""Basic access control (ICAO Doc 9303 part 11, 4.3 and appendix D), terminal and card side.

Terminal (:func:`perform_bac`)::

    GET CHALLENGE        00 84 00 00 08                  -> RND.IC (8)
    MUTUAL AUTHENTICATE  00 82 00 00 28 E.IFD||M.IFD 28  -> E.IC||M.IC (40)

with ``S = RND.IFD || RND.IC || K.IFD``, ``E.IFD = 3DES-CBC(Kenc, S)`` (zero IV),
``M.IFD = retail-MAC(Kmac, E.IFD)``; the card answers ``R = RND.IC || RND.IFD || K.IC`` the same
way. Session keys come from ``K.IFD xor K.IC`` (:func:`~drivers.card.icao.crypto.derive_key`
counters 1 and 2) and ``SSC = RND.IC[4:8] || RND.IFD[4:8]``.

Randomness is injectable (``random``), so the appendix D example runs byte for byte. The card
side (:func:`card_authenticate`) checks the terminal's cryptogram and builds the answer and the
card's own :class:`~drivers.card.icao.sm.SecureMessaging`; the emulator uses it.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Callable
from dataclasses import dataclass

from drivers.card.errors import UnexpectedStatus
from drivers.card.icao.crypto import derive_key, retail_mac, tdes_cbc_decrypt, tdes_cbc_encrypt
from drivers.card.icao.errors import BacError, CryptoError
from drivers.card.icao.mrz import MrzInformation
from drivers.card.icao.sm import SecureMessaging

__all__ = [
    "GET_CHALLENGE",
    "BacError",
    "BacKeys",
    "CardBacAnswer",
    "TerminalChallenge",
    "bac_keys",
    "card_authenticate",
    "mutual_authenticate_apdu",
    "perform_bac",
    "session_from_card_answer",
    "terminal_cryptogram",
]

GET_CHALLENGE = bytes.fromhex("0084000008")
_SW_OK = b"\x90\x00"
_REFUSED = frozenset({0x6300, 0x6982, 0x6983, 0x6984, 0x6985, 0x6A80, 0x6A88})

Transmit = Callable[[bytes], bytes]
Random = Callable[[int], bytes]


@dataclass(frozen=True, repr=False)
class BacKeys:
    """The document basic access keys Kenc and Kmac (two-key 3DES, parity set)."""

    k_enc: bytes
    k_mac: bytes

    def __repr__(self) -> str:
        return "BacKeys(<secret>)"


def bac_keys(access: MrzInformation | bytes) -> BacKeys:
    """Kenc / Kmac from the MRZ information (or directly from a 16-byte K_seed)."""
    seed = access if isinstance(access, bytes) else access.key_seed()
    return BacKeys(derive_key(seed, 1, "3des"), derive_key(seed, 2, "3des"))


@dataclass(frozen=True, repr=False)
class TerminalChallenge:
    """The terminal's half of the exchange: its random numbers and the command data."""

    rnd_ic: bytes
    rnd_ifd: bytes
    k_ifd: bytes
    e_ifd: bytes
    m_ifd: bytes

    @property
    def command_data(self) -> bytes:
        return self.e_ifd + self.m_ifd

    def __repr__(self) -> str:
        return "TerminalChallenge(<secret>)"


def _xor(a: bytes, b: bytes) -> bytes:
    return bytes(x ^ y for x, y in zip(a, b, strict=True))


def terminal_cryptogram(keys: BacKeys, rnd_ic: bytes, rnd_ifd: bytes, k_ifd: bytes) -> TerminalChallenge:
    """E.IFD and M.IFD for the MUTUAL AUTHENTICATE command."""
    if len(rnd_ic) != 8 or len(rnd_ifd) != 8 or len(k_ifd) != 16:
        raise BacError("BAC needs 8-byte random numbers and a 16-byte key part")
    e_ifd = tdes_cbc_encrypt(keys.k_enc, rnd_ifd + rnd_ic + k_ifd)
    return TerminalChallenge(rnd_ic, rnd_ifd, k_ifd, e_ifd, retail_mac(keys.k_mac, e_ifd))


def mutual_authenticate_apdu(challenge: TerminalChallenge) -> bytes:
    """``00 82 00 00 28 E.IFD||M.IFD 28``."""
    return bytes.fromhex("0082000028") + challenge.command_data + b"\x28"


def _session(k_ifd: bytes, k_ic: bytes, rnd_ic: bytes, rnd_ifd: bytes) -> SecureMessaging:
    seed = _xor(k_ifd, k_ic)
    ssc = int.from_bytes(rnd_ic[4:] + rnd_ifd[4:], "big")
    return SecureMessaging(derive_key(seed, 1, "3des"), derive_key(seed, 2, "3des"), ssc, "3des")


def session_from_card_answer(keys: BacKeys, challenge: TerminalChallenge, answer: bytes) -> SecureMessaging:
    """Checks the card's ``E.IC || M.IC`` (its MAC and the echoed RND.IFD) and returns the
    terminal's secure-messaging session. :class:`BacError` when the answer does not verify."""
    if len(answer) != 40:
        raise BacError("the card's authentication answer does not have 40 bytes")
    e_ic, m_ic = answer[:32], answer[32:]
    if not hmac.compare_digest(retail_mac(keys.k_mac, e_ic), m_ic):
        raise BacError()
    plain = tdes_cbc_decrypt(keys.k_enc, e_ic)
    rnd_ic, rnd_ifd, k_ic = plain[:8], plain[8:16], plain[16:]
    if not (
        hmac.compare_digest(rnd_ifd, challenge.rnd_ifd) and hmac.compare_digest(rnd_ic, challenge.rnd_ic)
    ):
        raise BacError()
    return _session(challenge.k_ifd, k_ic, challenge.rnd_ic, challenge.rnd_ifd)


def _sw(response: bytes) -> int:
    return int.from_bytes(response[-2:], "big") if len(response) >= 2 else 0


def perform_bac(
    transmit: Transmit, access: MrzInformation, *, random: Random = os.urandom
) -> SecureMessaging:
    """Runs BAC over ``transmit`` (plain APDUs, answer = data + SW1 SW2) and returns the session.

    ``random(n)`` gives the terminal's random bytes: RND.IFD (8) then K.IFD (16). Raises
    :class:`BacError` when the card refuses the keys (wrong MRZ data) or its answer does not
    verify, :class:`UnexpectedStatus` for other status words."""
    keys = bac_keys(access)
    answer = transmit(GET_CHALLENGE)
    if len(answer) != 10 or answer[-2:] != _SW_OK:
        sw = _sw(answer)
        raise UnexpectedStatus("GET CHALLENGE", sw >> 8, sw & 0xFF)
    rnd_ic = answer[:8]
    rnd_ifd = random(8)
    k_ifd = random(16)
    challenge = terminal_cryptogram(keys, rnd_ic, rnd_ifd, k_ifd)
    answer = transmit(mutual_authenticate_apdu(challenge))
    sw = _sw(answer)
    if sw in _REFUSED:
        raise BacError()
    if sw != 0x9000:
        raise UnexpectedStatus("MUTUAL AUTHENTICATE", sw >> 8, sw & 0xFF)
    return session_from_card_answer(keys, challenge, answer[:-2])


# --------------------------------------------------------------------------------------------
# Card side
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class CardBacAnswer:
    """What a card answers to a good MUTUAL AUTHENTICATE (``response`` = E.IC || M.IC, without
    the status word) and its secure-messaging session."""

    response: bytes
    session: SecureMessaging

    def __repr__(self) -> str:
        return "CardBacAnswer(<secret>)"


def card_authenticate(keys: BacKeys, rnd_ic: bytes, command_data: bytes, k_ic: bytes) -> CardBacAnswer:
    """The card's side of MUTUAL AUTHENTICATE: checks M.IFD and that E.IFD holds the challenge
    ``rnd_ic`` it gave, then builds ``E.IC || M.IC`` with its key part ``k_ic`` (16 bytes).

    :class:`BacError` when the terminal's cryptogram does not verify (the card answers 6300)."""
    if len(command_data) != 40 or len(rnd_ic) != 8 or len(k_ic) != 16:
        raise BacError("the MUTUAL AUTHENTICATE data does not have 40 bytes")
    e_ifd, m_ifd = command_data[:32], command_data[32:]
    try:
        if not hmac.compare_digest(retail_mac(keys.k_mac, e_ifd), m_ifd):
            raise BacError()
        plain = tdes_cbc_decrypt(keys.k_enc, e_ifd)
    except CryptoError:
        raise BacError() from None
    rnd_ifd, echoed, k_ifd = plain[:8], plain[8:16], plain[16:]
    if not hmac.compare_digest(echoed, rnd_ic):
        raise BacError()
    e_ic = tdes_cbc_encrypt(keys.k_enc, rnd_ic + rnd_ifd + k_ic)
    response = e_ic + retail_mac(keys.k_mac, e_ic)
    return CardBacAnswer(response, _session(k_ifd, k_ic, rnd_ic, rnd_ifd))

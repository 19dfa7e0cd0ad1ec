"""PACE (ICAO Doc 9303 part 11, 4.4) with ECDH generic mapping, terminal and card side.

Supported: ``id-PACE-ECDH-GM-AES-CBC-CMAC-128/192/256`` and ``id-PACE-ECDH-GM-3DES-CBC-CBC`` on the
standardized domain parameters 12 (NIST P-256) and 13 (brainpoolP256r1); the password is the MRZ
information (``pi = SHA-1(MRZ information)``, reference 1) or the card access number (``pi`` = the
CAN's digits, reference 2), and ``K_pi = KDF(pi, 3)``.

Terminal (:func:`perform_pace`)::

    MSE:Set AT             00 22 C1 A4 Lc 80 <OID> 83 01 <ref> 84 01 <parameter id>
    GENERAL AUTHENTICATE   10 86 00 00 02 7C 00 00          -> 7C { 80 z }      s = D(K_pi, z)
    GENERAL AUTHENTICATE   10 86 00 00 Lc 7C { 81 PK_map } 00 -> 7C { 82 PK_map' }
                           G' = s*G + H with H = SK_map * PK_map'
    GENERAL AUTHENTICATE   10 86 00 00 Lc 7C { 83 PK } 00     -> 7C { 84 PK' }  (PK = SK * G')
                           K = x(SK * PK'); KSenc = KDF(K, 1); KSmac = KDF(K, 2)
    GENERAL AUTHENTICATE   00 86 00 00 0C 7C { 85 T } 00      -> 7C { 86 T' }
                           T = MAC(KSmac, 7F49 { 06 OID, 86 PK' }); T' over the terminal's PK

Secure messaging then starts with SSC = 0. Nonce encryption is CBC with a zero IV. Tokens are
AES-CMAC (or the retail MAC for 3DES) cut to 8 bytes. Points travel uncompressed (``04 || x || y``).

``cryptography`` does ECDH on named curves but exposes no point addition, and the mapping needs
``s*G + H`` and scalar multiplication by the mapped generator ``G'``. :class:`Curve` therefore
does short-Weierstrass arithmetic itself: Jacobian coordinates (``x = X/Z^2, y = Y/Z^3``) with the
textbook addition and doubling formulas, a double-and-add ladder over the scalar's bits, and one
inversion at the end. The curve constants are checked against ``cryptography`` in the tests. This
arithmetic is not constant time; it only ever handles ephemeral keys of one session.

Every received point is checked to be on the curve and not the point at infinity. Errors:
:class:`PaceUnsupported` (the card refuses the parameters: the reader falls back to BAC),
:class:`PaceError` (wrong password or a card answer that does not verify), :class:`BerError`
(malformed EF.CardAccess or answers), :class:`UnexpectedStatus`.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from drivers.card.errors import UnexpectedStatus
from drivers.card.icao import ber
from drivers.card.icao.crypto import (
    CipherName,
    aes_cbc_decrypt,
    aes_cbc_encrypt,
    aes_cmac,
    derive_key,
    retail_mac,
    tdes_cbc_decrypt,
    tdes_cbc_encrypt,
)
from drivers.card.icao.errors import BerError, CryptoError, MrzError, PaceError, PaceUnsupported
from drivers.card.icao.mrz import MrzInformation
from drivers.card.icao.sm import SecureMessaging

__all__ = [
    "BRAINPOOL_P256R1",
    "CURVES",
    "NIST_P256",
    "Can",
    "CardPaceSession",
    "Curve",
    "PaceInfo",
    "Point",
    "authentication_token",
    "choose_pace_info",
    "decode_oid",
    "decrypt_nonce",
    "encode_oid",
    "encrypt_nonce",
    "map_generator",
    "mse_set_at_apdu",
    "parse_card_access",
    "parse_mse_set_at",
    "password_key",
    "perform_pace",
    "public_key_data_object",
]

Point = tuple[int, int]
"""An affine point (x, y); the point at infinity is never a valid value here."""

Random = Callable[[int], bytes]
Transmit = Callable[[bytes], bytes]


# --------------------------------------------------------------------------------------------
# Elliptic-curve arithmetic
# --------------------------------------------------------------------------------------------

_Jacobian = tuple[int, int, int]
_INFINITY: _Jacobian = (1, 1, 0)


@dataclass(frozen=True)
class Curve:
    """``y^2 = x^3 + a*x + b`` over GF(p), base point ``(gx, gy)`` of prime order ``n``."""

    name: str
    p: int
    a: int
    b: int
    gx: int
    gy: int
    n: int

    @property
    def size(self) -> int:
        """Bytes per coordinate."""
        return (self.p.bit_length() + 7) // 8

    @property
    def generator(self) -> Point:
        return (self.gx, self.gy)

    def contains(self, point: Point) -> bool:
        x, y = point
        if not (0 <= x < self.p and 0 <= y < self.p):
            return False
        return (y * y - (x * x * x + self.a * x + self.b)) % self.p == 0

    # Jacobian formulas (Cohen, Miyaji, Ono; "dbl-1998-cmo-2" / "add-1998-cmo-2").
    def _double(self, point: _Jacobian) -> _Jacobian:
        x1, y1, z1 = point
        p = self.p
        if z1 == 0 or y1 == 0:
            return _INFINITY
        yy = y1 * y1 % p
        s = 4 * x1 * yy % p
        zz = z1 * z1 % p
        m = (3 * x1 * x1 + self.a * zz * zz) % p
        x3 = (m * m - 2 * s) % p
        y3 = (m * (s - x3) - 8 * yy * yy) % p
        z3 = 2 * y1 * z1 % p
        return (x3, y3, z3)

    def _add(self, first: _Jacobian, second: _Jacobian) -> _Jacobian:
        x1, y1, z1 = first
        x2, y2, z2 = second
        p = self.p
        if z1 == 0:
            return second
        if z2 == 0:
            return first
        z1z1 = z1 * z1 % p
        z2z2 = z2 * z2 % p
        u1 = x1 * z2z2 % p
        u2 = x2 * z1z1 % p
        s1 = y1 * z2 * z2z2 % p
        s2 = y2 * z1 * z1z1 % p
        if u1 == u2:
            return self._double(first) if s1 == s2 else _INFINITY
        h = (u2 - u1) % p
        r = (s2 - s1) % p
        hh = h * h % p
        hhh = h * hh % p
        v = u1 * hh % p
        x3 = (r * r - hhh - 2 * v) % p
        y3 = (r * (v - x3) - s1 * hhh) % p
        z3 = h * z1 * z2 % p
        return (x3, y3, z3)

    def _affine(self, point: _Jacobian) -> Point | None:
        x, y, z = point
        if z == 0:
            return None
        z_inv = pow(z, -1, self.p)
        z_inv2 = z_inv * z_inv % self.p
        return (x * z_inv2 % self.p, y * z_inv2 * z_inv % self.p)

    def add(self, first: Point, second: Point) -> Point | None:
        """``first + second``; ``None`` for the point at infinity."""
        return self._affine(self._add((*first, 1), (*second, 1)))

    def multiply(self, k: int, point: Point) -> Point | None:
        """``k * point``; ``None`` for the point at infinity."""
        k %= self.n
        result = _INFINITY
        addend: _Jacobian = (*point, 1)
        for bit in bin(k)[2:]:
            result = self._double(result)
            if bit == "1":
                result = self._add(result, addend)
        return self._affine(result)

    def encode(self, point: Point) -> bytes:
        """Uncompressed: ``04 || x || y``."""
        return b"\x04" + point[0].to_bytes(self.size, "big") + point[1].to_bytes(self.size, "big")

    def decode(self, data: bytes) -> Point:
        """An uncompressed point that lies on the curve; :class:`PaceError` otherwise."""
        if len(data) != 1 + 2 * self.size or data[0] != 0x04:
            raise PaceError("the card sent a public key that is not an uncompressed point")
        point = (int.from_bytes(data[1 : 1 + self.size], "big"), int.from_bytes(data[1 + self.size :], "big"))
        if not self.contains(point):
            raise PaceError("the card sent a public key that is not on the curve")
        return point

    def random_scalar(self, random: Random) -> int:
        """A private key in ``[1, n-1]`` from ``random`` (bytes of the order's size)."""
        for _ in range(64):
            k = int.from_bytes(random(self.size), "big")
            if 1 <= k < self.n:
                return k
        raise PaceError("the random source gives no usable private key")


NIST_P256 = Curve(
    name="NIST P-256",
    p=0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF,
    a=0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFC,
    b=0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B,
    gx=0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
    gy=0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5,
    n=0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551,
)

BRAINPOOL_P256R1 = Curve(
    name="brainpoolP256r1",
    p=0xA9FB57DBA1EEA9BC3E660A909D838D726E3BF623D52620282013481D1F6E5377,
    a=0x7D5A0975FC2C3057EEF67530417AFFE7FB8055C126DC5C6CE94A4B44F330B5D9,
    b=0x26DC5C6CE94A4B44F330B5D9BBD77CBF958416295CF7E1CE6BCCDC18FF8C07B6,
    gx=0x8BD2AEB9CB7E57CB2C4B482FFC81B7AFB9DE27E1E3BD23C23A4453BD9ACE3262,
    gy=0x547EF835C3DAC4FD97F8461A14611DC9C27745132DED8E545C1D54C72F046997,
    n=0xA9FB57DBA1EEA9BC3E660A909D838D718C397AA3B561A6F7901E0E82974856A7,
)

CURVES: dict[int, Curve] = {12: NIST_P256, 13: BRAINPOOL_P256R1}
"""Standardized domain parameters (part 11, 9.5.1) by parameter id."""


# --------------------------------------------------------------------------------------------
# EF.CardAccess
# --------------------------------------------------------------------------------------------

ID_PACE = "0.4.0.127.0.7.2.2.4"
_GM_CIPHERS: dict[str, CipherName] = {
    ID_PACE + ".2.1": "3des",
    ID_PACE + ".2.2": "aes128",
    ID_PACE + ".2.3": "aes192",
    ID_PACE + ".2.4": "aes256",
}


def decode_oid(data: bytes) -> str:
    """The dotted form of an OBJECT IDENTIFIER's contents."""
    if not data or data[-1] & 0x80:
        raise BerError("an object identifier is empty or ends inside a component")
    arcs: list[int] = []
    value = 0
    for byte in data:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            arcs.append(value)
            value = 0
    first = arcs[0]
    head = [min(first // 40, 2), first - 40 * min(first // 40, 2)]
    return ".".join(str(arc) for arc in head + arcs[1:])


def encode_oid(oid: str) -> bytes:
    """The contents of an OBJECT IDENTIFIER (without tag and length)."""
    try:
        arcs = [int(part) for part in oid.split(".")]
    except ValueError:
        raise BerError("an object identifier has non-numeric arcs") from None
    if len(arcs) < 2:
        raise BerError("an object identifier has at least two arcs")
    out = bytearray()
    for arc in [40 * arcs[0] + arcs[1], *arcs[2:]]:
        if arc < 0:
            raise BerError("an object identifier arc cannot be negative")
        chunk = [arc & 0x7F]
        rest = arc >> 7
        while rest:
            chunk.append(0x80 | (rest & 0x7F))
            rest >>= 7
        out += bytes(reversed(chunk))
    return bytes(out)


@dataclass(frozen=True)
class PaceInfo:
    """A PACEInfo of EF.CardAccess: protocol OID, version and standardized parameter id."""

    oid: str
    version: int
    parameter_id: int | None

    @property
    def cipher(self) -> CipherName | None:
        return _GM_CIPHERS.get(self.oid)

    @property
    def curve(self) -> Curve | None:
        return CURVES.get(self.parameter_id) if self.parameter_id is not None else None

    @property
    def supported(self) -> bool:
        """ECDH generic mapping on a curve this module knows, PACE version 2."""
        return self.cipher is not None and self.curve is not None and self.version == 2


def _integer(tlv: ber.Tlv) -> int:
    if tlv.tag != 0x02 or not tlv.value or len(tlv.value) > 8:
        raise BerError("expected a small INTEGER")
    return int.from_bytes(tlv.value, "big", signed=True)


def parse_card_access(data: bytes) -> list[PaceInfo]:
    """The PACEInfos of EF.CardAccess (a SET OF SecurityInfo); other SecurityInfos are skipped.
    :class:`BerError` when the file is not such a SET."""
    objects = ber.decode_all(data)
    if len(objects) != 1 or objects[0].tag != 0x31:
        raise BerError("EF.CardAccess is not a SET of security infos")
    infos: list[PaceInfo] = []
    for info in objects[0].children():
        if info.tag != 0x30:
            raise BerError("a security info is not a SEQUENCE")
        fields = info.children()
        if len(fields) < 2 or fields[0].tag != 0x06:
            raise BerError("a security info does not start with an object identifier")
        oid = decode_oid(fields[0].value)
        if not oid.startswith(ID_PACE + "."):
            continue
        version = _integer(fields[1])
        parameter_id = _integer(fields[2]) if len(fields) > 2 and fields[2].tag == 0x02 else None
        infos.append(PaceInfo(oid, version, parameter_id))
    return infos


_CIPHER_PREFERENCE = ("aes128", "aes256", "aes192", "3des")


def choose_pace_info(infos: list[PaceInfo]) -> PaceInfo | None:
    """The supported PACEInfo to use (AES-128 first), or ``None`` when none is supported."""
    supported = [info for info in infos if info.supported]
    supported.sort(key=lambda info: _CIPHER_PREFERENCE.index(info.cipher or "3des"))
    return supported[0] if supported else None


# --------------------------------------------------------------------------------------------
# Password, nonce, mapping, tokens
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class Can:
    """The card access number printed on the card's front (usually 6 digits)."""

    number: str

    def __post_init__(self) -> None:
        digits = self.number.strip()
        if not (digits.isascii() and digits.isdigit()) or not 4 <= len(digits) <= 12:
            raise MrzError("can", "the card access number must be 4 to 12 digits (usually 6)")
        object.__setattr__(self, "number", digits)

    def __repr__(self) -> str:
        return "Can(<redacted>)"


Password = MrzInformation | Can


def password_reference(password: Password) -> int:
    """1 for the MRZ, 2 for the CAN."""
    return 2 if isinstance(password, Can) else 1


def password_key(password: Password, cipher: CipherName) -> bytes:
    """``K_pi = KDF(pi, 3)``."""
    if isinstance(password, Can):
        pi = password.number.encode("ascii")
    else:
        pi = hashlib.sha1(password.mrz_information().encode("ascii")).digest()  # noqa: S324 - ICAO 9303
    return derive_key(pi, 3, cipher)


def encrypt_nonce(k_pi: bytes, nonce: bytes, cipher: CipherName) -> bytes:
    """``z = E(K_pi, s)`` (CBC, zero IV; the nonce is a whole number of blocks)."""
    if cipher == "3des":
        return tdes_cbc_encrypt(k_pi, nonce)
    return aes_cbc_encrypt(k_pi, nonce)


def decrypt_nonce(k_pi: bytes, encrypted: bytes, cipher: CipherName) -> bytes:
    """``s = D(K_pi, z)``. :class:`PaceError` when ``z`` is not whole blocks."""
    try:
        if cipher == "3des":
            return tdes_cbc_decrypt(k_pi, encrypted)
        return aes_cbc_decrypt(k_pi, encrypted)
    except CryptoError:
        raise PaceError("the card's encrypted nonce is not a whole number of blocks") from None


def map_generator(curve: Curve, nonce: bytes, shared: Point) -> Point:
    """Generic mapping: ``G' = s*G + H``. :class:`PaceError` if the result is the point at
    infinity (the card must then be rejected)."""
    s_g = curve.multiply(int.from_bytes(nonce, "big"), curve.generator)
    mapped = shared if s_g is None else curve.add(s_g, shared)
    if mapped is None:
        raise PaceError("the mapped generator is the point at infinity")
    return mapped


def mapping_shared_point(curve: Curve, private_key: int, peer: Point) -> Point:
    """``H = SK_map * PK_map(peer)``."""
    shared = curve.multiply(private_key, peer)
    if shared is None:
        raise PaceError("the mapping produced the point at infinity")
    return shared


def shared_secret(curve: Curve, private_key: int, peer: Point) -> bytes:
    """``K``: the x coordinate of ``SK * PK(peer)``, as many bytes as the field."""
    point = curve.multiply(private_key, peer)
    if point is None:
        raise PaceError("the key agreement produced the point at infinity")
    return point[0].to_bytes(curve.size, "big")


def public_key_data_object(oid: str, curve: Curve, point: Point) -> bytes:
    """``7F49 { 06 <protocol OID>, 86 <uncompressed point> }`` (part 11, 4.4.3.4)."""
    inner = ber.encode(0x06, encode_oid(oid)) + ber.encode(0x86, curve.encode(point))
    return ber.encode(0x7F49, inner)


def authentication_token(ks_mac: bytes, cipher: CipherName, oid: str, curve: Curve, point: Point) -> bytes:
    """``T = MAC(KSmac, PK data object of the *other* side's public key)``, 8 bytes."""
    data = public_key_data_object(oid, curve, point)
    if cipher == "3des":
        return retail_mac(ks_mac, data)
    return aes_cmac(ks_mac, data)[:8]


def _session(secret: bytes, cipher: CipherName) -> SecureMessaging:
    return SecureMessaging(derive_key(secret, 1, cipher), derive_key(secret, 2, cipher), 0, cipher)


# --------------------------------------------------------------------------------------------
# Terminal side
# --------------------------------------------------------------------------------------------


def mse_set_at_apdu(info: PaceInfo, password: Password) -> bytes:
    """``00 22 C1 A4`` with the protocol, the password reference and the parameter id."""
    data = ber.encode(0x80, encode_oid(info.oid)) + ber.encode(0x83, bytes((password_reference(password),)))
    if info.parameter_id is not None:
        data += ber.encode(0x84, bytes((info.parameter_id,)))
    return bytes.fromhex("0022C1A4") + bytes((len(data),)) + data


def _general_authenticate(data: bytes, *, last: bool) -> bytes:
    body = ber.encode(0x7C, data)
    return bytes((0x00 if last else 0x10, 0x86, 0x00, 0x00, len(body))) + body + b"\x00"


def _dynamic_data(answer: bytes, tag: int) -> bytes:
    try:
        objects = ber.decode_all(answer)
        if len(objects) != 1 or objects[0].tag != 0x7C:
            raise PaceError("the card's GENERAL AUTHENTICATE answer is not dynamic authentication data")
        found = ber.find(objects[0].children(), tag)
    except BerError:
        raise PaceError("the card's GENERAL AUTHENTICATE answer is not BER-TLV") from None
    if found is None:
        raise PaceError(f"the card's GENERAL AUTHENTICATE answer lacks object {tag:02X}")
    return found.value


_UNSUPPORTED = frozenset({0x6A80, 0x6A86, 0x6A88, 0x6D00, 0x6E00, 0x6B00, 0x6985, 0x6A81})
_PASSWORD_REFUSED = frozenset({0x6300, 0x6982, 0x6983, 0x6984, 0x6A80}) | {0x63C0 + i for i in range(16)}


def _exchange(transmit: Transmit, apdu: bytes, step: str) -> tuple[bytes, int]:
    answer = transmit(apdu)
    if len(answer) < 2:
        raise PaceError(f"the card's answer to {step} has no status word")
    return answer[:-2], int.from_bytes(answer[-2:], "big")


def perform_pace(
    transmit: Transmit, password: Password, info: PaceInfo, *, random: Random = os.urandom
) -> SecureMessaging:
    """Runs PACE over ``transmit`` (plain APDUs) and returns the AES (or 3DES) session, SSC 0.

    ``random(n)`` gives the terminal's private keys (mapping first, then key agreement)."""
    cipher, curve = info.cipher, info.curve
    if cipher is None or curve is None or not info.supported:
        raise PaceUnsupported("the card offers PACE parameters this reader does not support")
    _, sw = _exchange(transmit, mse_set_at_apdu(info, password), "MSE:Set AT")
    if sw != 0x9000 and sw & 0xFFF0 != 0x63C0:
        raise PaceUnsupported(f"the card refused the PACE parameters (status {sw:04X})")

    data, sw = _exchange(transmit, _general_authenticate(b"", last=False), "GENERAL AUTHENTICATE")
    _require_step_ok(sw)
    k_pi = password_key(password, cipher)
    nonce = decrypt_nonce(k_pi, _dynamic_data(data, 0x80), cipher)

    map_key = curve.random_scalar(random)
    map_public = curve.multiply(map_key, curve.generator)
    assert map_public is not None  # 1 <= key < n
    data, sw = _exchange(
        transmit,
        _general_authenticate(ber.encode(0x81, curve.encode(map_public)), last=False),
        "GENERAL AUTHENTICATE",
    )
    _require_step_ok(sw)
    card_map_public = curve.decode(_dynamic_data(data, 0x82))
    generator = map_generator(curve, nonce, mapping_shared_point(curve, map_key, card_map_public))

    key = curve.random_scalar(random)
    public = curve.multiply(key, generator)
    if public is None:
        raise PaceError("the terminal's ephemeral key is the point at infinity")
    data, sw = _exchange(
        transmit,
        _general_authenticate(ber.encode(0x83, curve.encode(public)), last=False),
        "GENERAL AUTHENTICATE",
    )
    _require_step_ok(sw)
    card_public = curve.decode(_dynamic_data(data, 0x84))
    if card_public == public:
        raise PaceError("the card echoed the terminal's ephemeral public key")
    secret = shared_secret(curve, key, card_public)
    session = _session(secret, cipher)
    ks_mac = derive_key(secret, 2, cipher)

    token = authentication_token(ks_mac, cipher, info.oid, curve, card_public)
    data, sw = _exchange(
        transmit, _general_authenticate(ber.encode(0x85, token), last=True), "GENERAL AUTHENTICATE"
    )
    if sw in _PASSWORD_REFUSED:
        raise PaceError()
    if sw != 0x9000:
        raise UnexpectedStatus("GENERAL AUTHENTICATE", sw >> 8, sw & 0xFF)
    expected = authentication_token(ks_mac, cipher, info.oid, curve, public)
    if not hmac.compare_digest(_dynamic_data(data, 0x86), expected):
        raise PaceError("the card's authentication token does not verify")
    return session


def _require_step_ok(sw: int) -> None:
    if sw == 0x9000:
        return
    if sw in _UNSUPPORTED:
        raise PaceUnsupported(f"the card refused a PACE step (status {sw:04X})")
    if sw in _PASSWORD_REFUSED:
        raise PaceError()
    raise UnexpectedStatus("GENERAL AUTHENTICATE", sw >> 8, sw & 0xFF)


# --------------------------------------------------------------------------------------------
# Card side
# --------------------------------------------------------------------------------------------


def parse_mse_set_at(data: bytes) -> tuple[str, int, int | None]:
    """The card's view of MSE:Set AT data: (protocol OID, password reference, parameter id)."""
    objects = ber.decode_all(data)
    oid_object = ber.find(objects, 0x80)
    reference = ber.find(objects, 0x83)
    if oid_object is None or reference is None or len(reference.value) != 1:
        raise BerError("MSE:Set AT lacks the protocol or the password reference")
    parameter = ber.find(objects, 0x84)
    parameter_id = parameter.value[0] if parameter is not None and len(parameter.value) == 1 else None
    return decode_oid(oid_object.value), reference.value[0], parameter_id


_Step = Literal["nonce", "map", "agree", "authenticate", "done"]


class CardPaceSession:
    """The card's role in PACE, one GENERAL AUTHENTICATE at a time.

    Built from the selected :class:`PaceInfo` and the password the card knows; each call to
    :meth:`general_authenticate` takes the command's data field (``7C ...``) and returns the
    answer's data field. After the fourth step :attr:`session` holds the card's secure
    messaging. A wrong terminal token raises :class:`PaceError` (answer 6300); malformed data
    raises :class:`PaceError` / :class:`BerError` (answer 6A80)."""

    def __init__(self, info: PaceInfo, password: Password, *, random: Random = os.urandom) -> None:
        cipher, curve = info.cipher, info.curve
        if cipher is None or curve is None:
            raise PaceUnsupported("these PACE parameters are not supported")
        self.info = info
        self._cipher: CipherName = cipher
        self._curve = curve
        self._k_pi = password_key(password, cipher)
        self._random = random
        self._step: _Step = "nonce"
        self._nonce = b""
        self._generator: Point = curve.generator
        self._key = 0
        self._public: Point = curve.generator
        self._terminal_public: Point = curve.generator
        self._ks_mac = b""
        self._pending: SecureMessaging | None = None
        self.session: SecureMessaging | None = None

    def __repr__(self) -> str:
        return f"CardPaceSession(step={self._step!r})"

    def general_authenticate(self, data: bytes) -> bytes:
        objects = ber.decode_all(data)
        if len(objects) != 1 or objects[0].tag != 0x7C:
            raise PaceError("GENERAL AUTHENTICATE data is not dynamic authentication data")
        inner = objects[0].children()
        curve = self._curve
        if self._step == "nonce":
            self._nonce = self._random(16)
            self._step = "map"
            return ber.encode(0x7C, ber.encode(0x80, encrypt_nonce(self._k_pi, self._nonce, self._cipher)))
        if self._step == "map":
            terminal = curve.decode(_required(inner, 0x81))
            key = curve.random_scalar(self._random)
            public = curve.multiply(key, curve.generator)
            assert public is not None
            self._generator = map_generator(curve, self._nonce, mapping_shared_point(curve, key, terminal))
            self._step = "agree"
            return ber.encode(0x7C, ber.encode(0x82, curve.encode(public)))
        if self._step == "agree":
            self._terminal_public = curve.decode(_required(inner, 0x83))
            self._key = curve.random_scalar(self._random)
            public = curve.multiply(self._key, self._generator)
            if public is None or public == self._terminal_public:
                raise PaceError("no usable ephemeral key")
            self._public = public
            secret = shared_secret(curve, self._key, self._terminal_public)
            self._ks_mac = derive_key(secret, 2, self._cipher)
            self._pending = _session(secret, self._cipher)
            self._step = "authenticate"
            return ber.encode(0x7C, ber.encode(0x84, curve.encode(public)))
        if self._step == "authenticate":
            token = _required(inner, 0x85)
            expected = authentication_token(self._ks_mac, self._cipher, self.info.oid, curve, self._public)
            if not hmac.compare_digest(token, expected):
                self._step = "done"
                raise PaceError("the terminal's authentication token does not verify")
            answer = authentication_token(
                self._ks_mac, self._cipher, self.info.oid, curve, self._terminal_public
            )
            self.session = self._pending
            self._step = "done"
            return ber.encode(0x7C, ber.encode(0x86, answer))
        raise PaceError("PACE is already finished")


def _required(objects: list[ber.Tlv], tag: int) -> bytes:
    found = ber.find(objects, tag)
    if found is None:
        raise PaceError(f"GENERAL AUTHENTICATE data lacks object {tag:02X}")
    return found.value

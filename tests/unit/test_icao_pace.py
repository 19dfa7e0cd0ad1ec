"""PACE with ECDH generic mapping: ICAO 9303 part 11 appendix G.1 reproduced byte for byte, the
curve arithmetic checked against ``cryptography``, and the terminal against the card side."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from hypothesis import given
from hypothesis import strategies as st

from drivers.card.icao import ber
from drivers.card.icao.crypto import derive_key
from drivers.card.icao.errors import BerError, MrzError, PaceError, PaceUnsupported
from drivers.card.icao.mrz import MrzInformation
from drivers.card.icao.pace import (
    BRAINPOOL_P256R1,
    NIST_P256,
    Can,
    CardPaceSession,
    Curve,
    PaceInfo,
    authentication_token,
    choose_pace_info,
    decode_oid,
    decrypt_nonce,
    encode_oid,
    map_generator,
    mapping_shared_point,
    parse_card_access,
    parse_mse_set_at,
    password_key,
    perform_pace,
    shared_secret,
)

H = bytes.fromhex

# ICAO Doc 9303 part 11, appendix G.1: PACE ECDH generic mapping, brainpoolP256r1, AES-128.
G1_MRZ = MrzInformation("T22000129", "640812", "101031")
G1_CARD_ACCESS = H("31143012060A04007F0007020204020202010202010D")
G1_K_PI = H("89DED1B26624EC1E634C1989302849DD")
G1_ENCRYPTED_NONCE = H("95A3A016522EE98D01E76CB6B98B42C3")
G1_NONCE = H("3F00C4D39D153F2B2A214A078D899B22")
G1_MAP_SK_IFD = int("7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99", 16)
G1_MAP_PK_IFD = (
    int("7ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E", 16),
    int("544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D", 16),
)
G1_MAP_SK_IC = int("498FF49756F2DC1587840041839A85982BE7761D14715FB091EFA7BCE9058560", 16)
G1_MAP_PK_IC = (
    int("824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F57", 16),
    int("30D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C54", 16),
)
G1_H = (
    int("60332EF2450B5D247EF6D3868397D398852ED6E8CAF6FFEEF6BF85CA57057FD5", 16),
    int("0840CA7415BAF3E43BD414D35AA4608B93A2CAF3A4E3EA4E82C9C13D03EB7181", 16),
)
G1_MAPPED_G = (
    int("8CED63C91426D4F0EB1435E7CB1D74A46723A0AF21C89634F65A9AE87A9265E2", 16),
    int("8C879506743F8611AC33645C5B985C80B5F09A0B83407C1B6A4D857AE76FE522", 16),
)
G1_SK_IFD = int("A73FB703AC1436A18E0CFA5ABB3F7BEC7A070E7A6788486BEE230C4A22762595", 16)
G1_PK_IFD = (
    int("2DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C", 16),
    int("3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB36462", 16),
)
G1_SK_IC = int("107CF58696EF6155053340FD633392BA81909DF7B9706F226F32086C7AFF974A", 16)
G1_PK_IC = (
    int("9E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB", 16),
    int("7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F094", 16),
)
G1_K = H("28768D20701247DAE81804C9E780EDE582A9996DB4A315020B2733197DB84925")
G1_KS_ENC = H("F5F0E35C0D7161EE6724EE513A0D9A7F")
G1_KS_MAC = H("FE251C7858B356B24514B3BD5F4297D1")
G1_T_IFD = H("C2B0BD78D94BA866")
G1_T_IC = H("3ABB9674BCE93C08")
G1_OID = "0.4.0.127.0.7.2.2.4.2.2"
G1_TRANSCRIPT = [
    ("0022C1A412800A04007F0007020204020283010184010D", "9000"),
    ("10860000027C0000", "7C12801095A3A016522EE98D01E76CB6B98B42C39000"),
    (
        "10860000457C438141047ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E"
        "544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D00",
        "7C43824104824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F57"
        "30D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C549000",
    ),
    (
        "10860000457C438341042DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C"
        "3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB3646200",
        "7C438441049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB"
        "7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F0949000",
    ),
    ("008600000C7C0A8508C2B0BD78D94BA86600", "7C0A86083ABB9674BCE93C089000"),
]


def scripted(transcript: list[tuple[str, str]]) -> tuple[Callable[[bytes], bytes], list[bytes]]:
    sent: list[bytes] = []
    steps = iter(transcript)

    def transmit(apdu: bytes) -> bytes:
        sent.append(apdu)
        command, answer = next(steps)
        assert apdu.hex().upper() == command
        return H(answer)

    return transmit, sent


def scalars(*values: int) -> Callable[[int], bytes]:
    numbers: Iterator[int] = iter(values)
    return lambda size: next(numbers).to_bytes(size, "big")


def test_g1_password_key() -> None:
    """GIVEN the MRZ information T22000129364081251010318 (DEVICES.md)
    WHEN K_pi is derived THEN 89DED1B26624EC1E634C1989302849DD."""
    assert G1_MRZ.mrz_information() == "T22000129364081251010318"
    assert password_key(G1_MRZ, "aes128") == G1_K_PI
    pi = hashlib.sha1(b"T22000129364081251010318").digest()
    assert derive_key(pi, 3, "aes128") == G1_K_PI


def test_g1_card_access_and_set_at() -> None:
    """GIVEN appendix G.1's EF.CardAccess WHEN parsed THEN one supported PACEInfo, AES-128 on
    brainpoolP256r1."""
    (info,) = parse_card_access(G1_CARD_ACCESS)
    assert info == PaceInfo(G1_OID, 2, 13)
    assert (info.cipher, info.curve, info.supported) == ("aes128", BRAINPOOL_P256R1, True)
    assert encode_oid(G1_OID) == H("04007F00070202040202")
    assert decode_oid(H("04007F00070202040202")) == G1_OID
    assert parse_mse_set_at(H("800A04007F0007020204020283010184010D")) == (G1_OID, 1, 13)


def test_g1_every_intermediate_value() -> None:
    """GIVEN appendix G.1's nonce and private keys
    WHEN each step is computed with this module's arithmetic
    THEN s, the public keys, H, the mapped generator, K, the session keys and both tokens are
    the appendix's."""
    curve = BRAINPOOL_P256R1
    assert decrypt_nonce(G1_K_PI, G1_ENCRYPTED_NONCE, "aes128") == G1_NONCE
    assert curve.multiply(G1_MAP_SK_IFD, curve.generator) == G1_MAP_PK_IFD
    assert curve.multiply(G1_MAP_SK_IC, curve.generator) == G1_MAP_PK_IC
    assert mapping_shared_point(curve, G1_MAP_SK_IFD, G1_MAP_PK_IC) == G1_H
    assert mapping_shared_point(curve, G1_MAP_SK_IC, G1_MAP_PK_IFD) == G1_H
    assert map_generator(curve, G1_NONCE, G1_H) == G1_MAPPED_G
    assert curve.multiply(G1_SK_IFD, G1_MAPPED_G) == G1_PK_IFD
    assert curve.multiply(G1_SK_IC, G1_MAPPED_G) == G1_PK_IC
    assert shared_secret(curve, G1_SK_IFD, G1_PK_IC) == G1_K
    assert shared_secret(curve, G1_SK_IC, G1_PK_IFD) == G1_K
    assert derive_key(G1_K, 1, "aes128") == G1_KS_ENC
    assert derive_key(G1_K, 2, "aes128") == G1_KS_MAC
    assert authentication_token(G1_KS_MAC, "aes128", G1_OID, curve, G1_PK_IC) == G1_T_IFD
    assert authentication_token(G1_KS_MAC, "aes128", G1_OID, curve, G1_PK_IFD) == G1_T_IC


def test_g1_terminal_sends_the_appendix_apdus() -> None:
    """GIVEN a card replaying appendix G.1 and the appendix's terminal private keys
    WHEN the terminal runs PACE
    THEN it sends exactly the appendix's five APDUs and starts AES secure messaging at SSC 0."""
    transmit, sent = scripted(G1_TRANSCRIPT)
    (info,) = parse_card_access(G1_CARD_ACCESS)
    session = perform_pace(transmit, G1_MRZ, info, random=scalars(G1_MAP_SK_IFD, G1_SK_IFD))
    assert len(sent) == 5
    assert (session.cipher, session.ssc) == ("aes128", 0)
    reference = type(session)(G1_KS_ENC, G1_KS_MAC, 0, "aes128")
    assert session.protect_command(H("00A4040C07A0000002471001")) == reference.protect_command(
        H("00A4040C07A0000002471001")
    )


def test_g1_card_side_answers_like_the_appendix() -> None:
    """GIVEN the card side with appendix G.1's nonce and private keys
    WHEN it receives the appendix's GENERAL AUTHENTICATE data
    THEN each answer is the appendix's and its session matches the terminal's keys."""
    (info,) = parse_card_access(G1_CARD_ACCESS)
    randomness = iter([G1_NONCE, G1_MAP_SK_IC.to_bytes(32, "big"), G1_SK_IC.to_bytes(32, "big")])
    card = CardPaceSession(info, G1_MRZ, random=lambda n: next(randomness))
    for command, answer in G1_TRANSCRIPT[1:]:
        data = H(command)[5:-1]
        assert card.general_authenticate(data).hex().upper() == answer[:-4]
    assert card.session is not None
    terminal = type(card.session)(G1_KS_ENC, G1_KS_MAC, 0, "aes128")
    assert terminal.unprotect_response(card.session.protect_response(b"ok", 0x9000)) == b"ok\x90\x00"


def test_g1_wrong_card_token_is_refused() -> None:
    """GIVEN the appendix transcript with the card's token changed in its last byte
    WHEN the terminal runs PACE THEN PaceError (not an authentic answer)."""
    transcript = [*G1_TRANSCRIPT[:-1], (G1_TRANSCRIPT[-1][0], "7C0A86083ABB9674BCE93C099000")]
    transmit, _ = scripted(transcript)
    (info,) = parse_card_access(G1_CARD_ACCESS)
    with pytest.raises(PaceError):
        perform_pace(transmit, G1_MRZ, info, random=scalars(G1_MAP_SK_IFD, G1_SK_IFD))


def test_card_refusing_the_terminal_token_means_a_wrong_password() -> None:
    """GIVEN the appendix transcript where the card answers 6300 to the terminal's token
    WHEN the terminal runs PACE THEN PaceError with the plain access-denied reason."""
    transcript = [*G1_TRANSCRIPT[:-1], (G1_TRANSCRIPT[-1][0], "6300")]
    transmit, _ = scripted(transcript)
    (info,) = parse_card_access(G1_CARD_ACCESS)
    with pytest.raises(PaceError) as caught:
        perform_pace(transmit, G1_MRZ, info, random=scalars(G1_MAP_SK_IFD, G1_SK_IFD))
    assert caught.value.reason == "access_denied"


def test_refused_parameters_mean_unsupported_so_the_reader_falls_back() -> None:
    """GIVEN a card answering 6A80 to MSE:Set AT WHEN PACE runs THEN PaceUnsupported."""
    (info,) = parse_card_access(G1_CARD_ACCESS)
    with pytest.raises(PaceUnsupported):
        perform_pace(lambda apdu: H("6A80"), G1_MRZ, info)


# -- curves -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("curve", "reference"), [(NIST_P256, ec.SECP256R1()), (BRAINPOOL_P256R1, ec.BrainpoolP256R1())]
)
def test_curve_constants_and_arithmetic_agree_with_cryptography(
    curve: Curve, reference: ec.EllipticCurve
) -> None:
    """GIVEN the curve constants written in the module
    WHEN scalar multiples of G are computed here and by cryptography (OpenSSL)
    THEN they agree, G is on the curve, and (n - 1) * G is -G (so n is the order)."""
    assert curve.contains(curve.generator)
    for k in (1, 2, 3, 0xDEADBEEF, curve.n - 1, G1_SK_IFD % curve.n):
        numbers = ec.derive_private_key(k, reference).public_key().public_numbers()
        assert curve.multiply(k, curve.generator) == (numbers.x, numbers.y)
    assert curve.multiply(curve.n - 1, curve.generator) == (curve.gx, curve.p - curve.gy)
    assert curve.multiply(curve.n, curve.generator) is None
    p2 = curve.multiply(2, curve.generator)
    assert p2 is not None
    assert curve.add(p2, curve.generator) == curve.multiply(3, curve.generator)
    assert curve.add(curve.generator, (curve.gx, curve.p - curve.gy)) is None


def test_points_off_the_curve_are_refused() -> None:
    """GIVEN a point whose coordinates miss the curve equation, or a compressed point
    WHEN decoded as the card's public key THEN PaceError."""
    curve = BRAINPOOL_P256R1
    with pytest.raises(PaceError):
        curve.decode(b"\x04" + bytes([0x77]) * 64)
    with pytest.raises(PaceError):
        curve.decode(b"\x02" + curve.gx.to_bytes(32, "big"))


# -- terminal against the card side -----------------------------------------------------------


@pytest.mark.parametrize("parameter_id", [12, 13])
@pytest.mark.parametrize("suffix", ["2.1", "2.2", "2.3", "2.4"])
@pytest.mark.parametrize("password", [G1_MRZ, Can("123456")])
def test_terminal_and_card_agree(parameter_id: int, suffix: str, password: MrzInformation | Can) -> None:
    """GIVEN a card-side PACE on P-256 or brainpoolP256r1 with 3DES or AES-128/192/256 and the
    MRZ or a CAN WHEN the terminal runs PACE against it
    THEN both sides end with the same session (a protected command goes through)."""
    info = PaceInfo(f"0.4.0.127.0.7.2.2.4.{suffix}", 2, parameter_id)
    card = CardPaceSession(info, password)
    mse = parse_mse_set_at

    def transmit(apdu: bytes) -> bytes:
        if apdu[1] == 0x22:
            oid, reference, parameter = mse(apdu[5:])
            assert (oid, parameter) == (info.oid, parameter_id)
            assert reference == (2 if isinstance(password, Can) else 1)
            return H("9000")
        return card.general_authenticate(apdu[5:-1]) + H("9000")

    terminal = perform_pace(transmit, password, info)
    assert card.session is not None
    command = H("00B0000010")
    assert card.session.unprotect_command(terminal.protect_command(command)) == command
    answer = card.session.protect_response(b"0123456789ABCDEF", 0x9000)
    assert terminal.unprotect_response(answer) == b"0123456789ABCDEF\x90\x00"


def test_a_wrong_password_fails_on_the_card_side() -> None:
    """GIVEN a card that knows CAN 123456 and a terminal that types 654321
    WHEN PACE runs THEN the card rejects the terminal's token and the terminal gets PaceError."""
    info = PaceInfo(G1_OID, 2, 13)
    card = CardPaceSession(info, Can("123456"))

    def transmit(apdu: bytes) -> bytes:
        if apdu[1] == 0x22:
            return H("9000")
        try:
            return card.general_authenticate(apdu[5:-1]) + H("9000")
        except PaceError:
            return H("6300")

    with pytest.raises(PaceError):
        perform_pace(transmit, Can("654321"), info)
    assert card.session is None


def test_choose_prefers_aes_128_and_skips_unknown_parameters() -> None:
    """GIVEN PACEInfos for an unknown curve, DH, 3DES and AES-128
    WHEN one is chosen THEN AES-128 on a known curve; none when nothing is supported."""
    infos = [
        PaceInfo("0.4.0.127.0.7.2.2.4.2.2", 2, 17),
        PaceInfo("0.4.0.127.0.7.2.2.4.1.2", 2, 0),
        PaceInfo("0.4.0.127.0.7.2.2.4.2.1", 2, 13),
        PaceInfo("0.4.0.127.0.7.2.2.4.2.2", 2, 12),
    ]
    assert choose_pace_info(infos) == infos[3]
    assert choose_pace_info(infos[:2]) is None


def test_card_access_with_other_security_infos() -> None:
    """GIVEN EF.CardAccess with a chip-authentication info before the PACEInfo
    WHEN parsed THEN only the PACEInfo is returned."""
    ca_info = ber.encode(
        0x30, ber.encode(0x06, encode_oid("0.4.0.127.0.7.2.2.3.2.2")) + ber.encode(0x02, b"\x01")
    )
    pace_info = ber.encode(
        0x30, ber.encode(0x06, encode_oid(G1_OID)) + ber.encode(0x02, b"\x02") + ber.encode(0x02, b"\x0c")
    )
    assert parse_card_access(ber.encode(0x31, ca_info + pace_info)) == [PaceInfo(G1_OID, 2, 12)]


def test_can_must_be_digits() -> None:
    """GIVEN a CAN with a letter WHEN built THEN an MrzError naming the CAN."""
    with pytest.raises(MrzError) as caught:
        Can("12A456")
    assert caught.value.field == "can"


@given(st.binary(max_size=200))
def test_arbitrary_card_access_gives_only_typed_errors(data: bytes) -> None:
    """GIVEN any bytes as EF.CardAccess WHEN parsed THEN PACEInfos or BerError."""
    try:
        infos = parse_card_access(data)
    except BerError:
        return
    assert all(isinstance(info, PaceInfo) for info in infos)


@given(st.lists(st.binary(max_size=150), min_size=1, max_size=4))
def test_arbitrary_general_authenticate_data_gives_only_typed_errors(steps: list[bytes]) -> None:
    """GIVEN any bytes as the terminal's GENERAL AUTHENTICATE data, step after step
    WHEN the card side handles them THEN answers or PaceError / BerError, nothing else."""
    card = CardPaceSession(PaceInfo(G1_OID, 2, 13), Can("123456"))
    for data in steps:
        try:
            card.general_authenticate(data)
        except (PaceError, BerError):
            return

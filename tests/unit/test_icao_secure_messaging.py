"""ICAO 9303 part 11 appendix D, byte for byte: BAC keys, mutual authentication, session keys,
secure messaging; then 3DES and AES round trips between the terminal and the card side."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.card.errors import UnexpectedStatus
from drivers.card.icao.bac import (
    BacError,
    bac_keys,
    card_authenticate,
    mutual_authenticate_apdu,
    perform_bac,
    session_from_card_answer,
    terminal_cryptogram,
)
from drivers.card.icao.crypto import (
    aes_cbc_decrypt,
    aes_cbc_encrypt,
    aes_cmac,
    derive_key,
    des_parity,
    pad,
    retail_mac,
    tdes_cbc_decrypt,
    tdes_cbc_encrypt,
    unpad,
)
from drivers.card.icao.errors import CryptoError, IcaoError, SecureMessagingError
from drivers.card.icao.mrz import MrzInformation
from drivers.card.icao.sm import SecureMessaging, parse_apdu

H = bytes.fromhex

# DEVICES.md, "ICAO 9303 BAC (Part 11 App. D)".
MRZ_INFORMATION = "L898902C<369080619406236"
K_SEED = H("239AB9CB282DAF66231DC5A4DF6BFBAE")
K_ENC = H("AB94FDECF2674FDFB9B391F85D7F76F2")
K_MAC = H("7962D9ECE03D1ACD4C76089DCE131543")
RND_IC = H("4608F91988702212")
RND_IFD = H("781723860C06C226")
K_IFD = H("0B795240CB7049B01C19B33E32804F0B")
E_IFD = H("72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2")
M_IFD = H("5F1448EEA8AD90A7")
CARD_ANSWER = H("46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D7449")
K_IC = H("0B4F80323EB3191CB04970CB4052790B")
KS_ENC = H("979EC13B1CBFE9DCD01AB0FED307EAE5")
KS_MAC = H("F1CB1F1FB5ADF208806B89DC579DC1F8")
SSC = 0x887022120C06C226
SELECT_COM = H("00A4020C02011E")
PROTECTED_SELECT = H("0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800")
SELECT_ANSWER = H("990290008E08FA855A5D4C50A8ED9000")
READ_4 = H("00B0000004")
PROTECTED_READ = H("0CB000000D9701048E08ED6705417E96BA5500")
READ_ANSWER = H("8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000")


def test_appendix_d_document_basic_access_keys() -> None:
    """GIVEN the appendix D MRZ information
    WHEN K_seed, Kenc and Kmac are derived
    THEN they are the appendix's values (parity adjusted)."""
    information = MrzInformation.parse(MRZ_INFORMATION)
    assert information.key_seed() == K_SEED
    assert derive_key(K_SEED, 1, "3des") == K_ENC
    assert derive_key(K_SEED, 2, "3des") == K_MAC
    keys = bac_keys(information)
    assert (keys.k_enc, keys.k_mac) == (K_ENC, K_MAC)


def test_appendix_d_terminal_cryptogram() -> None:
    """GIVEN RND.IC, RND.IFD and K.IFD of appendix D
    WHEN the terminal builds MUTUAL AUTHENTICATE THEN E.IFD and M.IFD are the appendix's."""
    challenge = terminal_cryptogram(bac_keys(K_SEED), RND_IC, RND_IFD, K_IFD)
    assert challenge.e_ifd == E_IFD
    assert challenge.m_ifd == M_IFD
    assert mutual_authenticate_apdu(challenge) == H("0082000028") + E_IFD + M_IFD + H("28")


def test_appendix_d_card_answer_and_session_keys() -> None:
    """GIVEN the terminal's cryptogram and K.IC of appendix D
    WHEN the card side answers and the terminal checks the answer
    THEN the answer, KSenc, KSmac and SSC are the appendix's on both sides."""
    keys = bac_keys(K_SEED)
    challenge = terminal_cryptogram(keys, RND_IC, RND_IFD, K_IFD)
    card = card_authenticate(keys, RND_IC, challenge.command_data, K_IC)
    assert card.response == CARD_ANSWER
    terminal = session_from_card_answer(keys, challenge, CARD_ANSWER)
    for session in (terminal, card.session):
        assert session.ssc == SSC
    # Session keys are private; prove them by protecting the appendix's command with both.
    assert SecureMessaging(KS_ENC, KS_MAC, SSC, "3des").protect_command(SELECT_COM) == PROTECTED_SELECT
    assert terminal.protect_command(SELECT_COM) == PROTECTED_SELECT
    assert derive_key(bytes(a ^ b for a, b in zip(K_IFD, K_IC, strict=True)), 1, "3des") == KS_ENC
    assert derive_key(bytes(a ^ b for a, b in zip(K_IFD, K_IC, strict=True)), 2, "3des") == KS_MAC


def test_appendix_d_secure_messaging_select_and_read() -> None:
    """GIVEN the appendix D session (SSC 887022120C06C226)
    WHEN SELECT EF.COM and READ BINARY 4 are protected and the card's answers unprotected
    THEN every byte is the appendix's and the read gives 60145F01."""
    sm = SecureMessaging(KS_ENC, KS_MAC, SSC, "3des")
    assert sm.protect_command(SELECT_COM) == PROTECTED_SELECT
    assert sm.ssc == 0x887022120C06C227
    assert sm.unprotect_response(SELECT_ANSWER) == H("9000")
    assert sm.ssc == 0x887022120C06C228
    assert sm.protect_command(READ_4) == PROTECTED_READ
    assert sm.unprotect_response(READ_ANSWER) == H("60145F01") + H("9000")
    assert sm.ssc == 0x887022120C06C22A


def test_appendix_d_card_side_unprotects_and_answers_identically() -> None:
    """GIVEN the card's copy of the appendix D session
    WHEN it unprotects the appendix's commands and protects its answers
    THEN it gets the plain APDUs back and produces the appendix's answers byte for byte."""
    card = SecureMessaging(KS_ENC, KS_MAC, SSC, "3des")
    assert card.unprotect_command(PROTECTED_SELECT) == SELECT_COM
    assert card.protect_response(b"", 0x9000) == SELECT_ANSWER
    assert card.unprotect_command(PROTECTED_READ) == READ_4
    assert card.protect_response(H("60145F01"), 0x9000) == READ_ANSWER


def test_perform_bac_over_a_scripted_card_reproduces_appendix_d() -> None:
    """GIVEN a card that answers GET CHALLENGE with RND.IC and checks the exact MUTUAL
    AUTHENTICATE of appendix D
    WHEN the terminal runs BAC with the appendix's random numbers
    THEN the session it returns protects SELECT EF.COM as the appendix does."""
    sent: list[bytes] = []
    answers = {
        H("0084000008"): RND_IC + H("9000"),
        H("0082000028") + E_IFD + M_IFD + H("28"): CARD_ANSWER + H("9000"),
    }

    def transmit(apdu: bytes) -> bytes:
        sent.append(apdu)
        return answers.get(apdu, H("6D00"))

    randomness = iter([RND_IFD, K_IFD])
    session = perform_bac(transmit, MrzInformation.parse(MRZ_INFORMATION), random=lambda n: next(randomness))
    assert len(sent) == 2
    assert session.protect_command(SELECT_COM) == PROTECTED_SELECT


def test_wrong_mrz_gives_the_plain_bac_error() -> None:
    """GIVEN a card built for appendix D's MRZ and a terminal with another date of birth
    WHEN BAC runs THEN the card refuses (6300) and BacError has the citizen's plain sentence."""
    keys = bac_keys(K_SEED)

    def transmit(apdu: bytes) -> bytes:
        if apdu == H("0084000008"):
            return RND_IC + H("9000")
        try:
            return card_authenticate(keys, RND_IC, apdu[5:45], K_IC).response + H("9000")
        except BacError:
            return H("6300")

    wrong = MrzInformation("L898902C", "690807", "940623")
    with pytest.raises(BacError) as caught:
        perform_bac(transmit, wrong)
    assert str(caught.value) == "The card did not accept the document number, date of birth or expiry date"
    assert caught.value.reason == "access_denied"


def test_bac_get_challenge_refused_is_an_unexpected_status() -> None:
    """GIVEN a card without BAC (6D00 to GET CHALLENGE) WHEN BAC runs THEN UnexpectedStatus."""
    with pytest.raises(UnexpectedStatus):
        perform_bac(lambda apdu: H("6D00"), MrzInformation.parse(MRZ_INFORMATION))


def test_card_answer_with_a_bad_mac_is_refused_by_the_terminal() -> None:
    """GIVEN the appendix's card answer with one MAC bit flipped
    WHEN the terminal checks it THEN BacError (the card is not the one the MRZ opens)."""
    keys = bac_keys(K_SEED)
    challenge = terminal_cryptogram(keys, RND_IC, RND_IFD, K_IFD)
    with pytest.raises(BacError):
        session_from_card_answer(keys, challenge, CARD_ANSWER[:-1] + bytes((CARD_ANSWER[-1] ^ 1,)))


# -- primitives -------------------------------------------------------------------------------


def test_padding_method_2() -> None:
    """GIVEN data of various lengths WHEN padded and unpadded THEN 80 00.. to the block, and back."""
    assert pad(b"", 8) == H("8000000000000000")
    assert pad(b"1234567", 8) == b"1234567\x80"
    assert pad(b"12345678", 8) == b"12345678" + H("8000000000000000")
    assert unpad(pad(b"abc", 16)) == b"abc"
    with pytest.raises(CryptoError):
        unpad(bytes(8))


def test_des_parity() -> None:
    """GIVEN bytes WHEN parity is adjusted THEN every byte has an odd number of one bits."""
    assert all(bin(byte).count("1") % 2 == 1 for byte in des_parity(bytes(range(256))))


def test_retail_mac_of_appendix_d() -> None:
    """GIVEN E.IFD and Kmac WHEN the retail MAC is computed THEN M.IFD."""
    assert retail_mac(K_MAC, E_IFD) == M_IFD


def test_cipher_round_trips() -> None:
    """GIVEN keys and padded data WHEN encrypted and decrypted THEN the data is back."""
    data = pad(b"citizen data", 16)
    assert tdes_cbc_decrypt(K_ENC, tdes_cbc_encrypt(K_ENC, data)) == data
    assert tdes_cbc_encrypt(K_ENC, H("781723860C06C2264608F91988702212") + K_IFD) == E_IFD
    key = bytes(range(16))
    assert aes_cbc_decrypt(key, aes_cbc_encrypt(key, data, bytes(16)), bytes(16)) == data
    with pytest.raises(CryptoError):
        aes_cbc_encrypt(key, b"short")


def test_aes_cmac_of_the_rfc_4493_example() -> None:
    """GIVEN the RFC 4493 key and the 16-byte example message WHEN AES-CMAC THEN its tag."""
    key = H("2B7E151628AED2A6ABF7158809CF4F3C")
    assert aes_cmac(key, H("6BC1BEE22E409F96E93D7E117393172A")) == H("070A16B46B4D4144F79BDD9DD04A287C")


# -- round trips (3DES and AES) ---------------------------------------------------------------

_APDUS = [
    H("00A4020C02011E"),  # case 3
    H("00B0000004"),  # case 2
    H("00B00000DF"),
    H("0084000008"),
    H("00A4040C07A0000002471001"),
    H("00220000"),  # case 1
    H("0088000004AABBCCDD08"),  # case 4
    H("00B100000454020100DF"),  # odd INS: DO85
]


@pytest.mark.parametrize("cipher", ["3des", "aes128", "aes192", "aes256"])
def test_terminal_and_card_round_trip(cipher: str) -> None:
    """GIVEN a terminal and a card sharing session keys and SSC
    WHEN each kind of APDU is protected, unprotected, answered and the answer unprotected
    THEN both sides see the plain messages and keep their counters in step."""
    size = {"3des": 16, "aes128": 16, "aes192": 24, "aes256": 32}[cipher]
    enc, mac = bytes(range(size)), bytes(range(100, 100 + size))
    terminal = SecureMessaging(enc, mac, 41, cipher)  # type: ignore[arg-type]
    card = SecureMessaging(enc, mac, 41, cipher)  # type: ignore[arg-type]
    for index, apdu in enumerate(_APDUS):
        assert card.unprotect_command(terminal.protect_command(apdu)) == apdu
        answer_data = bytes((index,)) * (index * 31)
        assert terminal.unprotect_response(card.protect_response(answer_data, 0x9000)) == answer_data + H(
            "9000"
        )
        assert terminal.ssc == card.ssc == 41 + 2 * (index + 1)
    if cipher != "3des":
        assert len(terminal.protect_command(_APDUS[0])) > len(
            SecureMessaging(K_ENC, K_MAC, 0, "3des").protect_command(_APDUS[0])
        )


def test_aes_uses_a_per_message_iv() -> None:
    """GIVEN an AES session WHEN the same command is protected twice
    THEN the cryptograms differ (IV = E(KSenc, SSC) changes with the counter)."""
    sm = SecureMessaging(bytes(16), bytes(range(16)), 0, "aes128")
    first, second = sm.protect_command(_APDUS[0]), sm.protect_command(_APDUS[0])
    assert first[5:25] != second[5:25]


def test_a_flipped_byte_anywhere_is_caught() -> None:
    """GIVEN the appendix's READ BINARY answer
    WHEN any byte before the status word is flipped
    THEN unprotecting raises SecureMessagingError (never wrong data)."""
    for index in range(len(READ_ANSWER) - 2):
        damaged = bytearray(READ_ANSWER)
        damaged[index] ^= 0x01
        sm = SecureMessaging(KS_ENC, KS_MAC, SSC + 3, "3des")
        with pytest.raises(SecureMessagingError):
            sm.unprotect_response(bytes(damaged))


def test_card_side_errors_carry_the_status_word_to_answer() -> None:
    """GIVEN commands a card must refuse
    WHEN unprotected on the card side THEN the error says 6987 (missing) or 6988 (incorrect)."""
    card = SecureMessaging(KS_ENC, KS_MAC, SSC, "3des")
    with pytest.raises(SecureMessagingError) as missing:
        card.unprotect_command(SELECT_COM)
    assert missing.value.sw == 0x6987
    damaged = bytearray(PROTECTED_SELECT)
    damaged[-3] ^= 0x01
    with pytest.raises(SecureMessagingError) as wrong:
        SecureMessaging(KS_ENC, KS_MAC, SSC, "3des").unprotect_command(bytes(damaged))
    assert wrong.value.sw == 0x6988


def test_plain_error_answers_pass_but_a_plain_9000_does_not() -> None:
    """GIVEN a session WHEN the card answers 6982 in plain THEN it is returned as is;
    WHEN it answers a bare 9000 THEN that is refused (it could be forged)."""
    sm = SecureMessaging(KS_ENC, KS_MAC, SSC, "3des")
    assert sm.unprotect_response(H("6982")) == H("6982")
    with pytest.raises(SecureMessagingError):
        sm.unprotect_response(H("9000"))


def test_extended_and_malformed_apdus_are_refused() -> None:
    """GIVEN an extended-length APDU and one whose Lc lies WHEN parsed THEN typed errors."""
    with pytest.raises(SecureMessagingError):
        parse_apdu(H("00B00000000100"))
    with pytest.raises(SecureMessagingError):
        parse_apdu(H("00A4020C05011E"))


@settings(max_examples=300)
@given(st.binary(max_size=300))
def test_arbitrary_answers_give_only_typed_errors(answer: bytes) -> None:
    """GIVEN any bytes as a card's answer WHEN unprotected (3DES and AES)
    THEN the result is a status word alone or a SecureMessagingError, never other data."""
    for sm in (
        SecureMessaging(KS_ENC, KS_MAC, SSC, "3des"),
        SecureMessaging(bytes(16), bytes(16), 0, "aes128"),
    ):
        try:
            result = sm.unprotect_response(answer)
        except SecureMessagingError as exc:
            assert isinstance(exc, IcaoError)
            continue
        assert result == answer[-2:]  # only a plain error status can pass unauthenticated


@settings(max_examples=300)
@given(st.binary(max_size=300))
def test_arbitrary_commands_give_only_typed_errors_on_the_card(command: bytes) -> None:
    """GIVEN any bytes as a protected command WHEN the card side unprotects them
    THEN SecureMessagingError (a forged MAC never verifies)."""
    for sm in (
        SecureMessaging(KS_ENC, KS_MAC, SSC, "3des"),
        SecureMessaging(bytes(16), bytes(16), 0, "aes128"),
    ):
        with pytest.raises(SecureMessagingError):
            sm.unprotect_command(command)


@given(st.binary(min_size=1, max_size=0xDF), st.integers(min_value=0, max_value=0xFFFF))
def test_protected_answers_of_any_data_round_trip(data: bytes, sw: int) -> None:
    """GIVEN any answer data up to 0xDF bytes and any status word
    WHEN the card protects it and the terminal unprotects it (AES)
    THEN the terminal gets exactly the data and the status word."""
    card = SecureMessaging(bytes(range(16)), bytes(range(16, 32)), 7, "aes128")
    terminal = SecureMessaging(bytes(range(16)), bytes(range(16, 32)), 7, "aes128")
    assert terminal.unprotect_response(card.protect_response(data, sw)) == data + sw.to_bytes(2, "big")

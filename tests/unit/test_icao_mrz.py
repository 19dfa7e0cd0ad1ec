"""The machine readable zone: TD1 / TD3 / Vietnamese CCCD parsing, check digits, access keys."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from drivers.card.errors import CardError
from drivers.card.icao.errors import IcaoError, MrzError
from drivers.card.icao.mrz import MrzInformation, check_digit, parse_mrz

TD1_SPECIMEN = (
    "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"
)
TD3_SPECIMEN = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
# A fictitious CCCD: number 038 1 95 001234 (province 038, G=1: female born 19xx), born 15/04/1995.
CCCD = "IDVNM1950012347038195001234<<<\n9504154F3504152VNM<<<<<<<<<<<4\nLE<<THI<HONG<NHUNG<<<<<<<<<<<<"


def replace_at(text: str, line: int, column: int, char: str) -> str:
    lines = text.split("\n")
    lines[line] = lines[line][:column] + char + lines[line][column + 1 :]
    return "\n".join(lines)


def test_check_digit_of_the_icao_examples() -> None:
    """GIVEN the fields of the ICAO specimens
    WHEN their 7-3-1 check digits are computed
    THEN they are the printed ones (filler counts 0, letters 10..35)."""
    assert check_digit("L898902C3") == 6
    assert check_digit("740812") == 2
    assert check_digit("120415") == 9
    assert check_digit("D23145890") == 7
    assert check_digit("ZE184226B<<<<<") == 1
    assert check_digit("<<<<") == 0


def test_check_digit_refuses_other_characters() -> None:
    """GIVEN a lowercase letter WHEN its check digit is asked THEN a typed MrzError follows."""
    with pytest.raises(MrzError):
        check_digit("abc")


def test_td1_specimen() -> None:
    """GIVEN the ICAO TD1 specimen
    WHEN parsed
    THEN every field is read and the name is split at the double filler."""
    mrz = parse_mrz(TD1_SPECIMEN)
    assert mrz.document_format == "TD1"
    assert (mrz.document_code, mrz.issuing_state, mrz.nationality) == ("I", "UTO", "UTO")
    assert mrz.document_number == "D23145890"
    assert mrz.access_document_number == "D23145890"
    assert (mrz.date_of_birth, mrz.sex, mrz.date_of_expiry) == ("740812", "F", "120415")
    assert (mrz.surname, mrz.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert not mrz.is_cccd
    assert (
        MrzInformation.from_mrz(mrz).mrz_information() == "D23145890" + "7" + "740812" + "2" + "120415" + "9"
    )


def test_td3_specimen_passport() -> None:
    """GIVEN the ICAO TD3 specimen (passport L898902C3)
    WHEN parsed
    THEN the optional data, its check digit and the composite are accepted."""
    mrz = parse_mrz(TD3_SPECIMEN)
    assert mrz.document_format == "TD3"
    assert mrz.document_number == "L898902C3"
    assert mrz.optional_data == "ZE184226B"
    assert (mrz.surname, mrz.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert (
        MrzInformation.from_mrz(mrz).mrz_information() == "L898902C3" + "6" + "740812" + "2" + "120415" + "9"
    )


def test_vietnamese_cccd_layout() -> None:
    """GIVEN a CCCD MRZ: IDVNM, the last 9 digits, their check digit, the full 12 digits
    WHEN parsed
    THEN the document number is the 12-digit one and access control uses the 9-digit one."""
    mrz = parse_mrz(CCCD)
    assert mrz.is_cccd
    assert mrz.document_number == "038195001234"
    assert mrz.access_document_number == "195001234"
    assert (mrz.date_of_birth, mrz.sex, mrz.date_of_expiry, mrz.nationality) == (
        "950415",
        "F",
        "350415",
        "VNM",
    )
    assert (mrz.surname, mrz.given_names) == ("LE", "THI HONG NHUNG")
    information = MrzInformation.from_mrz(mrz)
    assert information.mrz_information() == "1950012347" + "9504154" + "3504152"
    assert MrzInformation.for_cccd("038195001234", "950415", "350415") == information


@pytest.mark.parametrize(
    ("line", "column", "char", "field"),
    [
        (0, 14, "8", "document_number"),  # CCCD number check digit
        (1, 6, "5", "date_of_birth"),
        (1, 14, "3", "date_of_expiry"),
        (1, 29, "5", "composite"),
        (0, 20, "9", "optional_data"),  # 12-digit number no longer ends with the 9 digits
        (1, 7, "Q", "sex"),
        (1, 2, "1", "date_of_birth"),  # month 14 (and the check digit no longer matters first)
    ],
)
def test_cccd_errors_name_the_wrong_field(line: int, column: int, char: str, field: str) -> None:
    """GIVEN a CCCD MRZ with one character changed
    WHEN parsed
    THEN the MrzError names the field that is wrong, without echoing its value."""
    with pytest.raises(MrzError) as caught:
        parse_mrz(replace_at(CCCD, line, column, char))
    assert caught.value.field == field
    assert "038195001234" not in str(caught.value)
    assert "950415" not in str(caught.value)


@pytest.mark.parametrize(
    ("line", "column", "char", "field"),
    [
        (1, 9, "5", "document_number"),
        (1, 19, "3", "date_of_birth"),
        (1, 27, "8", "date_of_expiry"),
        (1, 42, "2", "optional_data"),
        (1, 43, "1", "composite"),
        (0, 0, "I", "document_code"),
    ],
)
def test_td3_errors_name_the_wrong_field(line: int, column: int, char: str, field: str) -> None:
    """GIVEN the passport specimen with one character changed
    WHEN parsed
    THEN the MrzError names the wrong field."""
    with pytest.raises(MrzError) as caught:
        parse_mrz(replace_at(TD3_SPECIMEN, line, column, char))
    assert caught.value.field == field


def test_td1_long_document_number() -> None:
    """GIVEN a TD1 whose 12-character number overflows into the optional data (part 5, 4.2.4)
    WHEN parsed
    THEN the full number is rebuilt and checked with its own check digit."""
    number = "D23145890123"
    line1 = f"I<UTO{number[:9]}<{number[9:]}{check_digit(number)}".ljust(30, "<")
    line2 = "7408122F1204159UTO<<<<<<<<<<<"
    line2 += str(check_digit(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29]))
    mrz = parse_mrz(f"{line1}\n{line2}\nERIKSSON<<ANNA<MARIA<<<<<<<<<<")
    assert mrz.document_number == number
    assert MrzInformation.from_mrz(mrz).mrz_information().startswith(number + str(check_digit(number)))


def test_lines_are_accepted_in_lower_case_and_run_together() -> None:
    """GIVEN the specimen in lower case with its lines in one run
    WHEN parsed THEN it reads the same as the printed lines."""
    assert parse_mrz(TD1_SPECIMEN.replace("\n", "").lower()) == parse_mrz(TD1_SPECIMEN)


def test_wrong_shape_is_a_format_error() -> None:
    """GIVEN two lines of 30 WHEN parsed THEN the error names the format."""
    with pytest.raises(MrzError) as caught:
        parse_mrz("\n".join(TD1_SPECIMEN.split("\n")[:2]))
    assert caught.value.field == "format"


# -- MrzInformation ---------------------------------------------------------------------------


def test_key_seed_of_appendix_d() -> None:
    """GIVEN the MRZ information of ICAO 9303 part 11 appendix D
    WHEN the BAC key seed is derived
    THEN it is the first 16 bytes of SHA-1 239AB9CB...5."""
    information = MrzInformation.parse("L898902C<369080619406236")
    assert information.document_number == "L898902C"
    assert information.mrz_information() == "L898902C<369080619406236"
    assert hashlib.sha1(b"L898902C<369080619406236").hexdigest().upper() == (
        "239AB9CB282DAF66231DC5A4DF6BFBAEDF477565"
    )
    assert information.key_seed().hex().upper() == "239AB9CB282DAF66231DC5A4DF6BFBAE"


def test_information_from_lines_and_from_words() -> None:
    """GIVEN the same access data as MRZ lines, as the MRZ information and as three words
    WHEN parsed THEN the three agree."""
    from_lines = MrzInformation.parse(CCCD)
    assert MrzInformation.parse("1950012347" + "9504154" + "3504152") == from_lines
    assert MrzInformation.parse("195001234 950415 350415") == from_lines
    assert MrzInformation.parse("195001234 9504154 3504152") == from_lines


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("L898902C<369080619406235", "date_of_expiry"),
        ("L898902C<469080619406236", "document_number"),
        ("L898902C<369080719406236", "date_of_birth"),
        ("195001234 9504155 3504152", "date_of_birth"),
        ("195001234 951315 350415", "date_of_birth"),
        ("195001234 950415 350231", "date_of_expiry"),
        ("1950-1234 950415 350415", "document_number"),
        ("hello world", "format"),
        ("not-an-mrz", "format"),
    ],
)
def test_information_errors_name_the_field(text: str, field: str) -> None:
    """GIVEN MRZ information with a wrong part WHEN parsed THEN the error names that part."""
    with pytest.raises(MrzError) as caught:
        MrzInformation.parse(text)
    assert caught.value.field == field


def test_errors_are_card_errors_with_a_reason() -> None:
    """GIVEN a wrong check digit WHEN parsed THEN the error is an IcaoError / CardError with the
    stable reason key the kiosk translates."""
    with pytest.raises(CardError) as caught:
        MrzInformation.parse("L898902C<369080619406235")
    assert isinstance(caught.value, IcaoError)
    assert isinstance(caught.value, ValueError)
    assert caught.value.reason == "mrz_invalid"


def test_repr_hides_personal_data() -> None:
    """GIVEN parsed MRZ data WHEN shown with repr THEN no number, date or name appears."""
    shown = repr(parse_mrz(CCCD)) + repr(MrzInformation.parse(CCCD))
    for secret in ("038195001234", "195001234", "950415", "NHUNG"):
        assert secret not in shown


# -- fuzzing ----------------------------------------------------------------------------------

_MRZ_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"


@given(st.text(max_size=120))
def test_any_text_gives_an_mrz_or_a_typed_error(text: str) -> None:
    """GIVEN any text WHEN parsed as an MRZ or MRZ information THEN only MrzError escapes."""
    for parse in (parse_mrz, MrzInformation.parse):
        try:
            parse(text)
        except MrzError as exc:
            assert exc.field


@given(
    st.sampled_from([(3, 30), (2, 44)]).flatmap(
        lambda shape: st.lists(
            st.text(alphabet=_MRZ_ALPHABET, min_size=shape[1], max_size=shape[1]),
            min_size=shape[0],
            max_size=shape[0],
        )
    )
)
def test_mrz_shaped_noise_gives_a_typed_error(lines: list[str]) -> None:
    """GIVEN lines of the right shape and alphabet but random content
    WHEN parsed THEN the result is a valid Mrz or an MrzError naming a field."""
    try:
        mrz = parse_mrz("\n".join(lines))
    except MrzError as exc:
        assert exc.field
    else:
        assert mrz.lines == tuple(lines)


@given(
    st.integers(min_value=0, max_value=1),
    st.integers(min_value=0, max_value=29),
    st.sampled_from(_MRZ_ALPHABET),
)
def test_a_single_change_never_alters_the_checked_fields_silently(line: int, column: int, char: str) -> None:
    """GIVEN the CCCD MRZ with one character of line 1 or 2 replaced (outside the document code
    and issuing state, which ICAO leaves unchecked)
    WHEN it still parses
    THEN the fields protected by check digits (numbers, birth and expiry dates) are unchanged."""
    assume(line == 1 or column >= 5)
    try:
        mrz = parse_mrz(replace_at(CCCD, line, column, char))
    except MrzError:
        return
    original = parse_mrz(CCCD)
    assert (mrz.document_number, mrz.access_document_number, mrz.date_of_birth, mrz.date_of_expiry) == (
        original.document_number,
        original.access_document_number,
        original.date_of_birth,
        original.date_of_expiry,
    )

"""The machine-readable zone read from camera pictures, corrected and confirmed by its check digits."""

from __future__ import annotations

import cv2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.camera import scenes
from drivers.card.icao.mrz import check_digit, parse_mrz
from drivers.vision.card import find_card, rectify
from drivers.vision.mrz import CHECKED_FIELDS, MrzReader, correct, locate_zone, position_classes
from drivers.vision.ocrb import GlyphSet, Reading
from kiosk.paths import resources_dir
from tests.camera_scenes import TD1_SPECIMEN, TD3_SPECIMEN, card_back, card_scene, cccd_mrz, face, fonts

CCCD = cccd_mrz("001090000123", "900312", "M", "300312", "NGUYEN", "VAN AN")
CCCD_FEMALE = cccd_mrz("079185004321", "851107", "F", "251107", "TRAN", "THI MAI LAN")


@pytest.fixture(scope="module")
def reader() -> MrzReader:
    return MrzReader(GlyphSet.load(resources_dir() / "camera" / "ocrb-glyphs.png"), tesseract=False)


def test_the_synthetic_zones_are_valid() -> None:
    """GIVEN the zones drawn in these tests WHEN parsed THEN they are valid (so a read-back is meaningful)."""
    assert parse_mrz("\n".join(CCCD)).document_number == "001090000123"
    assert parse_mrz("\n".join(CCCD_FEMALE)).is_cccd
    assert parse_mrz("\n".join(TD1_SPECIMEN)).document_number == "D23145890"


@pytest.mark.parametrize("lines", [CCCD, CCCD_FEMALE, TD1_SPECIMEN], ids=["cccd", "cccd-f", "td1-specimen"])
@pytest.mark.parametrize("angle", [(0, 0, 0), (15, -20, -6), (-20, 10, 8)])
@pytest.mark.parametrize("width", [620, 900])
def test_an_id_card_zone_in_ocr_b_reads_back_confirmed(
    reader: MrzReader, lines: list[str], angle: tuple[float, float, float], width: int
) -> None:
    """GIVEN a card's back with an MRZ in OCR-B, on a desk at an angle, with sensor noise and JPEG
    compression WHEN the card is straightened and its zone read THEN every character comes back and
    every check digit holds."""
    frame, _ = card_scene(
        card_back(tuple(lines)), width_px=width, yaw=angle[0], pitch=angle[1], roll=angle[2]
    )
    frame = cv2.imdecode(cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, 75])[1], cv2.IMREAD_COLOR)
    outline = find_card(frame)
    assert outline is not None
    reading = reader.read(rectify(frame, outline.corners))
    assert reading is not None and reading.confirmed and reading.engine == "glyphs"
    assert list(reading.lines) == lines
    assert reading.mrz is not None and reading.mrz.lines == tuple(lines)


@pytest.mark.parametrize("sigma", [0.8, 1.2])
def test_a_slightly_blurred_zone_still_confirms_its_checked_fields(reader: MrzReader, sigma: float) -> None:
    """GIVEN a zone a little out of focus (still accepted by the quality check) WHEN read THEN the
    check-digit fields come back right and are confirmed."""
    frame, _ = card_scene(card_back(tuple(CCCD)), width_px=700)
    frame = scenes.defocus(frame, sigma)
    outline = find_card(frame)
    assert outline is not None
    reading = reader.read(rectify(frame, outline.corners))
    assert reading is not None and reading.confirmed and reading.mrz is not None
    assert (reading.mrz.document_number, reading.mrz.date_of_birth, reading.mrz.date_of_expiry) == (
        "001090000123",
        "900312",
        "300312",
    )


@pytest.mark.parametrize("angle", [(0, 0, 0), (8, -8, -3)])
def test_a_passport_zone_reads_back_from_the_whole_frame(
    reader: MrzReader, angle: tuple[float, float, float]
) -> None:
    """GIVEN a passport data page (TD3, ICAO's specimen) on a desk WHEN the frame itself is read
    THEN the zone is found, levelled and read back confirmed."""
    page = scenes.passport_page(TD3_SPECIMEN, face(), fonts())
    frame, _ = card_scene(page, width_px=860, yaw=angle[0], pitch=angle[1], roll=angle[2])
    reading = reader.read(frame)
    assert reading is not None and reading.confirmed
    assert list(reading.lines) == TD3_SPECIMEN


def test_tesseract_reads_the_zone_when_the_glyph_atlas_is_missing() -> None:
    """GIVEN no OCR-B atlas WHEN a zone is read THEN Tesseract reads it and the check digits still confirm it."""
    frame, _ = card_scene(card_back(tuple(CCCD)), width_px=800, yaw=0, pitch=0, roll=0)
    outline = find_card(frame)
    assert outline is not None
    reading = MrzReader(None).read(rectify(frame, outline.corners))
    assert reading is not None and reading.engine == "tesseract"
    assert reading.confirmed and reading.mrz is not None and reading.mrz.document_number == "001090000123"


def test_no_zone_on_a_card_front(reader: MrzReader) -> None:
    frame, _ = card_scene()
    assert locate_zone(frame) is None
    assert reader.read(frame) is None


# --- correction ----------------------------------------------------------------------------------
def readings(
    lines: list[str], *, swaps: dict[tuple[int, int], str] | None = None, gap: float = 0.02
) -> list[list[Reading]]:
    """Readings as a glyph reader gives them: the true character first; at ``swaps`` the given
    wrong character first and the true one second, ``gap`` behind."""
    swaps = swaps or {}
    grid = []
    for line_index, line in enumerate(lines):
        row = []
        for index, char in enumerate(line):
            wrong = swaps.get((line_index, index))
            row.append(Reading(((wrong, 0.93), (char, 0.93 - gap))) if wrong else Reading(((char, 0.95),)))
        grid.append(row)
    return grid


def td1_with_number(number: str) -> list[str]:
    """ICAO's TD1 specimen with another document number (check digit and composite recomputed)."""
    line1 = f"I<UTO{number}{check_digit(number)}" + "<" * 15
    line2 = TD1_SPECIMEN[1][:29]
    line2 += str(check_digit(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29]))
    return [line1, line2, TD1_SPECIMEN[2]]


def test_letter_o_read_for_zero_in_a_document_number_is_corrected() -> None:
    """GIVEN a document number (letters and digits allowed) whose zeros read a little more like the
    letter O WHEN corrected THEN the digits are taken, and the check digits confirm them."""
    lines = td1_with_number("AB0070050")
    swaps = {(0, i): "O" for i in range(5, 14) if lines[0][i] == "0"}
    result = correct(readings(lines, swaps=swaps), "TD1")
    assert result.confirmed and list(result.lines) == lines


def test_a_clear_misreading_is_put_right_by_the_check_digit() -> None:
    """GIVEN a document number with a B read clearly better than the 8 that is printed WHEN corrected
    THEN the check digit fails with B and holds with 8: the reading is confirmed with the 8."""
    lines = td1_with_number("AB8070058")
    result = correct(readings(lines, swaps={(0, 7): "B"}, gap=0.1), "TD1")
    assert result.confirmed and list(result.lines) == lines and result.corrected == 1


def test_a_cccd_number_is_digits_only() -> None:
    """GIVEN a CCCD zone (IDVNM) whose zeros were read as O WHEN corrected THEN they are digits at once."""
    swaps = {(0, i): "O" for i in range(5, 27) if CCCD[0][i] == "0"}
    result = correct(readings(CCCD, swaps=swaps), "TD1")
    assert result.confirmed and list(result.lines) == CCCD


def test_digit_positions_never_hold_letters() -> None:
    """GIVEN a date read with B for 8 and S for 5 (letters first) WHEN corrected THEN the digits are used."""
    result = correct(readings(TD1_SPECIMEN, swaps={(1, 3): "B", (1, 12): "S"}), "TD1")
    assert result.confirmed and list(result.lines) == TD1_SPECIMEN


def test_a_wrong_digit_with_no_alternative_is_not_confirmed() -> None:
    """GIVEN a date of birth digit misread with nothing else to try WHEN corrected THEN the reading
    is not confirmed and names the field (the citizen types the data instead)."""
    lines = list(TD1_SPECIMEN)
    lines[1] = "7408132" + lines[1][7:]  # 740812 -> 740813, check digit 2 no longer holds
    result = correct(readings(lines), "TD1")
    assert not result.confirmed and result.failed_field == "date_of_birth" and result.mrz is None


VALUES = {char: 0 if char == "<" else int(char, 36) for char in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<"}
CHECKED = sorted({pos for field in CHECKED_FIELDS["TD3"] for pos in (*field.data, field.digit)})


@settings(max_examples=150, deadline=None)
@given(
    position=st.sampled_from(CHECKED), replacement=st.sampled_from("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<")
)
def test_one_misread_character_in_a_checked_field_is_put_right(
    position: tuple[int, int], replacement: str
) -> None:
    """GIVEN a passport zone with one character of a checked field misread, the true character its
    close second reading WHEN corrected THEN the zone comes back exactly, confirmed (except for swaps
    the check digit cannot see)."""
    line, index = position
    true = TD3_SPECIMEN[line][index]
    if true == replacement or replacement not in position_classes("TD3")[line][index]:
        return
    if (VALUES[true] - VALUES[replacement]) % 10 == 0:
        return  # 0/A/K/U, 1/B/L/V ...: the 7-3-1 check digit cannot see these swaps (ICAO's limit)
    result = correct(readings(TD3_SPECIMEN, swaps={position: replacement}), "TD3")
    assert result.confirmed and list(result.lines) == TD3_SPECIMEN


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 2), st.integers(0, 29), st.sampled_from("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<")
        ),
        max_size=6,
    )
)
def test_a_confirmed_reading_always_parses(errors: list[tuple[int, int, str]]) -> None:
    """GIVEN a card zone with any misreadings WHEN corrected THEN it is either confirmed (and then
    the ICAO parser accepts it) or not confirmed with the field that failed."""
    result = correct(readings(CCCD, swaps={(line, index): char for line, index, char in errors}), "TD1")
    if result.confirmed:
        assert parse_mrz(result.text).lines == result.lines
    else:
        assert result.failed_field is not None

"""Slip layout: script runs, wrapping and the raster image."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.printer.layout import Gap, QrCode, Rule, SlipRenderer, Text, script_runs
from kiosk.app import slip_fonts
from kiosk.paths import resources_dir


def renderer(width: int = 576) -> SlipRenderer:
    return SlipRenderer(slip_fonts(resources_dir()), width)


def test_thai_and_latin_runs_are_split_with_marks_kept() -> None:
    assert script_runs("A001 ที่นี่ ok") == [(False, "A001 "), (True, "ที่นี่ "), (False, "ok")]


def test_rendered_slip_is_paper_wide_and_black_and_white() -> None:
    image = renderer(384).render(
        [Text("Số thứ tự", size=30, bold=True, align="center"), Rule(), QrCode("X"), Gap(10)]
    )
    assert image.mode == "1"
    assert image.width == 384
    assert image.height > 100


def test_long_text_wraps_instead_of_overflowing() -> None:
    blocks = [Text("สำนักทะเบียนอำเภอเมืองเชียงใหม่จังหวัดเชียงใหม่" * 3, size=28)]
    image = renderer(384).render(blocks)
    assert image.height > 28 * 3  # several lines
    right_margin = image.convert("L").crop((image.width - 4, 0, image.width, image.height))
    assert right_margin.getextrema() == (255, 255)  # nothing drawn into the right margin


@settings(max_examples=30, deadline=None)
@given(st.text(max_size=60))
def test_any_text_renders(text: str) -> None:
    image = renderer(384).render([Text(text, size=24)])
    assert image.width == 384


def test_thai_lines_never_start_with_a_mark_or_a_following_vowel() -> None:
    """GIVEN long Thai text with no spaces WHEN it wraps at 58 mm THEN no line starts with a mark or ำ/า/ะ
    and no line ends with a leading vowel."""
    from drivers.printer.layout import THAI_FOLLOWING_VOWELS, THAI_LEADING_VOWELS, breakable_before

    text = "สถานะคำขอรับรองสำเนาเอกสารทะเบียนราษฎรของผู้ใหญ่บ้านเมืองเชียงใหม่" * 2
    lines = renderer(384)._wrap(Text(text, size=28))
    assert len(lines) > 1 and "".join(lines) == text
    for line in lines[1:]:
        assert line[0] not in THAI_FOLLOWING_VOWELS and not unicodedata.combining(line[0])
    for line in lines[:-1]:
        assert line[-1] not in THAI_LEADING_VOWELS
    assert not breakable_before("คำ", 1) and not breakable_before("เก", 1) and breakable_before("กข", 1)

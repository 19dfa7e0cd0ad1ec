"""Slip layout: script runs, wrapping and the raster image."""

from __future__ import annotations

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

"""The ESC/POS decoder: jobs from python-escpos and from the kiosk turn back into paper, text and codes."""

from __future__ import annotations

import copy
from typing import Any

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from drivers.printer.escpos_decoder import DecodedJob, EscposError, decode_job
from drivers.printer.escpos_printer import escpos_job

# A VietQR payload (EMVCo, with spaces and lower case: byte mode) from the devices notes.
VIETQR = (
    "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA5303704540618"
    "00005802VN62340107NPS68690819thanh toan don hang63042E2E"
)


def dummy(width_px: int = 576) -> Any:
    """A python-escpos Dummy whose profile knows the paper width (else escpos prints a warning)."""
    from escpos.printer import Dummy

    printer = Dummy()
    profile_data = copy.deepcopy(printer.profile.profile_data)
    profile_data["media"]["width"]["pixels"] = width_px
    printer.profile.profile_data = profile_data
    return printer


def pattern(width: int, height: int, seed: int = 1) -> np.ndarray:
    """A random dot pattern (True = black) no row or column of which is predictable."""
    return np.random.default_rng(seed).random((height, width)) < 0.35


def to_image(dots: np.ndarray) -> Image.Image:
    return Image.fromarray(np.where(dots, 0, 255).astype(np.uint8)).convert("1")


def black(job: DecodedJob) -> np.ndarray:
    return np.asarray(job.image.convert("L")) < 128


def scan(image: Image.Image) -> str:
    text, _, _ = cv2.QRCodeDetector().detectAndDecode(np.asarray(image.convert("L")))
    return str(text)


@pytest.mark.parametrize(("width", "height", "paper"), [(576, 120, 576), (384, 60, 384), (500, 1100, 576)])
def test_kiosk_job_is_drawn_dot_for_dot(width: int, height: int, paper: int) -> None:
    """GIVEN the kiosk's job for a random dot pattern
    WHEN it is decoded
    THEN the paper is the paper width, shows the pattern dot for dot, white elsewhere, and was cut."""
    dots = pattern(width, height)
    job = decode_job(escpos_job(to_image(dots)), paper_width_px=paper)
    assert job.image.width == paper and job.image.mode == "1"
    assert job.cut and job.raster_count >= 1 and job.texts == [] and job.qr_payloads == []
    paper_dots = black(job)
    assert (paper_dots[:height, :width] == dots).all()
    assert not paper_dots[height:].any() and not paper_dots[:, width:].any()


@pytest.mark.parametrize("impl", ["bitImageRaster", "graphics", "bitImageColumn"])
def test_python_escpos_images_are_drawn_dot_for_dot(impl: str) -> None:
    """GIVEN python-escpos's image() in each of its three implementations (GS v 0, GS ( L, ESC *)
    WHEN the job is decoded
    THEN the image is on the paper dot for dot."""
    dots = pattern(100, 48, seed=3)
    printer = dummy()
    printer.image(to_image(dots), impl=impl)
    job = decode_job(printer.output)
    assert job.raster_count >= 1
    assert (black(job)[:48, :100] == dots).all() and not black(job)[:, 100:].any()


def test_styled_text_is_decoded_and_laid_out() -> None:
    """GIVEN text set centred, bold and double height, then normal text, then a cut
    WHEN decoded
    THEN both lines are read back, the first is centred and twice as tall, and the cut is seen."""
    printer = dummy()
    printer.hw("INIT")
    printer.set(align="center", bold=True, double_height=True)
    printer.textln("Ticket A-042")
    printer.set(normal_textsize=True, bold=False, align="left")
    printer.textln("Counter 3")
    printer.cut()
    job = decode_job(printer.output)
    assert job.texts == ["Ticket A-042", "Counter 3"]
    assert job.cut and job.image.width == 576
    dots = black(job)
    first, second = dots[:48], dots[48:78]  # 48 dots for the double-height line, then 30
    columns = np.flatnonzero(first.any(axis=0))
    assert abs(columns[0] - (575 - columns[-1])) <= 12  # centred within a character cell
    assert np.flatnonzero(second.any(axis=0))[0] < 12  # left-aligned
    first_rows, second_rows = np.flatnonzero(first.any(axis=1)), np.flatnonzero(second.any(axis=1))
    assert first_rows[-1] - first_rows[0] > 1.6 * (second_rows[-1] - second_rows[0])


def test_native_qr_payload_is_recorded_and_scans() -> None:
    """GIVEN a native QR code (GS ( k) between two lines of text
    WHEN decoded
    THEN its payload is recorded and the drawn symbol scans back to exactly that payload."""
    printer = dummy()
    printer.textln("Pay here")
    printer.qr(VIETQR, native=True, size=4)
    printer.textln("Thank you")
    job = decode_job(printer.output)
    assert job.qr_payloads == [VIETQR]
    assert job.texts == ["Pay here", "Thank you"]
    assert scan(job.image) == VIETQR


def test_raster_qr_scans() -> None:
    """GIVEN python-escpos's QR rendered as an image (native=False)
    WHEN decoded
    THEN no native payload is recorded, one raster is drawn, and it scans back to the payload."""
    printer = dummy()
    printer.qr(VIETQR, native=False, size=4)
    job = decode_job(printer.output)
    assert job.qr_payloads == [] and job.raster_count == 1
    assert scan(job.image) == VIETQR


def test_thai_after_esc_t_cp874_decodes() -> None:
    """GIVEN Thai text in CP874 after ESC t 21 (the number python-escpos's profile gives CP874), both
    written by hand and by python-escpos's own code-page choice
    WHEN decoded
    THEN the Thai string comes back exactly, marks and all."""
    thai = "สวัสดีครับ ที่ทำการอำเภอ"
    by_hand = b"\x1b@\x1bt\x15" + thai.encode("cp874") + b"\n"
    printer = dummy()
    printer.textln(thai)
    for data in (by_hand, printer.output):
        job = decode_job(data)
        assert job.texts == [thai]
        assert 21 in job.code_pages


@pytest.mark.parametrize("page", [52, 94])
def test_vietnamese_in_cp1258_composes(page: int) -> None:
    """GIVEN Vietnamese in CP1258 with combining tone marks after ESC t 52 or 94
    WHEN decoded
    THEN the text comes back NFC-composed."""
    spelled = "Ti\u00ea\u0301ng Vi\u00ea\u0323t".encode("cp1258")  # ê precomposed, tones combining
    job = decode_job(b"\x1bt" + bytes([page]) + spelled + b"\n")
    assert job.texts == ["Tiếng Việt"] and job.code_pages == [page]


def test_vietnamese_from_python_escpos_uses_tcvn3_and_decodes() -> None:
    """GIVEN Vietnamese text as python-escpos's magic encoding writes it (CP437, CP852, TCVN-3)
    WHEN decoded
    THEN the text and every code page switch are recovered."""
    printer = dummy()
    printer.textln("Xin chào Đà Nẵng")
    job = decode_job(printer.output)
    assert job.texts == ["Xin chào Đà Nẵng"]
    assert 30 in job.code_pages


@pytest.mark.parametrize(
    ("page", "codec", "text"),
    [(0, "cp437", "Grüße"), (2, "cp850", "Grüße"), (16, "cp1252", "Grüße €"), (19, "cp858", "Grüße €")],
)
def test_western_code_pages(page: int, codec: str, text: str) -> None:
    """GIVEN text encoded in a western code page after its ESC t number
    WHEN decoded
    THEN the text comes back."""
    job = decode_job(b"\x1bt" + bytes([page]) + text.encode(codec) + b"\n")
    assert job.texts == [text]


def test_unknown_code_page_decodes_as_cp437() -> None:
    """GIVEN ESC t with a number no profile page has
    WHEN text follows
    THEN it is decoded as CP437 and a note says so."""
    job = decode_job(b"\x1bt\xc8" + "Grüße".encode("cp437") + b"\n")
    assert job.texts == ["Grüße"] and job.code_pages == [200]
    assert any("200" in note for note in job.notes)


def test_feeds_and_wrapping() -> None:
    """GIVEN 60 characters of font A on 576 dots, then ESC d 3 and ESC J 50
    WHEN decoded
    THEN the text wraps after 48 characters and the paper is 2 x 30 + 3 x 30 + 50 dots long."""
    job = decode_job(b"\x1b@" + b"A" * 60 + b"\n\x1bd\x03\x1bJ\x32")
    assert job.texts == ["A" * 48, "A" * 12]
    assert job.image.height == 60 + 90 + 50
    assert decode_job(b"\t\nabc\n\tx\n").texts == ["abc", "\tx"]  # a tab alone prints no line


def test_status_queries_only_is_an_empty_job() -> None:
    """GIVEN DLE EOT 1 and DLE EOT 4 around an ESC @
    WHEN decoded
    THEN the queries are recorded and nothing reached the paper."""
    job = decode_job(b"\x10\x04\x01\x1b@\x10\x04\x04")
    assert job.status_queries == [1, 4]
    assert job.is_empty and job.image.size == (576, 0)


@pytest.mark.parametrize("cut", [b"\x1dV\x00", b"\x1dV\x01", b"\x1dV\x42\x10", b"\x1bi", b"\x1bm"])
def test_cut_commands(cut: bytes) -> None:
    """GIVEN a line of text followed by one of the cut commands
    WHEN decoded
    THEN the cut is recorded and the text still printed."""
    job = decode_job(b"slip" + cut)
    assert job.cut and job.texts == ["slip"]


def test_unknown_commands_are_skipped() -> None:
    """GIVEN ESC and GS followed by command bytes no printer defines, and a cash drawer pulse
    WHEN decoded
    THEN each unknown prefix and command byte is skipped, noted, and the text around them prints."""
    job = decode_job(b"\x1b\xfeHello\n\x1bp\x00\x19\xfa\x1d\xfeWorld\n")
    assert job.texts == ["Hello", "World"]
    assert len([note for note in job.notes if "unknown" in note]) == 2


def test_barcode_payload_is_recorded() -> None:
    """GIVEN a hardware EAN-13 barcode from python-escpos
    WHEN decoded
    THEN its payload is recorded and something is drawn in its place."""
    printer = dummy()
    printer.barcode("4006381333931", "EAN13")
    job = decode_job(printer.output)
    assert job.barcodes == ["4006381333931"] and black(job).any()


def test_truncated_raster_is_an_error() -> None:
    """GIVEN the kiosk's job cut short inside its raster data, and a raster header promising more
    rows than follow
    WHEN decoded
    THEN EscposError is raised."""
    full = escpos_job(Image.new("1", (576, 40), 0))
    with pytest.raises(EscposError):
        decode_job(full[: len(full) // 2])
    header = b"\x1dv0\x00" + (72).to_bytes(2, "little") + (10).to_bytes(2, "little")
    with pytest.raises(EscposError):
        decode_job(header + b"\xff" * 72 * 5)


@pytest.mark.parametrize(
    "data", [b"\x1b", b"\x1ba", b"\x1d", b"\x1d!", b"\x1d(k\x05\x001P0", b"\x10\x04", b"\x1dk\x02123"]
)
def test_truncated_arguments_are_an_error(data: bytes) -> None:
    """GIVEN a stream ending inside a command's arguments
    WHEN decoded
    THEN EscposError is raised."""
    with pytest.raises(EscposError):
        decode_job(data)


def test_endless_feed_is_an_error() -> None:
    """GIVEN feeds adding up to more paper than the decoder's limit
    WHEN decoded
    THEN EscposError is raised instead of allocating the paper."""
    with pytest.raises(EscposError, match="longer"):
        decode_job(b"\x1b3\xff" + b"\x1bd\xff" * 10, max_length_px=20_000)


def _decodes_or_escpos_error(data: bytes, width: int) -> None:
    try:
        job = decode_job(data, paper_width_px=width)
    except EscposError:
        return
    assert job.image.width == width and job.image.mode == "1"


@settings(max_examples=1000, deadline=None)
@given(data=st.binary(max_size=600), width=st.sampled_from([576, 384]))
def test_arbitrary_bytes_raise_only_escpos_error(data: bytes, width: int) -> None:
    """GIVEN any byte string
    WHEN decoded
    THEN the result is a job of the paper's width, or EscposError: never another exception."""
    _decodes_or_escpos_error(data, width)


COMMAND_PREFIXES = [
    b"\x1b@", b"\x1bt", b"\x1b!", b"\x1d!", b"\x1dv0", b"\x1d(k", b"\x1d(L", b"\x1d8L", b"\x1b*",
    b"\x1bd", b"\x1bJ", b"\x1dV", b"\x10\x04", b"\x1dk", b"\x1b&", b"\x1bD", b"\x1cq", b"\x1b$",
    b"\x1b\\", b"\n", b"\t", b"\x1ba", b"\x1dB", b"\x1dL", b"\x1b-", b"\x1d(k\x03\x001Q0",
]  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(
    parts=st.lists(st.one_of(st.sampled_from(COMMAND_PREFIXES), st.binary(max_size=8)), max_size=40),
    width=st.sampled_from([576, 384]),
)
def test_command_soup_raises_only_escpos_error(parts: list[bytes], width: int) -> None:
    """GIVEN command prefixes mixed with random argument bytes (reaching deeper than random bytes do)
    WHEN decoded
    THEN the result is a job, or EscposError: never another exception."""
    _decodes_or_escpos_error(b"".join(parts), width)

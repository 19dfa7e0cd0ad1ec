"""Every slip, in every language and mode, through a real TCP socket to the simulated printer.

The simulated printer decodes the ESC/POS it receives into what paper would show; the tests
check that image (width, cut, QR read back with OpenCV) and compare it with the golden images
in ``tests/golden`` (regenerate them with ``KIOSK_UPDATE_GOLDEN=1`` after a deliberate change,
and look at them).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageChops

from demo.slips import SLIP_KINDS, sample_slip
from drivers.printer.compose import PrinterProfile
from drivers.printer.escpos_printer import EscposPrinter
from drivers.printer.layout import QrCode, SlipRenderer
from drivers.printer.simulator import SimulatedPrinter
from kiosk.app import Kiosk, slip_fonts
from kiosk.i18n import Catalog
from kiosk.paths import resources_dir
from kiosk.profiles import load_profile

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
LANGUAGE_PROFILE = {"vi": "vn", "th": "th", "en": "vn"}
GOLDEN_TOLERANCE = 0.005  # share of pixels allowed to differ (font hinting, library updates)


@pytest.fixture(scope="module")
def printer_80(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimulatedPrinter]:
    paper = tmp_path_factory.mktemp("paper")
    with SimulatedPrinter(paper, paper_width_px=576, fonts_dir=resources_dir() / "fonts") as printer:
        yield printer


def qr_texts(image: Image.Image) -> set[str]:
    """Every QR payload OpenCV finds in the paper image (its classic detector, then the ArUco-based
    one, which copes better with a QR code among lines of text)."""
    pixels = np.array(image.convert("L"))
    found, decoded, _, _ = cv2.QRCodeDetector().detectAndDecodeMulti(pixels)
    texts = {text for text in decoded if text} if found else set()
    if not texts:
        found, decoded, _, _ = cv2.QRCodeDetectorAruco().detectAndDecodeMulti(pixels)
        texts = {text for text in decoded if text} if found else set()
    return texts


@pytest.mark.parametrize("mode", ["raster", "native"])
@pytest.mark.parametrize("language", ["vi", "th", "en"])
@pytest.mark.parametrize("kind", SLIP_KINDS)
def test_every_slip_reaches_paper(
    printer_80: SimulatedPrinter, tmp_path: Path, kind: str, language: str, mode: str
) -> None:
    """GIVEN a sample slip WHEN it is sent over TCP to the printer THEN paper shows it 576 dots wide,
    cut at the end, and its QR code reads back exactly."""
    resources = resources_dir()
    profile = load_profile(resources, LANGUAGE_PROFILE[language])
    blocks = sample_slip(kind, profile, language, Catalog(resources / "translations"))  # type: ignore[arg-type]
    printer = EscposPrinter(
        printer_80.uri,
        paper_width_mm=80,
        home=tmp_path,
        profile=PrinterProfile(model="TM-T88V", mode=mode),  # type: ignore[arg-type]
    )
    renderer = SlipRenderer(slip_fonts(resources), 576)
    before = len(printer_80.jobs)
    printer.send(printer.compose(blocks, renderer))
    assert printer_80.wait_for_jobs(before + 1, timeout=20)
    job = printer_80.jobs[before]
    assert job.cut and job.image.width == 576 and job.image.height > 300
    expected_qr = {block.data for block in blocks if isinstance(block, QrCode)}
    assert qr_texts(job.image) == expected_qr
    if mode == "native" and language != "th":  # Thai slips may go as raster when that is smaller
        assert set(job.qr_payloads) == expected_qr
        assert job.raster_count == 0  # English and Vietnamese print as printer text entirely
    if mode == "raster":
        compare_with_golden(job.image, f"{kind}-{language}")


def compare_with_golden(image: Image.Image, name: str) -> None:
    path = GOLDEN / f"{name}.png"
    paper = image.convert("1")
    if os.environ.get("KIOSK_UPDATE_GOLDEN") == "1" or not path.exists():
        if os.environ.get("CI") and not path.exists():
            pytest.fail(f"golden image {path.name} is missing")
        GOLDEN.mkdir(exist_ok=True)
        paper.save(path)
    golden = Image.open(path).convert("1")
    assert golden.size == paper.size, f"{name}: {paper.size} differs from the golden {golden.size}"
    difference = ImageChops.difference(golden.convert("L"), paper.convert("L"))
    histogram = difference.histogram()
    changed = sum(histogram) - histogram[0]
    assert changed / (paper.width * paper.height) <= GOLDEN_TOLERANCE, f"{name}: {changed} pixels differ"


def test_paper_out_then_back_prints_exactly_once(
    make_kiosk: Callable[..., Kiosk], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """GIVEN a printer out of paper WHEN a ticket is taken THEN the citizen has the number, the slip
    waits; WHEN paper is back THEN it prints, once, however often the queue is retried."""
    with SimulatedPrinter(
        tmp_path_factory.mktemp("paper"), state="paper_out", fonts_dir=resources_dir() / "fonts"
    ) as printer:
        kiosk = make_kiosk(devices={"printer": printer.uri, "printer_retry_s": 3600})
        result = kiosk.issue_and_print_ticket("A", "vi")
        assert not result.printed and result.print_problem == "paper_out"
        assert kiosk.queue.ticket_count() == 1
        assert printer.jobs == [] and kiosk.printing.backlog() == {"pending": 1}

        printer.state = "offline"
        assert kiosk.printer_worker.call(kiosk.printing.print_pending) == 0
        assert kiosk.printing.backlog() == {"pending": 1}

        printer.state = "online"
        assert kiosk.printer_worker.call(kiosk.printing.print_pending) == 1
        assert printer.wait_for_jobs(1, timeout=20)
        for _ in range(3):
            assert kiosk.printer_worker.call(kiosk.printing.print_pending) == 0
        assert len(printer.jobs) == 1
        assert kiosk.printing.backlog() == {"printed": 1}
        assert qr_texts(printer.jobs[0].image) == {f"TICKET:{result.ticket.transaction_id}"}

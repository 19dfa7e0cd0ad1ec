"""Camera vision on 1280 x 720 frames, on one core: frames per second of the card-finding +
quality pipeline (what runs on every frame of a card photo), of QR decoding, of the selfie
checks and of MRZ reading, each beside OpenCV's bare frame read + grey conversion of the same
recording in the same run.

Runs as a child process (``python -m bench.camera --out FILE``) pinned to one CPU with OpenCV's
own threads off, so the figure is what one core gives. The recordings are drawn for the run
(``drivers.camera.scenes``: a card on a desk moving a little, a receipt with a QR code, a face,
a card's back with its MRZ), written as MJPEG videos and read back through ``cv2.VideoCapture``
exactly as a recorded camera source reads them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cv2

from bench.common import write_json
from drivers.camera import scenes
from drivers.camera.base import Frame
from drivers.vision.capture import DocumentAutoCapture, FaceAutoCapture
from drivers.vision.mrz import MrzReader
from drivers.vision.ocrb import GlyphSet
from drivers.vision.qr import QrScanner
from kiosk.paths import resources_dir

FRAME = (1280, 720)
FRAMES = 60
TARGET_FPS = 15.0


def _record(path: Path, pictures: list[Any]) -> None:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 15.0, FRAME)
    for picture in pictures:
        writer.write(picture)
    writer.release()


def _recordings(folder: Path) -> dict[str, Path]:
    resources = resources_dir()
    fonts = scenes.SceneFonts(
        text=resources / "fonts" / "NotoSans-Regular.ttf", bold=resources / "fonts" / "NotoSans-Bold.ttf"
    )
    face = scenes.synthetic_face(400)
    desk = scenes.desk(*FRAME)
    id1 = scenes.document_size(scenes.ID1_MM)
    front = scenes.id_card_front(
        face, fonts, rows=(("Name", "SPECIMEN"),), qr=scenes.qr_matrix("001090000123|||||")
    )
    back = scenes.id_card_back(
        [
            "I<UTOD231458907<<<<<<<<<<<<<<<",
            "7408122F1204159UTO<<<<<<<<<<<6",
            "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
        ],
        fonts,
    )
    slip = scenes.receipt(scenes.qr_matrix("000.00.74.H10-261123-0001"), ["RECEIPT"], fonts)
    made: dict[str, list[Any]] = {"card": [], "qr": [], "face": [], "mrz": []}
    for index in range(FRAMES):
        wobble = 6 * ((index % 10) - 5)
        card_at = scenes.tilted_quad(
            id1,
            frame=FRAME,
            centre=(640 + wobble, 370),
            width_px=760,
            yaw_deg=15,
            pitch_deg=-15,
            roll_deg=-5 + index % 3,
        )
        made["card"].append(scenes.sensor_noise(scenes.place(desk, front, card_at), 3, seed=index))
        slip_at = scenes.tilted_quad(
            (slip.shape[1], slip.shape[0]),
            frame=FRAME,
            centre=(640 + wobble, 360),
            width_px=470,
            yaw_deg=10,
            pitch_deg=-20,
            roll_deg=8,
        )
        made["qr"].append(scenes.sensor_noise(scenes.place(desk, slip, slip_at), 3, seed=index))
        made["face"].append(
            scenes.sensor_noise(scenes.selfie(face, centre=(640 + wobble, 340)), 3, seed=index)
        )
        back_at = scenes.tilted_quad(
            id1, frame=FRAME, centre=(640 + wobble, 365), width_px=820, yaw_deg=-10, pitch_deg=12, roll_deg=3
        )
        made["mrz"].append(scenes.sensor_noise(scenes.place(desk, back, back_at), 3, seed=index))
    paths = {}
    for name, pictures in made.items():
        paths[name] = folder / f"{name}.avi"
        _record(paths[name], pictures)
    return paths


def _fps(path: Path, work: Callable[[Frame], object] | None, repeats: int) -> tuple[float, int]:
    """Median frames per second over ``repeats`` passes reading ``path`` (and running ``work``)."""
    rates, successes = [], 0
    for _ in range(repeats):
        capture = cv2.VideoCapture(str(path), cv2.CAP_FFMPEG)
        count, started = 0, time.perf_counter()
        while True:
            ok, image = capture.read()
            if not ok:
                break
            if work is None:
                cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
            elif work(Frame(image, count, time.monotonic())):
                successes += 1
            count += 1
        rates.append(count / (time.perf_counter() - started))
        capture.release()
    return statistics.median(rates), successes // repeats


def run_camera(repeats: int = 3) -> dict[str, Any]:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    cv2.setNumThreads(1)
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-camera-") as folder:
        paths = _recordings(Path(folder))
        glyphs = GlyphSet.load(resources_dir() / "camera" / "ocrb-glyphs.png")
        reader, scanner = MrzReader(glyphs, tesseract=False), QrScanner()

        def card(frame: Frame) -> bool:
            capture = DocumentAutoCapture(steady_s=0)
            return capture.feed(frame).outline is not None

        faces = FaceAutoCapture(steady_s=0)

        def face(frame: Frame) -> bool:
            return faces.feed(frame).face is not None

        def mrz(frame: Frame) -> bool:
            reading = reader.read(frame.image)
            return reading is not None and reading.confirmed

        rows = []
        for name, label, work in (
            ("card", "card finding + quality checks", card),
            ("qr", "QR decoding", lambda frame: bool(scanner.scan(frame.image))),
            ("face", "face detection + selfie checks", face),
            ("mrz", "MRZ locate + read + check digits", mrz),
        ):
            bare, _ = _fps(paths[name], None, repeats)
            ours, found = _fps(paths[name], work, repeats)
            rows.append(
                {
                    "pipeline": label,
                    "key": name,
                    "fps": round(ours, 1),
                    "bare_fps": round(bare, 1),
                    "found": found,
                    "frames": FRAMES,
                    "ratio": round(ours / bare, 3),
                }
            )
    return {
        "frame": f"{FRAME[0]}x{FRAME[1]}",
        "cpus": 1,
        "repeats": repeats,
        "target_fps": TARGET_FPS,
        "rows": rows,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.camera")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    write_json(args.out, run_camera(args.repeats))
    return 0


if __name__ == "__main__":
    sys.exit(main())

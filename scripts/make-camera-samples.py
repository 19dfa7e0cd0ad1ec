#!/usr/bin/env python3
"""Draws the camera simulator's sample scenes and the OCR-B glyph atlas into resources/camera/.

    .venv/bin/python scripts/make-camera-samples.py [--out resources/camera]

Needs the OCR-B font of Debian's ``fonts-ocr-b`` (public domain) for the machine-readable
zones and the glyph atlas. Everything is drawn (drivers/camera/scenes.py): a made-up card
holder (the virtual CCCD fixture "an"), a drawn face, ICAO's own passport specimen MRZ.
The output is deterministic, so running it again changes nothing unless the drawing does.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import cv2  # noqa: E402

from drivers.camera import scenes  # noqa: E402
from drivers.vision.ocrb import draw_atlas  # noqa: E402

FRAME = (1280, 720)
JPEG_QUALITY = 90
PASSPORT_SPECIMEN = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
)
DOSSIER_CODE = "000.00.74.H10-261123-0001"


def cccd_qr_payload(card: dict[str, object]) -> str:
    """The layout of the QR on a CCCD's front: number|old number|name|ddmmyyyy|sex|address|ddmmyyyy."""
    born, issued = card["date_of_birth"], card["date_of_issue"]
    return "|".join(
        [
            str(card["citizen_number"]),
            str(card.get("old_id_number", "")),
            str(card["full_name"]),
            born.strftime("%d%m%Y"),  # type: ignore[attr-defined]
            "Nam" if card["sex"] == "M" else "Nữ",
            str(card["residence"]),
            issued.strftime("%d%m%Y"),  # type: ignore[attr-defined]
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "camera")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    fonts = scenes.SceneFonts(
        text=ROOT / "resources" / "fonts" / "NotoSans-Regular.ttf",
        bold=ROOT / "resources" / "fonts" / "NotoSans-Bold.ttf",
    )
    fonts.require_ocrb()
    card = tomllib.loads((ROOT / "resources" / "cards" / "vn" / "an.toml").read_text(encoding="utf-8"))
    face = scenes.synthetic_face(400)
    desk = scenes.desk(*FRAME)
    id1 = scenes.document_size(scenes.ID1_MM)

    front = scenes.id_card_front(
        face,
        fonts,
        title="CĂN CƯỚC CÔNG DÂN",
        rows=(
            ("Số / No.", str(card["citizen_number"])),
            ("Họ và tên / Full name", str(card["full_name"]).upper()),
            ("Ngày sinh / Date of birth", card["date_of_birth"].strftime("%d/%m/%Y")),
            ("Quốc tịch / Nationality", str(card["nationality"])),
        ),
        qr=scenes.qr_matrix(cccd_qr_payload(card)),
    )
    corners = scenes.tilted_quad(
        id1, frame=FRAME, centre=(640, 370), width_px=780, yaw_deg=16, pitch_deg=-18, roll_deg=-6
    )
    write(out / "card-front.jpg", scenes.place(desk, front, corners))

    back = scenes.id_card_back(
        list(card["mrz"]),
        fonts,
        rows=(
            ("Đặc điểm nhận dạng", str(card["identifying_marks"])),
            ("Ngày cấp", card["date_of_issue"].strftime("%d/%m/%Y")),
        ),
    )
    corners = scenes.tilted_quad(
        id1, frame=FRAME, centre=(640, 365), width_px=820, yaw_deg=-12, pitch_deg=14, roll_deg=4
    )
    write(out / "card-back.jpg", scenes.place(desk, back, corners))

    write(out / "selfie.jpg", scenes.selfie(face, frame=FRAME, face_width_px=340))

    slip = scenes.receipt(
        scenes.qr_matrix(DOSSIER_CODE),
        ["BIÊN NHẬN HỒ SƠ", "Mã hồ sơ:", DOSSIER_CODE, "Ngày hẹn trả: 30/11/2026"],
        fonts,
    )
    slip_size = (slip.shape[1], slip.shape[0])
    corners = scenes.tilted_quad(
        slip_size, frame=FRAME, centre=(640, 360), width_px=470, yaw_deg=10, pitch_deg=-25, roll_deg=12
    )
    write(out / "receipt-qr.jpg", scenes.place(desk, slip, corners))

    page = scenes.passport_page(list(PASSPORT_SPECIMEN), face, fonts)
    page_size = scenes.document_size(scenes.PASSPORT_PAGE_MM)
    corners = scenes.tilted_quad(
        page_size, frame=FRAME, centre=(640, 360), width_px=860, yaw_deg=8, pitch_deg=-8, roll_deg=-3
    )
    write(out / "passport.jpg", scenes.place(desk, page, corners))

    cv2.imwrite(str(out / "ocrb-glyphs.png"), draw_atlas(fonts.ocrb))
    print(f"camera samples written to {out}")
    return 0


def write(path: Path, image: object) -> None:
    if not cv2.imwrite(str(path), image, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY]):  # type: ignore[call-overload]
        raise OSError(f"cannot write {path}")


if __name__ == "__main__":
    sys.exit(main())

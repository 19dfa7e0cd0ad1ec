"""``kiosk camera snap|scan-qr|read-mrz``: the camera and its vision from the command line.

``--source`` is a device (``0``, ``/dev/video0``), a recording (video, image, folder, pattern)
or ``simulated[:SCENE]`` (the simulator's sample scenes); without it, the configured camera.
What is read (a QR payload, an MRZ) is printed on the technician's own terminal only, never
logged. Exit status 0 when the photo was taken / the code decoded / the MRZ confirmed by its
check digits, 1 when the time ran out (the last instruction or the unconfirmed reading is
said), 2 when the camera cannot be used.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.errors import KioskError

if TYPE_CHECKING:
    from drivers.camera.base import Camera, Frame
    from drivers.vision.capture import CaptureProgress
    from drivers.vision.mrz import MrzReading
    from drivers.vision.quality import Advice

FIRST_FRAMES_SKIPPED = 3
"""A device's first frames come before its exposure has settled."""


def open_camera(args: argparse.Namespace, *, default_scene: str) -> Camera:
    """The camera ``--source`` names (or the configured one), started; ``KioskError`` if it cannot be."""
    from drivers.camera.errors import CameraError
    from drivers.camera.opencv import OpenCvCamera, parse_source
    from drivers.camera.simulated import SCENES, SimulatedCamera
    from kiosk.camera import CAMERA_RESOURCES, camera_source_text
    from kiosk.paths import kiosk_home, resources_dir

    text: str | None = args.source
    if text is None:
        from kiosk.cli.common import effective_config

        text = camera_source_text(effective_config(args), kiosk_home())
        if text is None:
            raise KioskError('This kiosk has no camera (devices.camera = "none"); give --source.')
    camera: Camera
    if text == "simulated" or text.startswith("simulated:"):
        scene = text.partition(":")[2] or default_scene
        if scene not in SCENES:
            raise KioskError(f"Unknown simulated scene '{scene}' (known: {', '.join(SCENES)}).")
        camera = SimulatedCamera(resources_dir() / CAMERA_RESOURCES, scene=scene, approach=False)
    else:
        try:
            camera = OpenCvCamera(parse_source(text), loop=True)
        except ValueError as exc:
            raise KioskError(f"Camera source: {exc}.") from exc
    try:
        camera.start()
    except CameraError as exc:
        raise KioskError(f"Camera: {exc}.") from exc
    return camera


def _frames(camera: Camera, timeout_s: float) -> Any:
    """Frames until ``timeout_s`` has passed (``KioskError`` if the camera fails)."""
    from drivers.camera.base import wait_for_frame
    from drivers.camera.errors import CameraError
    from drivers.camera.opencv import OpenCvCamera
    from drivers.camera.simulated import SimulatedCamera

    deadline = time.monotonic() + timeout_s
    skip = (
        FIRST_FRAMES_SKIPPED
        if not isinstance(camera, SimulatedCamera)
        and isinstance(camera, OpenCvCamera)
        and not camera.source.recorded
        else 0
    )
    while time.monotonic() < deadline:
        try:
            frame = wait_for_frame(camera, timeout_s=max(0.5, deadline - time.monotonic()), skip=skip)
        except CameraError as exc:
            if time.monotonic() >= deadline:
                return
            raise KioskError(f"Camera: {exc}.") from exc
        skip = 0
        yield frame


def _emit(args: argparse.Namespace, data: dict[str, Any], text: str) -> None:
    if args.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    else:
        print(text)


def _write(path: Path, image: Any) -> None:
    import cv2

    path.parent.mkdir(parents=True, exist_ok=True)
    if not cv2.imwrite(str(path), image):
        raise KioskError(f"Cannot write {path} (use .jpg or .png).")


def cmd_snap(args: argparse.Namespace) -> int:
    from drivers.vision.capture import DocumentPhoto, FacePhoto, overlay_preview
    from drivers.vision.quality import Advice
    from kiosk.camera import Vision
    from kiosk.flows.photo_capture import ADVICE
    from kiosk.paths import resources_dir

    vision = Vision(resources_dir())
    purpose = "face" if args.face else "document" if args.document else None
    camera = open_camera(args, default_scene="selfie" if args.face else "card-front")
    try:
        if purpose is None:
            frame = next(iter(_frames(camera, args.timeout)), None)
            if frame is None:
                raise KioskError("The camera sent no picture in time.")
            if args.out is not None:
                _write(args.out, frame.image)
            _emit(
                args,
                {"captured": True, "width": frame.width, "height": frame.height, "out": _path(args.out)},
                f"picture {frame.width}x{frame.height}" + (f" written to {args.out}" if args.out else ""),
            )
            return 0
        capture = vision.face_capture() if purpose == "face" else vision.document_capture()
        feed: Callable[[Frame], CaptureProgress[Any]] = capture.feed
        last: Advice | None = None
        seen: list[str] = []
        frames = 0
        for frame in _frames(camera, args.timeout):
            frames += 1
            progress = feed(frame)
            if progress.advice != last:
                last = progress.advice
                seen.append(str(last))
                if not args.json:
                    print(ADVICE[last], flush=True)
            photo = progress.photo
            if photo is not None:
                if args.out is not None:
                    _write(args.out, photo.image)
                if args.preview is not None:
                    _write(args.preview, overlay_preview(frame.image, progress))
                data: dict[str, Any] = {
                    "captured": True,
                    "purpose": purpose,
                    "width": photo.image.shape[1],
                    "height": photo.image.shape[0],
                    "frames": frames,
                    "instructions": seen,
                    "out": _path(args.out),
                }
                if isinstance(photo, DocumentPhoto):
                    data["edge_width_px"] = round(photo.edge_width_px, 2)
                elif isinstance(photo, FacePhoto):
                    data["blur"] = round(photo.blur, 3)
                _emit(
                    args,
                    data,
                    f"photo taken ({photo.image.shape[1]}x{photo.image.shape[0]})"
                    + (f", written to {args.out}" if args.out else ""),
                )
                return 0
        if args.json:
            _emit(args, {"captured": False, "purpose": purpose, "frames": frames, "instructions": seen}, "")
        print(
            f"No photo within {args.timeout:g} s; the last instruction was: {ADVICE.get(last or Advice.SHOW_CARD)}.",
            file=sys.stderr,
        )
        return 1
    finally:
        camera.stop()


def cmd_scan_qr(args: argparse.Namespace) -> int:
    from drivers.vision.qr import QrPayloadError, parse_cccd_qr
    from kiosk.camera import Vision

    scanner = Vision.qr_scanner()
    camera = open_camera(args, default_scene="receipt-qr")
    try:
        for frame in _frames(camera, args.timeout):
            codes = scanner.scan(frame.image)
            if not codes:
                continue
            if args.out is not None:
                _write(args.out, frame.image)
            found = []
            for code in codes:
                entry: dict[str, Any] = {"payload": code.payload}
                try:
                    card = parse_cccd_qr(code.payload)
                except QrPayloadError:
                    pass
                else:
                    entry["cccd"] = {
                        "citizen_number": card.citizen_number,
                        "old_id_number": card.old_id_number,
                        "full_name": card.full_name,
                        "date_of_birth": card.date_of_birth.isoformat(),
                        "sex": card.sex,
                        "address": card.address,
                        "date_of_issue": card.date_of_issue.isoformat(),
                    }
                found.append(entry)
            _emit(args, {"codes": found}, "\n".join(entry["payload"] for entry in found))
            return 0
    finally:
        camera.stop()
    if args.json:
        _emit(args, {"codes": []}, "")
    print(f"No QR code could be read within {args.timeout:g} s.", file=sys.stderr)
    return 1


def cmd_read_mrz(args: argparse.Namespace) -> int:
    from drivers.vision.card import find_card, rectify
    from kiosk.camera import Vision
    from kiosk.paths import resources_dir

    reader = Vision(resources_dir()).mrz_reader()
    camera = open_camera(args, default_scene="card-back")
    best: MrzReading | None = None
    try:
        for frame in _frames(camera, args.timeout):
            outline = find_card(frame.image)
            attempts = [rectify(frame.image, outline.corners)] if outline is not None else []
            attempts.append(frame.image)  # a passport page, or a card the outline search missed
            for picture in attempts:
                reading = reader.read(picture)
                if reading is None:
                    continue
                if reading.confirmed:
                    if args.out is not None:
                        _write(args.out, picture)
                    _print_mrz(args, reading)
                    return 0
                best = best or reading
    finally:
        camera.stop()
    if best is not None:
        _print_mrz(args, best)
        print(
            f"The MRZ could not be confirmed within {args.timeout:g} s (check digit of {best.failed_field} wrong); type it instead.",
            file=sys.stderr,
        )
    else:
        if args.json:
            _emit(args, {"confirmed": False, "lines": []}, "")
        print(f"No MRZ found within {args.timeout:g} s.", file=sys.stderr)
    return 1


def _print_mrz(args: argparse.Namespace, reading: MrzReading) -> None:
    data: dict[str, Any] = {
        "confirmed": reading.confirmed,
        "format": reading.format,
        "lines": list(reading.lines),
        "corrected": reading.corrected,
        "engine": reading.engine,
    }
    if reading.mrz is not None:
        mrz = reading.mrz
        data.update(
            document_code=mrz.document_code,
            issuing_state=mrz.issuing_state,
            document_number=mrz.document_number,
            access_document_number=mrz.access_document_number,
            date_of_birth=mrz.date_of_birth,
            date_of_expiry=mrz.date_of_expiry,
            sex=mrz.sex,
            nationality=mrz.nationality,
            surname=mrz.surname,
            given_names=mrz.given_names,
        )
    else:
        data["failed_field"] = reading.failed_field
    status = (
        "confirmed by its check digits" if reading.confirmed else f"NOT confirmed ({reading.failed_field})"
    )
    _emit(args, data, "\n".join([*reading.lines, status]))


def _path(path: Path | None) -> str | None:
    return str(path) if path is not None else None


def add_camera_commands(commands: Any) -> None:
    camera = commands.add_parser("camera", help="the camera: photos, QR codes, the MRZ of ID documents")
    sub = camera.add_subparsers(dest="camera_command", required=True)
    for name, handler, text in (
        ("snap", cmd_snap, "a picture; --document / --face: the automatic capture of a card or a selfie"),
        ("scan-qr", cmd_scan_qr, "decode a QR code (receipt, appointment slip, CCCD front)"),
        ("read-mrz", cmd_read_mrz, "read the MRZ of an ID card or passport, confirmed by its check digits"),
    ):
        parser = sub.add_parser(name, help=text)
        parser.add_argument(
            "--source",
            default=None,
            help="0, /dev/video0, a video, an image, a folder of images, frames/%%03d.png, or simulated[:SCENE] "
            "(default: devices.camera)",
        )
        parser.add_argument(
            "--out", type=Path, default=None, help="write the picture (photo, decoded frame) here"
        )
        parser.add_argument("--timeout", type=float, default=15.0, help="seconds to keep trying")
        parser.add_argument("--json", action="store_true")
        parser.add_argument(
            "--config", type=Path, default=None, help="configuration file (for the default camera)"
        )
        parser.add_argument("--simulate", action="store_true", help="the configured camera as in --simulate")
        if name == "snap":
            kind = parser.add_mutually_exclusive_group()
            kind.add_argument(
                "--document",
                action="store_true",
                help="wait for a good, steady ID card; write it straightened",
            )
            kind.add_argument(
                "--face", action="store_true", help="wait for a good, steady face; write the portrait"
            )
            parser.add_argument(
                "--preview",
                type=Path,
                default=None,
                help="also write the frame with what was found drawn on it",
            )
        parser.set_defaults(handler=handler)

"""Recorded camera sources through OpenCV behave like a device: same thread, same events, same errors."""

from __future__ import annotations

import threading
from pathlib import Path

import cv2
import numpy as np
import pytest

from drivers.camera.base import CameraEvent, CameraStopped, Frame, FrameCaptured, wait_for_frame
from drivers.camera.errors import CameraLost, NoCamera
from drivers.camera.opencv import OpenCvCamera, parse_source
from drivers.vision.capture import LatestFrameWorker

SIZE = (320, 240)


def numbered(n: int) -> np.ndarray:
    """A picture that says which it is: its grey level is 10 x n."""
    return np.full((SIZE[1], SIZE[0], 3), 10 * n, np.uint8)


def number_of(frame: Frame) -> int:
    return round(float(frame.image[100:140, 140:180].mean()) / 10)


class Collector:
    """Listens to a camera: frames, the thread they came on, and the stop event."""

    def __init__(self, wanted: int) -> None:
        self.frames: list[Frame] = []
        self.threads: set[str] = set()
        self.stopped: list[str] = []
        self.enough = threading.Event()
        self.wanted = wanted

    def __call__(self, event: CameraEvent) -> None:
        self.threads.add(threading.current_thread().name)
        if isinstance(event, FrameCaptured):
            self.frames.append(event.frame)
            if len(self.frames) >= self.wanted:
                self.enough.set()
        elif isinstance(event, CameraStopped):
            self.stopped.append(event.reason)
            self.enough.set()


def run(camera: OpenCvCamera, wanted: int) -> Collector:
    collector = Collector(wanted)
    camera.subscribe(collector)
    camera.start()
    try:
        assert collector.enough.wait(30), "the camera delivered too little"
    finally:
        camera.stop()
    return collector


@pytest.fixture
def sequence(tmp_path: Path) -> Path:
    for n in range(6):
        cv2.imwrite(str(tmp_path / f"frame-{n:03d}.png"), numbered(n))
    return tmp_path


def test_a_numbered_image_sequence_plays_in_order_on_the_camera_thread(sequence: Path) -> None:
    """GIVEN frame-000.png .. frame-005.png WHEN played as a camera THEN the frames arrive in order,
    numbered from 0, read-only, on the camera's own thread, and then start over."""
    collected = run(OpenCvCamera(str(sequence / "frame-%03d.png"), fps=60), wanted=9)
    assert [number_of(f) for f in collected.frames[:9]] == [0, 1, 2, 3, 4, 5, 0, 1, 2]
    assert [f.number for f in collected.frames[:9]] == list(range(9))
    assert collected.threads == {"camera"}
    assert not collected.frames[0].image.flags.writeable
    assert (collected.frames[0].width, collected.frames[0].height) == SIZE


def test_a_folder_plays_its_images_in_name_order(sequence: Path) -> None:
    collected = run(OpenCvCamera(str(sequence), fps=60), wanted=6)
    assert [number_of(f) for f in collected.frames[:6]] == [0, 1, 2, 3, 4, 5]


def test_one_image_is_a_camera_looking_at_a_still_scene(sequence: Path) -> None:
    """GIVEN one image WHEN played THEN it keeps coming, as a camera pointed at a still scene would."""
    collected = run(OpenCvCamera(str(sequence / "frame-004.png"), fps=60), wanted=12)
    assert len(collected.frames) >= 12 and {number_of(f) for f in collected.frames} == {4}


def write_video(path: Path, count: int) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 15.0, SIZE)
    for n in range(count):
        writer.write(numbered(n))
    writer.release()
    return path


def test_a_video_that_ends_is_reported_as_a_lost_camera(tmp_path: Path) -> None:
    """GIVEN a video of 8 frames played without looping WHEN it runs out THEN every frame has come,
    then one CameraStopped("camera_lost"), exactly as when a camera is unplugged mid-session."""
    camera = OpenCvCamera(str(write_video(tmp_path / "clip.avi", 8)), fps=60, loop=False)
    collected = run(camera, wanted=1000)
    assert [number_of(f) for f in collected.frames] == list(range(8))
    assert collected.stopped == ["camera_lost"]
    assert not camera.running and "lost" in camera.describe()


def test_a_looping_video_starts_over(tmp_path: Path) -> None:
    collected = run(OpenCvCamera(str(write_video(tmp_path / "clip.avi", 5)), fps=60), wanted=8)
    assert [number_of(f) for f in collected.frames[:8]] == [0, 1, 2, 3, 4, 0, 1, 2]
    assert collected.stopped == []


@pytest.mark.parametrize(
    "source", ["7", "/dev/video9", "missing.mp4", "missing.png", "empty-folder", "not-a-video.avi"]
)
def test_a_source_that_cannot_be_opened_is_no_camera(
    tmp_path: Path, source: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN no camera at that index or node, a missing file, a folder without images, or a file
    that is not a video WHEN the camera starts THEN NoCamera is raised and no thread is left running."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty-folder").mkdir()
    (tmp_path / "not-a-video.avi").write_bytes(b"this is not a video")
    camera = OpenCvCamera(source)
    before = set(threading.enumerate())
    with pytest.raises(NoCamera) as raised:
        camera.start()
    assert raised.value.reason == "no_camera"
    assert not camera.running
    assert not [thread for thread in set(threading.enumerate()) - before if thread.name == "camera"]


def test_a_failing_listener_does_not_stop_the_camera(sequence: Path) -> None:
    """GIVEN a listener that raises WHEN frames arrive THEN the other listeners still get them."""

    def broken(event: CameraEvent) -> None:
        raise RuntimeError("a bug in some screen")

    camera = OpenCvCamera(str(sequence), fps=60)
    camera.subscribe(broken)
    collected = run(camera, wanted=10)
    assert len(collected.frames) >= 10


def test_stop_ends_the_thread_and_start_starts_again(sequence: Path) -> None:
    camera = OpenCvCamera(str(sequence), fps=30)
    camera.start()
    first = wait_for_frame(camera, timeout_s=10)
    thread = camera._thread
    camera.stop()
    assert not camera.running and thread is not None and not thread.is_alive()
    camera.stop()  # twice is fine
    camera.start()
    again = wait_for_frame(camera, timeout_s=10)
    camera.stop()
    assert first.number >= 0 and again.number >= 0 and camera.latest() is not None


def test_waiting_on_a_camera_that_stopped_raises_camera_lost(tmp_path: Path) -> None:
    camera = OpenCvCamera(str(write_video(tmp_path / "short.avi", 2)), fps=60, loop=False)
    camera.start()
    with pytest.raises(CameraLost):
        for _ in range(10):
            wait_for_frame(camera, timeout_s=5)
    camera.stop()


def test_slow_analysis_takes_the_newest_frame_and_drops_the_rest(sequence: Path) -> None:
    """GIVEN an analysis slower than the camera WHEN it runs beside it THEN it runs on the vision
    thread, never on a frame older than one it has already seen, and frames in between are dropped."""
    camera = OpenCvCamera(str(sequence), fps=60)
    seen: list[int] = []
    threads: set[str] = set()
    done = threading.Event()

    def analyse(frame: Frame) -> int:
        threading.Event().wait(0.1)  # slower than the 60 frames a second coming in
        return frame.number

    def on_result(frame: Frame, result: int) -> None:
        threads.add(threading.current_thread().name)
        seen.append(result)
        if len(seen) >= 5:
            done.set()

    worker = LatestFrameWorker(camera, analyse, on_result, lambda reason: None)
    camera.start()
    worker.start()
    try:
        assert done.wait(30)
    finally:
        worker.stop()
        camera.stop()
    assert threads == {"vision"}
    assert seen == sorted(seen) and len(set(seen)) == len(seen)
    assert worker.dropped > 0


def test_the_vision_thread_hears_when_the_camera_is_lost(tmp_path: Path) -> None:
    camera = OpenCvCamera(str(write_video(tmp_path / "clip.avi", 3)), fps=60, loop=False)
    reasons: list[str] = []
    stopped = threading.Event()
    worker = LatestFrameWorker(
        camera,
        lambda frame: None,
        lambda frame, result: None,
        lambda reason: (reasons.append(reason), stopped.set()),
    )
    camera.start()
    worker.start()
    try:
        assert stopped.wait(30)
    finally:
        worker.stop()
        camera.stop()
    assert reasons == ["camera_lost"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("0", "device"),
        ("/dev/video2", "device"),
        ("a/%03d.png", "images"),
        ("shots/*.jpg", "images"),
        ("still.JPG", "image"),
        ("clip.mp4", "video"),
    ],
)
def test_sources_are_told_apart(text: str, kind: str) -> None:
    assert parse_source(text).kind == kind


def test_an_empty_source_is_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        parse_source("  ")

"""TestPatternCamera, CameraSource and VideoFileSource, on the real adapter."""

from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import streamlib as sl
from streamlib.processors import CameraSource, TestPatternCamera, VideoFileSink, VideoFileSource
from streamlib.processors._pattern_renderer import pattern_text

from ._helpers import Capture, pipeline, rgb_at


def test_pattern_text_shows_clock_and_counter() -> None:
    assert pattern_text(1234, 3723.456) == ("T 1:02:03.456", "F #001234")
    assert pattern_text(7, 0.25) == ("T 00:00.250", "F #000007")


def test_test_pattern_draws_bars_text_and_times_frames_on_the_clock_grid(gpu: sl.GpuContext) -> None:
    capture = Capture()
    pipeline(gpu, TestPatternCamera(160, 120), capture, fps=20.0).run(frames=3)
    assert capture.pixels, "no frame reached the sink"
    first = capture.pixels[0]
    assert first.shape == (120, 160, 4) and (first[..., 3] == 255).all()
    number, timestamp, _ = capture.frames[0]
    assert timestamp == pytest.approx(number / 20.0)
    # Upper part: saturated colour bars, several distinct colours across a row.
    assert len({rgb_at(first, x, 60) for x in range(0, 160, 4)}) >= 5
    # Lower third: a grey ramp, darker on the left than on the right.
    assert rgb_at(first, 2, 110)[0] < rgb_at(first, 150, 110)[0]
    # Text box: white font pixels on a dark background in the top-left corner.
    box = first[2:20, 2:100, :3]
    assert (box == 255).all(axis=2).any() and (box.max(axis=2) < 100).any()


def test_test_pattern_defaults_to_the_runtime_size(gpu: sl.GpuContext) -> None:
    capture = Capture()
    pipeline(gpu, TestPatternCamera(), capture, size=(48, 32)).run(frames=1)
    assert capture.pixels[0].shape == (32, 48, 4)


def test_test_pattern_rejects_a_bad_size() -> None:
    with pytest.raises(sl.InvalidArgumentError, match="width must be a positive int"):
        TestPatternCamera(0, 10)


def test_camera_source_without_opencv_names_the_fix(gpu: sl.GpuContext, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "cv2", None)  # import cv2 -> ImportError, installed or not
    rt = pipeline(gpu, CameraSource(3), Capture())
    with pytest.raises(sl.PipelineError, match=r"CameraSource.*streamlib\[camera\].*TestPatternCamera"):
        rt.run(frames=1)


class _FakeCapture:
    """Stands in for cv2.VideoCapture: the real-camera path is tested without a camera."""

    def __init__(self, device: int | str) -> None:
        self.opened = device == 0
        self.released = False

    def isOpened(self) -> bool:
        return self.opened

    def set(self, prop: int, value: float) -> bool:
        return True

    def read(self) -> tuple[bool, Any]:
        bgr = np.zeros((24, 32, 3), np.uint8)
        bgr[..., 0] = 200  # blue in OpenCV's BGR order
        bgr[..., 2] = 10
        return True, bgr

    def release(self) -> None:
        self.released = True


def _fake_cv2(monkeypatch: pytest.MonkeyPatch) -> list[_FakeCapture]:
    made: list[_FakeCapture] = []

    def video_capture(device: int | str) -> _FakeCapture:
        made.append(_FakeCapture(device))
        return made[-1]

    module = types.ModuleType("cv2")
    module.VideoCapture = video_capture  # type: ignore[attr-defined]
    module.CAP_PROP_FRAME_WIDTH = 3  # type: ignore[attr-defined]
    module.CAP_PROP_FRAME_HEIGHT = 4  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "cv2", module)
    return made


def test_camera_source_uploads_bgr_pictures_as_rgba(gpu: sl.GpuContext, monkeypatch: pytest.MonkeyPatch) -> None:
    made = _fake_cv2(monkeypatch)
    capture = Capture()
    pipeline(gpu, CameraSource(0, width=32, height=24), capture).run(frames=2)
    assert capture.pixels and rgb_at(capture.pixels[0], 5, 5) == (10, 0, 200)
    assert made[0].released, "teardown must release the camera"


def test_camera_source_without_that_camera_names_the_device(
    gpu: sl.GpuContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = _fake_cv2(monkeypatch)
    rt = pipeline(gpu, CameraSource(5), Capture())
    with pytest.raises(sl.PipelineError, match=r"no camera at device 5.*TestPatternCamera"):
        rt.run(frames=1)
    assert made[0].released


def _write_video(gpu: sl.GpuContext, path: Path, frames: int, size: tuple[int, int]) -> None:
    pipeline(gpu, TestPatternCamera(), VideoFileSink(path), size=size).run(frames=frames)


def test_video_file_round_trip_with_odd_size_stops_at_the_end(gpu: sl.GpuContext, tmp_path: Path) -> None:
    path = tmp_path / "clip.mp4"
    _write_video(gpu, path, 4, (65, 37))
    capture = Capture()
    source = VideoFileSource(path)
    rt = pipeline(gpu, source, capture)
    rt.run(duration=20.0)  # ends by itself when the file does
    assert source.finished
    assert 1 <= len(capture.pixels) <= 4
    assert capture.pixels[0].shape == (38, 66, 4)  # padded to even by the sink
    assert "source_time" in capture.frames[0][2]


def test_video_file_source_loops(gpu: sl.GpuContext, tmp_path: Path) -> None:
    path = tmp_path / "clip.mp4"
    _write_video(gpu, path, 2, (32, 32))
    capture = Capture()
    source = VideoFileSource(path, loop=True)
    pipeline(gpu, source, capture, fps=60.0).run(frames=6)
    assert not source.finished
    times = [float(meta["source_time"]) for _, _, meta in capture.frames]
    assert len(capture.frames) >= 3 and times != sorted(times), "looping goes back to the start"


def test_video_file_source_missing_or_corrupt_file(gpu: sl.GpuContext, tmp_path: Path) -> None:
    with pytest.raises(sl.PipelineError, match=r"VideoFileSource.*nothere\.mp4.*does not exist"):
        pipeline(gpu, VideoFileSource(tmp_path / "nothere.mp4"), Capture()).run(frames=1)
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"this is not a video" * 100)
    with pytest.raises(sl.PipelineError, match=r"VideoFileSource.*junk\.mp4"):
        pipeline(gpu, VideoFileSource(junk), Capture()).run(frames=1)

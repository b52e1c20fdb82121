"""VideoFileSink, PngSequenceSink, NullSink and DisplaySink, on the real adapter."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import numpy.typing as npt
import pytest

import streamlib as sl
from streamlib.processors import DisplaySink, NullSink, PngSequenceSink, TestPatternCamera, VideoFileSink

from ._helpers import FormatSource, pipeline


def test_video_file_sink_writes_h264_mp4(gpu: sl.GpuContext, tmp_path: Path) -> None:
    path = tmp_path / "deep" / "out.mp4"  # parent folders are created
    sink = VideoFileSink(path)
    pipeline(gpu, TestPatternCamera(), sink, size=(64, 48)).run(frames=5)
    assert sink.frames == 5  # lockstep (fps=0): every frame reaches the sink
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        frames = list(container.decode(stream))
    assert len(frames) == sink.frames
    assert (frames[0].width, frames[0].height) == (64, 48)
    assert frames[0].format.name == "yuv420p"


def _not_a_directory(tmp_path: Path) -> Path:
    """A path under a regular file: unwritable even for root, unlike chmod."""
    blocker = tmp_path / "file"
    blocker.write_text("in the way")
    return blocker / "sub"


def test_video_file_sink_unwritable_path_fails_at_setup(gpu: sl.GpuContext, tmp_path: Path) -> None:
    target = _not_a_directory(tmp_path) / "out.mp4"
    with pytest.raises(sl.PipelineError, match=r"VideoFileSink.*cannot write.*out\.mp4"):
        pipeline(gpu, TestPatternCamera(), VideoFileSink(target)).run(frames=1)


def test_video_file_sink_rejects_a_format_it_cannot_encode(gpu: sl.GpuContext, tmp_path: Path) -> None:
    rt = pipeline(gpu, FormatSource("rgba32float"), VideoFileSink(tmp_path / "x.mp4"))
    with pytest.raises(sl.PipelineError, match=r"VideoFileSink.*rgba32float.*convert"):
        rt.run(frames=2)


class GradientSource(sl.Processor):
    """Frames whose every pixel is known: red along x, green along y, blue the frame number, alpha 255."""

    video_out = sl.StreamOutput(sl.VideoFrame)

    @staticmethod
    def pixels(width: int, height: int, number: int) -> npt.NDArray[np.uint8]:
        y, x = np.mgrid[0:height, 0:width]
        out = np.empty((height, width, 4), np.uint8)
        out[..., 0], out[..., 1], out[..., 2], out[..., 3] = x * 5, y * 7, number * 40, 255
        return out

    def process(self, tick: sl.Tick) -> None:
        rt = self.runtime
        texture = self.gpu.texture_pool.acquire(rt.width, rt.height, label="gradient")
        self.gpu.write_texture(texture, self.pixels(rt.width, rt.height, tick.frame_number))
        self.video_out.write(sl.VideoFrame.from_texture(texture, frame_number=tick.frame_number))


def decode_png(path: Path) -> npt.NDArray[np.uint8]:
    with av.open(str(path)) as container:
        frame = next(container.decode(video=0))
        pixels = np.asarray(frame.to_ndarray(format="rgba"), dtype=np.uint8)
    return pixels


def test_png_sequence_sink_writes_numbered_pngs_with_the_frames_pixels(gpu: sl.GpuContext, tmp_path: Path) -> None:
    sink = PngSequenceSink(tmp_path / "pngs")
    pipeline(gpu, GradientSource(), sink, size=(40, 30)).run(frames=3)
    assert [p.name for p in sink.written] == [f"frame_{i:06d}.png" for i in range(3)]
    assert sorted(p.name for p in (tmp_path / "pngs").iterdir()) == [p.name for p in sink.written]
    for number, path in enumerate(sink.written):
        np.testing.assert_array_equal(decode_png(path), GradientSource.pixels(40, 30, number))


def test_png_sequence_sink_unwritable_directory_fails_at_setup(gpu: sl.GpuContext, tmp_path: Path) -> None:
    with pytest.raises(sl.PipelineError, match=r"PngSequenceSink cannot write PNG files into"):
        pipeline(gpu, TestPatternCamera(), PngSequenceSink(_not_a_directory(tmp_path))).run(frames=1)


def _full_disk(path: Path) -> Path:
    """``path`` made a link to /dev/full: it opens fine, and every write fails with ENOSPC (disk full)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to("/dev/full")
    return path


def test_video_file_sink_failing_in_teardown_fails_the_run(gpu: sl.GpuContext, tmp_path: Path) -> None:
    # Two frames stay in the encoder until teardown flushes it: that is where the write fails.
    target = _full_disk(tmp_path / "full.mp4")
    rt = pipeline(gpu, TestPatternCamera(), VideoFileSink(target), policy=sl.ErrorPolicy.CONTINUE)
    with pytest.raises(sl.PipelineError, match=r"'VideoFileSink' failed in teardown.*failed writing.*full\.mp4"):
        rt.run(frames=2)


def test_video_file_sink_write_failure_stops_the_run_under_continue(gpu: sl.GpuContext, tmp_path: Path) -> None:
    target = _full_disk(tmp_path / "full.mp4")
    rt = pipeline(gpu, TestPatternCamera(), VideoFileSink(target), size=(32, 32), policy=sl.ErrorPolicy.CONTINUE)
    with pytest.raises(sl.PipelineError, match=r"VideoFileSink.*failed writing.*full\.mp4.*No space") as info:
        rt.run(frames=5000)
    assert isinstance(info.value.__cause__, sl.PipelineError)
    assert rt.stats()["TestPatternCamera"].frames_out < 5000, "the first failed write stopped the pipeline"


def test_video_file_sink_unopenable_file_fails_at_setup(gpu: sl.GpuContext) -> None:
    # FFmpeg would open it only at the first packet; the sink opens it in setup to fail there.
    with pytest.raises(sl.PipelineError, match=r"VideoFileSink.*failed in setup.*cannot write '/proc/nope\.mp4'"):
        pipeline(gpu, TestPatternCamera(), VideoFileSink("/proc/nope.mp4")).run(frames=1)


def test_png_sequence_sink_write_failure_stops_the_run_under_continue(gpu: sl.GpuContext, tmp_path: Path) -> None:
    sink = PngSequenceSink(tmp_path / "pngs")
    _full_disk(tmp_path / "pngs" / "frame_000002.png")
    rt = pipeline(gpu, GradientSource(), sink, size=(8, 8), policy=sl.ErrorPolicy.CONTINUE)
    with pytest.raises(sl.PipelineError, match=r"PngSequenceSink failed writing .*frame_000002\.png.*No space"):
        rt.run(frames=1000)
    assert [p.name for p in sink.written] == ["frame_000000.png", "frame_000001.png"]
    assert rt.stats()["GradientSource"].frames_out < 1000, "the failed write stopped the pipeline"


def test_null_sink_counts(gpu: sl.GpuContext) -> None:
    sink = NullSink()
    pipeline(gpu, TestPatternCamera(), sink, fps=60.0).run(frames=4)
    assert sink.frames == 4 and sink.last_frame_number == 3  # lockstep: no frame dropped


def test_display_sink_without_a_display_says_how_to_get_one(
    gpu: sl.GpuContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    with pytest.raises(sl.PipelineError, match=r"DisplaySink cannot open a window.*xvfb-run"):
        pipeline(gpu, TestPatternCamera(), DisplaySink()).run(frames=1)


def test_display_sink_shows_frames_under_xvfb(gpu: sl.GpuContext, xvfb_display: str) -> None:
    import wgpu  # only here: the window's adapter is wgpu's default one, not the test context's

    window_backend = wgpu.gpu.request_adapter_sync(power_preference="high-performance").info["backend_type"]
    if window_backend == "OpenGL":
        pytest.skip(
            "wgpu-native's OpenGL backend cannot present to a window (DisplaySink refuses it in setup; "
            "test_display_gl.py checks that); showing frames needs a Vulkan adapter"
        )
    sink = DisplaySink(title="streamlib test")
    pipeline(gpu, TestPatternCamera(), sink, size=(64, 48), fps=20.0).run(frames=3)
    assert sink.frames >= 1 and not sink.closed

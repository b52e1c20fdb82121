"""A context closed or a device lost under a running pipeline, and a setup that fails half-way.

docs/architecture.md, "Threading model": under any error policy, a closed context or a lost
device stops the pipeline with one clear error (not a traceback per frame); after
``gpu.close()`` frames and their borrows raise; a processor whose setup raises has what it
created released at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

import pytest

import streamlib as sl


class Source(sl.Processor):
    """Pooled frames of the runtime's size."""

    video_out = sl.StreamOutput(sl.VideoFrame)

    def process(self, tick: sl.Tick) -> None:
        texture = self.gpu.texture_pool.acquire(self.runtime.width, self.runtime.height, label="source")
        self.video_out.write(sl.VideoFrame.from_texture(texture, frame_number=tick.frame_number))


class Sink(sl.Processor):
    """Counts frames."""

    video_in = sl.StreamInput(sl.VideoFrame)
    count = 0

    def process(self, tick: sl.Tick) -> None:
        if self.video_in.read_latest() is not None:
            self.count += 1


class Breaker(sl.Processor):
    """Passes frames through; at frame ``at`` it calls ``action(gpu)`` (close the context, lose the device)."""

    video_in = sl.StreamInput(sl.VideoFrame)
    video_out = sl.StreamOutput(sl.VideoFrame)

    def __init__(self, at: int, action: Callable[[sl.GpuContext], None]) -> None:
        self.at = at
        self.action = action
        self.calls = 0

    def process(self, tick: sl.Tick) -> None:
        frame = self.video_in.read_latest()
        if frame is None:
            return
        self.calls += 1
        if self.calls == self.at:
            self.action(self.gpu)
        self.gpu.read_texture(frame.data)  # a GPU call: fails once the context or device is gone
        self.video_out.write(frame.clone())


@pytest.fixture
def own_gpu() -> Iterator[sl.GpuContext]:
    """A context of this test's own: these tests close it or lose its device."""
    gpu = sl.GpuContext.create(label="gone")
    yield gpu
    gpu.close()


def lose_device(gpu: sl.GpuContext) -> None:
    gpu.raw_device.destroy()


@pytest.mark.parametrize("policy", [sl.ErrorPolicy.CONTINUE, sl.ErrorPolicy.STOP])
@pytest.mark.parametrize(
    ("action", "error"),
    [(sl.GpuContext.close, sl.ResourceReleasedError), (lose_device, sl.DeviceLostError)],
    ids=["closed", "lost"],
)
def test_a_gone_context_stops_the_pipeline_with_one_error(
    own_gpu: sl.GpuContext,
    policy: sl.ErrorPolicy,
    action: Callable[[sl.GpuContext], None],
    error: type[Exception],
    caplog: pytest.LogCaptureFixture,
) -> None:
    rt = sl.StreamRuntime(fps=0, width=16, height=16, gpu=own_gpu, error_policy=policy, close_gpu=False)
    source, breaker, sink = rt.add(Source()), rt.add(Breaker(3, action)), rt.add(Sink())
    rt.connect(source.video_out, breaker.video_in)
    rt.connect(breaker.video_out, sink.video_in)
    with caplog.at_level(logging.ERROR, logger="streamlib.runtime"), pytest.raises(sl.PipelineError) as info:
        rt.run(frames=200)
    assert isinstance(info.value.__cause__, error)
    assert sink.count < 200  # it stopped, rather than going on to the frame count
    raised = [r for r in caplog.records if "raised in process" in r.getMessage()]
    assert len(raised) == 1, [r.getMessage() for r in raised]  # one error, not one per frame


def test_after_close_a_frame_and_its_borrows_raise(own_gpu: sl.GpuContext) -> None:
    frame = sl.VideoFrame.from_texture(own_gpu.create_texture(8, 8, label="kept"))
    data = frame.data
    own_gpu.close()
    with pytest.raises(sl.ResourceReleasedError, match=r"VideoFrame #0 cannot be used: its texture .*close"):
        _ = frame.data
    with pytest.raises(sl.ResourceReleasedError):
        frame.clone()
    with pytest.raises(sl.BorrowExpiredError):
        _ = data.raw
    frame.release()  # still fine: dropping the reference is always allowed
    assert frame.released


class HalfSetUp(sl.Processor):
    """Creates resources in setup, then fails."""

    video_in = sl.StreamInput(sl.VideoFrame)

    def setup(self, gpu: sl.GpuContext) -> None:
        self.buffer = gpu.create_buffer(64, sl.BufferUsage.UNIFORM | sl.BufferUsage.COPY_DST, label="half-buffer")
        self.texture = gpu.texture_pool.acquire(8, 8, label="half-texture")
        raise RuntimeError("setup failed half-way")

    def process(self, tick: sl.Tick) -> None:
        raise AssertionError("never called")


def test_a_failed_setup_releases_what_it_created(own_gpu: sl.GpuContext) -> None:
    rt = sl.StreamRuntime(fps=0, width=16, height=16, gpu=own_gpu, close_gpu=False)
    source, half = rt.add(Source()), rt.add(HalfSetUp())
    rt.connect(source.video_out, half.video_in)
    with pytest.raises(sl.PipelineError, match=r"'HalfSetUp' failed in setup"):
        rt.run(frames=5)
    assert not own_gpu.closed  # the user's context stays open...
    labels = [r.label for r in sl.live_resources() if r.context == "gone"]
    assert "half-buffer" not in labels and "half-texture" not in labels  # ...and holds nothing of it
    assert half.buffer.released and half.texture.released

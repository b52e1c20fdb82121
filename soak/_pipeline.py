"""The flagship-like soak workload: TestPatternCamera -> bouncing-ball compute -> NullSink."""

from __future__ import annotations

from typing import Any

import streamlib as sl
from streamlib.processors import NullSink, TestPatternCamera

from ._workloads import BallKernel


class BallOverlay(sl.Processor):
    """Draws the ball over each frame into a pooled texture: the flagship's per-frame work."""

    video_in = sl.StreamInput(sl.VideoFrame)
    video_out = sl.StreamOutput(sl.VideoFrame)

    def setup(self, gpu: sl.GpuContext) -> None:
        self.kernel = BallKernel(gpu)

    def process(self, tick: sl.Tick) -> None:
        frame = self.video_in.read_latest()
        if frame is None:
            return
        out = self.gpu.texture_pool.acquire(frame.width, frame.height, label="soak-ball-out")
        try:
            self.kernel.draw(frame.data, out, frame.frame_number)
        except BaseException:
            out.release()
            raise
        self.video_out.write(frame.clone_with_texture(out))

    def teardown(self) -> None:
        self.kernel.release()


class PipelineLoop:
    """The pipeline, unpaced (fps=0, lockstep: no frame dropped), run ``count`` frames at a time.

    Each ``run`` call is a whole StreamRuntime.run (setup, frames, teardown, every frame
    released), so the samples between calls see the pipeline's steady state.
    """

    def __init__(self, gpu: sl.GpuContext, width: int, height: int) -> None:
        self.gpu = gpu
        self.runtime = rt = sl.StreamRuntime(fps=0, width=width, height=height, gpu=gpu)
        camera = rt.add(TestPatternCamera())
        ball = rt.add(BallOverlay())
        sink = rt.add(NullSink())
        rt.connect(camera.video_out, ball.video_in)
        rt.connect(ball.video_out, sink.video_in)

    @property
    def pool(self) -> sl.TexturePool:
        return self.gpu.texture_pool

    def run(self, first: int, count: int) -> None:
        self.runtime.run(frames=count)
        stats = self.runtime.stats()
        if stats["NullSink"].frames_in < first + count:
            raise AssertionError(f"frames were lost in the pipeline: {stats}")

    def close(self) -> None:
        """Nothing to release: each run tore its processors down."""


class UpstreamLoop:
    """TestPatternCamera -> the ported, never-releasing ball (``_upstream_ball``) -> NullSink.

    Wired as ported code wires it (``add_stream`` of the class, ports reached through the
    class) and run unpaced like PipelineLoop: what the ball drops each frame (an output
    texture, a bind group) is reclaimed by the finalizers, so RSS and live counts stay flat.
    """

    def __init__(self, gpu: sl.GpuContext, width: int, height: int) -> None:
        from ._upstream_ball import UpstreamBall as _UpstreamBall

        # Untyped on purpose (mypy sees a plain class; @processor made it a Processor).
        UpstreamBall: Any = _UpstreamBall
        self.gpu = gpu
        self.runtime = rt = sl.StreamRuntime(fps=0, width=width, height=height, gpu=gpu)
        camera = rt.add(TestPatternCamera())
        rt.add_stream(UpstreamBall)
        sink = rt.add(NullSink())
        rt.connect(camera.video_out, UpstreamBall.input_ports().video)
        rt.connect(UpstreamBall.output_ports().video, sink.video_in)

    @property
    def pool(self) -> sl.TexturePool:
        return self.gpu.texture_pool

    def run(self, first: int, count: int) -> None:
        self.runtime.run(frames=count)
        stats = self.runtime.stats()
        if stats["NullSink"].frames_in < first + count:
            raise AssertionError(f"frames were lost in the pipeline: {stats}")

    def close(self) -> None:
        """Nothing to release: each run tore its processors down (the ball's teardown drops what it held)."""

"""A whole pipeline (synthetic source -> bouncing ball -> NullSink) on StreamRuntime, against a raw-wgpu loop.

Both do the same GPU work per frame: one ball dispatch from an input texture into
an output texture. The source makes no pixels of its own (it hands out pooled
textures), so what the comparison shows is the runtime's cost: threads, ports,
frames, pools. The runtime runs unpaced (``fps=0``, lockstep), as fast as it can.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import wgpu

import streamlib as sl

from ._frame_step import _LAYOUT_ENTRIES, BALL_WGSL, ball_uniforms
from ._harness import Block

__all__ = ["ball_serial_block", "chain_blocks", "pipeline_blocks", "serial_block"]


class _Source(sl.Processor):
    """Hands out one pooled texture per tick, as a camera would (its pixels are whatever they were)."""

    video_out = sl.StreamOutput(sl.VideoFrame)

    def __init__(self, width: int, height: int) -> None:
        super().__init__()
        self.width, self.height = width, height

    def process(self, tick: sl.Tick) -> None:
        texture = self.gpu.texture_pool.acquire(self.width, self.height, label="source")
        self.video_out.write(
            sl.VideoFrame.from_texture(texture, frame_number=tick.frame_number, timestamp=tick.timestamp)
        )


class _Ball(sl.Processor):
    """Draws the bouncing ball over each frame into a pooled output texture."""

    video_in = sl.StreamInput(sl.VideoFrame)
    video_out = sl.StreamOutput(sl.VideoFrame)

    def setup(self, gpu: sl.GpuContext) -> None:
        self.module = gpu.create_shader_module(BALL_WGSL, label="ball")
        self.layout = gpu.create_bind_group_layout(_LAYOUT_ENTRIES, label="ball")
        self.pipeline_layout = gpu.create_pipeline_layout([self.layout], label="ball")
        self.pipeline = gpu.create_compute_pipeline(layout=self.pipeline_layout, module=self.module, label="ball")
        self.uniform = gpu.create_buffer(16, sl.BufferUsage.UNIFORM | sl.BufferUsage.COPY_DST, label="ball")
        self.uniforms: list[bytes] = []

    def process(self, tick: sl.Tick) -> None:
        frame = self.video_in.read_latest()
        if frame is None:
            return
        gpu = self.gpu
        if not self.uniforms:
            self.uniforms = ball_uniforms(frame.width, frame.height)
        out = gpu.texture_pool.acquire(frame.width, frame.height, label="ball")
        gpu.write_buffer(self.uniform, 0, self.uniforms[tick.frame_number & 63])
        bind_group = gpu.create_bind_group(
            layout=self.layout,
            entries=[
                {"binding": 0, "resource": frame.data.create_view()},
                {"binding": 1, "resource": out.create_view()},
                {"binding": 2, "resource": {"buffer": self.uniform, "offset": 0, "size": 16}},
            ],
        )
        encoder = gpu.create_command_encoder()
        compute = encoder.begin_compute_pass()
        compute.set_pipeline(self.pipeline)
        compute.set_bind_group(0, bind_group)
        compute.dispatch_workgroups((frame.width + 7) // 8, (frame.height + 7) // 8, 1)
        compute.end()
        gpu.submit([encoder.finish()])
        bind_group.release()
        self.video_out.write(frame.clone_with_texture(out))

    def teardown(self) -> None:
        for r in (self.uniform, self.pipeline, self.pipeline_layout, self.layout, self.module):
            r.release()


def _sink() -> tuple[sl.Processor, Any]:
    """The built-in NullSink (or, without the built-ins, an equivalent), and its input port."""
    try:
        from streamlib.processors import NullSink
    except ImportError:
        own = _Sink()
        return own, own.video_in
    sink = NullSink()
    return sink, sink.video_in


class _Sink(sl.Processor):
    video_in = sl.StreamInput(sl.VideoFrame)

    def process(self, tick: sl.Tick) -> None:
        self.video_in.read_latest()


def pipeline_blocks(gpu: sl.GpuContext, width: int, height: int) -> tuple[Block, Block, dict[str, Any]]:
    """(streamlib, raw) block runners over n frames each, and what the pipeline side reported."""
    info: dict[str, Any] = {}

    def pipeline(n: int) -> float:
        rt = sl.StreamRuntime(fps=0, width=width, height=height, gpu=gpu)
        source = rt.add(_Source(width, height))
        ball = rt.add(_Ball())
        sink, sink_in = _sink()
        rt.add(sink)
        rt.connect(source.video_out, ball.video_in)
        rt.connect(ball.video_out, sink_in)
        t0 = time.perf_counter()
        rt.run(frames=n)
        gpu.raw_device._poll(True)
        elapsed = time.perf_counter() - t0
        stats = rt.stats()
        info["sink_frames"] = stats[sink.name].frames_in
        info["dropped"] = sum(s.dropped for s in stats.values())
        info["sink"] = type(sink).__name__
        return elapsed

    device = gpu.raw_device
    queue = device.queue
    module = device.create_shader_module(code=BALL_WGSL)
    layout = device.create_bind_group_layout(entries=_LAYOUT_ENTRIES)
    compute_pipeline = device.create_compute_pipeline(
        layout=device.create_pipeline_layout(bind_group_layouts=[layout]),
        compute={"module": module, "entry_point": "main"},
    )
    uniform = device.create_buffer(size=16, usage=wgpu.BufferUsage.UNIFORM | wgpu.BufferUsage.COPY_DST)
    usage = (
        wgpu.TextureUsage.TEXTURE_BINDING
        | wgpu.TextureUsage.COPY_SRC
        | wgpu.TextureUsage.COPY_DST
        | wgpu.TextureUsage.STORAGE_BINDING
    )
    # Like the pipeline's pools: a few textures in flight, reused.
    ins = [device.create_texture(size=(width, height, 1), format="rgba8unorm", usage=usage) for _ in range(3)]
    outs = [device.create_texture(size=(width, height, 1), format="rgba8unorm", usage=usage) for _ in range(3)]
    uniforms = ball_uniforms(width, height)
    groups = ((width + 7) // 8, (height + 7) // 8)

    def raw(n: int) -> float:
        t0 = time.perf_counter()
        for i in range(n):
            queue.write_buffer(uniform, 0, uniforms[i & 63])
            bind_group = device.create_bind_group(
                layout=layout,
                entries=[
                    {"binding": 0, "resource": ins[i % 3].create_view()},
                    {"binding": 1, "resource": outs[i % 3].create_view()},
                    {"binding": 2, "resource": {"buffer": uniform, "offset": 0, "size": 16}},
                ],
            )
            encoder = device.create_command_encoder()
            compute = encoder.begin_compute_pass()
            compute.set_pipeline(compute_pipeline)
            compute.set_bind_group(0, bind_group)
            compute.dispatch_workgroups(groups[0], groups[1], 1)
            compute.end()
            queue.submit([encoder.finish()])
        device._poll(True)
        return time.perf_counter() - t0

    return pipeline, raw, info


class _Pass(sl.Processor):
    """A pass-through stage: the newest frame in, a reference to it out (no GPU work)."""

    video_in = sl.StreamInput(sl.VideoFrame)
    video_out = sl.StreamOutput(sl.VideoFrame)

    def process(self, tick: sl.Tick) -> None:
        frame = self.video_in.read_latest()
        if frame is not None:
            self.video_out.write(frame.clone())


class _ThreadedPass(_Pass):
    """A pass-through stage on a thread of its own: each hop to it is a thread hand-off (an Event wake)."""

    own_thread = True


def _chain(rt: sl.StreamRuntime, stages: int, width: int, height: int, *, threaded: bool = False) -> list[sl.Processor]:
    """source -> ``stages`` pass-through stages -> sink, added to ``rt`` and connected (upstream first)."""
    source = rt.add(_Source(width, height))
    procs: list[sl.Processor] = [source]
    out = source.video_out
    for _ in range(stages):
        stage = rt.add(_ThreadedPass() if threaded else _Pass())
        rt.connect(out, stage.video_in)
        out = stage.video_out
        procs.append(stage)
    sink = rt.add(_Sink())
    rt.connect(out, sink.video_in)
    procs.append(sink)
    return procs


def serial_block(gpu: sl.GpuContext, procs: list[sl.Processor]) -> tuple[Block, Callable[[], None]]:
    """The calls one ``run()`` of a pipeline of ``procs`` (connected, upstream first) makes, made in one loop.

    Each block sets every processor up, makes the ``process()`` calls (what each call lent is
    released after it, as the runtime does; nothing else happens between calls) and tears
    them down, as the pipeline side's ``run()`` does inside its timing: a processor's own
    setup (the ball's shader compile, ~2.5 ms on llvmpipe) is then paid by both sides, and
    the ratio shows what the runtime adds (its threads, its bookkeeping), not what setup costs.
    ``procs`` must be wired by a runtime that never runs (only connect). Returns the block
    and what releases any frame left in a port (call it once, after the timing).
    """
    for p in procs:
        p._gpu = gpu
    inputs = [[p.input_ports()[name] for name in p.input_ports()] for p in procs]
    steps = list(zip(procs, inputs, strict=True))

    def serial(n: int) -> float:
        t0 = time.perf_counter()
        for p in procs:
            p.setup(gpu)
        for i in range(n):
            tick = sl.Tick(i, 0.0, 0.0)
            for p, ports in steps:
                p.process(tick)
                for port in ports:
                    port._end_call()
        for p in reversed(procs):
            p.teardown()
        gpu.raw_device._poll(True)
        return time.perf_counter() - t0

    def teardown() -> None:
        for ports in inputs:
            for port in ports:
                port._clear()

    return serial, teardown


def chain_blocks(
    gpu: sl.GpuContext, stages: int, width: int, height: int, *, latency: bool = True, threaded: bool = False
) -> tuple[Block, Block, Callable[[], None]]:
    """(pipeline, serial, teardown) for source -> ``stages`` pass-through stages -> sink, unpaced.

    ``latency``: the runtime measures latency (its default); ``threaded``: every stage on a thread of its own.
    """

    def pipeline(n: int) -> float:
        rt = sl.StreamRuntime(fps=0, width=width, height=height, gpu=gpu, latency=latency)
        _chain(rt, stages, width, height, threaded=threaded)
        t0 = time.perf_counter()
        rt.run(frames=n)
        gpu.raw_device._poll(True)
        return time.perf_counter() - t0

    wiring = sl.StreamRuntime(fps=0, width=width, height=height, gpu=gpu)  # connects; never runs
    serial, teardown = serial_block(gpu, _chain(wiring, stages, width, height))
    return pipeline, serial, teardown


def ball_serial_block(gpu: sl.GpuContext, width: int, height: int) -> tuple[Block, Callable[[], None]]:
    """source -> ball -> sink's ``process()`` calls made serially (``pipeline_blocks``' pipeline, without the runtime)."""
    wiring = sl.StreamRuntime(fps=0, width=width, height=height, gpu=gpu)
    source = wiring.add(_Source(width, height))
    ball = wiring.add(_Ball())
    sink = wiring.add(_Sink())
    wiring.connect(source.video_out, ball.video_in)
    wiring.connect(ball.video_out, sink.video_in)
    return serial_block(gpu, [source, ball, sink])

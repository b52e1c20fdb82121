"""Small synthetic processors for the runtime tests: a pooled source, a GPU inverter, a counting sink."""

from __future__ import annotations

import threading

import numpy as np

import streamlib as sl

INVERT_WGSL = """
@group(0) @binding(0) var src: texture_2d<f32>;
@group(0) @binding(1) var dst: texture_storage_2d<rgba8unorm, write>;

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
    let size = textureDimensions(src);
    if (id.x >= size.x || id.y >= size.y) { return; }
    let c = textureLoad(src, vec2<i32>(id.xy), 0);
    textureStore(dst, vec2<i32>(id.xy), vec4<f32>(1.0 - c.rgb, 1.0));
}
"""


class Source(sl.Processor):
    """Writes pooled frames of the runtime's size whose pixels all hold ``frame_number % 256``."""

    video_out = sl.StreamOutput(sl.VideoFrame)

    def __init__(self, *, fill: bool = True) -> None:
        self.fill = fill
        self.ticks: list[sl.Tick] = []

    def process(self, tick: sl.Tick) -> None:
        self.ticks.append(tick)
        rt = self.runtime
        texture = self.gpu.texture_pool.acquire(rt.width, rt.height, label="source")
        if self.fill:
            self.gpu.write_texture(texture, np.full((rt.height, rt.width, 4), tick.frame_number % 256, np.uint8))
        self.video_out.write(sl.VideoFrame.from_texture(texture, frame_number=tick.frame_number))


class InvertShader:
    """Mixin for processors: the invert shader with its layouts and pipeline, owned by the processor.

    ``build_invert`` in setup, ``invert`` per frame (returns an owned pooled texture: the caller
    moves it on), ``release_invert`` in teardown.
    """

    def build_invert(self, gpu: sl.GpuContext, label: str) -> None:
        self.module = gpu.create_shader_module(INVERT_WGSL, label=label)
        self.layout = gpu.create_bind_group_layout(
            entries=[
                {"binding": 0, "visibility": sl.ShaderStage.COMPUTE, "texture": {"sample_type": "float"}},
                {
                    "binding": 1,
                    "visibility": sl.ShaderStage.COMPUTE,
                    "storage_texture": {"access": "write-only", "format": "rgba8unorm"},
                },
            ],
            label=label,
        )
        self.pipeline_layout = gpu.create_pipeline_layout([self.layout], label=label)
        self.pipeline = gpu.create_compute_pipeline(layout=self.pipeline_layout, module=self.module, label=label)

    def invert(self, gpu: sl.GpuContext, frame: sl.VideoFrame) -> sl.OwnedTexture:
        out = gpu.texture_pool.acquire(frame.width, frame.height, label=self.pipeline.label)
        with gpu.create_bind_group(
            layout=self.layout,
            entries=[
                {"binding": 0, "resource": frame.data.create_view()},
                {"binding": 1, "resource": out.create_view()},
            ],
        ) as bind_group:
            encoder = gpu.create_command_encoder()
            compute = encoder.begin_compute_pass()
            compute.set_pipeline(self.pipeline)
            compute.set_bind_group(0, bind_group)
            compute.dispatch_workgroups((frame.width + 7) // 8, (frame.height + 7) // 8)
            compute.end()
            gpu.submit([encoder.finish()])
        return out

    def release_invert(self) -> None:
        for resource in (self.pipeline, self.pipeline_layout, self.layout, self.module):
            resource.release()


class Invert(InvertShader, sl.Processor):
    """A GPU processor: inverts rgb into a pooled texture with a compute shader."""

    video_in = sl.StreamInput(sl.VideoFrame)
    video_out = sl.StreamOutput(sl.VideoFrame)

    def setup(self, gpu: sl.GpuContext) -> None:
        self.build_invert(gpu, "inverted")

    def process(self, tick: sl.Tick) -> None:
        frame = self.video_in.read_latest()
        if frame is None:
            return
        self.video_out.write(frame.clone_with_texture(self.invert(self.gpu, frame)))

    def teardown(self) -> None:
        self.release_invert()


class Pass(sl.Processor):
    """A pass-through stage: the newest frame in, a reference to it out (no GPU work)."""

    video_in = sl.StreamInput(sl.VideoFrame)
    video_out = sl.StreamOutput(sl.VideoFrame)

    def process(self, tick: sl.Tick) -> None:
        frame = self.video_in.read_latest()
        if frame is not None:
            self.video_out.write(frame.clone())


class Sink(sl.Processor):
    """Counts frames; reads back the pixels of every ``check_every``-th; records the pool's misses."""

    video_in = sl.StreamInput(sl.VideoFrame)

    def __init__(self, *, check_every: int = 0, every: bool = False) -> None:
        self.check_every = check_every
        self.every = every
        self.count = 0
        self.numbers: list[int] = []
        self.pixels: dict[int, int] = {}
        self.misses: list[int] = []
        self.set_up = 0
        self.torn_down = 0

    def setup(self, gpu: sl.GpuContext) -> None:
        self.set_up += 1

    def process(self, tick: sl.Tick) -> None:
        while True:
            frame = self.video_in.read() if self.every else self.video_in.read_latest()
            if frame is None:
                return
            self.count += 1
            self.numbers.append(frame.frame_number)
            if self.check_every and self.count % self.check_every == 0:
                self.pixels[frame.frame_number] = int(self.gpu.read_texture(frame.data)[0, 0, 0])
            self.misses.append(self.gpu.texture_pool.stats().misses)
            if not self.every:
                return

    def teardown(self) -> None:
        self.torn_down += 1


class Failing(sl.Processor):
    """Passes frames through, raising on every ``every``-th call."""

    video_in = sl.StreamInput(sl.VideoFrame)
    video_out = sl.StreamOutput(sl.VideoFrame)

    def __init__(self, every: int) -> None:
        self.every = every
        self.calls = 0

    def process(self, tick: sl.Tick) -> None:
        self.calls += 1
        frame = self.video_in.read_latest()
        if self.calls % self.every == 0:
            raise RuntimeError(f"boom at call {self.calls}")
        if frame is not None:
            self.video_out.write(frame.clone())


class Keeper(sl.Processor):
    """Keeps (clones) the first frame it sees until teardown: an explicit owned reference."""

    video_in = sl.StreamInput(sl.VideoFrame)

    def __init__(self) -> None:
        self.kept: sl.VideoFrame | None = None
        self.alive_at_teardown = False

    def process(self, tick: sl.Tick) -> None:
        frame = self.video_in.read_latest()
        if frame is not None and self.kept is None:
            self.kept = frame.clone()

    def teardown(self) -> None:
        if self.kept is not None:
            self.alive_at_teardown = not self.kept.released and not self.kept.data.expired
            self.kept.release()


class Stopper(sl.Processor):
    """A sink that stops its runtime after ``after`` frames."""

    video_in = sl.StreamInput(sl.VideoFrame)

    def __init__(self, after: int) -> None:
        self.after = after
        self.count = 0
        self.lock = threading.Lock()

    def process(self, tick: sl.Tick) -> None:
        if self.video_in.read_latest() is not None:
            self.count += 1
            if self.count == self.after:
                self.runtime.stop()

"""What a soak runs, one frame per call: the core API loop, and a streamlib pipeline."""

from __future__ import annotations

import struct
from typing import Protocol

import streamlib as sl

# The bouncing-ball step in miniature: read the frame, draw a disc from a 16-byte uniform.
BALL_WGSL = """
struct Ball { x: f32, y: f32, radius: f32, pad: f32 }
@group(0) @binding(0) var src: texture_2d<f32>;
@group(0) @binding(1) var dst: texture_storage_2d<rgba8unorm, write>;
@group(0) @binding(2) var<uniform> ball: Ball;

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
    let size = textureDimensions(src);
    if (id.x >= size.x || id.y >= size.y) { return; }
    let c = textureLoad(src, vec2<i32>(id.xy), 0);
    let d = distance(vec2<f32>(id.xy), vec2<f32>(ball.x, ball.y));
    let k = 1.0 - smoothstep(ball.radius - 1.5, ball.radius + 1.5, d);
    textureStore(dst, vec2<i32>(id.xy), vec4<f32>(mix(c.rgb, vec3<f32>(1.0, 0.27, 0.0), k), 1.0));
}
"""


class BallKernel:
    """The ball shader with its layout, pipeline and uniform: owned here, released by ``release()``."""

    def __init__(self, gpu: sl.GpuContext) -> None:
        self.gpu = gpu
        self.module = gpu.create_shader_module(BALL_WGSL, label="soak-ball")
        self.layout = gpu.create_bind_group_layout(
            entries=[
                {"binding": 0, "visibility": sl.ShaderStage.COMPUTE, "texture": {"sample_type": "float"}},
                {
                    "binding": 1,
                    "visibility": sl.ShaderStage.COMPUTE,
                    "storage_texture": {"access": "write-only", "format": "rgba8unorm"},
                },
                {"binding": 2, "visibility": sl.ShaderStage.COMPUTE, "buffer": {"type": "uniform"}},
            ],
            label="soak-ball",
        )
        self.pipeline_layout = gpu.create_pipeline_layout([self.layout], label="soak-ball")
        self.pipeline = gpu.create_compute_pipeline(layout=self.pipeline_layout, module=self.module, label="soak-ball")
        self.uniform = gpu.create_buffer(16, sl.BufferUsage.UNIFORM | sl.BufferUsage.COPY_DST, label="soak-ball")

    def draw(self, src: sl.Texture, dst: sl.Texture, frame_number: int) -> None:
        """One frame: uniform write, bind group over two inline views, encoder, pass, dispatch, submit."""
        gpu = self.gpu
        w, h = dst.width, dst.height
        x = (frame_number * 3) % w
        gpu.write_buffer(self.uniform, 0, struct.pack("4f", x, h / 2, min(w, h) / 8, 0.0))
        with gpu.create_bind_group(
            layout=self.layout,
            entries=[
                {"binding": 0, "resource": src.create_view()},
                {"binding": 1, "resource": dst.create_view()},
                {"binding": 2, "resource": self.uniform.borrow()},
            ],
            label="soak-ball",
        ) as group:
            encoder = gpu.create_command_encoder(label="soak")
            compute = encoder.begin_compute_pass()
            compute.set_pipeline(self.pipeline)
            compute.set_bind_group(0, group)
            compute.dispatch_workgroups((w + 7) // 8, (h + 7) // 8)
            compute.end()
            gpu.submit([encoder.finish()])

    def release(self) -> None:
        for owned in (self.uniform, self.pipeline, self.pipeline_layout, self.layout, self.module):
            owned.release()


class Workload(Protocol):
    """One soak workload: ``run`` runs ``count`` frames; ``close`` releases everything it made.

    Between two ``run`` calls every per-frame resource has been released, so samples taken there
    see the steady state exactly.
    """

    @property
    def pool(self) -> sl.TexturePool | None: ...

    def run(self, first: int, count: int) -> None: ...
    def close(self) -> None: ...


class CoreLoop:
    """Per frame, the whole core API: a pooled texture (odd frames: an owned one) moved into a
    VideoFrame, a borrow and its view, an owned output texture and view, a uniform write, a bind
    group, encoder, pass, dispatch, submit, and every release. Nothing per frame outlives the frame.
    """

    def __init__(self, gpu: sl.GpuContext, width: int, height: int) -> None:
        self.gpu = gpu
        self.width, self.height = width, height
        self.pool: sl.TexturePool | None = gpu.texture_pool
        self.kernel = BallKernel(gpu)

    def run(self, first: int, count: int) -> None:
        for n in range(first, first + count):
            self.step(n)

    def step(self, frame_number: int) -> None:
        gpu, w, h = self.gpu, self.width, self.height
        if self.pool is not None and frame_number % 2 == 0:
            src = self.pool.acquire(w, h, label="soak-src")
        else:
            src = gpu.create_texture(w, h, label="soak-src")
        with sl.VideoFrame.from_texture(src, frame_number=frame_number) as frame:
            borrowed = frame.data
            with gpu.create_texture(w, h, label="soak-dst") as dst:
                self.kernel.draw(borrowed, dst, frame_number)

    def close(self) -> None:
        self.kernel.release()

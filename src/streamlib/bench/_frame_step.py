"""The bouncing-ball frame step, written twice: on raw wgpu and on streamlib.

One step: write the ball's uniform, create a bind group over two texture views
(the input frame and the output) and the uniform, encode one compute pass with
one dispatch, submit. Both sides do exactly that; streamlib's input texture is
borrowed from a VideoFrame and its per-frame bind group is released each frame.
A block of steps ends by waiting for the GPU, inside the timing, so the shader's
own work counts the same on both sides.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from typing import Any

import numpy as np
import wgpu

import streamlib as sl

from ._harness import TimedBlock

__all__ = ["BALL_WGSL", "FrameStep", "ball_uniforms"]

BALL_WGSL = """
struct Ball { center: vec2<f32>, radius: f32, pad: f32 };
@group(0) @binding(0) var src: texture_2d<f32>;
@group(0) @binding(1) var dst: texture_storage_2d<rgba8unorm, write>;
@group(0) @binding(2) var<uniform> ball: Ball;

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
    let size = textureDimensions(src);
    if (id.x >= size.x || id.y >= size.y) { return; }
    var c = textureLoad(src, vec2<i32>(id.xy), 0);
    if (distance(vec2<f32>(id.xy), ball.center) < ball.radius) {
        c = vec4<f32>(1.0, 0.8, 0.1, 1.0);
    }
    textureStore(dst, vec2<i32>(id.xy), c);
}
"""

_LAYOUT_ENTRIES: list[dict[str, Any]] = [
    {"binding": 0, "visibility": wgpu.ShaderStage.COMPUTE, "texture": {"sample_type": "float"}},
    {
        "binding": 1,
        "visibility": wgpu.ShaderStage.COMPUTE,
        "storage_texture": {"access": "write-only", "format": "rgba8unorm"},
    },
    {"binding": 2, "visibility": wgpu.ShaderStage.COMPUTE, "buffer": {"type": "uniform"}},
]


def ball_uniforms(width: int, height: int, count: int = 64) -> list[bytes]:
    """``count`` successive ball positions bouncing inside a width x height frame, packed for the shader."""
    radius = max(2.0, min(width, height) / 8)
    x, y, vx, vy = radius, radius, width / 37, height / 53
    out = []
    for _ in range(count):
        out.append(struct.pack("4f", x, y, radius, 0.0))
        x, y = x + vx, y + vy
        if not radius <= x <= width - radius:
            vx = -vx
        if not radius <= y <= height - radius:
            vy = -vy
    return out


_USAGE = (
    wgpu.TextureUsage.TEXTURE_BINDING
    | wgpu.TextureUsage.COPY_SRC
    | wgpu.TextureUsage.COPY_DST
    | wgpu.TextureUsage.STORAGE_BINDING
)


def _pattern(width: int, height: int) -> np.ndarray[Any, np.dtype[np.uint8]]:
    y, x = np.mgrid[0:height, 0:width]
    pixels = np.empty((height, width, 4), dtype=np.uint8)
    pixels[..., 0] = x % 256
    pixels[..., 1] = y % 256
    pixels[..., 2] = (x + y) % 256
    pixels[..., 3] = 255
    return pixels


class FrameStep:
    """Both sides of the frame step at one size, sharing one GpuContext (one adapter, one device)."""

    def __init__(self, gpu: sl.GpuContext, width: int, height: int) -> None:
        self.gpu = gpu
        self.width, self.height = width, height
        self.groups = ((width + 7) // 8, (height + 7) // 8)
        self.uniforms = ball_uniforms(width, height)
        self.device: wgpu.GPUDevice = gpu.raw_device
        self.queue = self.device.queue
        pixels = _pattern(width, height)

        # streamlib side: every object is a streamlib handle.
        self.module = gpu.create_shader_module(BALL_WGSL, label="ball")
        self.layout = gpu.create_bind_group_layout(_LAYOUT_ENTRIES, label="ball")
        self.pipeline_layout = gpu.create_pipeline_layout([self.layout], label="ball")
        self.pipeline = gpu.create_compute_pipeline(layout=self.pipeline_layout, module=self.module, label="ball")
        self.uniform = gpu.create_buffer(16, sl.BufferUsage.UNIFORM | sl.BufferUsage.COPY_DST, label="ball")
        camera = gpu.create_texture(width, height, label="camera")
        gpu.write_texture(camera, pixels)
        self.frame = sl.VideoFrame.from_texture(camera, frame_number=1)  # takes ownership of `camera`
        self.out = gpu.create_texture(width, height, label="out")

        # raw side: the same objects made directly on the wgpu device.
        d = self.device
        module = d.create_shader_module(code=BALL_WGSL, label="raw ball")
        self.raw_layout = d.create_bind_group_layout(entries=_LAYOUT_ENTRIES, label="raw ball")
        self.raw_pipeline = d.create_compute_pipeline(
            layout=d.create_pipeline_layout(bind_group_layouts=[self.raw_layout]),
            compute={"module": module, "entry_point": "main"},
            label="raw ball",
        )
        self.raw_uniform = d.create_buffer(size=16, usage=wgpu.BufferUsage.UNIFORM | wgpu.BufferUsage.COPY_DST)
        usage = (
            wgpu.TextureUsage.TEXTURE_BINDING
            | wgpu.TextureUsage.COPY_SRC
            | wgpu.TextureUsage.COPY_DST
            | wgpu.TextureUsage.STORAGE_BINDING
        )
        self.raw_in = d.create_texture(size=(width, height, 1), format="rgba8unorm", usage=usage, label="raw camera")
        self.queue.write_texture(
            {"texture": self.raw_in, "origin": (0, 0, 0), "mip_level": 0},
            pixels.data,
            {"offset": 0, "bytes_per_row": width * 4, "rows_per_image": height},
            (width, height, 1),
        )
        self.raw_out = d.create_texture(size=(width, height, 1), format="rgba8unorm", usage=usage, label="raw out")
        self._filter: Any = None  # the ComputeFilter of filter_step, made on first use

    def wait(self) -> None:
        """Block until the GPU finished everything submitted so far."""
        self.device._poll(True)

    def raw_step(self) -> Callable[[], None]:
        """One raw-wgpu frame step per call (objects are dropped by reference count, as wgpu-py does)."""
        d, q = self.device, self.queue
        layout, pipeline, uniform = self.raw_layout, self.raw_pipeline, self.raw_uniform
        src, dst = self.raw_in, self.raw_out
        gx, gy = self.groups
        uniforms = self.uniforms
        counter = [0]

        def step() -> None:
            i = counter[0] = counter[0] + 1
            q.write_buffer(uniform, 0, uniforms[i & 63])
            bind_group = d.create_bind_group(
                layout=layout,
                entries=[
                    {"binding": 0, "resource": src.create_view()},
                    {"binding": 1, "resource": dst.create_view()},
                    {"binding": 2, "resource": {"buffer": uniform, "offset": 0, "size": 16}},
                ],
            )
            encoder = d.create_command_encoder()
            compute = encoder.begin_compute_pass()
            compute.set_pipeline(pipeline)
            compute.set_bind_group(0, bind_group)
            compute.dispatch_workgroups(gx, gy, 1)
            compute.end()
            q.submit([encoder.finish()])

        return step

    def streamlib_step(self) -> Callable[[], None]:
        """One streamlib frame step per call: input borrowed from the frame, bind group released each frame."""
        gpu = self.gpu
        layout, pipeline, uniform = self.layout, self.pipeline, self.uniform
        frame, out = self.frame, self.out
        gx, gy = self.groups
        uniforms = self.uniforms
        counter = [0]

        def step() -> None:
            i = counter[0] = counter[0] + 1
            gpu.write_buffer(uniform, 0, uniforms[i & 63])
            bind_group = gpu.create_bind_group(
                layout=layout,
                entries=[
                    {"binding": 0, "resource": frame.data.create_view()},
                    {"binding": 1, "resource": out.create_view()},
                    {"binding": 2, "resource": {"buffer": uniform, "offset": 0, "size": 16}},
                ],
            )
            encoder = gpu.create_command_encoder()
            compute = encoder.begin_compute_pass()
            compute.set_pipeline(pipeline)
            compute.set_bind_group(0, bind_group)
            compute.dispatch_workgroups(gx, gy, 1)
            compute.end()
            gpu.submit([encoder.finish()])
            bind_group.release()

        return step

    def fresh_raw_step(self, *, destroy: bool = True) -> Callable[[], None]:
        """Raw wgpu, a new output texture every frame with a bind group over it (as ported code does).

        The texture is destroyed at the end of the step, as streamlib's release does (R2);
        ``destroy=False`` drops it by reference count instead, as raw code that releases
        nothing does.
        """
        d, q = self.device, self.queue
        layout, pipeline, uniform, src = self.raw_layout, self.raw_pipeline, self.raw_uniform, self.raw_in
        w, h = self.width, self.height
        gx, gy = self.groups
        uniforms = self.uniforms
        counter = [0]

        def step() -> None:
            i = counter[0] = counter[0] + 1
            q.write_buffer(uniform, 0, uniforms[i & 63])
            dst = d.create_texture(size=(w, h, 1), format="rgba8unorm", usage=_USAGE)
            bind_group = d.create_bind_group(
                layout=layout,
                entries=[
                    {"binding": 0, "resource": src.create_view()},
                    {"binding": 1, "resource": dst.create_view()},
                    {"binding": 2, "resource": {"buffer": uniform, "offset": 0, "size": 16}},
                ],
            )
            encoder = d.create_command_encoder()
            compute = encoder.begin_compute_pass()
            compute.set_pipeline(pipeline)
            compute.set_bind_group(0, bind_group)
            compute.dispatch_workgroups(gx, gy, 1)
            compute.end()
            q.submit([encoder.finish()])
            if destroy:
                dst.destroy()

        return step

    def fresh_streamlib_step(self) -> Callable[[], None]:
        """streamlib, the same calls as ``fresh_raw_step``: a step the bind group cache cannot help."""
        gpu = self.gpu
        layout, pipeline, uniform, frame = self.layout, self.pipeline, self.uniform, self.frame
        w, h = self.width, self.height
        gx, gy = self.groups
        uniforms = self.uniforms
        counter = [0]

        def step() -> None:
            i = counter[0] = counter[0] + 1
            gpu.write_buffer(uniform, 0, uniforms[i & 63])
            dst = gpu.create_texture(w, h)
            bind_group = gpu.create_bind_group(
                layout=layout,
                entries=[
                    {"binding": 0, "resource": frame.data.create_view()},
                    {"binding": 1, "resource": dst.create_view()},
                    {"binding": 2, "resource": {"buffer": uniform, "offset": 0, "size": 16}},
                ],
            )
            encoder = gpu.create_command_encoder()
            compute = encoder.begin_compute_pass()
            compute.set_pipeline(pipeline)
            compute.set_bind_group(0, bind_group)
            compute.dispatch_workgroups(gx, gy, 1)
            compute.end()
            gpu.submit([encoder.finish()])
            bind_group.release()
            dst.release()

        return step

    def filter_step(self) -> Callable[[], None]:
        """The flagship's step through the idiomatic API: a ComputeFilter over the ball shader.

        Each call writes the ball's uniform, draws into a texture from the context's pool and
        releases the frame it made (as the sink does), so the texture goes back to the pool.
        Its default views and bind group come from the context's caches.
        """
        from streamlib.processors import ComputeFilter

        uniforms = self.uniforms
        counter = [0]

        class Ball(ComputeFilter):
            def uniforms(self, tick: sl.Tick, frame: sl.VideoFrame) -> bytes:
                i = counter[0] = counter[0] + 1
                return uniforms[i & 63]

        if self._filter is None:
            self._filter = Ball(BALL_WGSL, name="ball", uniform_size=16)
            self._filter._gpu = self.gpu  # what StreamRuntime does before setup
            self._filter.setup(self.gpu)
        ball, frame = self._filter, self.frame
        tick = sl.Tick(0, 0.0, 0.0)

        def step() -> None:
            ball.apply(tick, frame).release()

        return step

    def blocks(self) -> tuple[TimedBlock, TimedBlock]:
        """(streamlib, raw) block runners; each block ends waiting for the GPU."""
        from ._harness import time_block

        return time_block(self.streamlib_step(), self.wait), time_block(self.raw_step(), self.wait)

    def check_same_output(self) -> bool:
        """Run one step on each side and compare the output textures' pixels."""
        self.streamlib_step()()
        self.raw_step()()
        self.wait()
        mine = self.gpu.read_texture(self.out)
        theirs = np.frombuffer(
            bytes(
                self.queue.read_texture(
                    {"texture": self.raw_out, "origin": (0, 0, 0), "mip_level": 0},
                    {"offset": 0, "bytes_per_row": self.width * 4, "rows_per_image": self.height},
                    (self.width, self.height, 1),
                )
            ),
            dtype=np.uint8,
        ).reshape(self.height, self.width, 4)
        return bool(np.array_equal(mine, theirs))

    def close(self) -> None:
        """Release the streamlib side's resources (the raw side's go with their references)."""
        if self._filter is not None:
            self._filter.teardown()
        self.frame.release()
        for r in (self.out, self.uniform, self.pipeline, self.pipeline_layout, self.layout, self.module):
            r.release()
        self.raw_in.destroy()
        self.raw_out.destroy()
        self.raw_uniform.destroy()

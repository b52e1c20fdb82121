"""Real GPU work through the ownership API, checked against numpy."""

from __future__ import annotations

import numpy as np
import pytest

import streamlib as sl

from ._kinds import BUFFER_USAGE, DOUBLE_WGSL, STORAGE_ENTRY

INVERT_WGSL = """
@group(0) @binding(0) var src: texture_2d<f32>;
@group(0) @binding(1) var dst: texture_storage_2d<rgba8unorm, write>;

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
    let size = textureDimensions(src);
    if (id.x >= size.x || id.y >= size.y) { return; }
    let c = textureLoad(src, vec2<i32>(id.xy), 0);
    textureStore(dst, vec2<i32>(id.xy), vec4<f32>(1.0 - c.rgb, c.a));
}
"""


def test_storage_buffer_doubles(gpu: sl.GpuContext) -> None:
    values = np.arange(1000, dtype=np.uint32) * 7 + 3
    with (
        gpu.create_buffer(values.nbytes, BUFFER_USAGE, label="data") as buf,
        gpu.create_shader_module(DOUBLE_WGSL, label="double") as module,
        gpu.create_bind_group_layout([STORAGE_ENTRY]) as layout,
        gpu.create_pipeline_layout([layout]) as pipeline_layout,
        gpu.create_compute_pipeline(layout=pipeline_layout, module=module) as pipeline,
        gpu.create_bind_group(layout=layout, entries=[{"binding": 0, "resource": buf}]) as bind_group,
    ):
        gpu.write_buffer(buf, 0, values.tobytes())
        for _ in range(2):
            encoder = gpu.create_command_encoder()
            compute_pass = encoder.begin_compute_pass()
            compute_pass.set_pipeline(pipeline)
            compute_pass.set_bind_group(0, bind_group)
            compute_pass.dispatch_workgroups((values.size + 63) // 64)
            compute_pass.end()
            gpu.submit([encoder.finish()])
        result = np.frombuffer(gpu.read_buffer(buf), dtype=np.uint32)
    np.testing.assert_array_equal(result, values * 4)


def test_texture_compute_through_a_borrowed_frame(gpu: sl.GpuContext) -> None:
    width, height = 21, 11
    rng = np.random.default_rng(1)
    pixels = rng.integers(0, 256, size=(height, width, 4), dtype=np.uint8)
    tex = gpu.create_texture(width, height, label="camera")
    gpu.write_texture(tex, pixels)
    with (
        sl.VideoFrame.from_texture(tex) as frame,
        gpu.create_texture(width, height, label="inverted") as out,
        gpu.create_shader_module(INVERT_WGSL) as module,
        gpu.create_compute_pipeline(layout="auto", module=module) as pipeline,
        gpu.create_bind_group_layout(
            [
                {"binding": 0, "visibility": sl.ShaderStage.COMPUTE, "texture": {"sample_type": "float"}},
                {
                    "binding": 1,
                    "visibility": sl.ShaderStage.COMPUTE,
                    "storage_texture": {"access": "write-only", "format": "rgba8unorm"},
                },
            ]
        ) as layout,
        gpu.create_pipeline_layout([layout]) as pipeline_layout,
        gpu.create_compute_pipeline(layout=pipeline_layout, module=module) as explicit,
    ):
        del pipeline  # layout="auto" compiles too; the explicit layout is what the bind group matches
        with gpu.create_bind_group(
            layout=layout,
            entries=[
                {"binding": 0, "resource": frame.data.create_view()},
                {"binding": 1, "resource": out.create_view()},
            ],
        ) as bind_group:
            encoder = gpu.create_command_encoder()
            compute_pass = encoder.begin_compute_pass()
            compute_pass.set_pipeline(explicit)
            compute_pass.set_bind_group(0, bind_group)
            compute_pass.dispatch_workgroups((width + 7) // 8, (height + 7) // 8)
            compute_pass.end()
            gpu.submit([encoder.finish()])
        result = gpu.read_texture(out)
        unchanged = gpu.read_texture(frame.data)
    expected = pixels.copy()
    expected[..., :3] = 255 - pixels[..., :3]
    np.testing.assert_allclose(result.astype(int), expected.astype(int), atol=1)
    np.testing.assert_array_equal(unchanged, pixels)


FORMATS: dict[str, tuple[int, type[np.generic]]] = {
    "rgba8unorm": (4, np.uint8),
    "rgba8uint": (4, np.uint8),
    "r8unorm": (1, np.uint8),
    "rgba16sint": (4, np.int16),
    "r32sint": (1, np.int32),
    "r32uint": (1, np.uint32),
    "r32float": (1, np.float32),
    "rgba32float": (4, np.float32),
}


def _random(shape: tuple[int, ...], dtype: type[np.generic]) -> np.ndarray:
    rng = np.random.default_rng(sum(shape))
    if np.issubdtype(dtype, np.floating):
        return rng.standard_normal(shape).astype(dtype) * 1000
    info = np.iinfo(dtype)  # type: ignore[type-var]
    return rng.integers(info.min, info.max, size=shape, dtype=dtype, endpoint=True)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("width", [1, 13, 64, 67])
def test_write_read_texture_round_trip(gpu: sl.GpuContext, fmt: str, width: int) -> None:
    channels, dtype = FORMATS[fmt]
    height = 5
    shape = (height, width) if channels == 1 else (height, width, channels)
    data = _random(shape, dtype)
    with gpu.create_texture(width, height, format=fmt, label=fmt) as tex:
        gpu.write_texture(tex, data)
        back = gpu.read_texture(tex)
    assert back.dtype == np.dtype(dtype)
    assert back.shape == shape
    np.testing.assert_array_equal(back, data)


def test_buffer_round_trip_with_offsets(gpu: sl.GpuContext) -> None:
    with gpu.create_buffer(64, BUFFER_USAGE) as buf:
        gpu.write_buffer(buf, 0, bytes(range(64)))
        gpu.write_buffer(buf.borrow(), 16, b"\xff" * 8)
        assert gpu.read_buffer(buf) == bytes(range(16)) + b"\xff" * 8 + bytes(range(24, 64))
        assert gpu.read_buffer(buf, 4, 8) == bytes(range(4, 12))

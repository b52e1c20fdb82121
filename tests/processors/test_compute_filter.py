"""ComputeFilter on the real adapter: results against numpy, the hooks, errors, and release at stop."""

from __future__ import annotations

import struct
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

import streamlib as sl
from streamlib.processors import ComputeFilter

from ._helpers import Capture, FormatSource, pipeline

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

# Fills the frame with the uniform's colour, except where the input is black.
FILL_WGSL = """
struct Params { colour: vec4<f32> };
@group(0) @binding(0) var src: texture_2d<f32>;
@group(0) @binding(1) var dst: texture_storage_2d<rgba8unorm, write>;
@group(0) @binding(2) var<uniform> params: Params;

@compute @workgroup_size(8, 8)
fn paint(@builtin(global_invocation_id) id: vec3<u32>) {
    let size = textureDimensions(src);
    if (id.x >= size.x || id.y >= size.y) { return; }
    let c = textureLoad(src, vec2<i32>(id.xy), 0);
    textureStore(dst, vec2<i32>(id.xy), select(params.colour, c, c.r == 0.0));
}
"""

# Output = the extra texture at binding 3 minus the input (no uniform: binding 2 unused).
DIFFERENCE_WGSL = """
@group(0) @binding(0) var src: texture_2d<f32>;
@group(0) @binding(1) var dst: texture_storage_2d<rgba8unorm, write>;
@group(0) @binding(3) var other: texture_2d<f32>;

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
    let size = textureDimensions(src);
    if (id.x >= size.x || id.y >= size.y) { return; }
    let p = vec2<i32>(id.xy);
    textureStore(dst, p, vec4<f32>(textureLoad(other, p, 0).rgb - textureLoad(src, p, 0).rgb, 1.0));
}
"""


def random_pixels(frame_number: int, width: int, height: int) -> npt.NDArray[np.uint8]:
    rng = np.random.default_rng(frame_number)
    return rng.integers(0, 256, (height, width, 4), dtype=np.uint8)


class RandomSource(sl.Processor):
    """Pooled frames of the runtime's size holding ``random_pixels(frame_number, ...)``."""

    video_out = sl.StreamOutput(sl.VideoFrame)

    def process(self, tick: sl.Tick) -> None:
        rt = self.runtime
        texture = self.gpu.texture_pool.acquire(rt.width, rt.height, label="random")
        self.gpu.write_texture(texture, random_pixels(tick.frame_number, rt.width, rt.height))
        self.video_out.write(sl.VideoFrame.from_texture(texture, frame_number=tick.frame_number))


def test_invert_matches_numpy_at_an_odd_size(gpu: sl.GpuContext) -> None:
    capture = Capture()
    invert = ComputeFilter(INVERT_WGSL, name="invert")
    pipeline(gpu, RandomSource(), invert, capture, size=(37, 21)).run(frames=3)
    assert len(capture.pixels) == 3
    for pixels, (number, _, _) in zip(capture.pixels, capture.frames, strict=True):
        expected = random_pixels(number, 37, 21)
        expected[..., :3] = 255 - expected[..., :3]
        expected[..., 3] = 255
        assert pixels.shape == (21, 37, 4)
        # 8-bit unorm through f32 and back: off by one at most.
        assert np.abs(pixels.astype(int) - expected.astype(int)).max() <= 1
    assert invert.name == "invert" and sl.live_counts() == {}


class Paint(ComputeFilter):
    """Paints each frame a colour chosen by its frame number, through the uniform hook."""

    COLOURS = ((1.0, 0.0, 0.0, 1.0), (0.0, 1.0, 0.0, 1.0), (0.0, 0.0, 1.0, 1.0))

    def __init__(self) -> None:
        super().__init__(FILL_WGSL, entry_point="paint", uniform_size=16)
        self.calls: list[tuple[int, int]] = []

    def uniforms(self, tick: sl.Tick, frame: sl.VideoFrame) -> bytes | None:
        self.calls.append((tick.frame_number, frame.frame_number))
        if frame.frame_number == 2:
            return None  # keeps the previous frame's colour
        return struct.pack("<4f", *self.COLOURS[frame.frame_number % 3])


def test_uniform_hook_sets_each_frame_and_none_keeps_the_last(gpu: sl.GpuContext) -> None:
    capture = Capture()
    paint = Paint()
    pipeline(gpu, RandomSource(), paint, capture, size=(16, 8)).run(frames=3)
    numbers = [number for number, _, _ in capture.frames]
    assert numbers == [0, 1, 2]
    assert [frame for _, frame in paint.calls] == numbers
    colours = [tuple(int(v) for v in pixels[4, 4, :3]) for pixels in capture.pixels]
    assert colours == [(255, 0, 0), (0, 255, 0), (0, 255, 0)]
    assert paint.name == "Paint"


class Difference(ComputeFilter):
    """Binds one extra texture it owns: a white frame-sized texture, filled at the first frame."""

    def __init__(self) -> None:
        super().__init__(DIFFERENCE_WGSL, extra_inputs=1)
        self.white: sl.OwnedTexture | None = None

    def extra_textures(self, tick: sl.Tick, frame: sl.VideoFrame) -> Sequence[sl.Texture]:
        if self.white is None:
            self.white = self.gpu.create_texture(frame.width, frame.height, label="white")
            self.gpu.write_texture(self.white, np.full((frame.height, frame.width, 4), 255, np.uint8))
        return (self.white.borrow(),)

    def teardown(self) -> None:
        if self.white is not None:
            self.white.release()
            self.white = None
        super().teardown()


def test_extra_texture_is_bound_at_binding_3(gpu: sl.GpuContext) -> None:
    capture = Capture()
    pipeline(gpu, RandomSource(), Difference(), capture, size=(24, 16)).run(frames=2)
    for pixels, (number, _, _) in zip(capture.pixels, capture.frames, strict=True):
        expected = 255 - random_pixels(number, 24, 16)[..., :3].astype(int)
        assert np.abs(pixels[..., :3].astype(int) - expected).max() <= 1


def test_everything_is_released_at_stop_and_teardown_is_idempotent(gpu: sl.GpuContext) -> None:
    paint = Paint()
    before = gpu.texture_pool.stats()
    pipeline(gpu, RandomSource(), paint, sl.processors.NullSink()).run(frames=4)
    assert paint._program is None and paint._uniform is None
    assert gpu.texture_pool.stats().live == before.live == 0
    assert sl.live_counts() == {}
    paint.teardown()  # a second time: nothing left to release, no error


def test_a_frame_it_cannot_read_is_a_clear_error(gpu: sl.GpuContext) -> None:
    rt = pipeline(gpu, FormatSource("r32uint"), ComputeFilter(INVERT_WGSL, name="invert"), sl.processors.NullSink())
    with pytest.raises(sl.PipelineError, match=r"invert.*r32uint.*float texture"):
        rt.run(frames=2)


class BadHooks(ComputeFilter):
    def __init__(self, *, uniform: bytes | None, extras: int, uniform_size: int = 16, extra_inputs: int = 0) -> None:
        super().__init__(FILL_WGSL, entry_point="paint", uniform_size=uniform_size, extra_inputs=extra_inputs)
        self.uniform = uniform
        self.extras = extras

    def uniforms(self, tick: sl.Tick, frame: sl.VideoFrame) -> bytes | None:
        return self.uniform

    def extra_textures(self, tick: sl.Tick, frame: sl.VideoFrame) -> Sequence[sl.Texture]:
        return [frame.data] * self.extras


@pytest.mark.parametrize(
    ("hooks", "message"),
    [
        (BadHooks(uniform=b"\0" * 8, extras=0), r"uniforms\(\) returned 8 bytes.*uniform_size=16"),
        (BadHooks(uniform=None, extras=1), r"extra_textures\(\) returned 1 texture.*extra_inputs=0"),
    ],
    ids=["uniform size", "extra count"],
)
def test_hooks_returning_the_wrong_thing_are_clear_errors(gpu: sl.GpuContext, hooks: Any, message: str) -> None:
    rt = pipeline(gpu, RandomSource(), hooks, sl.processors.NullSink())
    with pytest.raises(sl.PipelineError, match=message):
        rt.run(frames=1)


def test_an_extra_texture_of_another_size_is_a_clear_error(gpu: sl.GpuContext) -> None:
    class WrongSize(Difference):
        def extra_textures(self, tick: sl.Tick, frame: sl.VideoFrame) -> Sequence[sl.Texture]:
            if self.white is None:
                self.white = self.gpu.create_texture(frame.width + 1, frame.height, label="white")
            return (self.white.borrow(),)

    rt = pipeline(gpu, RandomSource(), WrongSize(), sl.processors.NullSink(), size=(24, 16))
    with pytest.raises(sl.PipelineError, match=r"extra texture 'white' \(binding 3\) is a 25x16 rgba8unorm.*24x16"):
        rt.run(frames=1)


def test_a_shader_that_does_not_compile_fails_setup_and_leaks_nothing(gpu: sl.GpuContext) -> None:
    rt = pipeline(gpu, RandomSource(), ComputeFilter("fn main( {", name="broken"), sl.processors.NullSink())
    with pytest.raises(sl.PipelineError, match=r"'broken' failed in setup \(ShaderCompileError"):
        rt.run(frames=1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"wgsl": ""}, "wgsl must be the WGSL source"),
        ({"wgsl": INVERT_WGSL, "uniform_size": 6}, "uniform_size must be an int >= 0 and a multiple of 4"),
        ({"wgsl": INVERT_WGSL, "extra_inputs": -1}, "extra_inputs must be an int >= 0"),
    ],
)
def test_bad_arguments_are_rejected_at_construction(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(sl.InvalidArgumentError, match=f"ComputeFilter: {message}"):
        ComputeFilter(**kwargs)

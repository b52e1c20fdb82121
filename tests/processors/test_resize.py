"""Resize: a render pass through a sampler, compared with a numpy bilinear reference."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

import streamlib as sl
from streamlib.processors import Resize

from ._helpers import Capture, pipeline, skip_on_opengl


def bilinear(pixels: npt.NDArray[np.uint8], width: int, height: int) -> npt.NDArray[np.float64]:
    """The reference: texel centres at half-texel offsets, the four nearest texels, edges clamped."""
    src_h, src_w = pixels.shape[:2]

    def axis(n_out: int, n_in: int) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], npt.NDArray[np.float64]]:
        pos = np.clip((np.arange(n_out) + 0.5) * n_in / n_out - 0.5, 0, n_in - 1)
        lo = np.floor(pos).astype(np.intp)
        hi = np.minimum(lo + 1, n_in - 1)
        return lo, hi, pos - lo

    x0, x1, fx = axis(width, src_w)
    y0, y1, fy = axis(height, src_h)
    p = pixels.astype(np.float64)
    top = p[y0][:, x0] * (1 - fx)[None, :, None] + p[y0][:, x1] * fx[None, :, None]
    bottom = p[y1][:, x0] * (1 - fx)[None, :, None] + p[y1][:, x1] * fx[None, :, None]
    result: npt.NDArray[np.float64] = top * (1 - fy)[:, None, None] + bottom * fy[:, None, None]
    return result


class Still(sl.Processor):
    """Writes the same pixels every tick, uploaded once in setup."""

    video_out = sl.StreamOutput(sl.VideoFrame)

    def __init__(self, pixels: npt.NDArray[np.uint8]) -> None:
        super().__init__()
        self.pixels = pixels
        self._texture: sl.OwnedTexture | None = None

    def setup(self, gpu: sl.GpuContext) -> None:
        height, width = self.pixels.shape[:2]
        self._texture = gpu.create_texture(width, height, label="still")
        gpu.write_texture(self._texture, self.pixels)

    def process(self, tick: sl.Tick) -> None:
        assert self._texture is not None
        out = self.gpu.texture_pool.acquire(self._texture.width, self._texture.height, label="still frame")
        with self.gpu.create_command_encoder() as encoder:
            encoder.copy_texture_to_texture(self._texture, out)
            self.gpu.submit([encoder.finish()])
        self.video_out.write(sl.VideoFrame.from_texture(out, frame_number=tick.frame_number))

    def teardown(self) -> None:
        if self._texture is not None:
            self._texture.release()
            self._texture = None


@pytest.mark.parametrize(("size", "out"), [((40, 30), (64, 48)), ((96, 54), (64, 36)), ((33, 17), (50, 41))])
def test_bilinear_resize_matches_numpy(gpu: sl.GpuContext, size: tuple[int, int], out: tuple[int, int]) -> None:
    skip_on_opengl(gpu)
    pixels = np.random.default_rng(sum(size)).integers(0, 256, (size[1], size[0], 4), dtype=np.uint8)
    capture = Capture()
    pipeline(gpu, Still(pixels), Resize(*out), capture).run(frames=2)
    assert len(capture.pixels) == 2
    got: npt.NDArray[Any] = capture.pixels[-1]
    assert got.shape == (out[1], out[0], 4)
    error = np.abs(got.astype(np.float64) - bilinear(pixels, *out))
    # Sampler arithmetic is 8-bit fixed point on some GPUs: within 2 levels of the exact value.
    assert error.max() <= 2.0, f"max error {error.max()} at {np.unravel_index(error.argmax(), error.shape)}"


def test_nearest_filter_picks_texels(gpu: sl.GpuContext) -> None:
    skip_on_opengl(gpu)
    pixels = np.random.default_rng(7).integers(0, 256, (4, 4, 4), dtype=np.uint8)
    capture = Capture()
    pipeline(gpu, Still(pixels), Resize(8, 8, filter="nearest"), capture).run(frames=1)
    np.testing.assert_array_equal(capture.pixels[-1], pixels.repeat(2, axis=0).repeat(2, axis=1))


def test_resize_moves_nothing_through_the_cpu(gpu: sl.GpuContext) -> None:
    skip_on_opengl(gpu)
    before = gpu.transfer_stats()
    pipeline(gpu, Still(np.zeros((30, 40, 4), np.uint8)), Resize(20, 10), sl.processors.NullSink()).run(frames=5)
    after = gpu.transfer_stats()
    assert after.downloaded == before.downloaded
    assert after.uploaded - before.uploaded == 40 * 30 * 4  # Still's one upload in setup


@pytest.mark.parametrize(
    ("args", "kwargs", "says"),
    [
        ((0, 8), {}, "width must be an int from 1"),
        ((8, 2.5), {}, "height must be an int from 1"),
        ((8, 8), {"filter": "cubic"}, "filter must be one of"),
    ],
)
def test_bad_arguments(args: tuple[Any, ...], kwargs: dict[str, Any], says: str) -> None:
    with pytest.raises(sl.InvalidArgumentError, match=says):
        Resize(*args, **kwargs)


def test_resize_refuses_the_opengl_backend(gpu: sl.GpuContext) -> None:
    if gpu.backend != "OpenGL":
        pytest.skip("the test context is not on OpenGL (CI's second pass hides Vulkan to run this)")
    rt = pipeline(gpu, Still(np.zeros((8, 8, 4), np.uint8)), Resize(4, 4), Capture())
    with pytest.raises(sl.PipelineError, match=r"Resize needs a Vulkan.*OpenGL.*mesa-vulkan-drivers"):
        rt.run(frames=1)

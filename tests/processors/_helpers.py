"""Test-only processors: a sink that copies every frame's pixels to the CPU, a source of odd formats."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

import streamlib as sl


class Capture(sl.Processor):
    """Keeps each frame's pixels, number and timestamp (CPU copies: nothing GPU-side is kept)."""

    video_in = sl.StreamInput(sl.VideoFrame)

    def __init__(self) -> None:
        super().__init__()
        self.pixels: list[npt.NDArray[Any]] = []
        self.frames: list[tuple[int, float, dict[str, str]]] = []

    def process(self, tick: sl.Tick) -> None:
        while (frame := self.video_in.read()) is not None:
            self.pixels.append(self.gpu.read_texture(frame.data))
            self.frames.append((frame.frame_number, frame.timestamp, dict(frame.metadata)))


class FormatSource(sl.Processor):
    """Writes pooled frames of ``format`` (the runtime's size), zero-filled."""

    video_out = sl.StreamOutput(sl.VideoFrame)

    def __init__(self, format: str) -> None:
        super().__init__()
        self.format = format

    def process(self, tick: sl.Tick) -> None:
        rt = self.runtime
        texture = self.gpu.texture_pool.acquire(rt.width, rt.height, format=self.format, label="odd format")
        self.video_out.write(sl.VideoFrame.from_texture(texture, frame_number=tick.frame_number))


def pipeline(
    gpu: sl.GpuContext,
    *chain: sl.Processor,
    fps: float = 0.0,
    size: tuple[int, int] = (64, 48),
    policy: sl.ErrorPolicy = sl.ErrorPolicy.STOP,
) -> sl.StreamRuntime:
    """A runtime on the shared test context with ``chain`` added and connected in a line."""
    rt = sl.StreamRuntime(fps=fps, width=size[0], height=size[1], gpu=gpu, error_policy=policy)
    for proc in chain:
        rt.add(proc)
    for upstream, downstream in itertools.pairwise(chain):
        up: Any = upstream  # every processor here has the conventional port names
        down: Any = downstream
        rt.connect(up.video_out, down.video_in)
    return rt


def rgb_at(pixels: npt.NDArray[np.uint8], x: int, y: int) -> tuple[int, int, int]:
    r, g, b = (int(v) for v in pixels[y, x, :3])
    return r, g, b


GL_DRAWS = (
    "wgpu-native's OpenGL backend: draws through a sampler come out empty after other threads used the "
    'device a while, so Resize refuses it (docs/architecture.md, "Backends"); this needs Vulkan'
)


def skip_on_opengl(gpu: sl.GpuContext, why: str = GL_DRAWS) -> None:
    """Skip the calling test when the shared test context runs on OpenGL."""
    if gpu.backend == "OpenGL":
        pytest.skip(why)

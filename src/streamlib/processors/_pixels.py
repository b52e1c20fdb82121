"""Moving pixels between frames and the CPU, for the processors that need them there (files, windows)."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from ..gpu._context import GpuContext
from ..gpu._errors import InvalidArgumentError
from ..pipeline._frame import VideoFrame

__all__ = ["download_rgba"]

_RGBA_LIKE = ("rgba8unorm", "rgba8unorm-srgb")
_BGRA_LIKE = ("bgra8unorm", "bgra8unorm-srgb")


def download_rgba(gpu: GpuContext, frame: VideoFrame, who: str) -> npt.NDArray[np.uint8]:
    """The frame's pixels as an (H, W, 4) RGBA uint8 array (waits for the GPU).

    Raises InvalidArgumentError naming ``who`` for a format with no 8-bit RGBA reading.
    """
    fmt = frame.format
    if fmt not in _RGBA_LIKE and fmt not in _BGRA_LIKE:
        raise InvalidArgumentError(
            f"{who} got a {fmt} frame ({frame.width}x{frame.height}); it takes rgba8unorm or bgra8unorm "
            f"frames: convert the frame to rgba8unorm with a compute pass before this processor"
        )
    pixels: npt.NDArray[Any] = gpu.read_texture(frame.data)
    if fmt in _BGRA_LIKE:
        pixels = pixels[..., [2, 1, 0, 3]]
    return np.ascontiguousarray(pixels, dtype=np.uint8)

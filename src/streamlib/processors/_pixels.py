"""Moving pixels between frames and the CPU, for the processors that need them there (files, windows)."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from ..gpu._context import GpuContext
from ..gpu._errors import InvalidArgumentError
from ..gpu._protocols import Texture
from ..pipeline._frame import VideoFrame

__all__ = ["download_rgba", "read_rgba"]

_RGBA_LIKE = ("rgba8unorm", "rgba8unorm-srgb")
_BGRA_LIKE = ("bgra8unorm", "bgra8unorm-srgb")


def download_rgba(gpu: GpuContext, frame: VideoFrame, who: str) -> npt.NDArray[np.uint8]:
    """The frame's pixels as an (H, W, 4) RGBA uint8 array (waits for the GPU).

    Raises InvalidArgumentError naming ``who`` for a format with no 8-bit RGBA reading.
    """
    return read_rgba(gpu, frame.data, who, what="frame")


def read_rgba(gpu: GpuContext, texture: Texture, who: str, *, what: str = "texture") -> npt.NDArray[np.uint8]:
    """The texture's pixels as an (H, W, 4) RGBA uint8 array (waits for the GPU); only uses ``texture``.

    Raises InvalidArgumentError naming ``who`` for a format with no 8-bit RGBA reading.
    """
    fmt = texture.format
    if fmt not in _RGBA_LIKE and fmt not in _BGRA_LIKE:
        raise InvalidArgumentError(
            f"{who} got a {fmt} {what} ({texture.width}x{texture.height}); it takes rgba8unorm or bgra8unorm "
            f"{what}s: convert it to rgba8unorm with a compute pass first"
        )
    pixels: npt.NDArray[Any] = gpu.read_texture(texture)
    if fmt in _BGRA_LIKE:
        pixels = pixels[..., [2, 1, 0, 3]]
    return np.ascontiguousarray(pixels, dtype=np.uint8)

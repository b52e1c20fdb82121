"""Frames from CPU pixels: a pooled texture filled with write_texture, moved into a VideoFrame."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from ..gpu._context import GpuContext
from ..pipeline._frame import VideoFrame

__all__ = ["upload_rgba"]


def upload_rgba(
    gpu: GpuContext,
    pixels: npt.NDArray[np.uint8],
    *,
    frame_number: int,
    timestamp: float,
    label: str,
    metadata: Mapping[str, str] | None = None,
) -> VideoFrame:
    """A new frame holding ``pixels`` ((H, W, 4) RGBA uint8) in a texture from ``gpu.texture_pool``.

    Returns an owned frame: write it to a port (which moves it) or release it.
    """
    height, width = pixels.shape[:2]
    texture = gpu.texture_pool.acquire(width, height, label=label)
    try:
        gpu.write_texture(texture, pixels)
    except BaseException:
        texture.release()
        raise
    return VideoFrame.from_texture(texture, frame_number=frame_number, timestamp=timestamp, metadata=metadata)

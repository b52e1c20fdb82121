"""Saving one picture: a texture or a frame, written as a PNG file by FFmpeg's PNG encoder (PyAV)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ..gpu._context import GpuContext
from ..gpu._errors import InvalidArgumentError, PipelineError
from ..gpu._protocols import Texture
from ..pipeline._frame import VideoFrame
from ._pixels import read_rgba
from ._video_io import import_av

__all__ = ["encode_png", "save_image"]


def save_image(gpu: GpuContext, image: Texture | VideoFrame, path: str | os.PathLike[str]) -> Path:
    """Write ``image`` (any Texture, owned or borrowed, or a VideoFrame) to ``path`` as a PNG; returns the path.

    ``image`` is only used: it stays the caller's (release it as usual); its pixels are copied
    back from the GPU on ``gpu`` (this waits), so it needs COPY_SRC usage and an rgba8unorm or
    bgra8unorm format. Parent folders are created. The PNG is RGBA, 8 bits a channel,
    lossless: decoding it gives back exactly the texture's pixels.

    Raises InvalidArgumentError for something that is not a texture or frame, an unsupported
    format, or a path not ending in ``.png``; PipelineError when the file cannot be written or
    PyAV is missing (``pip install 'streamlib[video]'``).
    """
    target = Path(path)
    if target.suffix.lower() != ".png":
        raise InvalidArgumentError(f"save_image: {str(target)!r} should end in .png (it writes PNG files)")
    texture = image.data if isinstance(image, VideoFrame) else image
    if not isinstance(getattr(texture, "format", None), str):
        raise InvalidArgumentError(
            f"save_image takes a Texture (owned or borrowed) or a VideoFrame, got {type(image).__name__}"
        )
    data = encode_png(read_rgba(gpu, texture, "save_image", what="texture"), who="save_image")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    except OSError as exc:
        raise PipelineError(
            f"save_image cannot write {str(target)!r} ({exc.strerror or exc}); choose a writable path"
        ) from exc
    return target


def encode_png(rgba: npt.NDArray[np.uint8], *, who: str) -> bytes:
    """The PNG file (bytes) of an (H, W, 4) uint8 RGBA array, encoded by FFmpeg's PNG encoder."""
    if rgba.dtype != np.uint8 or rgba.ndim != 3 or rgba.shape[2] != 4:
        raise InvalidArgumentError(f"{who}: a PNG needs an (H, W, 4) uint8 array, got {rgba.shape} {rgba.dtype}")
    av = import_av(who)
    height, width = rgba.shape[:2]
    # A bare codec context, not a muxer: the image2 muxer would read "%d" in a path as a number pattern.
    codec: Any = av.CodecContext.create("png", "w")
    codec.width, codec.height, codec.pix_fmt = width, height, "rgba"
    frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(rgba), format="rgba")
    try:
        packets = [*codec.encode(frame), *codec.encode(None)]
    except av.FFmpegError as exc:
        raise PipelineError(f"{who}: the PNG encoder failed on a {width}x{height} picture ({exc})") from exc
    return b"".join(bytes(packet) for packet in packets)

"""A dependency-free PNG encoder for RGBA8 frames (zlib from the standard library)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ..gpu._errors import InvalidArgumentError

__all__ = ["encode_png", "write_png"]


def _chunk(tag: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + tag + payload + struct.pack(">I", zlib.crc32(tag + payload) & 0xFFFFFFFF)


def encode_png(pixels: npt.NDArray[Any]) -> bytes:
    """PNG bytes of an (H, W, 4) or (H, W, 3) uint8 array."""
    if pixels.dtype != np.uint8 or pixels.ndim != 3 or pixels.shape[2] not in (3, 4):
        raise InvalidArgumentError(f"PNG needs an (H, W, 3|4) uint8 array, got {pixels.shape} {pixels.dtype}")
    height, width, channels = pixels.shape
    rows = np.zeros((height, 1 + width * channels), dtype=np.uint8)  # filter byte 0 per row
    rows[:, 1:] = np.ascontiguousarray(pixels).reshape(height, width * channels)
    header = struct.pack(">IIBBBBB", width, height, 8, 6 if channels == 4 else 2, 0, 0, 0)
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", header),
            _chunk(b"IDAT", zlib.compress(rows.tobytes(), 6)),
            _chunk(b"IEND", b""),
        ]
    )


def write_png(path: str | Path, pixels: npt.NDArray[Any]) -> Path:
    """Write ``pixels`` to ``path`` as PNG (parent folders are created); returns the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(encode_png(pixels))
    return target

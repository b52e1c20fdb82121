"""Texel format facts: bytes per texel and the numpy layout for upload and read-back."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._enums import TextureUsage
from ._errors import InvalidArgumentError

__all__ = ["STORAGE_FORMATS", "FormatInfo", "default_texture_usage", "format_info"]


class FormatInfo(NamedTuple):
    """How one texel of a format looks to numpy."""

    format: str
    channels: int
    dtype: np.dtype[np.generic]

    @property
    def bytes_per_texel(self) -> int:
        return self.channels * self.dtype.itemsize


def _table() -> dict[str, FormatInfo]:
    kinds = {"unorm": "u", "snorm": "i", "uint": "u", "sint": "i", "float": "f"}
    table: dict[str, FormatInfo] = {}
    for channels, prefix in ((1, "r"), (2, "rg"), (4, "rgba")):
        for bits in (8, 16, 32):
            for kind, code in kinds.items():
                if (kind.endswith("norm") and bits != 8) or (kind == "float" and bits == 8):
                    continue
                name = f"{prefix}{bits}{kind}"
                table[name] = FormatInfo(name, channels, np.dtype(f"{code}{bits // 8}"))
    for extra, base in (
        ("rgba8unorm-srgb", "rgba8unorm"),
        ("bgra8unorm", "rgba8unorm"),
        ("bgra8unorm-srgb", "rgba8unorm"),
    ):
        table[extra] = table[base]._replace(format=extra)
    return table


_FORMATS = _table()


def format_info(fmt: str) -> FormatInfo:
    """Return the numpy layout of ``fmt``; raises InvalidArgumentError for formats without one."""
    try:
        return _FORMATS[str(fmt)]
    except KeyError:
        known = ", ".join(sorted(_FORMATS))
        raise InvalidArgumentError(
            f"texture format {fmt!r} has no CPU layout in streamlib; use one of: {known}"
        ) from None


# Formats WebGPU allows as storage textures without optional features.
STORAGE_FORMATS = frozenset(
    {
        "rgba8unorm",
        "rgba8snorm",
        "rgba8uint",
        "rgba8sint",
        "rgba16uint",
        "rgba16sint",
        "rgba16float",
        "r32uint",
        "r32sint",
        "r32float",
        "rg32uint",
        "rg32sint",
        "rg32float",
        "rgba32uint",
        "rgba32sint",
        "rgba32float",
    }
)

# Plain ints: IntFlag arithmetic costs about a microsecond, and pools ask per frame.
_DEFAULT_USAGE = int(TextureUsage.TEXTURE_BINDING | TextureUsage.COPY_SRC | TextureUsage.COPY_DST)
_STORAGE_USAGE = _DEFAULT_USAGE | int(TextureUsage.STORAGE_BINDING)


def default_texture_usage(format: str) -> int:
    """TEXTURE_BINDING | COPY_SRC | COPY_DST, plus STORAGE_BINDING where ``format`` allows it.

    What ``GpuContext.create_texture`` and ``TexturePool.acquire`` use when given no usage.
    """
    return _STORAGE_USAGE if format in STORAGE_FORMATS else _DEFAULT_USAGE

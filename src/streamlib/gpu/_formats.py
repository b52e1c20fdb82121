"""Format and usage tables: bytes per texel, numpy layouts, the formats and flags each call accepts."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._enums import BufferUsage, TextureFormat, TextureUsage
from ._errors import InvalidArgumentError

__all__ = [
    "ALLOWED_FLAGS",
    "BUFFER_COPY_DST",
    "BUFFER_COPY_SRC",
    "KNOWN_FORMATS",
    "STORAGE_BINDING",
    "STORAGE_FORMATS",
    "TEXTURE_COPY_DST",
    "TEXTURE_COPY_SRC",
    "FormatInfo",
    "check_flags",
    "default_texture_usage",
    "format_info",
    "is_positive_int",
]


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


# What create_texture accepts: every TextureFormat, plus the packed and depth/stencil formats
# wgpu can create but streamlib cannot upload or read back.
KNOWN_FORMATS = frozenset(
    [
        *(f.value for f in TextureFormat),
        "rgb10a2unorm",
        "rg11b10ufloat",
        "depth16unorm",
        "depth24plus",
        "depth24plus-stencil8",
        "depth32float",
        "stencil8",
    ]
)

# Flag tests on the hot paths use plain ints: an int & IntFlag goes through the
# enum machinery (IntFlag.__rand__, then a member lookup), about a microsecond each.
ALLOWED_FLAGS: dict[type[BufferUsage] | type[TextureUsage], int] = {
    BufferUsage: sum(int(f) for f in BufferUsage),
    TextureUsage: sum(int(f) for f in TextureUsage),
}
BUFFER_COPY_SRC = int(BufferUsage.COPY_SRC)
BUFFER_COPY_DST = int(BufferUsage.COPY_DST)
TEXTURE_COPY_SRC = int(TextureUsage.COPY_SRC)
TEXTURE_COPY_DST = int(TextureUsage.COPY_DST)
STORAGE_BINDING = int(TextureUsage.STORAGE_BINDING)


def is_positive_int(value: object) -> bool:
    """An int (not a bool) above zero."""
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def check_flags(usage: object, flags: type[BufferUsage] | type[TextureUsage], what: str, label: str) -> None:
    """Raise InvalidArgumentError unless ``usage`` is a non-empty combination of ``flags``."""
    if not isinstance(usage, int) or isinstance(usage, bool) or usage <= 0:
        raise InvalidArgumentError(f"{what} {label!r}: usage must be {flags.__name__} flags, got {usage!r}")
    if int(usage) & ~ALLOWED_FLAGS[flags]:
        raise InvalidArgumentError(f"{what} {label!r}: usage {usage} has bits that are not {flags.__name__} flags")

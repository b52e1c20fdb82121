"""WebGPU enums and flags under the names the Rust-backed streamlib exported.

Flags are ``enum.IntFlag`` (plain ints to wgpu), enums are ``enum.StrEnum``
(plain strings to wgpu), so values pass to raw wgpu unchanged.
"""

from __future__ import annotations

import enum

__all__ = [
    "BufferBindingType",
    "BufferUsage",
    "ShaderStage",
    "StorageTextureAccess",
    "TextureFormat",
    "TextureSampleType",
    "TextureUsage",
    "TextureViewDimension",
]


class BufferUsage(enum.IntFlag):
    """How a buffer may be used (combine with ``|``)."""

    MAP_READ = 1
    MAP_WRITE = 2
    COPY_SRC = 4
    COPY_DST = 8
    INDEX = 16
    VERTEX = 32
    UNIFORM = 64
    STORAGE = 128
    INDIRECT = 256
    QUERY_RESOLVE = 512


class TextureUsage(enum.IntFlag):
    """How a texture may be used (combine with ``|``)."""

    COPY_SRC = 1
    COPY_DST = 2
    TEXTURE_BINDING = 4
    STORAGE_BINDING = 8
    RENDER_ATTACHMENT = 16


class ShaderStage(enum.IntFlag):
    """Which shader stages see a binding."""

    VERTEX = 1
    FRAGMENT = 2
    COMPUTE = 4


class TextureFormat(enum.StrEnum):
    """Texel formats streamlib can create, upload and read back."""

    r8unorm = "r8unorm"
    r8snorm = "r8snorm"
    r8uint = "r8uint"
    r8sint = "r8sint"
    r16uint = "r16uint"
    r16sint = "r16sint"
    r16float = "r16float"
    rg8unorm = "rg8unorm"
    rg8uint = "rg8uint"
    rg8sint = "rg8sint"
    r32uint = "r32uint"
    r32sint = "r32sint"
    r32float = "r32float"
    rg16uint = "rg16uint"
    rg16sint = "rg16sint"
    rg16float = "rg16float"
    rgba8unorm = "rgba8unorm"
    rgba8unorm_srgb = "rgba8unorm-srgb"
    rgba8snorm = "rgba8snorm"
    rgba8uint = "rgba8uint"
    rgba8sint = "rgba8sint"
    bgra8unorm = "bgra8unorm"
    bgra8unorm_srgb = "bgra8unorm-srgb"
    rg32uint = "rg32uint"
    rg32sint = "rg32sint"
    rg32float = "rg32float"
    rgba16uint = "rgba16uint"
    rgba16sint = "rgba16sint"
    rgba16float = "rgba16float"
    rgba32uint = "rgba32uint"
    rgba32sint = "rgba32sint"
    rgba32float = "rgba32float"

    # The Rust-backed streamlib's spelling (TextureFormat.RGBA8UNORM): aliases of the members above.
    R8UNORM = "r8unorm"
    R8SNORM = "r8snorm"
    R8UINT = "r8uint"
    R8SINT = "r8sint"
    R16UINT = "r16uint"
    R16SINT = "r16sint"
    R16FLOAT = "r16float"
    RG8UNORM = "rg8unorm"
    RG8UINT = "rg8uint"
    RG8SINT = "rg8sint"
    R32UINT = "r32uint"
    R32SINT = "r32sint"
    R32FLOAT = "r32float"
    RG16UINT = "rg16uint"
    RG16SINT = "rg16sint"
    RG16FLOAT = "rg16float"
    RGBA8UNORM = "rgba8unorm"
    RGBA8UNORM_SRGB = "rgba8unorm-srgb"
    RGBA8SNORM = "rgba8snorm"
    RGBA8UINT = "rgba8uint"
    RGBA8SINT = "rgba8sint"
    BGRA8UNORM = "bgra8unorm"
    BGRA8UNORM_SRGB = "bgra8unorm-srgb"
    RG32UINT = "rg32uint"
    RG32SINT = "rg32sint"
    RG32FLOAT = "rg32float"
    RGBA16UINT = "rgba16uint"
    RGBA16SINT = "rgba16sint"
    RGBA16FLOAT = "rgba16float"
    RGBA32UINT = "rgba32uint"
    RGBA32SINT = "rgba32sint"
    RGBA32FLOAT = "rgba32float"


class TextureSampleType(enum.StrEnum):
    """What a sampled-texture binding reads."""

    float = "float"
    unfilterable_float = "unfilterable-float"
    depth = "depth"
    sint = "sint"
    uint = "uint"

    # The Rust-backed streamlib's spelling (TextureFormat.RGBA8UNORM): aliases of the members above.
    FLOAT = "float"
    UNFILTERABLE_FLOAT = "unfilterable-float"
    DEPTH = "depth"
    SINT = "sint"
    UINT = "uint"


class TextureViewDimension(enum.StrEnum):
    """Shape of a texture view."""

    d1 = "1d"
    d2 = "2d"
    d2_array = "2d-array"
    cube = "cube"
    cube_array = "cube-array"
    d3 = "3d"

    # The Rust-backed streamlib's spelling (TextureFormat.RGBA8UNORM): aliases of the members above.
    D1 = "1d"
    D2 = "2d"
    D2_ARRAY = "2d-array"
    CUBE = "cube"
    CUBE_ARRAY = "cube-array"
    D3 = "3d"


class StorageTextureAccess(enum.StrEnum):
    """Access of a storage-texture binding."""

    write_only = "write-only"
    read_only = "read-only"
    read_write = "read-write"

    # The Rust-backed streamlib's spelling (TextureFormat.RGBA8UNORM): aliases of the members above.
    WRITE_ONLY = "write-only"
    READ_ONLY = "read-only"
    READ_WRITE = "read-write"


class BufferBindingType(enum.StrEnum):
    """Kind of a buffer binding."""

    uniform = "uniform"
    storage = "storage"
    read_only_storage = "read-only-storage"

    # The Rust-backed streamlib's spelling (TextureFormat.RGBA8UNORM): aliases of the members above.
    UNIFORM = "uniform"
    STORAGE = "storage"
    READ_ONLY_STORAGE = "read-only-storage"

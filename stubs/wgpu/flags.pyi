# Generated from the installed wgpu 0.32.0 runtime (values verified by stubtest).

from typing import Final
from typing_extensions import TypeAlias

from ._coreutils import BaseEnum as _BaseEnum

__all__ = [
    "BufferUsage",
    "ColorWrite",
    "MapMode",
    "ShaderStage",
    "TextureUsage",
]

class Flags(_BaseEnum): ...

BufferUsageFlags: TypeAlias = int | str

class BufferUsage(Flags):
    MAP_READ: Final = 1
    MAP_WRITE: Final = 2
    COPY_SRC: Final = 4
    COPY_DST: Final = 8
    INDEX: Final = 16
    VERTEX: Final = 32
    UNIFORM: Final = 64
    STORAGE: Final = 128
    INDIRECT: Final = 256
    QUERY_RESOLVE: Final = 512

ColorWriteFlags: TypeAlias = int | str

class ColorWrite(Flags):
    RED: Final = 1
    GREEN: Final = 2
    BLUE: Final = 4
    ALPHA: Final = 8
    ALL: Final = 15

MapModeFlags: TypeAlias = int | str

class MapMode(Flags):
    READ: Final = 1
    WRITE: Final = 2

ShaderStageFlags: TypeAlias = int | str

class ShaderStage(Flags):
    VERTEX: Final = 1
    FRAGMENT: Final = 2
    COMPUTE: Final = 4

TextureUsageFlags: TypeAlias = int | str

class TextureUsage(Flags):
    COPY_SRC: Final = 1
    COPY_DST: Final = 2
    TEXTURE_BINDING: Final = 4
    STORAGE_BINDING: Final = 8
    RENDER_ATTACHMENT: Final = 16
    TRANSIENT_ATTACHMENT: Final = 32

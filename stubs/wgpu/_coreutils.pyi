import logging
from collections.abc import Iterator
from typing import Any
from typing_extensions import TypeAlias

logger: logging.Logger

# At runtime ``ArrayLike = memoryview | object`` (i.e. anything). What the
# backend really requires is an object supporting the (contiguous) buffer
# protocol: it calls ``memoryview(data)`` on it.
ArrayLike: TypeAlias = memoryview | object

# At runtime ``CanvasLike = object``.
CanvasLike: TypeAlias = object

class EnumType(type):
    """Metaclass for wgpu enums and flags."""

    def __new__(
        cls, name: str, bases: tuple[type, ...], dct: dict[str, Any]
    ) -> EnumType: ...
    def __iter__(cls) -> Iterator[Any]: ...
    def __getitem__(cls, key: str) -> Any: ...

class BaseEnum(metaclass=EnumType):
    def __init__(self) -> None: ...

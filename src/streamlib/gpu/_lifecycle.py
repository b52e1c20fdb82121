"""How public objects come to be and end: no public constructor, and ``with`` that ends them.

``NoPublicConstructor`` is trio's ``_util.NoPublicConstructor``: a metaclass, always
paired with ``@final``, whose ``__call__`` raises ``TypeError`` so that users get the
objects from factories (``gpu.create_*``, ``borrow()``, ``VideoFrame.from_texture``).
The library builds instances with ``object.__new__`` and fills their slots itself.
For the type checker, each such class also declares an ``__init__`` taking a
``_Token`` that nobody outside can make, so a call is a static error as well.

``EndsOnExit`` is the one ``__enter__``/``__exit__`` pair: leaving the block calls the
class's ``_end()`` (``release`` for owned handles and frames, ``close`` for a context).
"""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Any, NoReturn, Self, final

__all__ = ["EndsOnExit", "NoPublicConstructor", "Token"]


@final
class Token:
    """Never instantiated: the private argument that makes the public constructors uncallable for mypy."""


class NoPublicConstructor(type):
    """Metaclass: calling the class raises TypeError with the hint the class gives in ``_no_constructor_hint``."""

    # Hidden from type checkers: pyright would check calls against this (any arguments accepted, and
    # the code after a NoReturn call unreachable) instead of each class's token-taking __init__.
    if not TYPE_CHECKING:

        def __call__(cls, *args: Any, **kwargs: Any) -> NoReturn:
            hint = getattr(cls, "_no_constructor_hint", "get one from a GpuContext factory")
            raise TypeError(f"{cls.__name__} has no public constructor; {hint}")


class EndsOnExit:
    """``with obj:`` ends ``obj`` when the block is left, however it is left."""

    __slots__ = ()

    def _end(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._end()

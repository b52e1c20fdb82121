"""The two parallel hierarchies every resource kind is built on.

``_Borrowed`` is the shared state of one resource: the wgpu object, its label,
what it depends on. Each owned resource holds exactly one such object and
``borrow()`` hands out that very object, so borrowing allocates nothing and
every borrow sees a release at once (its ``_raw`` becomes ``None``).

``_Owned`` is the owner's handle: the only place ``release()`` lives. Both
bases keep their bookkeeping in ``__slots__``; the hot-path check is one
attribute read (``_raw is None``), the release claim one ``dict.pop`` in the
context's registry (see ``_tracking``), and the finalizer a plain ``__del__``.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Self, TypeVar, final

from ._errors import BorrowExpiredError, InvalidArgumentError, ResourceReleasedError
from ._tracking import MAINTAIN_EVERY, Registry, capture_stack
from ._tracking import _state as _tracking_state

__all__ = ["_Borrowed", "_Owned", "make_borrowed", "make_owned", "release_state", "take_raw"]

RawT = TypeVar("RawT")
BorrowT = TypeVar("BorrowT", bound="_Borrowed[Any]")
OwnedT = TypeVar("OwnedT", bound="_Owned[Any, Any]")


@final
class _Token:
    """Never instantiated: makes the public classes' constructors uncallable."""


def _no_public_constructor(cls: type) -> TypeError:
    return TypeError(
        f"{cls.__name__} has no public constructor; get one from a GpuContext factory "
        f"(gpu.create_*), from borrow(), or from VideoFrame.data"
    )


def _describe(kind_name: str, label: str) -> str:
    return f"{kind_name} {label!r}" if label else f"{kind_name} (unlabelled)"


def dead_dependency(deps: tuple[_Borrowed[Any], ...]) -> _Borrowed[Any] | None:
    """The first released resource among ``deps`` (recursively), or None when all are alive."""
    for dep in deps:
        if dep._raw is None:
            return dep
        if dep._deps:
            dead = dead_dependency(dep._deps)
            if dead is not None:
                return dead
    return None


class _Borrowed(Generic[RawT]):
    """A resource someone else owns: use it, never release it."""

    __slots__ = ("_deps", "_fate", "_home", "_keep", "_label", "_origin", "_raw", "_recycle")
    _kind: ClassVar[str] = ""
    # Texture and Buffer hold GPU memory: releasing them calls wgpu's destroy() (R2).
    _destroys: ClassVar[bool] = False

    _raw: Any  # the wgpu object (a RawT), or None once released, moved or consumed
    _label: str
    _home: Registry
    _deps: tuple[_Borrowed[Any], ...]
    _keep: tuple[object, ...]
    _recycle: Callable[[RawT], None] | None
    _origin: str | None
    _fate: str | None

    if TYPE_CHECKING:  # the checker sees a private token nobody outside can make: calling the class is an error

        def __init__(self, _token: _Token, /) -> None: ...
    else:  # at run time any call, with or without arguments, gets the same explanation

        def __init__(self, *args, **kwargs):
            raise _no_public_constructor(type(self))

    @property
    def raw(self) -> RawT:
        """The wgpu object underneath, for interop. Never destroy it.

        Raises BorrowExpiredError when the owner has released the resource.
        """
        raw: RawT = self._raw
        if raw is None or (self._deps and dead_dependency(self._deps) is not None):
            raise self._expired_error()
        return raw

    @property
    def label(self) -> str:
        """The label given at creation ("" when none was)."""
        return self._label

    @property
    def _st(self) -> Self:
        return self

    @property
    def _b(self) -> Self:
        # Lets state_of read ``resource._b`` from owned and borrowed handles alike.
        return self

    @property
    def expired(self) -> bool:
        """True once the owner released the resource (or anything it depends on)."""
        return self._raw is None or bool(self._deps and dead_dependency(self._deps) is not None)

    def _expired_error(self) -> BorrowExpiredError:
        me = _describe(type(self).__name__, self._label)
        if self._raw is None:
            return BorrowExpiredError(
                f"{me} has expired: its owner {self._fate or 'released it'}. A borrow is valid only "
                f"while its owner holds the resource; keep an owned reference to use it longer."
            )
        dead = dead_dependency(self._deps)
        assert dead is not None
        return BorrowExpiredError(
            f"{me} has expired: it depends on {_describe(dead._kind, dead._label)}, which "
            f"{dead._fate or 'was released'}."
        )

    def __repr__(self) -> str:
        state = " expired" if self.expired else ""
        return f"<{_describe(type(self).__name__, self._label)}{state}>"


class _Owned(Generic[RawT, BorrowT]):
    """A resource you own: you must release it (or use ``with``), and you may."""

    __slots__ = ("_b",)
    _borrowed_type: ClassVar[type[_Borrowed[Any]]]
    # Views are covered by their texture (R5/R7): collected unreleased, they are released silently.
    _warn_on_gc: ClassVar[bool] = True

    _b: BorrowT

    if TYPE_CHECKING:  # the checker sees a private token nobody outside can make: calling the class is an error

        def __init__(self, _token: _Token, /) -> None: ...
    else:  # at run time any call, with or without arguments, gets the same explanation

        def __init__(self, *args, **kwargs):
            raise _no_public_constructor(type(self))

    @property
    def raw(self) -> RawT:
        """The wgpu object underneath, for interop. Never destroy it; release() this handle instead.

        Raises ResourceReleasedError once released or moved.
        """
        b = self._b
        raw = b._raw
        if raw is None or (b._deps and dead_dependency(b._deps) is not None):
            raise self._released_error()
        return raw  # type: ignore[no-any-return]

    @property
    def label(self) -> str:
        """The label given at creation ("" when none was)."""
        return self._b._label

    @property
    def _st(self) -> BorrowT:
        return self._b

    @property
    def released(self) -> bool:
        """True once released, moved, or unusable because something it depends on was released."""
        return self._b.expired

    def borrow(self) -> BorrowT:
        """A borrowed handle to this resource: zero-copy, valid until this owner releases it.

        Raises ResourceReleasedError when this handle was already released or moved, or when
        something it depends on was (like ``released``).
        """
        b = self._b
        if b._raw is None or (b._deps and dead_dependency(b._deps) is not None):
            raise self._released_error()
        return b

    def release(self) -> None:
        """Release the resource now. Idempotent and thread-safe; every later use raises ResourceReleasedError."""
        b = self._b
        if b._raw is not None:
            release_state(b, _released_fate("was released") if _tracking_state["tracebacks"] else "was released")

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()

    def __del__(self) -> None:
        # Never raise, never crash: this may run at interpreter exit with modules half torn down.
        try:
            b = self._b
            if b._raw is None or not release_state(b, "was garbage-collected without release()"):
                return
            if type(self)._warn_on_gc:
                where = f"; created at:\n{b._origin}" if b._origin else ""
                warnings.warn(
                    f"{_describe(type(self).__name__, b._label)} was never released; streamlib released it "
                    f"when it was garbage-collected. Call release() or use 'with'{where}",
                    ResourceWarning,
                    stacklevel=2,
                )
        except Exception:
            pass

    def _released_error(self) -> ResourceReleasedError:
        b = self._b
        me = _describe(type(self).__name__, b._label)
        if b._raw is None:
            return ResourceReleasedError(f"{me} {b._fate or 'was released'}; it cannot be used any more.")
        dead = dead_dependency(b._deps)
        assert dead is not None
        return ResourceReleasedError(
            f"{me} cannot be used: it depends on {_describe(dead._kind, dead._label)}, which "
            f"{dead._fate or 'was released'}."
        )

    def __repr__(self) -> str:
        state = " released" if self.released else ""
        return f"<{_describe(type(self).__name__, self._b._label)}{state}>"


def _released_fate(what: str) -> str:
    if not _tracking_state["tracebacks"]:
        return what
    where = capture_stack()
    return f"{what} at:\n{where}" if where else what


def take_raw(b: _Borrowed[RawT], fate: str) -> RawT | None:
    """Claim the resource held by ``b``: end every handle to it and return the wgpu object.

    Exactly one caller gets the object; every other (concurrent or later) gets None.
    """
    if b._home.live.pop(id(b), None) is None:
        return None
    raw: RawT | None = b._raw
    b._raw = None
    b._fate = fate
    b._keep = ()
    return raw


def release_state(b: _Borrowed[Any], fate: str) -> bool:
    """Release ``b``'s resource: destroy or recycle it exactly once. False when already released."""
    recycle = b._recycle
    raw = take_raw(b, fate)
    if raw is None:
        return False
    try:
        if recycle is not None:
            recycle(raw)
        elif b._destroys:
            raw.destroy()
    finally:
        # Registry.maintain() inline: this runs for every release, often per frame.
        home = b._home
        home._pending += 1
        if home._pending >= MAINTAIN_EVERY:
            home._pending = 0
            home.poll()
    return True


_new = object.__new__


def make_borrowed(
    cls: type[BorrowT],
    raw: Any,
    label: str,
    home: Registry,
    deps: tuple[_Borrowed[Any], ...] = (),
) -> BorrowT:
    """A borrowed handle that no owner tracks: a view derived from a borrowed resource."""
    b = _new(cls)
    b._raw = raw
    b._label = label
    b._home = home
    b._deps = deps
    b._keep = ()
    b._recycle = None
    b._origin = None
    b._fate = None
    return b


def make_owned(
    cls: type[OwnedT],
    raw: Any,
    label: str,
    home: Registry,
    deps: tuple[_Borrowed[Any], ...] = (),
    keep: tuple[object, ...] = (),
    recycle: Callable[[Any], None] | None = None,
) -> OwnedT:
    """Wrap a wgpu object the library just created: returns an owned handle registered as live."""
    b = _new(cls._borrowed_type)
    b._raw = raw
    b._label = label
    b._home = home
    b._deps = deps
    b._keep = keep
    b._recycle = recycle
    # The flag test inline: a call per creation is measurable on the per-frame path.
    b._origin = capture_stack() if _tracking_state["tracebacks"] else None
    b._fate = None
    owned = _new(cls)
    owned._b = b
    home.live[id(b)] = b
    return owned


def move_owned(owned: OwnedT, into: str) -> OwnedT:
    """Move ``owned`` into a new owned handle of the same resource; the old handle is dead afterwards."""
    b = owned._b
    deps, keep, recycle, origin = b._deps, b._keep, b._recycle, b._origin
    raw = take_raw(b, f"was moved into {into}")
    if raw is None:
        raise owned._released_error()
    moved = make_owned(type(owned), raw, b._label, b._home, deps, keep, recycle)
    moved._b._origin = origin
    return moved


def state_of(resource: object, kind: str | tuple[str, ...], what: str) -> _Borrowed[Any]:
    """The live state behind an owned or borrowed ``resource`` of ``kind`` (or one of kinds), checked for use by ``what``.

    Raises InvalidArgumentError for anything that is not a streamlib resource of that
    kind, ResourceReleasedError / BorrowExpiredError for one that may no longer be used.
    ``what`` should be a constant string: this runs several times per frame.
    """
    try:
        # Owned handles hold their state in ``_b``; a borrowed handle's ``_b`` is itself.
        b: _Borrowed[Any] = resource._b  # type: ignore[attr-defined]
        found = b._kind
    except AttributeError:
        raise _not_a_resource(resource, kind, what) from None
    if found != kind and (type(kind) is str or found not in kind):
        raise _not_a_resource(resource, kind, what)
    if b._raw is None or (b._deps and dead_dependency(b._deps) is not None):
        err = resource._released_error() if isinstance(resource, _Owned) else b._expired_error()
        raise type(err)(f"{what}: {err}")
    return b


def _not_a_resource(resource: object, kind: str | tuple[str, ...], what: str) -> Exception:
    wanted = kind if isinstance(kind, str) else " or ".join(kind)
    if isinstance(resource, (_Owned, _Borrowed)):
        return InvalidArgumentError(f"{what} needs a {wanted}, got {resource!r}")
    hint = " (wrap raw wgpu objects by creating them through GpuContext)" if "wgpu" in type(resource).__module__ else ""
    return InvalidArgumentError(f"{what} needs a streamlib {wanted}, got {type(resource).__name__}{hint}")

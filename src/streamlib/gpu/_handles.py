"""The two parallel hierarchies every resource kind is built on.

``_Borrowed`` is the shared state of one resource: the wgpu object, its label,
what it depends on. Each owned resource holds exactly one such object and
``borrow()`` hands out that very object, so borrowing allocates nothing and
every borrow sees a release at once (its ``_raw`` becomes ``None``).

``_Owned`` is the owner's handle: the only place ``release()`` lives. Both
bases keep their bookkeeping in ``__slots__``; the hot-path check is one
attribute read (``_raw is None``), the release claim one ``dict.pop`` in the
context's registry (see ``_tracking``), and the finalizer a plain ``__del__``.
The rules they implement (R1-R9) are in docs/architecture.md.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Self, TypeVar

from ._errors import BorrowExpiredError, InvalidArgumentError, InvalidTypeError, ResourceReleasedError
from ._lifecycle import EndsOnExit, NoPublicConstructor, Token
from ._tracking import MAINTAIN_EVERY, VIEW_ATTR, Registry, capture_stack
from ._tracking import settings as tracking_settings

__all__ = [
    "_Borrowed",
    "_Owned",
    "check_context",
    "dead_dependency",
    "describe",
    "finish_deferred",
    "hold",
    "make_borrowed",
    "make_owned",
    "move_owned",
    "release_state",
    "state_of",
    "take_raw",
    "unuse",
    "unuse_all",
]

RawT = TypeVar("RawT")
BorrowT = TypeVar("BorrowT", bound="_Borrowed[Any]")
OwnedT = TypeVar("OwnedT", bound="_Owned[Any, Any]")

_FACTORY_HINT = "get one from a GpuContext factory (gpu.create_*), from borrow(), or from VideoFrame.data"


def describe(kind_name: str, label: str) -> str:
    """A resource as messages name it: ``Texture 'camera'``."""
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


class _Borrowed(Generic[RawT], metaclass=NoPublicConstructor):
    """A resource someone else owns: use it, never release it."""

    __slots__ = (
        "_deps",
        "_end_reason",
        "_keep",
        "_label",
        "_origin",
        "_raw",
        "_recycle",
        "_registry",
        "_users",
        "_wrapped",
    )
    _kind: ClassVar[str] = ""
    # Texture and Buffer hold GPU memory: releasing them calls wgpu's destroy() (R2).
    _destroys: ClassVar[bool] = False

    _raw: Any  # the wgpu object (a RawT), or None once released, moved or consumed
    _label: str
    _registry: Registry[_Borrowed[Any]]
    _deps: tuple[_Borrowed[Any], ...]
    _keep: tuple[object, ...]
    _recycle: Callable[[RawT], None] | None
    _origin: str | None
    _end_reason: str | None  # how it ended, for messages: "was released", "was moved into ..."
    # One entry per native call using the resource right now: its release defers the
    # destroy to the last of them (see release_state and unuse).
    _users: list[None]
    # Read only for the kinds the lean binding holds as native handles (gpu/_native.py): their
    # wgpu-py object, made on the first ``.raw``; every release clears it, whatever the kind.
    _wrapped: Any
    _no_constructor_hint: ClassVar[str] = _FACTORY_HINT

    if TYPE_CHECKING:  # a private token nobody outside can make: calling the class is a static error too

        def __init__(self, _token: Token, /) -> None: ...

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
    def _state(self) -> Self:
        # A borrowed handle is its own state: code reads ``handle._state`` of owned and borrowed alike.
        return self

    @property
    def expired(self) -> bool:
        """True once the owner released the resource (or anything it depends on)."""
        return self._raw is None or bool(self._deps and dead_dependency(self._deps) is not None)

    def _expired_error(self) -> BorrowExpiredError:
        me = describe(type(self).__name__, self._label)
        if self._raw is None:
            return BorrowExpiredError(
                f"{me} has expired: its owner {self._end_reason or 'released it'}. A borrow is valid only "
                f"while its owner holds the resource; keep an owned reference to use it longer."
            )
        dead = dead_dependency(self._deps)
        assert dead is not None
        return BorrowExpiredError(
            f"{me} has expired: it depends on {describe(dead._kind, dead._label)}, which "
            f"{dead._end_reason or 'was released'}."
        )

    def __repr__(self) -> str:
        state = " expired" if self.expired else ""
        return f"<{describe(type(self).__name__, self._label)}{state}>"


class _Owned(EndsOnExit, Generic[RawT, BorrowT], metaclass=NoPublicConstructor):
    """A resource you own: you must release it (or use ``with``), and you may."""

    __slots__ = ("_state",)
    _borrowed_type: ClassVar[type[_Borrowed[Any]]]
    # Views are covered by their texture (R5/R7): collected unreleased, they are released silently.
    _warn_on_gc: ClassVar[bool] = True
    _no_constructor_hint: ClassVar[str] = _FACTORY_HINT

    _state: BorrowT

    if TYPE_CHECKING:  # a private token nobody outside can make: calling the class is a static error too

        def __init__(self, _token: Token, /) -> None: ...

    @property
    def raw(self) -> RawT:
        """The wgpu object underneath, for interop. Never destroy it; release() this handle instead.

        Raises ResourceReleasedError once released or moved.
        """
        b = self._state
        raw = b._raw
        if raw is None or (b._deps and dead_dependency(b._deps) is not None):
            raise self._released_error()
        return raw  # type: ignore[no-any-return]

    @property
    def label(self) -> str:
        """The label given at creation ("" when none was)."""
        return self._state._label

    @property
    def released(self) -> bool:
        """True once released, moved, or unusable because something it depends on was released."""
        return self._state.expired

    def borrow(self) -> BorrowT:
        """A borrowed handle to this resource: zero-copy, valid until this owner releases it.

        Raises ResourceReleasedError when this handle was already released or moved, or when
        something it depends on was (like ``released``).
        """
        b = self._state
        if b._raw is None or (b._deps and dead_dependency(b._deps) is not None):
            raise self._released_error()
        return b

    def release(self) -> None:
        """Release the resource now. Idempotent and thread-safe; every later use raises ResourceReleasedError."""
        b = self._state
        if b._raw is not None:
            release_state(
                b, _end_reason_with_stack("was released") if tracking_settings["tracebacks"] else "was released"
            )

    def _end(self) -> None:  # leaving a ``with`` block
        self.release()

    def __del__(self) -> None:
        # Never raise, never crash: this may run at interpreter exit with modules half torn down.
        try:
            b = self._state
            if b._raw is None or not release_state(b, "was garbage-collected without release()"):
                return
            if type(self)._warn_on_gc:
                where = f"; created at:\n{b._origin}" if b._origin else ""
                warnings.warn(
                    f"{describe(type(self).__name__, b._label)} was never released; streamlib released it "
                    f"when it was garbage-collected. Call release() or use 'with'{where}",
                    ResourceWarning,
                    stacklevel=2,
                )
        except Exception:
            pass

    def _released_error(self) -> ResourceReleasedError:
        b = self._state
        me = describe(type(self).__name__, b._label)
        if b._raw is None:
            return ResourceReleasedError(f"{me} {b._end_reason or 'was released'}; it cannot be used any more.")
        dead = dead_dependency(b._deps)
        assert dead is not None
        return ResourceReleasedError(
            f"{me} cannot be used: it depends on {describe(dead._kind, dead._label)}, which "
            f"{dead._end_reason or 'was released'}."
        )

    def __repr__(self) -> str:
        state = " released" if self.released else ""
        return f"<{describe(type(self).__name__, self._state._label)}{state}>"


def _end_reason_with_stack(what: str) -> str:
    if not tracking_settings["tracebacks"]:
        return what
    where = capture_stack()
    return f"{what} at:\n{where}" if where else what


def take_raw(b: _Borrowed[RawT], end_reason: str) -> RawT | None:
    """Claim the resource held by ``b``: end every handle to it and return the wgpu object.

    Exactly one caller gets the object; every other (concurrent or later) gets None.
    """
    if b._registry.live.pop(id(b), None) is None:
        return None
    raw: RawT | None = b._raw
    b._raw = None
    b._end_reason = end_reason
    b._keep = ()
    b._wrapped = None
    return raw


def release_state(b: _Borrowed[Any], end_reason: str) -> bool:
    """Release ``b``'s resource: destroy or recycle it exactly once. False when already released."""
    # take_raw inline: this runs for every release, a pooled frame's included.
    if b._registry.live.pop(id(b), None) is None:
        return False
    raw = b._raw
    recycle = b._recycle
    b._raw = None
    b._end_reason = end_reason
    b._keep = ()
    b._wrapped = None
    if b._users:
        # A native call is using it now: destroying it under that call would abort the
        # process inside wgpu-native. Leave the destroy to the last user (unuse); the
        # entry is the claim, so exactly one of us does it. Users mark themselves before
        # they check ``_raw``, we cleared ``_raw`` before looking at ``_users``: under the
        # GIL either they see the release or we see them.
        deferred = b._registry.deferred
        deferred[id(b)] = (b, raw)
        if b._users or deferred.pop(id(b), None) is None:
            return True
    if recycle is None:
        _finish(b, raw, None)
        return True
    try:  # _finish's recycle branch, inline: a pooled frame's every release comes here
        recycle(raw)
    finally:
        registry = b._registry
        registry._pending += 1
        if registry._pending >= MAINTAIN_EVERY:
            registry._pending = 0
            registry.poll()
    return True


def finish_deferred(b: _Borrowed[Any]) -> None:
    """Destroy (or recycle) ``b``'s resource if its release was deferred to the last user, now gone."""
    item = b._registry.deferred.pop(id(b), None)
    if item is not None:
        _finish(b, item[1], b._recycle)


def unuse(b: _Borrowed[Any]) -> None:
    """End one use of ``b`` begun with ``b._users.append(None)``; finishes a release deferred to it."""
    users = b._users
    users.pop()
    if b._raw is None and not users:
        finish_deferred(b)


def unuse_all(held: list[_Borrowed[Any]]) -> None:
    """End every use ``hold`` (or submit's marking) began, in ``held``: ``unuse`` for each, inline.

    One call per native call: submit and the per-frame dispatch end six or more uses a frame.
    """
    for b in held:
        users = b._users
        users.pop()
        if b._raw is None and not users:
            finish_deferred(b)


def hold(b: _Borrowed[Any], held: list[_Borrowed[Any]]) -> None:
    """Mark ``b`` and everything it depends on in use, appending each to ``held`` (end each with unuse)."""
    b._users.append(None)
    held.append(b)
    for dep in b._deps:
        hold(dep, held)


def check_context(b: _Borrowed[Any], registry: Registry[_Borrowed[Any]], what: str) -> None:
    """Raise InvalidArgumentError when ``b`` belongs to another GpuContext than ``registry``'s.

    wgpu-native aborts the process when one device's objects reach another's calls.
    """
    if b._registry is not registry:
        raise InvalidArgumentError(
            f"{what}: {describe(b._kind, b._label)} belongs to GpuContext {b._registry.name!r}, not "
            f"{registry.name!r}; use it with that context"
        )


def _finish(b: _Borrowed[Any], raw: Any, recycle: Callable[[Any], None] | None) -> None:
    registry = b._registry
    # Cached bind groups over a resource released for good go first, and a destroyed texture
    # drops its cached default view. A recycled texture keeps both for its next owner: the wgpu
    # texture lives on in the pool, and the next owner's handles depend on the next owner's
    # state (docs/architecture.md, "Caches"). One dict lookup when nothing is cached.
    if recycle is None and registry.bound_by:
        registry.forget(raw)
    try:
        if recycle is not None:
            recycle(raw)
        elif b._destroys:
            if b._kind == "Texture":
                raw.__dict__.pop(VIEW_ATTR, None)  # the view refers to the texture: no cycle left for gc
            raw.destroy()
    finally:
        # Poll every MAINTAIN_EVERY releases, inline: this runs for every release, often per frame.
        registry._pending += 1
        if registry._pending >= MAINTAIN_EVERY:
            registry._pending = 0
            registry.poll()


_new = object.__new__


def make_borrowed(
    cls: type[BorrowT],
    raw: Any,
    label: str,
    registry: Registry[_Borrowed[Any]],
    deps: tuple[_Borrowed[Any], ...] = (),
) -> BorrowT:
    """A borrowed handle that no owner tracks: a view derived from a borrowed resource."""
    b = _new(cls)
    b._raw = raw
    b._label = label
    b._registry = registry
    b._deps = deps
    b._keep = ()
    b._recycle = None
    b._origin = None
    b._end_reason = None
    b._users = []
    return b


def make_owned(
    cls: type[OwnedT],
    raw: Any,
    label: str,
    registry: Registry[_Borrowed[Any]],
    deps: tuple[_Borrowed[Any], ...] = (),
    keep: tuple[object, ...] = (),
    recycle: Callable[[Any], None] | None = None,
) -> OwnedT:
    """Wrap a wgpu object the library just created: returns an owned handle registered as live."""
    b = _new(cls._borrowed_type)
    b._raw = raw
    b._label = label
    b._registry = registry
    b._deps = deps
    b._keep = keep
    b._recycle = recycle
    # The flag test inline: a call per creation is measurable on the per-frame path.
    b._origin = capture_stack() if tracking_settings["tracebacks"] else None
    b._end_reason = None
    b._users = []
    owned = _new(cls)
    owned._state = b
    registry.live[id(b)] = b
    return owned


def move_owned(owned: OwnedT, into: str) -> OwnedT:
    """Move ``owned`` into a new owned handle of the same resource; the old handle is dead afterwards."""
    b = owned._state
    deps, keep, recycle, origin = b._deps, b._keep, b._recycle, b._origin
    raw = take_raw(b, f"was moved into {into}")
    if raw is None:
        raise owned._released_error()
    moved = make_owned(type(owned), raw, b._label, b._registry, deps, keep, recycle)
    moved._state._origin = origin
    return moved


def state_of(resource: object, kind: str | tuple[str, ...], what: str) -> _Borrowed[Any]:
    """The live state behind an owned or borrowed ``resource`` of ``kind`` (or one of kinds), checked for use by ``what``.

    Raises InvalidArgumentError for anything that is not a streamlib resource of that
    kind, ResourceReleasedError / BorrowExpiredError for one that may no longer be used.
    ``what`` should be a constant string: this runs several times per frame.
    """
    try:
        # Owned handles hold their state in ``_state``; a borrowed handle's ``_state`` is itself.
        b: _Borrowed[Any] = resource._state  # type: ignore[attr-defined]
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
    # A resource of the wrong kind, or no resource at all, is a wrong type: InvalidTypeError (a TypeError).
    wanted = kind if isinstance(kind, str) else " or ".join(kind)
    if isinstance(resource, (_Owned, _Borrowed)):
        return InvalidTypeError(f"{what} needs a {wanted}, got {resource!r}")
    hint = " (wrap raw wgpu objects by creating them through GpuContext)" if "wgpu" in type(resource).__module__ else ""
    return InvalidTypeError(f"{what} needs a streamlib {wanted}, got {type(resource).__name__}{hint}")

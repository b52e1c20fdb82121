"""TexturePool: owned textures that go back to a pool on release instead of being destroyed.

A pooled texture is an ordinary ``OwnedTexture``: ``release()`` (or the frame
holding it dropping its last reference) hands the wgpu texture back through the
core's ``recycle`` hook. The next ``acquire`` of the same size, format and usage
wraps that wgpu texture in a *new* owned state, so every borrow of the old owner
(``frame.data``, views, bind groups) has already expired: a recycled texture is
never reachable through an old handle.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from typing import Any, NamedTuple, Protocol

from ._errors import InvalidTypeError, ResourceReleasedError, checked_int, int_error, label_error
from ._formats import default_texture_usage
from ._handles import _Borrowed, make_owned
from ._memory import OwnedTexture
from ._tracking import Registry

__all__ = ["PoolStats", "TextureFactory", "TexturePool"]


class TextureFactory(Protocol):
    """What a pool needs of its GpuContext: a way to make textures and the registry they live in."""

    _registry: Registry[_Borrowed[Any]]

    @property
    def closed(self) -> bool: ...

    def create_texture(
        self, width: int, height: int, *, format: str = ..., usage: int | None = ..., label: str = ...
    ) -> OwnedTexture: ...

    def poll(self) -> None: ...


_Key = tuple[int, int, str, int]


class PoolStats(NamedTuple):
    """A snapshot of a pool's counters."""

    hits: int
    """Acquires served by an idle texture."""
    misses: int
    """Acquires that had to create a texture (a steady-state pipeline stops adding to these)."""
    live: int
    """Textures lent out now (acquired and not yet released)."""
    peak: int
    """The most textures ever lent out at once."""
    idle: int
    """Textures waiting in the pool for reuse."""


class TexturePool:
    """Reuses GPU textures so that a steady-state pipeline allocates none per frame.

    ``acquire`` returns an *owned* texture; releasing it returns the texture to the
    pool (and expires every borrow of it). At most ``max_idle`` textures wait in the
    pool; when one more comes back, the longest-idle one is destroyed. Thread-safe.
    ``close()`` destroys the idle textures; textures still lent are destroyed when released.
    """

    __slots__ = ("_closed", "_gpu", "_hits", "_hooks", "_idle", "_live", "_lock", "_max_idle", "_misses", "_peak")

    def __init__(self, gpu: TextureFactory, *, max_idle: int = 16) -> None:
        if not callable(getattr(gpu, "create_texture", None)) or not hasattr(gpu, "_registry"):
            raise InvalidTypeError(
                f"TexturePool: needs a GpuContext (make one with GpuContext.create()), got {type(gpu).__name__}"
            )
        if type(max_idle) is not int or max_idle < 0:
            raise int_error("TexturePool", "max_idle", max_idle, 0)
        self._gpu = gpu
        self._max_idle = max_idle
        # Idle textures oldest first; acquire takes the newest match (warmest in caches),
        # overflow destroys the oldest, so sizes no longer used age out.
        self._idle: list[tuple[_Key, Any]] = []
        # One recycle hook per key, so a returning texture's key is known without reading
        # four properties of the wgpu texture on every release.
        self._hooks: dict[_Key, Callable[[Any], None]] = {}
        # Reentrant: a pooled texture garbage-collected while this thread holds the lock
        # comes back through _recycle on the same thread.
        self._lock = threading.RLock()
        self._hits = 0
        self._misses = 0
        self._live = 0
        self._peak = 0
        self._closed = False

    @property
    def max_idle(self) -> int:
        """How many released textures may wait in the pool; more are destroyed."""
        return self._max_idle

    @property
    def closed(self) -> bool:
        """True once close() has run (acquire then raises ResourceReleasedError)."""
        return self._closed

    def acquire(
        self, width: int, height: int, *, format: str = "rgba8unorm", usage: int | None = None, label: str = ""
    ) -> OwnedTexture:
        """A ``width`` x ``height`` texture, reused from the pool when one fits, else created.

        Returns an owned texture: release it (directly or by moving it into a VideoFrame
        and releasing the frame) to give it back. Its contents are whatever the last user
        left there. ``usage`` defaults as in ``GpuContext.create_texture``. Raises
        InvalidTypeError / InvalidArgumentError for arguments create_texture would refuse
        (checked before an idle texture is looked up, so a float size never matches one),
        ResourceReleasedError once the pool or its context is closed.
        """
        # The per-frame case in one test; the messages are built only on error.
        if not (type(width) is int and type(height) is int and width > 0 and height > 0 and type(label) is str):
            width, height = _checked_acquire(width, height, label)
        if type(format) is str:
            fmt = format
        elif isinstance(format, str):  # a TextureFormat member
            fmt = str(format)
        else:
            raise InvalidTypeError(
                f"TexturePool.acquire {label!r}: format must be a str (see streamlib.TextureFormat), "
                f"got {type(format).__name__} {format!r}"
            )
        given: object = usage  # typed object: callers without a type checker pass anything
        if given is None:
            use = default_texture_usage(fmt)
        elif type(given) is int:
            use = given
        elif isinstance(given, int) and not isinstance(given, bool):  # a TextureUsage flag
            use = int(given)
        else:
            raise InvalidTypeError(
                f"TexturePool.acquire {label!r}: usage must be TextureUsage flags (an int), "
                f"got {type(given).__name__} {given!r}"
            )
        key: _Key = (width, height, fmt, use)
        raw: Any = None
        with self._lock:
            if self._closed or self._gpu.closed:
                raise ResourceReleasedError(
                    f"TexturePool.acquire {label!r}: the pool (or its GpuContext) was closed; "
                    f"use a new pool (or gpu.texture_pool) on an open context"
                )
            idle = self._idle
            for i in range(len(idle) - 1, -1, -1):
                if idle[i][0] == key:
                    raw = idle.pop(i)[1]
                    break
            if raw is not None:
                self._hits += 1
                self._lend()
                return make_owned(OwnedTexture, raw, label, self._gpu._registry, recycle=self._hooks[key])
        # Create outside the lock: creation is slow and may raise (bad size, closed context).
        texture = self._gpu.create_texture(width, height, format=fmt, usage=use, label=label)
        with self._lock:
            hook = self._hooks.get(key)
            if hook is None:
                hook = self._hooks[key] = partial(self._recycle, key)
            texture._state._recycle = hook
            self._misses += 1
            self._lend()
        return texture

    def _lend(self) -> None:
        self._live += 1
        if self._live > self._peak:
            self._peak = self._live

    def _recycle(self, key: _Key, raw: Any) -> None:
        """The core's recycle hook (bound to ``key``): ``raw``'s owner was just released (its borrows already expired)."""
        destroy: list[Any] = []
        with self._lock:
            self._live -= 1
            if self._closed or self._max_idle == 0:
                destroy.append(raw)
            else:
                self._idle.append((key, raw))
                while len(self._idle) > self._max_idle:
                    destroy.append(self._idle.pop(0)[1])
        for r in destroy:
            r.destroy()

    def stats(self) -> PoolStats:
        """Hits, misses, live (lent now), peak and idle counts, taken together."""
        with self._lock:
            return PoolStats(self._hits, self._misses, self._live, self._peak, len(self._idle))

    def clear(self) -> None:
        """Destroy every idle texture now (lent ones are unaffected)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for _, raw in idle:
            raw.destroy()
        self._gpu.poll()

    def close(self) -> None:
        """Destroy the idle textures and stop lending. Idempotent; lent textures are destroyed on release."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self.clear()

    def __repr__(self) -> str:
        s = self.stats()
        state = " closed" if self._closed else ""
        return f"<TexturePool live={s.live} idle={s.idle} hits={s.hits} misses={s.misses}{state}>"


def _checked_acquire(width: object, height: object, label: object) -> tuple[int, int]:
    """An acquire's size as plain ints, or the error for a wrong size or label (only run when the fast test failed)."""
    if type(label) is not str:
        raise label_error("TexturePool.acquire", label)
    what = f"TexturePool.acquire {label!r}"
    return checked_int(what, "width", width, 1), checked_int(what, "height", height, 1)

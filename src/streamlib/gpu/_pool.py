"""TexturePool: owned textures that go back to a pool on release instead of being destroyed.

A pooled texture is an ordinary ``OwnedTexture``: ``release()`` (or the frame
holding it dropping its last reference) hands the wgpu texture back through the
core's ``recycle`` hook. The next ``acquire`` of the same size, format and usage
wraps that wgpu texture in a *new* owned state, so every borrow of the old owner
(``frame.data``, views, bind groups) has already expired: a recycled texture is
never reachable through an old handle.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from typing import Any, NamedTuple, Protocol

from ._enums import TextureUsage
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
# A free list's entries: (return number, wgpu texture), in the order they came back.
_FreeList = list[tuple[int, Any]]
# What the pool's dict maps a key to: the free list and the recycle hook that appends to it.
_Slot = tuple[_FreeList, Callable[[Any], None]]

# Usage argument types whose values can only equal a checked key's usage as themselves (a bool or
# float equal to an int must not hit a list: it goes the slow way, which refuses it).
_PLAIN_USAGE = frozenset({type(None), int, TextureUsage})


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

    __slots__ = (
        "_closed",
        "_free",
        "_gpu",
        "_hits",
        "_idle",
        "_lists",
        "_live",
        "_lock",
        "_max_idle",
        "_misses",
        "_peak",
        "_registry",
        "_returns",
    )

    def __init__(self, gpu: TextureFactory, *, max_idle: int = 16) -> None:
        if not callable(getattr(gpu, "create_texture", None)) or not hasattr(gpu, "_registry"):
            raise InvalidTypeError(
                f"TexturePool: needs a GpuContext (make one with GpuContext.create()), got {type(gpu).__name__}"
            )
        if type(max_idle) is not int or max_idle < 0:
            raise int_error("TexturePool", "max_idle", max_idle, 0)
        self._gpu = gpu
        self._registry = gpu._registry
        self._max_idle = max_idle
        # One free list per key (size, format, usage) with its recycle hook: a hit is one dict
        # lookup and a pop. The dict also maps the keys callers spell (usage=None, a
        # TextureFormat member) to the same slot once one such acquire was checked, so a hit
        # never normalizes. A list holds (return number, wgpu texture), newest last: acquire
        # pops the newest (warmest in caches), and each list's oldest is its first entry.
        self._free: dict[tuple[Any, ...], _Slot] = {}
        # Each free list once (the dict may hold one under several keys): overflow destroys the
        # entry with the lowest return number among their first entries, so sizes no longer
        # used age out without an ordered index to keep up on every acquire and release.
        self._lists: list[_FreeList] = []
        # Return numbers: ``next`` is atomic, so the hook takes one before it takes the lock.
        self._returns = itertools.count()
        # Reentrant: a pooled texture garbage-collected while this thread holds the lock comes
        # back through its recycle hook on the same thread. The fast paths allocate nothing the
        # collector tracks under it, so that only happens on the slow paths.
        self._lock = threading.RLock()
        self._hits = 0
        self._misses = 0
        self._live = 0
        self._peak = 0
        self._idle = 0
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
        # The per-frame case: plain types (a TextureUsage flag and a TextureFormat member hash
        # and compare as their int and str) and a key already checked once; one dict lookup.
        if (
            type(width) is int
            and type(height) is int
            and width > 0
            and height > 0
            and type(label) is str
            and type(usage) in _PLAIN_USAGE
        ):
            slot = self._free.get((width, height, format, usage))
            # ``halt``: the context is closed (or lost, or the interpreter exiting); the slow
            # path says which. A closed pool needs no test: close() empties the lists under the
            # lock and the hooks append nothing once it is closed.
            if slot is not None and slot[0] and not self._registry.halt:
                free = slot[0]
                with self._lock:
                    if free:
                        raw = free.pop()[1]
                        self._hits += 1
                        self._idle -= 1
                        live = self._live = self._live + 1
                        if live > self._peak:
                            self._peak = live
                    else:
                        raw = None  # another thread took the last one
                if raw is not None:
                    # Outside the lock: it allocates (the collector may run a hook).
                    return make_owned(OwnedTexture, raw, label, self._registry, recycle=slot[1])
        return self._acquire_slow(width, height, format, usage, label)

    def _acquire_slow(
        self, width: object, height: object, format: object, usage: object, label: object
    ) -> OwnedTexture:
        """``acquire`` for a first size, odd argument types, an empty free list or a closed pool."""
        if not (type(width) is int and type(height) is int and width > 0 and height > 0 and type(label) is str):
            width, height = _checked_acquire(width, height, label)
        assert type(label) is str
        if type(format) is str:
            fmt = format
        elif isinstance(format, str):  # a TextureFormat member
            fmt = str(format)
        else:
            raise InvalidTypeError(
                f"TexturePool.acquire {label!r}: format must be a str (see streamlib.TextureFormat), "
                f"got {type(format).__name__} {format!r}"
            )
        given = usage
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
        with self._lock:
            if self._closed or self._gpu.closed:
                raise ResourceReleasedError(
                    f"TexturePool.acquire {label!r}: the pool (or its GpuContext) was closed; "
                    f"use a new pool (or gpu.texture_pool) on an open context"
                )
            slot = self._free.get(key)
            if slot is not None and slot[0]:
                raw = slot[0].pop()[1]
                self._hits += 1
                self._idle -= 1
                self._lend()
                return make_owned(OwnedTexture, raw, label, self._registry, recycle=slot[1])
        # Create outside the lock: creation is slow and may raise (bad size, closed context).
        texture = self._gpu.create_texture(width, height, format=fmt, usage=use, label=label)
        with self._lock:
            slot = self._free.get(key)
            if slot is None:
                free: _FreeList = []
                slot = self._free[key] = (free, self._make_hook(free))
                self._lists.append(free)
            # The spelling this caller used finds the same slot next time (checked: create_texture took it).
            if type(usage) in _PLAIN_USAGE:
                self._free.setdefault((width, height, format, usage), slot)
            texture._state._recycle = slot[1]
            self._misses += 1
            self._lend()
        return texture

    def _lend(self) -> None:
        self._live += 1
        if self._live > self._peak:
            self._peak = self._live

    def _make_hook(self, free: _FreeList) -> Callable[[Any], None]:
        """The core's recycle hook for textures of one key: ``raw``'s owner was just released (its borrows expired)."""
        lock = self._lock
        append = free.append
        returns = self._returns
        registry = self._registry

        def recycle(raw: Any) -> None:
            # The tuple before the lock: allocating it may run the collector (and a hook).
            item = (next(returns), raw)
            with lock:
                self._live -= 1
                if self._idle < self._max_idle and not self._closed and not registry.halt:
                    append(item)
                    self._idle += 1
                    return
            self._overflow(free, item)

        return recycle

    def _overflow(self, free: _FreeList, item: tuple[int, Any]) -> None:
        """The hook's slow path: keep ``item`` and destroy the longest-idle texture, or destroy ``item``."""
        with self._lock:
            if self._closed or self._registry.halt or not self._max_idle:
                victim = item[1]
            else:
                free.append(item)
                if self._idle < self._max_idle:  # another thread took one meanwhile
                    self._idle += 1
                    return
                oldest = min((lst for lst in self._lists if lst), key=_first_return)
                victim = oldest.pop(0)[1]
        victim.destroy()

    def stats(self) -> PoolStats:
        """Hits, misses, live (lent now), peak and idle counts, taken together."""
        with self._lock:
            return PoolStats(self._hits, self._misses, self._live, self._peak, self._idle)

    def clear(self) -> None:
        """Destroy every idle texture now (lent ones are unaffected)."""
        with self._lock:
            idle = [raw for free in self._lists for _, raw in free]
            for free in self._lists:
                free.clear()
            self._idle = 0
        for raw in idle:
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


def _first_return(free: _FreeList) -> int:
    """The return number of ``free``'s longest-idle entry (overflow destroys the lowest)."""
    return free[0][0]

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
from ._memory import BorrowedTexture, OwnedTexture
from ._tracking import Registry, capture_stack
from ._tracking import settings as tracking_settings

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
_new = object.__new__
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
        "_dropped",
        "_existing",
        "_free",
        "_gpu",
        "_lists",
        "_lock",
        "_max_idle",
        "_misses",
        "_peak",
        "_registry",
        "_return_reads",
        "_returns",
        "_room",
        "_tokens",
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
        # entry with the lowest return number among their first entries.
        self._lists: list[_FreeList] = []
        # Return numbers (``next`` is atomic under the GIL), which also count the returns: every
        # return enters a free list and leaves it by a hit or a destroy, so
        # hits = returns - idle - dropped, and a hit counts nothing. stats() reads the count with
        # a ``next`` of its own (``_return_reads`` of them, to subtract).
        self._returns = itertools.count()
        self._return_reads = 0
        # The per-frame paths take no lock: they count with operations that are atomic under
        # the GIL (docs/architecture.md, "Frames, pools and ports"). ``_tokens`` holds one entry
        # per lending slot free now: an acquire pops one, a return pushes one, so
        # live = peak - len(tokens). An acquire that finds none makes a new slot under the lock:
        # all slots were lent at that instant, so the number of slots ever made is the peak.
        self._tokens: list[None] = []
        self._peak = 0
        # Changed under the lock only (they change on slow paths: a miss, a new slot, a destroy).
        self._misses = 0
        self._existing = 0  # textures this pool made and has not destroyed: lent or idle
        self._dropped = 0  # returned textures destroyed from (or instead of staying in) a free list
        # idle = existing - live = existing - peak + len(tokens): a return whose push makes
        # len(tokens) exceed ``_room`` (max_idle - existing + peak) goes to the slow path, which
        # destroys the longest-idle textures; -1 once closed, so every return does.
        self._room = max_idle
        # Reentrant: a pooled texture garbage-collected while this thread holds the lock comes
        # back through its recycle hook on the same thread.
        self._lock = threading.RLock()
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
        # No test of the sizes' signs: an int equal to a checked key's size is positive.
        # A closed pool needs no test here: close() swaps in an empty dict. ``halt``: the
        # context is closed (or lost, or the interpreter exiting); the slow path says which.
        registry = self._registry
        if (
            type(width) is int
            and type(height) is int
            and type(label) is str
            and type(usage) in _PLAIN_USAGE
            and not registry.halt
        ):
            try:
                slot = self._free[width, height, format, usage]
                raw = slot[0].pop()[1]  # atomic: of two threads after the last one, one gets IndexError
            except (KeyError, IndexError, TypeError):  # TypeError: an unhashable format, refused below
                pass
            else:
                try:
                    self._tokens.pop()
                except IndexError:
                    self._new_slot()
                # make_owned (gpu/_handles.py) inlined: a call with keywords is a tenth of
                # this path. test_pool checks that both make the same state.
                b = _new(BorrowedTexture)
                b._raw = raw
                b._label = label
                b._registry = registry
                b._deps = ()
                b._keep = ()
                b._recycle = slot[1]
                b._origin = capture_stack() if tracking_settings["tracebacks"] else None
                b._end_reason = None
                b._users = []
                owned = _new(OwnedTexture)
                owned._state = b  # streamlib: allow-borrow-escape (the owner's own state)
                registry.live[id(b)] = b  # streamlib: allow-borrow-escape (the release claim)
                return owned
        return self._acquire_slow(width, height, format, usage, label)

    def _new_slot(self) -> None:
        """An acquire found every lending slot taken: one more lent than ever before (a new peak)."""
        with self._lock:
            self._peak += 1
            self._set_room()

    def _set_room(self) -> None:
        # Under the lock.
        self._room = -1 if self._closed else self._max_idle - self._existing + self._peak

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
                self._take_slot()
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
            self._existing += 1
            self._take_slot()
        return texture

    def _take_slot(self) -> None:
        # Under the lock (reentrant, so the fast path's _new_slot may take it again).
        try:
            self._tokens.pop()
        except IndexError:
            self._peak += 1
        self._set_room()

    def _make_hook(self, free: _FreeList) -> Callable[[Any], None]:
        """The core's recycle hook for textures of one key: ``raw``'s owner was just released (its borrows expired)."""
        push_token = self._tokens.append
        tokens = self._tokens
        append = free.append
        returns = self._returns
        registry = self._registry

        def recycle(raw: Any) -> None:
            # The token first: the texture becomes takeable only after its lending slot is free,
            # so a slot is never counted twice. Then keep it; past the room (or once the pool
            # or context is closed) the slow path destroys what must go. Appending before the
            # test means close() either sees the entry (and destroys it) or this test sees -1.
            push_token(None)
            item = (next(returns), raw)
            append(item)
            if len(tokens) > self._room or registry.halt:
                self._overflow(free, item)

        return recycle

    def _overflow(self, free: _FreeList, item: tuple[int, Any]) -> None:
        """The hook's slow path: destroy ``item`` (pool or context closed) or the longest-idle textures past the cap."""
        victims = []
        with self._lock:
            if self._closed or self._registry.halt:
                try:
                    free.remove(item)  # unless clear() already took it
                except ValueError:
                    pass
                else:
                    victims.append(item[1])
                    self._existing -= 1
                    self._dropped += 1
            else:
                tokens = self._tokens
                while self._existing - self._peak + len(tokens) > self._max_idle:
                    # An acquire may have popped an entry and not yet its token: nothing left to destroy.
                    lists = [lst for lst in self._lists if lst]
                    if not lists:
                        break
                    try:
                        oldest = min(lists, key=_first_return)
                        victims.append(oldest.pop(0)[1])
                    except IndexError:  # a lock-free acquire emptied a list meanwhile
                        continue
                    self._existing -= 1
                    self._dropped += 1
            self._set_room()
        for raw in victims:
            raw.destroy()

    def stats(self) -> PoolStats:
        """Hits, misses, live (lent now), peak and idle counts.

        Each count is exact; taken while other threads acquire and release, the five need not
        be of one instant (the per-frame paths take no lock).
        """
        with self._lock:
            returns = next(self._returns) - self._return_reads
            self._return_reads += 1
            idle = sum(map(len, self._lists))
            hits = returns - idle - self._dropped
            return PoolStats(hits, self._misses, self._peak - len(self._tokens), self._peak, idle)

    def clear(self) -> None:
        """Destroy every idle texture now (lent ones are unaffected)."""
        with self._lock:
            idle = []
            for free in self._lists:
                while free:
                    try:
                        idle.append(free.pop()[1])
                    except IndexError:  # a lock-free acquire took the last one
                        break
            self._existing -= len(idle)
            self._dropped += len(idle)
            self._set_room()
        for raw in idle:
            raw.destroy()
        self._gpu.poll()

    def close(self) -> None:
        """Destroy the idle textures and stop lending. Idempotent; lent textures are destroyed on release."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            # The fast path finds nothing from now on (it looks up this dict and takes no lock),
            # and every return goes to _overflow (room -1), which destroys it.
            self._free = {}
            self._set_room()
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

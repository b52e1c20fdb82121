"""Who owns what: the live-resource registry, creation tracebacks and leak reports.

Every owned resource has exactly one entry in its context's registry while it
is alive. Removing that entry (``dict.pop``, atomic) is the *claim* to release
it, which is what makes ``release()`` run the destroy exactly once under any
number of concurrent callers, with no lock per handle.
"""

from __future__ import annotations

import atexit
import importlib
import os
import threading
import time
import traceback
import weakref
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Generic, NamedTuple, Protocol, TypeVar

from ._errors import DeviceLostError, ResourceReleasedError

__all__ = [
    "LiveResource",
    "Registry",
    "exiting",
    "leak_report",
    "live_bytes",
    "live_counts",
    "live_resources",
    "live_states",
    "tracking",
    "tracebacks_enabled",
]

_ENV_FLAG = "STREAMLIB_TRACK_TRACEBACKS"
settings = {"tracebacks": os.environ.get(_ENV_FLAG, "").lower() in {"1", "true", "yes", "on"}}
_settings_lock = threading.Lock()
_registries: weakref.WeakSet[Registry[Any]] = weakref.WeakSet()

# Releases and destroys pile up inside wgpu-native until the device is polled
# (docs/architecture.md, R2); polling every this many releases keeps memory flat at a cost
# of well under a microsecond per release.
MAINTAIN_EVERY = 64

# Bind groups a context keeps for reuse at most (the oldest goes first), and the attribute of
# a wgpu texture that holds its cached default view (docs/architecture.md, "Caches").
BIND_GROUP_CACHE_SIZE = 256
VIEW_ATTR = "_streamlib_default_view"
# Set on a wgpu texture whose default view was asked for once only: bind groups over it are
# not cached yet (a texture made for one frame would only cost its cache entry).
FRESH_ATTR = "_streamlib_fresh"


class TrackedState(Protocol):
    """What the registry reads of a live resource's state (``_handles._Borrowed`` is one)."""

    @property
    def _kind(self) -> str: ...
    @property
    def _label(self) -> str: ...
    @property
    def _origin(self) -> str | None: ...


StateT = TypeVar("StateT", bound=TrackedState)


class Registry(Generic[StateT]):
    """The live owned resources of one GpuContext (their states, by id), and the device they live on.

    Besides the release claims it holds the guards that keep native calls safe
    (docs/architecture.md, "Threading model"): ``inflight`` has one entry per guarded native
    call under way (``list.append``/``list.pop`` are atomic under the GIL, a counter's ``+=``
    is not), ``deferred`` the destroys that a release handed to the last user of a resource,
    and ``halt`` is the one flag the hot path reads: set once the context is closed, its
    device lost, or the interpreter exiting, when ``stop()`` says which.
    """

    __slots__ = (
        "__weakref__",
        "_pending",
        "bind_groups",
        "bound_by",
        "cache_hits",
        "cache_misses",
        "caching",
        "closed",
        "deferred",
        "device",
        "halt",
        "inflight",
        "live",
        "lost",
        "name",
        "views",
    )

    def __init__(self, device: Any, name: str) -> None:
        self.device = device
        self.name = name
        self.live: dict[int, StateT] = {}
        self.closed = False
        self.lost = False
        self.halt = _exiting
        self.inflight: list[None] = []
        self.deferred: dict[int, tuple[StateT, Any]] = {}
        self._pending = 0  # releases since the last poll
        # The caches (docs/architecture.md, "Caches"): ``bind_groups`` maps a bind group's key
        # (layout, bound wgpu objects and ranges, label) to (wgpu bind group, the wgpu objects
        # the key names, which pins their ids); ``bound_by`` maps id(wgpu object) of every
        # resource an entry depends on to the keys to drop when that resource is released for
        # good (a recycled texture lives on in its pool and keeps them). ``views`` counts the default views made (each lives on its wgpu texture
        # object, and goes with it: nothing here holds one).
        self.caching = True
        self.bind_groups: dict[tuple[Any, ...], tuple[Any, tuple[Any, ...]]] = {}
        self.bound_by: dict[int, list[tuple[Any, ...]]] = {}
        self.views = 0
        self.cache_hits = 0
        self.cache_misses = 0
        _registries.add(self)

    def forget(self, raw: Any) -> None:
        """Drop every cached bind group that binds ``raw`` (a wgpu object being destroyed or dropped)."""
        keys = self.bound_by.pop(id(raw), None)
        if keys:
            cache = self.bind_groups
            for key in keys:
                cache.pop(key, None)

    def clear_caches(self) -> None:
        """Drop every cached bind group (close() calls this; default views go with their textures)."""
        self.bind_groups.clear()
        self.bound_by.clear()

    def poll(self) -> None:
        """Let wgpu-native free destroyed and dropped objects now (non-blocking)."""
        inflight = self.inflight
        inflight.append(None)  # a native call too: close() and exit wait for it
        try:
            device = self.device
            if device is not None and not self.halt:
                device._poll(False)
        except Exception:
            pass
        finally:
            inflight.pop()

    def mark_lost(self) -> None:
        """Record that the device is gone: every later guarded call raises DeviceLostError."""
        self.lost = True
        self.halt = True

    def stop(self, what: str, *, holding: bool = False) -> None:
        """The slow path of a call that found ``halt`` set; ``holding``: the caller holds one ``inflight`` entry.

        At interpreter exit, a thread other than the main one gives its entry back and
        waits for ever (it is a daemon: it dies with the process); the main thread goes on,
        so finalizers still release. Otherwise raises ResourceReleasedError once closed,
        DeviceLostError once the device is lost.
        """
        if _exiting and threading.current_thread() is not threading.main_thread():
            if holding:
                self.inflight.pop()
            _never.wait()
        if self.closed:
            raise ResourceReleasedError(
                f"{what}: this GpuContext was closed; create a new one with GpuContext.create()"
            )
        if self.lost:
            raise DeviceLostError(
                f"{what}: the GPU device of GpuContext {self.name!r} is lost or destroyed; create a new GpuContext"
            )

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no guarded native call is under way (new ones must be halted first). False on timeout."""
        deadline = time.monotonic() + timeout
        while self.inflight:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.0005)
        return True


# Set at interpreter exit: native calls from other threads then wait for ever (see _at_exit).
_exiting = False
_never = threading.Event()  # never set: the gate daemon threads wait on after exit began
EXIT_WAIT_S = 5.0


def exiting() -> bool:
    """True once the interpreter began to exit (streamlib's atexit hook ran)."""
    return _exiting


def _at_exit() -> None:
    """Stop native calls from other threads, and let the ones under way finish.

    Runs at interpreter exit, before modules are torn down. Daemon threads still doing
    GPU work would otherwise call into wgpu-native while the interpreter dismantles
    it under them, which aborts the process.
    """
    global _exiting
    _exiting = True
    registries = list(_registries)
    for registry in registries:
        registry.halt = True
    for registry in registries:
        registry.wait_idle(EXIT_WAIT_S)


atexit.register(_at_exit)


def tracebacks_enabled() -> bool:
    """Whether new owned resources record where they were created (and released)."""
    return settings["tracebacks"]


@contextmanager
def tracking(tracebacks: bool = True) -> Iterator[None]:
    """Record creation and release tracebacks inside the block.

    Also switched on for the whole process by ``STREAMLIB_TRACK_TRACEBACKS=1``.
    Costs a stack walk per created resource: for debugging leaks, not for production.
    """
    with _settings_lock:
        before = settings["tracebacks"]
        settings["tracebacks"] = tracebacks
    try:
        yield
    finally:
        with _settings_lock:
            settings["tracebacks"] = before


def capture_stack() -> str | None:
    """The caller's stack outside streamlib, formatted, when tracking is on; else None."""
    if not settings["tracebacks"]:
        return None
    here = os.path.dirname(os.path.dirname(__file__))  # the streamlib package, every layer of it
    frames = [f for f in traceback.extract_stack()[:-1] if not f.filename.startswith(here)]
    return "".join(traceback.format_list(frames[-8:]))


class LiveResource(NamedTuple):
    """One owned resource that has not been released yet."""

    kind: str
    label: str
    context: str
    created_at: str | None
    bytes: int = 0
    """GPU memory it holds, computed when the record is made: a texture's width x height x
    texel bytes x layers (x samples), summed over its mip levels; a buffer's size; 0 for the
    kinds that hold no memory of their own (views, layouts, pipelines, encoders...)."""

    def describe(self) -> str:
        size = f", {format_bytes(self.bytes)}" if self.bytes else ""
        head = f"{self.kind} {self.label!r} (context {self.context!r}){size}"
        if self.created_at:
            return f"{head}, created at:\n{self.created_at}"
        return f"{head}; set STREAMLIB_TRACK_TRACEBACKS=1 or use streamlib.tracking() to see where it was created"


def live_states() -> list[tuple[int, LiveResource]]:
    """(identity, record) of every live owned resource: identities let a leak check diff two moments."""
    out: list[tuple[int, LiveResource]] = []
    for registry in list(_registries):
        for key, handle in list(registry.live.items()):
            kind = handle._kind
            size = resource_bytes(kind, getattr(handle, "_raw", None))
            out.append((key, LiveResource(kind, handle._label, registry.name, handle._origin, size)))
    return out


# Bits per texel of every WebGPU format, the table wgpu.diagnostics uses (depth and block formats too).
_BITS_PER_TEXEL: dict[str, float] = getattr(importlib.import_module("wgpu._diagnostics"), "texture_format_to_bpp", {})


def resource_bytes(kind: str, raw: Any) -> int:
    """The GPU memory ``raw`` (a live resource's wgpu object) holds; 0 but for textures and buffers.

    Read at report time from the wgpu object, never on the hot path. A texture's mip level
    ``i`` is ``max(1, w >> i) x max(1, h >> i)`` texels (a 3D texture's depth shrinks too).
    """
    if raw is None:
        return 0
    try:
        if kind == "Buffer":
            return int(raw.size)
        if kind != "Texture":
            return 0
        width, height, depth = raw.size
        bits = _BITS_PER_TEXEL.get(str(raw.format), 0)
        is_3d = str(raw.dimension) == "3d"
        texels = 0
        for level in range(int(raw.mip_level_count or 1)):
            layers = max(1, depth >> level) if is_3d else depth
            texels += max(1, width >> level) * max(1, height >> level) * layers
        return int(texels * int(raw.sample_count or 1) * bits / 8 + 0.5)
    except Exception:
        return 0  # a wgpu object released under us (the report races a release): it holds nothing now


def format_bytes(n: int) -> str:
    """``n`` bytes for people: 512 B, 16.0 KiB, 3.5 MiB, 1.20 GiB."""
    if n < 1024:
        return f"{n} B"
    if n < 1024**2:
        return f"{n / 1024:.1f} KiB"
    if n < 1024**3:
        return f"{n / 1024**2:.1f} MiB"
    return f"{n / 1024**3:.2f} GiB"


def live_resources(*, include_views: bool = True) -> list[LiveResource]:
    """Every owned resource still alive in every open GpuContext.

    Views are covered by their texture (released with it at the latest), so a
    leak check may pass ``include_views=False``.
    """
    return [r for _, r in live_states() if include_views or r.kind != "TextureView"]


def live_counts() -> dict[str, int]:
    """Number of live owned resources per kind, over every open GpuContext."""
    return dict(Counter(r.kind for r in live_resources()))


def live_bytes() -> dict[str, int]:
    """GPU bytes held by live owned resources per kind (the kinds of ``live_counts()``), over every open GpuContext.

    Textures and buffers hold memory; the other kinds count 0. Pooled textures waiting in a
    ``TexturePool`` are not owned by anyone and not counted (``PoolStats`` has them).
    """
    out: dict[str, int] = {}
    for r in live_resources():
        out[r.kind] = out.get(r.kind, 0) + r.bytes
    return out


def summarize_live(live: list[LiveResource]) -> str:
    """One line: each kind's count and bytes, biggest first, and the total bytes."""
    counts = Counter(r.kind for r in live)
    sizes: Counter[str] = Counter()
    for r in live:
        sizes[r.kind] += r.bytes
    kinds = sorted(counts, key=lambda k: (-sizes[k], k))
    parts = [f"{counts[k]} {k}" + (f" ({format_bytes(sizes[k])})" if sizes[k] else "") for k in kinds]
    return f"{', '.join(parts)}; {format_bytes(sum(sizes.values()))} of GPU memory"


def leak_report(*, include_views: bool = True) -> str:
    """A printable list of live owned resources with their GPU bytes, and creation tracebacks when tracked."""
    live = live_resources(include_views=include_views)
    if not live:
        return "no live owned resources"
    lines = [f"{len(live)} live owned resource(s): {summarize_live(live)}"]
    lines += [f"- {r.describe()}" for r in sorted(live, key=lambda r: -r.bytes)]
    return "\n".join(lines)

"""One measurement of the process: resident memory and every object count we can see."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from typing import Any, NamedTuple

import wgpu

import streamlib as sl

_PAGE = os.sysconf("SC_PAGE_SIZE")


class Sample(NamedTuple):
    """What the process looked like after ``frame`` frames."""

    frame: int
    seconds: float
    rss_bytes: int
    streamlib_live: int
    wgpu_objects: int
    wgpu_native_objects: int
    pool_live: int
    pool_idle: int
    pool_misses: int
    # GPU memory (docs/architecture.md, R9): bytes held by streamlib's live owned resources, and what
    # wgpu.diagnostics counts for its live Texture and Buffer objects (pooled idle textures included).
    # Defaults: CSVs written before these columns still load.
    streamlib_bytes: int = 0
    wgpu_bytes: int = 0


# Counts that must not drift once warmed up (RSS is judged separately, by slope).
COUNT_FIELDS = ("streamlib_live", "wgpu_objects", "wgpu_native_objects", "pool_live", "pool_idle", "pool_misses")


def _malloc_trim() -> Any:
    """glibc's malloc_trim, or None elsewhere (musl, macOS)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim
    except (OSError, AttributeError):
        return None


_TRIM = _malloc_trim()


def rss_bytes() -> int:
    """Resident set size of this process, from /proc (falls back to the peak from getrusage).

    glibc's free memory is handed back to the system first (malloc_trim): freed heap pages
    that the allocator keeps and slowly touches grow RSS by a few hundred KiB over the first
    ~50,000 frames of a pipeline and then level off, while the bytes in use stay flat
    (measured with mallinfo2). Trimming keeps that allocator noise from reading as a leak;
    memory still in use is not trimmed, so a real leak still shows.
    """
    if _TRIM is not None:
        _TRIM(0)
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[1]) * _PAGE
    except OSError:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def wgpu_object_count() -> int:
    """Live wgpu Python objects (wgpu.diagnostics.object_counts), all kinds together."""
    return int(wgpu.diagnostics.object_counts.get_dict()["total"]["count"])


def wgpu_native_count() -> int:
    """Objects wgpu-native keeps for the user (its global report's "kept"), or -1 when unavailable.

    The topic is registered by the wgpu-native backend on load and is absent from older wgpu.
    """
    topic: Any = getattr(wgpu.diagnostics, "wgpu_native_counts", None)
    if topic is None:
        return -1
    try:
        return int(topic.get_dict()["total"]["count"])
    except Exception:
        return -1


def wgpu_resource_bytes() -> int:
    """Bytes wgpu.diagnostics counts for live Texture and Buffer Python objects (its "resource_mem")."""
    report = wgpu.diagnostics.object_counts.get_dict()
    return sum(int(report.get(kind, {}).get("resource_mem", 0)) for kind in ("Texture", "Buffer"))


def sample(frame: int, seconds: float, pool: sl.TexturePool | None) -> Sample:
    """Measure now. ``pool``: the texture pool whose statistics to record, if any."""
    stats = pool.stats() if pool is not None else None
    return Sample(
        frame=frame,
        seconds=seconds,
        rss_bytes=rss_bytes(),
        streamlib_live=sum(sl.live_counts().values()),
        wgpu_objects=wgpu_object_count(),
        wgpu_native_objects=wgpu_native_count(),
        pool_live=stats.live if stats else 0,
        pool_idle=stats.idle if stats else 0,
        pool_misses=stats.misses if stats else 0,
        streamlib_bytes=sum(sl.live_bytes().values()),
        wgpu_bytes=wgpu_resource_bytes(),
    )

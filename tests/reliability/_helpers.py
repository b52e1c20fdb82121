"""Object-count snapshots shared by the reliability suites.

A case is clean when ``streamlib.live_counts()`` *and* ``wgpu.diagnostics.object_counts`` are
back where they were: wgpu's own bookkeeping is the second witness (the leak-test pattern of
wgpu-py's tests_mem).
"""

from __future__ import annotations

import gc

import wgpu

import streamlib as sl


def wgpu_counts() -> dict[str, int]:
    """wgpu's live Python objects per kind (zero kinds left out), after a full collection."""
    gc.collect()
    counts = wgpu.diagnostics.object_counts.get_dict()
    return {k: v["count"] for k, v in counts.items() if k != "total" and v["count"]}


def streamlib_counts() -> dict[str, int]:
    gc.collect()
    return sl.live_counts()

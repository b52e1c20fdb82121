"""The caches: default views made once per wgpu texture, identical bind groups reused.

docs/architecture.md, "Caches": the caches change which wgpu objects are made, never what a
handle may do (R3-R5 hold for every handle they hand out); they are bounded, forget what
binds a released resource at once, and are emptied by close().
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from typing import Any

import pytest

import streamlib as sl
from streamlib.gpu import _factories

SAMPLED: dict[str, Any] = {"binding": 0, "visibility": sl.ShaderStage.COMPUTE, "texture": {"sample_type": "float"}}
UNIFORM: dict[str, Any] = {"binding": 1, "visibility": sl.ShaderStage.COMPUTE, "buffer": {"type": "uniform"}}
UNIFORM_USAGE = sl.BufferUsage.UNIFORM | sl.BufferUsage.COPY_DST


@pytest.fixture
def layout(gpu: sl.GpuContext) -> Iterator[sl.OwnedBindGroupLayout]:
    with gpu.create_bind_group_layout([SAMPLED, UNIFORM], label="cached") as layout:
        yield layout


def entries(texture: sl.Texture, buffer: sl.Buffer, offset: int = 0) -> list[dict[str, Any]]:
    return [
        {"binding": 0, "resource": texture.create_view()},
        {"binding": 1, "resource": {"buffer": buffer, "offset": offset, "size": 16}},
    ]


def test_default_view_is_made_once_per_texture(gpu: sl.GpuContext) -> None:
    with gpu.create_texture(8, 8, label="viewed") as tex:
        made = gpu.cache_stats().views
        first, second = tex.create_view(), tex.create_view()
        assert first is not second and first.raw is second.raw  # two handles, one wgpu view
        assert tex.borrow().create_view().raw is first.raw
        assert gpu.cache_stats().views == made + 1
        # A label or a format asks for a view of its own.
        labelled = tex.create_view(label="mine")
        assert labelled.raw is not first.raw
        first.release()
        assert second.raw is not None  # releasing one handle ends that handle only
        with pytest.raises(sl.ResourceReleasedError):
            _ = first.raw
    with pytest.raises(sl.ResourceReleasedError, match="'viewed'"):
        _ = second.raw


def test_default_view_survives_pool_recycling_but_old_handles_expire(gpu: sl.GpuContext) -> None:
    pool = sl.TexturePool(gpu)
    try:
        tex = pool.acquire(16, 16, label="pooled")
        raw_tex = tex.raw
        view = tex.borrow().create_view()
        raw_view = view.raw
        tex.release()
        with pytest.raises(sl.BorrowExpiredError):
            _ = view.raw  # R4: the old owner's view expired with it
        again = pool.acquire(16, 16, label="pooled again")
        try:
            assert again.raw is raw_tex  # the pool lent the same wgpu texture...
            assert again.create_view().raw is raw_view  # ...and its view was not made twice
        finally:
            again.release()
    finally:
        pool.close()


def test_identical_bind_groups_are_reused(gpu: sl.GpuContext, layout: sl.OwnedBindGroupLayout) -> None:
    with gpu.create_texture(8, 8) as tex, gpu.create_buffer(512, UNIFORM_USAGE) as buf:
        # A texture whose view was asked for once only (made for one frame, say) is not cached yet.
        before = gpu.cache_stats()
        gpu.create_bind_group(layout=layout, entries=entries(tex, buf)).release()
        after = gpu.cache_stats()
        assert (after.bind_groups, after.misses) == (before.bind_groups, before.misses)
        before = gpu.cache_stats()
        first = gpu.create_bind_group(layout=layout, entries=entries(tex, buf))
        second = gpu.create_bind_group(layout=layout, entries=entries(tex, buf))
        other_range = gpu.create_bind_group(layout=layout, entries=entries(tex, buf, offset=256))
        after = gpu.cache_stats()
        assert first.raw is second.raw
        assert other_range.raw is not first.raw
        assert (after.hits - before.hits, after.misses - before.misses) == (1, 2)
        assert after.bind_groups == before.bind_groups + 2
        first.release()
        assert second.raw is not None  # each handle is released on its own (R1)
        for bg in (second, other_range):
            bg.release()


def test_releasing_a_bound_resource_forgets_its_bind_groups(
    gpu: sl.GpuContext, layout: sl.OwnedBindGroupLayout
) -> None:
    with gpu.create_buffer(16, UNIFORM_USAGE, label="uniform") as buf:
        tex = gpu.create_texture(8, 8, label="bound")
        tex.create_view().release()  # its view asked for before: bind groups over it are cached
        bg = gpu.create_bind_group(layout=layout, entries=entries(tex, buf))
        cached = gpu.cache_stats().bind_groups
        tex.release()
        assert gpu.cache_stats().bind_groups == cached - 1
        with pytest.raises(sl.ResourceReleasedError, match="'bound'"):
            _ = bg.raw  # R5: a bind group over a released texture is refused, cached or not
        bg.release()
        # A released buffer is forgotten the same way.
        with gpu.create_texture(8, 8) as tex2:
            tex2.create_view().release()
            gpu.create_bind_group(layout=layout, entries=entries(tex2, buf)).release()
            cached = gpu.cache_stats().bind_groups
            buf.release()
            assert gpu.cache_stats().bind_groups == cached - 1


def test_cache_keeps_no_released_resource_reachable(gpu: sl.GpuContext, layout: sl.OwnedBindGroupLayout) -> None:
    with gpu.create_buffer(16, UNIFORM_USAGE) as buf:
        tex = gpu.create_texture(8, 8)
        for _ in range(2):
            gpu.create_bind_group(layout=layout, entries=entries(tex, buf)).release()
        raw_tex = weakref.ref(tex.raw)
        tex.release()
        del tex
        gc.collect()
        assert raw_tex() is None


def test_bind_group_cache_is_bounded(
    gpu: sl.GpuContext, layout: sl.OwnedBindGroupLayout, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_factories, "BIND_GROUP_CACHE_SIZE", 3)
    with gpu.create_texture(8, 8) as tex, gpu.create_buffer(256 * 8, UNIFORM_USAGE) as buf:
        for i in range(8):
            gpu.create_bind_group(layout=layout, entries=entries(tex, buf, offset=256 * i)).release()
            assert gpu.cache_stats().bind_groups <= 3


def test_close_empties_the_caches() -> None:
    gpu = sl.GpuContext.create(label="cache close")
    try:
        layout = gpu.create_bind_group_layout([SAMPLED, UNIFORM])
        tex, buf = gpu.create_texture(8, 8), gpu.create_buffer(16, UNIFORM_USAGE)
        tex.create_view().release()
        gpu.create_bind_group(layout=layout, entries=entries(tex, buf)).release()
        assert gpu.cache_stats().bind_groups == 1
    finally:
        gpu.close()
    assert gpu.cache_stats().bind_groups == 0


def test_compute_filter_reuses_views_and_bind_groups(gpu: sl.GpuContext) -> None:
    from streamlib.bench._frame_step import FrameStep

    fs = FrameStep(gpu, 16, 16)
    try:
        step = fs.filter_step()
        step()  # the first frame's views are new: its bind group is not cached
        step()  # the second one's is
        before = gpu.cache_stats()
        for _ in range(3):
            step()
        after = gpu.cache_stats()
        # The output comes back to the pool each frame: the same texture, view and bind group.
        assert after.hits - before.hits == 3
        assert after.views == before.views
    finally:
        fs.close()

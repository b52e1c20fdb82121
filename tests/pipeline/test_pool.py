"""TexturePool: reuse, borrow expiry on recycle, bounded idle size, statistics, threads."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import numpy as np
import pytest
from _threads import run_together

import streamlib as sl


@pytest.fixture
def pool(gpu: sl.GpuContext) -> Iterator[sl.TexturePool]:
    p = sl.TexturePool(gpu, max_idle=4)
    yield p
    p.close()


def test_release_returns_texture_and_next_acquire_reuses_it(pool: sl.TexturePool) -> None:
    first = pool.acquire(64, 32, label="a")
    raw = first.raw
    assert (first.width, first.height, first.format) == (64, 32, "rgba8unorm")
    assert pool.stats() == sl.PoolStats(hits=0, misses=1, live=1, peak=1, idle=0)
    first.release()
    assert pool.stats() == sl.PoolStats(hits=0, misses=1, live=0, peak=1, idle=1)
    second = pool.acquire(64, 32, label="b")
    assert second.raw is raw  # the same wgpu texture, no new allocation
    assert second.label == "b"
    assert pool.stats() == sl.PoolStats(hits=1, misses=1, live=1, peak=1, idle=0)
    second.release()


def test_recycled_texture_is_not_reachable_through_an_old_borrow(pool: sl.TexturePool) -> None:
    first = pool.acquire(16, 16)
    borrowed = first.borrow()
    view = first.create_view()
    first.release()
    second = pool.acquire(16, 16)
    assert not second.released
    assert borrowed.expired and view.released
    with pytest.raises(sl.BorrowExpiredError, match="BorrowedTexture"):
        _ = borrowed.raw
    with pytest.raises(sl.ResourceReleasedError):
        first.create_view()
    with pytest.raises(sl.ResourceReleasedError):
        _ = view.raw
    second.release()


def test_frame_borrow_expires_when_its_pooled_texture_is_recycled(gpu: sl.GpuContext, pool: sl.TexturePool) -> None:
    frame = sl.VideoFrame.from_texture(pool.acquire(8, 8), frame_number=7)
    data = frame.data
    gpu.write_texture(data, np.full((8, 8, 4), 9, np.uint8))
    frame.release()
    assert pool.stats().idle == 1
    again = pool.acquire(8, 8)
    assert not again.released and pool.stats().idle == 0 and pool.stats().hits >= 1  # the same wgpu texture, reused
    with pytest.raises(sl.BorrowExpiredError):
        gpu.read_texture(data)
    assert gpu.read_texture(again)[0, 0, 0] == 9  # contents are left as the last user wrote them
    again.release()


def test_sizes_formats_and_usages_are_kept_apart(pool: sl.TexturePool) -> None:
    a = pool.acquire(8, 8)
    a.release()
    b = pool.acquire(8, 16)
    c = pool.acquire(8, 8, format="r32float")
    d = pool.acquire(8, 8, usage=sl.TextureUsage.COPY_DST)
    assert pool.stats().hits == 0
    e = pool.acquire(
        8,
        8,
        usage=int(
            sl.TextureUsage.TEXTURE_BINDING
            | sl.TextureUsage.COPY_SRC
            | sl.TextureUsage.COPY_DST
            | sl.TextureUsage.STORAGE_BINDING
        ),
    )
    assert pool.stats().hits == 1  # the explicit default usage matches the texture made with usage=None
    for t in (b, c, d, e):
        t.release()


def test_idle_size_is_bounded_and_oldest_idle_textures_are_destroyed(pool: sl.TexturePool) -> None:
    textures = [pool.acquire(4, 4 + i) for i in range(6)]
    raws = [t.raw for t in textures]
    for t in textures:
        t.release()
    s = pool.stats()
    assert (s.idle, s.live, s.peak, s.misses) == (4, 0, 6, 6)
    # The two returned first were destroyed: asking for their sizes creates textures again.
    kept = pool.acquire(4, 9)
    assert kept.raw is raws[5]
    fresh = pool.acquire(4, 4)
    assert pool.stats().misses == 7
    kept.release()
    fresh.release()


def test_max_idle_zero_destroys_every_returned_texture(gpu: sl.GpuContext) -> None:
    pool = sl.TexturePool(gpu, max_idle=0)
    pool.acquire(4, 4).release()
    pool.acquire(4, 4).release()
    assert pool.stats() == sl.PoolStats(hits=0, misses=2, live=0, peak=1, idle=0)
    pool.close()


def test_close_destroys_idle_and_later_releases(pool: sl.TexturePool) -> None:
    lent = pool.acquire(4, 4)
    pool.acquire(4, 4).release()
    pool.close()
    pool.close()  # idempotent
    assert pool.closed and pool.stats().idle == 0
    lent.release()
    assert pool.stats().idle == 0 and pool.stats().live == 0
    with pytest.raises(sl.ResourceReleasedError, match="pool"):
        pool.acquire(4, 4)


def test_bad_arguments(gpu: sl.GpuContext, pool: sl.TexturePool) -> None:
    with pytest.raises(sl.InvalidArgumentError, match="max_idle"):
        sl.TexturePool(gpu, max_idle=-1)
    with pytest.raises(sl.InvalidArgumentError, match="width"):
        pool.acquire(0, 4)
    with pytest.raises(sl.InvalidArgumentError, match="format"):
        pool.acquire(4, 4, format="nope")
    assert pool.stats().live == 0


def test_eight_threads_acquire_and_release(pool: sl.TexturePool) -> None:
    rounds = 200

    def worker(n: int) -> None:
        for i in range(rounds):
            held = [pool.acquire(8, 8 + (n + i) % 2) for _ in range(2)]
            for t in held:
                assert not t.released
                t.release()

    run_together(8, worker)
    s = pool.stats()
    assert s.live == 0
    assert s.hits + s.misses == 8 * rounds * 2
    assert s.peak <= 16
    assert s.idle <= pool.max_idle
    # Reuse dominates: at most one texture per concurrently held slot had to be made (plus re-makes after overflow).
    assert s.misses < s.hits


def test_steady_state_acquire_release_stops_missing(pool: sl.TexturePool) -> None:
    in_flight: list[sl.OwnedTexture] = []
    misses_after_warmup = 0
    for i in range(500):
        in_flight.append(pool.acquire(32, 32))
        if len(in_flight) > 3:
            in_flight.pop(0).release()
        if i == 50:
            misses_after_warmup = pool.stats().misses
    for t in in_flight:
        t.release()
    assert pool.stats().misses == misses_after_warmup == 4


def test_default_pool_of_a_context_is_lazy_and_closed_with_it() -> None:
    gpu = sl.GpuContext.create(label="pool-owner")
    pool = gpu.texture_pool
    assert gpu.texture_pool is pool
    lent = pool.acquire(4, 4)
    pool.acquire(4, 4).release()
    assert pool.stats().idle == 1
    gpu.close()
    assert pool.closed and pool.stats().idle == 0
    assert lent.released
    assert pool.stats().live == 0
    with pytest.raises(sl.ResourceReleasedError, match="closed"):
        _ = gpu.texture_pool.acquire(4, 4)


def test_a_key_spelled_another_way_finds_the_same_texture_but_bad_types_never_do(pool: sl.TexturePool) -> None:
    usage = sl.TextureUsage.TEXTURE_BINDING | sl.TextureUsage.COPY_SRC
    first = pool.acquire(8, 8, usage=int(usage))
    raw = first.raw
    first.release()
    # A flag and a TextureFormat member equal the checked key's int and str: the same idle texture.
    again = pool.acquire(8, 8, format=sl.TextureFormat.RGBA8UNORM, usage=usage)
    assert again.raw is raw and pool.stats().hits == 1
    again.release()
    # Equal in Python, wrong in type: refused before any idle texture is looked up.
    with pytest.raises(sl.InvalidTypeError, match="usage"):
        pool.acquire(8, 8, usage=float(int(usage)))  # type: ignore[arg-type]
    with pytest.raises(sl.InvalidTypeError, match="width"):
        pool.acquire(8.0, 8, usage=int(usage))  # type: ignore[arg-type]
    assert pool.stats().idle == 1 and pool.stats().hits == 1


def test_threads_counts_are_exact(gpu: sl.GpuContext) -> None:
    # The per-frame paths take no lock: eight threads each hold one texture of each of two sizes
    # at once, every round, so the counts are known exactly (docs/architecture.md, "Frames, pools and ports").
    pool = sl.TexturePool(gpu, max_idle=64)
    threads_n, rounds = 8, 150
    all_held = threading.Barrier(threads_n, timeout=60)
    peaks: list[int] = []

    def worker(n: int) -> None:
        for i in range(rounds):
            held = [pool.acquire(8, 8 + (n + i + j) % 2) for j in range(2)]
            if all_held.wait() == 0:
                peaks.append(pool.stats().live)  # nobody releases before the barrier's second pass
            all_held.wait()
            for t in held:
                t.release()

    try:
        run_together(threads_n, worker)
        total = threads_n * rounds * 2
        assert peaks == [16] * rounds
        # Round one made 8 of each size; every later acquire found one idle.
        assert pool.stats() == sl.PoolStats(hits=total - 16, misses=16, live=0, peak=16, idle=16)
    finally:
        pool.close()


@pytest.mark.parametrize("max_idle", [64, 3])  # 3: overflow destroys while other threads acquire
def test_threads_hammering_keep_the_counts_consistent(gpu: sl.GpuContext, max_idle: int) -> None:
    pool = sl.TexturePool(gpu, max_idle=max_idle)
    threads_n, rounds = 6, 300

    def worker(n: int) -> None:
        for i in range(rounds):
            held = [pool.acquire(4, 4 + (n * i + j) % 3) for j in range(1 + i % 3)]
            for t in held:
                t.release()

    try:
        run_together(threads_n, worker)
        s = pool.stats()
        assert s.hits + s.misses == sum(1 + i % 3 for i in range(rounds)) * threads_n
        assert s.live == 0 and 3 <= s.peak <= threads_n * 3
        assert s.idle <= max_idle
        if max_idle == 64:
            assert s.idle == s.misses  # nothing was destroyed: every texture made waits in the pool
        pool.clear()
        assert pool.stats() == s._replace(idle=0)
    finally:
        pool.close()


def test_a_texture_released_after_the_standalone_pools_context_closed_is_not_kept() -> None:
    gpu = sl.GpuContext.create(label="pool-gone")
    pool = sl.TexturePool(gpu)
    lent = pool.acquire(4, 4)
    pool.acquire(4, 4).release()
    gpu.close()  # releases ``lent``: the pool destroys it rather than keep a texture of a closed device
    assert lent.released
    s = pool.stats()
    assert (s.live, s.idle) == (0, 1)  # the one idle before the close waits for close()
    with pytest.raises(sl.ResourceReleasedError, match="closed"):
        pool.acquire(4, 4)
    pool.close()
    assert pool.stats().idle == 0


def test_the_pools_owned_state_is_make_owneds(gpu: sl.GpuContext, pool: sl.TexturePool) -> None:
    # The fast path builds the owned state inline (a call costs a tenth of it); it must set
    # exactly what make_owned sets, or a slot added there would be missing on recycled textures.
    from streamlib.gpu._handles import _Borrowed, make_owned

    pool.acquire(8, 8, label="first").release()
    pooled = pool.acquire(8, 8, label="again")
    assert pool.stats().hits == 1
    made = make_owned(sl.OwnedTexture, pooled.raw, "again", gpu._registry, recycle=pooled._state._recycle)
    slots = [name for cls in type(made._state).__mro__ for name in getattr(cls, "__slots__", ())]
    assert "_users" in slots and issubclass(type(made._state), _Borrowed)
    for name in slots:
        assert hasattr(pooled._state, name) == hasattr(made._state, name), name
        if name not in ("_users", "__weakref__") and hasattr(made._state, name):
            assert getattr(pooled._state, name) == getattr(made._state, name), name
    assert pooled._state._users == [] and pooled._state._users is not made._state._users
    assert type(pooled) is type(made) and type(pooled._state) is type(made._state)
    assert gpu._registry.live[id(pooled._state)] is pooled._state
    # Give the pool its texture back once: ``made`` is a second owner of the same wgpu texture.
    gpu._registry.live.pop(id(made._state))
    pooled.release()


def test_an_unhashable_format_is_refused_with_a_clear_error(pool: sl.TexturePool) -> None:
    with pytest.raises(sl.InvalidTypeError, match="format"):
        pool.acquire(4, 4, format=["rgba8unorm"])  # type: ignore[arg-type]

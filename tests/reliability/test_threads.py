"""Thread suite: many threads borrowing, releasing, acquiring, framing and binding at once.

Every case ends with exactly-once destruction (a spy around the real wgpu ``destroy``), no
exception in any thread, and nothing left alive (streamlib's and wgpu's counts).
"""

from __future__ import annotations

import queue
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from _threads import run_together

import streamlib as sl

from ._helpers import streamlib_counts, wgpu_counts

THREADS = 16


def run_threads(target: Callable[[int], None], n: int = THREADS) -> None:
    """Run ``target(i)`` on ``n`` threads released together; re-raise the first exception any of them hit."""
    run_together(n, target)


def spy_destroy(owned: sl.OwnedTexture | sl.OwnedBuffer, calls: Counter[str]) -> None:
    """Count calls of the real wgpu destroy() of ``owned``, by label (the real destroy still runs)."""
    raw: Any = owned.raw
    real = raw.destroy
    key = owned.label

    def destroy() -> None:
        calls[key] += 1
        real()

    raw.destroy = destroy


def test_concurrent_release_of_one_handle_destroys_exactly_once(gpu: sl.GpuContext) -> None:
    before_sl, before_wgpu = streamlib_counts(), wgpu_counts()
    calls: Counter[str] = Counter()
    handles: list[sl.OwnedTexture | sl.OwnedBuffer] = []
    for i in range(40):
        h: sl.OwnedTexture | sl.OwnedBuffer = (
            gpu.create_texture(16, 16, label=f"t{i}")
            if i % 2
            else gpu.create_buffer(64, sl.BufferUsage.STORAGE, label=f"b{i}")
        )
        spy_destroy(h, calls)
        handles.append(h)
    expected = {h.label for h in handles}

    def release_all(i: int) -> None:
        for h in handles if i % 2 else reversed(handles):
            h.release()
            assert h.released

    run_threads(release_all)
    assert set(calls) == expected
    assert set(calls.values()) == {1}, "some resource was destroyed more than once"
    handles.clear()
    assert streamlib_counts() == before_sl
    assert wgpu_counts() == before_wgpu


def test_concurrent_release_of_frame_clones_releases_texture_once(gpu: sl.GpuContext) -> None:
    calls: Counter[str] = Counter()
    for round_ in range(20):
        tex = gpu.create_texture(8, 8, label=f"shared-{round_}")
        spy_destroy(tex, calls)
        frame = sl.VideoFrame.from_texture(tex, frame_number=round_)
        clones = [frame.clone() for _ in range(THREADS - 1)]
        refs = [frame, *clones]
        data = frame.data

        def drop(i: int, refs: list[sl.VideoFrame] = refs) -> None:
            # Two threads drop each reference, so every release() also races its own twin.
            refs[i // 2].release()
            refs[(i // 2 + THREADS // 2) % THREADS].release()

        run_threads(drop)
        assert all(r.released for r in refs)
        assert frame.ref_count == 0
        assert data.expired
        with pytest.raises(sl.BorrowExpiredError):
            _ = data.raw
    assert len(calls) == 20 and set(calls.values()) == {1}


def test_sixteen_threads_borrow_acquire_frame_and_bind(gpu: sl.GpuContext) -> None:
    mixed_work(gpu, iterations=25)


@pytest.mark.soak
def test_sixteen_threads_soak(gpu: sl.GpuContext) -> None:
    """The same mixed work for 160,000 frames: still exact counts and an empty pool at the end."""
    mixed_work(gpu, iterations=10_000)


def mixed_work(gpu: sl.GpuContext, iterations: int) -> None:
    """16 threads each make ``iterations`` frames (pooled and owned textures), borrow, clone, bind, release."""
    pool = gpu.texture_pool
    pool.clear()
    before_sl, before_wgpu = streamlib_counts(), wgpu_counts()
    layout = gpu.create_bind_group_layout(
        entries=[
            {"binding": 0, "visibility": sl.ShaderStage.COMPUTE, "texture": {"sample_type": "float"}},
            {"binding": 1, "visibility": sl.ShaderStage.COMPUTE, "buffer": {"type": "storage"}},
        ],
        label="threads",
    )
    shared_buffer = gpu.create_buffer(256, sl.BufferUsage.STORAGE, label="shared")
    made = Counter[str]()

    def work(i: int) -> None:
        for n in range(iterations):
            if n % 2:
                tex = pool.acquire(32, 32, label=f"w{i}")
            else:
                tex = gpu.create_texture(32, 32, label=f"w{i}")
            before_move = tex.borrow()
            frame = sl.VideoFrame.from_texture(tex, frame_number=n)
            # A move ends the old handle and its borrows (as in Rust, nothing may borrow across a move).
            assert tex.released and before_move.expired
            borrowed = frame.data
            kept = frame.clone()
            with gpu.create_bind_group(
                layout=layout,
                entries=[
                    {"binding": 0, "resource": frame.data.create_view()},
                    {"binding": 1, "resource": shared_buffer.borrow()},
                ],
            ) as group:
                assert not group.released
            frame.release()
            assert (kept.ref_count, borrowed.expired) == (1, False)  # `kept` still holds the texture
            kept.release()
            assert borrowed.expired
            made[f"{i}"] += 1

    run_threads(work)
    assert sum(made.values()) == THREADS * iterations
    shared_buffer.release()
    layout.release()
    assert pool.stats().live == 0
    assert streamlib_counts() == before_sl
    pool.clear()  # idle pooled textures are wgpu objects too
    assert wgpu_counts() == before_wgpu


def test_frames_fanned_out_to_worker_threads(gpu: sl.GpuContext) -> None:
    """One producer, four consumers each on its own thread: every frame reaches every consumer
    as its own reference (clone), each consumer binds and releases it, and the texture is
    destroyed exactly once, after the last consumer."""
    calls: Counter[str] = Counter()
    consumers = 4
    frames = 30
    inboxes: list[queue.Queue[sl.VideoFrame | None]] = [queue.Queue(maxsize=3) for _ in range(consumers)]
    seen = Counter[int]()
    errors: list[BaseException] = []
    layout = gpu.create_bind_group_layout(
        entries=[{"binding": 0, "visibility": sl.ShaderStage.COMPUTE, "texture": {"sample_type": "float"}}]
    )

    def consume(inbox: queue.Queue[sl.VideoFrame | None]) -> None:
        try:
            while (frame := inbox.get()) is not None:
                with frame:
                    group = gpu.create_bind_group(
                        layout=layout, entries=[{"binding": 0, "resource": frame.data.create_view()}]
                    )
                    group.release()
                    seen[frame.frame_number] += 1
        except BaseException as exc:
            errors.append(exc)

    workers = [threading.Thread(target=consume, args=(q,)) for q in inboxes]
    for w in workers:
        w.start()
    for n in range(frames):
        tex = gpu.create_texture(16, 16, label=f"fan-{n}")
        spy_destroy(tex, calls)
        with sl.VideoFrame.from_texture(tex, frame_number=n) as frame:
            for q in inboxes:
                q.put(frame.clone())
    for q in inboxes:
        q.put(None)
    for w in workers:
        w.join(timeout=30)
    layout.release()
    assert not errors, errors
    assert seen == Counter(dict.fromkeys(range(frames), consumers))
    assert len(calls) == frames and set(calls.values()) == {1}

"""R1 (release is idempotent and thread-safe) and R2 (texture/buffer release really destroys, device maintained)."""

from __future__ import annotations

import sys
import threading
import weakref
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest
import wgpu
from _threads import run_together

import streamlib as sl
import streamlib.gpu._handles as handles

from ._kinds import BUFFER_USAGE, KINDS, Kind, dead, release_all, wgpu_objects

THREADS = 8


@pytest.fixture
def fast_switching() -> Iterator[None]:
    """Make the interpreter switch threads as often as it can, so races actually interleave."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


def ignoring_index(f: Callable[[], None]) -> Callable[[int], None]:
    return lambda _: f()


class ReleaseCounter:
    """Counts, per resource state, the release_state calls that really released it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.claims: dict[int, int] = {}
        self._lock = threading.Lock()
        original = handles.release_state

        def counting(b: Any, end_reason: str) -> bool:
            released: bool = original(b, end_reason)
            if released:
                with self._lock:
                    self.claims[id(b)] = self.claims.get(id(b), 0) + 1
            return released

        monkeypatch.setattr(handles, "release_state", counting)

    def of(self, handle: Any) -> int:
        return self.claims.get(id(handle._state), 0)


def count_destroys(raw: Any, counts: dict[int, int], lock: threading.Lock) -> None:
    """Wrap ``raw.destroy`` so that every call is counted in ``counts[id(raw)]``."""
    destroy = raw.destroy

    def counted() -> None:
        with lock:
            counts[id(raw)] = counts.get(id(raw), 0) + 1
        destroy()

    raw.destroy = counted


@pytest.mark.parametrize("kind", KINDS, ids=str)
def test_release_is_idempotent(gpu: sl.GpuContext, kind: Kind) -> None:
    helpers: list[sl.Releasable] = []
    handle = kind.make(gpu, helpers)
    assert isinstance(handle, kind.owned)
    assert not handle.released
    handle.release()
    assert handle.released
    handle.release()
    handle.release()
    assert handle.released
    release_all(helpers)


@pytest.mark.parametrize("kind", KINDS, ids=str)
def test_concurrent_release_destroys_exactly_once(
    gpu: sl.GpuContext, kind: Kind, monkeypatch: pytest.MonkeyPatch, fast_switching: None
) -> None:
    counter = ReleaseCounter(monkeypatch)
    destroys: dict[int, int] = {}
    lock = threading.Lock()
    baseline = wgpu_objects(gpu)
    for _ in range(10):
        helpers: list[sl.Releasable] = []
        handle = kind.make(gpu, helpers)
        counter.claims.clear()  # ids of freed states get reused
        raw = handle.raw
        raw_ref = weakref.ref(raw)
        if kind.name in ("Texture", "Buffer"):
            count_destroys(raw, destroys, lock)
        del raw
        run_together(THREADS, ignoring_index(handle.release))
        assert handle.released
        assert counter.of(handle) == 1, f"{kind.name} was released {counter.of(handle)} times"
        if kind.name in ("Texture", "Buffer"):
            assert destroys.pop(id(raw_ref())) == 1
        release_all(helpers)
        del handle
        assert wgpu_objects(gpu) == baseline
        assert raw_ref() is None, f"the wgpu {kind.name} is still referenced after release"


def test_concurrent_release_of_many_handles(gpu: sl.GpuContext, fast_switching: None) -> None:
    baseline = wgpu_objects(gpu)
    live_before = len(sl.live_resources())
    destroys: dict[int, int] = {}
    lock = threading.Lock()
    owned: list[sl.OwnedTexture | sl.OwnedBuffer] = []
    for i in range(300):
        owned.append(gpu.create_texture(8, 8, label=f"t{i}"))
        owned.append(gpu.create_buffer(64, BUFFER_USAGE, label=f"b{i}"))
    raws = [h.raw for h in owned]
    for raw in raws:
        count_destroys(raw, destroys, lock)

    def release_every_handle(i: int) -> None:
        # Each thread walks the list from a different place, so threads collide on every handle.
        start = i * len(owned) // THREADS
        for handle in owned[start:] + owned[:start]:
            handle.release()

    run_together(THREADS, release_every_handle)
    assert all(h.released for h in owned)
    assert sorted(destroys.values()) == [1] * len(raws)
    assert len(sl.live_resources()) == live_before
    del raw
    raws.clear()
    owned.clear()
    assert wgpu_objects(gpu) == baseline


def test_context_manager_releases(gpu: sl.GpuContext) -> None:
    with gpu.create_texture(4, 4, label="scoped") as tex:
        assert not dead(tex)
    assert dead(tex)
    with pytest.raises(RuntimeError), gpu.create_buffer(16, BUFFER_USAGE, label="scoped") as buf:
        raise RuntimeError("boom")
    assert buf.released


# -- R2 --------------------------------------------------------------------------------------


def test_texture_release_destroys_now(gpu: sl.GpuContext) -> None:
    tex = gpu.create_texture(8, 8, label="doomed")
    raw = tex.raw
    tex.release()
    pixels = np.zeros((8, 8, 4), np.uint8)
    with pytest.raises(wgpu.GPUValidationError, match="destroyed"):
        gpu.raw_device.queue.write_texture({"texture": raw}, pixels.data, {"bytes_per_row": 32}, (8, 8, 1))


def test_buffer_release_destroys_now(gpu: sl.GpuContext) -> None:
    buf = gpu.create_buffer(64, BUFFER_USAGE, label="doomed")
    raw = buf.raw
    buf.release()
    with pytest.raises(wgpu.GPUValidationError, match="destroyed"):
        gpu.raw_device.queue.write_buffer(raw, 0, b"\0" * 16)


def test_release_keeps_the_device_maintained(gpu: sl.GpuContext, monkeypatch: pytest.MonkeyPatch) -> None:
    """1,000 create/release cycles, with no poll by the caller: streamlib polls, and nothing accumulates."""
    device = gpu.raw_device
    polls: list[bool] = []
    original = device._poll

    def counting_poll(block: bool = False) -> None:
        polls.append(block)
        original(block)

    monkeypatch.setattr(device, "_poll", counting_poll)
    baseline = wgpu_objects(gpu)
    polls.clear()
    for _ in range(500):
        gpu.create_texture(64, 64).release()
        gpu.create_buffer(1024, BUFFER_USAGE).release()
    assert len(polls) >= 1000 // 64, f"only {len(polls)} device polls in 1,000 releases"
    assert not any(polls), "maintenance must not block on the GPU"
    assert wgpu_objects(gpu) == baseline

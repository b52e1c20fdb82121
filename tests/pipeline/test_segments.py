"""The threading model (docs/architecture.md, "Threading model"): which processors share a thread."""

from __future__ import annotations

import itertools
import threading
import time

import pytest

import streamlib as sl


class _Source(sl.Processor):
    video_out = sl.StreamOutput(sl.VideoFrame)

    def __init__(self) -> None:
        super().__init__()
        self.threads: set[int] = set()

    def process(self, tick: sl.Tick) -> None:
        self.threads.add(threading.get_ident())
        tex = self.gpu.texture_pool.acquire(4, 4, label="src")
        self.video_out.write(sl.VideoFrame.from_texture(tex, frame_number=tick.frame_number))


class _Pass(sl.Processor):
    video_in = sl.StreamInput(sl.VideoFrame)
    video_out = sl.StreamOutput(sl.VideoFrame)

    def __init__(self, delay: float = 0.0) -> None:
        super().__init__()
        self.threads: set[int] = set()
        self.delay = delay

    def process(self, tick: sl.Tick) -> None:
        self.threads.add(threading.get_ident())
        frame = self.video_in.read_latest()
        if self.delay:
            time.sleep(self.delay)
        if frame is not None:
            self.video_out.write(frame.clone())


class _Sink(sl.Processor):
    video_in = sl.StreamInput(sl.VideoFrame)

    def __init__(self, delay: float = 0.0) -> None:
        super().__init__()
        self.threads: set[int] = set()
        self.delay = delay
        self.frames = 0

    def process(self, tick: sl.Tick) -> None:
        self.threads.add(threading.get_ident())
        if self.video_in.read_latest() is not None:
            self.frames += 1
        if self.delay:
            time.sleep(self.delay)


class _OwnSink(_Sink):
    own_thread = True


class _Merge(sl.Processor):
    a = sl.StreamInput(sl.VideoFrame)
    b = sl.StreamInput(sl.VideoFrame)
    video_out = sl.StreamOutput(sl.VideoFrame)

    def __init__(self) -> None:
        super().__init__()
        self.threads: set[int] = set()

    def process(self, tick: sl.Tick) -> None:
        self.threads.add(threading.get_ident())
        for port in (self.a, self.b):
            frame = port.read_latest()
            if frame is not None:
                self.video_out.write(frame.clone())


def _thread(p: sl.Processor) -> int:
    threads: set[int] = p.threads  # type: ignore[attr-defined]
    assert len(threads) == 1, f"{p.name} ran on {len(threads)} threads"
    return next(iter(threads))


def _wire(rt: sl.StreamRuntime, *procs: sl.Processor) -> None:
    """Connect each processor's ``video_out`` to the next one's ``video_in``: a linear chain."""
    for up, down in itertools.pairwise(procs):
        rt.connect(up.video_out, down.video_in)  # type: ignore[attr-defined]


def test_lockstep_linear_chain_runs_on_one_thread_and_loses_nothing(gpu: sl.GpuContext) -> None:
    rt = sl.StreamRuntime(fps=0, gpu=gpu)
    src = rt.add(_Source())
    stages = [rt.add(_Pass()) for _ in range(4)]
    sink = rt.add(_Sink())
    _wire(rt, src, *stages, sink)
    rt.run(frames=50)
    assert len({_thread(p) for p in (src, *stages, sink)}) == 1
    assert threading.get_ident() not in src.threads  # not the caller's thread
    stats = rt.stats()
    assert sink.frames == 50 and sum(s.dropped for s in stats.values()) == 0
    assert [stats[p.name].calls for p in (src, *stages, sink)] == [50] * 6
    assert gpu.texture_pool.stats().live == 0


def test_paced_source_keeps_its_own_thread_and_the_rest_share_one(gpu: sl.GpuContext) -> None:
    rt = sl.StreamRuntime(fps=200, gpu=gpu)
    src = rt.add(_Source())
    a = rt.add(_Pass())
    sink = rt.add(_Sink())
    _wire(rt, src, a, sink)
    rt.run(frames=10)
    assert _thread(src) != _thread(a) == _thread(sink)


def test_fan_out_and_fan_in_get_threads_of_their_own(gpu: sl.GpuContext) -> None:
    rt = sl.StreamRuntime(fps=0, gpu=gpu)
    src = rt.add(_Source())
    left, right = rt.add(_Pass()), rt.add(_Pass())
    merge = rt.add(_Merge())
    after = rt.add(_Pass())
    sink = rt.add(_Sink())
    rt.connect(src.video_out, left.video_in)  # fan-out: src feeds two
    rt.connect(src.video_out, right.video_in)
    rt.connect(left.video_out, merge.a)  # fan-in: merge has two inputs
    rt.connect(right.video_out, merge.b)
    _wire(rt, merge, after, sink)
    rt.run(frames=20)
    threads = [_thread(p) for p in (src, left, right, merge)]
    assert len(set(threads)) == 4
    assert _thread(merge) == _thread(after) == _thread(sink)  # a linear run after the fan-in
    stats = rt.stats()  # lockstep waits for every thread: nothing dropped on the way to the merge
    assert [stats[p.name].dropped for p in (left, right, merge)] == [0, 0, 0]
    assert stats[merge.name].frames_in == 40


def test_a_slow_own_thread_sink_never_blocks_its_source(gpu: sl.GpuContext) -> None:
    rt2 = sl.StreamRuntime(fps=100, gpu=gpu)
    src2 = rt2.add(_Source())
    a = rt2.add(_Pass())
    slow2 = rt2.add(_OwnSink(delay=0.05))
    _wire(rt2, src2, a, slow2)
    t0 = time.perf_counter()
    rt2.run(duration=0.5)
    elapsed = time.perf_counter() - t0
    stats = rt2.stats()
    # The source ticked at its rate while the sink slept: far more ticks than sink calls.
    assert stats[src2.name].calls >= 3 * stats[slow2.name].calls
    assert _thread(slow2) not in (_thread(src2), _thread(a))
    assert stats[slow2.name].dropped > 0  # drop-oldest at the slow sink's input
    assert elapsed < 2.0
    assert gpu.texture_pool.stats().live == 0


def test_own_thread_in_a_lockstep_chain_splits_it_and_still_drops_nothing(gpu: sl.GpuContext) -> None:
    rt = sl.StreamRuntime(fps=0, gpu=gpu)
    src = rt.add(_Source())
    a = rt.add(_Pass())
    sink = rt.add(_OwnSink())
    _wire(rt, src, a, sink)
    rt.run(frames=30)
    assert _thread(src) == _thread(a) != _thread(sink)
    assert sink.frames == 30 and sum(s.dropped for s in rt.stats().values()) == 0


def test_lockstep_across_threads_wakes_the_source_at_once(gpu: sl.GpuContext) -> None:
    # The source waits for the sink's thread after every frame. A segment going idle notifies
    # only while someone waits (docs/architecture.md, "Threading model"); a lost notification
    # would leave the source to its 0.1 s poll, 20 s for these 200 frames.
    rt = sl.StreamRuntime(fps=0, gpu=gpu)
    src = rt.add(_Source())
    sink = rt.add(_OwnSink())
    rt.connect(src.video_out, sink.video_in)
    t0 = time.perf_counter()
    rt.run(frames=200)
    elapsed = time.perf_counter() - t0
    assert sink.frames == 200 and sum(s.dropped for s in rt.stats().values()) == 0
    assert elapsed < 5.0


def test_error_in_a_shared_thread_stops_the_pipeline_under_stop_policy(gpu: sl.GpuContext) -> None:
    class Boom(_Pass):
        def process(self, tick: sl.Tick) -> None:
            super().process(tick)
            if tick.frame_number == 3:
                raise RuntimeError("boom")

    rt = sl.StreamRuntime(fps=0, gpu=gpu, error_policy=sl.ErrorPolicy.STOP)
    src = rt.add(_Source())
    boom = rt.add(Boom())
    sink = rt.add(_Sink())
    _wire(rt, src, boom, sink)
    with pytest.raises(sl.PipelineError, match="boom"):
        rt.run(frames=100)
    assert _thread(src) == _thread(boom)
    assert rt.stats()[boom.name].errors == 1
    assert sink.frames <= 5  # stopped right there, not after 100 frames
    assert gpu.texture_pool.stats().live == 0  # every frame released on stop


def test_error_in_a_shared_thread_goes_on_under_continue_policy(gpu: sl.GpuContext) -> None:
    class Flaky(_Pass):
        def process(self, tick: sl.Tick) -> None:
            super().process(tick)
            if tick.frame_number % 2:
                raise RuntimeError("flaky")

    rt = sl.StreamRuntime(fps=0, gpu=gpu)
    src = rt.add(_Source())
    flaky = rt.add(Flaky())
    sink = rt.add(_Sink())
    _wire(rt, src, flaky, sink)
    rt.run(frames=10)
    assert rt.stats()[flaky.name].errors == 5 and sink.frames == 10
    assert _thread(src) == _thread(flaky) == _thread(sink)
    assert gpu.texture_pool.stats().live == 0

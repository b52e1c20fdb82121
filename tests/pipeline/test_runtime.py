"""StreamRuntime end to end on the real adapter: wiring, threads, pacing, stopping, errors, cleanup."""

from __future__ import annotations

import logging
import os
import signal
import threading
import time

import pytest

import streamlib as sl

from ._procs import Failing, Invert, Keeper, Sink, Source, Stopper


def _pipeline(gpu: sl.GpuContext, **kw: object) -> tuple[sl.StreamRuntime, Source, Invert, Sink]:
    rt = sl.StreamRuntime(fps=0, width=64, height=64, gpu=gpu)
    src = rt.add(Source())
    inv = rt.add(Invert())
    sink = rt.add(Sink(**kw))  # type: ignore[arg-type]
    rt.connect(src.video_out, inv.video_in)
    rt.connect(inv.video_out, sink.video_in)
    return rt, src, inv, sink


def _assert_clean(gpu: sl.GpuContext, before: dict[str, int]) -> None:
    assert gpu.texture_pool.stats().live == 0
    assert sl.live_counts() == before


def test_runs_a_frame_count_and_releases_everything(gpu: sl.GpuContext) -> None:
    before = sl.live_counts()
    rt, src, inv, sink = _pipeline(gpu, check_every=10, every=True)
    rt.run(frames=300)
    assert len(src.ticks) == 300
    assert [t.frame_number for t in src.ticks] == list(range(300))  # unpaced: no tick skipped
    stats = rt.stats()
    assert set(stats) == {"Source", "Invert", "Sink"}
    assert stats["Source"].frames_out == 300 and stats["Source"].frames_in == 0
    # Every frame is accounted for: processed or dropped by a full ring, none left behind.
    assert stats["Invert"].frames_in + stats["Invert"].dropped == 300
    assert stats["Invert"].frames_out == stats["Invert"].frames_in
    assert sink.count + stats["Sink"].dropped == stats["Invert"].frames_out
    assert sink.count == stats["Sink"].frames_in == 300  # unpaced runs in lockstep: nothing dropped
    assert sink.numbers == list(range(300))
    assert sink.pixels and all(v == 255 - n % 256 for n, v in sink.pixels.items())  # inverted on the GPU
    assert all(s.errors == 0 for s in stats.values())
    assert stats["Invert"].mean_ms > 0 and stats["Invert"].calls >= stats["Invert"].frames_in
    assert (sink.set_up, sink.torn_down) == (1, 1)
    assert inv.pipeline.released  # teardown ran
    assert not gpu.closed  # a context given to the runtime stays open
    _assert_clean(gpu, before)


def _steady_state(gpu: sl.GpuContext, frames: int) -> None:
    before = sl.live_counts()
    rt, _, _, sink = _pipeline(gpu)
    start = time.perf_counter()
    rt.run(frames=frames)
    elapsed = time.perf_counter() - start
    warm = sink.misses[len(sink.misses) // 5]
    print(f"{frames} frames 64x64 in {elapsed:.2f} s ({frames / elapsed:.0f} fps); pool {gpu.texture_pool.stats()}")
    assert len(sink.misses) > 50
    assert sink.misses[-1] == warm  # no texture allocated per frame after warm-up
    _assert_clean(gpu, before)


def test_steady_state_allocates_no_textures(gpu: sl.GpuContext) -> None:
    _steady_state(gpu, 1000)


@pytest.mark.soak
def test_ten_thousand_frames_steady_state(gpu: sl.GpuContext) -> None:
    _steady_state(gpu, 10_000)


class _SlowSink(Sink):
    def process(self, tick: sl.Tick) -> None:
        time.sleep(0.004)
        super().process(tick)


def test_a_paced_source_outrunning_a_slow_sink_drops_the_oldest_frames(gpu: sl.GpuContext) -> None:
    before = sl.live_counts()
    rt = sl.StreamRuntime(fps=1000, width=8, height=8, gpu=gpu)
    src = rt.add(Source(fill=False))
    sink = rt.add(_SlowSink(every=True))
    rt.connect(src.video_out, sink.video_in)
    rt.run(frames=200)
    s = rt.stats()["_SlowSink"]
    assert s.dropped > 0 and sink.count == s.frames_in
    assert s.frames_in + s.dropped == rt.stats()["Source"].frames_out == 200
    assert sink.video_in.stats().queued == 0
    _assert_clean(gpu, before)


def test_fan_out_shares_frames_and_releases_them(gpu: sl.GpuContext) -> None:
    before = sl.live_counts()
    rt = sl.StreamRuntime(fps=0, width=16, height=16, gpu=gpu)
    src = rt.add(Source(fill=False))
    a = rt.add(Sink())
    b = rt.add(Sink(every=True))
    keeper = rt.add(Keeper())
    rt.connect(src.video_out, a.video_in)
    rt.connect(src.video_out, b.video_in)
    rt.connect(src.video_out, keeper.video_in)
    rt.run(frames=100)
    assert (a.name, b.name) == ("Sink", "Sink#2")
    out = src.video_out.stats()
    assert (out.frames_in, out.frames_out) == (100, 300)
    for sink in (a, b):
        s = rt.stats()[sink.name]
        assert s.frames_in + s.dropped == 100 and sink.count == s.frames_in
    assert keeper.alive_at_teardown  # a clone outlives the process call that read it
    _assert_clean(gpu, before)


def test_fps_paces_sources(gpu: sl.GpuContext) -> None:
    rt = sl.StreamRuntime(fps=50, width=8, height=8, gpu=gpu)
    src = rt.add(Source(fill=False))
    sink = rt.add(Sink())
    rt.connect(src.video_out, sink.video_in)
    start = time.perf_counter()
    rt.run(frames=10)
    elapsed = time.perf_counter() - start
    assert elapsed >= 9 / 50
    stamps = [t.timestamp for t in src.ticks]
    assert stamps == sorted(stamps) and stamps[-1] >= 9 / 50 - 0.001
    assert src.ticks[0].delta_time == 0.0 and all(t.delta_time > 0 for t in src.ticks[1:])
    assert sink.count >= 1


def test_stop_by_duration(gpu: sl.GpuContext) -> None:
    before = sl.live_counts()
    rt = sl.StreamRuntime(fps=50, width=8, height=8, gpu=gpu)
    src = rt.add(Source(fill=False))
    sink = rt.add(Sink())
    rt.connect(src.video_out, sink.video_in)
    start = time.perf_counter()
    rt.run(duration=0.3)
    elapsed = time.perf_counter() - start
    assert 0.3 <= elapsed < 2.0
    assert 2 <= len(src.ticks) <= 17  # about 15; fewer when a loaded machine makes the source skip ticks
    _assert_clean(gpu, before)


def test_stop_from_another_thread_and_from_a_processor(gpu: sl.GpuContext) -> None:
    before = sl.live_counts()
    rt = sl.StreamRuntime(fps=200, width=8, height=8, gpu=gpu)
    src = rt.add(Source(fill=False))
    sink = rt.add(Sink())
    rt.connect(src.video_out, sink.video_in)
    timer = threading.Timer(0.2, rt.stop)
    timer.start()
    rt.run()
    timer.join()
    assert src.ticks and not rt.running

    rt2 = sl.StreamRuntime(fps=0, width=8, height=8, gpu=gpu)
    src2 = rt2.add(Source(fill=False))
    stopper = rt2.add(Stopper(after=5))
    rt2.connect(src2.video_out, stopper.video_in)
    rt2.run()
    assert stopper.count >= 5
    _assert_clean(gpu, before)


def test_ctrl_c_stops_cleanly_and_restores_the_handler(gpu: sl.GpuContext) -> None:
    assert threading.current_thread() is threading.main_thread()
    previous = signal.getsignal(signal.SIGINT)
    rt = sl.StreamRuntime(fps=100, width=8, height=8, gpu=gpu)
    src = rt.add(Source(fill=False))
    sink = rt.add(Sink())
    rt.connect(src.video_out, sink.video_in)
    timer = threading.Timer(0.2, os.kill, args=(os.getpid(), signal.SIGINT))
    timer.start()
    start = time.perf_counter()
    rt.run(duration=10)
    timer.join()
    assert time.perf_counter() - start < 5
    assert src.ticks and sink.torn_down == 1
    assert signal.getsignal(signal.SIGINT) is previous
    assert gpu.texture_pool.stats().live == 0


def test_run_off_the_main_thread_leaves_signals_alone(gpu: sl.GpuContext) -> None:
    rt = sl.StreamRuntime(fps=0, width=8, height=8, gpu=gpu)
    src = rt.add(Source(fill=False))
    sink = rt.add(Sink())
    rt.connect(src.video_out, sink.video_in)
    errors: list[BaseException] = []

    def target() -> None:
        try:
            rt.run(frames=20)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    t = threading.Thread(target=target)
    t.start()
    t.join()
    assert not errors and len(src.ticks) == 20


def test_process_errors_are_logged_and_the_pipeline_goes_on(
    gpu: sl.GpuContext, caplog: pytest.LogCaptureFixture
) -> None:
    before = sl.live_counts()
    rt = sl.StreamRuntime(fps=0, width=8, height=8, gpu=gpu)
    src = rt.add(Source(fill=False))
    bad = rt.add(Failing(every=3))
    sink = rt.add(Sink(every=True))
    rt.connect(src.video_out, bad.video_in)
    rt.connect(bad.video_out, sink.video_in)
    with caplog.at_level(logging.ERROR, logger="streamlib.runtime"):
        rt.run(frames=60)
    errors = rt.stats()["Failing"].errors
    assert errors == bad.calls // 3 >= 1
    assert sink.count > 0
    records = [r for r in caplog.records if "Failing" in r.getMessage()]
    assert len(records) == errors
    assert records[0].exc_info is not None and "boom" in caplog.text and "Traceback" in caplog.text
    _assert_clean(gpu, before)


def test_error_policy_stop_raises_naming_the_processor(gpu: sl.GpuContext, caplog: pytest.LogCaptureFixture) -> None:
    before = sl.live_counts()
    rt = sl.StreamRuntime(fps=0, width=8, height=8, gpu=gpu, error_policy=sl.ErrorPolicy.STOP)
    src = rt.add(Source(fill=False))
    bad = rt.add(Failing(every=5), name="flaky")
    sink = rt.add(Sink())
    rt.connect(src.video_out, bad.video_in)
    rt.connect(bad.video_out, sink.video_in)
    with caplog.at_level(logging.CRITICAL), pytest.raises(sl.PipelineError, match=r"'flaky'.*boom") as info:
        rt.run(frames=100_000)
    assert isinstance(info.value.__cause__, RuntimeError)
    assert rt.stats()["flaky"].errors >= 1 and len(src.ticks) < 100_000
    assert sink.torn_down == 1
    _assert_clean(gpu, before)


def test_setup_failure_tears_down_what_was_set_up(gpu: sl.GpuContext) -> None:
    class BadSetup(Sink):
        def setup(self, gpu: sl.GpuContext) -> None:
            raise ValueError("no device for you")

    before = sl.live_counts()
    rt = sl.StreamRuntime(fps=0, width=8, height=8, gpu=gpu)
    src = rt.add(Source(fill=False))
    inv = rt.add(Invert())
    bad = rt.add(BadSetup())
    rt.connect(src.video_out, inv.video_in)
    rt.connect(inv.video_out, bad.video_in)
    with pytest.raises(sl.PipelineError, match=r"'BadSetup' failed in setup.*no device") as info:
        rt.run(frames=5)
    assert isinstance(info.value.__cause__, ValueError)
    assert inv.pipeline.released and bad.torn_down == 0 and not src.ticks
    _assert_clean(gpu, before)


class _BadTeardown(Sink):
    def teardown(self) -> None:
        super().teardown()
        raise OSError("disk full")


def test_a_teardown_failure_fails_the_run(gpu: sl.GpuContext, caplog: pytest.LogCaptureFixture) -> None:
    before = sl.live_counts()
    rt = sl.StreamRuntime(fps=0, width=8, height=8, gpu=gpu)
    src = rt.add(Source(fill=False))
    inv = rt.add(Invert())
    bad = rt.add(_BadTeardown(), name="writer")
    rt.connect(src.video_out, inv.video_in)
    rt.connect(inv.video_out, bad.video_in)
    with (
        caplog.at_level(logging.CRITICAL),
        pytest.raises(sl.PipelineError, match=r"'writer' failed in teardown.*disk full") as info,
    ):
        rt.run(frames=3)
    assert isinstance(info.value.__cause__, OSError)
    # Everything else was still torn down and released; the failure does not outlive its run.
    assert inv.pipeline.released and bad.torn_down == 1 and rt.stats()["writer"].errors == 1
    _assert_clean(gpu, before)


def test_an_earlier_failure_wins_over_a_teardown_failure(gpu: sl.GpuContext, caplog: pytest.LogCaptureFixture) -> None:
    rt = sl.StreamRuntime(fps=0, width=8, height=8, gpu=gpu, error_policy=sl.ErrorPolicy.STOP)
    src = rt.add(Source(fill=False))
    bad = rt.add(Failing(every=2), name="flaky")
    sink = rt.add(_BadTeardown())
    rt.connect(src.video_out, bad.video_in)
    rt.connect(bad.video_out, sink.video_in)
    with caplog.at_level(logging.CRITICAL), pytest.raises(sl.PipelineError, match=r"'flaky' failed \(.*boom") as info:
        rt.run(frames=100)
    assert isinstance(info.value.__cause__, RuntimeError) and sink.torn_down == 1


def test_the_runtime_closes_the_context_it_opened() -> None:
    rt = sl.StreamRuntime(fps=0, width=8, height=8)
    src = rt.add(Source(fill=False))
    sink = rt.add(Sink())
    rt.connect(src.video_out, sink.video_in)
    first = rt.gpu
    rt.run(frames=5)
    assert first.closed and first.texture_pool.closed
    rt.run(frames=5)  # a second run opens a fresh context
    assert rt.gpu is not first and rt.gpu.closed
    assert len(src.ticks) == 10 and sink.set_up == 2

    kept = sl.StreamRuntime(fps=0, width=8, height=8, close_gpu=False)
    src = kept.add(Source(fill=False))
    sink = kept.add(Sink())
    kept.connect(src.video_out, sink.video_in)
    kept.run(frames=5)
    assert not kept.gpu.closed and kept.gpu.texture_pool.stats().live == 0
    kept.gpu.close()


class _Other:
    """Not a frame type the ports know: mismatched with VideoFrame."""

    def clone(self) -> _Other:
        return self

    def release(self) -> None:
        pass

    @property
    def released(self) -> bool:
        return False


class _OtherSink(sl.Processor):
    other_in = sl.StreamInput(_Other)

    def process(self, tick: sl.Tick) -> None:
        pass


def test_wiring_errors(gpu: sl.GpuContext) -> None:
    rt = sl.StreamRuntime(fps=0, width=8, height=8, gpu=gpu)
    src, inv, sink, other = rt.add(Source()), rt.add(Invert()), rt.add(Sink()), rt.add(_OtherSink())
    outsider = Sink()

    with pytest.raises(sl.PipelineError, match=r"not a streamlib\.Processor"):
        rt.add("camera")  # type: ignore[type-var]
    with pytest.raises(sl.PipelineError, match="already added"):
        rt.add(src)
    with pytest.raises(sl.PipelineError, match="already in this pipeline"):
        rt.add(Sink(), name="Source")
    with pytest.raises(sl.PipelineError, match="must be an output port"):
        rt.connect("video_out", sink.video_in)  # type: ignore[arg-type]
    with pytest.raises(sl.PipelineError, match="declared on the class"):
        rt.connect(Source.video_out, sink.video_in)  # type: ignore[arg-type]
    with pytest.raises(sl.PipelineError, match="not added to this runtime"):
        rt.connect(src.video_out, outsider.video_in)
    with pytest.raises(sl.PipelineError, match=r"input port, got output Invert.video_out"):
        rt.connect(src.video_out, inv.video_out)  # type: ignore[arg-type]
    with pytest.raises(sl.PipelineError, match=r"first argument must be an output port.*connect\(output, input\)"):
        rt.connect(inv.video_in, sink.video_in)  # type: ignore[arg-type]
    with pytest.raises(sl.PipelineError, match=r"carries VideoFrame but _OtherSink\.other_in takes _Other"):
        rt.connect(src.video_out, other.other_in)
    with pytest.raises(sl.PipelineError, match="cycle"):
        rt.connect(inv.video_out, inv.video_in)
    rt.connect(src.video_out, inv.video_in)
    rt.connect(src.video_out, sink.video_in)  # fan-out: fine
    with pytest.raises(sl.PipelineError, match="already connected"):
        rt.connect(inv.video_out, sink.video_in)
    with pytest.raises(sl.PipelineError, match=r"not connected: input _OtherSink.other_in"):
        rt.run(frames=1)
    with pytest.raises(sl.PipelineError, match="empty"):
        sl.StreamRuntime(gpu=gpu).run(frames=1)


def test_cycle_through_several_processors_is_refused(gpu: sl.GpuContext) -> None:
    rt = sl.StreamRuntime(fps=0, gpu=gpu)
    a, b, c = rt.add(Invert()), rt.add(Invert()), rt.add(Invert())
    rt.connect(a.video_out, b.video_in)
    rt.connect(b.video_out, c.video_in)
    with pytest.raises(sl.PipelineError, match=r"Invert#3.video_out -> input Invert.video_in would make a cycle"):
        rt.connect(c.video_out, a.video_in)


def test_bad_runtime_arguments(gpu: sl.GpuContext) -> None:
    with pytest.raises(sl.InvalidArgumentError, match="fps"):
        sl.StreamRuntime(fps=-1, gpu=gpu)
    with pytest.raises(sl.InvalidArgumentError, match="width"):
        sl.StreamRuntime(width=0, gpu=gpu)
    rt = sl.StreamRuntime(gpu=gpu)
    with pytest.raises(sl.InvalidArgumentError, match="frames"):
        rt.run(frames=0)
    with pytest.raises(sl.InvalidArgumentError, match="duration"):
        rt.run(duration=-1.0)

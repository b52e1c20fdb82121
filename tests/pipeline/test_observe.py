"""Seeing inside a pipeline: latency per stage and per link, the DOT picture, the trace (docs/architecture.md, "Observability")."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

import streamlib as sl
from streamlib.pipeline._observe import LATENCY_SAMPLE_S, latency_stats

from ._procs import Invert, Pass, Sink, Source

pytestmark = pytest.mark.usefixtures("streamlib_leak_check")


class Slow(sl.Processor):
    """Passes each frame on after sleeping ``seconds``: a stage whose latency is known."""

    video_in = sl.StreamInput(sl.VideoFrame)
    video_out = sl.StreamOutput(sl.VideoFrame)

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def process(self, tick: sl.Tick) -> None:
        frame = self.video_in.read()
        if frame is not None:
            time.sleep(self.seconds)
            self.video_out.write(frame.clone())


def _chain(rt: sl.StreamRuntime, slow: float = 0.004) -> tuple[Source, Slow, Invert, Sink]:
    src, sl_, inv, sink = rt.add(Source(fill=False)), rt.add(Slow(slow)), rt.add(Invert()), rt.add(Sink())
    rt.connect(src.video_out, sl_.video_in)
    rt.connect(sl_.video_out, inv.video_in)
    rt.connect(inv.video_out, sink.video_in)
    return src, sl_, inv, sink


def test_latency_grows_along_the_chain_and_counts_every_frame() -> None:
    rt = sl.StreamRuntime(fps=0, width=32, height=32)
    _chain(rt)
    rt.run(frames=20)
    stats = rt.stats()
    assert stats["Source"].latency == sl.LatencyStats()  # nothing comes before a source
    slow, inv, sink = stats["Slow"].latency, stats["Invert"].latency, stats["Sink"].latency
    assert slow.frames == inv.frames == sink.frames == 20
    # Slow sleeps 4 ms with the frame: every stage after it sees at least that, and more than the one before.
    assert 4.0 <= slow.p50_ms <= slow.p95_ms <= slow.p99_ms <= slow.max_ms
    assert slow.p50_ms < inv.p50_ms < sink.p50_ms
    assert rt.end_to_end() == {"Sink": sink}
    # Fields read before latency existed are where they were (README and tests read them by name and position).
    assert stats["Sink"][:6] == (stats["Sink"].frames_in, stats["Sink"].frames_out, 0, 0, stats["Sink"].mean_ms, 20)


def test_latency_is_measured_from_the_source_write_not_from_when_the_frame_was_made() -> None:
    class Hoarder(sl.Processor):
        """Makes its frame, waits 30 ms, then writes it: the wait is the source's, not the pipeline's."""

        video_out = sl.StreamOutput(sl.VideoFrame)

        def process(self, tick: sl.Tick) -> None:
            texture = self.gpu.texture_pool.acquire(16, 16)
            frame = sl.VideoFrame.from_texture(texture, frame_number=tick.frame_number)
            time.sleep(0.03)
            self.video_out.write(frame)

    rt = sl.StreamRuntime(fps=0, width=16, height=16)
    src, sink = rt.add(Hoarder()), rt.add(Sink())
    rt.connect(src.video_out, sink.video_in)
    rt.run(frames=3)
    assert rt.stats()["Sink"].latency.max_ms < 25.0


def test_a_fast_pipeline_samples_latency_but_counts_every_frame() -> None:
    rt = sl.StreamRuntime(fps=0, width=16, height=16)
    src, a, b, sink = rt.add(Source(fill=False)), rt.add(Pass()), rt.add(Pass()), rt.add(Sink())
    rt.connect(src.video_out, a.video_in)
    rt.connect(a.video_out, b.video_in)
    rt.connect(b.video_out, sink.video_in)
    start = time.perf_counter()
    rt.run(frames=2000)
    elapsed = time.perf_counter() - start
    stats = rt.stats()
    # Every frame is counted (exact, like the frame and drop counters)...
    assert [stats[p.name].latency.frames for p in (a, b, sink)] == [2000] * 3
    # ...but a pass is measured at most once per LATENCY_SAMPLE_S: thousands of frames a second
    # are not each measured (even under pytest on a busy 2-core machine this runs at thousands a second).
    taken = [p.video_in._lat_n for p in (a, b, sink)]
    assert 1 <= taken[0] <= elapsed / LATENCY_SAMPLE_S + 1
    assert taken == [taken[0]] * 3  # the whole pass is measured: the same frames along the segment
    lat = stats[sink.name].latency
    assert 0.0 < lat.p50_ms <= lat.p99_ms <= lat.max_ms
    assert stats[sink.name].frames_in == 2000 and stats[sink.name].dropped == 0


def test_latency_off_records_nothing() -> None:
    rt = sl.StreamRuntime(fps=0, width=32, height=32, latency=False)
    _chain(rt, slow=0.0)
    rt.run(frames=5)
    assert all(s.latency.frames == 0 for s in rt.stats().values())
    assert rt.stats()["Sink"].calls == 5
    # Counted from the port's reads: only the reads of a run that measured count.
    rt.latency = True
    rt.run(frames=3)
    rt.latency = False
    rt.run(frames=4)
    sink = rt.stats()["Sink"]
    assert sink.latency.frames == 3 and sink.calls == sink.frames_in == 12


def test_links_report_frames_drops_and_latency_per_connection() -> None:
    class Greedy(sl.Processor):
        """Reads only the newest frame every 10 ms: a paced source outruns it, so its input drops."""

        video_in = sl.StreamInput(sl.VideoFrame, capacity=1)

        def process(self, tick: sl.Tick) -> None:
            self.video_in.read_latest()
            time.sleep(0.01)

    rt = sl.StreamRuntime(fps=400, width=16, height=16)
    src, greedy = rt.add(Source(fill=False)), rt.add(Greedy())
    rt.connect(src.video_out, greedy.video_in)
    rt.run(duration=0.3)
    (link,) = rt.links()
    assert (link.output, link.input) == ("Source.video_out", "Greedy.video_in")
    port = greedy.video_in.stats()
    assert link.frames == port.frames_in > 0
    assert link.dropped == port.dropped > 0
    assert link.latency.frames == port.frames_out
    assert link.latency == greedy.video_in.latency()


def test_percentiles_are_nearest_rank_over_the_window() -> None:
    ring = [i / 1000.0 for i in range(1, 101)]  # 1..100 ms
    s = latency_stats([(ring, 100)])
    assert (s.frames, s.p50_ms, s.p95_ms, s.p99_ms, s.max_ms) == (100, 51.0, 96.0, 100.0, 100.0)
    # A ring that wrapped: only its window is in the percentiles, every frame in the count.
    assert latency_stats([([0.002, 0.002, 0.009, 0.002], 10)]) == sl.LatencyStats(10, 2.0, 9.0, 9.0, 9.0)
    # Two inputs (a fan-in): one set of percentiles over both rings.
    assert latency_stats([([0.001, 0.0], 1), ([0.003], 1)]) == sl.LatencyStats(2, 3.0, 3.0, 3.0, 3.0)
    assert latency_stats([]) == sl.LatencyStats()
    # Sampled: the count given (every frame read) is reported, the percentiles are the samples'.
    assert latency_stats([([0.004, 0.002], 2)], frames=70) == sl.LatencyStats(70, 4.0, 4.0, 4.0, 4.0)
    assert latency_stats([], frames=70) == sl.LatencyStats()  # no sample, nothing to report


def test_clones_keep_when_the_source_produced_the_frame(gpu: sl.GpuContext) -> None:
    frame = sl.VideoFrame.from_texture(gpu.create_texture(4, 4))
    later = gpu.create_texture(4, 4)
    time.sleep(0.002)
    with frame.clone() as copy, frame.clone_with_texture(later) as moved:
        assert copy.produced_at == moved.produced_at == frame.produced_at < time.perf_counter()
    frame.release()


def test_dot_names_every_processor_port_link_and_shared_thread() -> None:
    rt = sl.StreamRuntime(fps=0, width=32, height=32)
    _chain(rt, slow=0.0)
    before = rt.to_dot()
    assert before.startswith("digraph streamlib {") and "frames" not in before
    assert rt.threads() == [("Source", "Slow", "Invert", "Sink")]  # unpaced and linear: one thread
    rt.run(frames=6)
    dot = rt.to_dot()
    for name in ("Source", "Slow", "Invert", "Sink"):
        assert f"<b>{name}</b>" in dot
    assert dot.count(" -> ") == 3
    assert 'p0:"out_video_out" -> p1:"in_video_in" [label="6 frames, 0 dropped' in dot
    assert "one thread: Source + Slow + Invert + Sink" in dot
    assert "latency p50" in dot and "6 calls" in dot


def test_dot_escapes_names() -> None:
    rt = sl.StreamRuntime(fps=0)
    rt.add(Source(), name='a "quoted" <name> & more')
    dot = rt.to_dot()
    assert "<b>a &quot;quoted&quot; &lt;name&gt; &amp; more</b>" in dot


def test_save_graph_writes_dot_text_and_pictures(tmp_path: Path) -> None:
    rt = sl.StreamRuntime(fps=0)
    src, sink = rt.add(Source()), rt.add(Sink())
    rt.connect(src.video_out, sink.video_in)
    assert rt.save_graph(tmp_path / "g.dot").read_text() == rt.to_dot()
    with pytest.raises(sl.InvalidArgumentError, match=r"\.dot or \.gv"):
        rt.save_graph(tmp_path / "g.jpeg")
    if shutil.which("dot") is None:
        with pytest.raises(sl.GraphvizNotFoundError, match="apt-get install graphviz"):
            rt.save_graph(tmp_path / "g.png")
        return
    assert rt.save_graph(tmp_path / "g.png").read_bytes().startswith(b"\x89PNG")
    assert b"<svg" in rt.save_graph(tmp_path / "g.svg").read_bytes()


def test_save_graph_names_graphviz_when_dot_is_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no 'dot' here
    rt = sl.StreamRuntime(fps=0)
    rt.add(Source())
    with pytest.raises(sl.GraphvizNotFoundError, match="apt-get install graphviz"):
        rt.save_graph(tmp_path / "g.svg")
    assert not (tmp_path / "g.svg").exists()


def test_trace_has_one_complete_event_per_process_call(tmp_path: Path) -> None:
    rt = sl.StreamRuntime(fps=0, width=16, height=16)
    _chain(rt, slow=0.0)
    path = tmp_path / "trace.json"
    rt.run(frames=7, trace=path)
    trace = json.loads(path.read_text())
    calls = [e for e in trace["traceEvents"] if e["ph"] == "X"]
    stats = rt.stats()
    for name in ("Source", "Slow", "Invert", "Sink"):
        mine = [e for e in calls if e["name"] == name]
        assert len(mine) == stats[name].calls == 7
        assert sorted(e["args"]["frame"] for e in mine) == list(range(7))
        assert all(e["dur"] >= 0 and e["ts"] >= 0 for e in mine)
    names = {e["args"]["name"] for e in trace["traceEvents"] if e["name"] == "thread_name"}
    assert names == {"streamlib-Source+Slow+Invert+Sink"}
    # Off by default: the next run writes nothing.
    path.unlink()
    rt.run(frames=2)
    assert not path.exists()


def test_trace_set_on_the_runtime_is_written_by_every_run(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    rt = sl.StreamRuntime(fps=0, width=16, height=16, trace=path)
    src, sink = rt.add(Source(fill=False)), rt.add(Sink())
    rt.connect(src.video_out, sink.video_in)
    rt.run(frames=3)
    assert len([e for e in json.loads(path.read_text())["traceEvents"] if e["ph"] == "X"]) == 6


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"latency": 1}, "latency must be True or False"), ({"trace": 3}, "trace must be a file path")],
)
def test_bad_observability_arguments(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(sl.InvalidArgumentError, match=match):
        sl.StreamRuntime(**kwargs)  # type: ignore[arg-type]

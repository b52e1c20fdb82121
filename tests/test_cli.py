"""The streamlib command: doctor, run, and the subcommand registry."""

from __future__ import annotations

import argparse
import io
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import av
import pytest

import streamlib as sl
from streamlib import cli
from streamlib.cli._run import load_pipeline_module
from streamlib.processors import NullSink, TestPatternCamera


def test_doctor_lists_adapters_and_extras(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert "GPU adapters:" in out and "streamlib picks (*)" in out and "backend=" in out
    assert "STREAMLIB_BACKEND=" in out
    for extra in ("video files (PyAV)", "real camera (OpenCV)", "window (glfw)", "display", "live table (rich)"):
        assert extra in out
    assert "GPU memory: " in out and "1280x720 rgba8unorm frame counts 3.5 MiB while owned, 0 B once released" in out


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the message comes from libwayland (Linux)")
def test_doctor_explains_the_xdg_runtime_dir_message(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    assert cli.main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert "XDG_RUNTIME_DIR is not set" in out and "XDG_RUNTIME_DIR is invalid or not set" in out
    assert "export XDG_RUNTIME_DIR=/tmp" in out
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    assert cli.main(["doctor"]) == 0
    assert "XDG_RUNTIME_DIR" not in capsys.readouterr().out


def test_doctor_into_a_closed_pipe_exits_without_a_traceback() -> None:
    script = "import sys; from streamlib.cli import main; sys.exit(main(['doctor']))"
    with subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE) as child:
        assert child.stdout is not None and child.stderr is not None
        child.stdout.close()  # the reader is gone before doctor prints (`streamlib doctor | head -0`)
        err = child.stderr.read().decode()
        status = child.wait(timeout=60)
    assert status == 1
    assert "Traceback" not in err and "BrokenPipeError" not in err, err


def test_run_an_example_by_name_with_progress(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "ball.mp4"
    args = ["run", "camera_with_bouncing_ball", "--frames", "4", "--size", "64", "48", "--output", str(out)]
    assert cli.main(args) == 0
    err = capsys.readouterr().err
    assert "frames 4/4" in err and "dropped" in err
    with av.open(str(out)) as container:
        assert container.streams.video[0].codec_context.width == 64


def test_run_a_user_module_with_build(tmp_path: Path) -> None:
    module = tmp_path / "my_pipeline.py"
    module.write_text(
        "from streamlib.processors import NullSink, TestPatternCamera\n"
        "def build(runtime):\n"
        "    cam = runtime.add(TestPatternCamera())\n"
        "    sink = runtime.add(NullSink())\n"
        "    runtime.connect(cam.video_out, sink.video_in)\n"
    )
    assert cli.main(["run", str(module), "--frames", "2", "--size", "32", "32", "--quiet"]) == 0
    # --output needs a build() that takes it: a clear error, exit status 1.
    assert cli.main(["run", str(module), "--frames", "1", "--output", str(tmp_path / "x.mp4")]) == 1


def test_run_unknown_target_or_no_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["run", "no_such_example_or_module"]) == 1
    assert "neither an example" in capsys.readouterr().err
    empty = tmp_path / "empty.py"
    empty.write_text("x = 1\n")
    assert cli.main(["run", str(empty)]) == 1
    assert "defines no build(runtime)" in capsys.readouterr().err


def test_progress_prints_lines_when_not_a_terminal() -> None:
    rt = sl.StreamRuntime(fps=30, width=16, height=16)
    cam = rt.add(TestPatternCamera())
    sink = rt.add(NullSink())
    rt.connect(cam.video_out, sink.video_in)
    stream = io.StringIO()
    stats = cli.run_with_progress(rt, frames=3, stream=stream)
    assert stats["TestPatternCamera"].frames_out == 3
    assert stream.getvalue().startswith("frames 3/3") and "\r" not in stream.getvalue()


def test_run_writes_every_frame_to_a_file_unless_fps_is_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "chain.mp4"
    assert cli.main(["run", "filter_chain", "--frames", "40", "--size", "32", "24", "--output", str(out)]) == 0
    assert "frames 40/40" in capsys.readouterr().err
    with av.open(str(out)) as container:
        assert sum(1 for _ in container.decode(video=0)) == 40, "lockstep by default: no frame dropped"


_FPS_PROBE = """
import streamlib as sl
from streamlib.processors import DisplaySink, NullSink, TestPatternCamera

class Camera(TestPatternCamera):
    def setup(self, gpu: sl.GpuContext) -> None:
        print(f"fps={self.runtime.fps:g}")  # a source is set up first: before a window could fail
        super().setup(gpu)

def build(runtime):
    cam = runtime.add(Camera())
    sink = runtime.add({sink}())
    runtime.connect(cam.video_out, sink.video_in)
"""


def test_run_paces_only_a_window_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)  # the window fails at setup: only its pace matters here
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    for sink, options, fps in (
        ("NullSink", [], "0"),
        ("NullSink", ["--fps", "12"], "12"),
        ("DisplaySink", [], "30"),
        ("DisplaySink", ["--fps", "5"], "5"),
    ):
        module = tmp_path / f"probe_{sink}_{len(options)}.py"
        module.write_text(_FPS_PROBE.replace("{sink}", sink))
        cli.main(["run", str(module), "--frames", "1", "--size", "16", "16", "--quiet", *options])
        assert f"fps={fps}" in capsys.readouterr().out, (sink, options)


class _SlowSink(sl.Processor):
    video_in = sl.StreamInput(sl.VideoFrame)

    def process(self, tick: sl.Tick) -> None:
        if self.video_in.read_latest() is not None:
            time.sleep(0.03)


def test_progress_counts_frames_that_reached_the_sinks() -> None:
    rt = sl.StreamRuntime(fps=200, width=16, height=16)
    cam = rt.add(TestPatternCamera())
    sink = rt.add(_SlowSink(), name="slow")
    rt.connect(cam.video_out, sink.video_in)
    stream = io.StringIO()
    stats = cli.run_with_progress(rt, frames=30, stream=stream)
    delivered = stats["slow"].frames_in
    assert delivered < stats["TestPatternCamera"].frames_out, "the paced source outran the sink"
    assert stream.getvalue().startswith(f"frames {delivered}/30 ")


def test_debug_option_before_or_after_the_subcommand(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STREAMLIB_DEBUG", raising=False)
    assert cli.main(["run", "no_such_example_or_module"]) == 1
    for argv in (["--debug", "run", "no_such_example_or_module"], ["run", "no_such_example_or_module", "--debug"]):
        with pytest.raises(sl.StreamlibError, match="neither an example"):
            cli.main(argv)
    monkeypatch.setenv("STREAMLIB_DEBUG", "1")
    with pytest.raises(sl.StreamlibError, match="neither an example"):
        cli.main(["run", "no_such_example_or_module"])


def test_a_registered_subcommand_is_dispatched() -> None:
    seen: list[int] = []

    @cli.subcommand("echo-test", "test only")
    def _echo(parser: argparse.ArgumentParser) -> cli.Handler:
        parser.add_argument("n", type=int)

        def handle(args: argparse.Namespace) -> int:
            seen.append(args.n)
            return 7

        return handle

    try:
        assert cli.main(["echo-test", "5"]) == 7 and seen == [5]
    finally:
        del cli._command.SUBCOMMANDS["echo-test"]


def test_example_parser_and_run_example(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from typing import Any

    parser = cli.example_parser("an example", tmp_path / "default.mp4", size=(32, 16))
    parser.add_argument("--extra", type=int, default=0)
    args = parser.parse_args(["--frames", "3", "--fps", "12", "--extra", "5"])
    assert (args.frames, args.output, tuple(args.size), args.fps, args.extra) == (
        3,
        tmp_path / "default.mp4",
        (32, 16),
        12.0,
        5,
    )
    assert parser.parse_args([]).frames is None and parser.parse_args([]).fps == 0.0
    built: list[tuple[Any, ...]] = []

    def build(runtime: sl.StreamRuntime, output: Path, *, extra: int) -> None:
        built.append((runtime.fps, runtime.width, runtime.height, output, extra))
        cam = runtime.add(TestPatternCamera())
        sink = runtime.add(NullSink())
        runtime.connect(cam.video_out, sink.video_in)

    stats = cli.run_example(args, build, fps=0.0, extra=args.extra)  # fps overrides --fps
    assert built == [(0.0, 32, 16, tmp_path / "default.mp4", 5)]
    assert stats["NullSink"].frames_in == 3
    assert "frames 3/3" in capsys.readouterr().err


# -- seeing inside a run: the graph, the trace, the live table (docs/architecture.md, "Observability") --

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.parametrize("name", sorted(p.stem for p in EXAMPLES.glob("*.py")))
def test_run_graph_names_every_processor_and_link_of_each_example(name: str, tmp_path: Path) -> None:
    module = load_pipeline_module(name)
    suffix = ".png" if name == "invert_frame" else ".mp4"
    expected = sl.StreamRuntime(fps=0, width=32, height=24)
    module.build(expected, output=tmp_path / f"unused{suffix}")
    names = [p.name for p in expected.processors]
    links = [
        (p.name, port, target.processor.name, target.name)
        for p in expected.processors
        for port in p.output_ports()
        for target in p.output_ports()[port].targets
    ]
    graph = tmp_path / "graph.dot"
    options = ["--frames", "2", "--size", "32", "24", "--fps", "0", "--quiet"]
    assert cli.main(["run", name, *options, "--output", str(tmp_path / f"out{suffix}"), "--graph", str(graph)]) == 0
    dot = graph.read_text()
    ids = {}
    for n in names:
        line = next(line for line in dot.splitlines() if f"<b>{n}</b>" in line)
        ids[n] = line.split()[0]
    assert dot.count(" -> ") == len(links) >= 1
    for src, out_name, dst, in_name in links:
        assert f'{ids[src]}:"out_{out_name}" -> {ids[dst]}:"in_{in_name}" [label="' in dot, (src, dst)
    assert "2 calls" in dot


def test_run_graph_png_and_trace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    graph, trace = tmp_path / "g.png", tmp_path / "t.json"
    options = ["--frames", "3", "--size", "32", "24", "--fps", "0", "--output", str(tmp_path / "o.mp4")]
    code = cli.main(["run", "filter_chain", *options, "--graph", str(graph), "--trace", str(trace)])
    assert code == 0
    err = capsys.readouterr().err
    assert f"pipeline graph written to {graph}" in err and "trace written to" in err
    events = [e for e in json.loads(trace.read_text())["traceEvents"] if e["ph"] == "X"]
    assert sorted({e["name"] for e in events}) == ["TestPatternCamera", "VideoFileSink", "edges", "grayscale"]
    assert len(events) == 12
    if shutil.which("dot") is not None:
        assert graph.read_bytes().startswith(b"\x89PNG")


def test_run_graph_without_graphviz_names_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    options = ["--frames", "1", "--size", "16", "16", "--fps", "0", "--quiet", "--output", str(tmp_path / "o.mp4")]
    assert cli.main(["run", "filter_chain", *options, "--graph", str(tmp_path / "g.svg")]) == 1
    assert "apt-get install graphviz" in capsys.readouterr().err


def _pattern_to_slow_sink() -> sl.StreamRuntime:
    rt = sl.StreamRuntime(fps=0, width=16, height=16)
    cam = rt.add(TestPatternCamera())
    sink = rt.add(NullSink())
    rt.connect(cam.video_out, sink.video_in)
    return rt


def test_live_table_on_a_terminal_shows_each_stage_with_latency() -> None:
    from rich.console import Console

    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=160, color_system=None)
    stats = cli.run_with_progress(_pattern_to_slow_sink(), frames=5, console=console)
    text = screen.getvalue()
    for header in ("stage", "frames", "fps", "dropped", "p50 ms", "p99 ms", "max ms"):
        assert header in text
    # The terminal got every redraw; the last one stays on screen as the summary.
    sink_row = [line for line in text.splitlines() if "NullSink" in line and "│" in line][-1]
    assert "│      5 │" in sink_row
    assert f"{stats['NullSink'].latency.p50_ms:.2f}" in sink_row
    assert "end to end -> NullSink: p50" in text
    assert "GPU memory owned now:" in text


def test_plain_progress_when_rich_is_missing_then_a_summary(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "rich.console", None)  # import rich.console now fails
    from streamlib.cli._live import rich_console

    assert rich_console(io.StringIO()) is None

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    cli.run_with_progress(_pattern_to_slow_sink(), frames=4, stream=screen)
    text = screen.getvalue()
    assert text.startswith("\rframes 4/4") or "\rframes 4/4" in text
    assert "p50 ms" in text and "end to end, source -> NullSink: p50" in text

"""``streamlib run``: a pipeline from an example, a .py file or a module, with a progress display."""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import inspect
import os
import sys
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType
from typing import Any, TextIO

from ..gpu._errors import StreamlibError
from ..pipeline._runtime import ProcessorStats, StreamRuntime
from ..processors import DisplaySink
from ._command import Handler, subcommand
from ._live import plain_summary, rich_console, rich_table

__all__ = ["load_pipeline_module", "run_with_progress"]

# A source checkout: src/streamlib/cli/_run.py -> the folder holding examples/.
_CHECKOUT = Path(__file__).resolve().parents[3]

# `streamlib run`'s pace when the pipeline shows a window and --fps is not given.
DISPLAY_FPS = 30.0


@subcommand("run", "run an example by name, or a module or .py file that defines build(runtime)")
def _run(parser: argparse.ArgumentParser) -> Handler:
    parser.add_argument("target", metavar="EXAMPLE_OR_MODULE", help="example name, path/to/file.py or dotted.module")
    parser.add_argument("--frames", type=int, default=None, help="stop after N frames (default: until Ctrl+C)")
    parser.add_argument("--duration", type=float, default=None, help="stop after this many seconds")
    parser.add_argument(
        "--fps",
        type=float,
        default=None,
        help="pace sources at N fps in real time, dropping frames when slower (default: 0, every frame as fast "
        "as the machine allows, for files; 30 when the pipeline shows a window)",
    )
    parser.add_argument("--size", type=int, nargs=2, default=(1280, 720), metavar=("W", "H"))
    parser.add_argument("--output", type=Path, default=None, help="passed to build(runtime, output=...)")
    parser.add_argument("--quiet", action="store_true", help="no progress display")
    parser.add_argument(
        "--graph",
        type=Path,
        default=None,
        metavar="FILE",
        help="after the run, draw the pipeline with each link's frames, drops and latency: FILE.dot (DOT text), "
        "or .svg/.png/.pdf (needs Graphviz: apt-get install graphviz)",
    )
    parser.add_argument(
        "--trace",
        type=Path,
        default=None,
        metavar="FILE",
        help="write a Chrome/Perfetto trace of every process call to FILE (.json; open it in ui.perfetto.dev)",
    )
    return _run_target


def _run_target(args: argparse.Namespace) -> int:
    module = load_pipeline_module(args.target)
    build = getattr(module, "build", None)
    if not callable(build):
        raise StreamlibError(
            f"{args.target!r} defines no build(runtime) function; add one that adds processors to the "
            f"runtime and connects them (see examples/camera_with_bouncing_ball.py)"
        )
    width, height = args.size
    runtime = StreamRuntime(fps=0.0 if args.fps is None else args.fps, width=width, height=height)
    kwargs: dict[str, Any] = {}
    if args.output is not None:
        if "output" not in inspect.signature(build).parameters:
            raise StreamlibError(f"{args.target!r}: build() takes no 'output' argument, so --output cannot be used")
        kwargs["output"] = args.output
    build(runtime, **kwargs)
    if args.fps is None and any(isinstance(p, DisplaySink) for p in runtime.processors):
        # A window is watched in real time: unpaced, a fast pipeline would flash through its frames.
        runtime.fps = DISPLAY_FPS
    try:
        run_with_progress(runtime, frames=args.frames, duration=args.duration, quiet=args.quiet, trace=args.trace)
    finally:  # a failed run's picture shows where it stopped
        if args.graph is not None:
            path = runtime.save_graph(args.graph)
            if not args.quiet:
                print(f"pipeline graph written to {path}", file=sys.stderr)
    if args.trace is not None and not args.quiet:
        print(f"trace written to {args.trace} (open it in https://ui.perfetto.dev)", file=sys.stderr)
    return 0


def load_pipeline_module(target: str) -> ModuleType:
    """The module ``target`` names: an example's name, a path to a .py file, or a dotted module name."""
    candidates: list[Path] = []
    if target.endswith(".py") or os.sep in target or "/" in target:
        candidates.append(Path(target))
    else:
        for folder in (Path.cwd() / "examples", _CHECKOUT / "examples"):
            candidates.append(folder / f"{target}.py")
    for path in candidates:
        if path.is_file():
            spec = importlib.util.spec_from_file_location(f"_streamlib_run_{path.stem}", path)
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            sys.modules[spec.name] = module  # dataclasses and pickling look modules up by name
            spec.loader.exec_module(module)
            return module
    if target.endswith(".py"):
        raise StreamlibError(f"no file {target!r}")
    try:
        return importlib.import_module(target)
    except ModuleNotFoundError as exc:
        raise StreamlibError(
            f"{target!r} is neither an example (examples/{target}.py) nor an importable module ({exc}); "
            f"pass an example name, a .py path, or a dotted module name"
        ) from exc


def run_with_progress(
    runtime: StreamRuntime,
    *,
    frames: int | None = None,
    duration: float | None = None,
    quiet: bool = False,
    stream: TextIO | None = None,
    trace: str | Path | None = None,
    console: Any = None,
) -> dict[str, ProcessorStats]:
    """``runtime.run(...)`` with a progress display on ``stream`` (stderr by default); returns the final stats.

    On a terminal with rich installed (the ``cli`` extra), a live table shows each stage's
    frames, fps, drops, time per call and latency from the source, redrawn twice a second,
    and stays as the summary; ``console`` (a ``rich.console.Console``) draws it somewhere
    else (tests pass one with ``force_terminal=True``). Otherwise: one progress line (the
    frames that reached the sinks, processors with no outputs, so frames dropped on the way
    are not counted as done), updated in place on a terminal or printed every 5 seconds, then
    the same table as plain text. ``trace``: as ``StreamRuntime.run``.
    """
    out = stream if stream is not None else sys.stderr
    if console is None and not quiet and out.isatty():
        console = rich_console(out)
    if console is not None and not quiet:
        return _run_live(runtime, console, frames, duration, trace)
    tty = out.isatty()
    done = threading.Event()
    started = time.perf_counter()

    def line() -> str:
        total, dropped = _progress(runtime, runtime.stats())
        elapsed = max(time.perf_counter() - started, 1e-9)
        of = f"/{frames}" if frames else ""
        return f"frames {total}{of}  {total / elapsed:6.1f} fps  dropped {dropped}  {elapsed:6.1f} s"

    def report() -> None:
        period = 0.5 if tty else 5.0
        while not done.wait(period):
            if tty:
                print(f"\r{line()}", end="", file=out, flush=True)
            else:
                print(line(), file=out, flush=True)

    reporter = threading.Thread(target=report, name="streamlib-progress", daemon=True)
    if not quiet:
        reporter.start()
    failed = True
    try:
        _run_runtime(runtime, frames, duration, trace)
        failed = False
    finally:
        done.set()
        if reporter.is_alive():
            reporter.join()
        if not quiet and not failed:
            print(f"\r{line()}" if tty else line(), file=out, flush=True)
            print(plain_summary(runtime, runtime.stats(), time.perf_counter() - started), file=out, flush=True)
        elif not quiet and tty and reporter.ident is not None:
            print(file=out, flush=True)  # end the line updated in place, so the error starts a line of its own
    return runtime.stats()


def _run_runtime(runtime: StreamRuntime, frames: int | None, duration: float | None, trace: str | Path | None) -> None:
    if frames is not None:
        runtime.run(frames=frames, trace=trace)
    elif duration is not None:
        runtime.run(duration=duration, trace=trace)
    else:
        runtime.run(trace=trace)


def _run_live(
    runtime: StreamRuntime, console: Any, frames: int | None, duration: float | None, trace: str | Path | None
) -> dict[str, ProcessorStats]:
    """The run under a rich Live table, redrawn twice a second; the last drawing stays as the summary."""
    from rich.live import Live

    started = time.perf_counter()

    def table() -> Any:
        elapsed = max(time.perf_counter() - started, 1e-9)
        total, dropped = _progress(runtime, runtime.stats())
        of = f"/{frames}" if frames else ""
        title = f"streamlib run: {total}{of} frames at the sinks, {dropped} dropped, {elapsed:.1f} s"
        return rich_table(runtime, runtime.stats(), elapsed, title)

    with Live(table(), console=console, refresh_per_second=2, transient=False) as live:
        done = threading.Event()

        def redraw() -> None:
            while not done.wait(0.5):
                live.update(table())

        drawer = threading.Thread(target=redraw, name="streamlib-live-table", daemon=True)
        drawer.start()
        try:
            _run_runtime(runtime, frames, duration, trace)
        finally:
            done.set()
            drawer.join()
            live.update(table())
    return runtime.stats()


def _progress(runtime: StreamRuntime, stats: Mapping[str, ProcessorStats]) -> tuple[int, int]:
    """Frames that reached the sinks (the busiest sink's input: processors with no outputs) and frames dropped.

    Source ticks would overstate it: a frame dropped on the way never reached a file or window.
    """
    sinks = {p.name for p in runtime.processors if not list(p.output_ports())}
    delivered = max((s.frames_in for name, s in stats.items() if name in sinks), default=0)
    return delivered, sum(s.dropped for s in stats.values())

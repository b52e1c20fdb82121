"""The ``streamlib`` command: ``doctor`` (what this machine offers), ``run`` (a pipeline, with progress).

Scripts get the same pieces: ``run_with_progress``, and ``example_parser`` with ``run_example``
for the command line every example shares (``--frames``, ``--output``, ``--size``, ``--fps``).

Adding a subcommand: decorate a function that configures its argparse parser and returns the
handler, in this module or one imported by it::

    @subcommand("bench", "time streamlib against raw wgpu")
    def _bench(parser: argparse.ArgumentParser) -> Handler:
        parser.add_argument("--quick", action="store_true")
        return lambda args: run_benchmarks(quick=args.quick)   # returns the exit status
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import inspect
import os
import platform
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, TextIO

from ._errors import StreamlibError

if TYPE_CHECKING:
    from ._runtime import ProcessorStats, StreamRuntime

__all__ = ["Handler", "example_parser", "main", "run_example", "run_with_progress", "subcommand"]

Handler = Callable[[argparse.Namespace], int]
"""What a subcommand does with its parsed arguments; returns the exit status."""

_SUBCOMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], Handler]]] = {}


def subcommand(name: str, help: str) -> Callable[[Callable[[argparse.ArgumentParser], Handler]], Any]:
    """Register ``streamlib NAME``: the decorated function adds its arguments and returns its handler."""

    def register(
        configure: Callable[[argparse.ArgumentParser], Handler],
    ) -> Callable[[argparse.ArgumentParser], Handler]:
        _SUBCOMMANDS[name] = (help, configure)
        return configure

    return register


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``streamlib`` console script. Returns the exit status."""
    parser = argparse.ArgumentParser(prog="streamlib", description="Typed real-time GPU video pipelines on WebGPU.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    handlers: dict[str, Handler] = {}
    for name, (help_text, configure) in _SUBCOMMANDS.items():
        handlers[name] = configure(commands.add_parser(name, help=help_text, description=help_text))
    args = parser.parse_args(argv)
    try:
        status = handlers[args.command](args)
        sys.stdout.flush()  # a reader gone early (`streamlib doctor | head`) shows up here, not at exit
        return status
    except BrokenPipeError:
        # Python docs, "Note on SIGPIPE": point stdout at devnull so the interpreter's final
        # flush does not fail again, and exit with an error status without a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except StreamlibError as exc:
        print(f"streamlib {args.command}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


# -- doctor -------------------------------------------------------------------------------------


@subcommand("doctor", "show the GPU adapters, the backend streamlib picks, and which extras work here")
def _doctor(parser: argparse.ArgumentParser) -> Handler:
    return lambda args: doctor()


def doctor(out: TextIO | None = None) -> int:
    """Print what streamlib can use on this machine. Returns 0 when a GPU adapter is usable, else 1."""
    stream = out if out is not None else sys.stdout

    def say(line: str = "") -> None:
        print(line, file=stream)

    import wgpu

    from . import __version__
    from ._adapter import BACKEND_ENV, pick_adapter

    say(f"streamlib {__version__}  (wgpu {wgpu.__version__}, Python {platform.python_version()}, {sys.platform})")
    say()
    try:
        adapters = wgpu.gpu.enumerate_adapters_sync()
    except Exception as exc:
        adapters = []
        say(f"wgpu could not list adapters: {exc}")
    chosen: Any = None
    pick_error = ""
    try:
        chosen = pick_adapter(None, "high-performance")
    except StreamlibError as exc:
        pick_error = str(exc)
    chosen_key = _adapter_key(chosen.info) if chosen is not None else None
    say("GPU adapters:")
    if not adapters:
        say("  none")
    for adapter in adapters:
        info = adapter.info
        mark = "*" if _adapter_key(info) == chosen_key else " "
        say(
            f"  {mark} {info.get('device') or '?'}  backend={info.get('backend_type')}  "
            f"type={info.get('adapter_type')}  ({info.get('description') or 'no description'})"
        )
    if chosen is not None:
        say(f"  streamlib picks (*): {chosen.info.get('device')} on {chosen.info.get('backend_type')}")
    else:
        say(f"  streamlib cannot pick one: {pick_error}")
    say(f"  {BACKEND_ENV}={os.environ.get(BACKEND_ENV) or '(unset: wgpu default order)'}")
    backends = {str(a.info.get("backend_type")) for a in adapters}
    if sys.platform.startswith("linux") and "Vulkan" not in backends:
        say(
            "  hint: no Vulkan adapter; without a GPU install Mesa's llvmpipe: "
            "apt-get install mesa-vulkan-drivers (OpenGL fallback: libegl-mesa0 libgl1-mesa-dri)"
        )
    say()
    say("Extras:")
    for name, status in _extras().items():
        say(f"  {name:<22} {status}")
    return 0 if chosen is not None else 1


def _adapter_key(info: Mapping[str, Any]) -> tuple[str, str]:
    return str(info.get("device")), str(info.get("backend_type"))


def _extras() -> dict[str, str]:
    from .processors._display import display_problem

    extras: dict[str, str] = {}
    try:
        import av
        import av.codec

        x264 = "libx264" in av.codec.codecs_available
        extras["video files (PyAV)"] = f"yes, PyAV {av.__version__}" + ("" if x264 else " (no libx264: MP4 sink fails)")
    except ImportError:
        extras["video files (PyAV)"] = "no: pip install 'streamlib[video]' (VideoFileSource/VideoFileSink)"
    if importlib.util.find_spec("cv2") is not None:
        extras["real camera (OpenCV)"] = "yes (CameraSource)"
    else:
        extras["real camera (OpenCV)"] = (
            "no: pip install 'streamlib[camera]' for CameraSource; TestPatternCamera works without it"
        )
    has_glfw = importlib.util.find_spec("glfw") is not None and importlib.util.find_spec("rendercanvas") is not None
    extras["window (glfw)"] = "yes" if has_glfw else "no: pip install 'streamlib[display]' (DisplaySink)"
    problem = display_problem() if has_glfw else "needs glfw first"
    extras["display"] = "yes (DisplaySink can open a window)" if problem is None else f"no: {problem}"
    return extras


# -- run ----------------------------------------------------------------------------------------


@subcommand("run", "run an example by name, or a module or .py file that defines build(runtime)")
def _run(parser: argparse.ArgumentParser) -> Handler:
    parser.add_argument("target", metavar="EXAMPLE_OR_MODULE", help="example name, path/to/file.py or dotted.module")
    parser.add_argument("--frames", type=int, default=None, help="stop after N frames (default: until Ctrl+C)")
    parser.add_argument("--duration", type=float, default=None, help="stop after this many seconds")
    parser.add_argument("--fps", type=float, default=30.0, help="clock rate (default 30)")
    parser.add_argument("--size", type=int, nargs=2, default=(1280, 720), metavar=("W", "H"))
    parser.add_argument("--output", type=Path, default=None, help="passed to build(runtime, output=...)")
    parser.add_argument("--quiet", action="store_true", help="no progress display")
    return _run_target


def _run_target(args: argparse.Namespace) -> int:
    from ._runtime import StreamRuntime

    module = load_pipeline_module(args.target)
    build = getattr(module, "build", None)
    if not callable(build):
        raise StreamlibError(
            f"{args.target!r} defines no build(runtime) function; add one that adds processors to the "
            f"runtime and connects them (see examples/camera_with_bouncing_ball.py)"
        )
    width, height = args.size
    runtime = StreamRuntime(fps=args.fps, width=width, height=height)
    kwargs: dict[str, Any] = {}
    if args.output is not None:
        if "output" not in inspect.signature(build).parameters:
            raise StreamlibError(f"{args.target!r}: build() takes no 'output' argument, so --output cannot be used")
        kwargs["output"] = args.output
    build(runtime, **kwargs)
    run_with_progress(runtime, frames=args.frames, duration=args.duration, quiet=args.quiet)  # closes its GPU
    return 0


def load_pipeline_module(target: str) -> ModuleType:
    """The module ``target`` names: an example's name, a path to a .py file, or a dotted module name."""
    candidates: list[Path] = []
    if target.endswith(".py") or os.sep in target or "/" in target:
        candidates.append(Path(target))
    else:
        for folder in (Path.cwd() / "examples", Path(__file__).resolve().parents[2] / "examples"):
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
) -> dict[str, ProcessorStats]:
    """``runtime.run(...)`` with a progress display on ``stream`` (stderr by default); returns the final stats.

    On a terminal one line updates in place; otherwise a line is printed every 5 seconds. Runs
    shorter than a second print nothing but the summary.
    """
    out = stream if stream is not None else sys.stderr
    tty = out.isatty()
    done = threading.Event()
    started = time.perf_counter()

    def line() -> str:
        total, dropped = _progress(runtime.stats())
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
    try:
        if frames is not None:
            runtime.run(frames=frames)
        elif duration is not None:
            runtime.run(duration=duration)
        else:
            runtime.run()
    finally:
        done.set()
        if reporter.is_alive():
            reporter.join()
        if not quiet:
            print(f"\r{line()}" if tty else line(), file=out, flush=True)
    return runtime.stats()


def _progress(stats: Mapping[str, ProcessorStats]) -> tuple[int, int]:
    """Frames through the pipeline (the busiest source's output, or sink's input) and frames dropped."""
    values = list(stats.values())
    produced = max((s.frames_out for s in values), default=0)
    consumed = max((s.frames_in for s in values), default=0)
    return max(produced, consumed), sum(s.dropped for s in values)


# -- example scripts ----------------------------------------------------------------------------


def example_parser(
    description: str | None,
    default_output: Path,
    *,
    size: tuple[int, int] = (640, 360),
    fps: float | None = 0.0,
    fps_help: str = "pace at N fps, dropping frames when slower (default 0: every frame)",
) -> argparse.ArgumentParser:
    """The parser every example script shares: ``--frames N``, ``--output PATH``, ``--size W H``, ``--fps N``.

    ``description`` is shown as written (pass the script's ``__doc__``). Add the script's own
    flags to the parser it returns, then hand the parsed arguments to ``run_example``.
    """
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--frames", type=int, default=None, help="stop after N frames (default: until Ctrl+C)")
    parser.add_argument("--output", type=Path, default=default_output, help="MP4 file to write")
    parser.add_argument("--size", type=int, nargs=2, default=size, metavar=("W", "H"))
    parser.add_argument("--fps", type=float, default=fps, help=fps_help)
    return parser


def run_example(
    args: argparse.Namespace, build: Callable[..., None], *, fps: float | None = None, **build_kwargs: Any
) -> dict[str, ProcessorStats]:
    """Run the pipeline ``build(runtime, args.output, **build_kwargs)`` makes, with progress; returns the final stats.

    The runtime runs at ``fps`` (default ``args.fps``) with frames of ``args.size``, for
    ``args.frames`` frames (None: until Ctrl+C), on a GPU context it opens and closes.
    """
    from ._runtime import StreamRuntime

    width, height = args.size
    runtime = StreamRuntime(fps=args.fps if fps is None else fps, width=width, height=height)
    build(runtime, args.output, **build_kwargs)
    return run_with_progress(runtime, frames=args.frames)


# -- bench --------------------------------------------------------------------------------------


@subcommand("bench", "time streamlib against raw wgpu, as ratios (needs the source checkout's benchmarks/)")
def _bench(parser: argparse.ArgumentParser) -> Handler:
    parser.add_argument("--quick", action="store_true", help="fewer rounds and iterations")
    parser.add_argument("--tiny", action="store_true", help="a few iterations: checks that the suite runs")
    parser.add_argument("--only", action="append", default=[], metavar="CASE", help="run only this case")
    parser.add_argument("--results-dir", help="where latest.json and history.csv go")
    parser.add_argument("--no-history", action="store_true", help="do not append to history.csv")
    parser.add_argument("--check", action="store_true", help="exit with status 1 when a target is missed")
    return _run_bench


def _run_bench(args: argparse.Namespace) -> int:
    """Forward to ``python -m benchmarks``: the suite lives beside src/ in the checkout, not in the package."""
    argv = [f"--{flag.replace('_', '-')}" for flag in ("quick", "tiny", "no_history", "check") if getattr(args, flag)]
    for case in args.only:
        argv += ["--only", case]
    if args.results_dir:
        argv += ["--results-dir", args.results_dir]
    try:
        import benchmarks  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        checkout = Path(__file__).resolve().parents[2]
        if not (checkout / "benchmarks" / "__init__.py").is_file():
            print(
                "streamlib bench: the benchmarks/ package is not here; run it from a source checkout", file=sys.stderr
            )
            return 2
        sys.path.insert(0, str(checkout))
        import benchmarks  # type: ignore[import-not-found, no-redef, unused-ignore]
    status: int = benchmarks.main(argv)
    return status


if __name__ == "__main__":
    sys.exit(main())

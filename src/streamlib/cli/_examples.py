"""The command line every example script shares: ``--frames``, ``--output``, ``--size``, ``--fps``, ``--debug``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..gpu._errors import StreamlibError
from ..pipeline._runtime import ProcessorStats, StreamRuntime
from ._run import run_with_progress

__all__ = ["DEBUG_HELP", "debug_requested", "example_parser", "run_example"]

DEBUG_HELP = "on an error, show the traceback, not just the one-line message (or set STREAMLIB_DEBUG=1)"


def debug_requested() -> bool:
    """Whether ``STREAMLIB_DEBUG`` asks for tracebacks (set, and not 0 or empty)."""
    return os.environ.get("STREAMLIB_DEBUG", "") not in ("", "0")


def example_parser(
    description: str | None,
    default_output: Path,
    *,
    size: tuple[int, int] = (640, 360),
    fps: float | None = 0.0,
    fps_help: str = "pace at N fps, dropping frames when slower (default 0: every frame)",
    output_help: str = "MP4 file to write",
) -> argparse.ArgumentParser:
    """The parser every example script shares: ``--frames N``, ``--output PATH``, ``--size W H``, ``--fps N``, ``--debug``.

    ``description`` is shown as written (pass the script's ``__doc__``). Add the script's own
    flags to the parser it returns, then hand the parsed arguments to ``run_example``.
    """
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--frames", type=int, default=None, help="stop after N frames (default: until Ctrl+C)")
    parser.add_argument("--output", type=Path, default=default_output, help=output_help)
    parser.add_argument("--size", type=int, nargs=2, default=size, metavar=("W", "H"))
    parser.add_argument("--fps", type=float, default=fps, help=fps_help)
    parser.add_argument("--debug", action="store_true", help=DEBUG_HELP)
    return parser


def run_example(
    args: argparse.Namespace, build: Callable[..., None], *, fps: float | None = None, **build_kwargs: Any
) -> dict[str, ProcessorStats]:
    """Run the pipeline ``build(runtime, args.output, **build_kwargs)`` makes, with progress; returns the final stats.

    The runtime runs at ``fps`` (default ``args.fps``) with frames of ``args.size``, for
    ``args.frames`` frames (None: until Ctrl+C), on a GPU context it opens and closes.

    An expected failure (a StreamlibError: no display, no OpenCV, an unwritable output)
    prints one line, ``<script>: error: <message>``, on stderr and raises SystemExit(1), as
    argparse does for a bad option; with ``--debug`` or ``STREAMLIB_DEBUG=1`` it propagates
    with its traceback instead.
    """
    width, height = args.size
    try:
        runtime = StreamRuntime(fps=args.fps if fps is None else fps, width=width, height=height)
        build(runtime, args.output, **build_kwargs)
        return run_with_progress(runtime, frames=args.frames)
    except StreamlibError as exc:
        if getattr(args, "debug", False) or debug_requested():
            raise
        print(f"{Path(sys.argv[0]).name or 'streamlib'}: error: {exc}", file=sys.stderr)
        raise SystemExit(1) from exc

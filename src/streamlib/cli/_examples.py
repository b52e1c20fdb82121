"""The command line every example script shares: ``--frames``, ``--output``, ``--size``, ``--fps``."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..pipeline._runtime import ProcessorStats, StreamRuntime
from ._run import run_with_progress

__all__ = ["example_parser", "run_example"]


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
    width, height = args.size
    runtime = StreamRuntime(fps=args.fps if fps is None else fps, width=width, height=height)
    build(runtime, args.output, **build_kwargs)
    return run_with_progress(runtime, frames=args.frames)

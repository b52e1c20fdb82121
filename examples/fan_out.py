"""Fan-out: one source feeding two sinks, an MP4 file and a PNG sequence.

    python examples/fan_out.py --frames 30 --output out/fan_out.mp4    # PNGs go to out/fan_out_frames/
    streamlib run fan_out --frames 30

Connecting one output to two inputs gives each sink its own reference to the *same*
frame (a ``clone()``, no pixels copied). The texture goes back to the pool only when
both sinks are done with it, whichever finishes last.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import streamlib as sl
from streamlib.cli import run_with_progress
from streamlib.processors import PngSequenceSink, TestPatternCamera, VideoFileSink

DEFAULT_OUTPUT = Path("out/fan_out.mp4")


def frames_directory(output: Path) -> Path:
    """Where the PNG sequence goes: next to the MP4, named after it."""
    return output.with_name(f"{output.stem}_frames")


def build(runtime: sl.StreamRuntime, output: Path | None = None) -> None:
    """TestPatternCamera -> VideoFileSink(``output``) and PngSequenceSink(``<output stem>_frames/``)."""
    target = output if output is not None else DEFAULT_OUTPUT
    cam = runtime.add(TestPatternCamera())
    video = runtime.add(VideoFileSink(target))
    pngs = runtime.add(PngSequenceSink(frames_directory(target)))
    runtime.connect(cam.video_out, video.video_in)
    runtime.connect(cam.video_out, pngs.video_in)  # the same output again: fan-out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--frames", type=int, default=None, help="stop after N frames (default: until Ctrl+C)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="MP4 file to write")
    parser.add_argument("--size", type=int, nargs=2, default=(640, 360), metavar=("W", "H"))
    parser.add_argument(
        "--fps", type=float, default=0.0, help="pace at N fps, dropping frames when slower (default 0: every frame)"
    )
    args = parser.parse_args(argv)
    runtime = sl.StreamRuntime(fps=args.fps, width=args.size[0], height=args.size[1])
    build(runtime, args.output)
    run_with_progress(runtime, frames=args.frames)
    print(f"wrote {args.output} and {frames_directory(args.output)}/")


if __name__ == "__main__":
    main()

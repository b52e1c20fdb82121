"""Fan-out: one source feeding two sinks, an MP4 file and a PNG sequence.

    python examples/fan_out.py --frames 30 --output out/fan_out.mp4    # PNGs go to out/fan_out_frames/
    streamlib run fan_out --frames 30

Connecting one output to two inputs gives each sink its own reference to the *same*
frame (a ``clone()``, no pixels copied). The texture goes back to the pool only when
both sinks are done with it, whichever finishes last.
"""

from __future__ import annotations

from pathlib import Path

import streamlib as sl
from streamlib.cli import example_parser, run_example
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
    args = example_parser(
        __doc__, DEFAULT_OUTPUT, output_help="MP4 file to write; the PNGs go to <its name>_frames/ beside it"
    ).parse_args(argv)
    run_example(args, build)
    print(f"wrote {args.output} and {frames_directory(args.output)}/")


if __name__ == "__main__":
    main()

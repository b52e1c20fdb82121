"""PngSequenceSink: every frame it receives, written as a numbered PNG file."""

from __future__ import annotations

import os
from pathlib import Path

from ..gpu._context import GpuContext
from ..gpu._errors import PipelineError
from ..pipeline._frame import VideoFrame
from ..pipeline._ports import StreamInput
from ..pipeline._processor import Processor, Tick
from ._pixels import download_rgba
from ._png import write_png

__all__ = ["PngSequenceSink"]


class PngSequenceSink(Processor):
    """Writes each frame to ``directory/frame_000000.png``, ``frame_000001.png``, ... (in arrival order).

    Starts by creating ``directory`` (and its parents) and checking it can write there, so a
    read-only location fails at setup with a PipelineError naming the path. Takes rgba8unorm
    or bgra8unorm frames; each is copied back from the GPU, so this sink suits tests and
    inspection more than high frame rates. ``written`` lists the files so far.
    """

    video_in = StreamInput(VideoFrame)

    def __init__(self, directory: str | os.PathLike[str], *, prefix: str = "frame_") -> None:
        super().__init__()
        self.directory = Path(directory)
        self.prefix = prefix
        self.written: list[Path] = []

    def setup(self, gpu: GpuContext) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            probe = self.directory / f".{self.prefix}write-test"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            raise PipelineError(
                f"{self.name} cannot write PNG files into {str(self.directory)!r} ({exc.strerror or exc}); "
                f"choose a writable directory"
            ) from exc

    def process(self, tick: Tick) -> None:
        while (frame := self.video_in.read()) is not None:
            pixels = download_rgba(self.gpu, frame, self.name)
            path = self.directory / f"{self.prefix}{len(self.written):06d}.png"
            try:
                write_png(path, pixels)
            except OSError as exc:
                raise PipelineError(f"{self.name} failed writing {str(path)!r}: {exc}") from exc
            self.written.append(path)

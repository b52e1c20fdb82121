"""VideoFileSink: the frames it receives, encoded as an H.264 MP4 file with PyAV."""

from __future__ import annotations

import os
from pathlib import Path

from ..gpu._context import GpuContext
from ..pipeline._frame import VideoFrame
from ..pipeline._ports import StreamInput
from ..pipeline._processor import Processor, Tick
from ._clock import nominal_fps
from ._pixels import download_rgba
from ._video_io import Mp4Writer

__all__ = ["VideoFileSink"]


class VideoFileSink(Processor):
    """Encodes every frame it receives into ``path`` (MP4, H.264 via libx264, yuv420p), at ``fps``.

    Starts by creating the file (and its parent folders), so an unwritable path fails at setup
    with a PipelineError naming it. ``fps`` defaults to the runtime's rate (30 when unpaced).
    Each frame is placed at its timestamp, so frames dropped upstream leave the previous
    picture showing a little longer instead of speeding the video up. Odd frame sizes are
    padded to even ones; frames of another size than the first are rescaled to it. Takes
    rgba8unorm or bgra8unorm frames. The file is complete once the pipeline stops (teardown).
    Needs PyAV: ``pip install 'streamlib[video]'``.
    """

    video_in = StreamInput(VideoFrame)

    def __init__(self, path: str | os.PathLike[str], *, fps: float | None = None) -> None:
        super().__init__()
        self.path = Path(path)
        self.fps = fps
        self._writer: Mp4Writer | None = None

    @property
    def frames(self) -> int:
        """Frames encoded so far."""
        return 0 if self._writer is None else self._writer.frames

    def setup(self, gpu: GpuContext) -> None:
        self._writer = Mp4Writer(self.path, self.fps or nominal_fps(self), self.name)

    def process(self, tick: Tick) -> None:
        writer = self._writer
        if writer is None:
            return
        # Every waiting frame, in order: a file should miss none that reached it.
        while (frame := self.video_in.read()) is not None:
            writer.write(download_rgba(self.gpu, frame, self.name), frame.timestamp)

    def teardown(self) -> None:
        if self._writer is not None:
            self._writer.close()

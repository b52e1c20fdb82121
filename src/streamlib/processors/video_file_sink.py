"""VideoFileSink: the frames it receives, encoded as an H.264 MP4 file with PyAV."""

from __future__ import annotations

import os
from pathlib import Path

from ..gpu._context import GpuContext
from ..gpu._errors import PipelineError
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
    with a PipelineError naming it. A write that fails later (disk full, the file gone) is
    fatal whatever the runtime's ErrorPolicy: the sink stops the pipeline and ``run()``
    raises PipelineError naming the sink and the path, as it does when the file cannot be
    finished in teardown. ``fps`` defaults to the runtime's rate (30 when unpaced).
    Each frame is placed at its timestamp, so frames dropped upstream leave the previous
    picture showing a little longer instead of speeding the video up. Odd frame sizes are
    padded to even ones; frames of another size than the first are rescaled to it. Takes
    rgba8unorm or bgra8unorm frames. The file is complete once the pipeline stops (teardown).
    Needs PyAV: ``pip install 'streamlib[video]'``.
    """

    own_thread = True  # blocks on encoding and file writes: a thread of its own (docs/architecture.md)
    video_in = StreamInput(VideoFrame)

    def __init__(self, path: str | os.PathLike[str], *, fps: float | None = None) -> None:
        super().__init__()
        self.path = Path(path)
        self.fps = fps
        self._writer: Mp4Writer | None = None
        self._failed: PipelineError | None = None

    @property
    def frames(self) -> int:
        """Frames encoded so far."""
        return 0 if self._writer is None else self._writer.frames

    def setup(self, gpu: GpuContext) -> None:
        self._failed = None
        self._writer = Mp4Writer(self.path, self.fps or nominal_fps(self), self.name)

    def process(self, tick: Tick) -> None:
        writer = self._writer
        if writer is None or self._failed is not None:
            return
        # Every waiting frame, in order: a file should miss none that reached it.
        while (frame := self.video_in.read()) is not None:
            pixels = download_rgba(self.gpu, frame, self.name)
            try:
                writer.write(pixels, frame.timestamp)
            except PipelineError as exc:
                # Fatal, not one more counted error: the file is broken from here on. Stop now;
                # teardown raises it, so run() does under any ErrorPolicy.
                self._failed = exc
                self.runtime.stop()
                return

    def teardown(self) -> None:
        failed, self._failed = self._failed, None
        try:
            if self._writer is not None:
                self._writer.close()  # raises PipelineError naming the path if the file cannot be finished
        finally:
            if failed is not None:
                raise failed

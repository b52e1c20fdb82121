"""VideoFileSource: frames decoded from a video file with PyAV."""

from __future__ import annotations

import os
from pathlib import Path

from ..gpu._context import GpuContext
from ..pipeline._frame import VideoFrame
from ..pipeline._ports import StreamOutput
from ..pipeline._processor import Processor, Tick
from ._clock import grid_time
from ._upload import upload_rgba
from ._video_io import VideoReader

__all__ = ["VideoFileSource"]


class VideoFileSource(Processor):
    """Plays the first video stream of ``path`` (any format FFmpeg reads), one frame per tick.

    Starts by opening and probing the file in setup: a missing, unreadable or corrupt file
    raises PipelineError naming the path. Frames are decoded to RGBA and uploaded to textures
    from ``gpu.texture_pool``; each carries the tick's number and due time, and the file's own
    time in ``metadata["source_time"]``. At the end of the file it starts again with
    ``loop=True``; otherwise it stops the pipeline (``finished`` turns True). Needs PyAV:
    ``pip install 'streamlib[video]'``.
    """

    video_out = StreamOutput(VideoFrame)

    def __init__(self, path: str | os.PathLike[str], *, loop: bool = False) -> None:
        super().__init__()
        self.path = Path(path)
        self.loop = loop
        self.finished = False
        self._reader: VideoReader | None = None

    @property
    def size(self) -> tuple[int, int]:
        """The video's (width, height), known once set up."""
        reader = self._reader
        return (0, 0) if reader is None else (reader.width, reader.height)

    def setup(self, gpu: GpuContext) -> None:
        self._reader = VideoReader(self.path, self.name)

    def process(self, tick: Tick) -> None:
        reader = self._reader
        if reader is None or self.finished:
            return
        decoded = reader.read()
        if decoded is None and self.loop:
            reader.rewind()
            decoded = reader.read()
        if decoded is None:
            self.finished = True
            self.runtime.stop()
            return
        pixels, source_time = decoded
        self.video_out.write(
            upload_rgba(
                self.gpu,
                pixels,
                frame_number=tick.frame_number,
                timestamp=grid_time(self, tick),
                label=self.path.name,
                metadata={"source_time": f"{source_time:.6f}"},
            )
        )

    def teardown(self) -> None:
        reader, self._reader = self._reader, None
        if reader is not None:
            reader.close()

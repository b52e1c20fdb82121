"""NullSink: takes frames and does nothing with them but count; the cheapest end of a pipeline."""

from __future__ import annotations

from ..pipeline._frame import VideoFrame
from ..pipeline._ports import StreamInput
from ..pipeline._processor import Processor, Tick

__all__ = ["NullSink"]


class NullSink(Processor):
    """Counts the frames it receives and drops them: for benchmarks and tests.

    Starts with nothing to open; ``frames`` is the count so far, ``last_frame_number`` the
    newest frame's number (-1 before the first).
    """

    video_in = StreamInput(VideoFrame)

    def __init__(self) -> None:
        super().__init__()
        self.frames = 0
        self.last_frame_number = -1

    def process(self, tick: Tick) -> None:
        frame = self.video_in.read_latest()
        if frame is None:
            return
        self.frames += 1
        self.last_frame_number = frame.frame_number

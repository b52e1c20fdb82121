"""Small processors the fault, exit and soak suites build pipelines from."""

from __future__ import annotations

import threading

import streamlib as sl


class Source(sl.Processor):
    """Writes one pooled ``size`` x ``size`` frame per tick; ``die_at``: raise from that tick on."""

    video_out = sl.StreamOutput(sl.VideoFrame)

    def __init__(self, size: int = 16, die_at: int | None = None, hold_texture_when_dying: bool = False) -> None:
        self.size = size
        self.die_at = die_at
        self.hold = hold_texture_when_dying

    def process(self, tick: sl.Tick) -> None:
        tex = self.gpu.texture_pool.acquire(self.size, self.size, label="source")
        if self.die_at is not None and tick.frame_number >= self.die_at:
            if not self.hold:
                tex.release()
            raise RuntimeError(f"camera unplugged at frame {tick.frame_number}")
        self.video_out.write(sl.VideoFrame.from_texture(tex, frame_number=tick.frame_number))


class Faulty(sl.Processor):
    """Passes frames through, raising on every frame whose number is ``fail_every``-aligned."""

    video_in = sl.StreamInput(sl.VideoFrame)
    video_out = sl.StreamOutput(sl.VideoFrame)

    def __init__(self, fail_every: int = 3) -> None:
        self.fail_every = fail_every

    def process(self, tick: sl.Tick) -> None:
        frame = self.video_in.read()
        if frame is None:
            return
        if frame.frame_number % self.fail_every == 1:
            raise ValueError(f"bad frame {frame.frame_number}")
        self.video_out.write(frame.clone())


class Sink(sl.Processor):
    """Records the frame numbers it sees (every frame, in order)."""

    video_in = sl.StreamInput(sl.VideoFrame)

    def __init__(self) -> None:
        self.seen: list[int] = []
        self.lock = threading.Lock()

    def process(self, tick: sl.Tick) -> None:
        while (frame := self.video_in.read()) is not None:
            with self.lock:
                self.seen.append(frame.frame_number)

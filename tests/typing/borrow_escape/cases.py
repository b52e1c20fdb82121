"""What ``streamlib check`` must report, and what it must let through (tests/test_check.py).

Every line that ends with ``# E: borrow-escape`` must get exactly one finding, and no other
line may get one. Type-checks clean under mypy --strict; never run.
"""

from __future__ import annotations

import collections
from collections.abc import Callable
from typing import Any

import streamlib as sl

HISTORY: list[sl.BorrowedTexture] = []
last_frame: sl.VideoFrame | None = None
SIZES: list[tuple[int, int]] = []


class KeepsBorrows(sl.Processor):
    """Each way a processor can keep what ``read_latest()`` / ``read()`` lent it."""

    video_in = sl.StreamInput(sl.VideoFrame)
    video_out = sl.StreamOutput(sl.VideoFrame)

    def __init__(self) -> None:
        super().__init__()
        self.last: Any = None
        self.frames: list[sl.VideoFrame] = []
        self.textures: list[sl.BorrowedTexture] = []
        self.by_name: dict[str, sl.BorrowedTexture] = {}
        self.seen: set[sl.VideoFrame] = set()
        self.queue: collections.deque[Any] = collections.deque()
        self.callback: Callable[[], object] | None = None
        self.pair: tuple[sl.VideoFrame, int] | None = None

    def process(self, tick: sl.Tick) -> None:
        frame = self.video_in.read_latest()
        if frame is None:
            return
        data = frame.data
        self.last = frame  # E: borrow-escape
        self.last = frame.data  # E: borrow-escape
        self.last = data  # E: borrow-escape
        self.last = data.create_view()  # E: borrow-escape
        self.last = data.raw  # E: borrow-escape
        self.last = frame.clone  # E: borrow-escape
        self.last = self.video_in.read_latest()  # E: borrow-escape
        self.pair = (frame, 1)  # E: borrow-escape
        self.last = [data]  # E: borrow-escape
        self.last = {"data": data}  # E: borrow-escape
        self.last = lambda: frame.width  # E: borrow-escape
        self.last = frame if tick.frame_number else None  # E: borrow-escape
        self.frames.append(frame)  # E: borrow-escape
        self.textures.append(data)  # E: borrow-escape
        self.textures.extend([data])  # E: borrow-escape
        self.textures.insert(0, data)  # E: borrow-escape
        self.seen.add(frame)  # E: borrow-escape
        self.by_name.update({"x": data})  # E: borrow-escape
        self.by_name.setdefault("x", data)  # E: borrow-escape
        self.by_name["x"] = data  # E: borrow-escape
        self.queue.appendleft(frame)  # E: borrow-escape
        self.queue.extendleft([frame])  # E: borrow-escape
        self.textures += [data]  # E: borrow-escape
        self.callback = lambda: data.width  # E: borrow-escape
        name = "last"
        setattr(self, name, data)  # E: borrow-escape

        def later() -> int:
            return frame.width

        self.callback = later  # E: borrow-escape
        textures = self.textures
        textures.append(data)  # E: borrow-escape
        kept: list[sl.VideoFrame] = []
        kept.append(frame)
        self.last = kept  # E: borrow-escape
        for view in [data.create_view()]:
            self.last = view  # E: borrow-escape
        self.video_out.write(frame.clone())

    def process_read(self) -> None:
        frame = self.video_in.read()
        if frame is not None:
            self.frames.append(frame)  # E: borrow-escape
            self.callbacks_nested(frame)

    def process_branches(self, tick: sl.Tick) -> None:
        frame = self.video_in.read_latest()
        if frame is None:
            return
        keep = frame.clone() if tick.frame_number % 2 else frame
        if tick.frame_number:
            chosen = frame
        else:
            chosen = frame.clone()
        self.last = chosen  # E: borrow-escape
        self.last = keep  # E: borrow-escape

    def callbacks_nested(self, frame: sl.VideoFrame) -> None:
        # A frame handed in as a parameter is not followed (the analysis is per function).
        self.last = frame


class KeepsOwned(sl.Processor):
    """The owned alternatives: none of these is reported."""

    video_in = sl.StreamInput(sl.VideoFrame)
    video_out = sl.StreamOutput(sl.VideoFrame)

    def __init__(self) -> None:
        super().__init__()
        self.previous: sl.VideoFrame | None = None
        self.frames: list[sl.VideoFrame] = []
        self.sizes: list[tuple[int, int]] = []
        self.width = 0
        self.label = ""
        self.metadata: object = None
        self.callback: Callable[[], int] | None = None
        self.texture: sl.OwnedTexture | None = None

    def process(self, tick: sl.Tick) -> None:
        frame = self.video_in.read_latest()
        if not frame:
            return
        data = frame.data
        self.previous = frame.clone()
        self.frames.append(frame.clone())
        self.width = data.width
        self.sizes.append((data.width, data.height))
        self.label = frame.format
        self.metadata = frame.metadata
        self.width += frame.frame_number
        width = data.width
        self.callback = lambda: width
        local = [frame, data]  # a local: fine while the call lasts
        self.width = len(local)
        frame = frame.clone()  # the name now holds an owned reference
        self.previous = frame
        self.video_out.write(frame)

    def process_pool(self, gpu: sl.GpuContext) -> None:
        self.texture = gpu.create_texture(8, 8)
        self.frames.append(sl.VideoFrame.from_texture(gpu.create_texture(8, 8)))


@sl.processor
class Ported(sl.Processor):
    """The decorator form: mypy types the port as InputPort[Any], so the frame is Any."""

    class InputPorts:
        video = sl.StreamInput(sl.VideoFrame)

    def process(self, tick: sl.Tick) -> None:
        frame = self.input_ports().video.read_latest()
        if frame is None:
            return
        self.width = frame.width  # a plain attribute of VideoFrame, even where frame is Any
        self.meta = frame.metadata
        self.data = frame.data  # E: borrow-escape
        self.frame = frame  # E: borrow-escape
        self.kept = frame.clone()


def plain_function_escapes(tex: sl.OwnedTexture, holder: KeepsBorrows) -> None:
    global last_frame
    borrowed = tex.borrow()
    HISTORY.append(borrowed)  # E: borrow-escape
    holder.last = borrowed  # E: borrow-escape
    holder.textures.append(tex.borrow())  # E: borrow-escape
    holder.by_name["view"] = tex.borrow()  # E: borrow-escape
    view = borrowed.create_view()
    holder.last = view  # E: borrow-escape
    holder.textures += [borrowed]  # E: borrow-escape
    holder.callback = lambda: borrowed.width  # E: borrow-escape
    frame = holder.video_in.read_latest()
    last_frame = frame  # E: borrow-escape


def nonlocal_escape(tex: sl.OwnedTexture) -> Callable[[], object]:
    kept: object = None

    def keep() -> None:
        nonlocal kept
        kept = tex.borrow()  # E: borrow-escape

    keep()
    return lambda: kept


def plain_function_owned(tex: sl.OwnedTexture, holder: KeepsOwned) -> None:
    global last_frame
    borrowed: sl.BorrowedTexture | None = None
    borrowed = tex.borrow()
    width = borrowed.width
    borrowed = None  # narrowed to None: nothing is kept below
    holder.texture = tex
    holder.width = width
    holder.metadata = borrowed
    SIZES.append((tex.width, tex.height))
    frame = holder.video_in.read_latest()
    if frame is not None:
        last_frame = frame.clone()


def allowed_by_comment(tex: sl.OwnedTexture, holder: KeepsBorrows) -> None:
    holder.last = tex.borrow()  # streamlib: allow-borrow-escape

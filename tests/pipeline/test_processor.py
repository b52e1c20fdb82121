"""The processor API: port descriptors, their static types, move on write, lent reads."""

from __future__ import annotations

from typing import assert_type

import numpy as np
import pytest

import streamlib as sl


class Invert(sl.Processor):
    """A typed user processor: mypy --strict checks this module, so its types are exercised."""

    video_in = sl.StreamInput(sl.VideoFrame)
    video_out = sl.StreamOutput(sl.VideoFrame)

    def process(self, tick: sl.Tick) -> None:
        frame = self.video_in.read_latest()
        assert_type(frame, sl.VideoFrame | None)
        if frame is None:
            return
        out = self.gpu.texture_pool.acquire(frame.width, frame.height)
        assert_type(out, sl.OwnedTexture)
        self.video_out.write(frame.clone_with_texture(out))


def test_declarations_and_bound_ports_are_typed() -> None:
    assert_type(Invert.video_in, sl.StreamInput[sl.VideoFrame])
    assert_type(Invert.video_out, sl.StreamOutput[sl.VideoFrame])
    inv = Invert()
    assert_type(inv.video_in, sl.InputPort[sl.VideoFrame])
    assert_type(inv.video_out, sl.OutputPort[sl.VideoFrame])
    assert isinstance(Invert.video_in, sl.StreamInput)
    assert isinstance(inv.video_in, sl.InputPort)
    assert inv.video_in is inv.video_in  # bound once, then a plain attribute
    assert inv.video_in is not Invert().video_in
    assert inv.video_in.name == "video_in" and inv.video_in.processor is inv
    assert inv.video_out.frame_type is sl.VideoFrame
    assert inv.name == "Invert"


def test_name_defaults_to_class_name_and_can_be_set() -> None:
    class Named(sl.Processor):
        name = "fancy"

        def process(self, tick: sl.Tick) -> None:
            pass

    class Sub(Named):
        pass

    assert Named().name == "fancy"
    assert Sub().name == "Sub"
    p = Sub()
    p.name = "mine"
    assert p.name == "mine"


def test_process_is_required() -> None:
    class Empty(sl.Processor):
        pass

    with pytest.raises(TypeError, match="process"):
        Empty()  # type: ignore[abstract]


def test_gpu_outside_a_runtime_raises() -> None:
    with pytest.raises(sl.PipelineError, match="StreamRuntime"):
        _ = Invert().gpu


def test_bad_declarations() -> None:
    with pytest.raises(sl.InvalidArgumentError, match="frame"):
        sl.StreamInput(int)  # type: ignore[type-var]
    with pytest.raises(sl.InvalidArgumentError, match="capacity"):
        sl.StreamInput(sl.VideoFrame, capacity=0)


def _frame(gpu: sl.GpuContext, n: int) -> sl.VideoFrame:
    return sl.VideoFrame.from_texture(gpu.texture_pool.acquire(8, 8), frame_number=n)


class Pair(sl.Processor):
    video_in = sl.StreamInput(sl.VideoFrame)
    video_out = sl.StreamOutput(sl.VideoFrame)

    def process(self, tick: sl.Tick) -> None:
        pass


def test_input_ring_drops_and_releases_the_oldest(gpu: sl.GpuContext) -> None:
    port = Pair().video_in
    frames = [_frame(gpu, n) for n in range(5)]
    kept = [f.clone() for f in frames]  # watch each frame's count from outside
    for f in frames:
        port._push(f)
    assert port.stats() == sl.PortStats(frames_in=5, frames_out=0, dropped=2, queued=3)
    assert [k.ref_count for k in kept] == [1, 1, 2, 2, 2]  # the two oldest were released by the port
    first = port.read()
    assert first is not None and first.frame_number == 2
    latest = port.read_latest()
    assert latest is not None and latest.frame_number == 4
    assert port.read_latest() is None and not port.has_data()
    assert port.stats() == sl.PortStats(frames_in=5, frames_out=2, dropped=3, queued=0)
    assert kept[3].ref_count == 1  # skipped by read_latest: released
    assert not latest.released  # lent until the call ends
    port._end_call()
    assert all(f.released for f in (latest, first))
    assert [k.ref_count for k in kept] == [1] * 5
    for k in kept:
        k.release()
    assert gpu.texture_pool.stats().live == 0


def test_write_moves_the_frame_and_fans_out_by_reference(gpu: sl.GpuContext) -> None:
    src, a, b = Pair(), Pair(), Pair()
    src.video_out._targets = (a.video_in, b.video_in)
    frame = _frame(gpu, 1)
    gpu.write_texture(frame.data, np.full((8, 8, 4), 3, np.uint8))
    watch = frame.clone()
    src.video_out.write(frame)
    assert frame.released  # moved
    with pytest.raises(sl.ResourceReleasedError):
        _ = frame.data
    assert watch.ref_count == 3  # one reference per input plus ours
    got_a, got_b = a.video_in.read_latest(), b.video_in.read_latest()
    assert got_a is not None and got_b is not None
    assert got_a is not got_b and got_a.data is got_b.data  # same texture, no copy
    a.video_in._end_call()
    assert watch.ref_count == 2
    b.video_in._end_call()
    assert watch.ref_count == 1
    assert src.video_out.stats() == sl.PortStats(frames_in=1, frames_out=2, dropped=0, queued=0)
    watch.release()
    assert watch.ref_count == 0 and gpu.texture_pool.stats().live == 0


def test_write_without_inputs_releases_and_bad_writes_raise(gpu: sl.GpuContext) -> None:
    src = Pair()
    frame = _frame(gpu, 1)
    src.video_out.write(frame)
    assert frame.released and src.video_out.stats().dropped == 1
    with pytest.raises(sl.ResourceReleasedError):
        src.video_out.write(frame)
    with pytest.raises(sl.InvalidArgumentError, match="VideoFrame"):
        src.video_out.write("not a frame")  # type: ignore[arg-type]
    assert gpu.texture_pool.stats().live == 0


def test_clear_releases_waiting_and_lent_frames(gpu: sl.GpuContext) -> None:
    port = Pair().video_in
    for n in range(3):
        port._push(_frame(gpu, n))
    lent = port.read()
    assert lent is not None
    port._clear()
    assert lent.released and port.stats().queued == 0 and port.stats().dropped == 2
    assert gpu.texture_pool.stats().live == 0

"""Fault suite: processors that raise, sources that die, a device that is lost.

Whatever fails, the pipeline follows its ErrorPolicy, every frame is released (the pool lends
nothing at the end, nothing is left alive) and the GpuContext still closes cleanly.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable

import numpy as np
import pytest

import streamlib as sl

from ._helpers import streamlib_counts
from ._pipeline_parts import Faulty, Sink, Source


def pipeline(
    gpu: sl.GpuContext, source: Source, *, faulty: Faulty | None = None, **kw: object
) -> tuple[sl.StreamRuntime, Sink]:
    rt = sl.StreamRuntime(fps=0, width=16, height=16, gpu=gpu, **kw)  # type: ignore[arg-type]
    src, sink = rt.add(source), rt.add(Sink())
    if faulty is None:
        rt.connect(src.video_out, sink.video_in)
    else:
        mid = rt.add(faulty)
        rt.connect(src.video_out, mid.video_in)
        rt.connect(mid.video_out, sink.video_in)
    return rt, sink


def assert_all_released(gpu: sl.GpuContext, before: dict[str, int]) -> None:
    gc.collect()
    assert gpu.texture_pool.stats().live == 0, gpu.texture_pool.stats()
    assert streamlib_counts() == before


def test_processor_exception_continue_policy_goes_on(gpu: sl.GpuContext, caplog: pytest.LogCaptureFixture) -> None:
    before = streamlib_counts()
    rt, sink = pipeline(gpu, Source(), faulty=Faulty(fail_every=3))
    with caplog.at_level(logging.ERROR, logger="streamlib.runtime"):
        rt.run(frames=30)
    assert rt.stats()["Faulty"].errors == 10
    assert sink.seen == [n for n in range(30) if n % 3 != 1]
    assert any("Faulty" in r.getMessage() and r.exc_info for r in caplog.records), "not logged with traceback"
    assert_all_released(gpu, before)


def test_processor_exception_stop_policy_stops_and_names_it(gpu: sl.GpuContext) -> None:
    before = streamlib_counts()
    rt, sink = pipeline(gpu, Source(), faulty=Faulty(fail_every=3), error_policy=sl.ErrorPolicy.STOP)
    with pytest.raises(sl.PipelineError, match=r"'Faulty'.*bad frame 1") as caught:
        rt.run(frames=30)
    assert isinstance(caught.value.__cause__, ValueError)
    assert sink.seen == [0]
    assert_all_released(gpu, before)


@pytest.mark.parametrize("hold", [False, True], ids=["releases-first", "dies-holding-a-texture"])
def test_source_dies_mid_stream(gpu: sl.GpuContext, hold: bool) -> None:
    """A camera unplugged at frame 5: under CONTINUE the run goes on to its frame count with no new
    frames; a texture the dying source still held is released once the exception is dropped."""
    before = streamlib_counts()
    rt, sink = pipeline(gpu, Source(die_at=5, hold_texture_when_dying=hold))
    # pytest's log capture would keep each logged traceback, and the dying frame's texture with
    # it, until the test ends; a real handler formats the record and lets go, as this one does.
    runtime_log = logging.getLogger("streamlib.runtime")
    handler = logging.NullHandler()
    runtime_log.addHandler(handler)
    runtime_log.propagate = False
    try:
        with pytest.warns(ResourceWarning, match="'source' was never released") if hold else _no_warning():
            rt.run(frames=12)
            gc.collect()
    finally:
        runtime_log.propagate = True
        runtime_log.removeHandler(handler)
    assert sink.seen == [0, 1, 2, 3, 4]
    assert rt.stats()["Source"].errors == 7
    assert_all_released(gpu, before)


def test_source_dies_stop_policy(gpu: sl.GpuContext) -> None:
    before = streamlib_counts()
    rt, sink = pipeline(gpu, Source(die_at=3), error_policy=sl.ErrorPolicy.STOP)
    with pytest.raises(sl.PipelineError, match=r"'Source'.*camera unplugged at frame 3"):
        rt.run(frames=12)
    assert sink.seen == [0, 1, 2]
    assert_all_released(gpu, before)


class _no_warning:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def test_device_loss_surfaces_as_device_lost_error_and_context_still_closes() -> None:
    doomed = sl.GpuContext.create(label="doomed")
    tex = doomed.create_texture(8, 8, label="survivor")
    buf = doomed.create_buffer(
        64, sl.BufferUsage.STORAGE | sl.BufferUsage.COPY_DST | sl.BufferUsage.COPY_SRC, label="b"
    )
    late = doomed.create_command_encoder(label="late")
    recorded = doomed.create_command_encoder(label="recorded")
    recorded.copy_texture_to_texture(tex, tex2 := doomed.create_texture(8, 8, label="copy-target"))
    before = recorded.finish()
    empty = doomed.create_command_encoder(label="empty").finish()
    doomed.raw_device.destroy()  # what a driver reset or an unplugged eGPU looks like to wgpu
    operations: dict[str, Callable[[], object]] = {
        "create_texture": lambda: doomed.create_texture(8, 8, label="after"),
        "create_buffer": lambda: doomed.create_buffer(64, sl.BufferUsage.STORAGE, label="after"),
        "write_buffer": lambda: doomed.write_buffer(buf, 0, b"\0" * 64),
        "read_buffer": lambda: doomed.read_buffer(buf),
        "write_texture": lambda: doomed.write_texture(tex, np.zeros((8, 8, 4), np.uint8)),
        "read_texture": lambda: doomed.read_texture(tex),
        # Device loss must not read as a WGSL error: the WGSL here is fine.
        "create_shader_module": lambda: doomed.create_shader_module("@compute @workgroup_size(1) fn main() {}"),
        # wgpu-native aborts the process on a submit to a lost device: refused before it.
        "submit": lambda: doomed.submit([before]),
        "submit ": lambda: doomed.submit([empty]),
        "create_command_encoder": lambda: doomed.create_command_encoder(),
    }
    for name, op in operations.items():
        with pytest.raises(sl.DeviceLostError, match="create a new GpuContext") as caught:
            op()
        # The message names the operation (a shader by "shader") and the resource.
        assert (name.strip() if name != "create_shader_module" else "shader") in str(caught.value)
    assert not before.released and not empty.released  # a refused submit consumes nothing
    enc = late
    with pytest.raises(sl.DeviceLostError, match=r"'late'.*device is gone") as lost:
        enc.finish()
    assert "compute pass" not in str(lost.value)  # the open-pass hint is for other failures
    doomed.close()
    assert tex.released and buf.released and enc.released and tex2.released
    assert doomed.closed
    assert not [r for r in sl.live_resources() if r.context == "doomed"]


class _Saboteur(sl.Processor):
    """Destroys the device under the pipeline at frame 3, then keeps working (and failing)."""

    video_in = sl.StreamInput(sl.VideoFrame)
    video_out = sl.StreamOutput(sl.VideoFrame)

    def process(self, tick: sl.Tick) -> None:
        frame = self.video_in.read()
        if frame is None:
            return
        if frame.frame_number == 3:
            self.gpu.raw_device.destroy()
        out = self.gpu.create_texture(frame.width, frame.height, label="saboteur-out")
        self.gpu.write_texture(out, np.zeros((frame.height, frame.width, 4), np.uint8))
        self.video_out.write(frame.clone_with_texture(out))


def test_device_loss_mid_pipeline_stops_with_device_lost_cause() -> None:
    rt = sl.StreamRuntime(fps=0, width=16, height=16, error_policy=sl.ErrorPolicy.STOP)
    src, mid, sink = rt.add(Source()), rt.add(_Saboteur()), rt.add(Sink())
    rt.connect(src.video_out, mid.video_in)
    rt.connect(mid.video_out, sink.video_in)
    gpu = rt.gpu
    with pytest.raises(sl.PipelineError, match="'_Saboteur'") as caught:
        rt.run(frames=10)
    assert isinstance(caught.value.__cause__, sl.DeviceLostError)
    assert sink.seen == [0, 1, 2]
    assert gpu.closed  # the runtime opened it, so run() closed it, lost device and all
    assert not [r for r in sl.live_resources() if r.context == gpu._registry.name]

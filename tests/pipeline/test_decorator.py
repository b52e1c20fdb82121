"""@sl.processor: nested InputPorts / OutputPorts become ordinary ports of a real Processor.

The pipeline runs on the real adapter; the autouse leak check (tests/conftest.py) covers
every test here.
"""

from __future__ import annotations

from typing import Any, assert_type

import numpy as np
import pytest

import streamlib as sl

from ._procs import InvertShader

SIZE = 16


@sl.processor(description="Frames filled with their number", usage_context="tests", tags=["source", "synthetic"])
class PortedSource:
    """Written as code ported from the Rust-backed streamlib: no sl.Processor base class.

    mypy does not know the decorator made it a Processor (the documented limit of this
    form): the ignores below are that limit, and warn_unused_ignores keeps them honest.
    """

    class OutputPorts:
        video = sl.StreamOutput(sl.VideoFrame)

    def process(self, tick: sl.Tick) -> None:
        gpu: sl.GpuContext = self.gpu  # type: ignore[attr-defined]
        texture = gpu.texture_pool.acquire(SIZE, SIZE, label="ported source")
        gpu.write_texture(texture, np.full((SIZE, SIZE, 4), tick.frame_number % 256, np.uint8))
        self.output_ports().video.write(sl.VideoFrame.from_texture(texture, frame_number=tick.frame_number))  # type: ignore[attr-defined]


@sl.processor(description="Inverts rgb on the GPU", usage_context="tests", tags=("filter",))
class Overlay(InvertShader, sl.Processor):
    """The typed way to use the sugar: a Processor subclass. Input and output share the name ``video``."""

    class InputPorts:
        video = sl.StreamInput(sl.VideoFrame)

    class OutputPorts:
        video = sl.StreamOutput(sl.VideoFrame)

    def setup(self, gpu: sl.GpuContext) -> None:
        self.build_invert(gpu, "overlay")

    def process(self, tick: sl.Tick) -> None:
        frame = self.input_ports().video.read_latest()  # lent for this call
        if frame is None:
            return
        # moves the new frame downstream
        self.output_ports().video.write(frame.clone_with_texture(self.invert(self.gpu, frame)))

    def teardown(self) -> None:
        self.release_invert()


@sl.processor
class Collect(sl.Processor):
    """Bare decorator: reads every frame and its first pixel."""

    class InputPorts:
        frames = sl.StreamInput(sl.VideoFrame)

    def __init__(self) -> None:
        self.seen: dict[int, int] = {}

    def process(self, tick: sl.Tick) -> None:
        while (frame := self.input_ports().frames.read()) is not None:
            self.seen[frame.frame_number] = int(self.gpu.read_texture(frame.data)[0, 0, 0])


def _add(rt: sl.StreamRuntime, processor: object) -> sl.Processor:
    """Add a decorated object mypy does not know is a Processor (after checking it is one)."""
    assert isinstance(processor, sl.Processor)
    return rt.add(processor)


def test_decorated_pipeline_runs_on_the_gpu(gpu: sl.GpuContext) -> None:
    before = sl.live_counts()
    rt = sl.StreamRuntime(fps=0, width=SIZE, height=SIZE, gpu=gpu)
    src = _add(rt, PortedSource())
    ball = rt.add(Overlay())
    sink = rt.add(Collect())
    rt.connect(src.output_ports().video, ball.input_ports().video)
    rt.connect(ball.output_ports().video, sink.input_ports().frames)
    rt.run(frames=40)
    assert sink.seen == {n: 255 - n for n in range(40)}  # every frame, inverted on the GPU
    stats = rt.stats()
    assert set(stats) == {"PortedSource", "Overlay", "Collect"}
    assert stats["PortedSource"].frames_out == 40 and stats["Collect"].frames_in == 40
    assert all(s.errors == 0 for s in stats.values())
    assert ball.pipeline.released  # teardown ran
    assert gpu.texture_pool.stats().live == 0
    assert sl.live_counts() == before


def test_the_decorator_makes_real_processors() -> None:
    assert issubclass(PortedSource, sl.Processor)
    assert PortedSource.__name__ == "PortedSource" and PortedSource.__module__ == __name__
    assert PortedSource.__doc__ is not None and "ported" in PortedSource.__doc__
    src = PortedSource()
    assert isinstance(src, sl.Processor)
    assert src.name == "PortedSource"
    ball = Overlay()
    # The class itself when it subclasses Processor; its ports are ordinary typed ports.
    assert type(ball) is Overlay
    video_in = ball.input_ports().video
    assert_type(video_in, sl.InputPort[Any])
    assert isinstance(video_in, sl.InputPort)
    assert isinstance(ball.output_ports().video, sl.OutputPort)
    assert video_in is ball.input_ports().video  # bound once per instance
    assert video_in is not Overlay().input_ports().video
    assert video_in.name == "video" and video_in.processor is ball and video_in.frame_type is sl.VideoFrame
    assert ball.output_ports().video.name == "video"
    assert list(ball.input_ports()) == ["video"] and len(ball.output_ports()) == 1
    assert "video" in ball.input_ports() and ball.input_ports()["video"] is video_in
    sink = Collect()
    # An unshared name is also an attribute at run time; mypy sees only input_ports() / output_ports().
    assert sink.frames is sink.input_ports().frames  # type: ignore[attr-defined]
    assert len(sink.output_ports()) == 0


def test_metadata_is_kept() -> None:
    assert PortedSource.processor_info == sl.ProcessorInfo(  # type: ignore[attr-defined]
        description="Frames filled with their number", usage_context="tests", tags=("source", "synthetic")
    )
    assert Overlay.processor_info == sl.ProcessorInfo("Inverts rgb on the GPU", "tests", ("filter",))
    assert Collect.processor_info == sl.ProcessorInfo("", "", ())
    assert sl.Processor.processor_info is None


def test_typed_processors_have_port_namespaces_too() -> None:
    from ._procs import Invert

    inv = Invert()
    assert inv.input_ports().video_in is inv.video_in and inv.output_ports().video_out is inv.video_out
    assert Invert.processor_info is None


def test_shared_names_need_the_namespaces() -> None:
    ball = Overlay()
    with pytest.raises(sl.PipelineError, match=r"both an input and an output port; use input_ports\(\)\.video"):
        _ = ball.video  # type: ignore[attr-defined]
    assert not hasattr(ball, "video")  # the error is an AttributeError too
    with pytest.raises(sl.PipelineError, match=r"Overlay has no input port 'vidoe'; its inputs: video"):
        _ = ball.input_ports().vidoe
    with pytest.raises(sl.PipelineError, match=r"has no output port 'frames'; its outputs: none"):
        _ = Collect().output_ports()["frames"]


def test_shared_names_are_separate_ports_in_errors(gpu: sl.GpuContext) -> None:
    rt = sl.StreamRuntime(fps=0, width=SIZE, height=SIZE, gpu=gpu)
    ball = rt.add(Overlay())
    rt.add(Collect())
    with pytest.raises(sl.PipelineError, match=r"input\(s\) not connected: input Overlay\.video"):
        rt.run(frames=1)
    with pytest.raises(sl.PipelineError, match=r"output Overlay\.video -> input Overlay\.video would make a cycle"):
        rt.connect(ball.output_ports().video, ball.input_ports().video)


def test_the_nested_declarations_are_left_as_written() -> None:
    declared = vars(Overlay.InputPorts)["video"]
    assert isinstance(declared, sl.StreamInput) and declared.owner == "InputPorts"


def test_misuse_raises_clear_errors() -> None:
    def process(tick: sl.Tick) -> None:
        pass

    with pytest.raises(sl.InvalidArgumentError, match=r"decorates a class, got <function .*process"):
        sl.processor(description="x")(process)  # type: ignore[arg-type]
    with pytest.raises(sl.InvalidArgumentError, match=r"decorates a class, got 'a ball'.*description="):
        sl.processor("a ball")  # type: ignore[call-overload]

    class NoProcess:
        class OutputPorts:
            video = sl.StreamOutput(sl.VideoFrame)

    with pytest.raises(sl.InvalidArgumentError, match=r"NoProcess has no process\(self, tick\) method"):
        sl.processor(NoProcess)

    class AbstractProcess(sl.Processor):
        pass

    with pytest.raises(sl.InvalidArgumentError, match=r"AbstractProcess has no process"):
        sl.processor(AbstractProcess)  # type: ignore[type-abstract]

    class NotAPort:
        class InputPorts:
            video = sl.StreamInput(sl.VideoFrame)
            size = 3

        def process(self, tick: sl.Tick) -> None:
            pass

    with pytest.raises(sl.InvalidArgumentError, match=r"NotAPort\.InputPorts\.size is 3, not a port"):
        sl.processor(NotAPort)
    assert not issubclass(NotAPort, sl.Processor) and not hasattr(NotAPort, "video")

    class WrongGroup:
        class InputPorts:
            video = sl.StreamOutput(sl.VideoFrame)

        def process(self, tick: sl.Tick) -> None:
            pass

    with pytest.raises(sl.InvalidArgumentError, match=r"an StreamOutput goes in OutputPorts"):
        sl.processor(WrongGroup)

    class NotAClass:
        InputPorts = (sl.StreamInput(sl.VideoFrame),)

        def process(self, tick: sl.Tick) -> None:
            pass

    with pytest.raises(sl.InvalidArgumentError, match=r"NotAClass\.InputPorts must be a class"):
        sl.processor(NotAClass)

    class Hides(sl.Processor):
        class OutputPorts:
            gpu = sl.StreamOutput(sl.VideoFrame)

        def process(self, tick: sl.Tick) -> None:
            pass

    with pytest.raises(sl.InvalidArgumentError, match=r"would hide Hides\.gpu; rename the port"):
        sl.processor(Hides)
    assert Hides.processor_info is None  # nothing was changed

    with pytest.raises(sl.InvalidArgumentError, match=r"Overlay is already a decorated processor"):
        sl.processor(Overlay)
    with pytest.raises(sl.InvalidArgumentError, match=r"tags must be a list of strings"):
        sl.processor(tags="overlay")
    with pytest.raises(sl.InvalidArgumentError, match=r"tags must be a string, got 3"):
        sl.processor(tags=["overlay", 3])  # type: ignore[list-item]
    with pytest.raises(sl.InvalidArgumentError, match=r"description must be a string"):
        sl.processor(description=None)  # type: ignore[call-overload]

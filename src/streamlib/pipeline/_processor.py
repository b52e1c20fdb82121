"""Processor: the base class of every pipeline stage, and the Tick it is called with."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, ClassVar, NamedTuple, Protocol

from ..gpu._context import GpuContext
from ..gpu._errors import PipelineError
from ._ports import InputPort, OutputPort, PortNamespace, declared_ports

__all__ = ["Processor", "ProcessorInfo", "RuntimeView", "Tick"]


class RuntimeView(Protocol):
    """What a processor sees of the runtime it was added to (``StreamRuntime`` is one)."""

    @property
    def fps(self) -> float:
        """The clock rate sources are ticked at (0: unpaced, in lockstep)."""
        ...

    @property
    def width(self) -> int:
        """The frame width sources use unless told otherwise."""
        ...

    @property
    def height(self) -> int:
        """The frame height sources use unless told otherwise."""
        ...

    def stop(self) -> None:
        """Stop the pipeline (from any thread, or from ``process``)."""
        ...


class Tick(NamedTuple):
    """What a ``process`` call is told about time.

    For a source, ``frame_number`` is the clock tick (ticks skipped while the source was
    busy leave gaps); for any other processor it counts its own calls. ``timestamp`` is
    seconds since the pipeline started; ``delta_time`` seconds since this processor's
    previous call (0.0 on the first).
    """

    frame_number: int
    timestamp: float
    delta_time: float


class ProcessorInfo(NamedTuple):
    """What ``@streamlib.processor(...)`` was told about a processor: kept on the class as ``processor_info``."""

    description: str
    usage_context: str
    tags: tuple[str, ...]


class Processor(ABC):
    """One stage of a pipeline. Subclass it, declare ports as class attributes, implement ``process``.

    ::

        class Invert(sl.Processor):
            video_in = sl.StreamInput(sl.VideoFrame)
            video_out = sl.StreamOutput(sl.VideoFrame)

            def process(self, tick: sl.Tick) -> None:
                frame = self.video_in.read_latest()   # lent for this call only
                ...
                self.video_out.write(out_frame)       # moves out_frame downstream

    A processor with only outputs is a *source*, ticked by the runtime's clock at its fps;
    any other runs when a frame arrives at one of its inputs. Each runs in its own thread.
    ``setup(gpu)`` runs before the first ``process`` (``self.gpu`` and ``self.runtime``
    are set by then); ``teardown()`` runs once at the end, after the last ``process``,
    and must release whatever the processor still owns.
    """

    name: str = "Processor"
    """The processor's name in stats and errors: the class name unless set (class or instance)."""

    processor_info: ClassVar[ProcessorInfo | None] = None
    """The description, usage context and tags given to ``@streamlib.processor``; None without it."""

    _gpu: GpuContext | None = None
    _runtime: RuntimeView | None = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "name" not in cls.__dict__:
            cls.name = cls.__name__

    @property
    def gpu(self) -> GpuContext:
        """The GpuContext the pipeline runs on (``gpu.texture_pool`` for frames). Set before ``setup``.

        Raises PipelineError when the processor was not added to a StreamRuntime.
        """
        gpu = self._gpu
        if gpu is None:
            raise PipelineError(
                f"processor {self.name!r} has no GPU context yet: add it to a StreamRuntime; "
                f"self.gpu is set before setup() runs"
            )
        return gpu

    @property
    def runtime(self) -> RuntimeView:
        """The StreamRuntime this processor was added to (its ``fps``, ``width``, ``height``).

        Raises PipelineError when the processor was not added to one.
        """
        runtime = self._runtime
        if runtime is None:
            raise PipelineError(f"processor {self.name!r} was not added to a StreamRuntime; call rt.add(processor)")
        return runtime

    def input_ports(self) -> PortNamespace[InputPort[Any]]:
        """This processor's input ports by name: ``proc.input_ports().video_in is proc.video_in``.

        The way to reach ``@streamlib.processor`` ports (``self.input_ports().video``), whose
        input and output may share a name. Typed ``InputPort[Any]``: the attribute form is the
        precisely typed one.
        """
        ports: PortNamespace[InputPort[Any]] | None = self.__dict__.get("_sl_input_ports")
        if ports is None:
            inputs, _ = declared_ports(type(self))
            found = {d.name: getattr(self, attr) for attr, d in inputs.items()}
            ports = self.__dict__["_sl_input_ports"] = PortNamespace("input", self, found)
        return ports

    def output_ports(self) -> PortNamespace[OutputPort[Any]]:
        """This processor's output ports by name: ``proc.output_ports().video_out is proc.video_out``.

        See ``input_ports``.
        """
        ports: PortNamespace[OutputPort[Any]] | None = self.__dict__.get("_sl_output_ports")
        if ports is None:
            _, outputs = declared_ports(type(self))
            found = {d.name: getattr(self, attr) for attr, d in outputs.items()}
            ports = self.__dict__["_sl_output_ports"] = PortNamespace("output", self, found)
        return ports

    def setup(self, gpu: GpuContext) -> None:  # noqa: B027 - optional hook, empty on purpose
        """Called once before the first ``process``: create what the processor owns (pipelines, buffers)."""

    @abstractmethod
    def process(self, tick: Tick) -> None:
        """Called per clock tick (sources) or when input arrives: read inputs, write outputs."""

    def teardown(self) -> None:  # noqa: B027 - optional hook, empty on purpose
        """Called once after the last ``process``: release everything ``setup`` and ``process`` kept."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"

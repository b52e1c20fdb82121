"""Processor: the base class of every pipeline stage, and the Tick it is called with."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any, ClassVar, Generic, Literal, NamedTuple, Protocol, final, overload

from ..gpu._context import GpuContext
from ..gpu._errors import PipelineError
from ._ports import InputPort, OutputPort, PortNamespace, PortT, StreamInput, StreamOutput, declared_ports

__all__ = ["ClassPort", "Processor", "ProcessorInfo", "RuntimeView", "Tick"]


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


@final
class ClassPort:
    """A port reached through a processor class, not an instance: ``Overlay.input_ports().video``.

    The Rust-backed streamlib let ported code wire ``runtime.connect(camera.output_ports().video,
    Overlay.input_ports().video)`` after ``runtime.add_stream(Overlay)``. ``StreamRuntime.connect``
    resolves a ClassPort to the port of the one processor of that class it was given (a
    PipelineError when it was given none, or several). It is a reference, not a port: it
    holds no frames.
    """

    __slots__ = ("cls", "declaration")

    def __init__(self, cls: type[Processor], declaration: StreamInput[Any] | StreamOutput[Any]) -> None:
        self.cls = cls
        self.declaration = declaration

    @property
    def name(self) -> str:
        """The port's name, as ``input_ports()`` / ``output_ports()`` spell it."""
        return self.declaration.name

    @property
    def kind(self) -> str:
        """``"input"`` or ``"output"``."""
        return "input" if isinstance(self.declaration, StreamInput) else "output"

    def resolve(self, processor: Processor) -> InputPort[Any] | OutputPort[Any]:
        """The bound port of ``processor`` (an instance of ``cls``) this reference names."""
        port: InputPort[Any] | OutputPort[Any] = getattr(processor, self.declaration.attr)
        return port

    def __repr__(self) -> str:
        return f"<{self.kind} port {self.cls.__name__}.{self.name} (of the class)>"


class _PortsAccessor(Generic[PortT]):
    """``input_ports`` / ``output_ports``: a method of an instance, and of the class itself.

    On an instance it gives the bound ports; on the class (``Overlay.input_ports()``, the
    Rust-backed streamlib's spelling) it gives ClassPort references, which
    ``StreamRuntime.connect`` resolves to the one added instance's ports.
    """

    __slots__ = ("_kind",)

    def __init__(self, kind: Literal["input", "output"]) -> None:
        self._kind = kind

    @overload
    def __get__(self, obj: None, objtype: type[Processor]) -> Callable[[], PortNamespace[Any]]: ...
    @overload
    def __get__(self, obj: Processor, objtype: type[Processor] | None = None) -> Callable[[], PortNamespace[PortT]]: ...
    def __get__(
        self, obj: Processor | None, objtype: type[Processor] | None = None
    ) -> Callable[[], PortNamespace[PortT]] | Callable[[], PortNamespace[Any]]:
        kind = self._kind
        if obj is None:
            assert objtype is not None
            cls = objtype

            def of_class() -> PortNamespace[Any]:
                declarations = declared_ports(cls)[0 if kind == "input" else 1]
                refs = {d.name: ClassPort(cls, d) for d in declarations.values()}
                return PortNamespace(kind, cls, refs)

            return of_class
        processor = obj

        def of_instance() -> PortNamespace[PortT]:
            key = f"_sl_{kind}_ports"
            ports: PortNamespace[PortT] | None = processor.__dict__.get(key)
            if ports is None:
                declarations = declared_ports(type(processor))[0 if kind == "input" else 1]
                found = {d.name: getattr(processor, attr) for attr, d in declarations.items()}
                ports = processor.__dict__[key] = PortNamespace(kind, processor, found)
            return ports

        return of_instance


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
    any other runs when a frame arrives at one of its inputs. Processors of a linear stretch
    of the graph share one thread (see ``own_thread`` and docs/architecture.md, "Threading
    model"); ``process`` is never called from two threads at once.
    ``setup(gpu)`` runs before the first ``process`` (``self.gpu`` and ``self.runtime``
    are set by then); ``teardown()`` runs once at the end, after the last ``process``,
    and must release whatever the processor still owns.
    """

    name: str = "Processor"
    """The processor's name in stats and errors: the class name unless set (class or instance)."""

    processor_info: ClassVar[ProcessorInfo | None] = None
    """The description, usage context and tags given to ``@streamlib.processor``; None without it."""

    own_thread: ClassVar[bool] = False
    """True for a processor that must run on a thread of its own: one that blocks (file or
    network I/O, a display's vsync) or runs at its own rate. The runtime then calls the
    processors before and after it on other threads, so a slow call here never delays its
    source: frames that arrive meanwhile wait in its input ring and the oldest are dropped.
    False (the default): it may share a thread with the processor feeding it when that one
    feeds nothing else and it has no other input (a linear segment, called in turn, no
    thread hand-off per frame).
    """

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

    input_ports: _PortsAccessor[InputPort[Any]] = _PortsAccessor("input")
    """``proc.input_ports()``: this processor's input ports by name (``proc.input_ports().video_in is proc.video_in``).

    The way to reach ``@streamlib.processor`` ports (``self.input_ports().video``), whose
    input and output may share a name. Typed ``InputPort[Any]``: the attribute form is the
    precisely typed one. On the class (``Overlay.input_ports().video``) it gives ClassPort
    references, which ``StreamRuntime.connect`` resolves to the one instance added.
    """

    output_ports: _PortsAccessor[OutputPort[Any]] = _PortsAccessor("output")
    """``proc.output_ports()``: this processor's output ports by name (``proc.output_ports().video_out``).

    See ``input_ports``.
    """

    def gpu_context(self) -> GpuContext:
        """The GpuContext the pipeline runs on: ``self.gpu``, under the Rust-backed streamlib's name.

        Borrowed from the runtime: do not close it. Raises PipelineError when the processor was
        not added to a StreamRuntime.
        """
        return self.gpu

    def setup(self, gpu: GpuContext) -> None:  # noqa: B027 - optional hook, empty on purpose
        """Called once before the first ``process``: create what the processor owns (pipelines, buffers)."""

    @abstractmethod
    def process(self, tick: Tick) -> None:
        """Called per clock tick (sources) or when input arrives: read inputs, write outputs."""

    def teardown(self) -> None:  # noqa: B027 - optional hook, empty on purpose
        """Called once after the last ``process``: release everything ``setup`` and ``process`` kept."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"

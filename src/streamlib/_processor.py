"""Processor: the base class of every pipeline stage, and the Tick it is called with."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any, NamedTuple

from ._errors import PipelineError

if TYPE_CHECKING:
    from ._context import GpuContext
    from ._runtime import StreamRuntime

__all__ = ["Processor", "Tick"]


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

    _gpu: GpuContext | None = None
    _runtime: StreamRuntime | None = None

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
    def runtime(self) -> StreamRuntime:
        """The StreamRuntime this processor was added to (its ``fps``, ``width``, ``height``).

        Raises PipelineError when the processor was not added to one.
        """
        runtime = self._runtime
        if runtime is None:
            raise PipelineError(f"processor {self.name!r} was not added to a StreamRuntime; call rt.add(processor)")
        return runtime

    def setup(self, gpu: GpuContext) -> None:  # noqa: B027 - optional hook, empty on purpose
        """Called once before the first ``process``: create what the processor owns (pipelines, buffers)."""

    @abstractmethod
    def process(self, tick: Tick) -> None:
        """Called per clock tick (sources) or when input arrives: read inputs, write outputs."""

    def teardown(self) -> None:  # noqa: B027 - optional hook, empty on purpose
        """Called once after the last ``process``: release everything ``setup`` and ``process`` kept."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"

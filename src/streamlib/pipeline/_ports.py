"""Ports between processors: declarations on the class, bound ring buffers on the instance.

``StreamInput(VideoFrame)`` / ``StreamOutput(VideoFrame)`` are descriptors. On the
class they are declarations; on an instance they give that processor's bound
``InputPort`` / ``OutputPort`` (made on first access and cached in the instance's
``__dict__``, so later accesses are a plain attribute read).

Ownership: every frame in a port is one owned reference. ``OutputPort.write``
moves the caller's reference in and hands each connected input a reference of
its own (fan-out counts with ``clone()``, no pixels move). An input is a ring of
``capacity`` frames that releases the oldest when full. A frame returned by
``read_latest``/``read`` is lent for the current ``process`` call: the runtime
releases it when ``process`` returns; ``clone()`` it to keep it longer.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any, Generic, NamedTuple, Protocol, Self, TypeVar, final, overload

from ..gpu._errors import InvalidArgumentError, PipelineError, ResourceReleasedError
from ._frame import VideoFrame
from ._observe import LATENCY_WINDOW, LatencyStats, latency_stats

__all__ = [
    "Frame",
    "InputPort",
    "OutputPort",
    "PortNamespace",
    "PortOwner",
    "PortStats",
    "StreamInput",
    "StreamOutput",
    "declared_ports",
]


class Frame(Protocol):
    """What a port can carry: a reference-counted frame (``VideoFrame`` is one)."""

    def clone(self) -> Self: ...

    def release(self) -> None: ...

    @property
    def released(self) -> bool: ...


class PortOwner(Protocol):
    """What a port knows of the processor it belongs to: its name (``Processor`` is one)."""

    name: str


T = TypeVar("T", bound=Frame)

_LAT_MASK = LATENCY_WINDOW - 1  # LATENCY_WINDOW is a power of two: the ring index is a mask
_now = time.perf_counter

DEFAULT_CAPACITY = 3


class PortStats(NamedTuple):
    """A port's counters.

    Input port: ``frames_in`` arrived, ``frames_out`` were handed to the processor,
    ``dropped`` were released unread (ring full, skipped by ``read_latest``, or left
    at stop), ``queued`` wait now. Output port: ``frames_in`` were written,
    ``frames_out`` references were delivered to inputs (one per connected input),
    ``dropped`` were written with no input connected, ``queued`` is 0.
    """

    frames_in: int
    frames_out: int
    dropped: int
    queued: int


def _check_frame_type(frame_type: object, what: str) -> None:
    if not isinstance(frame_type, type):
        raise InvalidArgumentError(f"{what}: needs a frame class such as streamlib.VideoFrame, got {frame_type!r}")
    if not (callable(getattr(frame_type, "clone", None)) and callable(getattr(frame_type, "release", None))):
        raise InvalidArgumentError(
            f"{what}: {frame_type.__name__} is not a frame type (it needs clone() and release()); use streamlib.VideoFrame"
        )


BoundPortT = TypeVar("BoundPortT")


class _Declaration(Generic[T, BoundPortT]):
    """A port declaration whose instance attribute is a bound port of type ``BoundPortT``.

    ``name`` is the port's name (in errors and ``input_ports()``); ``attr`` the class
    attribute it is declared under, where the bound port is cached. They differ only for
    ``@processor`` ports whose input and output share a name.
    """

    __slots__ = ("attr", "description", "frame_type", "name", "owner")

    def __init__(self, frame_type: type[T], description: str) -> None:
        _check_frame_type(frame_type, type(self).__name__)
        self.frame_type = frame_type
        self.description = description
        self.name = ""
        self.attr = ""
        self.owner = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.owner = owner.__name__
        self.name = self.attr = name

    def __repr__(self) -> str:
        return f"<{type(self).__name__}[{self.frame_type.__name__}] {self.owner}.{self.name}>"

    def _bind(self, processor: PortOwner) -> BoundPortT:
        """A new port of this declaration on ``processor``."""
        raise NotImplementedError

    @overload
    def __get__(self, obj: None, objtype: type[Any] | None = None) -> Self: ...
    @overload
    def __get__(self, obj: PortOwner, objtype: type[Any] | None = None) -> BoundPortT: ...
    def __get__(self, obj: PortOwner | None, objtype: type[Any] | None = None) -> Self | BoundPortT:
        if obj is None:
            return self
        port = self._bind(obj)
        # Non-data descriptor: the instance attribute wins from now on.
        obj.__dict__[self.attr] = port
        return port


@final
class StreamInput(_Declaration[T, "InputPort[T]"]):
    """Declares an input port on a Processor class: ``video_in = StreamInput(VideoFrame)``.

    ``capacity`` is the ring size (3 by default): when a frame arrives at a full input,
    the oldest waiting frame is released (dropped), never queued without bound.
    On an instance, the attribute is that processor's ``InputPort``.
    """

    __slots__ = ("capacity",)

    def __init__(self, frame_type: type[T], *, capacity: int = DEFAULT_CAPACITY, description: str = "") -> None:
        super().__init__(frame_type, description)
        if type(capacity) is not int or capacity < 1:
            raise InvalidArgumentError(f"StreamInput: capacity must be an int >= 1, got {capacity!r}")
        self.capacity = capacity

    def _bind(self, processor: PortOwner) -> InputPort[T]:
        return InputPort(self, processor)


@final
class StreamOutput(_Declaration[T, "OutputPort[T]"]):
    """Declares an output port on a Processor class: ``video_out = StreamOutput(VideoFrame)``.

    On an instance, the attribute is that processor's ``OutputPort``.
    """

    __slots__ = ()

    def __init__(self, frame_type: type[T], *, description: str = "") -> None:
        super().__init__(frame_type, description)

    def _bind(self, processor: PortOwner) -> OutputPort[T]:
        return OutputPort(self, processor)


@final
class InputPort(Generic[T]):
    """A processor's input: a ring buffer of owned frame references, read in ``process``.

    Frames read here are lent for the current ``process`` call only (the runtime
    releases them after it returns); ``clone()`` one to keep it. Thread-safe.
    """

    __slots__ = (
        "_arrived",
        "_buffer",
        "_dropped",
        "_lat",
        "_lat_n",
        "_lent",
        "_lock",
        "_read",
        "_source",
        "_timed_reads",
        "_timing",
        "_timing_mark",
        "_wake",
        "capacity",
        "declaration",
        "processor",
    )

    def __init__(self, declaration: StreamInput[T], processor: PortOwner) -> None:
        self.declaration = declaration
        self.processor = processor
        self.capacity = declaration.capacity
        self._buffer: deque[T] = deque()
        self._lent: list[T] = []
        self._lock = threading.Lock()
        self._arrived = 0
        self._read = 0
        self._dropped = 0
        self._source: OutputPort[Any] | None = None
        self._wake: Callable[[], None] | None = None
        # Latency samples (s): a ring of the latest LATENCY_WINDOW and how many were taken.
        # Written only by the thread that runs this port's processor; read whole by latency().
        # The frames measured are counted without a per-frame cost: every read made while
        # timing is on (``_read`` since ``_timing_mark``, plus ``_timed_reads`` before it).
        self._timing = True
        self._timing_mark = 0
        self._timed_reads = 0
        self._lat: list[float] = [0.0] * LATENCY_WINDOW
        self._lat_n = 0

    @property
    def name(self) -> str:
        """The attribute name the port was declared under."""
        return self.declaration.name

    @property
    def frame_type(self) -> type[T]:
        """The frame class the port carries."""
        return self.declaration.frame_type

    @property
    def source(self) -> OutputPort[Any] | None:
        """The output connected to this input, or None."""
        return self._source

    def read_latest(self) -> T | None:
        """The newest waiting frame, or None. Older waiting frames are released (dropped).

        The frame is lent for this ``process`` call; ``clone()`` it to keep it longer.
        """
        with self._lock:
            buffer = self._buffer
            if not buffer:
                return None
            frame = buffer.pop()
            stale = list(buffer)
            buffer.clear()
            self._read += 1
            self._dropped += len(stale)
            self._lent.append(frame)
        for old in stale:
            old.release()
        return frame

    def read(self) -> T | None:
        """The oldest waiting frame (every frame in order, for sinks that want them all), or None.

        The frame is lent for this ``process`` call; ``clone()`` it to keep it longer.
        """
        with self._lock:
            if not self._buffer:
                return None
            frame = self._buffer.popleft()
            self._read += 1
            self._lent.append(frame)
        return frame

    def has_data(self) -> bool:
        """True when a frame is waiting. Reads nothing."""
        return bool(self._buffer)

    def __len__(self) -> int:
        """How many frames are waiting."""
        return len(self._buffer)

    def stats(self) -> PortStats:
        """This input's counters (see PortStats)."""
        with self._lock:
            return PortStats(self._arrived, self._read, self._dropped, len(self._buffer))

    def latency(self) -> LatencyStats:
        """How long after their source produced them the frames read here were done with (see LatencyStats).

        Measured by the runtime when the ``process`` call that read a frame returns (frames
        other than ``VideoFrame`` are not measured), for a sample of the frames (see
        ``LATENCY_SAMPLE_S``); ``frames`` counts every frame read while measuring. Percentiles
        are computed now, from the latest ``LATENCY_WINDOW`` samples.
        """
        return latency_stats([(list(self._lat), self._lat_n)], self._timed_frames())

    def _timed_frames(self) -> int:
        """How many frames were read here while latency was measured."""
        return self._timed_reads + (self._read - self._timing_mark if self._timing else 0)

    def _set_timing(self, on: bool) -> None:
        """Measure latency here from now on, or not (the runtime, before a run starts)."""
        self._timed_reads = self._timed_frames()
        self._timing_mark = self._read
        self._timing = on

    # -- the runtime's side ---------------------------------------------------------------

    def _push(self, frame: T) -> None:
        """Take ownership of ``frame``; release the oldest waiting frame when the ring is full."""
        with self._lock:
            self._buffer.append(frame)
            self._arrived += 1
            old = self._buffer.popleft() if len(self._buffer) > self.capacity else None
            if old is not None:
                self._dropped += 1
        if old is not None:
            old.release()
        wake = self._wake
        if wake is not None:
            wake()

    def _end_call(self, now: float = 0.0) -> None:
        """Release the frames lent during the ``process`` call that just returned (at ``now``, perf_counter s).

        With ``now`` (the runtime passes the call's end, a clock read it makes anyway, on the
        passes it samples) each frame's latency is recorded; without it, none is.
        """
        if not self._lent:
            # Nothing read in this call (a fan-in stage woken by its other input, say): no lock.
            # Only the processor's own thread lends, and _clear runs after it was joined.
            return
        with self._lock:
            lent, self._lent = self._lent, []
        if now and self._timing:
            # No clock read of its own, one ring store per frame, in the loop that releases, on
            # sampled calls only (docs/architecture.md, "Observability": cheap enough to stay on).
            ring = self._lat
            n = self._lat_n
            for frame in lent:
                try:
                    ring[n & _LAT_MASK] = now - frame._shared.born  # type: ignore[attr-defined]
                    n += 1
                except AttributeError:
                    pass  # a frame type other than VideoFrame carries no source time: not measured
                frame.release()
            self._lat_n = n
            return
        for frame in lent:
            frame.release()

    def _clear(self) -> None:
        """Release every frame held: waiting (counted as dropped) and lent."""
        self._end_call()
        with self._lock:
            waiting = list(self._buffer)
            self._buffer.clear()
            self._dropped += len(waiting)
        for frame in waiting:
            frame.release()

    def __repr__(self) -> str:
        return f"<InputPort[{self.frame_type.__name__}] {_who(self.processor)}.{self.name} queued={len(self._buffer)}>"


@final
class OutputPort(Generic[T]):
    """A processor's output: ``write(frame)`` moves the frame to every connected input."""

    __slots__ = (
        "_delivered",
        "_last_frame",
        "_lock",
        "_stamps",
        "_targets",
        "_unconnected",
        "_written",
        "declaration",
        "processor",
    )

    def __init__(self, declaration: StreamOutput[T], processor: PortOwner) -> None:
        self.declaration = declaration
        self.processor = processor
        self._targets: tuple[InputPort[Any], ...] = ()
        self._lock = threading.Lock()
        self._written = 0
        self._delivered = 0
        self._unconnected = 0
        # Set by the runtime on a source's outputs: a frame written here is where latency starts.
        self._stamps = False
        self._last_frame: int | None = None  # the number of the last frame a source wrote (for the trace)

    @property
    def name(self) -> str:
        """The attribute name the port was declared under."""
        return self.declaration.name

    @property
    def frame_type(self) -> type[T]:
        """The frame class the port carries."""
        return self.declaration.frame_type

    @property
    def targets(self) -> tuple[InputPort[Any], ...]:
        """The inputs connected to this output (several: fan-out)."""
        return self._targets

    def write(self, frame: T) -> None:
        """Send ``frame`` downstream. Takes ownership of ``frame``: the reference you passed is released.

        Each connected input gets a reference of its own (fan-out shares the texture,
        counted with ``clone()``); with none connected the frame is just released.
        Raises InvalidArgumentError for a frame of the wrong type, ResourceReleasedError
        for a released one.
        """
        if not isinstance(frame, self.declaration.frame_type):
            raise InvalidArgumentError(
                f"{_who(self.processor)}.{self.name}.write: expected a {self.frame_type.__name__}, "
                f"got {type(frame).__name__}"
            )
        if frame.released:
            raise ResourceReleasedError(
                f"{_who(self.processor)}.{self.name}.write: {frame!r} was already released (or written); "
                f"write each frame once"
            )
        if self._stamps and isinstance(frame, VideoFrame):
            shared = frame._shared
            shared.born = _now()
            self._last_frame = shared.frame_number
        targets = self._targets
        # Clone first: a released frame raises here, before anything is counted or delivered.
        copies = [frame.clone() for _ in targets]
        frame.release()
        with self._lock:
            self._written += 1
            self._delivered += len(copies)
            if not copies:
                self._unconnected += 1
        for target, copy in zip(targets, copies, strict=True):
            target._push(copy)

    def stats(self) -> PortStats:
        """This output's counters (see PortStats)."""
        with self._lock:
            return PortStats(self._written, self._delivered, self._unconnected, 0)

    def __repr__(self) -> str:
        return f"<OutputPort[{self.frame_type.__name__}] {_who(self.processor)}.{self.name}>"


PortT = TypeVar("PortT", InputPort[Any], OutputPort[Any])


class _NoSuchPort(PipelineError, AttributeError):
    """A port name a processor does not have (an AttributeError too, so ``hasattr`` works)."""


@final
class PortNamespace(Generic[PortT]):
    """A processor's input (or output) ports by name: ``ports.video`` or ``ports["video"]``.

    Returned by ``Processor.input_ports()`` / ``output_ports()``. Iterating gives the names;
    ``len`` counts the ports. An unknown name raises PipelineError listing the ones there are.
    """

    __slots__ = ("_kind", "_owner", "_ports")

    def __init__(self, kind: str, owner: object, ports: dict[str, PortT]) -> None:
        self._kind = kind
        self._owner = owner
        self._ports: dict[str, PortT] = ports

    def __getattr__(self, name: str) -> PortT:
        if name.startswith("__") or name in PortNamespace.__slots__:
            # copy and pickle probe for dunders, and for the slots before they are set
            raise AttributeError(name)
        return self[name]

    def __getitem__(self, name: str) -> PortT:
        try:
            return self._ports[name]
        except KeyError:
            names = ", ".join(self._ports) or "none"
            raise _NoSuchPort(
                f"{_who(self._owner)} has no {self._kind} port {name!r}; its {self._kind}s: {names}"
            ) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._ports)

    def __len__(self) -> int:
        return len(self._ports)

    def __contains__(self, name: object) -> bool:
        return name in self._ports

    def __dir__(self) -> list[str]:
        return [*self._ports, *super().__dir__()]

    def __repr__(self) -> str:
        return f"<{self._kind} ports of {_who(self._owner)}: {', '.join(self._ports) or 'none'}>"


def _who(processor: object) -> str:
    return str(getattr(processor, "name", type(processor).__name__))


def declared_ports(cls: type) -> tuple[dict[str, StreamInput[Any]], dict[str, StreamOutput[Any]]]:
    """The input and output declarations of a processor class, base classes included, by attribute name."""
    inputs: dict[str, StreamInput[Any]] = {}
    outputs: dict[str, StreamOutput[Any]] = {}
    for klass in reversed(cls.__mro__):
        for name, value in vars(klass).items():
            inputs.pop(name, None)
            outputs.pop(name, None)
            if isinstance(value, StreamInput):
                inputs[name] = value
            elif isinstance(value, StreamOutput):
                outputs[name] = value
    return inputs, outputs


def check_port_frame_types(output: OutputPort[Any], input: InputPort[Any]) -> None:
    """Raise PipelineError unless frames written to ``output`` may go to ``input``."""
    if not issubclass(output.frame_type, input.frame_type):
        raise PipelineError(
            f"connect: {_who(output.processor)}.{output.name} carries {output.frame_type.__name__} but "
            f"{_who(input.processor)}.{input.name} takes {input.frame_type.__name__}; connect ports of the same frame type"
        )

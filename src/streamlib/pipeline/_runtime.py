"""StreamRuntime: runs a pipeline's processors on a few threads (the wiring is ``_graph``'s).

Sources (processors with no inputs) are ticked by a clock at ``fps`` (or, with
``fps=0``, in lockstep with the pipeline); every other
processor runs when a frame arrives at one of its inputs (arrivals while it is
busy are coalesced into its next call: frames are dropped, never queued without
bound). On stop every processor is torn down and every frame in every port is
released.

Threads: the graph is cut into *segments*, linear runs of processors where each feeds
only the next and the next has no other input. One thread runs a segment, calling its
processors in turn as frames pass: a hop inside a segment is a function call, not a
thread wake-up (one ``threading.Event`` wake costs more than a pass-through ``process``).
A segment ends where the graph fans out or in, at a processor marked ``own_thread``
(and after it), and, when paced (``fps > 0``), right after each source, so that a slow
stage never delays the clock. docs/architecture.md, "Threading model", says which
processors share a thread.
"""

from __future__ import annotations

import enum
import logging
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any, NamedTuple, TypeVar

from ..gpu._context import GpuContext
from ..gpu._errors import DeviceLostError, InvalidArgumentError, PipelineError, ResourceReleasedError
from ..gpu._handles import release_state
from ._graph import Graph, Node
from ._observe import (
    LATENCY_SAMPLE_S,
    NO_LATENCY,
    DotEdge,
    DotNode,
    LatencyStats,
    LinkStats,
    Span,
    latency_stats,
    render_dot,
    render_graph,
    write_trace,
)
from ._ports import InputPort, OutputPort
from ._processor import ClassPort, Processor, Tick

__all__ = ["ErrorPolicy", "ProcessorStats", "StreamRuntime"]

log = logging.getLogger("streamlib.runtime")

_clock = time.perf_counter
# A Tick without NamedTuple's Python-level __new__ (half the cost, once per process call).
_new_tick = tuple.__new__

ProcessorT = TypeVar("ProcessorT", bound=Processor)

# How often, at least, the thread that called run() runs the processors' main-thread steps
# (a window's events and presents) when it has any: a window answers within a frame at 60 Hz.
MAIN_STEP_S = 1 / 120

# How long a graceful stop (frame count or duration reached) waits for the frames
# already in flight to reach the sinks, and how long stop waits for each thread.
DRAIN_TIMEOUT_S = 5.0
JOIN_TIMEOUT_S = 5.0


class ErrorPolicy(enum.Enum):
    """What the runtime does when a processor's ``process`` raises."""

    CONTINUE = "continue"
    """Log the exception with its traceback, count it, and go on with the next frame."""
    STOP = "stop"
    """Log it, stop the pipeline, and make ``run()`` raise PipelineError naming the processor."""


class ProcessorStats(NamedTuple):
    """One processor's counters since it was added."""

    frames_in: int
    """Frames it read from its inputs."""
    frames_out: int
    """Frames it wrote to its outputs."""
    dropped: int
    """Frames its inputs released unread: ring full, skipped by read_latest, or left at stop."""
    errors: int
    """Exceptions raised by its process (and setup/teardown)."""
    mean_ms: float
    """Mean wall time of one process call, in milliseconds (0.0 before the first)."""
    calls: int
    """How many times process was called."""
    latency: LatencyStats = NO_LATENCY
    """Source-to-here latency of the frames it read, measured when the call that read each returned
    (p50/p95/p99/max over the latest samples, ``frames`` counts every frame; empty for a source)."""


class _Worker(Node):
    """The runtime's bookkeeping for one processor: its segment, its counters."""

    __slots__ = (
        "calls",
        "errors",
        "feed",
        "index",
        "last_call",
        "seconds",
        "seen",
        "set_up",
        "source_done",
    )

    def __init__(self, processor: Processor) -> None:
        super().__init__(processor)
        self.source_done = False
        self.set_up = False
        self.index = 0  # the next call's tick number (this run)
        self.seen = 0  # a segment member's input arrivals already answered by a call
        self.feed: InputPort[Any] | None = None  # a segment member's input (not the head's): what _pass reads
        self.calls = 0
        self.errors = 0
        self.seconds = 0.0
        self.last_call: float | None = None

    def stats(self) -> ProcessorStats:
        ins = [p.stats() for p in self.inputs]
        outs = [p.stats() for p in self.outputs]
        mean = self.seconds * 1000.0 / self.calls if self.calls else 0.0
        return ProcessorStats(
            frames_in=sum(s.frames_out for s in ins),
            frames_out=sum(s.frames_in for s in outs),
            dropped=sum(s.dropped for s in ins),
            errors=self.errors,
            mean_ms=mean,
            calls=self.calls,
            latency=latency_stats(
                [(list(p._lat), p._lat_n) for p in self.inputs], sum(p._timed_frames() for p in self.inputs)
            ),
        )


class _Segment:
    """Processors one thread runs in turn: the head, then each member the one before it fed."""

    __slots__ = ("busy", "members", "rest", "sample_at", "thread", "wake")

    def __init__(self, head: _Worker) -> None:
        self.members = [head]
        self.rest: tuple[_Worker, ...] = ()  # members after the head, fixed when the plan is done
        self.wake = threading.Event()
        # busy or wake set, from a frame's arrival at the head until the pass that reads it
        # (and everything it fed inside the segment) returns: the drain relies on no gap.
        self.busy = False
        self.thread: threading.Thread | None = None
        # The earliest start (perf_counter s) of the next pass whose latency is measured
        # (LATENCY_SAMPLE_S after the last one); infinity when latency is off.
        self.sample_at = 0.0

    @property
    def name(self) -> str:
        names = [w.name for w in self.members]
        return "+".join(names) if len(names) <= 4 else f"{names[0]}+...+{names[-1]} ({len(names)})"


class StreamRuntime:
    """Runs a graph of processors: ``add`` them, ``connect`` outputs to inputs, then ``run``.

    ``fps`` paces the sources: each is ticked ``fps`` times a second, skipping ticks while it
    is busy, and a port whose reader falls behind drops its oldest frame. ``fps=0`` runs
    unpaced in lockstep: a source ticks again as soon as everything downstream of it has
    processed its previous frame, so no frame is dropped (tests, benchmarks, file
    conversion). ``width`` and ``height`` are
    the frame size sources use unless told otherwise. The runtime opens a GpuContext
    (``rt.gpu``) unless given ``gpu``; ``close_gpu`` says whether ``run()`` closes the
    context when it ends, which by default it does exactly when the runtime opened it
    (so pooled textures and anything left owned are freed; pass ``close_gpu=False`` to
    keep using ``rt.gpu`` after ``run()``). A given context is never closed unless
    ``close_gpu=True``. ``enable_gpu=True`` is accepted for code ported from the Rust-backed
    streamlib (anything else is an InvalidArgumentError: frames are always GPU textures).

    Observability (docs/architecture.md, "Observability"): ``latency`` (on by default, a
    ring store per sampled frame) measures each stage's source-to-here latency (``stats()``,
    ``links()``, ``end_to_end()``); ``trace`` names a file every ``run()`` writes a
    Chrome/Perfetto trace of its ``process`` calls to (off by default; ``run(trace=...)``
    for one run). ``to_dot()`` / ``save_graph()`` draw the pipeline.
    """

    def __init__(
        self,
        fps: float = 30,
        width: int = 1920,
        height: int = 1080,
        gpu: GpuContext | None = None,
        *,
        error_policy: ErrorPolicy = ErrorPolicy.CONTINUE,
        close_gpu: bool | None = None,
        enable_gpu: bool = True,
        latency: bool = True,
        trace: str | Path | None = None,
    ) -> None:
        if enable_gpu is not True:
            # The Rust-backed streamlib's flag; every streamlib pipeline runs on the GPU (frames are textures).
            raise InvalidArgumentError(
                f"StreamRuntime: enable_gpu={enable_gpu!r} is not supported; streamlib frames are GPU textures, "
                f"so a pipeline always runs on the GPU (a software one such as llvmpipe will do): drop the argument"
            )
        if not _is_number(fps) or not fps >= 0:
            raise InvalidArgumentError(f"StreamRuntime: fps must be a number >= 0 (0: unpaced), got {fps!r}")
        for what, value in (("width", width), ("height", height)):
            if type(value) is not int or value <= 0:
                raise InvalidArgumentError(f"StreamRuntime: {what} must be a positive int, got {value!r}")
        if not isinstance(error_policy, ErrorPolicy):
            raise InvalidArgumentError(f"StreamRuntime: error_policy must be an ErrorPolicy, got {error_policy!r}")
        if type(latency) is not bool:
            raise InvalidArgumentError(f"StreamRuntime: latency must be True or False, got {latency!r}")
        _check_trace_path(trace, "StreamRuntime")
        self.latency = latency
        self.trace = trace
        self.fps = float(fps)
        self.width = width
        self.height = height
        self.error_policy = error_policy
        self._gpu = gpu
        self._owns_gpu = gpu is None
        self._close_gpu = self._owns_gpu if close_gpu is None else close_gpu
        self._graph: Graph[_Worker] = Graph(_Worker)
        self._halt = threading.Event()  # everything stops now
        self._halted = False  # _halt.is_set(), as a plain read for the loop that runs each pass
        self._sources_stop = threading.Event()  # sources stop; the rest drains
        self._main_wake = threading.Event()
        self._main_steps: list[tuple[str, Callable[[], None]]] = []  # see _main_thread_steps
        self._idle = threading.Condition()  # notified whenever a segment goes idle while waited on, and on stop
        self._idle_waiters = 0  # threads in _wait_idle: a segment going idle notifies only when some wait
        self._segments: list[_Segment] = []
        self._failure: tuple[str, BaseException] | None = None
        self._teardown_failed = False  # whether _failure came from a teardown
        self._started = 0.0
        self._spans: list[Span] | None = None  # the trace of the run in progress, when one is asked for
        self._thread_names: dict[int, str] = {}

    # -- building -------------------------------------------------------------------------

    @property
    def gpu(self) -> GpuContext:
        """The GpuContext processors run on: the one given, or one the runtime opens on first use."""
        gpu = self._gpu
        if gpu is None:
            gpu = self._gpu = GpuContext.create(label="StreamRuntime")
        return gpu

    @property
    def processors(self) -> tuple[Processor, ...]:
        """The processors added, in the order they were added."""
        return tuple(self._graph.nodes)

    @property
    def running(self) -> bool:
        """Whether ``run()`` is in progress."""
        return self._graph.running

    def add(self, processor: ProcessorT, *, name: str | None = None) -> ProcessorT:
        """Add ``processor`` to the pipeline and return it (for ``cam = rt.add(Camera())``).

        ``name`` (default: ``processor.name``, the class name) keys ``stats()``; a default name
        already taken gets a ``#2``, ``#3``... suffix. Raises PipelineError for a non-processor,
        a processor already added, a duplicate explicit name, or while running.
        """
        self._graph.add(processor, name)
        processor._runtime = self
        return processor

    def add_stream(self, stream: Processor | type[Processor]) -> Processor:
        """Add a processor as the Rust-backed streamlib spelled it; returns the processor added.

        ``stream`` is a processor instance (``@camera_processor`` / ``@display_processor``
        functions are one), or a processor class (an ``@processor`` class), of which the
        runtime makes the one instance, called with no arguments. Its ports can then be
        reached through the class (``Overlay.input_ports().video``). Otherwise as ``add``.
        """
        if isinstance(stream, type) and issubclass(stream, Processor):
            try:
                instance = stream()
            except TypeError as exc:
                raise PipelineError(
                    f"StreamRuntime.add_stream: cannot make a {stream.__name__} with no arguments ({exc}); "
                    f"make one yourself and pass it: rt.add_stream({stream.__name__}(...))"
                ) from exc
            return self.add(instance)
        if isinstance(stream, type):
            raise PipelineError(
                f"StreamRuntime.add_stream: {stream.__name__} is not a processor; decorate it with "
                f"@streamlib.processor(...) or subclass streamlib.Processor"
            )
        return self.add(stream)

    def connect(self, output: OutputPort[Any] | ClassPort, input: InputPort[Any] | ClassPort) -> None:
        """Send every frame written to ``output`` to ``input`` (``rt.connect(cam.video_out, inv.video_in)``).

        An output may feed several inputs (fan-out: each gets a reference to the same frame);
        an input takes one output. A ClassPort (``Overlay.input_ports().video``, a port reached
        through the class) names the port of the one processor of that class added here.
        Raises PipelineError for anything that is not an output then an input port of
        processors added here, mismatched frame types, an input already connected, a
        connection that would close a cycle, or a ClassPort whose class has no instance here,
        or several.
        """
        self._graph.connect(self._resolve(output), self._resolve(input))

    def _resolve(self, port: object) -> Any:
        """A ClassPort's port on the one instance of its class added here; anything else as is."""
        if not isinstance(port, ClassPort):
            return port
        cls = port.cls
        found = [p for p in list(self._graph.nodes) if isinstance(p, cls)]
        if len(found) == 1:
            return port.resolve(found[0])
        if not found:
            raise PipelineError(
                f"connect: {port!r} names the port of the {cls.__name__} added to this runtime, but none was; "
                f"call rt.add_stream({cls.__name__}) first"
            )
        names = ", ".join(repr(p.name) for p in found)
        raise PipelineError(
            f"connect: {port!r} is ambiguous: {len(found)} {cls.__name__} processors were added ({names}); "
            f"pass the port of the one you mean (processor.{port.kind}_ports().{port.name})"
        )

    # -- running --------------------------------------------------------------------------

    def run(self, frames: int | None = None, duration: float | None = None, *, trace: str | Path | None = None) -> None:
        """Run the pipeline; blocks until it stops.

        It stops when every source has been ticked ``frames`` times, after ``duration``
        seconds, on ``stop()``, on Ctrl+C (when called on the main thread), or on the first
        processor error under ErrorPolicy.STOP. A frame-count or duration stop first lets
        the frames in flight reach the sinks. Either way every processor is torn down and
        every frame released before ``run`` returns.

        ``trace`` (default: the runtime's ``trace``) names a file to write a Chrome/Perfetto
        trace of this run to when it ends: one complete event per ``process`` call, with the
        processor's name, its thread, and the frame it read (for a source, wrote).

        Raises PipelineError for a pipeline that cannot run (no processors, an input left
        unconnected), for a processor whose setup raised, under ErrorPolicy.STOP for a
        processor whose process raised, and for a processor whose teardown raised (unless an
        earlier failure is reported instead); the exception is chained.
        """
        if frames is not None and (type(frames) is not int or frames <= 0):
            raise InvalidArgumentError(f"StreamRuntime.run: frames must be a positive int, got {frames!r}")
        if duration is not None and (not _is_number(duration) or not duration > 0):
            raise InvalidArgumentError(f"StreamRuntime.run: duration must be a positive number, got {duration!r}")
        _check_trace_path(trace, "StreamRuntime.run")
        trace_to = trace if trace is not None else self.trace
        self._graph.start()
        self._spans = [] if trace_to is not None else None
        try:
            with _SigintStops(self):
                self._run(frames, duration)
        finally:
            self._graph.running = False
            spans, self._spans = self._spans, None
            if trace_to is not None and spans is not None:
                path = write_trace(trace_to, spans, self._thread_names, self._started)
                log.info("StreamRuntime: wrote a trace of %d process calls to %s", len(spans), path)
            # Cleared even when _run raised (a setup failure), so no failure outlives its run.
            failure, self._failure = self._failure, None
            in_teardown, self._teardown_failed = self._teardown_failed, False
        if failure is not None:
            name, exc = failure
            if not isinstance(exc, Exception):
                raise exc  # SystemExit / KeyboardInterrupt from a processor: as if raised here
            where = " in teardown" if in_teardown else ""
            raise PipelineError(
                f"processor {name!r} failed{where} ({type(exc).__name__}: {exc}); the pipeline stopped"
            ) from exc

    def stop(self) -> None:
        """Stop the pipeline now (from any thread, or from a processor's process). Idempotent."""
        self._halted = True
        self._halt.set()
        self._sources_stop.set()
        self._main_wake.set()
        for seg in list(self._segments):
            seg.wake.set()
        with self._idle:
            self._idle.notify_all()

    def stats(self) -> dict[str, ProcessorStats]:
        """Each processor's counters, by name. Safe to call while running."""
        return {w.name: w.stats() for w in list(self._graph.nodes.values())}

    def links(self) -> list[LinkStats]:
        """Each connection's counters (frames arrived, dropped, latency at its input), upstream first.

        Safe to call while running.
        """
        return [link for _, _, link in self._links(self._graph.ordered())]

    def _links(self, order: list[_Worker]) -> list[tuple[OutputPort[Any], InputPort[Any], LinkStats]]:
        """Every connected input of ``order``'s processors with its source and counters, upstream first."""
        out = []
        for w in order:
            for port in w.inputs:
                src = port._source
                if src is not None:
                    s = port.stats()
                    link = LinkStats(
                        f"{src.processor.name}.{src.name}",
                        f"{w.name}.{port.name}",
                        s.frames_in,
                        s.dropped,
                        port.latency(),
                    )
                    out.append((src, port, link))
        return out

    def end_to_end(self) -> dict[str, LatencyStats]:
        """End-to-end latency per sink (a processor whose outputs feed nothing), by name.

        From when a source produced a frame to when the sink's ``process`` call that read it
        returned. Safe to call while running.
        """
        return {
            w.name: w.stats().latency
            for w in self._graph.ordered()
            if not w.is_source and not any(out._targets for out in w.outputs)
        }

    def threads(self) -> list[tuple[str, ...]]:
        """Which processors share a worker thread: the names each thread runs, in order, upstream first.

        docs/architecture.md, "Threading model", says how the graph is cut.
        """
        return [tuple(w.name for w in group) for group in self._groups(self._graph.ordered())]

    def to_dot(self) -> str:
        """The pipeline as Graphviz DOT text: processors with their ports, links, shared threads.

        After (or during) a run, each processor shows its calls, time per call and latency,
        and each link its frames, drops and latency. Render it with ``save_graph`` or ``dot``.
        """
        order = self._graph.ordered()
        nodes = []
        for w in order:
            s = w.stats()
            detail = ""
            if s.calls:
                detail = f"{s.calls} calls, {s.mean_ms:.2f} ms/call"
                if s.errors:
                    detail += f", {s.errors} errors"
                if s.latency.frames:
                    detail += f"\nlatency p50 {s.latency.p50_ms:.2f} ms, p99 {s.latency.p99_ms:.2f} ms"
            nodes.append(DotNode(w.name, tuple(p.name for p in w.inputs), tuple(p.name for p in w.outputs), detail))
        edges = []
        for src, port, link in self._links(order):
            label = ""
            if link.frames:
                label = f"{link.frames} frames, {link.dropped} dropped"
                if link.latency.frames:
                    label += f"\np50 {link.latency.p50_ms:.2f} ms, max {link.latency.max_ms:.2f} ms"
            edges.append(DotEdge(src.processor.name, src.name, port.processor.name, port.name, label))
        title = f"StreamRuntime, {self.fps:g} fps, {self.width}x{self.height}"
        return render_dot(nodes, edges, self.threads(), title)

    def save_graph(self, path: str | Path) -> Path:
        """Write ``to_dot()`` to ``path``, by its suffix: .dot/.gv as text, .svg/.png/.pdf rendered; returns the path.

        A picture needs Graphviz's ``dot`` program: GraphvizNotFoundError (naming
        ``apt-get install graphviz``) when it is missing; InvalidArgumentError for another suffix.
        """
        return render_graph(self.to_dot(), path)

    def _run(self, frames: int | None, duration: float | None) -> None:
        for event in (self._halt, self._sources_stop, self._main_wake):
            event.clear()
        self._halted = False
        if self._owns_gpu and self._gpu is not None and self._gpu.closed:
            self._gpu = None  # a previous run closed it; open a fresh one
        order = self._graph.ordered()
        self._main_steps = self._main_thread_steps(order)  # refuses before a context is opened
        gpu = self.gpu
        self._started = 0.0
        self._segments = []
        try:
            self._setup(order, gpu)
            self._segments = segments = self._plan(order)
            self._started = time.perf_counter()
            for w in order:
                w.source_done = False
                w.last_call = None
                w.index = 0
            for seg in segments:
                seg.busy = False
                seg.wake.clear()
                target = self._source_loop if seg.members[0].is_source else self._worker_loop
                seg.thread = threading.Thread(
                    target=target, args=(seg, frames), name=f"streamlib-{seg.name}", daemon=True
                )
            for seg in segments:
                assert seg.thread is not None
                seg.thread.start()
            self._thread_names = {s.thread.ident: s.thread.name for s in segments if s.thread and s.thread.ident}
            self._wait(order, frames, duration)
        finally:
            self.stop()
            self._finish(order, gpu)
            self._summarize(order)

    def _plan(self, order: list[_Worker]) -> list[_Segment]:
        """Cut the graph (upstream first) into segments and wire each head's inputs to its wake-up."""
        segments: list[_Segment] = []
        stamps = self.latency or self._spans is not None
        for w in order:
            for port in w.inputs:
                port._set_timing(self.latency)
            for out in w.outputs:
                out._stamps = stamps and w.is_source
        for members in self._groups(order):
            head = members[0]
            seg = _Segment(head)
            seg.sample_at = 0.0 if self.latency else float("inf")
            segments.append(seg)
            for port in head.inputs:
                port._wake = seg.wake.set
            for w in members[1:]:
                seg.members.append(w)
                w.feed = feed = w.inputs[0]
                w.seen = feed._arrived
                feed._wake = None  # filled by the member before it, on this thread
            seg.rest = tuple(seg.members[1:])
        return segments

    def _groups(self, order: list[_Worker]) -> list[list[_Worker]]:
        """The processors each segment's thread runs (``order`` is upstream first); changes nothing."""
        groups: list[list[_Worker]] = []
        group_of: dict[int, list[_Worker]] = {}
        for w in order:
            before = self._inline_after(w)
            group = group_of.get(id(before)) if before is not None else None
            if group is None or group[-1] is not before:
                group = []
                groups.append(group)
            group.append(w)
            group_of[id(w)] = group
        return groups

    def _inline_after(self, w: _Worker) -> _Worker | None:
        """The processor ``w`` may follow on one thread (it feeds only ``w``, ``w`` has no other input), or None."""
        if len(w.inputs) != 1 or type(w.processor).own_thread:
            return None
        source = w.inputs[0]._source
        if source is None:
            return None
        before = self._graph._by_id[id(source.processor)]
        if type(before.processor).own_thread or sum(len(out._targets) for out in before.outputs) != 1:
            return None
        if before.is_source and self.fps > 0:
            return None  # paced: the clock's thread only ticks, so a slow stage never delays it
        return before

    def _summarize(self, order: list[_Worker]) -> None:
        """One INFO line per processor once everything is torn down: what went through it."""
        if not log.isEnabledFor(logging.INFO):
            return  # the stats (percentiles sorted per port) are not worth making for nobody
        seconds = time.perf_counter() - self._started if self._started else 0.0
        for w in order:
            s = w.stats()
            log.info(
                "StreamRuntime: %s: %d calls, %d frames in, %d out, %d dropped, %d errors, %.2f ms per call (%.1f s)%s",
                w.name,
                s.calls,
                s.frames_in,
                s.frames_out,
                s.dropped,
                s.errors,
                s.mean_ms,
                seconds,
                f"; latency {s.latency}" if s.latency.frames else "",
            )

    def _setup(self, order: list[_Worker], gpu: GpuContext) -> None:
        for w in order:
            w.processor._gpu = gpu
            w.set_up = False
        for w in order:
            before = set(gpu._registry.live)
            try:
                w.processor.setup(gpu)
            except Exception as exc:
                w.errors += 1
                # What this setup created before it raised is released now: no teardown will run
                # for it, and a context the user supplied is not closed at the end of run().
                # Setups run one at a time on this thread, so the new entries are all its own.
                for key in set(gpu._registry.live) - before:
                    state = gpu._registry.live.get(key)
                    if state is not None:
                        release_state(state, f"was released: processor {w.name!r} failed in setup")
                raise PipelineError(
                    f"processor {w.name!r} failed in setup ({type(exc).__name__}: {exc}); nothing ran"
                ) from exc
            w.set_up = True

    def _wait(self, order: list[_Worker], frames: int | None, duration: float | None) -> None:
        """Block until a stop condition; then, unless halted, stop the sources and drain."""
        deadline = None if duration is None else self._started + duration
        sources = [w for w in order if w.is_source]
        source_segments = [s for s in self._segments if s.members[0].is_source]
        while not self._halt.is_set():
            if frames is not None and all(w.source_done for w in sources):
                break
            timeout = 0.1
            if deadline is not None:
                left = deadline - time.perf_counter()
                if left <= 0:
                    break
                timeout = min(timeout, left)
            # Short waits: a Ctrl+C handler runs only when this (main) thread wakes up.
            self._main_wake.wait(MAIN_STEP_S if self._main_steps else timeout)
            self._main_wake.clear()
            if self._main_steps:
                self._run_main_steps()
        if self._halt.is_set():
            return
        self._sources_stop.set()
        for seg in source_segments:
            if seg.thread is not None:
                seg.thread.join(JOIN_TIMEOUT_S)
        self._drain()

    def _main_thread_steps(self, order: list[_Worker]) -> list[tuple[str, Callable[[], None]]]:
        """The processors' work that must run on this thread (windows), found before any setup.

        A processor with a ``_main_thread_step()`` method (DisplaySink: glfw wants the main
        thread, and wgpu-native's surface aborted the process when configured from another)
        has it called here, on the thread that called run(), every time ``_wake_main()``
        (which the runtime gives it) is called and at least every MAIN_STEP_S; its setup and
        teardown already run on this thread. docs/architecture.md, "Threading model".
        """
        steps = []
        for w in order:
            step = getattr(w.processor, "_main_thread_step", None)
            if callable(step):
                w.processor._wake_main = self._main_wake.set  # type: ignore[attr-defined]
                steps.append((w.name, step))
        if steps and threading.current_thread() is not threading.main_thread():
            names = ", ".join(repr(name) for name, _ in steps)
            raise PipelineError(
                f"StreamRuntime.run: processor(s) {names} show a window, which must live on the main thread "
                f"(glfw requires it; the window's event loop runs in run()); call run() from the main thread, "
                f"or run the pipeline without the window sink"
            )
        return steps

    def _run_main_steps(self) -> None:
        """Run the main-thread steps once; one that raises stops the pipeline like a failed process call."""
        for name, step in self._main_steps:
            try:
                step()
            except Exception as exc:
                log.error("processor %r raised on the main thread; stopping the pipeline", name, exc_info=exc)
                if self._failure is None:
                    self._failure = (name, exc)
                self.stop()
                return

    def _drain(self) -> None:
        """Wait until every frame in flight was processed (or the drain timeout passes)."""
        if not self._wait_idle(self._segments, self._halt, DRAIN_TIMEOUT_S):
            log.warning("StreamRuntime: frames still in flight after %.1f s; stopping anyway", DRAIN_TIMEOUT_S)

    def _wait_idle(self, segments: list[_Segment], cancel: threading.Event, timeout: float) -> bool:
        """Wait until ``segments`` (upstream first) have processed every frame sent to them.

        A segment seen idle after all its ancestors were seen idle stays idle as long as
        nothing upstream produces, so one pass in that order proves them quiet (inside a
        segment, a pass runs every member its head fed before it goes idle). False when
        ``cancel`` was set or ``timeout`` passed first.
        """
        give_up = time.perf_counter() + timeout
        with self._idle:
            # Counted before the first look at the segments: a segment that goes idle after that
            # look sees the count and notifies (under the lock, so not before this wait began);
            # one that went idle before it is seen idle. See _went_idle.
            self._idle_waiters += 1
            try:
                while not cancel.is_set():
                    if all(not s.busy and not s.wake.is_set() for s in segments):
                        return True
                    left = give_up - time.perf_counter()
                    if left <= 0:
                        return False
                    # Bounded wait: stop() notifies too, but a Ctrl+C handler needs the main thread awake.
                    self._idle.wait(min(left, 0.1))
            finally:
                self._idle_waiters -= 1
        return False

    def _source_loop(self, seg: _Segment, frames: int | None) -> None:
        w = seg.members[0]
        period = 1.0 / self.fps if self.fps > 0 else 0.0
        start = self._started
        stop = self._sources_stop
        # Lockstep waits only for the other threads: this one's segment is done when its pass returns.
        downstream = [s for s in self._segments if s is not seg and any(self._graph.reaches(w, m) for m in s.members)]
        ticks = 0
        next_at = start
        try:
            while not stop.is_set() and (frames is None or ticks < frames):
                if not period and ticks and downstream:
                    # Unpaced: lockstep with the pipeline, so no frame is dropped for lack of room.
                    self._wait_idle(downstream, stop, float("inf"))
                    if stop.is_set():
                        break
                now = _clock()
                if period:
                    if now < next_at:
                        stop.wait(next_at - now)
                        continue
                    # Late (a slow process): skip the ticks that passed rather than burst to catch up.
                    index = int((now - start) / period)
                    next_at = start + (index + 1) * period
                else:
                    index = ticks
                seg.busy = True
                timed = now >= seg.sample_at
                if timed:
                    seg.sample_at = now + LATENCY_SAMPLE_S
                self._pass(seg, index, now, timed)
                self._went_idle(seg)
                ticks += 1
        finally:
            self._went_idle(seg)
            w.source_done = True
            self._main_wake.set()

    def _worker_loop(self, seg: _Segment, frames: int | None) -> None:
        halt = self._halt
        wake = seg.wake
        head = seg.members[0]
        while True:
            wake.wait()
            if halt.is_set():
                return
            seg.busy = True  # before clearing wake: see _Segment.busy
            wake.clear()
            index = head.index
            head.index = index + 1
            now = _clock()
            timed = now >= seg.sample_at
            if timed:
                seg.sample_at = now + LATENCY_SAMPLE_S
            self._pass(seg, index, now, timed)
            self._went_idle(seg)

    def _pass(self, seg: _Segment, index: int, now: float, timed: bool) -> None:
        """One pass of ``seg``: the head's call for tick ``index``, started at ``now``, then each
        member that got a frame from the one before it, in turn.

        ``timed``: this pass's latency is measured (every member's, so one frame is followed
        along the segment). One loop without a call of its own per processor: the runtime's
        cost per frame is what this loop adds to the ``process`` calls (docs/architecture.md,
        "Threading model").
        """
        w = seg.members[0]
        rest = seg.rest
        called = 0  # members after the head called so far
        started = self._started
        while True:
            last = w.last_call
            w.last_call = now
            tick: Tick = _new_tick(Tick, (index, now - started, 0.0 if last is None else now - last))
            try:
                w.processor.process(tick)
            except BaseException as exc:
                self._failed(w, index, exc)
            finally:
                spans = self._spans
                frame = _frame_of(w) if spans is not None else None  # before its reference is released
                end = _clock()
                at = end if timed else 0.0  # the latency of what it read, on sampled passes: up to this call's end
                for port in w.inputs:
                    port._end_call(at)
                w.seconds += end - now
                w.calls += 1
                if spans is not None:
                    spans.append(Span(w.name, threading.get_ident(), now, end, index, frame))
            if called == len(rest):
                return
            w = rest[called]
            called += 1
            arrived = w.feed._arrived  # type: ignore[union-attr]  # set for every member after the head
            if arrived == w.seen or self._halted:
                return  # nothing new here, so nothing further on either
            w.seen = arrived
            index = w.index
            w.index = index + 1
            now = end

    def _went_idle(self, seg: _Segment) -> None:
        seg.busy = False
        # Only when someone waits (lockstep, drain): _wait_idle counts itself before it looks at
        # ``busy``, and this reads the count after clearing it (one order under the GIL), so a
        # waiter either sees the segment idle or is counted and notified; a Condition per pass
        # otherwise costs ~0.4 µs for nobody.
        if self._idle_waiters:
            with self._idle:
                self._idle.notify_all()

    def _failed(self, w: _Worker, index: int, exc: BaseException) -> None:
        """``w``'s process raised ``exc`` on tick ``index``: count and log it, and stop as the policy says."""
        if isinstance(exc, Exception):
            w.errors += 1
            if self.error_policy is ErrorPolicy.STOP or _gpu_gone(exc, self._gpu):
                # A closed context or a lost device fails every later frame too: one clear error
                # stops the pipeline under any policy, not a traceback per frame.
                if self._failure is None:
                    log.error(
                        "processor %r raised in process (tick %d); stopping the pipeline", w.name, index, exc_info=exc
                    )
                    self._failure = (w.name, exc)
                self.stop()
            else:
                log.error("processor %r raised in process (tick %d); going on", w.name, index, exc_info=exc)
            return
        # sys.exit() or KeyboardInterrupt in a processor thread: left alone it would end only this
        # thread, with its frame half-processed and the pipeline waiting on it for ever. Stop the
        # pipeline instead and let run() re-raise it on the thread that called run().
        if self._failure is None:
            self._failure = (w.name, exc)
        self.stop()

    def _finish(self, order: list[_Worker], gpu: GpuContext) -> None:
        """After stop: join the threads, tear down, release every frame, close the context if ours."""
        for seg in self._segments:
            t = seg.thread
            if t is not None and t.is_alive():
                t.join(JOIN_TIMEOUT_S)
                if t.is_alive():
                    log.error("processor(s) %s did not return from process within %.0f s", seg.name, JOIN_TIMEOUT_S)
            seg.thread = None
        for w in reversed(order):
            if not w.set_up:
                continue
            w.set_up = False
            try:
                w.processor.teardown()
            except Exception as exc:
                w.errors += 1
                # A teardown that fails has often lost work (a file sink's last frames, its file):
                # the run failed, unless something failed before, which is then the cause to report
                # and this one is only logged. run() raises it with its traceback chained, so it is
                # not logged too (a command line shows one clear line, not the same error twice).
                if self._failure is None:
                    self._failure = (w.name, exc)
                    self._teardown_failed = True
                else:
                    log.error("processor %r raised in teardown", w.name, exc_info=exc)
        for w in order:
            for port in w.inputs:
                port._clear()
        if self._close_gpu and not gpu.closed:
            live = [s for s in gpu._registry.live.values() if s._kind != "TextureView"]
            if live:
                names = ", ".join(sorted(f"{s._kind} {s._label!r}" for s in live)[:10])
                log.warning(
                    "StreamRuntime: %d owned resource(s) were still alive at the end of run() (%s); closing the "
                    "GpuContext released them. A processor's teardown should release what it owns.",
                    len(live),
                    names,
                )
            gpu.close()

    def __repr__(self) -> str:
        state = "running" if self.running else "idle"
        return (
            f"<StreamRuntime {len(self._graph.nodes)} processors {self.fps:g} fps {self.width}x{self.height} {state}>"
        )


class _SigintStops:
    """While ``run`` blocks on the main thread, the first Ctrl+C stops the runtime cleanly.

    The handler then puts the previous one back, so a second Ctrl+C interrupts as usual.
    """

    __slots__ = ("_handler", "_previous", "_runtime")

    def __init__(self, runtime: StreamRuntime) -> None:
        self._runtime = runtime
        self._previous: Any = None
        self._handler: Callable[[int, FrameType | None], None] | None = None

    def __enter__(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        previous = signal.getsignal(signal.SIGINT)
        # None: a handler installed from C, which Python cannot put back; fall back to the default.
        self._previous = signal.default_int_handler if previous is None else previous

        def handler(signum: int, frame: FrameType | None) -> None:
            log.info("StreamRuntime: Ctrl+C, stopping (press it again to interrupt)")
            signal.signal(signal.SIGINT, self._previous)
            self._runtime.stop()

        self._handler = handler
        signal.signal(signal.SIGINT, handler)

    def __exit__(self, *exc: object) -> None:
        if self._handler is not None and signal.getsignal(signal.SIGINT) is self._handler:
            signal.signal(signal.SIGINT, self._previous)


def _frame_of(w: _Worker) -> int | None:
    """For the trace: the number of the first frame ``w``'s call read (a source: the last it wrote), or None."""
    for port in w.inputs:
        for f in port._lent:
            number = getattr(f, "frame_number", None)
            if type(number) is int:
                return number
    for out in w.outputs:
        number, out._last_frame = out._last_frame, None
        if number is not None:
            return number
    return None


def _check_trace_path(trace: object, what: str) -> None:
    if trace is not None and not isinstance(trace, (str, Path)):
        raise InvalidArgumentError(f"{what}: trace must be a file path (str or Path) or None, got {trace!r}")


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _gpu_gone(exc: BaseException, gpu: GpuContext | None) -> bool:
    """Whether ``exc`` says the pipeline's GPU context is closed or its device lost (nothing can go on)."""
    return isinstance(exc, DeviceLostError) or (
        isinstance(exc, ResourceReleasedError) and gpu is not None and gpu.closed
    )

"""The wiring of one pipeline: the processors it holds and how their ports connect.

A Graph keeps each processor added as a node with its bound ports, refuses
connections that are ill-typed, doubled or would close a cycle, orders nodes
upstream first, and stays fixed while the pipeline runs. Running it is
``_runtime``'s job.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from ..gpu._errors import PipelineError
from ._ports import InputPort, OutputPort, StreamInput, StreamOutput, check_port_frame_types, declared_ports
from ._processor import Processor

__all__ = ["Graph", "Node"]


class Node:
    """One processor of a graph, with its bound input and output ports."""

    __slots__ = ("inputs", "outputs", "processor")

    def __init__(self, processor: Processor) -> None:
        self.processor = processor
        inputs, outputs = declared_ports(type(processor))
        self.inputs: list[InputPort[Any]] = [getattr(processor, n) for n in inputs]
        self.outputs: list[OutputPort[Any]] = [getattr(processor, n) for n in outputs]

    @property
    def is_source(self) -> bool:
        return not self.inputs

    @property
    def name(self) -> str:
        return self.processor.name


N = TypeVar("N", bound=Node)


class Graph(Generic[N]):
    """The processors of one pipeline (nodes made by ``make_node``) and their connections.

    ``lock`` guards the nodes and ``running``: nothing is added or connected while running.
    """

    __slots__ = ("_by_id", "_make_node", "lock", "nodes", "running")

    def __init__(self, make_node: Callable[[Processor], N]) -> None:
        self._make_node = make_node
        self.nodes: dict[Processor, N] = {}
        # Ports know their owner only as a PortOwner; nodes are found by its identity.
        self._by_id: dict[int, N] = {}
        self.lock = threading.Lock()
        self.running = False

    def add(self, processor: object, name: str | None) -> N:
        """Add ``processor`` under ``name`` (default: its own, suffixed ``#2``... when taken); returns its node."""
        if not isinstance(processor, Processor):
            raise PipelineError(f"StreamRuntime.add: {processor!r} is not a streamlib.Processor; subclass sl.Processor")
        with self.lock:
            self._check_not_running("add")
            if processor in self.nodes or processor._runtime is not None:
                raise PipelineError(f"StreamRuntime.add: processor {processor.name!r} was already added to a runtime")
            taken = {n.name for n in self.nodes.values()}
            if name is not None:
                if name in taken:
                    raise PipelineError(f"StreamRuntime.add: a processor named {name!r} is already in this pipeline")
                processor.name = name
            elif processor.name in taken:
                base, n = processor.name, 2
                while f"{base}#{n}" in taken:
                    n += 1
                processor.name = f"{base}#{n}"
            node = self.nodes[processor] = self._by_id[id(processor)] = self._make_node(processor)
        return node

    def connect(self, output: OutputPort[Any], input: InputPort[Any]) -> None:
        """Link ``output`` to ``input``; PipelineError for anything but an acyclic, typed, first link."""
        out_n = self._port_node(output, "output", "first")
        in_n = self._port_node(input, "input", "second")
        check_port_frame_types(output, input)
        with self.lock:
            self._check_not_running("connect")
            if input._source is not None:
                raise PipelineError(
                    f"connect: {_where(input)} is already connected to {_where(input._source)}; an input takes "
                    f"one output (one output may feed several inputs)"
                )
            if out_n is in_n or self.reaches(in_n, out_n):
                raise PipelineError(
                    f"connect: {_where(output)} -> {_where(input)} would make a cycle; pipelines must be acyclic"
                )
            input._source = output
            output._targets = (*output._targets, input)

    def start(self) -> None:
        """Mark the graph running (fixed until ``running`` is cleared); PipelineError if it cannot run."""
        with self.lock:
            self._check_not_running("run")
            if not self.nodes:
                raise PipelineError("StreamRuntime.run: the pipeline is empty; add processors first")
            loose = [_where(p) for n in self.nodes.values() for p in n.inputs if p._source is None]
            if loose:
                raise PipelineError(
                    f"StreamRuntime.run: input(s) not connected: {', '.join(loose)}; connect each input to an output"
                )
            self.running = True

    def reaches(self, start: N, goal: N) -> bool:
        """Whether a frame written by ``start`` can arrive at ``goal`` (or ``start`` is ``goal``)."""
        seen: set[int] = set()
        stack = [start]
        while stack:
            n = stack.pop()
            if n is goal:
                return True
            if id(n) in seen:
                continue
            seen.add(id(n))
            stack.extend(self._by_id[id(t.processor)] for out in n.outputs for t in out._targets)
        return False

    def ordered(self) -> list[N]:
        """The nodes upstream first (the graph is acyclic: connect refuses cycles)."""
        order: list[N] = []
        seen: set[int] = set()

        def visit(n: N) -> None:
            if id(n) in seen:
                return
            seen.add(id(n))
            for port in n.inputs:
                if port._source is not None:
                    visit(self._by_id[id(port._source.processor)])
            order.append(n)

        for n in self.nodes.values():
            visit(n)
        return order

    def _port_node(self, port: object, kind: str, position: str) -> N:
        wanted, other = (OutputPort, InputPort) if kind == "output" else (InputPort, OutputPort)
        if isinstance(port, other):
            hint = " (the arguments are connect(output, input))"
            raise PipelineError(f"connect: the {position} argument must be an {kind} port, got {_where(port)}{hint}")
        if not isinstance(port, wanted):
            if isinstance(port, (StreamInput, StreamOutput)):
                raise PipelineError(
                    f"connect: {port!r} is the port declared on the class; pass the port of the processor "
                    f"instance you added (processor.{port.name})"
                )
            raise PipelineError(f"connect: the {position} argument must be an {kind} port, got {port!r}")
        node = self._by_id.get(id(port.processor))
        if node is None:
            raise PipelineError(
                f"connect: {_where(port)} belongs to a processor not added to this runtime; call rt.add() first"
            )
        return node

    def _check_not_running(self, what: str) -> None:
        if self.running:
            raise PipelineError(f"StreamRuntime.{what}: the pipeline is running; stop it first")


def _where(port: object) -> str:
    """A port as errors name it: ``input Invert.video_in``."""
    if isinstance(port, (InputPort, OutputPort)):
        kind = "input" if isinstance(port, InputPort) else "output"
        return f"{kind} {port.processor.name}.{port.name}"
    return repr(port)

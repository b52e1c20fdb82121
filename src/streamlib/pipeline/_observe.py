"""Seeing inside a pipeline: latency percentiles, link counters, the DOT picture, trace spans.

The runtime records, per input port, how long after its source produced it a sample of the
frames was done with (a fixed-size ring of the latest samples; docs/architecture.md,
"Observability"), and counts every frame. Everything here turns those raw numbers into
something to read: the percentiles are computed when asked, never per frame.
"""

from __future__ import annotations

import html
import json
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from ..gpu._errors import InvalidArgumentError, StreamlibError

__all__ = [
    "LATENCY_SAMPLE_S",
    "LATENCY_WINDOW",
    "GraphvizNotFoundError",
    "LatencyStats",
    "LinkStats",
    "Span",
    "latency_stats",
    "render_graph",
    "write_trace",
]

# Samples kept per input port for the percentiles: the latest this many frames. A power of two,
# so the ring index is a mask; at 60 fps it is the last ~17 s.
LATENCY_WINDOW = 1024

# A segment's pass is measured when it starts at least this long (s) after the last measured
# one began: below 1000 frames a second that is every frame, above it about a thousand samples
# a second per segment, so a fast pipeline does not pay a clock subtraction and a store per frame
# per stage for percentiles that a sample gives as well.
LATENCY_SAMPLE_S = 0.001


class GraphvizNotFoundError(StreamlibError):
    """A picture of the graph (SVG, PNG, PDF) was asked for but Graphviz's ``dot`` is not installed."""


class LatencyStats(NamedTuple):
    """Time from a frame's source to the end of a stage's ``process`` call that read it, in ms.

    ``frames`` is how many frames it read while latency was measured, every one of them;
    the percentiles and ``max_ms`` are over the latest ``LATENCY_WINDOW`` samples of those
    frames (every frame below 1000 fps, about a thousand a second above it: see
    ``LATENCY_SAMPLE_S``), so ``max_ms`` is the largest sampled, not necessarily the largest
    of all. All zero before the first sample (and always, for a source: nothing comes before it).
    """

    frames: int = 0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0

    def __str__(self) -> str:
        if not self.frames:
            return "no frames"
        return f"p50 {self.p50_ms:.2f} ms, p95 {self.p95_ms:.2f} ms, p99 {self.p99_ms:.2f} ms, max {self.max_ms:.2f} ms"


NO_LATENCY = LatencyStats()


class LinkStats(NamedTuple):
    """One connection, output to input, after (or during) a run."""

    output: str
    """The output port, as ``processor.port``."""
    input: str
    """The input port, as ``processor.port``."""
    frames: int
    """Frames that arrived at the input."""
    dropped: int
    """Frames the input released unread (ring full, skipped by ``read_latest``, left at stop)."""
    latency: LatencyStats
    """Source-to-stage latency of the frames the input's processor was done with."""


class Span(NamedTuple):
    """One ``process`` call, for the trace: who ran, on which thread, when (perf_counter s), which frame."""

    name: str
    thread: int
    start: float
    end: float
    tick: int
    frame: int | None


def latency_stats(samples: Iterable[tuple[Sequence[float], int]], frames: int | None = None) -> LatencyStats:
    """Percentiles over the rings ``(ring, samples taken)`` of one or more input ports (nearest rank).

    ``frames`` is the count to report (every frame read while measured); by default the
    number of samples taken.
    """
    values: list[float] = []
    count = 0
    for ring, n in samples:
        if n:
            values.extend(ring[: min(n, len(ring))])
            count += n
    if not values:
        return NO_LATENCY
    if frames is not None:
        count = max(frames, count)
    values.sort()
    last = len(values) - 1

    def rank(q: float) -> float:
        return values[min(last, int(q * len(values)))] * 1000.0

    return LatencyStats(count, rank(0.50), rank(0.95), rank(0.99), values[last] * 1000.0)


# -- the picture ---------------------------------------------------------------------------


class DotNode(NamedTuple):
    """One processor as the picture shows it."""

    name: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    detail: str  # "" before a run


class DotEdge(NamedTuple):
    source: str
    output: str
    target: str
    input: str
    label: str  # "" before a run


def render_dot(nodes: Sequence[DotNode], edges: Sequence[DotEdge], threads: Sequence[Sequence[str]], title: str) -> str:
    """Graphviz DOT text: one box per processor with its ports, one arrow per link, one cluster per shared thread."""
    ids = {n.name: f"p{i}" for i, n in enumerate(nodes)}
    esc = html.escape
    lines = [
        "digraph streamlib {",
        "  rankdir=LR;",
        f'  label="{_dot_string(title)}"; labelloc=t; fontname="Helvetica";',
        '  node [shape=plain fontname="Helvetica" fontsize=11];',
        '  edge [fontname="Helvetica" fontsize=9];',
    ]
    by_name = {n.name: n for n in nodes}

    def node_lines(node: DotNode, indent: str) -> list[str]:
        cells = []
        if node.inputs:
            ins = "".join(f'<tr><td port="in_{esc(p)}" bgcolor="#e8f0fe">{esc(p)}</td></tr>' for p in node.inputs)
            cells.append(f'<td><table border="0" cellborder="1" cellspacing="0">{ins}</table></td>')
        body = f"<b>{esc(node.name)}</b>"
        if node.detail:
            body += "".join(f'<br/><font point-size="9">{esc(line)}</font>' for line in node.detail.split("\n"))
        cells.append(f"<td>{body}</td>")
        if node.outputs:
            outs = "".join(f'<tr><td port="out_{esc(p)}" bgcolor="#fef3e8">{esc(p)}</td></tr>' for p in node.outputs)
            cells.append(f'<td><table border="0" cellborder="1" cellspacing="0">{outs}</table></td>')
        table = f'<table border="1" cellborder="0" cellspacing="2" cellpadding="4"><tr>{"".join(cells)}</tr></table>'
        return [f"{indent}{ids[node.name]} [label=<{table}>];"]

    grouped: set[str] = set()
    for i, members in enumerate(threads):
        if len(members) < 2:
            continue
        lines.append(f"  subgraph cluster_thread{i} {{")
        lines.append(f'    label="one thread: {_dot_string(" + ".join(members))}"; style=dashed; fontsize=9;')
        for name in members:
            lines += node_lines(by_name[name], "    ")
            grouped.add(name)
        lines.append("  }")
    for node in nodes:
        if node.name not in grouped:
            lines += node_lines(node, "  ")
    for e in edges:
        label = f' [label="{_dot_string(e.label)}"]' if e.label else ""
        lines.append(
            f'  {ids[e.source]}:"out_{_dot_string(e.output)}" -> {ids[e.target]}:"in_{_dot_string(e.input)}"{label};'
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_string(text: str) -> str:
    """``text`` inside a DOT double-quoted string (newlines as DOT's centred line breaks)."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


# Suffixes save_graph writes, and the Graphviz output format for each picture.
_PICTURES = {".svg": "svg", ".png": "png", ".pdf": "pdf"}
_TEXT = (".dot", ".gv")


def render_graph(dot: str, path: str | Path) -> Path:
    """Write ``dot`` to ``path``: as is for .dot/.gv, rendered by Graphviz for .svg/.png/.pdf; returns the path."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix in _TEXT:
        target.write_text(dot, encoding="utf-8")
        return target
    fmt = _PICTURES.get(suffix)
    if fmt is None:
        raise InvalidArgumentError(
            f"save_graph: cannot tell what to write for {str(target)!r} (suffix {suffix or 'none'!r}); "
            f"use .dot or .gv (DOT text), or .svg, .png or .pdf (a picture, with Graphviz)"
        )
    exe = shutil.which("dot")
    if exe is None:
        raise GraphvizNotFoundError(
            f"save_graph: writing {str(target)!r} needs Graphviz's 'dot' program, which is not on PATH; install "
            f"it (apt-get install graphviz, brew install graphviz) or save DOT text instead (a .dot path)"
        )
    done = subprocess.run([exe, f"-T{fmt}", "-o", str(target)], input=dot.encode(), capture_output=True, check=False)
    if done.returncode != 0:
        raise StreamlibError(
            f"save_graph: Graphviz failed to render {str(target)!r} (exit {done.returncode}): "
            f"{done.stderr.decode(errors='replace').strip()}"
        )
    return target


# -- the trace -------------------------------------------------------------------------------


def write_trace(path: str | Path, spans: Sequence[Span], threads: dict[int, str], started: float) -> Path:
    """Write ``spans`` as Chrome/Perfetto trace JSON (one complete "X" event per call); returns the path.

    Open the file in https://ui.perfetto.dev or chrome://tracing. Times are µs since the run started.
    """
    events: list[dict[str, object]] = [
        {"name": "process_name", "ph": "M", "pid": 1, "tid": 0, "args": {"name": "streamlib pipeline"}}
    ]
    tids: dict[int, int] = {}
    for ident, name in threads.items():
        tid = tids.setdefault(ident, len(tids) + 1)
        events.append({"name": "thread_name", "ph": "M", "pid": 1, "tid": tid, "args": {"name": name}})
    for s in spans:
        tid = tids.setdefault(s.thread, len(tids) + 1)
        events.append(
            {
                "name": s.name,
                "cat": "process",
                "ph": "X",
                "pid": 1,
                "tid": tid,
                "ts": round((s.start - started) * 1e6, 3),
                "dur": round((s.end - s.start) * 1e6, 3),
                "args": {"frame": s.frame, "tick": s.tick},
            }
        )
    target = Path(path)
    target.write_text(json.dumps({"traceEvents": events, "displayTimeUnit": "ms"}), encoding="utf-8")
    return target

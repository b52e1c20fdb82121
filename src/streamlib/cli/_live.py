"""``streamlib run``'s view of a running pipeline: a live table per stage, and the summary at the end.

The table (frames, fps, drops, time per call, latency from the source) is drawn with rich when it
is installed (the ``cli`` extra) and the output is a terminal; otherwise ``_run`` prints its
plain progress line and this module's plain-text summary.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from ..gpu._tracking import live_resources, summarize_live
from ..pipeline._runtime import ProcessorStats, StreamRuntime

__all__ = ["StageRow", "plain_summary", "rich_console", "rich_table", "stage_rows"]

HEADERS = ("stage", "thread", "calls", "frames", "fps", "dropped", "ms/call", "p50 ms", "p95 ms", "p99 ms", "max ms")


class StageRow(NamedTuple):
    """One processor's line of the table, already formatted."""

    cells: tuple[str, ...]
    sink: bool


def stage_rows(runtime: StreamRuntime, stats: Mapping[str, ProcessorStats], elapsed: float) -> list[StageRow]:
    """One row per processor (upstream first): its counters and its source-to-here latency."""
    thread_of = {name: i + 1 for i, group in enumerate(runtime.threads()) for name in group}
    sinks = set(runtime.end_to_end())
    rows = []
    for group in runtime.threads():
        for name in group:
            s = stats.get(name)
            if s is None:
                continue
            frames = s.frames_out if name not in sinks and not s.frames_in else s.frames_in
            lat = s.latency
            latency = (
                (f"{lat.p50_ms:.2f}", f"{lat.p95_ms:.2f}", f"{lat.p99_ms:.2f}", f"{lat.max_ms:.2f}")
                if lat.frames
                else ("-", "-", "-", "-")
            )
            cells = (
                name,
                str(thread_of[name]),
                str(s.calls),
                str(frames),
                f"{frames / elapsed:.1f}" if elapsed > 0 else "-",
                str(s.dropped),
                f"{s.mean_ms:.2f}",
                *latency,
            )
            rows.append(StageRow(cells, name in sinks))
    return rows


def _memory_line() -> str:
    live = [r for r in live_resources() if r.kind != "TextureView"]
    return f"GPU memory owned now: {summarize_live(live)}" if live else "GPU memory owned now: none"


def plain_summary(runtime: StreamRuntime, stats: Mapping[str, ProcessorStats], elapsed: float) -> str:
    """The end-of-run summary as plain text: the stage table, end-to-end latency per sink, drops per link."""
    rows = [HEADERS, *(r.cells for r in stage_rows(runtime, stats, elapsed))]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADERS))]
    lines = [
        "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True)))
        for row in rows
    ]
    for name, lat in runtime.end_to_end().items():
        lines.append(f"end to end, source -> {name}: {lat} ({lat.frames} frames)")
    dropping = [link for link in runtime.links() if link.dropped]
    for link in dropping:
        lines.append(f"dropped {link.dropped} of {link.frames} frames at {link.output} -> {link.input}")
    lines.append(_memory_line())
    return "\n".join(lines)


def rich_console(stream: Any, *, force_terminal: bool | None = None) -> Any:
    """A rich Console on ``stream``, or None when rich is not installed (``pip install 'streamlib[cli]'``)."""
    try:
        from rich.console import Console
    except ImportError:
        return None
    return Console(file=stream, force_terminal=force_terminal, highlight=False)


def rich_table(runtime: StreamRuntime, stats: Mapping[str, ProcessorStats], elapsed: float, title: str) -> Any:
    """The live table (a rich renderable): one row per stage, end-to-end latency and GPU memory below."""
    from rich.table import Table

    table = Table(title=title, title_justify="left", caption=_caption(runtime), caption_justify="left")
    for i, header in enumerate(HEADERS):
        table.add_column(header, justify="left" if i == 0 else "right", no_wrap=True)
    for row in stage_rows(runtime, stats, elapsed):
        table.add_row(*row.cells, style="bold" if row.sink else None)
    return table


def _caption(runtime: StreamRuntime) -> str:
    parts = [f"end to end -> {name}: {lat}" for name, lat in runtime.end_to_end().items()]
    parts += [
        f"dropped {link.dropped}/{link.frames} at {link.output} -> {link.input}"
        for link in runtime.links()
        if link.dropped
    ]
    parts.append(_memory_line())
    return "\n".join(parts)

"""Interleaved A/B timing: streamlib and raw wgpu in one process, on one adapter.

The machines this runs on are noisy (shared CPUs, llvmpipe threads), so one
long run per side says little. Every comparison runs several rounds; in each
round the streamlib side, the raw side and a second copy of the raw side (the
control) each run one block of iterations, in a rotating order. The ratio of a
comparison is the median over rounds of that round's streamlib/raw ratio, so
slow drift of the machine cancels; the control's raw/raw ratio shows how much
noise is left.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Block", "Comparison", "Metric", "RotatingBlock", "TimedBlock", "compare", "time_block"]

# Runs ``n`` iterations of one side and returns the seconds they took.
Block = Callable[[int], float]


class TimedBlock:
    """A block runner that calls ``step`` n times, then ``finish`` once (inside the timing).

    Returns the wall seconds; ``last_cpu_s`` holds the calling thread's CPU seconds of the
    same block (``time.thread_time``): what the calls cost the application's thread, without
    what other threads do meanwhile (on llvmpipe, the software GPU's own threads).
    ``finish`` also runs once before the timing starts, so each block starts settled.
    """

    def __init__(self, step: Callable[[], object], finish: Callable[[], object] | None = None) -> None:
        self._step = step
        self._finish = finish
        self.last_cpu_s = 0.0

    def __call__(self, n: int) -> float:
        perf, cpu = time.perf_counter, time.thread_time
        step, finish = self._step, self._finish
        # Settle first, untimed: otherwise a block pays for the GPU work and the deferred
        # frees the block before it left behind (seen as a raw/raw control of 1.04 at 720p).
        if finish is not None:
            finish()
        t0, c0 = perf(), cpu()
        for _ in range(n):
            step()
        if finish is not None:
            finish()
        wall = perf() - t0
        self.last_cpu_s = cpu() - c0
        return wall


class RotatingBlock(TimedBlock):
    """Runs its blocks in turn, one per call: each side's rounds spread over several sets of objects.

    A GPU-bound block's time depends on where its textures happen to lie in memory (on
    llvmpipe, 720p frame steps over one set of textures ran 3.9 or 4.6 ms for a whole
    process's life, either side). Made afresh per set, that luck spreads over the rounds
    and the median ignores it, instead of deciding a side's every round.
    """

    def __init__(self, blocks: list[TimedBlock]) -> None:
        super().__init__(lambda: None)
        self._blocks = blocks
        self._next = 0

    def __call__(self, n: int) -> float:
        block = self._blocks[self._next % len(self._blocks)]
        self._next += 1
        wall = block(n)
        self.last_cpu_s = block.last_cpu_s
        return wall


def time_block(step: Callable[[], object], finish: Callable[[], object] | None = None) -> TimedBlock:
    """A ``TimedBlock`` over ``step`` and ``finish``."""
    return TimedBlock(step, finish)


@dataclass
class Comparison:
    """Per-iteration medians (seconds) of both sides, and the ratios over rounds."""

    streamlib_s: float
    raw_s: float
    ratio: float
    control: float
    ratio_spread: tuple[float, float]
    control_spread: tuple[float, float]
    rounds: int
    iterations: int
    cpu: Comparison | None = None
    """The same rounds in the calling thread's CPU time, when both sides are TimedBlocks."""


def _quartiles(values: list[float]) -> tuple[float, float]:
    if len(values) < 2:
        return values[0], values[0]
    q = statistics.quantiles(values, n=4)
    return q[0], q[2]


def compare(streamlib: Block, raw: Block, *, rounds: int, iterations: int, warmup_rounds: int = 1) -> Comparison:
    """Interleave ``streamlib``, ``raw`` and ``raw`` again (the control) over ``rounds`` rounds.

    The order of the three blocks rotates from round to round so that none of them
    always runs first (after a pause) or last.
    """
    sides: list[Block] = [raw, streamlib, raw]
    times: list[list[float]] = [[], [], []]
    cpus: list[list[float]] = [[], [], []]
    timed = isinstance(raw, TimedBlock) and isinstance(streamlib, TimedBlock)
    for r in range(-warmup_rounds, rounds):
        order = [(r + k) % 3 for k in range(3)]
        got = [0.0, 0.0, 0.0]
        got_cpu = [0.0, 0.0, 0.0]
        for i in order:
            side = sides[i]
            got[i] = side(iterations) / iterations
            if isinstance(side, TimedBlock):
                got_cpu[i] = side.last_cpu_s / iterations
        if r >= 0:
            for i in range(3):
                times[i].append(got[i])
                cpus[i].append(got_cpu[i])
    wall = _comparison(times, rounds, iterations)
    if timed and all(c > 0 for side in cpus for c in side):
        wall.cpu = _comparison(cpus, rounds, iterations)
    return wall


def _comparison(times: list[list[float]], rounds: int, iterations: int) -> Comparison:
    raw_a, sl, raw_b = times
    ratios = [s / a for s, a in zip(sl, raw_a, strict=True)]
    controls = [b / a for b, a in zip(raw_b, raw_a, strict=True)]
    return Comparison(
        streamlib_s=statistics.median(sl),
        raw_s=statistics.median(raw_a + raw_b),
        ratio=statistics.median(ratios),
        control=statistics.median(controls),
        ratio_spread=_quartiles(ratios),
        control_spread=_quartiles(controls),
        rounds=rounds,
        iterations=iterations,
    )


@dataclass
class Metric:
    """One row of the report: a value, its unit, and the target it must meet."""

    name: str
    description: str
    value: float
    unit: str
    target: float | None = None
    # "<=": the value must not exceed the target; ">=": it must reach it.
    op: str = "<="
    streamlib_us: float | None = None
    raw_us: float | None = None
    control: float | None = None
    spread: tuple[float, float] | None = None
    control_spread: tuple[float, float] | None = None
    rounds: int = 0
    iterations: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool | None:
        """Whether the target is met; None when the metric has no target."""
        if self.target is None:
            return None
        return self.value <= self.target if self.op == "<=" else self.value >= self.target

    @classmethod
    def from_comparison(
        cls, name: str, description: str, c: Comparison, target: float | None, op: str = "<="
    ) -> Metric:
        return cls(
            name=name,
            description=description,
            value=c.ratio,
            unit="ratio",
            target=target,
            op=op,
            streamlib_us=c.streamlib_s * 1e6,
            raw_us=c.raw_s * 1e6,
            control=c.control,
            spread=c.ratio_spread,
            control_spread=c.control_spread,
            rounds=c.rounds,
            iterations=c.iterations,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "value": self.value,
            "unit": self.unit,
            "target": self.target,
            "op": self.op,
            "ok": self.ok,
            "streamlib_us": self.streamlib_us,
            "raw_us": self.raw_us,
            "control": self.control,
            "spread": list(self.spread) if self.spread else None,
            "control_spread": list(self.control_spread) if self.control_spread else None,
            "rounds": self.rounds,
            "iterations": self.iterations,
            "extra": self.extra,
        }

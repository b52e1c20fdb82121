"""Run a workload for N frames, sampling every K, and write the CSV, plot and verdict."""

from __future__ import annotations

import csv
import gc
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import streamlib as sl

from ._analysis import MIB, Verdict, judge
from ._probe import Sample, sample

Mode = Literal["core", "pipeline", "upstream"]


@dataclass
class SoakConfig:
    """One soak run. ``every``: frames between samples (default: about 200 samples per run)."""

    mode: Mode = "core"
    frames: int = 100_000
    width: int = 64
    height: int = 64
    every: int = 0
    warmup_fraction: float = 0.2
    rss_budget_per_100k: float = 1 * MIB
    out_dir: Path = Path("out/soak")
    plot: bool = True
    count_tolerance: dict[str, float] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.mode}-{self.width}x{self.height}-{self.frames}"

    @property
    def interval(self) -> int:
        return self.every or max(1, self.frames // 200)


@dataclass
class SoakResult:
    """Samples, verdict, wall time and where the CSV and plot went."""

    config: SoakConfig
    samples: list[Sample]
    verdict: Verdict
    seconds: float
    csv_path: Path
    png_path: Path | None


def _write_csv(path: Path, samples: list[Sample]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(Sample._fields)
        writer.writerows(samples)


def run_soak(config: SoakConfig, *, progress: Callable[[Sample], None] | None = None) -> SoakResult:
    """Run ``config`` on a fresh GpuContext; the context is closed at the end whatever happens."""
    from ._pipeline import PipelineLoop, UpstreamLoop
    from ._workloads import CoreLoop, Workload

    samples: list[Sample] = []
    gc.collect()
    start = time.perf_counter()
    with sl.GpuContext.create(label=f"soak-{config.mode}") as gpu:
        loops: dict[str, type[CoreLoop] | type[PipelineLoop] | type[UpstreamLoop]] = {
            "core": CoreLoop,
            "pipeline": PipelineLoop,
            "upstream": UpstreamLoop,
        }
        workload: Workload = loops[config.mode](gpu, config.width, config.height)
        try:
            every = config.interval
            done = 0
            samples.append(sample(0, 0.0, workload.pool))
            while done < config.frames:
                n = min(every, config.frames - done)
                workload.run(done, n)
                done += n
                s = sample(done, time.perf_counter() - start, workload.pool)
                samples.append(s)
                if progress is not None:
                    progress(s)
        finally:
            workload.close()
    seconds = time.perf_counter() - start
    verdict = judge(
        samples,
        warmup_fraction=config.warmup_fraction,
        rss_budget_per_100k=config.rss_budget_per_100k,
        count_tolerance=config.count_tolerance,
    )
    csv_path = config.out_dir / f"{config.name}.csv"
    _write_csv(csv_path, samples)
    png_path = None
    if config.plot:
        from ._plot import plot

        png_path = plot(samples, config.out_dir / f"{config.name}.png", title=config.name, verdict=verdict)
    return SoakResult(config, samples, verdict, seconds, csv_path, png_path)

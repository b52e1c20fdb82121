"""Judging a soak: is memory flat and does any count drift once warmed up?"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from ._probe import COUNT_FIELDS, Sample

MIB = 1 << 20


class Verdict(NamedTuple):
    """The figures of one soak run and whether they are within budget."""

    frames: int
    post_warmup_samples: int
    rss_start_mib: float
    rss_end_mib: float
    rss_slope_bytes_per_100k: float  # Theil-Sen slope over the post-warm-up samples
    rss_median_growth_bytes: float  # median of the last window minus median of the first
    count_drift: dict[str, float]  # per count: median of the last window minus median of the first
    failures: list[str]

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        drift = ", ".join(f"{k} {v:+g}" for k, v in self.count_drift.items())
        return (
            f"{self.frames} frames: RSS {self.rss_start_mib:.1f} -> {self.rss_end_mib:.1f} MiB, "
            f"slope {self.rss_slope_bytes_per_100k / MIB:+.3f} MiB/100k frames, "
            f"window growth {self.rss_median_growth_bytes / MIB:+.3f} MiB; drift: {drift}; "
            + ("OK" if self.ok else "FAIL: " + "; ".join(self.failures))
        )


def theil_sen_slope(x: np.ndarray, y: np.ndarray) -> float:
    """Median of the pairwise slopes: one allocator step or GC pause cannot tilt it, unlike least squares."""
    i, j = np.triu_indices(len(x), k=1)
    dx = x[j] - x[i]
    keep = dx != 0
    if not keep.any():
        return 0.0
    return float(np.median((y[j] - y[i])[keep] / dx[keep]))


def judge(
    samples: Sequence[Sample],
    *,
    warmup_fraction: float = 0.2,
    rss_budget_per_100k: float = 1 * MIB,
    count_tolerance: dict[str, float] | None = None,
) -> Verdict:
    """The verdict on ``samples``: RSS must not grow faster than ``rss_budget_per_100k`` bytes per
    100,000 frames after warm-up, and no count may drift by more than its tolerance (0 unless given).

    Counts are compared window against window (medians of the first and last fifth of the
    post-warm-up samples), so a count that merely wobbles passes and one that climbs fails.
    """
    tolerance = count_tolerance or {}
    frames = samples[-1].frame if samples else 0
    post = [s for s in samples if s.frame >= warmup_fraction * frames]
    failures: list[str] = []
    if len(post) < 5:
        failures.append(f"only {len(post)} samples after warm-up; sample more often")
        return Verdict(frames, len(post), 0.0, 0.0, 0.0, 0.0, {}, failures)
    x = np.array([s.frame for s in post], dtype=np.float64)
    rss = np.array([s.rss_bytes for s in post], dtype=np.float64)
    window = max(2, len(post) // 5)
    slope = theil_sen_slope(x, rss) * 100_000
    growth = float(np.median(rss[-window:]) - np.median(rss[:window]))
    # Scale the window growth to 100k frames so short runs are held to the same budget.
    span = float(np.median(x[-window:]) - np.median(x[:window])) or 1.0
    if slope > rss_budget_per_100k:
        failures.append(f"RSS grows {slope / MIB:.3f} MiB per 100k frames (budget {rss_budget_per_100k / MIB:g})")
    if growth * 100_000 / span > rss_budget_per_100k and growth > rss_budget_per_100k:
        failures.append(f"RSS grew {growth / MIB:.3f} MiB between the first and last post-warm-up windows")
    drift: dict[str, float] = {}
    for name in COUNT_FIELDS:
        series = np.array([getattr(s, name) for s in post], dtype=np.float64)
        d = float(np.median(series[-window:]) - np.median(series[:window]))
        drift[name] = d
        if d > tolerance.get(name, 0.0):
            failures.append(f"{name} drifted by {d:+g} (tolerance {tolerance.get(name, 0.0):g})")
    return Verdict(
        frames,
        len(post),
        samples[0].rss_bytes / MIB,
        samples[-1].rss_bytes / MIB,
        slope,
        growth,
        drift,
        failures,
    )

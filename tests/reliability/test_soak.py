"""Soak: memory and object counts stay flat over many frames.

The short run is part of every test run; the long form (``make soak`` runs ``python -m soak``)
runs 100,000 small and 10,000 HD frames through the core API and through a pipeline.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from soak import Sample, SoakConfig, judge, run_soak
from soak._analysis import MIB


def _samples(rss_per_frame: float = 0.0, live_every: int = 0, frames: int = 10_000, every: int = 100) -> list[Sample]:
    out = []
    for f in range(0, frames + 1, every):
        wobble = (f // every % 3) * 4096  # page-sized noise, as /proc shows it
        live = f // live_every if live_every else 0
        out.append(Sample(f, f / 1000, int(100 * MIB + f * rss_per_frame + wobble), 5 + live, 8 + live, 8, 0, 2, 1))
    return out


def test_judge_passes_flat_memory_with_noise() -> None:
    verdict = judge(_samples())
    assert verdict.ok, verdict.summary()


def test_judge_fails_slow_rss_growth() -> None:
    # 120 bytes per frame: the unpolled-device leak of docs/architecture.md (R2), 11.4 MiB per 100k frames.
    verdict = judge(_samples(rss_per_frame=120))
    assert not verdict.ok
    assert "RSS grows" in verdict.failures[0]
    assert verdict.rss_slope_bytes_per_100k == pytest.approx(120 * 100_000, rel=0.05)


def test_judge_fails_count_drift() -> None:
    verdict = judge(_samples(live_every=1000))  # one resource leaked every 1000 frames
    assert not verdict.ok
    assert any("streamlib_live drifted" in f for f in verdict.failures)
    assert any("wgpu_objects drifted" in f for f in verdict.failures)


def _check(config: SoakConfig) -> None:
    result = run_soak(config)
    assert result.verdict.ok, result.verdict.summary()
    assert result.csv_path.exists()
    assert result.png_path is not None and result.png_path.stat().st_size > 10_000
    rows = result.csv_path.read_text().splitlines()
    assert rows[0].startswith("frame,seconds,rss_bytes") and len(rows) == len(result.samples) + 1


def test_short_core_soak(tmp_path: Path) -> None:
    # Short runs see page-sized RSS noise on few samples: hold them to 4 MiB/100k, still well
    # under the 11 MiB/100k of the leak R2 describes. The long form holds to 1 MiB.
    _check(SoakConfig(mode="core", frames=3000, every=30, out_dir=tmp_path, rss_budget_per_100k=4 * MIB))


def test_short_pipeline_soak_counts_stay_exact(tmp_path: Path) -> None:
    # A pipeline's RSS settles over its first thousands of frames (thread stacks, allocator
    # arenas): judge the second half of a 24,000-frame run, every count exact. Measured there:
    # +1.2 MiB/100k (110 KB over 12,000 frames), so the bound is 2 MiB/100k: a real leak of the
    # R2 kind (11 MiB/100k) or of one object per frame still fails it. The long form holds to 1 MiB.
    _check(
        SoakConfig(
            mode="pipeline",
            frames=24_000,
            every=400,
            warmup_fraction=0.5,
            out_dir=tmp_path,
            rss_budget_per_100k=2 * MIB,
        )
    )

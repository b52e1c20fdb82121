"""The soak plot: RSS, GPU bytes and object counts against frames, one PNG."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # headless: never needs a display

import matplotlib.pyplot as plt

from ._analysis import MIB, Verdict
from ._probe import Sample


def plot(samples: Sequence[Sample], path: Path, *, title: str, verdict: Verdict | None = None) -> Path:
    """Write a three-panel PNG (RSS in MiB; GPU MiB; counts) of ``samples`` to ``path``; returns ``path``."""
    frames = [s.frame for s in samples]
    fig, (top, middle, bottom) = plt.subplots(3, 1, figsize=(8, 8), sharex=True, dpi=80)
    top.plot(frames, [s.rss_bytes / MIB for s in samples], color="tab:red", linewidth=1.2)
    top.set_ylabel("RSS (MiB)")
    top.grid(alpha=0.3)
    if verdict is not None:
        top.set_title(
            f"{title}: RSS slope {verdict.rss_slope_bytes_per_100k / MIB:+.3f} MiB/100k frames "
            f"({'OK' if verdict.ok else 'FAIL'})",
            fontsize=10,
        )
    else:
        top.set_title(title, fontsize=10)
    middle.plot(frames, [s.streamlib_bytes / MIB for s in samples], label="streamlib live owned", linewidth=1.2)
    middle.plot(frames, [s.wgpu_bytes / MIB for s in samples], label="wgpu textures + buffers", linewidth=1.2)
    middle.set_ylabel("GPU memory (MiB)")
    middle.grid(alpha=0.3)
    middle.legend(fontsize=8, loc="upper left")
    series = {
        "wgpu Python objects": [s.wgpu_objects for s in samples],
        "wgpu-native objects": [s.wgpu_native_objects for s in samples],
        "streamlib live owned": [s.streamlib_live for s in samples],
        "pool idle": [s.pool_idle for s in samples],
        "pool misses": [s.pool_misses for s in samples],
    }
    for name, values in series.items():
        if any(v >= 0 for v in values):
            bottom.plot(frames, values, label=name, linewidth=1.2)
    bottom.set_xlabel("frames")
    bottom.set_ylabel("count")
    bottom.grid(alpha=0.3)
    bottom.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path

"""One table and one figure over several soak runs, rebuilt from their CSVs."""

from __future__ import annotations

import csv
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt

from ._analysis import MIB, Verdict, judge
from ._probe import COUNT_FIELDS, Sample

SUMMARY_FIELDS = (
    "run",
    "frames",
    "seconds",
    "frames_per_s",
    "rss_start_mib",
    "rss_end_mib",
    "rss_slope_mib_per_100k",
    "rss_window_growth_mib",
    *(f"drift_{name}" for name in COUNT_FIELDS),
    "verdict",
)


def load(path: Path) -> list[Sample]:
    """The samples a soak run wrote to ``path``."""
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [
        Sample(**{k: (float(v) if k == "seconds" else int(v)) for k, v in row.items()})  # type: ignore[arg-type]
        for row in rows
    ]


def _row(name: str, samples: list[Sample], verdict: Verdict) -> dict[str, object]:
    seconds = samples[-1].seconds
    return {
        "run": name,
        "frames": verdict.frames,
        "seconds": round(seconds, 1),
        "frames_per_s": round(verdict.frames / seconds) if seconds else 0,
        "rss_start_mib": round(verdict.rss_start_mib, 1),
        "rss_end_mib": round(verdict.rss_end_mib, 1),
        "rss_slope_mib_per_100k": round(verdict.rss_slope_bytes_per_100k / MIB, 3),
        "rss_window_growth_mib": round(verdict.rss_median_growth_bytes / MIB, 3),
        **{f"drift_{k}": v for k, v in verdict.count_drift.items()},
        "verdict": "OK" if verdict.ok else "FAIL",
    }


def summarize(directory: Path, *, csv_out: Path | None = None, png_out: Path | None = None) -> list[dict[str, object]]:
    """Re-judge every ``*.csv`` run in ``directory`` (summary files aside); write a summary CSV and PNG."""
    runs = sorted(p for p in directory.glob("*.csv") if not p.name.startswith("summary"))
    rows = []
    loaded = []
    for path in runs:
        samples = load(path)
        rows.append(_row(path.stem, samples, judge(samples)))
        loaded.append((path.stem, samples))
    csv_out = csv_out or directory / "summary.csv"
    with csv_out.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=SUMMARY_FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    fig, axes = plt.subplots(1, max(1, len(loaded)), figsize=(3.2 * max(1, len(loaded)), 2.8), dpi=72, squeeze=False)
    for ax, (name, samples), row in zip(axes[0], loaded, rows, strict=True):
        base = samples[0].rss_bytes
        ax.plot([s.frame / 1000 for s in samples], [(s.rss_bytes - base) / MIB for s in samples], color="tab:red")
        ax.set_title(f"{name}\n{row['rss_slope_mib_per_100k']:+.3f} MiB/100k, {row['verdict']}", fontsize=8)
        ax.set_xlabel("frames (thousands)", fontsize=8)
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.3)
    axes[0][0].set_ylabel("RSS growth (MiB)", fontsize=8)
    fig.tight_layout()
    fig.savefig(png_out or directory / "summary.png")
    plt.close(fig)
    return rows

"""The report: a table on stdout, results/latest.json, and a dated row per metric in results/history.csv."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import platform
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ._harness import Metric

__all__ = ["HISTORY_FIELDS", "append_history", "format_table", "machine_info", "write_json"]

HISTORY_FIELDS = [
    "date",
    "commit",
    "metric",
    "value",
    "unit",
    "target",
    "op",
    "ok",
    "streamlib_us",
    "raw_us",
    "control",
    "rounds",
    "iterations",
    "mode",
    "cpu",
    "cores",
    "adapter",
    "backend",
]


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
            cwd=Path(__file__).parent,
        )
    except OSError:
        return ""
    return out.stdout.strip()


def machine_info() -> dict[str, Any]:
    """CPU model, core count, Python and OS: what the numbers were measured on."""
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count() or 0,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "commit": _commit(),
    }


def _fmt(value: float | None, digits: int = 3) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def format_table(metrics: Sequence[Metric]) -> str:
    """A fixed-width table, one row per metric; 'control' is the raw/raw ratio measured beside it."""
    head = ("metric", "value", "unit", "target", "ok", "streamlib µs", "raw µs", "control", "ratio IQR")
    rows = [head]
    for m in metrics:
        ok = {True: "yes", False: "NO", None: "-"}[m.ok]
        target = "" if m.target is None else f"{m.op} {m.target:g}"
        iqr = "" if m.spread is None else f"{m.spread[0]:.2f}-{m.spread[1]:.2f}"
        rows.append(
            (
                m.name,
                _fmt(m.value),
                m.unit,
                target,
                ok,
                _fmt(m.streamlib_us, 2),
                _fmt(m.raw_us, 2),
                _fmt(m.control),
                iqr,
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def write_json(path: Path, metrics: Sequence[Metric], meta: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = {**meta, "metrics": [m.as_dict() for m in metrics]}
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")


def append_history(path: Path, metrics: Sequence[Metric], meta: dict[str, Any]) -> None:
    """One dated row per metric; writes the header when the file is new."""
    path.parent.mkdir(parents=True, exist_ok=True)
    new = not path.exists() or path.stat().st_size == 0
    machine, adapter = meta["machine"], meta["adapter"]
    with path.open("a", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=HISTORY_FIELDS)
        if new:
            writer.writeheader()
        for m in metrics:
            writer.writerow(
                {
                    "date": meta["date"],
                    "commit": machine["commit"],
                    "metric": m.name,
                    "value": _fmt(m.value, 4),
                    "unit": m.unit,
                    "target": "" if m.target is None else m.target,
                    "op": m.op,
                    "ok": "" if m.ok is None else m.ok,
                    "streamlib_us": _fmt(m.streamlib_us, 3),
                    "raw_us": _fmt(m.raw_us, 3),
                    "control": _fmt(m.control, 4),
                    "rounds": m.rounds,
                    "iterations": m.iterations,
                    "mode": meta["mode"],
                    "cpu": machine["cpu"],
                    "cores": machine["cores"],
                    "adapter": adapter["device"],
                    "backend": adapter["backend"],
                }
            )


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")

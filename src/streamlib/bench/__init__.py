"""streamlib against raw wgpu, as ratios measured in one process on one adapter.

Run ``streamlib bench`` (or ``python -m streamlib.bench``; ``make bench`` in a checkout;
``--quick`` for a short run). Every comparison interleaves the streamlib side, the raw
side and a second raw side (the control, whose raw/raw ratio shows the noise left) over
many rounds and reports medians. Results go to ``latest.json`` in the results folder
(``--results-dir``, default ``./bench-results``; ``make bench`` uses the checkout's
``benchmarks/results``) and a dated row per metric is appended to its ``history.csv``.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import streamlib as sl

from ._cases import CASES, Settings, describe_adapter
from ._harness import Metric
from ._report import append_history, format_table, machine_info, now, write_json

__all__ = ["RESULTS_DIR", "add_arguments", "main", "run", "run_from_args"]

RESULTS_DIR = Path("bench-results")


def run(settings: Settings, *, only: Sequence[str] = (), progress: bool = True) -> tuple[list[Metric], dict[str, Any]]:
    """Run the selected cases (all by default) on one GpuContext; returns the metrics and the run's metadata."""
    names = list(only) or list(CASES)
    unknown = [n for n in names if n not in CASES]
    if unknown:
        raise ValueError(f"unknown benchmark(s) {', '.join(unknown)}; choose from {', '.join(CASES)}")
    metrics: list[Metric] = []
    with sl.GpuContext.create(label="bench") as gpu:
        meta: dict[str, Any] = {"date": now(), "machine": machine_info(), "adapter": describe_adapter(gpu)}
        for name in names:
            if progress:
                print(f"running {name} ...", file=sys.stderr, flush=True)
            gc.collect()
            metrics.extend(CASES[name](gpu, settings))
    return metrics, meta


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The suite's command-line options, shared by ``python -m streamlib.bench`` and ``streamlib bench``."""
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="fewer rounds and iterations (about a minute)")
    mode.add_argument("--tiny", action="store_true", help="a few iterations: checks that the suite runs, not timing")
    parser.add_argument("--only", action="append", default=[], choices=sorted(CASES), help="run only this case")
    parser.add_argument("--results-dir", type=Path, default=RESULTS_DIR, help="where latest.json and history.csv go")
    parser.add_argument("--no-history", action="store_true", help="do not append to history.csv")
    parser.add_argument("--check", action="store_true", help="exit with status 1 when a target is missed")


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: run, print the table, write the results. Exit status 1 only with --check and a missed target."""
    parser = argparse.ArgumentParser(prog="python -m streamlib.bench", description=__doc__.split("\n\n")[0])
    add_arguments(parser)
    return run_from_args(parser.parse_args(argv))


def run_from_args(args: argparse.Namespace) -> int:
    """Run the suite as ``args`` (from ``add_arguments``) say; returns the exit status."""

    settings = Settings.tiny() if args.tiny else Settings.quick() if args.quick else Settings.full()
    metrics, meta = run(settings, only=args.only)
    meta["mode"] = "tiny" if args.tiny else "quick" if args.quick else "full"
    m, a = meta["machine"], meta["adapter"]
    print(f"{meta['date']}  {m['cpu']} ({m['cores']} cores)  {a['device']} via {a['backend']}  wgpu {a['wgpu']}")
    print(format_table(metrics))
    write_json(args.results_dir / "latest.json", metrics, meta)
    if not args.no_history:
        append_history(args.results_dir / "history.csv", metrics, meta)
    missed = [x.name for x in metrics if x.ok is False]
    if missed:
        print(f"targets missed: {', '.join(missed)}", file=sys.stderr)
    return 1 if args.check and missed else 0

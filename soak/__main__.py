"""``python -m soak``: the long soak runs (``make soak``), or one run chosen on the command line.

Exit status 1 when any run breaks its memory or count budget.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ._analysis import MIB
from ._probe import Sample
from ._runner import SoakConfig, SoakResult, run_soak

# The long form: many small frames (the API dominates) and fewer large ones (memory dominates).
LONG_RUNS = ((100_000, 64, 64), (10_000, 1280, 720))


def _report(result: SoakResult) -> str:
    c, v = result.config, result.verdict
    rate = c.frames / result.seconds if result.seconds else 0.0
    return f"[{c.name}] {result.seconds:.1f} s ({rate:.0f} frames/s). {v.summary()}\n    csv: {result.csv_path}" + (
        f"\n    png: {result.png_path}" if result.png_path else ""
    )


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("XDG_RUNTIME_DIR", "/tmp")  # Mesa's Vulkan driver complains without it
    parser = argparse.ArgumentParser(prog="python -m soak", description=__doc__)
    parser.add_argument("--mode", choices=("core", "pipeline", "upstream", "all"), default="all")
    parser.add_argument("--frames", type=int, help="frames per run (default: the long form)")
    parser.add_argument("--size", type=int, nargs=2, metavar=("W", "H"), help="frame size (default: the long form)")
    parser.add_argument("--every", type=int, default=0, help="frames between samples (default: frames/200)")
    parser.add_argument("--out", type=Path, default=Path("out/soak"), help="where CSVs and plots go")
    parser.add_argument("--budget-mib", type=float, default=1.0, help="allowed RSS growth per 100k frames")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    parser.add_argument("--summarize-only", action="store_true", help="only rebuild summary.csv/png from --out")
    args = parser.parse_args(argv)
    if args.summarize_only:
        return _summarize(args.out)

    modes = ("core", "pipeline", "upstream") if args.mode == "all" else (args.mode,)
    runs = [(args.frames, *args.size)] if args.frames and args.size else None
    if runs is None:
        runs = [(args.frames or f, *(args.size or (w, h))) for f, w, h in LONG_RUNS]

    def progress(s: Sample) -> None:
        if not args.quiet:
            print(
                f"  frame {s.frame:>7} t={s.seconds:7.1f}s rss={s.rss_bytes / MIB:7.1f} MiB "
                f"live={s.streamlib_live} wgpu={s.wgpu_objects} native={s.wgpu_native_objects} "
                f"pool idle={s.pool_idle} misses={s.pool_misses}",
                flush=True,
            )

    failed = False
    for mode in modes:
        for frames, width, height in runs:
            config = SoakConfig(
                mode=mode,  # type: ignore[arg-type]
                frames=frames,
                width=width,
                height=height,
                every=args.every,
                out_dir=args.out,
                rss_budget_per_100k=args.budget_mib * MIB,
            )
            print(f"soak {config.name}: sampling every {config.interval} frames", flush=True)
            result = run_soak(config, progress=progress)
            print(_report(result), flush=True)
            failed |= not result.verdict.ok
    return 1 if _summarize(args.out) or failed else 0


def _summarize(directory: Path) -> int:
    from ._summary import summarize

    rows = summarize(directory)
    for row in rows:
        print(", ".join(f"{k}={v}" for k, v in row.items()))
    print(f"summary: {directory / 'summary.csv'}, {directory / 'summary.png'}")
    return 0 if all(row["verdict"] == "OK" for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

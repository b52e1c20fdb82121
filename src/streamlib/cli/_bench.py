"""``streamlib bench``: the benchmark suite (``streamlib.bench``, shipped in the package) from the command line."""

from __future__ import annotations

import argparse

from ..bench import add_arguments, run_from_args
from ._command import Handler, subcommand

__all__: list[str] = []


@subcommand("bench", "time streamlib against raw wgpu in this process, as ratios")
def _bench(parser: argparse.ArgumentParser) -> Handler:
    add_arguments(parser)
    return run_from_args

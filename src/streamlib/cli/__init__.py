"""The ``streamlib`` command: ``doctor`` (what this machine offers), ``run`` (a pipeline, with progress).

Expected failures (a StreamlibError: no display, no OpenCV, an unwritable output) end with a
one-line message and exit status 1; ``--debug`` or ``STREAMLIB_DEBUG=1`` shows the traceback.

Scripts get the same pieces: ``run_with_progress``, and ``example_parser`` with ``run_example``
for the command line every example shares (``--frames``, ``--output``, ``--size``, ``--fps``).

Adding a subcommand: decorate a function that configures its argparse parser and returns the
handler, in this module or one imported by it::

    @subcommand("bench", "time streamlib against raw wgpu")
    def _bench(parser: argparse.ArgumentParser) -> Handler:
        parser.add_argument("--quick", action="store_true")
        return lambda args: run_benchmarks(quick=args.quick)   # returns the exit status
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from ..gpu._errors import StreamlibError
from . import _bench, _check, _doctor, _run  # noqa: F401  (each registers its subcommand)
from ._command import SUBCOMMANDS, Handler, subcommand
from ._examples import DEBUG_HELP, debug_requested, example_parser, run_example
from ._run import run_with_progress

__all__ = ["Handler", "example_parser", "main", "run_example", "run_with_progress", "subcommand"]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``streamlib`` console script. Returns the exit status."""
    parser = argparse.ArgumentParser(prog="streamlib", description="Typed real-time GPU video pipelines on WebGPU.")
    parser.add_argument("--debug", action="store_true", help=DEBUG_HELP)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    handlers: dict[str, Handler] = {}
    for name, (help_text, configure) in SUBCOMMANDS.items():
        sub = commands.add_parser(name, help=help_text, description=help_text)
        # SUPPRESS: a subcommand's default must not undo `streamlib --debug run ...`.
        sub.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=DEBUG_HELP)
        handlers[name] = configure(sub)
    args = parser.parse_args(argv)
    debug = args.debug or debug_requested()
    try:
        status = handlers[args.command](args)
        sys.stdout.flush()  # a reader gone early (`streamlib doctor | head`) shows up here, not at exit
        return status
    except BrokenPipeError:
        # Python docs, "Note on SIGPIPE": point stdout at devnull so the interpreter's final
        # flush does not fail again, and exit with an error status without a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except StreamlibError as exc:
        # An expected failure (no display, no OpenCV, an unwritable output): its message says
        # what to do, so one line; the traceback only helps someone debugging streamlib.
        if debug:
            raise
        print(f"streamlib {args.command}: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130

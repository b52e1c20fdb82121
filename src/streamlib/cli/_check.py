"""``streamlib check PATH...``: borrows kept past the call that lent them, found before run time.

The analysis is ``_borrow_check`` (README, "Borrows that escape: streamlib check"); this module
runs one mypy build over every file given, with the project's mypy configuration, and prints the
findings in mypy's format. mypy is the optional extra ``streamlib[check]``, imported only here.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from ..gpu._errors import InvalidArgumentError
from ._borrow_check import Finding, analyse
from ._command import Handler, subcommand

__all__ = ["INSTALL_HINT", "CheckUsageError", "check_paths"]

INSTALL_HINT = "streamlib check needs mypy: pip install 'streamlib[check]'"


class CheckUsageError(InvalidArgumentError):
    """Bad input to ``streamlib check`` (a missing path, an unparsable file, mypy absent): exit status 2."""


def check_paths(paths: Sequence[str], config_file: str | None = None) -> list[Finding]:
    """The borrow escapes in ``paths`` (files or folders), in one mypy build.

    ``config_file`` is a mypy configuration (``mypy.ini``, ``setup.cfg``, ``pyproject.toml``);
    None looks for one in the current directory as mypy does. Its ``exclude`` applies to the
    folders given; its ``mypy_path`` is taken relative to the current directory, as mypy does.
    Raises ``CheckUsageError`` when mypy is missing, a path does not exist or mypy cannot parse
    a file.
    """
    try:
        from mypy import build, config_parser
        from mypy.errors import CompileError
        from mypy.find_sources import InvalidSourceList, create_source_list
        from mypy.options import Options
    except ImportError as exc:
        raise CheckUsageError(INSTALL_HINT) from exc

    for path in paths:
        if not os.path.exists(path):
            raise CheckUsageError(f"{path}: no such file or folder; give Python files or folders to check")
    if config_file is not None and not os.path.isfile(config_file):
        raise CheckUsageError(f"--config-file {config_file}: no such file")

    options = Options()
    config_parser.parse_config_file(options, lambda: None, config_file, sys.stdout, sys.stderr)
    # Absolute: mypy reads mypy_path relative to the current directory, and so must we, whatever
    # mypy does with the working directory later.
    options.mypy_path = [os.path.abspath(p) for p in options.mypy_path]
    # An editable install (src/streamlib) is invisible to mypy's import search unless its folder
    # is on mypy_path; an installed wheel sits in site-packages, which mypy searches itself.
    package_root = Path(__file__).resolve().parents[2]
    if package_root.name not in ("site-packages", "dist-packages") and str(package_root) not in options.mypy_path:
        options.mypy_path.append(str(package_root))
    # A module loaded from mypy's cache carries no types: every file is checked afresh, and the
    # types map of every expression is kept for the analysis.
    options.incremental = False
    options.cache_dir = os.devnull
    options.export_types = True
    options.preserve_asts = True
    try:
        sources = create_source_list(list(paths), options)
    except InvalidSourceList as exc:
        raise CheckUsageError(f"cannot map the paths to modules: {exc}") from exc
    try:
        result = build.build(sources, options)
    except CompileError as exc:
        raise CheckUsageError("mypy cannot read the files to check:\n" + "\n".join(exc.messages)) from exc
    missing = [e for e in result.errors if 'module named "streamlib' in e]
    if missing:
        # Without streamlib's types nothing is a borrow: say so rather than report a clean run.
        raise CheckUsageError(
            "mypy cannot find streamlib's types, so no borrow can be recognised:\n"
            + "\n".join(missing)
            + "\nInstall streamlib where mypy runs, or add the folder that holds it to mypy_path"
        )
    findings = analyse(result, [source.module for source in sources])
    # Paths as given (relative to the current directory), the way mypy prints them.
    return [Finding(_relative(finding.path), finding.line, finding.column, finding.message) for finding in findings]


def _relative(path: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return path


def _run(args: argparse.Namespace) -> int:
    try:
        findings = check_paths(args.paths, args.config_file)
    except CheckUsageError as exc:
        print(f"streamlib check: error: {exc}", file=sys.stderr)
        return 2
    for finding in findings:
        print(finding)
    if findings:
        print(f"Found {len(findings)} borrow escape{'s' if len(findings) != 1 else ''}", file=sys.stderr)
        return 1
    return 0


@subcommand("check", "find borrows kept past the call that lent them (needs streamlib[check])")
def _check(parser: argparse.ArgumentParser) -> Handler:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="Python files or folders to check")
    parser.add_argument(
        "--config-file", default=None, help="mypy configuration to use (default: the one mypy finds here)"
    )
    return _run

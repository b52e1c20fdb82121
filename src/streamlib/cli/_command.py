"""The subcommand registry behind the ``streamlib`` command."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

__all__ = ["SUBCOMMANDS", "Handler", "subcommand"]

Handler = Callable[[argparse.Namespace], int]
"""What a subcommand does with its parsed arguments; returns the exit status."""

SUBCOMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], Handler]]] = {}


def subcommand(name: str, help: str) -> Callable[[Callable[[argparse.ArgumentParser], Handler]], Any]:
    """Register ``streamlib NAME``: the decorated function adds its arguments and returns its handler."""

    def register(
        configure: Callable[[argparse.ArgumentParser], Handler],
    ) -> Callable[[argparse.ArgumentParser], Handler]:
        SUBCOMMANDS[name] = (help, configure)
        return configure

    return register

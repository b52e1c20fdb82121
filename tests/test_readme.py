"""Every ```python block of README.md runs, as a reader would run it, under the usual leak check.

The blocks are found by sybil's Markdown parsers. Each block runs in a namespace of its own
(a reader copies one block, not the whole README), so a block that relies on an earlier one
fails here. A block meant as a fragment is marked just above it with sybil's skip directive,
``<!-- skip: next "why it cannot run" -->``; the reason is shown as the skip reason.

The autouse ``_leak_check`` (tests/conftest.py) fails a block that leaves GPU resources alive,
and ``filterwarnings = error`` turns a finalizer's ResourceWarning into a failure.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from sybil import Example, Sybil
from sybil.evaluators.skip import Skipper
from sybil.parsers.markdown import PythonCodeBlockParser, SkipParser

README = Path(__file__).resolve().parents[1] / "README.md"

_SYBIL = Sybil(parsers=[PythonCodeBlockParser(), SkipParser()])


def _python_blocks() -> list[tuple[Example, str | None]]:
    """(block, skip reason or None) for each ```python block, in README order."""
    blocks: list[tuple[Example, str | None]] = []
    skip_reason: str | None = None
    for example in _SYBIL.parse(README).examples():
        if isinstance(example.region.evaluator, Skipper):
            action, argument = example.parsed
            if action != "next" or not argument:
                raise ValueError(
                    f'README.md line {example.line}: only `<!-- skip: next "reason" -->` is used here '
                    f"(got skip: {action} {argument or ''}); say why the next block cannot run"
                )
            skip_reason = str(ast.literal_eval(argument))
            continue
        blocks.append((example, skip_reason))
        skip_reason = None
    return blocks


BLOCKS = _python_blocks()


def test_every_python_fence_is_collected() -> None:
    """A Python fence sybil does not parse (```py, ```Python, ```python3) would silently go untested."""
    fences = len(re.findall(r"^```\s*py", README.read_text(encoding="utf-8"), flags=re.MULTILINE | re.IGNORECASE))
    assert fences == len(BLOCKS) > 0


def test_few_blocks_are_skipped() -> None:
    """Fragments are the exception: most blocks must run as printed."""
    skipped = [example.line for example, reason in BLOCKS if reason is not None]
    assert len(skipped) <= 1, f"README.md blocks skipped at lines {skipped}: make them complete"


@pytest.mark.parametrize(("example", "skip_reason"), BLOCKS, ids=[f"README.md:{example.line}" for example, _ in BLOCKS])
def test_readme_block_runs(example: Example, skip_reason: str | None) -> None:
    if skip_reason is not None:
        pytest.skip(f"README.md line {example.line}: {skip_reason}")
    # A fresh namespace per block: the document's shared one would let a block lean on an earlier one.
    example.namespace = {"__name__": "__readme__"}
    example.evaluate()

"""The API reference (docs/api/*.md, built by `make docs`) has an entry for every public name.

`mkdocs build --strict` fails on an entry that names nothing, but not on a public name with no
entry: a name added to ``__all__`` without a ``::: streamlib.Name`` line would be missing from
the reference without anything failing. This test is that check, without building the site.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import streamlib as sl

API_DOCS = Path(__file__).resolve().parents[1] / "docs" / "api"

# Not API entries: the version string, and the processors module (its names have a page).
NOT_DOCUMENTED = {"__version__", "processors"}


def _entries() -> set[str]:
    """The dotted names of every ``::: name`` line in docs/api/*.md."""
    return {
        match.group(1)
        for page in sorted(API_DOCS.glob("*.md"))
        for match in re.finditer(r"^::: (\S+)\s*$", page.read_text(encoding="utf-8"), flags=re.MULTILINE)
    }


def test_every_public_name_has_an_entry() -> None:
    public = {f"streamlib.{name}" for name in sl.__all__ if name not in NOT_DOCUMENTED}
    public |= {f"streamlib.processors.{name}" for name in sl.processors.__all__}
    public.add("streamlib.testing")
    missing = sorted(public - _entries())
    assert not missing, f"add a '::: name' entry to a page of docs/api/ for each of: {missing}"


def test_every_entry_names_a_public_object() -> None:
    """An entry for a private or removed name would document something users cannot import."""
    for entry in sorted(_entries()):
        module_name, _, attribute = entry.rpartition(".")
        if entry == "streamlib.testing":
            continue
        module = importlib.import_module(module_name)
        assert attribute in getattr(module, "__all__", ()), f"docs/api entry {entry!r}: not in {module_name}.__all__"

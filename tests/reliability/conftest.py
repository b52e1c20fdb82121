"""Fixtures for the reliability suites: a GPU context of their own."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import streamlib as sl

os.environ.setdefault("XDG_RUNTIME_DIR", "/tmp")

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:  # the soak harness lives at the repo root
    sys.path.insert(0, str(REPO_ROOT))


@pytest.fixture(scope="session")
def gpu() -> Iterator[sl.GpuContext]:
    """One GpuContext for the reliability suites, closed at the end of the session."""
    ctx = sl.GpuContext.create(label="reliability")
    yield ctx
    ctx.close()

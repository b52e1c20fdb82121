"""Fixtures for the reliability suites: a GPU context of their own."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

import streamlib as sl

os.environ.setdefault("XDG_RUNTIME_DIR", "/tmp")


@pytest.fixture(scope="session")
def gpu() -> Iterator[sl.GpuContext]:
    """One GpuContext for the reliability suites, closed at the end of the session."""
    ctx = sl.GpuContext.create(label="reliability")
    yield ctx
    ctx.close()

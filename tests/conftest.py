"""Shared fixtures: one real GPU context for the whole session, and a leak check on every test.

Every test runs on the real adapter wgpu picks (llvmpipe through Vulkan on the CI box); none
mocks wgpu. A test that leaves an owned resource alive fails (``streamlib_leak_check`` from
``streamlib.testing``). A module that must leak on purpose overrides ``_leak_check`` with a
fixture of its own.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

import streamlib as sl

os.environ.setdefault("XDG_RUNTIME_DIR", "/tmp")


_session: list[sl.GpuContext] = []  # the session's context, once a test asked for it


@pytest.fixture(scope="session")
def gpu() -> Iterator[sl.GpuContext]:
    """One GpuContext on the default adapter, closed (releasing what is left) at the end of the session."""
    ctx = sl.GpuContext.create(label="tests")
    _session.append(ctx)
    yield ctx
    _session.clear()
    ctx.close()


@pytest.fixture(autouse=True)
def _session_gpu_stays_open() -> Iterator[None]:
    """Fail the test that closes the shared context, not the hundreds after it (make your own to close)."""
    yield
    if _session and _session[0].closed:
        _session.clear()
        pytest.fail(
            "this test closed the session's GpuContext (every later test using it fails); create a context of its own to close"
        )


@pytest.fixture(autouse=True)
def _leak_check(streamlib_leak_check: None) -> None:
    """Fail any test that leaves owned GPU resources alive."""

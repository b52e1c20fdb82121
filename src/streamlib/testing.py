"""pytest plugin: fail a test that leaves owned GPU resources alive.

Registered as a pytest11 entry point, so installing streamlib makes the fixture
``streamlib_leak_check`` available everywhere::

    def test_pipeline(streamlib_leak_check: None) -> None:
        ...

Add ``usefixtures("streamlib_leak_check")`` to a module or conftest to check every test.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from .gpu._tracking import LiveResource, live_states, summarize_live

__all__ = ["leak_message", "leaked_since", "streamlib_leak_check"]


def leaked_since(before: set[int]) -> list[LiveResource]:
    """Owned resources (views excepted: their texture covers them) alive now and not in ``before``."""
    gc.collect()
    return [record for key, record in live_states() if key not in before and record.kind != "TextureView"]


def leak_message(leaked: list[LiveResource]) -> str:
    """The fixture's failure message: how many, by kind with their GPU bytes, then each one (biggest first)."""
    details = "\n".join(f"- {r.describe()}" for r in sorted(leaked, key=lambda r: -r.bytes))
    return f"test left {len(leaked)} owned GPU resource(s) alive; release them: {summarize_live(leaked)}\n{details}"


@pytest.fixture
def streamlib_leak_check() -> Iterator[None]:
    """Fail the test if it leaves owned streamlib resources alive (with where they were created, when tracked)."""
    before = {key for key, _ in live_states()}
    yield
    leaked = leaked_since(before)
    if leaked:
        pytest.fail(leak_message(leaked), pytrace=False)

"""Threads released together, for the tests that race the ownership core (docs/architecture.md, "Threading model")."""

from __future__ import annotations

import threading
from collections.abc import Callable

__all__ = ["run_together"]


def run_together(n: int, work: Callable[[int], None], *, timeout: float = 60.0) -> None:
    """Run ``work(i)`` on ``n`` threads that start at the same instant; re-raise the first failure.

    Fails when a thread is still running ``timeout`` seconds after the others were joined.
    """
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []

    def body(i: int) -> None:
        try:
            barrier.wait()
            work(i)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=body, args=(i,), name=f"test-thread-{i}") for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=timeout)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    if errors:
        raise errors[0]

"""The bench harness measures what it says: wall time, and the calling thread's CPU time apart
(the API-bound rows are judged on it: docs/architecture.md, "Lean binding")."""

from __future__ import annotations

import time

from streamlib.bench._harness import compare, time_block


def _spin(seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


def test_a_side_that_waits_costs_wall_time_not_cpu_time() -> None:
    def busy() -> None:
        _spin(0.0004)

    def busy_then_waits() -> None:  # the same work, then a wait that burns no CPU (a GPU wait)
        _spin(0.0004)
        time.sleep(0.0008)

    c = compare(time_block(busy_then_waits), time_block(busy), rounds=5, iterations=10)
    assert c.ratio > 2.0  # wall: 1.2 ms against 0.4 ms
    assert c.cpu is not None
    assert 0.7 < c.cpu.ratio < 1.4  # CPU: the same 0.4 ms on both sides


def test_a_side_that_works_more_costs_cpu_time() -> None:
    def light() -> None:
        _spin(0.0003)

    def heavy() -> None:
        _spin(0.0009)

    c = compare(time_block(heavy), time_block(light), rounds=5, iterations=10)
    assert c.cpu is not None
    assert c.cpu.ratio > 2.0 and c.ratio > 2.0


def test_plain_blocks_give_no_cpu_comparison() -> None:
    def block(n: int) -> float:
        return 0.001 * n

    assert compare(block, block, rounds=3, iterations=2).cpu is None

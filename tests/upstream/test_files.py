"""Files written for the Rust-backed streamlib run unchanged: under Xvfb, stopped by Ctrl+C.

Each file in files/ is run as a subprocess (``xvfb-run -a``) by _run_file.py, which sends it
a real SIGINT after a few seconds. The run must end cleanly (exit 0, no error logged), with
frames through every stage (the runtime's summary lines) and nothing left alive.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import wgpu

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"
SECONDS = 8.0
SUMMARY = re.compile(
    r"StreamRuntime: (?P<name>\S+): (?P<calls>\d+) calls, (?P<into>\d+) frames in, (?P<out>\d+) out, "
    r"\d+ dropped, (?P<errors>\d+) errors"
)


def _skip_without_a_window() -> None:
    if shutil.which("xvfb-run") is None:
        pytest.skip("xvfb-run is not installed: the display processor needs an X server")
    backend = wgpu.gpu.request_adapter_sync(power_preference="high-performance").info["backend_type"]
    if backend == "OpenGL":
        pytest.skip(
            "wgpu-native's OpenGL backend cannot present to a window (DisplaySink refuses it in setup); "
            "these files show a window, which needs a Vulkan adapter"
        )


def run_file(name: str) -> tuple[str, dict[str, dict[str, int]]]:
    """Run files/NAME under Xvfb until Ctrl+C; returns its output and its summary lines by processor."""
    env = {**os.environ, "XDG_RUNTIME_DIR": os.environ.get("XDG_RUNTIME_DIR", "/tmp"), "PYTHONWARNINGS": ""}
    done = subprocess.run(
        ["xvfb-run", "-a", sys.executable, str(HERE / "_run_file.py"), str(FILES / name), str(SECONDS)],
        cwd=FILES,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, f"exit {done.returncode}:\n{output[-4000:]}"
    assert "Ctrl+C, stopping" in output, output[-4000:]  # stopped by the SIGINT, not by itself
    assert "ERROR" not in output and "Traceback" not in output, output[-4000:]
    assert "were still alive at the end of run()" not in output, output[-4000:]
    assert "LEFT threads=[] live={}" in output, output[-4000:]
    summaries = {
        m["name"]: {k: int(v) for k, v in m.groupdict().items() if k != "name"} for m in SUMMARY.finditer(output)
    }
    return output, summaries


def test_the_bouncing_ball_runs_unchanged() -> None:
    _skip_without_a_window()
    output, stats = run_file("bouncing_ball.py")
    assert set(stats) == {"camera", "BouncingBallOverlay", "display"}, output[-4000:]
    assert stats["camera"]["out"] > 0
    assert stats["BouncingBallOverlay"]["into"] > 0 and stats["BouncingBallOverlay"]["out"] > 0
    assert stats["display"]["into"] > 0
    assert all(s["errors"] == 0 for s in stats.values()), stats
    # No camera on a test machine: one line says the test pattern stands in.
    assert output.count("showing the test pattern") == 1


def test_a_camera_shown_in_a_window_runs_unchanged() -> None:
    _skip_without_a_window()
    output, stats = run_file("camera_display.py")
    assert set(stats) == {"camera", "display"}, output[-4000:]
    assert stats["camera"]["out"] > 0 and stats["display"]["into"] > 0


def test_a_pass_through_instance_runs_unchanged() -> None:
    _skip_without_a_window()
    output, stats = run_file("passthrough.py")
    assert set(stats) == {"camera", "PassThrough", "display"}, output[-4000:]
    assert stats["PassThrough"]["into"] > 0 and stats["PassThrough"]["out"] > 0
    assert stats["display"]["into"] > 0

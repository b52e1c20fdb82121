"""DisplaySink on a machine with OpenGL only: a clear PipelineError in setup, never an abort.

wgpu-native's OpenGL backend cannot present to a glfw window on Linux, and configuring the
surface anyway is a Rust panic that ends the whole process ("Fatal Python error: Aborted").
So the pipeline runs in a child process, with Vulkan hidden from the loader and under a
virtual screen: if the abort came back it would kill the child, not pytest.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys

import pytest

SCRIPT = """
import sys
import streamlib as sl
from streamlib.processors import DisplaySink, TestPatternCamera

try:
    gpu = sl.GpuContext.create()
except sl.AdapterNotFoundError as exc:
    print(f"no adapter: {exc}")
    sys.exit(4)
print(f"backend: {gpu.backend}", flush=True)
rt = sl.StreamRuntime(fps=20.0, width=64, height=48, gpu=gpu)
camera, sink = rt.add(TestPatternCamera()), rt.add(DisplaySink(title="streamlib gl"))
rt.connect(camera.video_out, sink.video_in)
try:
    rt.run(frames=3)
except sl.PipelineError as exc:
    print(f"PipelineError: {exc}", flush=True)
    gpu.close()
    sys.exit(3)
print(f"shown: {sink.frames}", flush=True)
gpu.close()
"""

HIDE_VULKAN = {"VK_ICD_FILENAMES": "/nonexistent.json", "VK_DRIVER_FILES": "/nonexistent.json"}


def test_display_sink_on_opengl_refuses_in_setup_instead_of_aborting() -> None:
    xvfb_run = shutil.which("xvfb-run")
    if xvfb_run is None:
        pytest.skip("xvfb-run is not installed (apt-get install xvfb); no screen to open the window on")
    env = {k: v for k, v in os.environ.items() if k not in ("STREAMLIB_BACKEND", "DISPLAY", "WAYLAND_DISPLAY")}
    env.update(HIDE_VULKAN, XDG_RUNTIME_DIR=env.get("XDG_RUNTIME_DIR", "/tmp"))
    done = subprocess.run(
        [xvfb_run, "-a", sys.executable, "-c", SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = done.stdout + done.stderr
    if done.returncode == 4:
        pytest.skip(f"no OpenGL adapter once Vulkan is hidden, so the GL path cannot be tested: {output.strip()}")
    # xvfb-run passes the child's status on; a signal shows as 128 + its number (or negative).
    signals = {-int(s) for s in signal.Signals} | {128 + int(s) for s in signal.Signals}
    assert done.returncode not in signals, f"the pipeline was killed by a signal ({done.returncode}):\n{output}"
    assert "backend: OpenGL" in output, output
    assert done.returncode == 3, f"expected a PipelineError from DisplaySink's setup:\n{output}"
    message = next(line for line in output.splitlines() if line.startswith("PipelineError: "))
    assert "DisplaySink cannot show frames in its window" in message
    assert "OpenGL backend cannot present" in message
    assert "mesa-vulkan-drivers" in message and "VideoFileSink" in message

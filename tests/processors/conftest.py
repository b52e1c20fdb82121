"""One virtual X screen (Xvfb) for every window test of the session.

A screen per test is not what a program sees: its X server lives as long as it does. Starting
and killing Xvfb under one live process, test after test, left Mesa's Vulkan presentation
talking to a server that was not the one it set up for, and Xlib's default error handler
ended the whole pytest process (1 run in 4). So the server starts once, on first use, and
each test only points $DISPLAY at it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import streamlib as sl


@pytest.fixture(scope="session")
def _xvfb_server() -> Iterator[str]:
    binary = shutil.which("Xvfb")
    if binary is None:
        pytest.skip("Xvfb is not installed (apt-get install xvfb); the window path cannot be tested")
    number = 190 + os.getpid() % 100
    proc = subprocess.Popen(
        [binary, f":{number}", "-screen", "0", "640x480x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    socket = Path(f"/tmp/.X11-unix/X{number}")
    deadline = time.monotonic() + 10
    while not socket.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    if not socket.exists():
        proc.kill()
        proc.wait()
        pytest.fail(f"Xvfb did not start on :{number}")
    try:
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture
def xvfb_display(_xvfb_server: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """$DISPLAY pointed at the session's virtual X screen (skips when Xvfb is not installed)."""
    monkeypatch.setenv("DISPLAY", _xvfb_server)
    return _xvfb_server


@pytest.fixture
def screen(xvfb_display: str, gpu: sl.GpuContext) -> str:
    """The virtual screen, on a context that can present (skips on OpenGL or without Xvfb)."""
    if gpu.backend == "OpenGL":
        pytest.skip(
            "the test context runs on wgpu-native's OpenGL backend, which cannot present to a window "
            "(DisplaySink refuses it in setup; test_display_gl.py checks that)"
        )
    return xvfb_display

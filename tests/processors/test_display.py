"""DisplaySink on the GPU: frames drawn into the window's surface with no CPU readback, the window
on the thread that calls run(), closing it stops the pipeline (docs/architecture.md, "Display")."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

import streamlib as sl
from streamlib.processors import DisplaySink, Resize
from streamlib.processors._blit import letterbox

from ._helpers import pipeline
from .test_resize import Still


def test_frames_reach_the_window_with_no_byte_read_back(gpu: sl.GpuContext, screen: str) -> None:
    pixels = np.random.default_rng(3).integers(0, 256, (54, 96, 4), dtype=np.uint8)
    sink = DisplaySink(title="zero copy", size=(80, 60))  # 4:3 window, 16:9 frames: letterboxed
    before = gpu.transfer_stats()
    pipeline(gpu, Still(pixels), Resize(64, 36), sink, fps=30.0).run(frames=12)
    after = gpu.transfer_stats()
    assert sink.frames >= 1 and not sink.closed
    assert after.downloaded - before.downloaded == 0, "the display path read pixels back to the CPU"
    assert after.uploaded - before.uploaded == pixels.nbytes  # Still's one upload, nothing per frame


def test_closing_the_window_stops_the_pipeline(gpu: sl.GpuContext, screen: str) -> None:
    sink = DisplaySink(title="closed by the user")

    class CloseAfterThree(sl.Processor):
        """Asks glfw to close the window after three frames, as the title bar's close button does."""

        video_in = sl.StreamInput(sl.VideoFrame)
        video_out = sl.StreamOutput(sl.VideoFrame)

        def process(self, tick: sl.Tick) -> None:
            frame = self.video_in.read_latest()
            if frame is None:
                return
            if tick.frame_number == 3 and sink._canvas is not None:
                import glfw

                glfw.set_window_should_close(sink._canvas._window, True)  # any thread may call it
            self.video_out.write(frame.clone())

    started = time.monotonic()
    pipeline(gpu, Still(np.zeros((24, 32, 4), np.uint8)), CloseAfterThree(), sink, fps=30.0).run(duration=60)
    assert sink.closed
    assert time.monotonic() - started < 30, "closing the window did not stop the pipeline"


def test_run_from_another_thread_is_a_pipeline_error_before_any_setup(gpu: sl.GpuContext) -> None:
    sink = DisplaySink()
    still = Still(np.zeros((8, 8, 4), np.uint8))
    rt = pipeline(gpu, still, sink)
    caught: list[BaseException] = []

    def run() -> None:
        try:
            rt.run(frames=1)
        except BaseException as exc:
            caught.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    assert len(caught) == 1 and isinstance(caught[0], sl.PipelineError), caught
    assert "must live on the main thread" in str(caught[0]) and "'DisplaySink'" in str(caught[0])
    assert still._texture is None and sink._canvas is None  # refused before any setup ran


@pytest.mark.parametrize(
    ("src", "dst", "expected"),
    [
        ((1920, 1080), (1280, 720), (0, 0, 1280, 720)),
        ((1920, 1080), (800, 600), (0, 75, 800, 450)),
        ((640, 480), (1280, 720), (160, 0, 960, 720)),
    ],
)
def test_letterbox_keeps_the_aspect_ratio(
    src: tuple[int, int], dst: tuple[int, int], expected: tuple[float, float, float, float]
) -> None:
    assert letterbox(src, dst) == pytest.approx(expected)


def test_bad_size_is_refused() -> None:
    with pytest.raises(sl.InvalidArgumentError, match=r"size must be \(width, height\)"):
        DisplaySink(size=(0, 10))


def test_the_flagships_display_run_scales_to_a_1280x720_window(gpu: sl.GpuContext, screen: str) -> None:
    import importlib.util

    path = Path(__file__).resolve().parents[2] / "examples" / "camera_with_bouncing_ball.py"
    spec = importlib.util.spec_from_file_location("flagship_for_display", path)
    assert spec is not None and spec.loader is not None
    flagship = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(flagship)
    # A small input keeps llvmpipe quick; the window and Resize's output are the flagship's 1280x720.
    rt = sl.StreamRuntime(fps=0, width=192, height=108, gpu=gpu)
    flagship.build(rt, display=True)
    resize = next(p for p in rt.processors if isinstance(p, Resize))
    window = next(p for p in rt.processors if isinstance(p, DisplaySink))
    assert (resize.width, resize.height) == (1280, 720) and window.size == (1280, 720)
    rt.run(frames=3)
    assert window.frames >= 1 and not window.closed


def test_a_frame_the_window_cannot_draw_stops_the_run_with_its_error(gpu: sl.GpuContext, screen: str) -> None:
    from ._helpers import FormatSource

    # r32float is not filterable: the draw refuses it on the main thread, and run() says so.
    rt = pipeline(gpu, FormatSource("r32float"), DisplaySink(title="bad format"), size=(16, 8), fps=30.0)
    with pytest.raises(sl.PipelineError, match=r"processor 'DisplaySink' failed.*r32float"):
        rt.run(duration=30)


X_ERROR_CHILD = """
import ctypes, ctypes.util, logging, sys
logging.basicConfig(level=logging.WARNING)
from streamlib.processors._display import log_x_errors
if sys.argv[1] == "handled":
    log_x_errors()
xlib = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
xlib.XOpenDisplay.restype = ctypes.c_void_p
xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
xlib.XMapWindow.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
xlib.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
display = xlib.XOpenDisplay(None)
assert display, "no X display"
xlib.XMapWindow(display, 0x7FFFFF)  # no such window: the server answers BadWindow
xlib.XSync(display, 0)
print("still running")
"""


@pytest.mark.parametrize("mode", ["handled", "default"])
def test_an_x_error_is_logged_not_the_end_of_the_process(xvfb_display: str, mode: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", X_ERROR_CHILD, mode], capture_output=True, text=True, timeout=60, check=False
    )
    if mode == "handled":
        assert done.returncode == 0 and "still running" in done.stdout, done.stderr
        assert "X error 3 on request" in done.stderr  # BadWindow, logged
    else:  # Xlib's own handler: what DisplaySink replaces (this is why)
        assert done.returncode == 1 and "still running" not in done.stdout
        assert "X Error of failed request" in done.stderr

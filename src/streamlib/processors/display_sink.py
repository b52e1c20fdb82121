"""DisplaySink: a window showing the frames it receives (rendercanvas on glfw, the ``display`` extra)."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from ..gpu._context import GpuContext
from ..gpu._errors import PipelineError
from ..pipeline._frame import VideoFrame
from ..pipeline._ports import StreamInput
from ..pipeline._processor import Processor, Tick
from ._display import display_problem, presentation_problem
from ._pixels import download_rgba

__all__ = ["DisplaySink"]


class DisplaySink(Processor):
    """Shows each frame it receives in a window titled ``title``, sized to the first frame.

    Starts by checking for a screen and opening the window in setup: with no display
    (no ``$DISPLAY``, or glfw cannot connect) or without glfw/rendercanvas
    (``pip install 'streamlib[display]'``) setup raises PipelineError saying how to get one,
    e.g. run under ``xvfb-run -a``. Where wgpu cannot present to the window (its OpenGL backend
    on Linux: the window needs a Vulkan adapter) setup raises PipelineError naming the backend
    and what to do, before the first draw. Closing the window stops the pipeline (``closed`` turns
    True). Frames are copied to the CPU and presented as a bitmap: simple and portable,
    fast enough for previews. ``frames`` counts the frames shown.
    """

    own_thread = True  # blocks on read-back and presenting: a thread of its own (docs/architecture.md)
    video_in = StreamInput(VideoFrame)

    def __init__(self, title: str = "streamlib") -> None:
        super().__init__()
        self.title = title
        self.frames = 0
        self.closed = False
        self._canvas: Any = None
        self._context: Any = None
        self._glfw: Any = None
        self._size: tuple[int, int] | None = None
        self._pixels: npt.NDArray[np.uint8] | None = None

    def setup(self, gpu: GpuContext) -> None:
        problem = display_problem()
        if problem is not None:
            raise PipelineError(f"{self.name} cannot open a window: {problem}")
        try:
            import glfw
            from rendercanvas.glfw import RenderCanvas

            self._canvas = RenderCanvas(title=self.title, size=(640, 360), update_mode="manual")
            self._context = self._canvas.get_bitmap_context()
        except Exception as exc:
            self._close_window()
            raise PipelineError(f"{self.name} could not open its window ({exc}); run 'streamlib doctor'") from exc
        self._glfw = glfw
        # Before the first draw configures the window's surface: wgpu-native aborts the process there
        # when the adapter cannot present to it (its OpenGL backend on Linux).
        problem = presentation_problem(self._context)
        if problem is not None:
            self._close_window()
            raise PipelineError(f"{self.name} cannot show frames in its window: {problem}")
        self._canvas.request_draw(self._draw)

    def _draw(self) -> None:
        if self._pixels is not None:
            self._context.set_bitmap(self._pixels)

    def process(self, tick: Tick) -> None:
        frame = self.video_in.read_latest()
        if frame is None or self._canvas is None:
            return
        if self._canvas.get_closed():
            self.closed = True
            self.runtime.stop()
            return
        self._pixels = download_rgba(self.gpu, frame, self.name)
        size = (frame.width, frame.height)
        if size != self._size:
            self._size = size
            self._canvas.set_logical_size(*size)
        self._canvas.force_draw()
        self._glfw.poll_events()
        self.frames += 1

    def teardown(self) -> None:
        self._close_window()

    def _close_window(self) -> None:
        canvas, self._canvas = self._canvas, None
        self._pixels = None
        if canvas is None:
            return
        canvas.close()
        glfw = self._glfw
        if glfw is None:
            return
        glfw.poll_events()  # lets glfw really destroy the window now
        # With no window left, let go of the X connection too: otherwise a display that goes
        # away later (an Xvfb stopped after the run) makes Xlib end the whole process.
        if not [c for c in canvas._rc_canvas_group.get_canvases() if not c.get_closed()]:
            glfw.terminate()
            glfw._rc_alive = False

"""DisplaySink: a window showing the frames it receives (rendercanvas on glfw, the ``display`` extra).

Frames never leave the GPU: each is drawn with a render pass straight into the window's
surface texture (docs/architecture.md, "Display").
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from ..gpu._context import GpuContext
from ..gpu._errors import InvalidArgumentError, PipelineError
from ..gpu._surface import lent_texture
from ..pipeline._frame import VideoFrame
from ..pipeline._ports import StreamInput
from ..pipeline._processor import Processor, Tick
from ._blit import SAMPLED_FORMATS, Blitter, letterbox
from ._display import display_problem, log_x_errors, presentation_problem

__all__ = ["DisplaySink"]


class DisplaySink(Processor):
    """Shows each frame it receives in a window titled ``title``.

    The window is ``size`` (width, height) when given, else the first frame's size; frames of
    another aspect ratio are scaled to fit and letterboxed (black bars). Frames stay on the GPU:
    each is drawn with a render pass into the window's surface texture, converting the format,
    and presented; no pixel is read back (``gpu.transfer_stats()`` shows it). The window needs
    the pipeline's GpuContext to be able to present to it.

    Threads: the window lives on the thread that calls ``run()``, which must be the main one
    (glfw requires it; ``run()`` from another thread raises PipelineError before any setup).
    ``setup`` opens the window there, ``process`` (on a worker thread) only hands the newest
    frame over, and the runtime's waiting loop on the calling thread presents it and handles
    the window's events. Closing the window stops the pipeline (``closed`` turns True).

    Starts by checking for a screen and opening the window in setup: with no display (no
    ``$DISPLAY``, or glfw cannot connect) or without glfw/rendercanvas (``pip install
    'streamlib[display]'``) setup raises PipelineError saying how to get one, e.g. run under
    ``xvfb-run -a``. Where wgpu cannot present to the window (its OpenGL backend on Linux: the
    window needs a Vulkan adapter) setup raises PipelineError naming the backend and what to do,
    before the surface is touched. ``frames`` counts the frames shown.

    Ownership: from setup to teardown it owns its render pipeline and sampler, and one
    reference to the newest frame not yet shown (a clone, released once drawn or replaced).
    """

    video_in = StreamInput(VideoFrame)

    def __init__(self, title: str = "streamlib", *, size: tuple[int, int] | None = None) -> None:
        super().__init__()
        given: object = size  # typed object: callers without a type checker pass anything
        if given is not None and not (
            isinstance(given, tuple) and len(given) == 2 and all(type(v) is int and 0 < v <= 16384 for v in given)
        ):
            raise InvalidArgumentError(
                f"{type(self).__name__}: size must be (width, height), two ints from 1 to 16384, got {size!r}"
            )
        self.title = title
        self.size = size
        self.frames = 0
        self.closed = False
        self._canvas: Any = None
        self._context: Any = None
        self._glfw: Any = None
        self._blitter: Blitter | None = None
        self._window_size: tuple[int, int] | None = None
        self._lock = threading.Lock()
        self._pending: VideoFrame | None = None  # the newest frame not yet shown (an owned reference)
        self._drawing: VideoFrame | None = None
        self._draw_error: BaseException | None = None
        # Set by the runtime before setup (see StreamRuntime._main_thread_steps): wakes its loop.
        self._wake_main: Callable[[], None] = _nothing

    def setup(self, gpu: GpuContext) -> None:
        problem = display_problem()
        if problem is not None:
            raise PipelineError(f"{self.name} cannot open a window: {problem}")
        log_x_errors()
        try:
            import glfw
            from rendercanvas.glfw import RenderCanvas

            self._canvas = RenderCanvas(title=self.title, size=self.size or (640, 360), update_mode="manual")
            self._context = self._canvas.get_context("wgpu")
        except Exception as exc:
            self._close_window()
            raise PipelineError(f"{self.name} could not open its window ({exc}); run 'streamlib doctor'") from exc
        self._glfw = glfw
        # Before the surface is configured: wgpu-native aborts the process there when the
        # adapter cannot present to it (its OpenGL backend on Linux).
        surface = getattr(self._context, "_wgpu_context", None)
        problem = presentation_problem(surface, gpu.backend) if surface is not None else None
        if problem is not None:
            self._close_window()
            raise PipelineError(f"{self.name} cannot show frames in its window: {problem}")
        try:
            target_format = _surface_format(self._context, gpu)
            self._context.configure(device=gpu.raw_device, format=target_format, alpha_mode="opaque")
            self._blitter = Blitter(gpu, target_format, filter="linear", opaque=True, label=self.name)
        except Exception as exc:
            self._close_window()
            raise PipelineError(f"{self.name} could not set up its window's surface ({exc})") from exc
        self._canvas.request_draw(self._draw)

    def process(self, tick: Tick) -> None:
        """Hand the newest frame to the window's thread (a reference of its own), and wake it."""
        frame = self.video_in.read_latest()  # lent for this call
        if frame is None:
            return
        if self.closed:
            self.runtime.stop()
            return
        held = frame.clone()
        with self._lock:
            replaced, self._pending = self._pending, held
        if replaced is not None:
            replaced.release()  # never shown: the window is slower than the frames
        self._wake_main()

    def _main_thread_step(self) -> None:
        """On the thread that called run(): the window's events, then the newest frame, if any."""
        canvas = self._canvas
        if canvas is None:
            return
        canvas._rc_gui_poll()  # glfw's events; closes the canvas when the window was closed
        if canvas.get_closed():
            self.closed = True
            self.runtime.stop()
            return
        self._show_pending()

    def _show_pending(self) -> None:
        with self._lock:
            frame, self._pending = self._pending, None
        if frame is None:
            return
        try:
            if self._window_size is None:
                self._window_size = self.size or (frame.width, frame.height)
                self._canvas.set_logical_size(*self._window_size)
            self._drawing = frame
            self._draw_error = None
            self._canvas.force_draw()  # calls _draw, then presents
        finally:
            self._drawing = None
            frame.release()
        error = self._take_draw_error()
        if error is not None:
            raise error
        self.frames += 1

    def _take_draw_error(self) -> BaseException | None:
        error, self._draw_error = self._draw_error, None
        return error

    def _draw(self) -> None:
        """rendercanvas's draw callback: the frame being shown, drawn into the surface texture."""
        frame, blitter = self._drawing, self._blitter
        if frame is None or blitter is None:
            return
        # rendercanvas logs and swallows a draw callback's exception: keep it for _show_pending.
        try:
            if frame.format not in SAMPLED_FORMATS:
                # Before a surface texture is taken: one taken and then not drawn into left Mesa's
                # X11 presentation in a state whose next request Xvfb refused, and Xlib's default
                # error handler ends the whole process.
                raise PipelineError(
                    f"{self.name} cannot show a {frame.format} frame; it draws "
                    f"{', '.join(sorted(SAMPLED_FORMATS))}: convert the frame first"
                )
            raw = self._context.get_current_texture()
            with lent_texture(self.gpu, raw, f"{self.name} window", ends="was presented") as surface:
                viewport = letterbox((frame.width, frame.height), (surface.width, surface.height))
                blitter.draw(frame.data, surface.create_view(), viewport)
        except BaseException as exc:
            self._draw_error = exc

    def teardown(self) -> None:
        try:
            if self._canvas is not None and not self._canvas.get_closed():
                self._show_pending()  # the last frame, when the run ended before the window caught up
        finally:
            with self._lock:
                pending, self._pending = self._pending, None
            if pending is not None:
                pending.release()
            if self._blitter is not None:
                self._blitter.release()
                self._blitter = None
            self._close_window()

    def _close_window(self) -> None:
        canvas, self._canvas = self._canvas, None
        context, self._context = self._context, None
        # The window's wgpu surface goes first, now, while its window and X connection exist:
        # left to the garbage collector, wgpuSurfaceRelease ran after glfw had let go of the
        # display (or the Xvfb was gone) and the process died with a segfault at exit.
        _release_surface(getattr(context, "_wgpu_context", None))
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


def _nothing() -> None:
    pass


def _release_surface(surface: Any) -> None:
    """Unconfigure and release a wgpu canvas context's surface now (wgpu-py has no public call for it)."""
    if surface is None:
        return
    try:
        surface.unconfigure()
    except Exception:
        pass
    release = getattr(surface, "_release", None)  # idempotent: its own __del__ then does nothing
    if callable(release):
        release()


def _surface_format(context: Any, gpu: GpuContext) -> str:
    """The window's texture format: its preferred one without sRGB encoding, so that a frame's
    8-bit values reach the screen unchanged (they are already sRGB-encoded, like a camera's)."""
    preferred = str(context.get_preferred_format(gpu.raw_device.adapter))
    return preferred.removesuffix("-srgb")

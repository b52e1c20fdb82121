"""Can a window be shown here? Asked before glfw, and before wgpu's surface, is touched: either aborts the process."""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import sys
import warnings
from typing import Any

import wgpu

__all__ = ["NO_DISPLAY_HINT", "NO_PRESENT_HINT", "display_problem", "log_x_errors", "presentation_problem"]

log = logging.getLogger("streamlib.display")

NO_DISPLAY_HINT = (
    "run on a desktop session, or give it a virtual screen: 'xvfb-run -a python your_pipeline.py' "
    "(Debian/Ubuntu: apt-get install xvfb); or write to a file with VideoFileSink instead"
)
NO_PRESENT_HINT = (
    "a window needs a Vulkan adapter: install Mesa's Vulkan driver (Debian/Ubuntu: apt-get install "
    "mesa-vulkan-drivers) and do not hide it from the Vulkan loader (VK_ICD_FILENAMES / VK_DRIVER_FILES); "
    "or write to a file with VideoFileSink instead. Run 'streamlib doctor' to list the adapters wgpu can see"
)


def display_problem() -> str | None:
    """Why no window can be opened here (with what to do), or None when one can."""
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return f"neither $DISPLAY nor $WAYLAND_DISPLAY is set; {NO_DISPLAY_HINT}"
    try:
        import glfw
    except ImportError:
        return "glfw is not installed; install the window extra: pip install 'streamlib[display]'"
    except Exception as exc:  # pyGLFW raises ImportError or OSError when the shared library is missing
        return f"glfw cannot load its library ({exc}); install the window extra: pip install 'streamlib[display]'"
    with warnings.catch_warnings():
        # glfw reports failures as GLFWError warnings; here a failure is an answer, not a warning.
        warnings.simplefilter("ignore")
        ok = bool(glfw.init())
    if not ok:
        where = os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or "the default display"
        return f"glfw could not connect to {where}; {NO_DISPLAY_HINT}"
    return None


def presentation_problem(surface: Any, backend: str) -> str | None:
    """Why the pipeline's GPU (on ``backend``) cannot present to the window behind ``surface``, a
    wgpu canvas context (with what to do), or None.

    The window shows the pipeline's own textures, so its surface is configured with the
    pipeline's device. Configuring a surface its adapter cannot present to is a Rust panic in
    wgpu-native, which aborts the whole process: that is what its OpenGL backend does with a glfw
    window on Linux (EGL on X11), from any thread, the main one included. So ask wgpu first, the
    non-fatal way: an adapter request that must be compatible with the surface fails with wgpu's
    reason ("gl not compatible with provided surface"), or finds another backend than ours.
    """
    try:
        compatible = wgpu.gpu.request_adapter_sync(power_preference="high-performance", canvas=surface)
    except Exception as exc:
        reason = " ".join(str(exc).split())
        return f"wgpu-native's {backend} backend cannot present to this window (wgpu: {reason}); {NO_PRESENT_HINT}"
    found = compatible.info.get("backend_type")
    if found != backend:
        return (
            f"wgpu-native's {backend} backend cannot present to this window (the pipeline's GpuContext runs on it; "
            f"only {found} can): open the GpuContext on {found}; {NO_PRESENT_HINT}"
        )
    return None


class _XErrorEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("resourceid", ctypes.c_ulong),
        ("serial", ctypes.c_ulong),
        ("error_code", ctypes.c_ubyte),
        ("request_code", ctypes.c_ubyte),
        ("minor_code", ctypes.c_ubyte),
    ]


_X_ERROR_HANDLER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(_XErrorEvent))


def _on_x_error(display: int | None, event: Any) -> int:
    try:
        e = event.contents
        log.warning(
            "X error %d on request %d.%d (serial %d), ignored: a window request the X server refused",
            e.error_code,
            e.request_code,
            e.minor_code,
            e.serial,
        )
    except Exception:
        pass
    return 0


_handler_ref: list[Any] = []  # the installed callback, kept alive for as long as Xlib may call it


def log_x_errors() -> None:
    """Make X protocol errors a logged warning instead of the end of the process. Idempotent.

    Xlib's default error handler prints "X Error of failed request" and calls exit(): one
    request a server refuses (seen under Xvfb from the Vulkan driver's presentation, which
    shares glfw's X connection) would end the whole pipeline, and everything else in the
    process. glfw installs its own handler only around its own calls, then puts this one back.
    """
    if _handler_ref or not sys.platform.startswith("linux"):
        return
    name = ctypes.util.find_library("X11") or "libX11.so.6"
    try:
        xlib = ctypes.CDLL(name)
    except OSError:
        return
    handler = _X_ERROR_HANDLER(_on_x_error)
    xlib.XSetErrorHandler.restype = ctypes.c_void_p
    xlib.XSetErrorHandler.argtypes = [_X_ERROR_HANDLER]
    xlib.XSetErrorHandler(handler)
    _handler_ref.append(handler)

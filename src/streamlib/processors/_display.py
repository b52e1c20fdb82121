"""Is there a screen to open a window on? Asked before glfw is touched: without one, glfw aborts the process."""

from __future__ import annotations

import os
import sys
import warnings

__all__ = ["NO_DISPLAY_HINT", "display_problem"]

NO_DISPLAY_HINT = (
    "run on a desktop session, or give it a virtual screen: 'xvfb-run -a python your_pipeline.py' "
    "(Debian/Ubuntu: apt-get install xvfb); or write to a file with VideoFileSink instead"
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

"""``streamlib doctor``: the GPU adapters, the one streamlib picks, and which extras work here."""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import shutil
import sys
from collections.abc import Mapping
from typing import Any, TextIO

from .._version import __version__
from ..gpu._adapter import BACKEND_ENV, pick_adapter
from ..gpu._context import GpuContext
from ..gpu._errors import StreamlibError
from ..gpu._tracking import format_bytes, live_resources, summarize_live
from ..processors._display import display_problem
from ._command import Handler, subcommand

__all__ = ["doctor"]


@subcommand("doctor", "show the GPU adapters, the backend streamlib picks, and which extras work here")
def _doctor(parser: argparse.ArgumentParser) -> Handler:
    return lambda args: doctor()


def doctor(out: TextIO | None = None) -> int:
    """Print what streamlib can use on this machine. Returns 0 when a GPU adapter is usable, else 1."""
    stream = out if out is not None else sys.stdout

    def say(line: str = "") -> None:
        print(line, file=stream)

    import wgpu

    say(f"streamlib {__version__}  (wgpu {wgpu.__version__}, Python {platform.python_version()}, {sys.platform})")
    say()
    try:
        adapters = wgpu.gpu.enumerate_adapters_sync()
    except Exception as exc:
        adapters = []
        say(f"wgpu could not list adapters: {exc}")
    chosen: Any = None
    pick_error = ""
    try:
        chosen = pick_adapter(None, "high-performance")
    except StreamlibError as exc:
        pick_error = str(exc)
    chosen_key = _adapter_key(chosen.info) if chosen is not None else None
    say("GPU adapters:")
    if not adapters:
        say("  none")
    for adapter in adapters:
        info = adapter.info
        mark = "*" if _adapter_key(info) == chosen_key else " "
        say(
            f"  {mark} {info.get('device') or '?'}  backend={info.get('backend_type')}  "
            f"type={info.get('adapter_type')}  ({info.get('description') or 'no description'})"
        )
    if chosen is not None:
        say(f"  streamlib picks (*): {chosen.info.get('device')} on {chosen.info.get('backend_type')}")
    else:
        say(f"  streamlib cannot pick one: {pick_error}")
    say(f"  {BACKEND_ENV}={os.environ.get(BACKEND_ENV) or '(unset: wgpu default order)'}")
    backends = {str(a.info.get("backend_type")) for a in adapters}
    if sys.platform.startswith("linux") and "Vulkan" not in backends:
        say(
            "  hint: no Vulkan adapter; without a GPU install Mesa's llvmpipe: "
            "apt-get install mesa-vulkan-drivers (OpenGL fallback: libegl-mesa0 libgl1-mesa-dri)"
        )
    note = _xdg_runtime_dir_note(os.environ)
    if note is not None:
        say(f"  note: {note}")
    if chosen is not None:
        say(f"  GPU memory: {_memory_check()}")
    say()
    say("Extras:")
    for name, status in _extras().items():
        say(f"  {name:<22} {status}")
    return 0 if chosen is not None else 1


def _memory_check() -> str:
    """What this process owns on the GPU now, and a check that a 1280x720 frame is counted in bytes and freed."""
    owned = [r for r in live_resources() if r.kind != "TextureView"]
    now = summarize_live(owned) if owned else "nothing owned"
    try:
        gpu = GpuContext.create(label="doctor")
    except StreamlibError as exc:
        return f"{now}; could not open a GpuContext to check the accounting ({exc})"
    try:
        texture = gpu.create_texture(1280, 720, label="doctor frame")
        held = sum(r.bytes for r in live_resources() if r.label == "doctor frame")
        texture.release()
        left = sum(r.bytes for r in live_resources() if r.context == "doctor")
    finally:
        gpu.close()
    return f"{now}; a 1280x720 rgba8unorm frame counts {format_bytes(held)} while owned, {format_bytes(left)} once released"


def _xdg_runtime_dir_note(environ: Mapping[str, str]) -> str | None:
    """Why "XDG_RUNTIME_DIR is invalid" is printed and how to silence it; None when the variable is fine.

    libwayland (which Mesa's drivers load to look for a Wayland display) prints
    "error: XDG_RUNTIME_DIR is invalid or not set in the environment." when the variable
    is not an existing absolute directory: twice per GpuContext, harmlessly, on headless
    machines, containers and CI (make sets it).
    """
    if not sys.platform.startswith("linux"):
        return None
    value = environ.get("XDG_RUNTIME_DIR", "")
    if value and os.path.isabs(value) and os.path.isdir(value):
        return None
    state = f"is {value!r}, not a directory" if value else "is not set"
    return (
        f"XDG_RUNTIME_DIR {state}, so Mesa (libwayland) prints 'error: XDG_RUNTIME_DIR is invalid or not "
        "set in the environment.' twice for every GPU context. It is harmless; silence it with "
        "export XDG_RUNTIME_DIR=/tmp (or a private directory: mkdir -m 700 ~/.run && export XDG_RUNTIME_DIR=~/.run)."
    )


def _adapter_key(info: Mapping[str, Any]) -> tuple[str, str]:
    return str(info.get("device")), str(info.get("backend_type"))


def _extras() -> dict[str, str]:
    extras: dict[str, str] = {}
    try:
        import av
        import av.codec

        x264 = "libx264" in av.codec.codecs_available
        extras["video files (PyAV)"] = f"yes, PyAV {av.__version__}" + ("" if x264 else " (no libx264: MP4 sink fails)")
    except ImportError:
        extras["video files (PyAV)"] = "no: pip install 'streamlib[video]' (VideoFileSource/VideoFileSink)"
    if importlib.util.find_spec("cv2") is not None:
        extras["real camera (OpenCV)"] = "yes (CameraSource)"
    else:
        extras["real camera (OpenCV)"] = (
            "no: pip install 'streamlib[camera]' for CameraSource; TestPatternCamera works without it"
        )
    has_glfw = importlib.util.find_spec("glfw") is not None and importlib.util.find_spec("rendercanvas") is not None
    extras["window (glfw)"] = "yes" if has_glfw else "no: pip install 'streamlib[display]' (DisplaySink)"
    problem = display_problem() if has_glfw else "needs glfw first"
    extras["display"] = "yes (DisplaySink can open a window)" if problem is None else f"no: {problem}"
    has_rich = importlib.util.find_spec("rich") is not None
    extras["live table (rich)"] = "yes" if has_rich else "no: pip install 'streamlib[cli]' (a progress line instead)"
    extras["graph pictures (dot)"] = (
        "yes" if shutil.which("dot") else "no: apt-get install graphviz (streamlib run --graph FILE.dot still works)"
    )
    return extras

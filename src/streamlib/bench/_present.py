"""The display's present cost per frame: DisplaySink's render pass against the bitmap path it replaced.

Both sides end in a texture the window's size, as a surface texture would be, and wait for the
GPU; the swapchain's own present is the same for both and left out (it needs a screen, and its
cost is the window system's). The GPU side is what ``DisplaySink`` draws per frame: one render
pass sampling the frame into a bgra8unorm target. The bitmap side is what the old sink did: read
the frame back to the CPU (``download_rgba``, 8 MB at 1080p), then what rendercanvas's bitmap
context does with it on present: upload the bitmap to a texture and draw that into the target.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlib as sl
from streamlib.processors._blit import Blitter
from streamlib.processors._pixels import download_rgba

__all__ = ["PresentPaths"]

_TARGET = "bgra8unorm"  # a typical surface format: the draw converts from the frame's rgba8unorm
_TARGET_USAGE = sl.TextureUsage.RENDER_ATTACHMENT | sl.TextureUsage.TEXTURE_BINDING
_FRAME_USAGE = sl.TextureUsage.TEXTURE_BINDING | sl.TextureUsage.COPY_SRC | sl.TextureUsage.COPY_DST


class PresentPaths:
    """A ``width`` x ``height`` frame, a window-sized target and both ways to get one into the other; close() it."""

    def __init__(self, gpu: sl.GpuContext, width: int, height: int) -> None:
        self.gpu = gpu
        self.frame = sl.VideoFrame.from_texture(gpu.create_texture(width, height, usage=_FRAME_USAGE, label="frame"))
        self.target = gpu.create_texture(width, height, format=_TARGET, usage=_TARGET_USAGE, label="surface")
        self.bitmap = gpu.create_texture(width, height, usage=_FRAME_USAGE, label="bitmap")
        self.blitter = Blitter(gpu, _TARGET, opaque=True, label="present")

    def gpu_present(self) -> Callable[[], None]:
        """DisplaySink's per-frame work: the frame drawn into the target, letterboxing viewport and all."""
        frame, target, blitter = self.frame, self.target, self.blitter
        viewport = (0.0, 0.0, float(target.width), float(target.height))

        def step() -> None:
            blitter.draw(frame.data, target.create_view(), viewport)

        return step

    def bitmap_present(self) -> Callable[[], None]:
        """The old path: the frame read back, uploaded again as the canvas's bitmap, drawn into the target."""
        gpu, frame, target, bitmap, blitter = self.gpu, self.frame, self.target, self.bitmap, self.blitter

        def step() -> None:
            pixels = download_rgba(gpu, frame, "bench")
            gpu.write_texture(bitmap, pixels)
            blitter.draw(bitmap, target.create_view())

        return step

    def wait(self) -> None:
        self.gpu.raw_device._poll(True)

    def close(self) -> None:
        self.blitter.release()
        for owned in (self.frame, self.target, self.bitmap):
            owned.release()

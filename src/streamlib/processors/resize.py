"""Resize: each frame scaled to a fixed size on the GPU, through a sampler (bilinear by default)."""

from __future__ import annotations

from ..gpu._context import GpuContext
from ..gpu._enums import TextureUsage
from ..gpu._errors import InvalidArgumentError, PipelineError
from ..pipeline._frame import VideoFrame
from ..pipeline._ports import StreamInput, StreamOutput
from ..pipeline._processor import Processor, Tick
from ._blit import FILTERS, Blitter
from ._views import frame_view

__all__ = ["Resize"]

# Drawn into (RENDER_ATTACHMENT), read by the next stage (TEXTURE_BINDING), copied like any frame.
_USAGE = TextureUsage.RENDER_ATTACHMENT | TextureUsage.TEXTURE_BINDING | TextureUsage.COPY_SRC | TextureUsage.COPY_DST
_MAX_SIDE = 16384


class Resize(Processor):
    """Scales each frame to ``width`` x ``height`` (stretched to fill it: keep the aspect ratio by
    choosing the size), sampling with ``filter``: ``"linear"`` (bilinear, the default) or
    ``"nearest"``. Output frames are rgba8unorm; input frames are any float format
    (rgba8unorm, bgra8unorm, their -srgb forms, rgba16float).

    The scaling is one render pass drawing the input through a sampler into a pooled texture of
    the output size: nothing is read back, and a frame already of that size is scaled all the
    same (a copy). Bilinear filtering takes the four nearest texels with texel centres at
    half-texel offsets and clamps at the edges, like OpenCV's ``INTER_LINEAR``; downscaling by
    more than 2x skips texels (no mipmaps).

    Ownership: from setup to teardown it owns its render pipeline and sampler; per frame it
    owns the output texture, taken from ``gpu.texture_pool`` and moved into the frame it writes
    (with the input's number, timestamp and metadata). Raises InvalidArgumentError for a size
    that is not two ints from 1 to 16384 or an unknown filter, and, per frame, for an input
    format it cannot sample.
    """

    video_in = StreamInput(VideoFrame)
    video_out = StreamOutput(VideoFrame)

    def __init__(self, width: int, height: int, *, filter: str = "linear", name: str | None = None) -> None:
        super().__init__()
        who = name or type(self).name
        for what, value in (("width", width), ("height", height)):
            if type(value) is not int or not 0 < value <= _MAX_SIDE:
                raise InvalidArgumentError(f"{who}: {what} must be an int from 1 to {_MAX_SIDE}, got {value!r}")
        if filter not in FILTERS:
            raise InvalidArgumentError(f"{who}: filter must be one of {FILTERS}, got {filter!r}")
        if name is not None:
            self.name = name
        self.width = width
        self.height = height
        self.filter = filter
        self._blitter: Blitter | None = None

    def setup(self, gpu: GpuContext) -> None:
        if gpu.backend == "OpenGL":
            # Seen on llvmpipe: after other threads have used the device a while, draws through a
            # sampler on wgpu-native 29's OpenGL backend come out empty. An empty frame is a silent
            # wrong result, so refuse, as DisplaySink does (docs/architecture.md, "Backends").
            raise PipelineError(
                f"{self.name} needs a Vulkan, Metal or D3D12 GpuContext: draws on wgpu-native's OpenGL backend "
                f"are not reliable in a pipeline; install a Vulkan driver (Linux: apt-get install "
                f"mesa-vulkan-drivers) or resize with a ComputeFilter"
            )
        self._blitter = Blitter(gpu, "rgba8unorm", filter=self.filter, label=self.name)
        # One draw now, so that a software GPU's first-draw compile does not cost the first frame.
        with (
            gpu.texture_pool.acquire(8, 8, label=f"{self.name} warm-up") as src,
            gpu.texture_pool.acquire(8, 8, usage=_USAGE, label=f"{self.name} warm-up") as dst,
        ):
            self._blitter.draw(src, dst.create_view())

    def process(self, tick: Tick) -> None:
        frame = self.video_in.read_latest()  # lent for this call
        if frame is None:
            return
        self.video_out.write(self.apply(frame))  # moves the new frame downstream

    def apply(self, frame: VideoFrame) -> VideoFrame:
        """``frame`` (used, not kept) scaled to this processor's size, as a new owned frame: write it or release it."""
        blitter = self._blitter
        assert blitter is not None, f"{self.name}: apply() before setup()"
        out = self.gpu.texture_pool.acquire(self.width, self.height, usage=_USAGE, label=self.name)
        try:
            blitter.draw(frame.data, frame_view(out))
        except BaseException:
            out.release()
            raise
        return frame.clone_with_texture(out)  # takes ownership of `out`

    def teardown(self) -> None:
        """Release the pipeline and the sampler. Idempotent."""
        if self._blitter is not None:
            self._blitter.release()
            self._blitter = None

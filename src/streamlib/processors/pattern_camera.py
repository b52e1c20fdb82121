"""TestPatternCamera: the default camera, drawn on the GPU, that runs anywhere."""

from __future__ import annotations

from ..gpu._context import GpuContext
from ..gpu._errors import InvalidArgumentError
from ..pipeline._frame import VideoFrame
from ..pipeline._ports import StreamOutput
from ..pipeline._processor import Processor, Tick
from ._clock import grid_time
from ._pattern_renderer import PatternRenderer

__all__ = ["TestPatternCamera"]


class TestPatternCamera(Processor):
    """A synthetic camera: colour bars scrolling left, a grey ramp with a sweeping stripe, and a
    text box with the stream clock (``T MM:SS.mmm``) and the frame counter (``F #000123``).

    Each frame is drawn by one compute pass into a texture from ``gpu.texture_pool`` (no
    allocation per frame once the pool is warm) and written to ``video_out`` with the
    tick's frame number and the time that tick was due (frame_number / fps), so the picture
    depends only on the clock: headless runs are reproducible. Size: ``width`` x ``height``, else the runtime's default size.
    Starts by compiling its shader (setup); needs nothing but a GPU adapter.
    """

    __test__ = False  # pytest: the name starts with "Test" but this is not a test class

    video_out = StreamOutput(VideoFrame)

    def __init__(self, width: int | None = None, height: int | None = None) -> None:
        super().__init__()
        for what, value in (("width", width), ("height", height)):
            if value is not None and (type(value) is not int or value <= 0):
                raise InvalidArgumentError(f"TestPatternCamera: {what} must be a positive int, got {value!r}")
        self.width = width
        self.height = height
        self._renderer: PatternRenderer | None = None

    def setup(self, gpu: GpuContext) -> None:
        self.width = self.width or self.runtime.width
        self.height = self.height or self.runtime.height
        self._renderer = PatternRenderer(gpu)
        # Draw one frame now: a software GPU compiles the shader on its first dispatch, and that
        # second or so would otherwise be taken from the running clock (skipped ticks).
        with gpu.texture_pool.acquire(self.width, self.height, label="test pattern") as warm:
            self._renderer.draw(warm, 0, 0.0)
            gpu.read_texture(warm)

    def process(self, tick: Tick) -> None:
        renderer = self._renderer
        assert renderer is not None and self.width is not None and self.height is not None
        timestamp = grid_time(self, tick)
        texture = self.gpu.texture_pool.acquire(self.width, self.height, label="test pattern")
        try:
            renderer.draw(texture, tick.frame_number, timestamp)
        except BaseException:
            texture.release()
            raise
        self.video_out.write(VideoFrame.from_texture(texture, frame_number=tick.frame_number, timestamp=timestamp))

    def teardown(self) -> None:
        if self._renderer is not None:
            self._renderer.release()
            self._renderer = None

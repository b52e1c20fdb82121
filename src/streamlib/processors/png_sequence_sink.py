"""PngSequenceSink: every frame it receives, written as a numbered PNG file."""

from __future__ import annotations

import os
from pathlib import Path

from ..gpu._context import GpuContext
from ..gpu._errors import PipelineError
from ..pipeline._frame import VideoFrame
from ..pipeline._ports import StreamInput
from ..pipeline._processor import Processor, Tick
from ._images import encode_png
from ._pixels import download_rgba
from ._video_io import import_av

__all__ = ["PngSequenceSink"]


class PngSequenceSink(Processor):
    """Writes each frame to ``directory/frame_000000.png``, ``frame_000001.png``, ... (in arrival order).

    Starts by creating ``directory`` (and its parents) and checking it can write there, so a
    read-only location fails at setup with a PipelineError naming the path. A file that cannot
    be written later (disk full) is fatal whatever the runtime's ErrorPolicy: the sink stops
    the pipeline and ``run()`` raises PipelineError naming the sink and the file. Takes
    rgba8unorm or bgra8unorm frames; each is copied back from the GPU and encoded losslessly
    by FFmpeg's PNG encoder, so this sink suits tests and inspection more than high frame
    rates. ``written`` lists the files so far. Needs PyAV: ``pip install 'streamlib[video]'``.
    """

    own_thread = True  # blocks on PNG encoding and file writes: a thread of its own (docs/architecture.md)
    video_in = StreamInput(VideoFrame)

    def __init__(self, directory: str | os.PathLike[str], *, prefix: str = "frame_") -> None:
        super().__init__()
        self.directory = Path(directory)
        self.prefix = prefix
        self.written: list[Path] = []
        self._failed: PipelineError | None = None

    def setup(self, gpu: GpuContext) -> None:
        self._failed = None
        import_av(self.name)  # no PyAV: fail now, saying what to install, not at the first frame
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            probe = self.directory / f".{self.prefix}write-test"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            raise PipelineError(
                f"{self.name} cannot write PNG files into {str(self.directory)!r} ({exc.strerror or exc}); "
                f"choose a writable directory"
            ) from exc

    def process(self, tick: Tick) -> None:
        if self._failed is not None:
            return
        while (frame := self.video_in.read()) is not None:
            data = encode_png(download_rgba(self.gpu, frame, self.name), who=self.name)
            path = self.directory / f"{self.prefix}{len(self.written):06d}.png"
            try:
                path.write_bytes(data)
            except OSError as exc:
                # Fatal, not one more counted error: a sink that cannot write would lose every frame
                # after this one. Stop now; teardown raises it, so run() does under any ErrorPolicy.
                self._failed = PipelineError(
                    f"{self.name} failed writing {str(path)!r} ({exc.strerror or exc}); check the disk has room"
                )
                self._failed.__cause__ = exc
                self.runtime.stop()
                return
            self.written.append(path)

    def teardown(self) -> None:
        failed, self._failed = self._failed, None
        if failed is not None:
            raise failed

"""PyAV behind two small classes: an H.264 MP4 writer and a decoder that yields RGBA arrays."""

from __future__ import annotations

import os
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ..gpu._errors import InvalidArgumentError, PipelineError

__all__ = ["Mp4Writer", "VideoReader", "import_av"]


def import_av(who: str) -> Any:
    """The ``av`` module (PyAV), imported on first use so streamlib itself does not need it."""
    try:
        import av
    except ImportError as exc:
        raise PipelineError(
            f"{who} needs PyAV to read and write video files; install it with: pip install 'streamlib[video]'"
        ) from exc
    return av


class Mp4Writer:
    """Writes RGBA frames to an MP4 file as H.264 (libx264, yuv420p). Owns the open file: close() it.

    The file is created at once, so a path that cannot be written fails here, not mid-stream.
    Odd widths or heights are padded by one edge pixel (yuv420p needs even sizes).
    """

    __slots__ = (
        "_av",
        "_broken",
        "_container",
        "_frames",
        "_next_pts",
        "_path",
        "_rate",
        "_size",
        "_start",
        "_stream",
        "_who",
    )

    def __init__(self, path: str | os.PathLike[str], fps: float, who: str) -> None:
        self._who = who
        self._path = Path(path)
        if self._path.suffix.lower() not in (".mp4", ".m4v", ".mov"):
            raise InvalidArgumentError(f"{who}: {str(self._path)!r} should end in .mp4 (it writes H.264 in MP4)")
        if fps <= 0:
            raise InvalidArgumentError(f"{who}: fps must be positive, got {fps!r}")
        self._av = import_av(who)
        self._rate = Fraction(fps).limit_denominator(1001)
        self._frames = 0
        self._next_pts = 0
        self._start: float | None = None
        self._size: tuple[int, int] | None = None
        self._stream: Any = None
        self._broken = False  # a write failed: FFmpeg's muxer must not be fed again (it can crash)
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            # FFmpeg opens the file only when it writes the header, at the first encoded packet:
            # create it here so an unwritable path fails now, not after the first frames.
            with open(self._path, "wb"):
                pass
            self._container = self._av.open(str(self._path), mode="w")
        except (OSError, self._av.FFmpegError) as exc:
            raise PipelineError(
                f"{who} cannot write {str(self._path)!r} ({exc}); choose a writable path (--output)"
            ) from exc

    @property
    def frames(self) -> int:
        """Frames encoded so far."""
        return self._frames

    def write(self, rgba: npt.NDArray[np.uint8], timestamp: float | None = None) -> None:
        """Encode one (H, W, 4) uint8 frame shown from ``timestamp`` seconds (default: right after the last).

        Frames of another size than the first are rescaled to it.
        """
        height, width = rgba.shape[:2]
        if self._stream is None:
            self._open_stream(width, height)
        assert self._size is not None
        even_w, even_h = self._size
        if (width, height) != (even_w, even_h) and (width + width % 2, height + height % 2) == (even_w, even_h):
            rgba = np.pad(rgba, ((0, even_h - height), (0, even_w - width), (0, 0)), mode="edge")
        frame = self._av.VideoFrame.from_ndarray(np.ascontiguousarray(rgba), format="rgba")
        if (frame.width, frame.height) != (even_w, even_h):
            frame = frame.reformat(width=even_w, height=even_h)
        if timestamp is None:
            pts = self._next_pts
        else:
            # The file starts at the first frame it gets, whatever the stream clock said then.
            if self._start is None:
                self._start = timestamp
            pts = max(self._next_pts, round((timestamp - self._start) * self._rate))
        frame.pts = pts
        self._next_pts = pts + 1
        if self._broken:
            raise PipelineError(f"{self._who}: an earlier write to {str(self._path)!r} failed; nothing more is written")
        try:
            for packet in self._stream.encode(frame):
                self._container.mux(packet)
        except (OSError, self._av.FFmpegError) as exc:
            self._broken = True
            raise PipelineError(f"{self._who} failed writing {str(self._path)!r}: {exc}") from exc
        self._frames += 1

    def _open_stream(self, width: int, height: int) -> None:
        stream = self._container.add_stream("libx264", rate=self._rate)
        stream.width, stream.height = width + width % 2, height + height % 2
        stream.pix_fmt = "yuv420p"
        stream.time_base = 1 / self._rate
        stream.options = {"crf": "20", "preset": "veryfast"}
        self._stream = stream
        self._size = (stream.width, stream.height)

    def close(self) -> None:
        """Flush the encoder and close the file. Idempotent. A file that got no frame is removed.

        Raises PipelineError naming the path when the file cannot be finished (the encoder
        holds frames back, so this is where a write to a bad path or a full disk often shows).
        """
        container, self._container = self._container, None
        if container is None:
            return
        failure: BaseException | None = None
        try:
            if self._stream is not None and not self._broken:
                for packet in self._stream.encode(None):
                    container.mux(packet)
        except (OSError, self._av.FFmpegError) as exc:
            failure = exc
        try:
            container.close()
        except (OSError, self._av.FFmpegError) as exc:
            failure = failure or exc
        if self._stream is None:
            self._path.unlink(missing_ok=True)
        if failure is not None:
            raise PipelineError(
                f"{self._who} failed writing {str(self._path)!r} ({failure}); the file is incomplete: "
                f"check the path is writable and the disk has room"
            ) from failure


class VideoReader:
    """Decodes a video file's first video stream to RGBA arrays. Owns the open file: close() it."""

    __slots__ = ("_container", "_frames", "_path", "_stream", "_who", "fps", "height", "width")

    def __init__(self, path: str | os.PathLike[str], who: str) -> None:
        av = import_av(who)
        self._who = who
        self._path = Path(path)
        if not self._path.is_file():
            raise PipelineError(f"{who}: video file {str(self._path)!r} does not exist; check the path")
        try:
            self._container = av.open(str(self._path), mode="r")
        except (OSError, av.FFmpegError) as exc:
            raise PipelineError(
                f"{who} cannot open {str(self._path)!r} as a video ({exc}); is it a video file (MP4, MKV, ...)?"
            ) from exc
        if not self._container.streams.video:
            self._container.close()
            raise PipelineError(f"{who}: {str(self._path)!r} has no video stream")
        self._stream = self._container.streams.video[0]
        self._stream.thread_type = "AUTO"
        self.width: int = self._stream.codec_context.width
        self.height: int = self._stream.codec_context.height
        rate = self._stream.average_rate or self._stream.guessed_rate
        self.fps: float = float(rate) if rate else 0.0
        self._frames: Iterator[Any] = self._container.decode(self._stream)

    def read(self) -> tuple[npt.NDArray[np.uint8], float] | None:
        """The next frame as (RGBA (H, W, 4) uint8, time in seconds), or None at the end of the file."""
        av = import_av(self._who)
        try:
            frame = next(self._frames, None)
        except (OSError, av.FFmpegError) as exc:
            raise PipelineError(f"{self._who}: {str(self._path)!r} is corrupt or unreadable: {exc}") from exc
        if frame is None:
            return None
        pixels: npt.NDArray[np.uint8] = frame.to_ndarray(format="rgba")
        return pixels, float(frame.time or 0.0)

    def rewind(self) -> None:
        """Go back to the first frame."""
        self._container.seek(0)
        self._frames = self._container.decode(self._stream)

    def close(self) -> None:
        """Close the file. Idempotent."""
        container, self._container = self._container, None
        if container is not None:
            container.close()

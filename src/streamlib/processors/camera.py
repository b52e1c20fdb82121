"""CameraSource: a real camera through OpenCV's VideoCapture (the ``camera`` extra)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..gpu._context import GpuContext
from ..gpu._errors import PipelineError
from ..pipeline._frame import VideoFrame
from ..pipeline._ports import StreamOutput
from ..pipeline._processor import Processor, Tick
from ._upload import upload_rgba

__all__ = ["CameraSource"]

_NO_CAMERA_HINT = "or use TestPatternCamera(), the synthetic camera that runs anywhere"
# A camera that returns nothing for this many ticks in a row is gone (unplugged, taken by another app).
_MAX_FAILED_READS = 30


class CameraSource(Processor):
    """Frames from camera ``device`` (an index such as 0, or a device path / URL OpenCV accepts).

    Starts by opening the camera in setup: without OpenCV (``pip install 'streamlib[camera]'``)
    or without such a camera, setup raises PipelineError naming the device and what to do
    (``TestPatternCamera()`` is the camera that runs anywhere). ``width``/``height`` ask the
    camera for a size (it may pick another; frames carry what it delivers). Each captured
    picture is uploaded to a texture from ``gpu.texture_pool``; a tick on which the camera
    has nothing new writes no frame.
    """

    video_out = StreamOutput(VideoFrame)

    def __init__(self, device: int | str = 0, *, width: int | None = None, height: int | None = None) -> None:
        super().__init__()
        self.device = device
        self.width = width
        self.height = height
        self._capture: Any = None
        self._failed_reads = 0

    def setup(self, gpu: GpuContext) -> None:
        try:
            import cv2
        except ImportError as exc:
            raise PipelineError(
                f"{self.name} needs OpenCV to open camera {self.device!r}: pip install 'streamlib[camera]', "
                f"{_NO_CAMERA_HINT}"
            ) from exc
        capture = cv2.VideoCapture(self.device)
        if not capture.isOpened():
            capture.release()
            raise PipelineError(
                f"{self.name}: no camera at device {self.device!r} (OpenCV could not open it); check that it is "
                f"plugged in and not in use, pick another with CameraSource(device=...), {_NO_CAMERA_HINT}"
            )
        if self.width:
            capture.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
        if self.height:
            capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
        self._capture = capture

    def process(self, tick: Tick) -> None:
        ok, bgr = self._capture.read()
        if not ok or bgr is None:
            self._failed_reads += 1
            if self._failed_reads >= _MAX_FAILED_READS:
                raise PipelineError(
                    f"{self.name}: camera {self.device!r} delivered no picture {self._failed_reads} times in a row; "
                    f"it was unplugged or taken by another program"
                )
            return
        self._failed_reads = 0
        height, width = bgr.shape[:2]
        rgba = np.empty((height, width, 4), dtype=np.uint8)
        rgba[..., :3] = bgr[..., 2::-1] if bgr.ndim == 3 else bgr[..., None]
        rgba[..., 3] = 255
        self.video_out.write(
            upload_rgba(
                self.gpu, rgba, frame_number=tick.frame_number, timestamp=tick.timestamp, label=f"camera {self.device}"
            )
        )

    def teardown(self) -> None:
        capture, self._capture = self._capture, None
        if capture is not None:
            capture.release()

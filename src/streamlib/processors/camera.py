"""CameraSource: a real camera through OpenCV's VideoCapture (the ``camera`` extra); and
``@camera_processor``, the Rust-backed streamlib's camera, which falls back to the test pattern."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, overload

import numpy as np

from ..gpu._context import GpuContext
from ..gpu._errors import InvalidArgumentError, PipelineError
from ..pipeline._frame import VideoFrame
from ..pipeline._ports import StreamOutput
from ..pipeline._processor import Processor, Tick
from ._upload import upload_rgba
from .pattern_camera import TestPatternCamera

__all__ = ["CameraSource", "DecoratedCamera", "camera_processor", "list_cameras"]

log = logging.getLogger("streamlib.camera")

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


# Indexes probed where the OS cannot list its cameras (OpenCV numbers them from 0).
_PROBED_INDEXES = range(10)


def _candidate_indexes() -> list[int]:
    """Camera indexes worth opening: Linux lists them as /dev/videoN; elsewhere the first ten."""
    on_linux = sys.platform.startswith("linux")  # a variable: mypy would call the other branch unreachable
    if on_linux:
        found = []
        for node in Path("/dev").glob("video*"):
            if node.name[5:].isdigit():
                found.append(int(node.name[5:]))
        return sorted(found)
    return list(_PROBED_INDEXES)


def list_cameras() -> list[int]:
    """The indexes of the cameras OpenCV can open, in order; empty without OpenCV or cameras.

    Each candidate is opened and closed again, so this takes a moment per camera.
    """
    try:
        import cv2
    except ImportError:
        return []
    found = []
    for index in _candidate_indexes():
        capture = cv2.VideoCapture(index)
        try:
            if capture.isOpened():
                found.append(index)
        finally:
            capture.release()
    return found


class DecoratedCamera(Processor):
    """The processor ``@camera_processor`` makes: a camera that falls back to the test pattern.

    Its one output is ``video`` (``camera.output_ports().video``). In setup it picks its
    source: ``device_id=None`` opens the first camera ``list_cameras()`` finds, or, where there
    is none (or no OpenCV), a ``TestPatternCamera`` at the runtime's size, saying so in one
    log line; any other ``device_id`` opens that camera (``CameraSource``), and an index that
    matches no camera is a PipelineError listing the cameras found and naming the fallback.
    The chosen source writes straight into ``video``; teardown tears it down.
    """

    video = StreamOutput(VideoFrame)

    def __init__(self, device_id: int | str | None = None, *, name: str = "camera", doc: str | None = None) -> None:
        super().__init__()
        if device_id is not None and (isinstance(device_id, bool) or not isinstance(device_id, int | str)):
            raise InvalidArgumentError(
                f"camera_processor: device_id must be a camera index (int), a device path or URL (str), or None "
                f"for the first camera, got {device_id!r}"
            )
        self.device_id = device_id
        self.name = name
        self.__doc__ = doc
        self.source: Processor | None = None
        """The processor producing the frames once set up: a CameraSource or a TestPatternCamera."""

    def setup(self, gpu: GpuContext) -> None:
        source = self._choose()
        # The chosen processor is not in the graph: it runs inside this one, with this one's
        # runtime and context, and its output attribute is this processor's bound port, so every
        # frame it writes goes straight downstream and counts in this processor's stats.
        source._runtime = self._runtime
        source._gpu = gpu
        source.name = self.name
        source.__dict__["video_out"] = self.video
        source.setup(gpu)
        self.source = source

    def _choose(self) -> Processor:
        device = self.device_id
        if isinstance(device, str):
            return CameraSource(device)
        cameras = list_cameras()
        if device is None:
            if cameras:
                return CameraSource(cameras[0])
            log.warning(
                "%s: no camera found (none answered, or OpenCV is not installed: pip install 'streamlib[camera]'); "
                "showing the test pattern (TestPatternCamera) instead",
                self.name,
            )
            return TestPatternCamera()
        if device not in cameras:
            found = ", ".join(map(str, cameras)) if cameras else "none"
            raise PipelineError(
                f"{self.name}: no camera {device} (camera_processor(device_id={device})); cameras found: {found}. "
                f"Pick one of them, or use device_id=None: the first camera, or the test pattern "
                f"(TestPatternCamera) where there is none"
            )
        return CameraSource(device)

    def process(self, tick: Tick) -> None:
        source = self.source
        assert source is not None, "process before setup"
        source.process(tick)

    def teardown(self) -> None:
        source, self.source = self.source, None
        if source is not None:
            source.teardown()


@overload
def camera_processor(device_id: Callable[..., object], /) -> DecoratedCamera: ...
@overload
def camera_processor(device_id: int | str | None = None) -> Callable[[Callable[..., object]], DecoratedCamera]: ...
def camera_processor(
    device_id: int | str | Callable[..., object] | None = None,
) -> DecoratedCamera | Callable[[Callable[..., object]], DecoratedCamera]:
    """The Rust-backed streamlib's camera: decorates a function whose body is a docstring or ``pass``.

    ::

        @camera_processor(device_id=None)
        def camera():
            \"\"\"The first camera, or the test pattern.\"\"\"

        runtime.add_stream(camera)
        runtime.connect(camera.output_ports().video, overlay.input_ports().video)

    The decorated name is a ``DecoratedCamera`` processor (named after the function, added
    once); the function itself is never called. See DecoratedCamera for how ``device_id``
    picks the camera. Usable bare (``@camera_processor``) for the first camera.
    """
    if callable(device_id):
        return _camera_from(device_id, None)
    chosen = device_id

    def decorate(function: Callable[..., object]) -> DecoratedCamera:
        return _camera_from(function, chosen)

    return decorate


def _camera_from(function: Callable[..., object], device_id: int | str | None) -> DecoratedCamera:
    if not callable(function):
        raise InvalidArgumentError(f"camera_processor: decorates a function, got {function!r}")
    name = getattr(function, "__name__", "camera")
    return DecoratedCamera(device_id, name=name, doc=getattr(function, "__doc__", None))

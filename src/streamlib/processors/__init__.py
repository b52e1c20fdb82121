"""Built-in processors: sources (cameras, video files), a compute-shader filter, a GPU resize, and sinks (files, a window, a counter).

Also ``save_image``, which writes one texture or frame to a PNG file.

Each starts in ``setup`` by opening what it needs, and fails there with a PipelineError
that names the processor and what to do (install an extra, fix a path, get a display).
"""

from ._images import save_image as save_image
from .camera import CameraSource as CameraSource
from .compute_filter import ComputeFilter as ComputeFilter
from .display_sink import DisplaySink as DisplaySink
from .null_sink import NullSink as NullSink
from .pattern_camera import TestPatternCamera as TestPatternCamera
from .png_sequence_sink import PngSequenceSink as PngSequenceSink
from .resize import Resize as Resize
from .video_file_sink import VideoFileSink as VideoFileSink
from .video_file_source import VideoFileSource as VideoFileSource

__all__ = [
    "CameraSource",
    "ComputeFilter",
    "DisplaySink",
    "NullSink",
    "PngSequenceSink",
    "Resize",
    "TestPatternCamera",
    "VideoFileSink",
    "VideoFileSource",
    "save_image",
]

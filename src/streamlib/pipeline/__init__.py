"""Pipelines: frames, ports, processors, the wiring graph and the runtime that runs it.

Built on the ownership core (``streamlib.gpu``) and imports nothing from the layers above it.
"""

from ._decorators import processor as processor
from ._frame import VideoFrame as VideoFrame
from ._observe import GraphvizNotFoundError as GraphvizNotFoundError
from ._observe import LatencyStats as LatencyStats
from ._observe import LinkStats as LinkStats
from ._ports import InputPort as InputPort
from ._ports import OutputPort as OutputPort
from ._ports import PortNamespace as PortNamespace
from ._ports import PortStats as PortStats
from ._ports import StreamInput as StreamInput
from ._ports import StreamOutput as StreamOutput
from ._processor import Processor as Processor
from ._processor import ProcessorInfo as ProcessorInfo
from ._processor import Tick as Tick
from ._runtime import ErrorPolicy as ErrorPolicy
from ._runtime import ProcessorStats as ProcessorStats
from ._runtime import StreamRuntime as StreamRuntime

__all__ = [
    "ErrorPolicy",
    "GraphvizNotFoundError",
    "InputPort",
    "LatencyStats",
    "LinkStats",
    "OutputPort",
    "PortNamespace",
    "PortStats",
    "Processor",
    "ProcessorInfo",
    "ProcessorStats",
    "StreamInput",
    "StreamOutput",
    "StreamRuntime",
    "Tick",
    "VideoFrame",
    "processor",
]

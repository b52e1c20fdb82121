"""streamlib: typed real-time GPU video pipelines on WebGPU, with explicit ownership.

Every handle is either *owned* (``OwnedK``: you must release it, and you may) or
*borrowed* (``BorrowedK``: use it, never release it). Functions that only use a
resource take the Protocol ``K`` and accept both.
"""

from . import processors as processors
from ._commands import BorrowedCommandBuffer as BorrowedCommandBuffer
from ._commands import BorrowedCommandEncoder as BorrowedCommandEncoder
from ._commands import BorrowedComputePass as BorrowedComputePass
from ._commands import OwnedCommandBuffer as OwnedCommandBuffer
from ._commands import OwnedCommandEncoder as OwnedCommandEncoder
from ._commands import OwnedComputePass as OwnedComputePass
from ._context import GpuContext as GpuContext
from ._decorators import processor as processor
from ._enums import BufferBindingType as BufferBindingType
from ._enums import BufferUsage as BufferUsage
from ._enums import ShaderStage as ShaderStage
from ._enums import StorageTextureAccess as StorageTextureAccess
from ._enums import TextureFormat as TextureFormat
from ._enums import TextureSampleType as TextureSampleType
from ._enums import TextureUsage as TextureUsage
from ._enums import TextureViewDimension as TextureViewDimension
from ._errors import AdapterNotFoundError as AdapterNotFoundError
from ._errors import BorrowExpiredError as BorrowExpiredError
from ._errors import DeviceLostError as DeviceLostError
from ._errors import GpuValidationError as GpuValidationError
from ._errors import InvalidArgumentError as InvalidArgumentError
from ._errors import PipelineError as PipelineError
from ._errors import ResourceReleasedError as ResourceReleasedError
from ._errors import ShaderCompileError as ShaderCompileError
from ._errors import StreamlibError as StreamlibError
from ._frame import VideoFrame as VideoFrame
from ._memory import BorrowedBuffer as BorrowedBuffer
from ._memory import BorrowedTexture as BorrowedTexture
from ._memory import BorrowedTextureView as BorrowedTextureView
from ._memory import OwnedBuffer as OwnedBuffer
from ._memory import OwnedTexture as OwnedTexture
from ._memory import OwnedTextureView as OwnedTextureView
from ._pipeline_objects import BorrowedBindGroup as BorrowedBindGroup
from ._pipeline_objects import BorrowedBindGroupLayout as BorrowedBindGroupLayout
from ._pipeline_objects import BorrowedComputePipeline as BorrowedComputePipeline
from ._pipeline_objects import BorrowedPipelineLayout as BorrowedPipelineLayout
from ._pipeline_objects import BorrowedShaderModule as BorrowedShaderModule
from ._pipeline_objects import OwnedBindGroup as OwnedBindGroup
from ._pipeline_objects import OwnedBindGroupLayout as OwnedBindGroupLayout
from ._pipeline_objects import OwnedComputePipeline as OwnedComputePipeline
from ._pipeline_objects import OwnedPipelineLayout as OwnedPipelineLayout
from ._pipeline_objects import OwnedShaderModule as OwnedShaderModule
from ._pool import PoolStats as PoolStats
from ._pool import TexturePool as TexturePool
from ._ports import InputPort as InputPort
from ._ports import OutputPort as OutputPort
from ._ports import PortNamespace as PortNamespace
from ._ports import PortStats as PortStats
from ._ports import StreamInput as StreamInput
from ._ports import StreamOutput as StreamOutput
from ._processor import Processor as Processor
from ._processor import ProcessorInfo as ProcessorInfo
from ._processor import Tick as Tick
from ._protocols import BindGroup as BindGroup
from ._protocols import BindGroupLayout as BindGroupLayout
from ._protocols import Buffer as Buffer
from ._protocols import CommandBuffer as CommandBuffer
from ._protocols import CommandEncoder as CommandEncoder
from ._protocols import ComputePass as ComputePass
from ._protocols import ComputePipeline as ComputePipeline
from ._protocols import PipelineLayout as PipelineLayout
from ._protocols import Releasable as Releasable
from ._protocols import ShaderModule as ShaderModule
from ._protocols import Texture as Texture
from ._protocols import TextureView as TextureView
from ._runtime import ErrorPolicy as ErrorPolicy
from ._runtime import ProcessorStats as ProcessorStats
from ._runtime import StreamRuntime as StreamRuntime
from ._tracking import LiveResource as LiveResource
from ._tracking import leak_report as leak_report
from ._tracking import live_counts as live_counts
from ._tracking import live_resources as live_resources
from ._tracking import tracking as tracking

__version__ = "0.1.0"

__all__ = [
    "AdapterNotFoundError",
    "BindGroup",
    "BindGroupLayout",
    "BorrowExpiredError",
    "BorrowedBindGroup",
    "BorrowedBindGroupLayout",
    "BorrowedBuffer",
    "BorrowedCommandBuffer",
    "BorrowedCommandEncoder",
    "BorrowedComputePass",
    "BorrowedComputePipeline",
    "BorrowedPipelineLayout",
    "BorrowedShaderModule",
    "BorrowedTexture",
    "BorrowedTextureView",
    "Buffer",
    "BufferBindingType",
    "BufferUsage",
    "CommandBuffer",
    "CommandEncoder",
    "ComputePass",
    "ComputePipeline",
    "DeviceLostError",
    "ErrorPolicy",
    "GpuContext",
    "GpuValidationError",
    "InputPort",
    "InvalidArgumentError",
    "LiveResource",
    "OwnedBindGroup",
    "OwnedBindGroupLayout",
    "OwnedBuffer",
    "OwnedCommandBuffer",
    "OwnedCommandEncoder",
    "OwnedComputePass",
    "OwnedComputePipeline",
    "OwnedPipelineLayout",
    "OwnedShaderModule",
    "OwnedTexture",
    "OwnedTextureView",
    "OutputPort",
    "PipelineError",
    "PipelineLayout",
    "PoolStats",
    "PortNamespace",
    "PortStats",
    "Processor",
    "ProcessorInfo",
    "ProcessorStats",
    "Releasable",
    "ResourceReleasedError",
    "ShaderCompileError",
    "ShaderModule",
    "ShaderStage",
    "StorageTextureAccess",
    "StreamInput",
    "StreamOutput",
    "StreamRuntime",
    "StreamlibError",
    "Texture",
    "TextureFormat",
    "TexturePool",
    "TextureSampleType",
    "TextureUsage",
    "TextureView",
    "TextureViewDimension",
    "Tick",
    "VideoFrame",
    "__version__",
    "leak_report",
    "live_counts",
    "live_resources",
    "processor",
    "processors",
    "tracking",
]

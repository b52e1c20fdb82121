"""streamlib: typed real-time GPU video pipelines on WebGPU, with explicit ownership.

Every handle is either *owned* (``OwnedK``: you must release it, and you may) or
*borrowed* (``BorrowedK``: use it, never release it). Functions that only use a
resource take the Protocol ``K`` and accept both.
"""

from . import processors as processors
from ._version import __version__ as __version__
from .gpu import AdapterNotFoundError as AdapterNotFoundError
from .gpu import BindGroup as BindGroup
from .gpu import BindGroupLayout as BindGroupLayout
from .gpu import BorrowedBindGroup as BorrowedBindGroup
from .gpu import BorrowedBindGroupLayout as BorrowedBindGroupLayout
from .gpu import BorrowedBuffer as BorrowedBuffer
from .gpu import BorrowedCommandBuffer as BorrowedCommandBuffer
from .gpu import BorrowedCommandEncoder as BorrowedCommandEncoder
from .gpu import BorrowedComputePass as BorrowedComputePass
from .gpu import BorrowedComputePipeline as BorrowedComputePipeline
from .gpu import BorrowedPipelineLayout as BorrowedPipelineLayout
from .gpu import BorrowedRenderPass as BorrowedRenderPass
from .gpu import BorrowedRenderPipeline as BorrowedRenderPipeline
from .gpu import BorrowedSampler as BorrowedSampler
from .gpu import BorrowedShaderModule as BorrowedShaderModule
from .gpu import BorrowedTexture as BorrowedTexture
from .gpu import BorrowedTextureView as BorrowedTextureView
from .gpu import BorrowExpiredError as BorrowExpiredError
from .gpu import Buffer as Buffer
from .gpu import BufferBindingType as BufferBindingType
from .gpu import BufferUsage as BufferUsage
from .gpu import CommandBuffer as CommandBuffer
from .gpu import CommandEncoder as CommandEncoder
from .gpu import ComputePass as ComputePass
from .gpu import ComputePipeline as ComputePipeline
from .gpu import DeviceLostError as DeviceLostError
from .gpu import GpuContext as GpuContext
from .gpu import GpuValidationError as GpuValidationError
from .gpu import InvalidArgumentError as InvalidArgumentError
from .gpu import InvalidTypeError as InvalidTypeError
from .gpu import LiveResource as LiveResource
from .gpu import OwnedBindGroup as OwnedBindGroup
from .gpu import OwnedBindGroupLayout as OwnedBindGroupLayout
from .gpu import OwnedBuffer as OwnedBuffer
from .gpu import OwnedCommandBuffer as OwnedCommandBuffer
from .gpu import OwnedCommandEncoder as OwnedCommandEncoder
from .gpu import OwnedComputePass as OwnedComputePass
from .gpu import OwnedComputePipeline as OwnedComputePipeline
from .gpu import OwnedPipelineLayout as OwnedPipelineLayout
from .gpu import OwnedRenderPass as OwnedRenderPass
from .gpu import OwnedRenderPipeline as OwnedRenderPipeline
from .gpu import OwnedSampler as OwnedSampler
from .gpu import OwnedShaderModule as OwnedShaderModule
from .gpu import OwnedTexture as OwnedTexture
from .gpu import OwnedTextureView as OwnedTextureView
from .gpu import PipelineError as PipelineError
from .gpu import PipelineLayout as PipelineLayout
from .gpu import PoolStats as PoolStats
from .gpu import Releasable as Releasable
from .gpu import RenderPass as RenderPass
from .gpu import RenderPipeline as RenderPipeline
from .gpu import ResourceReleasedError as ResourceReleasedError
from .gpu import Sampler as Sampler
from .gpu import ShaderCompileError as ShaderCompileError
from .gpu import ShaderModule as ShaderModule
from .gpu import ShaderStage as ShaderStage
from .gpu import StorageTextureAccess as StorageTextureAccess
from .gpu import StreamlibError as StreamlibError
from .gpu import Texture as Texture
from .gpu import TextureFormat as TextureFormat
from .gpu import TexturePool as TexturePool
from .gpu import TextureSampleType as TextureSampleType
from .gpu import TextureUsage as TextureUsage
from .gpu import TextureView as TextureView
from .gpu import TextureViewDimension as TextureViewDimension
from .gpu import TransferStats as TransferStats
from .gpu import leak_report as leak_report
from .gpu import live_bytes as live_bytes
from .gpu import live_counts as live_counts
from .gpu import live_resources as live_resources
from .gpu import tracking as tracking
from .pipeline import ErrorPolicy as ErrorPolicy
from .pipeline import GraphvizNotFoundError as GraphvizNotFoundError
from .pipeline import InputPort as InputPort
from .pipeline import LatencyStats as LatencyStats
from .pipeline import LinkStats as LinkStats
from .pipeline import OutputPort as OutputPort
from .pipeline import PortNamespace as PortNamespace
from .pipeline import PortStats as PortStats
from .pipeline import Processor as Processor
from .pipeline import ProcessorInfo as ProcessorInfo
from .pipeline import ProcessorStats as ProcessorStats
from .pipeline import StreamInput as StreamInput
from .pipeline import StreamOutput as StreamOutput
from .pipeline import StreamRuntime as StreamRuntime
from .pipeline import Tick as Tick
from .pipeline import VideoFrame as VideoFrame
from .pipeline import processor as processor
from .processors.camera import camera_processor as camera_processor
from .processors.display_decorator import display_processor as display_processor

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
    "BorrowedRenderPass",
    "BorrowedRenderPipeline",
    "BorrowedSampler",
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
    "GraphvizNotFoundError",
    "InputPort",
    "InvalidArgumentError",
    "InvalidTypeError",
    "LatencyStats",
    "LinkStats",
    "LiveResource",
    "OwnedBindGroup",
    "OwnedBindGroupLayout",
    "OwnedBuffer",
    "OwnedCommandBuffer",
    "OwnedCommandEncoder",
    "OwnedComputePass",
    "OwnedComputePipeline",
    "OwnedPipelineLayout",
    "OwnedRenderPass",
    "OwnedRenderPipeline",
    "OwnedSampler",
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
    "RenderPass",
    "RenderPipeline",
    "ResourceReleasedError",
    "Sampler",
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
    "TransferStats",
    "VideoFrame",
    "__version__",
    "camera_processor",
    "display_processor",
    "leak_report",
    "live_bytes",
    "live_counts",
    "live_resources",
    "processor",
    "processors",
    "tracking",
]

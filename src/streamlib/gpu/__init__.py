"""The ownership core: GPU resources as owned and borrowed handles, the context that makes them, leak tracking.

Imports nothing from the rest of streamlib (docs/architecture.md, "Layers"): frames, ports,
processors and the runtime are built on top of it in ``streamlib.pipeline``.
"""

from ._commands import BorrowedCommandBuffer as BorrowedCommandBuffer
from ._commands import BorrowedCommandEncoder as BorrowedCommandEncoder
from ._commands import BorrowedComputePass as BorrowedComputePass
from ._commands import BorrowedRenderPass as BorrowedRenderPass
from ._commands import OwnedCommandBuffer as OwnedCommandBuffer
from ._commands import OwnedCommandEncoder as OwnedCommandEncoder
from ._commands import OwnedComputePass as OwnedComputePass
from ._commands import OwnedRenderPass as OwnedRenderPass
from ._context import GpuContext as GpuContext
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
from ._errors import InvalidTypeError as InvalidTypeError
from ._errors import PipelineError as PipelineError
from ._errors import ResourceReleasedError as ResourceReleasedError
from ._errors import ShaderCompileError as ShaderCompileError
from ._errors import StreamlibError as StreamlibError
from ._memory import BorrowedBuffer as BorrowedBuffer
from ._memory import BorrowedTexture as BorrowedTexture
from ._memory import BorrowedTextureView as BorrowedTextureView
from ._memory import OwnedBuffer as OwnedBuffer
from ._memory import OwnedTexture as OwnedTexture
from ._memory import OwnedTextureView as OwnedTextureView
from ._pool import PoolStats as PoolStats
from ._pool import TexturePool as TexturePool
from ._programs import BorrowedBindGroup as BorrowedBindGroup
from ._programs import BorrowedBindGroupLayout as BorrowedBindGroupLayout
from ._programs import BorrowedComputePipeline as BorrowedComputePipeline
from ._programs import BorrowedPipelineLayout as BorrowedPipelineLayout
from ._programs import BorrowedRenderPipeline as BorrowedRenderPipeline
from ._programs import BorrowedSampler as BorrowedSampler
from ._programs import BorrowedShaderModule as BorrowedShaderModule
from ._programs import OwnedBindGroup as OwnedBindGroup
from ._programs import OwnedBindGroupLayout as OwnedBindGroupLayout
from ._programs import OwnedComputePipeline as OwnedComputePipeline
from ._programs import OwnedPipelineLayout as OwnedPipelineLayout
from ._programs import OwnedRenderPipeline as OwnedRenderPipeline
from ._programs import OwnedSampler as OwnedSampler
from ._programs import OwnedShaderModule as OwnedShaderModule
from ._protocols import BindGroup as BindGroup
from ._protocols import BindGroupLayout as BindGroupLayout
from ._protocols import Buffer as Buffer
from ._protocols import CommandBuffer as CommandBuffer
from ._protocols import CommandEncoder as CommandEncoder
from ._protocols import ComputePass as ComputePass
from ._protocols import ComputePipeline as ComputePipeline
from ._protocols import PipelineLayout as PipelineLayout
from ._protocols import Releasable as Releasable
from ._protocols import RenderPass as RenderPass
from ._protocols import RenderPipeline as RenderPipeline
from ._protocols import Sampler as Sampler
from ._protocols import ShaderModule as ShaderModule
from ._protocols import Texture as Texture
from ._protocols import TextureView as TextureView
from ._queue import TransferStats as TransferStats
from ._tracking import LiveResource as LiveResource
from ._tracking import leak_report as leak_report
from ._tracking import live_bytes as live_bytes
from ._tracking import live_counts as live_counts
from ._tracking import live_resources as live_resources
from ._tracking import tracking as tracking

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
    "GpuContext",
    "GpuValidationError",
    "InvalidArgumentError",
    "InvalidTypeError",
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
    "PipelineError",
    "PipelineLayout",
    "PoolStats",
    "Releasable",
    "RenderPass",
    "RenderPipeline",
    "ResourceReleasedError",
    "Sampler",
    "ShaderCompileError",
    "ShaderModule",
    "ShaderStage",
    "StorageTextureAccess",
    "StreamlibError",
    "Texture",
    "TextureFormat",
    "TexturePool",
    "TextureSampleType",
    "TextureUsage",
    "TextureView",
    "TextureViewDimension",
    "TransferStats",
    "leak_report",
    "live_bytes",
    "live_counts",
    "live_resources",
    "tracking",
]

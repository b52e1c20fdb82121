"""What any holder may do with a resource: one Protocol per kind, plus Releasable.

Functions that only *use* a resource take these types, so owned and borrowed
handles are accepted alike. Only owned handles satisfy ``Releasable``.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import wgpu

__all__ = [
    "BindGroup",
    "BindGroupLayout",
    "Buffer",
    "CommandBuffer",
    "CommandEncoder",
    "ComputePass",
    "ComputePipeline",
    "PipelineLayout",
    "Releasable",
    "ShaderModule",
    "Texture",
    "TextureView",
]


@runtime_checkable
class Releasable(Protocol):
    """Something whose holder must release it: every owned resource, never a borrowed one."""

    def release(self) -> None: ...

    @property
    def released(self) -> bool: ...


class Buffer(Protocol):
    """A GPU buffer, owned or borrowed."""

    @property
    def raw(self) -> wgpu.GPUBuffer: ...
    @property
    def label(self) -> str: ...
    @property
    def size(self) -> int: ...
    @property
    def usage(self) -> int: ...


class TextureView(Protocol):
    """A view of a texture, owned or borrowed."""

    @property
    def raw(self) -> wgpu.GPUTextureView: ...
    @property
    def label(self) -> str: ...
    @property
    def width(self) -> int: ...
    @property
    def height(self) -> int: ...
    @property
    def format(self) -> str: ...


class Texture(Protocol):
    """A 2D GPU texture, owned or borrowed."""

    @property
    def raw(self) -> wgpu.GPUTexture: ...
    @property
    def label(self) -> str: ...
    @property
    def width(self) -> int: ...
    @property
    def height(self) -> int: ...
    @property
    def size(self) -> tuple[int, int]: ...
    @property
    def format(self) -> str: ...
    @property
    def usage(self) -> int: ...
    def create_view(self, *, format: str | None = None, label: str = "") -> TextureView: ...


class ShaderModule(Protocol):
    """A compiled WGSL module, owned or borrowed."""

    @property
    def raw(self) -> wgpu.GPUShaderModule: ...
    @property
    def label(self) -> str: ...


class BindGroupLayout(Protocol):
    """A bind group layout, owned or borrowed."""

    @property
    def raw(self) -> wgpu.GPUBindGroupLayout: ...
    @property
    def label(self) -> str: ...


class PipelineLayout(Protocol):
    """A pipeline layout, owned or borrowed."""

    @property
    def raw(self) -> wgpu.GPUPipelineLayout: ...
    @property
    def label(self) -> str: ...


class ComputePipeline(Protocol):
    """A compute pipeline, owned or borrowed."""

    @property
    def raw(self) -> wgpu.GPUComputePipeline: ...
    @property
    def label(self) -> str: ...


class BindGroup(Protocol):
    """A bind group, owned or borrowed; usable only while everything it binds is alive."""

    @property
    def raw(self) -> wgpu.GPUBindGroup: ...
    @property
    def label(self) -> str: ...


class ComputePass(Protocol):
    """A compute pass being recorded, owned or borrowed (only the owner may end it)."""

    @property
    def raw(self) -> wgpu.GPUComputePassEncoder: ...
    @property
    def label(self) -> str: ...
    def set_pipeline(self, pipeline: ComputePipeline) -> None: ...
    def set_bind_group(self, index: int, bind_group: BindGroup) -> None: ...
    def dispatch_workgroups(self, x: int, y: int = 1, z: int = 1) -> None: ...


class CommandEncoder(Protocol):
    """A command encoder, owned or borrowed (only the owner may finish it)."""

    @property
    def raw(self) -> wgpu.GPUCommandEncoder: ...
    @property
    def label(self) -> str: ...
    def begin_compute_pass(self, *, label: str = "") -> ComputePass: ...
    def copy_texture_to_texture(self, source: Texture, destination: Texture) -> None: ...
    def copy_buffer_to_buffer(
        self,
        source: Buffer,
        destination: Buffer,
        size: int | None = None,
        *,
        source_offset: int = 0,
        destination_offset: int = 0,
    ) -> None: ...


class CommandBuffer(Protocol):
    """Recorded commands, owned or borrowed (only the owner may submit them)."""

    @property
    def raw(self) -> wgpu.GPUCommandBuffer: ...
    @property
    def label(self) -> str: ...

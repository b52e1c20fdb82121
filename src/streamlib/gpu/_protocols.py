"""What any holder may do with a resource: one Protocol per kind, plus Releasable.

Functions that only *use* a resource take these types, so owned and borrowed
handles are accepted alike. Only owned handles satisfy ``Releasable``.
"""

from __future__ import annotations

from typing import Protocol, TypeVar, runtime_checkable

import wgpu

RawT_co = TypeVar("RawT_co", covariant=True)

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


class _Resource(Protocol[RawT_co]):
    """What every resource offers, owned or borrowed: its wgpu object and its label."""

    @property
    def raw(self) -> RawT_co:
        """The wgpu object underneath, for interop: use it, never destroy it.

        Raises ResourceReleasedError (BorrowExpiredError for a borrow) once the resource is gone.
        """
        ...

    @property
    def label(self) -> str:
        """The label given at creation ("" when none was)."""
        ...


class Buffer(_Resource[wgpu.GPUBuffer], Protocol):
    """A GPU buffer, owned or borrowed."""

    @property
    def size(self) -> int: ...
    @property
    def usage(self) -> int: ...


class TextureView(_Resource[wgpu.GPUTextureView], Protocol):
    """A view of a texture, owned or borrowed."""

    @property
    def width(self) -> int: ...
    @property
    def height(self) -> int: ...
    @property
    def format(self) -> str: ...


class Texture(_Resource[wgpu.GPUTexture], Protocol):
    """A 2D GPU texture, owned or borrowed."""

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


class ShaderModule(_Resource[wgpu.GPUShaderModule], Protocol):
    """A compiled WGSL module, owned or borrowed."""


class BindGroupLayout(_Resource[wgpu.GPUBindGroupLayout], Protocol):
    """A bind group layout, owned or borrowed."""


class PipelineLayout(_Resource[wgpu.GPUPipelineLayout], Protocol):
    """A pipeline layout, owned or borrowed."""


class ComputePipeline(_Resource[wgpu.GPUComputePipeline], Protocol):
    """A compute pipeline, owned or borrowed."""


class BindGroup(_Resource[wgpu.GPUBindGroup], Protocol):
    """A bind group, owned or borrowed; usable only while everything it binds is alive."""


class ComputePass(_Resource[wgpu.GPUComputePassEncoder], Protocol):
    """A compute pass being recorded, owned or borrowed (only the owner may end it)."""

    def set_pipeline(self, pipeline: ComputePipeline) -> None: ...
    def set_bind_group(self, index: int, bind_group: BindGroup) -> None: ...
    def dispatch_workgroups(self, x: int, y: int = 1, z: int = 1) -> None: ...


class CommandEncoder(_Resource[wgpu.GPUCommandEncoder], Protocol):
    """A command encoder, owned or borrowed (only the owner may finish it)."""

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


class CommandBuffer(_Resource[wgpu.GPUCommandBuffer], Protocol):
    """Recorded commands, owned or borrowed (only the owner may submit them)."""

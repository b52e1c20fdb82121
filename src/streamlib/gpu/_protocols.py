"""What any holder may do with a resource: one Protocol per kind, plus Releasable.

Functions that only *use* a resource take these types, so owned and borrowed
handles are accepted alike. Only owned handles satisfy ``Releasable``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol, TypeVar, runtime_checkable

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
    "RenderPass",
    "RenderPipeline",
    "Sampler",
    "ShaderModule",
    "Texture",
    "TextureView",
]


@runtime_checkable
class Releasable(Protocol):
    """Something whose holder must release it: every owned resource, never a borrowed one."""

    def release(self) -> None:
        """Release the resource now; idempotent and thread-safe, never raises for an already released one."""
        ...

    @property
    def released(self) -> bool:
        """True once released, moved, or unusable because something it depends on was released."""
        ...


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
    def size(self) -> int:
        """Size in bytes. Raises ResourceReleasedError (BorrowExpiredError for a borrow) once gone."""
        ...

    @property
    def usage(self) -> int:
        """The BufferUsage flags it was created with. Raises ResourceReleasedError once gone."""
        ...


class TextureView(_Resource[wgpu.GPUTextureView], Protocol):
    """A view of a texture, owned or borrowed."""

    @property
    def width(self) -> int:
        """Width in texels. Raises ResourceReleasedError once the view or its texture is gone."""
        ...

    @property
    def height(self) -> int:
        """Height in texels. Raises ResourceReleasedError once the view or its texture is gone."""
        ...

    @property
    def format(self) -> str:
        """The texture's texel format ("rgba8unorm"). Raises ResourceReleasedError once gone."""
        ...


class Texture(_Resource[wgpu.GPUTexture], Protocol):
    """A 2D GPU texture, owned or borrowed."""

    @property
    def width(self) -> int:
        """Width in texels. Raises ResourceReleasedError (BorrowExpiredError for a borrow) once gone."""
        ...

    @property
    def height(self) -> int:
        """Height in texels. Raises ResourceReleasedError (BorrowExpiredError for a borrow) once gone."""
        ...

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) in texels. Raises ResourceReleasedError once gone."""
        ...

    @property
    def format(self) -> str:
        """The texel format, a WebGPU string such as "rgba8unorm". Raises ResourceReleasedError once gone."""
        ...

    @property
    def usage(self) -> int:
        """The TextureUsage flags it was created with. Raises ResourceReleasedError once gone."""
        ...

    def create_view(self, *, format: str | None = None, label: str = "") -> TextureView:
        """A view that follows the texture (R5): owned for an owned texture, borrowed for a borrow.

        Raises InvalidArgumentError or GpuValidationError for a format wgpu rejects,
        ResourceReleasedError (BorrowExpiredError for a borrow) once the texture is gone.
        """
        ...


class ShaderModule(_Resource[wgpu.GPUShaderModule], Protocol):
    """A compiled WGSL module, owned or borrowed."""


class BindGroupLayout(_Resource[wgpu.GPUBindGroupLayout], Protocol):
    """A bind group layout, owned or borrowed."""


class PipelineLayout(_Resource[wgpu.GPUPipelineLayout], Protocol):
    """A pipeline layout, owned or borrowed."""


class ComputePipeline(_Resource[wgpu.GPUComputePipeline], Protocol):
    """A compute pipeline, owned or borrowed."""

    def get_bind_group_layout(self, index: int) -> BindGroupLayout:
        """A borrow of the pipeline's layout of ``@group(index)``; it expires with the pipeline (no release).

        Raises InvalidArgumentError for an index outside 0 to max_bind_groups - 1,
        ResourceReleasedError (BorrowExpiredError for a borrow) once the pipeline is gone.
        """
        ...


class BindGroup(_Resource[wgpu.GPUBindGroup], Protocol):
    """A bind group, owned or borrowed; usable only while everything it binds is alive."""


class Sampler(_Resource[wgpu.GPUSampler], Protocol):
    """A texture sampler (filtering and addressing), owned or borrowed; bound in a bind group like a view."""


class RenderPipeline(_Resource[wgpu.GPURenderPipeline], Protocol):
    """A render pipeline (vertex and fragment stages, targets), owned or borrowed."""

    def get_bind_group_layout(self, index: int) -> BindGroupLayout:
        """A borrow of the pipeline's layout of ``@group(index)``; it expires with the pipeline (no release).

        Raises InvalidArgumentError for an index outside 0 to max_bind_groups - 1,
        ResourceReleasedError (BorrowExpiredError for a borrow) once the pipeline is gone.
        """
        ...


class RenderPass(_Resource[wgpu.GPURenderPassEncoder], Protocol):
    """A render pass being recorded, owned or borrowed (only the owner may end it)."""

    def set_pipeline(self, pipeline: RenderPipeline) -> None:
        """Use ``pipeline`` for the next draws. Raises InvalidArgumentError, ResourceReleasedError."""
        ...

    def set_bind_group(self, index: int, bind_group: BindGroup) -> None:
        """Bind ``bind_group`` at ``@group(index)``. Raises ResourceReleasedError if anything it binds is gone."""
        ...

    def set_vertex_buffer(self, slot: int, buffer: Buffer, offset: int = 0, size: int | None = None) -> None:
        """Use ``buffer`` (from ``offset``) as vertex buffer ``slot``. Raises InvalidArgumentError, ResourceReleasedError."""
        ...

    def set_viewport(
        self, x: float, y: float, width: float, height: float, min_depth: float = 0.0, max_depth: float = 1.0
    ) -> None:
        """Draw into the rectangle (x, y, width, height) of the attachments. Raises InvalidArgumentError."""
        ...

    def set_scissor_rect(self, x: int, y: int, width: int, height: int) -> None:
        """Clip the following draws to the rectangle. Raises InvalidArgumentError, ResourceReleasedError."""
        ...

    def draw(self, vertex_count: int, instance_count: int = 1, first_vertex: int = 0, first_instance: int = 0) -> None:
        """Draw ``vertex_count`` vertices, ``instance_count`` times. Raises ResourceReleasedError once the pass ended."""
        ...


class ComputePass(_Resource[wgpu.GPUComputePassEncoder], Protocol):
    """A compute pass being recorded, owned or borrowed (only the owner may end it)."""

    def set_pipeline(self, pipeline: ComputePipeline) -> None:
        """Use ``pipeline`` for the next dispatches. Raises InvalidArgumentError, ResourceReleasedError."""
        ...

    def set_bind_group(self, index: int, bind_group: BindGroup) -> None:
        """Bind ``bind_group`` at ``@group(index)``. Raises ResourceReleasedError if anything it binds is gone."""
        ...

    def dispatch_workgroups(self, x: int, y: int = 1, z: int = 1) -> None:
        """Dispatch an x by y by z grid of workgroups. Raises ResourceReleasedError once the pass has ended."""
        ...


class CommandEncoder(_Resource[wgpu.GPUCommandEncoder], Protocol):
    """A command encoder, owned or borrowed (only the owner may finish it)."""

    def begin_compute_pass(self, *, label: str = "") -> ComputePass:
        """Start recording a compute pass (an owned pass: end() it). Raises ResourceReleasedError once finished."""
        ...

    def begin_render_pass(self, *, color_attachments: Sequence[Mapping[str, Any]], label: str = "") -> RenderPass:
        """Start recording a render pass into the views of ``color_attachments`` (an owned pass: end() it).

        Raises InvalidArgumentError for a malformed attachment, ResourceReleasedError once finished.
        """
        ...

    def copy_texture_to_texture(self, source: Texture, destination: Texture) -> None:
        """Record a whole-texture copy. Raises ResourceReleasedError, GpuValidationError for sizes/formats/usage."""
        ...

    def copy_buffer_to_buffer(
        self,
        source: Buffer,
        destination: Buffer,
        size: int | None = None,
        *,
        source_offset: int = 0,
        destination_offset: int = 0,
    ) -> None:
        """Record a copy of ``size`` bytes (default: the rest of ``source``).

        Raises InvalidArgumentError for a non-buffer, ResourceReleasedError for a released one,
        GpuValidationError for a range, alignment or usage wgpu rejects.
        """
        ...


class CommandBuffer(_Resource[wgpu.GPUCommandBuffer], Protocol):
    """Recorded commands, owned or borrowed (only the owner may submit them)."""

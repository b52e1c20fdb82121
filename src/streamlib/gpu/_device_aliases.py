"""``gpu.device`` and ``gpu.queue``: the call shapes of the Rust-backed streamlib, for ported code.

They forward to GpuContext's factories and queue operations and return the same owned resources.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal, final

from ._commands import OwnedCommandBuffer, OwnedCommandEncoder
from ._errors import InvalidArgumentError
from ._factories import ResourceFactories
from ._memory import OwnedBuffer, OwnedTexture
from ._programs import (
    OwnedBindGroup,
    OwnedBindGroupLayout,
    OwnedComputePipeline,
    OwnedPipelineLayout,
    OwnedRenderPipeline,
    OwnedSampler,
    OwnedShaderModule,
)
from ._protocols import BindGroupLayout, Buffer, PipelineLayout, Texture
from ._queue import QueueOperations

__all__ = ["DeviceNamespace", "QueueNamespace"]


@final
class DeviceNamespace:
    """``gpu.device``: resource creation as the Rust-backed streamlib spelled it. Every result is owned."""

    __slots__ = ("_gpu",)

    def __init__(self, gpu: ResourceFactories) -> None:
        self._gpu = gpu

    def create_shader_module(self, code: str, *, label: str = "") -> OwnedShaderModule:
        return self._gpu.create_shader_module(code, label=label)

    def create_buffer(self, size: int, usage: int, *, label: str = "") -> OwnedBuffer:
        return self._gpu.create_buffer(size, usage, label=label)

    def create_texture(
        self, width: int, height: int, *, format: str = "rgba8unorm", usage: int | None = None, label: str = ""
    ) -> OwnedTexture:
        return self._gpu.create_texture(width, height, format=format, usage=usage, label=label)

    def create_bind_group_layout(
        self, entries: Sequence[Mapping[str, Any]], *, label: str = ""
    ) -> OwnedBindGroupLayout:
        return self._gpu.create_bind_group_layout(entries, label=label)

    def create_pipeline_layout(
        self, bind_group_layouts: Sequence[BindGroupLayout], *, label: str = ""
    ) -> OwnedPipelineLayout:
        return self._gpu.create_pipeline_layout(bind_group_layouts, label=label)

    def create_compute_pipeline(
        self, layout: PipelineLayout | Literal["auto"], compute: Mapping[str, Any], *, label: str = ""
    ) -> OwnedComputePipeline:
        """``compute`` is ``{"module": ShaderModule, "entry_point": "main"}`` as in wgpu."""
        if "module" not in compute:
            raise InvalidArgumentError('create_compute_pipeline: compute needs a "module" (and an "entry_point")')
        return self._gpu.create_compute_pipeline(
            layout=layout,
            module=compute["module"],
            entry_point=compute.get("entry_point", "main"),
            constants=compute.get("constants"),
            label=label,
        )

    def create_bind_group(
        self, layout: BindGroupLayout, entries: Sequence[Mapping[str, Any]], *, label: str = ""
    ) -> OwnedBindGroup:
        return self._gpu.create_bind_group(layout=layout, entries=entries, label=label)

    def create_command_encoder(self, *, label: str = "") -> OwnedCommandEncoder:
        return self._gpu.create_command_encoder(label=label)

    def create_sampler(self, *, label: str = "", **descriptor: Any) -> OwnedSampler:
        """wgpu's sampler descriptor (``mag_filter="linear"``, ``address_mode_u=...``): see GpuContext.create_sampler."""
        return self._gpu.create_sampler(label=label, **descriptor)

    def create_render_pipeline(
        self,
        *,
        layout: PipelineLayout | Literal["auto"],
        vertex: Mapping[str, Any],
        fragment: Mapping[str, Any] | None = None,
        primitive: Mapping[str, Any] | None = None,
        multisample: Mapping[str, Any] | None = None,
        label: str = "",
    ) -> OwnedRenderPipeline:
        """As wgpu's: ``vertex={"module": ..., "entry_point": ...}``, ``fragment={..., "targets": [...]}``."""
        return self._gpu.create_render_pipeline(
            layout=layout, vertex=vertex, fragment=fragment, primitive=primitive, multisample=multisample, label=label
        )


@final
class QueueNamespace:
    """``gpu.queue``: writes and submission as the Rust-backed streamlib spelled them."""

    __slots__ = ("_gpu",)

    def __init__(self, gpu: QueueOperations) -> None:
        self._gpu = gpu

    def write_buffer(self, buffer: Buffer, offset: int, data: Any) -> None:
        self._gpu.write_buffer(buffer, offset, data)

    def write_texture(self, texture: Texture, data: Any) -> None:
        self._gpu.write_texture(texture, data)

    def submit(self, command_buffers: Iterable[OwnedCommandBuffer]) -> None:
        """Consumes the command buffers."""
        self._gpu.submit(command_buffers)

"""Shader modules, layouts, pipelines, samplers and bind groups: kinds without GPU memory of their own.

Releasing one drops the library's last reference to the wgpu object.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, final

import wgpu

from ._errors import InvalidArgumentError, translated
from ._handles import _Borrowed, _Owned, make_borrowed

__all__ = [
    "BorrowedBindGroup",
    "BorrowedBindGroupLayout",
    "BorrowedComputePipeline",
    "BorrowedPipelineLayout",
    "BorrowedRenderPipeline",
    "BorrowedSampler",
    "BorrowedShaderModule",
    "OwnedBindGroup",
    "OwnedBindGroupLayout",
    "OwnedComputePipeline",
    "OwnedPipelineLayout",
    "OwnedRenderPipeline",
    "OwnedSampler",
    "OwnedShaderModule",
]


@final
class BorrowedShaderModule(_Borrowed[wgpu.GPUShaderModule]):
    """A shader module someone else owns."""

    __slots__ = ()
    _kind = "ShaderModule"


@final
class OwnedShaderModule(_Owned[wgpu.GPUShaderModule, BorrowedShaderModule]):
    """A compiled WGSL module you own; release() it when no pipeline needs to be created from it."""

    __slots__ = ()
    _borrowed_type = BorrowedShaderModule


@final
class BorrowedBindGroupLayout(_Borrowed[wgpu.GPUBindGroupLayout]):
    """A bind group layout someone else owns."""

    __slots__ = ()
    _kind = "BindGroupLayout"


@final
class OwnedBindGroupLayout(_Owned[wgpu.GPUBindGroupLayout, BorrowedBindGroupLayout]):
    """A bind group layout you own."""

    __slots__ = ()
    _borrowed_type = BorrowedBindGroupLayout


@final
class BorrowedPipelineLayout(_Borrowed[wgpu.GPUPipelineLayout]):
    """A pipeline layout someone else owns."""

    __slots__ = ()
    _kind = "PipelineLayout"


@final
class OwnedPipelineLayout(_Owned[wgpu.GPUPipelineLayout, BorrowedPipelineLayout]):
    """A pipeline layout you own."""

    __slots__ = ()
    _borrowed_type = BorrowedPipelineLayout


def _group_layout(
    state: _Borrowed[Any], index: int, raw: wgpu.GPUComputePipeline | wgpu.GPURenderPipeline
) -> BorrowedBindGroupLayout:
    """Borrow bind group layout ``index`` of the pipeline whose live state is ``state``."""
    what = f"get_bind_group_layout of {state._kind} {state._label!r}"
    # wgpu-native raises TypeError/OverflowError for a non-int or negative index and GPUValidationError
    # from max_bind_groups up; checked here so that every bad index is one InvalidArgumentError.
    limit = state._registry.device.limits.get("max-bind-groups", 4)
    if type(index) is not int or not 0 <= index < limit:
        raise InvalidArgumentError(
            f"{what}: index must be an int from 0 to {limit - 1} (this device's max_bind_groups is {limit}), "
            f"got {index!r}; use the @group(N) number of the shader's bindings"
        )
    try:
        layout = raw.get_bind_group_layout(index)
    except Exception as exc:
        raise translated(exc, what) from exc
    label = f"{state._label} group {index}" if state._label else f"group {index}"
    # A borrow that depends on the pipeline's state: it expires when the pipeline's owner releases it (R4, R5).
    return make_borrowed(BorrowedBindGroupLayout, layout, label, state._registry, (state,))


class _PipelineOps:
    """What owned and borrowed compute and render pipelines offer beyond raw and label."""

    __slots__ = ()
    if TYPE_CHECKING:

        @property
        def raw(self) -> Any: ...

        _state: Any

    def get_bind_group_layout(self, index: int) -> BorrowedBindGroupLayout:
        """Borrow the pipeline's layout of bind group ``index`` (the shader's ``@group(index)``).

        This is how a ``layout="auto"`` pipeline is used: the layout belongs to the pipeline, so
        the borrow needs no release (pass it inline to create_bind_group) and expires when the
        pipeline's owner releases it; bind groups made from it stay valid. wgpu-native returns an
        empty layout for an index the shader does not use. Raises InvalidArgumentError for an
        index that is not an int from 0 to max_bind_groups - 1, ResourceReleasedError (for a
        borrow, BorrowExpiredError) once the pipeline is released.
        """
        return _group_layout(self._state, index, self.raw)


@final
class BorrowedComputePipeline(_PipelineOps, _Borrowed[wgpu.GPUComputePipeline]):
    """A compute pipeline someone else owns."""

    __slots__ = ()
    _kind = "ComputePipeline"


@final
class OwnedComputePipeline(_PipelineOps, _Owned[wgpu.GPUComputePipeline, BorrowedComputePipeline]):
    """A compute pipeline you own."""

    __slots__ = ()
    _borrowed_type = BorrowedComputePipeline


@final
class BorrowedBindGroup(_Borrowed[wgpu.GPUBindGroup]):
    """A bind group someone else owns; expires when anything it binds is released."""

    __slots__ = ()
    _kind = "BindGroup"


@final
class OwnedBindGroup(_Owned[wgpu.GPUBindGroup, BorrowedBindGroup]):
    """A bind group you own. It keeps what it binds alive until it is released;
    using it after any bound resource was released raises ResourceReleasedError."""

    __slots__ = ()
    _borrowed_type = BorrowedBindGroup


@final
class BorrowedRenderPipeline(_PipelineOps, _Borrowed[wgpu.GPURenderPipeline]):
    """A render pipeline someone else owns."""

    __slots__ = ()
    _kind = "RenderPipeline"


@final
class OwnedRenderPipeline(_PipelineOps, _Owned[wgpu.GPURenderPipeline, BorrowedRenderPipeline]):
    """A render pipeline you own: set it on a render pass to draw."""

    __slots__ = ()
    _borrowed_type = BorrowedRenderPipeline


@final
class BorrowedSampler(_Borrowed[wgpu.GPUSampler]):
    """A sampler someone else owns."""

    __slots__ = ()
    _kind = "Sampler"


@final
class OwnedSampler(_Owned[wgpu.GPUSampler, BorrowedSampler]):
    """A sampler you own. Bind it in a bind group like a view; the bind group keeps it alive (R5)."""

    __slots__ = ()
    _borrowed_type = BorrowedSampler

"""Shader modules, layouts, compute pipelines and bind groups: kinds without GPU memory of their own.

Releasing one drops the library's last reference to the wgpu object.
"""

from __future__ import annotations

from typing import final

import wgpu

from ._handles import _Borrowed, _Owned

__all__ = [
    "BorrowedBindGroup",
    "BorrowedBindGroupLayout",
    "BorrowedComputePipeline",
    "BorrowedPipelineLayout",
    "BorrowedShaderModule",
    "OwnedBindGroup",
    "OwnedBindGroupLayout",
    "OwnedComputePipeline",
    "OwnedPipelineLayout",
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


@final
class BorrowedComputePipeline(_Borrowed[wgpu.GPUComputePipeline]):
    """A compute pipeline someone else owns."""

    __slots__ = ()
    _kind = "ComputePipeline"


@final
class OwnedComputePipeline(_Owned[wgpu.GPUComputePipeline, BorrowedComputePipeline]):
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

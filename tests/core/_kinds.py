"""A table of the fourteen resource kinds: how to make an owned one, and how to use one.

Tests that state a rule for every kind parametrize over ``KINDS`` instead of repeating
themselves. ``make(gpu, helpers)`` returns an owned resource labelled ``label_of(kind)``;
whatever else it had to create (a layout, a parent texture, an encoder) goes into
``helpers`` for the test to release afterwards, in order, with ``release_all``.
``use(gpu, handle)`` does one real operation with ``handle`` (owned or borrowed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import streamlib as sl

DOUBLE_WGSL = """
@group(0) @binding(0) var<storage, read_write> data: array<u32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
    if (id.x < arrayLength(&data)) {
        data[id.x] = data[id.x] * 2u;
    }
}
"""

STORAGE_ENTRY: dict[str, Any] = {
    "binding": 0,
    "visibility": sl.ShaderStage.COMPUTE,
    "buffer": {"type": sl.BufferBindingType.storage},
}
BUFFER_USAGE = sl.BufferUsage.STORAGE | sl.BufferUsage.COPY_SRC | sl.BufferUsage.COPY_DST

# A full-screen triangle whose fragments sample a texture: the render kinds' shader.
BLIT_WGSL = """
struct VsOut { @builtin(position) pos: vec4<f32>, @location(0) uv: vec2<f32> };

@vertex
fn vs_main(@builtin(vertex_index) i: u32) -> VsOut {
    let xy = vec2<f32>(f32((i << 1u) & 2u), f32(i & 2u));
    var out: VsOut;
    out.pos = vec4<f32>(xy * 2.0 - 1.0, 0.0, 1.0);
    out.uv = vec2<f32>(xy.x, 1.0 - xy.y);
    return out;
}

@group(0) @binding(0) var src: texture_2d<f32>;
@group(0) @binding(1) var smp: sampler;

@fragment
fn fs_main(in: VsOut) -> @location(0) vec4<f32> {
    return textureSampleLevel(src, smp, in.uv, 0.0);
}
"""
RENDER_TARGET_USAGE = sl.TextureUsage.RENDER_ATTACHMENT | sl.TextureUsage.COPY_SRC | sl.TextureUsage.TEXTURE_BINDING
SAMPLER_ENTRY: dict[str, Any] = {"binding": 0, "visibility": sl.ShaderStage.FRAGMENT, "sampler": {"type": "filtering"}}


def label_of(kind: str) -> str:
    return f"my-{kind.lower()}"


def release_all(handles: Iterable[sl.Releasable]) -> None:
    for handle in handles:
        handle.release()


def _buffer(gpu: sl.GpuContext, helpers: list[sl.Releasable]) -> sl.OwnedBuffer:
    return gpu.create_buffer(256, BUFFER_USAGE, label=label_of("Buffer"))


def _texture(gpu: sl.GpuContext, helpers: list[sl.Releasable]) -> sl.OwnedTexture:
    return gpu.create_texture(16, 16, label=label_of("Texture"))


def _view(gpu: sl.GpuContext, helpers: list[sl.Releasable]) -> sl.OwnedTextureView:
    texture = gpu.create_texture(16, 16, label="parent")
    helpers.append(texture)
    return texture.create_view(label=label_of("TextureView"))


def _module(gpu: sl.GpuContext, helpers: list[sl.Releasable]) -> sl.OwnedShaderModule:
    return gpu.create_shader_module(DOUBLE_WGSL, label=label_of("ShaderModule"))


def _bgl(gpu: sl.GpuContext, helpers: list[sl.Releasable]) -> sl.OwnedBindGroupLayout:
    return gpu.create_bind_group_layout([STORAGE_ENTRY], label=label_of("BindGroupLayout"))


def _pipeline_layout(gpu: sl.GpuContext, helpers: list[sl.Releasable]) -> sl.OwnedPipelineLayout:
    bgl = gpu.create_bind_group_layout([STORAGE_ENTRY])
    helpers.append(bgl)
    return gpu.create_pipeline_layout([bgl], label=label_of("PipelineLayout"))


def _pipeline(gpu: sl.GpuContext, helpers: list[sl.Releasable]) -> sl.OwnedComputePipeline:
    module = gpu.create_shader_module(DOUBLE_WGSL)
    helpers.append(module)
    return gpu.create_compute_pipeline(layout="auto", module=module, label=label_of("ComputePipeline"))


def _bind_group(gpu: sl.GpuContext, helpers: list[sl.Releasable]) -> sl.OwnedBindGroup:
    bgl = gpu.create_bind_group_layout([STORAGE_ENTRY])
    buffer = gpu.create_buffer(256, BUFFER_USAGE)
    helpers += [bgl, buffer]
    return gpu.create_bind_group(layout=bgl, entries=[{"binding": 0, "resource": buffer}], label=label_of("BindGroup"))


def _encoder(gpu: sl.GpuContext, helpers: list[sl.Releasable]) -> sl.OwnedCommandEncoder:
    return gpu.create_command_encoder(label=label_of("CommandEncoder"))


def _pass(gpu: sl.GpuContext, helpers: list[sl.Releasable]) -> sl.OwnedComputePass:
    encoder = gpu.create_command_encoder()
    helpers.append(encoder)
    return encoder.begin_compute_pass(label=label_of("ComputePass"))


def _command_buffer(gpu: sl.GpuContext, helpers: list[sl.Releasable]) -> sl.OwnedCommandBuffer:
    return gpu.create_command_encoder().finish(label=label_of("CommandBuffer"))


def _sampler(gpu: sl.GpuContext, helpers: list[sl.Releasable]) -> sl.OwnedSampler:
    return gpu.create_sampler(mag_filter="linear", min_filter="linear", label=label_of("Sampler"))


def render_pipeline(gpu: sl.GpuContext, *, label: str = "", format: str = "rgba8unorm") -> sl.OwnedRenderPipeline:
    """The blit pipeline of BLIT_WGSL drawing into ``format``; owned, release it."""
    with gpu.create_shader_module(BLIT_WGSL) as module:
        return gpu.create_render_pipeline(
            layout="auto",
            vertex={"module": module, "entry_point": "vs_main"},
            fragment={"module": module, "entry_point": "fs_main", "targets": [{"format": format}]},
            label=label,
        )


def _render_pipeline(gpu: sl.GpuContext, helpers: list[sl.Releasable]) -> sl.OwnedRenderPipeline:
    return render_pipeline(gpu, label=label_of("RenderPipeline"))


def _render_pass(gpu: sl.GpuContext, helpers: list[sl.Releasable]) -> sl.OwnedRenderPass:
    encoder = gpu.create_command_encoder()
    target = gpu.create_texture(16, 16, usage=RENDER_TARGET_USAGE)
    helpers += [encoder, target]
    return encoder.begin_render_pass(color_attachments=[{"view": target.create_view()}], label=label_of("RenderPass"))


# -- one real use of each kind ------------------------------------------------------------


def _use_buffer(gpu: sl.GpuContext, handle: Any) -> None:
    gpu.write_buffer(handle, 0, b"\0" * 16)


def _use_texture(gpu: sl.GpuContext, handle: Any) -> None:
    gpu.read_texture(handle)


def _use_view(gpu: sl.GpuContext, handle: Any) -> None:
    entry = {"binding": 0, "visibility": sl.ShaderStage.COMPUTE, "texture": {"sample_type": "float"}}
    with gpu.create_bind_group_layout([entry]) as bgl:
        gpu.create_bind_group(layout=bgl, entries=[{"binding": 0, "resource": handle}]).release()


def _use_module(gpu: sl.GpuContext, handle: Any) -> None:
    gpu.create_compute_pipeline(layout="auto", module=handle).release()


def _use_bgl(gpu: sl.GpuContext, handle: Any) -> None:
    gpu.create_pipeline_layout([handle]).release()


def _use_pipeline_layout(gpu: sl.GpuContext, handle: Any) -> None:
    with gpu.create_shader_module(DOUBLE_WGSL) as module:
        gpu.create_compute_pipeline(layout=handle, module=module).release()


def _in_pass(gpu: sl.GpuContext, record: Callable[[sl.OwnedComputePass], None]) -> None:
    with gpu.create_command_encoder() as encoder, encoder.begin_compute_pass() as compute_pass:
        record(compute_pass)


def _use_pipeline(gpu: sl.GpuContext, handle: Any) -> None:
    _in_pass(gpu, lambda p: p.set_pipeline(handle))


def _use_bind_group(gpu: sl.GpuContext, handle: Any) -> None:
    _in_pass(gpu, lambda p: p.set_bind_group(0, handle))


def _use_encoder(gpu: sl.GpuContext, handle: Any) -> None:
    handle.begin_compute_pass().release()


def _use_pass(gpu: sl.GpuContext, handle: Any) -> None:
    handle.dispatch_workgroups(1)


def _use_command_buffer(gpu: sl.GpuContext, handle: Any) -> None:
    gpu.submit([handle])


def _use_sampler(gpu: sl.GpuContext, handle: Any) -> None:
    with gpu.create_bind_group_layout([SAMPLER_ENTRY]) as bgl:
        gpu.create_bind_group(layout=bgl, entries=[{"binding": 0, "resource": handle}]).release()


def _use_render_pipeline(gpu: sl.GpuContext, handle: Any) -> None:
    with (
        gpu.create_texture(4, 4, usage=RENDER_TARGET_USAGE) as target,
        gpu.create_command_encoder() as encoder,
        encoder.begin_render_pass(color_attachments=[{"view": target.create_view()}]) as render_pass,
    ):
        render_pass.set_pipeline(handle)


def _use_render_pass(gpu: sl.GpuContext, handle: Any) -> None:
    handle.set_viewport(0, 0, 8, 8)


@dataclass(frozen=True)
class Kind:
    name: str
    make: Callable[[sl.GpuContext, list[sl.Releasable]], Any]
    use: Callable[[sl.GpuContext, Any], None]
    owned: type[Any]
    borrowed: type[Any]
    wgpu_name: str  # the key in wgpu.diagnostics.object_counts

    def __str__(self) -> str:
        return self.name


KINDS = [
    Kind("Buffer", _buffer, _use_buffer, sl.OwnedBuffer, sl.BorrowedBuffer, "Buffer"),
    Kind("Texture", _texture, _use_texture, sl.OwnedTexture, sl.BorrowedTexture, "Texture"),
    Kind("TextureView", _view, _use_view, sl.OwnedTextureView, sl.BorrowedTextureView, "TextureView"),
    Kind("ShaderModule", _module, _use_module, sl.OwnedShaderModule, sl.BorrowedShaderModule, "ShaderModule"),
    Kind("BindGroupLayout", _bgl, _use_bgl, sl.OwnedBindGroupLayout, sl.BorrowedBindGroupLayout, "BindGroupLayout"),
    Kind(
        "PipelineLayout",
        _pipeline_layout,
        _use_pipeline_layout,
        sl.OwnedPipelineLayout,
        sl.BorrowedPipelineLayout,
        "PipelineLayout",
    ),
    Kind(
        "ComputePipeline",
        _pipeline,
        _use_pipeline,
        sl.OwnedComputePipeline,
        sl.BorrowedComputePipeline,
        "ComputePipeline",
    ),
    Kind("BindGroup", _bind_group, _use_bind_group, sl.OwnedBindGroup, sl.BorrowedBindGroup, "BindGroup"),
    Kind("CommandEncoder", _encoder, _use_encoder, sl.OwnedCommandEncoder, sl.BorrowedCommandEncoder, "CommandEncoder"),
    Kind("ComputePass", _pass, _use_pass, sl.OwnedComputePass, sl.BorrowedComputePass, "ComputePassEncoder"),
    Kind(
        "CommandBuffer",
        _command_buffer,
        _use_command_buffer,
        sl.OwnedCommandBuffer,
        sl.BorrowedCommandBuffer,
        "CommandBuffer",
    ),
    Kind("Sampler", _sampler, _use_sampler, sl.OwnedSampler, sl.BorrowedSampler, "Sampler"),
    Kind(
        "RenderPipeline",
        _render_pipeline,
        _use_render_pipeline,
        sl.OwnedRenderPipeline,
        sl.BorrowedRenderPipeline,
        "RenderPipeline",
    ),
    Kind("RenderPass", _render_pass, _use_render_pass, sl.OwnedRenderPass, sl.BorrowedRenderPass, "RenderPassEncoder"),
]
# Views are covered by their texture: they neither warn when collected nor count as leaks.
WARNING_KINDS = [k for k in KINDS if k.name != "TextureView"]


def wgpu_objects(gpu: sl.GpuContext) -> dict[str, int]:
    """wgpu's own count of live objects per type, after collecting garbage and polling the device."""
    import gc

    import wgpu

    gc.collect()
    gpu.poll()
    counts = wgpu.diagnostics.object_counts.get_dict()
    return {name: int(entry["count"]) for name, entry in counts.items() if name != "total"}


def dead(handle: Any) -> bool:
    """``released`` of an owned handle, ``expired`` of a borrowed one, read afresh (mypy would narrow a property)."""
    return bool(handle.expired if hasattr(handle, "expired") else handle.released)

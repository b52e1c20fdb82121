"""Rule 2 (docs/architecture.md, "Ownership"): a borrowed handle is not accepted where an owned one or Releasable is required."""

import streamlib as sl


def keep_buffer(x: sl.OwnedBuffer) -> None: ...
def keep_texture(x: sl.OwnedTexture) -> None: ...
def keep_texture_view(x: sl.OwnedTextureView) -> None: ...
def keep_shader_module(x: sl.OwnedShaderModule) -> None: ...
def keep_bind_group_layout(x: sl.OwnedBindGroupLayout) -> None: ...
def keep_pipeline_layout(x: sl.OwnedPipelineLayout) -> None: ...
def keep_compute_pipeline(x: sl.OwnedComputePipeline) -> None: ...
def keep_bind_group(x: sl.OwnedBindGroup) -> None: ...
def keep_command_encoder(x: sl.OwnedCommandEncoder) -> None: ...
def keep_compute_pass(x: sl.OwnedComputePass) -> None: ...
def keep_command_buffer(x: sl.OwnedCommandBuffer) -> None: ...
def keep_sampler(x: sl.OwnedSampler) -> None: ...
def keep_render_pipeline(x: sl.OwnedRenderPipeline) -> None: ...
def keep_render_pass(x: sl.OwnedRenderPass) -> None: ...
def release_later(x: sl.Releasable) -> None: ...


def borrowed_where_owned_is_required(
    buffer: sl.OwnedBuffer,
    texture: sl.OwnedTexture,
    texture_view: sl.OwnedTextureView,
    shader_module: sl.OwnedShaderModule,
    bind_group_layout: sl.OwnedBindGroupLayout,
    pipeline_layout: sl.OwnedPipelineLayout,
    compute_pipeline: sl.OwnedComputePipeline,
    bind_group: sl.OwnedBindGroup,
    command_encoder: sl.OwnedCommandEncoder,
    compute_pass: sl.OwnedComputePass,
    command_buffer: sl.OwnedCommandBuffer,
    sampler: sl.OwnedSampler,
    render_pipeline: sl.OwnedRenderPipeline,
    render_pass: sl.OwnedRenderPass,
) -> None:
    # Each pair: the owned handle is accepted, its borrow is not.
    keep_buffer(buffer)
    keep_buffer(buffer.borrow())  # type: ignore[arg-type]
    keep_texture(texture)
    keep_texture(texture.borrow())  # type: ignore[arg-type]
    keep_texture_view(texture_view)
    keep_texture_view(texture_view.borrow())  # type: ignore[arg-type]
    keep_shader_module(shader_module)
    keep_shader_module(shader_module.borrow())  # type: ignore[arg-type]
    keep_bind_group_layout(bind_group_layout)
    keep_bind_group_layout(bind_group_layout.borrow())  # type: ignore[arg-type]
    keep_pipeline_layout(pipeline_layout)
    keep_pipeline_layout(pipeline_layout.borrow())  # type: ignore[arg-type]
    keep_compute_pipeline(compute_pipeline)
    keep_compute_pipeline(compute_pipeline.borrow())  # type: ignore[arg-type]
    keep_bind_group(bind_group)
    keep_bind_group(bind_group.borrow())  # type: ignore[arg-type]
    keep_command_encoder(command_encoder)
    keep_command_encoder(command_encoder.borrow())  # type: ignore[arg-type]
    keep_compute_pass(compute_pass)
    keep_compute_pass(compute_pass.borrow())  # type: ignore[arg-type]
    keep_command_buffer(command_buffer)
    keep_command_buffer(command_buffer.borrow())  # type: ignore[arg-type]
    keep_sampler(sampler)
    keep_sampler(sampler.borrow())  # type: ignore[arg-type]
    keep_render_pipeline(render_pipeline)
    keep_render_pipeline(render_pipeline.borrow())  # type: ignore[arg-type]
    keep_render_pass(render_pass)
    keep_render_pass(render_pass.borrow())  # type: ignore[arg-type]


def borrowed_where_releasable_is_required(
    buffer: sl.BorrowedBuffer,
    texture: sl.BorrowedTexture,
    texture_view: sl.BorrowedTextureView,
    shader_module: sl.BorrowedShaderModule,
    bind_group_layout: sl.BorrowedBindGroupLayout,
    pipeline_layout: sl.BorrowedPipelineLayout,
    compute_pipeline: sl.BorrowedComputePipeline,
    bind_group: sl.BorrowedBindGroup,
    command_encoder: sl.BorrowedCommandEncoder,
    compute_pass: sl.BorrowedComputePass,
    command_buffer: sl.BorrowedCommandBuffer,
    sampler: sl.BorrowedSampler,
    render_pipeline: sl.BorrowedRenderPipeline,
    render_pass: sl.BorrowedRenderPass,
) -> None:
    release_later(buffer)  # type: ignore[arg-type]
    release_later(texture)  # type: ignore[arg-type]
    release_later(texture_view)  # type: ignore[arg-type]
    release_later(shader_module)  # type: ignore[arg-type]
    release_later(bind_group_layout)  # type: ignore[arg-type]
    release_later(pipeline_layout)  # type: ignore[arg-type]
    release_later(compute_pipeline)  # type: ignore[arg-type]
    release_later(bind_group)  # type: ignore[arg-type]
    release_later(command_encoder)  # type: ignore[arg-type]
    release_later(compute_pass)  # type: ignore[arg-type]
    release_later(command_buffer)  # type: ignore[arg-type]
    release_later(sampler)  # type: ignore[arg-type]
    release_later(render_pipeline)  # type: ignore[arg-type]
    release_later(render_pass)  # type: ignore[arg-type]


def moves_take_only_owned(frame: sl.VideoFrame, gpu: sl.GpuContext) -> None:
    # Library entry points that take ownership refuse a borrow.
    sl.VideoFrame.from_texture(frame.data)  # type: ignore[arg-type]
    frame.clone_with_texture(frame.data)  # type: ignore[arg-type]
    texture = gpu.create_texture(8, 8)
    frame.clone_with_texture(texture)

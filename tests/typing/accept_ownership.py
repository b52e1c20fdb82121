"""What mypy must accept and infer (docs/architecture.md, "Ownership"): checked by tests/test_typing.py, never run."""

from typing import assert_type

import wgpu

import streamlib as sl


def factories_return_owned(gpu: sl.GpuContext) -> None:
    buf = gpu.create_buffer(64, sl.BufferUsage.STORAGE)
    assert_type(buf, sl.OwnedBuffer)
    tex = gpu.create_texture(8, 8)
    assert_type(tex, sl.OwnedTexture)
    view = tex.create_view()
    assert_type(view, sl.OwnedTextureView)
    module = gpu.create_shader_module("")
    assert_type(module, sl.OwnedShaderModule)
    bgl = gpu.create_bind_group_layout([])
    assert_type(bgl, sl.OwnedBindGroupLayout)
    layout = gpu.create_pipeline_layout([bgl, bgl.borrow()])
    assert_type(layout, sl.OwnedPipelineLayout)
    pipeline = gpu.create_compute_pipeline(layout=layout, module=module)
    assert_type(pipeline, sl.OwnedComputePipeline)
    assert_type(gpu.create_compute_pipeline(layout="auto", module=module.borrow()), sl.OwnedComputePipeline)
    bind_group = gpu.create_bind_group(layout=bgl, entries=[{"binding": 0, "resource": view}])
    assert_type(bind_group, sl.OwnedBindGroup)
    encoder = gpu.create_command_encoder()
    assert_type(encoder, sl.OwnedCommandEncoder)
    assert_type(encoder.raw, wgpu.GPUCommandEncoder)  # interop keeps wgpu's types (the lean binding too)
    compute_pass = encoder.begin_compute_pass()
    assert_type(compute_pass, sl.OwnedComputePass)
    assert_type(compute_pass.raw, wgpu.GPUComputePassEncoder)
    assert_type(compute_pass.end(), None)
    command_buffer = encoder.finish()
    assert_type(command_buffer, sl.OwnedCommandBuffer)
    assert_type(command_buffer.raw, wgpu.GPUCommandBuffer)
    gpu.submit([command_buffer])
    sampler = gpu.create_sampler(mag_filter="linear")
    assert_type(sampler, sl.OwnedSampler)
    assert_type(gpu.device.create_sampler(min_filter="linear"), sl.OwnedSampler)
    gpu.create_bind_group(layout=bgl, entries=[{"binding": 0, "resource": sampler.borrow()}])
    render_pipeline = gpu.create_render_pipeline(
        layout="auto",
        vertex={"module": module, "entry_point": "vs"},
        fragment={"module": module.borrow(), "entry_point": "fs", "targets": [{"format": "rgba8unorm"}]},
    )
    assert_type(render_pipeline, sl.OwnedRenderPipeline)
    assert_type(render_pipeline.get_bind_group_layout(0), sl.BorrowedBindGroupLayout)
    render_encoder = gpu.create_command_encoder()
    render_pass = render_encoder.begin_render_pass(color_attachments=[{"view": view}])
    assert_type(render_pass, sl.OwnedRenderPass)
    render_pass.set_pipeline(render_pipeline)
    render_pass.set_bind_group(0, bind_group)
    render_pass.draw(3)
    assert_type(render_pass.end(), None)
    gpu.submit([render_encoder.finish()])
    assert_type(gpu.transfer_stats(), sl.TransferStats)
    assert_type(gpu.transfer_stats().downloaded, int)


def derived_objects_follow_their_parent(tex: sl.OwnedTexture, enc: sl.OwnedCommandEncoder) -> None:
    assert_type(tex.create_view(), sl.OwnedTextureView)
    assert_type(tex.borrow().create_view(), sl.BorrowedTextureView)
    # A helper handed a borrowed encoder may record a pass into it; the pass is its own to end.
    assert_type(enc.borrow().begin_compute_pass(), sl.OwnedComputePass)
    assert_type(enc.borrow().begin_render_pass(color_attachments=[]), sl.OwnedRenderPass)


def an_auto_layout_is_borrowed_from_its_pipeline(
    gpu: sl.GpuContext, pipeline: sl.OwnedComputePipeline, any_pipeline: sl.ComputePipeline
) -> None:
    # The pipeline owns its layouts (layout="auto"): a borrow, from an owned or a borrowed pipeline.
    assert_type(pipeline.get_bind_group_layout(0), sl.BorrowedBindGroupLayout)
    assert_type(pipeline.borrow().get_bind_group_layout(0), sl.BorrowedBindGroupLayout)
    assert_type(any_pipeline.get_bind_group_layout(0), sl.BindGroupLayout)
    gpu.create_bind_group(layout=pipeline.get_bind_group_layout(0), entries=[])


def video_frame_data_is_borrowed(frame: sl.VideoFrame, tex: sl.OwnedTexture) -> None:
    assert_type(frame.data, sl.BorrowedTexture)
    assert_type(frame.data.create_view(), sl.BorrowedTextureView)
    assert_type(sl.VideoFrame.from_texture(tex), sl.VideoFrame)
    assert_type(frame.clone(), sl.VideoFrame)


def borrow_returns_borrowed(
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
    assert_type(buffer.borrow(), sl.BorrowedBuffer)
    assert_type(texture.borrow(), sl.BorrowedTexture)
    assert_type(texture_view.borrow(), sl.BorrowedTextureView)
    assert_type(shader_module.borrow(), sl.BorrowedShaderModule)
    assert_type(bind_group_layout.borrow(), sl.BorrowedBindGroupLayout)
    assert_type(pipeline_layout.borrow(), sl.BorrowedPipelineLayout)
    assert_type(compute_pipeline.borrow(), sl.BorrowedComputePipeline)
    assert_type(bind_group.borrow(), sl.BorrowedBindGroup)
    assert_type(command_encoder.borrow(), sl.BorrowedCommandEncoder)
    assert_type(compute_pass.borrow(), sl.BorrowedComputePass)
    assert_type(command_buffer.borrow(), sl.BorrowedCommandBuffer)
    assert_type(sampler.borrow(), sl.BorrowedSampler)
    assert_type(render_pipeline.borrow(), sl.BorrowedRenderPipeline)
    assert_type(render_pass.borrow(), sl.BorrowedRenderPass)


def owned_handles_are_context_managers(buffer: sl.OwnedBuffer, encoder: sl.OwnedCommandEncoder) -> None:
    with buffer as b:
        assert_type(b, sl.OwnedBuffer)
    with encoder as e:
        assert_type(e, sl.OwnedCommandEncoder)
    assert_type(buffer.released, bool)
    assert_type(buffer.borrow().expired, bool)


# Owned and borrowed handles are both assignable to the kind's Protocol.
def owned_and_borrowed_satisfy_the_protocol(
    o_buffer: sl.OwnedBuffer,
    b_buffer: sl.BorrowedBuffer,
    o_texture: sl.OwnedTexture,
    b_texture: sl.BorrowedTexture,
    o_texture_view: sl.OwnedTextureView,
    b_texture_view: sl.BorrowedTextureView,
    o_shader_module: sl.OwnedShaderModule,
    b_shader_module: sl.BorrowedShaderModule,
    o_bind_group_layout: sl.OwnedBindGroupLayout,
    b_bind_group_layout: sl.BorrowedBindGroupLayout,
    o_pipeline_layout: sl.OwnedPipelineLayout,
    b_pipeline_layout: sl.BorrowedPipelineLayout,
    o_compute_pipeline: sl.OwnedComputePipeline,
    b_compute_pipeline: sl.BorrowedComputePipeline,
    o_bind_group: sl.OwnedBindGroup,
    b_bind_group: sl.BorrowedBindGroup,
    o_command_encoder: sl.OwnedCommandEncoder,
    b_command_encoder: sl.BorrowedCommandEncoder,
    o_compute_pass: sl.OwnedComputePass,
    b_compute_pass: sl.BorrowedComputePass,
    o_command_buffer: sl.OwnedCommandBuffer,
    b_command_buffer: sl.BorrowedCommandBuffer,
    o_sampler: sl.OwnedSampler,
    b_sampler: sl.BorrowedSampler,
    o_render_pipeline: sl.OwnedRenderPipeline,
    b_render_pipeline: sl.BorrowedRenderPipeline,
    o_render_pass: sl.OwnedRenderPass,
    b_render_pass: sl.BorrowedRenderPass,
) -> None:
    buffers: list[sl.Buffer] = [o_buffer, b_buffer]
    textures: list[sl.Texture] = [o_texture, b_texture]
    texture_views: list[sl.TextureView] = [o_texture_view, b_texture_view]
    shader_modules: list[sl.ShaderModule] = [o_shader_module, b_shader_module]
    bind_group_layouts: list[sl.BindGroupLayout] = [o_bind_group_layout, b_bind_group_layout]
    pipeline_layouts: list[sl.PipelineLayout] = [o_pipeline_layout, b_pipeline_layout]
    compute_pipelines: list[sl.ComputePipeline] = [o_compute_pipeline, b_compute_pipeline]
    bind_groups: list[sl.BindGroup] = [o_bind_group, b_bind_group]
    command_encoders: list[sl.CommandEncoder] = [o_command_encoder, b_command_encoder]
    compute_passes: list[sl.ComputePass] = [o_compute_pass, b_compute_pass]
    command_buffers: list[sl.CommandBuffer] = [o_command_buffer, b_command_buffer]
    samplers: list[sl.Sampler] = [o_sampler, b_sampler]
    render_pipelines: list[sl.RenderPipeline] = [o_render_pipeline, b_render_pipeline]
    render_passs: list[sl.RenderPass] = [o_render_pass, b_render_pass]


def owned_handles_are_releasable(
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
    releasables: list[sl.Releasable] = [
        buffer,
        texture,
        texture_view,
        shader_module,
        bind_group_layout,
        pipeline_layout,
        compute_pipeline,
        bind_group,
        command_encoder,
        compute_pass,
        command_buffer,
        sampler,
        render_pipeline,
        render_pass,
    ]
    for r in releasables:
        r.release()


def functions_that_only_use_take_the_protocol(gpu: sl.GpuContext, frame: sl.VideoFrame) -> None:
    # GpuContext's data methods take the Protocol: a borrowed frame texture is accepted.
    gpu.read_texture(frame.data)
    gpu.write_buffer(gpu.create_buffer(4, sl.BufferUsage.COPY_DST).borrow(), 0, b"abcd")

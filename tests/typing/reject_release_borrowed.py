"""Rule 1 (docs/architecture.md, "Ownership"): a borrowed handle has no release(); only its owner may release it."""

import streamlib as sl


def release_a_borrow(
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
    buffer.release()  # type: ignore[attr-defined]
    texture.release()  # type: ignore[attr-defined]
    texture_view.release()  # type: ignore[attr-defined]
    shader_module.release()  # type: ignore[attr-defined]
    bind_group_layout.release()  # type: ignore[attr-defined]
    pipeline_layout.release()  # type: ignore[attr-defined]
    compute_pipeline.release()  # type: ignore[attr-defined]
    bind_group.release()  # type: ignore[attr-defined]
    command_encoder.release()  # type: ignore[attr-defined]
    compute_pass.release()  # type: ignore[attr-defined]
    command_buffer.release()  # type: ignore[attr-defined]
    sampler.release()  # type: ignore[attr-defined]
    render_pipeline.release()  # type: ignore[attr-defined]
    render_pass.release()  # type: ignore[attr-defined]


def release_an_auto_layout(pipeline: sl.OwnedComputePipeline) -> None:
    # The layout belongs to the pipeline: released with it, never by its borrower.
    pipeline.get_bind_group_layout(0).release()  # type: ignore[attr-defined]


def release_a_render_pipelines_layout(pipeline: sl.OwnedRenderPipeline) -> None:
    pipeline.get_bind_group_layout(0).release()  # type: ignore[attr-defined]


def release_what_a_frame_lends(frame: sl.VideoFrame, owner: sl.OwnedTexture) -> None:
    frame.data.release()  # type: ignore[attr-defined]
    frame.data.create_view().release()  # type: ignore[attr-defined]
    owner.borrow().release()  # type: ignore[attr-defined]
    owner.release()  # the owner may


def release_through_the_protocol(texture: sl.Texture) -> None:
    # A function that only uses a resource cannot release it either, owned or not.
    texture.release()  # type: ignore[attr-defined]

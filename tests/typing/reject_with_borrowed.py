"""Rule 3 (docs/architecture.md, "Ownership"): a borrowed handle is not a context manager (leaving the block would release it)."""

import streamlib as sl


def with_a_borrow(
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
    with buffer:  # type: ignore[attr-defined]
        pass
    with texture:  # type: ignore[attr-defined]
        pass
    with texture_view:  # type: ignore[attr-defined]
        pass
    with shader_module:  # type: ignore[attr-defined]
        pass
    with bind_group_layout:  # type: ignore[attr-defined]
        pass
    with pipeline_layout:  # type: ignore[attr-defined]
        pass
    with compute_pipeline:  # type: ignore[attr-defined]
        pass
    with bind_group:  # type: ignore[attr-defined]
        pass
    with command_encoder:  # type: ignore[attr-defined]
        pass
    with compute_pass:  # type: ignore[attr-defined]
        pass
    with command_buffer:  # type: ignore[attr-defined]
        pass
    with sampler:  # type: ignore[attr-defined]
        pass
    with render_pipeline:  # type: ignore[attr-defined]
        pass
    with render_pass:  # type: ignore[attr-defined]
        pass


def with_what_a_frame_lends(frame: sl.VideoFrame, owner: sl.OwnedTexture) -> None:
    with frame.data:  # type: ignore[attr-defined]
        pass
    with owner.borrow().create_view():  # type: ignore[attr-defined]
        pass
    with owner.create_view():  # an owned view is fine
        pass

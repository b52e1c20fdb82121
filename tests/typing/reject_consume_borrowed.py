"""Rule 5 (docs/architecture.md, "Ownership"): consuming is the owner's right: no finish(), end() or submit on a borrow."""

import streamlib as sl


def consume_a_borrow(
    gpu: sl.GpuContext,
    encoder: sl.BorrowedCommandEncoder,
    compute_pass: sl.BorrowedComputePass,
    command_buffer: sl.BorrowedCommandBuffer,
    render_pass: sl.BorrowedRenderPass,
) -> None:
    encoder.finish()  # type: ignore[attr-defined]
    compute_pass.end()  # type: ignore[attr-defined]
    render_pass.end()  # type: ignore[attr-defined]
    gpu.submit([command_buffer])  # type: ignore[list-item]
    gpu.submit((command_buffer,))  # type: ignore[arg-type]


def record_into_a_borrow(encoder: sl.BorrowedCommandEncoder, compute_pass: sl.BorrowedComputePass) -> None:
    # What a borrow may do: record commands. A pass it begins is its own (owned), so it may end that one.
    compute_pass.dispatch_workgroups(1)
    own_pass = encoder.begin_compute_pass()
    own_pass.end()
    own_pass.borrow().end()  # type: ignore[attr-defined]


def draw_into_a_borrow(
    encoder: sl.BorrowedCommandEncoder, render_pass: sl.BorrowedRenderPass, view: sl.TextureView
) -> None:
    # The same for render passes: a borrowed pass records draws, only a pass of one's own is ended.
    render_pass.draw(3)
    own_pass = encoder.begin_render_pass(color_attachments=[{"view": view}])
    own_pass.end()
    own_pass.borrow().end()  # type: ignore[attr-defined]


def consume_through_the_protocol(
    gpu: sl.GpuContext,
    encoder: sl.CommandEncoder,
    compute_pass: sl.ComputePass,
    command_buffer: sl.CommandBuffer,
    render_pass: sl.RenderPass,
) -> None:
    # A function that takes the Protocol may be handed a borrow, so it cannot consume either.
    encoder.finish()  # type: ignore[attr-defined]
    compute_pass.end()  # type: ignore[attr-defined]
    render_pass.end()  # type: ignore[attr-defined]
    gpu.submit([command_buffer])  # type: ignore[list-item]


def consume_an_owned_one(gpu: sl.GpuContext) -> None:
    encoder = gpu.create_command_encoder()
    encoder.begin_compute_pass().end()
    gpu.submit([encoder.finish()])

"""Rule 6 (docs/architecture.md, "Ownership"): no public constructors; factories, borrow() and VideoFrame.from_texture are the way in.

The constructors take a private token nobody outside the library can make, so a
call without it, or with anything else, is an error (and raises TypeError at runtime).
"""

import streamlib as sl

sl.OwnedBuffer()  # type: ignore[call-arg]
sl.BorrowedBuffer()  # type: ignore[call-arg]
sl.OwnedTexture()  # type: ignore[call-arg]
sl.BorrowedTexture()  # type: ignore[call-arg]
sl.OwnedTextureView()  # type: ignore[call-arg]
sl.BorrowedTextureView()  # type: ignore[call-arg]
sl.OwnedShaderModule()  # type: ignore[call-arg]
sl.BorrowedShaderModule()  # type: ignore[call-arg]
sl.OwnedBindGroupLayout()  # type: ignore[call-arg]
sl.BorrowedBindGroupLayout()  # type: ignore[call-arg]
sl.OwnedPipelineLayout()  # type: ignore[call-arg]
sl.BorrowedPipelineLayout()  # type: ignore[call-arg]
sl.OwnedComputePipeline()  # type: ignore[call-arg]
sl.BorrowedComputePipeline()  # type: ignore[call-arg]
sl.OwnedBindGroup()  # type: ignore[call-arg]
sl.BorrowedBindGroup()  # type: ignore[call-arg]
sl.OwnedCommandEncoder()  # type: ignore[call-arg]
sl.BorrowedCommandEncoder()  # type: ignore[call-arg]
sl.OwnedComputePass()  # type: ignore[call-arg]
sl.BorrowedComputePass()  # type: ignore[call-arg]
sl.OwnedCommandBuffer()  # type: ignore[call-arg]
sl.BorrowedCommandBuffer()  # type: ignore[call-arg]
sl.OwnedSampler()  # type: ignore[call-arg]
sl.BorrowedSampler()  # type: ignore[call-arg]
sl.OwnedRenderPipeline()  # type: ignore[call-arg]
sl.BorrowedRenderPipeline()  # type: ignore[call-arg]
sl.OwnedRenderPass()  # type: ignore[call-arg]
sl.BorrowedRenderPass()  # type: ignore[call-arg]
sl.VideoFrame()  # type: ignore[call-arg]


def wrap_a_raw_object(gpu: sl.GpuContext, texture: sl.OwnedTexture) -> None:
    # Nor can a wgpu object (or a handle) be passed in to wrap it.
    sl.OwnedBuffer(gpu.raw_device.create_buffer(size=4, usage=0))  # type: ignore[arg-type]
    sl.OwnedTexture(texture.raw)  # type: ignore[arg-type]
    sl.BorrowedTexture(texture)  # type: ignore[arg-type]
    sl.VideoFrame(texture)  # type: ignore[arg-type]

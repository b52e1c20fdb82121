"""Rule 4 (docs/architecture.md, "Ownership"): every concrete owned and borrowed class is @final."""

import streamlib as sl


class MyOwnedBuffer(sl.OwnedBuffer): ...  # type: ignore[misc]


class MyBorrowedBuffer(sl.BorrowedBuffer): ...  # type: ignore[misc]


class MyOwnedTexture(sl.OwnedTexture): ...  # type: ignore[misc]


class MyBorrowedTexture(sl.BorrowedTexture): ...  # type: ignore[misc]


class MyOwnedTextureView(sl.OwnedTextureView): ...  # type: ignore[misc]


class MyBorrowedTextureView(sl.BorrowedTextureView): ...  # type: ignore[misc]


class MyOwnedShaderModule(sl.OwnedShaderModule): ...  # type: ignore[misc]


class MyBorrowedShaderModule(sl.BorrowedShaderModule): ...  # type: ignore[misc]


class MyOwnedBindGroupLayout(sl.OwnedBindGroupLayout): ...  # type: ignore[misc]


class MyBorrowedBindGroupLayout(sl.BorrowedBindGroupLayout): ...  # type: ignore[misc]


class MyOwnedPipelineLayout(sl.OwnedPipelineLayout): ...  # type: ignore[misc]


class MyBorrowedPipelineLayout(sl.BorrowedPipelineLayout): ...  # type: ignore[misc]


class MyOwnedComputePipeline(sl.OwnedComputePipeline): ...  # type: ignore[misc]


class MyBorrowedComputePipeline(sl.BorrowedComputePipeline): ...  # type: ignore[misc]


class MyOwnedBindGroup(sl.OwnedBindGroup): ...  # type: ignore[misc]


class MyBorrowedBindGroup(sl.BorrowedBindGroup): ...  # type: ignore[misc]


class MyOwnedCommandEncoder(sl.OwnedCommandEncoder): ...  # type: ignore[misc]


class MyBorrowedCommandEncoder(sl.BorrowedCommandEncoder): ...  # type: ignore[misc]


class MyOwnedComputePass(sl.OwnedComputePass): ...  # type: ignore[misc]


class MyBorrowedComputePass(sl.BorrowedComputePass): ...  # type: ignore[misc]


class MyOwnedCommandBuffer(sl.OwnedCommandBuffer): ...  # type: ignore[misc]


class MyBorrowedCommandBuffer(sl.BorrowedCommandBuffer): ...  # type: ignore[misc]


class MyOwnedSampler(sl.OwnedSampler): ...  # type: ignore[misc]


class MyBorrowedSampler(sl.BorrowedSampler): ...  # type: ignore[misc]


class MyOwnedRenderPipeline(sl.OwnedRenderPipeline): ...  # type: ignore[misc]


class MyBorrowedRenderPipeline(sl.BorrowedRenderPipeline): ...  # type: ignore[misc]


class MyOwnedRenderPass(sl.OwnedRenderPass): ...  # type: ignore[misc]


class MyBorrowedRenderPass(sl.BorrowedRenderPass): ...  # type: ignore[misc]


class MyVideoFrame(sl.VideoFrame): ...  # type: ignore[misc]

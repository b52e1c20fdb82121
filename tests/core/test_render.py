"""The render kinds on a real device: a draw read back and compared with numpy, samplers bound
like views, and the render pass's consume rules (docs/architecture.md, R3-R6)."""

from __future__ import annotations

import numpy as np
import pytest

import streamlib as sl

from ._kinds import RENDER_TARGET_USAGE, render_pipeline

SOURCE_USAGE = sl.TextureUsage.TEXTURE_BINDING | sl.TextureUsage.COPY_DST


def _skip_on_opengl(gpu: sl.GpuContext) -> None:
    # Alone these pass on OpenGL too; after a long test session's worth of threads used the device,
    # wgpu-native 29's GL backend draws nothing through the sampler (docs/architecture.md, "Backends").
    if gpu.backend == "OpenGL":
        pytest.skip("draws through a sampler are not reliable on wgpu-native's OpenGL backend after threaded use")


def _blit(gpu: sl.GpuContext, src: sl.Texture, dst: sl.Texture, *, filter: str) -> None:
    """Draw ``src`` over all of ``dst`` through a sampler with ``filter``; submitted, not waited for."""
    with (
        render_pipeline(gpu, label="blit", format=dst.format) as pipeline,
        gpu.create_sampler(mag_filter=filter, min_filter=filter, label="blit-sampler") as sampler,
        gpu.create_bind_group(
            layout=pipeline.get_bind_group_layout(0),
            entries=[{"binding": 0, "resource": src.create_view()}, {"binding": 1, "resource": sampler}],
        ) as bind_group,
    ):
        encoder = gpu.create_command_encoder(label="blit")
        render_pass = encoder.begin_render_pass(
            color_attachments=[{"view": dst.create_view(), "clear_value": (1, 0, 1, 1)}], label="blit-pass"
        )
        render_pass.set_pipeline(pipeline)
        render_pass.set_bind_group(0, bind_group)
        render_pass.draw(3)
        render_pass.end()
        gpu.submit([encoder.finish()])


def test_a_draw_through_a_nearest_sampler_copies_the_texture(gpu: sl.GpuContext) -> None:
    _skip_on_opengl(gpu)
    pixels = np.random.default_rng(1).integers(0, 256, (6, 8, 4), dtype=np.uint8)
    with (
        gpu.create_texture(8, 6, usage=SOURCE_USAGE, label="src") as src,
        gpu.create_texture(8, 6, usage=RENDER_TARGET_USAGE, label="dst") as dst,
    ):
        gpu.write_texture(src, pixels)
        _blit(gpu, src, dst, filter="nearest")
        np.testing.assert_array_equal(gpu.read_texture(dst), pixels)


def test_a_linear_sampler_upscales_bilinearly(gpu: sl.GpuContext) -> None:
    _skip_on_opengl(gpu)
    # 2x2 -> 4x4 with clamp-to-edge: texel centres of the target fall at 1/4 and 3/4 between the
    # source's, so each output pixel is a known mix of the four source texels.
    pixels = np.array([[[0, 40, 200, 255], [200, 0, 40, 255]], [[40, 200, 0, 255], [255, 255, 255, 255]]], np.uint8)
    with (
        gpu.create_texture(2, 2, usage=SOURCE_USAGE, label="src") as src,
        gpu.create_texture(4, 4, usage=RENDER_TARGET_USAGE, label="dst") as dst,
    ):
        gpu.write_texture(src, pixels)
        _blit(gpu, src, dst, filter="linear")
        got = gpu.read_texture(dst).astype(np.float64)
    # Output x in texels of the source: (x + 0.5) / 2 - 0.5, clamped to the edge texels.
    coords = np.clip((np.arange(4) + 0.5) / 2 - 0.5, 0, 1)
    weights = np.stack([1 - coords, coords], axis=1)  # (4, 2)
    expected = np.einsum("yi,xj,ijc->yxc", weights, weights, pixels.astype(np.float64))
    assert np.abs(got - expected).max() <= 2.0, np.abs(got - expected).max()


def test_a_bind_group_keeps_its_sampler_and_refuses_a_released_one(gpu: sl.GpuContext) -> None:
    entry = {"binding": 0, "visibility": sl.ShaderStage.FRAGMENT, "sampler": {"type": "filtering"}}
    with gpu.create_bind_group_layout([entry]) as bgl:
        sampler = gpu.create_sampler(label="held")
        group = gpu.create_bind_group(layout=bgl, entries=[{"binding": 0, "resource": sampler.borrow()}], label="bg")
        sampler.release()
        with pytest.raises(sl.ResourceReleasedError, match="depends on Sampler 'held'"):
            _ = group.raw
        group.release()


def test_end_consumes_the_pass_and_finish_blames_an_open_one(gpu: sl.GpuContext) -> None:
    with gpu.create_texture(4, 4, usage=RENDER_TARGET_USAGE) as target:
        encoder = gpu.create_command_encoder(label="enc")
        render_pass = encoder.begin_render_pass(color_attachments=[{"view": target.create_view()}], label="rp")
        borrowed = render_pass.borrow()
        borrowed.set_viewport(0, 0, 2, 2)  # a borrow records...
        assert not hasattr(borrowed, "end")  # ...but cannot end the pass
        render_pass.end()
        assert render_pass.released and borrowed.expired
        with pytest.raises(sl.ResourceReleasedError, match="consumed by end"):
            render_pass.draw(3)
        with pytest.raises(sl.BorrowExpiredError):
            borrowed.draw(3)
        gpu.submit([encoder.finish()])

        encoder = gpu.create_command_encoder(label="enc2")
        left_open = encoder.begin_render_pass(color_attachments=[{"view": target.create_view()}], label="open")
        with pytest.raises(sl.GpuValidationError, match="render pass 'open' was begun but never ended"):
            encoder.finish()
        left_open.release()


def test_submit_refuses_a_target_released_after_recording(gpu: sl.GpuContext) -> None:
    target = gpu.create_texture(4, 4, usage=RENDER_TARGET_USAGE, label="target")
    encoder = gpu.create_command_encoder()
    encoder.begin_render_pass(color_attachments=[{"view": target.create_view()}]).end()
    commands = encoder.finish(label="draws")
    target.release()
    with pytest.raises(sl.ResourceReleasedError, match="'draws' uses Texture 'target'"):
        gpu.submit([commands])
    assert not commands.released  # nothing consumed: release it
    commands.release()


def test_transfer_stats_count_bytes_both_ways(gpu: sl.GpuContext) -> None:
    before = gpu.transfer_stats()
    with gpu.create_texture(8, 4, label="counted") as texture:
        gpu.write_texture(texture, np.zeros((4, 8, 4), np.uint8))
        gpu.read_texture(texture)
        gpu.read_texture(texture)
    after = gpu.transfer_stats()
    assert isinstance(after, sl.TransferStats)
    assert after.uploaded - before.uploaded == 8 * 4 * 4
    assert after.downloaded - before.downloaded == 2 * 8 * 4 * 4

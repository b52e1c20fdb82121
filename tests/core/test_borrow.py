"""R8: borrowing is zero-copy: the same wgpu object, and no GPU object created."""

from __future__ import annotations

import pytest

import streamlib as sl

from ._kinds import KINDS, Kind, release_all, wgpu_objects


@pytest.mark.parametrize("kind", KINDS, ids=str)
def test_borrow_wraps_the_very_same_wgpu_object(gpu: sl.GpuContext, kind: Kind) -> None:
    helpers: list[sl.Releasable] = []
    handle = kind.make(gpu, helpers)
    raw = handle.raw  # an encoder's, pass's or command buffer's wgpu-py object is made on first use
    before = wgpu_objects(gpu)
    live_before = sl.live_counts()
    borrowed = handle.borrow()
    again = handle.borrow()
    assert isinstance(borrowed, kind.borrowed)
    assert borrowed.raw is raw and handle.raw is raw
    assert again.raw is raw
    assert borrowed.label == handle.label
    assert wgpu_objects(gpu) == before
    assert sl.live_counts() == live_before, "a borrow is not an owned resource"
    assert not isinstance(borrowed, sl.Releasable)
    handle.release()
    release_all(helpers)


def test_frame_data_is_the_frames_texture(gpu: sl.GpuContext) -> None:
    tex = gpu.create_texture(16, 8)
    raw = tex.raw
    with sl.VideoFrame.from_texture(tex) as frame:
        before = wgpu_objects(gpu)
        data = frame.data
        assert isinstance(data, sl.BorrowedTexture)
        assert data.raw is raw
        clone = frame.clone()
        assert clone.data.raw is raw
        assert frame.ref_count == 2
        clone.release()
        assert (data.width, data.height, data.size) == (16, 8, (16, 8))
        assert wgpu_objects(gpu) == before


def test_borrowed_handles_are_usable_like_owned(gpu: sl.GpuContext) -> None:
    """Functions taking the Protocol type accept borrows: a copy between two borrowed textures."""
    import numpy as np

    pixels = np.arange(4 * 4 * 4, dtype=np.uint8).reshape(4, 4, 4)
    with gpu.create_texture(4, 4) as src, gpu.create_texture(4, 4) as dst:
        gpu.write_texture(src.borrow(), pixels)
        with gpu.create_command_encoder() as encoder:
            encoder.borrow().copy_texture_to_texture(src.borrow(), dst.borrow())
            gpu.submit([encoder.finish()])
        np.testing.assert_array_equal(gpu.read_texture(dst.borrow()), pixels)

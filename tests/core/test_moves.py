"""R6: finish, end, submit and handing a texture to a frame are moves; the moved-from handle is dead."""

from __future__ import annotations

from typing import Any

import pytest

import streamlib as sl


def test_finish_consumes_the_encoder(gpu: sl.GpuContext) -> None:
    encoder = gpu.create_command_encoder(label="enc")
    command_buffer = encoder.finish()
    assert isinstance(command_buffer, sl.OwnedCommandBuffer)
    assert encoder.released
    with pytest.raises(sl.ResourceReleasedError, match=r"OwnedCommandEncoder 'enc' was consumed by finish\(\)"):
        encoder.begin_compute_pass()
    with pytest.raises(sl.ResourceReleasedError):
        encoder.finish()
    encoder.release()  # a no-op on a consumed handle
    assert not command_buffer.released
    command_buffer.release()


def test_end_consumes_the_pass(gpu: sl.GpuContext) -> None:
    with gpu.create_command_encoder() as encoder:
        compute_pass = encoder.begin_compute_pass(label="p")
        compute_pass.end()
        assert compute_pass.released
        with pytest.raises(sl.ResourceReleasedError, match=r"'p' was consumed by end\(\)"):
            compute_pass.dispatch_workgroups(1)
        with pytest.raises(sl.ResourceReleasedError):
            compute_pass.end()


def test_submit_consumes_command_buffers(gpu: sl.GpuContext) -> None:
    first = gpu.create_command_encoder().finish(label="one")
    second = gpu.create_command_encoder().finish(label="two")
    gpu.submit([first, second])
    assert first.released and second.released
    with pytest.raises(sl.ResourceReleasedError, match=r"'one' was consumed by submit\(\)"):
        gpu.submit([first])


def test_submitting_one_buffer_twice_in_a_call_consumes_nothing(gpu: sl.GpuContext) -> None:
    command_buffer = gpu.create_command_encoder().finish(label="dup")
    with pytest.raises(sl.StreamlibError, match="'dup'"):
        gpu.submit([command_buffer, command_buffer])
    assert not command_buffer.released
    gpu.submit([command_buffer])


def test_borrowed_command_buffer_cannot_be_submitted(gpu: sl.GpuContext) -> None:
    """Consuming is the owner's right: a borrower submitting would end the owner's buffer."""
    command_buffer = gpu.create_command_encoder().finish(label="mine")
    borrowed: Any = command_buffer.borrow()
    with pytest.raises(sl.InvalidArgumentError, match="OwnedCommandBuffer"):
        gpu.submit([borrowed])
    assert not command_buffer.released
    gpu.submit([command_buffer])


def test_from_texture_moves_the_texture(gpu: sl.GpuContext) -> None:
    tex = gpu.create_texture(8, 8, label="cam")
    raw = tex.raw
    frame = sl.VideoFrame.from_texture(tex, frame_number=3, timestamp=0.5, metadata={"k": "v"})
    assert tex.released
    with pytest.raises(sl.ResourceReleasedError, match="'cam' was moved into VideoFrame #3"):
        _ = tex.raw
    with pytest.raises(sl.ResourceReleasedError):
        sl.VideoFrame.from_texture(tex)
    tex.release()  # releasing a moved-from handle must not touch the frame's texture
    assert frame.data.raw is raw
    assert (frame.width, frame.height, frame.format) == (8, 8, "rgba8unorm")
    assert (frame.frame_number, frame.timestamp, dict(frame.metadata)) == (3, 0.5, {"k": "v"})
    frame.release()
    assert frame.released


def test_clone_with_texture_moves_the_texture(gpu: sl.GpuContext) -> None:
    frame = sl.VideoFrame.from_texture(gpu.create_texture(8, 8), frame_number=9, timestamp=1.5)
    tex = gpu.create_texture(4, 4, label="next")
    raw = tex.raw
    other = frame.clone_with_texture(tex)
    assert tex.released
    with pytest.raises(sl.ResourceReleasedError, match="'next' was moved"):
        gpu.read_texture(tex)
    assert other.data.raw is raw
    assert (other.frame_number, other.timestamp, other.width) == (9, 1.5, 4)
    frame.release()
    assert not other.data.expired
    other.release()


def test_from_texture_refuses_a_borrow(gpu: sl.GpuContext) -> None:
    with gpu.create_texture(8, 8) as tex:
        borrowed: Any = tex.borrow()
        with pytest.raises(sl.InvalidArgumentError, match="OwnedTexture"):
            sl.VideoFrame.from_texture(borrowed)
        assert not tex.released

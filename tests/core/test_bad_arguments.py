"""Bad arguments beyond the table in tests/reliability/test_bad_input.py: the error classes, moves
that must not happen when an argument is wrong, and finish()'s open-pass hint both ways."""

from __future__ import annotations

import enum
from typing import Any

import numpy as np
import pytest

import streamlib as sl

U = sl.BufferUsage
WGSL = """
@group(0) @binding(0) var<storage, read_write> data: array<u32>;
@compute @workgroup_size(1) fn main(@builtin(global_invocation_id) id: vec3<u32>) { data[id.x] = id.x + 1u; }
"""


def wrong(value: object) -> Any:
    """``value`` hidden from the type checker: these tests pass what mypy would reject, on purpose."""
    return value


def test_invalid_type_error_is_an_invalid_argument_and_a_type_error() -> None:
    assert issubclass(sl.InvalidTypeError, sl.InvalidArgumentError)
    assert issubclass(sl.InvalidTypeError, TypeError)
    assert issubclass(sl.InvalidArgumentError, ValueError)
    assert not issubclass(sl.InvalidArgumentError, TypeError)
    assert sl.InvalidTypeError.__module__ == "streamlib"
    assert "InvalidTypeError" in sl.__all__ and "InvalidTypeError" in sl.gpu.__all__
    assert sl.gpu.InvalidTypeError is sl.InvalidTypeError


def test_a_wrong_type_is_caught_as_type_error_and_as_invalid_argument(gpu: sl.GpuContext) -> None:
    with pytest.raises(TypeError):
        gpu.create_texture(wrong("8"), 8)
    with pytest.raises(sl.InvalidArgumentError):
        gpu.create_texture(wrong("8"), 8)
    with pytest.raises(ValueError):
        gpu.create_texture(0, 8)


BAD_FRAME_ARGUMENTS: list[tuple[str, dict[str, Any]]] = [
    ("str-frame-number", {"frame_number": "1"}),
    ("negative-frame-number", {"frame_number": -3}),
    ("bool-frame-number", {"frame_number": True}),
    ("none-timestamp", {"timestamp": None}),
    ("inf-timestamp", {"timestamp": float("inf")}),
    ("list-metadata", {"metadata": ["a"]}),
    ("int-metadata-value", {"metadata": {"k": 1}}),
    ("int-metadata-key", {"metadata": {1: "v"}}),
]


@pytest.mark.parametrize("kwargs", [k for _, k in BAD_FRAME_ARGUMENTS], ids=[i for i, _ in BAD_FRAME_ARGUMENTS])
def test_from_texture_with_a_bad_argument_leaves_the_texture_to_the_caller(
    gpu: sl.GpuContext, kwargs: dict[str, Any]
) -> None:
    """A move validates first: after the error the caller still owns a usable texture (R6)."""
    tex = gpu.create_texture(4, 4, label="mine")
    raw = tex.raw
    with pytest.raises(sl.InvalidArgumentError):
        sl.VideoFrame.from_texture(tex, **kwargs)
    assert not tex.released
    assert tex.raw is raw
    pixels = np.full((4, 4, 4), 7, np.uint8)
    gpu.write_texture(tex, pixels)
    assert np.array_equal(gpu.read_texture(tex), pixels)
    with sl.VideoFrame.from_texture(tex, frame_number=2) as frame:  # and it can still be moved
        assert frame.data.raw is raw
    assert tex.released


def test_clone_with_texture_refusing_a_borrow_keeps_both_textures(gpu: sl.GpuContext) -> None:
    mine = gpu.create_texture(4, 4, label="mine")
    with sl.VideoFrame.from_texture(gpu.create_texture(4, 4), frame_number=5, metadata={"k": "v"}) as frame:
        with pytest.raises(sl.InvalidTypeError, match="OwnedTexture"):
            frame.clone_with_texture(wrong(mine.borrow()))
        assert not mine.released and not frame.released
        with frame.clone_with_texture(mine) as other:
            assert (other.frame_number, dict(other.metadata)) == (5, {"k": "v"})
            assert other.metadata is frame.metadata  # read-only, so shared rather than copied


def test_int_subclasses_are_accepted_where_an_int_is_expected(gpu: sl.GpuContext) -> None:
    """The fast paths test ``type(x) is int``; int subclasses (IntEnum, numpy ints) take the slow path and pass."""

    class Slot(enum.IntEnum):
        DATA = 0

    buffer = gpu.create_buffer(16, U.STORAGE | U.COPY_SRC, label="ints")
    layout = gpu.create_bind_group_layout(
        [{"binding": 0, "visibility": sl.ShaderStage.COMPUTE, "buffer": {"type": "storage"}}]
    )
    group = gpu.create_bind_group(layout=layout, entries=[{"binding": Slot.DATA, "resource": buffer}])
    module = gpu.create_shader_module(WGSL)
    pipeline = gpu.create_compute_pipeline(layout="auto", module=module)
    group2 = gpu.create_bind_group(
        layout=pipeline.get_bind_group_layout(0), entries=[{"binding": 0, "resource": buffer}]
    )
    enc = gpu.create_command_encoder()
    cp = enc.begin_compute_pass()
    cp.set_pipeline(pipeline)
    cp.set_bind_group(Slot.DATA, group2)
    cp.dispatch_workgroups(wrong(np.int64(4)), 1, 0)  # a zero-sized grid is valid WebGPU: it runs nothing
    cp.dispatch_workgroups(wrong(np.int64(4)))
    cp.end()
    gpu.submit([enc.finish()])
    assert np.frombuffer(gpu.read_buffer(buffer, wrong(np.int64(0))), np.uint32).tolist() == [1, 2, 3, 4]
    with sl.VideoFrame.from_texture(
        gpu.create_texture(4, 4), frame_number=wrong(np.int64(9)), timestamp=wrong(np.float32(0.5))
    ) as f:
        assert (type(f.frame_number), f.frame_number, type(f.timestamp), f.timestamp) == (int, 9, float, 0.5)
    for owned in (group2, pipeline, module, group, layout, buffer):
        owned.release()


def _bad_copy(gpu: sl.GpuContext, enc: sl.OwnedCommandEncoder) -> list[sl.OwnedTexture]:
    """Record a copy wgpu refuses only at finish(): an 8x8 source into a 4x4 destination."""
    src, dst = gpu.create_texture(8, 8, label="big"), gpu.create_texture(4, 4, label="small")
    enc.copy_texture_to_texture(src, dst)
    return [src, dst]


def test_finish_passes_wgpus_message_through_when_no_pass_is_open(gpu: sl.GpuContext) -> None:
    enc = gpu.create_command_encoder(label="copier")
    cp = enc.begin_compute_pass(label="done")
    cp.end()  # a pass that was begun and ended is no excuse
    textures = _bad_copy(gpu, enc)
    with pytest.raises(sl.GpuValidationError) as caught:
        enc.finish()
    message = str(caught.value)
    assert "'copier'" in message and "overrunning the bounds of the Destination texture" in message
    assert "compute pass" not in message and "end() it" not in message
    enc.release()
    for t in textures:
        t.release()


def test_finish_names_the_pass_still_open(gpu: sl.GpuContext) -> None:
    enc = gpu.create_command_encoder(label="opener")
    cp = enc.begin_compute_pass(label="left-open")
    with pytest.raises(sl.GpuValidationError, match=r"'opener' \(compute pass 'left-open' was begun but never ended"):
        enc.finish()
    cp.release()
    enc.release()


def test_wgsl_with_a_nul_byte_is_refused_not_truncated(gpu: sl.GpuContext) -> None:
    """wgpu reads the source as a C string: everything after a NUL would be dropped without a word."""
    with pytest.raises(sl.InvalidArgumentError, match=r"'trunc'.*NUL character \(line 2, offset 9\)"):
        gpu.create_shader_module("fn a(\n){}\0garbage that is not WGSL {{{", label="trunc")
    gpu.create_shader_module(WGSL, label="fine").release()

"""R5: views and bind groups follow what they derive from."""

from __future__ import annotations

import gc
from typing import Any

import pytest

import streamlib as sl

from ._kinds import BUFFER_USAGE, STORAGE_ENTRY, wgpu_objects

SAMPLED_ENTRY: dict[str, Any] = {
    "binding": 0,
    "visibility": sl.ShaderStage.COMPUTE,
    "texture": {"sample_type": "float"},
}
READ_TEXTURE_WGSL = """
@group(0) @binding(0) var src: texture_2d<f32>;

@compute @workgroup_size(1)
fn main() {
    _ = textureLoad(src, vec2<i32>(0, 0), 0);
}
"""


def test_view_of_owned_texture_dies_with_it(gpu: sl.GpuContext) -> None:
    baseline = wgpu_objects(gpu)
    tex = gpu.create_texture(8, 8, label="parent")
    view = tex.create_view(label="child")
    assert isinstance(view, sl.OwnedTextureView)
    assert view.raw.texture is tex.raw
    tex.release()
    assert view.released
    with pytest.raises(sl.ResourceReleasedError, match="'parent'") as info:
        _ = view.raw
    assert "OwnedTextureView 'child'" in str(info.value)
    del info  # its traceback holds the frame that read the raw view
    view.release()  # still allowed, and a no-op for the GPU
    del view
    assert wgpu_objects(gpu) == baseline


def test_view_of_borrowed_texture_is_borrowed(gpu: sl.GpuContext) -> None:
    with gpu.create_texture(8, 8, label="parent") as tex:
        view = tex.borrow().create_view()
        assert isinstance(view, sl.BorrowedTextureView)
        assert not hasattr(view, "release")
        assert view.raw.texture is tex.raw
    with pytest.raises(sl.BorrowExpiredError, match="'parent'"):
        _ = view.raw


def test_unreleased_view_is_not_a_leak(gpu: sl.GpuContext) -> None:
    tex = gpu.create_texture(8, 8, label="parent")
    view = tex.create_view()
    assert "TextureView" not in {r.kind for r in sl.live_resources(include_views=False)}
    tex.release()
    del view
    gc.collect()  # no ResourceWarning: filterwarnings=error would turn it into a failure


def _bind_texture(gpu: sl.GpuContext, layout: sl.BindGroupLayout, tex: sl.Texture) -> sl.OwnedBindGroup:
    return gpu.create_bind_group(layout=layout, entries=[{"binding": 0, "resource": tex.create_view()}])


def test_inline_view_in_bind_group_is_kept_alive_and_silent(gpu: sl.GpuContext) -> None:
    baseline = wgpu_objects(gpu)
    with (
        gpu.create_texture(8, 8, label="src") as tex,
        gpu.create_bind_group_layout([SAMPLED_ENTRY]) as layout,
        gpu.create_pipeline_layout([layout]) as pipeline_layout,
        gpu.create_shader_module(READ_TEXTURE_WGSL) as module,
        gpu.create_compute_pipeline(layout=pipeline_layout, module=module) as pipeline,
    ):
        bind_group = _bind_texture(gpu, layout, tex)
        gc.collect()  # the temporary view is only referenced by the bind group now
        encoder = gpu.create_command_encoder()
        compute_pass = encoder.begin_compute_pass()
        compute_pass.set_pipeline(pipeline)
        compute_pass.set_bind_group(0, bind_group)
        compute_pass.dispatch_workgroups(1)
        compute_pass.end()
        gpu.submit([encoder.finish()])
        bind_group.release()
        gpu.read_texture(tex)  # waits for the GPU
    del bind_group, compute_pass, encoder
    assert wgpu_objects(gpu) == baseline


def test_bind_group_of_released_texture_refuses_set_bind_group(gpu: sl.GpuContext) -> None:
    with gpu.create_bind_group_layout([SAMPLED_ENTRY]) as layout:
        tex = gpu.create_texture(8, 8, label="gone")
        bind_group = _bind_texture(gpu, layout, tex)
        tex.release()
        assert bind_group.released
        with gpu.create_command_encoder() as encoder, encoder.begin_compute_pass() as compute_pass:
            with pytest.raises(sl.ResourceReleasedError, match="'gone'") as info:
                compute_pass.set_bind_group(0, bind_group)
            assert info.value.__cause__ is None, "wgpu must not have seen the dead bind group"
        borrowed = bind_group.borrow
        with pytest.raises(sl.ResourceReleasedError):
            borrowed()
        bind_group.release()


def test_bind_group_of_released_buffer_refuses_submit(gpu: sl.GpuContext) -> None:
    """A resource released between recording and submit: submit raises and consumes nothing."""
    from ._kinds import DOUBLE_WGSL

    with (
        gpu.create_bind_group_layout([STORAGE_ENTRY]) as layout,
        gpu.create_pipeline_layout([layout]) as pipeline_layout,
        gpu.create_shader_module(DOUBLE_WGSL) as module,
        gpu.create_compute_pipeline(layout=pipeline_layout, module=module) as pipeline,
    ):
        buf = gpu.create_buffer(256, BUFFER_USAGE, label="data")
        bind_group = gpu.create_bind_group(layout=layout, entries=[{"binding": 0, "resource": buf}], label="bg")
        encoder = gpu.create_command_encoder()
        compute_pass = encoder.begin_compute_pass()
        compute_pass.set_pipeline(pipeline)
        compute_pass.set_bind_group(0, bind_group.borrow())
        compute_pass.dispatch_workgroups(1)
        compute_pass.end()
        command_buffer = encoder.finish()
        buf.release()
        with pytest.raises(sl.ResourceReleasedError, match="'data'") as info:
            gpu.submit([command_buffer])
        assert info.value.__cause__ is None
        assert not command_buffer.released, "a refused submit must consume nothing"
        command_buffer.release()
        bind_group.release()


def test_bind_group_with_buffer_range(gpu: sl.GpuContext) -> None:
    with (
        gpu.create_bind_group_layout([STORAGE_ENTRY]) as layout,
        gpu.create_buffer(512, BUFFER_USAGE, label="ranged") as buf,
    ):
        entry = {"binding": 0, "resource": {"buffer": buf.borrow(), "offset": 256, "size": 256}}
        with gpu.create_bind_group(layout=layout, entries=[entry]) as bind_group:
            assert not bind_group.released
        buf.release()
        with pytest.raises(sl.ResourceReleasedError, match="'ranged'"):
            gpu.create_bind_group(layout=layout, entries=[entry])

"""The public surface at run time: exports, the 42 ownership names, finality, constructors.

Modelled on trio's ``_tests/test_exports.py``. The static side of the same rules is
tests/test_typing.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from typing_extensions import is_protocol

import streamlib as sl

KINDS = [
    "Buffer",
    "Texture",
    "TextureView",
    "ShaderModule",
    "BindGroupLayout",
    "PipelineLayout",
    "ComputePipeline",
    "BindGroup",
    "CommandEncoder",
    "ComputePass",
    "CommandBuffer",
    "Sampler",
    "RenderPipeline",
    "RenderPass",
]
OWNED = [getattr(sl, f"Owned{kind}") for kind in KINDS]
BORROWED = [getattr(sl, f"Borrowed{kind}") for kind in KINDS]
PROTOCOLS = [getattr(sl, kind) for kind in KINDS]
NO_CONSTRUCTOR = [*OWNED, *BORROWED, sl.VideoFrame]
OWNER_ONLY = ["release", "released", "borrow", "__enter__", "__exit__"]

WGSL = """
@group(0) @binding(0) var<storage, read_write> data: array<u32>;
@compute @workgroup_size(1) fn main() { data[0] = 1u; }
"""
RENDER_WGSL = """
@vertex fn vs(@builtin(vertex_index) i: u32) -> @builtin(position) vec4<f32> { return vec4<f32>(0.0, 0.0, 0.0, 1.0); }
@fragment fn fs() -> @location(0) vec4<f32> { return vec4<f32>(1.0); }
"""


def is_releasable(resource: object) -> bool:
    # A function, so that mypy does not narrow (or, for a final borrowed class, rule out) the argument.
    return isinstance(resource, sl.Releasable)


def test_every_name_in_all_imports() -> None:
    assert len(set(sl.__all__)) == len(sl.__all__), "duplicate names in streamlib.__all__"
    namespace: dict[str, Any] = {}
    exec("from streamlib import *", namespace)
    missing = [name for name in sl.__all__ if name not in namespace]
    assert not missing, f"in streamlib.__all__ but not importable: {missing}"


def test_all_42_ownership_names_are_exported() -> None:
    names = [f"{prefix}{kind}" for kind in KINDS for prefix in ("", "Owned", "Borrowed")]
    assert len(set(names)) == 42
    assert set(names) <= set(sl.__all__)
    assert "Releasable" in sl.__all__


@pytest.mark.parametrize("protocol", PROTOCOLS, ids=KINDS)
def test_each_kind_has_a_protocol(protocol: type) -> None:
    assert is_protocol(protocol)


def test_releasable_is_a_runtime_checkable_protocol() -> None:
    assert is_protocol(sl.Releasable)
    assert not is_releasable(object())


@pytest.mark.parametrize("cls", NO_CONSTRUCTOR, ids=lambda c: c.__name__)
def test_ownership_classes_are_final(cls: type) -> None:
    assert getattr(cls, "__final__", False) is True, f"{cls.__name__} must be @final"


@pytest.mark.parametrize("cls", NO_CONSTRUCTOR, ids=lambda c: c.__name__)
def test_no_public_constructor(cls: type) -> None:
    for args in [(), (object(),), (None, None)]:
        with pytest.raises(TypeError, match=f"^{cls.__name__} has no public constructor"):
            cls(*args)
    with pytest.raises(TypeError, match="no public constructor"):
        cls(label="x")


def test_video_frame_constructor_error_points_to_from_texture() -> None:
    cls: type = sl.VideoFrame
    with pytest.raises(
        TypeError, match=r"^VideoFrame has no public constructor; .*VideoFrame\.from_texture\(texture\)"
    ):
        cls()


@pytest.mark.parametrize(("owned", "borrowed"), list(zip(OWNED, BORROWED, strict=True)), ids=KINDS)
def test_owned_and_borrowed_interfaces(owned: type, borrowed: type) -> None:
    for name in OWNER_ONLY:
        assert hasattr(owned, name), f"{owned.__name__} lacks {name}"
    for name in OWNER_ONLY:
        assert not hasattr(borrowed, name), f"{borrowed.__name__} must not have {name}"
    # Parallel hierarchies: nothing inherits across the line.
    assert not issubclass(owned, borrowed) and not issubclass(borrowed, owned)


@pytest.fixture
def every_owned_kind(gpu: sl.GpuContext) -> Iterator[dict[str, Any]]:
    """One live owned resource of each of the fourteen kinds, all on a real device."""
    with ExitStack() as stack:
        buffer = stack.enter_context(gpu.create_buffer(16, sl.BufferUsage.STORAGE, label="exports"))
        texture = stack.enter_context(gpu.create_texture(4, 4, label="exports"))
        view = stack.enter_context(texture.create_view())
        module = stack.enter_context(gpu.create_shader_module(WGSL, label="exports"))
        bgl = stack.enter_context(
            gpu.create_bind_group_layout(
                [{"binding": 0, "visibility": sl.ShaderStage.COMPUTE, "buffer": {"type": "storage"}}]
            )
        )
        layout = stack.enter_context(gpu.create_pipeline_layout([bgl]))
        pipeline = stack.enter_context(gpu.create_compute_pipeline(layout=layout, module=module))
        bind_group = stack.enter_context(
            gpu.create_bind_group(layout=bgl, entries=[{"binding": 0, "resource": buffer}])
        )
        encoder = stack.enter_context(gpu.create_command_encoder())
        finished = stack.enter_context(gpu.create_command_encoder())
        stack.enter_context(finished.begin_compute_pass()).end()
        command_buffer = stack.enter_context(finished.finish())
        open_pass = stack.enter_context(encoder.begin_compute_pass())
        sampler = stack.enter_context(gpu.create_sampler(label="exports"))
        render_module = stack.enter_context(gpu.create_shader_module(RENDER_WGSL, label="exports-render"))
        render_pipeline = stack.enter_context(
            gpu.create_render_pipeline(
                layout="auto",
                vertex={"module": render_module, "entry_point": "vs"},
                fragment={"module": render_module, "entry_point": "fs", "targets": [{"format": "rgba8unorm"}]},
            )
        )
        target = stack.enter_context(
            gpu.create_texture(4, 4, usage=sl.TextureUsage.RENDER_ATTACHMENT | sl.TextureUsage.TEXTURE_BINDING)
        )
        render_encoder = stack.enter_context(gpu.create_command_encoder())
        render_pass = stack.enter_context(
            render_encoder.begin_render_pass(color_attachments=[{"view": target.create_view()}])
        )
        yield {
            "Buffer": buffer,
            "Texture": texture,
            "TextureView": view,
            "ShaderModule": module,
            "BindGroupLayout": bgl,
            "PipelineLayout": layout,
            "ComputePipeline": pipeline,
            "BindGroup": bind_group,
            "CommandEncoder": encoder,
            "ComputePass": open_pass,
            "CommandBuffer": command_buffer,
            "Sampler": sampler,
            "RenderPipeline": render_pipeline,
            "RenderPass": render_pass,
        }
        open_pass.end()
        render_pass.end()


def test_owned_is_releasable_and_borrowed_is_not(every_owned_kind: dict[str, Any]) -> None:
    assert sorted(every_owned_kind) == sorted(KINDS)
    for kind, owned in every_owned_kind.items():
        assert type(owned) is getattr(sl, f"Owned{kind}")
        assert is_releasable(owned), kind
        borrowed = owned.borrow()
        assert type(borrowed) is getattr(sl, f"Borrowed{kind}")
        assert not is_releasable(borrowed), kind
        assert borrowed.raw is owned.raw


def test_video_frame_data_is_borrowed_and_not_releasable(gpu: sl.GpuContext) -> None:
    frame = sl.VideoFrame.from_texture(gpu.create_texture(4, 4, label="exports-frame"))
    with frame:
        assert type(frame.data) is sl.BorrowedTexture
        assert not is_releasable(frame.data)

"""GpuContext: picking a backend, closing, the gpu.device / gpu.queue namespaces, shader errors."""

from __future__ import annotations

import numpy as np
import pytest
import wgpu

import streamlib as sl

from ._kinds import BUFFER_USAGE, DOUBLE_WGSL, STORAGE_ENTRY, dead


def _round_trip(ctx: sl.GpuContext) -> None:
    pixels = np.arange(3 * 5 * 4, dtype=np.uint8).reshape(3, 5, 4)
    with ctx.create_texture(5, 3) as tex:
        ctx.write_texture(tex, pixels)
        np.testing.assert_array_equal(ctx.read_texture(tex), pixels)


# The backends this machine really has (wgpu's names), e.g. "OpenGL, Vulkan"; with Vulkan hidden
# from the loader (VK_ICD_FILENAMES=/nonexistent.json, as CI's second run does) only OpenGL.
PRESENT = sorted({str(a.info["backend_type"]) for a in wgpu.gpu.enumerate_adapters_sync()})
NAMES = {"Vulkan": "vulkan", "OpenGL": "gl"}  # our name for each backend a Linux machine can have


@pytest.mark.parametrize(
    ("backend", "expected"), [("vulkan", "Vulkan"), ("gl", "OpenGL"), (" VULKAN ", "Vulkan"), ("OpenGL", "OpenGL")]
)
def test_backend_argument(backend: str, expected: str) -> None:
    if expected not in PRESENT:  # a backend the machine lacks must be refused, saying what it has
        with pytest.raises(sl.AdapterNotFoundError, match=rf"no {expected} adapter found \(adapters seen: "):
            sl.GpuContext.create(backend)
        return
    with sl.GpuContext.create(backend) as ctx:
        assert ctx.backend == expected
        _round_trip(ctx)


@pytest.mark.parametrize("present", PRESENT)
def test_backend_from_environment(monkeypatch: pytest.MonkeyPatch, present: str) -> None:
    monkeypatch.setenv("STREAMLIB_BACKEND", NAMES[present])
    with sl.GpuContext.create() as ctx:
        assert ctx.backend == present
    # The environment names a backend that is not here: the argument must win, or create() would raise.
    monkeypatch.setenv("STREAMLIB_BACKEND", "dx12")
    with sl.GpuContext.create(NAMES[present]) as ctx:
        assert ctx.backend == present, "the argument wins over the environment"


def test_argument_wins_over_an_environment_naming_another_real_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    if len(PRESENT) < 2:
        pytest.skip(f"needs two backends to choose between; this machine has only {', '.join(PRESENT) or 'none'}")
    first, second = PRESENT[:2]
    monkeypatch.setenv("STREAMLIB_BACKEND", NAMES[first])
    with sl.GpuContext.create(NAMES[second]) as ctx:
        assert ctx.backend == second


def test_unknown_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(sl.InvalidArgumentError, match=r"unknown backend 'directx9'.*vulkan, gl"):
        sl.GpuContext.create("directx9")
    monkeypatch.setenv("STREAMLIB_BACKEND", "glide")
    with pytest.raises(sl.InvalidArgumentError, match="STREAMLIB_BACKEND"):
        sl.GpuContext.create()


@pytest.mark.parametrize("backend", ["metal", "dx12"])
def test_missing_backend_says_what_to_install(backend: str) -> None:
    with pytest.raises(sl.AdapterNotFoundError) as info:
        sl.GpuContext.create(backend)
    message = str(info.value)
    assert f"adapters seen: {', '.join(PRESENT)})" in message
    assert "apt-get install mesa-vulkan-drivers" in message


def test_close_releases_everything_and_later_use_raises() -> None:
    ctx = sl.GpuContext.create(label="closing")
    tex = ctx.create_texture(8, 8, label="t")
    borrowed = tex.borrow()
    view = tex.create_view()
    buf = ctx.create_buffer(64, BUFFER_USAGE, label="b")
    encoder = ctx.create_command_encoder(label="e")
    compute_pass = encoder.begin_compute_pass(label="p")
    frame = sl.VideoFrame.from_texture(ctx.create_texture(4, 4, label="f"))
    data = frame.data
    ctx.close()
    assert ctx.closed
    assert not any(r.context == "closing" for r in sl.live_resources())
    for owned in (tex, view, buf, encoder, compute_pass):
        assert dead(owned)
        with pytest.raises(sl.ResourceReleasedError, match=r"GpuContext\.close"):
            _ = owned.raw
    for expired in (borrowed, data):
        with pytest.raises(sl.BorrowExpiredError):
            _ = expired.raw
    with pytest.raises(sl.ResourceReleasedError, match="closed"):
        ctx.create_texture(4, 4)
    with pytest.raises(sl.ResourceReleasedError, match="closed"):
        ctx.submit([])
    with pytest.raises(sl.ResourceReleasedError, match="closed"):
        _ = ctx.raw_device
    with pytest.raises(sl.ResourceReleasedError):
        ctx.write_buffer(buf, 0, b"1234")
    tex.release()
    frame.release()  # dropping the last reference after close is harmless
    ctx.close()  # idempotent


def test_context_manager_closes() -> None:
    with sl.GpuContext.create(label="scoped") as ctx:
        tex = ctx.create_texture(4, 4)
    assert ctx.closed
    assert dead(tex)


def test_device_and_queue_namespaces(gpu: sl.GpuContext) -> None:
    values = np.arange(64, dtype=np.uint32)
    device, queue = gpu.device, gpu.queue
    with (
        device.create_buffer(values.nbytes, BUFFER_USAGE, label="compat") as buf,
        device.create_shader_module(DOUBLE_WGSL) as module,
        device.create_bind_group_layout([STORAGE_ENTRY]) as layout,
        device.create_pipeline_layout([layout]) as pipeline_layout,
        device.create_compute_pipeline(pipeline_layout, {"module": module, "entry_point": "main"}) as pipeline,
        device.create_bind_group(layout, [{"binding": 0, "resource": buf}]) as bind_group,
        device.create_texture(4, 4, format="r32uint") as tex,
    ):
        queue.write_buffer(buf, 0, values.tobytes())
        queue.write_texture(tex, np.full((4, 4), 9, np.uint32))
        encoder = device.create_command_encoder()
        compute_pass = encoder.begin_compute_pass()
        compute_pass.set_pipeline(pipeline)
        compute_pass.set_bind_group(0, bind_group)
        compute_pass.dispatch_workgroups(1)
        compute_pass.end()
        queue.submit([encoder.finish()])
        np.testing.assert_array_equal(np.frombuffer(gpu.read_buffer(buf), np.uint32), values * 2)
        assert (gpu.read_texture(tex) == 9).all()
    with pytest.raises(sl.InvalidArgumentError, match="module"):
        device.create_compute_pipeline("auto", {"entry_point": "main"})


BROKEN_WGSL = """
@compute @workgroup_size(1)
fn main() {
    let x: u32 = undefined_thing;
}
"""


def test_shader_compile_error_shows_the_line(gpu: sl.GpuContext) -> None:
    with pytest.raises(sl.ShaderCompileError) as info:
        gpu.create_shader_module(BROKEN_WGSL, label="broken")
    message = str(info.value)
    assert "shader 'broken' failed to compile at line 4" in message
    assert "undefined_thing" in message
    assert info.value.__cause__ is not None


def test_bad_arguments_are_invalid_argument_errors(gpu: sl.GpuContext) -> None:
    with pytest.raises(sl.InvalidArgumentError, match="width"):
        gpu.create_texture(0, 4, label="zero")
    with pytest.raises(sl.InvalidArgumentError, match="format"):
        gpu.create_texture(4, 4, format="rgb5unorm")
    with pytest.raises(sl.InvalidArgumentError, match="size"):
        gpu.create_buffer(-1, BUFFER_USAGE)
    with gpu.create_texture(4, 4, format="r8unorm") as tex:
        with pytest.raises(sl.InvalidArgumentError, match="dtype"):
            gpu.write_texture(tex, np.zeros((4, 4), np.float32))
        with pytest.raises(sl.InvalidArgumentError, match="shape"):
            gpu.write_texture(tex, np.zeros((4, 5), np.uint8))
    with pytest.raises(TypeError, match="no public constructor"):
        sl.OwnedTexture()  # type: ignore[call-arg]

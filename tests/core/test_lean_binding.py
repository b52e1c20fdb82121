"""The lean binding (docs/architecture.md, "Lean binding"): the per-frame native calls made
straight into wgpu-native behave exactly as wgpu-py's path does, hand out real wgpu-py objects
for interop, and release every native object they make."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest
import wgpu

import streamlib as sl
from streamlib.gpu import _native

from ._kinds import release_all, wgpu_objects

# One script, run with the lean binding on and off: the outcome of each case must be the same.
_SCRIPT = textwrap.dedent(
    """
    import hashlib, json
    import streamlib as sl
    from streamlib.bench._frame_step import FrameStep
    from streamlib.gpu import _native

    gpu = sl.GpuContext.create()
    fs = FrameStep(gpu, 64, 64)
    out = {"lean": _native.ENABLED, "same_pixels": fs.check_same_output()}
    fresh = fs.fresh_streamlib_step()
    for _ in range(3):
        fresh()
    fs.streamlib_step()()
    fs.wait()
    out["pixels"] = hashlib.sha256(gpu.read_texture(fs.out).tobytes()).hexdigest()
    other = gpu.create_bind_group_layout(
        [{"binding": 0, "visibility": sl.ShaderStage.COMPUTE, "buffer": {"type": "uniform"}}]
    )
    bg_other = gpu.create_bind_group(layout=other, entries=[{"binding": 0, "resource": fs.uniform}])
    bg = gpu.create_bind_group(
        layout=fs.layout,
        entries=[
            {"binding": 0, "resource": fs.frame.data.create_view()},
            {"binding": 1, "resource": fs.out.create_view()},
            {"binding": 2, "resource": fs.uniform},
        ],
    )

    def case(body):
        step = "record"
        try:
            enc = gpu.create_command_encoder(label="e")
            cp = enc.begin_compute_pass(label="p")
            body(cp)
            step = "end"
            cp.end()
            step = "finish"
            cb = enc.finish()
            step = "submit"
            gpu.submit([cb])
            return "ok"
        except Exception as e:
            return f"{step}: {type(e).__name__}: {str(e).splitlines()[0]}"

    out["no_pipeline"] = case(lambda cp: cp.dispatch_workgroups(1))
    out["wrong_layout"] = case(
        lambda cp: (cp.set_pipeline(fs.pipeline), cp.set_bind_group(0, bg_other), cp.dispatch_workgroups(1))
    )
    out["index_7"] = case(lambda cp: (cp.set_pipeline(fs.pipeline), cp.set_bind_group(7, bg), cp.dispatch_workgroups(1)))
    out["fine"] = case(lambda cp: (cp.set_pipeline(fs.pipeline), cp.set_bind_group(0, bg), cp.dispatch_workgroups(8, 8)))
    try:
        gpu.create_bind_group(layout=fs.layout, entries=[{"binding": 0, "resource": fs.uniform}])
        out["bad_bind_group"] = "ok"
    except Exception as e:
        out["bad_bind_group"] = f"{type(e).__name__}: {str(e).splitlines()[0]}"
    try:
        gpu.write_buffer(fs.uniform, 0, b"")  # nothing to copy: a no-op on both paths
        out["empty_write"] = "ok"
    except Exception as e:
        out["empty_write"] = f"{type(e).__name__}: {str(e).splitlines()[0]}"
    print(json.dumps(out))
    """
)


def _run(lean: str) -> dict[str, object]:
    env = {**os.environ, "STREAMLIB_LEAN_NATIVE": lean}
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_lean_and_wgpu_py_paths_behave_the_same() -> None:
    lean, plain = _run("1"), _run("0")
    assert lean.pop("lean") is True and plain.pop("lean") is False
    assert lean == plain
    assert lean["same_pixels"] is True
    assert lean["fine"] == "ok"
    for case in ("no_pipeline", "wrong_layout", "index_7"):  # recorded, refused when the encoder finishes
        assert str(lean[case]).startswith("finish: GpuValidationError"), lean[case]
    assert str(lean["bad_bind_group"]).startswith("GpuValidationError"), lean["bad_bind_group"]
    assert lean["empty_write"] == "ok"


def test_recordings_raw_are_wgpu_objects_over_the_same_native_object(gpu: sl.GpuContext) -> None:
    buffer = gpu.create_buffer(16, sl.BufferUsage.COPY_DST | sl.BufferUsage.COPY_SRC, label="target")
    try:
        gpu.write_buffer(buffer, 0, bytes(range(16)))
        encoder = gpu.create_command_encoder(label="interop")
        raw = encoder.raw
        assert isinstance(raw, wgpu.GPUCommandEncoder)
        assert encoder.raw is raw and encoder.borrow().raw is raw
        # A command recorded through the wgpu-py object lands in streamlib's encoder.
        raw.clear_buffer(buffer.raw, 4, 8)
        compute = encoder.begin_compute_pass()
        assert isinstance(compute.raw, wgpu.GPUComputePassEncoder)
        compute.end()
        commands = encoder.finish()
        assert isinstance(commands.raw, wgpu.GPUCommandBuffer)
        gpu.submit([commands])
        assert gpu.read_buffer(buffer) == bytes(range(4)) + bytes(8) + bytes(range(12, 16))
        with pytest.raises(sl.ResourceReleasedError, match="consumed by finish"):
            encoder.raw  # noqa: B018
    finally:
        buffer.release()


def _native_count(name: str) -> int:
    counts = getattr(wgpu.diagnostics, "wgpu_native_counts")  # noqa: B009 - not in wgpu's stubs
    return int(counts.get_dict()[name]["count"])


def test_every_native_object_is_released(gpu: sl.GpuContext) -> None:
    """Finished, submitted, ended and released recordings and their bind groups give their native object back."""
    texture = gpu.create_texture(16, 16, label="src")
    out = gpu.create_texture(16, 16, label="dst")
    with gpu.create_buffer(16, sl.BufferUsage.UNIFORM | sl.BufferUsage.COPY_DST) as uniform:
        texture.create_view().release()  # its default view, cached on the texture from now on
        gpu.poll()
        baseline_native = {k: _native_count(k) for k in ("CommandBuffer", "BindGroup")}
        baseline = wgpu_objects(gpu)
        owned, layout, pipeline = _ball_pipeline(gpu)
        try:
            for i in range(40):
                gpu.write_buffer(uniform, 0, np.array([i, i, 2, 0], dtype=np.float32))
                dst = gpu.create_texture(16, 16)
                bind_group = gpu.create_bind_group(
                    layout=layout,
                    entries=[
                        {"binding": 0, "resource": texture.create_view()},
                        {"binding": 1, "resource": dst.create_view()},
                        {"binding": 2, "resource": uniform},
                    ],
                    label=f"frame {i % 3}",
                )
                encoder = gpu.create_command_encoder(label="frame" if i % 2 else "")
                compute = encoder.begin_compute_pass(label="pass" if i % 2 else "")
                compute.set_pipeline(pipeline)
                compute.set_bind_group(0, bind_group)
                compute.dispatch_workgroups(2, 2)
                if i % 5 == 0:
                    compute.raw  # noqa: B018 - a wgpu-py object made, then dropped with the pass
                compute.end()
                # (A command buffer released unsubmitted stays counted by wgpu-native 29 on either
                # path: not made here.)
                gpu.submit([encoder.finish()])
                bind_group.release()
                dst.release()
            unfinished = gpu.create_command_encoder()
            unfinished.begin_compute_pass().end()
            unfinished.release()
            gpu.read_texture(out)  # waits for the GPU
        finally:
            release_all(owned)
        gpu.poll()
        assert {k: _native_count(k) for k in baseline_native} == baseline_native
        assert wgpu_objects(gpu) == baseline
    texture.release()
    out.release()


@pytest.mark.skipif(not _native.ENABLED, reason="the lean binding is off (STREAMLIB_LEAN_NATIVE=0)")
def test_per_frame_encoder_makes_no_wgpu_py_object(gpu: sl.GpuContext, monkeypatch: pytest.MonkeyPatch) -> None:
    """The saving itself: an encoder, pass and command buffer nobody asks .raw of make no wgpu-py object."""
    made: list[str] = []
    original = wgpu.GPUObjectBase.__init__

    def counting(self: wgpu.GPUObjectBase, *args: object) -> None:
        made.append(type(self).__name__)
        original(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(wgpu.GPUObjectBase, "__init__", counting)
    encoder = gpu.create_command_encoder()
    encoder.begin_compute_pass().end()
    gpu.submit([encoder.finish()])
    monkeypatch.undo()
    assert made == []
    encoder = gpu.create_command_encoder()
    monkeypatch.setattr(wgpu.GPUObjectBase, "__init__", counting)
    encoder.raw  # noqa: B018 - asked for: made once, then kept
    encoder.raw  # noqa: B018
    monkeypatch.undo()
    assert made == ["GPUCommandEncoder"]
    encoder.release()


@pytest.mark.skipif(not _native.ENABLED, reason="the lean binding is off (STREAMLIB_LEAN_NATIVE=0)")
def test_each_native_handle_is_released_exactly_once(gpu: sl.GpuContext, monkeypatch: pytest.MonkeyPatch) -> None:
    """wgpu-native does not count encoders or passes, so count the releases the handles make themselves."""
    released: dict[str, int] = {"encoder": 0, "pass": 0, "buffer": 0}
    for name in released:
        original = getattr(_native, f"_release_{name}")

        def counting(raw: object, name: str = name, original: object = original) -> None:
            released[name] += 1
            original(raw)  # type: ignore[operator]

        monkeypatch.setattr(_native, f"_release_{name}", counting)
    with gpu.create_buffer(16, sl.BufferUsage.COPY_DST) as buffer:
        for i in range(10):
            encoder = gpu.create_command_encoder(label=f"e{i % 2}")
            compute = encoder.begin_compute_pass()
            if i == 3:
                compute.raw  # noqa: B018 - its wgpu-py object holds a reference of its own
            compute.end()
            encoder.raw.clear_buffer(buffer.raw)
            gpu.submit([encoder.finish()])
        never_finished = gpu.create_command_encoder()
        never_finished.begin_compute_pass().end()
        never_finished.release()
    import gc

    gc.collect()
    assert released == {"encoder": 11, "pass": 11, "buffer": 10}


def _ball_pipeline(
    gpu: sl.GpuContext,
) -> tuple[list[sl.Releasable], sl.OwnedBindGroupLayout, sl.OwnedComputePipeline]:
    """The ball shader's layout and pipeline, and everything to release: (owned, layout, pipeline)."""
    from streamlib.bench._frame_step import _LAYOUT_ENTRIES, BALL_WGSL

    module = gpu.create_shader_module(BALL_WGSL)
    layout = gpu.create_bind_group_layout(_LAYOUT_ENTRIES)
    pipeline_layout = gpu.create_pipeline_layout([layout])
    pipeline = gpu.create_compute_pipeline(layout=pipeline_layout, module=module)
    return [pipeline, pipeline_layout, layout, module], layout, pipeline


def _ball_program(gpu: sl.GpuContext) -> tuple[list[sl.Releasable], sl.OwnedComputePipeline, sl.OwnedBindGroup]:
    """The ball pipeline bound to a zeroed 16x16 source, a 16x16 output and a ball at (8, 8), radius 4."""
    owned, layout, pipeline = _ball_pipeline(gpu)
    src, dst = gpu.create_texture(16, 16, label="src"), gpu.create_texture(16, 16, label="dst")
    uniform = gpu.create_buffer(16, sl.BufferUsage.UNIFORM | sl.BufferUsage.COPY_DST, label="ball")
    gpu.write_buffer(uniform, 0, np.array([8, 8, 4, 0], dtype=np.float32))
    gpu.write_texture(src, np.zeros((16, 16, 4), np.uint8))
    bind_group = gpu.create_bind_group(
        layout=layout,
        entries=[
            {"binding": 0, "resource": src.create_view()},
            {"binding": 1, "resource": dst.create_view()},
            {"binding": 2, "resource": uniform},
        ],
    )
    return [bind_group, uniform, dst, src, *owned], pipeline, bind_group


def test_internal_dispatch_draws_and_makes_no_handle(gpu: sl.GpuContext) -> None:
    """ComputeProgram's one-call pass (GpuContext._dispatch): same pixels, no owned recording handle."""
    owned, pipeline, bind_group = _ball_program(gpu)
    try:
        before = sl.live_counts()
        gpu._dispatch(pipeline, bind_group, 2, 2, "ball")
        assert sl.live_counts() == before
        dst = owned[2]
        assert isinstance(dst, sl.OwnedTexture)
        pixels = gpu.read_texture(dst)
        assert (pixels[8, 8] == [255, 204, 26, 255]).all()  # inside the ball: (1.0, 0.8, 0.1) rounded
        assert (pixels[0, 15] == [0, 0, 0, 0]).all()  # outside: the source's zeros
    finally:
        release_all(owned)


def test_internal_dispatch_refuses_released_foreign_and_closed() -> None:
    gpu = sl.GpuContext.create(label="dispatching")  # its own: this test closes it
    owned, pipeline, bind_group = _ball_program(gpu)
    try:
        with sl.GpuContext.create(label="other") as other:
            other_owned, other_pipeline, _ = _ball_program(other)
            with pytest.raises(sl.InvalidArgumentError, match="belongs to GpuContext 'other'"):
                gpu._dispatch(other_pipeline, bind_group, 1, 1, "x")
            release_all(other_owned)
        src = owned[3]
        src.release()  # the bind group's view depends on it
        with pytest.raises(sl.ResourceReleasedError, match="src"):
            gpu._dispatch(pipeline, bind_group, 1, 1, "x")
    finally:
        release_all(owned)
    gpu.close()
    with pytest.raises(sl.ResourceReleasedError, match="closed"):
        gpu._dispatch(pipeline, bind_group, 1, 1, "x")

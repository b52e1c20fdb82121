"""Race suite: a release (or close) lands while another thread is inside a native call.

wgpu-native aborts the process when a resource is destroyed under a call that uses it, when
one context's objects reach another's device, and on a submit after the device is lost.
Each race runs hundreds of rounds in a child interpreter (an abort must not take pytest
down) that reports which exceptions the racing threads saw: only streamlib's documented
ones may appear, and the child must end cleanly (docs/architecture.md, "Threading model").
"""

from __future__ import annotations

import json

import numpy as np
import pytest

import streamlib as sl
from streamlib.gpu._handles import unuse

from .test_exit import assert_clean, run_child

# Worker threads that survive every round: creating threads per round would measure the
# thread start-up, not the race. ``race(rounds, setup, *actions)`` runs each action on its
# own thread, released together per round, and counts what they raised by type name.
RACE_HARNESS = """
import collections, json, random
seen = collections.Counter()

def race(rounds, setup, *actions):
    start = threading.Barrier(len(actions) + 1)
    done = threading.Barrier(len(actions) + 1)
    state = {}

    def worker(i):
        for _ in range(rounds):
            start.wait()
            try:
                actions[i](state)
            except Exception as exc:
                seen[type(exc).__name__] += 1
            done.wait()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(actions))]
    for t in threads:
        t.start()
    for _ in range(rounds):
        state.clear()
        state.update(setup())
        start.wait()
        done.wait()
        for value in state.values():
            if hasattr(value, "release"):
                value.release()
    for t in threads:
        t.join()

def jitter():
    # Land the release anywhere from before the other call to well inside it.
    time.sleep(random.random() * 0.0004)
"""

REPORT = """
print("seen " + json.dumps(dict(seen)))
"""

RELEASED = {"ResourceReleasedError", "BorrowExpiredError"}


def run_race(body: str) -> dict[str, int]:
    result = run_child(RACE_HARNESS + body + REPORT, timeout=240)
    assert_clean(result, 0)
    line = next(ln for ln in result.stdout.splitlines() if ln.startswith("seen "))
    seen: dict[str, int] = json.loads(line[len("seen ") :])
    return seen


def test_release_races_read_texture() -> None:
    seen = run_race(
        """
def setup():
    tex = gpu.create_texture(64, 64, label="raced")
    return {"tex": tex, "borrow": tex.borrow()}

def read_owned(s):
    for _ in range(3):
        gpu.read_texture(s["tex"])

def read_borrowed(s):
    for _ in range(3):
        gpu.read_texture(s["borrow"])

def release(s):
    jitter()
    s["tex"].release()

race(300, setup, read_owned, read_borrowed, release)
"""
    )
    assert set(seen) <= RELEASED, seen
    assert seen, "the release never landed before a read: the race was not run"


def test_release_races_submit() -> None:
    seen = run_race(
        """
LAYOUT = gpu.create_bind_group_layout(entries=[
    {"binding": 0, "visibility": sl.ShaderStage.COMPUTE, "texture": {"sample_type": "float"}}])
MODULE = gpu.create_shader_module('''
@group(0) @binding(0) var src: texture_2d<f32>;
@compute @workgroup_size(8, 8) fn main(@builtin(global_invocation_id) id: vec3<u32>) {
    _ = textureLoad(src, vec2<i32>(id.xy), 0);
}''')
PIPE = gpu.create_compute_pipeline(layout=gpu.create_pipeline_layout([LAYOUT]), module=MODULE)

def setup():
    tex = gpu.create_texture(64, 64, label="raced")
    bg = gpu.create_bind_group(layout=LAYOUT, entries=[{"binding": 0, "resource": tex.create_view()}])
    enc = gpu.create_command_encoder()
    cp = enc.begin_compute_pass()
    cp.set_pipeline(PIPE)
    cp.set_bind_group(0, bg)
    cp.dispatch_workgroups(8, 8)
    cp.end()
    return {"tex": tex, "bg": bg, "cb": enc.finish()}

def submit(s):
    gpu.submit([s["cb"]])

def release(s):
    jitter()
    s["tex"].release()

race(400, setup, submit, release)
gpu.read_texture(gpu.create_texture(8, 8, label="after"))  # the device is still fine
"""
    )
    assert set(seen) <= RELEASED, seen


def test_release_races_internal_dispatch() -> None:
    """ComputeFilter's one-call pass (GpuContext._dispatch) while what it binds is released."""
    seen = run_race(
        """
from streamlib.bench._frame_step import BALL_WGSL, _LAYOUT_ENTRIES
LAYOUT = gpu.create_bind_group_layout(_LAYOUT_ENTRIES)
PIPE = gpu.create_compute_pipeline(layout=gpu.create_pipeline_layout([LAYOUT]), module=gpu.create_shader_module(BALL_WGSL))
UNIFORM = gpu.create_buffer(16, sl.BufferUsage.UNIFORM)

def setup():
    src, dst = gpu.create_texture(64, 64, label="src"), gpu.create_texture(64, 64, label="dst")
    bg = gpu.create_bind_group(layout=LAYOUT, entries=[
        {"binding": 0, "resource": src.create_view()},
        {"binding": 1, "resource": dst.create_view()},
        {"binding": 2, "resource": UNIFORM},
    ])
    return {"src": src, "dst": dst, "bg": bg}

def dispatch(s):
    for _ in range(3):
        gpu._dispatch(PIPE, s["bg"], 8, 8, "raced")

def release(s):
    jitter()
    s["src"].release()

def release_bind_group(s):
    jitter()
    jitter()
    s["bg"].release()

race(300, setup, dispatch, dispatch, release, release_bind_group)
gpu.read_texture(gpu.create_texture(8, 8, label="after"))  # the device is still fine
"""
    )
    assert set(seen) <= RELEASED, seen
    assert seen, "no release landed before a dispatch: the race was not run"


def test_release_races_copy_and_submit() -> None:
    seen = run_race(
        """
def setup():
    return {"src": gpu.create_texture(64, 64, label="src"), "dst": gpu.create_texture(64, 64, label="dst")}

def copy_and_submit(s):
    enc = gpu.create_command_encoder()
    enc.copy_texture_to_texture(s["src"], s["dst"])
    gpu.submit([enc.finish()])
    gpu.read_texture(s["dst"])

def release(s):
    jitter()
    s["src"].release()

def release_dst(s):
    jitter()
    jitter()
    s["dst"].release()

race(300, setup, copy_and_submit, release, release_dst)
"""
    )
    assert set(seen) <= RELEASED, seen
    assert seen


def test_close_races_fifteen_working_threads(gpu: sl.GpuContext) -> None:
    if gpu.backend == "OpenGL":
        # Contexts made and closed while other threads work: wgpu-hal's EGL make-current panics
        # (BadAccess) on llvmpipe, inside wgpu-native (docs/architecture.md, "Backends").
        pytest.skip("creating and closing contexts under working threads aborts in wgpu-native's OpenGL backend")
    seen = run_race(
        """
ctx_box = {}

from streamlib.bench._frame_step import BALL_WGSL, _LAYOUT_ENTRIES

def setup():
    ctx = sl.GpuContext.create(label="closing")
    ctx_box["ctx"] = ctx
    tex = ctx.create_texture(32, 32, label="shared")
    layout = ctx.create_bind_group_layout(_LAYOUT_ENTRIES)
    pipe = ctx.create_compute_pipeline(
        layout=ctx.create_pipeline_layout([layout]), module=ctx.create_shader_module(BALL_WGSL)
    )
    uniform = ctx.create_buffer(16, sl.BufferUsage.UNIFORM)
    out = ctx.create_texture(32, 32, label="out")
    bg = ctx.create_bind_group(layout=layout, entries=[
        {"binding": 0, "resource": tex.create_view()},
        {"binding": 1, "resource": out.create_view()},
        {"binding": 2, "resource": uniform},
    ])
    return {"tex": tex, "pipe": pipe, "bg": bg}

def work(i):
    def act(s):
        ctx, tex = ctx_box["ctx"], s["tex"]
        deadline = time.monotonic() + 30
        while True:
            if i % 4 == 0:
                ctx.read_texture(tex)
            elif i % 4 == 1:
                enc = ctx.create_command_encoder()
                enc.copy_texture_to_texture(tex, ctx.create_texture(32, 32, label="mine"))
                ctx.submit([enc.finish()])
            elif i % 4 == 2:
                ctx.write_texture(tex, np.zeros((32, 32, 4), np.uint8))
            else:  # ComputeFilter's one-call pass (docs/architecture.md, "Lean binding")
                ctx._dispatch(s["pipe"], s["bg"], 4, 4, "race")
            if time.monotonic() > deadline:
                raise RuntimeError("close() never stopped this thread")
    return act

def close(s):
    jitter()
    ctx_box["ctx"].close()

import numpy as np
race(100, setup, *[work(i) for i in range(15)], close)
"""
    )
    # Closed under them: every worker stops with ResourceReleasedError. A factory or a
    # recording call (not yet counted in flight by close()) may instead meet the destroyed
    # device and say DeviceLostError; nothing else, and never an abort.
    assert set(seen) <= {"ResourceReleasedError", "DeviceLostError"}, seen
    assert sum(seen.values()) == 15 * 100
    assert seen["ResourceReleasedError"] >= 15 * 90


def test_foreign_context_objects_are_refused_before_wgpu_sees_them() -> None:
    # In a child: should a check be missing, wgpu-native aborts the process.
    result = run_child(
        """
        import numpy as np
        other = sl.GpuContext.create(label="B")
        tex = gpu.create_texture(8, 8, label="a-tex")
        buf = gpu.create_buffer(64, sl.BufferUsage.COPY_SRC | sl.BufferUsage.COPY_DST | sl.BufferUsage.STORAGE,
                                label="a-buf")
        enc = gpu.create_command_encoder(label="a-enc")
        cb = enc.finish()
        layout = gpu.create_bind_group_layout(entries=[
            {"binding": 0, "visibility": sl.ShaderStage.COMPUTE, "buffer": {"type": "storage"}}], label="a-layout")
        module = gpu.create_shader_module('''
        @group(0) @binding(0) var<storage, read_write> d: array<u32>;
        @compute @workgroup_size(1) fn main() { d[0] = 1u; }''', label="a-module")
        pipe = gpu.create_compute_pipeline(layout="auto", module=module, label="a-pipe")
        bg = gpu.create_bind_group(layout=layout, entries=[{"binding": 0, "resource": buf}], label="a-bg")
        b_layout = other.create_bind_group_layout(entries=[
            {"binding": 0, "visibility": sl.ShaderStage.COMPUTE, "buffer": {"type": "storage"}}])
        b_enc = other.create_command_encoder()
        b_pass = b_enc.begin_compute_pass()
        b_tex = other.create_texture(8, 8, label="b-tex")
        calls = {
            "submit": lambda: other.submit([cb]),
            "read_texture": lambda: other.read_texture(tex),
            "write_texture": lambda: other.write_texture(tex, np.zeros((8, 8, 4), np.uint8)),
            "read_buffer": lambda: other.read_buffer(buf),
            "write_buffer": lambda: other.write_buffer(buf, 0, bytes(64)),
            "create_pipeline_layout": lambda: other.create_pipeline_layout([layout]),
            "create_compute_pipeline": lambda: other.create_compute_pipeline(layout="auto", module=module),
            "create_bind_group": lambda: other.create_bind_group(layout=layout, entries=[
                {"binding": 0, "resource": buf}]),
            "create_bind_group entry": lambda: other.create_bind_group(layout=b_layout, entries=[
                {"binding": 0, "resource": buf}]),
            "set_pipeline": lambda: b_pass.set_pipeline(pipe),
            "set_bind_group": lambda: b_pass.set_bind_group(0, bg),
            "copy source": lambda: b_enc.copy_texture_to_texture(tex, b_tex),
            "copy destination": lambda: b_enc.copy_texture_to_texture(b_tex, tex),
        }
        for name, call in calls.items():
            try:
                call()
            except sl.InvalidArgumentError as exc:
                assert "belongs to GpuContext 'child'" in str(exc) and "use it with that context" in str(exc), exc
                print("refused", name)
            else:
                print("ACCEPTED", name)
        gpu.submit([cb])  # not consumed by the refused submit: its own context takes it
        print(gpu.read_texture(tex).shape)
        """
    )
    assert_clean(result, 0)
    assert "ACCEPTED" not in result.stdout, result.stdout
    assert result.stdout.count("refused") == 13, result.stdout
    assert "(8, 8, 4)" in result.stdout


def test_release_during_read_is_deferred_to_the_reader(gpu: sl.GpuContext) -> None:
    # Deterministic: a release while a use is marked destroys nothing; the last user does.
    tex = gpu.create_texture(8, 8, label="deferred")
    state = tex._state
    destroyed: list[str] = []
    raw = tex.raw
    real = raw.destroy

    def spy() -> None:
        destroyed.append("x")
        real()

    raw.destroy = spy  # type: ignore[method-assign]
    state._users.append(None)  # what a read in flight holds
    tex.release()
    assert tex.released and destroyed == []  # the releasing thread returns at once
    with pytest.raises(sl.ResourceReleasedError, match="'deferred' was released"):
        gpu.read_texture(tex)  # later users see the release
    assert destroyed == []
    unuse(state)  # the use in flight ends: now it is destroyed, once
    assert destroyed == ["x"]
    assert state._users == []
    with gpu.create_texture(8, 8, label="fine") as fine:
        assert np.all(gpu.read_texture(fine) == 0)  # the device is fine

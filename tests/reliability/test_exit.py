"""Exit suite: a child Python process ends in every awkward state; it must end cleanly.

Cleanly means: the exit code expected for that ending, no native crash (a negative return
code is a signal), no "Exception ignored" from a finalizer, no wgpu/Rust panic, and no
traceback other than the one the ending itself calls for.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

PRELUDE = """
import os, sys, threading, time
import streamlib as sl
gpu = sl.GpuContext.create(label="child")
"""

# One frame of real GPU work through the core API, for loops that must be busy when they end.
CORE_STEP = """
LAYOUT = gpu.create_bind_group_layout(entries=[
    {"binding": 0, "visibility": sl.ShaderStage.COMPUTE, "texture": {"sample_type": "float"}}])
MODULE = gpu.create_shader_module('''
@group(0) @binding(0) var src: texture_2d<f32>;
@compute @workgroup_size(8, 8) fn main(@builtin(global_invocation_id) id: vec3<u32>) {
    _ = textureLoad(src, vec2<i32>(id.xy), 0);
}''')
PIPE = gpu.create_compute_pipeline(layout=gpu.create_pipeline_layout([LAYOUT]), module=MODULE)

def step(n):
    with sl.VideoFrame.from_texture(gpu.create_texture(64, 64, label="loop"), frame_number=n) as frame:
        with gpu.create_bind_group(layout=LAYOUT, entries=[{"binding": 0, "resource": frame.data.create_view()}]) as bg:
            enc = gpu.create_command_encoder()
            cp = enc.begin_compute_pass()
            cp.set_pipeline(PIPE)
            cp.set_bind_group(0, bg)
            cp.dispatch_workgroups(8, 8)
            cp.end()
            gpu.submit([enc.finish()])
"""


def with_core_step(body: str) -> str:
    """``body`` run after CORE_STEP has defined ``step(n)``."""
    return CORE_STEP + textwrap.dedent(body)


BAD_MARKERS = ("Exception ignored", "panicked", "Segmentation fault", "Fatal Python error", "RUST_BACKTRACE")


def run_child(
    body: str,
    *,
    dev_mode: bool = False,
    sigint_after_ready: bool = False,
    resend: bool = False,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """Run PRELUDE + ``body`` in a fresh interpreter; optionally send SIGINT once it prints 'ready'
    (``resend``: again every second while it runs, for loops where one may be swallowed)."""
    code = PRELUDE + (body if body.startswith(CORE_STEP) else textwrap.dedent(body))
    env = {**os.environ, "XDG_RUNTIME_DIR": os.environ.get("XDG_RUNTIME_DIR", "/tmp"), "PYTHONUNBUFFERED": "1"}
    args = [sys.executable, *(["-X", "dev"] if dev_mode else []), "-c", code]
    if not sigint_after_ready:
        return subprocess.run(args, capture_output=True, text=True, timeout=timeout, cwd=REPO_ROOT, env=env)
    with subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO_ROOT, env=env
    ) as proc:
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            if line.strip() != "ready":
                out, err = proc.communicate(timeout=timeout)
                pytest.fail(f"child never got ready (rc={proc.returncode}):\n{line}{out}\n{err}")
            time.sleep(0.3)  # well inside the busy loop
            for _ in range(20 if resend else 1):  # Ctrl+C, again if the first one was swallowed (see below)
                proc.send_signal(signal.SIGINT)
                try:
                    out, err = proc.communicate(timeout=1.0)
                    break
                except subprocess.TimeoutExpired:
                    continue
            else:
                out, err = proc.communicate(timeout=timeout)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
    return subprocess.CompletedProcess(args, proc.returncode, line + out, err)


def assert_clean(result: subprocess.CompletedProcess[str], returncode: int, *, tracebacks: int = 0) -> None:
    report = f"rc={result.returncode}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
    assert result.returncode >= 0, f"killed by signal {-result.returncode} (native crash?)\n{report}"
    assert result.returncode == returncode, report
    for marker in BAD_MARKERS:
        assert marker not in result.stderr, f"{marker!r} in stderr\n{report}"
    assert result.stderr.count("Traceback (most recent call last)") == tracebacks, report


@pytest.mark.parametrize("dev_mode", [False, True], ids=["plain", "dev-mode"])
def test_exit_with_unreleased_owned_resources(dev_mode: bool) -> None:
    result = run_child(
        """
        tex = gpu.create_texture(64, 64, label="kept-texture")
        buf = gpu.create_buffer(256, sl.BufferUsage.STORAGE, label="kept-buffer")
        view = tex.create_view()
        layout = gpu.create_bind_group_layout(entries=[
            {"binding": 0, "visibility": sl.ShaderStage.COMPUTE, "buffer": {"type": "storage"}}])
        group = gpu.create_bind_group(layout=layout, entries=[{"binding": 0, "resource": buf}])
        enc = gpu.create_command_encoder(label="open-encoder")
        open_pass = enc.begin_compute_pass()          # never ended
        done = gpu.create_command_encoder().finish()  # never submitted
        frame = sl.VideoFrame.from_texture(gpu.create_texture(8, 8, label="frame"))
        cycle = [frame, group]; cycle.append(cycle)   # only the cycle collector can free these
        print(sorted(sl.live_counts().items()))
        """,
        dev_mode=dev_mode,
    )
    assert_clean(result, 0)
    assert "('Texture', 2)" in result.stdout
    if dev_mode:
        # -X dev shows ResourceWarnings: the leak is named, not hidden.
        assert "ResourceWarning" in result.stderr or "never released" in result.stderr or result.stderr == ""


def test_exit_with_live_borrows_and_expired_borrows() -> None:
    result = run_child(
        """
        owner = gpu.create_texture(32, 32, label="owner")
        live_borrow = owner.borrow()
        frame = sl.VideoFrame.from_texture(gpu.create_texture(16, 16, label="framed"))
        frame_data = frame.data
        frame_view = frame_data.create_view()
        gone = gpu.create_buffer(64, sl.BufferUsage.STORAGE, label="gone")
        expired = gone.borrow()
        gone.release()
        threading.Thread(target=lambda: time.sleep(0.1), daemon=True).start()
        print("borrows held")
        """
    )
    assert_clean(result, 0)


def test_exit_by_uncaught_exception_with_resources_live() -> None:
    result = run_child(
        """
        tex = gpu.create_texture(32, 32, label="live")
        frame = sl.VideoFrame.from_texture(gpu.create_texture(8, 8))
        raise ValueError("boom from user code")
        """
    )
    assert_clean(result, 1, tracebacks=1)
    assert "ValueError: boom from user code" in result.stderr


def test_exit_while_daemon_thread_is_mid_frame() -> None:
    """The main thread ends while another thread is in the middle of GPU work with frames alive."""
    result = run_child(
        with_core_step(
            """
        def loop():
            n = 0
            while True:
                step(n); n += 1
        threading.Thread(target=loop, daemon=True).start()
        time.sleep(0.5)
        print("leaving")
        """
        )
    )
    assert_clean(result, 0)
    assert "leaving" in result.stdout


# 16 daemon threads doing GPU work when the main thread ends normally: before the exit gate
# (docs/architecture.md, "Threading model") this aborted in about 1 run of 5 (SIGABRT, or a
# Rust "panic in a function that cannot unwind" in wgpuQueueSubmit), so it runs repeatedly.
DAEMONS_AT_EXIT = with_core_step(
    """
    tex = gpu.create_texture(64, 64, label="read-back")
    def reader():
        while True:
            gpu.read_texture(tex)
    def stepper():
        n = 0
        while True:
            step(n); n += 1
    for i in range(16):
        threading.Thread(target=stepper if i % 4 == 3 else reader, daemon=True).start()
    time.sleep(0.3)
    print("leaving")
    """
)


@pytest.mark.parametrize("run", range(4))
def test_exit_while_sixteen_daemon_threads_do_gpu_work(run: int) -> None:
    result = run_child(DAEMONS_AT_EXIT)
    assert_clean(result, 0)
    assert "leaving" in result.stdout


@pytest.mark.stress
def test_exit_while_sixteen_daemon_threads_do_gpu_work_many_times() -> None:
    for run in range(24):
        result = run_child(DAEMONS_AT_EXIT)
        assert_clean(result, 0)
        assert "leaving" in result.stdout, f"run {run}"


def test_sigint_mid_run_stops_cleanly() -> None:
    """Ctrl+C handled the way a long-running pipeline should: a handler sets a flag, the loop
    finishes its frame, the context closes, nothing is left alive."""
    result = run_child(
        with_core_step(
            """
        import signal
        stop = threading.Event()
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        print("ready", flush=True)
        n = 0
        with gpu:
            while not stop.is_set():
                step(n); n += 1
        print(f"interrupted after {n} frames; live: {sl.live_counts()}")
        sys.exit(130)
        """
        ),
        sigint_after_ready=True,
    )
    assert_clean(result, 130)
    assert "live: {}" in result.stdout


def test_sigint_as_keyboard_interrupt_mid_run() -> None:
    """Ctrl+C as a KeyboardInterrupt inside the GPU loop: the ``with gpu`` block closes the context
    on the way out and the process ends with the interrupt's exit code, no crash.

    wgpu-py frees its objects in finalizers and WeakKeyDictionary callbacks; a KeyboardInterrupt that
    lands inside one is printed and dropped by Python ("Exception ignored in ..."), so, like a user,
    the test presses Ctrl+C again until the child stops. Only such reports from wgpu's own code are
    tolerated.
    """
    result = run_child(
        with_core_step(
            """
        print("ready", flush=True)
        n = 0
        try:
            with gpu:
                while True:
                    step(n); n += 1
        except KeyboardInterrupt:
            print(f"interrupted after {n} frames; live: {sl.live_counts()}")
            sys.exit(130)
        """
        ),
        sigint_after_ready=True,
        resend=True,
    )
    stderr = _without_interrupts_swallowed_by_wgpu(result.stderr)
    assert_clean(subprocess.CompletedProcess(result.args, result.returncode, result.stdout, stderr), 130)
    assert "live: {}" in result.stdout


def _without_interrupts_swallowed_by_wgpu(stderr: str) -> str:
    """``stderr`` less Python's reports of a KeyboardInterrupt that landed inside one of wgpu-py's own
    finalizers or weakref callbacks (Python prints and drops exceptions raised there).

    A report is dropped only when it ends in KeyboardInterrupt and none of its frames is streamlib's
    code, so a failure in a streamlib finalizer still fails the test.
    """
    kept: list[str] = []
    block: list[str] = []

    def flush() -> None:
        swallowed_interrupt = block and block[-1].strip() in {"KeyboardInterrupt", "KeyboardInterrupt:"}
        ours = any("streamlib" in line for line in block)
        if not (swallowed_interrupt and not ours):
            kept.extend(block)
        block.clear()

    for line in stderr.splitlines():
        if line.startswith("Exception ignored in"):
            flush()
            block.append(line)
        elif block and (
            line.startswith((" ", "Traceback")) or line.strip() in {"KeyboardInterrupt", "KeyboardInterrupt:"}
        ):
            block.append(line)
            if line.strip() in {"KeyboardInterrupt", "KeyboardInterrupt:"}:
                flush()
        else:
            flush()
            kept.append(line)
    flush()
    return "\n".join(kept)


PIPELINE = """
import logging
from streamlib.processors import NullSink, TestPatternCamera

class Step(sl.Processor):
    video_in = sl.StreamInput(sl.VideoFrame)
    video_out = sl.StreamOutput(sl.VideoFrame)
    action = None  # called with the frame number before passing the frame on

    def process(self, tick):
        frame = self.video_in.read_latest()
        if frame is None:
            return
        if Step.action is not None:
            Step.action(frame.frame_number)
        out = self.gpu.texture_pool.acquire(frame.width, frame.height, label="step-out")
        enc = self.gpu.create_command_encoder()
        enc.copy_texture_to_texture(frame.data, out)
        self.gpu.submit([enc.finish()])
        self.video_out.write(frame.clone_with_texture(out))

def build(policy=sl.ErrorPolicy.CONTINUE, fps=0):
    rt = sl.StreamRuntime(fps=fps, width=64, height=64, gpu=gpu, error_policy=policy)
    cam, step, sink = rt.add(TestPatternCamera()), rt.add(Step()), rt.add(NullSink())
    rt.connect(cam.video_out, step.video_in)
    rt.connect(step.video_out, sink.video_in)
    return rt
"""


def with_pipeline(body: str) -> str:
    """``body`` run after PIPELINE has defined ``Step`` and ``build()``."""
    return CORE_STEP + PIPELINE + textwrap.dedent(body)


def test_exit_with_frames_in_flight_in_a_running_pipeline() -> None:
    result = run_child(
        with_pipeline(
            """
        rt = build(fps=120)
        threading.Thread(target=rt.run, daemon=True).start()
        # Until frames flow (setup takes longer on some backends: ~0.8 s on OpenGL), then exit.
        deadline = time.monotonic() + 15
        while rt.stats()["NullSink"].frames_in < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        print("frames so far:", rt.stats()["NullSink"].frames_in)
        """
        )
    )
    assert_clean(result, 0)
    assert "frames so far:" in result.stdout and "frames so far: 0" not in result.stdout


def test_sigint_stops_a_running_pipeline_cleanly() -> None:
    result = run_child(
        with_pipeline(
            """
        rt = build(fps=120)
        print("ready", flush=True)
        rt.run()
        gpu.texture_pool.clear()
        print("stopped; lent:", gpu.texture_pool.stats().live, "live:", sl.live_counts())
        """
        ),
        sigint_after_ready=True,
    )
    assert_clean(result, 0)
    assert "lent: 0" in result.stdout
    assert "live: {'BindGroupLayout': 1, 'ShaderModule': 1, 'ComputePipeline': 1}" in result.stdout


def test_exception_in_processor_continue_policy_exits_zero() -> None:
    result = run_child(
        with_pipeline(
            """
        def fail(n):
            if n % 4 == 1:
                raise ValueError(f"bad frame {n}")
        Step.action = staticmethod(fail)
        rt = build()
        rt.run(frames=20)
        print("errors:", rt.stats()["Step"].errors)
        """
        )
    )
    # Each error is logged with its traceback (that is the point); nothing else may show.
    assert_clean(result, 0, tracebacks=result.stderr.count("raised in process"))
    assert "errors: 5" in result.stdout
    assert "ValueError: bad frame 1" in result.stderr


def test_exception_in_processor_stop_policy_exits_with_pipeline_error() -> None:
    result = run_child(
        with_pipeline(
            """
        def fail(n):
            if n == 3:
                raise ValueError("bad frame 3")
        Step.action = staticmethod(fail)
        build(policy=sl.ErrorPolicy.STOP).run(frames=20)
        """
        )
    )
    # One traceback logged by the runtime, one for the uncaught PipelineError (with its cause).
    assert_clean(result, 1, tracebacks=3)
    assert "streamlib.PipelineError: processor 'Step' failed (ValueError: bad frame 3)" in result.stderr


def test_sys_exit_from_a_processor_thread() -> None:
    """sys.exit() inside process() ends the process with that code, like sys.exit on the main thread."""
    result = run_child(
        with_pipeline(
            """
        def leave(n):
            if n == 3:
                sys.exit(7)
        Step.action = staticmethod(leave)
        build().run(frames=50)
        print("run returned")
        """
        ),
        timeout=30,
    )
    assert_clean(result, 7)
    assert "run returned" not in result.stdout

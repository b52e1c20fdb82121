"""R7: an owned resource collected unreleased is released with a ResourceWarning; never a crash, exit included."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import pytest

import streamlib as sl

from ._kinds import WARNING_KINDS, Kind, label_of, release_all, wgpu_objects


@pytest.mark.parametrize("kind", WARNING_KINDS, ids=str)
def test_collected_unreleased_resource_warns_and_frees(gpu: sl.GpuContext, kind: Kind) -> None:
    baseline = wgpu_objects(gpu)
    helpers: list[sl.Releasable] = []
    handle = kind.make(gpu, helpers)
    before = sl.live_counts().get(kind.name, 0)
    with pytest.warns(ResourceWarning, match=f"Owned{kind.name} '{label_of(kind.name)}' was never released"):
        del handle
    assert sl.live_counts().get(kind.name, 0) == before - 1
    release_all(helpers)
    assert wgpu_objects(gpu) == baseline


@pytest.mark.parametrize("kind", WARNING_KINDS, ids=str)
def test_warning_shows_creation_traceback_when_tracking(gpu: sl.GpuContext, kind: Kind) -> None:
    helpers: list[sl.Releasable] = []
    with sl.tracking():
        handle = kind.make(gpu, helpers)
    with pytest.warns(ResourceWarning) as record:
        del handle
    message = str(record[0].message)
    assert "created at" in message
    assert "test_finalizer.py" in message and "handle = kind.make(gpu, helpers)" in message
    release_all(helpers)


def test_collected_view_is_silent(gpu: sl.GpuContext) -> None:
    baseline = wgpu_objects(gpu)
    with gpu.create_texture(8, 8) as tex, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        view = tex.create_view(label="temp")
        del view
        assert sl.live_counts().get("TextureView", 0) == 0
    assert caught == []
    assert wgpu_objects(gpu) == baseline


def test_collected_unreleased_frame_warns_and_frees(gpu: sl.GpuContext) -> None:
    baseline = wgpu_objects(gpu)
    frame = sl.VideoFrame.from_texture(gpu.create_texture(8, 8, label="cam"), frame_number=5)
    data = frame.data
    with pytest.warns(ResourceWarning, match="VideoFrame #5 was never released"):
        del frame
    assert data.expired
    del data
    assert wgpu_objects(gpu) == baseline


def test_released_resources_do_not_warn(gpu: sl.GpuContext) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tex = gpu.create_texture(8, 8)
        tex.release()
        del tex
        encoder = gpu.create_command_encoder()
        gpu.submit([encoder.finish()])
        del encoder
    assert caught == []


EXIT_SCRIPT = """
import sys, threading
import streamlib as sl

{setup}
gpu = sl.GpuContext.create()
KEEP = []
tex = gpu.create_texture(64, 64, label="never-released")
KEEP.append(tex.borrow())
KEEP.append(tex.create_view())
frame = sl.VideoFrame.from_texture(gpu.create_texture(32, 32, label="frame"))
KEEP.append(frame.data)
KEEP.append(frame.data.create_view())
buf = gpu.create_buffer(256, sl.BufferUsage.STORAGE | sl.BufferUsage.COPY_SRC, label="buf")
layout = gpu.create_bind_group_layout(
    [{{"binding": 0, "visibility": sl.ShaderStage.COMPUTE, "buffer": {{"type": "storage"}}}}]
)
bind_group = gpu.create_bind_group(layout=layout, entries=[{{"binding": 0, "resource": buf.borrow()}}])
encoder = gpu.create_command_encoder(label="open")
compute_pass = encoder.begin_compute_pass(label="never-ended")
compute_pass.set_bind_group(0, bind_group)
cycle = [encoder, compute_pass]
cycle.append(cycle)
other_thread_tex = []
t = threading.Thread(target=lambda: other_thread_tex.append(gpu.create_texture(16, 16)))
t.start(); t.join()
{ending}
"""


@pytest.mark.parametrize(
    ("setup", "ending", "warning_filter"),
    [
        ("", "", "default"),
        ("", "", "error"),
        ("sl.tracking().__enter__()", "sys.exit(0)", "default"),
        ("import gc; gc.disable()", "raise SystemExit", "error"),
        ("", "gpu.close()", "default"),
    ],
    ids=["fall-off-end", "warnings-as-errors", "tracking-sys-exit", "no-gc-system-exit", "closed-context"],
)
def test_interpreter_exit_with_live_resources_is_clean(
    tmp_path: Path, setup: str, ending: str, warning_filter: str
) -> None:
    script = tmp_path / "exit.py"
    script.write_text(textwrap.dedent(EXIT_SCRIPT.format(setup=setup, ending=ending)))
    result = subprocess.run(
        [sys.executable, "-X", "dev", "-W", warning_filter, str(script)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    for bad in ("Traceback", "Exception ignored", "panic", "Segmentation", "Fatal Python error"):
        assert bad not in result.stderr, result.stderr

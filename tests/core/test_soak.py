"""A pipeline-shaped soak: every frame creates, borrows, binds, dispatches, submits and releases.

RSS after warm-up must stay flat (< 1 MiB growth) and wgpu's object counts must not drift.
20,000 frames take about 6 s on the 2-core llvmpipe box, so the default run does them;
``make soak`` runs LONG_FRAMES.
"""

from __future__ import annotations

import time

import numpy as np
import pytest

import streamlib as sl

from ._kinds import wgpu_objects

SOAK_FRAMES = 20_000
LONG_FRAMES = 200_000
WARMUP_FRAMES = 1_000
SIZE = 64

INVERT_WGSL = """
@group(0) @binding(0) var src: texture_2d<f32>;
@group(0) @binding(1) var dst: texture_storage_2d<rgba8unorm, write>;

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
    let c = textureLoad(src, vec2<i32>(id.xy), 0);
    textureStore(dst, vec2<i32>(id.xy), vec4<f32>(1.0 - c.rgb, 1.0));
}
"""
LAYOUT = [
    {"binding": 0, "visibility": sl.ShaderStage.COMPUTE, "texture": {"sample_type": "float"}},
    {
        "binding": 1,
        "visibility": sl.ShaderStage.COMPUTE,
        "storage_texture": {"access": "write-only", "format": "rgba8unorm"},
    },
]


def rss_bytes() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS in /proc/self/status")


def run_soak(gpu: sl.GpuContext, frames: int) -> None:
    with (
        gpu.create_shader_module(INVERT_WGSL) as module,
        gpu.create_bind_group_layout(LAYOUT) as layout,
        gpu.create_pipeline_layout([layout]) as pipeline_layout,
        gpu.create_compute_pipeline(layout=pipeline_layout, module=module) as pipeline,
        gpu.create_texture(SIZE, SIZE, label="out") as out,
    ):

        def step(n: int) -> None:
            frame = sl.VideoFrame.from_texture(gpu.create_texture(SIZE, SIZE, label="frame"), frame_number=n)
            data = frame.data
            bind_group = gpu.create_bind_group(
                layout=layout,
                entries=[{"binding": 0, "resource": data.create_view()}, {"binding": 1, "resource": out.create_view()}],
            )
            encoder = gpu.create_command_encoder()
            compute_pass = encoder.begin_compute_pass()
            compute_pass.set_pipeline(pipeline)
            compute_pass.set_bind_group(0, bind_group)
            compute_pass.dispatch_workgroups(SIZE // 8, SIZE // 8)
            compute_pass.end()
            gpu.submit([encoder.finish()])
            bind_group.release()
            frame.release()

        for n in range(WARMUP_FRAMES):
            step(n)
        objects = wgpu_objects(gpu)
        rss = rss_bytes()
        start = time.perf_counter()
        for n in range(frames):
            step(n)
        elapsed = time.perf_counter() - start
        gpu.read_texture(out)  # wait for the GPU to finish
        grown = rss_bytes() - rss
        print(
            f"\nsoak: {frames} frames in {elapsed:.1f} s ({elapsed / frames * 1e6:.0f} us/frame), "
            f"RSS growth {grown / 1024:.0f} KiB"
        )
        assert wgpu_objects(gpu) == objects
        assert grown < 1 << 20, f"RSS grew {grown / 1024:.0f} KiB over {frames} frames"
        pixels = gpu.read_texture(out)
        assert (pixels == np.array([255, 255, 255, 255], np.uint8)).all()


def test_soak(gpu: sl.GpuContext) -> None:
    run_soak(gpu, SOAK_FRAMES)


@pytest.mark.soak
def test_long_soak(gpu: sl.GpuContext) -> None:
    run_soak(gpu, LONG_FRAMES)

"""A chain of GPU filters: camera -> grayscale -> edge detection -> MP4.

    python examples/filter_chain.py --frames 90 --output out/filter_chain.mp4
    streamlib run filter_chain --frames 90

Each filter reads the frame it is lent (``frame.data``, a borrow valid during ``process``)
and writes a new frame over a texture from the pool; the input frame goes back to the
runtime when ``process`` returns, and its texture to the pool once the last reference is
released. No stage keeps anything between frames, so no stage owns a frame for long.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import streamlib as sl
from streamlib.cli import run_with_progress
from streamlib.processors import TestPatternCamera, VideoFileSink

DEFAULT_OUTPUT = Path("out/filter_chain.mp4")

_HEADER = """
@group(0) @binding(0) var src: texture_2d<f32>;
@group(0) @binding(1) var dst: texture_storage_2d<rgba8unorm, write>;

fn luma(p: vec2<i32>, size: vec2<u32>) -> f32 {
    let q = clamp(p, vec2<i32>(0, 0), vec2<i32>(size) - vec2<i32>(1, 1));
    return dot(textureLoad(src, q, 0).rgb, vec3<f32>(0.2126, 0.7152, 0.0722));
}
"""

GRAYSCALE_WGSL = (
    _HEADER
    + """
@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
    let size = textureDimensions(src);
    if (id.x >= size.x || id.y >= size.y) { return; }
    let y = luma(vec2<i32>(id.xy), size);
    textureStore(dst, vec2<i32>(id.xy), vec4<f32>(y, y, y, 1.0));
}
"""
)

EDGES_WGSL = (
    _HEADER
    + """
@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
    let size = textureDimensions(src);
    if (id.x >= size.x || id.y >= size.y) { return; }
    let p = vec2<i32>(id.xy);
    // Sobel: horizontal and vertical gradients of the luma.
    let gx = luma(p + vec2<i32>(1, -1), size) + 2.0 * luma(p + vec2<i32>(1, 0), size) + luma(p + vec2<i32>(1, 1), size)
           - luma(p + vec2<i32>(-1, -1), size) - 2.0 * luma(p + vec2<i32>(-1, 0), size) - luma(p + vec2<i32>(-1, 1), size);
    let gy = luma(p + vec2<i32>(-1, 1), size) + 2.0 * luma(p + vec2<i32>(0, 1), size) + luma(p + vec2<i32>(1, 1), size)
           - luma(p + vec2<i32>(-1, -1), size) - 2.0 * luma(p + vec2<i32>(0, -1), size) - luma(p + vec2<i32>(1, -1), size);
    let e = clamp(length(vec2<f32>(gx, gy)), 0.0, 1.0);
    textureStore(dst, vec2<i32>(id.xy), vec4<f32>(e, e, e, 1.0));
}
"""
)

_FLOAT_FORMATS = frozenset({"rgba8unorm", "rgba8unorm-srgb", "bgra8unorm", "bgra8unorm-srgb", "rgba16float"})


class ShaderFilter(sl.Processor):
    """Runs a WGSL compute shader (binding 0: the input texture, 1: the rgba8unorm output) per frame.

    Owns its pipeline objects from setup to teardown; per frame, a bind group released at
    once and an output texture moved into the frame it writes.
    """

    video_in = sl.StreamInput(sl.VideoFrame)
    video_out = sl.StreamOutput(sl.VideoFrame)

    def __init__(self, wgsl: str, *, name: str) -> None:
        super().__init__()
        self.wgsl = wgsl
        self.name = name
        self._owned: list[sl.Releasable] = []
        self._layout: sl.OwnedBindGroupLayout | None = None
        self._pipeline: sl.OwnedComputePipeline | None = None

    def setup(self, gpu: sl.GpuContext) -> None:
        with gpu.create_shader_module(self.wgsl, label=self.name) as module:
            self._layout = gpu.create_bind_group_layout(
                entries=[
                    {"binding": 0, "visibility": sl.ShaderStage.COMPUTE, "texture": {"sample_type": "float"}},
                    {
                        "binding": 1,
                        "visibility": sl.ShaderStage.COMPUTE,
                        "storage_texture": {"access": "write-only", "format": "rgba8unorm"},
                    },
                ],
                label=self.name,
            )
            self._owned.append(self._layout)
            pipeline_layout = gpu.create_pipeline_layout([self._layout], label=self.name)
            self._owned.append(pipeline_layout)
            self._pipeline = gpu.create_compute_pipeline(layout=pipeline_layout, module=module, label=self.name)
            self._owned.append(self._pipeline)

    def process(self, tick: sl.Tick) -> None:
        frame = self.video_in.read_latest()
        if frame is None:
            return
        assert self._layout is not None and self._pipeline is not None
        if frame.format not in _FLOAT_FORMATS:
            raise sl.InvalidArgumentError(
                f"{self.name}: got a {frame.format} frame; its shader reads a float texture "
                f"({', '.join(sorted(_FLOAT_FORMATS))}): convert the frame first"
            )
        gpu = self.gpu
        out = gpu.texture_pool.acquire(frame.width, frame.height, label=self.name)
        try:
            with gpu.create_bind_group(
                layout=self._layout,
                entries=[
                    {"binding": 0, "resource": frame.data.create_view()},
                    {"binding": 1, "resource": out.create_view()},
                ],
                label=self.name,
            ) as bind_group:
                encoder = gpu.create_command_encoder(label=self.name)
                compute_pass = encoder.begin_compute_pass()
                compute_pass.set_pipeline(self._pipeline)
                compute_pass.set_bind_group(0, bind_group)
                compute_pass.dispatch_workgroups((frame.width + 7) // 8, (frame.height + 7) // 8)
                compute_pass.end()
                gpu.submit([encoder.finish()])
        except BaseException:
            out.release()
            raise
        self.video_out.write(frame.clone_with_texture(out))

    def teardown(self) -> None:
        for owned in reversed(self._owned):
            owned.release()
        self._owned.clear()


def build(runtime: sl.StreamRuntime, output: Path | None = None) -> None:
    """TestPatternCamera -> grayscale -> edges -> VideoFileSink(``output``)."""
    cam = runtime.add(TestPatternCamera())
    gray = runtime.add(ShaderFilter(GRAYSCALE_WGSL, name="grayscale"))
    edges = runtime.add(ShaderFilter(EDGES_WGSL, name="edges"))
    sink = runtime.add(VideoFileSink(output if output is not None else DEFAULT_OUTPUT))
    runtime.connect(cam.video_out, gray.video_in)
    runtime.connect(gray.video_out, edges.video_in)
    runtime.connect(edges.video_out, sink.video_in)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--frames", type=int, default=None, help="stop after N frames (default: until Ctrl+C)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="MP4 file to write")
    parser.add_argument("--size", type=int, nargs=2, default=(640, 360), metavar=("W", "H"))
    parser.add_argument(
        "--fps", type=float, default=0.0, help="pace at N fps, dropping frames when slower (default 0: every frame)"
    )
    args = parser.parse_args(argv)
    runtime = sl.StreamRuntime(fps=args.fps, width=args.size[0], height=args.size[1])
    build(runtime, args.output)
    run_with_progress(runtime, frames=args.frames)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()

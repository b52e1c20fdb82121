"""A chain of GPU filters: camera -> grayscale -> edge detection -> MP4.

    python examples/filter_chain.py --frames 90 --output out/filter_chain.mp4
    streamlib run filter_chain --frames 90

Each stage is a built-in ComputeFilter: it reads the frame it is lent (``frame.data``, a
borrow valid during ``process``) and writes a new frame over a texture from the pool; the
input frame goes back to the runtime when ``process`` returns, and its texture to the pool
once the last reference is released. No stage keeps anything between frames, so no stage
owns a frame for long.
"""

from __future__ import annotations

from pathlib import Path

import streamlib as sl
from streamlib.cli import example_parser, run_example
from streamlib.processors import ComputeFilter, TestPatternCamera, VideoFileSink

DEFAULT_OUTPUT = Path("out/filter_chain.mp4")

_HEADER = """
@group(0) @binding(0) var src: texture_2d<f32>;
@group(0) @binding(1) var dst: texture_storage_2d<rgba8unorm, write>;

fn luma(p: vec2<i32>, size: vec2<u32>) -> f32 {
    let q = clamp(p, vec2<i32>(0, 0), vec2<i32>(size) - vec2<i32>(1, 1));
    return dot(textureLoad(src, q, 0).rgb, vec3<f32>(0.2126, 0.7152, 0.0722));
}
"""


def per_pixel(body: str) -> str:
    """A filter shader (ComputeFilter's bindings 0 and 1) whose ``body`` sets ``out`` for pixel ``p``."""
    return (
        _HEADER
        + """
@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
    let size = textureDimensions(src);
    if (id.x >= size.x || id.y >= size.y) { return; }
    let p = vec2<i32>(id.xy);
"""
        + body
        + """
    textureStore(dst, p, out);
}
"""
    )


GRAYSCALE_WGSL = per_pixel(
    """
    let y = luma(p, size);
    let out = vec4<f32>(y, y, y, 1.0);
"""
)

EDGES_WGSL = per_pixel(
    """
    // Sobel: horizontal and vertical gradients of the luma.
    let gx = luma(p + vec2<i32>(1, -1), size) + 2.0 * luma(p + vec2<i32>(1, 0), size) + luma(p + vec2<i32>(1, 1), size)
           - luma(p + vec2<i32>(-1, -1), size) - 2.0 * luma(p + vec2<i32>(-1, 0), size) - luma(p + vec2<i32>(-1, 1), size);
    let gy = luma(p + vec2<i32>(-1, 1), size) + 2.0 * luma(p + vec2<i32>(0, 1), size) + luma(p + vec2<i32>(1, 1), size)
           - luma(p + vec2<i32>(-1, -1), size) - 2.0 * luma(p + vec2<i32>(0, -1), size) - luma(p + vec2<i32>(1, -1), size);
    let e = clamp(length(vec2<f32>(gx, gy)), 0.0, 1.0);
    let out = vec4<f32>(e, e, e, 1.0);
"""
)


def build(runtime: sl.StreamRuntime, output: Path | None = None) -> None:
    """TestPatternCamera -> grayscale -> edges -> VideoFileSink(``output``)."""
    cam = runtime.add(TestPatternCamera())
    gray = runtime.add(ComputeFilter(GRAYSCALE_WGSL, name="grayscale"))
    edges = runtime.add(ComputeFilter(EDGES_WGSL, name="edges"))
    sink = runtime.add(VideoFileSink(output if output is not None else DEFAULT_OUTPUT))
    runtime.connect(cam.video_out, gray.video_in)
    runtime.connect(gray.video_out, edges.video_in)
    runtime.connect(edges.video_out, sink.video_in)


def main(argv: list[str] | None = None) -> None:
    args = example_parser(__doc__, DEFAULT_OUTPUT).parse_args(argv)
    run_example(args, build)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()

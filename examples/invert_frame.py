"""Invert a frame's colours with a compute shader that reads the frame through a borrow.

Run: python examples/invert_frame.py --output out/invert_frame.png
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

import streamlib as sl
from streamlib.processors._png import write_png

INVERT_WGSL = """
@group(0) @binding(0) var src: texture_2d<f32>;
@group(0) @binding(1) var dst: texture_storage_2d<rgba8unorm, write>;

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
    let size = textureDimensions(src);
    if (id.x >= size.x || id.y >= size.y) { return; }
    let c = textureLoad(src, vec2<i32>(id.xy), 0);
    textureStore(dst, vec2<i32>(id.xy), vec4<f32>(1.0 - c.rgb, 1.0));
}
"""


def test_pattern(width: int, height: int) -> np.ndarray[tuple[int, int, int], np.dtype[np.uint8]]:
    """Colour gradients: red across, green down, a blue diagonal."""
    y, x = np.mgrid[0:height, 0:width]
    pixels = np.empty((height, width, 4), dtype=np.uint8)
    pixels[..., 0] = x * 255 // max(width - 1, 1)
    pixels[..., 1] = y * 255 // max(height - 1, 1)
    pixels[..., 2] = ((x + y) % 64) * 4
    pixels[..., 3] = 255
    return pixels


def invert(gpu: sl.GpuContext, frame_texture: sl.Texture, out: sl.Texture) -> None:
    """Record and submit the inversion; only *uses* both textures, so it takes the Protocol type."""
    with (
        gpu.create_shader_module(INVERT_WGSL, label="invert") as module,
        gpu.create_compute_pipeline(layout="auto", module=module, label="invert") as pipeline,
        gpu.create_bind_group_layout(
            entries=[
                {"binding": 0, "visibility": sl.ShaderStage.COMPUTE, "texture": {"sample_type": "float"}},
                {
                    "binding": 1,
                    "visibility": sl.ShaderStage.COMPUTE,
                    "storage_texture": {"access": "write-only", "format": "rgba8unorm"},
                },
            ]
        ) as layout,
        gpu.create_pipeline_layout([layout]) as pipeline_layout,
        gpu.create_compute_pipeline(layout=pipeline_layout, module=module) as pipe,
        gpu.create_bind_group(
            layout=layout,
            entries=[
                {"binding": 0, "resource": frame_texture.create_view()},
                {"binding": 1, "resource": out.create_view()},
            ],
        ) as bind_group,
    ):
        del pipeline  # built only to show layout="auto" works too
        encoder = gpu.create_command_encoder(label="invert")
        compute_pass = encoder.begin_compute_pass()
        compute_pass.set_pipeline(pipe)
        compute_pass.set_bind_group(0, bind_group)
        compute_pass.dispatch_workgroups((out.width + 7) // 8, (out.height + 7) // 8)
        compute_pass.end()
        gpu.submit([encoder.finish()])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, default=Path("out/invert_frame.png"))
    parser.add_argument("--size", type=int, nargs=2, default=(320, 240), metavar=("W", "H"))
    args = parser.parse_args()
    width, height = args.size

    with sl.GpuContext.create() as gpu:
        texture = gpu.create_texture(width, height, label="camera")
        gpu.write_texture(texture, test_pattern(width, height))
        with sl.VideoFrame.from_texture(texture, frame_number=1) as frame:  # takes ownership of `texture`
            with gpu.create_texture(width, height, label="inverted") as out:
                invert(gpu, frame.data, out)  # frame.data is a BorrowedTexture: zero-copy
                pixels = gpu.read_texture(out)
        print(
            f"wrote {write_png(args.output, pixels)} ({width}x{height}); live resources: {sl.live_counts() or 'none'}"
        )


if __name__ == "__main__":
    main()

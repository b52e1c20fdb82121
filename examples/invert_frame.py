"""Invert a frame's colours with a compute shader that reads the frame through a borrow.

    python examples/invert_frame.py --output out/invert_frame.png            # one frame
    python examples/invert_frame.py --frames 10 --size 64 48 --output out/invert_frame.png
    streamlib run invert_frame --frames 1 --output out/invert_frame.png

A tiny pipeline, GradientSource -> Invert -> SaveLastFrame, written out by hand to show who
owns what. Invert owns its shader objects from setup to teardown; per frame it borrows the
input's texture (``frame.data``: zero-copy, valid during ``process``), takes an owned texture
from the pool for its output and moves it into the frame it writes. SaveLastFrame saves each
frame it gets to ``--output`` with ``streamlib.processors.save_image`` (a PNG; the last frame
wins) and owns nothing.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

import streamlib as sl
from streamlib.cli import example_parser, run_example
from streamlib.processors import save_image

DEFAULT_OUTPUT = Path("out/invert_frame.png")

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


class GradientSource(sl.Processor):
    """Writes ``test_pattern`` frames of the runtime's size, over textures from the pool."""

    video_out = sl.StreamOutput(sl.VideoFrame)

    def process(self, tick: sl.Tick) -> None:
        width, height = self.runtime.width, self.runtime.height
        texture = self.gpu.texture_pool.acquire(width, height, label="gradient")  # owned
        self.gpu.write_texture(texture, test_pattern(width, height))
        # from_texture takes ownership of `texture`; write() then moves the frame on.
        self.video_out.write(sl.VideoFrame.from_texture(texture, frame_number=tick.frame_number))


class Invert(sl.Processor):
    """Writes each input frame with its colours inverted, computed on the GPU.

    Owns a shader module and a compute pipeline from setup to teardown. The pipeline's layout
    is derived from the shader (``layout="auto"``): ``get_bind_group_layout(0)`` lends it, a
    borrow that expires with the pipeline. Per frame, a bind group (released before
    ``process`` returns) and the output texture (moved into the frame it writes).
    """

    video_in = sl.StreamInput(sl.VideoFrame)
    video_out = sl.StreamOutput(sl.VideoFrame)

    def setup(self, gpu: sl.GpuContext) -> None:
        self.module = gpu.create_shader_module(INVERT_WGSL, label="invert")
        self.pipeline = gpu.create_compute_pipeline(layout="auto", module=self.module, label="invert")

    def process(self, tick: sl.Tick) -> None:
        frame = self.video_in.read_latest()  # lent for this call
        if frame is None:
            return
        out = self.gpu.texture_pool.acquire(frame.width, frame.height, label="inverted")  # owned
        # frame.data is a BorrowedTexture: zero-copy, and its views expire with the frame.
        with self.gpu.create_bind_group(
            # Borrowed from the pipeline for this call (kept on self, `streamlib check` would flag it).
            layout=self.pipeline.get_bind_group_layout(0),
            entries=[
                {"binding": 0, "resource": frame.data.create_view()},
                {"binding": 1, "resource": out.create_view()},
            ],
            label="invert",
        ) as bind_group:
            encoder = self.gpu.create_command_encoder(label="invert")
            compute_pass = encoder.begin_compute_pass()
            compute_pass.set_pipeline(self.pipeline)
            compute_pass.set_bind_group(0, bind_group)
            compute_pass.dispatch_workgroups((out.width + 7) // 8, (out.height + 7) // 8)
            compute_pass.end()
            self.gpu.submit([encoder.finish()])
        self.video_out.write(
            sl.VideoFrame.from_texture(out, frame_number=frame.frame_number, timestamp=frame.timestamp)
        )

    def teardown(self) -> None:
        for resource in (self.pipeline, self.module):
            resource.release()


class SaveLastFrame(sl.Processor):
    """Saves each frame it gets to ``path`` as a PNG (so the file holds the last one); owns nothing.

    A failed write stops the pipeline and is raised again from teardown, so ``run()`` raises
    it whatever the ErrorPolicy, like the built-in file sinks: a sink that cannot write would
    only lose every later frame.
    """

    video_in = sl.StreamInput(sl.VideoFrame)

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.failed: sl.StreamlibError | None = None

    def process(self, tick: sl.Tick) -> None:
        while self.failed is None and (frame := self.video_in.read()) is not None:
            try:
                save_image(self.gpu, frame, self.path)  # uses the frame; the runtime releases it
            except sl.StreamlibError as exc:
                self.failed = exc
                self.runtime.stop()

    def teardown(self) -> None:
        if self.failed is not None:
            raise self.failed


def build(runtime: sl.StreamRuntime, output: Path | None = None) -> None:
    """GradientSource -> Invert -> SaveLastFrame(``output``, a .png)."""
    source = runtime.add(GradientSource())
    invert = runtime.add(Invert())
    sink = runtime.add(SaveLastFrame(output if output is not None else DEFAULT_OUTPUT))
    runtime.connect(source.video_out, invert.video_in)
    runtime.connect(invert.video_out, sink.video_in)


def main(argv: list[str] | None = None) -> None:
    parser = example_parser(__doc__, DEFAULT_OUTPUT, size=(320, 240), output_help="PNG file to write (the last frame)")
    parser.set_defaults(frames=1)  # one frame unless told otherwise
    args = parser.parse_args(argv)
    run_example(args, build)
    print(f"wrote {args.output} ({args.size[0]}x{args.size[1]}); live resources: {sl.live_counts() or 'none'}")


if __name__ == "__main__":
    main()

"""A processor that keeps a frame between calls: a temporal blend (motion trails).

    python examples/temporal_blend.py --frames 90 --output out/temporal_blend.mp4
    streamlib run temporal_blend --frames 90

A frame read in ``process`` is lent for that call only. TemporalBlend needs its previous
*output* on the next call, so it keeps an explicit owned reference, ``clone()``, and
releases it when the next frame replaces it and in ``teardown``. Until then the pool cannot
reuse that texture; after it, every borrow of it expires.
"""

from __future__ import annotations

import struct
from pathlib import Path

import streamlib as sl
from streamlib.cli import example_parser, run_example
from streamlib.processors import ComputeFilter, TestPatternCamera, VideoFileSink

DEFAULT_OUTPUT = Path("out/temporal_blend.mp4")

BLEND_WGSL = """
struct Params { keep: f32, _p0: f32, _p1: f32, _p2: f32 };

@group(0) @binding(0) var current: texture_2d<f32>;
@group(0) @binding(1) var dst: texture_storage_2d<rgba8unorm, write>;
@group(0) @binding(2) var<uniform> params: Params;
@group(0) @binding(3) var previous: texture_2d<f32>;

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
    let size = textureDimensions(current);
    if (id.x >= size.x || id.y >= size.y) { return; }
    let p = vec2<i32>(id.xy);
    let c = mix(textureLoad(current, p, 0), textureLoad(previous, p, 0), params.keep);
    textureStore(dst, p, vec4<f32>(c.rgb, 1.0));
}
"""


class TemporalBlend(ComputeFilter):
    """Output = mix(current frame, previous output, ``keep``): moving things leave trails.

    A ComputeFilter with a 16-byte uniform (``keep``) and one extra input, its previous
    output. Owns, between calls, one reference to that frame (``self._previous``), besides
    what ComputeFilter owns.
    """

    def __init__(self, keep: float = 0.8) -> None:
        if not 0.0 <= keep < 1.0:
            raise sl.InvalidArgumentError(f"TemporalBlend: keep must be in [0, 1), got {keep!r}")
        super().__init__(BLEND_WGSL, uniform_size=16, extra_inputs=1)
        self.keep = keep
        self._previous: sl.VideoFrame | None = None

    def uniforms(self, tick: sl.Tick, frame: sl.VideoFrame) -> bytes | None:
        return struct.pack("<4f", self.keep, 0.0, 0.0, 0.0)

    def extra_textures(self, tick: sl.Tick, frame: sl.VideoFrame) -> list[sl.Texture]:
        # Before the first output, blend the frame with itself.
        return [frame.data if self._previous is None else self._previous.data]

    def process(self, tick: sl.Tick) -> None:
        frame = self.video_in.read_latest()  # lent for this call
        if frame is None:
            return
        previous = self._previous
        if previous is not None and (previous.width, previous.height) != (frame.width, frame.height):
            # The stream changed size: the old frame cannot be blended in; start again from this one.
            previous.release()
            previous = self._previous = None
        result = self.apply(tick, frame)  # an owned frame over a pooled texture
        # Keep our own reference to the output for the next call, then give the frame away.
        if previous is not None:
            previous.release()
        self._previous = result.clone()
        self.video_out.write(result)  # moves `result`; self._previous still holds the texture

    def teardown(self) -> None:
        if self._previous is not None:
            self._previous.release()
            self._previous = None
        super().teardown()


def build(runtime: sl.StreamRuntime, output: Path | None = None) -> None:
    """TestPatternCamera -> TemporalBlend -> VideoFileSink(``output``)."""
    cam = runtime.add(TestPatternCamera())
    blend = runtime.add(TemporalBlend())
    sink = runtime.add(VideoFileSink(output if output is not None else DEFAULT_OUTPUT))
    runtime.connect(cam.video_out, blend.video_in)
    runtime.connect(blend.video_out, sink.video_in)


def main(argv: list[str] | None = None) -> None:
    args = example_parser(__doc__, DEFAULT_OUTPUT).parse_args(argv)
    run_example(args, build)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()

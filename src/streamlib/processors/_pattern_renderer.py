"""The GPU side of TestPatternCamera: one compute pass draws bars, a clock and a frame counter."""

from __future__ import annotations

import struct

from ..gpu._context import GpuContext
from ..gpu._enums import BufferUsage, ShaderStage
from ..gpu._memory import OwnedBuffer
from ..gpu._protocols import Texture
from ._compute import ComputeProgram
from ._font import GLYPH_HEIGHT, GLYPH_WIDTH, encode_text, font_wgsl
from ._views import frame_view

__all__ = ["PatternRenderer", "pattern_text"]

TEXT_SLOTS = 16  # characters per line, two lines: the clock and the frame counter

_WGSL = (
    font_wgsl()
    + """
struct Params {
    time: f32,
    scale: u32,      // pixels per font pixel
    _pad0: u32,
    _pad1: u32,
    text: array<vec4<u32>, 8>,   // 2 lines x 16 glyph indices, 4 per vec4
};

@group(0) @binding(0) var dst: texture_storage_2d<rgba8unorm, write>;
@group(0) @binding(1) var<uniform> params: Params;

const BARS = array<vec3<f32>, 8>(
    vec3<f32>(0.75, 0.75, 0.75), vec3<f32>(0.75, 0.75, 0.0), vec3<f32>(0.0, 0.75, 0.75),
    vec3<f32>(0.0, 0.75, 0.0), vec3<f32>(0.75, 0.0, 0.75), vec3<f32>(0.75, 0.0, 0.0),
    vec3<f32>(0.0, 0.0, 0.75), vec3<f32>(0.1, 0.1, 0.1),
);

fn glyph_at(line: u32, slot: u32) -> u32 {
    let i = line * 16u + slot;
    return params.text[i / 4u][i % 4u];
}

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
    let size = textureDimensions(dst);
    if (id.x >= size.x || id.y >= size.y) { return; }
    let uv = vec2<f32>(f32(id.x) / f32(size.x), f32(id.y) / f32(size.y));

    // Upper two thirds: colour bars scrolling left at a tenth of the width per second.
    var colour = BARS[u32(fract(uv.x + params.time * 0.1) * 8.0) % 8u];
    if (uv.y > 0.67) {
        // Lower third: a grey ramp with a bright stripe sweeping across once every two seconds.
        let ramp = uv.x;
        let sweep = 1.0 - smoothstep(0.0, 0.02, abs(uv.x - fract(params.time * 0.5)));
        colour = vec3<f32>(ramp * 0.8 + sweep * 0.2);
    }

    // Text box in the top-left corner: two lines on a dark background.
    let s = max(params.scale, 1u);
    let cell_w = (GLYPH_W + 1u) * s;
    let cell_h = (GLYPH_H + 2u) * s;
    let margin = 2u * s;
    if (id.x >= margin && id.y >= margin) {
        let px = id.x - margin;
        let py = id.y - margin;
        let line = py / cell_h;
        let slot = px / cell_w;
        if (line < 2u && slot < 16u) {
            colour = colour * 0.25;
            let col = (px % cell_w) / s;
            let row = (py % cell_h) / s;
            if (col < GLYPH_W && row < GLYPH_H && glyph_lit(glyph_at(line, slot), col, row)) {
                colour = vec3<f32>(1.0, 1.0, 1.0);
            }
        }
    }
    textureStore(dst, vec2<i32>(id.xy), vec4<f32>(colour, 1.0));
}
"""
)


def pattern_text(frame_number: int, timestamp: float) -> tuple[str, str]:
    """The two text lines: the stream clock (MM:SS.mmm, hours when needed) and the frame counter."""
    millis = round(timestamp * 1000.0)
    minutes, ms = divmod(millis, 60_000)
    hours, minutes = divmod(minutes, 60)
    clock = f"{minutes:02d}:{ms // 1000:02d}.{ms % 1000:03d}"
    if hours:
        clock = f"{hours}:{clock}"
    return f"T {clock}", f"F #{frame_number:06d}"


def _glyph_scale(width: int, height: int) -> int:
    """Font pixels big enough to read at any size, small enough that two lines fit."""
    fit = max(1, min(width // ((GLYPH_WIDTH + 1) * TEXT_SLOTS + 4), height // ((GLYPH_HEIGHT + 2) * 2 + 4)))
    return max(1, min(fit, max(1, height // 120)))


class PatternRenderer:
    """Owns the shader objects and the 160-byte uniform buffer; ``draw`` fills any rgba8unorm storage texture."""

    __slots__ = ("_buffer", "_gpu", "_program")

    def __init__(self, gpu: GpuContext) -> None:
        self._gpu = gpu
        self._buffer: OwnedBuffer | None = None
        self._program: ComputeProgram | None = None
        try:
            self._program = ComputeProgram(
                gpu,
                _WGSL,
                [
                    {
                        "binding": 0,
                        "visibility": ShaderStage.COMPUTE,
                        "storage_texture": {"access": "write-only", "format": "rgba8unorm"},
                    },
                    {"binding": 1, "visibility": ShaderStage.COMPUTE, "buffer": {"type": "uniform"}},
                ],
                label="test pattern",
            )
            self._buffer = gpu.create_buffer(
                16 + 8 * 16, BufferUsage.UNIFORM | BufferUsage.COPY_DST, label="test pattern params"
            )
        except BaseException:
            self.release()
            raise

    def draw(self, target: Texture, frame_number: int, timestamp: float) -> None:
        """Record, submit and forget one pass drawing the pattern into ``target`` (only used, not kept)."""
        assert self._buffer is not None and self._program is not None
        width, height = target.width, target.height
        clock, counter = pattern_text(frame_number, timestamp)
        codes = encode_text(clock, TEXT_SLOTS) + encode_text(counter, TEXT_SLOTS)
        self._gpu.write_buffer(
            self._buffer,
            0,
            struct.pack(f"<fIII{len(codes)}I", timestamp, _glyph_scale(width, height), 0, 0, *codes),
        )
        # A borrowed view of the pooled target: no owned view per frame (see frame_view).
        self._program.dispatch(
            [{"binding": 0, "resource": frame_view(target)}, {"binding": 1, "resource": self._buffer}],
            width,
            height,
        )

    def release(self) -> None:
        """Release every GPU object it owns. Idempotent."""
        if self._program is not None:
            self._program.release()
        if self._buffer is not None:
            self._buffer.release()

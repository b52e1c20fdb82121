"""Drawing one texture into another with a render pass: scaled through a sampler, format converted.

DisplaySink draws frames into the window's surface texture with it, Resize into pooled
textures of the output size. Nothing leaves the GPU.
"""

from __future__ import annotations

from ..gpu._context import GpuContext
from ..gpu._errors import InvalidArgumentError
from ..gpu._programs import OwnedRenderPipeline, OwnedSampler
from ..gpu._protocols import Texture, TextureView

__all__ = ["FILTERS", "SAMPLED_FORMATS", "Blitter", "letterbox"]

FILTERS = ("linear", "nearest")
SAMPLED_FORMATS = frozenset({"rgba8unorm", "rgba8unorm-srgb", "bgra8unorm", "bgra8unorm-srgb", "rgba16float"})
"""Frame formats the blit samples (filterable float formats)."""

# One triangle covering the viewport; uv (0, 0) is the source's top-left texel.
BLIT_WGSL = """
struct VsOut { @builtin(position) pos: vec4<f32>, @location(0) uv: vec2<f32> };

@vertex
fn vs_main(@builtin(vertex_index) i: u32) -> VsOut {
    let xy = vec2<f32>(f32((i << 1u) & 2u), f32(i & 2u));
    var out: VsOut;
    out.pos = vec4<f32>(xy * 2.0 - 1.0, 0.0, 1.0);
    out.uv = vec2<f32>(xy.x, 1.0 - xy.y);
    return out;
}

@group(0) @binding(0) var src: texture_2d<f32>;
@group(0) @binding(1) var smp: sampler;

@fragment
fn fs_main(in: VsOut) -> @location(0) vec4<f32> {
    return textureSampleLevel(src, smp, in.uv, 0.0);
}

@fragment
fn fs_opaque(in: VsOut) -> @location(0) vec4<f32> {
    return vec4<f32>(textureSampleLevel(src, smp, in.uv, 0.0).rgb, 1.0);
}
"""


def letterbox(src: tuple[int, int], dst: tuple[int, int]) -> tuple[float, float, float, float]:
    """The largest rectangle (x, y, width, height) of ``src``'s aspect ratio centred in ``dst``."""
    scale = min(dst[0] / src[0], dst[1] / src[1])
    width, height = src[0] * scale, src[1] * scale
    return (dst[0] - width) / 2, (dst[1] - height) / 2, width, height


class Blitter:
    """Owns a render pipeline drawing into ``target_format`` and a sampler with ``filter``; release() both.

    ``opaque`` draws alpha 1 (a window), otherwise the source's alpha is kept.

    ``draw`` records and submits one pass per call; the source and target are used, not kept.
    """

    __slots__ = ("_gpu", "_pipeline", "_sampler", "label", "target_format")

    def __init__(
        self, gpu: GpuContext, target_format: str, *, filter: str = "linear", opaque: bool = False, label: str = "blit"
    ) -> None:
        if filter not in FILTERS:
            raise InvalidArgumentError(f"{label}: filter must be one of {FILTERS}, got {filter!r}")
        self._gpu = gpu
        self.label = label
        self.target_format = target_format
        self._sampler: OwnedSampler | None = gpu.create_sampler(mag_filter=filter, min_filter=filter, label=label)
        self._pipeline: OwnedRenderPipeline | None = None
        try:
            with gpu.create_shader_module(BLIT_WGSL, label=label) as module:
                self._pipeline = gpu.create_render_pipeline(
                    layout="auto",
                    vertex={"module": module, "entry_point": "vs_main"},
                    fragment={
                        "module": module,
                        "entry_point": "fs_opaque" if opaque else "fs_main",
                        "targets": [{"format": target_format}],
                    },
                    label=label,
                )
        except BaseException:
            self.release()
            raise

    def draw(
        self,
        source: Texture,
        target: TextureView,
        viewport: tuple[float, float, float, float] | None = None,
    ) -> None:
        """Draw all of ``source`` into ``viewport`` of ``target`` (default: all of it), the rest cleared
        to black, and submit. Raises InvalidArgumentError for a source format it cannot sample."""
        pipeline, sampler = self._pipeline, self._sampler
        assert pipeline is not None and sampler is not None, f"{self.label}: draw() after release()"
        if source.format not in SAMPLED_FORMATS:
            raise InvalidArgumentError(
                f"{self.label}: got a {source.format} texture; it draws float textures "
                f"({', '.join(sorted(SAMPLED_FORMATS))}): convert it first"
            )
        gpu = self._gpu
        with gpu.create_bind_group(
            layout=pipeline.get_bind_group_layout(0),
            entries=[{"binding": 0, "resource": source.create_view()}, {"binding": 1, "resource": sampler}],
            label=self.label,
        ) as bind_group:
            encoder = gpu.create_command_encoder(label=self.label)
            try:
                with encoder.begin_render_pass(color_attachments=[{"view": target}], label=self.label) as render_pass:
                    if viewport is not None:
                        render_pass.set_viewport(*viewport)
                    render_pass.set_pipeline(pipeline)
                    render_pass.set_bind_group(0, bind_group)
                    render_pass.draw(3)
                    render_pass.end()  # consumes it: leaving the block then releases nothing
                commands = encoder.finish()
            except BaseException:
                encoder.release()
                raise
            gpu.submit([commands])

    def release(self) -> None:
        """Release the pipeline and the sampler. Idempotent."""
        for owned in (self._pipeline, self._sampler):
            if owned is not None:
                owned.release()
        self._pipeline = self._sampler = None

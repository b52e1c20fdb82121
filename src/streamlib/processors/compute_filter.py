"""ComputeFilter: a WGSL compute shader run over each frame into a new frame from the pool."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..gpu._context import GpuContext
from ..gpu._enums import BufferUsage, ShaderStage
from ..gpu._errors import InvalidArgumentError
from ..gpu._memory import OwnedBuffer
from ..gpu._protocols import Texture
from ..pipeline._frame import VideoFrame
from ..pipeline._ports import StreamInput, StreamOutput
from ..pipeline._processor import Processor, Tick
from ._compute import WORKGROUP, ComputeProgram
from ._views import frame_view

__all__ = ["FLOAT_FORMATS", "ComputeFilter"]

FLOAT_FORMATS = frozenset({"rgba8unorm", "rgba8unorm-srgb", "bgra8unorm", "bgra8unorm-srgb", "rgba16float"})
"""Frame formats a ``texture_2d<f32>`` binding can read (filterable float formats)."""

_INPUT = {"visibility": ShaderStage.COMPUTE, "texture": {"sample_type": "float"}}
_OUTPUT = {"visibility": ShaderStage.COMPUTE, "storage_texture": {"access": "write-only", "format": "rgba8unorm"}}
_UNIFORM = {"visibility": ShaderStage.COMPUTE, "buffer": {"type": "uniform"}}

INPUT_BINDING = 0
OUTPUT_BINDING = 1
UNIFORM_BINDING = 2
EXTRA_BINDING = 3


class ComputeFilter(Processor):
    """Runs a WGSL compute shader over each input frame, writing a new frame of the same size.

    The shader's bindings, all in ``@group(0)``::

        @binding(0) var src: texture_2d<f32>;                          // the input frame
        @binding(1) var dst: texture_storage_2d<rgba8unorm, write>;    // the output, same size
        @binding(2) var<uniform> params: Params;   // only with uniform_size > 0: uniforms()
        @binding(3) var extra: texture_2d<f32>;    // 3, 4, ...: extra_inputs, from extra_textures()

    declared ``@compute @workgroup_size(8, 8)``; one pass covers the frame, one invocation a
    pixel (guard ``id.xy`` against ``textureDimensions``: the edge workgroups overhang).
    Subclass it to fill the uniform (``uniforms``) or bind extra textures (``extra_textures``);
    use it as is for a stateless filter: ``ComputeFilter(INVERT_WGSL, name="invert")``.

    Ownership: from ``setup`` to ``teardown`` it owns the compiled pipeline and the uniform
    buffer (a subclass overriding ``teardown`` calls ``super().teardown()``). Per frame it
    owns a bind group, released once the pass is submitted, and the output texture, taken
    from ``gpu.texture_pool`` and moved into the frame it writes. The textures' default views
    and the bind group come from the context's caches: with pooled frames, a steady pipeline
    makes no view and no bind group per frame (docs/architecture.md, "Caches"). The input frame is only
    used. ``setup`` compiles the shader and runs it once on an 8x8 texture, so a software
    GPU's first-dispatch compile does not cost the running pipeline its first frames.

    A frame in a format the shader cannot read (see ``FLOAT_FORMATS``) raises
    InvalidArgumentError naming the processor; so do a uniform of the wrong size and an
    extra texture of the wrong size or format.
    """

    video_in = StreamInput(VideoFrame)
    video_out = StreamOutput(VideoFrame)

    def __init__(
        self,
        wgsl: str,
        *,
        name: str | None = None,
        entry_point: str = "main",
        uniform_size: int = 0,
        extra_inputs: int = 0,
    ) -> None:
        super().__init__()
        who = name or type(self).name
        if type(wgsl) is not str or not wgsl.strip():
            raise InvalidArgumentError(f"{who}: wgsl must be the WGSL source text, got {wgsl!r}")
        if type(uniform_size) is not int or uniform_size < 0 or uniform_size % 4:
            raise InvalidArgumentError(
                f"{who}: uniform_size must be an int >= 0 and a multiple of 4 (bytes), got {uniform_size!r}"
            )
        if type(extra_inputs) is not int or extra_inputs < 0:
            raise InvalidArgumentError(f"{who}: extra_inputs must be an int >= 0, got {extra_inputs!r}")
        if name is not None:
            self.name = name
        self.wgsl = wgsl
        self.entry_point = entry_point
        self.uniform_size = uniform_size
        self.extra_inputs = extra_inputs
        self._program: ComputeProgram | None = None
        self._uniform: OwnedBuffer | None = None

    # -- hooks ----------------------------------------------------------------------------------

    def uniforms(self, tick: Tick, frame: VideoFrame) -> bytes | None:
        """The uniform's new contents for this frame (``uniform_size`` bytes), or None to keep them.

        Called once per frame, before the pass. The buffer starts zero-filled. The default keeps it.
        """
        return None

    def extra_textures(self, tick: Tick, frame: VideoFrame) -> Sequence[Texture]:
        """The ``extra_inputs`` textures bound at 3, 4, ... for this frame, each the frame's size.

        Only used during this call: return borrows (``kept_frame.data``) that stay valid
        until ``process`` returns. The default binds none.
        """
        return ()

    # -- the processor --------------------------------------------------------------------------

    def setup(self, gpu: GpuContext) -> None:
        entries: list[dict[str, Any]] = [{"binding": INPUT_BINDING, **_INPUT}, {"binding": OUTPUT_BINDING, **_OUTPUT}]
        if self.uniform_size:
            entries.append({"binding": UNIFORM_BINDING, **_UNIFORM})
        entries += [{"binding": EXTRA_BINDING + i, **_INPUT} for i in range(self.extra_inputs)]
        try:
            self._program = ComputeProgram(gpu, self.wgsl, entries, entry_point=self.entry_point, label=self.name)
            if self.uniform_size:
                self._uniform = gpu.create_buffer(
                    self.uniform_size, BufferUsage.UNIFORM | BufferUsage.COPY_DST, label=self.name
                )
            with (
                gpu.texture_pool.acquire(WORKGROUP, WORKGROUP, label=f"{self.name} warm-up") as src,
                gpu.texture_pool.acquire(WORKGROUP, WORKGROUP, label=f"{self.name} warm-up") as dst,
            ):
                self._dispatch(src, dst, [src] * self.extra_inputs)
                gpu.read_texture(dst)  # waits until the shader has run once
        except BaseException:
            self.teardown()
            raise

    def process(self, tick: Tick) -> None:
        frame = self.video_in.read_latest()  # lent for this call
        if frame is None:
            return
        self.video_out.write(self.apply(tick, frame))  # moves the new frame downstream

    def apply(self, tick: Tick, frame: VideoFrame) -> VideoFrame:
        """Run the shader over ``frame`` (used, not kept) and return the result as a new frame.

        Returns an owned frame over a pooled texture, with ``frame``'s number, timestamp and
        metadata: write it to a port (which takes it) or release it. Call it from ``process``
        (after ``setup``); ``process`` calls it on the newest input frame.
        """
        if frame.format not in FLOAT_FORMATS:
            raise InvalidArgumentError(
                f"{self.name}: got a {frame.format} frame; its shader reads a float texture "
                f"({', '.join(sorted(FLOAT_FORMATS))}): convert the frame first"
            )
        data = self.uniforms(tick, frame)
        if data is not None:
            self._write_uniform(data)
        extras = self.extra_textures(tick, frame)
        self._check_extras(extras, frame)
        out = self.gpu.texture_pool.acquire(frame.width, frame.height, label=self.name)
        try:
            self._dispatch(frame.data, out, extras)  # frame.data: a borrow, valid during this call
        except BaseException:
            out.release()
            raise
        return frame.clone_with_texture(out)  # takes ownership of `out`

    def teardown(self) -> None:
        """Release the pipeline and the uniform buffer. Idempotent."""
        if self._uniform is not None:
            self._uniform.release()
            self._uniform = None
        if self._program is not None:
            self._program.release()
            self._program = None

    # -- internals ------------------------------------------------------------------------------

    def _write_uniform(self, data: bytes) -> None:
        if self._uniform is None:
            raise InvalidArgumentError(
                f"{self.name}: uniforms() returned {len(data)} bytes but the filter has no uniform buffer; "
                f"pass uniform_size={len(data)} to ComputeFilter.__init__"
            )
        if len(data) != self.uniform_size:
            raise InvalidArgumentError(
                f"{self.name}: uniforms() returned {len(data)} bytes; its uniform buffer holds "
                f"uniform_size={self.uniform_size}: return exactly that many"
            )
        self.gpu.write_buffer(self._uniform, 0, data)

    def _check_extras(self, extras: Sequence[Texture], frame: VideoFrame) -> None:
        if len(extras) != self.extra_inputs:
            raise InvalidArgumentError(
                f"{self.name}: extra_textures() returned {len(extras)} texture(s); the shader binds "
                f"extra_inputs={self.extra_inputs} (bindings {EXTRA_BINDING}..): return exactly that many"
            )
        for i, texture in enumerate(extras):
            if texture.size != (frame.width, frame.height) or texture.format not in FLOAT_FORMATS:
                raise InvalidArgumentError(
                    f"{self.name}: extra texture {texture.label!r} (binding {EXTRA_BINDING + i}) is a "
                    f"{texture.width}x{texture.height} {texture.format} texture; it must be a float "
                    f"texture the frame's size ({frame.width}x{frame.height})"
                )

    def _dispatch(self, src: Texture, dst: Texture, extras: Sequence[Texture]) -> None:
        """One pass reading ``src`` (and ``extras``) into ``dst``: all used, none kept."""
        assert self._program is not None, f"{self.name}: apply() before setup()"
        # Views of borrows: used for this pass only, they need no release (no owned handle to
        # register and finalize per frame), and the default views come from the context's cache.
        entries: list[dict[str, Any]] = [
            {"binding": INPUT_BINDING, "resource": frame_view(src)},
            {"binding": OUTPUT_BINDING, "resource": frame_view(dst)},
        ]
        if self._uniform is not None:
            entries.append({"binding": UNIFORM_BINDING, "resource": self._uniform})
        entries += [{"binding": EXTRA_BINDING + i, "resource": frame_view(t)} for i, t in enumerate(extras)]
        self._program.dispatch(entries, dst.width, dst.height)

"""A compiled compute shader over 2-D textures: its pipeline objects, and one pass per frame."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..gpu._context import GpuContext
from ..gpu._programs import OwnedBindGroupLayout, OwnedComputePipeline, OwnedPipelineLayout

__all__ = ["WORKGROUP", "ComputeProgram"]

WORKGROUP = 8
"""Workgroup width and height the shaders declare: ``@workgroup_size(8, 8)``."""


class ComputeProgram:
    """Owns one shader's bind group layout, pipeline layout and compute pipeline (group 0 only).

    Created compiled; ``release()`` gives everything back (idempotent). Raises what
    ``GpuContext`` raises (ShaderCompileError, GpuValidationError), having released
    whatever it had created.
    """

    __slots__ = ("_gpu", "_label", "_layout", "_pipeline", "_pipeline_layout")

    def __init__(
        self,
        gpu: GpuContext,
        wgsl: str,
        layout_entries: Sequence[Mapping[str, Any]],
        *,
        entry_point: str = "main",
        label: str = "",
    ) -> None:
        self._gpu = gpu
        self._label = label
        self._layout: OwnedBindGroupLayout | None = None
        self._pipeline_layout: OwnedPipelineLayout | None = None
        self._pipeline: OwnedComputePipeline | None = None
        try:
            with gpu.create_shader_module(wgsl, label=label) as module:
                self._layout = gpu.create_bind_group_layout(entries=layout_entries, label=label)
                self._pipeline_layout = gpu.create_pipeline_layout([self._layout], label=label)
                self._pipeline = gpu.create_compute_pipeline(
                    layout=self._pipeline_layout, module=module, entry_point=entry_point, label=label
                )
        except BaseException:
            self.release()
            raise

    def dispatch(self, entries: Sequence[Mapping[str, Any]], width: int, height: int) -> None:
        """Record and submit one pass of 8x8 workgroups covering ``width`` x ``height``.

        ``entries`` are bind group entries (views, buffers): used, not kept. The pass's bind
        group is released as soon as it is submitted, so nothing of the frame stays alive
        here; the queue keeps what the submitted work still needs. Over the same textures
        (a pool lends the same ones again) the context's cache hands back the same wgpu bind
        group, so a steady pipeline makes none per frame (docs/architecture.md, "Caches").
        """
        assert self._layout is not None and self._pipeline is not None, "ComputeProgram used after release()"
        gpu = self._gpu
        bind_group = gpu.create_bind_group(layout=self._layout, entries=entries, label=self._label)
        try:  # a with block's enter and exit, minus two calls per frame
            # One call records and submits the pass: its encoder, pass and command buffer never
            # leave it, so they get no handles (docs/architecture.md, "Lean binding").
            gpu._dispatch(
                self._pipeline,
                bind_group,
                (width + WORKGROUP - 1) // WORKGROUP,
                (height + WORKGROUP - 1) // WORKGROUP,
                self._label,
            )
        finally:
            bind_group.release()

    def release(self) -> None:
        """Release the pipeline objects. Idempotent."""
        for owned in (self._pipeline, self._pipeline_layout, self._layout):
            if owned is not None:
                owned.release()
        self._pipeline = self._pipeline_layout = self._layout = None

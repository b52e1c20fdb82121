"""Bad-input table: every misuse gets a specific StreamlibError naming the resource and the fix.

Each case runs on the shared context and must leave it as it found it: the same streamlib live
counts and the same wgpu object counts before and after (no leak on the error path), and never a
raw wgpu error or a panic. Resources a case makes are released by its ExitStack.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import pytest
import wgpu

import streamlib as sl

from ._helpers import streamlib_counts, wgpu_counts

U = sl.BufferUsage
T = sl.TextureUsage
R = TypeVar("R", bound=sl.Releasable)

STORAGE_LAYOUT = [{"binding": 0, "visibility": sl.ShaderStage.COMPUTE, "buffer": {"type": "storage"}}]
TEXTURE_LAYOUT = [{"binding": 0, "visibility": sl.ShaderStage.COMPUTE, "texture": {"sample_type": "float"}}]
WGSL = """
@group(0) @binding(0) var<storage, read_write> data: array<u32>;
@compute @workgroup_size(1) fn main(@builtin(global_invocation_id) id: vec3<u32>) { data[id.x] = id.x; }
"""


@dataclass(frozen=True)
class Case:
    """``run(gpu, stack)`` commits one misuse; it must raise exactly ``error`` with every one of ``says``."""

    id: str
    run: Callable[[sl.GpuContext, ExitStack], object]
    error: type[sl.StreamlibError]
    says: tuple[str, ...]


def wrong(value: object) -> Any:
    """``value`` hidden from the type checker: these cases pass what mypy would reject, on purpose."""
    return value


def keep(stack: ExitStack, owned: R) -> R:
    """Release ``owned`` when the case ends."""
    stack.callback(owned.release)
    return owned


def buf(
    gpu: sl.GpuContext, st: ExitStack, usage: int = U.STORAGE | U.COPY_SRC | U.COPY_DST, size: int = 64
) -> sl.OwnedBuffer:
    return keep(st, gpu.create_buffer(size, usage, label="bad-buf"))


def tex(gpu: sl.GpuContext, st: ExitStack, usage: int | None = None, size: int = 8) -> sl.OwnedTexture:
    return keep(st, gpu.create_texture(size, size, usage=usage, label="bad-tex"))


def released_buf(gpu: sl.GpuContext, st: ExitStack) -> sl.OwnedBuffer:
    b = gpu.create_buffer(64, U.STORAGE | U.COPY_SRC | U.COPY_DST | U.UNIFORM, label="gone-buf")
    b.release()
    return b


def released_tex(gpu: sl.GpuContext, st: ExitStack) -> sl.OwnedTexture:
    t = gpu.create_texture(8, 8, label="gone-tex")
    t.release()
    return t


def expired_tex(gpu: sl.GpuContext, st: ExitStack) -> sl.BorrowedTexture:
    t = gpu.create_texture(8, 8, label="lent-tex")
    borrowed = t.borrow()
    t.release()
    return borrowed


def layout(
    gpu: sl.GpuContext, st: ExitStack, entries: list[dict[str, Any]] = STORAGE_LAYOUT
) -> sl.OwnedBindGroupLayout:
    return keep(st, gpu.create_bind_group_layout(entries=entries, label="bad-layout"))


def pipeline(gpu: sl.GpuContext, st: ExitStack) -> sl.OwnedComputePipeline:
    module = keep(st, gpu.create_shader_module(WGSL, label="bad-module"))
    return keep(st, gpu.create_compute_pipeline(layout="auto", module=module, label="bad-pipe"))


def open_pass(gpu: sl.GpuContext, st: ExitStack) -> sl.OwnedComputePass:
    enc = keep(st, gpu.create_command_encoder(label="bad-enc"))
    return keep(st, enc.begin_compute_pass(label="bad-pass"))


def bound_group(gpu: sl.GpuContext, st: ExitStack, release_buffer: bool) -> sl.OwnedBindGroup:
    b = gpu.create_buffer(64, U.STORAGE, label="bound-buf")
    group = keep(st, gpu.create_bind_group(layout=layout(gpu, st), entries=[{"binding": 0, "resource": b}], label="bg"))
    b.release() if release_buffer else keep(st, b)
    return group


def encoder(gpu: sl.GpuContext, st: ExitStack) -> sl.OwnedCommandEncoder:
    return keep(st, gpu.create_command_encoder(label="bad-enc"))


def submitted_twice(gpu: sl.GpuContext, st: ExitStack) -> None:
    cb = gpu.create_command_encoder(label="twice").finish()
    gpu.submit([cb])
    gpu.submit([cb])


def finished_twice(gpu: sl.GpuContext, st: ExitStack) -> None:
    enc = gpu.create_command_encoder(label="enc-twice")
    keep(st, enc.finish())
    enc.finish()


def ended_twice(gpu: sl.GpuContext, st: ExitStack) -> None:
    enc = encoder(gpu, st)
    cp = enc.begin_compute_pass(label="pass-twice")
    cp.end()
    cp.end()


def finish_with_open_pass(gpu: sl.GpuContext, st: ExitStack) -> None:
    enc = encoder(gpu, st)
    keep(st, enc.begin_compute_pass())
    enc.finish()


SAMPLER_LAYOUT = [{"binding": 0, "visibility": sl.ShaderStage.FRAGMENT, "sampler": {"type": "filtering"}}]


def target_view(gpu: sl.GpuContext, st: ExitStack) -> sl.OwnedTextureView:
    target = keep(st, gpu.create_texture(8, 8, usage=T.RENDER_ATTACHMENT | T.TEXTURE_BINDING, label="target"))
    return keep(st, target.create_view(label="target-view"))


def open_render_pass(gpu: sl.GpuContext, st: ExitStack) -> sl.OwnedRenderPass:
    return keep(
        st, encoder(gpu, st).begin_render_pass(color_attachments=[{"view": target_view(gpu, st)}], label="bad-rpass")
    )


def render_ended_twice(gpu: sl.GpuContext, st: ExitStack) -> None:
    rp = encoder(gpu, st).begin_render_pass(color_attachments=[{"view": target_view(gpu, st)}], label="rpass-twice")
    rp.end()
    rp.end()


def render_finish_with_open_pass(gpu: sl.GpuContext, st: ExitStack) -> None:
    enc = encoder(gpu, st)
    keep(st, enc.begin_render_pass(color_attachments=[{"view": target_view(gpu, st)}], label="left-open"))
    enc.finish()


def released_frame(gpu: sl.GpuContext, st: ExitStack) -> sl.VideoFrame:
    frame = sl.VideoFrame.from_texture(gpu.create_texture(8, 8, label="framed"), frame_number=7)
    frame.release()
    return frame


def closed_context_texture(gpu: sl.GpuContext, st: ExitStack) -> None:
    other = sl.GpuContext.create(label="closed")
    other.close()
    other.create_texture(8, 8, label="after-close")


def pool_after_close(gpu: sl.GpuContext, st: ExitStack) -> None:
    pool = sl.TexturePool(gpu)
    pool.close()
    pool.acquire(8, 8, label="late")


class _Src(sl.Processor):
    video_out = sl.StreamOutput(sl.VideoFrame)

    def process(self, tick: sl.Tick) -> None:
        pass


class _Sink(sl.Processor):
    video_in = sl.StreamInput(sl.VideoFrame)

    def process(self, tick: sl.Tick) -> None:
        pass


def connect(how: str) -> Callable[[sl.GpuContext, ExitStack], object]:
    """A misuse of StreamRuntime.connect; the runtime shares the suite's context and never runs."""

    def run(gpu: sl.GpuContext, st: ExitStack) -> None:
        rt = sl.StreamRuntime(fps=30, width=8, height=8, gpu=gpu)
        src, sink = rt.add(_Src()), rt.add(_Sink())
        args: dict[str, tuple[Any, Any]] = {
            "reversed": (sink.video_in, src.video_out),
            "output-to-output": (src.video_out, src.video_out),
            "class-port": (_Src.video_out, sink.video_in),
            "not-added": (_Src().video_out, sink.video_in),
            "twice": (src.video_out, sink.video_in),
        }
        if how == "twice":
            rt.connect(src.video_out, sink.video_in)
        rt.connect(*args[how])

    return run


IAE, ITE, RRE, BEE = sl.InvalidArgumentError, sl.InvalidTypeError, sl.ResourceReleasedError, sl.BorrowExpiredError
GVE, SCE, PE = sl.GpuValidationError, sl.ShaderCompileError, sl.PipelineError
zeros = np.zeros((8, 8, 4), np.uint8)

CASES = [
    # -- wrong types, sizes, formats, usages ------------------------------------------------
    Case("texture-zero-width", lambda g, s: g.create_texture(0, 8, label="z"), IAE, ("'z'", "width", "positive int")),
    Case(
        "texture-negative-height", lambda g, s: g.create_texture(8, -5, label="n"), IAE, ("'n'", "height", "positive")
    ),
    Case("texture-str-width", lambda g, s: g.create_texture(wrong("64"), 8, label="s"), ITE, ("'s'", "width", "'64'")),
    Case("texture-float-width", lambda g, s: g.create_texture(wrong(1.5), 8, label="f"), ITE, ("'f'", "positive int")),
    Case("texture-bool-width", lambda g, s: g.create_texture(True, 8, label="b"), ITE, ("'b'", "positive int")),
    Case(
        "texture-too-wide",
        lambda g, s: g.create_texture(1 << 20, 8, label="w"),
        IAE,
        ("'w'", "max_texture_dimension_2d"),
    ),
    Case(
        "texture-unknown-format",
        lambda g, s: g.create_texture(8, 8, format="rgba9unorm", label="u"),
        IAE,
        ("'u'", "rgba9unorm", "TextureFormat"),
    ),
    Case(
        "texture-srgb-storage",
        lambda g, s: g.create_texture(8, 8, format="rgba8unorm-srgb", usage=T.STORAGE_BINDING, label="st"),
        IAE,
        ("'st'", "storage", "drop STORAGE_BINDING"),
    ),
    Case("texture-usage-zero", lambda g, s: g.create_texture(8, 8, usage=0, label="u0"), IAE, ("'u0'", "TextureUsage")),
    Case(
        "texture-usage-bad-bits",
        lambda g, s: g.create_texture(8, 8, usage=1 << 20, label="ub"),
        IAE,
        ("'ub'", "TextureUsage"),
    ),
    Case(
        "buffer-zero-size",
        lambda g, s: g.create_buffer(0, U.STORAGE, label="b0"),
        IAE,
        ("'b0'", "size", "positive int"),
    ),
    Case("buffer-negative-size", lambda g, s: g.create_buffer(-4, U.STORAGE, label="bn"), IAE, ("'bn'", "positive")),
    Case("buffer-str-size", lambda g, s: g.create_buffer(wrong("256"), U.STORAGE, label="bs"), ITE, ("'bs'", "'256'")),
    Case("buffer-huge", lambda g, s: g.create_buffer(1 << 40, U.STORAGE, label="bh"), IAE, ("'bh'", "max_buffer_size")),
    Case("buffer-usage-zero", lambda g, s: g.create_buffer(64, 0, label="bu"), IAE, ("'bu'", "BufferUsage")),
    Case(
        "buffer-usage-str", lambda g, s: g.create_buffer(64, wrong("storage"), label="bz"), ITE, ("'bz'", "BufferUsage")
    ),
    Case(
        "buffer-map-read-with-storage",
        lambda g, s: g.create_buffer(64, U.MAP_READ | U.STORAGE, label="mr"),
        GVE,
        ("'mr'", "check its arguments"),
    ),
    Case(
        "pool-zero-size", lambda g, s: g.texture_pool.acquire(0, 8, label="pz"), IAE, ("'pz'", "width", "positive int")
    ),
    Case(
        "pool-unknown-format",
        lambda g, s: g.texture_pool.acquire(8, 8, format="nope", label="pf"),
        IAE,
        ("'pf'", "unknown texture format"),
    ),
    # -- usage flags missing for the operation -----------------------------------------------
    Case(
        "write-buffer-no-copy-dst",
        lambda g, s: g.write_buffer(buf(g, s, U.STORAGE), 0, b"\0" * 4),
        IAE,
        ("'bad-buf'", "COPY_DST", "add it"),
    ),
    Case(
        "read-buffer-no-copy-src",
        lambda g, s: g.read_buffer(buf(g, s, U.STORAGE)),
        IAE,
        ("'bad-buf'", "COPY_SRC", "add it"),
    ),
    Case(
        "write-texture-no-copy-dst",
        lambda g, s: g.write_texture(tex(g, s, T.TEXTURE_BINDING), zeros),
        IAE,
        ("'bad-tex'", "COPY_DST", "add it"),
    ),
    Case(
        "read-texture-no-copy-src",
        lambda g, s: g.read_texture(tex(g, s, T.TEXTURE_BINDING)),
        IAE,
        ("'bad-tex'", "COPY_SRC", "add it"),
    ),
    # -- out of range data ---------------------------------------------------------------------
    Case(
        "write-buffer-past-end",
        lambda g, s: g.write_buffer(buf(g, s), 60, b"\0" * 8),
        IAE,
        ("'bad-buf'", "do not fit", "64 bytes"),
    ),
    Case(
        "write-buffer-negative-offset",
        lambda g, s: g.write_buffer(buf(g, s), -4, b"\0" * 4),
        IAE,
        ("'bad-buf'", "offset", "-4"),
    ),
    Case(
        "write-buffer-unaligned",
        lambda g, s: g.write_buffer(buf(g, s), 2, b"\0" * 4),
        IAE,
        ("'bad-buf'", "multiples of 4"),
    ),
    Case(
        "write-buffer-not-bytes",
        lambda g, s: g.write_buffer(buf(g, s), 0, [1, 2, 3, 4]),
        IAE,
        ("'bad-buf'", "bytes-like"),
    ),
    Case(
        "read-buffer-past-end", lambda g, s: g.read_buffer(buf(g, s), 32, 64), IAE, ("'bad-buf'", "outside", "64 bytes")
    ),
    Case(
        "write-texture-wrong-size",
        lambda g, s: g.write_texture(tex(g, s), np.zeros((4, 8, 4), np.uint8)),
        IAE,
        ("'bad-tex'", "(4, 8, 4)", "(8, 8, 4)"),
    ),
    Case(
        "write-texture-wrong-dtype",
        lambda g, s: g.write_texture(tex(g, s), zeros.astype(np.float32)),
        IAE,
        ("'bad-tex'", "float32", "uint8"),
    ),
    # -- shaders, pipelines, bind groups ---------------------------------------------------------
    Case(
        "invalid-wgsl",
        lambda g, s: g.create_shader_module("fn main( {", label="broken"),
        SCE,
        ("'broken'", "line 1", "fix the WGSL"),
    ),
    Case(
        "wgsl-not-str",
        lambda g, s: g.create_shader_module(wrong(b"fn main() {}"), label="bytes"),
        ITE,
        ("'bytes'", "str"),
    ),
    Case(
        "wrong-entry-point",
        lambda g, s: g.create_compute_pipeline(
            layout="auto", module=keep(s, g.create_shader_module(WGSL, label="m")), entry_point="nope", label="ep"
        ),
        GVE,
        ("'ep'", "'nope'", "check its arguments"),
    ),
    Case(
        "bind-group-layout-mismatch",
        lambda g, s: g.create_bind_group(
            layout=layout(g, s, TEXTURE_LAYOUT), entries=[{"binding": 0, "resource": buf(g, s)}], label="mismatch"
        ),
        GVE,
        ("'mismatch'", "check its arguments"),
    ),
    Case(
        "bind-group-missing-entry",
        lambda g, s: g.create_bind_group(layout=layout(g, s), entries=[], label="missing"),
        GVE,
        ("'missing'", "check its arguments"),
    ),
    Case(
        "bind-group-raw-wgpu-object",
        lambda g, s: g.create_bind_group(
            layout=layout(g, s), entries=[{"binding": 0, "resource": buf(g, s).raw}], label="raw"
        ),
        ITE,
        ("'raw'", "wrap raw wgpu objects"),
    ),
    Case(
        "bind-group-texture-not-view",
        lambda g, s: g.create_bind_group(
            layout=layout(g, s, TEXTURE_LAYOUT), entries=[{"binding": 0, "resource": tex(g, s)}], label="tv"
        ),
        ITE,
        ("'tv'", "TextureView", "'bad-tex'"),
    ),
    Case(
        "pipeline-layout-not-a-layout",
        lambda g, s: g.create_pipeline_layout([wrong(buf(g, s))], label="pl"),
        ITE,
        ("BindGroupLayout", "'bad-buf'"),
    ),
    Case(
        "set-bind-group-with-texture",
        lambda g, s: open_pass(g, s).set_bind_group(0, wrong(tex(g, s))),
        ITE,
        ("BindGroup", "'bad-tex'"),
    ),
    Case(
        "finish-with-open-pass",
        finish_with_open_pass,
        GVE,
        ("'bad-enc'", "compute pass", "never ended", "end() it first"),
    ),
    Case(
        "frame-from-borrowed-texture",
        lambda g, s: sl.VideoFrame.from_texture(wrong(tex(g, s).borrow())),
        ITE,
        ("OwnedTexture", "takes ownership"),
    ),
    # -- malformed arguments that reached Python or cffi raw before (issue 14) -----------------
    Case(
        "bind-group-entry-missing-resource",
        lambda g, s: g.create_bind_group(layout=layout(g, s), entries=[{"binding": 0}], label="nr"),
        IAE,
        ("'nr'", "entry 0", "'resource'"),
    ),
    Case(
        "bind-group-entry-missing-binding",
        lambda g, s: g.create_bind_group(layout=layout(g, s), entries=[wrong({"resource": buf(g, s)})], label="nb"),
        IAE,
        ("'nb'", "entry 0", "'binding'"),
    ),
    Case(
        "bind-group-entry-not-a-mapping",
        lambda g, s: g.create_bind_group(layout=layout(g, s), entries=[wrong(buf(g, s))], label="nm"),
        ITE,
        ("'nm'", "entry 0", "dict", "OwnedBuffer"),
    ),
    Case(
        "bind-group-entries-not-iterable",
        lambda g, s: g.create_bind_group(layout=layout(g, s), entries=wrong(5), label="ni"),
        ITE,
        ("'ni'", "entries", "list"),
    ),
    Case(
        "bind-group-str-binding",
        lambda g, s: g.create_bind_group(layout=layout(g, s), entries=[{"binding": "0", "resource": buf(g, s)}]),
        ITE,
        ("binding", "'0'", "int"),
    ),
    Case(
        "bind-group-negative-binding",
        lambda g, s: g.create_bind_group(layout=layout(g, s), entries=[{"binding": -1, "resource": buf(g, s)}]),
        IAE,
        ("binding", "-1", ">= 0"),
    ),
    Case(
        "bind-group-range-without-buffer",
        lambda g, s: g.create_bind_group(
            layout=layout(g, s), entries=[{"binding": 0, "resource": {"offset": 0, "size": 64}}], label="rb"
        ),
        IAE,
        ("'rb'", "binding 0", "'buffer'"),
    ),
    Case(
        "bind-group-layout-entry-not-a-mapping",
        lambda g, s: g.create_bind_group_layout(wrong([5]), label="le"),
        ITE,
        ("'le'", "entry 0", "dict"),
    ),
    Case(
        "pipeline-layout-not-iterable",
        lambda g, s: g.create_pipeline_layout(wrong(5), label="pi"),
        ITE,
        ("'pi'", "bind_group_layouts", "list"),
    ),
    Case(
        "pipeline-int-entry-point",
        lambda g, s: g.create_compute_pipeline(
            layout="auto", module=keep(s, g.create_shader_module(WGSL)), entry_point=wrong(5), label="ie"
        ),
        ITE,
        ("'ie'", "entry_point", "str"),
    ),
    Case("submit-not-iterable", lambda g, s: g.submit(wrong(5)), ITE, ("submit", "list", "[command_buffer]")),
    Case(
        "submit-one-buffer-not-a-list",
        lambda g, s: g.submit(wrong(keep(s, g.create_command_encoder(label="one").finish()))),
        ITE,
        ("submit", "OwnedCommandBuffer", "[command_buffer]"),
    ),
    Case(
        "dispatch-negative",
        lambda g, s: open_pass(g, s).dispatch_workgroups(-1),
        IAE,
        ("'bad-pass'", "x", "0..65535", "-1"),
    ),
    Case(
        "dispatch-too-many",
        lambda g, s: open_pass(g, s).dispatch_workgroups(1, 2**32),
        IAE,
        ("'bad-pass'", "y", "max_compute_workgroups_per_dimension", "4294967296"),
    ),
    Case(
        "dispatch-float",
        lambda g, s: open_pass(g, s).dispatch_workgroups(1, 1, wrong(1.5)),
        ITE,
        ("'bad-pass'", "z", "float"),
    ),
    Case("dispatch-bool", lambda g, s: open_pass(g, s).dispatch_workgroups(True), ITE, ("'bad-pass'", "x", "bool")),
    Case(
        "set-bind-group-str-index",
        lambda g, s: open_pass(g, s).set_bind_group(wrong("0"), bound_group(g, s, False)),
        ITE,
        ("'bad-pass'", "index", "'0'"),
    ),
    Case(
        "write-buffer-none-offset",
        lambda g, s: g.write_buffer(buf(g, s), wrong(None), b"\0" * 4),
        ITE,
        ("'bad-buf'", "offset", "NoneType"),
    ),
    Case(
        "write-buffer-str-offset",
        lambda g, s: g.write_buffer(buf(g, s), wrong("0"), b"\0" * 4),
        ITE,
        ("'bad-buf'", "offset", "'0'"),
    ),
    Case(
        "read-buffer-none-offset",
        lambda g, s: g.read_buffer(buf(g, s), wrong(None)),
        ITE,
        ("'bad-buf'", "offset", "NoneType"),
    ),
    Case("read-buffer-str-size", lambda g, s: g.read_buffer(buf(g, s), 0, wrong("4")), ITE, ("'bad-buf'", "size")),
    Case(
        "copy-buffer-none-offset",
        lambda g, s: encoder(g, s).copy_buffer_to_buffer(buf(g, s), buf(g, s), source_offset=wrong(None)),
        ITE,
        ("copy_buffer_to_buffer", "source_offset", "NoneType"),
    ),
    Case(
        "copy-buffer-str-size",
        lambda g, s: encoder(g, s).copy_buffer_to_buffer(buf(g, s), buf(g, s), wrong("0")),
        ITE,
        ("copy_buffer_to_buffer", "size", "'0'"),
    ),
    Case(
        "copy-buffer-past-end",
        lambda g, s: encoder(g, s).copy_buffer_to_buffer(buf(g, s), buf(g, s), 32, destination_offset=48),
        IAE,
        ("'bad-buf'", "destination offset 48", "do not fit", "64 bytes"),
    ),
    Case(
        "copy-buffer-unaligned",
        lambda g, s: encoder(g, s).copy_buffer_to_buffer(buf(g, s), buf(g, s), 6),
        IAE,
        ("copy_buffer_to_buffer", "multiples of 4"),
    ),
    Case(
        "pool-str-usage",
        lambda g, s: g.texture_pool.acquire(8, 8, usage=wrong("abc"), label="pu"),
        ITE,
        ("'pu'", "usage", "TextureUsage", "'abc'"),
    ),
    Case(
        "pool-float-width",
        lambda g, s: g.texture_pool.acquire(wrong(8.0), 8, label="pw"),
        ITE,
        ("'pw'", "width", "float"),
    ),
    Case(
        "pool-negative-height",
        lambda g, s: g.texture_pool.acquire(8, -8, label="ph"),
        IAE,
        ("'ph'", "height", "positive int", "-8"),
    ),
    Case(
        "pool-int-format",
        lambda g, s: g.texture_pool.acquire(8, 8, format=wrong(5), label="pf2"),
        ITE,
        ("'pf2'", "format", "TextureFormat"),
    ),
    Case("pool-not-a-context", lambda g, s: sl.TexturePool(wrong("gpu")), ITE, ("TexturePool", "GpuContext", "str")),
    Case("pool-negative-max-idle", lambda g, s: sl.TexturePool(g, max_idle=-1), IAE, ("max_idle", "-1")),
    Case(
        "frame-str-frame-number",
        lambda g, s: sl.VideoFrame.from_texture(tex(g, s), frame_number=wrong("1")),
        ITE,
        ("from_texture", "frame_number", "'1'"),
    ),
    Case(
        "frame-negative-frame-number",
        lambda g, s: sl.VideoFrame.from_texture(tex(g, s), frame_number=-1),
        IAE,
        ("from_texture", "frame_number", "-1"),
    ),
    Case(
        "frame-none-timestamp",
        lambda g, s: sl.VideoFrame.from_texture(tex(g, s), frame_number=4, timestamp=wrong(None)),
        ITE,
        ("#4", "timestamp", "NoneType"),
    ),
    Case(
        "frame-nan-timestamp",
        lambda g, s: sl.VideoFrame.from_texture(tex(g, s), timestamp=float("nan")),
        IAE,
        ("timestamp", "finite", "nan"),
    ),
    Case(
        "frame-list-metadata",
        lambda g, s: sl.VideoFrame.from_texture(tex(g, s), metadata=wrong(["a", "b"])),
        ITE,
        ("metadata", "mapping of str to str", "list"),
    ),
    Case(
        "frame-int-metadata-value",
        lambda g, s: sl.VideoFrame.from_texture(tex(g, s), metadata=wrong({"exposure": 3})),
        ITE,
        ("metadata", "'exposure': 3", "str()"),
    ),
    Case(
        "clone-with-borrowed-texture",
        lambda g, s: keep(s, sl.VideoFrame.from_texture(tex(g, s))).clone_with_texture(wrong(tex(g, s).borrow())),
        ITE,
        ("clone_with_texture", "OwnedTexture", "BorrowedTexture"),
    ),
    Case(
        "wgsl-with-nul",
        lambda g, s: g.create_shader_module(WGSL + "\0 not wgsl at all {", label="nul"),
        IAE,
        ("'nul'", "NUL", "line 4", "remove it"),
    ),
    Case(
        "texture-int-format", lambda g, s: g.create_texture(8, 8, format=wrong(5), label="if"), ITE, ("'if'", "format")
    ),
    Case("buffer-int-label", lambda g, s: g.create_buffer(64, U.STORAGE, label=wrong(5)), ITE, ("label", "str", "5")),
    Case("texture-none-label", lambda g, s: g.create_texture(8, 8, label=wrong(None)), ITE, ("label", "NoneType")),
    Case("shader-bytes-label", lambda g, s: g.create_shader_module(WGSL, label=wrong(b"x")), ITE, ("label", "bytes")),
    Case("encoder-int-label", lambda g, s: g.create_command_encoder(label=wrong(1)), ITE, ("label", "int")),
    Case("pass-int-label", lambda g, s: encoder(g, s).begin_compute_pass(label=wrong(1)), ITE, ("'bad-enc'", "label")),
    Case(
        "bind-group-int-label",
        lambda g, s: g.create_bind_group(layout=layout(g, s), entries=[], label=wrong(2)),
        ITE,
        ("label",),
    ),
    # -- consumed, released and expired handles, in every API that takes a resource -----------
    Case("double-submit", submitted_twice, RRE, ("'twice'", "submit")),
    Case("double-finish", finished_twice, RRE, ("'enc-twice'", "consumed by finish()")),
    Case("double-end", ended_twice, RRE, ("'pass-twice'", "consumed by end()")),
    Case(
        "released-write-buffer",
        lambda g, s: g.write_buffer(released_buf(g, s), 0, b"\0" * 4),
        RRE,
        ("write_buffer", "'gone-buf'", "was released"),
    ),
    Case(
        "released-read-buffer",
        lambda g, s: g.read_buffer(released_buf(g, s)),
        RRE,
        ("read_buffer", "'gone-buf'", "was released"),
    ),
    Case(
        "released-write-texture",
        lambda g, s: g.write_texture(released_tex(g, s), zeros),
        RRE,
        ("write_texture", "'gone-tex'", "was released"),
    ),
    Case(
        "released-read-texture",
        lambda g, s: g.read_texture(released_tex(g, s)),
        RRE,
        ("read_texture", "'gone-tex'", "was released"),
    ),
    Case("released-create-view", lambda g, s: released_tex(g, s).create_view(), RRE, ("'gone-tex'", "was released")),
    Case("released-borrow", lambda g, s: released_tex(g, s).borrow(), RRE, ("'gone-tex'", "was released")),
    Case(
        "released-bind-buffer",
        lambda g, s: g.create_bind_group(
            layout=layout(g, s), entries=[{"binding": 0, "resource": released_buf(g, s)}], label="bgr"
        ),
        RRE,
        ("'bgr'", "'gone-buf'"),
    ),
    Case(
        "released-bind-buffer-range",
        lambda g, s: g.create_bind_group(
            layout=layout(g, s),
            entries=[{"binding": 0, "resource": {"buffer": released_buf(g, s), "offset": 0, "size": 64}}],
            label="bgr2",
        ),
        RRE,
        ("'bgr2'", "'gone-buf'"),
    ),
    Case(
        "released-layout-in-bind-group",
        lambda g, s: g.create_bind_group(layout=_released_layout(g), entries=[], label="bgl"),
        RRE,
        ("'gone-layout'",),
    ),
    Case(
        "released-layout-in-pipeline-layout",
        lambda g, s: g.create_pipeline_layout([_released_layout(g)], label="pl2"),
        RRE,
        ("'gone-layout'", "was released"),
    ),
    Case(
        "released-module-in-pipeline",
        lambda g, s: g.create_compute_pipeline(layout="auto", module=_released_module(g), label="cp"),
        RRE,
        ("'cp'", "'gone-module'"),
    ),
    Case(
        "released-pipeline-in-pass",
        lambda g, s: open_pass(g, s).set_pipeline(_released_pipeline(g, s)),
        RRE,
        ("set_pipeline", "'bad-pipe'"),
    ),
    Case(
        "released-bind-group-in-pass",
        lambda g, s: open_pass(g, s).set_bind_group(0, _released(bound_group(g, s, False))),
        RRE,
        ("set_bind_group", "'bg'"),
    ),
    Case(
        "bind-group-of-released-buffer-in-pass",
        lambda g, s: open_pass(g, s).set_bind_group(0, bound_group(g, s, True)),
        RRE,
        ("'bg'", "'bound-buf'"),
    ),
    Case(
        "released-copy-texture",
        lambda g, s: encoder(g, s).copy_texture_to_texture(released_tex(g, s), tex(g, s)),
        RRE,
        ("copy_texture_to_texture", "'gone-tex'"),
    ),
    Case(
        "released-copy-buffer",
        lambda g, s: encoder(g, s).copy_buffer_to_buffer(buf(g, s), released_buf(g, s)),
        RRE,
        ("copy_buffer_to_buffer", "'gone-buf'"),
    ),
    Case(
        "released-command-buffer-submit",
        lambda g, s: g.submit([_released(g.create_command_encoder(label="cb").finish())]),
        RRE,
        ("submit", "'cb'"),
    ),
    Case(
        "released-frame-from-texture",
        lambda g, s: sl.VideoFrame.from_texture(released_tex(g, s)),
        RRE,
        ("'gone-tex'", "was released"),
    ),
    Case("released-frame-data", lambda g, s: released_frame(g, s).data, RRE, ("VideoFrame #7", "clone()")),
    Case("released-frame-clone", lambda g, s: released_frame(g, s).clone(), RRE, ("VideoFrame #7", "was released")),
    Case(
        "released-frame-clone-with-texture",
        lambda g, s: released_frame(g, s).clone_with_texture(tex(g, s)),
        RRE,
        ("VideoFrame #7", "was released"),
    ),
    Case(
        "expired-write-texture",
        lambda g, s: g.write_texture(expired_tex(g, s), zeros),
        BEE,
        ("write_texture", "'lent-tex'", "keep an owned reference"),
    ),
    Case(
        "expired-read-texture",
        lambda g, s: g.read_texture(expired_tex(g, s)),
        BEE,
        ("read_texture", "'lent-tex'", "expired"),
    ),
    Case("expired-create-view", lambda g, s: expired_tex(g, s).create_view(), BEE, ("'lent-tex'", "expired")),
    Case(
        "expired-copy",
        lambda g, s: encoder(g, s).copy_texture_to_texture(tex(g, s), expired_tex(g, s)),
        BEE,
        ("destination", "'lent-tex'"),
    ),
    Case(
        "closed-context",
        closed_context_texture,
        RRE,
        ("create_texture", "GpuContext was closed", "GpuContext.create()"),
    ),
    Case("closed-pool", pool_after_close, RRE, ("'late'", "closed", "gpu.texture_pool")),
    # -- samplers, render pipelines and render passes (tests/core/test_render.py has the rest) --------
    Case(
        "sampler-unknown-filter",
        lambda g, s: g.create_sampler(mag_filter="bilinear", label="sf"),
        IAE,
        ("'sf'", "mag_filter", "'linear'"),
    ),
    Case(
        "sampler-str-lod",
        lambda g, s: g.create_sampler(lod_max_clamp=wrong("8"), label="sl"),
        ITE,
        ("'sl'", "lod_max_clamp"),
    ),
    Case(
        "sampler-int-address-mode",
        lambda g, s: g.create_sampler(address_mode_u=wrong(1), label="sa"),
        ITE,
        ("'sa'", "address_mode_u"),
    ),
    Case(
        "released-sampler-in-bind-group",
        lambda g, s: g.create_bind_group(
            layout=layout(g, s, SAMPLER_LAYOUT), entries=[{"binding": 0, "resource": _released_sampler(g)}], label="bgs"
        ),
        RRE,
        ("'bgs'", "'gone-sampler'", "was released"),
    ),
    Case(
        "render-pipeline-stage-without-module",
        lambda g, s: g.create_render_pipeline(layout="auto", vertex={"entry_point": "vs"}, label="rp"),
        IAE,
        ("'rp'", "vertex", "'module'"),
    ),
    Case(
        "render-pipeline-stage-not-a-dict",
        lambda g, s: g.create_render_pipeline(layout="auto", vertex=wrong("vs_main"), label="rp2"),
        ITE,
        ("'rp2'", "vertex must be a dict"),
    ),
    Case(
        "render-pipeline-released-module",
        lambda g, s: g.create_render_pipeline(layout="auto", vertex={"module": _released_module(g)}, label="rp3"),
        RRE,
        ("'rp3'", "'gone-module'"),
    ),
    Case(
        "render-pass-attachment-without-view",
        lambda g, s: encoder(g, s).begin_render_pass(color_attachments=[{"load_op": "clear"}]),
        IAE,
        ("'bad-enc'", "color attachment 0", "'view'"),
    ),
    Case(
        "render-pass-attachments-not-a-list",
        lambda g, s: encoder(g, s).begin_render_pass(color_attachments=wrong({"view": None})),
        ITE,
        ("'bad-enc'", "color_attachments must be a list"),
    ),
    Case(
        "render-pass-unknown-load-op",
        lambda g, s: encoder(g, s).begin_render_pass(
            color_attachments=[{"view": target_view(g, s), "load_op": "keep"}]
        ),
        IAE,
        ("'bad-enc'", "load_op", "'keep'"),
    ),
    Case(
        "render-pass-released-view",
        lambda g, s: encoder(g, s).begin_render_pass(color_attachments=[{"view": _released(target_view(g, s))}]),
        RRE,
        ("begin_render_pass", "'target-view'"),
    ),
    Case(
        "render-pass-compute-pipeline",
        lambda g, s: open_render_pass(g, s).set_pipeline(wrong(pipeline(g, s))),
        ITE,
        ("set_pipeline", "RenderPipeline", "'bad-pipe'"),
    ),
    Case(
        "render-pass-negative-draw",
        lambda g, s: open_render_pass(g, s).draw(-3),
        IAE,
        ("draw", "'bad-rpass'", "vertex_count"),
    ),
    Case(
        "render-pass-negative-viewport",
        lambda g, s: open_render_pass(g, s).set_viewport(0, 0, -4, 4),
        IAE,
        ("set_viewport", "'bad-rpass'", "width"),
    ),
    Case("render-pass-double-end", render_ended_twice, RRE, ("'rpass-twice'", "consumed by end()")),
    Case(
        "render-finish-with-open-pass",
        render_finish_with_open_pass,
        GVE,
        ("'bad-enc'", "render pass 'left-open'", "never ended", "end() it first"),
    ),
    # -- connecting incompatible ports ---------------------------------------------------------
    Case("connect-reversed", connect("reversed"), PE, ("connect", "output", "connect(output, input)")),
    Case("connect-output-to-output", connect("output-to-output"), PE, ("connect", "input port")),
    Case("connect-class-port", connect("class-port"), PE, ("declared on the class", "processor.video_out")),
    Case("connect-not-added", connect("not-added"), PE, ("not added", "rt.add()")),
    Case("connect-input-twice", connect("twice"), PE, ("already connected", "one output")),
]


def _released(owned: R) -> R:
    owned.release()
    return owned


def _released_layout(gpu: sl.GpuContext) -> sl.OwnedBindGroupLayout:
    return _released(gpu.create_bind_group_layout(entries=STORAGE_LAYOUT, label="gone-layout"))


def _released_module(gpu: sl.GpuContext) -> sl.OwnedShaderModule:
    return _released(gpu.create_shader_module(WGSL, label="gone-module"))


def _released_pipeline(gpu: sl.GpuContext, st: ExitStack) -> sl.OwnedComputePipeline:
    return _released(pipeline(gpu, st))


def _released_sampler(gpu: sl.GpuContext) -> sl.OwnedSampler:
    return _released(gpu.create_sampler(label="gone-sampler"))


def test_the_table_is_big_enough() -> None:
    assert len(CASES) >= 40
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(gpu: sl.GpuContext, case: Case) -> None:
    gpu.texture_pool.clear()
    before_sl, before_wgpu = streamlib_counts(), wgpu_counts()
    with ExitStack() as stack, pytest.raises(sl.StreamlibError) as caught:
        case.run(gpu, stack)
    err = caught.value
    assert type(err) is case.error, f"{type(err).__name__} instead of {case.error.__name__}: {err}"
    if issubclass(case.error, sl.InvalidArgumentError):
        # Python code catches a bad argument as the built-in it is: a wrong type as TypeError,
        # a wrong value as ValueError (and only that), and streamlib code as InvalidArgumentError.
        builtin: type[Exception] = TypeError if case.error is ITE else ValueError
        assert isinstance(err, sl.InvalidArgumentError) and isinstance(err, builtin), type(err).__mro__
        if builtin is ValueError:
            assert not isinstance(err, TypeError), f"a wrong value raised a TypeError: {err}"
    message = str(err)
    for needle in case.says:
        assert needle in message, f"{needle!r} not in message: {message}"
    assert "panicked" not in message
    cause = err.__cause__
    assert cause is None or isinstance(cause, (wgpu.GPUError, TypeError, ValueError, KeyError, sl.StreamlibError))
    del err, caught, cause
    gpu.texture_pool.clear()
    assert streamlib_counts() == before_sl, "the error path leaked a streamlib resource"
    assert wgpu_counts() == before_wgpu, "the error path leaked a wgpu object"

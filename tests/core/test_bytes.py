"""GPU bytes in the leak report: live_bytes(), LiveResource.bytes, leak_report() (docs/architecture.md, R9)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
import wgpu

import streamlib as sl
from streamlib.gpu._tracking import format_bytes, live_states, resource_bytes
from streamlib.testing import leak_message, leaked_since


@pytest.fixture
def ctx() -> Iterator[sl.GpuContext]:
    gpu = sl.GpuContext.create(label="bytes")
    yield gpu
    gpu.close()


def _wgpu_mem() -> dict[str, int]:
    """wgpu's own count of memory held by live Texture and Buffer objects."""
    gc.collect()
    report = wgpu.diagnostics.object_counts.get_dict()
    return {kind: int(report.get(kind, {}).get("resource_mem", 0)) for kind in ("Texture", "Buffer")}


def test_live_bytes_agree_with_wgpu_diagnostics(ctx: sl.GpuContext) -> None:
    before_ours, before_wgpu = sl.live_bytes(), _wgpu_mem()
    textures = [
        ctx.create_texture(64, 32),  # rgba8unorm: 4 bytes a texel
        ctx.create_texture(17, 9, format="r32float"),
        ctx.create_texture(8, 8, format="rgba16float"),
    ]
    buffers = [ctx.create_buffer(256, sl.BufferUsage.STORAGE), ctx.create_buffer(4096, sl.BufferUsage.COPY_DST)]
    views = [t.create_view() for t in textures]
    try:
        ours, theirs = sl.live_bytes(), _wgpu_mem()
        grown = {k: ours.get(k, 0) - before_ours.get(k, 0) for k in ("Texture", "Buffer")}
        assert grown == {"Texture": 64 * 32 * 4 + 17 * 9 * 4 + 8 * 8 * 8, "Buffer": 256 + 4096}
        assert grown == {k: theirs[k] - before_wgpu[k] for k in grown}
        assert ours["TextureView"] == before_ours.get("TextureView", 0)  # a view holds no memory of its own
        assert set(sl.live_bytes()) == set(sl.live_counts())
    finally:
        for v in views:
            v.release()
        for t in textures:
            t.release()
        for b in buffers:
            b.release()
    assert sl.live_bytes().get("Texture", 0) == before_ours.get("Texture", 0)


def test_mip_levels_layers_and_3d_depth_are_counted(ctx: sl.GpuContext) -> None:
    usage = wgpu.TextureUsage.TEXTURE_BINDING
    device = ctx.raw_device
    mips = device.create_texture(size=(64, 32, 1), format="rgba8unorm", usage=usage, mip_level_count=4)
    # 64x32 + 32x16 + 16x8 + 8x4 texels (wgpu's own estimate halves per level; texels quarter)
    assert resource_bytes("Texture", mips) == (2048 + 512 + 128 + 32) * 4
    layers = device.create_texture(size=(16, 16, 6), format="r8unorm", usage=usage, mip_level_count=2)
    assert resource_bytes("Texture", layers) == (256 + 64) * 6
    volume = device.create_texture(size=(8, 8, 8), format="r8unorm", usage=usage, dimension="3d", mip_level_count=2)
    assert resource_bytes("Texture", volume) == 512 + 4 * 4 * 4
    for t in (mips, layers, volume):
        t.destroy()
    assert resource_bytes("Buffer", None) == 0


def test_leak_report_shows_bytes_per_kind_and_per_resource(ctx: sl.GpuContext) -> None:
    big = ctx.create_texture(1280, 720, label="big frame")
    buf = ctx.create_buffer(1024, sl.BufferUsage.STORAGE, label="params")
    try:
        (mine,) = [r for r in sl.live_resources() if r.label == "big frame"]
        assert mine.bytes == 1280 * 720 * 4
        report = sl.leak_report()
        assert "Texture 'big frame' (context 'bytes'), 3.5 MiB" in report
        assert "Buffer 'params' (context 'bytes'), 1.0 KiB" in report
        assert "of GPU memory" in report.splitlines()[0]
    finally:
        big.release()
        buf.release()


def test_format_bytes() -> None:
    assert [format_bytes(n) for n in (0, 1023, 1024, 3 * 1024**2 + 1, 5 * 1024**3)] == [
        "0 B",
        "1023 B",
        "1.0 KiB",
        "3.0 MiB",
        "5.00 GiB",
    ]


def test_the_fixture_message_names_the_bytes(ctx: sl.GpuContext) -> None:
    before = {key for key, _ in live_states()}
    kept = ctx.create_texture(32, 32, label="kept")
    small = ctx.create_buffer(16, sl.BufferUsage.STORAGE, label="small")
    try:
        message = leak_message(leaked_since(before))
    finally:
        kept.release()
        small.release()
    first, *rest = message.splitlines()
    assert first == (
        "test left 2 owned GPU resource(s) alive; release them: 1 Texture (4.0 KiB), 1 Buffer (16 B); "
        "4.0 KiB of GPU memory"
    )
    assert rest[0].startswith("- Texture 'kept' (context 'bytes'), 4.0 KiB")

"""The comparisons themselves; each returns Metric rows for the report."""

from __future__ import annotations

import gc
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import wgpu

import streamlib as sl
from streamlib.gpu._tracking import MAINTAIN_EVERY, Registry, capture_stack

from ._frame_step import FrameStep
from ._harness import Block, Comparison, Metric, RotatingBlock, compare, time_block

__all__ = ["Settings", "CASES"]


@dataclass(frozen=True)
class Settings:
    """How long each comparison runs: rounds of interleaved blocks, iterations per block."""

    rounds: int
    step_iterations: int  # frame steps per block at 64x64
    hd_iterations: int  # frame steps per block at 1280x720
    micro_iterations: int  # calls per block for sub-microsecond operations
    texture_iterations: int  # texture create/release cycles per block
    scale_sizes: tuple[int, ...]  # live-resource counts for the scale rows
    pipeline_frames: int

    @classmethod
    def full(cls) -> Settings:
        return cls(31, 200, 12, 20000, 60, (10, 1_000, 100_000), 400)

    @classmethod
    def quick(cls) -> Settings:
        return cls(11, 100, 8, 5000, 30, (10, 1_000, 10_000), 160)

    @classmethod
    def tiny(cls) -> Settings:
        return cls(2, 3, 1, 50, 2, (10, 100), 4)


Case = Callable[[sl.GpuContext, Settings], list[Metric]]


def frame_step(gpu: sl.GpuContext, s: Settings) -> list[Metric]:
    """Item 1 (issue 15, points 1 and 5): the bouncing-ball step, the same calls as raw wgpu, at four sizes.

    streamlib's default views and bind group come from its caches here (docs/architecture.md,
    "Caches"); ``frame_step_fresh`` and ``frame_step_nocache`` are the steps they cannot help.
    """
    rows = []
    # (size, iterations, wall target, CPU target): 64x64 is API-bound, judged on the calling
    # thread's CPU time (see _cpu_row); 720p is GPU-bound, judged on wall time.
    sizes = (
        ((64, 64), s.step_iterations, None, 1.05),
        ((256, 256), max(1, s.step_iterations // 4), None, None),
        (_HD, s.hd_iterations, 1.03, None),
        ((1920, 1080), max(1, s.hd_iterations // 2), None, None),
    )
    for (w, h), iterations, target, cpu_target in sizes:
        # GPU-bound sizes: five sets of textures per side, used in turn (see RotatingBlock).
        steps = [FrameStep(gpu, w, h) for _ in range(1 if w * h < _HD[0] * _HD[1] else 5)]
        try:
            same = all(fs.check_same_output() for fs in steps)
            blocks = [fs.blocks() for fs in steps]
            mine = RotatingBlock([b[0] for b in blocks])
            raw = RotatingBlock([b[1] for b in blocks])
            c = compare(mine, raw, rounds=s.rounds, iterations=iterations)
        finally:
            for fs in steps:
                fs.close()
        what = f"bouncing-ball frame step {w}x{h}, the same calls, streamlib/raw"
        m = Metric.from_comparison(f"frame_step_{w}x{h}", what, c, target)
        m.extra["same_pixels"] = same
        rows.append(m)
        if w == 64:
            rows += _cpu_row(f"frame_step_{w}x{h}", what, c, cpu_target)
    return rows


def frame_step_uncached(gpu: sl.GpuContext, s: Settings) -> list[Metric]:
    """Issue 15, point 1: steps the caches cannot help, at 64x64, against the same raw calls.

    ``frame_step_fresh``: a new output texture every frame with a bind group over it (as
    ported code does), released at the end of the step (raw destroys its texture too).
    ``frame_step_nocache``: the plain frame step with this context's caches switched off: the
    wrapper's own cost, every view and bind group made as raw wgpu makes them.
    """
    rows = []
    fs = FrameStep(gpu, 64, 64)
    try:
        fresh = compare(
            time_block(fs.fresh_streamlib_step(), fs.wait),
            time_block(fs.fresh_raw_step(), fs.wait),
            rounds=s.rounds,
            iterations=s.step_iterations,
        )
        registry = gpu._registry
        registry.caching = False
        try:
            mine, raw = fs.blocks()
            nocache = compare(mine, raw, rounds=s.rounds, iterations=s.step_iterations)
        finally:
            registry.caching = True
    finally:
        fs.close()
    what = "frame step 64x64 with a new output texture and bind group every frame, streamlib/raw"
    rows.append(Metric.from_comparison("frame_step_fresh_64x64", what, fresh, None))
    rows += _cpu_row("frame_step_fresh_64x64", what, fresh, 1.08)
    what = "frame step 64x64, the same calls with streamlib's caches off, streamlib/raw"
    rows.append(Metric.from_comparison("frame_step_nocache_64x64", what, nocache, None))
    rows += _cpu_row("frame_step_nocache_64x64", what, nocache, None)
    return rows


def flagship_step(gpu: sl.GpuContext, s: Settings) -> list[Metric]:
    """Issue 15, point 2: the flagship's step through the idiomatic API against the naive raw loop.

    streamlib: ``ComputeFilter.apply`` over the ball shader (uniform write, output from the
    context's pool, default views and bind group from its caches), then the frame it made is
    released as the sink would. Raw: the frame step as raw wgpu users write it, two views and
    a bind group made every frame.
    """
    fs = FrameStep(gpu, 64, 64)
    try:
        c = compare(
            time_block(fs.filter_step(), fs.wait),
            time_block(fs.raw_step(), fs.wait),
            rounds=s.rounds,
            iterations=s.step_iterations,
        )
        stats = gpu.cache_stats()
    finally:
        fs.close()
    what = "flagship step 64x64 (ComputeFilter, pool, caches) against the naive raw wgpu loop"
    m = Metric.from_comparison("flagship_step_64x64", what, c, None)
    m.extra.update(bind_group_hits=stats.hits, bind_group_misses=stats.misses, views_made=stats.views)
    return [m, *_cpu_row("flagship_step_64x64", what, c, 0.85)]


def frame_data(gpu: sl.GpuContext, s: Settings) -> list[Metric]:
    """Item 2: ``frame.data`` (taking a borrow) costs a fraction of a microsecond and allocates nothing."""
    frame = sl.VideoFrame.from_texture(gpu.create_texture(64, 64, label="frame"))
    try:
        same = len({id(frame.data) for _ in range(100)}) == 1 and frame.data.raw is frame.data.raw

        def borrow(n: int) -> float:
            f = frame
            t0 = time.perf_counter()
            for _ in range(n):
                f.data  # noqa: B018 - the attribute access is what is timed
            return time.perf_counter() - t0

        class _Plain:
            __slots__ = ("_data",)

            def __init__(self, data: object) -> None:
                self._data = data

            @property
            def data(self) -> object:
                return self._data

        plain = _Plain(frame.data)

        def baseline(n: int) -> float:
            p = plain
            t0 = time.perf_counter()
            for _ in range(n):
                p.data  # noqa: B018
            return time.perf_counter() - t0

        c = compare(borrow, baseline, rounds=s.rounds, iterations=s.micro_iterations)
    finally:
        frame.release()
    m = Metric.from_comparison("frame_data_borrow", "frame.data per call (µs); same wgpu object every time", c, 0.5)
    m.value, m.unit = c.streamlib_s * 1e6, "µs"
    m.extra = {"same_object": same, "vs_plain_property": c.ratio}
    m.extra["ok_same_object"] = same
    return [m]


_HD = (1280, 720)


def textures(gpu: sl.GpuContext, s: Settings) -> list[Metric]:
    """Item 3: owned create + release and pooled acquire + release, against raw create + destroy."""
    device = gpu.raw_device
    w, h = _HD
    usage = sl.TextureUsage.TEXTURE_BINDING | sl.TextureUsage.COPY_SRC | sl.TextureUsage.COPY_DST
    usage |= sl.TextureUsage.STORAGE_BINDING

    def wait() -> None:
        device._poll(True)

    def raw_cycle() -> None:
        device.create_texture(size=(w, h, 1), format="rgba8unorm", usage=usage).destroy()

    def owned_cycle() -> None:
        gpu.create_texture(w, h, usage=usage).release()

    raw = time_block(raw_cycle, wait)
    c = compare(time_block(owned_cycle, wait), raw, rounds=s.rounds, iterations=s.texture_iterations)
    rows = [
        Metric.from_comparison(
            "texture_owned_create_release",
            f"owned texture create + release {w}x{h}, streamlib/raw create + destroy",
            c,
            1.10,
        )
    ]
    pool = gpu.texture_pool
    pool.acquire(w, h, usage=usage).release()  # one idle texture of this size from now on

    def pooled_cycle() -> None:
        pool.acquire(w, h, usage=usage).release()

    c = compare(time_block(pooled_cycle, wait), raw, rounds=s.rounds, iterations=s.texture_iterations)
    rows.append(_speedup("texture_pooled_acquire_release", f"pooled acquire + release {w}x{h}", c, 10.0))
    rows[-1].extra["pool"] = pool.stats()._asdict()
    return rows


def _cpu_row(name: str, what: str, c: Comparison, target: float | None) -> list[Metric]:
    """The row of ``c`` in the calling thread's CPU time (``name_cpu``), when it was measured.

    At 64x64 the frame step is API-bound: on a hardware GPU the calls' cost on the calling
    thread is the frame's cost. On llvmpipe the software GPU's threads share the same two
    cores, and a step whose calls cost less reaches lavapipe's queue before it finished the
    previous submission: that submit then blocks (~40 us here) on a wake-up the raw side's
    slower calls never wait for. Wall time then measures lavapipe's queue, CPU time the calls
    (docs/architecture.md, "Lean binding"). Both rows are reported; API-bound targets are
    judged on this one.
    """
    if c.cpu is None:
        return []
    m = Metric.from_comparison(f"{name}_cpu", f"{what}, calling thread's CPU time", c.cpu, target)
    m.extra["wall_ratio"] = c.ratio
    return [m]


def _speedup(name: str, what: str, c: Comparison, target: float) -> Metric:
    """A row whose value is how many times faster than raw the streamlib side is."""
    m = Metric.from_comparison(name, f"{what}: times faster than raw create + destroy", c, target, ">=")
    m.value = 1.0 / c.ratio
    m.unit = "x faster"
    m.spread = (1.0 / c.ratio_spread[1], 1.0 / c.ratio_spread[0])
    return m


# Per frame step, streamlib creates five owned resources (view, bind group,
# encoder, pass, command buffer) and releases two of them explicitly (bind
# group, view); the other three are consumed (end, finish, submit).
_OWNED_PER_STEP = 5
_RELEASED_PER_STEP = 2


class _Probe:
    """Stands in for a resource state in the registry timing: only its identity matters."""

    __slots__ = ()
    _kind = "Probe"
    _label = ""
    _origin: str | None = None


def tracking_cost(gpu: sl.GpuContext, s: Settings) -> list[Metric]:
    """Item 4: leak tracking with tracebacks off (the default) and on, on the 64x64 frame step."""
    fs = FrameStep(gpu, 64, 64)
    try:
        plain = time_block(fs.streamlib_step(), fs.wait)
        step_traced = fs.streamlib_step()

        def traced(n: int) -> float:
            with sl.tracking():
                return plain_with(step_traced, n)

        def plain_with(step: Callable[[], None], n: int) -> float:
            t0 = time.perf_counter()
            for _ in range(n):
                step()
            fs.wait()
            return time.perf_counter() - t0

        on_off = compare(traced, plain, rounds=s.rounds, iterations=s.step_iterations)
        raw_step = time_block(fs.raw_step(), fs.wait)

        # The registry's whole job per step, done on a registry of its own: the
        # dict insert of each creation, the claim (pop) of each release or
        # consumption, the poll count of each release, the traceback switch.
        registry: Registry[_Probe] = Registry(None, "probe")
        probes = [_Probe() for _ in range(_OWNED_PER_STEP)]

        def maintain() -> None:  # what release_state does after each release
            registry._pending += 1
            if registry._pending >= MAINTAIN_EVERY:
                registry._pending = 0
                registry.poll()

        def bookkeeping(n: int) -> float:
            live = registry.live
            t0 = time.perf_counter()
            for _ in range(n):
                for p in probes:
                    capture_stack()
                    live[id(p)] = p
                for p in probes:
                    live.pop(id(p), None)
                for _ in range(_RELEASED_PER_STEP):
                    maintain()
            return time.perf_counter() - t0

        share = compare(bookkeeping, raw_step, rounds=s.rounds, iterations=s.step_iterations)
    finally:
        fs.close()
    on = Metric.from_comparison(
        "tracking_tracebacks_on",
        "frame step 64x64 with sl.tracking() (tracebacks on) / off",
        on_off,
        None,
    )
    off = Metric.from_comparison(
        "tracking_cost_tracebacks_off",
        "leak-tracking bookkeeping per frame step (tracebacks off) / raw frame step",
        share,
        0.03,
    )
    off.unit = "share"
    return [off, on]


def _live_context(count: int) -> tuple[sl.GpuContext, list[sl.OwnedBuffer]]:
    ctx = sl.GpuContext.create(label=f"scale-{count}")
    keep = [ctx.create_buffer(16, sl.BufferUsage.COPY_DST, label="ballast") for _ in range(count)]
    return ctx, keep


def scale(gpu: sl.GpuContext, s: Settings) -> list[Metric]:
    """Item 6: release and borrow-check cost stays flat from 10 to 100,000 live resources.

    Each size lives in a GpuContext of its own (a registry of its own), so the
    sizes can be interleaved round by round; the smallest is the reference.
    """
    rows: list[Metric] = []
    contexts = [_live_context(n) for n in s.scale_sizes]
    try:

        def releases(ctx: sl.GpuContext) -> Block:
            def run(n: int) -> float:
                batch = [ctx.create_buffer(16, sl.BufferUsage.COPY_DST) for _ in range(n)]
                t0 = time.perf_counter()
                for b in batch:
                    b.release()
                return time.perf_counter() - t0

            return run

        def raw_destroys(ctx: sl.GpuContext) -> Block:
            # The same wgpu work without streamlib: how wgpu-native itself scales with live objects.
            device = ctx.raw_device

            def run(n: int) -> float:
                batch = [device.create_buffer(size=16, usage=wgpu.BufferUsage.COPY_DST) for _ in range(n)]
                t0 = time.perf_counter()
                for b in batch:
                    b.destroy()
                del batch
                return time.perf_counter() - t0

            return run

        def borrow_checks(ctx: sl.GpuContext, keep: list[sl.OwnedBuffer]) -> Block:
            owned = keep[len(keep) // 2]
            borrowed = owned.borrow()

            def run(n: int) -> float:
                t0 = time.perf_counter()
                for _ in range(n):
                    owned.borrow()
                    borrowed.raw  # noqa: B018 - the expiry check is what is timed
                return time.perf_counter() - t0

            return run

        base_ctx, base_keep = contexts[0]
        for (ctx, keep), count in zip(contexts[1:], s.scale_sizes[1:], strict=True):
            c = compare(releases(ctx), releases(base_ctx), rounds=s.rounds, iterations=s.texture_iterations * 4)
            rows.append(
                Metric.from_comparison(
                    f"scale_release_{count}",
                    f"buffer release with {count:,} live / with {s.scale_sizes[0]} live",
                    c,
                    1.10,
                )
            )
            raw_c = compare(
                raw_destroys(ctx), raw_destroys(base_ctx), rounds=s.rounds, iterations=s.texture_iterations * 4
            )
            rows[-1].extra["raw_destroy_ratio"] = raw_c.ratio
            rows[-1].extra["raw_destroy_us"] = raw_c.streamlib_s * 1e6
            c = compare(
                borrow_checks(ctx, keep),
                borrow_checks(base_ctx, base_keep),
                rounds=s.rounds,
                iterations=s.micro_iterations,
            )
            rows.append(
                Metric.from_comparison(
                    f"scale_borrow_{count}",
                    f"borrow() + borrow check with {count:,} live / with {s.scale_sizes[0]} live",
                    c,
                    1.10,
                )
            )
    finally:
        for ctx, keep in contexts:
            for b in keep:
                b.release()
            ctx.close()
        gc.collect()
    return rows


def upstream_step(gpu: sl.GpuContext, s: Settings) -> list[Metric]:
    """The frame step as code ported from the Rust-backed streamlib writes it, against raw wgpu.

    Ported code spells calls ``gpu.device.*`` / ``gpu.queue.*``, makes a new output texture,
    bind group and frame every frame and releases nothing: the finalizers reclaim all of it
    (docs/architecture.md, R7). Raw wgpu makes the same new texture and bind group per frame
    and drops them by reference count.
    """
    w = h = 64
    fs = FrameStep(gpu, w, h)
    try:
        device, queue = gpu.device, gpu.queue
        layout, pipeline, uniform, frame = fs.layout, fs.pipeline, fs.uniform, fs.frame
        gx, gy = fs.groups
        uniforms = fs.uniforms
        counter = [0]

        def ported() -> None:
            i = counter[0] = counter[0] + 1
            queue.write_buffer(uniform, 0, uniforms[i & 63])
            output = gpu.create_texture(w, h)
            bind_group = device.create_bind_group(
                layout=layout,
                entries=[
                    {"binding": 0, "resource": frame.data.create_view()},
                    {"binding": 1, "resource": output.create_view()},
                    {"binding": 2, "resource": {"buffer": uniform}},
                ],
            )
            encoder = device.create_command_encoder()
            compute = encoder.begin_compute_pass()
            compute.set_pipeline(pipeline)
            compute.set_bind_group(0, bind_group)
            compute.dispatch_workgroups(gx, gy, 1)
            compute.end()
            queue.submit([encoder.finish()])
            frame.clone_with_texture(output)  # dropped unreleased, as the port would drop it upstream

        with warnings.catch_warnings():
            # Each dropped resource warns (R7); Python's default filters hide ResourceWarning too.
            warnings.simplefilter("ignore", ResourceWarning)
            c = compare(
                time_block(ported, fs.wait),
                time_block(fs.fresh_raw_step(destroy=False), fs.wait),
                rounds=s.rounds,
                iterations=s.step_iterations,
            )
            gc.collect()
    finally:
        fs.close()
    m = Metric.from_comparison(
        "upstream_step_64x64",
        "ported (Rust-backed streamlib style, nothing released) frame step 64x64, streamlib/raw",
        c,
        1.75,  # measured ~1.45 on llvmpipe: a texture, a frame and three finalizers more per frame than raw
    )
    return [m]


def wgpu_py_binding(gpu: sl.GpuContext, s: Settings) -> list[Metric]:
    """The 64x64 steps again with the lean binding off (docs/architecture.md, "Lean binding").

    They run in a child process with ``STREAMLIB_LEAN_NATIVE=0``, where every native call goes
    through wgpu-py as on the raw side: the ratio is the ownership layer's own cost, which the
    lean binding pays for. Reported, no target.
    """
    import json
    import os
    import subprocess
    import sys
    import tempfile

    mode = "--tiny" if s == Settings.tiny() else "--quick" if s == Settings.quick() else None
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        command = [sys.executable, "-m", "streamlib.bench", "--only", "frame_step_uncached", "--no-history"]
        command += ["--results-dir", folder] + ([mode] if mode else [])
        env = {**os.environ, "STREAMLIB_LEAN_NATIVE": "0"}
        subprocess.run(command, env=env, check=True, capture_output=True, timeout=1800)
        done = json.loads((Path(folder) / "latest.json").read_text())
    for m in done["metrics"]:
        if not m["name"].startswith("frame_step_fresh_64x64"):
            continue
        clock = "calling thread's CPU time" if m["name"].endswith("_cpu") else "wall time"
        rows.append(
            Metric(
                name=m["name"].replace("64x64", "64x64_wgpu_py_binding"),
                description=f"frame step 64x64, a new output texture every frame, lean binding off, {clock}",
                value=m["value"],
                unit=m["unit"],
                streamlib_us=m["streamlib_us"],
                raw_us=m["raw_us"],
                control=m["control"],
                spread=tuple(m["spread"]) if m["spread"] else None,
                rounds=m["rounds"],
                iterations=m["iterations"],
            )
        )
    return rows


CASES: dict[str, Case] = {
    "frame_step": frame_step,
    "frame_step_uncached": frame_step_uncached,
    "wgpu_py_binding": wgpu_py_binding,
    "flagship_step": flagship_step,
    "upstream_step": upstream_step,
    "frame_data": frame_data,
    "textures": textures,
    "tracking": tracking_cost,
    "scale": scale,
}


def describe_adapter(gpu: sl.GpuContext) -> dict[str, Any]:
    info = gpu.adapter_info
    return {
        "device": str(info.get("device", "")),
        "description": str(info.get("description", "")),
        "backend": str(info.get("backend_type", "")),
        "adapter_type": str(info.get("adapter_type", "")),
        "wgpu": wgpu.__version__,
    }


def pipeline(gpu: sl.GpuContext, s: Settings) -> list[Metric]:
    """Item 5: synthetic source -> ball -> NullSink on StreamRuntime (unpaced) against a raw-wgpu loop."""
    from ._pipeline import pipeline_blocks

    rows = []
    for w, h in ((64, 64), _HD):
        frames = s.pipeline_frames if w == 64 else max(2, s.pipeline_frames // 16)
        mine, raw, info = pipeline_blocks(gpu, w, h)
        # Threads make these rounds the noisiest of all: as many rounds as the other comparisons.
        c = compare(mine, raw, rounds=s.rounds, iterations=frames)
        m = Metric.from_comparison(
            f"pipeline_{w}x{h}",
            f"source -> ball -> sink on StreamRuntime {w}x{h}: time per frame, streamlib/raw loop",
            c,
            None,
        )
        m.extra.update(info)
        m.extra["fps_streamlib"] = 1.0 / c.streamlib_s
        m.extra["fps_raw"] = 1.0 / c.raw_s
        rows.append(m)
    return rows


CASES["pipeline"] = pipeline


def pipeline_hop(gpu: sl.GpuContext, s: Settings) -> list[Metric]:
    """Issue 15: chains of 1, 2, 4, 8 pass-through stages on StreamRuntime (unpaced) against the same calls serially.

    A hop is what one more stage adds to a frame's time in the pipeline; the chain rows are
    pipeline/serial ratios, so the runtime's own cost shows apart from what ``process`` costs.
    """
    from ._pipeline import chain_blocks

    rows: list[Metric] = []
    per_frame: dict[int, tuple[float, float]] = {}
    for stages in (1, 2, 4, 8):
        mine, serial, teardown = chain_blocks(gpu, stages, 64, 64)
        try:
            # Eight times the pipeline rows' frames: run()'s start and stop (setup, threads,
            # teardown) is paid once per block and must not pass for a per-frame cost.
            c = compare(mine, serial, rounds=s.rounds, iterations=s.pipeline_frames * 8)
        finally:
            teardown()
        per_frame[stages] = (c.streamlib_s, c.raw_s)
        rows.append(
            Metric.from_comparison(
                f"pipeline_chain_{stages}",
                f"source -> {stages} pass-through stage(s) -> sink 64x64, StreamRuntime/the same calls serially",
                c,
                1.25 if stages == 4 else None,
            )
        )
    (p1, s1), (p8, s8) = per_frame[1], per_frame[8]
    hop = Metric(
        "pipeline_hop_64x64",
        "runtime time one more pass-through stage adds per frame (chain of 8 - chain of 1) / 7, µs",
        (p8 - p1) / 7 * 1e6,
        "µs",
        15.0,
        streamlib_us=(p8 - p1) / 7 * 1e6,
        raw_us=(s8 - s1) / 7 * 1e6,
        rounds=s.rounds,
        iterations=s.pipeline_frames * 8,
    )
    hop.extra["serial_stage_us"] = (s8 - s1) / 7 * 1e6
    rows.insert(0, hop)
    return rows


def pipeline_vs_serial(gpu: sl.GpuContext, s: Settings) -> list[Metric]:
    """Issue 15: source -> ball -> sink on StreamRuntime against its own process() calls made serially."""
    from ._pipeline import ball_serial_block, pipeline_blocks

    rows = []
    for w, h in ((64, 64), _HD):
        # A quarter of a second per block at 720p: run()'s start and stop must not pass for a per-frame cost.
        frames = s.pipeline_frames if w == 64 else max(2, s.pipeline_frames // 4)
        mine, _, info = pipeline_blocks(gpu, w, h)
        serial, teardown = ball_serial_block(gpu, w, h)
        try:
            c = compare(mine, serial, rounds=s.rounds, iterations=frames)
        finally:
            teardown()
        m = Metric.from_comparison(
            f"pipeline_vs_serial_{w}x{h}",
            f"source -> ball -> sink {w}x{h}: StreamRuntime/the same process() calls serially",
            c,
            1.0 if w != 64 else None,
        )
        m.extra.update(info)
        rows.append(m)
    return rows


# Holoscan SDK publishes its operator hand-off overhead as ~17 µs per hop (message passing,
# greedy scheduler, Python operators); the pipeline_handoff rows put streamlib's beside it.
HOLOSCAN_HANDOFF_US = 17.0


def pipeline_handoff(gpu: sl.GpuContext, s: Settings) -> list[Metric]:
    """Issue 13: the hand-off per hop as Holoscan publishes its own, and what latency measurement costs.

    A hop's hand-off is what the runtime adds per extra pass-through stage beyond the
    ``process`` call itself: ((pipeline, 8 stages) - (pipeline, 1)) - ((serial, 8) - (serial, 1)),
    over 7. Inside a segment the hop is a call; with ``own_thread`` stages it is an Event wake.
    The overhead row is a 4-stage chain with latency measured (the default) against it off.
    """
    from ._pipeline import chain_blocks

    rows: list[Metric] = []
    iterations = s.pipeline_frames * 8
    for threaded, name, what in (
        (False, "pipeline_handoff_us", "one thread per segment (a hop is a call)"),
        (True, "pipeline_handoff_thread_us", "every stage on its own thread (a hop is an Event wake)"),
    ):
        times: dict[int, tuple[float, float]] = {}
        for stages in (1, 8):
            mine, serial, teardown = chain_blocks(gpu, stages, 64, 64, threaded=threaded)
            try:
                c = compare(mine, serial, rounds=s.rounds, iterations=iterations)
            finally:
                teardown()
            times[stages] = (c.streamlib_s, c.raw_s)
        (p1, s1), (p8, s8) = times[1], times[8]
        handoff = ((p8 - p1) - (s8 - s1)) / 7 * 1e6
        m = Metric(
            name,
            f"hand-off per hop, {what}, µs (Holoscan publishes ~{HOLOSCAN_HANDOFF_US:g} µs: message passing, "
            f"greedy scheduler, Python)",
            handoff,
            "µs",
            HOLOSCAN_HANDOFF_US if not threaded else None,
            streamlib_us=(p8 - p1) / 7 * 1e6,
            raw_us=(s8 - s1) / 7 * 1e6,
            rounds=s.rounds,
            iterations=iterations,
        )
        m.extra["holoscan_reference_us"] = HOLOSCAN_HANDOFF_US
        rows.append(m)
    on, _, teardown_on = chain_blocks(gpu, 4, 64, 64, latency=True)
    off, _, teardown_off = chain_blocks(gpu, 4, 64, 64, latency=False)
    try:
        c = compare(on, off, rounds=s.rounds, iterations=iterations)
    finally:
        teardown_on()
        teardown_off()
    m = Metric.from_comparison(
        "observe_overhead_chain_4",
        "source -> 4 pass-through stages -> sink 64x64, latency measured (the default) / not measured",
        c,
        None,
    )
    m.extra["overhead_us_per_frame"] = (c.streamlib_s - c.raw_s) * 1e6
    rows.append(m)
    return rows


def pool(gpu: sl.GpuContext, s: Settings) -> list[Metric]:
    """Issue 15: pooled acquire + release against raw create + destroy, at 64x64 and 1280x720."""
    device = gpu.raw_device
    usage = sl.TextureUsage.TEXTURE_BINDING | sl.TextureUsage.COPY_SRC | sl.TextureUsage.COPY_DST
    usage |= sl.TextureUsage.STORAGE_BINDING
    rows = []
    for w, h in ((64, 64), _HD):
        pool = sl.TexturePool(gpu)
        try:
            pool.acquire(w, h, usage=usage).release()  # one idle texture of this size from now on

            def wait() -> None:
                device._poll(True)

            def raw_cycle(w: int = w, h: int = h) -> None:
                device.create_texture(size=(w, h, 1), format="rgba8unorm", usage=usage).destroy()

            def pooled_cycle(w: int = w, h: int = h, pool: sl.TexturePool = pool) -> None:
                pool.acquire(w, h, usage=usage).release()

            c = compare(
                time_block(pooled_cycle, wait),
                time_block(raw_cycle, wait),
                rounds=s.rounds,
                iterations=s.texture_iterations * 4,
            )
            rows.append(_speedup(f"pool_acquire_release_{w}x{h}", f"pooled acquire + release {w}x{h}", c, 10.0))
            rows[-1].extra["pool"] = pool.stats()._asdict()
        finally:
            pool.close()
    return rows


CASES["pipeline_hop"] = pipeline_hop
CASES["pipeline_vs_serial"] = pipeline_vs_serial
CASES["pipeline_handoff"] = pipeline_handoff
CASES["pool"] = pool


def present(gpu: sl.GpuContext, s: Settings) -> list[Metric]:
    """Issue 12: DisplaySink's present per frame (a render pass into the window-sized target, no
    readback) against the bitmap path it replaced (readback, upload, draw), at 720p and 1080p."""
    from ._present import PresentPaths

    rows = []
    for (w, h), iterations in ((_HD, s.hd_iterations), ((1920, 1080), max(1, s.hd_iterations // 2))):
        paths = PresentPaths(gpu, w, h)
        try:
            c = compare(
                time_block(paths.gpu_present(), paths.wait),
                time_block(paths.bitmap_present(), paths.wait),
                rounds=s.rounds,
                iterations=iterations,
            )
        finally:
            paths.close()
        m = Metric.from_comparison(
            f"present_{w}x{h}",
            f"DisplaySink present {w}x{h}: render pass into the surface texture / old bitmap path (readback + upload)",
            c,
            0.7,  # measured 0.45-0.52 on llvmpipe, where the draw itself runs on the CPU too
        )
        m.extra["bitmap_bytes_read_back_per_frame"] = w * h * 4
        rows.append(m)
    return rows


CASES["present"] = present

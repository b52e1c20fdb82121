"""Every example runs headless with --frames N --output PATH and writes what it says."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import av
import numpy as np
import pytest

import streamlib as sl
from streamlib.processors import NullSink

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"example_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def decoded(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [frame.to_ndarray(format="rgb24") for frame in container.decode(video=0)]


def small(output: Path, frames: int = 6) -> list[str]:
    return ["--frames", str(frames), "--output", str(output), "--size", "96", "64", "--fps", "30"]


def test_bouncing_ball_draws_an_orange_ball_over_the_pattern(tmp_path: Path) -> None:
    out = tmp_path / "ball.mp4"
    load("camera_with_bouncing_ball").main(small(out))
    frames = decoded(out)
    assert frames and frames[0].shape == (64, 96, 3)
    # The ball (1.0, 0.3, 0.2) is the only orange-red blob: high red, low green and blue.
    r, g, b = (frames[0][..., i].astype(int) for i in range(3))
    ball = (r > 200) & (g > 40) & (g < 120) & (b < 100)
    assert 10 < ball.sum() < 200, "one ball of radius 0.05 of the height"


def test_ball_physics_falls_bounces_and_stays_inside() -> None:
    physics = load("camera_with_bouncing_ball").BallPhysics(seed=1)
    ys = []
    for _ in range(300):
        physics.step(1 / 30, 16 / 9)
        ys.append(physics.y)
        assert physics.radius <= physics.y <= 1 - physics.radius
        assert physics.radius / (16 / 9) <= physics.x <= 1 - physics.radius / (16 / 9)
    assert max(ys) == pytest.approx(1 - physics.radius), "gravity brings it to the floor"
    assert physics.uniform()[:8] == np.array([physics.x, physics.y], "<f4").tobytes()
    assert len(physics.uniform()) == 16


class IntegerSource(sl.Processor):
    """Frames a float-texture shader cannot read."""

    video_out = sl.StreamOutput(sl.VideoFrame)

    def process(self, tick: sl.Tick) -> None:
        texture = self.gpu.texture_pool.acquire(16, 16, format="r32uint", label="integer")
        self.video_out.write(sl.VideoFrame.from_texture(texture, frame_number=tick.frame_number))


def test_bouncing_ball_rejects_an_integer_frame(gpu: sl.GpuContext) -> None:
    ball = load("camera_with_bouncing_ball").BouncingBall()
    rt = sl.StreamRuntime(fps=30, width=16, height=16, gpu=gpu, error_policy=sl.ErrorPolicy.STOP)
    src = rt.add(IntegerSource())
    rt.add(ball)
    sink = rt.add(NullSink())
    rt.connect(src.video_out, ball.video_in)
    rt.connect(ball.video_out, sink.video_in)
    with pytest.raises(sl.PipelineError, match=r"BouncingBall.*r32uint.*float texture"):
        rt.run(frames=2)


def test_filter_chain_writes_edges(tmp_path: Path) -> None:
    out = tmp_path / "edges.mp4"
    load("filter_chain").main(small(out))
    frames = decoded(out)
    assert frames
    pixel = frames[0].astype(int)
    assert (abs(pixel[..., 0] - pixel[..., 1]) < 20).all(), "grey: edges of a grayscale picture"
    assert (pixel > 200).any() and (pixel < 30).mean() > 0.5, "mostly dark, with bright edges"


def test_temporal_blend_keeps_then_releases_its_previous_frame(tmp_path: Path) -> None:
    out = tmp_path / "blend.mp4"
    module = load("temporal_blend")
    module.main(small(out))
    assert decoded(out)
    # Its kept reference must be gone after the run: the autouse leak check would catch a leak.
    assert sl.live_counts().get("Texture", 0) == 0


def test_fan_out_writes_an_mp4_and_pngs(tmp_path: Path) -> None:
    out = tmp_path / "fan" / "both.mp4"
    load("fan_out").main(small(out, frames=4))
    pngs = sorted((tmp_path / "fan" / "both_frames").glob("*.png"))
    assert decoded(out) and pngs
    assert len(pngs) == len(decoded(out)), "both sinks got the same frames"


def test_invert_frame_still_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "inverted.png"
    monkeypatch.setattr(sys, "argv", ["invert_frame.py", "--output", str(out), "--size", "32", "16"])
    load("invert_frame").main()
    assert out.read_bytes()[:4] == b"\x89PNG"

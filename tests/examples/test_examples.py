"""Every example runs headless with --frames N --output PATH and writes what it says."""

from __future__ import annotations

import ast
import importlib.util
import inspect
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import av
import numpy as np
import pytest

import streamlib as sl
from streamlib import cli
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


def test_invert_frame_inverts_the_gradient(tmp_path: Path) -> None:
    out = tmp_path / "inverted.png"
    module = load("invert_frame")
    module.main(["--output", str(out), "--size", "32", "16"])  # one frame by default
    with av.open(str(out)) as container:
        pixels = next(container.decode(video=0)).to_ndarray(format="rgba")
    expected = module.test_pattern(32, 16)
    expected[..., :3] = 255 - expected[..., :3]
    np.testing.assert_array_equal(pixels, expected)


ALL = sorted(path.stem for path in EXAMPLES.glob("*.py"))


@pytest.mark.parametrize("name", ALL)
def test_every_example_uses_only_the_public_api(name: str) -> None:
    tree = ast.parse((EXAMPLES / f"{name}.py").read_text())
    modules = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    modules += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    private = [m for m in modules if any(part.startswith("_") and part != "__future__" for part in m.split("."))]
    assert not private, f"{name} imports private modules: {private}"


@pytest.mark.parametrize("name", ALL)
def test_every_example_runs_under_streamlib_run_with_the_shared_options(name: str, tmp_path: Path) -> None:
    module = load(name)
    assert "output" in inspect.signature(module.build).parameters
    parser_options = ["--frames", "2", "--size", "32", "24", "--fps", "0"]
    suffix = ".png" if name == "invert_frame" else ".mp4"
    out = tmp_path / f"{name}{suffix}"
    assert cli.main(["run", name, *parser_options, "--output", str(out), "--quiet"]) == 0
    assert out.is_file()
    if suffix == ".mp4":
        assert len(decoded(out)) == 2, "a file output gets every frame"


def _run(*command: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    inherited = {k: v for k, v in os.environ.items() if k != "STREAMLIB_DEBUG"}  # only `env` may ask for tracebacks
    full_env = {**inherited, "XDG_RUNTIME_DIR": os.environ.get("XDG_RUNTIME_DIR", "/tmp"), **(env or {})}
    return subprocess.run(command, capture_output=True, text=True, timeout=120, env=full_env, check=False)


def _error_lines(stderr: str) -> list[str]:
    # The progress display may print its summary; everything else on stderr is the error.
    return [line for line in stderr.splitlines() if line.strip() and not line.startswith("frames ")]


@pytest.mark.parametrize("name", ALL)
def test_an_unwritable_output_exits_1_with_one_line(name: str) -> None:
    suffix = ".png" if name == "invert_frame" else ".mp4"
    target = f"/proc/nope{suffix}"
    result = _run(
        sys.executable, str(EXAMPLES / f"{name}.py"), "--frames", "2", "--size", "32", "24", "--output", target
    )
    assert result.returncode == 1, result.stderr
    lines = _error_lines(result.stderr)
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert lines[0].startswith(f"{name}.py: error: ") and target in lines[0]
    assert "wrote" not in result.stdout


def test_debug_shows_the_traceback() -> None:
    script = str(EXAMPLES / "filter_chain.py")
    for command, env in (
        ((script, "--frames", "1", "--output", "/proc/nope.mp4", "--debug"), {}),
        ((script, "--frames", "1", "--output", "/proc/nope.mp4"), {"STREAMLIB_DEBUG": "1"}),
    ):
        result = _run(sys.executable, *command, env=env)
        assert result.returncode == 1 and "Traceback" in result.stderr and "/proc/nope.mp4" in result.stderr


def test_streamlib_run_unwritable_output_exits_1_with_one_line() -> None:
    command = [sys.executable, "-m", "streamlib.cli", "run", "filter_chain", "--frames", "2", "--size", "32", "24"]
    result = _run(*command, "--output", "/proc/nope2.mp4")
    assert result.returncode == 1
    lines = _error_lines(result.stderr)
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert (
        lines[0].startswith("streamlib run: error: ") and "VideoFileSink" in lines[0] and "/proc/nope2.mp4" in lines[0]
    )
    debug = _run(*command, "--output", "/proc/nope2.mp4", "--debug")
    assert debug.returncode == 1 and "Traceback" in debug.stderr


def test_a_missing_display_is_one_line(gpu: sl.GpuContext) -> None:
    env = {"DISPLAY": "", "WAYLAND_DISPLAY": ""}
    script = str(EXAMPLES / "camera_with_bouncing_ball.py")
    result = _run(sys.executable, script, "--display", "--frames", "1", "--size", "32", "24", env=env)
    assert result.returncode == 1
    lines = _error_lines(result.stderr)
    # On OpenGL the Resize before the window refuses first (set up upstream first), as expected.
    expected = "Resize needs a Vulkan" if gpu.backend == "OpenGL" else "DisplaySink"
    assert len(lines) == 1 and "Traceback" not in result.stderr and expected in lines[0], result.stderr

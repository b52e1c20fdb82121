"""The flagship pipeline: camera -> bouncing-ball compute shader -> video file (or a window).

    python examples/camera_with_bouncing_ball.py --frames 150 --output out/camera_with_bouncing_ball.mp4
    python examples/camera_with_bouncing_ball.py --display            # a window (needs a display)
    python examples/camera_with_bouncing_ball.py --camera 0           # a real camera (needs OpenCV)
    streamlib run camera_with_bouncing_ball --frames 150

The camera is the synthetic TestPatternCamera unless --camera picks a real device. Each
frame, BouncingBall advances the ball's physics by the time between frames (taken from the
frames' timestamps, not the wall clock, so a headless run moves the ball at the video's
speed), writes the 16-byte uniform, and draws the ball over the camera picture into a texture
from the pool. The per-frame bind group is released at once, and the output texture goes
back to the pool when the sink is done with the frame: a steady run allocates nothing.
"""

from __future__ import annotations

import argparse
import random
import struct
from pathlib import Path

import streamlib as sl
from streamlib.cli import run_with_progress
from streamlib.processors import CameraSource, DisplaySink, TestPatternCamera, VideoFileSink

DEFAULT_OUTPUT = Path("out/camera_with_bouncing_ball.mp4")

BALL_WGSL = """
struct Ball {
    x: f32,
    y: f32,
    radius: f32,
    _pad: f32,
};

@group(0) @binding(0) var camera: texture_2d<f32>;
@group(0) @binding(1) var output: texture_storage_2d<rgba8unorm, write>;
@group(0) @binding(2) var<uniform> ball: Ball;

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
    let size = textureDimensions(camera);
    if (id.x >= size.x || id.y >= size.y) { return; }
    let aspect = f32(size.x) / f32(size.y);
    // Normalised coordinates with x scaled by the aspect ratio, so the ball is round.
    let uv = vec2<f32>(f32(id.x) / f32(size.x) * aspect, f32(id.y) / f32(size.y));
    let centre = vec2<f32>(ball.x * aspect, ball.y);
    let d = distance(uv, centre);
    let inside = 1.0 - smoothstep(ball.radius - 0.002, ball.radius + 0.002, d);
    let background = textureLoad(camera, vec2<i32>(id.xy), 0);
    let colour = mix(background, vec4<f32>(1.0, 0.3, 0.2, 1.0), inside);
    textureStore(output, vec2<i32>(id.xy), vec4<f32>(colour.rgb, 1.0));
}
"""

# Frame formats a texture_2d<f32> binding can read.
_FLOAT_FORMATS = frozenset({"rgba8unorm", "rgba8unorm-srgb", "bgra8unorm", "bgra8unorm-srgb", "rgba16float"})


class BallPhysics:
    """The ball in normalised coordinates (0..1 both ways, y down): gravity, damped bounces, nudges."""

    GRAVITY = 0.8
    DAMPING = 0.85
    NUDGE_CHANCE = 0.01
    NUDGE = 0.1

    def __init__(self, seed: int = 0) -> None:
        self.x, self.y = 0.5, 0.5
        self.vx, self.vy = 0.3, 0.4
        self.radius = 0.05
        self._random = random.Random(seed)

    def step(self, dt: float, aspect: float) -> None:
        """Advance by ``dt`` seconds on a picture ``aspect`` (width / height) wide."""
        self.vy += self.GRAVITY * dt
        self.x += self.vx * dt
        self.y += self.vy * dt
        # In x the radius spans radius / aspect of the width (uv.x is scaled by the aspect).
        rx = self.radius / aspect
        if self.x < rx or self.x > 1.0 - rx:
            self.vx = -self.vx * self.DAMPING
            self.x = min(max(self.x, rx), 1.0 - rx)
        if self.y < self.radius or self.y > 1.0 - self.radius:
            self.vy = -self.vy * self.DAMPING
            self.y = min(max(self.y, self.radius), 1.0 - self.radius)
        if self._random.random() < self.NUDGE_CHANCE:
            self.vx += self._random.choice((-self.NUDGE, self.NUDGE))
            self.vy += self._random.choice((-self.NUDGE, self.NUDGE))

    def uniform(self) -> bytes:
        """The shader's 16-byte uniform: {x, y, radius, pad}."""
        return struct.pack("<4f", self.x, self.y, self.radius, 0.0)


class BouncingBall(sl.Processor):
    """Draws an orange-red ball, bouncing under gravity, over each frame.

    Owns its shader objects and uniform buffer (setup to teardown); per frame it owns a
    bind group (released before process returns) and the output texture (moved into the
    frame it writes).
    """

    video_in = sl.StreamInput(sl.VideoFrame)
    video_out = sl.StreamOutput(sl.VideoFrame)

    def __init__(self, seed: int = 0) -> None:
        super().__init__()
        self.physics = BallPhysics(seed)
        self._last_timestamp: float | None = None
        self._owned: list[sl.Releasable] = []
        self._layout: sl.OwnedBindGroupLayout | None = None
        self._pipeline: sl.OwnedComputePipeline | None = None
        self._uniform: sl.OwnedBuffer | None = None

    def setup(self, gpu: sl.GpuContext) -> None:
        with gpu.create_shader_module(BALL_WGSL, label="bouncing ball") as module:
            self._layout = gpu.create_bind_group_layout(
                entries=[
                    {"binding": 0, "visibility": sl.ShaderStage.COMPUTE, "texture": {"sample_type": "float"}},
                    {
                        "binding": 1,
                        "visibility": sl.ShaderStage.COMPUTE,
                        "storage_texture": {"access": "write-only", "format": "rgba8unorm"},
                    },
                    {"binding": 2, "visibility": sl.ShaderStage.COMPUTE, "buffer": {"type": "uniform"}},
                ],
                label="bouncing ball",
            )
            self._owned.append(self._layout)
            pipeline_layout = gpu.create_pipeline_layout([self._layout], label="bouncing ball")
            self._owned.append(pipeline_layout)
            self._pipeline = gpu.create_compute_pipeline(layout=pipeline_layout, module=module, label="bouncing ball")
            self._owned.append(self._pipeline)
        self._uniform = gpu.create_buffer(16, sl.BufferUsage.UNIFORM | sl.BufferUsage.COPY_DST, label="ball")
        self._owned.append(self._uniform)
        # One tiny dispatch now: a software GPU compiles the shader on first use, and that
        # should not cost the running pipeline its first frames.
        with gpu.texture_pool.acquire(8, 8, label="ball warm-up") as src, gpu.texture_pool.acquire(8, 8) as dst:
            self._draw(src, dst)
            gpu.read_texture(dst)

    def process(self, tick: sl.Tick) -> None:
        frame = self.video_in.read_latest()  # lent for this call
        if frame is None:
            return
        assert self._uniform is not None
        if frame.format not in _FLOAT_FORMATS:
            raise sl.InvalidArgumentError(
                f"{self.name}: got a {frame.format} frame; its shader reads a float texture "
                f"({', '.join(sorted(_FLOAT_FORMATS))}): convert the frame first"
            )
        gpu = self.gpu
        dt = 0.0 if self._last_timestamp is None else frame.timestamp - self._last_timestamp
        self._last_timestamp = frame.timestamp
        self.physics.step(min(max(dt, 0.0), 0.1), frame.width / frame.height)
        gpu.write_buffer(self._uniform, 0, self.physics.uniform())

        out = gpu.texture_pool.acquire(frame.width, frame.height, label="ball output")
        try:
            self._draw(frame.data, out)  # frame.data: a BorrowedTexture, valid during this call
        except BaseException:
            out.release()
            raise
        self.video_out.write(frame.clone_with_texture(out))  # moves `out` into the new frame

    def _draw(self, camera: sl.Texture, out: sl.Texture) -> None:
        """Draw the ball over ``camera`` into ``out`` (same size); uses both, owns neither."""
        assert self._layout is not None and self._pipeline is not None and self._uniform is not None
        gpu = self.gpu
        # A bind group per frame (the textures change every frame), released as soon as it is submitted.
        with gpu.create_bind_group(
            layout=self._layout,
            entries=[
                {"binding": 0, "resource": camera.create_view()},
                {"binding": 1, "resource": out.create_view()},
                {"binding": 2, "resource": self._uniform},
            ],
            label="bouncing ball",
        ) as bind_group:
            encoder = gpu.create_command_encoder(label="bouncing ball")
            compute_pass = encoder.begin_compute_pass()
            compute_pass.set_pipeline(self._pipeline)
            compute_pass.set_bind_group(0, bind_group)
            compute_pass.dispatch_workgroups((out.width + 7) // 8, (out.height + 7) // 8)
            compute_pass.end()
            gpu.submit([encoder.finish()])

    def teardown(self) -> None:
        for owned in reversed(self._owned):
            owned.release()
        self._owned.clear()


def build(
    runtime: sl.StreamRuntime, output: Path | None = None, *, camera: int | None = None, display: bool = False
) -> None:
    """Camera -> BouncingBall -> sink: a window with ``display``, else an MP4 at ``output``."""
    source: TestPatternCamera | CameraSource = TestPatternCamera() if camera is None else CameraSource(camera)
    cam = runtime.add(source)
    ball = runtime.add(BouncingBall())
    sink: DisplaySink | VideoFileSink = (
        DisplaySink(title="streamlib: camera with bouncing ball")
        if display
        else VideoFileSink(output if output is not None else DEFAULT_OUTPUT)
    )
    runtime.add(sink)
    runtime.connect(cam.video_out, ball.video_in)
    runtime.connect(ball.video_out, sink.video_in)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--frames", type=int, default=None, help="stop after N frames (default: until Ctrl+C)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="MP4 file to write")
    parser.add_argument("--size", type=int, nargs=2, default=(1280, 720), metavar=("W", "H"))
    parser.add_argument(
        "--fps",
        type=float,
        default=None,
        help="pace at N fps in real time, dropping frames when slower (default: 30 with --display; for a file "
        "0, every frame as fast as the machine allows, the video at 30 fps)",
    )
    parser.add_argument("--camera", type=int, default=None, metavar="DEVICE", help="a real camera (OpenCV)")
    parser.add_argument("--display", action="store_true", help="show a window instead of writing a file")
    args = parser.parse_args(argv)
    width, height = args.size
    fps = args.fps if args.fps is not None else (30.0 if args.display else 0.0)
    runtime = sl.StreamRuntime(fps=fps, width=width, height=height)
    build(runtime, args.output, camera=args.camera, display=args.display)
    run_with_progress(runtime, frames=args.frames)
    if not args.display:
        print(f"wrote {args.output}")


if __name__ == "__main__":
    main()

"""The flagship pipeline: camera -> bouncing-ball compute shader -> video file (or a window).

    python examples/camera_with_bouncing_ball.py --frames 150 --output out/camera_with_bouncing_ball.mp4
    python examples/camera_with_bouncing_ball.py --display            # 1080p scaled to a 1280x720 window
    python examples/camera_with_bouncing_ball.py --camera 0           # a real camera (needs OpenCV)
    streamlib run camera_with_bouncing_ball --frames 150

The camera is the synthetic TestPatternCamera unless --camera picks a real device. Each
frame, BouncingBall (a ComputeFilter) advances the ball's physics by the time between
frames (taken from the frames' timestamps, not the wall clock, so a headless run moves the
ball at the video's speed), writes the 16-byte uniform, and draws the ball over the camera
picture into a texture from the pool. The per-frame bind group handle is released at once,
and the output texture goes back to the pool when the sink is done with the frame; the pool
lends the same textures again, so their views and the bind group come from the context's
caches: a steady run allocates nothing and makes no view or bind group per frame.

With --display the camera runs at 1920x1080 (unless --size says otherwise) and Resize scales
each frame to the 1280x720 window with a render pass (bilinear, through a sampler); the
window draws it into its surface texture on the GPU: no frame is read back to the CPU.
"""

from __future__ import annotations

import random
import struct
from pathlib import Path

import streamlib as sl
from streamlib.cli import example_parser, run_example
from streamlib.processors import CameraSource, ComputeFilter, DisplaySink, Resize, TestPatternCamera, VideoFileSink

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


class BouncingBall(ComputeFilter):
    """Draws an orange-red ball, bouncing under gravity, over each frame.

    A ComputeFilter over BALL_WGSL whose 16-byte uniform is the ball: it owns its shader
    objects and uniform buffer (setup to teardown); per frame, a bind group (released
    before process returns) and the output texture (moved into the frame it writes).
    """

    def __init__(self, seed: int = 0) -> None:
        super().__init__(BALL_WGSL, uniform_size=16)
        self.physics = BallPhysics(seed)
        self._last_timestamp: float | None = None

    def uniforms(self, tick: sl.Tick, frame: sl.VideoFrame) -> bytes:
        """Step the physics by the time since the previous frame (its timestamps, not the wall clock)."""
        dt = 0.0 if self._last_timestamp is None else frame.timestamp - self._last_timestamp
        self._last_timestamp = frame.timestamp
        self.physics.step(min(max(dt, 0.0), 0.1), frame.width / frame.height)
        return self.physics.uniform()


WINDOW = (1280, 720)
DISPLAY_INPUT = (1920, 1080)


def build(
    runtime: sl.StreamRuntime, output: Path | None = None, *, camera: int | None = None, display: bool = False
) -> None:
    """Camera -> BouncingBall -> sink: with ``display``, -> Resize -> a 1280x720 window; else an MP4 at ``output``."""
    source: TestPatternCamera | CameraSource = TestPatternCamera() if camera is None else CameraSource(camera)
    cam = runtime.add(source)
    ball = runtime.add(BouncingBall())
    runtime.connect(cam.video_out, ball.video_in)
    if display:
        resize = runtime.add(Resize(*WINDOW))
        window = runtime.add(DisplaySink(title="streamlib: camera with bouncing ball", size=WINDOW))
        runtime.connect(ball.video_out, resize.video_in)
        runtime.connect(resize.video_out, window.video_in)
        return
    sink = runtime.add(VideoFileSink(output if output is not None else DEFAULT_OUTPUT))
    runtime.connect(ball.video_out, sink.video_in)


def main(argv: list[str] | None = None) -> None:
    parser = example_parser(
        __doc__,
        DEFAULT_OUTPUT,
        size=(1280, 720),
        fps=None,
        fps_help="pace at N fps in real time, dropping frames when slower (default: 30 with --display; for a file "
        "0, every frame as fast as the machine allows, the video at 30 fps)",
    )
    parser.add_argument("--camera", type=int, default=None, metavar="DEVICE", help="a real camera (OpenCV)")
    parser.add_argument(
        "--display", action="store_true", help="show a 1280x720 window instead of writing a file (input 1920x1080)"
    )
    parser.set_defaults(size=None)  # resolved below: the input size depends on --display
    args = parser.parse_args(argv)
    if args.size is None:
        args.size = DISPLAY_INPUT if args.display else (1280, 720)
    fps = args.fps if args.fps is not None else (30.0 if args.display else 0.0)
    run_example(args, build, fps=fps, camera=args.camera, display=args.display)
    if not args.display:
        print(f"wrote {args.output}")


if __name__ == "__main__":
    main()

"""Camera -> bouncing-ball overlay -> display, written exactly as for the Rust-backed streamlib.

Nothing here is streamlib-specific: no releases, no types, ports reached through the class.
Only the size is smaller than the flagship's 1920x1080, to keep a software GPU quick.
"""

import random
import struct
import time

from streamlib import (
    BufferBindingType,
    BufferUsage,
    ShaderStage,
    StorageTextureAccess,
    StreamInput,
    StreamOutput,
    StreamRuntime,
    TextureFormat,
    TextureSampleType,
    TextureViewDimension,
    VideoFrame,
    camera_processor,
    display_processor,
    processor,
)

BALL_SHADER = """
struct Ball {
    x: f32,
    y: f32,
    radius: f32,
    _padding: f32,
}

@group(0) @binding(0) var input_texture: texture_2d<f32>;
@group(0) @binding(1) var output_texture: texture_storage_2d<rgba8unorm, write>;
@group(0) @binding(2) var<uniform> ball: Ball;

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) global_id: vec3<u32>) {
    let dims = textureDimensions(input_texture);
    if (global_id.x >= dims.x || global_id.y >= dims.y) {
        return;
    }
    let coords = vec2<i32>(global_id.xy);
    let camera = textureLoad(input_texture, coords, 0);
    let aspect = f32(dims.x) / f32(dims.y);
    let uv = vec2<f32>(f32(global_id.x) / f32(dims.x) * aspect, f32(global_id.y) / f32(dims.y));
    let center = vec2<f32>(ball.x * aspect, ball.y);
    let dist = distance(uv, center);
    let edge = 0.002;
    let alpha = 1.0 - smoothstep(ball.radius - edge, ball.radius + edge, dist);
    let ball_color = vec4<f32>(1.0, 0.3, 0.2, 1.0);
    textureStore(output_texture, coords, mix(camera, ball_color, alpha));
}
"""


@camera_processor(device_id=None)
def camera():
    """The first camera; the test pattern where there is none."""


@processor(
    description="Draws a bouncing ball over the video",
    usage_context="Demo overlay for camera feeds",
    tags=["overlay", "compute", "demo"],
)
class BouncingBallOverlay:
    class InputPorts:
        video = StreamInput(VideoFrame)

    class OutputPorts:
        video = StreamOutput(VideoFrame)

    def __init__(self):
        self.x = 0.5
        self.y = 0.5
        self.vx = 0.3
        self.vy = 0.4
        self.radius = 0.05
        self.gravity = 0.8
        self.last_time = None
        self.pipeline = None
        self.bind_group_layout = None
        self.uniform_buffer = None

    def _init_gpu(self, gpu):
        self.shader = gpu.device.create_shader_module(code=BALL_SHADER)
        self.bind_group_layout = gpu.device.create_bind_group_layout(
            entries=[
                {
                    "binding": 0,
                    "visibility": ShaderStage.COMPUTE,
                    "texture": {"sample_type": TextureSampleType.FLOAT, "view_dimension": TextureViewDimension.D2},
                },
                {
                    "binding": 1,
                    "visibility": ShaderStage.COMPUTE,
                    "storage_texture": {
                        "access": StorageTextureAccess.WRITE_ONLY,
                        "format": TextureFormat.RGBA8UNORM,
                        "view_dimension": TextureViewDimension.D2,
                    },
                },
                {"binding": 2, "visibility": ShaderStage.COMPUTE, "buffer": {"type": BufferBindingType.UNIFORM}},
            ]
        )
        pipeline_layout = gpu.device.create_pipeline_layout(bind_group_layouts=[self.bind_group_layout])
        self.pipeline = gpu.device.create_compute_pipeline(
            layout=pipeline_layout, compute={"module": self.shader, "entry_point": "main"}
        )
        self.uniform_buffer = gpu.device.create_buffer(size=16, usage=BufferUsage.UNIFORM | BufferUsage.COPY_DST)

    def _step(self):
        now = time.time()
        dt = 0.0 if self.last_time is None else min(now - self.last_time, 0.1)
        self.last_time = now
        self.vy += self.gravity * dt
        self.x += self.vx * dt
        self.y += self.vy * dt
        if self.x - self.radius < 0.0 or self.x + self.radius > 1.0:
            self.vx = -self.vx * 0.85
            self.x = min(max(self.x, self.radius), 1.0 - self.radius)
        if self.y - self.radius < 0.0 or self.y + self.radius > 1.0:
            self.vy = -self.vy * 0.85
            self.y = min(max(self.y, self.radius), 1.0 - self.radius)
        if random.random() < 0.01:
            self.vx += random.uniform(-0.1, 0.1)
            self.vy += random.uniform(-0.1, 0.1)

    def process(self, tick):
        frame = self.input_ports().video.read_latest()
        if not frame:
            return
        gpu = self.gpu_context()
        if self.pipeline is None:
            self._init_gpu(gpu)
        self._step()
        gpu.queue.write_buffer(self.uniform_buffer, 0, struct.pack("ffff", self.x, self.y, self.radius, 0.0))

        output = gpu.create_texture(frame.width, frame.height)
        bind_group = gpu.device.create_bind_group(
            layout=self.bind_group_layout,
            entries=[
                {"binding": 0, "resource": frame.data.create_view()},
                {"binding": 1, "resource": output.create_view()},
                {"binding": 2, "resource": {"buffer": self.uniform_buffer}},
            ],
        )
        encoder = gpu.device.create_command_encoder()
        compute_pass = encoder.begin_compute_pass()
        compute_pass.set_pipeline(self.pipeline)
        compute_pass.set_bind_group(0, bind_group)
        compute_pass.dispatch_workgroups((frame.width + 7) // 8, (frame.height + 7) // 8, 1)
        compute_pass.end()
        gpu.queue.submit([encoder.finish()])

        self.output_ports().video.write(frame.clone_with_texture(output))


@display_processor(title="Bouncing ball")
def display():
    """Shows the overlay."""


def main():
    runtime = StreamRuntime(fps=60, width=640, height=360, enable_gpu=True)
    runtime.add_stream(camera)
    runtime.add_stream(BouncingBallOverlay)
    runtime.add_stream(display)
    runtime.connect(camera.output_ports().video, BouncingBallOverlay.input_ports().video)
    runtime.connect(BouncingBallOverlay.output_ports().video, display.input_ports().video)
    print("Running; press Ctrl+C to stop", flush=True)
    runtime.run()
    print("Stopped", flush=True)


if __name__ == "__main__":
    main()

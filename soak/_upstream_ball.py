"""The bouncing-ball overlay as code ported from the Rust-backed streamlib writes it.

Deliberately untyped and never releasing anything (mypy.ini exempts this file from --strict):
the soak's ``upstream`` mode checks that such code neither leaks nor slows down.
"""

import struct

from streamlib import (
    BufferBindingType,
    BufferUsage,
    ShaderStage,
    StorageTextureAccess,
    StreamInput,
    StreamOutput,
    TextureFormat,
    TextureSampleType,
    TextureViewDimension,
    VideoFrame,
    processor,
)

from ._workloads import BALL_WGSL


@processor(description="Bouncing ball, ported as is", usage_context="soak", tags=["overlay"])
class UpstreamBall:
    class InputPorts:
        video = StreamInput(VideoFrame)

    class OutputPorts:
        video = StreamOutput(VideoFrame)

    def __init__(self):
        self.pipeline = None
        self.layout = None
        self.uniform = None

    def process(self, tick):
        frame = self.input_ports().video.read_latest()
        if not frame:
            return
        gpu = self.gpu_context()
        if self.pipeline is None:
            module = gpu.device.create_shader_module(code=BALL_WGSL)
            self.layout = gpu.device.create_bind_group_layout(
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
            pipeline_layout = gpu.device.create_pipeline_layout(bind_group_layouts=[self.layout])
            self.pipeline = gpu.device.create_compute_pipeline(
                layout=pipeline_layout, compute={"module": module, "entry_point": "main"}
            )
            self.uniform = gpu.device.create_buffer(size=16, usage=BufferUsage.UNIFORM | BufferUsage.COPY_DST)
        x = (tick.frame_number * 3) % frame.width
        gpu.queue.write_buffer(self.uniform, 0, struct.pack("ffff", x, frame.height / 2, frame.height / 8, 0.0))
        output = gpu.create_texture(frame.width, frame.height)
        bind_group = gpu.device.create_bind_group(
            layout=self.layout,
            entries=[
                {"binding": 0, "resource": frame.data.create_view()},
                {"binding": 1, "resource": output.create_view()},
                {"binding": 2, "resource": {"buffer": self.uniform}},
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

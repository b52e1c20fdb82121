"""Camera -> a pass-through processor (an instance this time) -> display, upstream style."""

from streamlib import (
    StreamInput,
    StreamOutput,
    StreamRuntime,
    VideoFrame,
    camera_processor,
    display_processor,
    processor,
)


@camera_processor(device_id=None)
def camera():
    """The first camera, or the test pattern."""


@processor(description="Passes frames through unchanged", usage_context="test", tags=["passthrough"])
class PassThrough:
    class InputPorts:
        video = StreamInput(VideoFrame)

    class OutputPorts:
        video = StreamOutput(VideoFrame)

    def __init__(self):
        self.seen = 0

    def process(self, tick):
        frame = self.input_ports().video.read_latest()
        if frame:
            self.seen += 1
            self.output_ports().video.write(frame)


@display_processor(title="Pass-through")
def display():
    """Shows what comes through."""


if __name__ == "__main__":
    runtime = StreamRuntime(fps=30, width=320, height=240, enable_gpu=True)
    passthrough = PassThrough()
    runtime.add_stream(camera)
    runtime.add_stream(passthrough)
    runtime.add_stream(display)
    runtime.connect(camera.output_ports().video, passthrough.input_ports().video)
    runtime.connect(passthrough.output_ports().video, display.input_ports().video)
    runtime.run()

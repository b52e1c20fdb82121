"""A camera shown in a window, written as for the Rust-backed streamlib."""

from streamlib import StreamRuntime, camera_processor, display_processor


@camera_processor(device_id=None)
def camera():
    """The first camera, or the test pattern."""


@display_processor(title="Camera")
def display():
    pass


if __name__ == "__main__":
    runtime = StreamRuntime(fps=30, width=320, height=240, enable_gpu=True)
    runtime.add_stream(camera)
    runtime.add_stream(display)
    runtime.connect(camera.output_ports().video, display.input_ports().video)
    runtime.run()

"""The upstream surface in-process: camera choice, class-level ports, add_stream, and a short soak."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import streamlib as sl
from streamlib.processors import NullSink
from streamlib.processors import camera as camera_module


class _FakeCapture:
    def __init__(self, device: int | str, cameras: list[int]) -> None:
        self.opened = device in cameras
        self.released = False

    def isOpened(self) -> bool:
        return self.opened

    def set(self, prop: int, value: float) -> bool:
        return True

    def read(self) -> tuple[bool, Any]:
        return True, np.full((12, 16, 3), 100, np.uint8)

    def release(self) -> None:
        self.released = True


def _fake_cameras(monkeypatch: pytest.MonkeyPatch, cameras: list[int]) -> list[_FakeCapture]:
    """A fake cv2 whose VideoCapture opens exactly ``cameras``; indexes 0-4 are probed."""
    made: list[_FakeCapture] = []
    module = types.ModuleType("cv2")

    def video_capture(device: int | str) -> _FakeCapture:
        made.append(_FakeCapture(device, cameras))
        return made[-1]

    module.VideoCapture = video_capture  # type: ignore[attr-defined]
    module.CAP_PROP_FRAME_WIDTH = 3  # type: ignore[attr-defined]
    module.CAP_PROP_FRAME_HEIGHT = 4  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "cv2", module)
    monkeypatch.setattr(camera_module, "_candidate_indexes", lambda: list(range(5)))
    return made


def _run_camera(gpu: sl.GpuContext, device_id: int | None) -> tuple[sl.StreamRuntime, Any]:
    @sl.camera_processor(device_id=device_id)
    def camera() -> None:
        """A camera."""

    rt = sl.StreamRuntime(fps=0, width=16, height=12, gpu=gpu)
    rt.add_stream(camera)
    sink = rt.add(NullSink())
    rt.connect(camera.output_ports().video, sink.video_in)
    rt.run(frames=2)
    return rt, camera


def test_no_device_id_opens_the_first_camera(gpu: sl.GpuContext, monkeypatch: pytest.MonkeyPatch) -> None:
    made = _fake_cameras(monkeypatch, [2, 3])
    rt, camera = _run_camera(gpu, None)
    assert rt.stats()["camera"].frames_out == 2
    opened = [c for c in made if c.opened]
    assert len(opened) == 3 and all(c.released for c in made)  # 2 and 3 probed, then 2 opened to run
    assert camera.source is None  # torn down


def test_no_camera_falls_back_to_the_test_pattern_with_one_line(
    gpu: sl.GpuContext, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    _fake_cameras(monkeypatch, [])
    with caplog.at_level(logging.INFO, logger="streamlib.camera"):
        rt, _ = _run_camera(gpu, None)
    assert rt.stats()["camera"].frames_out == 2
    lines = [r.getMessage() for r in caplog.records if r.name == "streamlib.camera"]
    assert len(lines) == 1 and "test pattern" in lines[0], lines


def test_an_unknown_camera_lists_the_cameras_and_the_fallback(
    gpu: sl.GpuContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_cameras(monkeypatch, [0, 1])
    with pytest.raises(sl.PipelineError, match=r"no camera 7.*cameras found: 0, 1.*device_id=None.*test pattern"):
        _run_camera(gpu, 7)


def test_an_existing_camera_id_opens_it(gpu: sl.GpuContext, monkeypatch: pytest.MonkeyPatch) -> None:
    made = _fake_cameras(monkeypatch, [0, 1])
    rt, _ = _run_camera(gpu, 1)
    assert rt.stats()["camera"].frames_out == 2 and made[-1].opened


@sl.processor(description="counts", usage_context="test", tags=["t"])
class _Counter:
    class InputPorts:
        video = sl.StreamInput(sl.VideoFrame)

    def __init__(self) -> None:
        self.seen = 0
        self.buffer: Any = None

    def process(self, tick: sl.Tick) -> None:
        gpu = self.gpu_context()  # type: ignore[attr-defined]
        if self.buffer is None:
            self.buffer = gpu.device.create_buffer(size=16, usage=sl.BufferUsage.UNIFORM)
        if self.input_ports().video.read_latest():  # type: ignore[attr-defined]
            self.seen += 1


def test_class_ports_resolve_to_the_one_instance_and_teardown_drops_what_it_held(gpu: sl.GpuContext) -> None:
    from streamlib.processors import TestPatternCamera

    rt = sl.StreamRuntime(fps=0, width=8, height=8, gpu=gpu, enable_gpu=True)
    cam = rt.add(TestPatternCamera())
    counter: Any = rt.add_stream(_Counter)  # type: ignore[arg-type]
    rt.connect(cam.video_out, _Counter.input_ports().video)  # type: ignore[attr-defined]
    assert cam.video_out.targets == (counter.input_ports().video,)
    rt.run(frames=3)
    assert counter.seen == 3
    assert counter.buffer is None  # released at teardown, and forgotten so a next run makes it again
    rt.run(frames=2)
    assert counter.seen == 5


def test_class_port_errors(gpu: sl.GpuContext) -> None:
    from streamlib.processors import TestPatternCamera

    rt = sl.StreamRuntime(fps=0, width=8, height=8, gpu=gpu)
    cam = rt.add(TestPatternCamera())
    with pytest.raises(sl.PipelineError, match=r"none was; call rt.add_stream\(_Counter\)"):
        rt.connect(cam.video_out, _Counter.input_ports().video)  # type: ignore[attr-defined]
    rt.add_stream(_Counter)  # type: ignore[arg-type]
    rt.add_stream(_Counter)  # type: ignore[arg-type]
    with pytest.raises(sl.PipelineError, match=r"ambiguous: 2 _Counter processors.*input_ports\(\)\.video"):
        rt.connect(cam.video_out, _Counter.input_ports().video)  # type: ignore[attr-defined]
    with pytest.raises(sl.PipelineError, match="is not a processor; decorate it"):
        rt.add_stream(int)  # type: ignore[arg-type]
    with pytest.raises(sl.InvalidArgumentError, match="enable_gpu=False is not supported"):
        sl.StreamRuntime(enable_gpu=False)


UPSTREAM_SOAK = """
import sys, warnings
from pathlib import Path
warnings.simplefilter("ignore", ResourceWarning)  # the ported ball drops a bind group per frame (R7)
from soak import SoakConfig, run_soak
from soak._analysis import MIB
result = run_soak(SoakConfig(mode="upstream", frames=20_000, every=400, warmup_fraction=0.5,
                             out_dir=Path(sys.argv[1]), rss_budget_per_100k=2 * MIB, plot=False))
print(result.verdict.summary())
sys.exit(0 if result.verdict.ok else 1)
"""


def test_short_upstream_soak_stays_flat(tmp_path: Path) -> None:
    # 20,000 frames of the never-releasing ported ball in a process of its own, the second half
    # judged, every count exact. Measured there: 0.4 MiB/100k at 20,000 frames, once ~1.2, and 0.0
    # at 40,000 (allocator arenas still settling); inside the whole suite's process (~330 MiB of
    # test state) the noise alone read 1.2-2.2. Held to 2 MiB/100k here, 1 in the long form
    # (make soak). One leaked 64x64 texture a frame would be ~1.6 GB/100k.
    repo = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", UPSTREAM_SOAK, str(tmp_path)],
        cwd=repo,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(repo), os.environ.get("PYTHONPATH")]))},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr

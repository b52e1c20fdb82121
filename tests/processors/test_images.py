"""save_image: a texture or frame written as a PNG by FFmpeg's encoder, decoded back exactly."""

from __future__ import annotations

import sys
from pathlib import Path

import av
import numpy as np
import numpy.typing as npt
import pytest

import streamlib as sl
from streamlib.processors import save_image


def _decode(path: Path) -> npt.NDArray[np.uint8]:
    with av.open(str(path)) as container:
        frame = next(container.decode(video=0))
        assert frame.format.name == "rgba", "lossless RGBA, alpha kept"
        return np.asarray(frame.to_ndarray(format="rgba"), dtype=np.uint8)


def _noise(width: int, height: int) -> npt.NDArray[np.uint8]:
    # Every byte value, alpha included: a lossy or alpha-dropping encoder cannot round-trip it.
    return np.random.default_rng(7).integers(0, 256, (height, width, 4), dtype=np.uint8)


def test_an_owned_texture_round_trips_exactly(gpu: sl.GpuContext, tmp_path: Path) -> None:
    pixels = _noise(37, 21)  # odd sizes: no padding, no row alignment leaks into the file
    with gpu.create_texture(37, 21, label="noise") as texture:
        written = save_image(gpu, texture, tmp_path / "deep" / "noise.png")
        assert not texture.released, "used, not kept: the texture stays the caller's"
        gpu.write_texture(texture, pixels)
        save_image(gpu, texture, written)
    assert written == tmp_path / "deep" / "noise.png"
    np.testing.assert_array_equal(_decode(written), pixels)


def test_a_frame_and_a_borrowed_texture_round_trip(gpu: sl.GpuContext, tmp_path: Path) -> None:
    pixels = _noise(16, 8)
    texture = gpu.create_texture(16, 8, label="frame")
    gpu.write_texture(texture, pixels)
    with sl.VideoFrame.from_texture(texture, frame_number=0) as frame:
        np.testing.assert_array_equal(_decode(save_image(gpu, frame, tmp_path / "frame.png")), pixels)
        np.testing.assert_array_equal(_decode(save_image(gpu, frame.data, str(tmp_path / "borrow.png"))), pixels)


def test_a_bgra_texture_is_saved_in_rgb_order(gpu: sl.GpuContext, tmp_path: Path) -> None:
    pixels = _noise(8, 4)
    with gpu.create_texture(8, 4, format="bgra8unorm", label="bgra") as texture:
        gpu.write_texture(texture, pixels[..., [2, 1, 0, 3]])
        np.testing.assert_array_equal(_decode(save_image(gpu, texture, tmp_path / "bgra.png")), pixels)


def test_a_path_with_a_percent_sign_is_taken_literally(gpu: sl.GpuContext, tmp_path: Path) -> None:
    with gpu.create_texture(4, 4, label="small") as texture:
        path = save_image(gpu, texture, tmp_path / "frame%03d.png")
    assert path.is_file() and path.name == "frame%03d.png"


def test_bad_input_errors(gpu: sl.GpuContext, tmp_path: Path) -> None:
    with gpu.create_texture(4, 4, label="ok") as texture:
        with pytest.raises(sl.InvalidArgumentError, match=r"save_image.*out\.jpg.*should end in \.png"):
            save_image(gpu, texture, tmp_path / "out.jpg")
        blocker = tmp_path / "file"
        blocker.write_text("in the way")
        with pytest.raises(sl.PipelineError, match=r"save_image cannot write .*file/sub/x\.png.*writable"):
            save_image(gpu, texture, blocker / "sub" / "x.png")
    with pytest.raises(sl.InvalidArgumentError, match=r"save_image takes a Texture .* or a VideoFrame, got ndarray"):
        save_image(gpu, np.zeros((4, 4, 4), np.uint8), tmp_path / "x.png")  # type: ignore[arg-type]
    with (
        gpu.create_texture(4, 4, format="rgba32float", label="float") as floats,
        pytest.raises(sl.InvalidArgumentError, match=r"save_image got a rgba32float texture.*rgba8unorm"),
    ):
        save_image(gpu, floats, tmp_path / "x.png")
    released = gpu.create_texture(4, 4, label="gone")
    released.release()
    with pytest.raises(sl.ResourceReleasedError, match="gone"):
        save_image(gpu, released, tmp_path / "x.png")
    assert not (tmp_path / "x.png").exists()


def test_without_pyav_it_says_what_to_install(
    gpu: sl.GpuContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "av", None)  # `import av` now raises ImportError, as when it is absent
    with (
        gpu.create_texture(4, 4, label="t") as texture,
        pytest.raises(sl.PipelineError, match=r"needs PyAV.*pip install 'streamlib\[video\]'"),
    ):
        save_image(gpu, texture, tmp_path / "x.png")

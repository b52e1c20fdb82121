"""R3 (a released owned handle raises ResourceReleasedError) and R4 (an expired borrow raises BorrowExpiredError)."""

from __future__ import annotations

import pytest

import streamlib as sl

from ._kinds import KINDS, Kind, dead, label_of, release_all


@pytest.mark.parametrize("kind", KINDS, ids=str)
def test_use_after_release_names_kind_and_label(gpu: sl.GpuContext, kind: Kind) -> None:
    helpers: list[sl.Releasable] = []
    handle = kind.make(gpu, helpers)
    handle.release()
    for attempt in (lambda: kind.use(gpu, handle), lambda: handle.raw, handle.borrow):
        with pytest.raises(sl.ResourceReleasedError) as info:
            attempt()
        assert not isinstance(info.value, sl.BorrowExpiredError)
        message = str(info.value)
        assert f"Owned{kind.name}" in message
        assert repr(label_of(kind.name)) in message
        assert "released" in message
    release_all(helpers)


@pytest.mark.parametrize("kind", KINDS, ids=str)
def test_use_after_release_shows_where_when_tracking(gpu: sl.GpuContext, kind: Kind) -> None:
    helpers: list[sl.Releasable] = []
    with sl.tracking():
        handle = kind.make(gpu, helpers)
        handle.release()  # the line the message must point at
    with pytest.raises(sl.ResourceReleasedError) as info:
        kind.use(gpu, handle)
    message = str(info.value)
    assert "test_use_after_release.py" in message
    assert "handle.release()  # the line the message must point at" in message
    release_all(helpers)


def test_release_site_not_recorded_without_tracking(gpu: sl.GpuContext) -> None:
    tex = gpu.create_texture(4, 4, label="quiet")
    tex.release()
    with pytest.raises(sl.ResourceReleasedError) as info:
        _ = tex.raw
    assert "test_use_after_release.py" not in str(info.value)


@pytest.mark.parametrize("kind", KINDS, ids=str)
def test_borrow_after_owner_release_expires(gpu: sl.GpuContext, kind: Kind) -> None:
    helpers: list[sl.Releasable] = []
    handle = kind.make(gpu, helpers)
    borrowed = handle.borrow()
    assert isinstance(borrowed, kind.borrowed)
    assert not borrowed.expired
    handle.release()
    assert borrowed.expired
    for attempt in (lambda: kind.use(gpu, borrowed), lambda: borrowed.raw):
        with pytest.raises(sl.BorrowExpiredError) as info:
            attempt()
        message = str(info.value)
        assert kind.name in message
        assert repr(label_of(kind.name)) in message
        assert "owner" in message
    release_all(helpers)


def test_frame_data_expires_with_the_last_reference(gpu: sl.GpuContext) -> None:
    frame = sl.VideoFrame.from_texture(gpu.create_texture(8, 8, label="cam"), frame_number=7)
    data = frame.data
    second = frame.clone()
    frame.release()
    assert not data.expired, "a borrow must stay valid while any reference to the frame is alive"
    gpu.read_texture(data)
    with pytest.raises(sl.ResourceReleasedError, match="VideoFrame #7"):
        _ = frame.data
    second.release()
    assert dead(data)
    with pytest.raises(sl.BorrowExpiredError, match="'cam'"):
        gpu.read_texture(data)
    with pytest.raises(sl.BorrowExpiredError):
        data.create_view()
    with pytest.raises(sl.ResourceReleasedError):
        _ = second.data


def test_borrowed_view_of_borrowed_texture_expires(gpu: sl.GpuContext) -> None:
    frame = sl.VideoFrame.from_texture(gpu.create_texture(8, 8, label="cam"))
    view = frame.data.create_view(label="v")
    assert isinstance(view, sl.BorrowedTextureView)
    frame.release()
    with pytest.raises(sl.BorrowExpiredError, match="'cam'"):
        _ = view.raw


def test_errors_are_streamlib_errors() -> None:
    assert issubclass(sl.BorrowExpiredError, sl.ResourceReleasedError)
    assert issubclass(sl.ResourceReleasedError, sl.StreamlibError)
    assert issubclass(sl.ShaderCompileError, sl.StreamlibError)

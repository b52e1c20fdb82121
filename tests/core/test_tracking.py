"""R9: live counts, live resources, leak reports, creation tracebacks and the pytest leak check."""

from __future__ import annotations

import pytest

import streamlib as sl
import streamlib.gpu._tracking as tracking_module

pytest_plugins = ["pytester"]


def test_live_counts_follow_create_and_release(gpu: sl.GpuContext) -> None:
    before = sl.live_counts()
    tex = gpu.create_texture(4, 4, label="counted")
    buf = gpu.create_buffer(16, sl.BufferUsage.COPY_DST, label="counted-buf")
    view = tex.create_view()
    now = sl.live_counts()
    assert now.get("Texture", 0) == before.get("Texture", 0) + 1
    assert now.get("Buffer", 0) == before.get("Buffer", 0) + 1
    assert now.get("TextureView", 0) == before.get("TextureView", 0) + 1
    view.release()
    tex.release()
    buf.release()
    assert sl.live_counts() == before


def test_live_resources_and_leak_report(gpu: sl.GpuContext) -> None:
    tex = gpu.create_texture(4, 4, label="reported")
    view = tex.create_view(label="reported-view")
    live = sl.live_resources()
    mine = [r for r in live if r.label == "reported"]
    assert len(mine) == 1
    assert (mine[0].kind, mine[0].context, mine[0].created_at) == ("Texture", "tests", None)
    assert any(r.label == "reported-view" for r in live)
    assert not any(r.label == "reported-view" for r in sl.live_resources(include_views=False))
    report = sl.leak_report()
    assert "Texture 'reported' (context 'tests')" in report
    assert "streamlib.tracking()" in report  # says how to see where it was created
    tex.release()
    assert "'reported'" not in sl.leak_report()
    del view


def test_tracking_records_creation_and_restores_state(gpu: sl.GpuContext) -> None:
    assert not tracking_module.tracebacks_enabled()
    with sl.tracking():
        assert tracking_module.tracebacks_enabled()
        tex = gpu.create_texture(4, 4, label="traced")  # creation site
    assert not tracking_module.tracebacks_enabled()
    report = sl.leak_report()
    assert "created at" in report
    assert 'tex = gpu.create_texture(4, 4, label="traced")  # creation site' in report
    assert "_context.py" not in report, "frames inside streamlib are noise"
    tex.release()
    with sl.tracking(), sl.tracking(tracebacks=False):
        assert not tracking_module.tracebacks_enabled()
    assert not tracking_module.tracebacks_enabled()


def test_closed_context_has_no_live_resources() -> None:
    ctx = sl.GpuContext.create(label="short-lived")
    left = ctx.create_texture(4, 4, label="left-behind")
    assert any(r.context == "short-lived" for r in sl.live_resources())
    ctx.close()
    assert not any(r.context == "short-lived" for r in sl.live_resources())
    assert left.released


INNER_TESTS = """
import streamlib as sl

GPU = sl.GpuContext.create(label="inner")
KEPT = []


def test_leaks(streamlib_leak_check):
    KEPT.append(GPU.create_texture(4, 4, label="forgotten"))
    KEPT.append(KEPT[0].create_view())  # views are covered by their texture: not reported


def test_clean(streamlib_leak_check):
    with GPU.create_texture(4, 4, label="tidy") as tex:
        KEPT.append(tex.create_view())


def test_leak_with_tracking(streamlib_leak_check):
    with sl.tracking():
        KEPT.append(GPU.create_buffer(16, sl.BufferUsage.COPY_DST, label="tracked-leak"))
"""


def test_leak_check_fixture_fails_a_leaking_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_inner=INNER_TESTS)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=3, errors=2)
    result.stdout.fnmatch_lines(
        [
            "*ERROR at teardown of test_leaks*",
            "*test left 1 owned GPU resource(s) alive; release them:*",
            "*Texture 'forgotten' (context 'inner')*",
        ]
    )
    result.stdout.fnmatch_lines(
        ["*ERROR at teardown of test_leak_with_tracking*", "*Buffer 'tracked-leak'*created at*"]
    )
    assert "tidy" not in result.stdout.str()

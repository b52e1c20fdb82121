"""layout="auto" pipelines through get_bind_group_layout (docs/architecture.md, R4 and R5)."""

from __future__ import annotations

import numpy as np
import pytest

import streamlib as sl

from ._kinds import BUFFER_USAGE, DOUBLE_WGSL


def _double_on_gpu(gpu: sl.GpuContext, pipeline: sl.ComputePipeline, values: np.ndarray) -> np.ndarray:
    """Double ``values`` with ``pipeline``, binding through its own group-0 layout."""
    with (
        gpu.create_buffer(values.nbytes, BUFFER_USAGE, label="data") as buf,
        # Inline, unreleased: the layout is the pipeline's, borrowed (a leak would fail the test).
        gpu.create_bind_group(
            layout=pipeline.get_bind_group_layout(0), entries=[{"binding": 0, "resource": buf}]
        ) as bind_group,
    ):
        gpu.write_buffer(buf, 0, values.tobytes())
        encoder = gpu.create_command_encoder()
        compute_pass = encoder.begin_compute_pass()
        compute_pass.set_pipeline(pipeline)
        compute_pass.set_bind_group(0, bind_group)
        compute_pass.dispatch_workgroups((values.size + 63) // 64)
        compute_pass.end()
        gpu.submit([encoder.finish()])
        return np.frombuffer(gpu.read_buffer(buf), dtype=np.uint32).copy()


def test_a_dispatch_through_the_auto_layout_matches_numpy(gpu: sl.GpuContext) -> None:
    values = np.arange(777, dtype=np.uint32) * 5 + 1
    with (
        gpu.create_shader_module(DOUBLE_WGSL) as module,
        gpu.create_compute_pipeline(layout="auto", module=module, label="double") as pipeline,
    ):
        np.testing.assert_array_equal(_double_on_gpu(gpu, pipeline, values), values * 2)
        # A borrowed pipeline lends the same layouts.
        np.testing.assert_array_equal(_double_on_gpu(gpu, pipeline.borrow(), values), values * 2)


def test_the_layout_is_a_borrow_that_expires_with_the_pipeline(gpu: sl.GpuContext) -> None:
    with gpu.create_shader_module(DOUBLE_WGSL) as module:
        pipeline = gpu.create_compute_pipeline(layout="auto", module=module, label="double")
        layout = pipeline.get_bind_group_layout(0)
        from_borrow = pipeline.borrow().get_bind_group_layout(0)
        assert isinstance(layout, sl.BorrowedBindGroupLayout)
        assert not hasattr(layout, "release")
        assert layout.label == "double group 0"
        assert (layout.expired, from_borrow.expired) == (False, False)
        with gpu.create_buffer(64, BUFFER_USAGE) as buf:
            bind_group = gpu.create_bind_group(layout=layout, entries=[{"binding": 0, "resource": buf}])
            pipeline.release()
            assert (layout.expired, from_borrow.expired) == (True, True)
            with pytest.raises(sl.BorrowExpiredError, match=r"ComputePipeline 'double'"):
                gpu.create_bind_group(layout=layout, entries=[{"binding": 0, "resource": buf}])
            # A bind group made earlier does not depend on the pipeline: it stays usable.
            assert not bind_group.released
            bind_group.release()


def test_a_released_pipeline_lends_no_layout(gpu: sl.GpuContext) -> None:
    with gpu.create_shader_module(DOUBLE_WGSL) as module:
        pipeline = gpu.create_compute_pipeline(layout="auto", module=module, label="gone")
        borrowed = pipeline.borrow()
        pipeline.release()
        with pytest.raises(sl.ResourceReleasedError, match=r"OwnedComputePipeline 'gone' was released"):
            pipeline.get_bind_group_layout(0)
        with pytest.raises(sl.BorrowExpiredError, match=r"'gone' has expired"):
            borrowed.get_bind_group_layout(0)


@pytest.mark.parametrize("index", [-1, 8, 1 << 40, 1.0, "0", True, None])
def test_a_bad_index_is_an_invalid_argument(gpu: sl.GpuContext, index: object) -> None:
    limit = gpu.raw_device.limits["max-bind-groups"]
    if index == 8 and limit != 8:
        index = limit  # the first index past this device's limit
    with (
        gpu.create_shader_module(DOUBLE_WGSL) as module,
        gpu.create_compute_pipeline(layout="auto", module=module, label="double") as pipeline,
    ):
        with pytest.raises(
            sl.InvalidArgumentError, match=rf"get_bind_group_layout of ComputePipeline 'double'.*0 to {limit - 1}"
        ):
            pipeline.get_bind_group_layout(index)  # type: ignore[arg-type]

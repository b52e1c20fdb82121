"""The lean binding: the per-frame native calls made straight into wgpu-native.

wgpu-py wraps every native call in Python that costs more than streamlib's ownership
checks: an error-capture proxy (a thread-local stack and an object per call), descriptor
structs built field by field, and a Python object with a logged creation and a diagnostics
count for every encoder, pass and command buffer. On a 64x64 frame step those are ~30 us of
~110 (docs/architecture.md, "Lean binding"). Here the same calls go through wgpu-py's own
cffi ``lib`` with prebuilt descriptors, and the encoder, compute pass and command buffer are
held as cffi pointers that release themselves (``ffi.gc``): their wgpu-py objects are made
only when someone asks for ``.raw``.

Every call that creates, ends, finishes, submits or writes captures what WebGPU reports with
wgpu-py's own error handler and raises wgpu-py's own error class, so ``translated`` sees
exactly what the wgpu-py path raises. Pass commands (set_pipeline, set_bind_group, dispatch)
are recorded, not validated, by wgpu-native: their errors surface at ``end()``/``finish()``,
which capture. The one error a pass command reports at once (the pass has ended) streamlib
refuses before the call.

It depends on wgpu-py's private backend module, so it is used only when that module has
everything it needs (checked once, at import) and ``STREAMLIB_LEAN_NATIVE`` is not ``0``;
otherwise every function here calls wgpu-py's public method instead. Both paths run the
same tests (tests/core/test_lean_binding.py).
"""

from __future__ import annotations

import importlib
import os
from typing import Any

import wgpu

__all__ = [
    "ENABLED",
    "begin_compute_pass",
    "command_encoder",
    "create_bind_group",
    "create_texture",
    "default_view",
    "dispatch",
    "end_compute_pass",
    "finish",
    "set_bind_group",
    "set_pipeline",
    "submit",
    "wrap",
    "write_buffer",
]

_ENV_FLAG = "STREAMLIB_LEAN_NATIVE"


def _load() -> Any:
    """wgpu-py's backend module when it has every name the lean path uses, else None."""
    try:  # private modules: looked up by name (no stubs), any failure means "not this wgpu-py"
        _api = importlib.import_module("wgpu.backends.wgpu_native._api")
        _helpers = importlib.import_module("wgpu.backends.wgpu_native._helpers")
    except Exception:
        return None
    lib = getattr(_api, "lib", None)
    names = (
        "wgpuDeviceCreateCommandEncoder",
        "wgpuCommandEncoderBeginComputePass",
        "wgpuCommandEncoderFinish",
        "wgpuCommandEncoderRelease",
        "wgpuCommandEncoderAddRef",
        "wgpuComputePassEncoderSetPipeline",
        "wgpuComputePassEncoderSetBindGroup",
        "wgpuComputePassEncoderDispatchWorkgroups",
        "wgpuComputePassEncoderEnd",
        "wgpuComputePassEncoderRelease",
        "wgpuComputePassEncoderAddRef",
        "wgpuCommandBufferRelease",
        "wgpuCommandBufferAddRef",
        "wgpuQueueSubmit",
        "wgpuQueueWriteBuffer",
        "wgpuDeviceCreateBindGroup",
        "wgpuDeviceCreateTexture",
        "wgpuTextureCreateView",
        "wgpuBindGroupRelease",
        "wgpuTextureRelease",
        "wgpuTextureViewRelease",
        "WGPU_WHOLE_SIZE",
    )
    handler = getattr(getattr(_api, "libf", None), "_error_handler", None)
    if (
        lib is None
        or handler is None
        or not all(hasattr(lib, n) for n in names)
        or not all(hasattr(handler, n) for n in ("capture", "release"))
        or not hasattr(_helpers, "ERROR_TYPES")
        or not all(
            hasattr(_api, c)
            for c in (
                "GPUCommandEncoder",
                "GPUComputePassEncoder",
                "GPUCommandBuffer",
                "GPUBindGroup",
                "GPUBuffer",
                "GPUSampler",
                "GPUTextureView",
                "GPUTexture",
            )
        )
        or not isinstance(
            getattr(importlib.import_module("wgpu.backends.wgpu_native._mappings"), "enummap", None), dict
        )
    ):
        return None
    return _api


_api = _load() if os.environ.get(_ENV_FLAG, "1").strip().lower() not in {"0", "false", "no", "off"} else None
ENABLED = _api is not None
"""True when the lean path is in use (wgpu-py's backend has what it needs and the env var allows it)."""


def _raise(name: str, error: tuple[str, str]) -> None:
    """Raise the wgpu error wgpu-py would have raised for ``error`` reported during ``name``."""
    error_type, message = error
    raise _ERROR_TYPES.get(error_type, wgpu.GPUError)(message)


if _api is not None:
    _ERROR_TYPES: dict[str, type[Exception]] = importlib.import_module("wgpu.backends.wgpu_native._helpers").ERROR_TYPES
    _ffi = _api.ffi
    _lib = _api.lib
    _capture = _api.libf._error_handler.capture
    _release = _api.libf._error_handler.release
    _gc = _ffi.gc
    _NULL = _ffi.NULL
    _new = _ffi.new
    _from_buffer = _ffi.from_buffer
    _create_encoder = _lib.wgpuDeviceCreateCommandEncoder
    _begin_compute = _lib.wgpuCommandEncoderBeginComputePass
    _finish = _lib.wgpuCommandEncoderFinish
    _set_pipeline = _lib.wgpuComputePassEncoderSetPipeline
    _set_bind_group = _lib.wgpuComputePassEncoderSetBindGroup
    _dispatch = _lib.wgpuComputePassEncoderDispatchWorkgroups
    _end = _lib.wgpuComputePassEncoderEnd
    _submit = _lib.wgpuQueueSubmit
    _write_buffer = _lib.wgpuQueueWriteBuffer
    _release_encoder = _lib.wgpuCommandEncoderRelease
    _release_pass = _lib.wgpuComputePassEncoderRelease
    _release_buffer = _lib.wgpuCommandBufferRelease
    # The kinds held as native handles: the wgpu-py class ``.raw`` makes, and the AddRef that
    # gives that object a reference of its own.
    _INTEROP: dict[str, tuple[Any, Any]] = {
        "CommandEncoder": (_api.GPUCommandEncoder, _lib.wgpuCommandEncoderAddRef),
        "ComputePass": (_api.GPUComputePassEncoder, _lib.wgpuComputePassEncoderAddRef),
        "CommandBuffer": (_api.GPUCommandBuffer, _lib.wgpuCommandBufferAddRef),
    }
    # Descriptors with an empty label and nothing chained, made once: wgpu-native only reads them.
    _ENCODER_DESC = _new("WGPUCommandEncoderDescriptor *")
    _PASS_DESC = _new("WGPUComputePassDescriptor *")
    _BUFFER_DESC = _new("WGPUCommandBufferDescriptor *")
    # Labelled descriptors, one per label (a pipeline labels its encoders the same every frame);
    # each keeps its label's bytes alive. Bounded: a label per frame would only refill it.
    _labelled: dict[tuple[str, str], tuple[Any, Any]] = {}
    _LABELLED_MAX = 256

    def _set_label(desc: Any, label: str) -> Any:
        """Point ``desc``'s label at ``label``'s bytes; returns them: keep them until wgpu has read ``desc``."""
        data = _new("char[]", label.encode())
        desc.label.data = data
        desc.label.length = len(data) - 1
        return data

    def _descriptor(ctype: str, label: str) -> tuple[Any, Any]:
        """(descriptor, label bytes) for ``label``: the caller holds the pair until the call returns."""
        key = (ctype, label)
        held = _labelled.get(key)
        if held is None:
            desc = _new(ctype)
            data = _set_label(desc, label)
            if len(_labelled) >= _LABELLED_MAX:
                _labelled.clear()
            held = _labelled[key] = (desc, data)
        return held

    _UNLABELLED: tuple[Any, Any] = (None, None)

    def command_encoder(device: Any, label: str) -> Any:
        """A new command encoder on ``device`` (a wgpu GPUDevice); a self-releasing native handle."""
        held = _descriptor("WGPUCommandEncoderDescriptor *", label) if label else _UNLABELLED
        desc = held[0] if label else _ENCODER_DESC
        _capture("create_command_encoder")
        try:
            raw = _create_encoder(device._internal, desc)
        finally:
            error = _release("create_command_encoder")
        handle = _gc(raw, _release_encoder) if raw else raw  # the error's invalid object is released too
        if error is not None:
            _raise("create_command_encoder", error)
        return handle

    def begin_compute_pass(encoder: Any, label: str) -> Any:
        """A compute pass begun on ``encoder`` (this module's handle); a self-releasing native handle."""
        held = _descriptor("WGPUComputePassDescriptor *", label) if label else _UNLABELLED
        desc = held[0] if label else _PASS_DESC
        _capture("begin_compute_pass")
        try:
            raw = _begin_compute(encoder, desc)
        finally:
            error = _release("begin_compute_pass")
        handle = _gc(raw, _release_pass) if raw else raw  # the error's invalid object is released too
        if error is not None:
            _raise("begin_compute_pass", error)
        return handle

    def set_pipeline(compute_pass: Any, pipeline: Any) -> None:
        """Record set_pipeline (``pipeline``: a wgpu GPUComputePipeline); errors surface at end()."""
        _set_pipeline(compute_pass, pipeline._internal)

    def set_bind_group(compute_pass: Any, index: int, bind_group: Any) -> None:
        """Record set_bind_group with no dynamic offsets (``bind_group``: a wgpu GPUBindGroup)."""
        _set_bind_group(compute_pass, index, bind_group._internal, 0, _NULL)

    def dispatch(compute_pass: Any, x: int, y: int, z: int) -> None:
        """Record a dispatch of x by y by z workgroups (plain ints within the device limit)."""
        _dispatch(compute_pass, x, y, z)

    def end_compute_pass(compute_pass: Any) -> None:
        """End the pass: wgpu-native validates what was recorded in it now."""
        _capture("end")
        try:
            _end(compute_pass)
        finally:
            error = _release("end")
        if error is not None:
            _raise("end", error)

    def finish(encoder: Any, label: str) -> Any:
        """Finish ``encoder``; returns the command buffer as a self-releasing native handle."""
        held = _descriptor("WGPUCommandBufferDescriptor *", label) if label else _UNLABELLED
        desc = held[0] if label else _BUFFER_DESC
        _capture("finish")
        try:
            raw = _finish(encoder, desc)
        finally:
            error = _release("finish")
        handle = _gc(raw, _release_buffer) if raw else raw  # the error's invalid object is released too
        if error is not None:
            _raise("finish", error)
        return handle

    def submit(queue: Any, command_buffers: list[Any]) -> None:
        """Submit this module's command buffer handles to ``queue`` (a wgpu GPUQueue)."""
        array = _new("WGPUCommandBuffer[]", command_buffers)  # a list: cffi reads it as it is
        _capture("submit")
        try:
            _submit(queue._internal, len(command_buffers), array)
        finally:
            error = _release("submit")
        if error is not None:
            _raise("submit", error)

    def write_buffer(queue: Any, buffer: Any, offset: int, data: memoryview) -> None:
        """Copy ``data`` (checked by the caller to fit) into ``buffer`` at ``offset``."""
        if not data.c_contiguous:
            queue.write_buffer(buffer, offset, data)
            return
        _capture("write_buffer")
        try:
            _write_buffer(queue._internal, buffer._internal, offset, _from_buffer(data), data.nbytes)
        finally:
            error = _release("write_buffer")
        if error is not None:
            _raise("write_buffer", error)

    _create_bind_group = _lib.wgpuDeviceCreateBindGroup
    _WHOLE_SIZE = _lib.WGPU_WHOLE_SIZE
    _BindGroup = _api.GPUBindGroup
    _View = _api.GPUTextureView
    _Sampler = _api.GPUSampler
    _Buffer = _api.GPUBuffer

    def create_bind_group(device: Any, layout: Any, entries: list[dict[str, Any]], label: str) -> Any:
        """A wgpu GPUBindGroup over ``entries`` ({"binding": int, "resource": a wgpu view, sampler,
        buffer or {"buffer", "offset", "size"}}), its descriptor filled in place."""
        n = len(entries)
        array = _new("WGPUBindGroupEntry[]", n)
        for i in range(n):
            entry = entries[i]
            c = array[i]
            c.binding = entry["binding"]
            resource = entry["resource"]
            kind = type(resource)
            if kind is _View:
                c.textureView = resource._internal
            elif kind is dict:
                offset = resource.get("offset", 0)
                size = resource.get("size", _WHOLE_SIZE)
                if type(offset) is not int or type(size) is not int:  # wgpu-py says what is wrong
                    return device.create_bind_group(layout=layout, entries=entries, label=label)
                c.buffer = resource["buffer"]._internal
                c.offset = offset
                c.size = size
            elif kind is _Sampler:
                c.sampler = resource._internal
            elif kind is _Buffer:
                c.buffer = resource._internal
                c.size = resource.size
            else:
                return device.create_bind_group(layout=layout, entries=entries, label=label)
        desc = _new("WGPUBindGroupDescriptor *")
        desc.layout = layout._internal
        desc.entryCount = n
        desc.entries = array
        _label_bytes = _set_label(desc, label) if label else None  # alive until the call below returns
        _capture("create_bind_group")
        try:
            raw = _create_bind_group(device._internal, desc)
        finally:
            error = _release("create_bind_group")
        if error is not None:
            if raw:  # the invalid object wgpu-native made anyway
                _lib.wgpuBindGroupRelease(raw)
            _raise("create_bind_group", error)
        return _BindGroup(label, raw, device)

    _create_texture = _lib.wgpuDeviceCreateTexture
    _create_view = _lib.wgpuTextureCreateView
    _Texture = _api.GPUTexture
    _enummap: dict[str, int] = importlib.import_module("wgpu.backends.wgpu_native._mappings").enummap
    _DIMENSION_2D = _enummap["TextureDimension.2d"]

    def create_texture(device: Any, width: int, height: int, format: str, usage: int, label: str) -> Any:
        """A 2D wgpu GPUTexture, one mip level, one sample (the arguments checked by the caller)."""
        format_id = _enummap.get("TextureFormat." + format)
        usage = int(usage)
        if format_id is None:  # wgpu-py says what is wrong with it
            return device.create_texture(size=(width, height, 1), format=format, usage=usage, label=label)
        desc = _new("WGPUTextureDescriptor *")
        size = desc.size
        size.width = width
        size.height = height
        size.depthOrArrayLayers = 1
        desc.mipLevelCount = 1
        desc.sampleCount = 1
        desc.dimension = _DIMENSION_2D
        desc.format = format_id
        desc.usage = usage
        _label_bytes = _set_label(desc, label) if label else None  # alive until the call below returns
        _capture("create_texture")
        try:
            raw = _create_texture(device._internal, desc)
        finally:
            error = _release("create_texture")
        if error is not None:
            if raw:  # the invalid object wgpu-native made anyway
                _lib.wgpuTextureRelease(raw)
            _raise("create_texture", error)
        info = {
            "size": (width, height, 1),
            "mip_level_count": 1,
            "sample_count": 1,
            "dimension": "2d",
            "format": format,
            "usage": usage,
            "texture_binding_view_dimension": None,
        }
        return _Texture(label, raw, device, info)

    def default_view(texture: Any) -> Any:
        """A new default view (the whole texture, its own format) of a wgpu GPUTexture."""
        _capture("create_view")
        try:
            raw = _create_view(texture._internal, _NULL)
        finally:
            error = _release("create_view")
        if error is not None:
            if raw:  # the invalid object wgpu-native made anyway
                _lib.wgpuTextureViewRelease(raw)
            _raise("create_view", error)
        return _View("", raw, texture._device, texture, texture.size)

    def wrap(kind: str, raw: Any, label: str, device: Any) -> Any:
        """The wgpu-py object for a native ``raw`` of ``kind``, holding a reference of its own (for ``.raw``).

        ``raw`` itself when it already is one (a render pass: wgpu-py begins those).
        """
        interop = _INTEROP.get(kind)
        if interop is None or not isinstance(raw, _ffi.CData):
            return raw
        wrapper, add_ref = interop
        add_ref(raw)
        return wrapper(label, _ffi.cast(_ffi.typeof(raw), raw), device)

else:

    def command_encoder(device: Any, label: str) -> Any:
        """A new command encoder on ``device``: wgpu-py's object."""
        return device.create_command_encoder(label=label)

    def begin_compute_pass(encoder: Any, label: str) -> Any:
        """A compute pass begun on ``encoder``: wgpu-py's object."""
        return encoder.begin_compute_pass(label=label)

    def set_pipeline(compute_pass: Any, pipeline: Any) -> None:
        """Record set_pipeline."""
        compute_pass.set_pipeline(pipeline)

    def set_bind_group(compute_pass: Any, index: int, bind_group: Any) -> None:
        """Record set_bind_group."""
        compute_pass.set_bind_group(index, bind_group)

    def dispatch(compute_pass: Any, x: int, y: int, z: int) -> None:
        """Record a dispatch."""
        compute_pass.dispatch_workgroups(x, y, z)

    def end_compute_pass(compute_pass: Any) -> None:
        """End the pass."""
        compute_pass.end()

    def finish(encoder: Any, label: str) -> Any:
        """Finish ``encoder``: wgpu-py's command buffer."""
        return encoder.finish(label=label)

    def submit(queue: Any, command_buffers: list[Any]) -> None:
        """Submit wgpu-py command buffers."""
        queue.submit(command_buffers)

    def write_buffer(queue: Any, buffer: Any, offset: int, data: memoryview) -> None:
        """Copy ``data`` into ``buffer`` at ``offset``."""
        queue.write_buffer(buffer, offset, data)

    def create_bind_group(device: Any, layout: Any, entries: list[dict[str, Any]], label: str) -> Any:
        """A wgpu GPUBindGroup, made by wgpu-py."""
        return device.create_bind_group(layout=layout, entries=entries, label=label)

    def create_texture(device: Any, width: int, height: int, format: str, usage: int, label: str) -> Any:
        """A 2D wgpu GPUTexture, made by wgpu-py."""
        return device.create_texture(size=(width, height, 1), format=format, usage=usage, label=label)

    def default_view(texture: Any) -> Any:
        """A new default view of a wgpu GPUTexture, made by wgpu-py."""
        return texture.create_view()

    def wrap(kind: str, raw: Any, label: str, device: Any) -> Any:
        """``raw`` itself: without the lean path it already is wgpu-py's object."""
        return raw

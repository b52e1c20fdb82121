"""GpuContext: one adapter and device, the factories for every kind, and data transfer."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, Self

import numpy as np
import numpy.typing as npt
import wgpu

from ._adapter import PowerPreference, pick_adapter
from ._commands import OwnedCommandBuffer, OwnedCommandEncoder, submitted_raws
from ._enums import BufferUsage, TextureFormat, TextureUsage
from ._errors import AdapterNotFoundError, InvalidArgumentError, ResourceReleasedError, StreamlibError, translated
from ._formats import STORAGE_FORMATS, default_texture_usage, format_info
from ._handles import _Borrowed, _Owned, make_owned, release_state, state_of
from ._memory import OwnedBuffer, OwnedTexture
from ._pipeline_objects import (
    OwnedBindGroup,
    OwnedBindGroupLayout,
    OwnedComputePipeline,
    OwnedPipelineLayout,
    OwnedShaderModule,
)
from ._protocols import BindGroupLayout, Buffer, PipelineLayout, ShaderModule, Texture
from ._tracking import Registry

if TYPE_CHECKING:
    from ._pool import TexturePool

__all__ = ["GpuContext"]


class GpuContext:
    """One GPU device and everything created on it.

    Every ``create_*`` factory returns an *owned* resource: release it (or use
    ``with``). ``close()`` releases whatever is still owned and ends the device.
    """

    __slots__ = (
        "__weakref__",
        "_adapter",
        "_device",
        "_home",
        "_max_texture_dimension",
        "_pool",
        "_pool_lock",
        "_queue",
        "device",
        "queue",
    )

    def __init__(self, adapter: wgpu.GPUAdapter, device: wgpu.GPUDevice, *, label: str = "") -> None:
        from ._compat import DeviceNamespace, QueueNamespace

        self._adapter = adapter
        self._device = device
        self._queue = device.queue
        self._max_texture_dimension: int = device.limits.get("max-texture-dimension-2d", 8192)
        self._home = Registry(device, label or str(adapter.info.get("device", "gpu")))
        self._pool: TexturePool | None = None
        self._pool_lock = threading.Lock()
        self.device = DeviceNamespace(self)
        """The Rust-backed streamlib's ``gpu.device.create_*`` calls, for ported code."""
        self.queue = QueueNamespace(self)
        """The Rust-backed streamlib's ``gpu.queue.write_buffer/submit`` calls, for ported code."""

    @classmethod
    def create(
        cls, backend: str | None = None, *, power_preference: PowerPreference = "high-performance", label: str = ""
    ) -> GpuContext:
        """Open the default adapter (or ``backend``: vulkan, gl, metal, dx12; else ``$STREAMLIB_BACKEND``).

        Raises AdapterNotFoundError, naming what to install, when there is none.
        """
        adapter = pick_adapter(backend, power_preference)
        try:
            device = adapter.request_device_sync(label=label)
        except Exception as exc:
            raise AdapterNotFoundError(f"could not open a device on {adapter.info.get('device')!r}: {exc}") from exc
        return cls(adapter, device, label=label)

    # -- what it runs on ---------------------------------------------------------------

    @property
    def raw_device(self) -> wgpu.GPUDevice:
        """The wgpu device, for interop. Never destroy it; close() this context instead."""
        self._check_open("raw_device")
        return self._device

    @property
    def adapter_info(self) -> dict[str, Any]:
        """wgpu's adapter info: vendor, device, description, adapter_type, backend_type."""
        return dict(self._adapter.info)

    @property
    def backend(self) -> str:
        """The backend in use: "Vulkan", "OpenGL", "Metal" or "D3D12"."""
        return str(self._adapter.info.get("backend_type", ""))

    @property
    def limits(self) -> dict[str, int]:
        """The device's limits (max_texture_dimension_2d, max_buffer_size, ...)."""
        return dict(self._device.limits)

    @property
    def closed(self) -> bool:
        """True once close() has run."""
        return self._home.closed

    def _check_open(self, what: str) -> None:
        if self._home.closed:
            raise ResourceReleasedError(
                f"{what}: this GpuContext was closed; create a new one with GpuContext.create()"
            )

    @property
    def texture_pool(self) -> TexturePool:
        """This context's default TexturePool, made on first use and closed by close()."""
        pool = self._pool
        if pool is None:
            self._check_open("texture_pool")
            from ._pool import TexturePool

            with self._pool_lock:
                pool = self._pool
                if pool is None:
                    pool = self._pool = TexturePool(self)
        return pool

    # -- factories: each returns an owned resource ---------------------------------------

    def create_buffer(self, size: int, usage: int, *, label: str = "") -> OwnedBuffer:
        """A new buffer of ``size`` bytes. Returns an owned buffer; release it.

        Raises InvalidArgumentError for a size that is not a positive int or beyond the device's
        max_buffer_size, or usage that is not BufferUsage flags; ResourceReleasedError once closed.
        """
        self._check_open("create_buffer")
        if not _is_positive_int(size):
            raise InvalidArgumentError(f"create_buffer {label!r}: size must be a positive int, got {size!r}")
        limit = self._device.limits.get("max-buffer-size", 1 << 62)
        if size > limit:
            raise InvalidArgumentError(
                f"create_buffer {label!r}: {size} bytes exceeds this device's max_buffer_size ({limit})"
            )
        _check_flags(usage, BufferUsage, "create_buffer", label)
        try:
            raw = self._device.create_buffer(size=size, usage=int(usage), label=label)
        except Exception as exc:
            raise translated(exc, f"create_buffer {label!r}") from exc
        return make_owned(OwnedBuffer, raw, label, self._home)

    def create_texture(
        self,
        width: int,
        height: int,
        *,
        format: str = "rgba8unorm",
        usage: int | None = None,
        label: str = "",
    ) -> OwnedTexture:
        """A new 2D texture. Returns an owned texture; release it (its memory is freed at once).

        ``usage`` defaults to TEXTURE_BINDING | COPY_SRC | COPY_DST, plus STORAGE_BINDING
        where the format allows it. Raises InvalidArgumentError for a bad or too large size, an
        unknown format, usage that is not TextureUsage flags or STORAGE_BINDING on a format
        that cannot have it; ResourceReleasedError once closed.
        """
        if self._home.closed:
            self._check_open("create_texture")
        limit = self._max_texture_dimension
        # The common case in one test; the loop only runs to name what is wrong (and to
        # accept int subclasses). Pools and sources create textures per frame.
        if not (type(width) is int and type(height) is int and 0 < width <= limit and 0 < height <= limit):
            for name, value in (("width", width), ("height", height)):
                if not _is_positive_int(value):
                    raise InvalidArgumentError(
                        f"create_texture {label!r}: {name} must be a positive int, got {value!r}"
                    )
                if value > limit:
                    raise InvalidArgumentError(
                        f"create_texture {label!r}: {name} {value} exceeds max_texture_dimension_2d ({limit})"
                    )
        fmt = format if type(format) is str else str(format)
        if fmt not in _KNOWN_FORMATS:
            raise InvalidArgumentError(
                f"create_texture {label!r}: unknown texture format {format!r}; see streamlib.TextureFormat"
            )
        if usage is None:
            usage = default_texture_usage(fmt)
        elif not (type(usage) is int and usage > 0 and not usage & ~_ALLOWED_FLAGS[TextureUsage]):
            _check_flags(usage, TextureUsage, "create_texture", label)
            usage = int(usage)
        if usage & _STORAGE_BINDING and fmt not in STORAGE_FORMATS:
            raise InvalidArgumentError(
                f"create_texture {label!r}: format {fmt!r} cannot be a storage texture; drop STORAGE_BINDING or "
                f"use one of {', '.join(sorted(STORAGE_FORMATS))}"
            )
        try:
            raw = self._device.create_texture(size=(width, height, 1), format=fmt, usage=usage, label=label)
        except Exception as exc:
            raise translated(exc, f"create_texture {label!r}") from exc
        return make_owned(OwnedTexture, raw, label, self._home)

    def create_shader_module(self, code: str, *, label: str = "") -> OwnedShaderModule:
        """Compile WGSL ``code``. Returns an owned module; release it.

        Raises ShaderCompileError naming the line, InvalidArgumentError when ``code`` is not a str.
        """
        self._check_open("create_shader_module")
        if not isinstance(code, str):
            raise InvalidArgumentError(f"create_shader_module {label!r}: code must be WGSL source text (str)")
        try:
            raw = self._device.create_shader_module(code=code, label=label)
        except Exception as exc:
            raise translated(exc, f"shader {label!r}" if label else "shader", shader=True) from exc
        return make_owned(OwnedShaderModule, raw, label, self._home)

    def create_bind_group_layout(
        self, entries: Sequence[Mapping[str, Any]], *, label: str = ""
    ) -> OwnedBindGroupLayout:
        """A bind group layout from wgpu-style entry dicts. Returns an owned layout; release it.

        Raises InvalidArgumentError or GpuValidationError for entries wgpu rejects.
        """
        self._check_open("create_bind_group_layout")
        try:
            raw = self._device.create_bind_group_layout(entries=[dict(e) for e in entries], label=label)
        except Exception as exc:
            raise translated(exc, f"create_bind_group_layout {label!r}") from exc
        return make_owned(OwnedBindGroupLayout, raw, label, self._home)

    def create_pipeline_layout(
        self, bind_group_layouts: Sequence[BindGroupLayout], *, label: str = ""
    ) -> OwnedPipelineLayout:
        """A pipeline layout over ``bind_group_layouts`` (owned or borrowed, used not kept).

        Returns an owned layout; release it. Raises ResourceReleasedError for a released layout.
        """
        self._check_open("create_pipeline_layout")
        raws = [state_of(b, "BindGroupLayout", "create_pipeline_layout")._raw for b in bind_group_layouts]
        try:
            raw = self._device.create_pipeline_layout(bind_group_layouts=raws, label=label)
        except Exception as exc:
            raise translated(exc, f"create_pipeline_layout {label!r}") from exc
        return make_owned(OwnedPipelineLayout, raw, label, self._home)

    def create_compute_pipeline(
        self,
        *,
        layout: PipelineLayout | Literal["auto"],
        module: ShaderModule,
        entry_point: str = "main",
        constants: Mapping[str, float] | None = None,
        label: str = "",
    ) -> OwnedComputePipeline:
        """A compute pipeline running ``entry_point`` of ``module``. Returns an owned pipeline; release it.

        ``layout`` and ``module`` are used, not kept. Raises GpuValidationError for a missing
        entry point or a layout that does not match the shader, ResourceReleasedError for a
        released argument.
        """
        self._check_open("create_compute_pipeline")
        what = f"create_compute_pipeline {label!r}"
        raw_layout: Any = "auto" if layout == "auto" else state_of(layout, "PipelineLayout", what)._raw
        raw_module = state_of(module, "ShaderModule", what)._raw
        compute: dict[str, Any] = {"module": raw_module, "entry_point": entry_point}
        if constants:
            compute["constants"] = dict(constants)
        try:
            raw = self._device.create_compute_pipeline(layout=raw_layout, compute=compute, label=label)
        except Exception as exc:
            raise translated(exc, f"{what} (entry point {entry_point!r})") from exc
        return make_owned(OwnedComputePipeline, raw, label, self._home)

    def create_bind_group(
        self, *, layout: BindGroupLayout, entries: Sequence[Mapping[str, Any]], label: str = ""
    ) -> OwnedBindGroup:
        """A bind group. Each entry's ``resource`` is a TextureView, a Buffer, or
        ``{"buffer": Buffer, "offset": ..., "size": ...}`` (owned or borrowed).

        Returns an owned bind group that keeps what it binds alive until released; an
        inline ``tex.create_view()`` is fine. Raises ResourceReleasedError for a released resource.
        """
        if self._home.closed:
            self._check_open("create_bind_group")
        raw_layout = state_of(layout, "BindGroupLayout", "create_bind_group")._raw
        raw_entries: list[dict[str, Any]] = []
        deps: list[_Borrowed[Any]] = []
        keep: list[object] = []
        for entry in entries:
            resource = entry["resource"]
            binding = entry["binding"]
            # Handles first: an ABC isinstance check (Mapping) is slow on this per-frame path.
            if not isinstance(resource, _HANDLE_TYPES) and isinstance(resource, Mapping):
                buffer = resource["buffer"]
                st = _bound_state(buffer, "Buffer", label, binding)
                raw_resource: Any = {**resource, "buffer": st._raw}
                keep.append(buffer)
            else:
                st = _bound_state(resource, _BINDABLE, label, binding)
                raw_resource = st._raw
                keep.append(resource)
            deps.append(st)
            raw_entries.append({"binding": binding, "resource": raw_resource})
        try:
            raw = self._device.create_bind_group(layout=raw_layout, entries=raw_entries, label=label)
        except Exception as exc:
            raise translated(exc, f"create_bind_group {label!r}") from exc
        return make_owned(OwnedBindGroup, raw, label, self._home, tuple(deps), tuple(keep))

    def create_command_encoder(self, *, label: str = "") -> OwnedCommandEncoder:
        """A command encoder. Returns an owned encoder; finish() consumes it (release it if you do not finish)."""
        self._check_open("create_command_encoder")
        raw = self._device.create_command_encoder(label=label)
        enc = make_owned(OwnedCommandEncoder, raw, label, self._home)
        enc._b._used = []
        return enc

    # -- work and data -------------------------------------------------------------------

    def submit(self, command_buffers: Iterable[OwnedCommandBuffer]) -> None:
        """Submit command buffers to the queue. Consumes them (takes ownership).

        Raises ResourceReleasedError, consuming nothing, when any of them or anything
        their commands use was released after recording.
        """
        self._check_open("submit")
        raws = submitted_raws(list(command_buffers))
        try:
            self._queue.submit(raws)
        except Exception as exc:
            raise translated(exc, "submit") from exc

    def write_buffer(self, buffer: Buffer, offset: int, data: Any) -> None:
        """Copy bytes-like ``data`` into ``buffer`` at ``offset`` (both multiples of 4); ``buffer`` is used, not kept.

        Raises InvalidArgumentError for data that is not bytes-like, a buffer without COPY_DST, a
        range outside the buffer or unaligned; ResourceReleasedError for a released buffer.
        """
        b = state_of(buffer, "Buffer", "write_buffer")
        raw = b._raw
        label = b._label
        try:
            view = memoryview(data)
        except TypeError:
            raise InvalidArgumentError(
                f"write_buffer: data for buffer {label!r} must be bytes-like (bytes, bytearray, memoryview, "
                f"a numpy array), got {type(data).__name__}"
            ) from None
        n = view.nbytes
        if not raw.usage & _BUFFER_COPY_DST:
            raise InvalidArgumentError(f"write_buffer: buffer {label!r} lacks BufferUsage.COPY_DST; add it at creation")
        if offset < 0 or offset + n > raw.size:
            raise InvalidArgumentError(
                f"write_buffer: {n} bytes at offset {offset} do not fit buffer {label!r} of {raw.size} bytes"
            )
        if offset % 4 or n % 4:
            raise InvalidArgumentError(
                f"write_buffer: offset ({offset}) and size ({n}) for buffer {label!r} must be multiples of 4; "
                f"pad the data"
            )
        try:
            self._queue.write_buffer(raw, offset, view)
        except Exception as exc:
            raise translated(exc, f"write_buffer {label!r}") from exc

    def read_buffer(self, buffer: Buffer, offset: int = 0, size: int | None = None) -> bytes:
        """Copy ``buffer``'s bytes back to the CPU (waits for the GPU). Needs BufferUsage.COPY_SRC.

        Returns new bytes (nothing to release). Raises InvalidArgumentError for a buffer without
        COPY_SRC or a range outside it; ResourceReleasedError for a released buffer.
        """
        b = state_of(buffer, "Buffer", "read_buffer")
        raw = b._raw
        if not raw.usage & _BUFFER_COPY_SRC:
            raise InvalidArgumentError(
                f"read_buffer: buffer {b._label!r} lacks BufferUsage.COPY_SRC; add it at creation"
            )
        n = raw.size - offset if size is None else size
        if offset < 0 or n <= 0 or offset + n > raw.size:
            raise InvalidArgumentError(
                f"read_buffer: range {offset}..{offset + n} outside buffer {b._label!r} ({raw.size} bytes)"
            )
        try:
            data = bytes(self._queue.read_buffer(raw, offset, n))
        except Exception as exc:
            raise translated(exc, f"read_buffer {b._label!r}") from exc
        self._home.poll()
        return data

    def write_texture(self, texture: Texture, data: npt.ArrayLike) -> None:
        """Upload a whole texture from numpy: shape (H, W, C) (or (H, W) for one channel), dtype of its format.

        ``texture`` is used, not kept. Raises InvalidArgumentError for a texture without COPY_DST,
        a format with no CPU layout, or an array of the wrong shape or dtype; ResourceReleasedError
        for a released texture.
        """
        b = state_of(texture, "Texture", "write_texture")
        raw = b._raw
        info = format_info(raw.format)
        what = f"write_texture {b._label!r}"
        if not raw.usage & _TEXTURE_COPY_DST:
            raise InvalidArgumentError(f"{what}: texture lacks TextureUsage.COPY_DST; add it at creation")
        array = np.asarray(data)
        expected = (raw.height, raw.width, info.channels)
        if array.ndim == 2 and info.channels == 1:
            array = array[:, :, None]
        if array.shape != expected:
            raise InvalidArgumentError(f"{what}: array shape {array.shape} does not match the texture's {expected}")
        if array.dtype != info.dtype:
            raise InvalidArgumentError(
                f"{what}: array dtype {array.dtype} does not match format {raw.format!r} ({info.dtype})"
            )
        array = np.ascontiguousarray(array)
        try:
            self._queue.write_texture(
                {"texture": raw, "origin": (0, 0, 0), "mip_level": 0},
                array.data,
                {"offset": 0, "bytes_per_row": raw.width * info.bytes_per_texel, "rows_per_image": raw.height},
                (raw.width, raw.height, 1),
            )
        except Exception as exc:
            raise translated(exc, what) from exc

    def read_texture(self, texture: Texture) -> npt.NDArray[Any]:
        """Download a whole texture to numpy: shape (H, W, C), or (H, W) for one channel. Needs COPY_SRC.

        Returns a new array (nothing to release); waits for the GPU. Raises InvalidArgumentError
        for a texture without COPY_SRC or a format with no CPU layout; ResourceReleasedError for
        a released texture.
        """
        b = state_of(texture, "Texture", "read_texture")
        raw = b._raw
        info = format_info(raw.format)
        what = f"read_texture {b._label!r}"
        if not raw.usage & _TEXTURE_COPY_SRC:
            raise InvalidArgumentError(f"{what}: texture lacks TextureUsage.COPY_SRC; add it at creation")
        row = raw.width * info.bytes_per_texel
        try:
            data = self._queue.read_texture(
                {"texture": raw, "origin": (0, 0, 0), "mip_level": 0},
                {"offset": 0, "bytes_per_row": row, "rows_per_image": raw.height},
                (raw.width, raw.height, 1),
            )
        except Exception as exc:
            raise translated(exc, what) from exc
        self._home.poll()
        array = np.frombuffer(bytes(data), dtype=info.dtype)
        shape = (raw.height, raw.width) if info.channels == 1 else (raw.height, raw.width, info.channels)
        return array.reshape(shape)

    def poll(self) -> None:
        """Let wgpu-native free released resources now (streamlib also does this by itself)."""
        self._home.poll()

    # -- ending ----------------------------------------------------------------------------

    def close(self) -> None:
        """Release every resource this context still owns, then the device. Idempotent.

        Handles to those resources raise ResourceReleasedError afterwards.
        """
        home = self._home
        if home.closed:
            return
        if self._pool is not None:
            # First, so that the pooled textures released below are destroyed, not kept idle.
            self._pool.close()
        while home.live:
            for state in list(home.live.values()):
                release_state(state, "was released by GpuContext.close()")
        home.closed = True
        device, home.device = home.device, None
        try:
            device._poll(True)
            device.destroy()
        except Exception:
            pass

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._home.closed else f"{len(self._home.live)} live"
        return f"<GpuContext {self._home.name!r} {self.backend} {state}>"


# What create_texture accepts: every TextureFormat, plus the packed and depth/stencil formats
# wgpu can create but streamlib cannot upload or read back.
_KNOWN_FORMATS = frozenset(
    [
        *(f.value for f in TextureFormat),
        "rgb10a2unorm",
        "rg11b10ufloat",
        "depth16unorm",
        "depth24plus",
        "depth24plus-stencil8",
        "depth32float",
        "stencil8",
    ]
)


# Flag tests on the hot paths use plain ints: an int & IntFlag goes through the
# enum machinery (IntFlag.__rand__, then a member lookup), about a microsecond each.
_ALLOWED_FLAGS: dict[type[BufferUsage] | type[TextureUsage], int] = {
    BufferUsage: sum(int(f) for f in BufferUsage),
    TextureUsage: sum(int(f) for f in TextureUsage),
}
_BUFFER_COPY_SRC = int(BufferUsage.COPY_SRC)
_BUFFER_COPY_DST = int(BufferUsage.COPY_DST)
_TEXTURE_COPY_SRC = int(TextureUsage.COPY_SRC)
_TEXTURE_COPY_DST = int(TextureUsage.COPY_DST)
_STORAGE_BINDING = int(TextureUsage.STORAGE_BINDING)
_HANDLE_TYPES = (_Owned, _Borrowed)


_BINDABLE = ("TextureView", "Buffer")


def _bound_state(resource: object, kind: str | tuple[str, ...], label: str, binding: object) -> _Borrowed[Any]:
    """state_of for a bind group entry; the message names the bind group and binding only on error."""
    try:
        return state_of(resource, kind, "create_bind_group")
    except StreamlibError:
        return state_of(resource, kind, f"create_bind_group {label!r} binding {binding}")


def _is_positive_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _check_flags(usage: object, flags: type[BufferUsage] | type[TextureUsage], what: str, label: str) -> None:
    if not isinstance(usage, int) or isinstance(usage, bool) or usage <= 0:
        raise InvalidArgumentError(f"{what} {label!r}: usage must be {flags.__name__} flags, got {usage!r}")
    if int(usage) & ~_ALLOWED_FLAGS[flags]:
        raise InvalidArgumentError(f"{what} {label!r}: usage {usage} has bits that are not {flags.__name__} flags")

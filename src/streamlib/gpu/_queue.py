"""The queue side of GpuContext: submitting work, and copying data between the CPU and the GPU."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
import wgpu

from . import _native as native
from ._commands import OwnedCommandBuffer, submitted_raws
from ._errors import (
    DeviceLostError,
    InvalidArgumentError,
    InvalidTypeError,
    ResourceReleasedError,
    checked_int,
    translated,
)
from ._formats import BUFFER_COPY_DST, BUFFER_COPY_SRC, TEXTURE_COPY_DST, TEXTURE_COPY_SRC, format_info
from ._handles import _Borrowed, check_context, finish_deferred, hold, state_of, unuse_all
from ._protocols import BindGroup, Buffer, ComputePipeline, Texture
from ._tracking import Registry

__all__ = ["QueueOperations", "TransferStats"]


def _native_error(reg: Registry[_Borrowed[Any]], exc: Exception, what: str) -> Exception:
    """The StreamlibError for ``exc``, raised by a native queue call for ``what``; a lost device
    also halts the context (every later guarded call raises DeviceLostError)."""
    err = translated(exc, what)
    if isinstance(err, DeviceLostError):
        reg.mark_lost()
    return err


class TransferStats(NamedTuple):
    """Bytes one GpuContext moved between the CPU and the GPU since it was made (``gpu.transfer_stats()``)."""

    uploaded: int
    """Bytes written by write_buffer and write_texture (gpu.queue's included)."""
    downloaded: int
    """Bytes read back by read_buffer and read_texture."""


class QueueOperations:
    """Mixed into GpuContext: submits to ``_queue`` and transfers data; nothing here creates a resource.

    Each CPU transfer adds its size to ``_transfers`` (one int add per call, so
    a zero-copy path can be proven: docs/architecture.md, "Display"). The adds are not atomic:
    transfers racing on several threads may undercount, never count a byte that did not move.
    """

    __slots__ = ()
    _queue: wgpu.GPUQueue
    _device: wgpu.GPUDevice
    _queue_lock: threading.Lock  # held around every native queue call: see GpuContext.__init__
    _registry: Registry[_Borrowed[Any]]
    _transfers: list[int]  # [bytes uploaded, bytes downloaded]

    def transfer_stats(self) -> TransferStats:
        """Bytes uploaded to and downloaded from the GPU through this context so far (a snapshot)."""
        uploaded, downloaded = self._transfers
        return TransferStats(uploaded, downloaded)

    def _check_open(self, what: str) -> None:
        raise NotImplementedError

    def _guarded(
        self, resource: object, b: _Borrowed[Any], kind: str, what: str, call: Callable[..., Any], *args: Any
    ) -> Any:
        """``call(*args)``, a native call on ``b``'s resource, guarded (docs/architecture.md, "Threading model").

        While it runs, ``b`` is marked in use (a release defers its destroy to us) and the
        context counts the call in flight (close() and interpreter exit wait for it). Before
        it: closed, lost or exiting (``stop``), another context's resource, or a release that
        landed since the caller's check raise (or, at exit, wait) instead of reaching wgpu.
        """
        reg = self._registry
        inflight = reg.inflight
        inflight.append(None)  # marks first, checks after: see release_state in _handles
        users = b._users
        users.append(None)
        try:
            if reg.halt:
                reg.stop(what, holding=True)
            if b._registry is not reg:
                check_context(b, reg, what)
            if b._raw is None:
                state_of(resource, kind, what)  # released since the caller's check: raises, naming it
            try:
                with self._queue_lock:
                    return call(*args)
            except Exception as exc:
                if b._raw is None:  # our release, under a call that was not marked: say so
                    state_of(resource, kind, what)
                raise _native_error(reg, exc, what) from exc
        finally:
            users.pop()
            if b._raw is None and not users:
                finish_deferred(b)
            inflight.pop()

    def submit(self, command_buffers: Iterable[OwnedCommandBuffer]) -> None:
        """Submit command buffers to the queue. Consumes them (takes ownership).

        Raises ResourceReleasedError, consuming nothing, when any of them or anything
        their commands use was released after recording.
        """
        self._check_open("submit")
        given: object = command_buffers  # typed object: callers without a type checker pass anything
        if type(given) is not list and (not hasattr(given, "__iter__") or isinstance(given, (str, bytes))):
            raise InvalidTypeError(
                f"submit needs a list of OwnedCommandBuffer objects, got {type(given).__name__} {given!r}; "
                f"pass [command_buffer] for one"
            )
        # Guarded like _guarded, over every resource the commands use (``held``), from the
        # liveness check in submitted_raws until wgpu has the work: a release meanwhile defers.
        reg = self._registry
        inflight = reg.inflight
        inflight.append(None)
        held: list[_Borrowed[Any]] = []
        raws: list[Any] = []
        try:
            if reg.halt:
                reg.stop("submit", holding=True)
            raws = submitted_raws(list(command_buffers), reg, held)
            try:
                with self._queue_lock:
                    native.submit(self._queue, raws)
            except Exception as exc:
                raise _native_error(reg, exc, "submit") from exc
        finally:
            raws = []  # the consumed command buffers go now, inside the in-flight window close() waits for
            unuse_all(held)
            inflight.pop()

    def _dispatch(self, pipeline: ComputePipeline, bind_group: BindGroup, x: int, y: int, label: str) -> None:
        """Record and submit one compute pass: ``pipeline`` with ``bind_group`` at 0, x by y workgroups.

        For the library's own per-frame passes (``ComputeProgram``): the encoder, pass and
        command buffer never leave this call, so none gets a handle, a registry entry or a
        finalizer (docs/architecture.md, "Lean binding"). Everything else is as the public
        path does it: the context's halt check, both resources checked live and of this
        context, marked in use (with what the bind group binds) from the check until wgpu has
        the work, the queue lock around submit, wgpu's errors translated. ``x`` and ``y``:
        plain ints the caller computed within the guaranteed workgroup limit.
        """
        reg = self._registry
        inflight = reg.inflight
        inflight.append(None)
        held: list[_Borrowed[Any]] = []
        try:
            if reg.halt:
                reg.stop("dispatch", holding=True)
            p = state_of(pipeline, "ComputePipeline", "dispatch")
            bg = state_of(bind_group, "BindGroup", "dispatch")
            if p._registry is not reg:
                check_context(p, reg, "dispatch")
            if bg._registry is not reg:
                check_context(bg, reg, "dispatch")
            hold(p, held)
            hold(bg, held)
            # Read once, after marking: a release from now on defers its destroy to us but
            # clears ``_raw``, so these locals are what the calls below use.
            raw_pipeline, raw_bind_group = p._raw, bg._raw
            if raw_pipeline is None or raw_bind_group is None or any(b._raw is None for b in held):
                state_of(pipeline, "ComputePipeline", "dispatch")  # raises, naming what was released
                state_of(bind_group, "BindGroup", "dispatch")
                dead = next((b for b in held if b._raw is None), p)
                raise ResourceReleasedError(f"dispatch {label!r}: {dead!r} was released")
            encoder = compute_pass = commands = None
            try:
                encoder = native.command_encoder(self._device, label)
                compute_pass = native.begin_compute_pass(encoder, "")
                native.set_pipeline(compute_pass, raw_pipeline)
                native.set_bind_group(compute_pass, 0, raw_bind_group)
                native.dispatch(compute_pass, x, y, 1)
                native.end_compute_pass(compute_pass)
                commands = native.finish(encoder, label)
                with self._queue_lock:
                    native.submit(self._queue, [commands])
            except Exception as exc:
                raise _native_error(reg, exc, f"dispatch {label!r}") from exc
            finally:
                # Released here, inside the call's in-flight window (close() waits for it), not
                # whenever this frame or a traceback lets go of them.
                encoder = compute_pass = commands = None
        finally:
            unuse_all(held)
            inflight.pop()

    def write_buffer(self, buffer: Buffer, offset: int, data: Any) -> None:
        """Copy bytes-like ``data`` into ``buffer`` at ``offset`` (both multiples of 4); ``buffer`` is used, not kept.

        Empty ``data`` copies nothing.

        Raises InvalidArgumentError for data that is not bytes-like, a buffer without COPY_DST, a
        range outside the buffer or unaligned; ResourceReleasedError for a released buffer.
        """
        b = state_of(buffer, "Buffer", "write_buffer")
        raw = b._raw
        label = b._label
        off: object = offset  # typed object: callers without a type checker pass anything
        if type(off) is not int or off < 0:
            offset = checked_int(f"write_buffer {label!r}", "offset", off, 0)
        try:
            view = memoryview(data)
        except TypeError:
            raise InvalidArgumentError(
                f"write_buffer: data for buffer {label!r} must be bytes-like (bytes, bytearray, memoryview, "
                f"a numpy array), got {type(data).__name__}"
            ) from None
        n = view.nbytes
        if not n:
            return  # nothing to copy (WebGPU allows an empty write); the same on either binding
        if not raw.usage & BUFFER_COPY_DST:
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
        self._guarded(
            buffer, b, "Buffer", f"write_buffer {label!r}", native.write_buffer, self._queue, raw, offset, view
        )
        self._transfers[0] += n

    def read_buffer(self, buffer: Buffer, offset: int = 0, size: int | None = None) -> bytes:
        """Copy ``buffer``'s bytes back to the CPU (waits for the GPU). Needs BufferUsage.COPY_SRC.

        Returns new bytes (nothing to release). Raises InvalidArgumentError for a buffer without
        COPY_SRC or a range outside it; ResourceReleasedError for a released buffer.
        """
        b = state_of(buffer, "Buffer", "read_buffer")
        raw = b._raw
        if not raw.usage & BUFFER_COPY_SRC:
            raise InvalidArgumentError(
                f"read_buffer: buffer {b._label!r} lacks BufferUsage.COPY_SRC; add it at creation"
            )
        # The common call is read_buffer(buf): one type test each, the messages only on error.
        off: object = offset  # typed object: callers without a type checker pass anything
        if type(off) is not int or off < 0:
            offset = checked_int(f"read_buffer {b._label!r}", "offset", off, 0)
        n_given: object = size
        if n_given is not None and type(n_given) is not int:
            size = checked_int(f"read_buffer {b._label!r}", "size", n_given, 1)
        n = raw.size - offset if size is None else size
        if offset < 0 or n <= 0 or offset + n > raw.size:
            raise InvalidArgumentError(
                f"read_buffer: range {offset}..{offset + n} outside buffer {b._label!r} ({raw.size} bytes)"
            )
        what = f"read_buffer {b._label!r}"
        data = bytes(self._guarded(buffer, b, "Buffer", what, self._queue.read_buffer, raw, offset, n))
        self._transfers[1] += n
        self._registry.poll()
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
        if not raw.usage & TEXTURE_COPY_DST:
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
        self._guarded(
            texture,
            b,
            "Texture",
            what,
            self._queue.write_texture,
            {"texture": raw, "origin": (0, 0, 0), "mip_level": 0},
            array.data,
            {"offset": 0, "bytes_per_row": raw.width * info.bytes_per_texel, "rows_per_image": raw.height},
            (raw.width, raw.height, 1),
        )
        self._transfers[0] += array.nbytes

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
        if not raw.usage & TEXTURE_COPY_SRC:
            raise InvalidArgumentError(f"{what}: texture lacks TextureUsage.COPY_SRC; add it at creation")
        row = raw.width * info.bytes_per_texel
        data = self._guarded(
            texture,
            b,
            "Texture",
            what,
            self._queue.read_texture,
            {"texture": raw, "origin": (0, 0, 0), "mip_level": 0},
            {"offset": 0, "bytes_per_row": row, "rows_per_image": raw.height},
            (raw.width, raw.height, 1),
        )
        self._transfers[1] += row * raw.height
        self._registry.poll()
        array = np.frombuffer(bytes(data), dtype=info.dtype)
        shape = (raw.height, raw.width) if info.channels == 1 else (raw.height, raw.width, info.channels)
        return array.reshape(shape)

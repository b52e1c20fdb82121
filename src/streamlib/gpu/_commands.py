"""Command encoders, compute passes and command buffers: the kinds that are consumed.

``finish()`` consumes an encoder, ``end()`` consumes a pass, submitting consumes
command buffers. Consuming is the owner's right, like releasing: the borrowed
classes record commands but have no finish/end, and submit takes only owned
command buffers. Every resource a recording touches is remembered so that
submit can refuse one released in the meantime before wgpu sees it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, final

import wgpu

from ._errors import (
    DeviceLostError,
    InvalidArgumentError,
    ResourceReleasedError,
    checked_int,
    label_error,
    translated,
)
from ._handles import (
    _Borrowed,
    _Owned,
    check_context,
    dead_dependency,
    describe,
    hold,
    make_owned,
    state_of,
    take_raw,
    unuse,
)
from ._protocols import BindGroup, Buffer, ComputePipeline, Texture

__all__ = [
    "BorrowedCommandBuffer",
    "BorrowedCommandEncoder",
    "BorrowedComputePass",
    "OwnedCommandBuffer",
    "OwnedCommandEncoder",
    "OwnedComputePass",
]


class _Recording(_Borrowed[Any]):
    """State of a recording kind: also the list of resources its commands use.

    An encoder's state also remembers the compute pass it began and that has not ended
    (``_open_pass``), so finish() blames an open pass only when there is one.
    """

    __slots__ = ("_open_pass", "_used")
    _used: list[_Borrowed[Any]]
    _open_pass: _Borrowed[Any] | None


# WebGPU guarantees at least this max_compute_workgroups_per_dimension: counts up to it
# need no device lookup, larger ones are checked against the device's own limit.
_GUARANTEED_WORKGROUPS = 65535


def _workgroups(st: _Borrowed[Any], x: object, y: object, z: object) -> tuple[int, int, int]:
    """dispatch_workgroups's counts as plain ints within the device's limit, else the error naming the pass."""
    limit = st._registry.device.limits.get("max-compute-workgroups-per-dimension", _GUARANTEED_WORKGROUPS)
    what = f"dispatch_workgroups on compute pass {st._label!r} (max_compute_workgroups_per_dimension)"
    return (
        checked_int(what, "x", x, 0, limit),
        checked_int(what, "y", y, 0, limit),
        checked_int(what, "z", z, 0, limit),
    )


def _new_recording(
    cls: Any,
    raw: Any,
    label: str,
    src: _Borrowed[Any],
    used: list[_Borrowed[Any]],
    deps: tuple[_Borrowed[Any], ...] = (),
) -> Any:
    owned = make_owned(cls, raw, label, src._registry, deps)
    owned._state._used = used
    owned._state._open_pass = None
    return owned


class _ComputePassOps:
    __slots__ = ()
    if TYPE_CHECKING:

        @property
        def raw(self) -> wgpu.GPUComputePassEncoder: ...

        _state: Any

    def set_pipeline(self, pipeline: ComputePipeline) -> None:
        """Use ``pipeline`` (owned or borrowed, used not kept) for the following dispatches.

        Raises InvalidArgumentError for a non-pipeline, ResourceReleasedError for a released one.
        """
        raw = self.raw
        p = state_of(pipeline, "ComputePipeline", "set_pipeline")
        if p._registry is not self._state._registry:  # another device's object aborts wgpu-native
            check_context(p, self._state._registry, "set_pipeline")
        raw.set_pipeline(p._raw)

    def set_bind_group(self, index: int, bind_group: BindGroup) -> None:
        """Bind ``bind_group`` at ``index``. Raises ResourceReleasedError if anything it binds was released."""
        raw = self.raw
        i: object = index  # typed object: callers without a type checker pass anything
        if type(i) is not int or i < 0:
            index = checked_int(f"set_bind_group on compute pass {self._state._label!r}", "index", i, 0)
        bg = state_of(bind_group, "BindGroup", "set_bind_group")
        if bg._registry is not self._state._registry:  # another device's object aborts wgpu-native
            check_context(bg, self._state._registry, "set_bind_group")
        self._state._used.append(bg)
        try:
            raw.set_bind_group(index, bg._raw)
        except Exception as exc:
            raise translated(exc, f"set_bind_group({index})") from exc

    def dispatch_workgroups(self, x: int, y: int = 1, z: int = 1) -> None:
        """Dispatch an x by y by z grid of workgroups (each an int in 0..max_compute_workgroups_per_dimension).

        Raises InvalidTypeError for a count that is not an int, InvalidArgumentError for one out
        of range, ResourceReleasedError once the pass has ended.
        """
        raw = self.raw
        # One chained test for the common case; the device limit is read only beyond the guaranteed one.
        if not (
            type(x) is int
            and type(y) is int
            and type(z) is int
            and 0 <= x <= _GUARANTEED_WORKGROUPS
            and 0 <= y <= _GUARANTEED_WORKGROUPS
            and 0 <= z <= _GUARANTEED_WORKGROUPS
        ):
            x, y, z = _workgroups(self._state, x, y, z)
        raw.dispatch_workgroups(x, y, z)


@final
class BorrowedComputePass(_ComputePassOps, _Recording):
    """A compute pass someone else is recording: you may add commands, only its owner may end() it."""

    __slots__ = ()
    _kind = "ComputePass"


@final
class OwnedComputePass(_ComputePassOps, _Owned[wgpu.GPUComputePassEncoder, BorrowedComputePass]):
    """A compute pass you are recording; end() it before finishing its encoder."""

    __slots__ = ()
    _borrowed_type = BorrowedComputePass

    def end(self) -> None:
        """End the pass. Consumes it: any later use raises ResourceReleasedError."""
        raw = self.raw
        try:
            raw.end()
        except Exception as exc:
            raise translated(exc, f"end() of compute pass {self.label!r}") from exc
        st = self._state
        take_raw(st, "was consumed by end()")
        encoder = st._deps[0]  # begin_compute_pass made the encoder the pass's one dependency
        if encoder._open_pass is st:
            encoder._open_pass = None


class _CommandEncoderOps:
    __slots__ = ()
    if TYPE_CHECKING:

        @property
        def raw(self) -> wgpu.GPUCommandEncoder: ...

        _state: Any

    def begin_compute_pass(self, *, label: str = "") -> OwnedComputePass:
        """Start a compute pass; returns an owned pass that you must end() (which consumes it).

        Raises ResourceReleasedError when the encoder was finished or released.
        """
        raw = self.raw
        st = self._state
        if type(label) is not str:
            raise label_error(f"begin_compute_pass on encoder {st._label!r}", label)
        try:
            cp = raw.begin_compute_pass(label=label)
        except Exception as exc:
            raise translated(exc, f"begin_compute_pass on encoder {st._label!r}") from exc
        result: OwnedComputePass = _new_recording(OwnedComputePass, cp, label, st, st._used, (st,))
        st._open_pass = result._state
        return result

    def copy_texture_to_texture(self, source: Texture, destination: Texture) -> None:
        """Copy all of ``source`` into ``destination`` (same size and format); both are used, not kept.

        Raises InvalidArgumentError for a non-texture, ResourceReleasedError for a released one, and
        GpuValidationError when wgpu rejects the copy (sizes, formats or COPY_SRC/COPY_DST usage).
        """
        raw = self.raw
        src = state_of(source, "Texture", "copy_texture_to_texture source")
        dst = state_of(destination, "Texture", "copy_texture_to_texture destination")
        self._state._used += (src, dst)
        _copy(
            self._state,
            "copy_texture_to_texture",
            (source, destination),
            (src, dst),
            lambda s, d: raw.copy_texture_to_texture({"texture": s}, {"texture": d}, (s.width, s.height, 1)),
        )

    def copy_buffer_to_buffer(
        self,
        source: Buffer,
        destination: Buffer,
        size: int | None = None,
        *,
        source_offset: int = 0,
        destination_offset: int = 0,
    ) -> None:
        """Copy ``size`` bytes (default: all of ``source`` after the offset) between buffers (used, not kept).

        Raises InvalidTypeError for a non-buffer or a size or offset that is not an int,
        InvalidArgumentError for a range outside either buffer or not a multiple of 4,
        ResourceReleasedError for a released buffer, and GpuValidationError when wgpu rejects
        the copy (usage) at finish().
        """
        raw = self.raw
        src = state_of(source, "Buffer", "copy_buffer_to_buffer source")
        dst = state_of(destination, "Buffer", "copy_buffer_to_buffer destination")
        n = src._raw.size - source_offset if size is None and isinstance(source_offset, int) else size
        n, source_offset, destination_offset = _copy_range(src, dst, n, source_offset, destination_offset)
        self._state._used += (src, dst)
        _copy(
            self._state,
            "copy_buffer_to_buffer",
            (source, destination),
            (src, dst),
            lambda s, d: raw.copy_buffer_to_buffer(s, source_offset, d, destination_offset, n),
        )


def _copy(
    encoder: _Borrowed[Any],
    what: str,
    handles: tuple[object, object],
    states: tuple[_Borrowed[Any], _Borrowed[Any]],
    call: Callable[[Any, Any], None],
) -> None:
    """Record a copy between ``states``' resources, both marked in use meanwhile (docs/architecture.md,
    "Threading model"): a concurrent release defers its destroy, and one that landed before the
    marks raises ResourceReleasedError, never wgpu's "has been destroyed"."""
    registry = encoder._registry
    for st, name in zip(states, ("source", "destination"), strict=True):
        if st._registry is not registry:  # another device's object aborts wgpu-native
            check_context(st, registry, f"{what} {name}")
    held: list[_Borrowed[Any]] = []
    try:
        for st in states:
            hold(st, held)
        for handle, st, name in zip(handles, states, ("source", "destination"), strict=True):
            if st._raw is None:
                state_of(handle, st._kind, f"{what} {name}")  # released since the caller's check: raises
        try:
            call(states[0]._raw, states[1]._raw)
        except Exception as exc:
            for handle, st, name in zip(handles, states, ("source", "destination"), strict=True):
                if st._raw is None:
                    state_of(handle, st._kind, f"{what} {name}")
            raise translated(exc, what) from exc
    finally:
        for st in held:
            unuse(st)


def _copy_range(
    src: _Borrowed[Any], dst: _Borrowed[Any], n: object, src_off: object, dst_off: object
) -> tuple[int, int, int]:
    """A buffer copy's size and offsets as plain ints, refused before anything is recorded when they
    do not fit or align (wgpu would only say so at finish())."""
    what = f"copy_buffer_to_buffer {src._label!r} -> {dst._label!r}"
    src_offset = checked_int(what, "source_offset", src_off, 0)
    dst_offset = checked_int(what, "destination_offset", dst_off, 0)
    size = checked_int(what, "size", n, 0)
    for name, offset, buffer in (("source", src_offset, src), ("destination", dst_offset, dst)):
        if offset < 0 or size < 0 or offset + size > buffer._raw.size:
            raise InvalidArgumentError(
                f"{what}: {size} bytes at {name} offset {offset} do not fit {name} buffer {buffer._label!r} "
                f"of {buffer._raw.size} bytes"
            )
    if size % 4 or src_offset % 4 or dst_offset % 4:
        raise InvalidArgumentError(
            f"{what}: size ({size}) and offsets ({src_offset}, {dst_offset}) must be multiples of 4"
        )
    return size, src_offset, dst_offset


@final
class BorrowedCommandEncoder(_CommandEncoderOps, _Recording):
    """An encoder someone else owns: record passes and copies into it; only its owner may finish() it."""

    __slots__ = ()
    _kind = "CommandEncoder"


@final
class BorrowedCommandBuffer(_Recording):
    """Recorded commands someone else owns; only the owner may submit them."""

    __slots__ = ()
    _kind = "CommandBuffer"


@final
class OwnedCommandBuffer(_Owned[wgpu.GPUCommandBuffer, BorrowedCommandBuffer]):
    """Recorded commands you own: submit them with GpuContext.submit (which consumes them) or release them."""

    __slots__ = ()
    _borrowed_type = BorrowedCommandBuffer


@final
class OwnedCommandEncoder(_CommandEncoderOps, _Owned[wgpu.GPUCommandEncoder, BorrowedCommandEncoder]):
    """An encoder you own: record into it, then finish() it (which consumes it)."""

    __slots__ = ()
    _borrowed_type = BorrowedCommandEncoder

    def finish(self, *, label: str = "") -> OwnedCommandBuffer:
        """Finish recording. Consumes the encoder; returns an owned command buffer: submit it (or release it).

        Raises GpuValidationError when wgpu rejects the recording (naming the compute pass
        still open, when one is; otherwise with wgpu's own message), DeviceLostError when the
        device is gone.
        """
        raw = self.raw
        b = self._state
        if type(label) is not str:
            raise label_error(f"finish() of encoder {b._label!r}", label)
        try:
            cb = raw.finish(label=label)
        except Exception as exc:
            what = f"finish() of encoder {b._label!r}"
            err = translated(exc, what)
            open_pass = b._open_pass
            # Blame the pass only when one is really still open, and never for a lost device.
            if open_pass is not None and not isinstance(err, DeviceLostError):
                err = translated(
                    exc, f"{what} (compute pass {open_pass._label!r} was begun but never ended: end() it first)"
                )
            raise err from exc
        used = b._used
        take_raw(b, "was consumed by finish()")
        result: OwnedCommandBuffer = _new_recording(OwnedCommandBuffer, cb, label or b._label, b, used)
        return result


def submitted_raws(
    command_buffers: Sequence[OwnedCommandBuffer],
    registry: Any = None,
    held: list[_Borrowed[Any]] | None = None,
) -> list[wgpu.GPUCommandBuffer]:
    """Check and consume ``command_buffers`` for submission; returns their wgpu objects.

    Raises before consuming anything when a buffer, or any resource its commands
    use, was released, or (given ``registry``) when a buffer was recorded on another
    GpuContext. Given ``held``, every resource the commands use is marked in use before
    it is checked and appended there: the caller ends each use (``unuse``) once wgpu has
    the work, and a release meanwhile leaves its destroy to that (docs/architecture.md,
    "Threading model").
    """
    states: list[_Recording] = []
    for cb in command_buffers:
        if type(cb) is not OwnedCommandBuffer:
            # Callers without a type checker may pass anything: say what is wrong with it.
            state_of(cb, "CommandBuffer", "submit")  # type: ignore[unreachable]  # wrong kind, released or expired: its own error first
            raise InvalidArgumentError(
                f"submit needs OwnedCommandBuffer objects (submitting consumes them, which only their owner "
                f"may do), got {cb!r}"
            )
        state: _Recording = cb._state
        if state._raw is None:
            state_of(cb, "CommandBuffer", "submit")  # raises, naming what happened to it
        if registry is not None and state._registry is not registry:
            check_context(state, registry, "submit")
        states.append(state)
    if len(states) > 1 and len({id(st) for st in states}) != len(states):
        raise InvalidArgumentError(f"submit: the same command buffer appears twice in {list(command_buffers)!r}")
    if held is not None:
        for st in states:
            for used in st._used:
                hold(used, held)
    for st in states:
        for used in st._used:
            if used._raw is None or (used._deps and used.expired):
                dead = used if used._raw is None else dead_dependency(used._deps)
                assert dead is not None
                raise ResourceReleasedError(
                    f"submit: {describe('CommandBuffer', st._label)} uses {describe(dead._kind, dead._label)}, "
                    f"which {dead._end_reason or 'was released'} after it was recorded; keep resources alive until "
                    f"their commands are submitted."
                )
    raws = []
    for st in states:
        raw = take_raw(st, "was consumed by submit()")
        if raw is None:
            raise ResourceReleasedError(f"submit: {st!r} was submitted or released concurrently")
        raws.append(raw)
    return raws

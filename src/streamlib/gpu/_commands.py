"""Command encoders, compute and render passes and command buffers: the kinds that are consumed.

``finish()`` consumes an encoder, ``end()`` consumes a pass, submitting consumes
command buffers. Consuming is the owner's right, like releasing: the borrowed
classes record commands but have no finish/end, and submit takes only owned
command buffers. Every resource a recording touches is remembered so that
submit can refuse one released in the meantime before wgpu sees it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, final

import wgpu

from . import _native as native
from ._errors import (
    DeviceLostError,
    InvalidArgumentError,
    InvalidTypeError,
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
    unuse_all,
)
from ._protocols import BindGroup, Buffer, ComputePipeline, RenderPipeline, Texture

__all__ = [
    "BorrowedCommandBuffer",
    "BorrowedCommandEncoder",
    "BorrowedComputePass",
    "BorrowedRenderPass",
    "OwnedCommandBuffer",
    "OwnedCommandEncoder",
    "OwnedComputePass",
    "OwnedRenderPass",
]


class _Recording(_Borrowed[Any]):
    """State of a recording kind: also the list of resources its commands use.

    An encoder's state also remembers the compute or render pass it began and that has not
    ended (``_open_pass``), so finish() blames an open pass only when there is one.

    With the lean binding (``_native``) an encoder's, compute pass's or command buffer's
    ``_raw`` is a native handle; ``raw`` makes its wgpu-py object on first use (``_wrapped``).
    """

    __slots__ = ("_open_pass", "_used")
    _used: list[_Borrowed[Any]]
    _open_pass: _Borrowed[Any] | None

    @property
    def raw(self) -> Any:
        """The wgpu object underneath, for interop. Never destroy it.

        Raises BorrowExpiredError when the owner has ended, consumed or released it.
        """
        raw = self._raw
        if raw is None or (self._deps and dead_dependency(self._deps) is not None):
            raise self._expired_error()
        return _interop(self, raw)

    def _native(self) -> Any:
        """The handle the lean binding calls (``_raw``), after the same check as ``raw``."""
        raw = self._raw
        if raw is None or (self._deps and dead_dependency(self._deps) is not None):
            raise self._expired_error()
        return raw


def _interop(st: _Recording, raw: Any) -> Any:
    """``st``'s wgpu-py object: ``raw`` (its ``_raw``, read and checked once by the caller) itself,
    or made once over that native handle (lean binding)."""
    wrapped = st._wrapped
    if wrapped is None:
        wrapped = st._wrapped = native.wrap(st._kind, raw, st._label, st._registry.device)
        if st._raw is None:  # released meanwhile: the state does not keep the wrapper past its release
            st._wrapped = None
    return wrapped


class _OwnedRecording:
    """Mixed into the owned recording kinds: ``raw`` as the wgpu-py object, made on first use."""

    __slots__ = ()
    if TYPE_CHECKING:
        _state: Any

        def _released_error(self) -> ResourceReleasedError: ...

    else:  # at run time only: type checkers keep _Owned's typed ``raw`` (a wgpu.GPUCommandBuffer, ...)

        @property
        def raw(self) -> Any:
            """The wgpu object underneath, for interop. Never destroy it.

            Raises ResourceReleasedError once it was ended, finished, submitted or released.
            """
            b = self._state
            raw = b._raw
            if raw is None or (b._deps and dead_dependency(b._deps) is not None):
                raise self._released_error()
            return _interop(b, raw)

    def _native(self) -> Any:
        """The handle the lean binding calls (``_raw``), after the same check as ``raw``."""
        b = self._state
        raw = b._raw
        if raw is None or (b._deps and dead_dependency(b._deps) is not None):
            raise self._released_error()
        return raw


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
    keep: tuple[object, ...] = (),
) -> Any:
    owned = make_owned(cls, raw, label, src._registry, deps, keep)
    st = owned._state
    st._used = used
    st._open_pass = None
    st._wrapped = None
    return owned


class _ComputePassOps:
    __slots__ = ()
    if TYPE_CHECKING:

        @property
        def raw(self) -> wgpu.GPUComputePassEncoder: ...

        def _native(self) -> Any: ...

        _state: Any

    def set_pipeline(self, pipeline: ComputePipeline) -> None:
        """Use ``pipeline`` (owned or borrowed, used not kept) for the following dispatches.

        Raises InvalidArgumentError for a non-pipeline, ResourceReleasedError for a released one.
        """
        raw = self._native()
        native.set_pipeline(raw, _pipeline_of(self._state, pipeline, "ComputePipeline"))

    def set_bind_group(self, index: int, bind_group: BindGroup) -> None:
        """Bind ``bind_group`` at ``index``. Raises ResourceReleasedError if anything it binds was released."""
        raw = self._native()
        at, bg = _bind_group_of(self._state, index, bind_group)
        native.set_bind_group(raw, at, bg)

    def dispatch_workgroups(self, x: int, y: int = 1, z: int = 1) -> None:
        """Dispatch an x by y by z grid of workgroups (each an int in 0..max_compute_workgroups_per_dimension).

        Raises InvalidTypeError for a count that is not an int, InvalidArgumentError for one out
        of range, ResourceReleasedError once the pass has ended.
        """
        raw = self._native()
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
        native.dispatch(raw, x, y, z)


@final
class BorrowedComputePass(_ComputePassOps, _Recording):
    """A compute pass someone else is recording: you may add commands, only its owner may end() it."""

    __slots__ = ()
    _kind = "ComputePass"


@final
class OwnedComputePass(_ComputePassOps, _OwnedRecording, _Owned[wgpu.GPUComputePassEncoder, BorrowedComputePass]):
    """A compute pass you are recording; end() it before finishing its encoder."""

    __slots__ = ()
    _borrowed_type = BorrowedComputePass

    def end(self) -> None:
        """End the pass. Consumes it: any later use raises ResourceReleasedError."""
        raw = self._native()
        try:
            native.end_compute_pass(raw)
        except Exception as exc:
            raise translated(exc, f"end() of compute pass {self.label!r}") from exc
        _ended(self._state)


def _ended(st: _Borrowed[Any]) -> None:
    """After a pass's end(): consume it, and tell its encoder no pass is open any more."""
    take_raw(st, "was consumed by end()")
    encoder: Any = st._deps[0]  # begin_*_pass made the encoder the pass's one dependency
    if encoder._open_pass is st:
        encoder._open_pass = None


def _index(st: _Borrowed[Any], what: str, name: str, value: object, low: int = 0) -> int:
    """``value`` as a plain int >= ``low`` (the common case one test), else the error naming the pass."""
    if type(value) is int and value >= low:
        return value
    return checked_int(f"{what} on {describe(st._kind, st._label)}", name, value, low)


def _pipeline_of(st: _Borrowed[Any], pipeline: object, kind: str) -> Any:
    """A pass's set_pipeline argument: the wgpu pipeline of a live ``kind`` of this pass's context."""
    p = state_of(pipeline, kind, "set_pipeline")
    if p._registry is not st._registry:  # another device's object aborts wgpu-native
        check_context(p, st._registry, "set_pipeline")
    return p._raw


def _bind_group_of(st: _Recording, index: object, bind_group: object) -> tuple[int, Any]:
    """A pass's set_bind_group arguments checked: (index, wgpu bind group), remembered for submit's check."""
    at = _index(st, "set_bind_group", "index", index)
    bg = state_of(bind_group, "BindGroup", "set_bind_group")
    if bg._registry is not st._registry:  # another device's object aborts wgpu-native
        check_context(bg, st._registry, "set_bind_group")
    st._used.append(bg)
    return at, bg._raw


def _number(st: _Borrowed[Any], what: str, name: str, value: object) -> float:
    """``value`` as a float (ints accepted), else InvalidTypeError naming the pass."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    raise InvalidTypeError(
        f"{what} on {describe(st._kind, st._label)}: {name} must be a number, got {type(value).__name__} {value!r}"
    )


class _RenderPassOps:
    __slots__ = ()
    if TYPE_CHECKING:

        @property
        def raw(self) -> wgpu.GPURenderPassEncoder: ...

        _state: Any

    def set_pipeline(self, pipeline: RenderPipeline) -> None:
        """Use ``pipeline`` (owned or borrowed, used not kept) for the following draws.

        Raises InvalidArgumentError for a non-pipeline (a ComputePipeline included),
        ResourceReleasedError for a released one.
        """
        raw = self.raw
        raw.set_pipeline(_pipeline_of(self._state, pipeline, "RenderPipeline"))

    def set_bind_group(self, index: int, bind_group: BindGroup) -> None:
        """Bind ``bind_group`` at ``index``. Raises ResourceReleasedError if anything it binds was released."""
        raw = self.raw
        st = self._state
        at, bg = _bind_group_of(st, index, bind_group)
        try:
            raw.set_bind_group(at, bg)
        except Exception as exc:
            raise translated(exc, f"set_bind_group({at}) on {describe(st._kind, st._label)}") from exc

    def set_vertex_buffer(self, slot: int, buffer: Buffer, offset: int = 0, size: int | None = None) -> None:
        """Use ``buffer`` from ``offset`` (``size`` bytes, default: the rest) as vertex buffer ``slot``.

        The buffer is used, not kept: submit refuses it once released. Raises InvalidTypeError for
        a slot, offset or size that is not an int, InvalidArgumentError for a non-buffer or a range
        outside it, ResourceReleasedError for a released one.
        """
        raw = self.raw
        st = self._state
        slot = _index(st, "set_vertex_buffer", "slot", slot)
        offset = _index(st, "set_vertex_buffer", "offset", offset)
        b = state_of(buffer, "Buffer", "set_vertex_buffer")
        if b._registry is not st._registry:
            check_context(b, st._registry, "set_vertex_buffer")
        total = b._raw.size
        n = total - offset if size is None else _index(st, "set_vertex_buffer", "size", size)
        if offset + n > total or n < 0:
            raise InvalidArgumentError(
                f"set_vertex_buffer on {describe(st._kind, st._label)}: {n} bytes at offset {offset} do not fit "
                f"buffer {b._label!r} of {total} bytes"
            )
        st._used.append(b)
        try:
            raw.set_vertex_buffer(slot, b._raw, offset, n)
        except Exception as exc:
            raise translated(exc, f"set_vertex_buffer({slot}) on {describe(st._kind, st._label)}") from exc

    def set_viewport(
        self, x: float, y: float, width: float, height: float, min_depth: float = 0.0, max_depth: float = 1.0
    ) -> None:
        """Draw into the rectangle (x, y, width, height) of the attachments, in texels.

        Raises InvalidTypeError for a value that is not a number, InvalidArgumentError for a
        negative size or depths outside 0..1 (min_depth <= max_depth), ResourceReleasedError
        once the pass ended.
        """
        raw = self.raw
        st = self._state
        vx, vy, vw, vh, lo, hi = (
            _number(st, "set_viewport", name, value)
            for name, value in (
                ("x", x),
                ("y", y),
                ("width", width),
                ("height", height),
                ("min_depth", min_depth),
                ("max_depth", max_depth),
            )
        )
        if vw < 0 or vh < 0 or not 0.0 <= lo <= hi <= 1.0:
            raise InvalidArgumentError(
                f"set_viewport on {describe(st._kind, st._label)}: width and height must be >= 0 and "
                f"0 <= min_depth <= max_depth <= 1, got {(vx, vy, vw, vh, lo, hi)}"
            )
        try:
            raw.set_viewport(vx, vy, vw, vh, lo, hi)
        except Exception as exc:
            raise translated(exc, f"set_viewport on {describe(st._kind, st._label)}") from exc

    def set_scissor_rect(self, x: int, y: int, width: int, height: int) -> None:
        """Clip the following draws to the rectangle (x, y, width, height), in texels (ints >= 0).

        Raises InvalidTypeError / InvalidArgumentError for a bad value, ResourceReleasedError once ended.
        """
        raw = self.raw
        st = self._state
        values = [
            _index(st, "set_scissor_rect", n, v) for n, v in (("x", x), ("y", y), ("width", width), ("height", height))
        ]
        try:
            raw.set_scissor_rect(*values)
        except Exception as exc:
            raise translated(exc, f"set_scissor_rect on {describe(st._kind, st._label)}") from exc

    def draw(self, vertex_count: int, instance_count: int = 1, first_vertex: int = 0, first_instance: int = 0) -> None:
        """Draw ``vertex_count`` vertices ``instance_count`` times with the pipeline set.

        Raises InvalidTypeError for a count that is not an int, InvalidArgumentError for a
        negative one, ResourceReleasedError once the pass ended.
        """
        raw = self.raw
        if not (
            type(vertex_count) is int and vertex_count >= 0 and type(instance_count) is int and instance_count >= 0
        ):
            st = self._state
            vertex_count = _index(st, "draw", "vertex_count", vertex_count)
            instance_count = _index(st, "draw", "instance_count", instance_count)
        if first_vertex or first_instance:
            st = self._state
            first_vertex = _index(st, "draw", "first_vertex", first_vertex)
            first_instance = _index(st, "draw", "first_instance", first_instance)
        raw.draw(vertex_count, instance_count, first_vertex, first_instance)


@final
class BorrowedRenderPass(_RenderPassOps, _Recording):
    """A render pass someone else is recording: you may add commands, only its owner may end() it."""

    __slots__ = ()
    _kind = "RenderPass"


@final
class OwnedRenderPass(_RenderPassOps, _Owned[wgpu.GPURenderPassEncoder, BorrowedRenderPass]):
    """A render pass you are recording; end() it before finishing its encoder."""

    __slots__ = ()
    _borrowed_type = BorrowedRenderPass

    def end(self) -> None:
        """End the pass. Consumes it: any later use raises ResourceReleasedError."""
        raw = self.raw
        try:
            raw.end()
        except Exception as exc:
            raise translated(exc, f"end() of render pass {self.label!r}") from exc
        _ended(self._state)


_LOAD_OPS = ("clear", "load")
_STORE_OPS = ("store", "discard")


def _color_attachment(encoder: _Recording, i: int, attachment: object, what: str) -> dict[str, Any]:
    """One of begin_render_pass's color attachments, checked, with the view's wgpu object in it.

    The view is appended to the encoder's used resources: submit refuses it once released.
    """
    if not isinstance(attachment, Mapping):
        raise InvalidTypeError(
            f"{what}: color attachment {i} must be a dict like {{'view': texture_view, 'load_op': 'clear', "
            f"'store_op': 'store'}}, got {type(attachment).__name__} {attachment!r}"
        )
    if "view" not in attachment:
        raise InvalidArgumentError(f"{what}: color attachment {i} lacks a 'view' (a TextureView to draw into)")
    unknown = set(attachment) - {"view", "load_op", "store_op", "clear_value", "resolve_target"}
    if unknown:
        raise InvalidArgumentError(
            f"{what}: color attachment {i} has unknown keys {sorted(map(str, unknown))}; use view, load_op, "
            f"store_op, clear_value, resolve_target"
        )
    view = state_of(attachment["view"], "TextureView", f"{what} color attachment {i}")
    if view._registry is not encoder._registry:
        check_context(view, encoder._registry, f"{what} color attachment {i}")
    load_op = attachment.get("load_op", "clear")
    store_op = attachment.get("store_op", "store")
    if load_op not in _LOAD_OPS or store_op not in _STORE_OPS:
        raise InvalidArgumentError(
            f"{what}: color attachment {i}: load_op must be one of {_LOAD_OPS} and store_op one of {_STORE_OPS}, "
            f"got {load_op!r} and {store_op!r}"
        )
    clear = attachment.get("clear_value", (0.0, 0.0, 0.0, 1.0))
    if (
        not isinstance(clear, (tuple, list))
        or len(clear) != 4
        or not all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in clear)
    ):
        raise InvalidArgumentError(
            f"{what}: color attachment {i}: clear_value must be 4 numbers (r, g, b, a), got {clear!r}"
        )
    encoder._used.append(view)
    # The handle itself is kept until submit, so an inline ``texture.create_view()`` is correct
    # here as in a bind group (docs/architecture.md, R5): collected, it would release the view.
    encoder._keep = (*encoder._keep, attachment["view"])
    raw: dict[str, Any] = {
        "view": view._raw,
        "load_op": str(load_op),
        "store_op": str(store_op),
        "clear_value": tuple(float(c) for c in clear),
    }
    if attachment.get("resolve_target") is not None:
        target = state_of(attachment["resolve_target"], "TextureView", f"{what} color attachment {i} resolve_target")
        if target._registry is not encoder._registry:
            check_context(target, encoder._registry, f"{what} color attachment {i} resolve_target")
        encoder._used.append(target)
        encoder._keep = (*encoder._keep, attachment["resolve_target"])
        raw["resolve_target"] = target._raw
    return raw


class _CommandEncoderOps:
    __slots__ = ()
    if TYPE_CHECKING:

        @property
        def raw(self) -> wgpu.GPUCommandEncoder: ...

        def _native(self) -> Any: ...

        _state: Any

    def begin_compute_pass(self, *, label: str = "") -> OwnedComputePass:
        """Start a compute pass; returns an owned pass that you must end() (which consumes it).

        Raises ResourceReleasedError when the encoder was finished or released.
        """
        raw = self._native()
        st = self._state
        if type(label) is not str:
            raise label_error(f"begin_compute_pass on encoder {st._label!r}", label)
        try:
            cp = native.begin_compute_pass(raw, label)
        except Exception as exc:
            raise translated(exc, f"begin_compute_pass on encoder {st._label!r}") from exc
        result: OwnedComputePass = _new_recording(OwnedComputePass, cp, label, st, st._used, (st,))
        st._open_pass = result._state
        return result

    def begin_render_pass(self, *, color_attachments: Sequence[Mapping[str, Any]], label: str = "") -> OwnedRenderPass:
        """Start a render pass drawing into the views of ``color_attachments``; returns an owned pass
        that you must end() (which consumes it).

        Each attachment is wgpu's dict: ``{"view": TextureView, "load_op": "clear" | "load",
        "store_op": "store" | "discard", "clear_value": (r, g, b, a)}`` (defaults: clear to opaque
        black, store). The views are used, not kept: submit refuses them once released. Raises
        InvalidTypeError / InvalidArgumentError for a malformed attachment, ResourceReleasedError when
        the encoder was finished or released (or a view was), GpuValidationError when wgpu rejects the
        pass (a view without RENDER_ATTACHMENT usage).
        """
        raw = self.raw
        st = self._state
        what = f"begin_render_pass on encoder {st._label!r}"
        if type(label) is not str:
            raise label_error(what, label)
        if isinstance(color_attachments, (str, bytes, Mapping)) or not hasattr(color_attachments, "__iter__"):
            raise InvalidTypeError(
                f"{what}: color_attachments must be a list of attachment dicts, got "
                f"{type(color_attachments).__name__} {color_attachments!r}"
            )
        attachments = [_color_attachment(st, i, a, what) for i, a in enumerate(color_attachments)]
        if not attachments:
            raise InvalidArgumentError(f"{what}: color_attachments is empty; give at least one view to draw into")
        try:
            rp = raw.begin_render_pass(color_attachments=attachments, label=label)
        except Exception as exc:
            raise translated(exc, what) from exc
        result: OwnedRenderPass = _new_recording(OwnedRenderPass, rp, label, st, st._used, (st,))
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
        unuse_all(held)


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
class OwnedCommandBuffer(_OwnedRecording, _Owned[wgpu.GPUCommandBuffer, BorrowedCommandBuffer]):
    """Recorded commands you own: submit them with GpuContext.submit (which consumes them) or release them."""

    __slots__ = ()
    _borrowed_type = BorrowedCommandBuffer


@final
class OwnedCommandEncoder(_CommandEncoderOps, _OwnedRecording, _Owned[wgpu.GPUCommandEncoder, BorrowedCommandEncoder]):
    """An encoder you own: record into it, then finish() it (which consumes it)."""

    __slots__ = ()
    _borrowed_type = BorrowedCommandEncoder

    def finish(self, *, label: str = "") -> OwnedCommandBuffer:
        """Finish recording. Consumes the encoder; returns an owned command buffer: submit it (or release it).

        Raises GpuValidationError when wgpu rejects the recording (naming the compute pass
        still open, when one is; otherwise with wgpu's own message), DeviceLostError when the
        device is gone.
        """
        raw = self._native()
        b = self._state
        if type(label) is not str:
            raise label_error(f"finish() of encoder {b._label!r}", label)
        try:
            cb = native.finish(raw, label)
        except Exception as exc:
            what = f"finish() of encoder {b._label!r}"
            err = translated(exc, what)
            open_pass = b._open_pass
            # Blame the pass only when one is really still open, and never for a lost device.
            if open_pass is not None and not isinstance(err, DeviceLostError):
                kind = "render pass" if open_pass._kind == "RenderPass" else "compute pass"
                err = translated(exc, f"{what} ({kind} {open_pass._label!r} was begun but never ended: end() it first)")
            raise err from exc
        used, keep = b._used, b._keep  # what render passes drew into stays alive until submit
        take_raw(b, "was consumed by finish()")
        result: OwnedCommandBuffer = _new_recording(OwnedCommandBuffer, cb, label or b._label, b, used, (), keep)
        return result


def _used_after_release(st: _Borrowed[Any], dead: _Borrowed[Any]) -> ResourceReleasedError:
    return ResourceReleasedError(
        f"submit: {describe('CommandBuffer', st._label)} uses {describe(dead._kind, dead._label)}, "
        f"which {dead._end_reason or 'was released'} after it was recorded; keep resources alive until "
        f"their commands are submitted."
    )


def submitted_raws(
    command_buffers: Sequence[OwnedCommandBuffer],
    registry: Any,
    held: list[_Borrowed[Any]],
) -> list[wgpu.GPUCommandBuffer]:
    """Check and consume ``command_buffers`` for submission; returns their wgpu objects.

    Raises before consuming anything when a buffer, or any resource its commands
    use, was released, or when a buffer was recorded on another GpuContext than
    ``registry``'s. Every resource the commands use is marked in use before it is
    checked and appended to ``held``: the caller ends each use (``unuse``) once wgpu has
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
        if state._registry is not registry:
            check_context(state, registry, "submit")
        states.append(state)
    if len(states) > 1 and len({id(st) for st in states}) != len(states):
        raise InvalidArgumentError(f"submit: the same command buffer appears twice in {list(command_buffers)!r}")
    # Mark everything the commands use (and what that depends on), then check the marked:
    # one flat pass, no second walk of the dependencies. A loop, not hold()'s recursion:
    # this runs for every submit.
    for st in states:
        start = len(held)
        stack = list(st._used)
        while stack:
            b = stack.pop()
            b._users.append(None)
            held.append(b)
            if b._deps:
                stack += b._deps
        for i in range(start, len(held)):
            marked = held[i]
            if marked._raw is None:
                raise _used_after_release(st, marked)
    raws = []
    for st in states:
        raw = take_raw(st, "was consumed by submit()")
        if raw is None:
            raise ResourceReleasedError(f"submit: {st!r} was submitted or released concurrently")
        raws.append(raw)
    return raws

"""The factories of GpuContext: one ``create_*`` per kind, each returning an owned resource."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal, NamedTuple

import wgpu

from . import _native as native
from ._commands import OwnedCommandEncoder
from ._enums import BufferUsage, TextureUsage
from ._errors import (
    InvalidArgumentError,
    InvalidTypeError,
    StreamlibError,
    checked_int,
    int_error,
    label_error,
    translated,
)
from ._formats import (
    ALLOWED_FLAGS,
    KNOWN_FORMATS,
    STORAGE_BINDING,
    STORAGE_FORMATS,
    check_flags,
    default_texture_usage,
    is_positive_int,
)
from ._handles import _Borrowed, _Owned, check_context, dead_dependency, make_owned, state_of
from ._memory import OwnedBuffer, OwnedTexture
from ._programs import (
    OwnedBindGroup,
    OwnedBindGroupLayout,
    OwnedComputePipeline,
    OwnedPipelineLayout,
    OwnedRenderPipeline,
    OwnedSampler,
    OwnedShaderModule,
)
from ._protocols import BindGroupLayout, PipelineLayout, ShaderModule
from ._tracking import BIND_GROUP_CACHE_SIZE, FRESH_ATTR, VIEW_ATTR, Registry

__all__ = ["CacheStats", "ResourceFactories"]


class ResourceFactories:
    """Mixed into GpuContext: creates resources on ``_device``, registered in ``_registry``."""

    __slots__ = ()
    _device: wgpu.GPUDevice
    _registry: Registry[_Borrowed[Any]]
    _max_texture_dimension: int

    def _check_open(self, what: str) -> None:
        raise NotImplementedError

    def _mine(self, b: _Borrowed[Any], what: str) -> _Borrowed[Any]:
        """``b``, checked to belong to this context: another device's object aborts wgpu-native."""
        if b._registry is not self._registry:
            check_context(b, self._registry, what)
        return b

    def create_buffer(self, size: int, usage: int, *, label: str = "") -> OwnedBuffer:
        """A new buffer of ``size`` bytes. Returns an owned buffer; release it.

        Raises InvalidArgumentError for a size that is not a positive int or beyond the device's
        max_buffer_size, or usage that is not BufferUsage flags; ResourceReleasedError once closed.
        """
        self._check_open("create_buffer")
        if type(label) is not str:
            raise label_error("create_buffer", label)
        if not is_positive_int(size):
            raise int_error(f"create_buffer {label!r}", "size", size, 1)
        limit = self._device.limits.get("max-buffer-size", 1 << 62)
        if size > limit:
            raise InvalidArgumentError(
                f"create_buffer {label!r}: {size} bytes exceeds this device's max_buffer_size ({limit})"
            )
        _check_usage_type(usage, BufferUsage, "create_buffer", label)
        check_flags(usage, BufferUsage, "create_buffer", label)
        try:
            raw = self._device.create_buffer(size=size, usage=int(usage), label=label)
        except Exception as exc:
            raise translated(exc, f"create_buffer {label!r}") from exc
        return make_owned(OwnedBuffer, raw, label, self._registry)

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
        where the format allows it. Raises InvalidTypeError (an InvalidArgumentError and a
        TypeError) for a size, format, usage or label of the wrong type; InvalidArgumentError
        for a bad or too large size, an unknown format, usage bits that are not TextureUsage
        flags or STORAGE_BINDING on a format that cannot have it; ResourceReleasedError once closed.
        """
        if self._registry.halt:  # closed, device lost or exiting
            self._check_open("create_texture")
        if type(label) is not str:
            raise label_error("create_texture", label)
        limit = self._max_texture_dimension
        # The common case in one test; the loop only runs to name what is wrong (and to
        # accept int subclasses). Pools and sources create textures per frame.
        if not (type(width) is int and type(height) is int and 0 < width <= limit and 0 < height <= limit):
            for name, value in (("width", width), ("height", height)):
                if not is_positive_int(value):
                    raise int_error(f"create_texture {label!r}", name, value, 1)
                if value > limit:
                    raise InvalidArgumentError(
                        f"create_texture {label!r}: {name} {value} exceeds max_texture_dimension_2d ({limit})"
                    )
        if type(format) is str:
            fmt = format
        elif isinstance(format, str):  # a TextureFormat member
            fmt = str(format)
        else:
            raise InvalidTypeError(
                f"create_texture {label!r}: format must be a str (see streamlib.TextureFormat), "
                f"got {type(format).__name__} {format!r}"
            )
        if fmt not in KNOWN_FORMATS:
            raise InvalidArgumentError(
                f"create_texture {label!r}: unknown texture format {format!r}; see streamlib.TextureFormat"
            )
        if usage is None:
            usage = default_texture_usage(fmt)
        elif not (type(usage) is int and usage > 0 and not usage & ~ALLOWED_FLAGS[TextureUsage]):
            _check_usage_type(usage, TextureUsage, "create_texture", label)
            check_flags(usage, TextureUsage, "create_texture", label)
            usage = int(usage)
        if usage & STORAGE_BINDING and fmt not in STORAGE_FORMATS:
            raise InvalidArgumentError(
                f"create_texture {label!r}: format {fmt!r} cannot be a storage texture; drop STORAGE_BINDING or "
                f"use one of {', '.join(sorted(STORAGE_FORMATS))}"
            )
        try:
            raw = native.create_texture(self._device, width, height, fmt, usage, label)
        except Exception as exc:
            raise translated(exc, f"create_texture {label!r}") from exc
        return make_owned(OwnedTexture, raw, label, self._registry)

    def create_shader_module(self, code: str, *, label: str = "") -> OwnedShaderModule:
        """Compile WGSL ``code``. Returns an owned module; release it.

        Raises ShaderCompileError naming the line, InvalidTypeError when ``code`` or ``label``
        is not a str, InvalidArgumentError when ``code`` holds a NUL character.
        """
        self._check_open("create_shader_module")
        if type(label) is not str:
            raise label_error("create_shader_module", label)
        if not isinstance(code, str):
            raise InvalidTypeError(
                f"create_shader_module {label!r}: code must be WGSL source text (str), got {type(code).__name__}"
            )
        # wgpu passes the source as a C string: it would silently compile only the text
        # before the NUL, so valid code + NUL + garbage would "compile".
        nul = code.find("\0")
        if nul >= 0:
            line = code.count("\n", 0, nul) + 1
            raise InvalidArgumentError(
                f"create_shader_module {label!r}: code contains a NUL character (line {line}, offset {nul}); "
                f"WGSL source cannot hold one, remove it"
            )
        try:
            raw = self._device.create_shader_module(code=code, label=label)
        except Exception as exc:
            raise translated(exc, f"shader {label!r}" if label else "shader", shader=True) from exc
        return make_owned(OwnedShaderModule, raw, label, self._registry)

    def create_bind_group_layout(
        self, entries: Sequence[Mapping[str, Any]], *, label: str = ""
    ) -> OwnedBindGroupLayout:
        """A bind group layout from wgpu-style entry dicts. Returns an owned layout; release it.

        Raises InvalidTypeError when ``entries`` is not a sequence of mappings, InvalidArgumentError
        or GpuValidationError for entries wgpu rejects.
        """
        self._check_open("create_bind_group_layout")
        if type(label) is not str:
            raise label_error("create_bind_group_layout", label)
        what = f"create_bind_group_layout {label!r}"
        raw_entries = []
        for i, e in enumerate(_iterable(entries, what, "entries", "a list of entry dicts")):
            if not isinstance(e, Mapping):
                raise InvalidTypeError(
                    f"{what}: entry {i} must be a dict like {{'binding': 0, 'visibility': ShaderStage.COMPUTE, "
                    f"'buffer': {{...}}}}, got {type(e).__name__} {e!r}"
                )
            raw_entries.append(dict(e))
        try:
            raw = self._device.create_bind_group_layout(entries=raw_entries, label=label)
        except Exception as exc:
            raise translated(exc, f"create_bind_group_layout {label!r}") from exc
        return make_owned(OwnedBindGroupLayout, raw, label, self._registry)

    def create_pipeline_layout(
        self, bind_group_layouts: Sequence[BindGroupLayout], *, label: str = ""
    ) -> OwnedPipelineLayout:
        """A pipeline layout over ``bind_group_layouts`` (owned or borrowed, used not kept).

        Returns an owned layout; release it. Raises ResourceReleasedError for a released layout.
        """
        self._check_open("create_pipeline_layout")
        if type(label) is not str:
            raise label_error("create_pipeline_layout", label)
        layouts = _iterable(bind_group_layouts, f"create_pipeline_layout {label!r}", "bind_group_layouts", "a list")
        raws = [
            self._mine(state_of(b, "BindGroupLayout", "create_pipeline_layout"), "create_pipeline_layout")._raw
            for b in layouts
        ]
        try:
            raw = self._device.create_pipeline_layout(bind_group_layouts=raws, label=label)
        except Exception as exc:
            raise translated(exc, f"create_pipeline_layout {label!r}") from exc
        return make_owned(OwnedPipelineLayout, raw, label, self._registry)

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
        if type(label) is not str:
            raise label_error("create_compute_pipeline", label)
        what = f"create_compute_pipeline {label!r}"
        if type(entry_point) is not str:
            raise InvalidTypeError(f"{what}: entry_point must be a str, got {type(entry_point).__name__}")
        if constants is not None and not isinstance(constants, Mapping):
            raise InvalidTypeError(
                f"{what}: constants must be a dict of override names to numbers, got {type(constants).__name__}"
            )
        raw_layout: Any = (
            "auto" if layout == "auto" else self._mine(state_of(layout, "PipelineLayout", what), what)._raw
        )
        raw_module = self._mine(state_of(module, "ShaderModule", what), what)._raw
        compute: dict[str, Any] = {"module": raw_module, "entry_point": entry_point}
        if constants:
            compute["constants"] = dict(constants)
        try:
            raw = self._device.create_compute_pipeline(layout=raw_layout, compute=compute, label=label)
        except Exception as exc:
            raise translated(exc, f"{what} (entry point {entry_point!r})") from exc
        return make_owned(OwnedComputePipeline, raw, label, self._registry)

    def create_bind_group(
        self, *, layout: BindGroupLayout, entries: Sequence[Mapping[str, Any]], label: str = ""
    ) -> OwnedBindGroup:
        """A bind group. Each entry's ``resource`` is a TextureView, a Sampler, a Buffer, or
        ``{"buffer": Buffer, "offset": ..., "size": ...}`` (owned or borrowed).

        Returns an owned bind group that keeps what it binds alive until released; an
        inline ``tex.create_view()`` is fine. A bind group identical to one made before (same
        layout, label, bound wgpu objects and ranges, all still alive) is reused: the handle is
        new, the wgpu bind group is not (docs/architecture.md, "Caches"). Raises
        ResourceReleasedError for a released resource.
        """
        if self._registry.halt:  # closed, device lost or exiting
            self._check_open("create_bind_group")
        if type(label) is not str:
            raise label_error("create_bind_group", label)
        registry = self._registry
        layout_state = self._mine(state_of(layout, "BindGroupLayout", "create_bind_group"), "create_bind_group")
        raw_layout = layout_state._raw
        raw_entries: list[dict[str, Any]] = []
        deps: list[_Borrowed[Any]] = []
        keep: list[object] = []
        # The cache key (docs/architecture.md, "Caches"): the layout, the label and per entry the
        # binding, the bound wgpu object and its range; None once an entry cannot be cached.
        key: list[Any] | None = [id(raw_layout), label] if registry.caching else None
        given = (
            entries
            if type(entries) is list
            else _iterable(entries, f"create_bind_group {label!r}", "entries", "a list of entry dicts")
        )
        for entry in given:
            # A failed lookup is the rare case: no per-entry isinstance(Mapping) on this per-frame path.
            try:
                resource = entry["resource"]
                binding = entry["binding"]
            except (KeyError, TypeError, IndexError):
                raise _entry_error(entry, label, len(raw_entries)) from None
            if type(binding) is not int or binding < 0:
                binding = checked_int(f"create_bind_group {label!r} entry {len(raw_entries)}", "binding", binding, 0)
            # A dict, then handles: an ABC isinstance check (Mapping) is slow on this per-frame path.
            if type(resource) is dict or (not isinstance(resource, _HANDLE_TYPES) and isinstance(resource, Mapping)):
                if "buffer" not in resource:
                    raise InvalidArgumentError(
                        f"create_bind_group {label!r} binding {binding}: a buffer range needs a 'buffer' key, "
                        f"like {{'buffer': buf, 'offset': 0, 'size': 256}}; got keys {sorted(map(str, resource))}"
                    )
                buffer = resource["buffer"]
                st = _bound_state(buffer, "Buffer", label, binding)
                raw_resource: Any = {**resource, "buffer": st._raw}
                keep.append(buffer)
                if key is not None:
                    if not resource.keys() <= _RANGE_KEYS:
                        key = None
                    else:
                        key += (binding, id(st._raw), resource.get("offset", 0), resource.get("size"))
            else:
                # state_of's checks inline for a live view, sampler or buffer; anything else
                # (a released one, a wrong kind, not a handle) takes state_of for its message.
                try:
                    st = resource._state
                    usable = st._kind in _BINDABLE_SET and st._raw is not None
                    if usable and st._deps:
                        usable = dead_dependency(st._deps) is None
                except AttributeError:
                    usable = False
                if not usable:
                    st = _bound_state(resource, _BINDABLE, label, binding)
                raw_resource = st._raw
                keep.append(resource)
                if key is not None:
                    # Only default views are cached bindings: they live exactly as long as their
                    # wgpu texture, so the texture's release is the one to watch. A texture whose
                    # view was asked for once only (made this frame, say) is not cached yet.
                    if st._deps:
                        attrs = st._deps[0]._raw.__dict__
                        if st._raw is not attrs.get(VIEW_ATTR) or FRESH_ATTR in attrs:
                            key = None
                        else:
                            key += (binding, id(st._raw))
                    else:
                        key += (binding, id(st._raw))
            if st._registry is not self._registry:
                check_context(st, self._registry, f"create_bind_group {label!r} binding {binding}")
            deps.append(st)
            raw_entries.append({"binding": binding, "resource": raw_resource})
        if key is not None:
            try:
                cache_key: tuple[Any, ...] | None = tuple(key)
                hit = registry.bind_groups.get(cache_key)  # type: ignore[arg-type]
            except TypeError:  # an unhashable offset or size: wgpu will say what is wrong with it
                cache_key = hit = None
            if hit is not None:
                registry.cache_hits += 1
                return make_owned(OwnedBindGroup, hit[0], label, registry, tuple(deps), tuple(keep))
        else:
            cache_key = None
        try:
            raw = native.create_bind_group(self._device, raw_layout, raw_entries, label)
        except Exception as exc:
            raise translated(exc, f"create_bind_group {label!r}") from exc
        if cache_key is not None:
            registry.cache_misses += 1
            _remember(registry, cache_key, raw, [layout_state, *deps])
        return make_owned(OwnedBindGroup, raw, label, registry, tuple(deps), tuple(keep))

    def cache_stats(self) -> CacheStats:
        """How this context's caches stand: cached bind groups and default views, bind group hits and misses."""
        registry = self._registry
        return CacheStats(len(registry.bind_groups), registry.views, registry.cache_hits, registry.cache_misses)

    def create_sampler(
        self,
        *,
        address_mode_u: str = "clamp-to-edge",
        address_mode_v: str = "clamp-to-edge",
        address_mode_w: str = "clamp-to-edge",
        mag_filter: str = "nearest",
        min_filter: str = "nearest",
        mipmap_filter: str = "nearest",
        lod_min_clamp: float = 0.0,
        lod_max_clamp: float = 32.0,
        compare: str | None = None,
        max_anisotropy: int = 1,
        label: str = "",
    ) -> OwnedSampler:
        """A sampler, as wgpu's ``create_sampler`` (``mag_filter="linear"`` for bilinear). Returns an
        owned sampler; release it. Bind it in a bind group like a view (the bind group keeps it alive).

        Raises InvalidTypeError for a value of the wrong type, InvalidArgumentError for an address
        mode, filter or compare function wgpu does not know (the message lists the valid ones),
        GpuValidationError for a combination wgpu rejects (anisotropy without linear filters).
        """
        self._check_open("create_sampler")
        if type(label) is not str:
            raise label_error("create_sampler", label)
        what = f"create_sampler {label!r}"
        for name, value, allowed in (
            ("address_mode_u", address_mode_u, _ADDRESS_MODES),
            ("address_mode_v", address_mode_v, _ADDRESS_MODES),
            ("address_mode_w", address_mode_w, _ADDRESS_MODES),
            ("mag_filter", mag_filter, _FILTER_MODES),
            ("min_filter", min_filter, _FILTER_MODES),
            ("mipmap_filter", mipmap_filter, _FILTER_MODES),
        ):
            _check_choice(what, name, value, allowed)
        if compare is not None:
            _check_choice(what, "compare", compare, _COMPARE_FUNCTIONS)
        clamps = []
        given: tuple[tuple[str, object], ...] = (("lod_min_clamp", lod_min_clamp), ("lod_max_clamp", lod_max_clamp))
        for name, lod in given:  # typed object: callers without a type checker pass anything
            if not isinstance(lod, (int, float)) or isinstance(lod, bool):
                raise InvalidTypeError(f"{what}: {name} must be a number, got {type(lod).__name__} {lod!r}")
            clamps.append(float(lod))
        if not 0.0 <= clamps[0] <= clamps[1]:
            raise InvalidArgumentError(
                f"{what}: need 0 <= lod_min_clamp <= lod_max_clamp, got {clamps[0]} and {clamps[1]}"
            )
        anisotropy = checked_int(what, "max_anisotropy", max_anisotropy, 1)
        try:
            raw = self._device.create_sampler(
                label=label,
                address_mode_u=str(address_mode_u),
                address_mode_v=str(address_mode_v),
                address_mode_w=str(address_mode_w),
                mag_filter=str(mag_filter),
                min_filter=str(min_filter),
                mipmap_filter=str(mipmap_filter),
                lod_min_clamp=clamps[0],
                lod_max_clamp=clamps[1],
                compare=None if compare is None else str(compare),
                max_anisotropy=anisotropy,
            )
        except Exception as exc:
            raise translated(exc, what) from exc
        return make_owned(OwnedSampler, raw, label, self._registry)

    def create_render_pipeline(
        self,
        *,
        layout: PipelineLayout | Literal["auto"],
        vertex: Mapping[str, Any],
        fragment: Mapping[str, Any] | None = None,
        primitive: Mapping[str, Any] | None = None,
        multisample: Mapping[str, Any] | None = None,
        label: str = "",
    ) -> OwnedRenderPipeline:
        """A render pipeline, described as wgpu's ``create_render_pipeline``. Returns an owned pipeline; release it.

        ``vertex`` is ``{"module": ShaderModule, "entry_point": "vs_main", "buffers": [...]}``,
        ``fragment`` is ``{"module": ShaderModule, "entry_point": "fs_main", "targets": [{"format":
        "rgba8unorm"}]}`` (the modules owned or borrowed, used not kept); ``primitive`` and
        ``multisample`` are wgpu's dicts (default: triangle list, one sample). Raises InvalidTypeError
        for a stage that is not a dict, InvalidArgumentError for a stage without a module or a
        non-module, ResourceReleasedError for a released module or layout, GpuValidationError for a
        missing entry point, a target format or a layout that does not match the shaders.
        """
        self._check_open("create_render_pipeline")
        if type(label) is not str:
            raise label_error("create_render_pipeline", label)
        what = f"create_render_pipeline {label!r}"
        raw_layout: Any = (
            "auto" if layout == "auto" else self._mine(state_of(layout, "PipelineLayout", what), what)._raw
        )
        raw_vertex = self._stage(vertex, "vertex", what)
        raw_fragment = None if fragment is None else self._stage(fragment, "fragment", what)
        extra: dict[str, Any] = {}
        for name, value in (("primitive", primitive), ("multisample", multisample)):
            if value is not None:
                if not isinstance(value, Mapping):
                    raise InvalidTypeError(f"{what}: {name} must be a dict as in wgpu, got {type(value).__name__}")
                extra[name] = dict(value)
        try:
            raw = self._device.create_render_pipeline(
                label=label, layout=raw_layout, vertex=raw_vertex, fragment=raw_fragment, **extra
            )
        except Exception as exc:
            raise translated(exc, what) from exc
        return make_owned(OwnedRenderPipeline, raw, label, self._registry)

    def _stage(self, stage: object, name: str, what: str) -> dict[str, Any]:
        """A render pipeline stage dict with its module's wgpu object, checked (the module used, not kept)."""
        if not isinstance(stage, Mapping):
            raise InvalidTypeError(
                f"{what}: {name} must be a dict like {{'module': shader_module, 'entry_point': ...}}, "
                f"got {type(stage).__name__} {stage!r}"
            )
        if "module" not in stage:
            raise InvalidArgumentError(f"{what}: the {name} stage needs a 'module' (a ShaderModule)")
        raw_stage = dict(stage)
        raw_stage["module"] = self._mine(state_of(stage["module"], "ShaderModule", f"{what} {name}"), what)._raw
        entry_point = raw_stage.get("entry_point")
        if entry_point is not None and type(entry_point) is not str:
            raise InvalidTypeError(f"{what}: {name} entry_point must be a str, got {type(entry_point).__name__}")
        return raw_stage

    def create_command_encoder(self, *, label: str = "") -> OwnedCommandEncoder:
        """A command encoder. Returns an owned encoder; finish() consumes it (release it if you do not finish)."""
        self._check_open("create_command_encoder")
        if type(label) is not str:
            raise label_error("create_command_encoder", label)
        try:
            raw = native.command_encoder(self._device, label)
        except Exception as exc:
            raise translated(exc, f"create_command_encoder {label!r}") from exc
        enc = make_owned(OwnedCommandEncoder, raw, label, self._registry)
        st = enc._state
        st._used = []
        st._open_pass = None
        st._wrapped = None
        return enc


_HANDLE_TYPES = (_Owned, _Borrowed)
_BINDABLE = ("TextureView", "Buffer", "Sampler")
_BINDABLE_SET = frozenset(_BINDABLE)
_RANGE_KEYS = frozenset(("buffer", "offset", "size"))


class CacheStats(NamedTuple):
    """A snapshot of one GpuContext's caches (docs/architecture.md, "Caches")."""

    bind_groups: int
    """Bind groups kept for reuse now."""
    views: int
    """Default views made so far (each made once per wgpu texture, kept on it while it lives)."""
    hits: int
    """create_bind_group calls served from the cache."""
    misses: int
    """create_bind_group calls that made a cacheable bind group."""


def _remember(registry: Registry[_Borrowed[Any]], key: tuple[Any, ...], raw: Any, states: list[_Borrowed[Any]]) -> None:
    """Cache bind group ``raw`` under ``key``; it is forgotten when any wgpu object it rests on is released.

    It rests on the roots of ``states`` (the layout and the bound resources) and what they
    depend on: a view's texture, a borrowed layout's pipeline. The entry holds those wgpu
    objects, so no id in the key can be reused while it exists.
    """
    roots: list[Any] = []
    pins: list[Any] = []
    for st in states:
        pins.append(st._raw)
        if st._deps:
            for dep in st._deps:
                roots.append(dep._raw)
        else:
            roots.append(st._raw)
    cache = registry.bind_groups
    while len(cache) >= BIND_GROUP_CACHE_SIZE:
        cache.pop(next(iter(cache)), None)  # the oldest entry
    cache[key] = (raw, (*pins, *roots))
    bound_by = registry.bound_by
    for root in roots:
        keys = bound_by.get(id(root))
        if keys is None:
            bound_by[id(root)] = [key]
        else:
            keys.append(key)
            if len(keys) > BIND_GROUP_CACHE_SIZE:  # drop keys forgotten or evicted meanwhile
                keys[:] = [k for k in keys if k in cache]
    if len(bound_by) > 4 * BIND_GROUP_CACHE_SIZE:
        # Roots that were never released through streamlib (a borrowed layout's own id): rebuild.
        live = {id(r) for _, pinned in cache.values() for r in pinned}
        for stale in [i for i in bound_by if i not in live]:
            del bound_by[stale]
    # A release that landed while this entry was being made could not forget it (its forget
    # may even have taken the index list this key went into): drop the entry itself now.
    for st in states:
        if st._raw is None or (st._deps and any(dep._raw is None for dep in st._deps)):
            cache.pop(key, None)
            break


_ADDRESS_MODES = tuple(wgpu.AddressMode)
_FILTER_MODES = tuple(wgpu.FilterMode)
_COMPARE_FUNCTIONS = tuple(wgpu.CompareFunction)


def _check_choice(what: str, name: str, value: object, allowed: tuple[str, ...]) -> None:
    """InvalidTypeError for a non-str ``value``, InvalidArgumentError for one not in ``allowed``."""
    if not isinstance(value, str):
        raise InvalidTypeError(f"{what}: {name} must be a str, one of {allowed}; got {type(value).__name__} {value!r}")
    if value not in allowed:
        raise InvalidArgumentError(f"{what}: {name} {value!r} is not one of {allowed}")


def _iterable(value: Any, what: str, name: str, wanted: str) -> Iterable[Any]:
    """``value`` if it can be iterated (a str is refused: it iterates as characters), else InvalidTypeError."""
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise InvalidTypeError(f"{what}: {name} must be {wanted}, got {type(value).__name__} {value!r}")
    result: Iterable[Any] = value
    return result


def _entry_error(entry: object, label: str, index: int) -> InvalidArgumentError:
    """Why bind group entry ``index`` could not be read: not a mapping, or a key missing."""
    what = f"create_bind_group {label!r} entry {index}"
    if not isinstance(entry, Mapping):
        return InvalidTypeError(
            f"{what} must be a dict like {{'binding': 0, 'resource': view_or_buffer}}, got {type(entry).__name__} "
            f"{entry!r}"
        )
    missing = [key for key in ("binding", "resource") if key not in entry]
    return InvalidArgumentError(
        f"{what} lacks {' and '.join(repr(k) for k in missing) or 'a readable binding or resource'}; "
        f"each entry is {{'binding': 0, 'resource': view_or_buffer}}"
    )


def _check_usage_type(usage: object, flags: type[BufferUsage] | type[TextureUsage], what: str, label: str) -> None:
    """InvalidTypeError for usage that is not an int at all (values are check_flags's business)."""
    if not isinstance(usage, int) or isinstance(usage, bool):
        raise InvalidTypeError(
            f"{what} {label!r}: usage must be {flags.__name__} flags (an int), got {type(usage).__name__} {usage!r}"
        )


def _bound_state(resource: object, kind: str | tuple[str, ...], label: str, binding: object) -> _Borrowed[Any]:
    """state_of for a bind group entry; the message names the bind group and binding only on error."""
    try:
        return state_of(resource, kind, "create_bind_group")
    except StreamlibError:
        return state_of(resource, kind, f"create_bind_group {label!r} binding {binding}")

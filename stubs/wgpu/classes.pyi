"""Type stubs for ``wgpu.classes`` (re-exported from the root ``wgpu`` namespace).

Hand-written against wgpu 0.32.0 (``wgpu/_classes.py`` plus the behaviour of
the ``wgpu_native`` backend, which provides the concrete subclasses that are
returned at runtime). Checked with ``python -m mypy.stubtest wgpu``.

Conventions:

* Struct arguments (descriptors) are typed as ``dict[str, Any]``. At runtime the
  backend's ``check_struct`` accepts exactly a ``dict`` (unknown keys raise
  ``ValueError``) or an instance of the matching ``wgpu.structs`` dataclass
  (the dataclasses are not covered by these stubs); any other Mapping raises
  ``TypeError``.
* Data arguments are typed as ``Buffer`` (buffer protocol): the backend calls
  ``memoryview(data)`` and requires C-contiguous data. Note that numpy's
  stubs only declare ``ndarray.__buffer__`` for Python >= 3.12; on 3.11 pass
  ``arr.data`` (a memoryview) or ``memoryview`` / ``bytes``.
* Read-back methods return ``memoryview`` (format ``"B"``, 1-D, nbytes long).
"""

from collections.abc import Awaitable, Callable, Generator, Sequence
from typing import Any, Generic, TypeVar
from typing_extensions import Buffer, TypeAlias

from .enums import (
    AutoLayoutModeEnum,
    AddressModeEnum,
    BufferMapStateEnum,
    CanvasAlphaModeEnum,
    CompareFunctionEnum,
    CompilationMessageTypeEnum,
    DeviceLostReasonEnum,
    FeatureNameEnum,
    FilterModeEnum,
    IndexFormatEnum,
    MipmapFilterModeEnum,
    PipelineErrorReasonEnum,
    PowerPreferenceEnum,
    QueryTypeEnum,
    TextureAspectEnum,
    TextureDimensionEnum,
    TextureFormatEnum,
    TextureViewDimensionEnum,
)
from .flags import BufferUsageFlags, MapModeFlags, TextureUsageFlags

_T = TypeVar("_T")

# A descriptor / struct given as a plain dict (see module docstring).
_Struct: TypeAlias = dict[str, Any]
# Extent3D: a list/tuple of 1-3 ints (missing trailing entries default to 1),
# or a dict with "width", "height", "depth_or_array_layers".
_Extent3D: TypeAlias = tuple[int, ...] | list[int] | dict[str, Any]

# %% Entry point

class GPU:
    def request_adapter_sync(
        self,
        *,
        feature_level: str = "core",
        power_preference: PowerPreferenceEnum | None = None,
        force_fallback_adapter: bool = False,
        canvas: object = None,
    ) -> GPUAdapter: ...
    def request_adapter_async(
        self,
        *,
        feature_level: str = "core",
        power_preference: PowerPreferenceEnum | None = None,
        force_fallback_adapter: bool = False,
        canvas: object | None = None,
    ) -> GPUPromise[GPUAdapter]: ...
    def enumerate_adapters_sync(self) -> list[GPUAdapter]: ...
    def enumerate_adapters_async(self) -> GPUPromise[list[GPUAdapter]]: ...
    @property
    def wgsl_language_features(self) -> set[str]: ...
    def get_canvas_context(self, present_info: dict[str, Any]) -> GPUCanvasContext: ...

class GPUPromise(Awaitable[_T], Generic[_T]):
    """Result of an async wgpu operation (awaitable, or ``sync_wait()``)."""

    def __await__(self) -> Generator[Any, Any, _T]: ...
    def sync_wait(self) -> _T: ...
    def then(
        self,
        callback: Callable[[_T], object],
        error_callback: Callable[[Exception], object] | None = None,
        title: str | None = None,
    ) -> GPUPromise[Any]: ...
    def catch(self, callback: Callable[[Exception], object] | None) -> GPUPromise[Any]: ...

# %% Canvas

class GPUCanvasContext:
    def __init__(self, present_info: dict[str, Any]) -> None: ...
    def set_physical_size(self, width: int, height: int) -> None: ...
    @property
    def physical_size(self) -> tuple[int, int]: ...
    def get_preferred_format(self, adapter: GPUAdapter) -> TextureFormatEnum: ...
    def get_configuration(self) -> dict[str, Any] | None: ...
    def configure(
        self,
        *,
        device: GPUDevice,
        format: TextureFormatEnum,
        usage: TextureUsageFlags = 16,
        view_formats: Sequence[TextureFormatEnum] = (),
        color_space: str = "srgb",
        tone_mapping: _Struct | None = None,
        alpha_mode: CanvasAlphaModeEnum = "opaque",
    ) -> None: ...
    def unconfigure(self) -> None: ...
    def get_current_texture(self) -> GPUTexture: ...
    def present(self) -> None: ...

# %% Adapter

class GPUAdapterInfo(dict[str, str | int]):
    """Dict with (at least on wgpu-native) the keys ``vendor``, ``architecture``,
    ``device``, ``description`` (str), ``vendor_id``, ``device_id`` (int),
    ``adapter_type`` (e.g. "CPU", "DiscreteGPU"), ``backend_type``
    (e.g. "Vulkan", "Metal"), and ``stackgroup_min_size`` /
    ``stackgroup_max_size`` (int; sic, so the ``subgroup_*`` properties return
    None on wgpu-native 0.32.0).
    """

    @property
    def vendor(self) -> str: ...
    @property
    def architecture(self) -> str: ...
    @property
    def device(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def subgroup_min_size(self) -> int | None: ...
    @property
    def subgroup_max_size(self) -> int | None: ...
    @property
    def is_fallback_adapter(self) -> bool: ...

class GPUAdapter:
    # Instances are created by wgpu (GPU.request_adapter_sync etc.), not by users.
    def __init__(
        self,
        internal: Any,
        features: set[str],
        limits: dict[str, int],
        adapter_info: GPUAdapterInfo,
    ) -> None: ...
    @property
    def features(self) -> set[str]: ...
    @property
    def limits(self) -> dict[str, int]: ...
    @property
    def info(self) -> GPUAdapterInfo: ...
    @property
    def summary(self) -> str: ...
    def request_device_sync(
        self,
        *,
        label: str = "",
        required_features: Sequence[FeatureNameEnum] = (),
        required_limits: dict[str, int | None] | None = None,
        default_queue: _Struct | None = None,
    ) -> GPUDevice: ...
    def request_device_async(
        self,
        *,
        label: str = "",
        required_features: Sequence[FeatureNameEnum] = (),
        required_limits: dict[str, int | None] | None = None,
        default_queue: _Struct | None = None,
    ) -> GPUPromise[GPUDevice]: ...

# %% Base class

class GPUObjectBase:
    # GPU objects are created by GPUDevice.create_*() etc., not by users.
    # ``internal`` is the cffi handle of the native object.
    def __init__(self, label: str, internal: Any, device: GPUDevice | None) -> None: ...
    @property
    def uid(self) -> int: ...
    @property
    def label(self) -> str: ...

# %% Device

class GPUDevice(GPUObjectBase):
    def __init__(
        self,
        label: str,
        internal: Any,
        adapter: GPUAdapter,
        features: set[str],
        limits: dict[str, int],
        queue: GPUQueue,
    ) -> None: ...
    @property
    def features(self) -> set[str]: ...
    @property
    def limits(self) -> dict[str, int]: ...
    @property
    def queue(self) -> GPUQueue: ...
    @property
    def adapter_info(self) -> GPUAdapterInfo: ...
    @property
    def adapter(self) -> GPUAdapter: ...
    def destroy(self) -> None: ...
    # Private, provided by the wgpu_native backend subclass only: calls
    # wgpuDevicePoll(device, block) to process callbacks / maintain the device.
    def _poll(self, block: bool = False) -> None: ...
    def create_buffer(
        self,
        *,
        label: str = "",
        size: int,
        usage: BufferUsageFlags,
        mapped_at_creation: bool = False,
    ) -> GPUBuffer: ...
    def create_buffer_with_data(
        self, *, label: str = "", data: Buffer, usage: BufferUsageFlags
    ) -> GPUBuffer: ...
    def create_texture(
        self,
        *,
        label: str = "",
        size: _Extent3D,
        mip_level_count: int = 1,
        sample_count: int = 1,
        dimension: TextureDimensionEnum = "2d",
        format: TextureFormatEnum,
        usage: TextureUsageFlags,
        view_formats: Sequence[TextureFormatEnum] = (),
        texture_binding_view_dimension: TextureViewDimensionEnum | None = None,
    ) -> GPUTexture: ...
    def create_sampler(
        self,
        *,
        label: str = "",
        address_mode_u: AddressModeEnum = "clamp-to-edge",
        address_mode_v: AddressModeEnum = "clamp-to-edge",
        address_mode_w: AddressModeEnum = "clamp-to-edge",
        mag_filter: FilterModeEnum = "nearest",
        min_filter: FilterModeEnum = "nearest",
        mipmap_filter: MipmapFilterModeEnum = "nearest",
        lod_min_clamp: float = 0,
        lod_max_clamp: float = 32,
        compare: CompareFunctionEnum | None = None,
        max_anisotropy: int = 1,
    ) -> GPUSampler: ...
    def create_bind_group_layout(
        self, *, label: str = "", entries: Sequence[_Struct]
    ) -> GPUBindGroupLayout: ...
    def create_bind_group(
        self, *, label: str = "", layout: GPUBindGroupLayout, entries: Sequence[_Struct]
    ) -> GPUBindGroup: ...
    def create_pipeline_layout(
        self,
        *,
        label: str = "",
        bind_group_layouts: Sequence[GPUBindGroupLayout],
        immediate_size: int = 0,
    ) -> GPUPipelineLayout: ...
    def create_shader_module(
        self, *, label: str = "", code: str, compilation_hints: Sequence[_Struct] = ()
    ) -> GPUShaderModule: ...
    def create_compute_pipeline(
        self,
        *,
        label: str = "",
        layout: GPUPipelineLayout | AutoLayoutModeEnum,
        compute: _Struct,
    ) -> GPUComputePipeline: ...
    def create_compute_pipeline_async(
        self,
        *,
        label: str = "",
        layout: GPUPipelineLayout | AutoLayoutModeEnum,
        compute: _Struct,
    ) -> GPUPromise[GPUComputePipeline]: ...
    def create_render_pipeline(
        self,
        *,
        label: str = "",
        layout: GPUPipelineLayout | AutoLayoutModeEnum,
        vertex: _Struct,
        primitive: _Struct | None = None,
        depth_stencil: _Struct | None = None,
        multisample: _Struct | None = None,
        fragment: _Struct | None = None,
    ) -> GPURenderPipeline: ...
    def create_render_pipeline_async(
        self,
        *,
        label: str = "",
        layout: GPUPipelineLayout | AutoLayoutModeEnum,
        vertex: _Struct,
        primitive: _Struct | None = None,
        depth_stencil: _Struct | None = None,
        multisample: _Struct | None = None,
        fragment: _Struct | None = None,
    ) -> GPUPromise[GPURenderPipeline]: ...
    def create_command_encoder(self, *, label: str = "") -> GPUCommandEncoder: ...
    def create_render_bundle_encoder(
        self,
        *,
        label: str = "",
        color_formats: Sequence[TextureFormatEnum],
        depth_stencil_format: TextureFormatEnum | None = None,
        sample_count: int = 1,
        depth_read_only: bool = False,
        stencil_read_only: bool = False,
    ) -> GPURenderBundleEncoder: ...
    def create_query_set(
        self, *, label: str = "", type: QueryTypeEnum, count: int
    ) -> GPUQuerySet: ...

# %% Resources

class GPUBuffer(GPUObjectBase):
    def __init__(
        self,
        label: str,
        internal: Any,
        device: GPUDevice,
        size: int,
        usage: int,
        map_state: BufferMapStateEnum,
    ) -> None: ...
    @property
    def size(self) -> int: ...
    @property
    def usage(self) -> int: ...
    @property
    def map_state(self) -> BufferMapStateEnum: ...
    def map_sync(
        self, mode: MapModeFlags, offset: int = 0, size: int | None = None
    ) -> None: ...
    def map_async(
        self, mode: MapModeFlags, offset: int = 0, size: int | None = None
    ) -> GPUPromise[None]: ...
    def unmap(self) -> None: ...
    def read_mapped(
        self,
        buffer_offset: int | None = None,
        size: int | None = None,
        *,
        copy: bool = True,
    ) -> memoryview: ...
    def write_mapped(self, data: Buffer, buffer_offset: int | None = None) -> None: ...
    def destroy(self) -> None: ...

class GPUTexture(GPUObjectBase):
    def __init__(
        self, label: str, internal: Any, device: GPUDevice, tex_info: dict[str, Any]
    ) -> None: ...
    @property
    def size(self) -> tuple[int, int, int]: ...
    @property
    def width(self) -> int: ...
    @property
    def height(self) -> int: ...
    @property
    def depth_or_array_layers(self) -> int: ...
    @property
    def mip_level_count(self) -> int: ...
    @property
    def sample_count(self) -> int: ...
    @property
    def dimension(self) -> TextureDimensionEnum: ...
    @property
    def format(self) -> TextureFormatEnum: ...
    @property
    def usage(self) -> int: ...
    @property
    def texture_binding_view_dimension(self) -> TextureViewDimensionEnum | None: ...
    def create_view(
        self,
        *,
        label: str = "",
        format: TextureFormatEnum | None = None,
        dimension: TextureViewDimensionEnum | None = None,
        usage: TextureUsageFlags = 0,
        aspect: TextureAspectEnum = "all",
        base_mip_level: int = 0,
        mip_level_count: int | None = None,
        base_array_layer: int = 0,
        array_layer_count: int | None = None,
        swizzle: str = "rgba",
    ) -> GPUTextureView: ...
    def destroy(self) -> None: ...

class GPUTextureView(GPUObjectBase):
    def __init__(
        self,
        label: str,
        internal: Any,
        device: GPUDevice,
        texture: GPUTexture,
        size: tuple[int, int, int],
    ) -> None: ...
    @property
    def size(self) -> tuple[int, int, int]: ...
    @property
    def texture(self) -> GPUTexture: ...

class GPUSampler(GPUObjectBase): ...
class GPUBindGroupLayout(GPUObjectBase): ...
class GPUBindGroup(GPUObjectBase): ...
class GPUPipelineLayout(GPUObjectBase): ...

class GPUShaderModule(GPUObjectBase):
    # Annotated as GPUCompilationInfo in wgpu, but the wgpu_native backend
    # always resolves to an empty *list* (wgpu-native does not implement it;
    # invalid WGSL raises GPUValidationError from create_shader_module instead).
    def get_compilation_info_sync(
        self,
    ) -> GPUCompilationInfo | list[GPUCompilationMessage]: ...
    def get_compilation_info_async(
        self,
    ) -> GPUPromise[GPUCompilationInfo | list[GPUCompilationMessage]]: ...

class GPUPipelineBase:
    def get_bind_group_layout(self, index: int) -> GPUBindGroupLayout: ...

class GPUComputePipeline(GPUPipelineBase, GPUObjectBase): ...
class GPURenderPipeline(GPUPipelineBase, GPUObjectBase): ...
class GPUCommandBuffer(GPUObjectBase): ...

class GPUQuerySet(GPUObjectBase):
    def __init__(
        self,
        label: str,
        internal: Any,
        device: GPUDevice,
        type: QueryTypeEnum,
        count: int,
    ) -> None: ...
    @property
    def type(self) -> QueryTypeEnum: ...
    @property
    def count(self) -> int: ...
    def destroy(self) -> None: ...

# %% Command recording

class GPUCommandsMixin: ...

class GPUBindingCommandsMixin:
    def set_bind_group(
        self,
        index: int,
        bind_group: GPUBindGroup,
        dynamic_offsets_data: Sequence[int] = (),
        dynamic_offsets_data_start: int | None = None,
        dynamic_offsets_data_length: int | None = None,
    ) -> None: ...
    def set_immediates(
        self,
        range_offset: int,
        data: Buffer,
        data_offset: int = 0,
        data_size: int | None = None,
    ) -> None: ...

class GPUDebugCommandsMixin:
    def push_debug_group(self, group_label: str) -> None: ...
    def pop_debug_group(self) -> None: ...
    def insert_debug_marker(self, marker_label: str) -> None: ...

class GPURenderCommandsMixin:
    def set_pipeline(self, pipeline: GPURenderPipeline) -> None: ...
    def set_index_buffer(
        self,
        buffer: GPUBuffer,
        index_format: IndexFormatEnum,
        offset: int = 0,
        size: int | None = None,
    ) -> None: ...
    def set_vertex_buffer(
        self, slot: int, buffer: GPUBuffer, offset: int = 0, size: int | None = None
    ) -> None: ...
    def draw(
        self,
        vertex_count: int,
        instance_count: int = 1,
        first_vertex: int = 0,
        first_instance: int = 0,
    ) -> None: ...
    def draw_indirect(self, indirect_buffer: GPUBuffer, indirect_offset: int) -> None: ...
    def draw_indexed(
        self,
        index_count: int,
        instance_count: int = 1,
        first_index: int = 0,
        base_vertex: int = 0,
        first_instance: int = 0,
    ) -> None: ...
    def draw_indexed_indirect(
        self, indirect_buffer: GPUBuffer, indirect_offset: int
    ) -> None: ...

class GPUCommandEncoder(GPUCommandsMixin, GPUDebugCommandsMixin, GPUObjectBase):
    def begin_compute_pass(
        self, *, label: str = "", timestamp_writes: _Struct | None = None
    ) -> GPUComputePassEncoder: ...
    def begin_render_pass(
        self,
        *,
        label: str = "",
        color_attachments: Sequence[_Struct],
        depth_stencil_attachment: _Struct | None = None,
        occlusion_query_set: GPUQuerySet | None = None,
        timestamp_writes: _Struct | None = None,
        max_draw_count: int = 50000000,
    ) -> GPURenderPassEncoder: ...
    def clear_buffer(
        self, buffer: GPUBuffer, offset: int = 0, size: int | None = None
    ) -> None: ...
    def copy_buffer_to_buffer(
        self,
        source: GPUBuffer,
        source_offset: int,
        destination: GPUBuffer,
        destination_offset: int,
        size: int | None = None,
    ) -> None: ...
    def copy_buffer_to_texture(
        self, source: _Struct, destination: _Struct, copy_size: _Extent3D
    ) -> None: ...
    def copy_texture_to_buffer(
        self, source: _Struct, destination: _Struct, copy_size: _Extent3D
    ) -> None: ...
    def copy_texture_to_texture(
        self, source: _Struct, destination: _Struct, copy_size: _Extent3D
    ) -> None: ...
    def finish(self, *, label: str = "") -> GPUCommandBuffer: ...
    def resolve_query_set(
        self,
        query_set: GPUQuerySet,
        first_query: int,
        query_count: int,
        destination: GPUBuffer,
        destination_offset: int,
    ) -> None: ...

class GPUComputePassEncoder(
    GPUCommandsMixin, GPUDebugCommandsMixin, GPUBindingCommandsMixin, GPUObjectBase
):
    def set_pipeline(self, pipeline: GPUComputePipeline) -> None: ...
    def dispatch_workgroups(
        self,
        workgroup_count_x: int,
        workgroup_count_y: int = 1,
        workgroup_count_z: int = 1,
    ) -> None: ...
    def dispatch_workgroups_indirect(
        self, indirect_buffer: GPUBuffer, indirect_offset: int
    ) -> None: ...
    def end(self) -> None: ...

class GPURenderPassEncoder(
    GPUCommandsMixin,
    GPUDebugCommandsMixin,
    GPUBindingCommandsMixin,
    GPURenderCommandsMixin,
    GPUObjectBase,
):
    def set_viewport(
        self,
        x: float,
        y: float,
        width: float,
        height: float,
        min_depth: float,
        max_depth: float,
    ) -> None: ...
    def set_scissor_rect(self, x: int, y: int, width: int, height: int) -> None: ...
    def set_blend_constant(
        self, color: tuple[float, float, float, float] | _Struct
    ) -> None: ...
    def set_stencil_reference(self, reference: int) -> None: ...
    def execute_bundles(self, bundles: Sequence[GPURenderBundle]) -> None: ...
    def end(self) -> None: ...
    def begin_occlusion_query(self, query_index: int) -> None: ...
    def end_occlusion_query(self) -> None: ...

class GPURenderBundle(GPUObjectBase): ...

class GPURenderBundleEncoder(
    GPUCommandsMixin,
    GPUDebugCommandsMixin,
    GPUBindingCommandsMixin,
    GPURenderCommandsMixin,
    GPUObjectBase,
):
    def finish(self, *, label: str = "") -> GPURenderBundle: ...

# %% Queue

class GPUQueue(GPUObjectBase):
    def submit(self, command_buffers: Sequence[GPUCommandBuffer]) -> None: ...
    def write_buffer(
        self,
        buffer: GPUBuffer,
        buffer_offset: int,
        data: Buffer,
        data_offset: int = 0,
        size: int | None = None,
    ) -> None: ...
    def read_buffer(
        self, buffer: GPUBuffer, buffer_offset: int = 0, size: int | None = None
    ) -> memoryview: ...
    def write_texture(
        self,
        destination: _Struct,
        data: Buffer,
        data_layout: _Struct,
        size: _Extent3D,
    ) -> None: ...
    def read_texture(
        self, source: _Struct, data_layout: _Struct, size: _Extent3D
    ) -> memoryview: ...
    # NOTE: broken in wgpu 0.32.0 with its bundled wgpu-native: raises
    # TypeError (cffi callback signature mismatch). Prefer device._poll(True)
    # or a read-back (queue.read_buffer) to synchronise.
    def on_submitted_work_done_sync(self) -> None: ...
    def on_submitted_work_done_async(self) -> GPUPromise[None]: ...

# %% Info objects

class GPUDeviceLostInfo:
    def __init__(self, reason: DeviceLostReasonEnum, message: str) -> None: ...
    @property
    def message(self) -> str: ...
    @property
    def reason(self) -> DeviceLostReasonEnum: ...

class GPUCompilationMessage:
    @property
    def message(self) -> str: ...
    @property
    def type(self) -> CompilationMessageTypeEnum: ...
    @property
    def line_num(self) -> int: ...
    @property
    def line_pos(self) -> int: ...
    @property
    def offset(self) -> int: ...
    @property
    def length(self) -> int: ...

class GPUCompilationInfo:
    @property
    def messages(self) -> list[GPUCompilationMessage]: ...

# %% Errors
#
# wgpu-native errors are raised synchronously from the call that caused them
# (e.g. create_shader_module with bad WGSL, create_buffer with usage=0, any
# call on a destroyed device) as GPUValidationError / GPUOutOfMemoryError /
# GPUInternalError / GPUPipelineError, or GPUError for unknown error types.

class DrawCancelled(Exception): ...

class GPUError(Exception):
    def __init__(self, message: str) -> None: ...
    @property
    def message(self) -> str: ...

class GPUOutOfMemoryError(GPUError, MemoryError):
    def __init__(self, message: str) -> None: ...

class GPUValidationError(GPUError):
    def __init__(self, message: str) -> None: ...

class GPUInternalError(GPUError):
    def __init__(self, message: str) -> None: ...

class GPUPipelineError(Exception):
    """Note: not a subclass of GPUError."""

    def __init__(self, message: str, options: _Struct) -> None: ...
    @property
    def reason(self) -> PipelineErrorReasonEnum: ...

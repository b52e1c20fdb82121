# Generated from the installed wgpu 0.32.0 runtime (values verified by stubtest).

from typing import Final, Literal
from typing_extensions import TypeAlias

from ._coreutils import BaseEnum as _BaseEnum

__all__ = [
    "AddressMode",
    "AutoLayoutMode",
    "BlendFactor",
    "BlendOperation",
    "BufferBindingType",
    "BufferMapState",
    "CanvasAlphaMode",
    "CanvasToneMappingMode",
    "CompareFunction",
    "CompilationMessageType",
    "CullMode",
    "DeviceLostReason",
    "ErrorFilter",
    "FeatureName",
    "FilterMode",
    "FrontFace",
    "IndexFormat",
    "LoadOp",
    "MipmapFilterMode",
    "PipelineErrorReason",
    "PowerPreference",
    "PrimitiveTopology",
    "QueryType",
    "SamplerBindingType",
    "StencilOperation",
    "StorageTextureAccess",
    "StoreOp",
    "TextureAspect",
    "TextureDimension",
    "TextureFormat",
    "TextureSampleType",
    "TextureViewDimension",
    "VertexFormat",
    "VertexStepMode",
]

class Enum(_BaseEnum): ...

AddressModeEnum: TypeAlias = Literal['clamp-to-edge', 'repeat', 'mirror-repeat'] | str

class AddressMode(Enum):
    clamp_to_edge: Final = 'clamp-to-edge'
    repeat: Final = 'repeat'
    mirror_repeat: Final = 'mirror-repeat'

AutoLayoutModeEnum: TypeAlias = Literal['auto'] | str

class AutoLayoutMode(Enum):
    auto: Final = 'auto'

BlendFactorEnum: TypeAlias = Literal['zero', 'one', 'src', 'one-minus-src', 'src-alpha', 'one-minus-src-alpha', 'dst', 'one-minus-dst', 'dst-alpha', 'one-minus-dst-alpha', 'src-alpha-saturated', 'constant', 'one-minus-constant', 'src1', 'one-minus-src1', 'src1-alpha', 'one-minus-src1-alpha'] | str

class BlendFactor(Enum):
    zero: Final = 'zero'
    one: Final = 'one'
    src: Final = 'src'
    one_minus_src: Final = 'one-minus-src'
    src_alpha: Final = 'src-alpha'
    one_minus_src_alpha: Final = 'one-minus-src-alpha'
    dst: Final = 'dst'
    one_minus_dst: Final = 'one-minus-dst'
    dst_alpha: Final = 'dst-alpha'
    one_minus_dst_alpha: Final = 'one-minus-dst-alpha'
    src_alpha_saturated: Final = 'src-alpha-saturated'
    constant: Final = 'constant'
    one_minus_constant: Final = 'one-minus-constant'
    src1: Final = 'src1'
    one_minus_src1: Final = 'one-minus-src1'
    src1_alpha: Final = 'src1-alpha'
    one_minus_src1_alpha: Final = 'one-minus-src1-alpha'

BlendOperationEnum: TypeAlias = Literal['add', 'subtract', 'reverse-subtract', 'min', 'max'] | str

class BlendOperation(Enum):
    add: Final = 'add'
    subtract: Final = 'subtract'
    reverse_subtract: Final = 'reverse-subtract'
    min: Final = 'min'
    max: Final = 'max'

BufferBindingTypeEnum: TypeAlias = Literal['uniform', 'storage', 'read-only-storage'] | str

class BufferBindingType(Enum):
    uniform: Final = 'uniform'
    storage: Final = 'storage'
    read_only_storage: Final = 'read-only-storage'

BufferMapStateEnum: TypeAlias = Literal['unmapped', 'pending', 'mapped'] | str

class BufferMapState(Enum):
    unmapped: Final = 'unmapped'
    pending: Final = 'pending'
    mapped: Final = 'mapped'

CanvasAlphaModeEnum: TypeAlias = Literal['opaque', 'premultiplied'] | str

class CanvasAlphaMode(Enum):
    opaque: Final = 'opaque'
    premultiplied: Final = 'premultiplied'

CanvasToneMappingModeEnum: TypeAlias = Literal['standard', 'extended'] | str

class CanvasToneMappingMode(Enum):
    standard: Final = 'standard'
    extended: Final = 'extended'

CompareFunctionEnum: TypeAlias = Literal['never', 'less', 'equal', 'less-equal', 'greater', 'not-equal', 'greater-equal', 'always'] | str

class CompareFunction(Enum):
    never: Final = 'never'
    less: Final = 'less'
    equal: Final = 'equal'
    less_equal: Final = 'less-equal'
    greater: Final = 'greater'
    not_equal: Final = 'not-equal'
    greater_equal: Final = 'greater-equal'
    always: Final = 'always'

CompilationMessageTypeEnum: TypeAlias = Literal['error', 'warning', 'info'] | str

class CompilationMessageType(Enum):
    error: Final = 'error'
    warning: Final = 'warning'
    info: Final = 'info'

CullModeEnum: TypeAlias = Literal['none', 'front', 'back'] | str

class CullMode(Enum):
    none: Final = 'none'
    front: Final = 'front'
    back: Final = 'back'

DeviceLostReasonEnum: TypeAlias = Literal['unknown', 'destroyed'] | str

class DeviceLostReason(Enum):
    unknown: Final = 'unknown'
    destroyed: Final = 'destroyed'

ErrorFilterEnum: TypeAlias = Literal['validation', 'out-of-memory', 'internal'] | str

class ErrorFilter(Enum):
    validation: Final = 'validation'
    out_of_memory: Final = 'out-of-memory'
    internal: Final = 'internal'

FeatureNameEnum: TypeAlias = Literal['core-features-and-limits', 'depth-clip-control', 'depth32float-stencil8', 'texture-compression-bc', 'texture-compression-bc-sliced-3d', 'texture-compression-etc2', 'texture-compression-astc', 'texture-compression-astc-sliced-3d', 'timestamp-query', 'indirect-first-instance', 'shader-f16', 'rg11b10ufloat-renderable', 'bgra8unorm-storage', 'float32-filterable', 'float32-blendable', 'clip-distances', 'dual-source-blending', 'subgroups', 'texture-formats-tier1', 'texture-formats-tier2', 'primitive-index', 'texture-component-swizzle'] | str

class FeatureName(Enum):
    core_features_and_limits: Final = 'core-features-and-limits'
    depth_clip_control: Final = 'depth-clip-control'
    depth32float_stencil8: Final = 'depth32float-stencil8'
    texture_compression_bc: Final = 'texture-compression-bc'
    texture_compression_bc_sliced_d3: Final = 'texture-compression-bc-sliced-3d'
    texture_compression_etc2: Final = 'texture-compression-etc2'
    texture_compression_astc: Final = 'texture-compression-astc'
    texture_compression_astc_sliced_d3: Final = 'texture-compression-astc-sliced-3d'
    timestamp_query: Final = 'timestamp-query'
    indirect_first_instance: Final = 'indirect-first-instance'
    shader_f16: Final = 'shader-f16'
    rg11b10ufloat_renderable: Final = 'rg11b10ufloat-renderable'
    bgra8unorm_storage: Final = 'bgra8unorm-storage'
    float32_filterable: Final = 'float32-filterable'
    float32_blendable: Final = 'float32-blendable'
    clip_distances: Final = 'clip-distances'
    dual_source_blending: Final = 'dual-source-blending'
    subgroups: Final = 'subgroups'
    texture_formats_tier1: Final = 'texture-formats-tier1'
    texture_formats_tier2: Final = 'texture-formats-tier2'
    primitive_index: Final = 'primitive-index'
    texture_component_swizzle: Final = 'texture-component-swizzle'

FilterModeEnum: TypeAlias = Literal['nearest', 'linear'] | str

class FilterMode(Enum):
    nearest: Final = 'nearest'
    linear: Final = 'linear'

FrontFaceEnum: TypeAlias = Literal['ccw', 'cw'] | str

class FrontFace(Enum):
    ccw: Final = 'ccw'
    cw: Final = 'cw'

IndexFormatEnum: TypeAlias = Literal['uint16', 'uint32'] | str

class IndexFormat(Enum):
    uint16: Final = 'uint16'
    uint32: Final = 'uint32'

LoadOpEnum: TypeAlias = Literal['load', 'clear'] | str

class LoadOp(Enum):
    load: Final = 'load'
    clear: Final = 'clear'

MipmapFilterModeEnum: TypeAlias = Literal['nearest', 'linear'] | str

class MipmapFilterMode(Enum):
    nearest: Final = 'nearest'
    linear: Final = 'linear'

PipelineErrorReasonEnum: TypeAlias = Literal['validation', 'internal'] | str

class PipelineErrorReason(Enum):
    validation: Final = 'validation'
    internal: Final = 'internal'

PowerPreferenceEnum: TypeAlias = Literal['low-power', 'high-performance'] | str

class PowerPreference(Enum):
    low_power: Final = 'low-power'
    high_performance: Final = 'high-performance'

PrimitiveTopologyEnum: TypeAlias = Literal['point-list', 'line-list', 'line-strip', 'triangle-list', 'triangle-strip'] | str

class PrimitiveTopology(Enum):
    point_list: Final = 'point-list'
    line_list: Final = 'line-list'
    line_strip: Final = 'line-strip'
    triangle_list: Final = 'triangle-list'
    triangle_strip: Final = 'triangle-strip'

QueryTypeEnum: TypeAlias = Literal['occlusion', 'timestamp'] | str

class QueryType(Enum):
    occlusion: Final = 'occlusion'
    timestamp: Final = 'timestamp'

SamplerBindingTypeEnum: TypeAlias = Literal['filtering', 'non-filtering', 'comparison'] | str

class SamplerBindingType(Enum):
    filtering: Final = 'filtering'
    non_filtering: Final = 'non-filtering'
    comparison: Final = 'comparison'

StencilOperationEnum: TypeAlias = Literal['keep', 'zero', 'replace', 'invert', 'increment-clamp', 'decrement-clamp', 'increment-wrap', 'decrement-wrap'] | str

class StencilOperation(Enum):
    keep: Final = 'keep'
    zero: Final = 'zero'
    replace: Final = 'replace'
    invert: Final = 'invert'
    increment_clamp: Final = 'increment-clamp'
    decrement_clamp: Final = 'decrement-clamp'
    increment_wrap: Final = 'increment-wrap'
    decrement_wrap: Final = 'decrement-wrap'

StorageTextureAccessEnum: TypeAlias = Literal['write-only', 'read-only', 'read-write'] | str

class StorageTextureAccess(Enum):
    write_only: Final = 'write-only'
    read_only: Final = 'read-only'
    read_write: Final = 'read-write'

StoreOpEnum: TypeAlias = Literal['store', 'discard'] | str

class StoreOp(Enum):
    store: Final = 'store'
    discard: Final = 'discard'

TextureAspectEnum: TypeAlias = Literal['all', 'stencil-only', 'depth-only'] | str

class TextureAspect(Enum):
    all: Final = 'all'
    stencil_only: Final = 'stencil-only'
    depth_only: Final = 'depth-only'

TextureDimensionEnum: TypeAlias = Literal['1d', '2d', '3d'] | str

class TextureDimension(Enum):
    d1: Final = '1d'
    d2: Final = '2d'
    d3: Final = '3d'

TextureFormatEnum: TypeAlias = Literal['r8unorm', 'r8snorm', 'r8uint', 'r8sint', 'r16unorm', 'r16snorm', 'r16uint', 'r16sint', 'r16float', 'rg8unorm', 'rg8snorm', 'rg8uint', 'rg8sint', 'r32uint', 'r32sint', 'r32float', 'rg16unorm', 'rg16snorm', 'rg16uint', 'rg16sint', 'rg16float', 'rgba8unorm', 'rgba8unorm-srgb', 'rgba8snorm', 'rgba8uint', 'rgba8sint', 'bgra8unorm', 'bgra8unorm-srgb', 'rgb9e5ufloat', 'rgb10a2uint', 'rgb10a2unorm', 'rg11b10ufloat', 'rg32uint', 'rg32sint', 'rg32float', 'rgba16unorm', 'rgba16snorm', 'rgba16uint', 'rgba16sint', 'rgba16float', 'rgba32uint', 'rgba32sint', 'rgba32float', 'stencil8', 'depth16unorm', 'depth24plus', 'depth24plus-stencil8', 'depth32float', 'depth32float-stencil8', 'bc1-rgba-unorm', 'bc1-rgba-unorm-srgb', 'bc2-rgba-unorm', 'bc2-rgba-unorm-srgb', 'bc3-rgba-unorm', 'bc3-rgba-unorm-srgb', 'bc4-r-unorm', 'bc4-r-snorm', 'bc5-rg-unorm', 'bc5-rg-snorm', 'bc6h-rgb-ufloat', 'bc6h-rgb-float', 'bc7-rgba-unorm', 'bc7-rgba-unorm-srgb', 'etc2-rgb8unorm', 'etc2-rgb8unorm-srgb', 'etc2-rgb8a1unorm', 'etc2-rgb8a1unorm-srgb', 'etc2-rgba8unorm', 'etc2-rgba8unorm-srgb', 'eac-r11unorm', 'eac-r11snorm', 'eac-rg11unorm', 'eac-rg11snorm', 'astc-4x4-unorm', 'astc-4x4-unorm-srgb', 'astc-5x4-unorm', 'astc-5x4-unorm-srgb', 'astc-5x5-unorm', 'astc-5x5-unorm-srgb', 'astc-6x5-unorm', 'astc-6x5-unorm-srgb', 'astc-6x6-unorm', 'astc-6x6-unorm-srgb', 'astc-8x5-unorm', 'astc-8x5-unorm-srgb', 'astc-8x6-unorm', 'astc-8x6-unorm-srgb', 'astc-8x8-unorm', 'astc-8x8-unorm-srgb', 'astc-10x5-unorm', 'astc-10x5-unorm-srgb', 'astc-10x6-unorm', 'astc-10x6-unorm-srgb', 'astc-10x8-unorm', 'astc-10x8-unorm-srgb', 'astc-10x10-unorm', 'astc-10x10-unorm-srgb', 'astc-12x10-unorm', 'astc-12x10-unorm-srgb', 'astc-12x12-unorm', 'astc-12x12-unorm-srgb'] | str

class TextureFormat(Enum):
    r8unorm: Final = 'r8unorm'
    r8snorm: Final = 'r8snorm'
    r8uint: Final = 'r8uint'
    r8sint: Final = 'r8sint'
    r16unorm: Final = 'r16unorm'
    r16snorm: Final = 'r16snorm'
    r16uint: Final = 'r16uint'
    r16sint: Final = 'r16sint'
    r16float: Final = 'r16float'
    rg8unorm: Final = 'rg8unorm'
    rg8snorm: Final = 'rg8snorm'
    rg8uint: Final = 'rg8uint'
    rg8sint: Final = 'rg8sint'
    r32uint: Final = 'r32uint'
    r32sint: Final = 'r32sint'
    r32float: Final = 'r32float'
    rg16unorm: Final = 'rg16unorm'
    rg16snorm: Final = 'rg16snorm'
    rg16uint: Final = 'rg16uint'
    rg16sint: Final = 'rg16sint'
    rg16float: Final = 'rg16float'
    rgba8unorm: Final = 'rgba8unorm'
    rgba8unorm_srgb: Final = 'rgba8unorm-srgb'
    rgba8snorm: Final = 'rgba8snorm'
    rgba8uint: Final = 'rgba8uint'
    rgba8sint: Final = 'rgba8sint'
    bgra8unorm: Final = 'bgra8unorm'
    bgra8unorm_srgb: Final = 'bgra8unorm-srgb'
    rgb9e5ufloat: Final = 'rgb9e5ufloat'
    rgb10a2uint: Final = 'rgb10a2uint'
    rgb10a2unorm: Final = 'rgb10a2unorm'
    rg11b10ufloat: Final = 'rg11b10ufloat'
    rg32uint: Final = 'rg32uint'
    rg32sint: Final = 'rg32sint'
    rg32float: Final = 'rg32float'
    rgba16unorm: Final = 'rgba16unorm'
    rgba16snorm: Final = 'rgba16snorm'
    rgba16uint: Final = 'rgba16uint'
    rgba16sint: Final = 'rgba16sint'
    rgba16float: Final = 'rgba16float'
    rgba32uint: Final = 'rgba32uint'
    rgba32sint: Final = 'rgba32sint'
    rgba32float: Final = 'rgba32float'
    stencil8: Final = 'stencil8'
    depth16unorm: Final = 'depth16unorm'
    depth24plus: Final = 'depth24plus'
    depth24plus_stencil8: Final = 'depth24plus-stencil8'
    depth32float: Final = 'depth32float'
    depth32float_stencil8: Final = 'depth32float-stencil8'
    bc1_rgba_unorm: Final = 'bc1-rgba-unorm'
    bc1_rgba_unorm_srgb: Final = 'bc1-rgba-unorm-srgb'
    bc2_rgba_unorm: Final = 'bc2-rgba-unorm'
    bc2_rgba_unorm_srgb: Final = 'bc2-rgba-unorm-srgb'
    bc3_rgba_unorm: Final = 'bc3-rgba-unorm'
    bc3_rgba_unorm_srgb: Final = 'bc3-rgba-unorm-srgb'
    bc4_r_unorm: Final = 'bc4-r-unorm'
    bc4_r_snorm: Final = 'bc4-r-snorm'
    bc5_rg_unorm: Final = 'bc5-rg-unorm'
    bc5_rg_snorm: Final = 'bc5-rg-snorm'
    bc6h_rgb_ufloat: Final = 'bc6h-rgb-ufloat'
    bc6h_rgb_float: Final = 'bc6h-rgb-float'
    bc7_rgba_unorm: Final = 'bc7-rgba-unorm'
    bc7_rgba_unorm_srgb: Final = 'bc7-rgba-unorm-srgb'
    etc2_rgb8unorm: Final = 'etc2-rgb8unorm'
    etc2_rgb8unorm_srgb: Final = 'etc2-rgb8unorm-srgb'
    etc2_rgb8a1unorm: Final = 'etc2-rgb8a1unorm'
    etc2_rgb8a1unorm_srgb: Final = 'etc2-rgb8a1unorm-srgb'
    etc2_rgba8unorm: Final = 'etc2-rgba8unorm'
    etc2_rgba8unorm_srgb: Final = 'etc2-rgba8unorm-srgb'
    eac_r11unorm: Final = 'eac-r11unorm'
    eac_r11snorm: Final = 'eac-r11snorm'
    eac_rg11unorm: Final = 'eac-rg11unorm'
    eac_rg11snorm: Final = 'eac-rg11snorm'
    astc_4x4_unorm: Final = 'astc-4x4-unorm'
    astc_4x4_unorm_srgb: Final = 'astc-4x4-unorm-srgb'
    astc_5x4_unorm: Final = 'astc-5x4-unorm'
    astc_5x4_unorm_srgb: Final = 'astc-5x4-unorm-srgb'
    astc_5x5_unorm: Final = 'astc-5x5-unorm'
    astc_5x5_unorm_srgb: Final = 'astc-5x5-unorm-srgb'
    astc_6x5_unorm: Final = 'astc-6x5-unorm'
    astc_6x5_unorm_srgb: Final = 'astc-6x5-unorm-srgb'
    astc_6x6_unorm: Final = 'astc-6x6-unorm'
    astc_6x6_unorm_srgb: Final = 'astc-6x6-unorm-srgb'
    astc_8x5_unorm: Final = 'astc-8x5-unorm'
    astc_8x5_unorm_srgb: Final = 'astc-8x5-unorm-srgb'
    astc_8x6_unorm: Final = 'astc-8x6-unorm'
    astc_8x6_unorm_srgb: Final = 'astc-8x6-unorm-srgb'
    astc_8x8_unorm: Final = 'astc-8x8-unorm'
    astc_8x8_unorm_srgb: Final = 'astc-8x8-unorm-srgb'
    astc_10x5_unorm: Final = 'astc-10x5-unorm'
    astc_10x5_unorm_srgb: Final = 'astc-10x5-unorm-srgb'
    astc_10x6_unorm: Final = 'astc-10x6-unorm'
    astc_10x6_unorm_srgb: Final = 'astc-10x6-unorm-srgb'
    astc_10x8_unorm: Final = 'astc-10x8-unorm'
    astc_10x8_unorm_srgb: Final = 'astc-10x8-unorm-srgb'
    astc_10x10_unorm: Final = 'astc-10x10-unorm'
    astc_10x10_unorm_srgb: Final = 'astc-10x10-unorm-srgb'
    astc_12x10_unorm: Final = 'astc-12x10-unorm'
    astc_12x10_unorm_srgb: Final = 'astc-12x10-unorm-srgb'
    astc_12x12_unorm: Final = 'astc-12x12-unorm'
    astc_12x12_unorm_srgb: Final = 'astc-12x12-unorm-srgb'

TextureSampleTypeEnum: TypeAlias = Literal['float', 'unfilterable-float', 'depth', 'sint', 'uint'] | str

class TextureSampleType(Enum):
    float: Final = 'float'
    unfilterable_float: Final = 'unfilterable-float'
    depth: Final = 'depth'
    sint: Final = 'sint'
    uint: Final = 'uint'

TextureViewDimensionEnum: TypeAlias = Literal['1d', '2d', '2d-array', 'cube', 'cube-array', '3d'] | str

class TextureViewDimension(Enum):
    d1: Final = '1d'
    d2: Final = '2d'
    d2_array: Final = '2d-array'
    cube: Final = 'cube'
    cube_array: Final = 'cube-array'
    d3: Final = '3d'

VertexFormatEnum: TypeAlias = Literal['uint8', 'uint8x2', 'uint8x4', 'sint8', 'sint8x2', 'sint8x4', 'unorm8', 'unorm8x2', 'unorm8x4', 'snorm8', 'snorm8x2', 'snorm8x4', 'uint16', 'uint16x2', 'uint16x4', 'sint16', 'sint16x2', 'sint16x4', 'unorm16', 'unorm16x2', 'unorm16x4', 'snorm16', 'snorm16x2', 'snorm16x4', 'float16', 'float16x2', 'float16x4', 'float32', 'float32x2', 'float32x3', 'float32x4', 'uint32', 'uint32x2', 'uint32x3', 'uint32x4', 'sint32', 'sint32x2', 'sint32x3', 'sint32x4', 'unorm10-10-10-2', 'unorm8x4-bgra'] | str

class VertexFormat(Enum):
    uint8: Final = 'uint8'
    uint8x2: Final = 'uint8x2'
    uint8x4: Final = 'uint8x4'
    sint8: Final = 'sint8'
    sint8x2: Final = 'sint8x2'
    sint8x4: Final = 'sint8x4'
    unorm8: Final = 'unorm8'
    unorm8x2: Final = 'unorm8x2'
    unorm8x4: Final = 'unorm8x4'
    snorm8: Final = 'snorm8'
    snorm8x2: Final = 'snorm8x2'
    snorm8x4: Final = 'snorm8x4'
    uint16: Final = 'uint16'
    uint16x2: Final = 'uint16x2'
    uint16x4: Final = 'uint16x4'
    sint16: Final = 'sint16'
    sint16x2: Final = 'sint16x2'
    sint16x4: Final = 'sint16x4'
    unorm16: Final = 'unorm16'
    unorm16x2: Final = 'unorm16x2'
    unorm16x4: Final = 'unorm16x4'
    snorm16: Final = 'snorm16'
    snorm16x2: Final = 'snorm16x2'
    snorm16x4: Final = 'snorm16x4'
    float16: Final = 'float16'
    float16x2: Final = 'float16x2'
    float16x4: Final = 'float16x4'
    float32: Final = 'float32'
    float32x2: Final = 'float32x2'
    float32x3: Final = 'float32x3'
    float32x4: Final = 'float32x4'
    uint32: Final = 'uint32'
    uint32x2: Final = 'uint32x2'
    uint32x3: Final = 'uint32x3'
    uint32x4: Final = 'uint32x4'
    sint32: Final = 'sint32'
    sint32x2: Final = 'sint32x2'
    sint32x3: Final = 'sint32x3'
    sint32x4: Final = 'sint32x4'
    unorm10_10_10_2: Final = 'unorm10-10-10-2'
    unorm8x4_bgra: Final = 'unorm8x4-bgra'

VertexStepModeEnum: TypeAlias = Literal['vertex', 'instance'] | str

class VertexStepMode(Enum):
    vertex: Final = 'vertex'
    instance: Final = 'instance'
